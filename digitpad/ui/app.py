"""Start the window: draw it first, then import TensorFlow and load the model in the background."""

from __future__ import annotations

import logging
import sys
import time
import traceback
from collections import deque

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from digitpad import __version__
from digitpad.core.resources import resource
from digitpad.ui.i18n import LANGUAGES, SETTINGS_KEY, current_language, install_language, installed_language
from digitpad.ui.settings_file import open_settings

log = logging.getLogger(__name__)


def _qt_to_log(kind, context, message) -> None:
    """Qt's own warnings go to the log file, not to a console the user may not have."""
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.INFO,
    }.get(kind, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)
    if kind == QtMsgType.QtFatalMsg and sys.stderr is not None:
        # Qt ends the process after this (e.g. no window system plugin): say why where it was started from,
        # with the warnings just before it, which name what is missing (e.g. "libxcb-cursor0 is needed").
        for earlier in _RECENT_QT_WARNINGS:
            print(earlier, file=sys.stderr)
        print(f"digitpad cannot start: {message}", file=sys.stderr, flush=True)
    elif kind in (QtMsgType.QtWarningMsg, QtMsgType.QtInfoMsg):
        _RECENT_QT_WARNINGS.append(message)


_RECENT_QT_WARNINGS: deque[str] = deque(maxlen=4)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_to_log)
        QCoreApplication.setOrganizationName("digitpad")
        QCoreApplication.setApplicationName("digitpad")
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    # Every mouse move reaches the canvas, even while the TensorFlow import holds Python up for a second or two
    # at start-up: by default (on X11) Qt merges the moves that queue up meanwhile, and a stroke drawn then loses
    # its middle points. Set after the application exists: X11's platform plugin switches it on as it starts,
    # and Qt reads it as each event arrives.
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents, False)
    icon = resource("icons/digitpad.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_excepthook(parent_getter) -> None:
    """An unexpected error in a slot becomes a logged message box, never a traceback or a dead app."""

    def hook(exc_type, exc, tb):
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            from digitpad.ui.messages import describe

            text = QCoreApplication.translate("App", "{}\n\ndigitpad carries on.")
            box = QMessageBox(
                QMessageBox.Icon.Critical,
                "digitpad",
                text.format(describe(exc)),
                QMessageBox.StandardButton.Ok,
                parent_getter(),
            )
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not exec(): a nested event loop inside an error handler invites more errors
        except Exception:  # the box itself failed: the log has it
            pass

    sys.excepthook = hook


def switch_language(app: QApplication, window, code: str):
    """Show ``window``'s Session in another language: returns the window now on screen.

    Qt widgets do not re-read their texts, so a new window is made in the new language and bound to the
    same Session: the model, every run and its curves, the drawing, the lesson and a training run still in
    progress carry on untouched (nothing is reloaded). The old window closes.
    """
    from digitpad.ui.main_window import MainWindow

    if code == installed_language():  # already showing it
        window.set_language_checked(code)
        return window
    previous = installed_language()
    window.save_settings()
    if not install_language(app, code):
        install_language(app, previous)
        window.settings.setValue(SETTINGS_KEY, previous)
        window.set_language_checked(previous)
        window.show_message(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("App", "Language"),
            QCoreApplication.translate("App", "The translation for {} could not be loaded.").format(
                LANGUAGES.get(code, code)
            ),
        )
        return window
    new = MainWindow(session=window.session)
    new.restoreGeometry(window.saveGeometry())
    if window.isVisible():
        new.show()
        new.activateWindow()  # the keyboard follows the window the student was using
    window.close()
    window.deleteLater()
    log.info("language switched to %s", code)
    return new


def run_app(argv: list[str] | None = None, model_path=None, dataset_path=None) -> int:
    started = time.perf_counter()
    app = make_application(argv)
    from digitpad.ui.main_window import MainWindow
    from digitpad.ui.session import Session

    settings = open_settings().settings  # no settings file can stop the window (settings_file.py)
    install_language(app, current_language(settings))
    session = Session(settings, dataset_path, model_path)
    session.start_stand_in()  # predicts from the first frame on; TensorFlow loads after the first paint
    window = MainWindow(session)
    current = {"window": window}

    def change_language(code: str) -> None:
        old = current["window"]
        new = switch_language(app, old, code)
        if new is not old:
            current["window"] = new
            new.language_requested.connect(change_language)

    window.language_requested.connect(change_language)
    install_excepthook(lambda: current["window"])
    window.show_first()
    log.info("window shown %.2f s after start", time.perf_counter() - started)
    # Load the model once the first frame is painted, so the window appears before TensorFlow.
    after_first_paint(window, window.session.start_loading)
    return app.exec()


class _FirstPaintWatcher(QObject):
    """Runs a callback once, just after the first paint of ``window`` (or after a fallback delay)."""

    def __init__(self, window, callback, fallback_ms: int = 1000):
        super().__init__(window)
        self._window, self._callback, self._done = window, callback, False
        QApplication.instance().installEventFilter(self)
        QTimer.singleShot(fallback_ms, self._fire)  # a platform that never paints still loads the model

    def eventFilter(self, obj, event) -> bool:
        if (
            not self._done
            and event.type() == QEvent.Type.Paint
            and isinstance(obj, QWidget)
            and obj.window() is self._window
        ):
            QTimer.singleShot(0, self._fire)  # after the rest of this frame is painted
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        QApplication.instance().removeEventFilter(self)
        self._callback()


def after_first_paint(window, callback) -> None:
    """The TensorFlow import competes for the CPU: start it only once the user sees the window."""
    window._first_paint_watcher = _FirstPaintWatcher(window, callback)
