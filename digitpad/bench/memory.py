"""Peak memory: ``ru_maxrss`` of the process that ran digitpad's training side (and of the others, for reference)."""

from __future__ import annotations

import resource
import sys

from digitpad.bench.plan import Plan
from digitpad.bench.stats import ratio
from digitpad.bench.table import Row, Section, at_most, fmt

PEAK_GOAL_MB = 900


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def section(plan: Plan, parts: dict) -> Section:
    engine, tutorial = parts.get("engine", {}), parts.get("tutorial", {})
    peak, reference = engine.get("peak_rss_mb"), tutorial.get("peak_rss_mb")
    return Section(
        figures={"peak_rss_mb": peak},
        extra={"tutorial_peak_rss_mb": reference, "gui_peak_rss_mb": parts.get("gui", {}).get("peak_rss_mb")},
        rows=[
            Row(
                "peak memory of a training run",
                fmt(peak, ",.0f", " MB"),
                fmt(reference, ",.0f", " MB"),
                fmt(ratio(peak, reference), ".2f", "x"),
                f"<= {PEAK_GOAL_MB} MB",
                at_most(peak, PEAK_GOAL_MB),
            )
        ],
    )
