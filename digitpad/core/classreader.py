"""Reading a whole class folder: every student's membership, drawings and runs, and the teacher's files.

``ClassReader.read()`` looks at each kind's folder, takes only names it knows (``<student id>.npz`` ...),
checks each file before opening it (``classfolder.check_share_file``) and reads it with the shared checked
readers. A file that is damaged, foreign, newer, too big, a link or a pipe is left out with one log line
and one ``Problem`` in the answer, never a crash; others' temporary files are skipped. What was read is
kept by file identity (inode, size, modification time: only ever compared with the same file's earlier
look, never used to order files across machines), so the teacher's gallery re-reads only what changed.
A student's newer file never gives way to an older one: each carries a sequence number, and the reader
keeps the highest it has seen.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from digitpad.core import limits, npzfile
from digitpad.core.classfolder import (
    CLASS_FILE,
    DRAWING_KEY,
    DRAWINGS,
    DRAWINGS_FORMAT,
    KIND_SUFFIX,
    MEMBERS,
    MODERATION_FILE,
    PUBLISHED_FILE,
    RUNS,
    STUDENT_ID,
    ClassFolder,
    ClassFolderError,
    Member,
    Moderation,
    Published,
    check_share_file,
    read_member,
    read_moderation,
    read_published,
)
from digitpad.core.data import IMAGE_SIZE, NUM_CLASSES, Split
from digitpad.core.problems import Problem

log = logging.getLogger(__name__)


@dataclass
class StudentDrawings:
    student: str
    sequence: int
    images: np.ndarray  # uint8 (n, 28, 28)
    labels: np.ndarray  # uint8 (n,)
    keys: list[str]  # each drawing's key (classshare.drawing_key)


@dataclass
class StudentRuns:
    student: str
    records: list  # core.runs.RunRecord, read from the student's experiment file


@dataclass
class ClassSnapshot:
    """The class as read at one moment."""

    members: dict[str, Member] = field(default_factory=dict)
    drawings: dict[str, StudentDrawings] = field(default_factory=dict)
    runs: dict[str, StudentRuns] = field(default_factory=dict)
    moderation: Moderation = field(default_factory=Moderation)
    published: Published | None = None
    has_teacher: bool = False  # whether the class has a teacher passphrase yet
    problems: list[Problem] = field(default_factory=list)  # files left out, one each

    def students(self) -> list[str]:
        """Every student with a file, removed ones left out, in nickname order."""
        ids = (set(self.members) | set(self.drawings) | set(self.runs)) - self.moderation.removed
        return sorted(ids, key=lambda s: (self.nickname(s).casefold(), s))

    def nickname(self, student: str) -> str:
        member = self.members.get(student)
        if student in self.moderation.renamed:
            return self.moderation.renamed[student]
        return member.nickname if member else "?" + student[:6]

    def visible_drawings(self, include_hidden: bool) -> list[tuple[str, int]]:
        """(student, index) of every drawing to show or pool: deleted ones never, hidden ones if asked."""
        out = []
        for student in self.students():
            drawings = self.drawings.get(student)
            if drawings is None:
                continue
            for i, key in enumerate(drawings.keys):
                pair = (student, key)
                if pair in self.moderation.deleted or (pair in self.moderation.hidden and not include_hidden):
                    continue
                out.append((student, i))
        return out

    def pooled(self) -> Split:
        """The drawings the class model learns from: every student's, less those hidden or deleted."""
        chosen = self.visible_drawings(include_hidden=False)
        if not chosen:
            return Split(np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.uint8), np.zeros(0, np.uint8))
        images = np.stack([self.drawings[s].images[i] for s, i in chosen])
        labels = np.array([self.drawings[s].labels[i] for s, i in chosen], np.uint8)
        return Split(images, labels)


def _caps() -> npzfile.Caps:
    n = limits.CLASS_DRAWINGS_PER_STUDENT
    return npzfile.Caps(
        file_bytes=limits.CLASS_DRAWINGS_FILE_BYTES,
        unpacked_bytes=limits.CLASS_DRAWINGS_UNPACKED_BYTES,
        array_bytes=n * IMAGE_SIZE * IMAGE_SIZE,
        entries=n,
    )


def _bad(path: Path, detail: str) -> ClassFolderError:
    return ClassFolderError("class-file-damaged", path=path, detail=detail)


