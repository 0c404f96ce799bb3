"""The training panel built from core.controls: its widgets, settings, dependencies and hostile saved values."""

import json
import logging

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QCheckBox, QDoubleSpinBox, QSpinBox

from digitpad.core.config import TrainingConfig
from digitpad.core.controls import BY_NAME, CONTROLS, DEPENDENCIES, NAMES, PARTS, default_values
from digitpad.core.lessons import FORMAT, parse_lesson
from digitpad.ui.lessons import HIDES, LOCKS, apply_lesson
from digitpad.ui.main_window import MainWindow
from digitpad.ui.training_panel import TrainingPanel
from tests.ui.conftest import show


@pytest.fixture
def panel(qtbot):
    widget = show(qtbot, TrainingPanel())
    return widget


def test_the_widgets_are_the_declared_controls(panel):
    defaults = default_values()
    for part in PARTS:
        c = part.control
        widget = getattr(panel, part.name)
        suffix = "check" if part.is_switch else "spin"
        assert widget.objectName() == f"{c.name}_{suffix}", part.name
        assert panel.findChild(type(widget), f"{c.name}_{suffix}") is widget
        if part.is_switch:
            assert isinstance(widget, QCheckBox) and widget.isChecked() == defaults[part.name], part.name
            continue
        assert isinstance(widget, QDoubleSpinBox if c.decimals else QSpinBox), part.name
        assert (widget.minimum(), widget.maximum()) == pytest.approx((c.minimum, c.maximum)), part.name
        assert widget.singleStep() == pytest.approx(c.step) and widget.value() == pytest.approx(defaults[part.name])
        if c.decimals:
            assert widget.decimals() == c.decimals, part.name
        assert widget.specialValueText() == (c.special_value or ""), part.name
        assert widget.toolTip(), part.name
    assert panel.values() == pytest.approx(defaults) and panel.config() == TrainingConfig()
    grid = panel.l1.parentWidget().layout()
    for switch, part in DEPENDENCIES:  # a value box (and patience) sits beside its switch, in the same row
        if not getattr(panel, part).inherits("QCheckBox"):
            row, column = grid.getItemPosition(grid.indexOf(getattr(panel, part)))[:2]
            assert (row, column) == (grid.getItemPosition(grid.indexOf(getattr(panel, switch)))[0], 1), part
    assert not hasattr(TrainingPanel, "config_changed")


def test_every_control_a_lesson_names_has_its_widgets(panel):
    assert set(LOCKS) == set(HIDES) == set(NAMES)
    for name in NAMES:
        others = [n for n in NAMES if n != name]
        lesson = {"format": FORMAT, "title": f"Only {name}", "locked": [name], "hidden": others}
        apply_lesson(panel, parse_lesson(json.dumps(lesson)))
        for part in LOCKS[name]:
            assert not getattr(panel, part).isEnabled(), part
        for other in NAMES:
            for part in HIDES[other] if other != name else ():
                assert not getattr(panel, part).isVisibleTo(panel), (other, part)


