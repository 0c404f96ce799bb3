"""Every exception the window shows becomes one sentence here, in the window's language.

Views never format ``str(exc)`` themselves: they hand the exception to ``describe`` and show what it
returns. The traceback, if any, goes to the log file, not to the student.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from digitpad.ui.i18n import config_problems, file_error


def describe(exc: BaseException) -> str:
    """A sentence a student can read; the traceback goes to the log file."""
    from digitpad.core.config import ConfigError
    from digitpad.core.data import DatasetError
    from digitpad.core.modelfile import ModelFileError

    if isinstance(exc, ConfigError):
        return "; ".join(config_problems(exc))
    if isinstance(exc, DatasetError | ModelFileError):
        return file_error(str(exc))
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "Workers",
            "Not enough memory for this training run. Try fewer training images, a smaller batch or pooling on.",
        )
    return f"{type(exc).__name__}: {exc}"
