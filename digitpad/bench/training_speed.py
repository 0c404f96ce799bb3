"""Training speed: digitpad's engine against the Keras tutorial's own recipe, on the same images.

Two sides, each in its own process. ``tutorial``: the tutorial's exact recipe (float64 inputs from
``/ 255.0``, batch 32, plain ``model.fit`` with Adam at its default rate, the tutorial's network written
out as in the tutorial, no validation). ``engine``: ``digitpad.core.training.train`` with digitpad's
default settings, except ``validation_split=0`` so that both sides train on the same images. Both
evaluate test accuracy at every tenth of an epoch (``time_to_accuracy`` and ``memory`` read those results
too); the clock, from the moment the data is turned into inputs (model building and compilation
included), excludes those evaluations. Images per second = images x epochs / that time. The tutorial's
side is evaluated exactly at each tenth (its batch ends come every 32 images); digitpad's at the first
batch report at or after it (a report comes every 8 batches of 256: up to 2,047 images later, so its
times there are if anything late), with the weight average it would hand over if stopped there.

The engine is measured on its production path unchanged: the bench only listens, through the
``Reporter``'s ``model_built`` and ``epoch`` calls.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time

from digitpad.bench.machine import own_cpu_s
from digitpad.bench.memory import peak_rss_mb
from digitpad.bench.plan import Plan
from digitpad.bench.stats import ratio
from digitpad.bench.table import Row, Section, at_least, fmt
from digitpad.core.reporting import BatchReport, EpochReport, Reporter, RunInfo

SPEED_GOAL = 3.0  # digitpad's images per second over the tutorial's, whole run, with bfloat16
SPEED_GOAL_FLOAT32 = 2.0  # the same where training runs in float32 (no AVX512-BF16 or AMX)
EVALUATIONS_PER_EPOCH = 10


def _test_accuracy(model, images, labels) -> float:
    from digitpad.core.inference import accuracy_of, predict_probabilities

    return accuracy_of(predict_probabilities(model, images), labels)


class EpochClock:
    """Wall time of a training run at each evaluation, with the test evaluations taken out of it.

    Evaluations come at every epoch end (``epoch_end``) and at each tenth of an epoch in between
    (``due`` and ``point``); ``points`` has them all, ``epochs`` the epoch ends.
    """

    def __init__(self, images, labels, train_n: int = 0):
        self.images, self.labels = images, labels
        self.train_n = train_n
        self.start = 0.0
        self.eval_s = 0.0
        self.epochs: list[dict] = []
        self.points: list[dict] = []
        self._next_tenth = 1
        self.eval_cpu_s = 0.0
        self._mark = (0.0, 0.0, 0.0, 0.0)

    def begin(self) -> None:
        self.start = time.perf_counter()
        self.eval_s = self.eval_cpu_s = 0.0
        self._mark = (self.start, own_cpu_s(), 0.0, 0.0)

    def due(self, images_seen: int) -> bool:
        """Whether a tenth of an epoch (other than an epoch end) has been reached since the last evaluation."""
        if not self.train_n or self._next_tenth % EVALUATIONS_PER_EPOCH == 0:
            return False
        return images_seen * EVALUATIONS_PER_EPOCH >= self._next_tenth * self.train_n

    def _evaluate(self, model, epochs: float) -> tuple[float, float]:
        """Test accuracy now, kept as a point; returns (clock without evaluations, accuracy)."""
        now, cpu = time.perf_counter(), own_cpu_s()
        elapsed = now - self.start - self.eval_s
        accuracy = _test_accuracy(model, self.images, self.labels)
        self.eval_s += time.perf_counter() - now
        self.eval_cpu_s += own_cpu_s() - cpu
        self.points.append({"epochs": epochs, "train_s": elapsed, "test_accuracy": accuracy})
        return elapsed, accuracy

    def point(self, model, images_seen: int) -> None:
        self._evaluate(model, images_seen / self.train_n)
        while self._next_tenth * self.train_n <= images_seen * EVALUATIONS_PER_EPOCH:
            self._next_tenth += 1

    def epoch_end(self, model) -> None:
        now, cpu = time.perf_counter(), own_cpu_s()
        # Cores' worth of CPU this process used for training since the last epoch end (evaluations taken
        # out): shows an epoch that ran on one core.
        t0, cpu0, eval0, eval_cpu0 = self._mark
        wall = now - t0 - (self.eval_s - eval0)
        cores = (cpu - cpu0 - (self.eval_cpu_s - eval_cpu0)) / max(1e-9, wall)
        elapsed, accuracy = self._evaluate(model, float(len(self.epochs) + 1))
        self._next_tenth = (len(self.epochs) + 1) * EVALUATIONS_PER_EPOCH + 1
        self._mark = (time.perf_counter(), own_cpu_s(), self.eval_s, self.eval_cpu_s)
        self.epochs.append(
            {"epoch": len(self.epochs) + 1, "train_s": elapsed, "test_accuracy": accuracy, "cores_used": cores}
        )

    def summary(self, train_n: int) -> dict:
        ends = [e["train_s"] for e in self.epochs]
        per_epoch = [b - a for a, b in zip([0.0, *ends], ends, strict=False)]
        steady = per_epoch[1:] or per_epoch
        return {
            "train_samples": train_n,
            "epochs": self.epochs,
            "points": self.points,
            "train_s": ends[-1] if ends else None,
            "samples_per_s": train_n * len(ends) / ends[-1] if ends else None,
            "steady_samples_per_s": train_n / statistics.median(steady) if steady else None,
            "final_test_accuracy": self.epochs[-1]["test_accuracy"] if self.epochs else None,
            "eval_s_excluded": self.eval_s,
        }


# -- the sides (each runs in its own process) ---------------------------------------------------------


def measure_tutorial(plan: Plan, config: dict | None = None) -> dict:
    """The tutorial's recipe, exactly: plain TensorFlow and Keras, none of digitpad's settings."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from digitpad.core.data import load_dataset

    dataset = load_dataset()
    train = dataset.train.head(plan.train_n)
    import keras
    import tensorflow as tf  # noqa: F401  (the tutorial's own import; no digitpad settings)
    from keras import layers

    keras.utils.set_random_seed(0)
    clock = EpochClock(dataset.test.images, dataset.test.labels, len(train))

    class EvaluateEachEpoch(keras.callbacks.Callback):
        """At every tenth of an epoch (its batch ends come every 32 images) and at every epoch end."""

        epoch_index = 0

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch_index = epoch

        def on_train_batch_end(self, batch, logs=None):
            seen = self.epoch_index * len(train) + min(len(train), (batch + 1) * 32)
            if clock.due(seen):
                clock.point(self.model, seen)

        def on_epoch_end(self, epoch, logs=None):
            clock.epoch_end(self.model)

    clock.begin()
    x_train = train.images.reshape((-1, 28, 28, 1)) / 255.0  # float64, as the tutorial does
    y_train = train.labels
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    # verbose=0 spares the tutorial its progress bar: if anything, this favours the tutorial.
    model.fit(x_train, y_train, epochs=plan.epochs, batch_size=32, verbose=0, callbacks=[EvaluateEachEpoch()])
    out = clock.summary(len(train))
    out.update(
        params=int(model.count_params()), input_dtype=str(x_train.dtype), batch_size=32, peak_rss_mb=peak_rss_mb()
    )
    return out


