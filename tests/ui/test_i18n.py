"""English and Korean: the translation files are complete and current, and the window really speaks Korean."""

import html
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QDoubleSpinBox,
    QGroupBox,
    QLabel,
    QMenu,
    QSpinBox,
    QTableWidget,
    QWidget,
)

from digitpad.core.architecture import total_params
from digitpad.core.config import ConfigError, TrainingConfig
from digitpad.core.reporting import SeriesName
from digitpad.ui import i18n, messages
from digitpad.ui.app import switch_language
from digitpad.ui.evaluation_view import EvaluationView
from digitpad.ui.main_window import MainWindow
from tests.ui.drawing import draw_digit

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "digitpad_ko.ts"
QM = ROOT / "resources" / "i18n" / "digitpad_ko.qm"
UI_SOURCES = sorted((ROOT / "digitpad" / "ui").glob("*.py"))
TRAIN_TIMEOUT_MS = 240_000

HANGUL = re.compile(r"[\uac00-\ud7a3]")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
# Names that stay as they are in a Korean interface: Keras layer types, product names, keys, the language menu.
ALLOWED_LATIN = {
    "L1",
    "L2",
    "Conv2D",
    "MaxPooling2D",
    "Dense",
    "Flatten",
    "Dropout",
    "MNIST",
    "digitpad",
    "Keras",
    "keras",
    "English",
    "Esc",
    "Ctrl",
    "Shift",
    "Delete",
    "F5",
    "F6",
    "k",
}


def lupdate_tool() -> str | None:
    beside_python = Path(sys.executable).with_name("pyside6-lupdate")
    return str(beside_python) if beside_python.exists() else shutil.which("pyside6-lupdate")


def ts_messages(path: Path) -> dict[tuple[str, str, str], ET.Element]:
    """(context, source, disambiguation comment) -> the <translation> element."""
    messages = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            key = (name, message.findtext("source"), message.findtext("comment") or "")
            messages[key] = message.find("translation")
    return messages


def placeholders(text: str) -> list[tuple[str, str, str]]:
    """The str.format fields as (position or name, format spec, conversion); "{}" and "{0}" count the same."""
    fields, automatic = [], 0
    for _, name, spec, conversion in string.Formatter().parse(text):
        if name is None:
            continue
        if name == "":
            index, automatic = str(automatic), automatic + 1
        else:
            index = name
        fields.append((index, spec or "", conversion or ""))
    return sorted(fields)


def sample_values(text: str) -> dict:
    """A value for each named field of ``text`` (1 fits every format spec digitpad uses: ",", "g", ".2%", "08x")."""
    return {name: 1 for name, _, _ in placeholders(text) if not name.isdigit()}


def html_tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-zA-Z][a-zA-Z0-9]*", text))


def has_accelerator(text: str) -> bool:
    return re.search(r"&(?!&|[a-zA-Z]+;)\S", text) is not None


@pytest.fixture(autouse=True)
def english_afterwards(qapp):
    """The other tests expect English: put it back whatever happens here."""
    yield
    i18n.install_language(qapp, "en")


def switch(qtbot, open_window, window, code) -> MainWindow:
    new = switch_language(QApplication.instance(), window, code)
    if new is not window:
        open_window.keep(new)
        new.resize(1366, 740)
        qtbot.waitExposed(new)
    return new


# -- the translation files ------------------------------------------------------------------------------


def test_every_translatable_string_is_in_the_korean_file(tmp_path):
    tool = lupdate_tool()
    if tool is None:
        pytest.skip("pyside6-lupdate is not installed (it comes with PySide6's tools); cannot extract the strings")
    fresh = tmp_path / "fresh.ts"
    subprocess.run(
        [
            tool,
            *map(str, UI_SOURCES),
            "-ts",
            str(fresh),
            "-locations",
            "none",
            "-no-obsolete",
            "-source-language",
            "en",
            "-target-language",
            "ko",
        ],
        check=True,
        capture_output=True,
    )
    in_code, in_file = set(ts_messages(fresh)), set(ts_messages(TS))
    missing = sorted(in_code - in_file)
    stale = sorted(in_file - in_code)
    assert not missing, (
        f"{len(missing)} strings in the code are not in {TS.name}; run pyside6-lupdate "
        f"digitpad/ui/*.py -ts {TS.relative_to(ROOT)} -locations none -no-obsolete, translate "
        f"them and rebuild the .qm: {missing[:10]}"
    )
    assert not stale, f"{TS.name} has strings the code no longer uses (rerun lupdate with -no-obsolete): {stale[:10]}"


