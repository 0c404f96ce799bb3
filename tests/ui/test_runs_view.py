"""Runs that last, in the window: restored at start, listed, shown or hidden, renamed, deleted, compared,
repeated over seeds, handed over as experiment files, and exported (model, charts, curves)."""

import csv
import io

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from shiboken6 import isValid

from digitpad.core.experiments import RunSnapshot, RunStore, read_experiment
from digitpad.core.runs import RepeatGroup, RunHistory, new_id
from tests.test_experiments import finished_run
from tests.ui.conftest import MODEL_TIMEOUT_MS
from tests.ui.drawing import draw_digit

TRAIN_TIMEOUT_MS = 240_000


@pytest.fixture
def stored_runs(default_model):
    """Two runs kept by an earlier session: plain (with its model) and dropout (curves only)."""
    store = RunStore()
    history = RunHistory()
    plain, dropout = finished_run(history), finished_run(history, seed=1, dropout=0.2)
    store.save(RunSnapshot.of(plain, has_model=True), default_model.model, {"test_accuracy": 0.9927})
    store.save(RunSnapshot.of(dropout, has_model=False))
    return store, plain, dropout


def show_runs(window):
    """View → Runs: the dock starts hidden on a small screen."""
    if not window.runs_dock.isVisible():
        window.runs_dock.toggleViewAction().trigger()
    return window.runs_dock.view


def list_rows(window):
    view = show_runs(window)
    return [[view.list.topLevelItem(i).text(c) for c in range(4)] for i in range(view.list.topLevelItemCount())]


def test_kept_runs_come_back_at_start_faded_and_listed(qtbot, settings, open_window, stored_runs):
    _, plain, dropout = stored_runs
    window = open_window(settings, load=False)
    charts = window.charts
    assert charts.run_count() == 2 and charts.is_faded(0) and charts.is_faded(1)
    np.testing.assert_array_equal(charts.curve_data(0, 0, "val_loss")[1], plain.series[0].val_epochs.column(1))
    # Per batch: the moving average at each report (core/curves.py), as the run drew it while it trained.
    x, y = charts.curve_data(1, 0, "batch_loss")
    np.testing.assert_array_equal(x, dropout.series[0].batches.column(0))
    np.testing.assert_allclose(y, dropout.series[0].smoothed.column(1), rtol=1e-12)
    rows = list_rows(window)
    assert [r[0] for r in rows] == ["2", "1"]  # newest first
    assert rows[0][1] == "dropout 0.2" and rows[1][2] == "95.00%" and rows[1][3] == "kept" and rows[0][3] == "—"
    assert window.findChild(type(window.runs_dock), "runs_dock") is window.runs_dock


def test_a_kept_runs_model_predicts_when_picked(qtbot, settings, open_window, stored_runs):
    window = open_window(settings)
    view = show_runs(window)
    view.select([window.session.runs.find(1)])
    assert view.use_button.isEnabled()
    qtbot.mouseClick(view.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.model.run_id == window.session.runs.find(1).id, timeout=MODEL_TIMEOUT_MS)
    assert "run 1" in window.model_status.text() and list_rows(window)[1][3] == "predicting"
    draw_digit(window.canvas, 7)
    qtbot.waitUntil(lambda: window.probabilities.predicted_text().startswith("7"), timeout=10_000)
    view.select([window.session.runs.find(2)])
    assert not view.use_button.isEnabled()  # that run kept no model


def test_hiding_renaming_and_deleting_are_kept(qtbot, settings, open_window, stored_runs):
    store, plain, dropout = stored_runs
    window = open_window(settings, load=False)
    view = show_runs(window)
    item = view.list.topLevelItem(1)  # run 1
    item.setCheckState(0, Qt.CheckState.Unchecked)
    # The row was updated, not deleted and rebuilt while Qt was still inside its itemChanged (that crashed).
    assert isValid(item) and view.list.indexOfTopLevelItem(item) == 1
    assert window.session.runs.find(1).hidden and not window.charts.is_visible(0)
    assert not window.charts.curve_item(0, 0, "loss").isVisible() and "run 1" not in window.charts.legend_text()
    assert window.charts.drawn_items(0) == [] and window.charts.drawn_items(1)  # its epoch dots went too
    window.session.rename_run(window.session.runs.find(2), "  with dropout  ")
    assert list_rows(window)[0][0] == "2 · with dropout" and "with dropout" in window.charts.legend_text()
    restored = {r.id: r for r in store.restore().records}
    assert restored[plain.id].hidden and restored[dropout.id].name == "with dropout"

    assert view.delete([window.session.runs.find(2)]) == 1
    assert window.charts.run_count() == 1 and [r.id for r in store.restore().records] == [plain.id]
    assert "Deleted 1 run" in view.status.text()


