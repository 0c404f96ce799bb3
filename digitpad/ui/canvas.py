"""A square canvas for drawing one digit with a mouse, a pen tablet or a finger, white ink on black."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QImage,
    QInputDevice,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

# Strokes live in this fixed square, whatever the widget's size, so resizing never changes the image.
LOGICAL_SIZE = 280
MIN_SIDE = 120  # pixels: still a square to draw in on a netbook with the projector's large text
# 18 of 280 is ~6% of the side: after MNIST's crop-to-20px this gives the 2-3 px strokes of real digits.
DEFAULT_PEN_WIDTH = 18.0
MIN_PEN_WIDTH = 4.0
MAX_PEN_WIDTH = 48.0
# Dropping points closer than this keeps strokes small without visible loss (logical pixels).
MIN_POINT_SPACING = 1.0
# Pressure only nudges the width: children press hard or barely touch, and MNIST strokes are even.
PRESSURE_MIN_FACTOR = 0.75
PRESSURE_MAX_FACTOR = 1.25

INK = QColor(255, 255, 255)
PAPER = QColor(0, 0, 0)
HINT = QColor(255, 255, 255, 90)
BORDER = QColor(128, 128, 128, 120)


@dataclass
class Stroke:
    """One continuous line: its points and the pen width at each, in logical units."""

    points: list[QPointF] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)

    def has_even_width(self) -> bool:
        return max(self.widths) - min(self.widths) < 0.01


def stroke_path(points: list[QPointF]) -> QPainterPath:
    """A smooth path through the points: quadratic curves via the midpoints hide the mouse's corners."""
    path = QPainterPath(points[0])
    if len(points) == 2:
        path.lineTo(points[1])
        return path
    for here, after in pairwise(points[1:]):
        path.quadTo(here, (here + after) / 2)
    path.lineTo(points[-1])
    return path


def paint_stroke(painter: QPainter, stroke: Stroke) -> None:
    pen = QPen(INK, stroke.widths[0], Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    if len(stroke.points) == 1:
        # A tap is a dot: a round-capped point is a filled circle of the pen's width.
        painter.setPen(pen)
        painter.drawPoint(stroke.points[0])
    elif stroke.has_even_width():
        painter.setPen(pen)
        painter.drawPath(stroke_path(stroke.points))
    else:
        # Tablet strokes change width along the way; round-capped segments join seamlessly.
        for i in range(1, len(stroke.points)):
            pen.setWidthF((stroke.widths[i - 1] + stroke.widths[i]) / 2)
            painter.setPen(pen)
            painter.drawLine(stroke.points[i - 1], stroke.points[i])


def render_strokes(strokes: list[Stroke], size: int = LOGICAL_SIZE) -> np.ndarray:
    """The strokes as a (size, size) uint8 image, 255 = full ink."""
    image = QImage(size, size, QImage.Format.Format_Grayscale8)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / LOGICAL_SIZE, size / LOGICAL_SIZE)
    for stroke in strokes:
        paint_stroke(painter, stroke)
    painter.end()
    # Rows are padded to 4 bytes, so read whole padded rows and cut the padding off.
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return rows.reshape(size, image.bytesPerLine())[:, :size].copy()


def enlarge(image28: np.ndarray, size: int = LOGICAL_SIZE) -> np.ndarray:
    """A 28x28 digit (uint8, 255 = ink) blown up smoothly to (size, size) uint8, as if it had been drawn."""
    source = np.ascontiguousarray(image28, dtype=np.uint8)
    small = QImage(source.data, source.shape[1], source.shape[0], source.shape[1], QImage.Format.Format_Grayscale8)
    big = small.scaled(size, size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation)
    rows = np.frombuffer(big.constBits(), dtype=np.uint8, count=big.sizeInBytes())
    return rows.reshape(size, big.bytesPerLine())[:, :size].copy()


