"""The start-up part's observers: the core's timed log records, and an event filter that follows the window.

The event filter finds the window (object name ``main_window``) when it is shown, notes the first paint
pass, and listens to the window's loader and prediction service; nothing here changes what the window
does. Kept apart from ``startup`` because it imports Qt, which the other parts' processes must not load.
"""

from __future__ import annotations

import logging
import time

import numpy as np
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

TIMEOUT_MS = 120_000
PROBE_REQUEST_ID = 10**9  # the window's own requests count up from 1
# Core log records that carry a ``duration_s``: the mark each one sets.
TIMED_RECORDS = {"digitpad.core.tfsetup": "tensorflow_import", "digitpad.core.predictor": "predictor"}


class Marks:
    """Seconds since the parent spawned this process, by name; the first time each thing happened."""

    def __init__(self, spawn: float):
        self.spawn = spawn
        self.values: dict = {}

    def note(self, name: str, at: float | None = None) -> None:
        self.values.setdefault(name, (time.time() if at is None else at) - self.spawn)


class TimedRecords(logging.Handler):
    """Turns the core's timed log records into start and end marks."""

    def __init__(self, marks: Marks):
        super().__init__(logging.INFO)
        self.marks = marks

    def emit(self, record: logging.LogRecord) -> None:
        name, duration = TIMED_RECORDS.get(record.name), getattr(record, "duration_s", None)
        if name is not None and duration is not None:
            self.marks.note(f"{name}_start", record.created - duration)
            self.marks.note(f"{name}_end", record.created)


def probe_drawing() -> np.ndarray:
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 130:152] = 255  # a "1"
    return canvas


class StartupProbe(QObject):
    """Install on the application before the window exists; quits the application at the first prediction."""

    def __init__(self, marks: Marks):
        super().__init__()
        self.marks = marks
        self.window = None
        self.drawing = probe_drawing()
        QTimer.singleShot(TIMEOUT_MS, lambda: self.done("timed out"))

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and self.window is None and obj.objectName() == "main_window":
            self.marks.note("window_shown")
            self.window = obj
            self.follow(obj)
        elif kind == QEvent.Type.Paint and "first_paint_event" not in self.marks.values:
            self.marks.note("first_paint_event")
            # The whole first frame is painted in this same pass; note when it is done.
            QTimer.singleShot(0, lambda: self.marks.note("first_paint"))
        if self.window is not None and "first_paint_event" in self.marks.values:
            QApplication.instance().removeEventFilter(self)  # seen both: stop costing every event
        return False

    def follow(self, window) -> None:
        # The window predicts with a NumPy copy of the model before TensorFlow is ready: probe that too.
        window.loader.quick_ready.connect(lambda *_: self.submit())
        window.loader.loaded.connect(self.loaded)
        window.loader.failed.connect(lambda *a: self.done("model failed to load: " + " ".join(map(str, a))))
        window.predictions.predicted.connect(self.predicted)

    def submit(self) -> None:
        self.window.predictions.submit(PROBE_REQUEST_ID, self.drawing)

    def loaded(self, *_) -> None:
        self.marks.note("model_ready")
        self.submit()

    def predicted(self, request_id, image28, prediction) -> None:
        if request_id == PROBE_REQUEST_ID:
            self.marks.note("first_prediction")
            self.marks.values.setdefault("first_prediction_digit", prediction.digit)
            self.done(None)

    def done(self, error: str | None) -> None:
        if error:
            self.marks.values["error"] = error
        if self.window is not None:
            self.window.close()
        QApplication.instance().quit()
