"""The training engine: plain Python that any front end drives through a ``Reporter`` and a ``TaskState``.

The shape follows Orange3's concurrent tasks: ``train()`` is an ordinary function that gets a small state
object to ask "should I stop?" (and to wait while paused) and a reporter to hand progress and partial
results to. The bridge from Keras is ``_KerasBridge``, a callback that throttles batch reports, measures
speed and time left, and sets ``model.stop_training`` when asked to stop. The window runs this function
in a worker thread and turns the reporter calls into Qt signals; the command line prints them.
"""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from digitpad.core import data as datamod
from digitpad.core.config import TrainingConfig
from digitpad.core.model import build_model, compile_model
from digitpad.core.problems import english
from digitpad.core.tasks import TaskState
from digitpad.core.tfsetup import tensorflow_module

log = logging.getLogger(__name__)

BATCH_REPORT_INTERVAL_S = 0.05  # at most ~20 batch reports a second
MIN_STEPS_TO_AVERAGE = 50  # epochs shorter than this train without weight averaging


class TrainingStopped(Exception):
    """Raised inside the engine when an abort was requested; never escapes ``train``."""


# The names of a run's networks, by kind: code -> English template.
SERIES_NAMES = {"model": "model", "member": "member {number}", "fold": "fold {number}"}


@dataclass(frozen=True)
class SeriesName:
    """One network of a run: the single "model", or an ensemble "member" or a "fold" with its number (1-based).
    ``str()`` is the English name ("member 2"), which is also what model files store."""

    kind: str
    number: int | None = None

    def __str__(self) -> str:
        return english(self.kind, {"number": self.number}, SERIES_NAMES)


@dataclass
class RunInfo:
    mode: str  # "single", "ensemble" or "kfold"
    series: list[SeriesName]  # one per network trained: model, member 1, fold 1, ...
    epochs: int
    batches_per_epoch: int
    train_samples: int
    validation_samples: int
    label: str  # the settings in a few English words, e.g. "L2 0.001, dropout 0.2"
    label_parts: list[tuple[str, dict]]  # the same as (code, values) pairs of config.LABEL_PARTS
    config: dict


@dataclass
class BatchReport:
    series: int
    epoch: int  # 1-based
    batch: int  # batches done in this epoch
    batches_per_epoch: int
    samples_seen: int  # by this series since its start
    loss: float  # Keras's running mean over the epoch so far
    accuracy: float
    regularization_loss: float | None
    samples_per_s: float
    progress: float  # 0..1 over the whole run
    eta_s: float | None


@dataclass
class EpochReport:
    series: int
    epoch: int
    epochs: int
    loss: float
    accuracy: float
    val_loss: float | None
    val_accuracy: float | None
    regularization_loss: float | None
    seconds: float
    samples_per_s: float
    progress: float
    eta_s: float | None


@dataclass
class SeriesResult:
    name: SeriesName
    history: dict[str, list[float]]
    best_epoch: int | None  # 1-based, when early stopping chose one
    val_accuracy: float | None  # at the kept weights
    test_accuracy: float | None


@dataclass
class TrainResult:
    config: TrainingConfig
    mode: str
    model: object  # the Keras model that predicts: one network, or an ensemble with output (None, N, 10)
    series: list[SeriesResult]
    test_accuracy: float | None
    dataset: str
    seconds: float
    stopped: bool = False
    fold_mean: float | None = None
    fold_std: float | None = None
    chosen_fold: int | None = None
    extra: dict = field(default_factory=dict)

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


class Reporter:
    """Receives progress from ``train``; every method is optional. Called on the training thread."""

    def run_started(self, info: RunInfo) -> None: ...

    def batch(self, report: BatchReport) -> None: ...

    def epoch(self, report: EpochReport) -> None: ...

    def series_finished(self, index: int, result: SeriesResult) -> None: ...

    def message(self, text: str) -> None: ...


class _Clock:
    """Active (unpaused) time and work done over the whole run, for speed and time left."""

    def __init__(self, total_samples: int):
        self.total = max(1, total_samples)
        self.done = 0
        self.start = time.perf_counter()
        self.paused = 0.0

    def active(self) -> float:
        return max(1e-9, time.perf_counter() - self.start - self.paused)

    def progress(self) -> float:
        return min(1.0, self.done / self.total)

    def eta(self) -> float | None:
        p = self.progress()
        return self.active() * (1 - p) / p if p > 0.002 else None


def _regularization_loss(model) -> float | None:
    losses = model.losses
    if not losses:
        return None
    return float(sum(float(v) for v in losses))


