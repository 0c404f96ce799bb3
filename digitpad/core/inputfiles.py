"""Opening a file someone gave digitpad: only an ordinary file, only up to a size, never hanging.

A named pipe (FIFO) blocks ``open()`` until something writes to it, and a device such as ``/dev/zero``
never ends: given as a model, an image or a lesson, either would freeze the window. So every input is
looked at before it is opened (``os.stat``: what kind of file, how big), opened without waiting
(``O_NONBLOCK``, where the system has it), and looked at again through the open handle, so a file swapped
in between is caught too. Too-big files are refused before a byte is read.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from digitpad.core.problems import Problem

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)


def check_regular(
    path: str | Path,
    limit: int,
    error: type[Problem] = Problem,
    too_big: Callable[[int], Problem] | None = None,
) -> int:
    """The size of ``path`` if it is an ordinary file of at most ``limit`` bytes; else raises ``error``
    (``too_big(size)`` for one that is too big). Follows symbolic links, as opening would."""
    path = Path(path)
    try:
        info = os.stat(path)
    except OSError as exc:
        raise error.from_os_error(exc, path) from None
    _refuse(info, path, limit, error, too_big)
    return info.st_size


def _refuse(info: os.stat_result, path: Path, limit: int, error, too_big) -> None:
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        raise error("is-a-folder", path=path)
    if stat.S_ISFIFO(mode):
        raise error("file-is-a-pipe", path=path)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise error("file-is-a-device", path=path)
    if not stat.S_ISREG(mode):
        raise error("file-is-special", path=path)  # a socket, a door, ...
    if info.st_size > limit:
        raise too_big(info.st_size) if too_big else error("file-too-big", path=path, size=info.st_size, limit=limit)


def open_regular(
    path: str | Path,
    limit: int,
    error: type[Problem] = Problem,
    too_big: Callable[[int], Problem] | None = None,
) -> BinaryIO:
    """``path`` opened for reading in binary, once it is known to be an ordinary file of at most ``limit``
    bytes. The caller closes it (``with open_regular(...) as f:``)."""
    path = Path(path)
    check_regular(path, limit, error, too_big)
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        raise error.from_os_error(exc, path) from None
    try:
        _refuse(os.fstat(fd), path, limit, error, too_big)  # the file opened is the file checked
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # an ordinary file: reads are plain reads again
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str | Path, limit: int, error: type[Problem] = Problem, too_big=None) -> bytes:
    """The whole of a checked ordinary file (at most ``limit`` bytes, whatever it grows to meanwhile)."""
    with open_regular(path, limit, error, too_big) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise too_big(len(data)) if too_big else error("file-too-big", path=Path(path), size=len(data), limit=limit)
    return data
