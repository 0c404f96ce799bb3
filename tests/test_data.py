import gzip
import struct

import numpy as np
import pytest

from digitpad.core import data
from digitpad.core.data import DatasetError, load_dataset, load_idx_folder, load_npz


def write_idx(path, array, magic, compress=True):
    header = struct.pack(">I", magic) + b"".join(struct.pack(">I", d) for d in array.shape)
    payload = header + array.astype(np.uint8).tobytes()
    path.write_bytes(gzip.compress(payload) if compress else payload)


def make_folder(tmp_path, compress=True, size=28, labels=None):
    """A folder of the four IDX files: 20 random training images and 10 test images (or the labels given)."""
    n_train, n_test = 20, 10
    rng = np.random.default_rng(0)
    ext = ".gz" if compress else ""
    write_idx(tmp_path / f"train-images-idx3-ubyte{ext}", rng.integers(0, 256, (n_train, size, size)), 0x803, compress)
    write_idx(
        tmp_path / f"train-labels-idx1-ubyte{ext}",
        labels if labels is not None else rng.integers(0, 10, n_train),
        0x801,
        compress,
    )
    write_idx(tmp_path / f"t10k-images-idx3-ubyte{ext}", rng.integers(0, 256, (n_test, size, size)), 0x803, compress)
    write_idx(tmp_path / f"t10k-labels-idx1-ubyte{ext}", rng.integers(0, 10, n_test), 0x801, compress)
    return tmp_path


def test_bundled_mnist_is_the_real_one(mnist):
    assert mnist.train.images.shape == (60000, 28, 28) and mnist.test.images.shape == (10000, 28, 28)
    assert mnist.train.images.dtype == np.uint8
    # Label counts from the MNIST README.
    assert np.bincount(mnist.train.labels).tolist() == [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
    assert np.bincount(mnist.test.labels).tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


@pytest.mark.parametrize("compress", [True, False])
def test_idx_folder_gz_and_raw(tmp_path, compress):
    ds = load_idx_folder(make_folder(tmp_path, compress=compress))
    assert len(ds.train) == 20 and len(ds.test) == 10


def test_npz_round_trip(tmp_path, mnist):
    path = tmp_path / "mnist.npz"
    np.savez(
        path,
        x_train=mnist.train.images[:50],
        y_train=mnist.train.labels[:50],
        x_test=mnist.test.images[:20],
        y_test=mnist.test.labels[:20],
    )
    ds = load_dataset(path)
    assert np.array_equal(ds.train.images, mnist.train.images[:50])
    assert np.array_equal(ds.test.labels, mnist.test.labels[:20])


def test_missing_folder_and_file(tmp_path):
    with pytest.raises(DatasetError, match="not found"):
        load_dataset(tmp_path / "nope")
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(b"")
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte.gz: too short"):
        load_idx_folder(tmp_path)
    make_folder(tmp_path)
    (tmp_path / "t10k-labels-idx1-ubyte.gz").unlink()
    with pytest.raises(DatasetError, match=r"t10k-labels-idx1-ubyte.gz: file not found"):
        load_idx_folder(tmp_path)


def test_wrong_magic_names_the_file(tmp_path):
    make_folder(tmp_path)
    # Labels where images belong.
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes((tmp_path / "train-labels-idx1-ubyte.gz").read_bytes())
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte.gz: wrong magic number 0x00000801"):
        load_idx_folder(tmp_path)


def test_truncated_and_corrupt_gzip(tmp_path):
    make_folder(tmp_path)
    f = tmp_path / "train-images-idx3-ubyte.gz"
    raw = f.read_bytes()
    f.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DatasetError, match="truncated or corrupt gzip"):
        load_idx_folder(tmp_path)
    f.write_bytes(raw[:10] + bytes(len(raw) - 10))
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte\.gz: truncated or corrupt gzip"):
        load_idx_folder(tmp_path)


def test_truncated_data_after_header(tmp_path):
    make_folder(tmp_path, compress=False)
    f = tmp_path / "t10k-images-idx3-ubyte"
    f.write_bytes(f.read_bytes()[:-100])
    with pytest.raises(DatasetError, match=r"t10k-images-idx3-ubyte: truncated: the header promises 7,840 bytes"):
        load_idx_folder(tmp_path)


def test_count_mismatch(tmp_path):
    make_folder(tmp_path, labels=np.zeros(19))
    with pytest.raises(DatasetError, match="20 images but 19 labels"):
        load_idx_folder(tmp_path)


def test_wrong_image_size(tmp_path):
    make_folder(tmp_path, size=32)
    with pytest.raises(DatasetError, match="images are 32x32, digitpad needs 28x28"):
        load_idx_folder(tmp_path)


def test_label_out_of_range(tmp_path):
    labels = np.zeros(20)
    labels[5] = 12
    make_folder(tmp_path, labels=labels)
    with pytest.raises(DatasetError, match="label 12 out of range"):
        load_idx_folder(tmp_path)


def test_npz_faults(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"this is not a zip")
    with pytest.raises(DatasetError, match=r"bad\.npz: not a readable \.npz"):
        load_npz(bad)
    part = tmp_path / "part.npz"
    np.savez(part, x_train=np.zeros((2, 28, 28), np.uint8))
    with pytest.raises(DatasetError, match="missing arrays y_train, x_test, y_test"):
        load_npz(part)
    pickled = tmp_path / "pickled.npz"
    np.savez(
        pickled,
        x_train=np.array([object()], dtype=object),
        y_train=np.zeros(1),
        x_test=np.zeros((1, 28, 28)),
        y_test=np.zeros(1),
    )
    with pytest.raises(DatasetError, match=r"pickled\.npz"):
        load_npz(pickled)


