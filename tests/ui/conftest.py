"""Fixtures shared by the window's tests: settings in a temporary file, widgets shown and waited for, whole
windows bound to Sessions of their own, and a task runner."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
import shiboken6
from PySide6.QtCore import QSettings

from digitpad.ui.canvas import DrawingCanvas
from digitpad.ui.tasks import TaskRunner

MODEL_TIMEOUT_MS = 60_000  # TensorFlow's import and the shipped model, on a busy 2-core machine
WINDOW_SIZE = (1366, 740)


def show(qtbot, widget, size: tuple[int, int] | None = None):
    """Show ``widget`` (at ``size``) and wait until it is on screen; qtbot closes it after the test."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def settings(tmp_path):
    """The app's settings in a file of the test's own, never the user's."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def open_window(qtbot):
    """``open_window(settings, load=True, **kwargs)``: a main window on a Session of its own, shown at a laptop's
    size, with the shipped model loaded unless ``load`` is False. Windows still open at the end are closed
    (which stops their Session's work); one a language switch has deleted already is skipped.
    ``open_window.keep(window)`` has a window made some other way (a language switch) closed the same way."""
    from digitpad.ui.main_window import MainWindow

    windows = []

    def open_(settings, load: bool = True, **kwargs) -> MainWindow:
        window = MainWindow(settings=settings, **kwargs)
        windows.append(window)
        window.resize(*WINDOW_SIZE)
        window.show()
        qtbot.waitExposed(window)
        if load:
            window.start_loading()
            qtbot.waitUntil(lambda: window.model_object is not None, timeout=MODEL_TIMEOUT_MS)
        return window

    open_.keep = windows.append
    yield open_
    for window in reversed(windows):
        if shiboken6.isValid(window):
            window.close()
            window.deleteLater()


@pytest.fixture
def canvas(qtbot):
    """A canvas shown at exactly its logical size, so widget and logical coordinates coincide."""
    return show(qtbot, DrawingCanvas(), (280, 280))


@pytest.fixture
def tasks(qtbot):
    """A task runner of the test's own, shut down (its tasks aborted and waited for) afterwards."""
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(30), "a background task did not end"
