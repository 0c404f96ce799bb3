"""Hostile files, made small on disk: bombs by compression (one deflate block repeated) or by their headers.

Every maker takes a folder and returns the path it wrote. Nothing here writes more than a few megabytes,
whatever the file claims to hold.
"""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import numpy as np

CHUNK = 1 << 24  # 16 MiB of zeros deflate to about 16 KB


@functools.cache
def _zero_block() -> bytes:
    block = zlib.compressobj(9, zlib.DEFLATED, -15)
    return block.compress(bytes(CHUNK)) + block.flush(zlib.Z_FULL_FLUSH)


def deflated_zeros(size: int) -> bytes:
    """Raw deflate data that unpacks to ``size`` zero bytes. One block, flushed so that it stands alone, is
    repeated: 2 GiB cost 2 MB and no time to make."""
    whole, rest = divmod(size, CHUNK)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15)
    return _zero_block() * whole + tail.compress(bytes(rest)) + tail.flush()


def write_zip(path: Path, entries: list[tuple[str, bytes, int, int]], fake_directory: tuple[int, int] | None = None):
    """A zip archive by hand: each entry is (name, stored data, declared unpacked size, method), with the
    sizes it declares taken as given. A compressed entry's checksum is left 0 (a bomb is refused before its
    data is checked; one read anyway fails its checksum)."""
    out = io.BytesIO()
    central = []
    for name, data, declared, method in entries:
        offset = out.tell()
        raw = name.encode()
        crc = zlib.crc32(data) if method == 0 else 0
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), declared, len(raw), 0))
        out.write(raw + data)
        fields = (0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), declared, len(raw), 0, 0, 0, 0, 0, offset)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", *fields) + raw)
    start = out.tell()
    for record in central:
        out.write(record)
    count, size = fake_directory or (len(central), out.tell() - start)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), size, start, 0))
    path.write_bytes(out.getvalue())
    return path


def npy_bytes(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, allow_pickle=True)
    return buffer.getvalue()


