import numpy as np
import pytest

from digitpad.core.inspection import FeatureExtractor, find_cnn

TUTORIAL_SHAPES = [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), (3, 3, 64)]
TUTORIAL_KINDS = ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D"]


@pytest.fixture(scope="module")
def extractor(default_model):
    return FeatureExtractor(default_model.model)


def run_layers_directly(model, image28):
    """Each Conv2D/MaxPooling2D output computed layer by layer in eager mode, the slow obvious way."""
    x = image28.astype(np.float32).reshape(1, 28, 28, 1)
    outputs = []
    for layer in model.layers:
        x = layer(x, training=False)
        if type(layer).__name__ in ("Conv2D", "MaxPooling2D"):
            outputs.append(np.asarray(x)[0])
    return outputs


def test_shapes_of_the_tutorial_network(extractor, mnist):
    acts = extractor.activations(mnist.test.images[0])
    assert [a.array.shape for a in acts] == TUTORIAL_SHAPES
    assert [a.kind for a in acts] == TUTORIAL_KINDS
    assert [a.name for a in acts] == ["conv2d", "max_pooling2d", "conv2d_1", "max_pooling2d_1", "conv2d_2"]
    assert extractor.shapes == TUTORIAL_SHAPES
    assert extractor.flatten_size == 576
    assert extractor.dense_units == [64, 10]
    assert not extractor.is_ensemble_member


def test_values_equal_running_the_layers(extractor, default_model, mnist):
    for image in mnist.test.images[:3]:
        image28 = image / 255.0
        got = extractor.activations(image28)
        want = run_layers_directly(default_model.model, image28)
        for a, expected in zip(got, want, strict=True):
            np.testing.assert_allclose(a.array, expected, rtol=1e-5, atol=1e-5)
    # uint8 input is scaled to 0..1 just as the model's training data was
    np.testing.assert_allclose(
        extractor.activations(mnist.test.images[0])[0].array,
        extractor.activations(mnist.test.images[0] / 255.0)[0].array,
        atol=1e-6,
    )


def test_a_digit_lights_up_features_and_a_blank_differs(extractor, mnist):
    digit = extractor.activations(mnist.test.images[0])
    blank = extractor.activations(np.zeros((28, 28), np.float32))
    assert digit[0].array.max() > 0
    assert not np.allclose(digit[-1].array, blank[-1].array)


def test_pooling_keeps_the_strongest_of_each_2x2(extractor, mnist):
    conv, pool = extractor.activations(mnist.test.images[1])[:2]
    expected = conv.array[:26, :26].reshape(13, 2, 13, 2, 32).max(axis=(1, 3))
    np.testing.assert_allclose(pool.array, expected, atol=1e-6)


def test_first_layer_filters_are_the_kernel(extractor, default_model):
    filters = extractor.first_layer_filters()
    assert filters.shape == (3, 3, 32)
    kernel = default_model.model.get_layer("conv2d").kernel.numpy()
    np.testing.assert_array_equal(filters, kernel[:, :, 0, :])


def test_ensemble_uses_its_first_member(default_model, mnist):
    from digitpad.core.inference import ensemble_model

    ens = ensemble_model([default_model.model, default_model.model])
    assert find_cnn(ens) is default_model.model
    extractor = FeatureExtractor(ens)
    assert extractor.is_ensemble_member
    acts = extractor.activations(mnist.test.images[2])
    assert [a.array.shape for a in acts] == TUTORIAL_SHAPES
    np.testing.assert_allclose(
        acts[2].array, run_layers_directly(default_model.model, mnist.test.images[2] / 255.0)[2], atol=1e-5
    )


def test_a_network_without_pooling():
    from digitpad.core.config import TrainingConfig
    from digitpad.core.model import build_model

    model = build_model(TrainingConfig(pooling=False))
    extractor = FeatureExtractor(model)
    image = np.random.default_rng(0).random((28, 28), dtype=np.float32)
    acts = extractor.activations(image)
    assert [a.kind for a in acts] == ["Conv2D"] * 3
    assert [a.array.shape for a in acts] == [(26, 26, 32), (24, 24, 64), (22, 22, 64)]
    assert extractor.flatten_size == 22 * 22 * 64
    for a, expected in zip(acts, run_layers_directly(model, image), strict=True):
        np.testing.assert_allclose(a.array, expected, rtol=1e-5, atol=1e-5)


def test_a_model_without_convolutions_is_refused():
    import keras

    dense = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(), keras.layers.Dense(10)])
    with pytest.raises(ValueError, match="no convolutional network"):
        FeatureExtractor(dense)


def test_fast_enough_for_every_stroke(extractor, mnist):
    import time

    image = mnist.test.images[3] / 255.0
    extractor.activations(image)
    start = time.perf_counter()
    for _ in range(20):
        extractor.activations(image)
    # Measured ~2 ms; the bound is loose because test machines are shared.
    assert (time.perf_counter() - start) / 20 < 0.05


def test_outline_describes_the_network(extractor):
    outline = extractor.outline()
    assert outline.kinds == TUTORIAL_KINDS and outline.shapes == TUTORIAL_SHAPES
    assert outline.filters.shape == (3, 3, 32) and outline.flatten_size == 576 and outline.dense_units == [64, 10]
