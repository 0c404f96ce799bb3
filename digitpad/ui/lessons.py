"""Applying a lesson to the training panel: preset the switches, lock or hide controls, and leave again.

The panel re-enables value boxes on its own (``set_running(False)`` and each switch's ``toggled``), so a
locked widget carries an event filter that turns it off again whenever anything turns it on: a lesson's
lock survives training runs without the panel knowing about lessons.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QStandardPaths, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.controls import DEPENDENCIES, NAMES, hidden_parts, locked_parts, values_from_config
from digitpad.core.lessons import Lesson, LessonError, available_lessons, load_lesson
from digitpad.ui.fonts import bold_font
from digitpad.ui.i18n import installed_language
from digitpad.ui.messages import describe as describe_error

log = logging.getLogger(__name__)

# Lesson control name -> the panel widgets (named like core.controls' parts) it locks, and those it hides.
LOCKS = {name: locked_parts(name) for name in NAMES}
HIDES = {name: hidden_parts(name) for name in NAMES}


def _set_shown(widget: QWidget, shown: bool) -> None:
    form = widget.parentWidget().layout() if widget.parentWidget() else None
    if isinstance(form, QFormLayout) and form.indexOf(widget) >= 0:
        form.setRowVisible(widget, shown)  # the row's label goes too
    else:
        widget.setVisible(shown)


class LessonLock(QObject):
    """Holds one panel's lesson state; a child of the panel (objectName "lesson_lock")."""

    def __init__(self, panel):
        super().__init__(panel)
        self.setObjectName("lesson_lock")
        self.panel = panel
        self.lesson: Lesson | None = None
        self._saved_values: dict | None = None  # the student's own settings from before the first lesson
        self._tooltips: dict[str, str] = {}
        self._locked: list[str] = []
        self._hidden: list[str] = []

    def widget(self, name: str) -> QWidget:
        return getattr(self.panel, name)

    def apply(self, lesson: Lesson) -> None:
        if self.lesson is not None:
            self.clear(restore_values=False)
        if self._saved_values is None:
            self._saved_values = self.values()
        self.lesson = lesson
        self._set_values(lesson)
        tip = self.tr("locked by the lesson: {}").format(lesson.title)
        self._locked = list(dict.fromkeys(n for c in lesson.locked for n in LOCKS[c]))
        for name in self._locked:
            w = self.widget(name)
            self._tooltips[name] = w.toolTip()
            w.setToolTip(tip)
            w.setEnabled(False)
            w.installEventFilter(self)
        self._hidden = list(dict.fromkeys(n for c in lesson.hidden for n in HIDES[c]))
        for name in self._hidden:
            _set_shown(self.widget(name), False)

    def clear(self, restore_values: bool = True) -> None:
        for name in self._locked:
            w = self.widget(name)
            w.removeEventFilter(self)
            w.setToolTip(self._tooltips.get(name, ""))
            w.setEnabled(True)
        for name in self._hidden:
            _set_shown(self.widget(name), True)
        self._locked, self._hidden, self._tooltips = [], [], {}
        self.lesson = None
        if restore_values and self._saved_values is not None:
            self.put_values(self._saved_values)
            self._saved_values = None
        for switch, part in DEPENDENCIES:  # what the panel's own logic says, now that nothing is locked
            self.widget(part).setEnabled(self.widget(switch).isChecked())

    def eventFilter(self, watched, event) -> bool:
        # Only locked widgets carry this filter: whoever enables one, it goes straight back off.
        if event.type() == QEvent.Type.EnabledChange and watched.isEnabled():
            watched.setEnabled(False)
        return False

    def values(self) -> dict:
        return self.panel.values()

    def put_values(self, values: dict) -> None:
        self.panel.set_values(values)

    def _set_values(self, lesson: Lesson) -> None:
        # A switch's value box keeps the student's value when the lesson leaves the switch off.
        self.panel.set_values(values_from_config(lesson.config, base=self.panel.values()))


def _lock_of(panel) -> LessonLock:
    lock = panel.findChild(LessonLock, "lesson_lock")
    return lock if lock is not None else LessonLock(panel)


def apply_lesson(panel, lesson: Lesson) -> None:
    """Set the panel from ``lesson``, lock and hide its controls; replaces a lesson already applied."""
    _lock_of(panel).apply(lesson)


def clear_lesson(panel, restore_values: bool = True) -> None:
    """Unlock and show everything again and (by default) bring back the settings from before the lesson."""
    _lock_of(panel).clear(restore_values)


def current_lesson(panel) -> Lesson | None:
    return _lock_of(panel).lesson


@contextlib.contextmanager
def own_settings(panel):
    """Inside, the panel holds the student's own settings (from before the lesson), e.g. to save them;
    afterwards the lesson's values, and whatever the student changed in it, are back."""
    lock = _lock_of(panel)
    if lock.lesson is None or lock._saved_values is None:
        yield
        return
    during = lock.values()
    lock.put_values(lock._saved_values)
    try:
        yield
    finally:
        lock.put_values(during)


