"""Logging to a rotating file in the user's data folder, and to stderr only where there is one.

A frozen windowed app has ``sys.stdout``/``sys.stderr`` set to ``None``: nothing may write there. Tracebacks
go to the file only; the console gets one line per message (all of it with ``--debug``), and none for a
record logged with ``extra=FILE_ONLY`` (its one line is said some other way).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from digitpad.core.problems import Problem, short_detail
from digitpad.core.userdata import logs_dir

LOG_NAME = "digitpad.log"
FILE_HANDLER, CONSOLE_HANDLER = "digitpad-file", "digitpad-console"
CONSOLE_FORMAT = "%(levelname)s: %(message)s"
FILE_ONLY = {"console": False}  # ``log.error(..., extra=FILE_ONLY)``: for the log file, not the console


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
        stream.setFormatter(logging.Formatter(CONSOLE_FORMAT) if debug else _OneLine())
        stream.addFilter(lambda record: debug or getattr(record, "console", True))
        stream.set_name(CONSOLE_HANDLER)
        root.addHandler(stream)


class _OneLine(logging.Formatter):
    """A console line without the traceback (that is for the log file) and without a second line."""

    def __init__(self):
        super().__init__(CONSOLE_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return short_detail(super().format(record), limit=300)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved


def log_file() -> Path | None:
    """The log file being written, if there is one."""
    for handler in logging.getLogger().handlers:
        if handler.get_name() == FILE_HANDLER and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def unexpected_problem(exc: BaseException) -> Problem:
    """What to tell a user about an error nobody foresaw: what kind, in a few words, and where the details
    are (the traceback is logged by the caller)."""
    where = log_file()
    if isinstance(exc, MemoryError):
        return Problem("out-of-memory", log=where) if where else Problem("out-of-memory-no-log")
    detail = f"{type(exc).__name__}: {short_detail(exc, limit=100)}"
    return (
        Problem("unexpected-error", detail=detail, log=where) if where else Problem("unexpected-no-log", detail=detail)
    )
