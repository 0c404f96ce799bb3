"""The bridge from Keras's ``fit`` to a ``Reporter`` and a ``TaskState``, shared by training and fine-tuning.

``keras_bridge_class()`` gives a Keras callback class (made on first use: Keras is imported lazily) that
throttles batch reports, measures speed and time left on a ``RunClock``, waits while the task is paused
and sets ``model.stop_training`` when asked to stop.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from digitpad.core.reporting import BatchReport, EpochReport, Reporter
from digitpad.core.tasks import TaskState

BATCH_REPORT_INTERVAL_S = 0.05  # at most ~20 batch reports a second


class RunClock:
    """Active (unpaused) time and work done over a whole run, for speed and time left."""

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


@dataclass(frozen=True)
class FitShape:
    """How one network's ``fit`` is laid out: its training images, the batch size and the epochs."""

    samples: int
    batch_size: int
    epochs: int

    @property
    def batches_per_epoch(self) -> int:
        return -(-self.samples // self.batch_size)


def regularization_loss(model) -> float | None:
    """The kernel penalties' current sum, or None for a network without any."""
    losses = model.losses
    if not losses:
        return None
    return float(sum(float(v) for v in losses))


@cache
def keras_bridge_class() -> type[Any]:
    """The ``KerasBridge`` callback class: ``KerasBridge(series, shape, reporter, state, clock)``."""
    import keras

    class KerasBridge(keras.callbacks.Callback):
        """Turns Keras's callbacks into throttled reports, and stop/pause requests into Keras actions."""

        def __init__(self, series: int, shape: FitShape, reporter: Reporter, state: TaskState, clock: RunClock):
            super().__init__()
            self.series, self.shape = series, shape
            self.reporter, self.state, self.clock = reporter, state, clock
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
            done_in_epoch = min(self.shape.samples, (batch + 1) * self.shape.batch_size)
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
                        # Keras counts whole executions of steps_per_execution batches; an epoch has fewer.
                        batch=min(batch + 1, self.shape.batches_per_epoch),
                        batches_per_epoch=self.shape.batches_per_epoch,
                        samples_seen=self.samples_seen,
                        loss=float(logs.get("loss", np.nan)),
                        accuracy=float(logs.get("accuracy", np.nan)),
                        regularization_loss=self._regularization_loss(),
                        samples_per_s=done_in_epoch / elapsed,
                        progress=self.clock.progress(),
                        eta_s=self.clock.eta(),
                        epoch_samples=done_in_epoch,
                    )
                )
                if self.state.should_stop():  # a stop asked for while reporting: no further batch
                    self.model.stop_training = True

        def on_epoch_end(self, epoch, logs=None):
            logs = logs or {}
            seconds = max(1e-9, time.perf_counter() - self.epoch_start - self.epoch_paused)
            val_loss, val_acc = logs.get("val_loss"), logs.get("val_accuracy")
            self.reporter.epoch(
                EpochReport(
                    series=self.series,
                    epoch=epoch + 1,
                    epochs=self.shape.epochs,
                    loss=float(logs.get("loss", np.nan)),
                    accuracy=float(logs.get("accuracy", np.nan)),
                    val_loss=None if val_loss is None else float(val_loss),
                    val_accuracy=None if val_acc is None else float(val_acc),
                    regularization_loss=self._regularization_loss(),
                    seconds=seconds,
                    samples_per_s=(self.samples_seen - self.epoch_samples_before) / seconds,
                    progress=self.clock.progress(),
                    eta_s=self.clock.eta(),
                )
            )

        def _regularization_loss(self) -> float | None:
            return regularization_loss(self.model) if self.has_regularizer else None

    return KerasBridge
