"""Turn any drawn or loaded image into the model's 28x28 input, the way MNIST itself was made.

MNIST's recipe (LeCun, Cortes, Burges): the ink is cropped to its bounding box, scaled to fit a 20x20
box keeping its aspect ratio (anti-aliased, so edges become grey levels), then placed in the 28x28
frame so that its centre of mass sits at the centre. Ink is bright on black, in 0..1.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

FRAME = 28
BOX = 20
# Measured on the real MNIST training set: the centre of mass sits at (14.0, 14.0) in pixel indices.
CENTRE = 14.0
INK_LEVEL = 0.15  # a pixel at least this bright (after background removal) counts as ink
MIN_CONTRAST = 0.12  # below this difference between ink and background, nothing was drawn
MIN_EXTENT = 0.04  # ink whose bounding box spans less than this share of the image is a speck


class NothingDrawn(ValueError):
    """The image holds no digit (empty, blank or a speck): never classify it."""


def to_grey(image: np.ndarray) -> np.ndarray:
    """Any greyscale, RGB or RGBA array (uint8 or float) as float32 in 0..1."""
    img = np.asarray(image)
    if img.ndim == 3 and img.shape[2] == 1:
        img = img[..., 0]
    if img.ndim == 3 and img.shape[2] in (3, 4):
        scale = 255.0 if img.dtype == np.uint8 else 1.0
        rgb = img[..., :3].astype(np.float32) / scale
        grey = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        if img.shape[2] == 4:
            alpha = img[..., 3].astype(np.float32) / scale
            if alpha.min() < 0.99:
                # A drawing on a transparent background: the opaque pixels are the ink.
                grey = alpha
        img = grey
    if img.ndim != 2:
        raise ValueError(f"expected a 2-D greyscale or an RGB(A) image, got shape {img.shape}")
    if img.dtype == np.uint8:
        return img.astype(np.float32) / 255.0
    img = img.astype(np.float32)
    if img.size and img.max() > 1.0:
        img = img / 255.0
    return np.clip(img, 0.0, 1.0)


def normalise_polarity(grey: np.ndarray) -> np.ndarray:
    """Bright ink on a black background: dark-on-light images are inverted, the background removed."""
    border = np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])
    background = float(np.median(border))
    if background > 0.5:
        grey = 1.0 - grey
        background = 1.0 - background
    peak = float(grey.max())
    if peak - background < MIN_CONTRAST:
        raise NothingDrawn("nothing drawn")
    return np.clip((grey - background) / (peak - background), 0.0, 1.0)


def ink_box(ink: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), bottom and right exclusive, of the pixels that count as ink."""
    mask = ink >= INK_LEVEL
    rows = np.flatnonzero(mask.any(axis=1))
    cols = np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        raise NothingDrawn("nothing drawn")
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    extent = max(bottom - top, right - left) / max(ink.shape)
    if extent < MIN_EXTENT or mask.sum() < 3:
        raise NothingDrawn("nothing drawn (only a speck)")
    return int(top), int(bottom), int(left), int(right)


def fit_box(crop: np.ndarray, box: int = BOX) -> np.ndarray:
    """Scale so that the longer side is ``box`` pixels, keeping the aspect ratio, anti-aliased."""
    h, w = crop.shape
    scale = box / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    # Box filter when shrinking averages the covered area (MNIST's anti-aliasing); bilinear when growing.
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    resized = Image.fromarray(crop.astype(np.float32), mode="F").resize((new_w, new_h), resample)
    return np.clip(np.asarray(resized, dtype=np.float32), 0.0, 1.0)


def centre_by_mass(patch: np.ndarray, frame: int = FRAME) -> np.ndarray:
    """Place ``patch`` in a ``frame`` x ``frame`` field with its centre of mass at the field's centre."""
    h, w = patch.shape
    mass = patch.sum()
    ys, xs = np.indices(patch.shape)
    cy, cx = (ys * patch).sum() / mass, (xs * patch).sum() / mass
    top = int(np.clip(round(CENTRE - cy), 0, frame - h))
    left = int(np.clip(round(CENTRE - cx), 0, frame - w))
    out = np.zeros((frame, frame), dtype=np.float32)
    out[top : top + h, left : left + w] = patch
    return out


def preprocess(image: np.ndarray) -> np.ndarray:
    """Any image of a digit -> (28, 28) float32 in 0..1, bright ink on black, MNIST-style.

    Raises ``NothingDrawn`` for an empty or near-empty image.
    """
    grey = to_grey(image)
    if grey.size == 0:
        raise NothingDrawn("nothing drawn")
    ink = normalise_polarity(grey)
    top, bottom, left, right = ink_box(ink)
    return centre_by_mass(fit_box(ink[top:bottom, left:right]))
