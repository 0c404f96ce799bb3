"""``digitpad --self-test``: check an installation without a screen, and say what was checked.

It loads the shipped model, classifies real MNIST test digits (with TensorFlow, and with LiteRT from the
shipped and a fresh converted copy), trains a few batches on the bundled data, and opens and closes the
main window offscreen. Exit status 0 only if every check passed. The
report also goes to ``self-test.txt`` in the user's data folder, because a windowed app on Windows
has no console to print to.
"""

from __future__ import annotations

import logging
import os
import sys
import time
import traceback
from collections.abc import Callable

from digitpad import __version__
from digitpad.core.userdata import user_data_dir

DIGITS_TO_CLASSIFY = 20
WINDOW_LOAD_TIMEOUT_S = 60


class Checks:
    """The report: every line is printed (where there is a console) and kept; failures are counted."""

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


class Installation:
    """The checks, in order; the data set and the model the early ones load serve the later ones."""

    def __init__(self):
        self.dataset = None
        self.loaded = None  # the shipped model, a LoadedModel

    def checks(self) -> list[tuple[str, Callable[[], str], bool]]:
        """(title, check, whether it needs the data set and the model)."""
        return [
            ("resources", self.resources, False),
            ("bundled MNIST", self.load_dataset, False),
            ("shipped model", self.load_model, False),
            ("classification", self.classify, True),
            ("fast prediction", self.fast_prediction, True),
            ("training", self.train, True),
            ("model export", self.export, True),
            ("main window", self.window, False),
        ]

    def resources(self) -> str:
        from digitpad.core.resources import default_model_path, mnist_dir

        missing = [p for p in (default_model_path(), mnist_dir()) if not p.exists()]
        if missing:
            raise FileNotFoundError(", ".join(map(str, missing)))
        return f"found in {default_model_path().parent}"

    def load_dataset(self) -> str:
        from digitpad.core.data import load_dataset

        self.dataset = load_dataset()
        return self.dataset.describe()

    def load_model(self) -> str:
        from digitpad.core.modelfile import load_model
        from digitpad.core.resources import default_model_path
        from digitpad.core.tfsetup import tensorflow_module

        tf = tensorflow_module()
        self.loaded = load_model(default_model_path())
        return f"{self.loaded.describe()}, TensorFlow {tf.__version__}"

    def classify(self) -> str:
        from digitpad.core.predictor import Predictor

        test = self.dataset.test
        predictor = Predictor(self.loaded.model)
        picks = [predictor.predict_input(test.images[i] / 255.0).digit for i in range(DIGITS_TO_CLASSIFY)]
        wrong = [i for i, p in enumerate(picks) if p != test.labels[i]]
        if wrong:
            raise AssertionError(f"misclassified test digits {wrong}")
        return f"{DIGITS_TO_CLASSIFY} of {DIGITS_TO_CLASSIFY} real MNIST test digits right"

    def fast_prediction(self) -> str:
        """LiteRT runs the shipped converted copy and a fresh conversion, and both agree with Keras."""
        from digitpad.core import fastpredict
        from digitpad.core.predictor import Predictor
        from digitpad.core.resources import default_model_path

        shipped = fastpredict.find_copy(fastpredict.file_key(default_model_path()))
        if shipped is None:
            raise FileNotFoundError("the shipped model's converted copy (resources/converted) is missing")
        plain = Predictor(self.loaded.model, compile_in_background=False)
        for copy in (shipped, fastpredict.tflite_bytes(self.loaded.model)):
            fast = fastpredict.LiteRTPredictor(copy)
            if not plain.agrees_with(fast.outputs):
                raise AssertionError("LiteRT's prediction disagrees with Keras's")
        test = self.dataset.test
        picks = [fast.predict_input(test.images[i] / 255.0).digit for i in range(DIGITS_TO_CLASSIFY)]
        wrong = [i for i, p in enumerate(picks) if p != test.labels[i]]
        if wrong:
            raise AssertionError(f"LiteRT misclassified test digits {wrong}")
        return "LiteRT runs the shipped and a fresh converted copy; both agree with Keras"

    def train(self) -> str:
        from digitpad.core.config import TrainingConfig
        from digitpad.core.training import train

        result = train(TrainingConfig(epochs=1, train_samples=1024, batch_size=64, validation_split=0.02), self.dataset)
        loss = result.series[0].history["loss"][0]
        if not loss == loss or loss <= 0:  # NaN or nonsense
            raise AssertionError(f"training loss is {loss}")
        return f"16 batches, loss {loss:.3f}, test accuracy {result.test_accuracy:.1%}"

    def export(self) -> str:
        """The exports a student can make, each checked against the app as File → Export does."""
        from digitpad.core.export import (
            CHECK_DIGITS,
            agreement,
            check_images,
            convert,
            keras_probabilities,
            onnx_available,
        )

        images = check_images(self.dataset.test.images)
        reference = keras_probabilities(self.loaded.model, images)
        formats = ["tflite", "html"] + (["onnx"] if onnx_available() else [])
        worst = 0.0
        for fmt in formats:
            data, run = convert(self.loaded.model, fmt)
            result = agreement(reference, run(data, images))
            if not result.ok:
                raise AssertionError(f"the {fmt} copy differs from the app by {result.max_difference:.1e}")
            worst = max(worst, result.max_difference)
        missing = "" if "onnx" in formats else "; ONNX needs the 'onnx' extra"
        return f"{', '.join(formats)} agree on {CHECK_DIGITS} digits within {worst:.0e}{missing}"

    def window(self) -> str:
        """Open the main window as ``digitpad`` would on this machine: with this user's and the machine's
        settings (copied, so the check changes none of them), in the language they choose."""
        from PySide6.QtCore import QCoreApplication, QEvent, QSettings, QTemporaryDir

        from digitpad.core.experiments import RunStore
        from digitpad.ui.app import make_application
        from digitpad.ui.i18n import current_language, install_language
        from digitpad.ui.main_window import MainWindow
        from digitpad.ui.session import Session
        from digitpad.ui.settings_file import open_settings

        app = make_application()
        scratch = QTemporaryDir()
        with _Complaints("digitpad.ui") as complaints:
            real = open_settings(repair=False)  # a bad file is noted, not moved, by a check
            settings = QSettings(scratch.filePath("settings.ini"), QSettings.Format.IniFormat)
            copied = _copy_settings(real.settings, settings)
            install_language(app, current_language(settings))
            # A store of its own: the check never reads or moves the student's kept runs.
            window = MainWindow(Session(settings, run_store=RunStore(scratch.filePath("runs"))))
        try:
            window.show()
            _wait_for_model(app, window)
            shown = window.isVisible()
            return (
                f"opened ({'visible' if shown else 'hidden'}) with this user's and this machine's settings "
                f"({_settings_summary(real, copied, complaints)}), predicting, closed; Qt platform {app.platformName()}"
            )
        finally:
            # Delete the window (and any message it shows) while Qt is alive, not at interpreter exit.
            window.close()
            window.deleteLater()
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()


