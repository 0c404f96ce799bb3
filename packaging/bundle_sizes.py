"""What each part of an unpacked PyInstaller bundle costs on disk: ``python packaging/bundle_sizes.py DIR``.

Groups the files under ``DIR/_internal`` by their top-level folder (a package such as ``tensorflow`` or
``PySide6``; loose shared libraries are grouped as ``(libraries)``), prints the groups largest first with
their share of the whole, then the largest single files. ``packaging/linux/build.sh`` runs it on the
bundle it has just built; docs/performance.md quotes its output.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

LARGEST_FILES = 15


def _group(rel: Path) -> str:
    if len(rel.parts) == 1:
        return "(libraries)" if ".so" in rel.name or rel.suffix in (".dll", ".dylib") else "(other files)"
    return rel.parts[0]


def sizes(app: Path) -> tuple[dict[str, int], list[tuple[int, str]], int]:
    """(bytes by group, the largest files as (bytes, path), total bytes) of the bundle folder ``app``."""
    root = app / "_internal" if (app / "_internal").is_dir() else app
    groups: dict[str, int] = defaultdict(int)
    files = []
    total = 0
    for path in app.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            total += size
            rel = path.relative_to(root) if path.is_relative_to(root) else Path("(launcher)") / path.name
            groups[_group(rel)] += size
            files.append((size, str(path.relative_to(app))))
    return dict(groups), sorted(files, reverse=True)[:LARGEST_FILES], total


def report(app: Path) -> str:
    groups, largest, total = sizes(app)
    mib = 1024 * 1024
    lines = [f"{app}: {total / mib:,.0f} MiB in all"]
    for name, size in sorted(groups.items(), key=lambda item: -item[1]):
        lines.append(f"  {size / mib:8,.1f} MiB  {size / total:5.1%}  {name}")
    lines.append("largest files:")
    lines += [f"  {size / mib:8,.1f} MiB  {name}" for size, name in largest]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_dir():
        sys.exit("usage: python packaging/bundle_sizes.py UNPACKED_APP_FOLDER")
    print(report(Path(sys.argv[1])))
