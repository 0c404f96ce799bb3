"""The training engine: ``train()`` turns a ``TrainingConfig`` and a dataset into the network that predicts next.

The shape follows Orange3's concurrent tasks: ``train()`` is an ordinary function that gets a small state
object to ask "should I stop?" (and to wait while paused, ``core/tasks.py``) and a ``Reporter`` to hand
progress and partial results to (``core/reporting.py``). The Keras side of both is the ``KerasBridge``
callback (``core/keras_bridge.py``). The window runs this function in a worker thread and turns the
reporter calls into Qt signals; the command line prints them. Here too: the input pipeline, and what
precision and weight averaging mean on this machine.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core import augment as augment_module
from digitpad.core import data as datamod
from digitpad.core.augment import make_augmenter
from digitpad.core.config import TrainingConfig
from digitpad.core.inference import EVALUATION_BATCH, accuracy_of, ensemble_model, predict_probabilities
from digitpad.core.keras_bridge import FitShape, RunClock, keras_bridge_class
from digitpad.core.model import build_model, compile_model
from digitpad.core.reporting import Reporter, RunInfo, SeriesName, SeriesResult
from digitpad.core.tasks import TaskState
from digitpad.core.tfsetup import tensorflow_module

log = logging.getLogger(__name__)

# Epochs shorter than this train without weight averaging, label smoothing and jitter: those speed up full
# runs, and a few hundred images must still overfit as quickly as the lessons show.
MIN_STEPS_TO_AVERAGE = 50


class TrainingStopped(Exception):
    """Raised when a stop came before any network was trained: there is nothing to hand over."""


@dataclass
class TrainResult:
    """What a run hands over: the model that predicts next, each series's history, and how well it did."""

    config: TrainingConfig
    mode: str
    model: Any  # the Keras model that predicts: one network, or an ensemble with output (None, N, 10)
    series: list[SeriesResult]
    test_accuracy: float | None
    dataset: str
    seconds: float
    stopped: bool = False
    fold_mean: float | None = None
    fold_std: float | None = None
    chosen_fold: int | None = None

    def metadata(self) -> dict:
        return {
            "config": self.config.to_dict(),
            "mode": self.mode,
            "dataset": self.dataset,
            "test_accuracy": self.test_accuracy,
            "stopped_early_by_user": self.stopped,
            "training_seconds": round(self.seconds, 2),
            "series": [
                {
                    "name": str(s.name),
                    "history": s.history,
                    "best_epoch": s.best_epoch,
                    "val_accuracy": s.val_accuracy,
                    "test_accuracy": s.test_accuracy,
                }
                for s in self.series
            ],
            "fold_mean": self.fold_mean,
            "fold_std": self.fold_std,
            "chosen_fold": self.chosen_fold,
        }


@dataclass(frozen=True)
class SeriesPlan:
    """One network a run trains: its place in the run, its name and its images."""

    index: int
    name: SeriesName  # model, member 1, fold 1, ...
    train: datamod.Split
    validation: datamod.Split


