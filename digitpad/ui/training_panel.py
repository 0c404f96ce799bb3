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
from digitpad.ui.messages import config_problems

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
        "Trains on randomly shifted, rotated, zoomed, thicker or thinner copies of the images: more "
        "variety without new data. Training accuracy rises more slowly; drawings are recognised better.",
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


def _spin(minimum, maximum, value, step=1, decimals=None, name="", tooltip=""):
    box = QDoubleSpinBox() if decimals is not None else QSpinBox()
    if decimals is not None:
        box.setDecimals(decimals)
    box.setRange(minimum, maximum)
    box.setSingleStep(step)
    box.setValue(value)
    box.setObjectName(name)
    box.setToolTip(tooltip)
    box.setAccelerated(True)
    return box


class TrainingPanel(QWidget):
    start_clicked = Signal()
    pause_clicked = Signal()
    stop_clicked = Signal()
    config_changed = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("training_panel")
        d = TrainingConfig()
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

        basics = QGroupBox(self.tr("Training"))
        form = QFormLayout(basics)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.epochs = _spin(1, 200, d.epochs, name="epochs_spin", tooltip=self.tr("Passes over the training images"))
        self.batch_size = _spin(
            8, 2048, d.batch_size, step=32, name="batch_size_spin", tooltip=self.tr("Images per training step")
        )
        self.learning_rate = _spin(
            0.0001,
            0.1,
            d.learning_rate,
            step=0.0005,
            decimals=4,
            name="learning_rate_spin",
            tooltip=self.tr("Adam's learning rate (decays towards zero over the run)"),
        )
        self.validation_split = _spin(
            0.0,
            0.5,
            d.validation_split,
            step=0.05,
            decimals=2,
            name="validation_split_spin",
            tooltip=self.tr("Share of the training images held out for validation"),
        )
        self.train_samples = _spin(
            0, 60000, 0, step=500, name="train_samples_spin", tooltip=self.tr(EXPLAIN["train_samples"])
        )
        self.train_samples.setSpecialValueText(self.tr("all"))
        form.addRow(self.tr("Epochs"), self.epochs)
        form.addRow(self.tr("Batch size"), self.batch_size)
        form.addRow(self.tr("Learning rate"), self.learning_rate)
        form.addRow(self.tr("Validation split"), self.validation_split)
        form.addRow(self.tr("Training images"), self.train_samples)
        layout.addWidget(basics)

        reg = QGroupBox(self.tr("Against overfitting"))
        grid = QGridLayout(reg)
        grid.setColumnStretch(1, 1)
        row = 0

        def switch(key, text, value_box=None, checked=False):
            nonlocal row
            check = QCheckBox(text)
            check.setObjectName(f"{key}_check")
            check.setChecked(checked)
            check.setToolTip(self.tr(EXPLAIN[key]))
            grid.addWidget(check, row, 0)
            if value_box is not None:
                value_box.setToolTip(self.tr(EXPLAIN[key]))
                grid.addWidget(value_box, row, 1)
                value_box.setEnabled(checked)
                check.toggled.connect(value_box.setEnabled)
            row += 1
            return check

        self.l1_value = _spin(0.000001, 0.1, 0.0001, step=0.0001, decimals=6, name="l1_spin")
        self.l1 = switch("l1", self.tr("L1 penalty"), self.l1_value)
        self.l2_value = _spin(0.000001, 0.1, 0.001, step=0.0005, decimals=6, name="l2_spin")
        self.l2 = switch("l2", self.tr("L2 penalty"), self.l2_value)
        self.dropout_value = _spin(0.05, 0.9, 0.2, step=0.05, decimals=2, name="dropout_spin")
        self.dropout = switch("dropout", self.tr("Dropout"), self.dropout_value)
        self.dropout_conv = switch("dropout_conv", self.tr("…after conv blocks too"))
        self.dropout_conv.setEnabled(False)
        self.dropout.toggled.connect(self.dropout_conv.setEnabled)
        self.pooling = switch("pooling", self.tr("Max-pooling"), checked=True)
        self.augment = switch("augment", self.tr("Data augmentation"))
        self.patience = _spin(0, 20, d.patience, name="patience_spin")
        self.patience.setPrefix(self.tr("patience "))
        self.early_stopping = switch("early_stopping", self.tr("Early stopping"), self.patience)
        self.ensemble_value = _spin(2, 10, 3, name="ensemble_spin")
        self.ensemble_value.setSuffix(self.tr(" members"))
        self.ensemble = switch("ensemble", self.tr("Bagging ensemble"), self.ensemble_value)
        self.kfold_value = _spin(2, 10, 5, name="kfold_spin")
        self.kfold_value.setPrefix(self.tr("k = "))
        self.kfold = switch("kfold", self.tr("Cross-validation"), self.kfold_value)
        # Bagging and k-fold exclude each other: ticking one unticks the other.
        self.ensemble.toggled.connect(lambda on: on and self.kfold.setChecked(False))
        self.kfold.toggled.connect(lambda on: on and self.ensemble.setChecked(False))
        layout.addWidget(reg)

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

        self.train_button.clicked.connect(self.start_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        for box in self.findChildren(QSpinBox) + self.findChildren(QDoubleSpinBox):
            box.valueChanged.connect(self._changed)
        for check in self.findChildren(QCheckBox):
            check.toggled.connect(self._changed)
        self._scroll, self._settings = scroll, settings
        self._fit_width()
        self.set_running(False)
        self._changed()

    def _fit_width(self) -> None:
        """Wide enough that the settings never need a horizontal scroll bar, at any zoom."""
        self._scroll.setMinimumWidth(
            self._settings.sizeHint().width() + self._scroll.verticalScrollBar().sizeHint().width() + 2
        )

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_scroll"):
            self._fit_width()

    def _changed(self, *_):
        self.update_summary()
        self.config_changed.emit()

    def config(self) -> TrainingConfig:
        """The settings as a core config; raises ``ConfigError`` for impossible combinations."""
        return TrainingConfig(
            epochs=self.epochs.value(),
            batch_size=self.batch_size.value(),
            learning_rate=round(self.learning_rate.value(), 6),
            validation_split=round(self.validation_split.value(), 3),
            train_samples=self.train_samples.value(),
            l1=self.l1_value.value() if self.l1.isChecked() else 0.0,
            l2=self.l2_value.value() if self.l2.isChecked() else 0.0,
            dropout=self.dropout_value.value() if self.dropout.isChecked() else 0.0,
            dropout_conv=self.dropout.isChecked() and self.dropout_conv.isChecked(),
            pooling=self.pooling.isChecked(),
            augment=self.augment.isChecked(),
            early_stopping=self.early_stopping.isChecked(),
            patience=self.patience.value(),
            ensemble=self.ensemble_value.value() if self.ensemble.isChecked() else 1,
            kfold=self.kfold_value.value() if self.kfold.isChecked() else 0,
        ).validate()

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

    # Persistence (QSettings keys are listed in docs/administrators.md).
    _SPINS = {
        "training/epochs": "epochs",
        "training/batch_size": "batch_size",
        "training/learning_rate": "learning_rate",
        "training/validation_split": "validation_split",
        "training/train_samples": "train_samples",
        "regularization/l1": "l1_value",
        "regularization/l2": "l2_value",
        "regularization/dropout": "dropout_value",
        "regularization/patience": "patience",
        "regularization/ensemble": "ensemble_value",
        "regularization/kfold": "kfold_value",
    }
    _CHECKS = {
        "regularization/l1_enabled": "l1",
        "regularization/l2_enabled": "l2",
        "regularization/dropout_enabled": "dropout",
        "regularization/dropout_conv": "dropout_conv",
        "regularization/pooling": "pooling",
        "regularization/augment": "augment",
        "regularization/early_stopping": "early_stopping",
        "regularization/ensemble_enabled": "ensemble",
        "regularization/kfold_enabled": "kfold",
    }

    def save_settings(self, settings: QSettings) -> None:
        for key, attr in self._SPINS.items():
            settings.setValue(key, getattr(self, attr).value())
        for key, attr in self._CHECKS.items():
            settings.setValue(key, getattr(self, attr).isChecked())

    def load_settings(self, settings: QSettings) -> None:
        for key, attr in self._SPINS.items():
            box = getattr(self, attr)
            value = settings.value(key)
            if value is None:
                continue
            try:
                box.setValue(float(value) if isinstance(box, QDoubleSpinBox) else int(float(value)))
            except (TypeError, ValueError):
                pass  # a hand-edited or foreign value: keep the default
        for key, attr in self._CHECKS.items():
            value = settings.value(key)
            if value is not None:
                getattr(self, attr).setChecked(str(value).lower() in ("true", "1"))
