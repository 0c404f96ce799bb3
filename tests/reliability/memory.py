"""A process's memory, as Linux reports it: the resident size now and its peak since the last reset."""

from __future__ import annotations

import sys
from pathlib import Path

STATUS = Path("/proc/self/status")


def available() -> bool:
    return sys.platform.startswith("linux") and STATUS.exists()


def _field(name: str) -> int:
    """A /proc/self/status field in bytes (it is given in kB)."""
    for line in STATUS.read_text().splitlines():
        if line.startswith(name + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(name)


def rss() -> int:
    return _field("VmRSS")


def peak() -> int:
    """The peak resident size since the process started, or since ``reset_peak``."""
    return _field("VmHWM")


def reset_peak() -> None:
    """Set the peak to the current resident size (Linux 4.0+), so that the next case is measured alone."""
    Path("/proc/self/clear_refs").write_text("5")
