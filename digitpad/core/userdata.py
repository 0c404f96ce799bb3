"""Where digitpad keeps a user's own files (logs, models, drawings), without asking Qt.

``DIGITPAD_DATA_DIR`` overrides it (tests, portable installs). Otherwise the platform's convention:
``$XDG_DATA_HOME/digitpad`` (default ``~/.local/share/digitpad``) on Linux, ``%APPDATA%\\digitpad`` on
Windows, ``~/Library/Application Support/digitpad`` on macOS.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def user_data_dir() -> Path:
    override = os.environ.get("DIGITPAD_DATA_DIR")
    if override:
        base = Path(override)
    elif sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "digitpad"
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support" / "digitpad"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "digitpad"
    return base


def logs_dir() -> Path:
    return user_data_dir() / "logs"
