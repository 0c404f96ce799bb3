"""Python's automatic garbage collection waits while TensorFlow works on a background thread.

TensorFlow's traced graphs sit in reference cycles, so Python frees them only when its cycle collector
runs, and that runs on whichever thread happens to allocate next. Freed there while another thread builds
or traces a model, TensorFlow crashes in native code ("pure virtual method called", a segmentation
fault): seen in about one full test run in three once each run's training graphs were let go
(docs/reliability.md). So every thread that may run TensorFlow beside the main one (the window's task
runner workers, the predictor's background conversion) holds this pause while it exists.

When the last holder lets go, collection resumes -- but not on that thread: the garbage that waited
includes the window's own dead Qt objects, which must be destroyed on the window's thread (destroyed on a
worker, they deadlock with it). A program with a window installs a ``resumer`` that asks the window's
thread to call ``resume_if_free``; without one (the command line, the benchmark) collection resumes at
once. Nothing is lost meanwhile: the garbage waits, and a training run makes little of it.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_lock = threading.Lock()


class _Pause:
    holders = 0
    wanted = False  # whether collection was on before the pause: it is turned back on only then
    pending = False  # a resumer has been asked to turn it back on and has not yet
    resumer: Callable[[], None] | None = None


def set_resumer(resumer: Callable[[], None] | None) -> None:
    """``resumer()`` is called (on the thread that let go last) to have ``resume_if_free`` called on the
    thread that owns the program's objects; None: collection resumes at once, on that thread."""
    with _lock:
        _Pause.resumer = resumer


def hold() -> None:
    """One more thread works with TensorFlow: no automatic collection until every holder has let go."""
    with _lock:
        if _Pause.holders == 0 and not _Pause.pending:
            _Pause.wanted = gc.isenabled()
        gc.disable()
        _Pause.holders += 1


def release() -> None:
    """A thread that held the pause has finished with TensorFlow."""
    with _lock:
        if _Pause.holders == 0:
            raise RuntimeError("gcpause.release() without hold()")
        _Pause.holders -= 1
        if _Pause.holders or not _Pause.wanted:
            return
        resumer = _Pause.resumer
        if resumer is None:
            gc.enable()
            return
        _Pause.pending = True
    resumer()


def resume_if_free() -> None:
    """Turn automatic collection back on, unless a new holder came meanwhile (its release asks again)."""
    with _lock:
        _Pause.pending = False
        if _Pause.holders == 0 and _Pause.wanted:
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
