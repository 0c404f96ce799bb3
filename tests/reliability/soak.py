"""The soak, run as its own process: many training runs in one window, then closing while training.

``python -m tests.reliability.soak OUT.json [RUNS] [CLOSES]`` trains RUNS tiny networks back to back in one
window (each from the Train button's slot, as a student would), recording the process's resident memory
after each; then opens and closes a window CLOSES times while it trains, recording how long each close
took and whether its training thread ended. The figures go to OUT.json (tests/test_soak.py reads them;
docs/reliability.md quotes them).
"""

from __future__ import annotations

import gc
import json
import os
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from tests.reliability import memory

TINY = {"epochs": 1, "train_samples": 512, "batch_size": 64, "validation_split": 0.1}
RUN_TIMEOUT_S = 180
CLOSE_LIMIT_S = 60


def wait_until(app, condition, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        app.processEvents()
        time.sleep(0.005)
    return True


def settle(app) -> int:
    for _ in range(5):
        app.processEvents()
    gc.collect()
    return memory.rss()


def make_window(settings_path: str, dataset):
    from PySide6.QtCore import QSettings

    from digitpad.core.config import TrainingConfig
    from digitpad.ui.main_window import MainWindow
    from digitpad.ui.session import Session

    settings = QSettings(settings_path, QSettings.Format.IniFormat)
    window = MainWindow(Session(settings, dataset=dataset))
    window.panel.set_values(
        {**window.panel.values(), "epochs": TINY["epochs"], "train_samples": TINY["train_samples"]}
        | {"batch_size": TINY["batch_size"], "validation_split": TINY["validation_split"]}
    )
    TrainingConfig(**TINY).validate()
    return window


def answer_any_question(app, window) -> None:
    """If closing asks something (keep the trained model?), answer it the way that closes."""
    from PySide6.QtWidgets import QDialog, QMessageBox

    for box in app.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            button = box.escapeButton() or box.defaultButton()
            if button is not None:
                button.click()
            else:
                box.reject()
        elif isinstance(box, QDialog) and box.isVisible() and box.isModal():
            box.reject()


def soak_runs(app, window, runs: int) -> list[dict]:
    session = window.session
    figures = []
    for number in range(1, runs + 1):
        finished = []
        session.run_finished.connect(finished.append)
        started = time.perf_counter()
        window.start_training()
        if not wait_until(app, lambda done=finished: done or not session.is_training(), RUN_TIMEOUT_S):
            raise SystemExit(f"run {number} did not finish within {RUN_TIMEOUT_S} s")
        session.run_finished.disconnect(finished.append)
        if not finished:
            raise SystemExit(f"run {number} ended without a model: {window.panel.progress_label.text()}")
        figures.append(
            {
                "run": number,
                "seconds": round(time.perf_counter() - started, 2),
                "rss": settle(app),
                "keras_models": keras_models_alive(),
                "runs_kept": len(session.runs),
            }
        )
        print(f"run {number}: {figures[-1]['seconds']} s, RSS {figures[-1]['rss'] / 2**20:.0f} MB", flush=True)
    return figures


def _first_batch_seen(session) -> bool:
    latest = session.runs.latest
    return latest is not None and latest.last_batch is not None


def close_while_training(app, settings_path: str, dataset, times: int) -> list[dict]:
    figures = []
    for number in range(1, times + 1):
        window = make_window(settings_path, dataset)
        window.show()
        session = window.session
        window.start_training()
        record_seen = wait_until(app, lambda s=session: _first_batch_seen(s), RUN_TIMEOUT_S)
        task = session.training
        started = time.perf_counter()
        window.close()
        answer_any_question(app, window)
        if window.isVisible():
            window.close()
        closed_in = time.perf_counter() - started
        closed = not window.isVisible()
        ended = task is None or task.wait(CLOSE_LIMIT_S)
        window.deleteLater()
        settle(app)
        figures.append(
            {
                "close": number,
                "training_had_started": bool(record_seen),
                "closed": closed,
                "close_seconds": round(closed_in, 2),
                "thread_ended": bool(ended),
                "threads": sorted(t.name for t in __import__("threading").enumerate()),
            }
        )
        print(f"close {number}: {closed_in:.2f} s, thread ended: {ended}", flush=True)
    return figures


def keras_models_alive() -> int:
    """Keras models the process still holds (the one predicting, and its predictor's): none piles up."""
    import keras

    gc.collect()
    return sum(isinstance(o, keras.Model) for o in gc.get_objects())


def main(out: str, runs: int = 20, closes: int = 10) -> int:
    from digitpad.core.data import Dataset, load_dataset
    from digitpad.ui.app import make_application

    app = make_application()
    mnist = load_dataset()
    # A small test set: each run's test accuracy takes a moment instead of seconds.
    dataset = Dataset(mnist.train.head(4000), mnist.test.head(500), "MNIST (part)", "bundled")
    folder = os.environ.get("DIGITPAD_DATA_DIR") or tempfile.mkdtemp(prefix="digitpad-soak-")
    settings_path = os.path.join(folder, "soak-settings.ini")
    baseline = settle(app)
    window = make_window(settings_path, dataset)
    window.show()
    window.start_loading()
    wait_until(app, lambda: window.model_object is not None, RUN_TIMEOUT_S)
    loaded = settle(app)
    figures = soak_runs(app, window, runs)
    window.close()
    window.deleteLater()
    after_runs = settle(app)
    closes_figures = close_while_training(app, settings_path, dataset, closes)
    result = {
        "baseline_rss": baseline,
        "model_loaded_rss": loaded,
        "runs": figures,
        "after_closing_rss": after_runs,
        "closes": closes_figures,
        "final_rss": settle(app),
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(args[0], *(int(a) for a in args[1:])))
