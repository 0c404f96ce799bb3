"""Python's automatic garbage collection waits while TensorFlow works on a background thread.

TensorFlow's traced graphs sit in reference cycles, so Python frees them only when its cycle collector
runs, and that runs on whichever thread happens to allocate next. Freed there while another thread builds
or traces a model, TensorFlow crashes in native code ("pure virtual method called", a segmentation
fault): seen in about one full test run in three once each run's training graphs were let go
(docs/reliability.md). So every thread that may run TensorFlow beside the window's (the task runner's
workers, the predictor's background conversion) holds this pause while it exists; when the last lets go,
collection resumes and frees the garbage at a moment when nothing else works with TensorFlow.

Nothing is lost meanwhile: the garbage waits, and a training run makes little of it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()


class _Pause:
    holders = 0
    resume = False  # whether collection was on when the first holder came


def hold() -> None:
    """One more thread works with TensorFlow: no automatic collection until every holder has let go."""
    with _lock:
        if _Pause.holders == 0:
            _Pause.resume = gc.isenabled()
            gc.disable()
        _Pause.holders += 1


def release() -> None:
    """A thread that held the pause has finished with TensorFlow."""
    with _lock:
        if _Pause.holders == 0:
            raise RuntimeError("gcpause.release() without hold()")
        _Pause.holders -= 1
        if _Pause.holders == 0 and _Pause.resume:
            gc.enable()


@contextmanager
def paused() -> Iterator[None]:
    hold()
    try:
        yield
    finally:
        release()


def holders() -> int:
    with _lock:
        return _Pause.holders
