"""All the window's background work runs here: one task runner, in the shape of Orange3's concurrent tasks.

A task is a plain function ``fn(state)`` run on a worker thread. It gets a core ``TaskState`` to ask
"should I stop?", to wait while paused and to ``report`` progress or partial results. Its result, its
error and every report reach the GUI thread through one queued Qt signal, and are handed to the
callbacks given to ``run`` there; the GUI thread never waits for a task.

Tasks run in named channels ("predict", "train", "evaluate", ...). A channel runs one task at a time, in
order, and keeps at most one waiting: a newer request replaces a waiting one, so a slow task never builds a
queue behind the pen. The newest request wins: a channel's generation counter (the only one in the UI)
decides whether an answer is still wanted. By default an answer is delivered only if no newer task was
asked for on its channel; ``deliver_stale`` tasks (predictions while drawing) are delivered in order
until ``invalidate`` says everything asked so far is out of date. With ``replace``, a newer task does not
wait: the running one is asked to stop and left to finish unheard on its own thread, and the newer one
starts at once (a newer model to evaluate, a newer file to open).

Worker threads are daemons and exist only while their channel has work; while any exists, Python's
automatic garbage collection waits (core/gcpause.py: TensorFlow crashes when its graphs are freed while
another thread builds one). ``shutdown`` (on closing) aborts every task and waits for them, within a time
limit.
"""

from __future__ import annotations

import gc
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Qt, Signal
from shiboken6 import isValid

from digitpad.core import gcpause
from digitpad.core.tasks import TaskState

log = logging.getLogger(__name__)