def make_dataset(  # noqa: PLR0913 - keyword-only switches of one pipeline
    split: datamod.Split,
    batch_size: int,
    *,
    shuffle: bool,
    augment: bool = False,
    seed: int = 0,
    one_hot: bool = False,
    jitter: int = 0,
):
    """uint8 images in, float32 0..1 out: the scaling (and augmentation) run inside TensorFlow's graph.
    Labels come as 0-9, or as one-hot rows with ``one_hot`` (for label smoothing); ``jitter`` shifts each
    image by up to that many pixels (unless ``augment``, which shifts them anyway).

    The images stay one uint8 tensor; only their indices are shuffled, and each batch is gathered at once
    (half the pipeline's CPU time of shuffling 60,000 image tensors one by one, on a 2-core machine).
    """
    tf = tensorflow_module()
    images = tf.constant(split.images[..., None])
    labels = tf.constant(split.labels.astype(np.int32))
    ds = tf.data.Dataset.range(len(split))
    if shuffle:
        ds = ds.shuffle(len(split), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    augmenter = make_augmenter(seed) if augment else None
    if augmenter is None and jitter:
        augmenter = partial(augment_module.jitter, pixels=jitter, seed=seed)

    def gather(index):
        x = tf.cast(tf.gather(images, index), tf.float32) / 255.0
        y = tf.gather(labels, index)
        return (augmenter(x) if augmenter else x), (tf.one_hot(y, datamod.NUM_CLASSES) if one_hot else y)

    return ds.map(gather, num_parallel_calls=tf.data.AUTOTUNE).prefetch(tf.data.AUTOTUNE)


def native_bfloat16() -> bool:
    """Whether the CPU multiplies bfloat16 in hardware (x86 AVX512-BF16 or AMX-BF16).

    Elsewhere TensorFlow emulates bfloat16, which is slower than float32, so ``precision="auto"`` keeps
    float32 there. Only Linux is checked (it is where /proc/cpuinfo says so); other systems get float32.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return bool({"avx512_bf16", "amx_bf16"} & set(line.split(":", 1)[1].split()))
    return False


def compute_precision(config: TrainingConfig) -> str:
    """ "float32" or "bfloat16": what ``config.precision`` means on this machine."""
    if config.precision == "auto":
        return "bfloat16" if native_bfloat16() else "float32"
    return config.precision


def averaging_momentum(config: TrainingConfig, steps_per_epoch: int) -> float | None:
    """The weight average's momentum: a window of about a fifth of an epoch, at most ~100 steps.

    None (no averaging) when switched off or when an epoch has too few steps to average over: a tiny
    training set must be free to overfit quickly, which is what it is there to show.
    """
    if not config.weight_averaging or steps_per_epoch < MIN_STEPS_TO_AVERAGE:
        return None
    return min(0.99, 1.0 - 5.0 / steps_per_epoch)


def plan_series(config: TrainingConfig, dataset: datamod.Dataset) -> tuple[str, list[SeriesPlan]]:
    """The run's mode ("single", "ensemble" or "kfold") and the networks it trains, each with its images."""
    if config.kfold >= 2:
        pool = dataset.train.head(config.train_samples) if config.train_samples else dataset.train
        folds = datamod.kfold_indices(len(pool), config.kfold, config.seed)
        return "kfold", [
            SeriesPlan(i, SeriesName("fold", i + 1), pool.subset(tr), pool.subset(va))
            for i, (tr, va) in enumerate(folds)
        ]
    train_part, val_part = datamod.validation_split(dataset.train, config.validation_split, config.seed)
    if config.train_samples:
        train_part = train_part.head(config.train_samples)
    if config.ensemble > 1:
        return "ensemble", [
            SeriesPlan(
                i,
                SeriesName("member", i + 1),
                train_part.subset(datamod.bootstrap_indices(len(train_part), config.seed + i)),
                val_part,
            )
            for i in range(config.ensemble)
        ]
    return "single", [SeriesPlan(0, SeriesName("model"), train_part, val_part)]


def full_run(shape: FitShape) -> bool:
    """Whether epochs are long enough for weight averaging, label smoothing and jitter."""
    return shape.batches_per_epoch >= MIN_STEPS_TO_AVERAGE


def _compiled_model(config: TrainingConfig, name: str, shape: FitShape, mixed: bool):
    """A fresh network for one series, compiled with the run's schedule, weight averaging and loss."""
    steps = shape.batches_per_epoch
    momentum = averaging_momentum(config, steps)
    return compile_model(
        build_model(config, name=name, dtype="mixed_bfloat16" if mixed else None),
        config,
        steps * config.epochs,
        ema_momentum=momentum,
        ema_every=steps if momentum else None,
        warmup_steps=round(config.warmup_epochs * steps),
        label_smoothing=config.label_smoothing if full_run(shape) else 0.0,
    )


def _series_result(name: SeriesName, history: dict[str, list], early) -> SeriesResult:
    """What one network's ``fit`` left behind; with early stopping, the validation accuracy of the kept epoch."""
    hist = {k: [float(v) for v in vals] for k, vals in history.items()}
    best_epoch = None
    if early is not None and early.best_weights is not None:
        best_epoch = int(early.best_epoch) + 1
    val_accuracy = None
    if hist.get("val_accuracy"):
        val_accuracy = hist["val_accuracy"][best_epoch - 1] if best_epoch else hist["val_accuracy"][-1]
    return SeriesResult(name, hist, best_epoch, val_accuracy, None)


def _fit_one(
    config: TrainingConfig, series: SeriesPlan, reporter: Reporter, state: TaskState, clock: RunClock
) -> tuple[Any, SeriesResult]:
    """Build, compile and fit one series's network; returns it (in float32) and what its fit left behind."""
    import keras

    tensorflow_module()
    seed = config.seed + series.index
    keras.utils.set_random_seed(seed)
    shape = FitShape(len(series.train), config.batch_size, config.epochs)
    model_name = str(series.name).replace(" ", "_")
    mixed = compute_precision(config) == "bfloat16"
    model = _compiled_model(config, model_name, shape, mixed)
    reporter.model_built(series.index, model)
    callbacks = [keras_bridge_class()(series.index, shape, reporter, state, clock)]
    early = None
    if config.early_stopping:
        early = keras.callbacks.EarlyStopping(
            monitor=config.monitor, patience=config.patience, restore_best_weights=True
        )
        callbacks.append(early)
    one_hot = bool(config.label_smoothing) and full_run(shape)
    jitter = config.jitter if full_run(shape) else 0
    train_ds = make_dataset(
        series.train,
        config.batch_size,
        shuffle=True,
        augment=config.augment,
        seed=seed,
        one_hot=one_hot,
        jitter=jitter,
    )
    val_ds = (
        make_dataset(series.validation, EVALUATION_BATCH, shuffle=False, one_hot=one_hot)
        if len(series.validation)
        else None
    )
    history = model.fit(
        train_ds, validation_data=val_ds, epochs=config.epochs, callbacks=callbacks, verbose=0, shuffle=False
    )  # the dataset shuffles itself
    if mixed:  # hand over (and save) a plain float32 network: it predicts fast on any CPU
        trained, model = model, build_model(config, name=model_name)
        model.set_weights(trained.get_weights())
    return model, _series_result(series.name, history.history, early)


def _run_info(config: TrainingConfig, mode: str, plan: list[SeriesPlan]) -> RunInfo:
    first = plan[0]
    return RunInfo(
        mode=mode,
        series=[s.name for s in plan],
        epochs=config.epochs,
        batches_per_epoch=FitShape(len(first.train), config.batch_size, config.epochs).batches_per_epoch,
        train_samples=len(first.train),
        validation_samples=len(first.validation),
        label=config.describe(),
        label_parts=config.label_parts(),
        config=config.to_dict(),
    )


def _hand_over(result: TrainResult, models: list) -> None:
    """The model that predicts next: the one network, the ensemble of all members, or the best fold's."""
    if result.mode == "ensemble" and len(models) > 1:
        result.model = ensemble_model(models)
    elif result.mode == "kfold":
        vals = [r.val_accuracy for r in result.series if r.val_accuracy is not None]
        if vals:
            result.fold_mean, result.fold_std = float(np.mean(vals)), float(np.std(vals))
            best = int(np.argmax([r.val_accuracy or 0 for r in result.series]))
            result.model, result.chosen_fold = models[best], best + 1


def _test_accuracy(model, dataset: datamod.Dataset) -> float:
    return accuracy_of(predict_probabilities(model, dataset.test.images), dataset.test.labels)


def train(
    config: TrainingConfig, dataset: datamod.Dataset, reporter: Reporter | None = None, state: TaskState | None = None
) -> TrainResult:
    """Train what ``config`` asks for on ``dataset``; returns the model that should predict next.

    A stop request ends the current batch and returns what was trained so far (still evaluated); an
    abort also skips the evaluation. Errors propagate to the caller, which shows them.
    """
    config.validate()
    reporter = reporter or Reporter()
    state = state or TaskState()
    tensorflow_module()
    started = time.perf_counter()
    mode, plan = plan_series(config, dataset)
    clock = RunClock(sum(len(s.train) for s in plan) * config.epochs)
    reporter.run_started(_run_info(config, mode, plan))

    models, results = [], []
    for series in plan:
        if state.should_stop():
            break
        model, series_result = _fit_one(config, series, reporter, state, clock)
        if not state.aborted:
            series_result.test_accuracy = _test_accuracy(model, dataset)
        models.append(model)
        results.append(series_result)
        reporter.series_finished(series.index, series_result)
    if not models:
        raise TrainingStopped("stopped before any network was trained")

    result = TrainResult(
        config=config,
        mode=mode,
        model=models[0],
        series=results,
        test_accuracy=None,
        dataset=dataset.describe(),
        seconds=time.perf_counter() - started,
        stopped=state.should_stop(),
    )
    _hand_over(result, models)
    if not state.aborted:
        result.test_accuracy = _test_accuracy(result.model, dataset)
    return result
