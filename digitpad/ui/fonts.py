"""Fonts that follow the system's text size and the window's zoom.

A widget given a whole font (``QFont(label.font())`` with a change) keeps that size for ever: Qt stops passing
it its parent's font. A font that sets only what differs (bold, or a size relative to the text now) keeps the
rest inherited, so a larger system font or a zoom still reaches it.
"""

from __future__ import annotations

from PySide6.QtGui import QFont


def bold_font(base: QFont | None = None, scale: float | None = None) -> QFont:
    """Bold, and nothing else set; with ``base`` and ``scale``, also ``scale`` times ``base``'s size (set it
    again when the size changes: a widget's FontChange)."""
    font = QFont()
    font.setBold(True)
    if base is not None and scale is not None and base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * scale)
    return font
