"""Small arithmetic the parts and the report share."""

from __future__ import annotations

from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100) of a list; None when empty."""
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * q / 100.0
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, or None when either is missing (or b is zero)."""
    return a / b if a is not None and b else None


def latency_stats(times_ms: Sequence[float]) -> dict:
    """p50, p95 and the worst of a list of millisecond timings."""
    return {
        "p50_ms": percentile(times_ms, 50),
        "p95_ms": percentile(times_ms, 95),
        "max_ms": max(times_ms),
        "n": len(times_ms),
    }
