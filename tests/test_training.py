"""Real training runs on slices of the real MNIST (seconds each on 2 cores)."""

import itertools
import threading
import time

import numpy as np
import pytest

from digitpad.core.config import TrainingConfig
from digitpad.core.reporting import Reporter, SeriesName
from digitpad.core.tasks import TaskState
from digitpad.core.training import TrainingStopped, train

pytestmark = pytest.mark.slow


class Recorder(Reporter):
    def __init__(self):
        self.info = None
        self.batches, self.epochs, self.finished, self.built = [], [], [], []

    def run_started(self, info):
        self.info = info

    def model_built(self, series, model):
        # (series, the network, compiled already?, epochs reported before it was handed over)
        self.built.append((series, model, model.optimizer is not None, len(self.epochs)))

    def batch(self, report):
        self.batches.append((time.perf_counter(), report))

    def epoch(self, report):
        self.epochs.append(report)

    def series_finished(self, index, result):
        self.finished.append((index, result))


def test_one_epoch_on_a_slice_reaches_90_percent_on_held_out_images(mnist):
    rec = Recorder()
    config = TrainingConfig(epochs=1, train_samples=4000, batch_size=32, validation_split=0.1)
    result = train(config, mnist, rec)
    assert result.test_accuracy >= 0.90, result.test_accuracy  # 10,000 test images never seen
    assert rec.info.train_samples == 4000 and rec.info.validation_samples == 6000
    assert len(rec.epochs) == 1 and rec.epochs[0].val_accuracy > 0.85
    assert rec.batches, "batch reports arrive during the epoch"
    last = rec.batches[-1][1]
    assert last.samples_per_s > 0 and 0 < last.progress <= 1 and last.regularization_loss is None
    times = [t for t, _ in rec.batches]
    # Throttled: never two batch reports closer than the interval (20 a second at most).
    assert all(b - a >= 0.045 for a, b in itertools.pairwise(times))
    assert result.metadata()["series"][0]["history"]["val_accuracy"]
    # The model_built hook hands over the very network that then trains, compiled, before its first epoch.
    [(series, built, compiled, epochs_before)] = rec.built
    assert series == 0 and compiled and epochs_before == 0
    trained = result.model.get_weights()  # a float32 copy when it trained in bfloat16: the same weights
    assert all(np.array_equal(a, b) for a, b in zip(built.get_weights(), trained, strict=True))


def test_stop_takes_effect_within_one_batch(mnist):
    state = TaskState()
    stopped_at = {}

    class StopAfterFirstReport(Recorder):
        def batch(self, report):
            super().batch(report)
            if not stopped_at:
                stopped_at["batch"] = report.batch
                stopped_at["time"] = time.perf_counter()
                state.request_stop()

    rec = StopAfterFirstReport()
    config = TrainingConfig(epochs=3, train_samples=20000, batch_size=64, steps_per_execution=1, validation_split=0.05)
    result = train(config, mnist, rec, state)
    assert result.stopped
    assert len(rec.batches) == 1  # nothing after the stop
    assert rec.epochs[-1].epoch == 1  # the first epoch ended early
    assert result.test_accuracy is not None  # a stopped run is still evaluated and usable


def test_abort_skips_evaluation_and_stops_quickly(mnist):
    state = TaskState()
    state.abort()
    with pytest.raises(TrainingStopped):
        train(TrainingConfig(epochs=1, train_samples=500), mnist, Recorder(), state)


def test_pause_and_resume(mnist):
    state = TaskState()
    rec = Recorder()
    paused = threading.Event()

    class PauseOnce(Recorder):
        def batch(self, report):
            rec.batch(report)
            if not paused.is_set():
                paused.set()
                state.pause()

    def resume_later():
        paused.wait(60)
        time.sleep(0.6)
        count = len(rec.batches)
        time.sleep(0.4)
        resume_later.no_progress = len(rec.batches) == count  # nothing moved while paused
        state.resume()

    helper = threading.Thread(target=resume_later)
    helper.start()
    result = train(
        TrainingConfig(epochs=1, train_samples=3000, batch_size=64, steps_per_execution=1, validation_split=0.05),
        mnist,
        PauseOnce(),
        state,
    )
    helper.join()
    assert resume_later.no_progress
    assert not result.stopped and len(rec.batches) > 1


def test_regularization_loss_is_reported_on_its_own(mnist):
    rec = Recorder()
    train(TrainingConfig(epochs=1, train_samples=1000, l1=1e-4, l2=1e-3, validation_split=0.05), mnist, rec)
    reg = rec.epochs[-1].regularization_loss
    assert reg is not None and 0 < reg < rec.epochs[-1].loss