def test_every_korean_translation_is_finished_and_keeps_its_placeholders():
    messages = ts_messages(TS)
    assert len(messages) > 250
    for (context, source, _), translation in messages.items():
        where = f"{context}: {source!r}"
        assert translation is not None and translation.get("type") is None, f"unfinished or obsolete: {where}"
        text = translation.text or ""
        assert text.strip(), f"empty translation: {where}"
        assert placeholders(text) == placeholders(source), f"placeholders differ: {where} -> {text!r}"
        if placeholders(source):  # no stray braces
            positional = [f for f in placeholders(source) if f[0].isdigit()]
            text.format(*[1] * len(positional), **sample_values(source))
        assert html_tags(text) == html_tags(source), f"HTML tags differ: {where} -> {text!r}"
        assert has_accelerator(text) == has_accelerator(source), f"accelerator (&) lost or added: {where}"
        assert text.count("\n") == source.count("\n"), f"line breaks differ: {where}"


def test_the_shipped_qm_matches_the_ts():
    """The .qm the app loads says exactly what the .ts says (rebuild it with pyside6-lrelease if not)."""
    translator = QTranslator()
    assert translator.load(str(QM)), f"cannot load {QM}"
    stale = [
        (context, source)
        for (context, source, comment), translation in ts_messages(TS).items()
        if translation.text and translator.translate(context, source, comment or None) != translation.text
    ]
    assert not stale, (
        f"{QM.name} is out of date for {len(stale)} strings; run pyside6-lrelease "
        f"{TS.relative_to(ROOT)} -qm {QM.relative_to(ROOT)}: {stale[:5]}"
    )


# -- installing a language ----------------------------------------------------------------------------------


def test_language_choice_defaults_and_install(settings):
    app = QApplication.instance()
    assert set(i18n.LANGUAGES) == {"en", "ko"}
    assert i18n.current_language(settings) == i18n.system_language()
    settings.setValue("view/language", "xx")
    assert i18n.current_language(settings) == "en"
    settings.setValue("view/language", "ko")
    assert i18n.current_language(settings) == "ko"
    assert i18n.install_language(app, "ko") and i18n.installed_language() == "ko"
    assert QLocale().language() == QLocale.Language.Korean
    assert i18n.install_language(app, "en") and i18n.installed_language() == "en"
    assert QLocale().language() == QLocale.Language.English
    assert not i18n.install_language(app, "xx") and i18n.installed_language() == "en"


def test_a_missing_qm_leaves_english(monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "qm_path", lambda code: tmp_path / "nothing.qm")
    assert not i18n.install_language(QApplication.instance(), "ko")
    assert i18n.installed_language() == "en"


# -- the core's texts ----------------------------------------------------------------------------------------


IMPOSSIBLE = [
    TrainingConfig(dense_units=0),
    TrainingConfig(l1=2.0),
    TrainingConfig(dropout=1.0),
    TrainingConfig(learning_rate=0),
    TrainingConfig(lr_schedule="steps"),
    TrainingConfig(batch_size=0),
    TrainingConfig(epochs=0),
    TrainingConfig(validation_split=0.9),
    TrainingConfig(train_samples=-1),
    TrainingConfig(early_stopping=True, patience=-1, monitor="speed"),
    TrainingConfig(early_stopping=True, validation_split=0.0),
    TrainingConfig(ensemble=30),
    TrainingConfig(kfold=1),
    TrainingConfig(ensemble=3, kfold=5),
    TrainingConfig(steps_per_execution=0),
    TrainingConfig(precision="float3"),
]


