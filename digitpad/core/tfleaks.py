"""Undoing a TensorFlow leak that would make every training run cost memory for good.

When Keras traces a training step, the optimizer sums the gradients through the default replica
context's ``all_reduce``, which is a ``tf.custom_gradient``: each trace registers a new gradient function
in TensorFlow's global gradient registry (``CustomGradient-<n>``), and nothing ever removes it. The
function holds the traced graph of the whole training step, so each run's graphs stay: about 11 MB a run
here (TensorFlow 2.21, Keras 3.15), without end. The registrations are only needed while a step is being
traced, so once no training is running anywhere they are removed: a window that trains 20 times then
grows by about 1.5 MB a run instead (docs/reliability.md).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from typing import Any

from digitpad.core.tfsetup import tensorflow_module

log = logging.getLogger(__name__)

_PREFIX = "CustomGradient-"


class _Runs:
    """How many training runs are going on (in any thread), and the registry as it was before the first."""

    def __init__(self):
        self.lock = threading.Lock()
        self.active = 0
        self.before: set[str] = set()


_runs = _Runs()


def _registry() -> dict | None:
    """TensorFlow's gradient registry (private: a TensorFlow without it simply leaks as before)."""
    tensorflow_module()
    from tensorflow.python.framework import ops

    registry = getattr(getattr(ops, "_gradient_registry", None), "_registry", None)
    return registry if isinstance(registry, dict) else None


def releases_training_graphs(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a function that trains: the gradient functions its traces register are removed once it,
    and every other training run of the process, has ended."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        registry = _registry()
        if registry is None:
            return fn(*args, **kwargs)
        with _runs.lock:
            if _runs.active == 0:
                _runs.before = set(registry)
            _runs.active += 1
        try:
            return fn(*args, **kwargs)
        finally:
            with _runs.lock:
                _runs.active -= 1
                if _runs.active == 0:
                    stale = [k for k in registry if k not in _runs.before and str(k).startswith(_PREFIX)]
                    for key in stale:
                        registry.pop(key, None)
                    log.debug("released %d traced training graphs", len(stale))

    return wrapper
