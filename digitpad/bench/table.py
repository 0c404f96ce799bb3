"""The rows of the bench's table, the section each measured part contributes, and the table as text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Row:
    figure: str
    digitpad: str
    reference: str
    ratio: str
    goal: str
    met: bool | None  # None: no goal, or no figure to judge
    note: str = ""


@dataclass
class Section:
    """What one measured part adds to the report: headline figures, further figures, rows and notes."""

    figures: dict = field(default_factory=dict)  # keys from report.KEYS
    extra: dict = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fmt(value: float | None, spec: str, unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def fmt_ms(value: float | None) -> str:
    return fmt(value, ".2f", " ms")


def at_most(value: float | None, limit: float) -> bool | None:
    return None if value is None else value <= limit


def at_least(value: float | None, limit: float) -> bool | None:
    return None if value is None else value >= limit


def _verdict(row: Row) -> str:
    if row.met is None:
        return "—"
    return "yes" if row.met else "NO"


def format_table(rows: list[Row]) -> str:
    head = ["figure", "digitpad", "tutorial / reference", "ratio", "goal", "met?"]
    cells = [head] + [[r.figure, r.digitpad, r.reference, r.ratio, r.goal, _verdict(r)] for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(head))]

    def line(c: list[str]) -> str:
        return "  ".join(
            text.ljust(w) if j == 0 else text.rjust(w) for j, (text, w) in enumerate(zip(c, widths, strict=True))
        ).rstrip()

    lines = [line(cells[0]), "  ".join("-" * w for w in widths)] + [line(c) for c in cells[1:]]
    lines += [f"  * {r.figure.strip()}: {r.note}" for r in rows if r.note]
    return "\n".join(lines)
