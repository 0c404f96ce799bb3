"""``digitpad bench``: runs every part in its own fresh process, then prints (and saves) the report.

A fresh process per part keeps TensorFlow's state, thread pools and peak memory from leaking from one
side into another, and lets start-up be measured cold. A side during which other programs used more
than ``DISTURBED_CORES`` runs once more, and the quieter run counts (the machine may be shared).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from digitpad.bench.machine import children_cpu_s, loadavg, machine_cpu_busy_s, machine_info, machine_line
from digitpad.bench.plan import SPAWN_ENV, Plan
from digitpad.bench.report import compute, failed_parts, other_programs_cores, report_lines, write_json

DISTURBED_CORES = 0.5
RETRY_WHEN_DISTURBED = ("engine", "tutorial", "predict-busy", "gui", "gui-headless")

Log = Callable[[str], None]


def _print(text: str) -> None:
    print(text, flush=True)


def _child_env(tmp: Path) -> dict:
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # Offscreen unless asked otherwise: DIGITPAD_BENCH_QPA=xcb under xvfb-run (or a desktop) shows the real window.
    env["QT_QPA_PLATFORM"] = os.environ.get("DIGITPAD_BENCH_QPA", "offscreen")
    # Never touch the user's settings, log or models; start every window from the defaults.
    env["DIGITPAD_DATA_DIR"] = str(tmp / "data")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    return env


def run_part(name: str, plan: Plan, tmp: Path, config: dict | None = None, log: Log = _print) -> dict:
    """Run one part in a fresh ``python -m digitpad.bench`` process; its JSON result, or ``{"error": ...}``."""
    out = tmp / f"{name}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, "-m", "digitpad.bench", "--part", name, "--out", str(out)]
    if plan.quick:
        cmd.append("--quick")
    cmd += ["--precision", plan.precision]
    if config is not None:
        cmd += ["--config", json.dumps(config)]
    env = _child_env(tmp)
    load_before = loadavg()
    busy_before, own_before = machine_cpu_busy_s(), children_cpu_s()
    env[SPAWN_ENV] = repr(time.time())
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=plan.part_timeout_s, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {plan.part_timeout_s} s"}
    wall = time.perf_counter() - started
    busy_after, own_after = machine_cpu_busy_s(), children_cpu_s()
    # Cores' worth of CPU that other programs used meanwhile: the noise this part ran under.
    others = None
    if busy_before is not None and busy_after is not None and wall > 0:
        others = max(0.0, (busy_after - busy_before) - (own_after - own_before)) / wall
    if proc.returncode != 0 or not out.exists():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-15:]
        log(f"    {name} failed (exit {proc.returncode}):\n      " + "\n      ".join(tail))
        return {"error": f"exit {proc.returncode}: {tail[-1] if tail else 'no output'}"}
    result = json.loads(out.read_text())
    result.update(
        part_wall_s=wall,
        load_average_before=load_before,
        part_cpu_s=own_after - own_before,
        other_programs_cores=others,
    )
    if result.get("error"):
        log(f"    {name}: {result['error']}")
    return result


def _run_quietest(name: str, plan: Plan, tmp: Path, config: dict | None, log: Log) -> dict:
    """Run a part; if other programs disturbed it and it is a timed side, once more, and keep the quieter run."""
    result = run_part(name, plan, tmp, config=config, log=log)
    others = result.get("other_programs_cores")
    if name not in RETRY_WHEN_DISTURBED or others is None or others <= DISTURBED_CORES:
        return result
    log(f"      other programs took {others:.1f} cores: running this side once more")
    again = run_part(name, plan, tmp, config=config, log=log)
    quieter = again.get("other_programs_cores")
    if quieter is None or again.get("error") or quieter >= others:
        return result
    again["disturbed_attempt"] = {k: result.get(k) for k in ("samples_per_s", "other_programs_cores", "part_wall_s")}
    return again


GROUPS = ("training", "predict", "startup", "gui")


def _steps(plan: Plan, skip_gui: bool, groups: list[str] | None = None) -> list[tuple[str, str]]:
    groups = list(groups or GROUPS)
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        raise ValueError(f"unknown bench parts {', '.join(unknown)} (known: {', '.join(GROUPS)})")
    steps = []
    if "training" in groups:
        steps += [
            ("engine", f"training: digitpad's engine, default settings ({plan.precision} precision)"),
            ("tutorial", "training: the tutorial's recipe"),
        ]
    if "predict" in groups:
        steps += [("predict", "predicting one drawing"), ("predict-busy", "predicting while training")]
        steps += [("handwriting", "the shipped model on handwriting that is not MNIST")]
    if "startup" in groups:
        steps += [("startup", f"start-up, run {i + 1} of {plan.startup_runs}") for i in range(plan.startup_runs)]
    if "gui" in groups and not skip_gui:
        steps += [
            ("gui", "the window training (offscreen)"),
            ("gui-headless", "the headless engine with the window's settings"),
        ]
    return steps


def run_parts(plan: Plan, skip_gui: bool, log: Log, groups: list[str] | None = None) -> dict:
    """Every part's raw result by name ("startup": a list, one per run)."""
    parts: dict = {"startup": []}
    steps = _steps(plan, skip_gui, groups)
    with tempfile.TemporaryDirectory(prefix="digitpad-bench-") as folder:
        tmp = Path(folder)
        for i, (name, title) in enumerate(steps, 1):
            log(f"[{i}/{len(steps)}] {title}…")
            config = None
            if name == "gui-headless":
                config = parts.get("gui", {}).get("config")
                if config is None:
                    parts[name] = {"error": "the window part failed, so there is no config to repeat"}
                    continue
            result = _run_quietest(name, plan, tmp, config, log)
            if name == "startup":
                parts["startup"].append(result)
            else:
                parts[name] = result
            if "part_wall_s" in result:
                others = result.get("other_programs_cores")
                log(
                    f"      done in {result['part_wall_s']:.1f} s"
                    + ("" if others is None else f"; other programs used {others:.1f} of the cores meanwhile")
                )
    return parts


def run_bench(  # noqa: PLR0913 - each option is one of the command's
    quick: bool = False,
    json_path: Path | None = None,
    skip_gui: bool = False,
    log: Log | None = None,
    precision: str = "auto",
    groups: list[str] | None = None,
) -> int:
    """The whole bench (or the ``groups`` of parts named): 0 when every part ran (whether or not the goals
    were met), 1 when one failed."""
    log = log or _print
    plan = Plan.make(quick, precision)
    machine = machine_info()
    log(
        f"digitpad bench ({'quick' if quick else 'full'}): {plan.train_n:,} training images, {plan.epochs} epochs "
        "per side; each side in its own process"
    )
    log(machine_line(machine))
    started = time.perf_counter()
    parts = run_parts(plan, skip_gui, log, groups)
    machine["load_average_end"] = loadavg()
    machine["bench_wall_s"] = round(time.perf_counter() - started, 1)
    machine["other_programs_cores"] = other_programs_cores(parts)
    computed = compute(plan, parts)
    for line in report_lines(plan, parts, machine, computed[1], computed[2]):
        log(line)
    if json_path is not None:
        write_json(Path(json_path), plan, parts, machine, computed)
        log(f"Wrote {json_path}")
    return 1 if failed_parts(parts) else 0
