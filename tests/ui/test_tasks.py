"""The task runner every background job of the window goes through."""

import threading
import time

import pytest
from PySide6.QtCore import QObject

GUI = threading.main_thread().ident


def collect():
    got = []
    return got, lambda value: got.append((value, threading.get_ident()))


def test_a_task_runs_off_the_gui_thread_and_answers_on_it(qtbot, tasks):
    done, on_done = collect()
    progress, on_progress = collect()
    workers = []

    def work(state):
        workers.append(threading.get_ident())
        for i in range(3):
            state.report(i)
        return "result"

    tasks.run("a", work, on_done=on_done, on_progress=on_progress)
    qtbot.waitUntil(lambda: bool(done), timeout=5000)
    assert workers[0] != GUI
    assert done == [("result", GUI)]
    assert progress == [(0, GUI), (1, GUI), (2, GUI)]  # in order, before the answer
    assert not tasks.is_busy("a")


def test_an_error_goes_to_on_error(qtbot, tasks):
    errors, on_error = collect()
    tasks.run("a", lambda state: 1 / 0, on_done=lambda v: pytest.fail("no answer expected"), on_error=on_error)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert isinstance(errors[0][0], ZeroDivisionError) and errors[0][1] == GUI


def test_the_newest_request_wins_and_none_queue_behind_a_slow_one(qtbot, tasks):
    release = threading.Event()
    ran, done = [], []

    def slow(state):
        ran.append("first")
        release.wait(5)
        return "first"

    tasks.run("predict", slow, on_done=done.append)
    qtbot.waitUntil(lambda: bool(ran), timeout=5000)
    for n in range(2, 6):  # asked for while the first is busy: only the newest of these runs
        tasks.run("predict", lambda state, n=n: (ran.append(n), n)[1], on_done=done.append)
    release.set()
    assert tasks.wait_idle("predict", 5)
    qtbot.wait(50)
    assert ran == ["first", 5]
    assert done == [5]  # "first" was asked for before 5: its answer is no longer wanted


def test_stale_answers_come_in_order_until_invalidated(qtbot, tasks):
    release, started = threading.Event(), threading.Event()
    done = []

    def answer(value, wait=False):
        def work(state):
            if wait:
                started.set()
                release.wait(5)
            return value

        return work

    tasks.run("predict", answer(1, wait=True), on_done=done.append, deliver_stale=True)
    assert started.wait(5)
    tasks.run("predict", answer(2), on_done=done.append, deliver_stale=True)
    release.set()
    qtbot.waitUntil(lambda: done == [1, 2], timeout=5000)  # a drawing's older answer still shows, in order

    release.clear()
    started.clear()
    tasks.run("predict", answer(3, wait=True), on_done=done.append, deliver_stale=True)
    assert started.wait(5)
    tasks.invalidate("predict")  # the canvas was cleared: nothing asked so far is wanted
    release.set()
    assert tasks.wait_idle("predict", 5)
    qtbot.wait(50)
    assert done == [1, 2]


def test_replace_starts_the_newer_task_at_once_and_asks_the_older_to_stop(qtbot, tasks):
    started = threading.Event()
    states, done = [], []

    def old(state):
        states.append(state)
        started.set()
        while not state.should_stop():
            time.sleep(0.01)
        time.sleep(0.3)  # finishes late, unheard
        return "old"

    tasks.run("evaluate", old, on_done=done.append, replace=True)
    assert started.wait(5)
    tasks.run("evaluate", lambda state: "new", on_done=done.append, replace=True)
    qtbot.waitUntil(lambda: done == ["new"], timeout=2000)  # without waiting for the old one
    assert states[0].should_stop()
    qtbot.wait(500)
    assert done == ["new"]


def test_pause_and_stop_through_the_state(qtbot, tasks):
    steps = []

    def work(state):
        while not state.should_stop():
            state.wait_while_paused()
            steps.append(1)
            time.sleep(0.01)
        return len(steps)

    task = tasks.run("train", work, on_done=steps.append)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    task.state.pause()
    qtbot.wait(100)
    count = len(steps)
    qtbot.wait(200)
    assert len(steps) in (count, count + 1)
    task.state.request_stop()
    assert task.wait(2)  # cooperative: well within a second


def test_a_deleted_owner_hears_nothing(qtbot, tasks):
    owner = QObject()
    release = threading.Event()
    done = []
    tasks.run("view", lambda state: release.wait(5), on_done=done.append, owner=owner)
    owner.deleteLater()
    qtbot.waitUntil(lambda: not _alive(owner), timeout=2000)
    release.set()
    assert tasks.wait_idle("view", 5)
    qtbot.wait(50)
    assert done == []


def _alive(obj) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


def test_shutdown_aborts_every_task_and_waits(qtbot):
    from digitpad.ui.tasks import TaskRunner

    runner = TaskRunner()
    aborted = []

    def long(state):
        while not state.should_stop():
            time.sleep(0.01)
        aborted.append(state.aborted)

    for channel in ("train", "evaluate", "load-model"):
        runner.run(channel, long)
    time.sleep(0.1)
    assert runner.shutdown(5)  # every task heard the abort and ended
    assert aborted == [True, True, True]
    assert not [t for t in threading.enumerate() if t.name.startswith("task-")]
    task = runner.run("train", long)  # closed: nothing new starts
    assert task.wait(0) and not runner.is_busy("train")


def test_no_automatic_garbage_collection_while_a_worker_exists(qtbot, tasks):
    import gc

    assert gc.isenabled()
    release = threading.Event()
    seen = []

    def work(state):
        seen.append(gc.isenabled())
        release.wait(5)

    tasks.run("first", work)
    tasks.run("second", work)  # two workers at once: collection resumes only after both
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert seen == [False, False] and not gc.isenabled()
    release.set()
    qtbot.waitUntil(lambda: not tasks.is_busy("first") and not tasks.is_busy("second"), timeout=5000)
    qtbot.waitUntil(gc.isenabled, timeout=5000)  # turned back on by the GUI thread, once the last worker left


def test_collection_resumes_on_the_gui_thread(qtbot, tasks, monkeypatch):
    import gc

    from digitpad.core import gcpause

    resumed_on = []
    resume = gcpause.resume_if_free
    monkeypatch.setattr(gcpause, "resume_if_free", lambda: resumed_on.append(threading.get_ident()) or resume())
    tasks.run("a", lambda state: None)
    qtbot.waitUntil(lambda: bool(resumed_on) and gc.isenabled(), timeout=5000)
    assert set(resumed_on) == {GUI}
