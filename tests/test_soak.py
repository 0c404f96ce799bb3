"""The soak: 20 training runs back to back in one window, then closing a window while it trains, 10 times.

It runs as a process of its own (tests/reliability/soak.py) so that its memory is its own. Memory must not
pile up: after the first run, 19 more may add at most what the first run itself cost (one trained model,
with its optimizer, its traced graphs and TensorFlow's working memory), and no Keras model may be left
behind. Every close must end its training thread (within the Session's shutdown limit, nowhere near a
hang). docs/reliability.md has the figures of a run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability import memory

ROOT = Path(__file__).resolve().parents[1]
RUNS, CLOSES = 20, 10
MB = 1 << 20
LATE_GROWTH_PER_RUN = 7 * MB  # measured: 1.4-4.1 MB a run; with TensorFlow's leak, 11.7


@pytest.fixture(scope="module")
def soak(tmp_path_factory):
    folder = tmp_path_factory.mktemp("soak")
    env = dict(os.environ, DIGITPAD_DATA_DIR=str(folder), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    out = folder / "soak.json"
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.soak", str(out), str(RUNS), str(CLOSES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    print(done.stdout)
    return json.loads(out.read_text())


@pytest.mark.slow
@pytest.mark.timeout(2400)  # the soak's process runs in this test's setup: up to 30 minutes on a loaded machine
@pytest.mark.skipif(not memory.available(), reason="reads the process's memory from /proc")
def test_twenty_runs_in_one_window_do_not_pile_up_memory(soak):
    runs = soak["runs"]
    assert [r["run"] for r in runs] == list(range(1, RUNS + 1)) and runs[-1]["runs_kept"] == RUNS
    rss = [r["rss"] for r in runs]
    first_run_cost = rss[0] - soak["model_loaded_rss"]
    # Medians of five runs: a single reading moves by +-15 MB with the allocator.
    growth = statistics.median(rss[-5:]) - rss[0]
    assert growth <= first_run_cost, f"19 runs added {growth / MB:.0f} MB; the first cost {first_run_cost / MB:.0f} MB"
    # And it levels off: after five runs have warmed the allocator, the trend (a least-squares line, which a
    # single step of the allocator moves little) stays far below the 11-13 MB a run TensorFlow kept before
    # core/tfleaks.py; what remains is what the window keeps on purpose (each run's curves).
    per_run = statistics.linear_regression(range(6, RUNS + 1), rss[5:]).slope
    assert per_run <= LATE_GROWTH_PER_RUN, f"runs 6-{RUNS} grew by {per_run / MB:.1f} MB a run"
    assert {r["keras_models"] for r in runs} == {runs[0]["keras_models"]}  # no model is left behind


@pytest.mark.slow
@pytest.mark.skipif(not memory.available(), reason="reads the process's memory from /proc")
def test_closing_while_training_ends_the_training_every_time(soak):
    closes = soak["closes"]
    assert len(closes) == CLOSES
    for close in closes:
        assert close["training_had_started"] and close["closed"] and close["thread_ended"], close
        assert close["threads"] == ["MainThread"], close  # no worker left running