def test_compare_shows_curves_together_and_highlights_differing_settings(qtbot, settings, open_window, stored_runs):
    window = open_window(settings, load=False)
    view = show_runs(window)
    view.list.selectAll()
    assert view.compare_button.isEnabled()
    qtbot.mouseClick(view.compare_button, Qt.MouseButton.LeftButton)
    compare = view.compare
    assert compare is not None and compare.isVisible()
    assert compare.differing_rows() == ["dropout", "seed"]
    table = compare.table
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    dropout_row = rows.index("Dropout")
    assert table.item(dropout_row, 0).text() == "0" and table.item(dropout_row, 1).text() == "0.2"
    assert table.item(dropout_row, 1).font().bold() and not table.item(rows.index("L2 penalty"), 0).font().bold()
    assert table.item(rows.index("Test accuracy"), 0).text() == "95.00%"
    assert compare.curve_count() == 2 * 2 * 2  # two runs, two plots, training and validation


@pytest.mark.usefixtures("stored_runs")
def test_experiment_files_carry_runs_to_another_student(qtbot, settings, open_window, tmp_path, monkeypatch):
    window = open_window(settings, load=False)
    view = show_runs(window)
    path = tmp_path / "class.dpexp"
    with qtbot.waitSignal(window.session.experiment_saved, timeout=30_000):
        view.save_experiment_file(path)
    assert [r.number for r in read_experiment(path).records] == [1, 2]
    window.close()

    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path / "another-student"))
    other = open_window(settings, load=False)
    assert other.charts.run_count() == 0
    with qtbot.waitSignal(other.session.experiment_opened, timeout=30_000):
        other.runs_dock.view.open_experiment_file(path)
    assert other.charts.run_count() == 2 and other.charts.is_faded(0) and other.charts.is_faded(1)
    assert [r[0] for r in list_rows(other)] == ["2 · class · run 2", "1 · class · run 1"]
    assert "2 run(s) added" in other.runs_dock.view.status.text()
    with qtbot.waitSignal(other.session.experiment_opened, timeout=30_000):
        other.runs_dock.view.open_experiment_file(path)  # the same file again adds nothing
    assert other.charts.run_count() == 2 and "2 were already here" in other.runs_dock.view.status.text()
    assert len(RunStore().restore().records) == 2  # kept for this student's next start too


def test_a_damaged_experiment_file_gets_one_line_and_changes_nothing(qtbot, settings, open_window, tmp_path):
    window = open_window(settings, load=False)
    bad = tmp_path / "broken.dpexp"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with qtbot.waitSignal(window.session.experiment_failed, timeout=30_000):
        window.runs_dock.view.open_experiment_file(bad)
    [(_title, text)] = window.open_messages()
    assert str(bad) in text and "\n" not in text and window.charts.run_count() == 0


def test_an_unreadable_kept_run_is_named_once_and_set_aside(qtbot, settings, open_window, stored_runs):
    store, plain, dropout = stored_runs
    (store.run_folder(dropout.id) / "run.json").write_text("{ not json")
    window = open_window(settings, load=False)
    qtbot.waitUntil(lambda: bool(window.open_messages()), timeout=5_000)
    [(_title, text)] = window.open_messages()
    assert dropout.id in text and "set aside" in text
    assert window.charts.run_count() == 1 and store.ids() == [plain.id]


@pytest.mark.slow
def test_a_trained_run_is_kept_with_its_model(qtbot, settings, open_window):
    from tests.ui.test_main_window import set_training

    window = open_window(settings)
    set_training(window, train_samples=600, epochs=2, batch_size=64)
    window.start_training()
    qtbot.waitUntil(
        lambda: bool(list_rows(window)) and list_rows(window)[0][3] == "predicting", timeout=TRAIN_TIMEOUT_MS
    )
    record = window.session.runs.latest
    qtbot.waitUntil(lambda: record.has_model, timeout=30_000)
    [kept] = RunStore().restore().records
    assert kept.id == record.id and kept.has_model and kept.dataset == record.dataset and "MNIST" in kept.dataset
    np.testing.assert_array_equal(kept.series[0].epochs.rows(), record.series[0].epochs.rows())
    assert kept.config == record.config and RunStore().model_path(record.id).stat().st_size > 100_000


