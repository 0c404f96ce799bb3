"""Start the window: draw it first, then import TensorFlow and load the model in the background."""

from __future__ import annotations

import logging
import sys
import time
import traceback

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from digitpad import __version__
from digitpad.core.resources import resource

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if app is None:
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
            QMessageBox.critical(parent_getter(), "digitpad",
                                 f"Something went wrong: {exc_type.__name__}: {exc}\n\n"
                                 "digitpad carries on; details are in the log file.")
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
