"""What a training or fine-tuning run tells its front end: the ``Reporter`` and the reports it receives.

The engine calls a ``Reporter``'s methods on the training thread; the window turns them into Qt signals,
the command line into a progress bar, the benchmark into its clock. Every method is optional, so a front
end overrides only what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from digitpad.core.problems import english

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
    epoch_samples: int | None = None  # images done in this epoch so far (what ``loss`` and ``accuracy`` average)


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


class Reporter:
    """Receives progress from ``train`` (and ``fine_tune``); every method is optional. Called on the training thread."""

    def run_started(self, info: RunInfo) -> None: ...

    def model_built(self, series: int, model: Any) -> None:
        """The Keras network of ``series`` is built and compiled, and about to train (``train`` only)."""

    def batch(self, report: BatchReport) -> None: ...

    def epoch(self, report: EpochReport) -> None: ...

    def series_finished(self, index: int, result: SeriesResult) -> None: ...
