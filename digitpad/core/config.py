"""The plain settings a network is built and trained from, with checks that explain impossible values."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

MONITORS = ("val_loss", "val_accuracy", "loss", "accuracy")
LR_SCHEDULES = ("constant", "cosine")
PRECISIONS = ("auto", "float32", "bfloat16")


class ConfigError(ValueError):
    """One or more settings are impossible; ``problems`` lists each one in plain words."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


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
    # Batch 256 at 0.005 with cosine decay and weight averaging: 99% test accuracy after 2 epochs, in less
    # than half the tutorial's time (docs/performance.md has the measurements).
    learning_rate: float = 0.005
    lr_schedule: str = "cosine"  # "cosine" decays the rate to near zero by the last step; "constant" keeps it
    batch_size: int = 256
    epochs: int = 5
    validation_split: float = 0.1
    train_samples: int = 0  # use only the first N training images (0: all), to see overfitting fast
    augment: bool = False  # random shifts, rotations, zoom and stroke thickness
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

    def problems(self) -> list[str]:
        p = []
        if not isinstance(self.dense_units, int) or not 1 <= self.dense_units <= 4096:
            p.append(f"dense layer width must be a whole number from 1 to 4096 (got {self.dense_units})")
        for name in ("l1", "l2"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                p.append(f"{name.upper()} rate must be between 0 and 1 (got {value})")
        if not 0.0 <= self.dropout < 1.0:
            p.append(f"dropout rate must be at least 0 and below 1 (got {self.dropout})")
        if not 0.0 < self.learning_rate <= 1.0:
            p.append(f"learning rate must be above 0 and at most 1 (got {self.learning_rate})")
        if self.lr_schedule not in LR_SCHEDULES:
            p.append(f"learning-rate schedule must be one of {', '.join(LR_SCHEDULES)} (got {self.lr_schedule!r})")
        if not isinstance(self.batch_size, int) or not 1 <= self.batch_size <= 8192:
            p.append(f"batch size must be a whole number from 1 to 8192 (got {self.batch_size})")
        if not isinstance(self.epochs, int) or not 1 <= self.epochs <= 1000:
            p.append(f"epochs must be a whole number from 1 to 1000 (got {self.epochs})")
        if not 0.0 <= self.validation_split <= 0.5:
            p.append(f"validation split must be between 0 and 0.5 (got {self.validation_split})")
        if self.train_samples < 0:
            p.append(f"training samples must be 0 (all) or more (got {self.train_samples})")
        if self.early_stopping:
            if self.patience < 0:
                p.append(f"patience must be 0 or more epochs (got {self.patience})")
            if self.monitor not in MONITORS:
                p.append(f"early stopping watches one of {', '.join(MONITORS)} (got {self.monitor!r})")
            if self.monitor.startswith("val_") and self.validation_split == 0 and self.kfold < 2:
                p.append(f"early stopping on {self.monitor} needs a validation split above 0")
        if not isinstance(self.ensemble, int) or not 1 <= self.ensemble <= 20:
            p.append(f"ensemble members must be from 1 to 20 (got {self.ensemble})")
        if not isinstance(self.kfold, int) or self.kfold == 1 or not 0 <= self.kfold <= 20:
            p.append(f"k-fold needs k from 2 to 20, or 0 for off (got {self.kfold})")
        if self.kfold >= 2 and self.ensemble > 1:
            p.append("choose either a bagging ensemble or k-fold cross-validation, not both")
        if self.precision not in PRECISIONS:
            p.append(f"precision must be one of {', '.join(PRECISIONS)} (got {self.precision!r})")
        if not isinstance(self.steps_per_execution, int) or self.steps_per_execution < 1:
            p.append(f"steps per execution must be 1 or more (got {self.steps_per_execution})")
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
        known = {f.name: f for f in fields(cls)}
        kwargs = {}
        for key, value in values.items():
            if key not in known:
                continue
            default = getattr(cls, key)
            if isinstance(default, bool):
                if not isinstance(value, bool):
                    raise ConfigError([f"{key} must be true or false (got {value!r})"])
            elif isinstance(default, int):
                if isinstance(value, bool) or not isinstance(value, int):
                    raise ConfigError([f"{key} must be a whole number (got {value!r})"])
            elif isinstance(default, float):
                if isinstance(value, bool) or not isinstance(value, (int, float)):
                    raise ConfigError([f"{key} must be a number (got {value!r})"])
                value = float(value)
            elif isinstance(default, str) and not isinstance(value, str):
                raise ConfigError([f"{key} must be text (got {value!r})"])
            kwargs[key] = value
        return cls(**kwargs)

    def describe(self) -> str:
        """A short label naming the settings that differ from the tutorial, for chart legends."""
        parts = []
        if self.l1:
            parts.append(f"L1 {self.l1:g}")
        if self.l2:
            parts.append(f"L2 {self.l2:g}")
        if self.dropout:
            parts.append(f"dropout {self.dropout:g}" + (" +conv" if self.dropout_conv else ""))
        if not self.pooling:
            parts.append("no pooling")
        if self.dense_units != 64:
            parts.append(f"dense {self.dense_units}")
        if self.augment:
            parts.append("augment")
        if self.early_stopping:
            parts.append(f"early stop p{self.patience}")
        if self.ensemble > 1:
            parts.append(f"bagging x{self.ensemble}")
        if self.kfold >= 2:
            parts.append(f"{self.kfold}-fold")
        if self.train_samples:
            parts.append(f"{self.train_samples} samples")
        return ", ".join(parts) if parts else "plain"
