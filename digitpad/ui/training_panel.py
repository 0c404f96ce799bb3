"""The training controls: hyperparameters, regularization switches, the summary table and the buttons.

The panel only collects settings and forwards clicks; ``config()`` turns the controls into a core
``TrainingConfig``. The summary table is computed by ``digitpad.core.architecture`` (pure Python), so it
follows every switch at once without TensorFlow.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
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
from digitpad.ui.settings_values import read_number, read_switch

# What each switch does and what to look for, shown as its tooltip (translated when shown).
EXPLAIN = {
    "l1": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "L1 penalty: adds the sum of |weights| to the loss, pushing many weights to exactly zero. Watch "
        "the regularization part of the loss and a smaller train/validation gap.",
    ),
    "l2": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "L2 penalty (weight decay): adds the sum of squared weights to the loss, keeping weights small. "
        "Watch the gap between training and validation loss shrink.",
    ),
    "dropout": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Dropout switches off this share of the dense layer's outputs at random while training, so the "
        "network cannot rely on single units. Training accuracy drops a little; validation holds up.",
    ),
    "dropout_conv": QT_TRANSLATE_NOOP("TrainingPanel", "Also drop out after each convolution block, at the same rate."),
    "pooling": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Max-pooling keeps the largest value of each 2x2 patch: fewer numbers, faster training, less "
        "overfitting. Switch it off to see the parameter count jump (see the table).",
    ),
    "augment": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Trains on randomly shifted, rotated, zoomed, stretched, slanted, wobbly, thicker or thinner copies of "
        "the images, the ways people draw digits: more variety without new data. Training accuracy rises more "
        "slowly; drawings are recognised better.",
    ),
    "early_stopping": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Stops when the validation loss has not improved for 'patience' epochs and keeps the best epoch's "
        "weights (marked on the chart).",
    ),
    "ensemble": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Bagging: trains several networks, each on a bootstrap sample (drawn with replacement), and "
        "averages their predictions. Each member's curve is drawn; the ensemble usually beats them.",
    ),
    "kfold": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "k-fold cross-validation: trains k networks, each validated on a different k-th of the data, and "
        "reports the mean and spread of validation accuracy. It measures overfitting; it does not cure "
        "it.",
    ),
    "train_samples": QT_TRANSLATE_NOOP(
        "TrainingPanel",
        "Train on only this many images (0: all 54,000). A few hundred images overfit within a few "
        "epochs: the best way to see the cures work.",
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
    "epochs": QT_TRANSLATE_NOOP("TrainingPanel", "Passes over the training images"),
    "batch_size": QT_TRANSLATE_NOOP("TrainingPanel", "Images per training step"),
    "learning_rate": QT_TRANSLATE_NOOP("TrainingPanel", "Adam's learning rate (decays towards zero over the run)"),
    "validation_split": QT_TRANSLATE_NOOP("TrainingPanel", "Share of the training images held out for validation"),
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
        # The settings scroll on a small screen; the buttons and the progress below them never do.
        settings = QWidget()
        layout = QVBoxLayout(settings)
        layout.setContentsMargins(4, 4, 4, 4)
        scroll = QScrollArea()
        scroll.setObjectName("training_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(settings)
        outer.addWidget(scroll, 1)

        self._build_setting_groups(layout)
        self._build_summary(layout)
        self._build_buttons_and_progress(outer)

        self.train_button.clicked.connect(self.start_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        for widget in self._parts.values():
            (widget.toggled if isinstance(widget, QCheckBox) else widget.valueChanged).connect(self._changed)
        self._scroll, self._settings = scroll, settings
        self._fit_width()
        self.set_running(False)
        self._changed()

    def _build_setting_groups(self, layout: QVBoxLayout) -> None:
        """The basics' form and the grid of switches against overfitting, filled from ``CONTROLS``."""
        basics = QGroupBox(self.tr("Training"))
        self._form = QFormLayout(basics)
        self._form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addWidget(basics)
        reg = QGroupBox(self.tr("Against overfitting"))
        self._grid = QGridLayout(reg)
        self._grid.setColumnStretch(1, 1)
        layout.addWidget(reg)
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

    def _build_summary(self, layout: QVBoxLayout) -> None:
        """The table of the network these settings build, and its parameter count."""
        self.summary = QTableWidget(0, 3)
        self.summary.setObjectName("summary_table")
        self.summary.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Output"), self.tr("Parameters")])
        self.summary.setMinimumHeight(150)
        self.summary.verticalHeader().setVisible(False)
        self.summary.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.summary.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.summary.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.summary.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.summary.horizontalHeader().setStretchLastSection(True)
        self.summary.setToolTip(self.tr("The network these settings build (like Keras's model.summary())"))
        self.total_label = QLabel()
        self.total_label.setObjectName("total_params_label")
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.total_label)

    def _build_buttons_and_progress(self, outer: QVBoxLayout) -> None:
        """Train, pause and stop, and the progress below them, outside the scrolling settings."""
        buttons = QHBoxLayout()
        self.train_button = QPushButton(self.tr("Train"))
        self.train_button.setObjectName("train_button")
        self.train_button.setToolTip(self.tr("Train a new network with these settings (F5)"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.pause_button.setObjectName("pause_button")
        self.pause_button.setCheckable(True)
        self.pause_button.setToolTip(self.tr("Pause or resume training (F6)"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setObjectName("stop_button")
        self.stop_button.setToolTip(self.tr("Stop training and keep what was learned so far (Shift+F5)"))
        for b in (self.train_button, self.pause_button, self.stop_button):
            buttons.addWidget(b)
        controls = QVBoxLayout()
        controls.setContentsMargins(4, 0, 4, 4)
        outer.addLayout(controls)
        controls.addLayout(buttons)
        self.progress = QProgressBar()
        self.progress.setObjectName("training_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel(self.tr("Ready to train"))
        self.progress_label.setObjectName("progress_label")
        self.progress_label.setWordWrap(True)
        controls.addWidget(self.progress)
        controls.addWidget(self.progress_label)

    def _fit_width(self) -> None:
        """Wide enough that the settings never need a horizontal scroll bar, at any zoom."""
        self._scroll.setMinimumWidth(
            self._settings.sizeHint().width() + self._scroll.verticalScrollBar().sizeHint().width() + 2
        )

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_scroll"):
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
        self.train_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        if not running:
            self.pause_button.setChecked(False)
            self.pause_button.setText(self.tr("Pause"))
        # Qt keeps a child that was disabled on its own (a switched-off value box, a locked control) disabled
        # when its group is enabled again, so the groups are all that need switching here.
        for w in self.findChildren(QGroupBox):
            w.setEnabled(not running)

    def set_progress(self, fraction: float, text: str) -> None:
        self.progress.setValue(int(fraction * 1000))
        self.progress_label.setText(text)

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
