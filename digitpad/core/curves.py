"""What the training curves say, as plain numbers: smoothed per-batch values, overfitting, and an early hint.

Keras reports a *running mean over the epoch so far* after each batch, which restarts at every epoch: the
per-batch curve drops at each epoch boundary although nothing happened there. ``BatchSmoother`` turns the
running means back into the mean of just the batches since the previous report, then smooths those with an
exponential moving average over training images that carries on across epochs.

``find_overfitting`` says where the gap between training and validation starts to grow (validation loss up
two epochs running while training loss falls); ``validation_leads_at_start`` says when validation scores
better than training in epoch 1, with the reasons that apply. The window draws all three.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SMOOTHING_MIN = 64  # images: never smooth over less than this (a report covers at least a batch anyway)
SMOOTHING_MAX = 2000  # images: a full MNIST epoch is smoothed over about 8 batches of 256
SMOOTHING_SHARE = 8  # of an epoch: the average covers about an eighth of the training images
OVERFITTING_RISE = 0.01  # the validation loss must have risen by at least 1% over the two epochs


def smoothing_window(train_samples: int) -> int:
    """The moving average's time constant in training images, for a run on ``train_samples`` images."""
    window = round(max(1, train_samples) / SMOOTHING_SHARE, -1 if train_samples < 20_000 else -2)
    return int(min(SMOOTHING_MAX, max(SMOOTHING_MIN, window)))


def interval_mean(done_before: int, mean_before: float, done: int, mean: float) -> float:
    """The mean over the images between two running means of one epoch (``done`` images so far, weighted by
    image: Keras weighs its loss and accuracy by batch size). An empty interval gives the running mean."""
    if done <= done_before:
        return mean
    return (done * mean - done_before * mean_before) / (done - done_before)


class BatchSmoother:
    """Fed Keras's running means report by report; gives each report's smoothed loss and accuracy.

    ``add(epoch, epoch_samples, samples_seen, loss, accuracy)``: ``epoch_samples`` are the images done in this
    epoch so far, ``samples_seen`` since the run began. The average weighs each report by the images it covers,
    ``1 - exp(-images / window)``, so uneven report intervals (reports are throttled) smooth evenly.
    """

    def __init__(self, window: int):
        self.window = max(1, int(window))
        self._epoch: int | None = None
        self._done = 0
        self._means = (0.0, 0.0)
        self._seen = 0
        self._smooth: tuple[float, float] | None = None

    def add(
        self, epoch: int, epoch_samples: int, samples_seen: int, loss: float, accuracy: float
    ) -> tuple[float, float]:
        if epoch != self._epoch:  # a new epoch: Keras's running means start again from nothing
            self._epoch, self._done, self._means = epoch, 0, (0.0, 0.0)
        values = (
            interval_mean(self._done, self._means[0], epoch_samples, loss),
            interval_mean(self._done, self._means[1], epoch_samples, accuracy),
        )
        images = max(1, samples_seen - self._seen)
        smooth = self._smooth
        if smooth is None or not all(math.isfinite(v) for v in smooth):
            smooth = values
        else:
            share = 1.0 - math.exp(-images / self.window)
            smooth = (smooth[0] + share * (values[0] - smooth[0]), smooth[1] + share * (values[1] - smooth[1]))
        self._smooth = smooth
        self._done, self._means, self._seen = max(self._done, epoch_samples), (loss, accuracy), samples_seen
        return smooth


@dataclass(frozen=True)
class Overfitting:
    """Where the gap between training and validation loss starts to grow."""

    start_epoch: int  # the last epoch before validation loss began to rise (its lowest point then)
    found_epoch: int  # the epoch that completed two rises in a row


def find_overfitting(
    epochs: np.ndarray, loss: np.ndarray, val_epochs: np.ndarray, val_loss: np.ndarray
) -> Overfitting | None:
    """The first place where validation loss rose two epochs running (by ``OVERFITTING_RISE`` or more in all)
    while training loss fell both times; None when that has not happened (yet)."""
    train = dict(zip(np.asarray(epochs).tolist(), np.asarray(loss).tolist(), strict=True))
    val = dict(zip(np.asarray(val_epochs).tolist(), np.asarray(val_loss).tolist(), strict=True))
    for e in sorted(val):
        window = [e - 2, e - 1, e]
        if not all(k in val and k in train for k in window):
            continue
        v0, v1, v2 = (val[k] for k in window)
        t0, t1, t2 = (train[k] for k in window)
        if v0 < v1 < v2 and t0 > t1 > t2 and v2 - v0 >= OVERFITTING_RISE * abs(v0):
            return Overfitting(int(e - 2), int(e))
    return None


def validation_leads_at_start(
    loss: float, accuracy: float, val_loss: float | None, val_accuracy: float | None, config
) -> tuple[str, ...]:
    """Why validation beats training in epoch 1, as codes, or () when it does not.

    "running-mean": the training score averages the whole epoch, much of it from before the network had
    learned; "dropout" and "augment": they make training harder and are off while validating.
    """
    if val_loss is None or val_accuracy is None:
        return ()
    if not (val_accuracy > accuracy or val_loss < loss):
        return ()
    reasons = ["running-mean"]
    if getattr(config, "dropout", 0.0):
        reasons.append("dropout")
    if getattr(config, "augment", False):
        reasons.append("augment")
    return tuple(reasons)
