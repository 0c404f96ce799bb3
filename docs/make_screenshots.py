"""Render the README's screenshots: the real window in the middle of a lesson, on the screens classrooms have.

    .venv/bin/python docs/make_screenshots.py          # every picture in docs/images (a few minutes)

First one real training session, as a student would run it (in a window of its own): lesson 2 as it is (it
overfits: the validation curve climbs again), then with dropout 0.5 after the convolution blocks too, caught
in the middle of its run. Then each picture in a process of its own, since the screen's size and scale are
fixed when Qt starts: the same runs shown in a fresh window, a 7 drawn on the canvas, on

- a 1366x768 laptop (window-training.png, and in Korean window-korean.png), with the evaluation
  (evaluation-view.png) and inside-the-network (network-view.png) docks;
- a 1024x600 netbook (window-1024x600.png);
- a 1920x1080 screen at 150% scaling (window-1920x1080-150.png), and at 100%, where the Runs list shows
  beside the drawing (window-1920x1080-runs.png);
- projector mode on the laptop (window-projector.png).

Each window is sized as a maximised one is on a real desktop (the screen less a taskbar and a title bar).
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
IMAGES = ROOT / "docs" / "images"
sys.path.insert(0, str(ROOT))

TASKBAR_AND_TITLE = 72


class Shot(NamedTuple):
    name: str
    width: int  # the screen's size in pixels
    height: int
    scale: str  # the desktop's scaling, as QT_SCALE_FACTOR
    language: str = "en"
    projector: bool = False
    view: str = ""  # a teaching view to show: "evaluation" or "network"


SHOTS = [
    Shot("window-training.png", 1366, 768, "1"),
    Shot("window-korean.png", 1366, 768, "1", "ko"),
    Shot("window-1024x600.png", 1024, 600, "1"),
    Shot("window-1920x1080-150.png", 1920, 1080, "1.5"),
    Shot("window-1920x1080-runs.png", 1920, 1080, "1"),  # wide enough for the Runs list beside the drawing
    Shot("window-projector.png", 1366, 768, "1", projector=True),
    Shot("evaluation-view.png", 1366, 768, "1", view="evaluation"),
    Shot("network-view.png", 1366, 768, "1", view="network"),
]
EPOCHS_SHOWN = 12  # the second run is photographed after this many epochs


def wait(app, condition, timeout=900):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def screen(width: int, height: int, scale: str) -> None:
    """Qt's offscreen screen of this size and scale (read when the application starts)."""
    config = Path(tempfile.mkdtemp()) / "screen.json"
    shape = {"name": "S", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "logicalBaseDpi": 96}
    config.write_text(json.dumps({"screens": [{**shape, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = scale


def lesson_two():
    from digitpad.core.lessons import load_lesson
    from digitpad.core.resources import resources_dir
    from digitpad.ui.i18n import installed_language

    return load_lesson(resources_dir() / "lessons" / "lesson-2-only-dropout.json", installed_language())


def new_window(app):
    from PySide6.QtCore import QSettings

    from digitpad.ui.main_window import MainWindow

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    free = app.primaryScreen().availableGeometry().size()
    window.resize(free.width(), free.height() - TASKBAR_AND_TITLE)
    window.show()
    window.start_loading()
    wait(app, lambda: window.model_object is not None)
    return window


def train_runs(history_file: Path) -> None:
    """Lesson 2 as it is, then with dropout: the second run kept after EPOCHS_SHOWN epochs, still training."""
    screen(1366, 768, "1")
    from digitpad.ui.app import make_application

    app = make_application()
    window = new_window(app)
    window.lessons.start(lesson_two())
    window.start_training()
    wait(app, lambda: not window.is_training())
    window.panel.dropout.setChecked(True)
    window.panel.dropout_value.setValue(0.5)
    window.panel.dropout_conv.setChecked(True)
    window.start_training()
    wait(
        app, lambda: window.charts.run_count() == 2 and len(window.charts.curve_data(-1, 0, "loss")[0]) >= EPOCHS_SHOWN
    )
    history_file.write_bytes(pickle.dumps((window.session.runs, window.panel.values())))
    window.close()
    if window.isVisible():  # it asks whether to keep the network still training: not this time
        window.answer_close_question("discard")


def shoot(history_file: Path, shot: Shot) -> None:
    screen(shot.width, shot.height, shot.scale)
    from digitpad.ui.app import make_application
    from digitpad.ui.i18n import install_language
    from tests.ui.drawing import draw_digit

    app = make_application()
    if not install_language(app, shot.language):
        raise SystemExit(f"no translation for {shot.language!r}")
    window = new_window(app)
    runs, values = pickle.loads(history_file.read_bytes())  # our own file, written a moment ago
    window.lessons.start(lesson_two())
    window.panel.set_values(values)
    window.session.runs = runs
    window.charts.bind(runs)
    record = runs.latest
    window.panel.set_running(True)  # as it was when the picture was taken: the second run still training
    window._batch(record, 0)
    if shot.projector:
        window.set_projector_mode(True)
    draw_digit(window.canvas, 7)
    wait(app, lambda: window.probabilities.predicted_text().startswith("7"), timeout=30)
    if shot.view == "evaluation":
        window.show_evaluation()
        wait(app, lambda: window.evaluation.report() is not None)
    elif shot.view == "network":
        window.show_network()
        wait(app, lambda: window.network.outline is not None)
        window.request_prediction()
        wait(app, lambda: window.network._shown_id > 0, timeout=60)
    elif window.docks.mode() == "compact":
        window.docks.show_charts()  # in tabs, the charts are what a student watches during a run
    for _ in range(20):
        app.processEvents()
    IMAGES.mkdir(parents=True, exist_ok=True)
    out = IMAGES / shot.name
    window.grab().save(str(out))
    print(f"wrote {out.relative_to(ROOT)} ({out.stat().st_size // 1024} KB, {window.docks.mode()}, zoom {window.zoom})")
    window.panel.set_running(False)
    window.close()


def main() -> None:
    history_file = Path(tempfile.mkdtemp()) / "runs.pickle"
    me = [sys.executable, str(Path(__file__).resolve())]
    subprocess.run([*me, "--train", str(history_file)], check=True)
    for shot in SHOTS:
        subprocess.run([*me, "--shot", str(history_file), json.dumps(shot._asdict())], check=True)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--train":
        train_runs(Path(sys.argv[2]))
    elif len(sys.argv) > 3 and sys.argv[1] == "--shot":
        shoot(Path(sys.argv[2]), Shot(**json.loads(sys.argv[3])))
    else:
        main()