def test_early_stopping_restores_the_best_epoch(mnist):
    rec = Recorder()
    # A tiny training set and a high learning rate overfit fast, so validation loss turns up.
    config = TrainingConfig(
        epochs=12,
        train_samples=300,
        batch_size=32,
        learning_rate=0.003,
        lr_schedule="constant",
        early_stopping=True,
        patience=2,
        validation_split=0.05,
    )
    result = train(config, mnist, rec)
    series = result.series[0]
    val_losses = series.history["val_loss"]
    assert series.best_epoch == int(np.argmin(val_losses)) + 1
    assert len(val_losses) < 12 and len(val_losses) == series.best_epoch + 2  # stopped after the patience
    # The kept weights are the best epoch's: the validation accuracy reported is that epoch's.
    assert series.val_accuracy == series.history["val_accuracy"][series.best_epoch - 1]


def test_bagging_ensemble_averages_its_members(mnist):
    from digitpad.core.inference import predict_probabilities

    rec = Recorder()
    result = train(TrainingConfig(epochs=1, train_samples=2000, ensemble=3, validation_split=0.05), mnist, rec)
    assert rec.info.series == [SeriesName("member", 1), SeriesName("member", 2), SeriesName("member", 3)]
    assert [str(name) for name in rec.info.series] == ["member 1", "member 2", "member 3"]
    assert [s["name"] for s in result.metadata()["series"]] == ["member 1", "member 2", "member 3"]
    assert [(series, compiled) for series, _, compiled, _ in rec.built] == [(0, True), (1, True), (2, True)]
    assert [before for *_, before in rec.built] == [0, 1, 2]  # each member is built just before it trains
    assert tuple(result.model.output_shape) == (None, 3, 10)
    assert all(s.test_accuracy is not None for s in result.series)
    probs = predict_probabilities(result.model, mnist.test.images[:100])
    assert probs.shape == (100, 3, 10)
    # Members differ (bootstrap samples, seeds), and the ensemble is their average.
    assert not np.allclose(probs[:, 0], probs[:, 1])
    assert result.test_accuracy >= min(s.test_accuracy for s in result.series)


def test_kfold_reports_mean_and_spread(mnist):
    rec = Recorder()
    result = train(TrainingConfig(epochs=1, train_samples=1500, kfold=3), mnist, rec)
    assert [str(name) for name in rec.info.series] == ["fold 1", "fold 2", "fold 3"]
    assert rec.info.series[2] == SeriesName("fold", 3) and rec.info.validation_samples == 500
    vals = [s.val_accuracy for s in result.series]
    assert result.fold_mean == pytest.approx(np.mean(vals)) and result.fold_std == pytest.approx(np.std(vals))
    assert result.chosen_fold == int(np.argmax(vals)) + 1
    assert {r.series for r in rec.epochs} == {0, 1, 2}


def test_augmentation_changes_images_but_keeps_the_digit(mnist, default_model):
    from digitpad.core.inference import predict_probabilities
    from digitpad.core.tfsetup import tensorflow_module
    from digitpad.core.training import make_augmenter

    tf = tensorflow_module()
    x = mnist.test.images[:500].astype(np.float32)[..., None] / 255.0
    out = make_augmenter(seed=1)(tf.constant(x)).numpy()
    assert out.shape == x.shape and out.min() >= 0 and out.max() <= 1
    assert np.abs(out - x).mean() > 0.02  # really moved
    acc = (predict_probabilities(default_model.model, out).argmax(1) == mnist.test.labels[:500]).mean()
    assert acc > 0.9  # still the same digits


def test_training_with_augmentation(mnist):
    result = train(
        TrainingConfig(epochs=1, train_samples=4000, batch_size=32, augment=True, validation_split=0.05), mnist
    )
    assert result.test_accuracy > 0.8  # 0.88-0.92 measured; without learning it would be about 0.1


@pytest.mark.parametrize(("samples", "full"), [(12_800, True), (2_000, False)])
def test_full_runs_smooth_labels_and_jitter_small_runs_do_not(mnist, samples, full):
    """Label smoothing, jitter and weight averaging need 50 steps an epoch; a small run overfits as it should."""
    state = TaskState()
    seen = {}

    class Inspect(Recorder):
        def model_built(self, series, model):
            super().model_built(series, model)
            seen["loss"] = type(model.loss).__name__
            seen["ema"] = bool(model.optimizer.use_ema)
            state.request_stop()  # the first steps are enough

    train(TrainingConfig(epochs=1, train_samples=samples, validation_split=0.0), mnist, Inspect(), state)
    assert seen == ({"loss": "CategoricalCrossentropy", "ema": True} if full else {"loss": "str", "ema": False}), seen


def test_batch_reports_never_count_past_the_epoch_and_say_how_much_of_it_is_done(mnist):
    """Keras reports whole executions of 8 batches: an epoch of 4 batches said "batch 8/4"."""
    rec = Recorder()
    config = TrainingConfig(epochs=2, train_samples=300, batch_size=80, validation_split=0.05)  # 4 batches
    train(config, mnist, rec)
    reports = [r for _, r in rec.batches]
    assert reports and all(r.batches_per_epoch == 4 and 1 <= r.batch <= 4 for r in reports), reports
    # What the running means average: the images done in this epoch, never more than the epoch has.
    assert all(0 < r.epoch_samples <= 300 for r in reports)
    assert all(r.epoch_samples == min(300, r.batch * 80) for r in reports)
