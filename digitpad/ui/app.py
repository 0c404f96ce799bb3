"""Start the window: draw it first, then import TensorFlow and load the model in the background."""

from __future__ import annotations

import logging
import sys
import time
import traceback

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from digitpad import __version__
from digitpad.core.resources import resource

log = logging.getLogger(__name__)


def _qt_to_log(kind, context, message) -> None:
    """Qt's own warnings go to the log file, not to a console the user may not have."""
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.INFO}.get(kind, logging.WARNING)
    logging.getLogger("qt").log(level, "%s", message)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_qt_to_log)
        QCoreApplication.setOrganizationName("digitpad")
        QCoreApplication.setApplicationName("digitpad")
        QCoreApplication.setApplicationVersion(__version__)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    icon = resource("icons/digitpad.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def install_excepthook(parent_getter) -> None:
    """An unexpected error in a slot becomes a logged message box, never a traceback or a dead app."""

    def hook(exc_type, exc, tb):
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
        try:
            box = QMessageBox(QMessageBox.Icon.Critical, "digitpad",
                              f"Something went wrong: {exc_type.__name__}: {exc}\n\n"
                              "digitpad carries on; details are in the log file.",
                              QMessageBox.StandardButton.Ok, parent_getter())
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()  # not exec(): a nested event loop inside an error handler invites more errors
        except Exception:  # the box itself failed: the log has it
            pass

    sys.excepthook = hook


def run_app(argv: list[str] | None = None, model_path=None, dataset_path=None) -> int:
    started = time.perf_counter()
    app = make_application(argv)
    from digitpad.ui.main_window import MainWindow

    window = MainWindow(dataset_path=dataset_path, model_path=model_path)
    install_excepthook(lambda: window)
    window.show()
    log.info("window shown %.2f s after start", time.perf_counter() - started)
    # Load the model once the first frame is painted, so the window appears before TensorFlow.
    QTimer.singleShot(0, window.start_loading)
    return app.exec()
