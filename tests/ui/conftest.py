import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

from digitpad.ui.canvas import DrawingCanvas


@pytest.fixture
def canvas(qtbot):
    """A canvas shown at exactly its logical size, so widget and logical coordinates coincide."""
    widget = DrawingCanvas()
    qtbot.addWidget(widget)
    widget.resize(280, 280)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
