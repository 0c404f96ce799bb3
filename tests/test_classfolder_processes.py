"""Several app processes (not threads) sharing into one class folder at once while a teacher's process reads it,
and a share that goes away and comes back while the apps are closed and reopened."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from digitpad.core.classfolder import ClassFolder
from digitpad.core.classreader import ClassReader
from tests import classworkers
from tests.classworkers import check_student, student_number

CLASS = "5B"


def _spawn():
    return multiprocessing.get_context("spawn")  # a fresh interpreter each: nothing shared with pytest's


def test_thirty_students_in_six_processes_while_the_teacher_reads(tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    total, steps, processes, per_process = 200, 4, 6, 5
    context = _spawn()
    done = context.Manager().Event()
    with ProcessPoolExecutor(processes + 1, mp_context=context) as pool:
        teacher = pool.submit(classworkers.teacher_reads, str(share), CLASS, done, processes * per_process, total)
        writers = [
            pool.submit(
                classworkers.write_students,
                str(share),
                CLASS,
                str(tmp_path / f"app-{p}"),
                list(range(p * per_process + 1, (p + 1) * per_process + 1)),
                (total, steps),
            )
            for p in range(processes)
        ]
        try:
            written = [w.result(timeout=300) for w in writers]
        finally:
            done.set()  # the teacher stops reading even when a writer failed
        read = teacher.result(timeout=300)
    assert all(w["still_waiting"] == 0 for w in written)
    assert read["problems"] == []  # nothing half-read, nothing refused
    assert read["reads"] >= 2
    assert (read["students"], read["complete"]) == (30, 30)
    # Read afresh, every drawing of every student is there and in place.
    snapshot = ClassReader(ClassFolder.at(share, CLASS)).read()
    for student in snapshot.students():
        drawn = snapshot.drawings[student]
        assert len(drawn.images) == total
        check_student(student_number(snapshot.nickname(student)), drawn.images, drawn.labels)
    assert len(snapshot.pooled()) == 30 * total
    leftovers = [p for p in share.rglob("*") if p.name.startswith(".")]
    assert leftovers == []  # no writer's temporary file was left behind


def test_the_share_vanishes_while_the_app_is_closed_and_comes_back(tmp_path):
    share, away = tmp_path / "share", tmp_path / "share-unmounted"
    share.mkdir()
    home = str(tmp_path / "home")
    context = _spawn()

    def app(count):  # one start of the student's app, in a process of its own
        with ProcessPoolExecutor(1, mp_context=context) as pool:
            return pool.submit(classworkers.student_step, str(share), CLASS, home, count).result(timeout=120)

    assert app(50) == {"state": "connected", "sent": 2, "waiting": 0}
    os.rename(share, away)  # the share is unmounted (the network is down)
    assert app(120) == {"state": "missing", "sent": 0, "waiting": 1}
    assert app(None) == {"state": "missing", "sent": 0, "waiting": 1}  # reopened: still queued, not lost
    assert not share.exists()
    os.rename(away, share)  # the share is back
    assert app(None) == {"state": "connected", "sent": 1, "waiting": 0}
    snapshot = ClassReader(ClassFolder.at(share, CLASS)).read()
    (student,) = snapshot.students()
    check_student(1, snapshot.drawings[student].images, snapshot.drawings[student].labels)
    assert len(snapshot.drawings[student].images) == 120
