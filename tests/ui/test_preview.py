import numpy as np
import pytest

from digitpad.ui.preview import CAPTION, ModelInputPreview
from tests.ui.conftest import show


@pytest.fixture
def preview(qtbot):
    widget = ModelInputPreview()
    show(qtbot, widget, (28 * 8, 28 * 8 + widget.fontMetrics().height() + 8))
    return widget


def cell_lightness(preview: ModelInputPreview, row: int, column: int) -> int:
    """The on-screen lightness at the centre of one of the 28x28 cells."""
    shot = preview.grab().toImage()
    square = preview._pixel_rect()
    cell = square.width() / 28
    x = square.left() + int((column + 0.5) * cell)
    y = square.top() + int((row + 0.5) * cell)
    return shot.pixelColor(x, y).lightness()


def test_starts_empty(preview):
    assert preview.objectName() == "model_input_preview"
    assert preview.image_array() is None
    assert cell_lightness(preview, 14, 14) == 0


def test_shows_what_is_set(preview):
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[4:24, 13:15] = 1.0
    digit[10, 10] = 0.5
    preview.set_image(digit)
    np.testing.assert_array_equal(preview.image_array(), digit)
    assert cell_lightness(preview, 14, 13) == 255
    assert cell_lightness(preview, 14, 12) == 0
    assert cell_lightness(preview, 10, 10) == pytest.approx(128, abs=2)


def test_pixels_are_crisp_squares(preview):
    # One lit pixel next to dark ones: nearest-neighbour keeps the edge hard, with no grey ramp.
    digit = np.zeros((28, 28), dtype=np.float32)
    digit[14, 14] = 1.0
    preview.set_image(digit)
    shot = preview.grab().toImage()
    square = preview._pixel_rect()
    cell = square.width() // 28
    assert cell >= 4
    top = square.top() + 14 * cell
    left = square.left() + 14 * cell
    inside = [shot.pixelColor(left + dx, top + cell // 2).lightness() for dx in range(1, cell - 1)]
    assert min(inside) == 255
    assert shot.pixelColor(left - 2, top + cell // 2).lightness() < 40


def test_none_shows_the_empty_frame_again(preview):
    preview.set_image(np.ones((28, 28), dtype=np.float32))
    assert cell_lightness(preview, 3, 3) == 255
    preview.set_image(None)
    assert preview.image_array() is None
    assert cell_lightness(preview, 3, 3) == 0


def test_accepts_uint8_and_clips_out_of_range_values(preview):
    preview.set_image(np.full((28, 28), 255, dtype=np.uint8))
    assert preview.image_array().max() == pytest.approx(1.0)
    preview.set_image(np.full((28, 28), 3.0, dtype=np.float32))
    assert preview.image_array().max() == pytest.approx(1.0)


def test_rejects_the_wrong_shape(preview):
    with pytest.raises(ValueError, match="28"):
        preview.set_image(np.zeros((280, 280)))


def test_caption_fits_its_minimum_width(qtbot, preview):
    """At its narrowest (a netbook) the caption wraps onto a second line, kept free for it; never cut off."""
    assert CAPTION == "what the network sees (28×28)"
    narrowest = preview.minimumSizeHint()
    assert narrowest.width() < preview.fontMetrics().horizontalAdvance(CAPTION)  # narrower than one line
    preview.resize(narrowest)
    assert preview.caption_fits()
    preview.resize(40, narrowest.height())
    assert not preview.caption_fits()  # the check can fail: "network" alone is wider than that
