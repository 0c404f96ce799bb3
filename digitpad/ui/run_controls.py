"""Train, pause and stop, with the progress of the run: a strip that never moves while it changes.

The buttons sit at the bottom and share one width (wide enough for "Resume" and "Stopping…"), and the
status text above them keeps room for two lines: a longer status or Pause turning into Resume never
shifts a button from under the pointer.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QSizePolicy, QVBoxLayout, QWidget

STATUS_LINES = 2  # lines of status text kept free, so a wrapping status never pushes anything


class RunControls(QWidget):
    start_clicked = Signal()
    pause_clicked = Signal()
    stop_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("run_controls")
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
        self.progress = QProgressBar()
        self.progress.setObjectName("training_progress")
        self.progress.setAccessibleName(self.tr("Training progress"))
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress_label = QLabel(self.tr("Ready to train"))
        self.progress_label.setObjectName("progress_label")
        self.progress_label.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in self.buttons():
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            buttons.addWidget(button, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.train_button.clicked.connect(self.start_clicked)
        self.pause_button.clicked.connect(self.pause_clicked)
        self.stop_button.clicked.connect(self.stop_clicked)
        self._fit_sizes()
        self.set_running(False)

    def buttons(self) -> tuple[QPushButton, QPushButton, QPushButton]:
        return self.train_button, self.pause_button, self.stop_button

    def _fit_sizes(self) -> None:
        """One width for every button, enough for any text it shows; two lines for the status."""
        texts = [self.tr("Train"), self.tr("Pause"), self.tr("Resume"), self.tr("Stop"), self.tr("Stopping…")]
        metrics = self.train_button.fontMetrics()
        padding = self.train_button.sizeHint().width() - metrics.horizontalAdvance(self.train_button.text())
        width = max(metrics.horizontalAdvance(t) for t in texts) + padding
        for button in self.buttons():
            button.setMinimumWidth(width)
        self.progress_label.setMinimumHeight(STATUS_LINES * self.progress_label.fontMetrics().lineSpacing())

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "progress_label"):
            self._fit_sizes()

    def set_running(self, running: bool) -> None:
        self.train_button.setEnabled(not running)
        self.pause_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        self.stop_button.setText(self.tr("Stop"))
        if not running:
            self.pause_button.setChecked(False)
            self.pause_button.setText(self.tr("Pause"))
            self.progress.setRange(0, 1000)

    def set_stopping(self, text: str) -> None:
        """Stop was asked for: say so, and show a busy bar while the run finishes its batch and is tested."""
        self.stop_button.setText(self.tr("Stopping…"))
        self.stop_button.setEnabled(False)
        self.pause_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress_label.setText(text)

    def set_progress(self, fraction: float, text: str) -> None:
        self.progress.setRange(0, 1000)
        self.progress.setValue(round(min(max(fraction, 0.0), 1.0) * 1000))
        self.progress_label.setText(text)
        self.progress_label.setAccessibleDescription(text)
