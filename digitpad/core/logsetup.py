"""Logging to a rotating file in the user's data folder, and to stderr only where there is one.

A frozen windowed app has ``sys.stdout``/``sys.stderr`` set to ``None``: nothing may write there.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys

from digitpad.core.userdata import logs_dir

LOG_NAME = "digitpad.log"
FILE_HANDLER, CONSOLE_HANDLER = "digitpad-file", "digitpad-console"


def setup_logging(debug: bool = False, console: bool = False) -> None:
    """Once per process: later calls (a second window, a test) find digitpad's handlers and leave them."""
    root = logging.getLogger()
    if any(handler.get_name() in (FILE_HANDLER, CONSOLE_HANDLER) for handler in root.handlers):
        return
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s")
    try:
        folder = logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            folder / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        handler.set_name(FILE_HANDLER)
        root.addHandler(handler)
    except OSError:
        pass  # a read-only home must not stop the app
    if sys.stderr is not None and (console or debug):
        stream = logging.StreamHandler(sys.stderr)
        stream.setLevel(logging.DEBUG if debug else logging.WARNING)
        stream.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
        stream.set_name(CONSOLE_HANDLER)
        root.addHandler(stream)
