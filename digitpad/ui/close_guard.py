"""Closing the window while a network trains: ask first, and offer to keep what it has learned.

The question never blocks (a message box opened with ``open()``): the charts go on moving and tests or
automation answer it with ``answer``. "Stop and save…" stops the run, waits for the network to be tested and
handed over, saves it (to a given path, or a file the student picks), then closes the window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


class CloseGuard(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self._plan: tuple[str, Path | None] | None = None  # decided: what to do once training has stopped

    def should_ask(self) -> bool:
        """Whether a close now would lose a network still training (and nothing has been decided yet)."""
        session = self.window.session
        return self._plan is None and session.is_training() and session.is_last_window(self.window)

    def _box(self) -> QMessageBox | None:
        return self.window.findChild(QMessageBox, "close_question")

    def question_open(self) -> bool:
        box = self._box()
        return box is not None and box.isVisible()

    def ask(self) -> None:
        if self._box() is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("A network is still training"),
            self.tr("Stop training and keep the network it has learned so far?"),
            QMessageBox.StandardButton.NoButton,
            self.window,
        )
        box.setObjectName("close_question")
        box.setInformativeText(
            self.tr(
                "Keep it: training stops, the network is tested, and you choose a file to save it in. "
                "Quit without saving: it is lost."
            )
        )
        keep = box.addButton(self.tr("Stop and save…"), QMessageBox.ButtonRole.AcceptRole)
        discard = box.addButton(self.tr("Quit without saving"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("Keep training"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        answers = {keep: SAVE, discard: DISCARD}
        box.buttonClicked.connect(lambda button: self.answer(answers.get(button, CANCEL)))
        box.open()

    def answer(self, answer: str, path=None) -> None:
        """SAVE (to ``path``, or a file the student picks), DISCARD or CANCEL."""
        box = self._box()
        if box is not None:
            box.setObjectName("")  # answered: a later close may ask again
            box.hide()
            box.deleteLater()
        if answer == CANCEL:
            return
        if answer == DISCARD or not self.window.session.is_training():
            self._plan = (DISCARD, None)
            self.window.close()
            return
        self._plan = (SAVE, Path(path) if path else None)
        self.window.stop_training()

    def training_ended(self, model_ready: bool) -> None:
        """The run ended while the window waited to close: save what it made if asked to, then close."""
        plan, self._plan = self._plan, None
        if plan is None:
            return
        if plan[0] == SAVE and model_ready:
            window = self.window
            saved = window.save_model_to(plan[1]) if plan[1] is not None else window.save_model()
            if not saved:
                return  # not saved (cancelled, or it failed and said why): stay open, the model still predicts
        self._plan = (DISCARD, None)
        self.window.close()
