"""``digitpad --self-test``: check an installation without a screen, and say what was checked.

It loads the shipped model, classifies real MNIST test digits, trains a few batches on the bundled
data, and opens and closes the main window offscreen. Exit status 0 only if every check passed. The
report also goes to ``self-test.txt`` in the user's data folder, because a windowed app on Windows
has no console to print to.
"""

from __future__ import annotations

import os
import sys
import time
import traceback

from digitpad import __version__
from digitpad.core.userdata import user_data_dir

DIGITS_TO_CLASSIFY = 20


class Checks:
    def __init__(self):
        self.lines: list[str] = []
        self.failed = 0

    def say(self, text: str) -> None:
        self.lines.append(text)
        if sys.stdout is not None:
            print(text, flush=True)

    def run(self, title: str, check) -> object:
        started = time.perf_counter()
        try:
            detail = check()
        except Exception as exc:
            self.failed += 1
            self.say(f"FAIL  {title}: {type(exc).__name__}: {exc}")
            for line in traceback.format_exc().splitlines()[-6:]:
                self.say(f"        {line}")
            return None
        self.say(f"ok    {title} ({detail}; {time.perf_counter() - started:.1f} s)")
        return detail


def self_test() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, even where there is one
    checks = Checks()
    checks.say(f"digitpad {__version__} self-test, Python {sys.version.split()[0]}, {sys.platform}")
    state: dict = {}

    def resources():
        from digitpad.core.resources import default_model_path, mnist_dir

        missing = [p for p in (default_model_path(), mnist_dir()) if not p.exists()]
        if missing:
            raise FileNotFoundError(", ".join(map(str, missing)))
        return f"found in {default_model_path().parent}"

    def dataset():
        from digitpad.core.data import load_dataset

        state["data"] = load_dataset()
        return state["data"].describe()

    def model():
        from digitpad.core.modelfile import load_model
        from digitpad.core.resources import default_model_path
        from digitpad.core.tfsetup import tensorflow_module

        tf = tensorflow_module()
        state["model"] = load_model(default_model_path())
        return f"{state['model'].describe()}, TensorFlow {tf.__version__}"

    def classify():
        from digitpad.core.predictor import Predictor

        test = state["data"].test
        predictor = Predictor(state["model"].model)
        picks = [predictor.predict_input(test.images[i] / 255.0).digit for i in range(DIGITS_TO_CLASSIFY)]
        wrong = [i for i, p in enumerate(picks) if p != test.labels[i]]
        if wrong:
            raise AssertionError(f"misclassified test digits {wrong}")
        return f"{DIGITS_TO_CLASSIFY} of {DIGITS_TO_CLASSIFY} real MNIST test digits right"

    def train():
        from digitpad.core.config import TrainingConfig
        from digitpad.core.training import train as run_training

        result = run_training(
            TrainingConfig(epochs=1, train_samples=1024, batch_size=64, validation_split=0.02), state["data"]
        )
        loss = result.series[0].history["loss"][0]
        if not loss == loss or loss <= 0:  # NaN or nonsense
            raise AssertionError(f"training loss is {loss}")
        return f"16 batches, loss {loss:.3f}, test accuracy {result.test_accuracy:.1%}"

    def window():
        from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTemporaryDir

        from digitpad.ui.app import make_application
        from digitpad.ui.main_window import MainWindow

        app = make_application()
        scratch = QTemporaryDir()
        window = MainWindow(settings=QSettings(scratch.filePath("settings.ini"), QSettings.Format.IniFormat))
        try:
            window.show()
            window.start_loading()
            deadline = time.perf_counter() + 60
            session = window.session
            while not session.has_model and session.load_error is None and time.perf_counter() < deadline:
                app.processEvents()
                time.sleep(0.01)
            if session.load_error is not None:
                raise RuntimeError(f"the window could not load its model: {session.load_error}")
            if not session.has_model:
                raise TimeoutError("the window's model did not load within 60 s")
            shown = window.isVisible()
            return f"opened ({'visible' if shown else 'hidden'}), predicting, closed; Qt platform {app.platformName()}"
        finally:
            # Delete the window (and any message it shows) while Qt is alive, not at interpreter exit.
            window.close()
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()

    for title, check in (
        ("resources", resources),
        ("bundled MNIST", dataset),
        ("shipped model", model),
        ("classification", classify),
        ("training", train),
        ("main window", window),
    ):
        if title in ("classification", "training") and ("model" not in state or "data" not in state):
            checks.failed += 1
            checks.say(f"skip  {title}: needs the data and the model")
            continue
        checks.run(title, check)

    verdict = "PASSED" if checks.failed == 0 else f"FAILED ({checks.failed} check(s))"
    checks.say(f"self-test {verdict}")
    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "self-test.txt").write_text("\n".join(checks.lines) + "\n", encoding="utf-8")
    except OSError:
        pass
    return 0 if checks.failed == 0 else 1
