"""MNIST-shaped datasets: 28x28 grey uint8 images with labels 0-9.

Reads a folder of the four standard IDX files (gzip-compressed or raw) or a Keras-style ``.npz``
(``x_train``, ``y_train``, ``x_test``, ``y_test``). Every fault gets a ``DatasetError`` whose code and
values name the file and what is wrong with it (``core/problems.py``), for the command line and the
window to word. Sizes are checked against ``core/limits.py`` before anything is read or unpacked, and
values are converted only when exact (``DATA_RULES``, which ``digitpad train --help`` repeats).
"""

from __future__ import annotations

import gzip
import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core import limits, npzfile, resources
from digitpad.core.inputfiles import open_regular
from digitpad.core.problems import Problem, short_detail

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


# What a data set's arrays must hold, in the words of ``--help``.
DATA_RULES = (
    "Pixels must be whole numbers from 0 to 255 (uint8 is best; other integer or float types are converted "
    "only when every value is one; floats between 0 and 1 are refused: multiply them by 255). Labels must be "
    "whole numbers from 0 to 9 (floats only when every value is whole; true/false and text are refused)."
)


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


def _idx_body(stream, path: Path, expect: str) -> np.ndarray:
    """The array of an IDX stream, its header checked before the data is read (a header may promise
    billions of images; a gzip stream may unpack to far more than its header says: only what the header
    promises is ever unpacked)."""
    head = stream.read(4)
    if len(head) < 4:
        raise DatasetError("idx-too-short", path=path, size=len(head))
    (magic,) = struct.unpack(">I", head)
    want_magic = IDX_IMAGES_MAGIC if expect == "images" else IDX_LABELS_MAGIC
    if magic != want_magic:
        code = "idx-images-wrong-magic" if expect == "images" else "idx-labels-wrong-magic"
        raise DatasetError(code, path=path, magic=magic, expected=want_magic)
    ndim = magic & 0xFF
    raw_dims = stream.read(4 * ndim)
    if len(raw_dims) < 4 * ndim:
        raise DatasetError("idx-truncated-header", path=path)
    dims = struct.unpack(f">{ndim}I", raw_dims)
    if expect == "images" and tuple(dims[1:]) != (IMAGE_SIZE, IMAGE_SIZE):
        raise DatasetError("idx-wrong-image-size", path=path, size="x".join(map(str, dims[1:])))
    if dims[0] > limits.DATASET_IMAGES:
        raise DatasetError("too-many-entries", path=path, count=dims[0], limit=limits.DATASET_IMAGES)
    count = math.prod(dims)
    body = stream.read(count)
    if len(body) < count:
        raise DatasetError("idx-truncated", path=path, expected=count, got=len(body))
    return np.frombuffer(body, dtype=np.uint8, count=count).reshape(dims)


def read_idx(path: Path, expect: str) -> np.ndarray:
    """Read one IDX file, raw or gzip-compressed; ``expect`` is "images" or "labels"."""
    path = Path(path)
    with open_regular(path, limits.DATASET_FILE_BYTES, DatasetError) as f:
        try:
            gzipped = f.read(2) == b"\x1f\x8b"
            f.seek(0)
            if not gzipped:
                return _idx_body(f, path, expect)
            with gzip.GzipFile(fileobj=f) as stream:
                return _idx_body(stream, path, expect)
        except DatasetError:
            raise
        except (EOFError, OSError, zlib.error) as exc:
            if gzipped or not isinstance(exc, OSError):
                raise DatasetError("corrupt-gzip", path=path, detail=short_detail(exc)) from None
            raise DatasetError.from_os_error(exc, path) from None


def _find_idx(folder: Path, key: str) -> Path:
    for stem in _IDX_STEMS[key]:
        for name in (stem + ".gz", stem):
            if (folder / name).exists():
                return folder / name
    return folder / (_IDX_STEMS[key][0] + ".gz")  # the name the error message will show


