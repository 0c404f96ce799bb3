"""A class folder on the school's file share: its layout, names, documents and how anything in it is read.

A class is a folder ``<share>/<class name>/`` on a share IT has mounted (SMB, NFS, any folder)::

    members/<student id>.json        a student's nickname and the sequence number of what it last wrote
    drawings/<student id>.npz        a student's shared drawings (x, y, created, key, sequence, format)
    runs/<student id>.dpexp          a student's shared runs, as an experiment file (docs/experiment-format.md)
    teacher/class.json               the teacher's passphrase, as a salted scrypt hash
    teacher/moderation.json          the teacher's renames, removed students, hidden and deleted drawings
    teacher/published.json           the class model (and lesson) published for students to load
    teacher/model-<sequence>.keras   that model; teacher/lesson-<sequence>.json that lesson

Each app writes only its own files (one per student and kind), whole: a temporary file with a unique name
beside the target, then a rename (``core/atomic.py``), so a reader sees the old file or the new one, never
half of one. A student id is 32 random hex digits made on joining; nothing in the folder names a person
except the nickname the student chose. Every document carries a ``sequence`` number its writer counts up:
machines' clocks differ, so nothing here is ordered by modification times.

Everything read from the folder is somebody else's file: it is looked at before it is opened (an ordinary
file, no link, at most its limit in ``core/limits.py``), read by the shared checked readers (``npzfile``,
``experiments.read_experiment``, ``modelfile``), and refused with one logged line if anything is wrong.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import stat
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digitpad.core import atomic, limits
from digitpad.core.inputfiles import check_regular, read_regular
from digitpad.core.problems import Problem

log = logging.getLogger(__name__)

CLASS_FORMAT = "digitpad-class-1"
MEMBER_FORMAT = "digitpad-class-member-1"
DRAWINGS_FORMAT = "digitpad-class-drawings-1"
MODERATION_FORMAT = "digitpad-class-moderation-1"
PUBLISHED_FORMAT = "digitpad-class-published-1"

MEMBERS, DRAWINGS, RUNS, TEACHER = "members", "drawings", "runs", "teacher"
KIND_SUFFIX = {MEMBERS: ".json", DRAWINGS: ".npz", RUNS: ".dpexp"}
CLASS_FILE, MODERATION_FILE, PUBLISHED_FILE = "class.json", "moderation.json", "published.json"

STUDENT_ID = re.compile(r"^[0-9a-f]{32}$")
DRAWING_KEY = re.compile(r"^[0-9a-f]{16}$")
NICKNAME_LONGEST = 24
CLASS_NAME_LONGEST = 40
_NAME_CHARS = re.compile(r"^[\w][\w .\-]*$")  # letters and digits of any script, spaces, dots, dashes
PERSONAL_DIGITS = 5  # a phone or student number is personal data: a nickname has fewer digits than this
_RESERVED = {"con", "prn", "aux", "nul"} | {f"{p}{i}" for p in ("com", "lpt") for i in range(1, 10)}

RENAME_TRIES = 5  # a rename over a file being read (Windows, SMB) is tried this often before the write waits
_BUSY = {errno.EACCES, errno.EPERM, errno.EBUSY, errno.ETXTBSY}

# scrypt's cost: about 16 MB and a tenth of a second per try; a hash read back may not ask for more.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


class ClassFolderError(Problem):
    """The class folder, a file in it, a name or a passphrase is not usable; ``path`` names the file."""


# -- names ------------------------------------------------------------------------------------------------


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def check_nickname(text: str) -> str:
    """A nickname as stored: letters, digits, spaces, dots and dashes, 1 to 24 of them, no e-mail address
    and no long number (a nickname is all the folder knows of a student: no personal data)."""
    name = _clean(text)
    if not name:
        raise ClassFolderError("nickname-empty")
    if len(name) > NICKNAME_LONGEST or not _NAME_CHARS.match(name) or sum(c.isdigit() for c in name) >= PERSONAL_DIGITS:
        raise ClassFolderError("nickname-not-allowed", name=name[:40], longest=NICKNAME_LONGEST)
    return name


def check_class_name(text: str) -> str:
    """A class name that is also a safe folder name on Windows, macOS and Linux shares."""
    name = _clean(text)
    if not name:
        raise ClassFolderError("class-name-empty")
    if (
        len(name) > CLASS_NAME_LONGEST
        or not _NAME_CHARS.match(name)
        or name.endswith((".", " "))
        or name.split(".")[0].lower() in _RESERVED
    ):
        raise ClassFolderError("class-name-not-allowed", name=name[:60], longest=CLASS_NAME_LONGEST)
    return name


def new_student_id() -> str:
    return secrets.token_hex(16)


# -- the folder -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ClassFolder:
    """Where a class lives: ``share`` (the mounted folder IT set up) and the class's name inside it."""

    share: Path
    name: str

    @classmethod
    def at(cls, share: str | Path, name: str) -> ClassFolder:
        return cls(Path(share), check_class_name(name))

    @property
    def root(self) -> Path:
        return self.share / self.name

    def kind_folder(self, kind: str) -> Path:
        return self.root / kind

    def student_file(self, kind: str, student: str) -> Path:
        if not STUDENT_ID.match(student):
            raise ValueError(f"not a student id: {student!r}")
        return self.root / kind / (student + KIND_SUFFIX[kind])

    def teacher_file(self, name: str) -> Path:
        return self.root / TEACHER / name

    def share_present(self) -> bool:
        """Whether the share itself is there (mounted): digitpad never creates the share, only its class."""
        try:
            return self.share.is_dir()
        except OSError:
            return False

    def make_folders(self) -> None:
        """The class's folders (raises OSError on a missing or read-only share)."""
        if not self.share_present():
            raise FileNotFoundError(2, "the class folder's share is not there", str(self.share))
        for kind in (MEMBERS, DRAWINGS, RUNS, TEACHER):
            (self.root / kind).mkdir(parents=True, exist_ok=True)


