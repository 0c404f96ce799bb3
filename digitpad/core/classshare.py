"""A student's side of a class folder: joining, and writing its own files through a local outbox.

Every write goes first to an outbox in the user's data folder (``<data>/class/<class key>/outbox/``), whole,
then is sent to the class folder. A share that is missing (not mounted, the network down), read-only or
failing leaves the file in the outbox: the app works on, the status bar counts what waits, and the next
``flush`` (the app tries now and then, and on every new write) sends it. Only the newest file of each kind
waits: a file is a whole snapshot (all the drawings shared, all the runs shared), so an older one is never
worth sending. A flush renames the outbox file aside while it sends it, so a newer snapshot written
meanwhile is never lost; a crash half-way leaves the file aside, and the next flush takes it up again.

On the share a file is written under a unique temporary name beside its target and renamed over it
(``core/atomic.py``), so a teacher reading at the same moment sees the old file or the new one. Each
document carries the student's next sequence number (kept in ``state.json`` beside the outbox).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core import atomic, limits
from digitpad.core.classfolder import (
    DRAWINGS,
    DRAWINGS_FORMAT,
    KIND_SUFFIX,
    MEMBERS,
    MODERATION_FILE,
    RUNS,
    STUDENT_ID,
    ClassFolder,
    ClassFolderError,
    check_nickname,
    member_document,
    new_student_id,
    read_member,
    read_moderation,
    write_bytes,
    write_document,
)
from digitpad.core.problems import Problem
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

STATE_FILE = "state.json"
SENDING = ".sending-"
# What a flush found: the share took every file, is not there, or refuses writing.
CONNECTED, MISSING, READ_ONLY, FAILED = "connected", "missing", "read-only", "failed"
REMOVED = "removed"  # the teacher removed this student: nothing more is sent
_READ_ONLY_ERRORS = {errno.EROFS, errno.EACCES, errno.EPERM}


def drawing_key(image: np.ndarray, label: int) -> str:
    """A drawing's name in the class: its label and pixels hashed (the same drawing has the same key on every
    machine, whatever the clocks say)."""
    digest = hashlib.sha256(bytes([int(label)]) + np.ascontiguousarray(image, dtype=np.uint8).tobytes())
    return digest.hexdigest()[:16]


def local_folder(folder: ClassFolder) -> Path:
    """This user's outbox and state for one class (named by a hash of the share and the class)."""
    # abspath, not resolve: nothing here may touch the share, which can hang when the network does
    key = hashlib.sha256(f"{os.path.abspath(folder.share)}\0{folder.name}".encode()).hexdigest()[:16]
    return user_data_dir() / "class" / key


@dataclass
class FlushResult:
    state: str  # CONNECTED, MISSING, READ_ONLY or FAILED
    sent: int
    waiting: int
    problem: Problem | None = None