class DrawingCanvas(QWidget):
    """Draw a digit; read it back with ``image()``.

    ``drawing_changed`` fires on every new point of a stroke in progress (throttle it),
    ``stroke_finished`` when the pen lifts, ``undone`` after ``undo()`` and ``cleared`` when the canvas
    becomes empty (by ``clear()`` or by undoing the last stroke).

    Without a mouse: the digit keys 0-9 ask for a test image of that digit (``digit_key_pressed``); the
    window puts it on the canvas with ``show_digit`` and the network classifies it like a drawing.
    """

    drawing_changed = Signal()
    stroke_finished = Signal()
    undone = Signal()
    cleared = Signal()
    digit_key_pressed = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("canvas")
        self.setAccessibleName(self.tr("Drawing canvas"))
        self.setAccessibleDescription(
            self.tr(
                "Draw one digit with the mouse, a pen or a finger. With the keyboard: press a digit key, 0 to 9, "
                "to put a test image of that digit here. Esc clears, Ctrl+Z undoes the last stroke."
            )
        )
        self.setToolTip(
            self.tr("Draw one digit. Esc clears, Ctrl+Z undoes the last stroke; a digit key puts a test image here.")
        )
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._strokes: list[Stroke] = []
        self._active: Stroke | None = None
        self._touch_id: int | None = None
        self._pen_width = DEFAULT_PEN_WIDTH
        self._background: np.ndarray | None = None  # a test image put here instead of drawing (280x280 uint8)

    # -- public API ---------------------------------------------------------------------------------

    def pen_width(self) -> float:
        return self._pen_width

    def set_pen_width(self, width: float) -> None:
        """Width for the strokes drawn from now on, in logical pixels of the 280x280 square (clamped)."""
        self._pen_width = float(min(max(width, MIN_PEN_WIDTH), MAX_PEN_WIDTH))

    def is_empty(self) -> bool:
        return not self._strokes and self._active is None and self._background is None

    def show_digit(self, image28: np.ndarray) -> None:
        """Put a 28x28 test image (uint8) on the canvas in place of a drawing; strokes can go over it."""
        self._strokes.clear()
        self._active = None
        self._background = enlarge(image28)
        self.update()
        self.stroke_finished.emit()

    def is_drawing(self) -> bool:
        """Whether a stroke is in progress (the pen is down)."""
        return self._active is not None

    def has_test_image(self) -> bool:
        return self._background is not None

    def stroke_count(self) -> int:
        """Finished strokes plus the one in progress."""
        return len(self._strokes) + (self._active is not None)

    def strokes(self) -> list[list[tuple[float, float]]]:
        """Every stroke's points in logical coordinates (a copy)."""
        return [[(p.x(), p.y()) for p in s.points] for s in self._all_strokes()]

    def image(self) -> np.ndarray:
        """All strokes, including one in progress (over a test image, if one is shown), as a (280, 280) uint8
        array: 255 ink on 0 paper."""
        strokes = render_strokes(self._all_strokes())
        return strokes if self._background is None else np.maximum(strokes, self._background)

    def undo(self) -> None:
        """Remove the last stroke (or abandon the one being drawn)."""
        if self._active is not None:
            self._active = None
            self._touch_id = None
        elif self._strokes:
            self._strokes.pop()
        elif self._background is not None:
            self._background = None
        else:
            return
        self.update()
        self.undone.emit()
        if self.is_empty():
            self.cleared.emit()

    def stroke_snapshot(self) -> list[Stroke]:
        """The finished strokes, copied: the Session keeps them so another window can show the same drawing."""
        return [Stroke(list(s.points), list(s.widths)) for s in self._strokes]

    def restore_strokes(self, strokes: list[Stroke]) -> None:
        """Show strokes from ``stroke_snapshot`` (a window rebuilt in another language keeps the drawing)."""
        self._strokes = [Stroke(list(s.points), list(s.widths)) for s in strokes]
        self._active = None
        self._touch_id = None
        self.update()
        self.stroke_finished.emit()

    def clear(self) -> None:
        self._strokes.clear()
        self._background = None
        self._active = None
        self._touch_id = None
        self.update()
        self.cleared.emit()

    # -- geometry -------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(LOGICAL_SIZE, LOGICAL_SIZE)

    def minimumSizeHint(self) -> QSize:
        return QSize(MIN_SIDE, MIN_SIDE)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def _paper_rect(self) -> QRectF:
        """The largest centred square: layouts rarely honour height-for-width, so letterbox instead."""
        side = max(1, min(self.width(), self.height()))
        return QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)

    def _to_logical(self, pos: QPointF) -> QPointF:
        paper = self._paper_rect()
        return (pos - paper.topLeft()) * (LOGICAL_SIZE / paper.width())

    # -- strokes ----------------------------------------------------------------------------------------

    def _all_strokes(self) -> list[Stroke]:
        return [*self._strokes, self._active] if self._active is not None else list(self._strokes)

    def _width_for(self, pressure: float | None) -> float:
        if pressure is None:
            return self._pen_width
        pressure = min(max(pressure, 0.0), 1.0)
        factor = PRESSURE_MIN_FACTOR + (PRESSURE_MAX_FACTOR - PRESSURE_MIN_FACTOR) * pressure
        return self._pen_width * factor

    def _begin_stroke(self, pos: QPointF, pressure: float | None = None) -> None:
        self._active = Stroke([self._to_logical(pos)], [self._width_for(pressure)])
        self.update()
        self.drawing_changed.emit()

    def _extend_stroke(self, pos: QPointF, pressure: float | None = None) -> None:
        if self._active is None:
            return
        point = self._to_logical(pos)
        last = self._active.points[-1]
        if (point - last).manhattanLength() < MIN_POINT_SPACING:
            return
        self._active.points.append(point)
        self._active.widths.append(self._width_for(pressure))
        self.update()
        self.drawing_changed.emit()

    def _finish_stroke(self) -> None:
        if self._active is None:
            return
        self._strokes.append(self._active)
        self._active = None
        self._touch_id = None
        self.update()
        self.stroke_finished.emit()

    # -- input --------------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin_stroke(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._active is not None and event.buttons() & Qt.MouseButton.LeftButton:
            self._extend_stroke(event.position())
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._finish_stroke()
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        # Accepting stops Qt from also synthesising mouse events, which would draw every stroke twice.
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin_stroke(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletMove:
            if self._active is not None:
                self._extend_stroke(event.position(), event.pressure())
        elif kind == QEvent.Type.TabletRelease:
            self._finish_stroke()
        event.accept()

    def event(self, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            return self._touch_event(event)
        return super().event(event)

    def _touch_event(self, event: QTouchEvent) -> bool:
        # A touchpad reports finger positions on the pad, not on the screen: leave it to the mouse.
        if event.device() is not None and event.device().type() == QInputDevice.DeviceType.TouchPad:
            event.ignore()
            return False
        kind = event.type()
        if kind == QEvent.Type.TouchCancel:
            self._finish_stroke()
            return True
        # Follow one finger; extra fingers (a resting palm, a second hand) are ignored.
        if self._touch_id is None and kind == QEvent.Type.TouchBegin and event.points():
            first = event.points()[0]
            self._begin_stroke(first.position())
            self._touch_id = first.id()
            event.accept()
            return True
        tracked = next((p for p in event.points() if p.id() == self._touch_id), None)
        if tracked is not None:
            self._extend_stroke(tracked.position())
            if tracked.state() == QEventPoint.State.Released or kind == QEvent.Type.TouchEnd:
                self._finish_stroke()
        event.accept()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
        # Backspace too: it is the key labelled "delete" on Mac keyboards.
        elif event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
        elif (
            Qt.Key.Key_0 <= event.key() <= Qt.Key.Key_9 and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ):
            self.digit_key_pressed.emit(event.key() - Qt.Key.Key_0)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    # -- painting -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().window())
        paper = self._paper_rect()
        painter.fillRect(paper, PAPER)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.is_empty():
            self._paint_hint(painter, paper)
        else:
            painter.save()
            painter.setClipRect(paper)
            if self._background is not None:
                grey = np.ascontiguousarray(self._background)
                image = QImage(grey.data, LOGICAL_SIZE, LOGICAL_SIZE, LOGICAL_SIZE, QImage.Format.Format_Grayscale8)
                painter.drawImage(paper, image)
            painter.translate(paper.topLeft())
            painter.scale(paper.width() / LOGICAL_SIZE, paper.height() / LOGICAL_SIZE)
            for stroke in self._all_strokes():
                paint_stroke(painter, stroke)
            painter.restore()
        border = QColor(self.palette().highlight().color()) if self.hasFocus() else BORDER
        painter.setPen(QPen(border, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(paper.adjusted(0.5, 0.5, -0.5, -0.5))
        painter.end()

    def _paint_hint(self, painter: QPainter, paper: QRectF) -> None:
        font = painter.font()
        font.setPointSizeF(max(9.0, paper.width() / 22))
        painter.setFont(font)
        painter.setPen(HINT)
        painter.drawText(paper, Qt.AlignmentFlag.AlignCenter, self.tr("draw a digit here"))

    def focusInEvent(self, event) -> None:
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        # A release that happened elsewhere (alt-tab mid-stroke) must not leave a stroke hanging.
        self._finish_stroke()
        self.update()
        super().focusOutEvent(event)
