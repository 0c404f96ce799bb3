"""The student's own digits: a store that survives restarts, strict imports, and fine-tuning on them."""

import io
import pickle
import zipfile

import numpy as np
import pytest

from digitpad.core import limits
from digitpad.core.data import DatasetError, Split
from digitpad.core.handwriting import FORMAT, HandwritingStore, accuracy_on, fine_tune, read_handwriting
from digitpad.core.reporting import Reporter


def digit(value: int) -> np.ndarray:
    """A distinct 28x28 float image per value, like preprocess's output."""
    img = np.zeros((28, 28), np.float32)
    img[4 + value % 20, 3:25] = 1.0
    img[5:23, 4 + value // 20 % 20] = 0.5
    return img


@pytest.fixture
def store(tmp_path):
    s = HandwritingStore(tmp_path / "mine")
    for i, label in enumerate([7, 7, 1, 3, 9]):
        s.add(digit(i), label)
    return s


def test_the_store_persists_across_instances(store, tmp_path):
    again = HandwritingStore(tmp_path / "mine")
    assert len(again) == 5
    split = again.samples()
    assert split.images.dtype == np.uint8 and split.images.shape == (5, 28, 28)
    assert split.labels.tolist() == [7, 7, 1, 3, 9]
    assert split.images[0].max() == 255 and split.images[0][5, 4] == 128  # 0.5 -> 128
    assert again.counts().tolist() == [0, 1, 0, 1, 0, 0, 0, 2, 0, 1]
    assert again.created().dtype == np.float64 and np.all(np.diff(again.created()) >= 0)
    with np.load(store.path, allow_pickle=False) as npz:
        assert set(npz.files) == {"x", "y", "created", "format"}
    assert list((tmp_path / "mine").iterdir()) == [store.path]  # no temporary files left behind


def test_a_store_in_the_user_data_folder_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path))
    s = HandwritingStore()
    s.add(digit(0), 4)
    assert (tmp_path / "handwriting" / "samples.npz").is_file()
    assert len(HandwritingStore()) == 1


def test_delete(store, tmp_path):
    store.delete(1)
    store.delete_many([0, 3])
    assert store.samples().labels.tolist() == [1, 3]
    assert HandwritingStore(tmp_path / "mine").samples().labels.tolist() == [1, 3]
    with pytest.raises(IndexError):
        store.delete(5)
    assert len(store) == 2


@pytest.mark.parametrize(
    "image, label, fault",
    [
        (np.zeros((20, 20)), 3, "28x28"),
        (np.zeros((28, 28)), 10, "digit 0 to 9"),
        (np.zeros((28, 28)), True, "digit"),
    ],
)
def test_add_refuses_bad_samples(store, image, label, fault):
    with pytest.raises(ValueError, match=fault):
        store.add(image, label)
    assert len(store) == 5


def test_export_then_import_round_trips(store, tmp_path):
    path = store.export(tmp_path / "class-7b")
    assert path.name == "class-7b.npz"
    with np.load(path, allow_pickle=False) as npz:
        assert npz["x"].dtype == np.uint8 and npz["x"].shape == (5, 28, 28)
        assert npz["y"].tolist() == [7, 7, 1, 3, 9] and str(npz["format"]) == FORMAT
    other = HandwritingStore(tmp_path / "other")
    other.add(digit(10), 0)
    assert other.import_file(path) == 5
    assert other.samples().labels.tolist() == [0, 7, 7, 1, 3, 9]
    assert np.array_equal(other.samples().images[1:], store.samples().images)
    assert np.array_equal(other.created()[1:], store.created())
    assert other.import_file(path) == 0  # the same drawings twice are not pooled twice
    assert other.import_file(path, merge=False) == 5 and len(other) == 5
    assert len(HandwritingStore(tmp_path / "other")) == 5


def test_a_hand_made_keras_style_file_imports(tmp_path, store):
    path = tmp_path / "hand.npz"
    np.savez(path, x=np.stack([digit(i) for i in range(3)]).astype(np.float64), y=np.array([4, 5, 6], np.int64))
    assert store.import_file(path) == 3
    assert store.samples().labels.tolist()[-3:] == [4, 5, 6]


def _npz(tmp_path, name="bad.npz", **arrays) -> str:
    path = tmp_path / name
    np.savez(path, **arrays)
    return str(path)


def _pickled(tmp_path):
    path = tmp_path / "pickled.npz"
    np.savez(path, x=np.array([{"evil": 1}, None], dtype=object), y=np.array([1, 2]))
    return str(path)


