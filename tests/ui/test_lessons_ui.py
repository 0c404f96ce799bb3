"""Lessons on a real TrainingPanel: preset switches, locked and hidden controls that stay so, and leaving."""

import json

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFormLayout

from digitpad.core.lessons import CONTROLS, FORMAT, SETTINGS, load_lesson, parse_lesson
from digitpad.core.resources import resources_dir
from digitpad.ui.lessons import (
    HIDES,
    LOCKS,
    LessonBanner,
    LessonController,
    apply_lesson,
    clear_lesson,
    current_lesson,
    own_settings,
)
from digitpad.ui.training_panel import TrainingPanel
from tests.ui.conftest import show


@pytest.fixture
def panel(qtbot):
    widget = show(qtbot, TrainingPanel())
    return widget


def shipped(name):
    return load_lesson(resources_dir() / "lessons" / name)


def make(settings=None, locked=(), hidden=(), title="Test lesson"):
    return parse_lesson(
        json.dumps(
            {
                "format": FORMAT,
                "title": title,
                "settings": settings or {},
                "locked": list(locked),
                "hidden": list(hidden),
            }
        )
    )


def test_every_control_maps_to_panel_widgets(panel):
    assert set(LOCKS) == set(CONTROLS) == set(HIDES)
    for names in list(LOCKS.values()) + list(HIDES.values()):
        for name in names:
            assert getattr(panel, name) is not None


def test_lesson_ranges_match_the_panel_spin_boxes(panel):
    # SETTINGS mirrors the panel's ranges so a lesson never asks for a value the panel would clamp.
    boxes = {
        "l1": "l1_value",
        "l2": "l2_value",
        "dropout": "dropout_value",
        "ensemble": "ensemble_value",
        "kfold": "kfold_value",
    }
    for name, limits in SETTINGS.items():
        if limits is None:
            continue
        box = getattr(panel, boxes.get(name, name))
        assert (box.minimum(), box.maximum()) == pytest.approx(limits), name


def test_only_dropout_lesson_sets_and_locks_the_panel(panel):
    lesson = shipped("lesson-2-only-dropout.json")
    panel.l1.setChecked(True)  # the student's own setting, which the lesson switches off
    apply_lesson(panel, lesson)
    assert current_lesson(panel) is lesson
    config = panel.config()
    assert config.train_samples == 500 and config.epochs == 30 and config.l1 == 0 and config.dropout == 0
    for name in (
        "epochs",
        "batch_size",
        "learning_rate",
        "l1",
        "l2",
        "pooling",
        "augment",
        "early_stopping",
        "ensemble",
        "kfold",
        "train_samples",
        "validation_split",
        "patience",
    ):
        widget = getattr(panel, name)
        assert not widget.isEnabled(), name
        assert widget.toolTip() == "locked by the lesson: Lesson 2 — Only dropout"
    assert panel.dropout.isEnabled()
    panel.dropout.setChecked(True)
    panel.dropout_value.setValue(0.4)
    assert panel.dropout_value.isEnabled() and panel.dropout_conv.isEnabled()
    assert panel.config().dropout == pytest.approx(0.4)


def test_locks_survive_a_training_run_and_the_panel_own_toggles(panel):
    # L1 on and locked: set_running(False) would re-enable its value box; dropout open, its conv box locked.
    lesson = make({"l1": 0.0001, "train_samples": 500}, locked=["l1", "epochs", "dropout_conv"])
    apply_lesson(panel, lesson)
    assert panel.l1.isChecked() and not panel.l1_value.isEnabled()
    panel.set_running(True)
    assert not panel.dropout.isEnabled()  # the whole group is off while training
    panel.set_running(False)
    for name in ("l1", "l1_value", "epochs", "dropout_conv"):
        assert not getattr(panel, name).isEnabled(), name
    assert panel.dropout.isEnabled() and panel.l2.isEnabled()
    panel.dropout.setChecked(True)  # the panel's own toggle would enable "after conv blocks too"
    assert panel.dropout_value.isEnabled() and not panel.dropout_conv.isEnabled()