def _check_tag(arrays: dict, path: Path) -> None:
    tag = arrays.get("format")
    if tag is None or tag.dtype.kind != "U" or tag.size != 1:
        raise ClassFolderError("class-file-foreign", path=path)
    got = str(tag.reshape(-1)[0])
    if got != DRAWINGS_FORMAT:
        if got.startswith("digitpad-class-drawings-"):
            raise ClassFolderError("class-file-newer", path=path, got=got[:60], expected=DRAWINGS_FORMAT)
        raise ClassFolderError("class-file-foreign", path=path)


def read_drawings(path: Path, student: str) -> StudentDrawings:
    """A student's drawings file, every array checked (shape, type, labels, keys, owner) before use."""
    check_share_file(path, limits.CLASS_DRAWINGS_FILE_BYTES)
    names = ("x", "y", "key", "student", "sequence", "format")
    arrays = npzfile.read_arrays(path, names, _caps(), ClassFolderError)
    _check_tag(arrays, path)
    missing = [n for n in names if n not in arrays]
    if missing:
        raise _bad(path, "missing " + ", ".join(missing))
    x, y, keys = arrays["x"], arrays["y"], arrays["key"]
    if x.dtype != np.uint8 or x.ndim != 3 or x.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise _bad(path, f"drawings of shape {x.shape} and type {x.dtype}")
    if y.dtype != np.uint8 or y.shape != (len(x),) or (len(y) and int(y.max()) >= NUM_CLASSES):
        raise _bad(path, "labels must be one digit 0-9 per drawing")
    if keys.dtype.kind != "U" or keys.shape != (len(x),) or not all(DRAWING_KEY.match(str(k)) for k in keys):
        raise _bad(path, "each drawing needs its key")
    owner, sequence = arrays["student"], arrays["sequence"]
    if owner.dtype.kind != "U" or owner.size != 1 or str(owner.reshape(-1)[0]) != student:
        raise _bad(path, "the file belongs to another student")
    if sequence.dtype.kind not in "iu" or sequence.size != 1:
        raise _bad(path, "'sequence' must be one whole number")
    return StudentDrawings(student, int(sequence.reshape(-1)[0]), x, y, [str(k) for k in keys])


def read_runs(path: Path, student: str) -> StudentRuns:
    """A student's runs: an experiment file (checked whole by ``experiments.read_experiment``), no models."""
    from digitpad.core.experiments import read_experiment

    check_share_file(path, limits.CLASS_RUNS_FILE_BYTES)
    experiment = read_experiment(path)
    if len(experiment.records) > limits.CLASS_RUNS_PER_STUDENT:
        raise _bad(path, f"{len(experiment.records):,} runs")
    return StudentRuns(student, experiment.records)


_READERS = {MEMBERS: lambda path, student: read_member(path), DRAWINGS: read_drawings, RUNS: read_runs}