def test_the_cores_words_are_translated():
    """The core speaks in codes and values; each of its texts that reaches the screen comes out Korean."""
    i18n.install_language(QApplication.instance(), "ko")
    problems = [p for config in IMPOSSIBLE for p in config.problems()]
    assert len(problems) >= 16 and len({p.code for p in problems}) >= 16
    for problem in problems:
        assert HANGUL.search(messages.describe(problem)), problem
    for bad in ({"epochs": "many"}, {"augment": "yes"}, {"learning_rate": "fast"}, {"lr_schedule": 3}):
        with pytest.raises(ConfigError) as caught:
            TrainingConfig.from_dict(bad)
        shown = messages.config_problems(caught.value)
        assert len(shown) == 1 and HANGUL.search(shown[0]) and str(caught.value) not in shown[0], shown
    everything = TrainingConfig(
        l1=0.001,
        l2=0.01,
        dropout=0.3,
        dropout_conv=True,
        pooling=False,
        dense_units=128,
        augment=True,
        early_stopping=True,
        ensemble=3,
        train_samples=500,
    )
    for config in (everything, TrainingConfig(kfold=5), TrainingConfig()):
        parts = messages.settings_label(config.label_parts()).split(", ")
        assert len(parts) == len(config.label_parts())
        assert all(HANGUL.search(part) for part in parts), parts
    assert messages.settings_label(TrainingConfig(l2=0.001, dropout=0.2).label_parts()) == "L2 규제 0.001, 드롭아웃 0.2"
    assert messages.series_name(SeriesName("member", 2)) == "멤버 2"
    assert messages.series_name(SeriesName("fold", 3)) == "폴드 3"
    assert messages.series_name(SeriesName("model")) == "모델"


def test_file_errors_are_translated(tmp_path):
    from digitpad.core.modelfile import ModelFileError, load_model

    i18n.install_language(QApplication.instance(), "ko")
    not_zip = tmp_path / "notes: draft.keras"  # a path with ": " in it stays whole
    not_zip.write_text("hello")
    for path in (tmp_path / "missing.keras", tmp_path, not_zip):
        with pytest.raises(ModelFileError) as caught:
            load_model(path)
        message = messages.describe(caught.value)
        assert message.startswith(f"{path}: ") and HANGUL.search(message[len(str(path)) :]), message
    assert messages.describe(MemoryError()).startswith("이번 학습에")


