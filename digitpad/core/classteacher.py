"""The teacher's side of a class folder: the passphrase, moderation, and publishing a class model.

Only the teacher's app writes ``teacher/``. Moderation (renames, removed students, hidden and deleted
drawings) lives in the teacher's own file, so no student's file is ever written by anyone but its student;
the students' apps read it and leave deleted drawings out of what they share next. A published model is
written under a new name (``model-<sequence>.keras``) before ``published.json`` names it with its SHA-256,
so a student never loads a model half-written; a student's app copies it home, checks the size and the
checksum, and loads the copy through the model-file checks (``core/modelfile.py``).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from digitpad.core import atomic, limits
from digitpad.core.classfolder import (
    CLASS_FILE,
    CLASS_FORMAT,
    DRAWINGS,
    MEMBERS,
    MODERATION_FILE,
    PUBLISHED_FILE,
    RUNS,
    TEACHER,
    ClassFolder,
    ClassFolderError,
    Moderation,
    Published,
    check_nickname,
    check_share_file,
    class_document,
    passphrase_matches,
    read_document,
    read_moderation,
    read_published,
    write_document,
)

log = logging.getLogger(__name__)


def has_teacher(folder: ClassFolder) -> bool:
    return os.path.lexists(folder.teacher_file(CLASS_FILE))


def create_class(folder: ClassFolder, passphrase: str) -> None:
    """Make the class's folders and set its teacher passphrase (refused when the class has one already)."""
    document = class_document(folder.name, passphrase)
    folder.make_folders()
    path = folder.teacher_file(CLASS_FILE)
    if os.path.lexists(path):
        raise ClassFolderError("class-exists", path=folder.root)
    write_document(path, document)


def unlock(folder: ClassFolder, passphrase: str) -> None:
    """Raises ``ClassFolderError`` unless ``passphrase`` is the class's teacher passphrase (takes about a
    tenth of a second)."""
    path = folder.teacher_file(CLASS_FILE)
    if not passphrase_matches(read_document(path, CLASS_FORMAT), passphrase, path):
        raise ClassFolderError("passphrase-wrong")


def _chunks(path: Path, limit: int) -> Iterator[bytes]:
    """The bytes of ``path`` in 1 MB pieces; refused once past ``limit`` (a file that grows while read)."""
    read = 0
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            read += len(chunk)
            if read > limit:
                raise ClassFolderError("class-file-too-big", path=path, size=read, limit=limit)
            yield chunk


def _sha256(path: Path, limit: int) -> str:
    digest = hashlib.sha256()
    for chunk in _chunks(path, limit):
        digest.update(chunk)
    return digest.hexdigest()


class TeacherDesk:
    """Changes only the teacher may make; each rewrites ``teacher/moderation.json`` whole."""

    def __init__(self, folder: ClassFolder):
        self.folder = folder

    def _change(self, change) -> Moderation:
        path = self.folder.teacher_file(MODERATION_FILE)
        moderation = read_moderation(path)
        change(moderation)
        moderation.sequence += 1
        self.folder.make_folders()
        write_document(path, moderation.document())
        return moderation

    def rename(self, student: str, nickname: str) -> Moderation:
        name = check_nickname(nickname)
        return self._change(lambda m: m.renamed.__setitem__(student, name))

    def remove_student(self, student: str) -> Moderation:
        """Leave a student out of the class; their files are deleted where the share lets the teacher."""
        moderation = self._change(lambda m: m.removed.add(student))
        for kind in (MEMBERS, DRAWINGS, RUNS):
            with contextlib.suppress(OSError):
                self.folder.student_file(kind, student).unlink()
        return moderation

    def set_hidden(self, pairs: list[tuple[str, str]], hidden: bool) -> Moderation:
        def change(m: Moderation) -> None:
            if hidden:
                m.hidden |= set(pairs)
            else:
                m.hidden -= set(pairs)

        return self._change(change)

    def delete_drawings(self, pairs: list[tuple[str, str]]) -> Moderation:
        def change(m: Moderation) -> None:
            m.deleted |= set(pairs)
            m.hidden -= set(pairs)

        return self._change(change)

    def publish(self, model_path: Path, title: str, lesson_path: Path | None = None) -> Published:
        """Copy a model (and a lesson) into ``teacher/`` under new names, then name them in ``published.json``;
        older published files are removed after."""
        self.folder.make_folders()
        earlier = read_published(self.folder.teacher_file(PUBLISHED_FILE))
        sequence = (earlier.sequence if earlier else 0) + 1
        model_name = f"model-{sequence}.keras"
        model_target = self.folder.teacher_file(model_name)
        atomic.write_atomically(model_target, lambda f: _copy_into(model_path, f))
        lesson_name = lesson_digest = None
        if lesson_path is not None:
            lesson_name = f"lesson-{sequence}.json"
            lesson_target = self.folder.teacher_file(lesson_name)
            atomic.write_atomically(lesson_target, lambda f: _copy_into(lesson_path, f))
            lesson_digest = _sha256(lesson_target, limits.LESSON_FILE_BYTES)
        digest = _sha256(model_target, limits.MODEL_FILE_BYTES)
        published = Published(sequence, title[:200], model_name, digest, lesson_name, lesson_digest)
        write_document(self.folder.teacher_file(PUBLISHED_FILE), published.document())
        for old in self.folder.root.joinpath(TEACHER).glob("*-*"):
            if old.name.startswith(("model-", "lesson-")) and old.name not in (model_name, lesson_name):
                with contextlib.suppress(OSError):
                    old.unlink()
        return published


def _copy_into(source: Path, out, limit: int = 2**62) -> None:
    """Copy ``source`` into the open file ``out``, at most ``limit`` bytes (a file that grows is refused)."""
    for chunk in _chunks(source, limit):
        out.write(chunk)


def fetch_published(folder: ClassFolder, published: Published, home: Path) -> tuple[Path, Path | None]:
    """Copy the published model (and lesson) into ``home``, sizes and checksums checked; the model is then
    loaded by the caller through ``core/modelfile.py``, the lesson through ``core/lessons.py``."""
    home.mkdir(parents=True, exist_ok=True)
    model = _fetch(folder.teacher_file(published.model), published.model_sha256, limits.MODEL_FILE_BYTES, home)
    lesson = None
    if published.lesson is not None and published.lesson_sha256 is not None:
        lesson_source = folder.teacher_file(published.lesson)
        lesson = _fetch(lesson_source, published.lesson_sha256, limits.LESSON_FILE_BYTES, home)
    return model, lesson


def _fetch(source: Path, expected: str, limit: int, home: Path) -> Path:
    check_share_file(source, limit)
    target = home / source.name
    atomic.write_atomically(target, lambda f: _copy_into(source, f, limit))
    if _sha256(target, limit) != expected:
        target.unlink()
        raise ClassFolderError("class-model-changed", path=source)
    return target
