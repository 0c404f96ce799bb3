"""Synthetic pointer input for the canvas tests."""

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton
NO_BUTTON = Qt.MouseButton.NoButton


def send_mouse(widget, kind: QEvent.Type, point: tuple[float, float], button, buttons) -> None:
    # Real QMouseEvents with the button state set: QTest.mouseMove does not always report held buttons.
    local = QPointF(*point)
    event = QMouseEvent(kind, local, widget.mapToGlobal(local), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def drag(widget, points: list[tuple[float, float]]) -> None:
    """Press at the first point, move through the rest with the left button held, release at the last."""
    send_mouse(widget, QEvent.Type.MouseButtonPress, points[0], LEFT, LEFT)
    for point in points[1:]:
        send_mouse(widget, QEvent.Type.MouseMove, point, NO_BUTTON, LEFT)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, points[-1], LEFT, NO_BUTTON)


def line(start: tuple[float, float], end: tuple[float, float], steps: int = 20) -> list[tuple[float, float]]:
    """Evenly spaced points from start to end, both included."""
    (x0, y0), (x1, y1) = start, end
    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]