def exact_pixels(images: np.ndarray, where: str, chunk: int = 8192) -> np.ndarray:
    """``images`` as uint8, converted only when exact: whole numbers from 0 to 255 of any integer or float
    type. Floats between 0 and 1 are refused rather than guessed at (scaled 0..1 data read as 0..255
    would train on black images), as are booleans and text. Works in chunks, so a float64 array costs
    little more than itself."""
    kind = images.dtype.kind
    if images.dtype == np.uint8:
        return np.ascontiguousarray(images)
    if kind not in "uif":
        raise DatasetError("dataset-images-wrong-type", path=where, dtype=str(images.dtype))
    if kind == "f" and len(images):
        peak = 0.0
        for start in range(0, len(images), chunk):
            part = images[start : start + chunk]
            if not np.isfinite(part).all():
                raise DatasetError("pixels-out-of-range", path=where)
            peak = max(peak, float(part.max(initial=0.0)))
        if peak <= 1.0:
            raise DatasetError("dataset-images-unit-range", path=where, dtype=str(images.dtype))
    out = np.empty(images.shape, np.uint8)
    for start in range(0, len(images), chunk):
        part = images[start : start + chunk]
        if kind == "f" and not np.array_equal(part, np.rint(part)):
            raise DatasetError("dataset-images-not-whole", path=where, dtype=str(images.dtype))
        if part.size and (part.min() < 0 or part.max() > 255):
            raise DatasetError("pixels-out-of-range", path=where)
        out[start : start + chunk] = part
    return out


def exact_labels(labels: np.ndarray, where: str) -> np.ndarray:
    """``labels`` as uint8 digits: whole numbers 0 to 9 of an integer type, or of a float type when every
    value is exactly whole; booleans, text and fractions are refused."""
    kind = labels.dtype.kind
    exact_floats = kind == "f" and bool(np.isfinite(labels).all()) and np.array_equal(labels, np.rint(labels))
    whole = kind in "ui" or exact_floats
    if not whole:
        raise DatasetError("labels-not-whole", path=where, dtype=str(labels.dtype))
    bad = labels[(labels < 0) | (labels >= NUM_CLASSES)]
    if len(bad):
        value = bad[0].item()
        raise DatasetError("labels-out-of-range", path=where, label=int(value) if kind == "f" else value)
    return labels.astype(np.uint8)


def _checked_split(images: np.ndarray, labels: np.ndarray, where: str) -> Split:
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DatasetError("images-wrong-shape", path=where, shape=images.shape)
    if labels.ndim != 1:
        raise DatasetError("labels-wrong-shape", path=where, shape=labels.shape)
    if len(images) != len(labels):
        raise DatasetError("count-mismatch", path=where, images=len(images), labels=len(labels))
    if len(labels) == 0:
        raise DatasetError("no-images", path=where)
    labels = exact_labels(labels, where)
    return Split(exact_pixels(images, where), labels)


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


NPZ_ARRAYS = ("x_train", "y_train", "x_test", "y_test")


def load_npz(path: Path) -> Dataset:
    path = Path(path)
    caps = npzfile.Caps(
        file_bytes=limits.DATASET_FILE_BYTES,
        unpacked_bytes=limits.DATASET_UNPACKED_BYTES,
        array_bytes=limits.DATASET_ARRAY_BYTES,
        entries=limits.DATASET_IMAGES,
    )
    arrays = npzfile.read_arrays(path, NPZ_ARRAYS, caps, DatasetError)  # data, never code: no pickle
    missing = [k for k in NPZ_ARRAYS if k not in arrays]
    if missing:
        raise DatasetError("npz-missing-arrays", path=path, names=", ".join(missing))
    train = _checked_split(arrays.pop("x_train"), arrays.pop("y_train"), f"{path} [x_train/y_train]")
    test = _checked_split(arrays.pop("x_test"), arrays.pop("y_test"), f"{path} [x_test/y_test]")
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
