"""Numbers and switches read back from QSettings without trusting them.

A saved value may come from the user's own file, a hand edit, or the machine-wide defaults an administrator
wrote (registry, property list, INI file): text, a number of any size, a list, or nonsense. A number is
clamped to its range; anything unreadable is ignored with a log line. A bad value never stops the window.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QSettings

log = logging.getLogger(__name__)

_TRUE = ("true", "1")
_FALSE = ("false", "0")


def _shown(raw) -> str:
    text = repr(raw)
    return text if len(text) <= 40 else text[:37] + "..."


def _stored(settings: QSettings, key: str):
    try:
        return settings.value(key)
    except Exception as exc:  # a value Qt or PySide cannot convert: as if it were not there
        log.warning("ignoring setting %s: cannot read it (%s)", key, exc)
        return None


def _as_number(raw) -> int | float | None:
    if isinstance(raw, bool):
        return None  # a switch's value where a number belongs
    if isinstance(raw, int | float):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        try:
            return int(text)  # exact, however many digits (below Python's limit for converting text)
        except ValueError:
            pass
        try:
            return float(text)  # "1e10", "inf", "1e400" (inf), "nan"
        except ValueError:
            return None
    return None  # a list, a byte array, ...


def read_number(settings: QSettings, key: str, minimum: float, maximum: float, whole: bool = False):
    """The number saved under ``key``, clamped to ``minimum``..``maximum`` (a whole number if ``whole``);
    None when nothing is saved or it is not a number."""
    raw = _stored(settings, key)
    if raw is None:
        return None
    value = _as_number(raw)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        log.warning("ignoring setting %s=%s: not a number", key, _shown(raw))
        return None
    clamped = min(max(value, minimum), maximum)
    if clamped != value:
        log.warning("setting %s=%s is outside %g to %g; using %g", key, _shown(raw), minimum, maximum, clamped)
    return round(clamped) if whole else float(clamped)


def read_switch(settings: QSettings, key: str) -> bool | None:
    """The on/off value saved under ``key`` (true/false, 1/0); None when nothing is saved or it is neither."""
    raw = _stored(settings, key)
    if raw is None:
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in _TRUE + _FALSE:
        return raw.strip().lower() in _TRUE
    log.warning("ignoring setting %s=%s: not true or false", key, _shown(raw))
    return None


def read_text(settings: QSettings, key: str, longest: int = 4096) -> str | None:
    """The text saved under ``key`` (e.g. a language code or a folder); None when nothing is saved or it is
    no text of at most ``longest`` characters."""
    raw = _stored(settings, key)
    if raw is None:
        return None
    if isinstance(raw, str) and len(raw) <= longest and "\0" not in raw:
        return raw
    log.warning("ignoring setting %s=%s: not a short text", key, _shown(raw))
    return None
