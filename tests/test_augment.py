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


def test_affine_stretches_and_slants():
    """A square comes out as rectangles and parallelograms of many aspect ratios (aspect jitter and shear)."""
    from digitpad.core.tfsetup import tensorflow_module

    tf = tensorflow_module()
    squares = np.zeros((300, 28, 28, 1), np.float32)
    squares[:, 9:19, 9:19] = 1.0
    out = augment.affine(tf.constant(squares), seed=5).numpy()[..., 0]
    ratios = []
    for im in out:
        rows, cols = np.nonzero(im > 0.5)
        ratios.append((np.ptp(cols) + 1) / (np.ptp(rows) + 1))
    spread = np.log(ratios)
    assert spread.std() > 0.1  # the square alone has none
    assert spread.min() < -0.15 and spread.max() > 0.15  # both taller and wider than square


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
