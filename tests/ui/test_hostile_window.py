"""The window given hostile files: a named pipe as a model or a lesson is refused at once, with a message."""

import os

import pytest

from tests.ui.conftest import MODEL_TIMEOUT_MS

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


def test_a_pipe_as_a_model_is_refused_and_the_model_stays(qtbot, open_window, settings, tmp_path):
    window = open_window(settings)
    before = window.model_object
    os.mkfifo(tmp_path / "model.keras")
    with qtbot.waitSignal(window.session.load_failed, timeout=MODEL_TIMEOUT_MS) as failed:
        window.session.load_model(tmp_path / "model.keras")
    path, exc = failed.args
    assert exc.code == "file-is-a-pipe" and window.model_object is before
    qtbot.waitUntil(lambda: bool(window.open_messages()))
    assert ("Cannot open model", f"{path}: a named pipe, not a file; digitpad reads only ordinary files") in (
        window.open_messages()
    )


def test_a_pipe_as_a_lesson_is_refused_without_waiting(qtbot, open_window, settings, tmp_path):
    window = open_window(settings, load=False)
    os.mkfifo(tmp_path / "lesson.json")
    assert window.lessons.open_path(tmp_path / "lesson.json") is False  # on the GUI thread: it must not block
    assert any("a named pipe, not a file" in text for _, text in window.open_messages())
    assert window.lessons.current() is None
