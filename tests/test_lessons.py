"""Lesson files: strict checking with messages that name the file and the fault, and where lessons are found."""

import json
import logging

import pytest

from digitpad.core import lessons
from digitpad.core.config import TrainingConfig
from digitpad.core.lessons import CONTROLS, FORMAT, LessonError, available_lessons, load_lesson
from digitpad.core.resources import resources_dir


def write(path, data) -> str:
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


def lesson(**changes) -> dict:
    data = {
        "format": FORMAT,
        "title": "Test lesson",
        "description": "for tests",
        "settings": {"train_samples": 1000, "epochs": 15, "dropout": 0.3},
        "locked": ["epochs"],
        "hidden": [],
    }
    data.update(changes)
    return data


def test_a_good_lesson_loads_with_defaults_for_what_it_leaves_out(tmp_path):
    path = tmp_path / "good.json"
    write(path, lesson())
    got = load_lesson(path)
    assert got.title == "Test lesson" and got.description == "for tests"
    assert got.locked == ("epochs",) and got.hidden == ()
    assert got.config == TrainingConfig(train_samples=1000, epochs=15, dropout=0.3)
    assert got.path == path


def test_the_shipped_lessons_all_load():
    found = sorted((resources_dir() / "lessons").glob("*.json"))
    assert len(found) >= 4
    loaded = [load_lesson(p) for p in found]
    titles = [le.title for le in loaded]
    assert titles[:4] == [
        "Lesson 1 — The tutorial's network",
        "Lesson 2 — Only dropout",
        "Lesson 3 — L1 vs L2",
        "Lesson 4 — Early stopping",
    ]
    tutorial, dropout, l1l2, early = loaded[:4]
    assert tutorial.config == TrainingConfig() and tutorial.locked == ()
    # Tuned so each lesson keeps its promise within about half a minute of training (test_lesson_promises.py).
    assert (dropout.config.train_samples, dropout.config.epochs, dropout.config.batch_size) == (500, 30, 16)
    assert l1l2.config == dropout.config  # lesson 3 compares its penalties on lesson 2's data
    assert set(CONTROLS) - set(dropout.locked) == {"dropout", "dropout_conv"}
    assert set(CONTROLS) - set(l1l2.locked) == {"l1", "l2"}
    assert set(CONTROLS) - set(early.locked) == {"patience"} and early.config.early_stopping


@pytest.mark.parametrize(
    "content, fault",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "a lesson is a JSON object"),
        (lesson(teacher="me"), "unknown key 'teacher'"),
        (lesson(format="digitpad-lesson-9"), "'format' must be 'digitpad-lesson-1'"),
        (lesson(title=""), "'title' must be text"),
        (lesson(title=5), "'title' must be text"),
        (lesson(settings={"dropout": "lots"}), "dropout must be a number"),
        (lesson(settings={"epochs": 1.5}), "epochs must be a whole number"),
        (lesson(settings={"early_stopping": "yes"}), "early_stopping must be true or false"),
        (lesson(settings={"epochs": 500}), "epochs must be from 1 to 200 (got 500)"),
        (lesson(settings={"dropout": 0.99}), "dropout must be from 0.05 to 0.9"),
        (lesson(settings={"kfold": 1}), "kfold must be from 2 to 10 (got 1)"),
        (lesson(settings={"dense_units": 128}), "unknown setting 'dense_units'"),
        (lesson(settings={"ensemble": 3, "kfold": 5}), "impossible settings: choose either"),
        (lesson(settings={"early_stopping": True, "validation_split": 0.0}), "needs a validation split above 0"),
        (lesson(settings=[1]), "'settings' must be an object"),
        (lesson(locked=["everything"]), "unknown control 'everything' in 'locked'"),
        (lesson(hidden="dropout"), "'hidden' must be a list of control names"),
        ('{"format": "digitpad-lesson-1", "title": "a", "title": "b"}', "the key 'title' appears twice"),
        ('{"format": "digitpad-lesson-1", "title": "a", "settings": {"dropout": NaN}}', "NaN is not a number"),
        ("[" * 50_000 + "]" * 50_000, "too big"),
        ("[" * 20_000 + "]" * 20_000, "nested too deeply"),
    ],
)
def test_bad_lessons_are_refused_with_the_file_and_the_fault(tmp_path, content, fault):
    path = tmp_path / "bad.json"
    write(path, content)
    with pytest.raises(LessonError) as err:
        load_lesson(path)
    assert str(err.value).startswith(str(path) + ":")
    assert fault in str(err.value)


def test_binary_missing_and_huge_files(tmp_path):
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LessonError, match="not a text file"):
        load_lesson(tmp_path / "bin.json")
    with pytest.raises(LessonError, match="file not found"):
        load_lesson(tmp_path / "missing.json")
    write(tmp_path / "huge.json", lesson(description="x" * 70_000))
    with pytest.raises(LessonError, match="too big for a lesson file"):
        load_lesson(tmp_path / "huge.json")