def test_a_handwriting_import_error_reads_korean(qtbot, canvas, tmp_path):
    """A refused file: the view says so in Korean, naming the file, with none of the core's English."""
    from digitpad.core.handwriting import HandwritingStore
    from digitpad.ui.handwriting_view import HandwritingView
    from digitpad.ui.session import Session

    i18n.install_language(QApplication.instance(), "ko")
    session = Session(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    session.handwriting = HandwritingStore(tmp_path / "mine")
    view = HandwritingView(session, current_drawing=canvas.image)
    qtbot.addWidget(view)
    bad = tmp_path / "evil.npz"
    np.savez(bad, x=np.array([object()] * 2, dtype=object), y=np.array([1, 2]))
    assert view.import_from(bad) is None
    status = view.status.text()
    assert status.startswith(f"가져올 수 없습니다: {bad} [x]: ") and "Python 객체" in status, status
    assert "Python objects" not in status and "digitpad reads" not in status
    assert view.import_from(tmp_path / "missing.npz") is None
    assert view.status.text().endswith(f"{tmp_path / 'missing.npz'}: 파일을 찾을 수 없습니다"), view.status.text()
    assert len(view.store) == 0


def test_english_texts_stay_exactly_the_cores(default_model):
    assert i18n.installed_language() == "en"
    assert messages.model_description(default_model) == default_model.describe()
    config = TrainingConfig(l2=0.001, dropout=0.2, early_stopping=True, ensemble=3)
    assert (
        messages.settings_label(config.label_parts())
        == config.describe()
        == "L2 0.001, dropout 0.2, early stop p2, bagging x3"
    )
    problems = IMPOSSIBLE[-3].problems()
    assert messages.config_problems(ConfigError(problems)) == [str(p) for p in problems]
    assert [messages.series_name(SeriesName("member", n)) for n in (1, 2)] == ["member 1", "member 2"]


# -- the window ------------------------------------------------------------------------------------------------


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", text)).replace("&", "")


def _table_texts(table: QTableWidget, name: str) -> list[tuple[str, str]]:
    headers = [table.horizontalHeaderItem(column) for column in range(table.columnCount())]
    cells = [table.item(row, column) for row in range(table.rowCount()) for column in range(table.columnCount())]
    texts = []
    for header in (h for h in headers if h is not None):
        texts += [(f"{name} header", header.text()), (f"{name} header tooltip", header.toolTip())]
    for cell in (c for c in cells if c is not None):
        texts += [(f"{name} cell", cell.text()), (f"{name} cell tooltip", cell.toolTip())]
    return texts


def _widget_texts(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) for the texts of one widget: its tooltip, title, label, affixes, table cells."""
    name = f"{type(widget).__name__} {widget.objectName()}"
    texts = [(f"{name} tooltip", widget.toolTip()), (f"{name} accessible name", widget.accessibleName())]
    if widget.isWindow():
        texts.append((f"{name} window title", widget.windowTitle()))
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append((name, widget.text()))
    if isinstance(widget, QGroupBox | QMenu):
        texts.append((name, widget.title()))
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        texts += [(f"{name} prefix", widget.prefix()), (f"{name} suffix", widget.suffix())]
    if isinstance(widget, QAbstractSpinBox):
        texts.append((f"{name} special value", widget.specialValueText()))
    if isinstance(widget, QTableWidget):
        texts += _table_texts(widget, name)
    return texts


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text a user can see or hover in ``root`` and its children."""
    texts = [text for widget in [root, *root.findChildren(QWidget)] for text in _widget_texts(widget)]
    for action in root.findChildren(QAction):
        texts += [
            (f"action {action.objectName()}", action.text()),
            (f"action {action.objectName()} tip", action.statusTip()),
        ]
    return [(where, plain(text)) for where, text in texts if text and text.strip()]


def untranslated(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Texts with Latin words that are neither Korean nor names every Korean interface keeps."""
    return [
        (where, text)
        for where, text in texts
        if not HANGUL.search(text) and not set(LATIN_WORD.findall(text)) <= ALLOWED_LATIN
    ]


def test_the_language_menu_remembers_and_asks(qtbot, settings, open_window):
    window = open_window(settings, load=False)
    english, korean = window.findChild(QAction, "language_en"), window.findChild(QAction, "language_ko")
    assert english.text() == "English" and korean.text() == "한국어"
    assert english.isChecked() and not korean.isChecked() and english.actionGroup().isExclusive()
    with qtbot.waitSignal(window.language_requested) as signal:
        korean.trigger()
    assert signal.args == ["ko"]
    assert settings.value("view/language") == "ko"


def test_a_window_switched_to_korean_speaks_korean(qtbot, settings, open_window):
    window = open_window(settings)
    assert untranslated(visible_texts(window)), "the walk must see the English texts"  # the check can fail
    window = switch(qtbot, open_window, window, "ko")
    window.show_network()  # the teaching dialogs are the window's children: the walk below sees them too
    window.show_handwriting()
    texts = visible_texts(window)
    texts += [("chart", text) for text in window.charts.plot_texts()]
    texts += [("preview caption", window.preview.caption()), ("verdict", window.probabilities.predicted_text())]
    evaluation = EvaluationView(
        window.session.tasks
    )  # evaluating for real takes seconds; its fixed texts are what matter here
    qtbot.addWidget(evaluation)
    texts += visible_texts(evaluation)
    assert len(texts) > 150
    assert not untranslated(texts), untranslated(texts)
    assert window.findChild(QAction, "language_ko").isChecked()
    assert window.windowTitle() == "digitpad"


def test_the_choice_is_remembered_and_the_model_survives(qtbot, settings, open_window):
    window = open_window(settings)
    predictor = window.session.model.predictor
    draw_digit(window.canvas, 1)
    window.findChild(QAction, "language_ko").trigger()  # stores the choice, as the menu does
    new = switch(qtbot, open_window, window, "ko")
    assert new is not window and not window.isVisible()
    assert new.session is window.session and new.session.model.predictor is predictor  # not loaded again
    assert new.canvas.stroke_count() == 1  # the drawing came along
    qtbot.waitUntil(lambda: new.probabilities.predicted_text().startswith("1"), timeout=10_000)
    new.canvas.clear()
    draw_digit(new.canvas, 7)
    qtbot.waitUntil(lambda: new.probabilities.predicted_text().startswith("7"), timeout=10_000)
    assert HANGUL.search(new.probabilities.predicted_text())
    new.close()

    # Next start: the saved choice decides, before the window is made.
    assert i18n.current_language(QSettings(settings.fileName(), QSettings.Format.IniFormat)) == "ko"
    i18n.install_language(QApplication.instance(), "en")
    i18n.install_language(QApplication.instance(), i18n.current_language(settings))
    again = open_window(settings)
    assert again.panel.train_button.text() == "학습 시작"
    assert again.findChild(QAction, "language_ko").isChecked()

    back = switch(qtbot, open_window, again, "en")
    assert back.panel.train_button.text() == "Train" and back.findChild(QAction, "language_en").isChecked()
    assert i18n.installed_language() == "en"


@pytest.mark.slow
def test_switching_twice_keeps_every_run_the_drawing_the_model_and_the_lesson(qtbot, settings, open_window):
    from digitpad.core.resources import resource

    window = open_window(settings)
    set_values = {"train_samples": 300, "epochs": 2, "batch_size": 32}
    for name, value in set_values.items():
        getattr(window.panel, name).setValue(value)
    window.start_training()
    qtbot.waitUntil(lambda: not window.is_training(), timeout=TRAIN_TIMEOUT_MS)
    window.start_training()
    qtbot.waitUntil(
        lambda: window.charts.run_count() == 2 and window.charts.curve_data(1, 0, "batch_loss")[0].size,
        timeout=TRAIN_TIMEOUT_MS,
    )
    draw_digit(window.canvas, 7)
    session = window.session

    # First switch while run 2 is still training: it carries on in the new window.
    korean = switch(qtbot, open_window, window, "ko")
    assert korean.session is session and not window.isVisible()
    assert korean.is_training() and not korean.panel.train_button.isEnabled()
    qtbot.waitUntil(lambda: not korean.is_training(), timeout=TRAIN_TIMEOUT_MS)
    first, second = session.runs.runs
    assert [r.number for r in session.runs.runs] == [1, 2] and second.status == "finished"
    run = QCoreApplication.translate("TrainingCharts", "run {}")
    assert HANGUL.search(run) and [t.split(":")[0] for t in korean.charts.run_titles()] == [
        run.format(1),
        run.format(2),
    ]
    for index, record in enumerate((first, second)):  # the curves drawn are the runs' own numbers
        x, loss = korean.charts.curve_data(index, 0, "loss")
        np.testing.assert_array_equal(loss, record.series[0].epochs.column(1))
        assert len(x) == 2
    assert QCoreApplication.translate("Session", "run {}").format(2) in korean.model_status.text()
    assert korean.canvas.stroke_count() == 1
    qtbot.waitUntil(lambda: korean.probabilities.predicted_text().startswith("7"), timeout=10_000)

    assert korean.lessons.open_path(resource("lessons/lesson-2-only-dropout.json"))
    assert korean.lesson_banner.title.text().startswith("2강")
    model = session.model

    # Second switch, with the lesson open: its banner comes back in English, its locks with it.
    english = switch(qtbot, open_window, korean, "en")
    assert english.session is session and session.model is model
    assert english.lesson_banner.isVisible() and english.lesson_banner.title.text().startswith("Lesson 2")
    assert not english.panel.epochs.isEnabled()  # still locked by the lesson
    assert [t.split(":")[0] for t in english.charts.run_titles()] == ["run 1", "run 2"]
    assert "run 2 (" in english.model_status.text() and "run 2" in english.charts.legend_text()
    assert english.canvas.stroke_count() == 1
    assert english.charts.curve_data(1, 0, "batch_loss")[0].size == len(second.series[0].batches)


def test_numbers_read_correctly_in_korean(qtbot, settings, open_window):
    window = switch(qtbot, open_window, open_window(settings), "ko")
    caption = window.probabilities.caption_text()
    assert "99.48%" in caption and "테스트 정확도" in caption
    assert "99.48%" in window.model_status.text()
    # A decimal point and thousands commas, as in English: Korean writes numbers the same way.
    assert window.panel.learning_rate.text() == f"{window.panel.learning_rate.value():.4f}"
    total = total_params(window.panel.config())
    assert total >= 1000 and window.panel.total_label.text() == f"전체 파라미터: {total:,}개"
    assert QLocale().toString(1234567) == "1,234,567"
    window.panel.early_stopping.setChecked(True)
    window.panel.validation_split.setValue(0.0)
    window.start_training()
    [(title, text)] = window.open_messages()
    assert title == "불가능한 설정" and "검증 비율" in text
