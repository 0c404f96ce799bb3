"""LiteRT prediction from a converted copy: agreement with Keras, hand-over, kept copies, the pre-TensorFlow path."""

import subprocess
import sys

import numpy as np
import pytest

from digitpad.core import fastpredict
from digitpad.core.fastpredict import FastPredictUnavailable, LiteRTPredictor, file_key, quick_predictor
from digitpad.core.predictor import Predictor
from digitpad.core.quickpredict import NumpyPredictor
from digitpad.core.resources import default_model_path


@pytest.fixture
def user_data(tmp_path, monkeypatch):
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


@pytest.fixture(scope="module")
def converted(default_model):
    return fastpredict.tflite_bytes(default_model.model)


def test_litert_matches_keras(mnist, default_model, converted):
    from digitpad.core.inference import predict_probabilities

    fast = LiteRTPredictor(converted)
    images = mnist.test.images[:50]
    expected = predict_probabilities(default_model.model, images)
    got = np.stack([fast.predict_input(im / 255.0).probabilities for im in images])
    assert np.allclose(got, expected, atol=1e-5)
    assert fast.predict_input(images[0] / 255.0).member_picks is None


def test_ensemble_runs_in_litert(mnist, default_model):
    from digitpad.core.inference import ensemble_model

    predictor = Predictor(ensemble_model([default_model.model, default_model.model]))
    assert predictor.settled.wait(60)
    assert predictor.runtime == "litert"
    pred = predictor.predict_input(mnist.test.images[0] / 255.0)
    assert pred.member_probabilities.shape == (2, 10)
    assert pred.member_picks == [mnist.test.labels[0]] * 2


def test_garbage_is_refused():
    with pytest.raises(FastPredictUnavailable):
        LiteRTPredictor(b"not a flatbuffer at all")


def test_predictor_hands_over_and_keeps_the_copy(user_data, mnist, default_model, monkeypatch, tmp_path):
    from digitpad.core.modelfile import save_model

    path = save_model(default_model.model, tmp_path / "mine.keras")
    predictor = Predictor(default_model.model, source=path)
    assert predictor.settled.wait(60)
    assert predictor.runtime == "litert" and predictor.compiled
    assert (user_data / "converted" / (file_key(path) + ".tflite")).is_file()
    plain = Predictor(default_model.model, compile_in_background=False)
    for image in mnist.test.images[:10]:
        assert np.allclose(
            predictor.predict_input(image / 255.0).probabilities, plain.predict_input(image / 255.0).probabilities, 1e-5
        )

    # The next Predictor for the same file uses the kept copy: no conversion at all.
    def no_conversion(model):
        raise AssertionError("converted again")

    monkeypatch.setattr(fastpredict, "tflite_bytes", no_conversion)
    again = Predictor(default_model.model, source=path)
    assert again.settled.wait(60)
    assert again.runtime == "litert"
    # And the window's first prediction, before TensorFlow, can come from it.
    assert isinstance(quick_predictor(path), LiteRTPredictor)


def test_a_copy_that_disagrees_never_takes_over(user_data, mnist, default_model, tmp_path):
    import keras

    from digitpad.core.modelfile import save_model

    other = keras.models.clone_model(default_model.model)  # same network, fresh random weights
    path = save_model(default_model.model, tmp_path / "mine.keras")
    fastpredict.store_copy(file_key(path), fastpredict.tflite_bytes(other))
    predictor = Predictor(default_model.model, source=path)
    assert predictor.settled.wait(60)
    assert predictor.runtime != "litert"
    assert predictor.predict_input(mnist.test.images[0] / 255.0).digit == mnist.test.labels[0]


def test_a_damaged_kept_copy_falls_back_to_numpy(user_data, tmp_path, default_model):
    from digitpad.core.modelfile import save_model

    path = save_model(default_model.model, tmp_path / "mine.keras")
    fastpredict.store_copy(file_key(path), b"damaged")
    assert isinstance(quick_predictor(path), NumpyPredictor)


def test_the_shipped_copy_belongs_to_the_shipped_model(mnist, default_model):
    from digitpad.core.inference import predict_probabilities

    shipped = fastpredict.shipped_copies_dir() / (file_key(default_model_path()) + ".tflite")
    assert shipped.is_file(), "run fastpredict.ship_copy after changing the shipped model (see its docstring)"
    assert list(fastpredict.shipped_copies_dir().glob("*.tflite")) == [shipped]  # no stale copies ship
    fast = LiteRTPredictor(shipped.read_bytes())
    images = mnist.test.images[:50]
    got = np.stack([fast.predict_input(im / 255.0).probabilities for im in images])
    assert np.allclose(got, predict_probabilities(default_model.model, images), atol=1e-5)


def test_first_prediction_needs_no_tensorflow(tmp_path):
    code = (
        "import sys, numpy as np\n"
        "from digitpad.core.fastpredict import quick_predictor\n"
        "from digitpad.core.resources import default_model_path\n"
        "p = quick_predictor(default_model_path())\n"
        "x = np.zeros((28, 28)); x[4:24, 13:15] = 1.0\n"
        "print(type(p).__name__, p.predict_input(x).digit, 'tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    env = {**__import__("os").environ, "DIGITPAD_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False, env=env)
    assert out.stdout.split() == ["LiteRTPredictor", "1", "False", "False"], out.stderr
    assert "XNNPACK" not in out.stderr  # the interpreter's banner is kept quiet