class ClassReader:
    """Reads a class folder again and again, re-reading only the files that changed."""

    def __init__(self, folder: ClassFolder):
        self.folder = folder
        self._cache: dict[Path, tuple[tuple, object]] = {}  # path -> (identity, what it held or its problem)
        self._sequences: dict[tuple[str, str], object] = {}  # (kind, student) -> newest value read

    def read(self, kinds: tuple[str, ...] = (MEMBERS, DRAWINGS, RUNS)) -> ClassSnapshot:
        """The class now (raises ``ClassFolderError`` only when the class folder itself cannot be listed)."""
        if not self.folder.root.is_dir():
            raise ClassFolderError("class-folder-missing", path=self.folder.root)
        snapshot = ClassSnapshot()
        snapshot.has_teacher = os.path.lexists(self.folder.teacher_file(CLASS_FILE))
        try:
            snapshot.moderation = read_moderation(self.folder.teacher_file(MODERATION_FILE))
        except Problem as exc:
            log.warning("class folder: left out %s", exc)
            snapshot.problems.append(exc)
        try:
            snapshot.published = read_published(self.folder.teacher_file(PUBLISHED_FILE))
        except Problem as exc:
            log.warning("class folder: left out %s", exc)
            snapshot.problems.append(exc)
        for kind in kinds:
            found = getattr(snapshot, kind)
            for student, value in self._read_kind(kind, snapshot.problems):
                found[student] = value
        return snapshot

    def _read_kind(self, kind: str, problems: list[Problem]) -> list[tuple[str, object]]:
        folder = self.folder.kind_folder(kind)
        try:
            with os.scandir(folder) as it:
                entries = [entry for _, entry in zip(range(limits.CLASS_FOLDER_ENTRIES), it, strict=False)]
        except FileNotFoundError:
            return []
        except OSError as exc:
            problems.append(ClassFolderError.from_os_error(exc, folder))
            return []
        suffix = KIND_SUFFIX[kind]
        found = []
        for entry in entries:
            if entry.name.startswith("."):
                continue  # a writer's temporary file (core/atomic.py), or a system's own
            student = entry.name.removesuffix(suffix)
            path = Path(entry.path)
            if not entry.name.endswith(suffix) or not STUDENT_ID.match(student):
                self._once(path, ("name",), ClassFolderError("class-file-unexpected", path=path), problems)
                continue
            value = self._read_one(kind, student, path, problems)
            if value is not None:
                found.append((student, value))
        return found

    def _read_one(self, kind: str, student: str, path: Path, problems: list[Problem]) -> object | None:
        try:
            info = os.lstat(path)
        except OSError:
            return None  # replaced or removed since it was listed: the next read sees the new one
        identity = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_mode)
        cached = self._cache.get(path)
        if cached is not None and cached[0] == identity:
            value = cached[1]
        else:
            try:
                value = _READERS[kind](path, student)
            except Problem as exc:
                if exc.code == "file-not-found":
                    # Replaced between listing and reading: some shares (SMB) rename over a file in two steps.
                    # What was read before stands; the next read takes the new file.
                    return self._sequences.get((kind, student))
                value = exc
                log.warning("class folder: left out %s", exc)
            except (OSError, ValueError) as exc:  # anything the checked readers did not name
                value = ClassFolderError("class-file-damaged", path=path, detail=str(exc)[:200])
                log.warning("class folder: left out %s", value)
            self._cache[path] = (identity, value)
        if isinstance(value, Problem):
            problems.append(value)
            return None
        return self._newest(kind, student, value)

    def _newest(self, kind: str, student: str, value: object) -> object:
        """The newer of ``value`` and what was read before, by the writer's own sequence number."""
        sequence = getattr(value, "sequence", None)
        earlier = self._sequences.get((kind, student))
        if sequence is not None and earlier is not None and getattr(earlier, "sequence", -1) > sequence:
            log.info("class folder: kept %s's newer %s (over sequence %s)", student, kind, sequence)
            return earlier
        self._sequences[(kind, student)] = value
        return value

    def _once(self, path: Path, identity: tuple, problem: Problem, problems: list[Problem]) -> None:
        if self._cache.get(path, (None,))[0] != identity:
            log.warning("class folder: left out %s", problem)
            self._cache[path] = (identity, problem)
        problems.append(problem)


@dataclass
class Gallery:
    """The drawings a gallery shows, in order: by digit (then student) or by student (then digit)."""

    images: np.ndarray  # uint8 (n, 28, 28)
    labels: np.ndarray  # uint8 (n,)
    students: list[str]
    keys: list[str]
    hidden: np.ndarray  # bool (n,): hidden by the teacher (shown faded to the teacher only)

    def __len__(self) -> int:
        return len(self.keys)

    def where(self, keep: np.ndarray) -> Gallery:
        """The drawings where ``keep`` (bool (n,)) is true, in the same order."""
        rows = np.flatnonzero(keep)
        return Gallery(
            self.images[rows],
            self.labels[rows],
            [self.students[r] for r in rows],
            [self.keys[r] for r in rows],
            self.hidden[rows],
        )


def gallery(snapshot: ClassSnapshot, by_student: bool = False, include_hidden: bool = True) -> Gallery:
    """Every drawing to show, in the gallery's order; deleted ones and removed students' never."""
    chosen = snapshot.visible_drawings(include_hidden)
    order = {student: i for i, student in enumerate(snapshot.students())}

    def sort_key(pair: tuple[str, int]) -> tuple[int, int, int]:
        student, index = pair
        label = int(snapshot.drawings[student].labels[index])
        return (order[student], label, index) if by_student else (label, order[student], index)

    chosen.sort(key=sort_key)
    if not chosen:
        empty = np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.uint8)
        return Gallery(empty, np.zeros(0, np.uint8), [], [], np.zeros(0, bool))
    images = np.stack([snapshot.drawings[s].images[i] for s, i in chosen])
    labels = np.array([snapshot.drawings[s].labels[i] for s, i in chosen], np.uint8)
    keys = [snapshot.drawings[s].keys[i] for s, i in chosen]
    students = [s for s, _ in chosen]
    hidden = np.array([(s, k) in snapshot.moderation.hidden for s, k in zip(students, keys, strict=True)], bool)
    return Gallery(images, labels, students, keys, hidden)