class StudentShare:
    """One student's membership of one class on this machine: the outbox and the sequence numbers."""

    def __init__(self, folder: ClassFolder, local: Path | None = None):
        self.folder = folder
        self.local = local or local_folder(folder)
        self.outbox = self.local / "outbox"
        self._lock = threading.Lock()  # the UI queues and flushes from its worker threads
        self.student, self.nickname, self.sequence = "", "", 0
        self._read_state()

    # -- who this is ------------------------------------------------------------------------------

    def _read_state(self) -> None:
        path = self.local / STATE_FILE
        try:
            data = json.loads(path.read_bytes()[: limits.CLASS_JSON_BYTES].decode("utf-8"))
            student, nickname, sequence = data["student"], data["nickname"], data["sequence"]
            if isinstance(student, str) and STUDENT_ID.match(student) and isinstance(sequence, int):
                self.student, self.nickname, self.sequence = student, check_nickname(str(nickname)), sequence
        except FileNotFoundError:
            pass
        except (OSError, ValueError, KeyError, TypeError, Problem) as exc:
            log.warning("class state %s unreadable (%s); joining again makes a new one", path, exc)

    def _write_state(self) -> None:
        data = {"student": self.student, "nickname": self.nickname, "sequence": self.sequence}
        write_document(self.local / STATE_FILE, data)

    @property
    def joined(self) -> bool:
        return bool(self.student)

    def _next_sequence(self) -> int:
        self.sequence += 1
        self._write_state()
        return self.sequence

    def join(self, nickname: str) -> None:
        """Join under ``nickname`` (checked; refused when another student of the class has it already).
        Works offline too: the membership then waits in the outbox."""
        name = check_nickname(nickname)
        with self._lock:
            taken = self._nicknames_in_use()
            if name.casefold() in taken:
                raise ClassFolderError("nickname-taken", name=name)
            if not self.student:
                self.student = new_student_id()
            self.nickname = name
            document = member_document(self.student, name, self._next_sequence())
            write_document(self._outbox_file(MEMBERS), document)

    def _nicknames_in_use(self) -> set[str]:
        folder = self.folder.kind_folder(MEMBERS)
        names: set[str] = set()
        try:
            entries = list(os.scandir(folder))[: limits.CLASS_FOLDER_ENTRIES]
        except OSError:
            return names  # offline: the teacher can rename a clash later
        for entry in entries:
            stem = entry.name.removesuffix(".json")
            if entry.name.endswith(".json") and STUDENT_ID.match(stem) and stem != self.student:
                try:
                    names.add(read_member(Path(entry.path)).nickname.casefold())
                except Problem:
                    continue  # the reader logs such files
        return names

    # -- queueing what to share --------------------------------------------------------------------

    def _outbox_file(self, kind: str) -> Path:
        return self.outbox / (kind + KIND_SUFFIX[kind])

    def _need_joined(self) -> None:
        if not self.student:
            raise ClassFolderError("class-not-joined")

    def queue_drawings(
        self, images: np.ndarray, labels: np.ndarray, created: np.ndarray, leave_out: set[str] | None = None
    ) -> int:
        """Queue all the drawings the student shares (uint8 (n, 28, 28), labels, times), leaving out the keys
        the teacher deleted and repeats; returns how many will be shared."""
        self._need_joined()
        keys, keep, seen = [], [], set(leave_out or ())
        for i, (image, label) in enumerate(zip(images, labels, strict=True)):
            key = drawing_key(image, int(label))
            if key not in seen:
                seen.add(key)
                keys.append(key)
                keep.append(i)
        keep = keep[: limits.CLASS_DRAWINGS_PER_STUDENT]
        with self._lock:
            arrays: dict[str, Any] = {
                "x": np.ascontiguousarray(images[keep], dtype=np.uint8).reshape(-1, 28, 28),
                "y": np.asarray(labels, dtype=np.uint8)[keep],
                "created": np.asarray(created, dtype=np.float64)[keep],
                "key": np.array(keys[: len(keep)], dtype="<U16"),
                "student": np.array(self.student),
                "sequence": np.array(self._next_sequence(), dtype=np.int64),
                "format": np.array(DRAWINGS_FORMAT),
            }
            atomic.write_atomically(self._outbox_file(DRAWINGS), lambda f: np.savez_compressed(f, **arrays))
        return len(keep)

    def queue_runs(self, snapshots: list) -> int:
        """Queue the runs the student shares (``experiments.RunSnapshot``s; their models stay at home)."""
        from digitpad.core.experiments import write_experiment

        self._need_joined()
        chosen = snapshots[: limits.CLASS_RUNS_PER_STUDENT]
        with self._lock:
            self.outbox.mkdir(parents=True, exist_ok=True)
            write_experiment(self._outbox_file(RUNS), [(snapshot, None) for snapshot in chosen])
        return len(chosen)

    def waiting(self) -> list[str]:
        """The kinds of file waiting in the outbox."""
        return [kind for kind in (MEMBERS, DRAWINGS, RUNS) if self._has_waiting(kind)]

    def _has_waiting(self, kind: str) -> bool:
        path = self._outbox_file(kind)
        return path.exists() or path.with_name(SENDING + path.name).exists()

    # -- sending -----------------------------------------------------------------------------------

    def flush(self) -> FlushResult:
        """Send every waiting file to the class folder; what cannot be sent waits for the next flush."""
        with self._lock:
            if not self.student:
                return FlushResult(CONNECTED, 0, 0)
            if not self.folder.share_present():
                return FlushResult(MISSING, 0, len(self.waiting()))
            if self._removed():
                return FlushResult(REMOVED, 0, len(self.waiting()))
            sent = 0
            for kind in (MEMBERS, DRAWINGS, RUNS):  # the membership first: a teacher sees a name with the drawings
                try:
                    sent += self._send(kind)
                except OSError as exc:
                    state = READ_ONLY if exc.errno in _READ_ONLY_ERRORS else FAILED
                    if not self.folder.share_present():
                        state = MISSING
                    log.info("class folder %s: %s not sent (%s)", self.folder.root, kind, exc)
                    return FlushResult(state, sent, len(self.waiting()), ClassFolderError.from_os_error(exc))
            return FlushResult(CONNECTED, sent, len(self.waiting()))

    def _removed(self) -> bool:
        """Whether the teacher removed this student (a moderation file that cannot be read says no)."""
        try:
            return self.student in read_moderation(self.folder.teacher_file(MODERATION_FILE)).removed
        except (Problem, OSError):
            return False

    def _send(self, kind: str) -> int:
        path = self._outbox_file(kind)
        aside = path.with_name(SENDING + path.name)
        if path.exists():
            if aside.exists():
                aside.unlink()  # an older one left aside by a crash: the newer one wins
            os.replace(path, aside)
        elif not aside.exists():
            return 0
        try:
            data = aside.read_bytes()
            self.folder.make_folders()
            write_bytes(self.folder.student_file(kind, self.student), data)
        except BaseException:
            if not path.exists():  # put it back unless a newer one has been queued meanwhile
                with contextlib.suppress(OSError):
                    os.replace(aside, path)
            raise
        aside.unlink()
        return 1

    def leave(self) -> None:
        """Forget this class on this machine: the outbox and the student id (the class folder keeps what was
        sent, for the teacher to remove)."""
        with self._lock:
            for path in [*self.outbox.glob("*"), self.local / STATE_FILE]:
                with contextlib.suppress(OSError):
                    path.unlink()
            self.student, self.nickname, self.sequence = "", "", 0