class _EvaluateEachEpoch(Reporter):
    """Listens to ``train``: keeps a handle on the network being trained and evaluates it at each epoch end
    and, when ``tenths``, at each tenth of an epoch (with the weight average ``train`` would hand over)."""

    def __init__(self, clock: EpochClock, tenths: bool = True):
        self.clock = clock
        self.tenths = tenths
        self.model = None
        self.info: RunInfo | None = None
        self.reports: list[dict] = []

    def run_started(self, info: RunInfo) -> None:
        self.info = info
        if self.tenths:
            self.clock.train_n = info.train_samples

    def model_built(self, series: int, model) -> None:
        self.model = model

    def batch(self, report: BatchReport) -> None:
        if self.clock.due(report.samples_seen):
            with averaged_weights(self.model):
                self.clock.point(self.model, report.samples_seen)

    def epoch(self, report: EpochReport) -> None:
        self.reports.append(
            {
                "epoch": report.epoch,
                "seconds": report.seconds,
                "samples_per_s": report.samples_per_s,
                "loss": report.loss,
                "accuracy": report.accuracy,
                "val_accuracy": report.val_accuracy,
            }
        )
        self.clock.epoch_end(self.model)


@contextlib.contextmanager
def averaged_weights(model):
    """The model holding its optimizer's moving average of the weights (if it keeps one), then as it was.

    What a stop at this moment would hand over: Keras writes the average into the model when ``fit`` ends.
    """
    optimizer = model.optimizer
    if not getattr(optimizer, "use_ema", False):
        yield
        return
    variables = model.trainable_variables
    saved = [v.numpy() for v in variables]
    for variable, average in zip(variables, optimizer._model_variables_moving_average, strict=True):
        variable.assign(average)
    try:
        yield
    finally:
        for variable, value in zip(variables, saved, strict=True):
            variable.assign(value)