def _huge_declared_member(tmp_path):
    """A tiny zip whose directory claims its member unpacks to 4 GB."""
    path = tmp_path / "bomb-declared.npz"
    good = io.BytesIO()
    np.save(good, np.zeros((2, 28, 28), np.uint8))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("x.npy", good.getvalue())
        zf.writestr("y.npy", good.getvalue())
    raw = bytearray(path.read_bytes())
    central = raw.index(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    return str(path)


def _encrypted(tmp_path):
    """A zip whose entries claim to be password-protected."""
    path = tmp_path / "locked.npz"
    np.savez(path, x=X3, y=np.array([1, 2, 3]))
    raw = bytearray(path.read_bytes())
    start = 0
    while (start := raw.find(b"PK\x01\x02", start)) >= 0:
        raw[start + 8] |= 1  # the "encrypted" flag of each central directory record
        start += 4
    path.write_bytes(bytes(raw))
    return str(path)


def _compression_bomb(tmp_path):
    """150,000 black images: 117 MB of zeros squeezed into a small file."""
    path = tmp_path / "bomb.npz"
    np.savez_compressed(path, x=np.zeros((150_000, 28, 28), np.uint8), y=np.zeros(150_000, np.uint8))
    return str(path)


def _lying_header(tmp_path, n=1_000_000_000, shape=(28, 28)):
    """An .npy header promising ``n`` images over a few bytes of data."""
    path = tmp_path / "liar.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "|u1", "fortran_order": False, "shape": (n, *shape)})
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x.npy", header.getvalue() + b"\0" * 64)
        zf.writestr("y.npy", header.getvalue())
    return str(path)


def _truncated(tmp_path, store):
    full = store.export(tmp_path / "full.npz").read_bytes()
    path = tmp_path / "truncated.npz"
    path.write_bytes(full[: len(full) // 2])
    return str(path)


def _text(tmp_path):
    path = tmp_path / "notes.npz"
    path.write_text("these are my digits, honest\n")
    return str(path)


def _raw_pickle(tmp_path):
    path = tmp_path / "model.npz"
    path.write_bytes(pickle.dumps({"x": [1, 2, 3]}))
    return str(path)


X3 = np.zeros((3, 28, 28), np.uint8)


@pytest.mark.parametrize(
    "make, fault",
    [
        (_pickled, "Python objects"),
        (_huge_declared_member, "unpacks to 4,096 MB"),
        (_compression_bomb, "150,000 entries; at most 100,000"),
        (_lying_header, "1,000,000,000 entries"),
        (
            lambda p: _lying_header(p, 50_000),
            "the array header promises 39,200,000 bytes of data but the entry holds 64",
        ),
        (
            lambda p: _lying_header(p, 1, (2**32, 2**32)),
            "promises 18,446,744,073,709,551,616 bytes",
        ),  # 2**64 wraps int64
        (_text, "not a readable .npz file"),
        (_encrypted, "password required"),
        (_raw_pickle, "not a readable .npz file"),
        (lambda p: _npz(p, x=np.zeros((3, 28, 27), np.uint8), y=np.array([1, 2, 3])), "shape (3, 28, 27)"),
        (lambda p: _npz(p, x=X3, y=np.array([1, 11, 3])), "label 11 out of range"),
        (lambda p: _npz(p, x=X3, y=np.array([1.0, 2.0, 3.0])), "whole numbers 0 to 9"),
        (lambda p: _npz(p, x=X3, y=np.array([1, 2])), "need shape (3,)"),
        (lambda p: _npz(p, x=X3.astype(np.float32) + 2, y=np.array([1, 2, 3])), "between 0 and 1"),
        (lambda p: _npz(p, x=X3.astype(np.int16), y=np.array([1, 2, 3])), "images are int16"),
        (lambda p: _npz(p, x=X3), "missing arrays y"),
        (lambda p: _npz(p, x=X3, y=np.array([1, 2, 3]), format=np.array("digitpad-handwriting-2")), "newer digitpad"),
        (lambda p: _npz(p, x=X3, y=np.array([1, 2, 3]), format=np.array("mnist")), "not a digitpad handwriting file"),
        (lambda p: str(p / "missing.npz"), "file not found"),
    ],
)
def test_bad_or_hostile_imports_are_refused_and_change_nothing(tmp_path, store, make, fault):
    path = make(tmp_path)
    before, before_bytes = store.samples(), store.path.read_bytes()
    with pytest.raises(DatasetError) as err:
        store.import_file(path)
    assert str(err.value).startswith(str(path)), str(err.value)
    assert fault in str(err.value)
    assert np.array_equal(store.samples().images, before.images) and store.path.read_bytes() == before_bytes


def test_truncated_and_oversized_files(tmp_path, store, monkeypatch):
    with pytest.raises(DatasetError, match=r"not a readable \.npz file"):
        store.import_file(_truncated(tmp_path, store))
    monkeypatch.setattr(limits, "HANDWRITING_FILE_BYTES", 1000)
    path = _npz(tmp_path, x=np.random.default_rng(0).integers(0, 255, (50, 28, 28), np.uint8), y=np.ones(50, int))
    with pytest.raises(DatasetError, match="too big for a handwriting file"):
        store.import_file(path)
    assert len(store) == 5


def test_an_unreadable_store_is_set_aside_not_overwritten(tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "samples.npz").write_bytes(b"PK\x03\x04 not really")
    s = HandwritingStore(folder)
    assert len(s) == 0 and "not a readable .npz file" in str(s.load_problem)
    assert s.load_problem.code == "store-set-aside" and s.load_problem.values["problem"].code == "npz-unreadable"
    aside = [p for p in folder.iterdir() if p.name.startswith("samples-unreadable-")]
    assert len(aside) == 1 and aside[0].read_bytes() == b"PK\x03\x04 not really"


def test_read_handwriting_fills_in_missing_timestamps(tmp_path):
    path = _npz(tmp_path, x=X3, y=np.array([1, 2, 3], np.uint8))
    images, labels, created = read_handwriting(path)
    assert images.shape == (3, 28, 28) and labels.tolist() == [1, 2, 3] and created.shape == (3,)


def drawn_like(mnist, n=40, seed=1) -> Split:
    """MNIST test digits made thick and off-centre: handwriting the shipped model finds hard."""
    index = np.random.default_rng(seed).choice(len(mnist.test), n, replace=False)
    images = mnist.test.images[index].astype(np.float32)
    for _ in range(2):
        padded = np.pad(images, ((0, 0), (1, 1), (1, 1)))
        images = np.max([padded[:, i : i + 28, j : j + 28] for i in range(3) for j in range(3)], axis=0)
    images = np.roll(images, (5, -5), axis=(1, 2))
    return Split(images.astype(np.uint8), mnist.test.labels[index])


@pytest.mark.slow
def test_fine_tuning_improves_accuracy_on_own_digits_and_leaves_the_original(tmp_path, default_model, mnist):
    model = default_model.model
    own = drawn_like(mnist)
    s = HandwritingStore(tmp_path / "ft")
    for image, label in zip(own.images, own.labels, strict=True):
        s.add(image, int(label))
    weights = [w.copy() for w in model.get_weights()]
    before = accuracy_on(model, s)
    assert before is not None and before < 0.8
    reports = []

    class Recorder(Reporter):
        def batch(self, report):  # throttled: the last batch may go unreported
            reports.append(report.progress)

        def epoch(self, report):  # never throttled: the last one is the end of the run
            reports.append(report.progress)

    result = fine_tune(model, s.samples(), mnist.train, reporter=Recorder())
    assert result.before == pytest.approx(before)
    assert result.after >= max(before, 0.8)
    assert result.after == pytest.approx(accuracy_on(result.model, s))
    assert result.samples == 40 and result.mnist_samples == 800
    assert reports and reports[-1] == pytest.approx(1.0)
    assert result.model is not model
    assert all(np.array_equal(a, b) for a, b in zip(weights, model.get_weights(), strict=True))
    # It still reads everyone else's digits.
    assert accuracy_on(result.model, mnist.test.head(2000)) >= 0.97
    assert accuracy_on(model, Split(np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8))) is None


@pytest.mark.slow
def test_fine_tuning_an_ensemble_tunes_each_member(default_model, mnist):
    from digitpad.core.config import TrainingConfig
    from digitpad.core.inference import ensemble_model
    from digitpad.core.model import build_model

    members = []
    for i in range(2):
        m = build_model(TrainingConfig(), name=f"member_{i}")
        m.set_weights(default_model.model.get_weights())
        members.append(m)
    ensemble = ensemble_model(members)
    weights = [w.copy() for w in ensemble.get_weights()]
    result = fine_tune(ensemble, drawn_like(mnist, n=20), mnist.train, epochs=1)
    assert result.model.output_shape == (None, 2, 10)
    assert all(np.array_equal(a, b) for a, b in zip(weights, ensemble.get_weights(), strict=True))
    assert not all(np.array_equal(a, b) for a, b in zip(weights, result.model.get_weights(), strict=True))
    assert result.after >= result.before


def test_fine_tuning_needs_samples(default_model, mnist):
    with pytest.raises(ValueError, match="no samples"):
        fine_tune(default_model.model, Split(np.zeros((0, 28, 28), np.uint8), np.zeros(0, np.uint8)), mnist.train)
