import numpy as np
import pytest

from digitpad.core.predictor import Predictor
from digitpad.core.preprocess import NothingDrawn


def test_predictor_matches_the_model(mnist, default_model):
    from digitpad.core.inference import predict_probabilities

    predictor = Predictor(default_model.model)
    images = mnist.test.images[:20]
    expected = predict_probabilities(default_model.model, images)
    for image, probs in zip(images, expected, strict=True):
        pred = predictor.predict_input(image / 255.0)
        assert np.allclose(pred.probabilities, probs, atol=1e-5)
        assert pred.member_picks is None
    assert predictor.predict_input(images[0] / 255.0).digit == mnist.test.labels[0]


def test_predict_image_preprocesses_and_refuses_empty(default_model):
    predictor = Predictor(default_model.model)
    with pytest.raises(NothingDrawn):
        predictor.predict_image(np.zeros((280, 280), np.uint8))
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 130:150] = 255  # a "1"
    image28, pred = predictor.predict_image(canvas)
    assert image28.shape == (28, 28) and pred.digit == 1


def test_ensemble_prediction_averages_members(mnist, default_model):
    from digitpad.core.inference import ensemble_model

    ens = ensemble_model([default_model.model, default_model.model])
    pred = Predictor(ens).predict_input(mnist.test.images[0] / 255.0)
    single = Predictor(default_model.model).predict_input(mnist.test.images[0] / 255.0)
    assert pred.member_probabilities.shape == (2, 10)
    assert np.allclose(pred.probabilities, single.probabilities, atol=1e-5)
    assert pred.member_picks == [single.digit, single.digit]


def test_ensemble_model_survives_a_save(tmp_path, mnist, default_model):
    from digitpad.core.inference import ensemble_model
    from digitpad.core.modelfile import load_model, save_model

    ens = ensemble_model([default_model.model, default_model.model, default_model.model])
    loaded = load_model(save_model(ens, tmp_path / "ens.keras", {"mode": "ensemble"}))
    assert loaded.members == 3
    assert Predictor(loaded.model).predict_input(mnist.test.images[1] / 255.0).member_picks == [2, 2, 2]
