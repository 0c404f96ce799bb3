"""Arrays from an ``.npz`` file (a zip of ``.npy`` files) that someone gave digitpad, checked before unpacking.

Shared by data sets (``x_train``, ...) and handwriting files (``x``, ``y``, ...). Only the arrays asked for
are read; each one's ``.npy`` header is read first and its declared shape, type and size checked against
the caps (and against the size the zip entry declares), so a file promising terabytes, holding pickled
Python objects or a compression bomb is refused before anything is unpacked. Never unpickles.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core import archive, limits
from digitpad.core.problems import Problem, short_detail


@dataclass(frozen=True)
class Caps:
    """What one kind of .npz file may hold."""

    file_bytes: int  # on disk
    unpacked_bytes: int  # every entry together, as declared
    array_bytes: int  # one array's data
    entries: int  # rows of one array (images, labels, ...)


def _npy_header(fp, where: str, error: type[Problem]) -> tuple[tuple[int, ...], np.dtype]:
    """Shape and dtype from an .npy header, without reading the data."""
    fmt = np.lib.format
    try:
        version = fmt.read_magic(fp)
        if version == (1, 0):
            shape, _, dtype = fmt.read_array_header_1_0(fp, max_header_size=limits.NPY_HEADER_BYTES)
        elif version in ((2, 0), (3, 0)):
            shape, _, dtype = fmt.read_array_header_2_0(fp, max_header_size=limits.NPY_HEADER_BYTES)
        else:
            raise ValueError(f"unknown .npy version {version}")
    except archive.DAMAGED as exc:
        raise error("npy-not-plain", path=where, detail=short_detail(exc)) from None
    if dtype.hasobject or dtype.fields is not None:
        raise error("npy-objects", path=where)
    return tuple(int(d) for d in shape), dtype


def _read_one(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, caps: Caps, error) -> np.ndarray:
    with zf.open(info) as fp:
        shape, dtype = _npy_header(fp, where, error)
        header_end = fp.tell()
    need = math.prod(shape) * dtype.itemsize  # Python ints: a hostile shape cannot wrap around
    if shape and shape[0] > caps.entries:
        raise error("too-many-entries", path=where, count=shape[0], limit=caps.entries)
    if need + header_end != info.file_size:
        raise error("npy-size-mismatch", path=where, expected=need, got=info.file_size - header_end)
    if need > caps.array_bytes:
        limit = round(archive.mb(caps.array_bytes))
        raise error("archive-entry-too-big", path=where, megabytes=archive.mb(need), limit=limit)
    with zf.open(info) as fp:
        return np.lib.format.read_array(fp, allow_pickle=False, max_header_size=limits.NPY_HEADER_BYTES)


def read_arrays(path: str | Path, names: tuple[str, ...], caps: Caps, error: type[Problem], too_big=None) -> dict:
    """The arrays of ``names`` the file holds (a missing one is simply absent), each checked first.

    Raises ``error`` with the file named: "npz-unreadable" for a file that is no readable .npz, and the
    codes of ``archive`` and of the checks above for a hostile one.
    """
    path = Path(path)
    arrays = {}
    faults = archive.Faults(
        path,
        error,
        not_zip=lambda: error("npz-unreadable", path=path, detail="not a zip archive"),
        unreadable=lambda detail: error("npz-unreadable", path=path, detail=detail),
        too_big=too_big,
    )
    with archive.open_archive(faults, caps.file_bytes, caps.unpacked_bytes) as zf:
        entries = {info.filename.removesuffix(".npy"): info for info in zf.infolist()}
        try:
            for name in names:
                if name in entries:
                    arrays[name] = _read_one(zf, entries[name], f"{path} [{name}]", caps, error)
        except Problem:
            raise
        except archive.DAMAGED as exc:
            raise error("npz-unreadable", path=path, detail=short_detail(exc)) from None
    return arrays
