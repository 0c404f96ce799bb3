"""One message module: the window's tables match the core's codes, every code reads Korean, no view shows raw text."""

import errno
import re
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTranslator
from PySide6.QtWidgets import QApplication

from digitpad.core import config, modelfile, reporting
from digitpad.core.handwriting import HandwritingError, HandwritingStore
from digitpad.core.problems import PROBLEMS, Problem, english, os_problem
from digitpad.ui import i18n, messages
from tests.test_problems import OS_ERRORS, raised_codes
from tests.ui.test_i18n import HANGUL, QM, placeholders, sample_values

UI = Path(messages.__file__).parent

# (name, the core's English table, the window's table)
TABLES = [
    ("problems", PROBLEMS, messages.PROBLEMS),
    ("settings label parts", config.LABEL_PARTS, messages.SETTINGS_LABEL_PARTS),
    ("series names", reporting.SERIES_NAMES, messages.SERIES_NAMES),
    ("model descriptions", modelfile.DESCRIPTIONS, messages.MODEL_DESCRIPTIONS),
]


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    yield
    i18n.install_language(qapp, "en")


@pytest.fixture
def korean(qapp):
    assert i18n.install_language(qapp, "ko")


@pytest.mark.parametrize("name, core, ui", TABLES, ids=[t[0] for t in TABLES])
def test_the_windows_tables_are_the_cores(name, core, ui):
    """Same codes, and each window template is the core's English word for word (so the same fields)."""
    assert sorted(set(core) - set(ui)) == [], f"{name}: codes the window cannot word"
    assert sorted(set(ui) - set(core)) == [], f"{name}: window templates for codes the core does not have"
    for code in core:
        assert ui[code] == core[code], f"{name} {code}: the window says {ui[code]!r}, the core {core[code]!r}"
        assert placeholders(ui[code]) == placeholders(core[code])


def test_every_code_the_core_raises_can_be_worded_by_the_window():
    os_codes = {os_problem(exc)[0] for exc in OS_ERRORS}
    missing = sorted((set(raised_codes()) | os_codes) - set(messages.PROBLEMS))
    assert not missing, f"problems the core raises that the window cannot word: {missing}"


@pytest.mark.parametrize("name, core, ui", TABLES, ids=[t[0] for t in TABLES])
def test_every_code_has_a_finished_korean_translation(name, core, ui):
    translator = QTranslator()
    assert translator.load(str(QM))
    for code, source in ui.items():
        korean = translator.translate(messages.CONTEXT, source)
        assert korean and korean != source and HANGUL.search(korean), f"{name} {code}: no Korean for {source!r}"
        assert placeholders(korean) == placeholders(core[code]), f"{name} {code}: fields differ in {korean!r}"
        korean.format_map(sample_values(korean))  # no stray braces


def test_every_code_is_shown_in_korean_with_its_values(korean):
    """Through describe itself: each problem, with values filled in, reads Korean and keeps its values."""
    for code, template in PROBLEMS.items():
        values = {name: 7 for name in sample_values(template)}
        shown = messages.describe(Problem(code, **values))
        assert HANGUL.search(shown) and "{" not in shown.replace("{...}", ""), (code, shown)
        assert english(code, values) not in shown, (code, shown)


def test_nested_problems_are_worded_in_the_windows_language(korean, tmp_path):
    folder = tmp_path / "broken"
    folder.mkdir()
    (folder / "samples.npz").write_bytes(b"PK\x03\x04 not really")
    store = HandwritingStore(folder)
    shown = messages.describe(store.load_problem)
    assert shown.startswith(f"{folder / 'samples.npz'}: 읽을 수 있는 .npz 파일이 아닙니다")
    assert "samples-unreadable-" in shown and "옮겨 두었습니다" in shown and "moved aside" not in shown


def test_os_errors_are_worded_by_kind_never_in_the_systems_words(korean):
    for exc in OS_ERRORS:
        shown = messages.describe(exc)
        assert HANGUL.search(shown), shown
        assert exc.strerror is None or exc.strerror not in shown
        assert not exc.filename or shown.startswith(f"{exc.filename}: ")
    full = OSError(errno.ENOSPC, "No space left on device", "/data/samples.npz")
    assert messages.describe(full) == "/data/samples.npz: 디스크가 가득 찼습니다"


def test_an_unexpected_error_is_a_plain_sentence_and_goes_to_the_log(korean, caplog):
    try:
        {}["secret internals"]
    except KeyError as exc:
        shown = messages.describe(exc)
    assert shown == "예상하지 못한 문제가 생겼습니다. 자세한 내용은 로그 파일에 있습니다."
    assert "secret internals" in caplog.text and "Traceback" in caplog.text
    i18n.install_language(QApplication.instance(), "en")
    assert messages.describe(ValueError("x")) == "Something unexpected went wrong. The details are in the log file."
    assert messages.describe(MemoryError()).startswith("Not enough memory for this training run.")


def test_model_descriptions_in_both_languages(korean, default_model):
    assert messages.model_description(default_model) == "digitpad-default.keras — 테스트 정확도 99.48%"

    class Unsaved:
        def description(self):
            return "ensemble-untested", {"name": None, "members": 3, "accuracy": None}

    assert messages.model_description(Unsaved()) == "저장되지 않은 모델, 앙상블 3개 — 테스트 정확도 알 수 없음"
    i18n.install_language(QApplication.instance(), "en")
    assert messages.model_description(Unsaved()) == "unsaved model, ensemble of 3 — test accuracy unknown"


def test_no_view_formats_an_exception_itself():
    """Every exception reaches the screen through messages.describe; i18n has no pattern tables left."""
    raw = re.compile(r"str\(exc\)|\.format\(exc\)|\{exc\}|\{exc!|format\(exc_type|type\(exc\)\.__name__")
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(UI.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if raw.search(line)
    ]
    assert not offenders, offenders
    for path in sorted(UI.glob("*.py")):
        assert not re.search(r"^import re$|re\.compile", path.read_text(encoding="utf-8"), re.M), path.name


def test_a_handwriting_sample_error_reads_korean(korean, tmp_path):
    store = HandwritingStore(tmp_path)
    with pytest.raises(HandwritingError) as caught:
        store.add(np.zeros((20, 20)), 3)
    assert str(caught.value) == "a sample must be a 28x28 image (got shape (20, 20))"
    assert messages.describe(caught.value) == "샘플은 28x28 이미지여야 합니다 (입력 모양: (20, 20))"