def test_available_lessons_merge_the_folders_and_skip_broken_ones(tmp_path, monkeypatch, caplog):
    system, user = tmp_path / "etc", tmp_path / "data"
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(system))
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(user))
    (system / "digitpad" / "lessons").mkdir(parents=True)
    (user / "lessons").mkdir(parents=True)
    assert lessons.lesson_dirs() == [resources_dir() / "lessons", system / "digitpad" / "lessons", user / "lessons"]
    write(system / "digitpad" / "lessons" / "lesson-5-school.json", lesson(title="Lesson 5 — our school"))
    # A machine-wide file with a shipped lesson's name replaces it; a user's broken file is skipped.
    write(system / "digitpad" / "lessons" / "lesson-1-tutorial.json", lesson(title="Lesson 1 — school version"))
    write(user / "lessons" / "broken.json", "{")
    with caplog.at_level(logging.WARNING, logger="digitpad.core.lessons"):
        found = available_lessons()
    titles = [le.title for le in found]
    assert "Lesson 5 — our school" in titles and "Lesson 1 — school version" in titles
    assert "Lesson 1 — The tutorial's network" not in titles
    assert "Lesson 2 — Only dropout" in titles
    assert any("broken.json" in r.getMessage() and "not valid JSON" in r.getMessage() for r in caplog.records)


def test_system_folder_per_platform(monkeypatch):
    monkeypatch.setattr(lessons.sys, "platform", "win32")
    monkeypatch.setenv("PROGRAMDATA", r"C:\ProgramData")
    assert str(lessons.system_lesson_dirs()[0]).replace("\\", "/").endswith("ProgramData/digitpad/lessons")
    monkeypatch.setattr(lessons.sys, "platform", "darwin")
    assert lessons.system_lesson_dirs()[0].as_posix() == "/Library/Application Support/digitpad/lessons"
    monkeypatch.setattr(lessons.sys, "platform", "linux")
    monkeypatch.delenv("XDG_CONFIG_DIRS", raising=False)
    assert lessons.system_lesson_dirs()[0].as_posix() == "/etc/xdg/digitpad/lessons"


def test_a_lesson_can_speak_several_languages(tmp_path):
    from digitpad.core.lessons import LessonError, load_lesson, parse_lesson

    text = (
        '{"format": "digitpad-lesson-1", "title": {"en": "Dropout", "ko": "드롭아웃"}, '
        '"description": {"en": "Try it.", "ko": "해 보세요."}}'
    )
    assert parse_lesson(text, language="ko").title == "드롭아웃"
    assert parse_lesson(text, language="ko").description == "해 보세요."
    assert parse_lesson(text, language="en").title == "Dropout"
    assert parse_lesson(text, language="fr").title == "Dropout"  # English when the language is missing
    with pytest.raises(LessonError, match="'title' must be text, or an object of language codes"):
        parse_lesson('{"format": "digitpad-lesson-1", "title": {"ko": 3}}')
    shipped = load_lesson(resources_dir() / "lessons" / "lesson-2-only-dropout.json", "ko")
    assert shipped.title.startswith("2강")


def test_absurd_numbers_and_pipes_are_refused_and_the_menu_keeps_the_rest(tmp_path, monkeypatch):
    """1 and 400 zeros, 5,000 digits, 1e400 and a named pipe: one line each, and the other lessons stay listed."""
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path))
    folder = tmp_path / "lessons"
    folder.mkdir()
    head = '{"format": "digitpad-lesson-1", "title": "t", "settings": {"epochs": '
    cases = {
        "zeros.json": ("1" + "0" * 400, "epochs must be from 1 to 200 (got inf)"),
        "digits.json": ("1" + "0" * 5000, "a number with too many digits"),
        "inf.json": ("1e400", "epochs must be from 1 to 200 (got inf)"),
    }
    for name, (number, _) in cases.items():
        (folder / name).write_text(head + number + "}}")
    (folder / "switch.json").write_text(head[:-10] + '"pooling": 1' + "0" * 400 + "}}")
    for name, (_, fault) in cases.items():
        with pytest.raises(LessonError) as caught:
            load_lesson(folder / name)
        assert str(caught.value) == f"{folder / name}: {fault}"
    with pytest.raises(LessonError, match=r"pooling must be true or false \(got inf\)"):
        load_lesson(folder / "switch.json")
    if hasattr(__import__("os"), "mkfifo"):
        __import__("os").mkfifo(folder / "pipe.json")
        with pytest.raises(LessonError, match="a named pipe, not a file"):
            load_lesson(folder / "pipe.json")
    titles = [lesson.title for lesson in available_lessons()]
    assert len(titles) == 4 and "Lesson 2 — Only dropout" in titles  # the shipped ones, none of the broken
