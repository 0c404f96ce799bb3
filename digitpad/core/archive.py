"""Zip archives (``.keras`` models, ``.npz`` arrays) opened so that what they declare is checked first.

``zipfile`` reads an archive's whole central directory into Python objects when it opens it, and a member
unpacks to whatever it holds. So: the file is an ordinary file of bounded size (``inputfiles``); the
directory's declared size and entry count (from the end-of-archive record) are bounded before ``zipfile``
parses it; the unpacked sizes the entries declare are bounded, each and in total; and a member is read
with a cap, so an entry whose data outgrows its declared size is cut off (``zipfile`` then reports a
checksum error) rather than filling memory.
"""

from __future__ import annotations

import contextlib
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from digitpad.core import limits
from digitpad.core.inputfiles import open_regular
from digitpad.core.problems import Problem, short_detail

_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"
_EOCD64 = b"PK\x06\x06"
_TAIL = 22 + 65_535  # the end record and the longest comment it may carry
# What zipfile and zlib raise for a damaged archive: RuntimeError for an encrypted entry,
# NotImplementedError for a compression method zipfile lacks.
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)


def mb(size: int) -> float:
    return size / 2**20


def _directory_size(f: BinaryIO) -> tuple[int, int] | None:
    """(entries, bytes) the archive's end record declares for its central directory; None if it has none."""
    f.seek(0, 2)
    end = f.tell()
    start = max(0, end - _TAIL)
    f.seek(start)
    tail = f.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) - at < 22:
        return None
    entries, size = struct.unpack("<HI", tail[at + 10 : at + 16])
    locator = at - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and locator >= 0 and tail[locator : locator + 4] == _EOCD64_LOCATOR:
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        f.seek(offset)
        record = f.read(56)
        if len(record) == 56 and record[:4] == _EOCD64:
            entries, size = struct.unpack("<QQ", record[32:48])
    return entries, size


@dataclass(frozen=True)
class Faults:
    """How to report a fault in one archive: the file, its kind of ``Problem``, and the caller's own
    sentences for a file that is no zip, a damaged entry, and (optionally) a file too big on disk."""

    path: Path
    error: type[Problem]
    not_zip: Callable[[], Problem]
    unreadable: Callable[[str], Problem]  # given a short detail
    too_big: Callable[[int], Problem] | None = None  # given the size on disk


@contextlib.contextmanager
def open_archive(faults: Faults, file_limit: int, unpacked_limit: int) -> Iterator[zipfile.ZipFile]:
    """``with open_archive(...) as zf:`` a checked archive; raises ``faults.error`` (or one of the
    sentences of ``faults``) before anything is unpacked."""
    path, error = faults.path, faults.error
    with open_regular(path, file_limit, error, faults.too_big) as f:
        try:
            declared = _directory_size(f)
        except OSError as exc:
            raise error.from_os_error(exc, path) from None
        if declared is None:
            raise faults.not_zip()
        entries, size = declared
        if entries > limits.ZIP_ENTRIES:
            raise error("archive-too-many-entries", path=path, count=entries, limit=limits.ZIP_ENTRIES)
        if size > limits.ZIP_DIRECTORY_BYTES:
            raise error("archive-directory-too-big", path=path, size=size, limit=limits.ZIP_DIRECTORY_BYTES)
        try:
            f.seek(0)
            zf = zipfile.ZipFile(f)
        except DAMAGED:
            raise faults.not_zip() from None
        with zf:
            infos = zf.infolist()
            if len(infos) > limits.ZIP_ENTRIES:  # the end record understated them
                raise error("archive-too-many-entries", path=path, count=len(infos), limit=limits.ZIP_ENTRIES)
            total = sum(info.file_size for info in infos)
            if total > unpacked_limit:
                raise error("archive-unpacks-too-big", path=path, megabytes=mb(total), limit=round(mb(unpacked_limit)))
            yield zf


def read_member(zf: zipfile.ZipFile, name: str, limit: int, faults: Faults) -> bytes:
    """The bytes of the member ``name``, at most ``limit`` of them unpacked."""
    where = f"{faults.path} [{name}]"
    info = zf.getinfo(name)
    if info.file_size > limit:
        raise faults.error("archive-entry-too-big", path=where, megabytes=mb(info.file_size), limit=round(mb(limit)))
    try:
        with zf.open(info) as member:
            data = member.read(limit + 1)
    except DAMAGED as exc:
        raise faults.unreadable(short_detail(exc)) from None
    if len(data) > limit:  # cannot happen with zipfile, which stops at the declared size; kept as a guard
        raise faults.error("archive-entry-too-big", path=where, megabytes=mb(len(data)), limit=round(mb(limit)))
    return data
