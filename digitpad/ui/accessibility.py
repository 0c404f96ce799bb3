"""Telling a screen reader what changed: announcements, with a record of the last ones for tests.

Qt 6.8 and later send ``QAccessibleAnnouncementEvent``s to the platform's screen reader (a "live region");
older Qt gets the text as the widget's accessible description and a description-changed event, which most
screen readers read out when the widget has focus.
"""

from __future__ import annotations

from collections import deque

from PySide6 import QtGui
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

_recent: deque[tuple[int, str]] = deque(maxlen=20)  # (number, text), numbered from 1 since the start


def announce(widget: QWidget, text: str) -> None:
    """Have the screen reader say ``text`` (about ``widget``) without moving the focus."""
    _recent.append((_recent[-1][0] + 1 if _recent else 1, text))
    widget.setAccessibleDescription(text)
    if not QAccessible.isActive():
        return  # no screen reader listening: nothing to send
    event_class = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_class is not None:
        QAccessible.updateAccessibility(event_class(widget, text))
    else:
        QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))


def recent_announcements(after: int = 0) -> list[str]:
    """The last announcements (up to 20), oldest first, only those after number ``after`` (tests)."""
    return [text for number, text in _recent if number > after]


def announcement_count() -> int:
    """How many announcements have been made so far (to ask later for the ones after)."""
    return _recent[-1][0] if _recent else 0
