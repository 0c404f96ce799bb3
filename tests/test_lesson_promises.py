"""Each shipped lesson keeps the promise its text makes: its own settings, a fixed seed, a real training run.

Lessons 2 to 4 share one small-data recipe (500 images, 30 epochs in batches of 16), tuned so that the effect
shows within about half a minute per run on two cores; lesson 1 trains on everything, so only its first few
thousand images are run (the loss falls steeply there, which is what it promises).
"""

from dataclasses import replace

import numpy as np
import pytest

from digitpad.core.curves import find_overfitting
from digitpad.core.lessons import load_lesson
from digitpad.core.reporting import Reporter
from digitpad.core.resources import resources_dir
from digitpad.core.runs import RunHistory
from digitpad.core.tasks import TaskState
from digitpad.core.training import train

pytestmark = pytest.mark.slow
LESSONS = resources_dir() / "lessons"


def lesson(name: str):
    return load_lesson(LESSONS / name)


class Recorder(Reporter):
    """Keeps the run as the window does (a RunHistory with its smoothed curves); can stop it after some images."""

    def __init__(self, config, stop_after: int | None = None):
        self.config, self.stop_after = config, stop_after
        self.history, self.record, self.state = RunHistory(), None, TaskState()

    def run_started(self, info):
        self.record = self.history.begin(info, self.config)

    def batch(self, report):
        self.history.record_batch(self.record, report)
        if self.stop_after is not None and report.samples_seen >= self.stop_after:
            self.state.request_stop()

    def epoch(self, report):
        self.history.record_epoch(self.record, report)


class Run:
    """One network's curves after a run: training and validation loss per epoch, and the result."""

    def __init__(self, config, dataset):
        recorder = Recorder(config)
        self.result = train(config, dataset, recorder, recorder.state)
        series = recorder.record.series[0]
        self.epochs, self.loss = series.epochs.column(0).copy(), series.epochs.column(1).copy()
        self.val_epochs, self.val_loss = series.val_epochs.column(0).copy(), series.val_epochs.column(1).copy()

    @property
    def climb(self) -> float:
        """How far the last validation loss is above the lowest, as a share of the lowest."""
        return float(self.val_loss[-1] / self.val_loss.min() - 1)

    @property
    def gap(self) -> float:
        """Validation loss minus training loss at the end: how much better it does on what it learned."""
        return float(self.val_loss[-1] - self.loss[-1])

    def __repr__(self) -> str:
        return (
            f"<val loss lowest {self.val_loss.min():.3f} at epoch {int(self.val_epochs[np.argmin(self.val_loss)])}, "
            f"last {self.val_loss[-1]:.3f} (+{self.climb:.0%}), gap {self.gap:.3f}, "
            f"test {self.result.test_accuracy:.2%}>"
        )


@pytest.fixture(scope="module")
def small_data_run(mnist):
    """Lesson 2 (and 3) as shipped, with no cure switched on."""
    config = lesson("lesson-2-only-dropout.json").config
    assert not (config.dropout or config.l1 or config.l2)
    return Run(config, mnist)


def test_lesson_1_the_loss_falls_steeply_in_the_first_images(mnist):
    config = lesson("lesson-1-tutorial.json").config
    recorder = Recorder(config, stop_after=20_000)  # "within the first 20,000 images"
    train(config, mnist, recorder, recorder.state)
    smoothed = recorder.record.series[0].smoothed
    seen, loss, accuracy = (smoothed.column(i) for i in range(3))
    assert seen[-1] <= 26_000  # it really was stopped early
    assert loss[-1] < loss[0] / 3, (loss[0], loss[-1])  # "less than a third"
    assert accuracy[-1] > 0.9, accuracy[-1]  # "past 90%"
    assert 0.3 < loss[-1] < 0.9  # "levels off near 0.5 rather than 0" (label smoothing's floor)


def test_lesson_2_overfits_and_dropout_closes_the_gap(mnist, small_data_run):
    plain = small_data_run
    # As it is: the validation loss climbs again, by a clear margin, and the chart's band finds where.
    assert plain.climb >= 0.15, plain
    found = find_overfitting(plain.epochs, plain.loss, plain.val_epochs, plain.val_loss)
    assert found is not None and found.start_epoch <= 15, (found, plain)
    assert plain.loss[-1] < 0.02  # learned by heart

    config = replace(lesson("lesson-2-only-dropout.json").config, dropout=0.5, dropout_conv=True)
    cured = Run(config, mnist)
    assert cured.climb <= 0.05, cured  # no climb back up
    assert cured.val_loss[-1] <= 0.75 * plain.val_loss[-1], (cured, plain)
    assert cured.gap <= 0.5 * plain.gap, (cured, plain)  # "the gap almost closes"
    # "Test accuracy gains only about a point" (never a loss of more than half a point).
    assert cured.result.test_accuracy - plain.result.test_accuracy >= -0.005, (cured, plain)


@pytest.mark.parametrize(("switch", "rate"), [("l2", 0.001), ("l1", 0.0001)])
def test_lesson_3_a_penalty_stops_the_climb_and_shrinks_the_gap(mnist, small_data_run, switch, rate):
    base = lesson("lesson-3-l1-vs-l2.json").config
    assert base == lesson("lesson-2-only-dropout.json").config  # the same small data as lesson 2
    plain = small_data_run
    penalised = Run(replace(base, **{switch: rate}), mnist)
    assert penalised.climb <= 0.03, penalised  # levels off instead of climbing
    assert penalised.gap <= 0.85 * plain.gap, (penalised, plain)  # "shrinks by about a quarter"


def test_lesson_4_stops_early_and_keeps_the_best_epoch(mnist):
    config = lesson("lesson-4-early-stopping.json").config
    assert config.early_stopping and config.monitor == "val_loss"
    run = Run(config, mnist)
    trained = len(run.epochs)
    best = run.result.series[0].best_epoch
    assert trained < config.epochs / 3, run  # "after about 7" of up to 50
    assert best is not None and trained == best + config.patience, (best, trained)
    assert run.val_loss[best - 1] == run.val_loss.min()  # the starred epoch is the lowest validation loss
