"""MNIST-shaped datasets: 28x28 grey uint8 images with labels 0-9.

Reads a folder of the four standard IDX files (gzip-compressed or raw) or a Keras-style ``.npz``
(``x_train``, ``y_train``, ``x_test``, ``y_test``). Every fault gets a ``DatasetError`` whose code and
values name the file and what is wrong with it (``core/problems.py``), for the command line and the
window to word.
"""

from __future__ import annotations

import gzip
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core import resources
from digitpad.core.problems import Problem

IMAGE_SIZE = 28
NUM_CLASSES = 10
IDX_IMAGES_MAGIC = 0x00000803
IDX_LABELS_MAGIC = 0x00000801

# The standard names; "train-images.idx3-ubyte" (a dot) is the other spelling seen in the wild.
_IDX_STEMS = {
    "train_images": ("train-images-idx3-ubyte", "train-images.idx3-ubyte"),
    "train_labels": ("train-labels-idx1-ubyte", "train-labels.idx1-ubyte"),
    "test_images": ("t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"),
    "test_labels": ("t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"),
}


class DatasetError(Problem):
    """A dataset file is missing or malformed; the values name the file (``path``) and the fault."""


@dataclass(frozen=True)
class Split:
    images: np.ndarray  # (n, 28, 28) uint8, ink bright on black
    labels: np.ndarray  # (n,) uint8 in 0..9

    def __len__(self) -> int:
        return len(self.labels)

    def head(self, n: int) -> Split:
        return Split(self.images[:n], self.labels[:n])

    def subset(self, index: np.ndarray) -> Split:
        return Split(self.images[index], self.labels[index])


@dataclass(frozen=True)
class Dataset:
    train: Split
    test: Split
    name: str
    source: str

    def describe(self) -> str:
        return f"{self.name} ({len(self.train):,} train, {len(self.test):,} test)"


def _read_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DatasetError.from_os_error(exc, path) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            return gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as exc:
            raise DatasetError("corrupt-gzip", path=path, detail=str(exc)) from None
    return raw


def read_idx(path: Path, expect: str) -> np.ndarray:
    """Read one IDX file; ``expect`` is "images" or "labels"."""
    data = _read_bytes(path)
    if len(data) < 8:
        raise DatasetError("idx-too-short", path=path, size=len(data))
    (magic,) = struct.unpack(">I", data[:4])
    want_magic = IDX_IMAGES_MAGIC if expect == "images" else IDX_LABELS_MAGIC
    if magic != want_magic:
        code = "idx-images-wrong-magic" if expect == "images" else "idx-labels-wrong-magic"
        raise DatasetError(code, path=path, magic=magic, expected=want_magic)
    ndim = magic & 0xFF
    header_len = 4 + 4 * ndim
    if len(data) < header_len:
        raise DatasetError("idx-truncated-header", path=path)
    dims = struct.unpack(f">{ndim}I", data[4:header_len])
    if expect == "images" and tuple(dims[1:]) != (IMAGE_SIZE, IMAGE_SIZE):
        raise DatasetError("idx-wrong-image-size", path=path, size="x".join(map(str, dims[1:])))
    count = int(np.prod(dims))
    body = data[header_len:]
    if len(body) < count:
        raise DatasetError("idx-truncated", path=path, expected=count, got=len(body))
    return np.frombuffer(body, dtype=np.uint8, count=count).reshape(dims)


def _find_idx(folder: Path, key: str) -> Path:
    for stem in _IDX_STEMS[key]:
        for name in (stem + ".gz", stem):
            if (folder / name).exists():
                return folder / name
    return folder / (_IDX_STEMS[key][0] + ".gz")  # the name the error message will show