# -- reading a file someone else wrote ---------------------------------------------------------------------


def check_share_file(path: Path, limit: int) -> int:
    """The size of ``path`` once it is known to be an ordinary file (no link, no pipe, no device) of at most
    ``limit`` bytes; else ``ClassFolderError``. Links are refused: a class folder holds only its own files."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        raise ClassFolderError.from_os_error(exc, path) from None
    if stat.S_ISLNK(info.st_mode):
        raise ClassFolderError("class-file-is-a-link", path=path)
    return check_regular(
        path,
        limit,
        ClassFolderError,
        lambda size: ClassFolderError("class-file-too-big", path=path, size=size, limit=limit),
    )


def read_share_bytes(path: Path, limit: int) -> bytes:
    check_share_file(path, limit)
    return read_regular(
        path,
        limit,
        ClassFolderError,
        lambda size: ClassFolderError("class-file-too-big", path=path, size=size, limit=limit),
    )


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def read_document(path: Path, fmt: str, limit: int | None = None) -> dict[str, Any]:
    """A JSON document of the class folder with its ``format`` checked (a newer version is refused by name)."""
    raw = read_share_bytes(path, limit or limits.CLASS_JSON_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ClassFolderError("class-file-damaged", path=path, detail=str(exc)[:200]) from None
    if not isinstance(data, dict):
        raise ClassFolderError("class-file-damaged", path=path, detail="not a JSON object")
    got = data.get("format")
    if got != fmt:
        family = fmt.rsplit("-", 1)[0] + "-"
        if isinstance(got, str) and got.startswith(family):
            raise ClassFolderError("class-file-newer", path=path, got=got[:60], expected=fmt)
        raise ClassFolderError("class-file-foreign", path=path)
    return data


def whole(data: dict, key: str, path: Path, low: int = 0, high: int = 2**62) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ClassFolderError("class-file-damaged", path=path, detail=f"{key!r} must be a whole number")
    return value


def text(data: dict, key: str, path: Path, longest: int = 200) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > longest:
        raise ClassFolderError("class-file-damaged", path=path, detail=f"{key!r} must be a short text")
    return value


def write_document(path: Path, document: dict) -> None:
    """Write a JSON document whole (unique temporary name beside it, then a rename)."""
    write_bytes(path, json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` whole: a unique temporary name beside ``path``, flushed, then renamed over it."""

    def write(f) -> None:
        f.write(data)

    for attempt in range(RENAME_TRIES):
        try:
            atomic.write_atomically(path, write)
            return
        except OSError as exc:
            # Windows and SMB servers refuse to replace a file another machine has open for reading (a sharing
            # violation): try again shortly; after that the write waits in the outbox for the next flush.
            if exc.errno not in _BUSY or attempt == RENAME_TRIES - 1:
                raise
            time.sleep(0.1 * (attempt + 1))