@pytest.mark.slow
def test_repeat_trains_over_seeds_and_draws_mean_and_spread(qtbot, settings, open_window):
    from tests.ui.test_main_window import set_training

    window = open_window(settings)
    set_training(window, train_samples=300, epochs=2, batch_size=64)
    view = show_runs(window)
    view.repeat_spin.setValue(2)
    with qtbot.waitSignal(window.session.repeat_finished, timeout=2 * TRAIN_TIMEOUT_MS):
        qtbot.mouseClick(view.repeat_button, Qt.MouseButton.LeftButton)
    runs = window.session.runs.runs
    assert [r.config.seed for r in runs] == [0, 1] and [r.group.index for r in runs] == [1, 2]
    assert runs[0].group.id == runs[1].group.id and runs[0].group.size == 2
    assert not window.is_training() and window.charts.band_ids() == [runs[0].group.id]
    (epochs, low, mean, high), _ = window.charts.band_data(runs[0].group.id)
    values = np.array([r.series[0].val_epochs.column(1) for r in runs])  # validation loss
    np.testing.assert_array_equal(epochs, [1, 2])
    np.testing.assert_allclose(mean, values.mean(axis=0))
    np.testing.assert_allclose(high - low, 2 * values.std(axis=0, ddof=1))
    assert "band" in window.charts.legend_text()
    assert [r[0] for r in list_rows(window)] == ["2 (repeat 2/2)", "1 (repeat 1/2)"]


def test_exports_from_the_window_are_checked_and_reported(qtbot, settings, open_window, stored_runs, tmp_path):
    window = open_window(settings)
    draw_digit(window.canvas, 4)
    exporter = window.exporter
    with qtbot.waitSignal(exporter.exported, timeout=120_000) as signal:
        assert exporter.export_model_to("html", tmp_path / "digit")
    report = signal.args[0]
    assert report.path == tmp_path / "digit.html" and report.path.exists()
    assert report.drawing_checked and report.agreement.images == 201 and report.agreement.ok
    [(_title, text)] = window.open_messages()
    assert "200 MNIST test digits and your drawing" in text and "201 of 201" in text

    png, svg, curves = tmp_path / "charts.png", tmp_path / "charts.svg", tmp_path / "curves.csv"
    assert exporter.export_charts_to(png) and exporter.export_charts_to(svg) and exporter.export_curves_to(curves)
    with Image.open(png) as picture:
        assert picture.width >= 800 and np.unique(np.asarray(picture.convert("L"))).size > 10  # a drawing, not a blank
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "<path" in svg.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(curves.read_text(encoding="utf-8-sig"))))
    assert {r["run"] for r in rows} == {"1", "2"} and len(rows) == 2 * (12 + 3 + 3)


def test_export_menu_and_runs_dock_are_in_the_menus(qtbot, settings, open_window):
    window = open_window(settings, load=False)
    names = {a.objectName() for a in window.findChildren(type(window.runs_dock.toggleViewAction()))}
    for name in ("export_tflite_action", "export_onnx_action", "export_html_action", "export_png_action",
                 "export_svg_action", "export_csv_action", "open_experiment_action", "save_experiment_action",
                 "runs_action"):  # fmt: skip
        assert name in names, name
    dock = window.runs_dock
    assert not dock.isVisible()  # a screen narrower than 1600 pixels (offscreen's is 800) starts without it
    window.show()
    before = window.size()
    dock.toggleViewAction().trigger()
    assert dock.isVisible()
    # Shown on a small screen it takes a tab of its own, in front, and the window never grows for it.
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty(), timeout=2000)
    qtbot.wait(20)
    assert window.width() <= before.width() and window.height() <= before.height(), (window.size(), before)
    window.close()
    again = open_window(settings, load=False)  # where the dock was is remembered
    assert again.runs_dock.isVisible()


def test_a_repeat_group_restored_at_start_shows_its_band(qtbot, settings, open_window):
    store = RunStore()
    history = RunHistory()
    group = new_id()
    for i in range(3):
        record = finished_run(history, seed=i)
        record.group = RepeatGroup(group, i + 1, 3)
        store.save(RunSnapshot.of(record, has_model=False))
    window = open_window(settings, load=False)
    assert window.charts.band_ids() == [group]
    window.session.set_run_hidden(window.session.runs.find(3), True)
    (_, _low, mean, _high), _ = window.charts.band_data(group)
    values = np.array([r.series[0].val_epochs.column(1) for r in window.session.runs.runs[:2]])
    np.testing.assert_allclose(mean, values.mean(axis=0))  # the band follows the runs shown
