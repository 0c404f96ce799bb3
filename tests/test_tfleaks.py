"""A training run leaves nothing in TensorFlow's gradient registry, and trains exactly as Keras alone would."""

import numpy as np
import pytest

from digitpad.core import tfleaks
from digitpad.core.config import TrainingConfig
from digitpad.core.data import Dataset


def _custom_gradients() -> set[str]:
    from tensorflow.python.framework import ops

    registry = getattr(getattr(ops, "_gradient_registry", None), "_registry", None)
    assert isinstance(registry, dict), "TensorFlow's gradient registry moved: this test needs a look"
    return {k for k in registry if str(k).startswith("CustomGradient-")}


def _optimizer_class():
    from keras.src.backend.tensorflow import optimizer as tf_optimizer

    return tf_optimizer.TFOptimizer


@pytest.mark.slow
def test_a_training_run_registers_no_traced_step_and_trains_exactly_as_before(mnist):
    from digitpad.core.training import train

    small = Dataset(mnist.train.head(600), mnist.test.head(200), "MNIST (part)", "bundled")
    config = TrainingConfig(epochs=1, train_samples=256, batch_size=64, seed=3)
    tfleaks.skip_single_replica_gradient_sum()
    cls = _optimizer_class()
    ours = cls._all_reduce_sum_gradients
    assert ours.__wrapped__ is not ours, "Keras's method is not replaced"

    before = _custom_gradients()
    skipped = train(config, small)
    assert _custom_gradients() == before  # nothing is kept behind for good

    cls._all_reduce_sum_gradients = ours.__wrapped__  # Keras's own sum, for comparison
    try:
        summed = train(config, small)
        assert len(_custom_gradients()) > len(before)  # Keras's own way leaves its traced steps registered
    finally:
        cls._all_reduce_sum_gradients = ours
    assert skipped.series[0].history == summed.series[0].history
    for a, b in zip(skipped.model.get_weights(), summed.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_only_training_outside_any_strategy_skips_the_sum():
    import tensorflow as tf

    assert tfleaks.one_replica()
    with tf.distribute.OneDeviceStrategy("/cpu:0").scope():
        assert not tfleaks.one_replica()  # under any real strategy, Keras's own sum runs
