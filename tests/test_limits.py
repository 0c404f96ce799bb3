"""The limits on what digitpad reads are named in one place and listed, with their values, for IT staff."""

import ast
from pathlib import Path

from digitpad.core import limits

ROOT = Path(__file__).resolve().parents[1]
UNITS = {"KB", "MB"}


def shown(name: str, value: int) -> str:
    """A limit's value as docs/administrators.md writes it."""
    if name.endswith("_BYTES"):
        for unit, size in (("MB", limits.MB), ("KB", limits.KB)):
            if value >= size and value % size == 0:
                return f"{value // size:,} {unit}"
        return f"{value:,} bytes"
    if name.endswith("_S"):
        return "1 hour" if value == 3600 else f"{value:,} s"
    return f"{value:,}"


def test_every_limit_is_on_the_administrators_page_with_its_value():
    doc = (ROOT / "docs" / "administrators.md").read_text(encoding="utf-8")
    names = [n for n in vars(limits) if n.isupper() and n not in UNITS]
    assert len(names) > 15
    missing = [f"| `{n}` | {shown(n, getattr(limits, n))} |" for n in names]
    missing = [row for row in missing if row not in doc]
    assert not missing, f"docs/administrators.md lacks (or has another value for): {missing}"


def test_no_module_keeps_a_limit_of_its_own():
    """Sizes and counts that bound an input live in core/limits.py, read at call time (so tests can lower them)."""
    own = []
    for path in sorted((ROOT / "digitpad" / "core").glob("*.py")):
        if path.name == "limits.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id.startswith("MAX_") and t.id.endswith("_BYTES") for t in node.targets
            ):
                own.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.ImportFrom) and node.module == "digitpad.core.limits":
                own.append(f"{path.name}:{node.lineno} imports values (read limits.NAME instead)")
    assert not own, own
