"""How a front end steers background work: a small, thread-safe state object a task function polls.

The shape is Orange3's ``TaskState``: the task (training, fine-tuning, evaluating, loading) is a plain
function that asks ``should_stop()`` between steps and waits while paused; the window, the command line
or a test holds the same object and calls ``request_stop``, ``abort``, ``pause`` or ``resume``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class TaskState:
    """Thread-safe controls a front end uses to steer a running task, and the task's way to report back.

    ``report(value)`` hands progress or a partial result to whoever listens (``on_report``, set by the
    front end before the task starts; the window's task runner carries it to the GUI thread).
    """

    def __init__(self, on_report: Callable[[object], None] | None = None):
        self.on_report = on_report
        self._stop = threading.Event()
        self._abort = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def request_stop(self):
        """Finish soon, keeping what was trained (the model is still evaluated and handed over)."""
        self._stop.set()
        self._running.set()

    def abort(self):
        """Finish at once and skip the final evaluation (the window is closing)."""
        self._abort.set()
        self.request_stop()

    def report(self, value: object) -> None:
        """Progress or a partial result for the front end; ignored when nobody listens."""
        if self.on_report is not None:
            self.on_report(value)

    def pause(self):
        self._running.clear()

    def resume(self):
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def should_stop(self) -> bool:
        return self._stop.is_set()

    @property
    def aborted(self) -> bool:
        return self._abort.is_set()

    def wait_while_paused(self) -> float:
        """Block while paused (waking for stop); returns the seconds spent waiting."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        while not self._running.wait(0.05):
            pass
        return time.perf_counter() - start
