"""Import TensorFlow once, quietly, with the settings digitpad relies on.

Every core module that needs TensorFlow gets it from ``tensorflow_module()``, so the first caller (the
loader thread in the app, or a command) pays the ~2.5 s import. TensorFlow's C++ start-up banners
(oneDNN, CPU features) go to file descriptor 2 whatever ``TF_CPP_MIN_LOG_LEVEL`` says, so the import
runs with fd 2 pointed at a temporary file, which is shown only if the import fails.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import tempfile
import threading
import time
from typing import Any

log = logging.getLogger(__name__)


# fd 2 is one for the whole process: two threads silencing it at once would each restore the other's sink.
_STDERR_LOCK = threading.RLock()


@contextlib.contextmanager
def quiet_native_stderr():
    """Hide what native code writes to fd 2 inside the block (shown again if the block fails).

    Callers from worker threads take turns: see ``_STDERR_LOCK``. Python's own writes to ``sys.stderr`` from
    any thread meanwhile (a command's one-line message, the console log) still reach the real stderr."""
    with _STDERR_LOCK:
        yield from _quiet_native_stderr_unlocked()


def _quiet_native_stderr_unlocked():
    try:
        saved = os.dup(2)
    except OSError:  # no fd 2 (a frozen windowed app): nothing to silence
        yield
        return
    with tempfile.TemporaryFile() as sink, _python_stderr_kept(saved):
        os.dup2(sink.fileno(), 2)
        try:
            yield
        except BaseException:
            os.dup2(saved, 2)
            sink.seek(0)
            text = sink.read().decode(errors="replace")
            if text and sys.stderr is not None:
                sys.stderr.write(text)
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)


@contextlib.contextmanager
def _python_stderr_kept(real_fd: int):
    """While fd 2 points at the sink, Python's ``sys.stderr`` (and log handlers writing to it), where they write
    to fd 2, write to a copy of the real one: another thread's message must not vanish into the sink."""
    old = sys.stderr
    try:
        shares_fd2 = old is not None and old.fileno() == 2
    except (AttributeError, OSError, ValueError):  # captured (tests) or no console: nothing shares fd 2
        shares_fd2 = False
    if not shares_fd2:
        yield
        return
    old.flush()
    kept = os.fdopen(os.dup(real_fd), "w", buffering=1, encoding=old.encoding, errors=old.errors)
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler) and h.stream is old]
    sys.stderr = kept
    for handler in handlers:
        handler.setStream(kept)
    try:
        yield
    finally:
        for handler in handlers:
            if handler.stream is kept:
                handler.setStream(old)
        if sys.stderr is kept:  # unless someone else has replaced it meanwhile
            sys.stderr = old
        kept.close()


MALLOC_ARENAS = 2  # glibc's default is 8 per core; TensorFlow's many threads each grew one


def _fewer_malloc_arenas() -> None:
    """Cap glibc's malloc arenas before TensorFlow starts its threads: a training run then peaks ~85 MB lower
    (measured: docs/performance.md). Only glibc has ``mallopt``; elsewhere nothing happens."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, MALLOC_ARENAS)  # -8 is M_ARENA_MAX
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        pass


class _ImportOnce:
    """Holds the TensorFlow module once imported; the lock makes every other caller wait for the first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.module: Any = None


_tensorflow = _ImportOnce()


def tensorflow_module() -> Any:
    """The ``tensorflow`` module, imported (quietly, with digitpad's settings) by the first caller."""
    with _tensorflow.lock:
        if _tensorflow.module is None:
            started = time.perf_counter()
            os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
            os.environ.setdefault("KERAS_BACKEND", "tensorflow")
            _fewer_malloc_arenas()
            with quiet_native_stderr():
                import tensorflow as tf

                tf.constant(0)  # the banners come when the first op runs, so let it run here
            tf.get_logger().setLevel("ERROR")
            _tensorflow.module = tf
            log.info("TensorFlow %s imported in %.2f s", tf.__version__, time.perf_counter() - started)
    return _tensorflow.module