def _make_callback_class():
    import keras

    class KerasBridge(keras.callbacks.Callback):
        """Turns Keras's callbacks into throttled reports, and stop/pause requests into Keras actions."""

        def __init__(self, series, reporter, state, clock, batch_size, train_n, batches_per_epoch, epochs):
            super().__init__()
            self.series, self.reporter, self.state, self.clock = series, reporter, state, clock
            self.batch_size, self.train_n = batch_size, train_n
            self.batches_per_epoch, self.epochs = batches_per_epoch, epochs
            self.epoch_index = 0
            self.samples_seen = 0
            self.epoch_samples_before = 0
            self.last_report = 0.0
            self.epoch_start = 0.0
            self.epoch_paused = 0.0
            self.has_regularizer = False

        def on_train_begin(self, logs=None):
            self.has_regularizer = bool(self.model.losses)

        def on_epoch_begin(self, epoch, logs=None):
            self.epoch_index = epoch
            self.epoch_start = time.perf_counter()
            self.epoch_paused = 0.0
            self.epoch_samples_before = self.samples_seen

        def on_train_batch_end(self, batch, logs=None):
            done_in_epoch = min(self.train_n, (batch + 1) * self.batch_size)
            new_seen = self.epoch_samples_before + done_in_epoch
            self.clock.done += new_seen - self.samples_seen
            self.samples_seen = new_seen
            waited = self.state.wait_while_paused()
            self.clock.paused += waited
            self.epoch_paused += waited
            if self.state.should_stop():
                self.model.stop_training = True
            now = time.perf_counter()
            if now - self.last_report >= BATCH_REPORT_INTERVAL_S and logs:
                self.last_report = now
                elapsed = max(1e-9, now - self.epoch_start - self.epoch_paused)
                self.reporter.batch(
                    BatchReport(
                        series=self.series,
                        epoch=self.epoch_index + 1,
                        batch=batch + 1,
                        batches_per_epoch=self.batches_per_epoch,
                        samples_seen=self.samples_seen,
                        loss=float(logs.get("loss", np.nan)),
                        accuracy=float(logs.get("accuracy", np.nan)),
                        regularization_loss=_regularization_loss(self.model) if self.has_regularizer else None,
                        samples_per_s=done_in_epoch / elapsed,
                        progress=self.clock.progress(),
                        eta_s=self.clock.eta(),
                    )
                )

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            seconds = max(1e-9, time.perf_counter() - self.epoch_start - self.epoch_paused)
            val_loss, val_acc = logs.get("val_loss"), logs.get("val_accuracy")
            self.reporter.epoch(
                EpochReport(
                    series=self.series,
                    epoch=epoch + 1,
                    epochs=self.epochs,
                    loss=float(logs.get("loss", np.nan)),
                    accuracy=float(logs.get("accuracy", np.nan)),
                    val_loss=None if val_loss is None else float(val_loss),
                    val_accuracy=None if val_acc is None else float(val_acc),
                    regularization_loss=_regularization_loss(self.model) if self.has_regularizer else None,
                    seconds=seconds,
                    samples_per_s=(self.samples_seen - self.epoch_samples_before) / seconds,
                    progress=self.clock.progress(),
                    eta_s=self.clock.eta(),
                )
            )

    return KerasBridge


def make_augmenter(seed: int):
    """Random small shifts, rotations, zoom and stroke thickness for batches of (n, 28, 28, 1) in 0..1."""
    import keras

    tf = tensorflow_module()
    geometric = [
        keras.layers.RandomRotation(10 / 360, fill_mode="constant", seed=seed),
        keras.layers.RandomZoom((-0.12, 0.12), fill_mode="constant", seed=seed + 1),
        keras.layers.RandomTranslation(0.1, 0.1, fill_mode="constant", seed=seed + 2),
    ]

    def augment(images):
        for layer in geometric:
            images = layer(images, training=True)
        # Stroke thickness: blend towards a dilated (thicker) or eroded (thinner) copy, per image.
        thicker = tf.nn.max_pool2d(images, 2, 1, "SAME")
        thinner = -tf.nn.max_pool2d(-images, 2, 1, "SAME")
        amount = tf.random.uniform((tf.shape(images)[0], 1, 1, 1), -1.0, 1.0, seed=seed + 3)
        images = (
            images + tf.maximum(amount, 0.0) * (thicker - images) + tf.maximum(-amount, 0.0) * 0.5 * (thinner - images)
        )
        return tf.clip_by_value(images, 0.0, 1.0)

    return augment


def make_dataset(split: datamod.Split, batch_size: int, *, shuffle: bool, augment: bool = False, seed: int = 0):
    """uint8 images in, float32 0..1 out: the scaling (and augmentation) run inside TensorFlow's graph.

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

    def gather(index):
        x = tf.cast(tf.gather(images, index), tf.float32) / 255.0
        return (augmenter(x) if augmenter else x), tf.gather(labels, index)

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


def ensemble_model(members: list):
    """One Keras model whose output (None, N, 10) stacks the members' softmax outputs."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=(28, 28, 1), name="image")
    outputs = [layers.Reshape((1, 10), name=f"stack_{i}")(m(inputs)) for i, m in enumerate(members)]
    stacked = layers.Concatenate(axis=1, name="members")(outputs)
    return keras.Model(inputs, stacked, name=f"ensemble_of_{len(members)}")


