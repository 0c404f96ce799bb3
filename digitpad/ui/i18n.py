"""English or Korean: Qt translation files and the remembered choice.

The texts live in ``resources/i18n/digitpad_<code>.ts`` (sources, made by ``pyside6-lupdate``) and the
``.qm`` files built from them (``pyside6-lrelease``). English is the source language, so it needs no file.
The core's own texts (problems, settings labels, series and model names) reach the screen through
``messages.py``, which translates them by code.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from digitpad.core.resources import resource

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "ko": "한국어"}  # each language's own name, never translated
SOURCE_LANGUAGE = "en"
SETTINGS_KEY = "view/language"


class _Installed:
    """What ``install_language`` has put in place."""

    def __init__(self) -> None:
        self.language = SOURCE_LANGUAGE
        self.translators: list[QTranslator] = []  # Qt does not own them, so they must be kept alive


_installed = _Installed()


def qm_path(code: str):
    return resource(f"i18n/digitpad_{code}.qm")


def system_language() -> str:
    """Korean on a Korean system, English everywhere else."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else SOURCE_LANGUAGE


def current_language(settings: QSettings) -> str:
    """The saved choice (``view/language``); without one, the system's language if digitpad speaks it."""
    from digitpad.ui.settings_values import read_text

    code = read_text(settings, SETTINGS_KEY, longest=16)
    if not code:
        return system_language()
    if code not in LANGUAGES:
        log.warning("ignoring setting %s=%r: digitpad speaks %s", SETTINGS_KEY, code, ", ".join(LANGUAGES))
        return SOURCE_LANGUAGE
    return code


def installed_language() -> str:
    """The language whose translations are installed now."""
    return _installed.language


def install_language(app: QCoreApplication, code: str) -> bool:
    """Translate digitpad (and Qt's own dialogs) into ``code``, replacing any earlier language.

    Returns whether the language is now in place; English always is. On a missing or unreadable
    ``.qm`` the window stays English and False is returned.
    """
    translators = _installed.translators
    while translators:
        app.removeTranslator(translators.pop())
    _installed.language = SOURCE_LANGUAGE
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    if code == SOURCE_LANGUAGE:
        return True
    if code not in LANGUAGES:
        log.warning("unknown language %r; staying with English", code)
        return False
    path = qm_path(code)
    translator = QTranslator()
    if not translator.load(str(path)):
        log.warning("cannot load the %s translation %s; staying with English", code, path)
        return False
    app.installTranslator(translator)
    translators.append(translator)
    # Qt's own words (OK, Cancel, the file dialog), when this Qt ships them; PySide6-Essentials may not.
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = QTranslator()
    if qt_dir and base.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(base)
        translators.append(base)
    QLocale.setDefault(QLocale(code))
    _installed.language = code
    return True