def _checked_split(images: np.ndarray, labels: np.ndarray, where: str) -> Split:
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DatasetError("images-wrong-shape", path=where, shape=images.shape)
    if labels.ndim != 1:
        raise DatasetError("labels-wrong-shape", path=where, shape=labels.shape)
    if len(images) != len(labels):
        raise DatasetError("count-mismatch", path=where, images=len(images), labels=len(labels))
    if len(labels) == 0:
        raise DatasetError("no-images", path=where)
    if labels.min() < 0 or labels.max() >= NUM_CLASSES:
        bad = labels[(labels < 0) | (labels >= NUM_CLASSES)][0]
        raise DatasetError("labels-out-of-range", path=where, label=bad.item())
    if images.dtype != np.uint8:
        if images.min() < 0 or images.max() > 255:
            raise DatasetError("pixels-out-of-range", path=where)
        images = images.astype(np.uint8)
    return Split(np.ascontiguousarray(images), labels.astype(np.uint8))


def load_idx_folder(folder: Path) -> Dataset:
    folder = Path(folder)
    if not folder.is_dir():
        raise DatasetError("folder-not-found", path=folder)
    parts = {}
    for key in _IDX_STEMS:
        path = _find_idx(folder, key)
        parts[key] = (path, read_idx(path, "images" if key.endswith("images") else "labels"))
    train = _checked_split(parts["train_images"][1], parts["train_labels"][1], str(parts["train_labels"][0]))
    test = _checked_split(parts["test_images"][1], parts["test_labels"][1], str(parts["test_labels"][0]))
    return Dataset(train, test, name=folder.name, source=str(folder))


def load_npz(path: Path) -> Dataset:
    path = Path(path)
    if not path.exists():
        raise DatasetError("file-not-found", path=path)
    try:
        # allow_pickle=False: a dataset is data, never code.
        with np.load(path, allow_pickle=False) as npz:
            missing = [k for k in ("x_train", "y_train", "x_test", "y_test") if k not in npz.files]
            if missing:
                raise DatasetError("npz-missing-arrays", path=path, names=", ".join(missing))
            arrays = {k: npz[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    except DatasetError:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, zlib.error) as exc:
        raise DatasetError("npz-unreadable", path=path, detail=str(exc)) from None
    train = _checked_split(arrays["x_train"], arrays["y_train"], f"{path} [x_train/y_train]")
    test = _checked_split(arrays["x_test"], arrays["y_test"], f"{path} [x_test/y_test]")
    return Dataset(train, test, name=path.stem, source=str(path))


def load_dataset(path: str | Path | None = None) -> Dataset:
    """Load a dataset from an IDX folder or an ``.npz``; ``None`` means the bundled MNIST."""
    if path is None:
        ds = load_idx_folder(resources.mnist_dir())
        return Dataset(ds.train, ds.test, name="MNIST", source="bundled")
    path = Path(path)
    if path.is_dir():
        return load_idx_folder(path)
    if path.suffix.lower() == ".npz":
        return load_npz(path)
    if not path.exists():
        raise DatasetError("path-not-found", path=path)
    raise DatasetError("not-a-dataset", path=path)


def validation_split(split: Split, fraction: float, seed: int) -> tuple[Split, Split]:
    """Hold out ``fraction`` of ``split`` for validation, shuffled reproducibly from ``seed``."""
    if not 0.0 <= fraction < 1.0:
        raise ValueError("validation fraction must be in [0, 1)")
    order = np.random.default_rng(seed).permutation(len(split))
    n_val = round(len(split) * fraction)
    return split.subset(np.sort(order[n_val:])), split.subset(np.sort(order[:n_val]))


def kfold_indices(n: int, k: int, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """k (train, validation) index pairs; every sample is validated exactly once."""
    order = np.random.default_rng(seed).permutation(n)
    folds = np.array_split(order, k)
    return [(np.sort(np.concatenate(folds[:i] + folds[i + 1 :])), np.sort(folds[i])) for i in range(k)]


def bootstrap_indices(n: int, seed: int) -> np.ndarray:
    """A bootstrap sample: n indices drawn with replacement."""
    return np.random.default_rng(seed).integers(0, n, size=n)