def test_hidden_controls_vanish_with_their_value_box_and_label(panel):
    lesson = shipped("lesson-3-l1-vs-l2.json")
    apply_lesson(panel, make(hidden=["ensemble", "kfold", "epochs", "early_stopping"]))
    for name in ("ensemble", "ensemble_value", "kfold", "kfold_value", "epochs", "early_stopping", "patience"):
        assert not getattr(panel, name).isVisibleTo(panel), name
    form = panel.epochs.parentWidget().layout()
    assert isinstance(form, QFormLayout) and not form.labelForField(panel.epochs).isVisibleTo(panel)
    apply_lesson(panel, lesson)  # a second lesson replaces the first: epochs is back
    assert panel.epochs.isVisibleTo(panel) and form.labelForField(panel.epochs).isVisibleTo(panel)
    assert not panel.kfold_value.isVisibleTo(panel)
    assert panel.l1.isEnabled() and panel.l2.isEnabled() and not panel.dropout.isEnabled()


def test_clear_lesson_restores_widgets_and_the_students_settings(panel):
    panel.epochs.setValue(7)
    panel.l2.setChecked(True)
    panel.l2_value.setValue(0.002)
    tooltip = panel.l2.toolTip()
    apply_lesson(panel, shipped("lesson-2-only-dropout.json"))
    apply_lesson(panel, shipped("lesson-4-early-stopping.json"))  # lesson after lesson
    assert panel.early_stopping.isChecked() and panel.patience.isEnabled() and not panel.early_stopping.isEnabled()
    clear_lesson(panel)
    assert current_lesson(panel) is None
    assert panel.epochs.value() == 7 and panel.l2.isChecked() and panel.l2_value.value() == pytest.approx(0.002)
    assert not panel.early_stopping.isChecked()
    for name in ("epochs", "l2", "l2_value", "early_stopping", "ensemble", "kfold"):
        assert getattr(panel, name).isEnabled() and getattr(panel, name).isVisibleTo(panel), name
    assert not panel.patience.isEnabled() and not panel.ensemble_value.isEnabled()  # their switches are off
    assert panel.l2.toolTip() == tooltip
    panel.set_running(True)
    panel.set_running(False)
    assert panel.epochs.isEnabled() and panel.l2_value.isEnabled()  # no stale lock left behind


def test_controller_opens_lessons_shows_the_banner_and_leaves(qtbot, panel, tmp_path):
    banner = LessonBanner()
    qtbot.addWidget(banner)
    messages = []
    controller = LessonController(panel, banner, lambda icon, title, text: messages.append((title, text)), panel)
    menu = controller.make_menu(panel)
    assert menu.objectName() == "lessons_menu"
    controller.fill_installed()
    titles = [a.text() for a in controller.installed.actions()]
    assert "Lesson 2 — Only dropout" in titles
    next(a for a in controller.installed.actions() if a.text() == "Lesson 2 — Only dropout").trigger()
    assert not banner.isHidden() and banner.title.text() == "Lesson 2 — Only dropout"
    assert "500 training images" in banner.description.text()
    assert controller.leave_action.isEnabled() and not panel.epochs.isEnabled()

    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "digitpad-lesson-1", "title": "x", "locked": ["warp_drive"]}')
    assert controller.open_path(bad) is False
    assert messages and messages[0][0] == "Cannot open lesson" and "warp_drive" in messages[0][1]
    assert current_lesson(panel).title == "Lesson 2 — Only dropout"  # the bad file changed nothing

    qtbot.mouseClick(banner.leave_button, Qt.MouseButton.LeftButton)
    assert banner.isHidden() and current_lesson(panel) is None and panel.epochs.isEnabled()
    assert not controller.leave_action.isEnabled()


def test_own_settings_are_what_gets_saved_during_a_lesson(qtbot, panel, tmp_path):
    panel.epochs.setValue(9)
    apply_lesson(panel, shipped("lesson-2-only-dropout.json"))
    panel.dropout.setChecked(True)  # the student's move within the lesson
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    with own_settings(panel):
        assert panel.epochs.value() == 9 and not panel.dropout.isChecked()
        panel.save_settings(settings)
    assert panel.epochs.value() == 30 and panel.dropout.isChecked() and not panel.epochs.isEnabled()

    # A window rebuilt in another language: own settings from the file, then the lesson carried over.
    other = TrainingPanel()
    qtbot.addWidget(other)
    other.load_settings(settings)
    assert other.epochs.value() == 9
    new_banner = LessonBanner()
    qtbot.addWidget(new_banner)
    new = LessonController(other, new_banner, lambda *a: None, other)
    new.resume(current_lesson(panel), panel.values())  # what the Session keeps for the next window
    assert new.current().title == "Lesson 2 — Only dropout" and not new_banner.isHidden()
    assert other.epochs.value() == 30 and other.dropout.isChecked() and not other.epochs.isEnabled()
    new.leave()
    assert other.epochs.value() == 9 and not other.dropout.isChecked() and other.epochs.isEnabled()
