"""The start-up part's observer: a probe that follows the window from its showing to its first prediction.

The probe finds the window (object name ``main_window``) once it is shown, notes the first paint pass,
and listens to the window's Session; nothing here changes what the window does.
Kept apart from ``startup`` because it imports Qt, which the other parts' processes must not load.
"""

from __future__ import annotations

import logging
import threading
import time

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

TIMEOUT_MS = 120_000
APP_LOGGER = "digitpad.ui.app"


class Marks:
    """Seconds since the parent spawned this process, by name; the first time each thing happened."""

    def __init__(self, spawn: float):
        self.spawn = spawn
        self.values: dict = {}

    def note(self, name: str, at: float | None = None) -> None:
        self.values.setdefault(name, (time.time() if at is None else at) - self.spawn)


def probe_drawing() -> np.ndarray:
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 130:152] = 255  # a "1"
    return canvas


class StartupProbe(QObject):
    """Follows the window from the moment it is shown to its first prediction, then quits the application.

    ``run_app`` logs (logger ``digitpad.ui.app``, on the GUI thread) right after it has shown the window;
    ``window_finder`` reacts to that record. Watching every event from the start instead (an application
    event filter while the window is built) would itself cost the start-up ~7,000 calls into Python.
    """

    def __init__(self, marks: Marks):
        super().__init__()
        self.marks = marks
        self.window = None
        self.drawing = probe_drawing()
        self.window_finder = _WindowFinder(self)
        QTimer.singleShot(TIMEOUT_MS, lambda: self.done("timed out"))

    def window_shown(self, at: float) -> None:
        if self.window is not None:
            return
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window" and w.isVisible()]
        if not windows:
            return
        self.marks.note("window_shown", at)
        self.window = windows[0]
        self.follow(self.window)
        QApplication.instance().installEventFilter(self)  # until the first paint

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and "first_paint_event" not in self.marks.values:
            self.marks.note("first_paint_event")
            # The whole first frame is painted in this same pass; note when it is done.
            QTimer.singleShot(0, lambda: self.marks.note("first_paint"))
            QApplication.instance().removeEventFilter(self)
        return False

    def follow(self, window) -> None:
        # The window predicts with a NumPy copy of the model before TensorFlow is ready: probe that too.
        session = window.session
        session.model_changed.connect(self.model_changed)
        session.load_failed.connect(lambda path, exc: self.done(f"model failed to load: {path}: {exc}"))
        session.predicted.connect(self.predicted)

    def model_changed(self) -> None:
        if self.window.session.has_model:
            self.marks.note("model_ready")
        self.window.session.predict(self.drawing)

    def predicted(self, image28, prediction) -> None:
        self.marks.note("first_prediction")
        self.marks.values.setdefault("first_prediction_digit", prediction.digit)
        self.done(None)

    def done(self, error: str | None) -> None:
        if error:
            self.marks.values["error"] = error
        if self.window is not None:
            self.window.close()
        QApplication.instance().quit()


class _WindowFinder(logging.Handler):
    """Tells the probe when the app module logs on the GUI thread: the window may have been shown."""

    def __init__(self, probe: StartupProbe):
        super().__init__(logging.INFO)
        self.probe = probe

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == APP_LOGGER and threading.current_thread() is threading.main_thread():
            self.probe.window_shown(record.created)
