"""The training controls: hyperparameters, regularization switches, the summary table and the buttons.

The panel only collects settings and forwards clicks; ``config()`` turns the controls into a core
``TrainingConfig``. The summary table is computed by ``digitpad.core.architecture`` (pure Python), so it
follows every switch at once without TensorFlow.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSettings, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.architecture import format_shape, layer_specs, total_params
from digitpad.core.config import ConfigError, TrainingConfig
from digitpad.core.controls import (
    BY_NAME,
    CONTROLS,
    DEPENDENCIES,
    PARTS,
    Control,
    config_from_values,
    default_values,
)
from digitpad.ui.messages import config_problems
from digitpad.ui.run_controls import RunControls
from digitpad.ui.settings_values import read_number, read_switch

# What each switch does and what to look for, shown as its tooltip (translated when shown): plain words for a
# 15-year-old first, the exact term in brackets.
EXPLAIN = {
    "l1": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Punishes the network for every connection it uses, so it switches many of them off completely (L1 "
        "penalty, or L1 regularization). The loss now includes this punishment. Watch the gap between the "
        "solid and dashed loss lines shrink.",
    ),
    "l2": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Punishes the network for very strong connections, so it keeps all of them small and cannot lean "
        "on a few (L2 penalty, or weight decay). The loss now includes this punishment. Watch the gap between "
        "the solid and dashed loss lines shrink.",
    ),
    "dropout": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "While training, switches off this share of the last layer's units at random, a different set for "
        "every batch, so the network cannot rely on any single one (dropout). Training scores drop a little; "
        "the dashed validation line holds up better.",
    ),
    "dropout_conv": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Also switch off units at random after each convolution block, at the same share (dropout in the "
        "convolution layers too).",
    ),
    "pooling": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Keeps only the strongest value of each 2×2 square of a feature map: four times fewer numbers, faster "
        "training, less overfitting (max-pooling). Switch it off and watch the parameter count in the table "
        "jump.",
    ),
    "augment": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Trains on randomly shifted, rotated, zoomed, stretched, slanted, wobbly, thicker or thinner copies of "
        "the images, the ways people draw digits: more variety without new data. Training accuracy rises more "
        "slowly; drawings are recognised better.",
    ),
    "early_stopping": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Stops training when the dashed validation loss has not improved for this many epochs (the "
        "patience), and goes back to the best epoch's network, marked with a star (early stopping).",
    ),
    "ensemble": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Trains several networks, each on its own random pick of the training images (some picked twice, some "
        "not at all: a bootstrap sample), and lets them vote (a bagging ensemble). The vote is usually better "
        "than each network alone.",
    ),
    "kfold": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Splits the images into k parts and trains k networks, each tested on a different part it never saw "
        "(k-fold cross-validation). It measures how well the settings work, and how much that varies; it does "
        "not cure overfitting.",
    ),
    "train_samples": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Learn from only this many images (0: all 54,000). With a few hundred the network learns them by heart "
        "within a few epochs (overfitting): the best way to see the cures work.",
    ),
}


# The visible name of each control; patience has none, it sits beside early stopping with a prefix.
LABELS = {
    "epochs": QT_TRANSLATE_NOOP("TrainingPanel", "Epochs"),
    "batch_size": QT_TRANSLATE_NOOP("TrainingPanel", "Batch size"),
    "learning_rate": QT_TRANSLATE_NOOP("TrainingPanel", "Learning rate"),
    "validation_split": QT_TRANSLATE_NOOP("TrainingPanel", "Validation split"),
    "train_samples": QT_TRANSLATE_NOOP("TrainingPanel", "Training images"),
    "l1": QT_TRANSLATE_NOOP("TrainingPanel", "L1 penalty"),
    "l2": QT_TRANSLATE_NOOP("TrainingPanel", "L2 penalty"),
    "dropout": QT_TRANSLATE_NOOP("TrainingPanel", "Dropout"),
    "dropout_conv": QT_TRANSLATE_NOOP("TrainingPanel", "…after conv blocks too"),
    "pooling": QT_TRANSLATE_NOOP("TrainingPanel", "Max-pooling"),
    "augment": QT_TRANSLATE_NOOP("TrainingPanel", "Data augmentation"),
    "early_stopping": QT_TRANSLATE_NOOP("TrainingPanel", "Early stopping"),
    "ensemble": QT_TRANSLATE_NOOP("TrainingPanel", "Bagging ensemble"),
    "kfold": QT_TRANSLATE_NOOP("TrainingPanel", "Cross-validation"),
}
# Short tooltips of the basic settings (the switches explain themselves in EXPLAIN; a control with neither
# shows the tooltip of the switch it depends on).
HINTS = {
    "epochs": QT_TRANSLATE_NOOP(
        "TrainingPanel", "How many times the network goes through all its training images (epochs)"
    ),
    "batch_size": QT_TRANSLATE_NOOP(
        "TrainingPanel", "How many images the network looks at before each small correction (batch size)"
    ),
    "learning_rate": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "How big each correction is at the start; it shrinks towards zero by the end of the run (learning rate, "
        "for the Adam optimizer, with cosine decay)",
    ),
    "validation_split": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "The share of images kept aside and never learned from, to check the network honestly: the dashed "
        "lines (validation split)",
    ),
}
# The accessible names of the value boxes beside the switches, which have no label of their own.
VALUE_NAMES = {
    "l1": QT_TRANSLATE_NOOP("TrainingPanel", "L1 penalty rate"),
    "l2": QT_TRANSLATE_NOOP("TrainingPanel", "L2 penalty rate"),
    "dropout": QT_TRANSLATE_NOOP("TrainingPanel", "Dropout rate"),
    "patience": QT_TRANSLATE_NOOP("TrainingPanel", "Early stopping patience in epochs"),
    "ensemble": QT_TRANSLATE_NOOP("TrainingPanel", "Networks in the bagging ensemble"),
    "kfold": QT_TRANSLATE_NOOP("TrainingPanel", "Number of folds (k)"),
}
PREFIXES = {
    "patience": QT_TRANSLATE_NOOP("TrainingPanel", "patience "),
    "kfold": QT_TRANSLATE_NOOP("TrainingPanel", "k = "),
}
SUFFIXES = {"ensemble": QT_TRANSLATE_NOOP("TrainingPanel", " members")}
SPECIAL_TEXTS = {"all": QT_TRANSLATE_NOOP("TrainingPanel", "all")}  # by Control.special_value


def _value_box(control: Control) -> QSpinBox | QDoubleSpinBox:
    if control.decimals:
        box = QDoubleSpinBox()
        box.setDecimals(control.decimals)
        box.setRange(control.minimum, control.maximum)
        box.setSingleStep(control.step)
    else:
        box = QSpinBox()
        box.setRange(int(control.minimum), int(control.maximum))
        box.setSingleStep(int(control.step))
    box.setObjectName(f"{control.name}_spin")
    box.setAccelerated(True)
    return box


class TrainingPanel(QWidget):
    """The controls of ``digitpad.core.controls``, one widget per part, each an attribute named like the
    part (``epochs``, ``l1`` and ``l1_value``, ...) with the object name ``<control>_spin`` or
    ``<control>_check``."""

    start_clicked = Signal()
    pause_clicked = Signal()
    stop_clicked = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("training_panel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # The settings scroll only when the student zooms in beyond what fits (the window picks one or two
        # columns so that they fit at the sizes it is made for); the run controls never scroll.
        settings = QWidget()
        settings.setObjectName("training_settings")
        self._settings_layout = QGridLayout(settings)
        self._settings_layout.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setObjectName("training_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a stop of its own for Tab: its controls are
        scroll.setWidget(settings)
        outer.addWidget(scroll, 1)

        self._build_setting_groups()
        self._build_summary()
        self.run_controls = RunControls()
        outer.addWidget(self.run_controls)
        for name in ("train_button", "pause_button", "stop_button", "progress", "progress_label"):
            setattr(self, name, getattr(self.run_controls, name))
        self.run_controls.start_clicked.connect(self.start_clicked)
        self.run_controls.pause_clicked.connect(self.pause_clicked)
        self.run_controls.stop_clicked.connect(self.stop_clicked)
        for widget in self._parts.values():
            (widget.toggled if isinstance(widget, QCheckBox) else widget.valueChanged).connect(self._changed)
        self._scroll, self._settings = scroll, settings
        self._columns = 0
        self.set_columns(1)
        self.set_running(False)
        self._changed()

    def take_summary(self) -> QWidget:
        """Hand the layer table to whoever places it (the window docks it); the parameter count stays here."""
        self._settings_layout.removeWidget(self.summary)
        self._summary_taken = True
        self._columns = 0
        self.set_columns(1)
        return self.summary

    def take_run_controls(self) -> RunControls:
        """Hand Train, Pause, Stop and the progress to whoever places them (the window keeps them in view)."""
        self.layout().removeWidget(self.run_controls)
        return self.run_controls

    def set_columns(self, columns: int) -> None:
        """The basics and the switches one above the other (1) or side by side (2); the table goes below."""
        columns = 2 if columns >= 2 else 1
        if columns == self._columns:
            return
        self._columns = columns
        grid = self._settings_layout
        taken = getattr(self, "_summary_taken", False)
        for widget in (self._basics, self._regularization, self.total_label, *(() if taken else (self.summary,))):
            grid.removeWidget(widget)
        grid.addWidget(self._basics, 0, 0, Qt.AlignmentFlag.AlignTop)
        if columns == 1:
            grid.addWidget(self._regularization, 1, 0)
        else:
            grid.addWidget(self._regularization, 0, 1)
        rows = 2 if columns == 1 else 1
        grid.addWidget(self.total_label, rows, 0, 1, columns)
        if not taken:
            grid.addWidget(self.summary, rows + 1, 0, 1, columns)
        for row in range(4):
            grid.setRowStretch(row, 1 if row == rows + 1 else 0)
        self._fit_width()

    def columns(self) -> int:
        return self._columns

    def settings_size(self, columns: int) -> QSize:
        """The room the settings need in ``columns`` columns, with the table at its smallest useful height."""
        basics, switches = self._basics.sizeHint(), self._regularization.sizeHint()
        spacing = self._settings_layout.spacing()
        margins = self._settings_layout.contentsMargins()
        if columns >= 2:
            width = basics.width() + spacing + switches.width()
            height = max(basics.height(), switches.height())
        else:
            width = max(basics.width(), switches.width())
            height = basics.height() + spacing + switches.height()
        height += spacing + self.total_label.heightForWidth(width)
        if not getattr(self, "_summary_taken", False):
            height += spacing + self.summary.minimumHeight()
        return QSize(width + margins.left() + margins.right(), height + margins.top() + margins.bottom())

    def _build_setting_groups(self) -> None:
        """The basics' form and the grid of switches against overfitting, filled from ``CONTROLS``."""
        self._basics = basics = QGroupBox(self.tr("Training"))
        self._form = QFormLayout(basics)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._regularization = reg = QGroupBox(self.tr("Against overfitting"))
        self._grid = QGridLayout(reg)
        self._grid.setColumnStretch(1, 1)
        self._parts: dict[str, QCheckBox | QSpinBox | QDoubleSpinBox] = {}
        self._switch_rows: dict[str, int] = {}  # the grid row of each switch
        for control in CONTROLS:
            self._add_control(control)
        for switch, part in DEPENDENCIES:
            self._parts[switch].toggled.connect(self._parts[part].setEnabled)
        for control in CONTROLS:
            if control.excludes:  # ticking one unticks the other (bagging and k-fold)
                other = self._parts[control.excludes]
                self._parts[control.name].toggled.connect(lambda on, other=other: on and other.setChecked(False))
        self.set_values(default_values())
        for switch, part in DEPENDENCIES:
            self._parts[part].setEnabled(self._parts[switch].isChecked())

    def _build_summary(self) -> None:
        """The table of the network these settings build, and its parameter count."""
        self.summary = QTableWidget(0, 3)
        self.summary.setObjectName("summary_table")
        self.summary.setAccessibleName(self.tr("Layers of the network"))
        self.summary.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Output"), self.tr("Parameters")])
        self.summary.verticalHeader().setVisible(False)
        # Its preferred height is its minimum (four layers; it scrolls its own rows beyond): otherwise the
        # settings above would ask the scroll area for a scroll bar to make room for a taller table.
        self.summary.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.summary.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.setTabKeyNavigation(False)  # Tab leaves the table (the arrow keys move inside it)
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary.horizontalHeader().setStretchLastSection(True)
        self.summary.setToolTip(self.tr("The network these settings build (like Keras's model.summary())"))
        self.total_label = QLabel()
        self.total_label.setObjectName("total_params_label")
        self.total_label.setWordWrap(True)  # "… per network, 5 networks" in a narrow column
        self._fit_summary_height()

    def _fit_summary_height(self) -> None:
        """Room for the header and four layers at least; the table scrolls its own rows beyond that."""
        row = self.fontMetrics().height() + 6
        self.summary.verticalHeader().setDefaultSectionSize(row)
        self.summary.setMinimumHeight(self.summary.horizontalHeader().sizeHint().height() + 4 * row + 4)

    def _fit_width(self) -> None:
        """Wide enough that the settings never need a horizontal scroll bar, at any zoom."""
        self._scroll.setMinimumWidth(self.minimum_width(self._columns))

    def minimum_width(self, columns: int) -> int:
        """The panel's width in ``columns`` columns, with room for a vertical scroll bar (used only when the
        student zooms in beyond what fits)."""
        return self.settings_size(columns).width() + self._scroll.verticalScrollBar().sizeHint().width() + 2

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_scroll"):
            self._fit_summary_height()
            self._fit_width()

    def _add_control(self, control: Control) -> None:
        """Its widgets, as attributes named like its parts: a row of the basics' form, or of the grid of
        switches."""
        tip = self._tooltip(control)
        widgets = []
        if control.has_switch:
            check = QCheckBox(self.tr(LABELS[control.name]))
            check.setObjectName(f"{control.name}_check")
            widgets.append(check)
        if control.has_value:
            box = _value_box(control)
            if control.name in PREFIXES:
                box.setPrefix(self.tr(PREFIXES[control.name]))
            if control.name in SUFFIXES:
                box.setSuffix(self.tr(SUFFIXES[control.name]))
            if control.special_value:
                box.setSpecialValueText(self.tr(SPECIAL_TEXTS[control.special_value]))
            widgets.append(box)
        if control.has_value and control.name in VALUE_NAMES:  # a value box beside its switch has no label
            widgets[-1].setAccessibleName(self.tr(VALUE_NAMES[control.name]))
        for part, widget in zip(control.parts, widgets, strict=True):
            widget.setToolTip(tip)
            self._parts[part.name] = widget
            setattr(self, part.name, widget)
        if control.group == "training":
            self._form.addRow(self.tr(LABELS[control.name]), widgets[0])
            return
        if control.has_switch:
            row = self._switch_rows[control.name] = len(self._switch_rows)
        else:  # a number among the switches sits beside the one it depends on (early stopping's patience)
            row = self._switch_rows[control.depends_on]
        for column, widget in enumerate(widgets, start=0 if control.has_switch else 1):
            self._grid.addWidget(widget, row, column)

    def _tooltip(self, control: Control) -> str:
        text = EXPLAIN.get(control.name) or HINTS.get(control.name)
        if text is None and control.depends_on:
            return self._tooltip(BY_NAME[control.depends_on])
        return self.tr(text) if text else ""

    def _changed(self, *_):
        self.update_summary()

    def values(self) -> dict:
        """Each part's value (``{"epochs": 5, "l1": False, "l1_value": 0.0001, ...}``), as core.controls names them."""
        return {name: w.isChecked() if isinstance(w, QCheckBox) else w.value() for name, w in self._parts.items()}

    def set_values(self, values: dict) -> None:
        """Set the parts named in ``values``; a number outside a box's range is clamped by the box."""
        for name, value in values.items():
            widget = self._parts[name]
            if isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            else:
                widget.setValue(value)

    def config(self) -> TrainingConfig:
        """The settings as a core config; raises ``ConfigError`` for impossible combinations."""
        return config_from_values(self.values()).validate()

    def update_summary(self) -> None:
        try:
            config = self.config()
        except ConfigError as exc:
            self.total_label.setText(self.tr("Cannot train: {}").format("; ".join(config_problems(exc))))
            return
        specs = layer_specs(config)
        self.summary.setRowCount(len(specs))
        for r, spec in enumerate(specs):
            shape = "×".join(str(d) for d in spec.output_shape[1:])
            for c, text in enumerate((spec.kind, shape, f"{spec.params:,}")):
                item = QTableWidgetItem(text)
                item.setToolTip(
                    self.tr("{} ({}): output {}, {} parameters").format(
                        spec.name, spec.kind, format_shape(spec.output_shape), f"{spec.params:,}"
                    )
                )
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.summary.setItem(r, c, item)
        total = total_params(config)
        members = config.ensemble if config.ensemble > 1 else config.kfold if config.kfold >= 2 else 1
        text = self.tr("Total parameters: {}").format(f"{total:,}")
        if members > 1:
            text += self.tr(" per network, {} networks").format(members)
        self.total_label.setText(text)

    def set_running(self, running: bool) -> None:
        self.run_controls.set_running(running)
        # Qt keeps a child that was disabled on its own (a switched-off value box, a locked control) disabled
        # when its group is enabled again, so the groups are all that need switching here.
        for w in self.findChildren(QGroupBox):
            w.setEnabled(not running)

    def set_progress(self, fraction: float, text: str) -> None:
        self.run_controls.set_progress(fraction, text)

    def set_stopping(self, text: str) -> None:
        self.run_controls.set_stopping(text)

    # Persistence: each part under its key of core.controls (listed in docs/administrators.md).
    def save_settings(self, settings: QSettings) -> None:
        values = self.values()
        for part in PARTS:
            settings.setValue(part.key, values[part.name])

    def load_settings(self, settings: QSettings) -> None:
        """Set the parts saved in ``settings``; a value out of range is clamped, an unreadable one ignored."""
        for part in PARTS:
            c = part.control
            if part.is_switch:
                value = read_switch(settings, part.key)
            else:
                value = read_number(settings, part.key, c.minimum, c.maximum, whole=c.decimals == 0)
            if value is not None:
                self.set_values({part.name: value})
