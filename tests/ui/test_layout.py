"""The window fits classroom screens: a netbook, a school laptop and a 1080p screen at 150%, each in normal and
projector mode, in English and Korean, with runs in the charts, a lesson and a prediction on screen.

Each screen runs in a process of its own (Qt's offscreen screen size and QT_SCALE_FACTOR are fixed when the
application starts): ``tests/ui/layout_check.py`` opens the real window there and lists everything that does
not fit. The checks themselves are tested here too, on widgets made to fail them.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from tests.ui.layout_check import layout_problems

ROOT = Path(__file__).resolve().parents[2]
SCREENS = [(1024, 600, "1"), (1366, 768, "1"), (1920, 1080, "1.5")]  # the last is 1280x720 to Qt


@pytest.mark.parametrize(("width", "height", "scale"), SCREENS, ids=["1024x600", "1366x768", "1920x1080@150%"])
def test_everything_fits_on_classroom_screens(width, height, scale, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.layout_check", str(width), str(height), scale],
        cwd=ROOT,
        check=False,  # a failure is reported below, with the program's own error
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DIGITPAD_DATA_DIR": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    checks = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(checks) == 4  # English and Korean, normal and projector
    for check in checks:
        where = f"{width}x{height}@{scale} {check['language']} {'projector' if check['projector'] else 'normal'}"
        assert not check["problems"], f"{where} ({check['mode']}, zoom {check['zoom']}): {check['problems']}"
        if check["projector"]:
            assert check["zoom"] >= 1.0
    projector = {c["language"]: c["zoom"] for c in checks if c["projector"]}
    if width >= 1366:  # a laptop or larger: projector text is really larger
        assert projector["en"] >= 1.4, projector


def test_the_checks_catch_clipped_text_and_widgets_outside(qtbot):
    window = QWidget()
    layout = QVBoxLayout(window)
    label = QLabel("a label whose text is far too long for the room it is given")
    button = QPushButton("A button with a long text")
    layout.addWidget(label)
    layout.addWidget(button)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert layout_problems(window) == []
    layout.removeWidget(label)
    label.setGeometry(0, 0, 60, 20)  # clipped text
    button.setParent(None)
    button.setParent(window)
    button.setGeometry(window.width() - 20, 0, 200, 30)  # runs off the right edge, and squeezed
    button.show()
    problems = " ".join(layout_problems(window))
    assert "text needs" in problems and "outside the window" in problems
