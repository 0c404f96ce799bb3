import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from digitpad.ui.canvas import DrawingCanvas
from digitpad.ui.tasks import TaskRunner


@pytest.fixture
def canvas(qtbot):
    """A canvas shown at exactly its logical size, so widget and logical coordinates coincide."""
    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    widget.resize(280, 280)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def tasks(qtbot):
    """A task runner of the test's own, shut down (its tasks aborted and waited for) afterwards."""
    runner = TaskRunner()
    yield runner
    assert runner.shutdown(30), "a background task did not end"
