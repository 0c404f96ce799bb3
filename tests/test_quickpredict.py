import sys

import numpy as np
import pytest

from digitpad.core.quickpredict import NumpyPredictor, QuickPredictUnsupported
from digitpad.core.resources import default_model_path


def test_numpy_forward_pass_matches_keras(mnist, default_model):
    from digitpad.core.inference import predict_probabilities

    quick = NumpyPredictor(default_model_path())
    images = mnist.test.images[:50]
    expected = predict_probabilities(default_model.model, images)
    got = np.stack([quick.predict_input(im / 255.0).probabilities for im in images])
    assert np.allclose(got, expected, atol=1e-4)


def test_it_needs_no_tensorflow():
    import subprocess

    code = (
        "import sys, time, numpy as np\n"
        "from digitpad.core.quickpredict import NumpyPredictor\n"
        "from digitpad.core.resources import default_model_path\n"
        "p = NumpyPredictor(default_model_path())\n"
        "[p.predict_input(np.zeros((28, 28))) for _ in range(20)]\n"
        "print('tensorflow' in sys.modules, 'keras' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert out.stdout.split() == ["False", "False"], out.stderr


@pytest.mark.parametrize("builder", ["ensemble", "same_padding"])
def test_other_networks_are_left_to_tensorflow(tmp_path, default_model, builder):
    import keras

    from digitpad.core.inference import ensemble_model
    from digitpad.core.modelfile import save_model

    if builder == "ensemble":
        model = ensemble_model([default_model.model, default_model.model])
    else:
        model = keras.Sequential(
            [
                keras.Input((28, 28, 1)),
                keras.layers.Conv2D(4, 3, padding="same"),
                keras.layers.Flatten(),
                keras.layers.Dense(10, activation="softmax"),
            ]
        )
    path = save_model(model, tmp_path / "m.keras")
    with pytest.raises(QuickPredictUnsupported):
        NumpyPredictor(path)


def test_damaged_file_is_unsupported_not_a_crash(tmp_path):
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(QuickPredictUnsupported):
        NumpyPredictor(bad)
