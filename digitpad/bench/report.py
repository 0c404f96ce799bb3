"""The bench's report: the headline figures (``KEYS``), the table, the notes, and the JSON file.

Each measured part's module turns the parts' raw results into its own ``Section``; this module puts
them together in the table's order and adds what concerns the run as a whole (failed parts, the other
programs' CPU use, the epoch ends).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from digitpad.bench import handwriting, memory, prediction, startup, time_to_accuracy, training_speed, window
from digitpad.bench.plan import TARGET_ACCURACY, Plan
from digitpad.bench.table import Row, format_table

KEYS = (
    "train_speedup_vs_tutorial",
    "time_to_99_ratio",
    "test_accuracy",
    "tutorial_test_accuracy",
    "predict_p95_ms",
    "tutorial_predict_p95_ms",
    "predict_busy_p95_ms",
    "gui_stall_p99_ms",
    "gui_train_throughput_ratio",
    "first_paint_s",
    "first_prediction_s",
    "peak_rss_mb",
    "optdigits_accuracy",
)
# In the table's order.
SECTIONS = (
    training_speed.section,
    time_to_accuracy.section,
    prediction.section,
    window.section,
    startup.section,
    memory.section,
    handwriting.section,
)
SINGLE_PARTS = ("tutorial", "engine", "predict", "predict-busy", "gui", "gui-headless", "handwriting")


def failure_notes(parts: dict) -> list[str]:
    notes = [
        f"part {name} failed: {parts[name]['error']}"
        for name in SINGLE_PARTS
        if isinstance(parts.get(name), dict) and parts[name].get("error")
    ]
    notes += [
        f"start-up run {i + 1} failed: {s['error']}" for i, s in enumerate(parts.get("startup", [])) if s.get("error")
    ]
    return notes


def failed_parts(parts: dict) -> list[str]:
    failed = [name for name, part in parts.items() if isinstance(part, dict) and part.get("error")]
    return failed + (["startup"] if any(s.get("error") for s in parts.get("startup", [])) else [])


def compute(plan: Plan, parts: dict) -> tuple[dict, list[Row], list[str]]:
    """The JSON figures (``KEYS``, and the rest under "extra"), the table rows and the notes."""
    figures: dict = dict.fromkeys(KEYS)
    extra: dict = {}
    rows: list[Row] = []
    notes: list[str] = []
    for make_section in SECTIONS:
        section = make_section(plan, parts)
        figures.update(section.figures)
        extra.update(section.extra)
        rows += section.rows
        notes += section.notes
    figures["extra"] = extra
    return figures, rows, notes + failure_notes(parts)


def other_programs_cores(parts: dict) -> dict:
    """Cores' worth of CPU that other programs used while each part ran: the noise it ran under."""
    noise = {name: part.get("other_programs_cores") for name, part in parts.items() if isinstance(part, dict)}
    noise.update({f"startup {i + 1}": p.get("other_programs_cores") for i, p in enumerate(parts.get("startup", []))})
    return noise


def epoch_lines(parts: dict) -> list[str]:
    lines = []
    for name, label in (("engine", "digitpad"), ("tutorial", "tutorial")):
        epochs = parts.get(name, {}).get("epochs") or []
        if epochs:
            lines.append(
                f"Epoch ends, {label} (clock without evaluations, test accuracy, cores used): "
                + "; ".join(
                    f"{e['epoch']}: {e['train_s']:.1f} s {e['test_accuracy']:.2%} {e.get('cores_used', 0):.1f}"
                    for e in epochs
                )
            )
        points = parts.get(name, {}).get("points") or []
        reached = next((p for p in points if p["test_accuracy"] >= TARGET_ACCURACY), None)
        if reached:
            lines.append(
                f"  {label} first reached {TARGET_ACCURACY:.0%} at {reached['epochs']:.2f} epochs, "
                f"{reached['train_s']:.1f} s ({reached['test_accuracy']:.2%}; evaluated every tenth of an epoch)"
            )
    return lines


def report_lines(plan: Plan, parts: dict, machine: dict, rows: list[Row], notes: list[str]) -> list[str]:
    """What the bench prints once every part has run."""
    noise = machine["other_programs_cores"]
    lines = ["", format_table(rows), *epoch_lines(parts)]
    lines.append(
        "Other programs' CPU use while each side ran (cores): "
        + ", ".join(f"{n} {v:.1f}" for n, v in noise.items() if v is not None)
    )
    lines += [f"Note: {note}" for note in notes]
    lines.append(
        f"Load average at start {machine['load_average']}, at end {machine['load_average_end']}; the bench took "
        f"{machine['bench_wall_s']:.0f} s" + (" (quick: indicative only, not the goals' verdict)" if plan.quick else "")
    )
    return lines


def write_json(path: Path, plan: Plan, parts: dict, machine: dict, computed: tuple[dict, list[Row], list[str]]) -> None:
    figures, rows, notes = computed
    payload = {k: figures[k] for k in KEYS}
    payload.update(
        quick=plan.quick,
        plan=asdict(plan),
        machine=machine,
        extra=figures["extra"],
        goals=[
            {
                "figure": r.figure.strip(),
                "digitpad": r.digitpad,
                "reference": r.reference,
                "ratio": r.ratio,
                "goal": r.goal,
                "met": r.met,
            }
            for r in rows
        ],
        notes=notes,
        failed_parts=failed_parts(parts),
        parts=parts,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, default=float) + "\n")
