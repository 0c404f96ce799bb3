"""The 28x28 image the network actually receives, blown up with crisp pixels and a faint grid."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

SIDE = 28
CAPTION = QT_TRANSLATE_NOOP("ModelInputPreview", "what the network sees (28×28)")  # translated when shown
CAPTION_GAP = 4
GRID = QColor(255, 255, 255, 22)
FRAME = QColor(128, 128, 128, 140)
MIN_CELL_FOR_GRID = 4  # below this a grid would be all lines and no pixels


class ModelInputPreview(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("model_input_preview")
        self.setAccessibleName(self.tr("Model input preview"))
        self.setToolTip(self.tr("The drawing after MNIST-style preprocessing: cropped, scaled to 20×20, centred"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._pixels: np.ndarray | None = None
        self._image: QImage | None = None

    def set_image(self, image: np.ndarray | None) -> None:
        """Show a (28, 28) array in 0..1 (uint8 0..255 is accepted too); None shows an empty frame."""
        if image is None:
            self._pixels = None
            self._image = None
        else:
            pixels = np.asarray(image)
            if pixels.shape != (SIDE, SIDE):
                raise ValueError(f"expected a ({SIDE}, {SIDE}) array, got shape {pixels.shape}")
            if pixels.dtype == np.uint8:
                pixels = pixels.astype(np.float32) / 255.0
            self._pixels = np.clip(pixels.astype(np.float32), 0.0, 1.0)
            grey = np.ascontiguousarray(np.round(self._pixels * 255).astype(np.uint8))
            # QImage borrows the buffer, so copy() gives it memory of its own before ``grey`` goes away.
            self._image = QImage(grey.data, SIDE, SIDE, SIDE, QImage.Format.Format_Grayscale8).copy()
        self.update()

    def image_array(self) -> np.ndarray | None:
        """What is shown, as (28, 28) float32 in 0..1, or None for the empty frame."""
        return None if self._pixels is None else self._pixels.copy()

    def caption(self) -> str:
        return self.tr(CAPTION)

    def _caption_height(self, width: int | None = None) -> int:
        """The caption's height at ``width`` (the widget's): one line, or two where it has to wrap."""
        width = max(1, self.width() if width is None else width)
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        # Measured on the text itself: a Korean caption is drawn in a fallback font with taller lines.
        return self.fontMetrics().boundingRect(QRect(0, 0, width, 10_000), flags, self.caption()).height() + CAPTION_GAP

    def sizeHint(self) -> QSize:
        width = max(SIDE * 6, self._caption_width())
        return QSize(width, SIDE * 6 + self._caption_height(width))

    def minimumSizeHint(self) -> QSize:
        # Narrow enough for a netbook: the caption wraps onto a second line rather than widening the column.
        width = max(SIDE * 3, self._caption_width() // 2 + self.fontMetrics().averageCharWidth() * 4)
        return QSize(width, SIDE * 3 + self._caption_height(width))

    def caption_fits(self) -> bool:
        """Whether the caption, wrapped at the widget's width, fits the room kept for it (tests check)."""
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        needed = self.fontMetrics().boundingRect(QRect(0, 0, self.width(), 10_000), flags, self.caption())
        return needed.width() <= self.width() and needed.height() <= self._caption_height() - CAPTION_GAP

    def _caption_width(self) -> int:
        return self.fontMetrics().horizontalAdvance(self.caption()) + 4

    def _pixel_rect(self) -> QRect:
        """A centred square whose side is a whole multiple of 28 when it can be, so every cell is equal."""
        available = max(1, min(self.width(), self.height() - self._caption_height()))
        side = available // SIDE * SIDE if available >= SIDE else available
        return QRect((self.width() - side) // 2, 0, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        target = self._pixel_rect()
        painter.fillRect(target, Qt.GlobalColor.black)
        if self._image is not None:
            # No smoothing: each of the 28x28 values stays a sharp square, as the network sees it.
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(target, self._image)
        cell = target.width() / SIDE
        if cell >= MIN_CELL_FOR_GRID:
            painter.setPen(QPen(GRID, 1))
            for i in range(1, SIDE):
                x = target.left() + round(i * cell)
                y = target.top() + round(i * cell)
                painter.drawLine(x, target.top(), x, target.bottom())
                painter.drawLine(target.left(), y, target.right(), y)
        painter.setPen(QPen(FRAME, 1))
        painter.drawRect(target.adjusted(0, 0, -1, -1))
        caption = QRect(0, target.bottom() + 1 + CAPTION_GAP, self.width(), self._caption_height())
        painter.setPen(self.palette().placeholderText().color())
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(caption, flags, self.caption())
        painter.end()
