"""Projector mode's palette: black on white for the back of the room, with disabled controls plainly grey.

Qt's own palettes are tuned for a desk monitor; on a projector, pale greys wash out, and a palette that only
sets the active colours makes disabled controls (Pause before training, a switched-off value box) look as
usable as the rest. tests/ui/test_accessibility.py checks the contrast of both.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette


def projector_palette(base: QPalette) -> QPalette:
    """Black on white with a strong blue highlight; disabled text, buttons and boxes plainly greyed out."""
    palette = QPalette(base)
    active = (
        (QPalette.ColorRole.Window, "#ffffff"),
        (QPalette.ColorRole.WindowText, "#000000"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.AlternateBase, "#f0f0f0"),
        (QPalette.ColorRole.Text, "#000000"),
        (QPalette.ColorRole.Button, "#e8e8e8"),
        (QPalette.ColorRole.ButtonText, "#000000"),
        (QPalette.ColorRole.Highlight, "#0033aa"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
        (QPalette.ColorRole.PlaceholderText, "#555555"),
    )
    for role, colour in active:
        palette.setColor(role, QColor(colour))
    disabled = (
        (QPalette.ColorRole.WindowText, "#9a9a9a"),
        (QPalette.ColorRole.Text, "#9a9a9a"),
        (QPalette.ColorRole.ButtonText, "#9a9a9a"),
        (QPalette.ColorRole.Base, "#f2f2f2"),
        (QPalette.ColorRole.Button, "#f6f6f6"),
        (QPalette.ColorRole.Highlight, "#b8b8b8"),
        (QPalette.ColorRole.PlaceholderText, "#b0b0b0"),
    )
    for role, colour in disabled:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(colour))
    return palette
