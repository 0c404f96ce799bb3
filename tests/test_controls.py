"""The training panel's control declarations: consistent, faithful to TrainingConfig, and what the docs say."""

import dataclasses
import re
from pathlib import Path

import pytest

from digitpad.core import lessons
from digitpad.core.config import TrainingConfig
from digitpad.core.controls import (
    BY_NAME,
    CONTROLS,
    DEPENDENCIES,
    NAMES,
    PARTS,
    Kind,
    config_from_values,
    default_values,
    hidden_parts,
    locked_parts,
    values_from_config,
)

ADMIN_DOC = Path(__file__).resolve().parents[1] / "docs" / "administrators.md"
CONFIG_FIELDS = {f.name for f in dataclasses.fields(TrainingConfig)}


def test_each_declaration_is_consistent():
    assert len(NAMES) == len(set(NAMES)) and set(NAMES) <= CONFIG_FIELDS
    part_names = [p.name for p in PARTS]
    keys = [p.key for p in PARTS]
    assert len(part_names) == len(set(part_names)) and len(keys) == len(set(keys))
    defaults = TrainingConfig()
    for c in CONTROLS:
        assert c.group in ("training", "regularization") and all(p.key.startswith(f"{c.group}/") for p in c.parts)
        assert (c.switch_key is not None) == (c.kind is Kind.SWITCH_WITH_VALUE), c.name
        if c.has_value:
            assert c.minimum < c.maximum and c.step > 0, c.name
            assert (c.decimals > 0) == (c.kind is Kind.NUMBER or isinstance(c.minimum, float)), c.name
            if c.decimals == 0:
                assert all(isinstance(v, int) for v in (c.minimum, c.maximum, c.step)), c.name
        if c.kind is Kind.SWITCH_WITH_VALUE:
            assert c.minimum <= c.default <= c.maximum, c.name
            assert not c.minimum <= c.off <= c.maximum, c.name  # "off" can never be a value the box shows
            assert getattr(defaults, c.name) == c.off, c.name  # the tutorial has every such switch off
        elif c.has_value:
            assert c.default is None and c.minimum <= getattr(defaults, c.name) <= c.maximum, c.name
        if c.depends_on:
            assert BY_NAME[c.depends_on].has_switch, c.name
        if c.excludes:
            assert BY_NAME[c.excludes].excludes == c.name and BY_NAME[c.excludes].has_switch, c.name
        if c.special_value:
            assert c.has_value and getattr(defaults, c.name) == c.minimum, c.name  # the tutorial's "all"


def test_default_values_give_the_tutorials_config():
    values = default_values()
    assert list(values) == [p.name for p in PARTS]
    assert config_from_values(values) == TrainingConfig()
    assert values["l1"] is False and values["l1_value"] == 0.0001 and values["kfold_value"] == 5
    assert values["pooling"] is True and values["patience"] == 2


def _in_range_values(c):
    """Two values other than the default that the control's box can show."""
    return (c.maximum, c.minimum + c.step) if c.decimals == 0 else (c.maximum, round(c.minimum + c.step, c.decimals))


@pytest.mark.parametrize("name", NAMES)
def test_config_and_values_round_trip_for_every_control(name):
    c = BY_NAME[name]
    base = TrainingConfig(early_stopping=True, dropout=0.2) if c.depends_on else TrainingConfig()
    if c.kind is Kind.SWITCH:
        configs = [dataclasses.replace(base, **{name: not getattr(base, name)})]
    else:
        configs = [dataclasses.replace(base, **{name: v}) for v in _in_range_values(c)]
        if c.kind is Kind.SWITCH_WITH_VALUE:
            configs.append(dataclasses.replace(base, **{name: c.off}))
    for config in configs:
        values = values_from_config(config)
        assert config_from_values(values) == config, (name, getattr(config, name))
        assert values_from_config(config_from_values(values), base=values) == values
        if c.kind is Kind.SWITCH_WITH_VALUE:
            assert values[name] == (getattr(config, name) != c.off)


