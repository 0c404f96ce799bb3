import json
import zipfile

import numpy as np
import pytest

from digitpad.core.config import TrainingConfig
from digitpad.core.modelfile import ModelFileError, load_model, read_metadata, save_model


@pytest.fixture(scope="module")
def small_model():
    from digitpad.core.model import build_model

    return build_model(TrainingConfig(dense_units=16))


def test_round_trip_keeps_weights_and_metadata(tmp_path, small_model):
    meta = {
        "config": TrainingConfig(dense_units=16).to_dict(),
        "test_accuracy": 0.5,
        "dataset": "MNIST",
        "series": [{"name": "model", "history": {"loss": [1.0, 0.5]}}],
    }
    path = save_model(small_model, tmp_path / "m.keras", meta)
    loaded = load_model(path)
    for a, b in zip(small_model.get_weights(), loaded.model.get_weights(), strict=True):
        assert np.array_equal(a, b)
    assert loaded.metadata["test_accuracy"] == 0.5
    assert loaded.metadata["series"][0]["history"]["loss"] == [1.0, 0.5]
    assert loaded.metadata["digitpad_version"] and loaded.metadata["saved"]
    assert read_metadata(path)["dataset"] == "MNIST"
    assert "50.00%" in loaded.describe()


def test_save_is_atomic(tmp_path, small_model, monkeypatch):
    import keras

    path = save_model(small_model, tmp_path / "m.keras", {"test_accuracy": 0.9})
    before = path.read_bytes()

    def crash(model, filepath, **kwargs):
        with open(filepath, "wb") as f:
            f.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(keras.saving, "save_model", crash)
    with pytest.raises(OSError, match="disk full"):
        save_model(small_model, path, {"test_accuracy": 0.1})
    assert path.read_bytes() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["m.keras"]  # and no temporary file is left


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "not a .keras model file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "a PNG image, not a model file"),  # a drawing opened by mistake
        (b"\xff\xd8\xff\xe0" + bytes(100), "a JPEG image, not a model file"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(40), "a WebP image, not a model file"),
        (b"%PDF-1.4" + bytes(50), "not a .keras model file"),
        (b"PK\x03\x04" + bytes(50), "not a .keras model file"),
    ],
)
def test_corrupt_or_foreign_bytes(tmp_path, content, message):
    path = tmp_path / "bad.keras"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=message):
        load_model(path)


def test_truncated_model_file(tmp_path, small_model):
    path = save_model(small_model, tmp_path / "m.keras")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(ModelFileError, match=r"m\.keras"):
        load_model(path)


def test_flipped_bytes_are_caught(tmp_path, small_model):
    path = save_model(small_model, tmp_path / "m.keras")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("model.weights.h5")
    # Flip bytes inside the stored weights; the zip's CRC check must notice.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 2000
    data[start : start + 16] = bytes(255 - b for b in data[start : start + 16])
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFileError, match="damaged"):
        load_model(path)


def test_a_zip_that_is_not_a_model(tmp_path):
    path = tmp_path / "notes.keras"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "hello")
    with pytest.raises(ModelFileError, match="not a Keras model file"):
        load_model(path)


def test_missing_and_folder(tmp_path):
    with pytest.raises(ModelFileError, match="file not found"):
        load_model(tmp_path / "none.keras")
    with pytest.raises(ModelFileError, match="is a folder"):
        load_model(tmp_path)


def test_wrong_shape_model_is_refused(tmp_path):
    import keras

    other = keras.Sequential([keras.Input((32, 32, 3)), keras.layers.Flatten(), keras.layers.Dense(5)])
    path = save_model(other, tmp_path / "other.keras")
    with pytest.raises(ModelFileError, match="not a digit classifier"):
        load_model(path)


def test_code_in_a_model_file_is_never_run(tmp_path):
    import keras

    marker = tmp_path / "ran.txt"
    marker_name = str(marker)  # a plain string, so that Keras can serialise the closure
    # A Lambda layer carries Python bytecode: refused before Keras sees it (and Keras's safe mode would too).
    evil = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10),
            keras.layers.Lambda(lambda x: (open(marker_name, "w").close(), x)[1]),
        ]
    )
    path = tmp_path / "evil.keras"
    keras.saving.save_model(evil, path)
    marker.unlink(missing_ok=True)
    with pytest.raises(ModelFileError, match=r"evil\.keras: a Lambda layer, which digitpad cannot check"):
        load_model(path)
    assert not marker.exists()


def test_damaged_metadata(tmp_path, small_model):
    path = save_model(small_model, tmp_path / "m.keras")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("digitpad.json", "{not json")  # a second entry of the same name wins on read
    with pytest.raises(ModelFileError, match="metadata is damaged"):
        read_metadata(path)


def test_metadata_is_json(tmp_path, small_model):
    path = save_model(small_model, tmp_path / "m.keras", {"test_accuracy": np.float32(0.25)})
    with zipfile.ZipFile(path) as zf:
        assert json.loads(zf.read("digitpad.json"))["test_accuracy"] == 0.25
