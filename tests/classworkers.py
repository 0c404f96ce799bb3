"""Work done in separate processes by the class folder tests and benchmark: students writing, a teacher reading.

Each drawing says whose it is and where it belongs: pixel (0, 0) is the student's number, pixels (0, 1) and
(0, 2) the drawing's index, its label the index modulo 10, and the rest noise seeded by both. So a reader can
tell a drawing that is complete and in place from one half-written or mixed up with another student's.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np


def drawing(student: int, index: int) -> tuple[np.ndarray, int]:
    rng = np.random.default_rng([student, index])
    image = rng.integers(0, 256, (28, 28), dtype=np.uint8)
    image[0, 0], image[0, 1], image[0, 2] = student, index % 256, index // 256
    return image, index % 10


def drawings(student: int, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pairs = [drawing(student, i) for i in range(count)]
    images = np.stack([p[0] for p in pairs]) if pairs else np.zeros((0, 28, 28), np.uint8)
    labels = np.array([p[1] for p in pairs], np.uint8)
    return images, labels, np.arange(count, dtype=np.float64)


def check_student(student: int, images: np.ndarray, labels: np.ndarray) -> None:
    """Raises AssertionError unless these are exactly ``student``'s first ``len(images)`` drawings."""
    for index, (image, label) in enumerate(zip(images, labels, strict=True)):
        expected, expected_label = drawing(student, index)
        assert label == expected_label, (student, index, "label")
        assert np.array_equal(image, expected), (student, index, "pixels")


def student_number(nickname: str) -> int:
    return int(nickname.removeprefix("s"))


def write_students(share: str, name: str, data_dir: str, students: list[int], plan: tuple[int, int]) -> dict:
    """One app process sharing for several students: each joins, then shares its drawings ``steps`` times,
    more each time, ending with ``total`` (``plan`` is (total, steps)). Returns what still waits to be sent."""
    total, steps = plan
    os.environ["DIGITPAD_DATA_DIR"] = data_dir
    from digitpad.core.classfolder import ClassFolder
    from digitpad.core.classshare import StudentShare

    folder = ClassFolder.at(share, name)
    shares = {}
    for s in students:
        share_ = StudentShare(folder, Path(data_dir) / f"student-{s}")
        share_.join(f"s{s:02d}")
        shares[s] = share_
    waited, failures = 0, []
    for step in range(1, steps + 1):
        count = total * step // steps
        for s, share_ in shares.items():
            share_.queue_drawings(*drawings(s, count))
            result = share_.flush()
            waited += result.waiting
            if result.problem is not None:
                failures.append(f"{result.state}: {result.problem.code} {result.problem.values.get('error', '')}")
    for _ in range(50):  # what still waits goes at the next flush, as the app's timer does it
        if not any(s.waiting() for s in shares.values()):
            break
        time.sleep(0.1)
        for share_ in shares.values():
            share_.flush()
    return {
        "students": students,
        "still_waiting": sum(len(s.waiting()) for s in shares.values()),
        "waited": waited,
        "failures": failures,
    }


def teacher_reads(share: str, name: str, done, expected_students: int, total: int) -> dict:
    """Read the class over and over while students write, checking every drawing of every read; stops once
    ``done`` is set and a last read has everything."""
    from digitpad.core.classfolder import ClassFolder
    from digitpad.core.classreader import ClassReader

    folder = ClassFolder.at(share, name)
    reader = ClassReader(folder)
    reads, problems, seen = 0, [], {}
    while True:
        finished = done.is_set()
        try:
            snapshot = reader.read()
        except Exception as exc:  # the class folder not made yet
            if finished:
                raise
            time.sleep(0.01)
            del exc
            continue
        reads += 1
        problems += [str(p) for p in snapshot.problems]
        for student_id, drawn in snapshot.drawings.items():
            if student_id not in snapshot.members:
                continue  # its membership was listed before it arrived: the next read has it
            number = student_number(snapshot.nickname(student_id))
            check_student(number, drawn.images, drawn.labels)
            assert len(drawn.images) >= seen.get(student_id, 0), "a student's drawings went backwards"
            seen[student_id] = len(drawn.images)
        if finished:
            break
    return {
        "reads": reads,
        "problems": problems,
        "students": len(snapshot.students()),
        "complete": sum(1 for n in seen.values() if n == total),
        "expected_students": expected_students,
    }


def student_step(share: str, name: str, home: str, count: int | None, nickname: str = "s01") -> dict:
    """One start of a student's app: join (the first time), queue ``count`` drawings (None: nothing new),
    flush, and say what the flush found."""
    from digitpad.core.classfolder import ClassFolder
    from digitpad.core.classshare import StudentShare

    mine = StudentShare(ClassFolder.at(share, name), Path(home))
    if not mine.joined:
        mine.join(nickname)
    if count is not None:
        mine.queue_drawings(*drawings(student_number(nickname), count))
    result = mine.flush()
    return {"state": result.state, "sent": result.sent, "waiting": result.waiting}
