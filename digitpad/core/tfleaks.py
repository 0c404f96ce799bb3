"""Keeping every training run from costing memory for good.

Keras's optimizer sums each step's gradients over the replicas of the distribution strategy, and it does
so even when there is only one (no strategy, the default): through the default replica context's
``all_reduce``, a ``tf.custom_gradient``. Each trace of a training step registers that custom gradient in
TensorFlow's global gradient registry (``CustomGradient-<n>``), which nothing ever empties, and the
registration holds the whole traced step: about 11 MB a run here (TensorFlow 2.21, Keras 3.15), without end.

A sum over one replica is the gradient itself, so with one replica digitpad skips it: no registration, and
the traced step goes when Keras lets go of it, like any other ``tf.function``. Training is bit-for-bit the
same (``tests/test_tfleaks.py``). Anything run under a real multi-replica strategy still sums as before.

An earlier fix let the registrations stay and removed them from the registry after each run; the graphs
they held were then freed by Python's garbage collector, and in about one full test run in three that
crashed TensorFlow in native code ("pure virtual method called"). This one never frees anything TensorFlow
did not mean to free.
"""

from __future__ import annotations

import logging
import threading

from digitpad.core.tfsetup import tensorflow_module

log = logging.getLogger(__name__)

_lock = threading.Lock()
_installed: list[bool] = []  # [True] once installed


def skip_single_replica_gradient_sum() -> None:
    """Make Keras's TensorFlow optimizers pass gradients straight through when there is one replica.

    Idempotent and thread-safe; called before a model is compiled for training. A Keras without the method
    this replaces keeps its own behaviour (and ``tests/test_tfleaks.py`` says so).
    """
    with _lock:
        if _installed:
            return
        _installed.append(True)
        from keras.src.backend.tensorflow import optimizer as tf_optimizer

        summing = getattr(tf_optimizer.TFOptimizer, "_all_reduce_sum_gradients", None)
        if summing is None:
            log.warning("Keras's optimizer has no _all_reduce_sum_gradients: each training run will keep memory")
            return

        def sum_over_replicas(self, grads_and_vars):
            if one_replica():
                return list(grads_and_vars)  # the sum over one replica is the gradient itself
            return summing(self, grads_and_vars)

        sum_over_replicas.__wrapped__ = summing  # type: ignore[attr-defined]
        tf_optimizer.TFOptimizer._all_reduce_sum_gradients = sum_over_replicas


def one_replica() -> bool:
    """Whether training runs outside any distribution strategy, on the one default replica."""
    tf = tensorflow_module()
    return not tf.distribute.has_strategy() and tf.distribute.get_strategy().num_replicas_in_sync == 1
