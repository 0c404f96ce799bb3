"""Lesson files: a teacher's preset of the training switches, with some controls locked or hidden.

A lesson is a small JSON file (never code), for example::

    {"format": "digitpad-lesson-1", "title": "Lesson 2 — Only dropout", "description": "...",
     "settings": {"train_samples": 1000, "epochs": 15},
     "locked": ["epochs", "batch_size", ...], "hidden": []}

Settings not named keep the tutorial's defaults, so a lesson always sets the whole panel. Lessons are
found in the shipped examples, a machine-wide folder (for a school's installation) and the user's own
data folder; a broken file is skipped with a log line, and opening one directly names the fault.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from digitpad.core import controls
from digitpad.core.config import ConfigError, TrainingConfig
from digitpad.core.resources import resources_dir
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

FORMAT = "digitpad-lesson-1"
MAX_BYTES = 64 * 1024
MAX_TITLE = 120
MAX_DESCRIPTION = 4000

# The training panel's controls, by name, as declared in core/controls.py: a lesson can preset, lock and
# hide each (a switch with a value, like "l1", covers its switch and its value box). A setting outside the
# panel's range is refused; a switch's "off" value (0, or 1 for ensemble) unticks it.
CONTROLS = controls.NAMES
SETTINGS = {c.name: (c.minimum, c.maximum) if c.has_value else None for c in controls.CONTROLS}
_OFF = {c.name: c.off for c in controls.CONTROLS if c.kind is controls.Kind.SWITCH_WITH_VALUE}
_KEYS = {"format", "title", "description", "settings", "locked", "hidden"}


class LessonError(ValueError):
    """A lesson file is unreadable or wrong; the message names the file and the fault."""


@dataclass(frozen=True)
class Lesson:
    title: str
    description: str
    config: TrainingConfig  # the tutorial's defaults with the lesson's settings applied
    settings: dict = field(default_factory=dict)  # what the file itself set
    locked: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    path: Path | None = None


def _reject_duplicates(pairs):
    keys = [k for k, _ in pairs]
    dup = next((k for k in keys if keys.count(k) > 1), None)
    if dup is not None:
        raise ValueError(f"the key {dup!r} appears twice")
    return dict(pairs)


def _reject_constant(name):
    raise ValueError(f"{name} is not a number JSON allows")


def _controls(data: dict, key: str) -> tuple[str, ...]:
    names = data.get(key, [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"'{key}' must be a list of control names")
    unknown = [n for n in names if n not in CONTROLS]
    if unknown:
        raise ValueError(f"unknown control {unknown[0]!r} in '{key}' (controls: {', '.join(CONTROLS)})")
    return tuple(dict.fromkeys(names))


def _check_settings(settings) -> dict:
    if not isinstance(settings, dict):
        raise ValueError("'settings' must be an object of setting names and values")
    for name, value in settings.items():
        if name not in SETTINGS:
            raise ValueError(f"unknown setting {name!r} (a lesson can set: {', '.join(SETTINGS)})")
        limits = SETTINGS[name]
        if limits is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue  # TrainingConfig.from_dict checks the types
        low, high = limits
        if value != _OFF.get(name) and not low <= value <= high:
            raise ValueError(f"{name} must be from {low:g} to {high:g} (got {value:g})")
    return dict(settings)


def _localised(value, field: str, language: str, limit: int, required: bool) -> str:
    """A text, or a {language code: text} object (e.g. {"en": ..., "ko": ...}) read in ``language``.

    A lesson written for a Korean class and an English one can share one file; the window's language
    picks the text, then English, then the first given.
    """
    if isinstance(value, dict):
        if not value or not all(
            isinstance(k, str) and 1 < len(k) <= 8 and isinstance(v, str) for k, v in value.items()
        ):
            raise ValueError(f"'{field}' must be text, or an object of language codes to texts")
        value = value.get(language, value.get("en", next(iter(value.values()))))
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise ValueError(f"'{field}' must be text of {1 if required else 0} to {limit} characters")
    return value.strip()


def parse_lesson(text: str, path: Path | None = None, language: str = "en") -> Lesson:
    """A lesson from JSON text, its texts in ``language`` where it has them; raises ``LessonError``
    naming ``path`` and the fault."""
    where = str(path) if path is not None else "lesson"
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
        if not isinstance(data, dict):
            raise ValueError("a lesson is a JSON object ({...})")
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise ValueError(f"unknown key {unknown[0]!r} (a lesson has: {', '.join(sorted(_KEYS))})")
        if data.get("format") != FORMAT:
            raise ValueError(f"'format' must be {FORMAT!r} (got {data.get('format')!r})")
        title = _localised(data.get("title"), "title", language, MAX_TITLE, required=True)
        description = _localised(data.get("description", ""), "description", language, MAX_DESCRIPTION, False)
        settings = _check_settings(data.get("settings", {}))
        config = TrainingConfig.from_dict(settings).validate()
        locked, hidden = _controls(data, "locked"), _controls(data, "hidden")
    except json.JSONDecodeError as exc:
        raise LessonError(f"{where}: not valid JSON ({exc})") from None
    except RecursionError:
        raise LessonError(f"{where}: nested too deeply to be a lesson") from None
    except ConfigError as exc:
        raise LessonError(f"{where}: impossible settings: {exc}") from None
    except ValueError as exc:
        raise LessonError(f"{where}: {exc}") from None
    return Lesson(title, description, config, settings, locked, hidden, path)


def load_lesson(path: str | Path, language: str = "en") -> Lesson:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_BYTES + 1)  # never read more than the cap, whatever the file's size
    except FileNotFoundError:
        raise LessonError(f"{path}: file not found") from None
    except OSError as exc:
        raise LessonError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(raw) > MAX_BYTES:
        raise LessonError(f"{path}: too big for a lesson file (more than {MAX_BYTES // 1024} KB)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LessonError(f"{path}: not a text file (a lesson is UTF-8 JSON)") from None
    return parse_lesson(text, path, language)


def system_lesson_dirs() -> list[Path]:
    """The machine-wide folders where an administrator installs lessons for every user."""
    if sys.platform == "win32":
        return [Path(os.environ.get("PROGRAMDATA") or r"C:\ProgramData") / "digitpad" / "lessons"]
    if sys.platform == "darwin":
        return [Path("/Library/Application Support/digitpad/lessons")]
    config_dirs = os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg"
    return [Path(d) / "digitpad" / "lessons" for d in config_dirs.split(os.pathsep) if d]


def lesson_dirs() -> list[Path]:
    """Shipped examples, then machine-wide lessons, then the user's own: later folders win on equal names."""
    return [resources_dir() / "lessons", *system_lesson_dirs(), user_data_dir() / "lessons"]


def available_lessons(language: str = "en") -> list[Lesson]:
    """Every valid lesson in ``lesson_dirs()``, ordered by file name; broken files are logged and skipped."""
    found: dict[str, Lesson] = {}
    for folder in lesson_dirs():
        try:
            paths = sorted(p for p in folder.glob("*.json") if p.is_file())
        except OSError:
            continue
        for path in paths:
            try:
                found[path.name] = load_lesson(path, language)
            except LessonError as exc:
                log.warning("skipping lesson: %s", exc)
    return [found[name] for name in sorted(found)]
