"""The class folder: a teacher's gallery opening a class of 30 students with 200 drawings each.

Thirty students (one ``StudentShare`` each, as thirty apps would) share 200 drawings into a temporary class
folder; then the teacher's loader (``ClassReader.read`` and ``gallery``, what the gallery runs off the GUI
thread) opens it cold, in a fresh reader, and again once nothing changed. The reference, in the same run,
is the floor: the same 6,000 drawings read from one plain ``.npz`` file with ``numpy.load``.

``python -m digitpad.bench.classfolder [--share FOLDER]`` prints the table (``--share``: measure over a
mounted SMB or NFS share); ``measure`` and ``section`` follow the bench's other parts.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from digitpad.bench.plan import Plan
from digitpad.bench.stats import ratio
from digitpad.bench.table import Row, Section, at_most, fmt, format_table

STUDENTS, DRAWINGS_EACH = 30, 200
GALLERY_OPEN_GOAL_S = 2.0
REPEATS = 3


def _class_folder(root: Path, share: Path):
    from digitpad.core.classfolder import ClassFolder
    from digitpad.core.classshare import StudentShare

    folder = ClassFolder.at(share, "bench")
    rng = np.random.default_rng(0)
    started = time.perf_counter()
    for s in range(STUDENTS):
        student = StudentShare(folder, root / f"home-{s}")
        student.join(f"student {s:02d}")
        images = (rng.random((DRAWINGS_EACH, 28, 28)) ** 4 * 255).astype(np.uint8)
        labels = rng.integers(0, 10, DRAWINGS_EACH).astype(np.uint8)
        student.queue_drawings(images, labels, np.zeros(DRAWINGS_EACH))
        student.flush()
    return folder, time.perf_counter() - started


def _timed(fn) -> tuple[object, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def measure(plan: Plan | None = None, config: dict | None = None) -> dict:
    """``config`` may name a ``share`` (a mounted SMB or NFS folder) to write the class into instead of a
    local temporary folder."""
    from digitpad.core.classreader import ClassReader, gallery

    with (
        tempfile.TemporaryDirectory(prefix="digitpad-bench-class-") as tmp,
        tempfile.TemporaryDirectory(prefix="digitpad-bench-", dir=(config or {}).get("share")) as share,
    ):
        root = Path(tmp)
        folder, write_s = _class_folder(root, Path(share))
        cold, warm, floor = [], [], []
        shown = 0
        for _ in range(REPEATS):
            reader = ClassReader(folder)
            items, seconds = _timed(lambda r=reader: gallery(r.read()))
            cold.append(seconds)
            shown = len(items)
            warm.append(_timed(lambda r=reader: gallery(r.read()))[1])
        everything = items.images
        plain = root / "all.npz"
        np.savez_compressed(plain, x=everything, y=items.labels)
        for _ in range(REPEATS):
            floor.append(_timed(lambda: np.load(plain)["x"].shape)[1])
    return {
        "students": STUDENTS,
        "drawings_each": DRAWINGS_EACH,
        "drawings_shown": shown,
        "share_all_s": write_s,
        "gallery_open_cold_s": statistics.median(cold),
        "gallery_open_warm_s": statistics.median(warm),
        "one_file_np_load_s": statistics.median(floor),
    }


def section(plan: Plan | None, parts: dict) -> Section:
    result = parts.get("classfolder", {})
    cold, floor = result.get("gallery_open_cold_s"), result.get("one_file_np_load_s")
    return Section(
        figures={},
        extra=result,
        rows=[
            Row(
                f"class gallery opens ({STUDENTS}×{DRAWINGS_EACH} drawings, cold)",
                fmt(cold, ".3f", " s"),
                fmt(floor, ".3f", " s"),
                fmt(ratio(cold, floor), ".1f", "×"),
                f"≤ {GALLERY_OPEN_GOAL_S:g} s",
                at_most(cold, GALLERY_OPEN_GOAL_S),
                "reference: the same drawings as one .npz, np.load",
            ),
            Row(
                "class gallery opens again (nothing changed)",
                fmt(result.get("gallery_open_warm_s"), ".3f", " s"),
                "",
                "",
                "",
                None,
            ),
            Row(
                f"{STUDENTS} students share {DRAWINGS_EACH} drawings each",
                fmt(result.get("share_all_s"), ".3f", " s"),
                "",
                "",
                "",
                None,
            ),
        ],
    )


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m digitpad.bench.classfolder", description=__doc__)
    parser.add_argument("--share", help="a mounted share to measure over (default: a local temporary folder)")
    args = parser.parse_args(argv)
    result = measure(None, {"share": args.share} if args.share else None)
    print(f"class folder in: {args.share or 'a local temporary folder'}")
    print(format_table(section(None, {"classfolder": result}).rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
