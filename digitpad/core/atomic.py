"""Writing a file so that a crash never leaves half of it, and sweeping up after a writer that was killed.

A save goes to a temporary file beside the target, is flushed to the disk and then renamed over the target
in one step: the target is always either the old file or the new one, complete. A process killed half-way
(kill -9, a power cut) leaves only its temporary file behind. Those are named
``.<target name>.<pid>.<random>.digitpad-partial<suffix>`` (the target's own suffix last, which Keras
insists on) -- digitpad's own by their name, with the writer's process id --
and ``remove_leftovers`` deletes those in digitpad's own folders once their writer has gone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from digitpad.core import limits

log = logging.getLogger(__name__)

SUFFIX = ".digitpad-partial"
_PARTIAL = re.compile(r"^\..+\.(\d+)\.[0-9a-f]{8}" + re.escape(SUFFIX) + r"(\.[A-Za-z0-9]{1,10})?$")
# Names of earlier versions' temporary files (.samples-XXXXXXXX.npz beside the handwriting store).
_EARLIER = re.compile(r"^\.samples-[A-Za-z0-9_]{8}\.npz$")


def partial_path(target: Path) -> Path:
    """A new, unused temporary name beside ``target`` (the file itself is created by the caller)."""
    token = os.urandom(5).hex()[:8]
    return target.with_name(f".{target.name}.{os.getpid()}.{token}{SUFFIX}{target.suffix}")


def write_atomically(target: str | Path, write: Callable[[BinaryIO], None], mode: int | None = None) -> Path:
    """Call ``write(file)`` on a temporary file beside ``target``, then put it in place of ``target``.

    The file gets ``mode`` (default: what the umask allows for an ordinary document). On any failure the
    temporary file is removed and ``target`` is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = partial_path(target)
    if mode is None:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    try:
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return target


def write_bytes(target: str | Path, data: bytes) -> Path:
    """``data`` as the whole of ``target``, written atomically (``write_atomically``)."""

    def write(f: BinaryIO) -> None:
        f.write(data)

    return write_atomically(target, write)


def replace_atomically(tmp: Path, target: Path) -> None:
    """Flush a finished temporary file to the disk and rename it over ``target``."""
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)


def _alive(pid: int) -> bool | None:
    """Whether process ``pid`` still runs; None where that cannot be asked safely (on Windows,
    ``os.kill`` would end the process)."""
    if sys.platform == "win32":
        return None
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


def is_leftover(path: Path, now: float | None = None) -> bool:
    """Whether ``path`` is a temporary file of digitpad's whose writer has gone."""
    match = _PARTIAL.match(path.name)
    if match is None and not _EARLIER.match(path.name):
        return False
    alive = _alive(int(match.group(1))) if match else None
    if alive is not None:
        return not alive
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except OSError:
        return False
    return age > limits.LEFTOVER_AGE_S


def remove_leftovers(folders: Iterable[Path], depth: int = 2) -> list[Path]:
    """Delete digitpad's leftover temporary files in ``folders`` and their subfolders (to ``depth``);
    returns what was removed. Never follows links, never touches a file of another name."""
    removed = []
    for folder in folders:
        removed += _sweep(Path(folder), depth)
    for path in removed:
        log.info("removed a leftover temporary file: %s", path)
    return removed


def _sweep(folder: Path, depth: int) -> list[Path]:
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if depth > 0:
                    removed += _sweep(Path(entry.path), depth - 1)
            elif entry.is_file(follow_symlinks=False) and is_leftover(Path(entry.path)):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
