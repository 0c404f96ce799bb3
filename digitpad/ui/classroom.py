"""The class folder as the window sees it: which class, the share's state, and every job on it.

One ``ClassRoom`` per Session (``session.classroom``), so a language switch keeps the class. Everything that
touches the share runs on the Session's task runner: a share can be slow or hang, and the GUI thread never
waits for it. Writes go through the core's outbox (``core/classshare.py``), so a missing or read-only share
only means "queued"; a timer retries while something waits. Channels: one per kind of write (the newest
snapshot of a kind replaces a waiting older one, which is what a whole-file snapshot wants), one for reading
the class, and one per teacher change (each must happen; the core's desk orders them).

Settings (docs/administrators.md, "Class folder"): ``class/folder`` and ``class/name`` (IT may set both
machine-wide), and ``class/teacher``, read from the machine-wide settings only (a student cannot set it):
true on a teacher's machine unlocks teacher mode without the passphrase.
"""

from __future__ import annotations

import itertools
import logging
import tempfile
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QTimer, Signal

from digitpad.core.classfolder import MODERATION_FILE, ClassFolder, ClassFolderError, read_moderation
from digitpad.core.classreader import ClassReader, ClassSnapshot
from digitpad.core.classshare import CONNECTED, MISSING, StudentShare, local_folder
from digitpad.core.classteacher import TeacherDesk, create_class, fetch_published, unlock
from digitpad.core.tasks import TaskState
from digitpad.ui.settings_file import machine_wide_switch
from digitpad.ui.settings_values import read_text

log = logging.getLogger(__name__)

FOLDER_KEY, NAME_KEY, TEACHER_KEY = "class/folder", "class/name", "class/teacher"
RETRY_MS = 30_000  # how often waiting writes are tried again
REREAD_MS = 60_000  # how often the class is read again (a newly published class model is offered)
JOIN, DRAWINGS, RUNS, FLUSH, READ, TEACHER, FETCH, TRAIN = (
    "class-join",
    "class-drawings",
    "class-runs",
    "class-flush",
    "class-read",
    "class-teacher-",
    "class-fetch",
    "class-train",
)


