"""Reading an image file someone gave digitpad (``digitpad predict``): checked first, scaled by its real range.

The file must be an ordinary file of bounded size, and the image's declared width x height is checked
before its pixels are decoded, so a 30,000 x 30,000 PNG of a few kilobytes (a decompression bomb) is
refused in a moment. 16-bit and 32-bit greyscale and floating-point images are scaled by the range their
pixels actually span, rather than clipped to 8 bits (which leaves a 16-bit scan all white or all black,
"nothing drawn"). A large image is averaged down to at most ``WORKING_SIDE`` pixels a side first. The
result is what ``preprocess.preprocess`` takes: uint8 greyscale or RGBA, or float greyscale in 0..1.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path

import numpy as np
from PIL import Image

from digitpad.core import limits
from digitpad.core.inputfiles import open_regular
from digitpad.core.problems import Problem, short_detail

_WITH_ALPHA = {"RGBA", "LA", "PA", "RGBa", "La"}
WORKING_SIDE = 1024  # larger images are averaged down to this before preprocessing
_HIGH_DEPTH = {"I", "F"}  # 32-bit integers, 32-bit floats; "I;16..." are 16-bit modes


class ImageError(Problem):
    """An image file that cannot or must not be read; the values name the file (``path``)."""


def read_image(path: str | Path) -> np.ndarray:
    """The first frame of an image file as an array ``preprocess`` accepts; ``ImageError`` otherwise."""
    path = Path(path)
    with open_regular(path, limits.IMAGE_FILE_BYTES, ImageError) as f:
        try:
            with warnings.catch_warnings():
                # Pillow's own bomb guard warns (on the console) from 89 million pixels and refuses from twice
                # that: both mean "too many pixels" here, where the limit is lower still.
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(f) as image:  # reads the header only
                    width, height = image.size
                    if width * height > limits.IMAGE_PIXELS:
                        raise ImageError(
                            "image-too-many-pixels", path=path, width=width, height=height, limit=limits.IMAGE_PIXELS
                        )
                    image.load()
                    return _as_array(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageError("image-too-big", path=path, limit=limits.IMAGE_PIXELS) from None
        except Problem:
            raise
        # Pillow reports a damaged or foreign file with any of these (UnidentifiedImageError is an OSError).
        except (OSError, ValueError, SyntaxError, EOFError, TypeError, IndexError, KeyError, ZeroDivisionError) as exc:
            raise ImageError("image-unreadable", path=path, detail=short_detail(exc)) from None


def _as_array(image: Image.Image) -> np.ndarray:
    mode = image.mode
    if mode in _WITH_ALPHA or (mode == "P" and "transparency" in image.info):
        return np.asarray(_smaller(image.convert("RGBA")))
    if mode.startswith("I;16"):
        image = image.convert("I")  # 16-bit to 32-bit integers, exactly
    if image.mode in _HIGH_DEPTH:
        return scaled_to_unit(np.asarray(_smaller(image)))
    return np.asarray(_smaller(image.convert("L")))


def _smaller(image: Image.Image) -> Image.Image:
    """A large image averaged down (whole blocks of pixels, as MNIST's own anti-aliasing) to at most
    ``WORKING_SIDE`` pixels a side: the network sees 28, and preprocessing a 24-megapixel photo at full size
    would take several times its size in memory for nothing."""
    side = max(image.size)
    if side <= WORKING_SIDE:
        return image
    return image.reduce(math.ceil(side / WORKING_SIDE))


def scaled_to_unit(values: np.ndarray) -> np.ndarray:
    """A greyscale array of any number type as float32 in 0..1, by the range its finite values span (a
    flat image becomes all 0: nothing drawn). Values that are not numbers count as the darkest."""
    grey = np.asarray(values, dtype=np.float64)
    finite = np.isfinite(grey)
    if not finite.any():
        return np.zeros(grey.shape, np.float32)
    low, high = float(grey[finite].min()), float(grey[finite].max())
    grey = np.where(finite, grey, low)
    if high <= low:
        return np.zeros(grey.shape, np.float32)
    return ((grey - low) / (high - low)).astype(np.float32)