# -- members ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Member:
    student: str
    nickname: str
    sequence: int


def member_document(student: str, nickname: str, sequence: int) -> dict:
    return {"format": MEMBER_FORMAT, "student": student, "nickname": nickname, "sequence": sequence}


def read_member(path: Path) -> Member:
    data = read_document(path, MEMBER_FORMAT)
    student = text(data, "student", path, 32)
    if not STUDENT_ID.match(student) or path.stem != student:
        raise ClassFolderError("class-file-damaged", path=path, detail="the student id does not match the file")
    try:
        nickname = check_nickname(text(data, "nickname", path, 100))
    except ClassFolderError:
        raise ClassFolderError("class-file-damaged", path=path, detail="not an allowed nickname") from None
    return Member(student, nickname, whole(data, "sequence", path))


# -- the teacher's passphrase -----------------------------------------------------------------------------


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(passphrase.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20, dklen=32)


def class_document(class_name: str, passphrase: str) -> dict:
    """``teacher/class.json``: the class's name and its teacher passphrase as a salted scrypt hash."""
    if len(passphrase) < limits.CLASS_PASSPHRASE_SHORTEST:
        raise ClassFolderError("passphrase-too-short", shortest=limits.CLASS_PASSPHRASE_SHORTEST)
    salt = secrets.token_bytes(16)
    digest = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "format": CLASS_FORMAT,
        "class": class_name,
        "passphrase": {"kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": salt.hex()},
        "hash": digest.hex(),
    }


def _hash_parameters(data: dict, path: Path) -> tuple[int, int, int, bytes, bytes]:
    params = data.get("passphrase")
    if not isinstance(params, dict) or params.get("kdf") != "scrypt":
        raise ClassFolderError("class-file-damaged", path=path, detail="'passphrase' must describe a scrypt hash")
    # Bounded, so a planted file cannot make checking a passphrase take minutes or gigabytes.
    n = whole(params, "n", path, 2, limits.CLASS_PASSPHRASE_WORK)
    r, p = whole(params, "r", path, 1, 16), whole(params, "p", path, 1, 4)
    if n & (n - 1):
        raise ClassFolderError("class-file-damaged", path=path, detail="'n' must be a power of two")
    try:
        salt = bytes.fromhex(text(params, "salt", path, 128))
        digest = bytes.fromhex(text(data, "hash", path, 128))
    except ValueError:
        raise ClassFolderError("class-file-damaged", path=path, detail="salt and hash must be hex digits") from None
    if len(digest) != 32 or len(salt) < 8:
        raise ClassFolderError("class-file-damaged", path=path, detail="salt or hash of the wrong length")
    return n, r, p, salt, digest


def passphrase_matches(data: dict, passphrase: str, path: Path) -> bool:
    n, r, p, salt, digest = _hash_parameters(data, path)
    return hmac.compare_digest(_scrypt(passphrase, salt, n, r, p), digest)


# -- the teacher's moderation: names, removed students, hidden and deleted drawings -----------------------


@dataclass
class Moderation:
    """What the teacher decided, kept in the teacher's own file (a student's file is never written by
    anyone else). ``hidden``: drawings kept from the gallery for students and from the class model, which
    the teacher can show again; ``deleted``: gone for good (the student's app leaves them out next time)."""

    sequence: int = 0
    renamed: dict[str, str] = field(default_factory=dict)  # student id -> nickname the teacher gave
    removed: set[str] = field(default_factory=set)  # student ids
    hidden: set[tuple[str, str]] = field(default_factory=set)  # (student id, drawing key)
    deleted: set[tuple[str, str]] = field(default_factory=set)

    def document(self) -> dict:
        def grouped(pairs: set[tuple[str, str]]) -> dict[str, list[str]]:
            out: dict[str, list[str]] = {}
            for student, key in sorted(pairs):
                out.setdefault(student, []).append(key)
            return out

        return {
            "format": MODERATION_FORMAT,
            "sequence": self.sequence,
            "renamed": dict(sorted(self.renamed.items())),
            "removed": sorted(self.removed),
            "hidden": grouped(self.hidden),
            "deleted": grouped(self.deleted),
        }

    def nickname(self, member: Member) -> str:
        return self.renamed.get(member.student, member.nickname)