class ClassRoom(QObject):
    changed = Signal()  # the class, the membership, teacher mode or the share's state changed
    snapshot_ready = Signal(object)  # a ClassSnapshot just read
    failed = Signal(object)  # a Problem or OSError to show
    shared = Signal(str, int)  # (kind, how many) queued for the class folder
    published_available = Signal(object)  # a Published newer than the class model loaded
    class_model_ready = Signal(object, object)  # (model path, lesson path or None) copied home, checked
    class_model_published = Signal(object, object)  # (Published, FineTuneResult)
    train_progress = Signal(object)  # a BatchReport while the class model trains

    def __init__(self, session):
        super().__init__(session)
        self.session = session
        self.settings: QSettings = session.settings
        self.folder: ClassFolder | None = None
        self.share: StudentShare | None = None
        self.reader: ClassReader | None = None
        self.desk: TeacherDesk | None = None
        self.teacher = False
        self.state = ""  # CONNECTED, MISSING, READ_ONLY, FAILED; "" before the first try
        self.waiting = 0
        self.snapshot: ClassSnapshot | None = None
        self.loaded_sequence = 0  # of the published class model this student loaded
        self._teacher_lock = threading.Lock()  # teacher changes run on their own channels, one at a time
        self._changes = itertools.count()
        self._retry = QTimer(self)
        self._retry.setInterval(RETRY_MS)
        self._retry.timeout.connect(self.flush)
        self._reread = QTimer(self)
        self._reread.setInterval(REREAD_MS)
        self._reread.timeout.connect(self.refresh)
        self._restore()

    # -- which class ----------------------------------------------------------------------------------

    def _restore(self) -> None:
        share, name = read_text(self.settings, FOLDER_KEY), read_text(self.settings, NAME_KEY)
        if share and name:
            try:
                self._set_folder(ClassFolder.at(share, name))
            except ClassFolderError as exc:
                log.warning("class folder settings ignored: %s", exc)
        self.teacher = machine_wide_switch(TEACHER_KEY)

    def _set_folder(self, folder: ClassFolder) -> None:
        self.folder = folder
        self.share = StudentShare(folder, local_folder(folder))
        self.reader = ClassReader(folder)
        self.desk = TeacherDesk(folder)
        self.waiting = len(self.share.waiting())
        self._reread.start()  # stopped by ``stop`` when the Session shuts down
        if self.share.joined:
            self.flush()
        self.refresh()

    def stop(self) -> None:
        """No more retries or re-reads (the last window has closed)."""
        self._retry.stop()
        self._reread.stop()

    @property
    def joined(self) -> bool:
        return self.share is not None and self.share.joined

    @property
    def teacher_machine(self) -> bool:
        return machine_wide_switch(TEACHER_KEY)

    def choose(self, share: str, name: str) -> ClassFolder:
        """Use the class ``name`` in the folder ``share`` (raises ``ClassFolderError`` for a bad name)."""
        folder = ClassFolder.at(share, name)
        if folder != self.folder:
            self.teacher = self.teacher_machine
            self.snapshot = None
            self._set_folder(folder)
        self.settings.setValue(FOLDER_KEY, str(folder.share))
        self.settings.setValue(NAME_KEY, folder.name)
        self.changed.emit()
        return folder

    def join(self, share: str, name: str, nickname: str) -> None:
        """Join a class (works offline: the membership then waits to be sent)."""
        self.choose(share, name)
        student = self.share

        def work(state: TaskState):
            student.join(nickname)
            return student.flush()

        self.session.tasks.run(JOIN, work, on_done=self._flushed, on_error=self.failed.emit)

    def leave(self) -> None:
        if self.share is not None:
            self.share.leave()
        self.teacher = False
        self.changed.emit()

    # -- sharing -----------------------------------------------------------------------------------------

    def share_drawings(self) -> None:
        """Share every drawing of the student's handwriting (less those the teacher deleted)."""
        store = self.session.handwriting
        split, created = store.samples(), store.created()
        student, folder = self.share, self.folder
        if student is None or folder is None:
            return

        def work(state: TaskState):
            deleted: set[str] = set()
            try:
                moderation = read_moderation(folder.teacher_file(MODERATION_FILE))
                deleted = {key for who, key in moderation.deleted if who == student.student}
            except (ClassFolderError, OSError) as exc:
                log.info("the teacher's moderation could not be read (%s): sharing everything", exc)
            count = student.queue_drawings(split.images, split.labels, created, deleted)
            return count, student.flush()

        self.session.tasks.run(DRAWINGS, work, on_done=lambda a: self._shared("drawings", a), on_error=self.failed.emit)

    def share_runs(self, records: list) -> None:
        """Share these runs (their settings and curves; models stay on this machine)."""
        from digitpad.core.experiments import RunSnapshot

        snapshots = [RunSnapshot.of(r, has_model=False) for r in records if not r.running]
        student = self.share
        if student is None:
            return

        def work(state: TaskState):
            return student.queue_runs(snapshots), student.flush()

        self.session.tasks.run(RUNS, work, on_done=lambda a: self._shared("runs", a), on_error=self.failed.emit)

    def _shared(self, kind: str, answer) -> None:
        count, result = answer
        self._flushed(result)
        self.shared.emit(kind, count)

    def flush(self) -> None:
        student = self.share
        if student is None or not student.joined:
            return
        self.session.tasks.run(FLUSH, lambda state: student.flush(), on_done=self._flushed, on_error=self.failed.emit)

    def _flushed(self, result) -> None:
        self.state, self.waiting = result.state, result.waiting
        if self.waiting:
            self._retry.start()
        else:
            self._retry.stop()
        self.changed.emit()

    # -- reading the class --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the class in the background; ``snapshot_ready`` brings it."""
        reader = self.reader
        if reader is None:
            return
        # One read at a time (the reader's cache is not shared between threads); a newer request waits.
        self.session.tasks.run(READ, lambda state: reader.read(), on_done=self._read, on_error=self.failed.emit)

    def _read(self, snapshot: ClassSnapshot) -> None:
        self.snapshot = snapshot
        if self.state == MISSING:
            self.flush()  # the folder is readable again: send what waits
        published = snapshot.published
        if published is not None and published.sequence > self.loaded_sequence and not self.teacher:
            self.published_available.emit(published)
        self.snapshot_ready.emit(snapshot)

    def load_published(self) -> None:
        """Copy the class model (and lesson) home, checked, then predict with it."""
        folder, published = self.folder, self.snapshot.published if self.snapshot else None
        if folder is None or published is None:
            return
        home = local_folder(folder) / "published"

        def done(paths) -> None:
            self.loaded_sequence = published.sequence
            self.session.load_model(paths[0])
            self.class_model_ready.emit(*paths)

        self.session.tasks.run(
            FETCH, lambda state: fetch_published(folder, published, home), on_done=done, on_error=self.failed.emit
        )

    # -- teacher mode -----------------------------------------------------------------------------------

    def unlock(self, passphrase: str, create: bool = False) -> None:
        """Check (or, for a new class, set) the teacher passphrase in the background."""
        folder = self.folder
        if folder is None:
            return

        def work(state: TaskState):
            if create:
                create_class(folder, passphrase)
            else:
                unlock(folder, passphrase)

        def done(_answer) -> None:
            self.teacher = True
            self.changed.emit()

        self.session.tasks.run(TEACHER + "unlock", work, on_done=done, on_error=self.failed.emit)

    def teacher_change(self, change) -> None:
        """``change(desk)`` on the teacher's moderation file, then the class read again."""
        desk = self.desk
        if desk is None or not self.teacher:
            return
        lock = self._teacher_lock

        def work(state: TaskState):
            with lock:
                return change(desk)

        self.session.tasks.run(
            f"{TEACHER}{next(self._changes)}", work, on_done=lambda _m: self.refresh(), on_error=self.failed.emit
        )

    def train_and_publish(self, title: str, lesson: Path | None = None) -> bool:
        """Fine-tune the model now predicting on the class's pooled drawings mixed with MNIST, then publish it
        (and ``lesson``) to the class folder. False when there is nothing to train on or no model."""
        snapshot, desk, session = self.snapshot, self.desk, self.session
        if snapshot is None or desk is None or not self.teacher or not session.has_model:
            return False
        pooled = snapshot.pooled()
        if len(pooled) == 0:
            return False
        model, metadata = session.model.keras, dict(session.model.metadata)
        lock = self._teacher_lock

        def work(state: TaskState):
            from digitpad.core.handwriting import fine_tune
            from digitpad.core.modelfile import save_model
            from digitpad.core.reporting import Reporter

            class Progress(Reporter):
                def batch(self, report):
                    state.report(report)

            result = fine_tune(model, pooled, session.dataset().train, reporter=Progress(), state=state)
            metadata["class_model"] = {"drawings": result.samples, "mnist_samples": result.mnist_samples}
            metadata.pop("test_accuracy", None)
            with tempfile.TemporaryDirectory(prefix="digitpad-class-model-") as tmp:
                path = save_model(result.model, Path(tmp) / "class.keras", metadata)
                with lock:
                    published = desk.publish(path, title, lesson)
            return published, result

        self.session.tasks.run(
            TRAIN,
            work,
            on_done=lambda answer: self.class_model_published.emit(*answer),
            on_error=self.failed.emit,
            on_progress=self.train_progress.emit,
        )
        return True

    def status_text(self) -> tuple[str, str]:
        """(state, waiting) for the status bar: the view words them."""
        if self.folder is None or not self.joined:
            return "", ""
        return self.state or CONNECTED, str(self.waiting)