def test_validation_split_is_reproducible(mnist):
    split = mnist.train.head(1000)
    a_train, a_val = data.validation_split(split, 0.1, seed=3)
    _, b_val = data.validation_split(split, 0.1, seed=3)
    _, c_val = data.validation_split(split, 0.1, seed=4)
    assert len(a_val) == 100 and len(a_train) == 900
    assert np.array_equal(a_val.images, b_val.images)
    assert not np.array_equal(a_val.images, c_val.images)


def test_kfold_covers_every_sample_once():
    folds = data.kfold_indices(103, 5, seed=1)
    validated = np.concatenate([va for _, va in folds])
    assert sorted(validated.tolist()) == list(range(103))
    for tr, va in folds:
        assert not set(tr) & set(va) and len(tr) + len(va) == 103


def test_bootstrap_draws_with_replacement():
    idx = data.bootstrap_indices(1000, seed=0)
    assert len(idx) == 1000 and 550 < len(np.unique(idx)) < 720  # about 63% unique


def _npz_with(tmp_path, name, **changes):
    rng = np.random.default_rng(1)
    arrays = {
        "x_train": rng.integers(0, 256, (30, 28, 28)).astype(np.uint8),
        "y_train": rng.integers(0, 10, 30).astype(np.uint8),
        "x_test": rng.integers(0, 256, (10, 28, 28)).astype(np.uint8),
        "y_test": rng.integers(0, 10, 10).astype(np.uint8),
    }
    np.savez(tmp_path / name, **(arrays | changes))
    return tmp_path / name, arrays


def test_values_are_converted_only_when_exact(tmp_path):
    """Any integer or float type whose every value is a whole pixel (0..255) or digit (0..9) converts."""
    rng = np.random.default_rng(2)
    x = rng.integers(0, 256, (30, 28, 28))
    y = rng.integers(0, 10, 30)
    path, _ = _npz_with(tmp_path, "exact.npz", x_train=x.astype(np.float64), y_train=y.astype(np.float32))
    train = load_npz(path).train
    assert train.images.dtype == np.uint8 and np.array_equal(train.images, x)
    assert train.labels.dtype == np.uint8 and np.array_equal(train.labels, y)
    path, _ = _npz_with(tmp_path, "ints.npz", x_train=x.astype(np.int64), y_train=y.astype(np.int16))
    assert np.array_equal(load_npz(path).train.images, x)


@pytest.mark.parametrize(
    "changes, fault",
    [
        ({"x_train": np.full((30, 28, 28), 0.5, np.float32)}, "images are float32 between 0 and 1"),
        ({"x_train": np.full((30, 28, 28), 2.5)}, "images are float64 with values that are not whole numbers"),
        ({"x_train": np.full((30, 28, 28), np.nan)}, "pixel values outside 0..255"),
        ({"x_train": np.full((30, 28, 28), 300, np.int16)}, "pixel values outside 0..255"),
        ({"x_train": np.ones((30, 28, 28), bool)}, "images are bool; a data set's pixels must be whole numbers"),
        ({"y_train": np.full(30, 1.5)}, "labels are float64; they must be whole numbers 0 to 9"),
        ({"y_train": np.ones(30, bool)}, "labels are bool; they must be whole numbers 0 to 9"),
        ({"y_train": np.array(["3"] * 30)}, "labels are <U1; they must be whole numbers 0 to 9"),
        ({"y_train": np.full(30, 10.0)}, "label 10 out of range"),
    ],
)
def test_values_that_would_need_a_guess_are_refused(tmp_path, changes, fault):
    path, _ = _npz_with(tmp_path, "bad.npz", **changes)
    with pytest.raises(DatasetError) as caught:
        load_npz(path)
    assert str(caught.value).startswith(f"{path} [x_train/y_train]: ") and fault in str(caught.value)


def test_the_data_rules_are_in_the_help():
    from digitpad.cli import build_parser

    train = build_parser()._subparsers._group_actions[0].choices["train"]
    assert "floats between 0 and 1 are refused" in " ".join(train.format_help().split())


def test_an_idx_header_is_checked_before_its_data_is_read(tmp_path, monkeypatch):
    from digitpad.core import limits

    folder = make_folder(tmp_path)
    monkeypatch.setattr(limits, "DATASET_IMAGES", 15)
    with pytest.raises(DatasetError, match=r"train-images-idx3-ubyte\.gz: 20 entries; at most 15 are accepted"):
        load_idx_folder(folder)


def test_a_gzip_stream_is_read_only_as_far_as_its_header_promises(tmp_path):
    """Ten images declared, a gigabyte of zeros after them (gzip members repeated): only the ten are read."""
    folder = make_folder(tmp_path)
    images = np.random.default_rng(3).integers(0, 256, (20, 28, 28), dtype=np.uint8)
    head = struct.pack(">IIII", 0x803, 20, 28, 28)
    zeros = gzip.compress(bytes(1 << 24), compresslevel=1)
    (folder / "train-images-idx3-ubyte.gz").write_bytes(gzip.compress(head + images.tobytes()) + zeros * 64)
    assert np.array_equal(load_idx_folder(folder).train.images, images)


def test_a_named_pipe_is_refused_without_waiting(tmp_path):
    if not hasattr(__import__("os"), "mkfifo"):
        pytest.skip("named pipes are a POSIX thing")
    import os

    os.mkfifo(tmp_path / "data.npz")
    with pytest.raises(DatasetError, match="a named pipe, not a file"):
        load_dataset(tmp_path / "data.npz")
