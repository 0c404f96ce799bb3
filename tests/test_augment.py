"""The augmentation that mimics drawn digits: each stage changes the images and keeps them readable."""

import numpy as np
import pytest

from digitpad.core import augment

pytestmark = pytest.mark.slow  # imports TensorFlow


@pytest.fixture(scope="module")
def batch(mnist):
    return mnist.test.images[:400].astype(np.float32)[..., None] / 255.0, mnist.test.labels[:400]


@pytest.mark.parametrize("stage", ["affine", "elastic", "stroke_width"])
def test_each_stage_moves_ink_and_keeps_the_digit(batch, default_model, stage):
    from digitpad.core.inference import predict_probabilities
    from digitpad.core.tfsetup import tensorflow_module

    tf = tensorflow_module()
    x, labels = batch
    out = getattr(augment, stage)(tf.constant(x), seed=3).numpy()
    assert out.shape == x.shape
    assert np.abs(out - x).mean() > 0.01  # really changed
    accuracy = (predict_probabilities(default_model.model, np.clip(out, 0, 1)).argmax(1) == labels).mean()
    assert accuracy > 0.9  # still the same digits


def test_affine_stretches_and_slants(batch):
    """Over many images the ink's width-to-height ratio spreads out (aspect jitter), beyond what MNIST has."""
    from digitpad.core.tfsetup import tensorflow_module

    tf = tensorflow_module()
    x, _ = batch

    def aspect(images):
        ratios = []
        for im in images[..., 0]:
            rows, cols = np.nonzero(im > 0.3)
            ratios.append((np.ptp(cols) + 1) / (np.ptp(rows) + 1))
        return np.log(ratios)

    spread_before, spread_after = aspect(x).std(), aspect(augment.affine(tf.constant(x), seed=5).numpy()).std()
    assert spread_after > spread_before * 1.1


def test_jitter_shifts_by_whole_pixels_within_the_limit(batch):
    from digitpad.core.tfsetup import tensorflow_module

    tf = tensorflow_module()
    x, _ = batch
    out = augment.jitter(tf.constant(x), pixels=1, seed=1).numpy()
    shifted = 0
    for before, after in zip(x[..., 0], out[..., 0], strict=True):
        padded = np.pad(before, 1)
        matches = [
            (dy, dx) for dy in range(3) for dx in range(3) if np.array_equal(padded[dy : dy + 28, dx : dx + 28], after)
        ]
        assert matches, "not a shift of at most one pixel"
        shifted += (1, 1) not in matches
    assert shifted > len(x) // 2  # most images moved