class _Complaints(logging.Handler):
    """The warnings a logger (and its children) gives while in use: what the window ignored or clamped."""

    def __init__(self, name: str):
        super().__init__(logging.WARNING)
        self.logger = logging.getLogger(name)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())

    def __enter__(self):
        self.logger.addHandler(self)
        return self.lines

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self)


def _copy_settings(source, target) -> int:
    """Every value ``source`` can read (machine-wide defaults included) into ``target``; how many."""
    count = 0
    for key in source.allKeys():
        try:
            target.setValue(key, source.value(key))
            count += 1
        except Exception as exc:  # a value Qt cannot hand over is one the window cannot read either
            logging.getLogger("digitpad.ui.settings_values").warning("ignoring setting %s: %s", key, exc)
    target.sync()
    return count


def _settings_summary(real, copied: int, complaints: list[str]) -> str:
    files = ", ".join(map(str, real.files)) or "no settings file yet"
    text = f"{copied} value(s) from {files}"
    if complaints:
        shown = "; ".join(line[:120] for line in complaints[:5])
        more = f" and {len(complaints) - 5} more" if len(complaints) > 5 else ""
        text += f"; {len(complaints)} ignored, clamped or set aside: {shown}{more}"
    return text


def _wait_for_model(app, window) -> None:
    """Let the window load its model (up to a minute); raise if it fails or takes longer."""
    window.start_loading()
    deadline = time.perf_counter() + WINDOW_LOAD_TIMEOUT_S
    session = window.session
    while not session.has_model and session.load_error is None and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.01)
    if session.load_error is not None:
        raise RuntimeError(f"the window could not load its model: {session.load_error}")
    if not session.has_model:
        raise TimeoutError(f"the window's model did not load within {WINDOW_LOAD_TIMEOUT_S} s")


def _save_report(lines: list[str]) -> None:
    """Also into the user's data folder: a windowed app on Windows has no console to print to."""
    try:
        folder = user_data_dir()
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "self-test.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    except OSError:
        pass


def self_test() -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # no screen needed, even where there is one
    checks = Checks()
    checks.say(f"digitpad {__version__} self-test, Python {sys.version.split()[0]}, {sys.platform}")
    installation = Installation()
    for title, check, needs_data_and_model in installation.checks():
        if needs_data_and_model and (installation.loaded is None or installation.dataset is None):
            checks.failed += 1
            checks.say(f"skip  {title}: needs the data and the model")
            continue
        checks.run(title, check)
    verdict = "PASSED" if checks.failed == 0 else f"FAILED ({checks.failed} check(s))"
    checks.say(f"self-test {verdict}")
    _save_report(checks.lines)
    return 0 if checks.failed == 0 else 1
