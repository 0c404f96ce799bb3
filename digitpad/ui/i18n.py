"""English or Korean: Qt translation files, the remembered choice, and the core's words on screen.

The texts live in ``resources/i18n/digitpad_<code>.ts`` (sources, made by ``pyside6-lupdate``) and the
``.qm`` files built from them (``pyside6-lrelease``). English is the source language, so it needs no file.

The core is Qt-free and speaks English. The few of its texts that reach the screen (the settings label of a
run, the names of ensemble members and folds, impossible settings, model and data file errors) are matched
here by pattern and translated at the point of display; a text no pattern knows is shown as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from digitpad.core.resources import resource

log = logging.getLogger(__name__)

LANGUAGES = {"en": "English", "ko": "한국어"}  # each language's own name, never translated
SOURCE_LANGUAGE = "en"
SETTINGS_KEY = "view/language"
CONTEXT = "CoreText"  # the translation context of the core's texts

_translators: list[QTranslator] = []  # installed now; Qt does not own them, so they must be kept alive
_language = SOURCE_LANGUAGE


def qm_path(code: str):
    return resource(f"i18n/digitpad_{code}.qm")


def system_language() -> str:
    """Korean on a Korean system, English everywhere else."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else SOURCE_LANGUAGE


def current_language(settings: QSettings) -> str:
    """The saved choice (``view/language``); without one, the system's language if digitpad speaks it."""
    value = settings.value(SETTINGS_KEY)
    if value is None or str(value) == "":
        return system_language()
    code = str(value)
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def installed_language() -> str:
    """The language whose translations are installed now."""
    return _language


def install_language(app: QCoreApplication, code: str) -> bool:
    """Translate digitpad (and Qt's own dialogs) into ``code``, replacing any earlier language.

    Returns whether the language is now in place; English always is. On a missing or unreadable
    ``.qm`` the window stays English and False is returned.
    """
    global _language
    while _translators:
        app.removeTranslator(_translators.pop())
    _language = SOURCE_LANGUAGE
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
    _translators.append(translator)
    # Qt's own words (OK, Cancel, the file dialog), when this Qt ships them; PySide6-Essentials may not.
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    base = QTranslator()
    if qt_dir and base.load(f"qtbase_{code}", qt_dir):
        app.installTranslator(base)
        _translators.append(base)
    QLocale.setDefault(QLocale(code))
    _language = code
    return True


# -- the core's texts ---------------------------------------------------------------------------------------


Patterns = list[tuple[re.Pattern, Callable[[re.Match], str]]]


def _match(text: str, patterns: Patterns) -> str | None:
    for pattern, make in patterns:
        match = pattern.fullmatch(text)
        if match:
            return make(match)
    return None


def _translate_by_pattern(text: str, patterns: Patterns) -> str:
    translated = _match(text, patterns)
    return text if translated is None else translated


def series_name(name: str) -> str:
    """ "model", "member 2", "fold 3": the names the core gives the networks of a run."""
    return _translate_by_pattern(
        name,
        [
            (re.compile(r"model"), lambda m: QCoreApplication.translate("CoreText", "model")),
            (re.compile(r"member (\d+)"), lambda m: QCoreApplication.translate("CoreText", "member {}").format(m[1])),
            (re.compile(r"fold (\d+)"), lambda m: QCoreApplication.translate("CoreText", "fold {}").format(m[1])),
        ],
    )


_LABEL_PARTS = [
    (re.compile(r"plain"), lambda m: QCoreApplication.translate("CoreText", "plain")),
    (re.compile(r"L1 (\S+)"), lambda m: QCoreApplication.translate("CoreText", "L1 {}").format(m[1])),
    (re.compile(r"L2 (\S+)"), lambda m: QCoreApplication.translate("CoreText", "L2 {}").format(m[1])),
    (
        re.compile(r"dropout (\S+) \+conv"),
        lambda m: QCoreApplication.translate("CoreText", "dropout {} +conv").format(m[1]),
    ),
    (re.compile(r"dropout (\S+)"), lambda m: QCoreApplication.translate("CoreText", "dropout {}").format(m[1])),
    (re.compile(r"no pooling"), lambda m: QCoreApplication.translate("CoreText", "no pooling")),
    (re.compile(r"dense (\d+)"), lambda m: QCoreApplication.translate("CoreText", "dense {}").format(m[1])),
    (re.compile(r"augment"), lambda m: QCoreApplication.translate("CoreText", "augment")),
    (re.compile(r"early stop p(\d+)"), lambda m: QCoreApplication.translate("CoreText", "early stop p{}").format(m[1])),
    (re.compile(r"bagging x(\d+)"), lambda m: QCoreApplication.translate("CoreText", "bagging x{}").format(m[1])),
    (re.compile(r"(\d+)-fold"), lambda m: QCoreApplication.translate("CoreText", "{}-fold").format(m[1])),
    (re.compile(r"(\d+) samples"), lambda m: QCoreApplication.translate("CoreText", "{} samples").format(m[1])),
]