def run_engine(config_dict: dict, tenths: bool = True) -> dict:
    """Run ``train`` with a config and evaluate test accuracy at each epoch end and, when ``tenths``, at each
    tenth of an epoch (off the clock; the epochs' own speed reports then include those evaluations)."""
    from digitpad.core.config import TrainingConfig
    from digitpad.core.data import load_dataset
    from digitpad.core.tfsetup import tensorflow_module
    from digitpad.core.training import compute_precision, train

    config = TrainingConfig.from_dict(config_dict).validate()
    dataset = load_dataset()
    tensorflow_module()  # imported before the clock starts, as the tutorial's side imports it before its own
    clock = EpochClock(dataset.test.images, dataset.test.labels)
    listener = _EvaluateEachEpoch(clock, tenths)
    clock.begin()
    result = train(config, dataset, listener)
    info = listener.info
    assert info is not None  # train reports run_started before anything trains
    out = clock.summary(info.train_samples)
    # The network the user gets (in float32 even when it trained in bfloat16), evaluated by ``train`` itself.
    out["last_epoch_test_accuracy"] = out["final_test_accuracy"]
    out["final_test_accuracy"] = result.test_accuracy
    seconds = sum(r["seconds"] for r in listener.reports)
    out.update(
        config=config.to_dict(),
        validation_samples=info.validation_samples,
        engine_epochs=listener.reports,
        precision=compute_precision(config),
        engine_samples_per_s=info.train_samples * len(listener.reports) / seconds if seconds else None,
        result_test_accuracy=result.test_accuracy,
        peak_rss_mb=peak_rss_mb(),
    )
    return out


def measure_engine(plan: Plan, config: dict | None = None) -> dict:
    """digitpad's engine with its default settings (no validation split, as the tutorial)."""
    from digitpad.core.config import TrainingConfig

    defaults = TrainingConfig(
        epochs=plan.epochs,
        validation_split=0.0,
        train_samples=plan.train_n if plan.train_n < 60_000 else 0,
        precision=plan.precision,
    )
    return run_engine(defaults.to_dict())


# -- the report ---------------------------------------------------------------------------------------


def section(plan: Plan, parts: dict) -> Section:
    eng, tut = parts.get("engine", {}), parts.get("tutorial", {})
    speedup = ratio(eng.get("samples_per_s"), tut.get("samples_per_s"))
    steady = ratio(eng.get("steady_samples_per_s"), tut.get("steady_samples_per_s"))
    goal = SPEED_GOAL if eng.get("precision", "bfloat16") == "bfloat16" else SPEED_GOAL_FLOAT32
    return Section(
        figures={"train_speedup_vs_tutorial": speedup},
        extra={
            "train_samples_per_s": eng.get("samples_per_s"),
            "tutorial_samples_per_s": tut.get("samples_per_s"),
            "train_steady_speedup": steady,
        },
        rows=[
            Row(
                "training speed (images/s, whole run)",
                fmt(eng.get("samples_per_s"), ",.0f"),
                fmt(tut.get("samples_per_s"), ",.0f"),
                fmt(speedup, ".2f", "x"),
                f">= {goal:.1f}x ({eng.get('precision', '?')})",
                at_least(speedup, goal),
            ),
            Row(
                "  steady epochs only (2nd on)",
                fmt(eng.get("steady_samples_per_s"), ",.0f"),
                fmt(tut.get("steady_samples_per_s"), ",.0f"),
                fmt(steady, ".2f", "x"),
                "",
                None,
            ),
        ],
    )