def _student_ids(values: Any, path: Path, what: str) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) and STUDENT_ID.match(v) for v in values):
        raise ClassFolderError("class-file-damaged", path=path, detail=f"{what!r} must list student ids")
    return values


def _pairs(values: Any, path: Path, what: str) -> set[tuple[str, str]]:
    if not isinstance(values, dict):
        raise ClassFolderError("class-file-damaged", path=path, detail=f"{what!r} must be an object")
    pairs = set()
    for student, keys in values.items():
        _student_ids([student], path, what)
        if not isinstance(keys, list) or not all(isinstance(k, str) and DRAWING_KEY.match(k) for k in keys):
            raise ClassFolderError("class-file-damaged", path=path, detail=f"{what!r} must list drawing keys")
        pairs |= {(student, key) for key in keys}
    return pairs


def read_moderation(path: Path) -> Moderation:
    """The teacher's moderation file; an absent file is an empty moderation."""
    if not os.path.lexists(path):
        return Moderation()
    data = read_document(path, MODERATION_FORMAT, limits.CLASS_MODERATION_BYTES)
    renamed = data.get("renamed", {})
    if not isinstance(renamed, dict):
        raise ClassFolderError("class-file-damaged", path=path, detail="'renamed' must be an object")
    names = {}
    for student, nickname in renamed.items():
        _student_ids([student], path, "renamed")
        try:
            names[student] = check_nickname(nickname if isinstance(nickname, str) else "")
        except ClassFolderError:
            raise ClassFolderError("class-file-damaged", path=path, detail="a nickname is not allowed") from None
    return Moderation(
        whole(data, "sequence", path),
        names,
        set(_student_ids(data.get("removed", []), path, "removed")),
        _pairs(data.get("hidden", {}), path, "hidden"),
        _pairs(data.get("deleted", {}), path, "deleted"),
    )


# -- what the teacher published ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """The class model (and lesson) the teacher published: files in ``teacher/``, with their checksums."""

    sequence: int
    title: str
    model: str  # file name in teacher/
    model_sha256: str
    lesson: str | None
    lesson_sha256: str | None

    def document(self) -> dict:
        return {
            "format": PUBLISHED_FORMAT,
            "sequence": self.sequence,
            "title": self.title,
            "model": self.model,
            "model_sha256": self.model_sha256,
            "lesson": self.lesson,
            "lesson_sha256": self.lesson_sha256,
        }


_MODEL_NAME = re.compile(r"^model-\d{1,12}\.keras$")
_LESSON_NAME = re.compile(r"^lesson-\d{1,12}\.json$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def read_published(path: Path) -> Published | None:
    if not os.path.lexists(path):
        return None
    data = read_document(path, PUBLISHED_FORMAT)
    model, digest = text(data, "model", path, 40), text(data, "model_sha256", path, 64)
    lesson, lesson_digest = data.get("lesson"), data.get("lesson_sha256")
    if not _MODEL_NAME.match(model) or not _SHA256.match(digest):
        raise ClassFolderError("class-file-damaged", path=path, detail="'model' must name a model and its checksum")
    if lesson is not None and (
        not isinstance(lesson, str)
        or not _LESSON_NAME.match(lesson)
        or not isinstance(lesson_digest, str)
        or not _SHA256.match(lesson_digest)
    ):
        raise ClassFolderError("class-file-damaged", path=path, detail="'lesson' must name a lesson and its checksum")
    return Published(
        whole(data, "sequence", path),
        text(data, "title", path, 200),
        model,
        digest,
        lesson,
        lesson_digest if lesson is not None else None,
    )