def test_settings_are_saved_under_the_declared_keys_and_read_back(qtbot, panel, tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    changed = {"epochs": 12, "learning_rate": 0.0021, "train_samples": 1500, "l2": True, "l2_value": 0.0035}
    changed.update(dropout=True, dropout_value=0.45, dropout_conv=True, pooling=False, kfold=True, kfold_value=7)
    changed.update(early_stopping=True, patience=6)
    panel.set_values(changed)
    panel.save_settings(settings)
    assert set(settings.allKeys()) == {p.key for p in PARTS}
    other = TrainingPanel()
    qtbot.addWidget(other)
    other.load_settings(settings)
    assert other.values() == pytest.approx(panel.values()) and other.config() == panel.config()
    assert other.dropout_conv.isEnabled() and other.patience.isEnabled() and other.kfold_value.isEnabled()


def test_dependencies_and_the_bagging_kfold_exclusion(panel):
    for switch, part in DEPENDENCIES:
        widget, check = getattr(panel, part), getattr(panel, switch)
        assert not check.isChecked() and not widget.isEnabled(), part
        check.setChecked(True)
        assert widget.isEnabled(), part
        check.setChecked(False)
        assert not widget.isEnabled(), part
    for c in CONTROLS:
        if c.excludes:
            getattr(panel, c.excludes).setChecked(True)
            getattr(panel, c.name).setChecked(True)
            assert not getattr(panel, c.excludes).isChecked(), c.name
    assert BY_NAME["ensemble"].excludes == "kfold" and BY_NAME["kfold"].excludes == "ensemble"
    panel.set_values({"kfold": True, "kfold_value": 4})
    assert panel.config().kfold == 4 and panel.config().ensemble == 1


HOSTILE_INI = """\
[training]
epochs=1e10
batch_size=inf
learning_rate=nan
validation_split=abc
train_samples=1e400
[regularization]
l1=1, 2
l1_enabled=maybe
l2=-inf
l2_enabled=true
dropout=@ByteArray(0.5)
dropout_enabled=1
dropout_conv=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\x12garbage)
patience={huge}
ensemble={big}
ensemble_enabled=
kfold=3.6
kfold_enabled=@Point(1 2)
[canvas]
pen_width=inf
[view]
zoom=nan
""".replace("{huge}", "1" + "0" * 5000).replace("{big}", "9" * 400)


def test_hostile_saved_values_are_clamped_or_ignored_and_the_window_opens(qtbot, tmp_path, caplog):
    path = tmp_path / "settings.ini"
    path.write_text(HOSTILE_INI, encoding="utf-8")
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    base_font = QApplication.font().pointSizeF()
    with caplog.at_level(logging.WARNING, logger="digitpad.ui.settings_values"):
        window = show(qtbot, MainWindow(settings=settings))
    values = window.panel.values()
    defaults = default_values()
    assert values["epochs"] == 200 and values["batch_size"] == 2048 and values["train_samples"] == 60000
    assert values["patience"] == 20 and values["ensemble_value"] == 10  # clamped to the top
    assert values["kfold_value"] == 4  # rounded to a whole number
    for name in ("learning_rate", "validation_split", "l1", "l1_value", "dropout_value", "ensemble"):
        assert values[name] == pytest.approx(defaults[name]), name
    assert values["l2"] and values["l2_value"] == pytest.approx(BY_NAME["l2"].minimum)
    assert values["dropout"] and not values["dropout_conv"] and not values["kfold"]
    assert window.pen_slider.value() == window.pen_slider.maximum() and window.canvas.pen_width() == 40
    assert window.zoom == 1.0 and QApplication.font().pointSizeF() == pytest.approx(base_font)
    window.panel.config()  # a possible config: the window can train
    logged = caplog.text
    for key in ("training/epochs", "training/learning_rate", "regularization/l1=", "regularization/l1_enabled="):
        assert key in logged, key
    for key in ("regularization/dropout=", "regularization/kfold_enabled", "canvas/pen_width", "view/zoom"):
        assert key in logged, key
    assert max(len(line) for line in logged.splitlines()) < 300  # a huge value is not copied into the log
    window.close()  # and saves clean values over the bad ones
    again = QSettings(str(path), QSettings.Format.IniFormat)
    assert int(again.value("training/epochs")) == 200 and float(again.value("view/zoom")) == 1.0
    assert float(again.value("regularization/l1")) == 0.0001 and int(again.value("canvas/pen_width")) == 40


def test_train_pause_and_stop_never_move(qtbot):
    """The status above the buttons may wrap onto a second line, Pause may turn into Resume, Stop into
    Stopping…: the buttons stay where they are, so the next click lands on the same button."""
    from digitpad.ui.run_controls import RunControls

    controls = show(qtbot, RunControls(), (320, 140))
    controls.set_running(True)
    qtbot.wait(10)
    where = [b.geometry() for b in controls.buttons()]
    controls.set_progress(0.4, "epoch 7/15 · batch 20/32 · 1,234 images/s · 0:42 left, and more words to wrap")
    controls.pause_button.setText("Resume")
    qtbot.wait(10)
    assert [b.geometry() for b in controls.buttons()] == where
    controls.set_stopping("Stopping… finishing this batch, then testing the network on the test images")
    qtbot.wait(10)
    assert [b.geometry() for b in controls.buttons()] == where
    assert controls.progress.maximum() == 0  # a busy bar while it stops
    assert len({b.width() for b in controls.buttons()}) == 1  # one width for all three
