"""What the curves say: smoothed per-batch values that carry on across epochs, overfitting, the epoch-1 hint."""

import numpy as np
import pytest

from digitpad.core.config import TrainingConfig
from digitpad.core.curves import (
    SMOOTHING_MAX,
    BatchSmoother,
    find_overfitting,
    interval_mean,
    smoothing_window,
    validation_leads_at_start,
)


def keras_running_means(batch_values, batch_size):
    """What Keras reports after each batch: the mean over the epoch so far, weighted by image."""
    done, total, means = 0, 0.0, []
    for value, size in zip(batch_values, batch_size, strict=True):
        done += size
        total += value * size
        means.append(total / done)
    return means


def test_interval_means_recover_the_batches_behind_a_running_mean():
    values, sizes = [2.0, 1.0, 0.7, 0.4], [32, 32, 32, 8]  # the last batch is short
    means = keras_running_means(values, sizes)
    done = np.cumsum(sizes)
    recovered = [interval_mean(0, 0.0, done[0], means[0])]
    recovered += [interval_mean(done[i - 1], means[i - 1], done[i], means[i]) for i in range(1, 4)]
    np.testing.assert_allclose(recovered, values)
    # Two batches reported at once give their weighted mean.
    assert interval_mean(done[1], means[1], done[3], means[3]) == pytest.approx((0.7 * 32 + 0.4 * 8) / 40)
    assert interval_mean(64, 1.5, 64, 1.5) == 1.5  # nothing new: the running mean itself


def test_the_smoothed_curve_does_not_drop_at_an_epoch_boundary():
    """A loss falling steadily batch by batch: Keras's running mean jumps down when epoch 2 begins; the
    smoothed curve follows the batches themselves and keeps falling smoothly."""
    batch, per_epoch = 32, 10
    true_loss = np.linspace(2.0, 0.2, 2 * per_epoch)
    smoother = BatchSmoother(window=64)
    reported, smoothed = [], []
    for epoch in (1, 2):
        values = true_loss[(epoch - 1) * per_epoch : epoch * per_epoch]
        means = keras_running_means(values, [batch] * per_epoch)
        for i, mean in enumerate(means):
            seen = ((epoch - 1) * per_epoch + i + 1) * batch
            reported.append(mean)
            smoothed.append(smoother.add(epoch, (i + 1) * batch, seen, mean, 0.5)[0])
    boundary = per_epoch  # the first report of epoch 2
    # The raw running mean drops by far more at the boundary than any batch-to-batch change...
    step = true_loss[1] - true_loss[0]
    assert reported[boundary - 1] - reported[boundary] > 5 * abs(step)
    # ...while the smoothed curve moves by no more than it does anywhere else.
    changes = np.diff(smoothed)
    assert np.all(changes < 0)
    assert abs(changes[boundary - 1]) <= abs(changes[boundary - 2]) * 1.01
    # It lags the true values by about the window, never more than a few batches' worth.
    assert smoothed[-1] == pytest.approx(true_loss[-1], abs=4 * abs(step))


def test_uneven_reports_smooth_by_the_images_they_cover():
    """One report covering 4 batches moves the average as far as 4 reports of one batch each."""
    one_by_one = BatchSmoother(window=100)
    one_by_one.add(1, 32, 32, 1.0, 0.0)
    for k in range(2, 6):
        value = one_by_one.add(1, 32 * k, 32 * k, (1.0 * 32 + 0.0 * 32 * (k - 1)) / (32 * k), 0.0)[0]
    at_once = BatchSmoother(window=100)
    at_once.add(1, 32, 32, 1.0, 0.0)
    combined = at_once.add(1, 160, 160, 32 / 160, 0.0)[0]
    assert combined == pytest.approx(value)


def test_the_window_follows_the_training_set():
    assert smoothing_window(54_000) == SMOOTHING_MAX
    assert smoothing_window(1_000) == 120
    assert smoothing_window(10) == 64
    assert smoothing_window(0) == 64


def overfitting(train, val):
    epochs = np.arange(1, len(train) + 1)
    return find_overfitting(epochs, np.array(train), epochs[: len(val)], np.array(val))


def test_overfitting_is_found_where_validation_loss_rises_twice_while_training_falls():
    train = [1.0, 0.6, 0.4, 0.3, 0.2, 0.1, 0.05]
    val = [1.1, 0.7, 0.5, 0.45, 0.5, 0.56, 0.6]
    found = overfitting(train, val)
    assert (found.start_epoch, found.found_epoch) == (4, 6)
    assert overfitting(train[:5], val[:5]) is None  # one rise is not yet a trend


@pytest.mark.parametrize(
    ("train", "val"),
    [
        ([1.0, 0.6, 0.4, 0.3, 0.2], [1.1, 0.7, 0.5, 0.45, 0.44]),  # validation still falling
        ([1.0, 0.6, 0.4, 0.45, 0.5], [1.1, 0.7, 0.5, 0.55, 0.6]),  # both rise: training itself goes wrong
        ([1.0, 0.6, 0.4, 0.3, 0.2], [1.1, 0.7, 0.5, 0.501, 0.502]),  # a rise of 0.4%: noise, not a trend
        ([1.0, 0.6, 0.4, 0.3, 0.2], []),  # no validation at all
    ],
)
def test_no_overfitting_without_the_pattern(train, val):
    assert overfitting(train, val) is None


def test_validation_leading_in_epoch_one_names_the_reasons_that_apply():
    assert validation_leads_at_start(0.40, 0.88, 0.25, 0.93, TrainingConfig()) == ("running-mean",)
    assert validation_leads_at_start(0.40, 0.88, 0.25, 0.93, TrainingConfig(dropout=0.3, augment=True)) == (
        "running-mean",
        "dropout",
        "augment",
    )
    assert validation_leads_at_start(0.20, 0.95, 0.25, 0.93, TrainingConfig()) == ()
    assert validation_leads_at_start(0.20, 0.95, None, None, TrainingConfig()) == ()
