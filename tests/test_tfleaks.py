"""TensorFlow's gradient registry keeps every traced training step; digitpad lets go of them after a run."""

import pytest

from digitpad.core import tfleaks
from digitpad.core.config import TrainingConfig
from digitpad.core.data import Dataset


def test_registrations_stay_while_any_run_is_on_and_go_when_all_have_ended():
    registry = tfleaks._registry()
    assert registry is not None, "TensorFlow's gradient registry moved: tfleaks needs a look"
    seen = {}

    @tfleaks.releases_training_graphs
    def inner():
        registry["CustomGradient-test-inner"] = {"type": None}

    @tfleaks.releases_training_graphs
    def outer():
        registry["CustomGradient-test-outer"] = {"type": None}
        registry["NotOurs-test"] = {"type": None}
        inner()  # another run ends while this one still traces: nothing of this one may go
        seen["after inner"] = {"CustomGradient-test-outer", "CustomGradient-test-inner"} <= set(registry)

    outer()
    assert seen["after inner"]
    assert "CustomGradient-test-outer" not in registry and "CustomGradient-test-inner" not in registry
    assert registry.pop("NotOurs-test")  # only the custom-gradient registrations are removed


@pytest.mark.slow
def test_a_training_run_leaves_no_traced_step_registered(mnist):
    from digitpad.core.training import train

    registry = tfleaks._registry()
    before = set(registry)
    small = Dataset(mnist.train.head(600), mnist.test.head(200), "MNIST (part)", "bundled")
    train(TrainingConfig(epochs=1, train_samples=256, batch_size=64), small)
    assert set(registry) == before
