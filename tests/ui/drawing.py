"""Digits drawn as pen strokes in the canvas's logical 280x280 space, and a way to draw them for real."""

import math

from tests.ui.input_helpers import drag, line


def ellipse(centre, radii, steps=40, start=-math.pi / 2):
    (cx, cy), (rx, ry) = centre, radii
    return [
        (cx + rx * math.cos(start + 2 * math.pi * i / steps), cy + ry * math.sin(start + 2 * math.pi * i / steps))
        for i in range(steps + 1)
    ]


DIGITS = {
    0: [ellipse((140, 140), (62, 95))],
    1: [line((150, 40), (135, 245))],
    4: [line((160, 40), (70, 175)) + line((70, 175), (215, 175))[1:], line((175, 95), (175, 250))],
    7: [line((70, 55), (215, 55)) + line((215, 55), (125, 245))[1:]],
}


def to_widget(canvas, x, y):
    """Logical canvas coordinates to widget coordinates (the canvas letterboxes a centred square)."""
    side = min(canvas.width(), canvas.height())
    left, top = (canvas.width() - side) / 2, (canvas.height() - side) / 2
    return left + x * side / 280, top + y * side / 280


def draw_digit(canvas, digit):
    for stroke in DIGITS[digit]:
        drag(canvas, [to_widget(canvas, x, y) for x, y in stroke])