def predict_probabilities(model, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    """Softmax outputs for uint8 (n, 28, 28) or float (n, 28, 28[, 1]) images: (n, 10) or (n, N, 10)."""
    tf = tensorflow_module()
    x = images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else images.astype(np.float32)
    if x.ndim == 3:
        x = x[..., None]
    out = [np.asarray(model(tf.constant(x[i : i + batch_size]), training=False)) for i in range(0, len(x), batch_size)]
    return np.concatenate(out) if out else np.zeros((0, 10), np.float32)


def accuracy_of(probs: np.ndarray, labels: np.ndarray) -> float:
    if probs.ndim == 3:
        probs = probs.mean(axis=1)
    return float((probs.argmax(axis=1) == labels).mean())


def _fit_one(config, index, name, train_split, val_split, reporter, state, clock, seed) -> tuple[object, SeriesResult]:
    import keras

    tensorflow_module()
    keras.utils.set_random_seed(seed)
    batches = -(-len(train_split) // config.batch_size)
    model_name = str(name).replace(" ", "_")
    mixed = compute_precision(config) == "bfloat16"
    momentum = averaging_momentum(config, batches)
    model = compile_model(
        build_model(config, name=model_name, dtype="mixed_bfloat16" if mixed else None),
        config,
        batches * config.epochs,
        ema_momentum=momentum,
        ema_every=batches if momentum else None,
    )
    bridge = _make_callback_class()(
        index, reporter, state, clock, config.batch_size, len(train_split), batches, config.epochs
    )
    callbacks = [bridge]
    early = None
    if config.early_stopping:
        early = keras.callbacks.EarlyStopping(
            monitor=config.monitor, patience=config.patience, restore_best_weights=True
        )
        callbacks.append(early)
    train_ds = make_dataset(train_split, config.batch_size, shuffle=True, augment=config.augment, seed=seed)
    val_ds = make_dataset(val_split, 1000, shuffle=False) if val_split is not None and len(val_split) else None
    history = model.fit(
        train_ds, validation_data=val_ds, epochs=config.epochs, callbacks=callbacks, verbose=0, shuffle=False
    )  # the dataset shuffles itself
    hist = {k: [float(v) for v in vals] for k, vals in history.history.items()}
    best_epoch = None
    if early is not None and early.best_weights is not None:
        best_epoch = int(early.best_epoch) + 1
    val_accuracy = None
    if "val_accuracy" in hist and hist["val_accuracy"]:
        val_accuracy = hist["val_accuracy"][best_epoch - 1] if best_epoch else hist["val_accuracy"][-1]
    if mixed:  # hand over (and save) a plain float32 network: it predicts fast on any CPU
        trained, model = model, build_model(config, name=model_name)
        model.set_weights(trained.get_weights())
    return model, SeriesResult(name, hist, best_epoch, val_accuracy, None)


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

    if config.kfold >= 2:
        pool = dataset.train.head(config.train_samples) if config.train_samples else dataset.train
        folds = datamod.kfold_indices(len(pool), config.kfold, config.seed)
        plan = [(SeriesName("fold", i + 1), pool.subset(tr), pool.subset(va)) for i, (tr, va) in enumerate(folds)]
        mode = "kfold"
    else:
        train_part, val_part = datamod.validation_split(dataset.train, config.validation_split, config.seed)
        if config.train_samples:
            train_part = train_part.head(config.train_samples)
        if config.ensemble > 1:
            plan = [
                (
                    SeriesName("member", i + 1),
                    train_part.subset(datamod.bootstrap_indices(len(train_part), config.seed + i)),
                    val_part,
                )
                for i in range(config.ensemble)
            ]
            mode = "ensemble"
        else:
            plan = [(SeriesName("model"), train_part, val_part)]
            mode = "single"

    clock = _Clock(sum(len(tr) for _, tr, _ in plan) * config.epochs)
    reporter.run_started(
        RunInfo(
            mode=mode,
            series=[name for name, _, _ in plan],
            epochs=config.epochs,
            batches_per_epoch=-(-len(plan[0][1]) // config.batch_size),
            train_samples=len(plan[0][1]),
            validation_samples=len(plan[0][2]) if plan[0][2] is not None else 0,
            label=config.describe(),
            label_parts=config.label_parts(),
            config=config.to_dict(),
        )
    )

    models, results = [], []
    for index, (name, train_split, val_split) in enumerate(plan):
        if state.should_stop():
            break
        model, result = _fit_one(
            config, index, name, train_split, val_split, reporter, state, clock, config.seed + index
        )
        if not state.aborted:
            result.test_accuracy = accuracy_of(predict_probabilities(model, dataset.test.images), dataset.test.labels)
        models.append(model)
        results.append(result)
        reporter.series_finished(index, result)
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
    if mode == "ensemble" and len(models) > 1:
        result.model = ensemble_model(models)
    elif mode == "kfold":
        vals = [r.val_accuracy for r in results if r.val_accuracy is not None]
        if vals:
            result.fold_mean, result.fold_std = float(np.mean(vals)), float(np.std(vals))
            best = int(np.argmax([r.val_accuracy or 0 for r in results]))
            result.model, result.chosen_fold = models[best], best + 1
    if not state.aborted:
        result.test_accuracy = accuracy_of(
            predict_probabilities(result.model, dataset.test.images), dataset.test.labels
        )
    return result