def npy_header(shape: tuple, dtype: str = "|u1") -> bytes:
    """Only the header of an .npy file declaring ``shape``: the data it promises is not there."""
    header = repr({"descr": dtype, "fortran_order": False, "shape": shape}).encode()
    header += b" " * (63 - (len(header) + 10) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header


# -- model files ------------------------------------------------------------------------------------------


def model_entries(source: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(source) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_model(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def model_with_config(folder: Path, source: Path, name: str, change) -> Path:
    """The shipped model with its config.json changed by ``change(config)``."""
    entries = model_entries(source)
    config = json.loads(entries["config.json"])
    change(config)
    entries["config.json"] = json.dumps(config).encode()
    return write_model(folder / name, entries)


def _layers(config: dict) -> list[dict]:
    return config["config"]["layers"]


def widen_dense(config: dict, units: int = 1_000_000) -> None:
    """Dense(units) where the tutorial has Dense(64), with the next layer's declared input to match."""
    layers = _layers(config)
    for index, layer in enumerate(layers):
        if layer["class_name"] == "Dense" and layer["config"]["units"] == 64:
            layer["config"]["units"] = units
            after = next(x for x in layers[index + 1 :] if x["class_name"] == "Dense")
            after["build_config"]["input_shape"][-1] = units
            return


def widen_conv(config: dict, filters: int = 100_000) -> None:
    next(x for x in _layers(config) if x["class_name"] == "Conv2D")["config"]["filters"] = filters


def long_keras_message(config: dict) -> None:
    """An activation Keras does not know, named in 9,000 characters over many lines: its error is a page."""
    next(x for x in _layers(config) if x["class_name"] == "Dense")["config"]["activation"] = ("x" * 90 + "\n") * 100


def metadata_bomb(folder: Path, source: Path, size: int = 2 << 30) -> Path:
    """digitpad.json unpacking to ``size`` bytes (2 GiB), in a 2 MB file."""
    entries = [(n, d, len(d), 0) for n, d in model_entries(source).items() if n != "digitpad.json"]
    entries.append(("digitpad.json", deflated_zeros(size), size, 8))
    return write_zip(folder / "metadata-bomb.keras", entries)


def config_bomb(folder: Path, source: Path, size: int = 1 << 30) -> Path:
    entries = [(n, d, len(d), 0) for n, d in model_entries(source).items() if n != "config.json"]
    entries.insert(0, ("config.json", deflated_zeros(size), size, 8))
    return write_zip(folder / "config-bomb.keras", entries)


def lying_metadata(folder: Path, source: Path) -> Path:
    """digitpad.json declares 1 KB but unpacks to 64 MB: reading must stop at what is declared."""
    entries = [(n, d, len(d), 0) for n, d in model_entries(source).items() if n != "digitpad.json"]
    entries.append(("digitpad.json", deflated_zeros(64 << 20), 1024, 8))
    return write_zip(folder / "lying-metadata.keras", entries)


def weights_bomb(folder: Path, source: Path) -> Path:
    """model.weights.h5 whose dense kernel declares 4 GB of gzip-compressed data that was never written."""
    import h5py

    entries = model_entries(source)
    buffer = io.BytesIO(entries["model.weights.h5"])
    with h5py.File(buffer, "a") as weights:
        del weights["layers/dense/vars/0"]
        weights["layers/dense/vars"].create_dataset(
            "0", shape=(1_000_000_000,), dtype="f4", chunks=(1 << 20,), compression="gzip"
        )
    entries["model.weights.h5"] = buffer.getvalue()
    return write_model(folder / "weights-bomb.keras", entries)


def with_metadata(folder: Path, source: Path, name: str, **values) -> Path:
    entries = model_entries(source)
    meta = json.loads(entries["digitpad.json"])
    meta.update(values)
    entries["digitpad.json"] = json.dumps(meta).encode()
    return write_model(folder / name, entries)


def directory_lie(folder: Path) -> Path:
    """An archive whose end record promises 10 million entries in a 500 MB directory."""
    return write_zip(folder / "directory-lie.keras", [("config.json", b"{}", 2, 0)], fake_directory=(70_000, 500 << 20))


def many_entries(folder: Path, count: int = 70) -> Path:
    return write_zip(folder / "many-entries.keras", [(f"e{i}", b"", 0, 0) for i in range(count)])


def sparse_file(folder: Path, name: str, size: int) -> Path:
    """A file of ``size`` bytes that takes nothing on disk."""
    path = folder / name
    with open(path, "wb") as f:
        f.truncate(size)
    return path


def pipe(folder: Path, name: str) -> Path:
    path = folder / name
    os.mkfifo(path)
    return path


# -- data sets ------------------------------------------------------------------------------------------


def npz(folder: Path, name: str, **arrays) -> Path:
    path = folder / name
    np.savez(path, **arrays)
    return path


def small_arrays(n_train: int = 300, n_test: int = 100, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, (n_train, 28, 28), dtype=np.uint8),
        "y_train": rng.integers(0, 10, n_train).astype(np.uint8),
        "x_test": rng.integers(0, 256, (n_test, 28, 28), dtype=np.uint8),
        "y_test": rng.integers(0, 10, n_test).astype(np.uint8),
    }


def npz_bomb(folder: Path, size: int = 700 << 20) -> Path:
    """x_train unpacks to 700 MB of zeros (with an .npy header promising exactly that), in 700 KB."""
    arrays = small_arrays()
    header = npy_header((size // 784, 28, 28))
    data = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = data.compress(header) + data.flush(zlib.Z_FULL_FLUSH)
    entries = [("x_train.npy", start + deflated_zeros(size - size % 784), len(header) + size - size % 784, 8)]
    entries += [(f"{k}.npy", npy_bytes(v), len(npy_bytes(v)), 0) for k, v in arrays.items() if k != "x_train"]
    return write_zip(folder / "npz-bomb.npz", entries)


def npz_header_lie(folder: Path) -> Path:
    """x_train's header declares a billion images; the entry holds none of them."""
    arrays = small_arrays()
    header = npy_header((1_000_000_000, 28, 28))
    entries = [("x_train.npy", header, len(header), 0)]
    entries += [(f"{k}.npy", npy_bytes(v), len(npy_bytes(v)), 0) for k, v in arrays.items() if k != "x_train"]
    return write_zip(folder / "npz-header-lie.npz", entries)


def npz_objects(folder: Path) -> Path:
    arrays = small_arrays()
    arrays["y_train"] = np.array([{"label": 1}] * 300, dtype=object)
    entries = [(f"{k}.npy", npy_bytes(v), len(npy_bytes(v)), 0) for k, v in arrays.items()]
    return write_zip(folder / "npz-objects.npz", entries)


def idx_folder(folder: Path, mnist_dir: Path, images_header: tuple[int, ...], body_bytes: int) -> Path:
    """An IDX folder: the real test files, and training images whose header says ``images_header`` and
    whose gzip stream unpacks to ``body_bytes`` of zeros after it (gzip members repeated: small on disk)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-labels-idx1-ubyte.gz"):
        shutil.copy(mnist_dir / name, folder / name)
    head = struct.pack(">I", 0x803) + b"".join(struct.pack(">I", d) for d in images_header)
    member = zlib.compressobj(9, zlib.DEFLATED, 31)  # a gzip member of 16 MiB of zeros
    zeros = member.compress(bytes(CHUNK)) + member.flush()
    first = zlib.compressobj(9, zlib.DEFLATED, 31)
    stream = first.compress(head) + first.flush() + zeros * (body_bytes // CHUNK)
    (folder / "train-images-idx3-ubyte.gz").write_bytes(stream)
    return folder


# -- handwriting files ----------------------------------------------------------------------------------


def handwriting_bomb(folder: Path, members: int = 16, size: int = 313 << 20) -> Path:
    """16 members of 313 MB each (5 GB in all, each under a per-member cap), in about 5 MB."""
    entries = [(f"junk{i}.npy", deflated_zeros(size), size, 8) for i in range(members)]
    x, y = np.zeros((3, 28, 28), np.uint8), np.array([1, 2, 3], np.uint8)
    entries += [("x.npy", npy_bytes(x), len(npy_bytes(x)), 0), ("y.npy", npy_bytes(y), len(npy_bytes(y)), 0)]
    return write_zip(folder / "handwriting-bomb.npz", entries)


# -- images ---------------------------------------------------------------------------------------------


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG declaring ``width`` x ``height`` 8-bit grey pixels, holding one row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    row = zlib.compress(b"\0" * (1 + width))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", row) + chunk(b"IEND", b""))
    return path
