import numpy as np
import pytest
from PIL import Image

from digitpad.core.preprocess import NothingDrawn, preprocess


def transformed(digit: np.ndarray, scale: float, canvas: int, offset: tuple[int, int]) -> np.ndarray:
    """Place an MNIST digit, resized by ``scale``, on a larger black canvas at ``offset``."""
    size = max(4, round(28 * scale))
    big = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BILINEAR))
    out = np.zeros((canvas, canvas), np.uint8)
    y, x = offset
    out[y : y + size, x : x + size] = big
    return out


CASES = {
    "shifted": (1.0, 60, (25, 3)),
    "shrunk": (0.6, 40, (2, 20)),
    "enlarged": (9.0, 300, (20, 40)),
    "padded": (1.0, 120, (46, 46)),
}


@pytest.mark.parametrize("case", CASES)
def test_transformed_mnist_digits_come_back(mnist, case):
    scale, canvas, offset = CASES[case]
    errors = []
    for digit in mnist.test.images[:200]:
        back = preprocess(transformed(digit, scale, canvas, offset))
        errors.append(np.abs(back - digit / 255.0).mean())
    # Mean absolute pixel error: identical images give 0, unrelated digits about 0.2.
    assert np.median(errors) < (0.05 if scale != 0.6 else 0.08), case


def test_original_mnist_digits_are_nearly_unchanged(mnist):
    errors = [np.abs(preprocess(d) - d / 255.0).mean() for d in mnist.test.images[:300]]
    assert np.median(errors) < 0.005


def test_output_is_mnist_shaped(mnist):
    out = preprocess(transformed(mnist.test.images[0], 5, 200, (10, 10)))
    assert out.shape == (28, 28) and out.dtype == np.float32
    assert out.min() >= 0.0 and out.max() <= 1.0
    ys, xs = np.nonzero(out > 0.1)
    # Fits the 20x20 box, centred by mass.
    assert np.ptp(ys) < 21 and np.ptp(xs) < 21
    mass = out.sum()
    cy = (np.indices(out.shape)[0] * out).sum() / mass
    cx = (np.indices(out.shape)[1] * out).sum() / mass
    assert abs(cy - 14) < 1 and abs(cx - 14) < 1


def test_dark_on_light_is_inverted(mnist):
    digit = mnist.test.images[3]
    normal = preprocess(transformed(digit, 4, 150, (20, 20)))
    inverted = preprocess(255 - transformed(digit, 4, 150, (20, 20)))
    assert np.abs(normal - inverted).mean() < 0.01


def test_rgb_and_rgba_inputs(mnist):
    grey = transformed(mnist.test.images[7], 3, 100, (10, 10))
    rgb = np.stack([255 - grey] * 3, axis=-1)
    rgba = np.zeros((100, 100, 4), np.uint8)
    rgba[..., 3] = grey  # ink drawn on a transparent background
    ref = preprocess(grey)
    assert np.abs(preprocess(rgb) - ref).mean() < 0.01
    assert np.abs(preprocess(rgba) - ref).mean() < 0.01


@pytest.mark.parametrize(
    "image",
    [
        np.zeros((280, 280), np.uint8),
        np.full((100, 100), 255, np.uint8),
        np.full((50, 50), 128, np.uint8),
        np.zeros((0, 0), np.uint8),
    ],
    ids=["black", "white", "grey", "no pixels"],
)
def test_empty_images_are_nothing_drawn(image):
    with pytest.raises(NothingDrawn):
        preprocess(image)


def test_a_speck_is_nothing_drawn():
    canvas = np.zeros((280, 280), np.uint8)
    canvas[100:104, 100:104] = 255
    with pytest.raises(NothingDrawn):
        preprocess(canvas)


def test_a_thin_vertical_stroke_is_a_centred_one():
    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 60:72] = 255
    out = preprocess(canvas)
    cols = np.nonzero(out.sum(axis=0) > 0.5)[0]
    assert cols.min() >= 12 and cols.max() <= 16  # a narrow column in the middle
    assert np.ptp(np.nonzero(out.sum(axis=1))[0]) == 19  # 20 pixels tall


def test_model_classifies_transformed_digits_as_well(mnist, default_model):
    from digitpad.core.inference import predict_probabilities

    n = 500
    images, labels = mnist.test.images[:n], mnist.test.labels[:n]
    base = (predict_probabilities(default_model.model, images).argmax(1) == labels).mean()
    for case, (scale, canvas, offset) in CASES.items():
        prepped = np.stack([preprocess(transformed(d, scale, canvas, offset)) for d in images])
        acc = (predict_probabilities(default_model.model, prepped).argmax(1) == labels).mean()
        assert acc >= base - 0.02, (case, acc, base)


def test_float_and_uint8_inputs_agree(mnist):
    """The canvas's uint8 and the same drawing as floats (a loaded file) go through the same 8-bit pipeline."""
    for digit in mnist.test.images[:50]:
        canvas = transformed(digit, 8, 280, (20, 30))
        as_float = preprocess(canvas.astype(np.float32) / 255.0)
        assert np.abs(preprocess(canvas) - as_float).max() < 2 / 255


def test_only_the_ink_box_matters(mnist):
    """Where the drawing sits on the canvas changes nothing: the crop, scaling and centring undo it."""
    digit = mnist.test.images[5]
    a = preprocess(transformed(digit, 8, 280, (0, 0)))
    b = preprocess(transformed(digit, 8, 280, (56, 40)))
    assert np.array_equal(a, b)