class LessonBanner(QWidget):
    """The lesson's title and description above the training panel, with a way out."""

    leave_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lesson_banner")
        self.title = QLabel()
        self.title.setObjectName("lesson_title")
        self.title.setWordWrap(True)
        self.title.setFont(bold_font())
        self.description = QLabel()
        self.description.setObjectName("lesson_description")
        self.description.setWordWrap(True)
        self.leave_button = QPushButton(self.tr("Leave lesson"))
        self.leave_button.setObjectName("leave_lesson_button")
        self.leave_button.setToolTip(self.tr("Unlock every switch and bring back your own settings"))
        self.leave_button.clicked.connect(self.leave_clicked)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.leave_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 2)
        layout.addLayout(top)
        layout.addWidget(self.description)
        self.hide()

    def show_lesson(self, lesson: Lesson) -> None:
        self.title.setText(lesson.title)
        self.description.setText(lesson.description)
        self.description.setVisible(bool(lesson.description))
        self.show()


class LessonController(QObject):
    """The window's lesson menu and its actions: open a lesson file, pick an installed one, leave."""

    lesson_changed = Signal(object)  # the Lesson now applied, or None

    def __init__(self, panel, banner: LessonBanner, show_message, parent: QWidget):
        super().__init__(parent)
        self.panel, self.banner, self._show_message = panel, banner, show_message
        banner.leave_clicked.connect(self.leave)
        self.open_action = QAction(self.tr("&Open lesson…"), self)
        self.open_action.setObjectName("open_lesson_action")
        self.open_action.setStatusTip(self.tr("Open a lesson file from your teacher"))
        self.open_action.triggered.connect(self.open_file)
        self.leave_action = QAction(self.tr("L&eave lesson"), self)
        self.leave_action.setObjectName("leave_lesson_action")
        self.leave_action.setStatusTip(self.tr("Unlock every switch and bring back your own settings"))
        self.leave_action.setEnabled(False)
        self.leave_action.triggered.connect(self.leave)
        self.installed: QMenu | None = None

    def make_menu(self, parent: QWidget) -> QMenu:
        """Lessons → Open lesson…, Lessons on this computer ▸, Leave lesson."""
        menu = QMenu(self.tr("&Lessons"), parent)
        menu.setObjectName("lessons_menu")
        self.installed = QMenu(self.tr("Lessons on this &computer"), menu)
        self.installed.setObjectName("installed_lessons_menu")
        # Re-read the folders each time the submenu opens: a teacher may just have added a lesson.
        self.installed.aboutToShow.connect(self.fill_installed)
        menu.addAction(self.open_action)
        menu.addMenu(self.installed)
        menu.addSeparator()
        menu.addAction(self.leave_action)
        return menu

    def fill_installed(self) -> None:
        self.installed.clear()
        lessons = available_lessons(installed_language())
        for lesson in lessons:
            action = self.installed.addAction(lesson.title)
            action.setStatusTip(lesson.description)
            action.triggered.connect(lambda _=False, le=lesson: self.start(le))
        if not lessons:
            self.installed.addAction(self.tr("(no lessons found)")).setEnabled(False)

    def open_file(self) -> None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getOpenFileName(
            self.parent(), self.tr("Open lesson"), start, self.tr("Lesson files (*.json);;All files (*)")
        )
        if path:
            self.open_path(path)

    def open_path(self, path) -> bool:
        """Open and apply a lesson file; a bad one gets a message and changes nothing."""
        try:
            lesson = load_lesson(Path(path), installed_language())
        except LessonError as exc:
            log.warning("cannot open lesson: %s", exc)
            self._show_message(QMessageBox.Icon.Warning, self.tr("Cannot open lesson"), describe_error(exc))
            return False
        self.start(lesson)
        return True

    def current(self) -> Lesson | None:
        return current_lesson(self.panel)

    def start(self, lesson: Lesson) -> None:
        apply_lesson(self.panel, lesson)
        self.banner.show_lesson(lesson)
        self.leave_action.setEnabled(True)
        self.lesson_changed.emit(lesson)

    def resume(self, lesson: Lesson, values: dict | None) -> None:
        """Carry on with a lesson in a new window (after a language switch): in the window's language when
        the file can still be read, with ``values``, the student's changes within the lesson, restored."""
        if lesson.path is not None:
            try:
                lesson = load_lesson(lesson.path, installed_language())
            except LessonError as exc:
                log.info("lesson kept in its earlier language: %s", exc)
        self.start(lesson)
        if values:
            self.panel.set_values(values)

    def leave(self) -> None:
        if self.current() is None:
            return
        clear_lesson(self.panel)
        self.banner.hide()
        self.leave_action.setEnabled(False)
        self.lesson_changed.emit(None)
