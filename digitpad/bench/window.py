"""The window while it trains: how late the GUI thread gets, and how fast the window trains.

``MainWindow`` runs offscreen with a fresh settings file and the shipped model loaded; then **Train** is
pressed with the panel's defaults (fewer images and epochs where the plan says so). A 10 ms precise
timer on the GUI thread records how late each tick comes, from the start of training until the window
has its new predictor (data loading, TensorFlow's tracing and the final evaluation included). The window's training
speed comes from its own epoch reports, against the headless engine on the identical config in its own
process (the ``gui-headless`` part).
"""

from __future__ import annotations

import itertools
import tempfile
import time
from pathlib import Path

from digitpad.bench.memory import peak_rss_mb
from digitpad.bench.plan import Plan
from digitpad.bench.stats import percentile, ratio
from digitpad.bench.table import Row, Section, at_least, at_most, fmt, fmt_ms
from digitpad.bench.training_speed import run_engine

TICK_MS = 10
STALL_GOAL_MS = 50.0
THROUGHPUT_GOAL = 0.9  # the window's training speed over the headless engine's
LOAD_TIMEOUT_MS = 120_000


def _lateness_ms(stamps: list[float]) -> list[float]:
    return [max(0.0, (b - a) * 1000 - TICK_MS) for a, b in itertools.pairwise(stamps)]


def _wait_for(predicate, timeout_ms: int) -> bool:
    """Run the event loop until ``predicate()`` holds or the time is up; returns ``predicate()``."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(timeout_ms, loop.quit)

    def check() -> None:
        if predicate():
            loop.quit()

    poll = QTimer()
    poll.timeout.connect(check)
    poll.start(20)
    loop.exec()
    poll.stop()
    return predicate()


def _open_window():
    from PySide6.QtCore import QSettings

    from digitpad.ui.app import make_application
    from digitpad.ui.main_window import MainWindow

    make_application(["digitpad-bench"])
    from digitpad.core.experiments import RunStore
    from digitpad.ui.session import Session

    folder = tempfile.mkdtemp(prefix="digitpad-bench-")
    settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(Session(settings, run_store=RunStore(Path(folder) / "runs")))  # the user's runs untouched
    window.show()
    window.start_loading()
    if not _wait_for(lambda: window.session.has_model, LOAD_TIMEOUT_MS):
        raise RuntimeError("the model did not load within 2 minutes")
    return window


def _set_spin(window, name: str, value: int) -> None:
    from PySide6.QtWidgets import QSpinBox

    spin = window.findChild(QSpinBox, name)
    if spin is None:
        raise RuntimeError(f"the window has no spin box named {name!r}")
    spin.setValue(value)


def _press_train(window) -> None:
    from PySide6.QtWidgets import QAbstractButton

    button = window.findChild(QAbstractButton, "train_button")
    if button is None or not button.isEnabled():
        raise RuntimeError("the window's Train button is missing or disabled")
    button.click()


def measure(plan: Plan, config: dict | None = None) -> dict:
    """Train from the window (offscreen) and record how late a 10 ms timer fires on the GUI thread."""
    from PySide6.QtCore import Qt, QTimer

    window = _open_window()
    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()  # idle reference first: the same timer with nothing training
    _wait_for(lambda: False, 2000)
    idle = _lateness_ms(ticks)
    ticks.clear()

    _set_spin(window, "epochs_spin", plan.gui_epochs)
    _set_spin(window, "train_samples_spin", plan.gui_train_n)
    epochs: list[dict] = []
    finished: list[float] = []
    session = window.session
    session.run_epoch.connect(lambda record, _: epochs.append(_epoch_figures(record.last_epoch)))
    session.run_finished.connect(lambda record: finished.append(time.perf_counter()))
    config = window.panel.config()
    start = time.perf_counter()
    _press_train(window)
    if not window.is_training():
        raise RuntimeError("pressing Train started no training run")
    if not _wait_for(lambda: bool(finished) or not window.is_training(), plan.part_timeout_s * 1000):
        raise RuntimeError("training from the window did not finish in time")
    _wait_for(lambda: bool(finished), 5000)
    timer.stop()
    busy = _lateness_ms(ticks)
    window.close()
    seconds = sum(e["seconds"] for e in epochs)
    samples = sum(e["seconds"] * e["samples_per_s"] for e in epochs)
    return {
        "config": config.to_dict(),
        "epochs": epochs,
        "samples_per_s": samples / seconds if seconds else None,
        "wall_s": (finished[0] if finished else time.perf_counter()) - start,
        "stall_p50_ms": percentile(busy, 50),
        "stall_p99_ms": percentile(busy, 99),
        "stall_max_ms": max(busy) if busy else None,
        "ticks": len(busy),
        "idle_stall_p99_ms": percentile(idle, 99),
        "idle_stall_max_ms": max(idle) if idle else None,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_headless(plan: Plan, config: dict | None = None) -> dict:
    """The headless engine with the exact config the window trained with."""
    if config is None:
        raise ValueError("the headless side needs the window's config")
    return run_engine(config, tenths=False)  # its epochs' speed is the reference: no evaluations inside them


def section(plan: Plan, parts: dict) -> Section:
    gui, headless = parts.get("gui", {}), parts.get("gui-headless", {})
    stall, idle = gui.get("stall_p99_ms"), gui.get("idle_stall_p99_ms")
    speed, reference = gui.get("samples_per_s"), headless.get("engine_samples_per_s")
    throughput = ratio(speed, reference)
    out = Section(
        figures={"gui_stall_p99_ms": stall, "gui_train_throughput_ratio": throughput},
        extra={
            "gui_samples_per_s": speed,
            "headless_samples_per_s": reference,
            "gui_idle_stall_p99_ms": idle,
            "gui_stall_max_ms": gui.get("stall_max_ms"),
        },
    )
    if not (gui or headless):
        out.notes.append(
            "the window was not measured (--skip-gui, or --parts without gui): gui_stall_p99_ms and "
            "gui_train_throughput_ratio are null"
        )
        return out
    out.rows = [
        Row(
            "window: event-loop stall p99 while training",
            fmt_ms(stall),
            fmt_ms(idle) + " idle",
            "",
            f"<= {STALL_GOAL_MS:g} ms",
            at_most(stall, STALL_GOAL_MS),
        ),
        Row(
            "window: training speed vs headless engine",
            fmt(speed, ",.0f"),
            fmt(reference, ",.0f"),
            fmt(throughput, ".2f", "x"),
            f">= {THROUGHPUT_GOAL:.2f}x",
            at_least(throughput, THROUGHPUT_GOAL),
        ),
    ]
    return out


def _epoch_figures(report) -> dict:
    return {"epoch": report.epoch, "seconds": report.seconds, "samples_per_s": report.samples_per_s}
