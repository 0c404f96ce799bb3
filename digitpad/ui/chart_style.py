"""How the training charts look: a colour-blind-safe palette with a marker per network, and readable axes.

Colour is never the only cue: every network of a run gets its own marker shape too (on its epoch points
and at each epoch's end on the per-batch curves), validation is dashed and hollow, training solid and
filled, and the legend shows each marker beside its name.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QColor

# Okabe and Ito's palette for colour-blind readers, without its yellow (too pale on white): blue, orange,
# bluish green, vermillion, reddish purple, sky blue.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9")
# pyqtgraph symbol -> the glyph the legend writes for it. The star is kept for the best epoch.
MARKERS = (("o", "●"), ("t1", "▲"), ("s", "■"), ("d", "◆"), ("t", "▼"), ("+", "✚"), ("x", "✖"))


@dataclass(frozen=True)
class SeriesStyle:
    """A network's look: colour and marker shape (with the glyph the legend writes for it)."""

    colour: QColor
    symbol: str
    glyph: str


def series_style(index: int) -> SeriesStyle:
    """The look of the ``index``-th network drawn since the charts began: colours and markers cycle at
    different lengths (6 and 7), so 42 networks in a row look different from each other."""
    symbol, glyph = MARKERS[index % len(MARKERS)]
    return SeriesStyle(QColor(PALETTE[index % len(PALETTE)]), symbol, glyph)


class WholeNumberAxis(pg.AxisItem):
    """Epochs are whole numbers: never put a tick at 1.5."""

    def tickSpacing(self, minVal, maxVal, size):
        levels = [(spacing, offset) for spacing, offset in super().tickSpacing(minVal, maxVal, size) if spacing >= 1]
        return levels or [(1.0, 0.0)]

    def tickStrings(self, values, scale, spacing):
        return [f"{round(v):d}" for v in values]


class CompactNumberAxis(WholeNumberAxis):
    """Image counts as 20k or 1.5M, rather than pyqtgraph's scale factor in the axis label; whole numbers
    only, so a narrow range never reads "999.8 1k 1.0002k"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):
        return [compact_number(v) for v in values]


def compact_number(value: float) -> str:
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:.3g}{suffix}"
    return f"{round(value):d}"


def tick_label_rects(axis: pg.AxisItem) -> list:
    """The rectangles where ``axis`` draws its tick labels now (in the axis's coordinates), for checking that
    none overlap. pyqtgraph computes them for painting; asking it here draws nothing."""
    from PySide6.QtGui import QImage, QPainter

    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    if specs is None:
        return []
    return [rect for rect, _flags, _text in specs[2]]
