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
import math
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

from digitpad.core import controls, limits
from digitpad.core.config import ConfigError, TrainingConfig
from digitpad.core.inputfiles import read_regular
from digitpad.core.problems import Problem
from digitpad.core.resources import resources_dir
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

FORMAT = "digitpad-lesson-1"
MAX_TITLE = 120
MAX_DESCRIPTION = 4000

# The training panel's controls, by name, as declared in core/controls.py: a lesson can preset, lock and
# hide each (a switch with a value, like "l1", covers its switch and its value box). A setting outside the
# panel's range is refused; a switch's "off" value (0, or 1 for ensemble) unticks it.
CONTROLS = controls.NAMES
SETTINGS = {c.name: (c.minimum, c.maximum) if c.has_value else None for c in controls.CONTROLS}
_OFF = {c.name: c.off for c in controls.CONTROLS if c.kind is controls.Kind.SWITCH_WITH_VALUE}
_KEYS = {"format", "title", "description", "settings", "locked", "hidden"}


class LessonError(Problem, ValueError):
    """A lesson file is unreadable or wrong; the values name the file (``path``) and the fault."""


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
        raise LessonError("lesson-duplicate-key", key=dup)
    return dict(pairs)


def _reject_constant(name):
    raise LessonError("lesson-bad-number", name=name)


def _controls(data: dict, key: str) -> tuple[str, ...]:
    names = data.get(key, [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise LessonError("lesson-controls-not-list", key=key)
    unknown = [n for n in names if n not in CONTROLS]
    if unknown:
        raise LessonError("lesson-unknown-control", name=unknown[0], key=key, known=", ".join(CONTROLS))
    return tuple(dict.fromkeys(names))


def _check_settings(settings) -> dict:
    if not isinstance(settings, dict):
        raise LessonError("lesson-settings-not-object")
    for name, value in settings.items():
        if name not in SETTINGS:
            raise LessonError("lesson-unknown-setting", name=name, known=", ".join(SETTINGS))
        bounds = SETTINGS[name]
        if bounds is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue  # TrainingConfig.from_dict checks the types
        low, high = bounds
        if value != _OFF.get(name) and not low <= value <= high:
            shown = value if abs(value) <= 1e300 else (math.inf if value > 0 else -math.inf)  # 1 and 400 zeros
            raise LessonError("lesson-setting-out-of-range", name=name, low=low, high=high, got=shown)
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
            raise LessonError("lesson-text-or-languages", field=field)
        value = value.get(language, value.get("en", next(iter(value.values()))))
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise LessonError("lesson-text-length", field=field, shortest=1 if required else 0, longest=limit)
    return value.strip()


def parse_lesson(text: str, path: Path | None = None, language: str = "en") -> Lesson:
    """A lesson from JSON text, its texts in ``language`` where it has them; raises ``LessonError``
    naming ``path`` and the fault."""
    where = str(path) if path is not None else "lesson"
    try:
        data = json.loads(text, object_pairs_hook=_reject_duplicates, parse_constant=_reject_constant)
        if not isinstance(data, dict):
            raise LessonError("lesson-not-object")
        unknown = sorted(set(data) - _KEYS)
        if unknown:
            raise LessonError("lesson-unknown-key", key=unknown[0], known=", ".join(sorted(_KEYS)))
        if data.get("format") != FORMAT:
            raise LessonError("lesson-wrong-format", expected=FORMAT, got=data.get("format"))
        title = _localised(data.get("title"), "title", language, MAX_TITLE, required=True)
        description = _localised(data.get("description", ""), "description", language, MAX_DESCRIPTION, False)
        settings = _check_settings(data.get("settings", {}))
        config = TrainingConfig.from_dict(settings).validate()
        locked, hidden = _controls(data, "locked"), _controls(data, "hidden")
    except json.JSONDecodeError as exc:
        raise LessonError("lesson-not-json", path=where, line=exc.lineno, column=exc.colno) from None
    except RecursionError:
        raise LessonError("lesson-too-deep", path=where) from None
    except ConfigError as exc:
        raise LessonError("lesson-impossible-settings", path=where, problems=exc.problems) from None
    except LessonError as exc:
        exc.values["path"] = where  # the checks above know the fault, not the file
        raise
    except ValueError:  # a number of more digits than Python converts (4,300)
        raise LessonError("lesson-number-too-long", path=where) from None
    return Lesson(title, description, config, settings, locked, hidden, path)


def load_lesson(path: str | Path, language: str = "en") -> Lesson:
    path = Path(path)
    kilobytes = limits.LESSON_FILE_BYTES // 1024
    # An ordinary file only (a pipe would hang the window), and never more than the cap.
    raw = read_regular(
        path,
        limits.LESSON_FILE_BYTES,
        LessonError,
        too_big=lambda size: LessonError("lesson-too-big", path=path, kilobytes=kilobytes),
    )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise LessonError("lesson-not-text", path=path) from None
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
            except Exception:  # a fault of ours must not empty the menu of every other lesson
                log.exception("skipping lesson %s: unexpected error", path)
    return [found[name] for name in sorted(found)]