def settings_label(label: str) -> str:
    """A run's settings in a few words (``TrainingConfig.describe()``), e.g. "L2 0.001, dropout 0.2"."""
    parts = [_translate_by_pattern(part, _LABEL_PARTS) for part in label.split(", ")] if label else []
    return QCoreApplication.translate("CoreText", ", ").join(parts)


def model_description(loaded) -> str:
    """``LoadedModel.describe()`` in the window's language: file name, ensemble size, test accuracy."""
    name = loaded.path.name if loaded.path else QCoreApplication.translate("CoreText", "unsaved model")
    text = name
    if loaded.members > 1:
        text += QCoreApplication.translate("CoreText", ", ensemble of {}").format(loaded.members)
    acc = loaded.test_accuracy
    if acc is None:
        return text + QCoreApplication.translate("CoreText", " — test accuracy unknown")
    return text + QCoreApplication.translate("CoreText", " — test accuracy {:.2%}").format(acc)


_PROBLEMS = [
    (
        re.compile(r"dense layer width must be a whole number from 1 to 4096 \(got (.*)\)"),
        lambda m: QCoreApplication.translate(
            "CoreText", "dense layer width must be a whole number from 1 to 4096 (got {})"
        ).format(m[1]),
    ),
    (
        re.compile(r"(L1|L2) rate must be between 0 and 1 \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "{} rate must be between 0 and 1 (got {})").format(m[1], m[2]),
    ),
    (
        re.compile(r"dropout rate must be at least 0 and below 1 \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "dropout rate must be at least 0 and below 1 (got {})").format(
            m[1]
        ),
    ),
    (
        re.compile(r"learning rate must be above 0 and at most 1 \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "learning rate must be above 0 and at most 1 (got {})").format(
            m[1]
        ),
    ),
    (
        re.compile(r"learning-rate schedule must be one of (.*) \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "learning-rate schedule must be one of {} (got {})").format(
            m[1], m[2]
        ),
    ),
    (
        re.compile(r"batch size must be a whole number from 1 to 8192 \(got (.*)\)"),
        lambda m: QCoreApplication.translate(
            "CoreText", "batch size must be a whole number from 1 to 8192 (got {})"
        ).format(m[1]),
    ),
    (
        re.compile(r"epochs must be a whole number from 1 to 1000 \(got (.*)\)"),
        lambda m: QCoreApplication.translate(
            "CoreText", "epochs must be a whole number from 1 to 1000 (got {})"
        ).format(m[1]),
    ),
    (
        re.compile(r"validation split must be between 0 and 0\.5 \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "validation split must be between 0 and 0.5 (got {})").format(
            m[1]
        ),
    ),
    (
        re.compile(r"training samples must be 0 \(all\) or more \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "training samples must be 0 (all) or more (got {})").format(
            m[1]
        ),
    ),
    (
        re.compile(r"patience must be 0 or more epochs \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "patience must be 0 or more epochs (got {})").format(m[1]),
    ),
    (
        re.compile(r"early stopping watches one of (.*) \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "early stopping watches one of {} (got {})").format(
            m[1], m[2]
        ),
    ),
    (
        re.compile(r"early stopping on (\S+) needs a validation split above 0"),
        lambda m: QCoreApplication.translate(
            "CoreText", "early stopping on {} needs a validation split above 0"
        ).format(m[1]),
    ),
    (
        re.compile(r"ensemble members must be from 1 to 20 \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "ensemble members must be from 1 to 20 (got {})").format(m[1]),
    ),
    (
        re.compile(r"k-fold needs k from 2 to 20, or 0 for off \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "k-fold needs k from 2 to 20, or 0 for off (got {})").format(
            m[1]
        ),
    ),
    (
        re.compile(r"choose either a bagging ensemble or k-fold cross-validation, not both"),
        lambda m: QCoreApplication.translate(
            "CoreText", "choose either a bagging ensemble or k-fold cross-validation, not both"
        ),
    ),
    (
        re.compile(r"steps per execution must be 1 or more \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "steps per execution must be 1 or more (got {})").format(m[1]),
    ),
    (
        re.compile(r"precision must be one of (.*) \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "precision must be one of {} (got {})").format(m[1], m[2]),
    ),
    (
        re.compile(r"(\S+) must be true or false \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "{} must be true or false (got {})").format(m[1], m[2]),
    ),
    (
        re.compile(r"(\S+) must be a whole number \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "{} must be a whole number (got {})").format(m[1], m[2]),
    ),
    (
        re.compile(r"(\S+) must be a number \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "{} must be a number (got {})").format(m[1], m[2]),
    ),
    (
        re.compile(r"(\S+) must be text \(got (.*)\)"),
        lambda m: QCoreApplication.translate("CoreText", "{} must be text (got {})").format(m[1], m[2]),
    ),
]


def config_problem(problem: str) -> str:
    """One entry of ``ConfigError.problems``."""
    return _translate_by_pattern(problem, _PROBLEMS)


def config_problems(exc) -> list[str]:
    """Every problem of a ``ConfigError``, translated."""
    return [config_problem(p) for p in getattr(exc, "problems", None) or [str(exc)]]


# Model and data file errors read "<path>: <reason>"; the path stays, the reason is translated.
_FILE_REASONS = [
    (re.compile(r"file not found"), lambda m: QCoreApplication.translate("CoreText", "file not found")),
    (
        re.compile(r"model files must end in \.keras"),
        lambda m: QCoreApplication.translate("CoreText", "model files must end in .keras"),
    ),
    (
        re.compile(r"not a model file, or the file is damaged \((.*)\)", re.S),
        lambda m: QCoreApplication.translate("CoreText", "not a model file, or the file is damaged ({})").format(m[1]),
    ),
    (
        re.compile(r"the model's digitpad metadata is damaged \((.*)\)", re.S),
        lambda m: QCoreApplication.translate("CoreText", "the model's digitpad metadata is damaged ({})").format(m[1]),
    ),
    (
        re.compile(r"is a folder, not a model file"),
        lambda m: QCoreApplication.translate("CoreText", "is a folder, not a model file"),
    ),
    (
        re.compile(r"too large to be a digitpad model \((.*) bytes\)"),
        lambda m: QCoreApplication.translate("CoreText", "too large to be a digitpad model ({} bytes)").format(m[1]),
    ),
    (
        re.compile(r"not a \.keras model file \(it is not a zip archive\); the file may be damaged"),
        lambda m: QCoreApplication.translate(
            "CoreText", "not a .keras model file (it is not a zip archive); the file may be damaged"
        ),
    ),
    (
        re.compile(r"not a Keras model file \(config\.json or model\.weights\.h5 is missing\)"),
        lambda m: QCoreApplication.translate(
            "CoreText", "not a Keras model file (config.json or model.weights.h5 is missing)"
        ),
    ),
    (
        re.compile(r"the file is damaged \(entry (.*) fails its checksum\)"),
        lambda m: QCoreApplication.translate("CoreText", "the file is damaged (entry {} fails its checksum)").format(
            m[1]
        ),
    ),
    (
        re.compile(r"cannot load this model \((.*)\)", re.S),
        lambda m: QCoreApplication.translate("CoreText", "cannot load this model ({})").format(m[1]),
    ),
    (
        re.compile(r"not a digit classifier \(it has no single input and output\)"),
        lambda m: QCoreApplication.translate("CoreText", "not a digit classifier (it has no single input and output)"),
    ),
    (
        re.compile(
            r"not a digit classifier: digitpad needs 28x28x1 images in and 10 probabilities out, "
            r"this model takes (.*) and gives (.*)"
        ),
        lambda m: QCoreApplication.translate(
            "CoreText",
            "not a digit classifier: digitpad needs 28x28x1 images in and 10 probabilities out, "
            "this model takes {} and gives {}",
        ).format(m[1], m[2]),
    ),
    (
        re.compile(r"cannot read \((.*)\)", re.S),
        lambda m: QCoreApplication.translate("CoreText", "cannot read ({})").format(m[1]),
    ),
    (
        re.compile(r"truncated or corrupt gzip data \((.*)\)", re.S),
        lambda m: QCoreApplication.translate("CoreText", "truncated or corrupt gzip data ({})").format(m[1]),
    ),
    (
        re.compile(r"too short to be an IDX file \((.*) bytes\)"),
        lambda m: QCoreApplication.translate("CoreText", "too short to be an IDX file ({} bytes)").format(m[1]),
    ),
    (re.compile(r"truncated header"), lambda m: QCoreApplication.translate("CoreText", "truncated header")),
    (re.compile(r"no images"), lambda m: QCoreApplication.translate("CoreText", "no images")),
    (
        re.compile(r"pixel values outside 0\.\.255"),
        lambda m: QCoreApplication.translate("CoreText", "pixel values outside 0..255"),
    ),
    (
        re.compile(r"label (.*) out of range; labels must be 0 to 9"),
        lambda m: QCoreApplication.translate("CoreText", "label {} out of range; labels must be 0 to 9").format(m[1]),
    ),
    (
        re.compile(r"(.*) images but (.*) labels; the counts must match"),
        lambda m: QCoreApplication.translate("CoreText", "{} images but {} labels; the counts must match").format(
            m[1], m[2]
        ),
    ),
    (
        re.compile(r"truncated: the header promises (.*) bytes of data, the file has (.*)"),
        lambda m: QCoreApplication.translate(
            "CoreText", "truncated: the header promises {} bytes of data, the file has {}"
        ).format(m[1], m[2]),
    ),
]


def file_error(message: str) -> str:
    """A ``ModelFileError`` or ``DatasetError`` message: "<path>: <reason>", the reason translated."""
    start = message.find(": ")
    while start > 0:  # a path may itself hold ": ", so try each split until the reason is a known one
        translated = _match(message[start + 2 :], _FILE_REASONS)
        if translated is not None:
            return QCoreApplication.translate("CoreText", "{}: {}").format(message[:start], translated)
        start = message.find(": ", start + 1)
    return message
