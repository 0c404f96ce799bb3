"""Start-up: digitpad's own start path in a fresh process, timed from the moment the parent spawned it.

The part does what the ``digitpad`` command does to open the window (``setup_logging``, then
``digitpad.ui.app.run_app``), so the interpreter's start and every import count. It only watches:

- the window (object name ``main_window``) is found when ``run_app`` logs that it has shown it, and an
  event filter on the application then notes the first paint pass;
- the window's own signals say when the NumPy quick predictor and the TensorFlow model are ready, and
  when the answer for a drawing submitted at that moment arrives on the GUI thread.

"First painted window" is when the first frame's paint pass has finished; "first prediction" is when
the answer for a drawing submitted the moment a model was ready arrives.
"""

from __future__ import annotations

import logging
import os
import statistics
import time

from digitpad.bench.memory import peak_rss_mb
from digitpad.bench.plan import SPAWN_ENV, Plan
from digitpad.bench.table import Row, Section, at_most, fmt

FIRST_PAINT_GOAL_S = 1.0
FIRST_PREDICTION_GOAL_S = 3.0


def measure(plan: Plan, config: dict | None = None) -> dict:
    """digitpad's own start path, watched; times are from the parent's spawn of this process."""
    spawn = float(os.environ.get(SPAWN_ENV) or time.time())
    imports_done = time.time() - spawn
    from digitpad.bench.startup_probe import Marks, StartupProbe
    from digitpad.core.logsetup import setup_logging
    from digitpad.ui.app import make_application, run_app

    marks = Marks(spawn)
    marks.values["imports_done"] = imports_done
    setup_logging()  # as ``digitpad`` does before it opens the window
    make_application()  # run_app uses the application that exists; the probe needs one to exist
    probe = StartupProbe(marks)
    logging.getLogger().addHandler(probe.window_finder)
    marks.values["exit_code"] = run_app()
    marks.values["peak_rss_mb"] = peak_rss_mb()
    return marks.values


def _median(starts: list[dict], key: str) -> float | None:
    values = [s[key] for s in starts if key in s]
    return statistics.median(values) if values else None


def section(plan: Plan, parts: dict) -> Section:
    starts = [s for s in parts.get("startup", []) if "first_paint" in s]
    first_paint, first_prediction = _median(starts, "first_paint"), _median(starts, "first_prediction")
    return Section(
        figures={"first_paint_s": first_paint, "first_prediction_s": first_prediction},
        extra={"model_ready_s": _median(starts, "model_ready")},
        rows=[
            Row(
                "start-up: first painted window",
                fmt(first_paint, ".2f", " s"),
                "",
                "",
                f"<= {FIRST_PAINT_GOAL_S:.1f} s",
                at_most(first_paint, FIRST_PAINT_GOAL_S),
            ),
            Row(
                "start-up: first prediction",
                fmt(first_prediction, ".2f", " s"),
                "",
                "",
                f"<= {FIRST_PREDICTION_GOAL_S:.1f} s",
                at_most(first_prediction, FIRST_PREDICTION_GOAL_S),
            ),
        ],
    )
