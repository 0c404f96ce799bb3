"""The training panel's controls, each declared once.

A declaration says what a control is (its kind, range, step, decimals), which ``TrainingConfig`` field it
sets and how, where it is saved (its QSettings keys), what it hangs on and what it excludes. The panel
builds its widgets from these, settings are read and written through them, and lessons take their control
names, ranges and lock/hide rules from them. Labels and tooltips stay in the UI, where they are translated,
keyed by control name.

A control has one or two *parts*, each one widget and one saved value: a number or a switch is one part
named like the control; a switch with a value has the switch (``"l1"``) and its value (``"l1_value"``).
The panel's widget attributes carry the part names.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import Enum

from digitpad.core.config import TrainingConfig


class Kind(Enum):
    WHOLE = "whole number"
    NUMBER = "number"
    SWITCH = "on/off switch"
    SWITCH_WITH_VALUE = "switch with a value"


@dataclass(frozen=True)
class Control:
    name: str  # the TrainingConfig field it sets; also its name in lesson files and the UI's key for its texts
    kind: Kind
    group: str  # "training" (the basics) or "regularization" (what works against overfitting)
    key: str  # QSettings key of its value (of the switch itself, for a plain switch)
    switch_key: str | None = None  # QSettings key of the switch of a switch with a value
    minimum: float = 0
    maximum: float = 0
    step: float = 1
    decimals: int = 0  # 0: a whole number
    default: float | None = None  # a switch with a value: its value box's start (the config's default is off)
    # The config's value while the control is switched off, by its own switch or by the one it depends on.
    # None: the value always goes through (early stopping's patience is kept while early stopping is off).
    off: object = None
    depends_on: str | None = None  # the switch that must be on for this control to be enabled
    excludes: str | None = None  # switching this on switches that one off
    special_value: str | None = None  # what the minimum means, shown instead of it ("all" images)

    @property
    def has_switch(self) -> bool:
        return self.kind in (Kind.SWITCH, Kind.SWITCH_WITH_VALUE)

    @property
    def has_value(self) -> bool:
        return self.kind is not Kind.SWITCH

    @property
    def value_part(self) -> str:
        """The name of the part holding the number."""
        return f"{self.name}_value" if self.kind is Kind.SWITCH_WITH_VALUE else self.name

    @property
    def parts(self) -> tuple[Part, ...]:
        if self.kind is Kind.SWITCH_WITH_VALUE:
            assert self.switch_key is not None, f"{self.name}: a switch with a value needs the key of its switch"
            return (Part(self.name, self, True, self.switch_key), Part(self.value_part, self, False, self.key))
        return (Part(self.name, self, self.kind is Kind.SWITCH, self.key),)


@dataclass(frozen=True)
class Part:
    name: str  # the control's name, or "<name>_value" for the value of a switch with a value
    control: Control
    is_switch: bool
    key: str  # QSettings key


CONTROLS: tuple[Control, ...] = (
    Control("epochs", Kind.WHOLE, "training", "training/epochs", minimum=1, maximum=200),
    Control("batch_size", Kind.WHOLE, "training", "training/batch_size", minimum=8, maximum=2048, step=32),
    Control(
        "learning_rate",
        Kind.NUMBER,
        "training",
        "training/learning_rate",
        minimum=0.0001,
        maximum=0.1,
        step=0.0005,
        decimals=4,
    ),
    Control(
        "validation_split",
        Kind.NUMBER,
        "training",
        "training/validation_split",
        minimum=0.0,
        maximum=0.5,
        step=0.05,
        decimals=2,
    ),
    Control(
        "train_samples",
        Kind.WHOLE,
        "training",
        "training/train_samples",
        minimum=0,
        maximum=60000,
        step=500,
        special_value="all",
    ),
    Control(
        "l1",
        Kind.SWITCH_WITH_VALUE,
        "regularization",
        "regularization/l1",
        switch_key="regularization/l1_enabled",
        minimum=0.000001,
        maximum=0.1,
        step=0.0001,
        decimals=6,
        default=0.0001,
        off=0.0,
    ),
    Control(
        "l2",
        Kind.SWITCH_WITH_VALUE,
        "regularization",
        "regularization/l2",
        switch_key="regularization/l2_enabled",
        minimum=0.000001,
        maximum=0.1,
        step=0.0005,
        decimals=6,
        default=0.001,
        off=0.0,
    ),
    Control(
        "dropout",
        Kind.SWITCH_WITH_VALUE,
        "regularization",
        "regularization/dropout",
        switch_key="regularization/dropout_enabled",
        minimum=0.05,
        maximum=0.9,
        step=0.05,
        decimals=2,
        default=0.2,
        off=0.0,
    ),
    Control(
        "dropout_conv", Kind.SWITCH, "regularization", "regularization/dropout_conv", off=False, depends_on="dropout"
    ),
    Control("pooling", Kind.SWITCH, "regularization", "regularization/pooling"),
    Control("augment", Kind.SWITCH, "regularization", "regularization/augment"),
    Control("early_stopping", Kind.SWITCH, "regularization", "regularization/early_stopping"),
    Control(
        "patience",
        Kind.WHOLE,
        "regularization",
        "regularization/patience",
        minimum=0,
        maximum=20,
        depends_on="early_stopping",
    ),
    Control(
        "ensemble",
        Kind.SWITCH_WITH_VALUE,
        "regularization",
        "regularization/ensemble",
        switch_key="regularization/ensemble_enabled",
        minimum=2,
        maximum=10,
        default=3,
        off=1,
        excludes="kfold",
    ),
    Control(
        "kfold",
        Kind.SWITCH_WITH_VALUE,
        "regularization",
        "regularization/kfold",
        switch_key="regularization/kfold_enabled",
        minimum=2,
        maximum=10,
        default=5,
        off=0,
        excludes="ensemble",
    ),
)

BY_NAME: dict[str, Control] = {c.name: c for c in CONTROLS}
NAMES: tuple[str, ...] = tuple(BY_NAME)
PARTS: tuple[Part, ...] = tuple(p for c in CONTROLS for p in c.parts)

# (switch part, part it enables): a switch's value box, and each part of a control that depends on a switch.
DEPENDENCIES: tuple[tuple[str, str], ...] = tuple(
    [(c.name, c.value_part) for c in CONTROLS if c.kind is Kind.SWITCH_WITH_VALUE]
    + [(c.depends_on, p.name) for c in CONTROLS if c.depends_on for p in c.parts]
)


def locked_parts(name: str) -> tuple[str, ...]:
    """What a lesson's lock on control ``name`` disables: its own parts only ("early_stopping" locks its
    switch, so a lesson can keep early stopping on and leave "patience" open)."""
    return tuple(p.name for p in BY_NAME[name].parts)


def hidden_parts(name: str) -> tuple[str, ...]:
    """What a lesson's hiding of control ``name`` hides: its parts and whatever hangs on it, which would
    otherwise be left dangling (early stopping's patience, dropout's "after conv blocks too")."""
    hangers = [p for c in CONTROLS if c.depends_on == name for p in hidden_parts(c.name)]
    return tuple(dict.fromkeys([*locked_parts(name), *hangers]))


def _in_force(control: Control, values: dict) -> bool:
    own = bool(values[control.name]) if control.has_switch else True
    return own and (control.depends_on is None or bool(values[control.depends_on]))


def config_from_values(values: dict, base: TrainingConfig | None = None) -> TrainingConfig:
    """The config that part values (``{"epochs": 5, "l1": True, "l1_value": 0.0001, ...}``) set, on top of
    ``base`` (the tutorial's defaults) for the fields no control sets. Not validated."""
    fields = {}
    for c in CONTROLS:
        value = values[c.value_part]
        if c.off is not None and not _in_force(c, values):
            value = c.off
        elif c.kind is Kind.SWITCH:
            value = bool(value)
        elif c.decimals == 0:
            value = int(value)
        else:
            value = round(float(value), c.decimals)  # no float noise from the spin boxes
        fields[c.name] = value
    return dataclasses.replace(base if base is not None else TrainingConfig(), **fields)


def values_from_config(config: TrainingConfig, base: dict | None = None) -> dict:
    """The part values that show ``config``. The value box of a switch the config leaves off keeps its
    value from ``base`` (the student's own), or its default."""
    values = {c.value_part: c.default for c in CONTROLS if c.kind is Kind.SWITCH_WITH_VALUE}
    values.update(base or {})
    for c in CONTROLS:
        value = getattr(config, c.name)
        if c.kind is Kind.SWITCH_WITH_VALUE:
            values[c.name] = value != c.off
            if value != c.off:
                values[c.value_part] = value
        else:
            values[c.name] = value
    return {p.name: values[p.name] for p in PARTS}


def default_values() -> dict:
    """The part values of a fresh panel: the tutorial's config, value boxes at their defaults."""
    return values_from_config(TrainingConfig())
