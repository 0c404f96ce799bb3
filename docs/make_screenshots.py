"""Render the README's screenshot of the main window in the middle of a training run.

    .venv/bin/python docs/make_screenshots.py            # writes docs/images/window-training.png
    .venv/bin/python docs/make_screenshots.py ko         # the same in Korean: docs/images/window-korean.png

It drives the real window offscreen at 1366x768: a first run on 1,000 images without regularization
(it overfits: the validation curve parts from the training curve), then a second run with dropout and
L2, photographed while it trains, with a drawn 7 being classified.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402

from digitpad.ui.app import make_application  # noqa: E402
from digitpad.ui.i18n import install_language  # noqa: E402
from digitpad.ui.main_window import MainWindow  # noqa: E402
from tests.ui.drawing import draw_digit  # noqa: E402


def wait(app, condition, timeout=600):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.02)


def main(out: Path = ROOT / "docs" / "images" / "window-training.png", language: str = "en") -> None:
    app = make_application()
    if not install_language(app, language):
        raise SystemExit(f"no translation for {language!r}")
    settings = QSettings(str(Path(tempfile.mkdtemp()) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings)
    window.resize(1366, 768)
    window.show()
    window.start_loading()
    wait(app, lambda: window.model_object is not None)
    panel = window.panel
    panel.train_samples.setValue(1000)
    panel.epochs.setValue(15)
    panel.batch_size.setValue(32)
    window.start_training()
    wait(app, lambda: not window.is_training())
    panel.dropout.setChecked(True)
    panel.l2.setChecked(True)
    window.start_training()
    wait(app, lambda: window.charts.run_count() == 2 and len(window.charts.curve_data(-1, 0, "loss")[0]) >= 8)
    draw_digit(window.canvas, 7)
    wait(app, lambda: window.probabilities.predicted_text().startswith("7"), timeout=30)
    app.processEvents()
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    print(f"wrote {out} ({out.stat().st_size // 1024} KB)")
    window.close()


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] != "en":
        main(
            ROOT / "docs" / "images" / "window-korean.png"
            if sys.argv[1] == "ko"
            else ROOT / "docs" / "images" / f"window-{sys.argv[1]}.png",
            sys.argv[1],
        )
    else:
        main()
