"""Opening the user's and the machine's settings so that no settings file can stop the window.

On Linux (and other systems where Qt keeps settings in INI files) ``QSettings()`` reads every file it may
fall back on when it is made: the user's own and the machine-wide defaults of each ``$XDG_CONFIG_DIRS``
folder. A named pipe there would block it forever and a huge file would fill the memory, so each is looked
at first (only ordinary files up to ``limits.SETTINGS_FILE_BYTES``). A bad file of the user's own is set
aside (renamed, for a teacher or IT to look at) and the window starts with fresh settings; a bad
machine-wide file cannot be moved, so the window then reads the user's own file alone, with the defaults
of the good machine-wide files copied in. Windows (registry) and macOS (property lists read by the system)
need none of this. Bad *values* inside a readable file are the business of ``settings_values``.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QSettings

from digitpad.core import limits
from digitpad.core.inputfiles import check_regular
from digitpad.core.problems import Problem

log = logging.getLogger(__name__)

ORGANIZATION = APPLICATION = "digitpad"


@dataclass
class SettingsFiles:
    """Where the settings come from, and what was wrong with them (for the log and the self-test)."""

    settings: QSettings
    files: list[Path] = field(default_factory=list)  # the settings files that exist and were read
    notes: list[str] = field(default_factory=list)  # in English, for administrators


def _ini_files() -> tuple[Path, list[Path]]:
    """(the user's own file, the files it falls back on), as Qt names them on Linux and similar systems."""
    home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    dirs = [Path(d) for d in (os.environ.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(os.pathsep) if d]
    user = home / ORGANIZATION / f"{APPLICATION}.conf"
    fallbacks = [home / f"{ORGANIZATION}.conf"]
    for folder in dirs:
        fallbacks += [folder / ORGANIZATION / f"{APPLICATION}.conf", folder / f"{ORGANIZATION}.conf"]
    return user, fallbacks


def uses_ini_files() -> bool:
    return sys.platform not in ("win32", "darwin")


def _problem(path: Path) -> Problem | None:
    """What makes ``path`` unfit to be read as a settings file; None if it is fine or absent."""
    if not os.path.lexists(path):
        return None
    try:
        check_regular(path, limits.SETTINGS_FILE_BYTES)
    except Problem as exc:
        return exc
    return None


def open_settings(repair: bool = True) -> SettingsFiles:
    """The application's settings (``QSettings()``), once every file it would read is known to be readable.

    With ``repair`` a bad file of the user's own is renamed aside; without (the self-test), it is only noted
    and left alone, and the settings are read as if it were absent.
    """
    if QCoreApplication.organizationName() != ORGANIZATION:  # as make_application sets them
        QCoreApplication.setOrganizationName(ORGANIZATION)
        QCoreApplication.setApplicationName(APPLICATION)
    if not uses_ini_files():
        return SettingsFiles(QSettings())
    own, fallbacks = _ini_files()
    notes: list[str] = []
    user = own
    problem = _problem(own)
    if problem is not None:
        user = _set_aside(own, problem, notes) if repair else _scratch(notes, problem)
    bad = [fault for path in fallbacks if (fault := _problem(path)) is not None]
    notes += [f"{fault}; the machine-wide defaults are not read" for fault in bad]
    for note in notes:
        log.warning("settings: %s", note)
    if user == own and not bad:  # every file Qt will read is harmless (a bad one of the user's set aside)
        remove_leftovers(own)
        read = [p for p in [own, *fallbacks] if os.path.lexists(p)]
        return SettingsFiles(QSettings(), read, notes)
    # One file only (the user's own, or this run's scratch file): QSettings on a path reads nothing else. The
    # good machine-wide files still give their defaults, copied in as Qt's fallbacks would have given them.
    settings = QSettings(str(user), QSettings.Format.IniFormat)
    read = [user] if user == own and os.path.lexists(user) else []
    for path in fallbacks:
        if os.path.lexists(path) and _problem(path) is None and _fill_defaults(settings, path):
            read.append(path)
    return SettingsFiles(settings, read, notes)


def _fill_defaults(settings: QSettings, path: Path) -> bool:
    """Copy the values of the settings file ``path`` that ``settings`` lacks; whether the file was read."""
    defaults = QSettings(str(path), QSettings.Format.IniFormat)
    if defaults.status() != QSettings.Status.NoError:
        return False
    for key in defaults.allKeys():
        if not settings.contains(key):
            try:
                settings.setValue(key, defaults.value(key))
            except Exception as exc:  # a value PySide cannot hand over: as if it were not there
                log.warning("ignoring setting %s in %s: %s", key, path, exc)
    return True


def _set_aside(user: Path, problem: Problem, notes: list[str]) -> Path:
    aside = user.with_name(f"{user.name}.unreadable-{int(time.time())}")
    try:
        os.replace(user, aside)
    except OSError as exc:
        return _scratch(notes, problem, exc)
    notes.append(f"{problem}; set aside as {aside.name}, starting with fresh settings")
    return user


def _scratch(notes: list[str], problem: Problem, exc: OSError | None = None) -> Path:
    """A settings file of this run's own, when the user's cannot be used or moved."""
    folder = Path(tempfile.mkdtemp(prefix="digitpad-settings-"))
    why = f" (it could not be set aside: {exc.strerror})" if exc else ""
    notes.append(f"{problem}{why}; settings are not remembered this time")
    return folder / f"{APPLICATION}.conf"


def _is_qt_temporary(name: str, settings_name: str) -> bool:
    """QSaveFile's temporary copy of the settings file: "digitpad.conf.XXXXXX" (six letters or digits)."""
    rest = name.removeprefix(settings_name + ".")
    return rest != name and len(rest) == 6 and rest.isascii() and rest.isalnum()


def remove_leftovers(user: Path) -> list[Path]:
    """Qt's temporary copies of the settings file left by a process killed while saving (on systems where
    Qt cannot write them unnamed), removed while holding Qt's own lock on the file: nobody is writing."""
    lock = QLockFile(str(user) + ".lock")
    removed: list[Path] = []
    if not user.parent.is_dir() or not lock.tryLock(0):  # a stale lock of a killed process is taken over
        return removed
    try:
        for path in user.parent.iterdir():
            if _is_qt_temporary(path.name, user.name) and path.is_file() and not path.is_symlink():
                path.unlink()
                removed.append(path)
                log.info("removed a leftover temporary settings file: %s", path)
    except OSError:
        pass
    finally:
        lock.unlock()
    return removed


def machine_wide_switch(key: str) -> bool:
    """A switch from the machine-wide settings only (what IT set), never from the user's own: for what a
    student must not be able to turn on (``class/teacher``)."""
    from digitpad.ui.settings_values import read_switch

    if not uses_ini_files():
        settings = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.SystemScope, ORGANIZATION, APPLICATION)
        settings.setFallbacksEnabled(False)
        return bool(read_switch(settings, key))
    own, fallbacks = _ini_files()
    for path in fallbacks:
        if path.parent in (own.parent, own.parent.parent) or not os.path.lexists(path) or _problem(path):
            continue  # the user's own folder, or a file the checks above refuse
        value = read_switch(QSettings(str(path), QSettings.Format.IniFormat), key)
        if value is not None:
            return value
    return False
