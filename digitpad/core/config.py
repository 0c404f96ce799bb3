"""The plain settings a network is built and trained from, with checks that explain impossible values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

from digitpad.core.problems import Problem, english

MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")
LR_SCHEDULES = ("constant", "cosine")
PRECISIONS = ("auto", "float32", "bfloat16")


# The parts of a run's settings label (``TrainingConfig.label_parts``): code -> English template.
LABEL_PARTS = {
    "plain": "plain",
    "l1": "L1 {rate:g}",
    "l2": "L2 {rate:g}",
    "dropout": "dropout {rate:g}",
    "dropout-conv": "dropout {rate:g} +conv",
    "no-pooling": "no pooling",
    "dense": "dense {units}",
    "augment": "augment",
    "early-stop": "early stop p{patience}",
    "bagging": "bagging x{members}",
    "kfold": "{k}-fold",
    "samples": "{count} samples",
}


class ConfigError(Problem, ValueError):
    """One or more settings are impossible; ``problems`` lists each one (a ``Problem``: code and values)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("impossible-settings", problems=list(problems))

    @property
    def problems(self) -> list[Problem]:
        return self.values["problems"]


@dataclass
class TrainingConfig:
    # The network (the defaults are the tutorial's: 93,322 parameters).
    dense_units: int = 64
    pooling: bool = True
    l1: float = 0.0  # L1 kernel penalty rate; 0 is off
    l2: float = 0.0  # L2 kernel penalty rate; 0 is off (both together are allowed)
    dropout: float = 0.0  # dropout rate after the dense layer; 0 is off
    dropout_conv: bool = False  # also drop out after each convolution block, at the same rate
    # Training.
    # Batch 256, a peak rate of 0.008 after a short warm-up, cosine decay, weight averaging, label smoothing and
    # a one-pixel jitter: 99% test accuracy after about one epoch and 99.4-99.5% after five (docs/performance.md).
    learning_rate: float = 0.008
    lr_schedule: str = "cosine"  # "cosine" decays the rate to near zero by the last step; "constant" keeps it
    batch_size: int = 256
    epochs: int = 5
    validation_split: float = 0.1
    train_samples: int = 0  # use only the first N training images (0: all), to see overfitting fast
    augment: bool = False  # random shifts, rotations, zoom, stretch, slant, wobble and stroke thickness (augment.py)
    early_stopping: bool = False
    patience: int = 2
    monitor: str = "val_loss"
    ensemble: int = 1  # bagging: members trained on bootstrap samples; 1 is a single network
    kfold: int = 0  # k-fold cross-validation; 0 is off
    seed: int = 0
    steps_per_execution: int = 8  # batches run per call into TensorFlow (speed; reports come per call)
    # Speed: "auto" computes in bfloat16 (weights, and the saved model, stay float32) where the CPU does that
    # natively (AVX512-BF16 or AMX), else float32. See docs/performance.md.
    precision: str = "auto"
    # Keep an exponential moving average of the weights and hand it over at each epoch end: a steadier
    # network at the same learning rate (99% test accuracy an epoch or more sooner). Off for tiny runs.
    weight_averaging: bool = True
    # With the cosine schedule, the rate first rises from a tenth of its peak over this many epochs (a gentler
    # start lets the peak be higher). Label smoothing trains towards 0.9 for the right digit and shares the rest
    # out, which keeps the network from over-confidence (off, like weight averaging, for epochs under 50 steps).
    warmup_epochs: float = 0.3
    label_smoothing: float = 0.1
    # Shift each training image by up to this many pixels at random: a lighter touch than ``augment`` that
    # lifts the 5-epoch accuracy. Off when an epoch has under 50 steps, so that small runs still overfit.
    jitter: int = 1

    def problems(self) -> list[Problem]:
        """Every impossible setting, in a fixed order: the network, training, early stopping, combining, speed,
        the seed."""
        return (
            self._network_problems()
            + self._training_problems()
            + self._early_stopping_problems()
            + self._combining_problems()
            + self._speed_problems()
            + self._seed_problems()
        )

    def _network_problems(self) -> list[Problem]:
        p = []
        if not isinstance(self.dense_units, int) or not 1 <= self.dense_units <= 4096:
            p.append(Problem("dense-units-out-of-range", got=self.dense_units))
        for name in ("l1", "l2"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                p.append(Problem("rate-out-of-range", name=name.upper(), got=value))
        if not 0.0 <= self.dropout < 1.0:
            p.append(Problem("dropout-out-of-range", got=self.dropout))
        return p

    def _training_problems(self) -> list[Problem]:
        p = []
        if not 0.0 < self.learning_rate <= 1.0:
            p.append(Problem("learning-rate-out-of-range", got=self.learning_rate))
        if self.lr_schedule not in LR_SCHEDULES:
            p.append(Problem("unknown-lr-schedule", choices=", ".join(LR_SCHEDULES), got=self.lr_schedule))
        if not isinstance(self.batch_size, int) or not 1 <= self.batch_size <= 8192:
            p.append(Problem("batch-size-out-of-range", got=self.batch_size))
        if not isinstance(self.epochs, int) or not 1 <= self.epochs <= 1000:
            p.append(Problem("epochs-out-of-range", got=self.epochs))
        if not 0.0 <= self.validation_split <= 0.5:
            p.append(Problem("validation-split-out-of-range", got=self.validation_split))
        if self.train_samples < 0:
            p.append(Problem("train-samples-negative", got=self.train_samples))
        if not 0.0 <= self.warmup_epochs <= 100.0:
            p.append(Problem("warmup-out-of-range", got=self.warmup_epochs))
        if not 0.0 <= self.label_smoothing < 0.5:
            p.append(Problem("label-smoothing-out-of-range", got=self.label_smoothing))
        if not isinstance(self.jitter, int) or not 0 <= self.jitter <= 4:
            p.append(Problem("jitter-out-of-range", got=self.jitter))
        return p

    def _early_stopping_problems(self) -> list[Problem]:
        if not self.early_stopping:
            return []
        p = []
        if self.patience < 0:
            p.append(Problem("patience-negative", got=self.patience))
        if self.monitor not in MONITORS:
            p.append(Problem("unknown-monitor", choices=", ".join(MONITORS), got=self.monitor))
        if self.monitor.startswith("val_") and self.validation_split == 0 and self.kfold < 2:
            p.append(Problem("early-stopping-needs-validation", monitor=self.monitor))
        return p

    def _combining_problems(self) -> list[Problem]:
        """Bagging and k-fold: each in range, and not both at once."""
        p = []
        if not isinstance(self.ensemble, int) or not 1 <= self.ensemble <= 20:
            p.append(Problem("ensemble-out-of-range", got=self.ensemble))
        if not isinstance(self.kfold, int) or self.kfold == 1 or not 0 <= self.kfold <= 20:
            p.append(Problem("kfold-out-of-range", got=self.kfold))
        if self.kfold >= 2 and self.ensemble > 1:
            p.append(Problem("ensemble-and-kfold"))
        return p

    def _seed_problems(self) -> list[Problem]:
        # NumPy's generators take no negative seeds, TensorFlow's none beyond 64 bits: 32 bits suit both.
        if isinstance(self.seed, bool) or not isinstance(self.seed, int) or not 0 <= self.seed < 2**32:
            return [Problem("seed-out-of-range", got=_shown(self.seed))]
        return []

    def _speed_problems(self) -> list[Problem]:
        p = []
        if self.precision not in PRECISIONS:
            p.append(Problem("unknown-precision", choices=", ".join(PRECISIONS), got=self.precision))
        if not isinstance(self.steps_per_execution, int) or self.steps_per_execution < 1:
            p.append(Problem("steps-per-execution-out-of-range", got=self.steps_per_execution))
        return p

    def validate(self) -> TrainingConfig:
        problems = self.problems()
        if problems:
            raise ConfigError(problems)
        return self

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, values: dict) -> TrainingConfig:
        """Build from a dict, ignoring unknown keys (files written by other versions) and checking types."""
        known = {f.name for f in fields(cls)}
        kwargs = {key: _checked_setting(key, value, getattr(cls, key)) for key, value in values.items() if key in known}
        return cls(**kwargs)

    def label_parts(self) -> list[tuple[str, dict]]:
        """The settings that differ from the tutorial, as (code, values) pairs of ``LABEL_PARTS``."""
        parts = []
        if self.l1:
            parts.append(("l1", {"rate": self.l1}))
        if self.l2:
            parts.append(("l2", {"rate": self.l2}))
        if self.dropout:
            parts.append(("dropout-conv" if self.dropout_conv else "dropout", {"rate": self.dropout}))
        if not self.pooling:
            parts.append(("no-pooling", {}))
        if self.dense_units != 64:
            parts.append(("dense", {"units": self.dense_units}))
        if self.augment:
            parts.append(("augment", {}))
        if self.early_stopping:
            parts.append(("early-stop", {"patience": self.patience}))
        if self.ensemble > 1:
            parts.append(("bagging", {"members": self.ensemble}))
        if self.kfold >= 2:
            parts.append(("kfold", {"k": self.kfold}))
        if self.train_samples:
            parts.append(("samples", {"count": self.train_samples}))
        return parts or [("plain", {})]

    def describe(self) -> str:
        """The settings label in English, e.g. "L2 0.001, dropout 0.2" (chart legends, the command line)."""
        return ", ".join(english(code, values, LABEL_PARTS) for code, values in self.label_parts())


def _shown(value: Any) -> Any:
    """A wrong value as a message shows it: a number of 400 digits as infinity, a page of text cut short."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**30:
        return float("inf") if value > 0 else float("-inf")
    if isinstance(value, str) and len(value) > 40:
        return value[:39] + "…"
    if isinstance(value, list | dict) and len(repr(value)) > 40:
        return type(value).__name__
    return value


def _checked_setting(key: str, value: Any, default: object) -> Any:
    """``value`` for the setting ``key`` if it has the type of its ``default`` (a whole number counts as a float)."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ConfigError([Problem("setting-not-bool", name=key, got=_shown(value))])
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError([Problem("setting-not-whole", name=key, got=_shown(value))])
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError([Problem("setting-not-number", name=key, got=_shown(value))])
        if isinstance(value, int) and abs(value) >= 10**30:
            return _shown(value)  # beyond any range: the range check names it
        return float(value)
    elif isinstance(default, str) and not isinstance(value, str):
        raise ConfigError([Problem("setting-not-text", name=key, got=_shown(value))])
    return value