@dataclass(eq=False)
class Task:
    """One request: the function, its callbacks, and the state that steers it."""

    channel: str
    generation: int
    fn: Callable[[TaskState], object]
    on_done: Callable[[object], None] | None
    on_error: Callable[[BaseException], None] | None
    on_progress: Callable[[object], None] | None
    deliver_stale: bool
    owner: QObject | None
    state: TaskState = field(default_factory=TaskState)
    finished: threading.Event = field(default_factory=threading.Event)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the task has run (or was dropped unrun); True if it has."""
        return self.finished.wait(timeout)


class _Channel:
    def __init__(self, name: str):
        self.name = name
        self.generation = 0  # of the newest task asked for
        self.floor = 0  # answers from tasks of this generation or older are never delivered
        self.running: Task | None = None
        self.waiting: Task | None = None
        self.thread: threading.Thread | None = None


class _ResumeOnGuiThread(QObject):
    """Turns garbage collection back on from the GUI thread, once the last worker has let go of its pause:
    what waited includes dead Qt objects, which only this thread may destroy (core/gcpause.py)."""

    asked = Signal()

    def __init__(self):
        super().__init__()
        self.asked.connect(self._resume, Qt.ConnectionType.QueuedConnection)

    def _resume(self) -> None:
        gcpause.resume_if_free()
        if gc.isenabled():
            # What waited goes now, here in the event loop rather than inside whichever handler allocates next;
            # the young generations only (2.6 ms for 40,000 waiting objects; a full one takes ~0.2 s with TensorFlow).
            gc.collect(1)

    def ask(self) -> None:
        try:
            self.asked.emit()
        except RuntimeError:  # the application is being torn down: nothing is left to collect for
            pass


_resumer: list[_ResumeOnGuiThread] = []  # one per process, made on the GUI thread by the first runner


def _install_resumer() -> None:
    if not _resumer and threading.current_thread() is threading.main_thread():
        _resumer.append(_ResumeOnGuiThread())
        gcpause.set_resumer(_resumer[0].ask)


class TaskRunner(QObject):
    """Runs tasks on worker threads and hands their answers to callbacks on the GUI thread."""

    _deliver = Signal(object)  # a (Task, callback, value) triple, sent from a worker thread

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._lock = threading.Lock()
        self._channels: dict[str, _Channel] = {}
        self._active: dict[threading.Thread, Task] = {}  # every task running, replaced ones included
        self._closed = False
        self._deliver.connect(self._on_gui_thread, Qt.ConnectionType.QueuedConnection)
        _install_resumer()

    # -- asking -------------------------------------------------------------------------------------

    def run(  # noqa: PLR0913 -- the callbacks and switches are keyword-only and each names itself
        self,
        channel: str,
        fn: Callable[[TaskState], object],
        *,
        on_done: Callable[[object], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[object], None] | None = None,
        replace: bool = False,
        deliver_stale: bool = False,
        owner: QObject | None = None,
    ) -> Task:
        """Run ``fn(state)`` on ``channel`` after the task running there; returns at once.

        ``on_done(result)``, ``on_error(exception)`` and ``on_progress(value)`` are called on the GUI thread,
        only while the answer is still wanted (see the module docstring) and ``owner``, if given, still exists.
        """
        with self._lock:
            ch = self._channels.setdefault(channel, _Channel(channel))
            ch.generation += 1
            task = Task(channel, ch.generation, fn, on_done, on_error, on_progress, deliver_stale, owner)
            task.state.on_report = lambda value: self._post(task, task.on_progress, value)
            if self._closed:
                task.finished.set()
                return task
            if ch.waiting is not None:
                ch.waiting.finished.set()  # replaced before it ran
            ch.waiting = task
            if replace and ch.running is not None:
                ch.running.state.request_stop()
                ch.running, ch.thread = None, None  # its worker finishes unheard and leaves
            if ch.thread is None:
                ch.thread = threading.Thread(target=self._work, args=(ch,), name=f"task-{channel}", daemon=True)
                gcpause.hold()  # let go by the worker as it leaves (see core/gcpause.py)
                try:
                    ch.thread.start()
                except BaseException:
                    gcpause.release()
                    ch.thread = None
                    raise
        return task

    def invalidate(self, channel: str) -> None:
        """Nothing asked on ``channel`` so far is wanted any more (e.g. the drawing was cleared)."""
        with self._lock:
            ch = self._channels.get(channel)
            if ch is not None:
                ch.floor = ch.generation
                if ch.waiting is not None:
                    ch.waiting.finished.set()
                    ch.waiting = None

    def cancel(self, channel: str) -> None:
        """Drop the waiting task, ask the running one to stop, and deliver nothing asked so far."""
        with self._lock:
            ch = self._channels.get(channel)
            running = ch.running if ch is not None else None
        self.invalidate(channel)
        if running is not None:
            running.state.request_stop()

    def is_busy(self, channel: str) -> bool:
        with self._lock:
            ch = self._channels.get(channel)
            return ch is not None and (ch.running is not None or ch.waiting is not None)

    def current(self, channel: str) -> Task | None:
        """The task running on ``channel``, else the one waiting there, else None."""
        with self._lock:
            ch = self._channels.get(channel)
            return None if ch is None else ch.running or ch.waiting

    def wait_idle(self, channel: str, timeout: float) -> bool:
        """Block until ``channel`` has no task (for tests and for closing); True if it became idle."""
        deadline = time.monotonic() + timeout
        while self.is_busy(channel):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.01)
        return True

    def shutdown(self, timeout: float) -> bool:
        """Abort every task and wait up to ``timeout`` seconds for them all; True if every thread ended."""
        with self._lock:
            self._closed = True
            for ch in self._channels.values():
                ch.floor = ch.generation
                if ch.waiting is not None:
                    ch.waiting.finished.set()
                    ch.waiting = None
            for task in self._active.values():
                task.state.abort()
            threads = list(self._active)
        deadline = time.monotonic() + timeout
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        alive = [t.name for t in threads if t.is_alive()]
        if alive:
            log.warning("still running after %.1f s: %s", timeout, ", ".join(alive))
        return not alive

    # -- the worker side ----------------------------------------------------------------------------

    def _work(self, ch: _Channel) -> None:
        try:
            self._work_through(ch)
        finally:
            gcpause.release()

    def _work_through(self, ch: _Channel) -> None:
        me = threading.current_thread()
        while True:
            with self._lock:
                self._active.pop(me, None)
                if ch.thread is not me:
                    return  # replaced: a newer worker has the channel now
                task, ch.waiting = ch.waiting, None
                ch.running = task
                if task is None:
                    ch.thread = None
                    return
                self._active[me] = task
            try:
                result = task.fn(task.state)
            except Exception as exc:
                log.warning("task %s failed", ch.name, exc_info=True)
                self._post(task, task.on_error, exc)
            else:
                self._post(task, task.on_done, result)
            finally:
                with self._lock:
                    if ch.running is task:
                        ch.running = None
                task.finished.set()

    def _post(self, task: Task, callback, value) -> None:
        if callback is None or not self._wanted(task):
            return
        try:
            self._deliver.emit((task, callback, value))
        except RuntimeError:  # the runner itself is gone: the application is closing
            pass

    def _wanted(self, task: Task) -> bool:
        with self._lock:
            ch = self._channels[task.channel]
            if task.generation <= ch.floor:
                return False
            return task.deliver_stale or task.generation == ch.generation

    def _on_gui_thread(self, packet) -> None:
        task, callback, value = packet
        if not self._wanted(task):  # a newer request arrived while this answer was on its way
            return
        if task.owner is not None and not isValid(task.owner):
            return  # the view that asked has been closed
        callback(value)
