"""Under a real X server: the first window fills the screen and fits it, and a stroke drawn while TensorFlow
is being imported keeps every point. Run with DISPLAY set (tests/ui/test_real_x.py starts an Xvfb for it)::

    DISPLAY=:99 python -m tests.ui.real_x_check

It prints JSON: the screen, the window, layout problems, and how many of the stroke's points arrived.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

POINTS = 61  # a circle, sent by xdotool as separate mouse moves 10 ms apart


def main() -> dict:
    os.environ["QT_QPA_PLATFORM"] = "xcb"
    os.environ.setdefault("DIGITPAD_DATA_DIR", tempfile.mkdtemp())
    from PySide6.QtCore import QPoint, QSettings, QTimer

    from digitpad.ui.app import after_first_paint, make_application
    from digitpad.ui.main_window import MainWindow
    from digitpad.ui.session import Session
    from tests.ui.layout_check import layout_problems

    app = make_application()
    window = MainWindow(Session(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)))
    window.show_first()  # as ``run_app`` does on a first start
    found: dict = {}

    def draw() -> None:
        paper = window.canvas._paper_rect()
        centre = window.canvas.mapToGlobal(QPoint(round(paper.center().x()), round(paper.center().y())))
        radius = paper.width() * 0.3
        command = ["xdotool"]
        for i in range(POINTS):
            x = round(centre.x() + radius * math.cos(2 * math.pi * i / (POINTS - 1)))
            y = round(centre.y() + radius * math.sin(2 * math.pi * i / (POINTS - 1)))
            command += ["mousemove", str(x), str(y)] + (["mousedown", "1"] if i == 0 else ["sleep", "0.01"])
        command += ["mouseup", "1"]
        found["model_loaded_when_drawing"] = window.model_object is not None
        subprocess.Popen(command)

    def start() -> None:
        window.session.start_loading()  # the TensorFlow import starts: draw at once, while it holds Python up
        QTimer.singleShot(50, draw)

    after_first_paint(window, start)
    deadline = time.monotonic() + 180
    while (window.model_object is None or window.canvas.stroke_count() == 0) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    for _ in range(25):  # the model's caption has just changed: let the layouts settle
        app.processEvents()
        time.sleep(0.02)
    found.update(
        points_sent=POINTS,
        points_kept=[len(s) for s in window.canvas.strokes()],
        screen=window.screen().availableGeometry().getRect(),
        window=window.frameGeometry().getRect(),
        problems=layout_problems(window),
        mode=window.docks.mode(),
    )
    window.close()
    return found


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.stdout.flush()
    os._exit(0)  # the TensorFlow threads need no orderly goodbye here
