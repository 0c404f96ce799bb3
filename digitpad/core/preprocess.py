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


def to_grey8(image: np.ndarray) -> np.ndarray:
    """Any image ``to_grey`` accepts as a uint8 greyscale array; a 2-D uint8 array (the canvas) passes untouched."""
    img = np.asarray(image)
    if img.dtype == np.uint8 and img.ndim == 2:
        return img
    return (to_grey(img) * 255.0 + 0.5).astype(np.uint8)


def ink_levels(grey8: np.ndarray) -> tuple[float, float, bool]:
    """(background, ink span, inverted) in 0..255 levels, with dark-on-light images read as inverted.

    The background is the median of the border; the span runs from it to the brightest ink.
    """
    border = np.sort(np.concatenate([grey8[0], grey8[-1], grey8[:, 0], grey8[:, -1]]))
    mid = len(border) // 2
    background = float(border[mid]) if len(border) % 2 else (float(border[mid - 1]) + float(border[mid])) / 2
    inverted = background > 127.5
    if inverted:
        background, peak = 255.0 - background, 255.0 - float(grey8.min())
    else:
        peak = float(grey8.max())
    if peak - background < MIN_CONTRAST * 255:
        raise NothingDrawn("nothing drawn")
    return background, peak - background, inverted


def ink_box(grey8: np.ndarray, threshold: float, inverted: bool) -> tuple[int, int, int, int]:
    """(top, bottom, left, right), bottom and right exclusive, of the pixels at least ``threshold`` from paper."""
    if inverted:
        limit = 255.0 - threshold
        cols = np.flatnonzero(grey8.min(axis=0) <= limit)
        if cols.size == 0:
            raise NothingDrawn("nothing drawn")
        rows = np.flatnonzero(grey8[:, cols[0] : cols[-1] + 1].min(axis=1) <= limit)
    else:
        cols = np.flatnonzero(grey8.max(axis=0) >= threshold)
        if cols.size == 0:
            raise NothingDrawn("nothing drawn")
        rows = np.flatnonzero(grey8[:, cols[0] : cols[-1] + 1].max(axis=1) >= threshold)
    top, bottom, left, right = int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1
    extent = max(bottom - top, right - left) / max(grey8.shape)
    if extent < MIN_EXTENT:
        raise NothingDrawn("nothing drawn (only a speck)")
    return top, bottom, left, right


def fit_box(crop8: np.ndarray, box: int = BOX) -> np.ndarray:
    """Scale so that the longer side is ``box`` pixels, keeping the aspect ratio, anti-aliased (uint8 in and out)."""
    h, w = crop8.shape
    scale = box / max(h, w)
    new_h, new_w = max(1, round(h * scale)), max(1, round(w * scale))
    # Box filter when shrinking averages the covered area (MNIST's anti-aliasing); bilinear when growing.
    resample = Image.Resampling.BOX if scale < 1 else Image.Resampling.BILINEAR
    resized = Image.fromarray(np.ascontiguousarray(crop8), mode="L").resize((new_w, new_h), resample)
    return np.frombuffer(resized.tobytes(), np.uint8).reshape(new_h, new_w)


def centre_by_mass(patch: np.ndarray, frame: int = FRAME) -> np.ndarray:
    """Place ``patch`` in a ``frame`` x ``frame`` field with its centre of mass at the field's centre."""
    h, w = patch.shape
    rows, cols = patch.sum(axis=1), patch.sum(axis=0)
    mass = rows.sum()
    cy, cx = rows @ np.arange(h, dtype=np.float32) / mass, cols @ np.arange(w, dtype=np.float32) / mass
    top = int(np.clip(round(CENTRE - cy), 0, frame - h))
    left = int(np.clip(round(CENTRE - cx), 0, frame - w))
    out = np.zeros((frame, frame), dtype=np.float32)
    out[top : top + h, left : left + w] = patch
    return out


def preprocess(image: np.ndarray) -> np.ndarray:
    """Any image of a digit -> (28, 28) float32 in 0..1, bright ink on black, MNIST-style.

    Raises ``NothingDrawn`` for an empty or near-empty image. The work is done on 8-bit levels: only the
    ink's bounding box is copied, and only the 20x20 result becomes floats (~0.15 ms for the canvas's
    280x280 here, a third of a float pipeline's time; docs/performance.md).
    """
    grey8 = to_grey8(image)
    if grey8.size == 0:
        raise NothingDrawn("nothing drawn")
    background, span, inverted = ink_levels(grey8)
    threshold = background + INK_LEVEL * span
    top, bottom, left, right = ink_box(grey8, threshold, inverted)
    crop = grey8[top:bottom, left:right]
    if inverted:
        crop = 255 - crop
    if np.count_nonzero(crop >= threshold) < 3:
        raise NothingDrawn("nothing drawn (only a speck)")
    patch = (fit_box(crop).astype(np.float32) - background) * (1.0 / span)
    return centre_by_mass(np.clip(patch, 0.0, 1.0))