def test_a_switched_off_control_gives_its_off_value_and_its_box_keeps_the_students_value():
    values = {**default_values(), "l2": False, "l2_value": 0.005, "ensemble": False, "ensemble_value": 7}
    values.update(dropout=False, dropout_value=0.5, dropout_conv=True, early_stopping=False, patience=9)
    config = config_from_values(values)
    assert config.l2 == 0.0 and config.ensemble == 1 and config.dropout == 0.0
    assert config.dropout_conv is False  # "after conv blocks too" hangs on dropout
    assert config.patience == 9  # patience goes through; early stopping decides whether it is used
    lesson = TrainingConfig(l2=0.01, kfold=3)
    shown = values_from_config(lesson, base=values)
    assert shown["l2"] and shown["l2_value"] == 0.01 and shown["kfold"] and shown["kfold_value"] == 3
    assert not shown["ensemble"] and shown["ensemble_value"] == 7 and shown["dropout_value"] == 0.5


def test_values_are_rounded_to_what_the_box_shows_and_typed_as_the_config():
    values = {**default_values(), "learning_rate": 0.1 * 3 / 100, "validation_split": 0.1 + 0.2, "epochs": 7.0}
    config = config_from_values(values)
    assert config.learning_rate == 0.003 and config.validation_split == 0.3
    assert type(config.epochs) is int and config.validate() is config


def test_lesson_locks_and_hides_follow_the_declarations():
    assert locked_parts("l1") == ("l1", "l1_value") and locked_parts("epochs") == ("epochs",)
    assert locked_parts("early_stopping") == ("early_stopping",)  # patience can stay open
    assert hidden_parts("early_stopping") == ("early_stopping", "patience")
    assert hidden_parts("dropout") == ("dropout", "dropout_value", "dropout_conv")
    assert hidden_parts("kfold") == ("kfold", "kfold_value")
    assert set(DEPENDENCIES) == {
        ("l1", "l1_value"),
        ("l2", "l2_value"),
        ("dropout", "dropout_value"),
        ("dropout", "dropout_conv"),
        ("early_stopping", "patience"),
        ("ensemble", "ensemble_value"),
        ("kfold", "kfold_value"),
    }


def test_lessons_take_names_and_ranges_from_the_declarations():
    assert lessons.CONTROLS == NAMES and list(lessons.SETTINGS) == list(NAMES)
    for c in CONTROLS:
        assert lessons.SETTINGS[c.name] == ((c.minimum, c.maximum) if c.has_value else None)
        if c.has_value:
            for value in (c.minimum, c.maximum):
                assert lessons._check_settings({c.name: value}) == {c.name: value}
            with pytest.raises(lessons.LessonError) as raised:
                lessons._check_settings({c.name: c.maximum + c.step})
            assert raised.value.code == "lesson-setting-out-of-range" and raised.value.values["name"] == c.name
        if c.kind is Kind.SWITCH_WITH_VALUE:
            assert lessons._check_settings({c.name: c.off})  # off is allowed though outside the range


def _number(value, decimals):
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def test_the_admin_page_gives_each_key_its_declared_default_and_range():
    rows = {}
    for line in ADMIN_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.split("|")[1:-1]]
        if len(cells) == 4 and re.fullmatch(r"`(training|regularization)/[a-z0-9_]+`", cells[0]):
            rows[cells[0].strip("`")] = (cells[2], cells[3])
    assert set(rows) == {p.key for p in PARTS}
    defaults = default_values()
    for part in PARTS:
        c = part.control
        if part.is_switch:
            assert rows[part.key] == (str(defaults[part.name]).lower(), ""), part.key
        else:
            value_range = f"{_number(c.minimum, c.decimals)}–{_number(c.maximum, c.decimals)}"
            assert rows[part.key] == (_number(defaults[part.name], c.decimals), value_range), part.key


def test_the_admin_page_lists_the_lesson_control_names():
    text = ADMIN_DOC.read_text(encoding="utf-8")
    listed = re.search(r"`settings` takes the names of .*?\((.*?)\)", text, re.S).group(1)
    assert re.findall(r"`([a-z0-9_]+)`", listed) == list(NAMES)
