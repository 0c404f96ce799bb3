import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from digitpad.ui.charts import GrowingColumns, TrainingCharts, compact_number


@pytest.fixture
def charts(qtbot):
    widget = TrainingCharts()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pen_alpha(charts: TrainingCharts, run: int, which: str) -> int:
    return charts.curve_item(run, 0, which).opts["pen"].color().alpha()


def test_begin_run_names_the_run_and_its_series(charts):
    assert charts.objectName() == "training_charts"
    assert charts.run_count() == 0
    charts.begin_run("bagging ×3", ["member 1", "member 2", "member 3"])
    assert charts.run_count() == 1
    assert charts.is_running()
    assert charts.run_titles() == ["run 1: bagging ×3"]
    assert charts.series_names() == ["member 1", "member 2", "member 3"]
    assert "run 1: bagging ×3" in charts.legend_text()
    assert "member 2" in charts.legend_text()


def test_add_batch_reaches_the_curves(charts, qtbot):
    charts.begin_run("baseline", ["model"])
    for i, (loss, accuracy) in enumerate([(2.3, 0.1), (1.2, 0.6), (0.5, 0.85)]):
        charts.add_batch(0, (i + 1) * 128, loss, accuracy)
    # Batch redraws are coalesced by a timer: the plotted data arrives shortly after.
    item = charts.curve_item(0, 0, "batch_loss")
    qtbot.waitUntil(lambda: item.getData()[0] is not None and len(item.getData()[0]) == 3, timeout=2000)
    x, loss = charts.curve_data(0, 0, "batch_loss")
    _, accuracy = charts.curve_data(0, 0, "batch_accuracy")
    np.testing.assert_array_equal(x, [128, 256, 384])
    np.testing.assert_array_equal(loss, [2.3, 1.2, 0.5])
    np.testing.assert_array_equal(accuracy, [0.1, 0.6, 0.85])


def test_add_epoch_draws_train_and_validation(charts):
    charts.begin_run("baseline", ["model"])
    charts.add_epoch(0, 1, 0.30, 0.91, 0.25, 0.93)
    charts.add_epoch(0, 2, 0.15, 0.95, 0.20, 0.94)
    charts.add_epoch(0, 3, 0.08, 0.97)  # no validation this epoch
    x, loss = charts.curve_data(0, 0, "loss")
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_array_equal(loss, [0.30, 0.15, 0.08])
    x, val_loss = charts.curve_data(0, 0, "val_loss")
    np.testing.assert_array_equal(x, [1, 2])
    np.testing.assert_array_equal(val_loss, [0.25, 0.20])
    np.testing.assert_array_equal(charts.curve_data(0, 0, "accuracy")[1], [0.91, 0.95, 0.97])
    np.testing.assert_array_equal(charts.curve_data(0, 0, "val_accuracy")[1], [0.93, 0.94])
    assert charts.curve_item(0, 0, "val_loss").opts["pen"].style() == Qt.PenStyle.DashLine
    assert charts.curve_item(0, 0, "loss").opts["pen"].style() == Qt.PenStyle.SolidLine


def test_series_are_kept_apart(charts):
    charts.begin_run("k-fold", ["fold 1", "fold 2"])
    charts.add_epoch(0, 1, 0.3, 0.9, 0.4, 0.88)
    charts.add_epoch(1, 1, 0.5, 0.8, 0.6, 0.78)
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]
    assert charts.curve_data(0, 1, "loss")[1].tolist() == [0.5]
    first = charts.curve_item(0, 0, "loss").opts["pen"].color()
    second = charts.curve_item(0, 1, "loss").opts["pen"].color()
    assert first != second
    with pytest.raises(IndexError):
        charts.add_epoch(2, 1, 0.1, 0.9)


def test_a_second_run_fades_the_first_but_keeps_it(charts):
    charts.begin_run("baseline", ["model"])
    charts.add_epoch(0, 1, 0.3, 0.9, 0.35, 0.88)
    charts.end_run()
    first_colour = charts.curve_item(0, 0, "loss").opts["pen"].color().rgb()
    charts.begin_run("dropout 0.2", ["model"])
    charts.add_epoch(0, 1, 0.4, 0.87, 0.30, 0.9)

    assert charts.run_count() == 2
    assert charts.is_faded(0) and not charts.is_faded(1)
    assert pen_alpha(charts, 0, "loss") < 128
    assert pen_alpha(charts, 0, "val_loss") < 128
    assert pen_alpha(charts, 1, "loss") == 255
    # Fading keeps the hue, so the run is still recognisable; the new run gets its own colour.
    assert charts.curve_item(0, 0, "loss").opts["pen"].color().rgb() == first_colour
    assert charts.curve_item(1, 0, "loss").opts["pen"].color().rgb() != first_colour
    # The old data stays; new points go to the new run only.
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]
    assert charts.curve_data(1, 0, "loss")[1].tolist() == [0.4]
    assert charts.run_titles() == ["run 1: baseline", "run 2: dropout 0.2"]
    assert "run 2: dropout 0.2" in charts.legend_text()


def test_begin_run_while_running_ends_the_previous_run(charts):
    charts.begin_run("a", ["model"])
    charts.begin_run("b", ["model"])
    assert charts.is_faded(0)
    assert charts.is_running()


def test_updates_after_end_run_are_ignored(charts):
    charts.begin_run("a", ["model"])
    charts.add_epoch(0, 1, 0.3, 0.9)
    charts.end_run()
    assert not charts.is_running()
    charts.add_epoch(0, 2, 0.2, 0.95)  # a late signal from a stopped worker
    charts.add_batch(0, 10, 0.2, 0.95)
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]
    assert len(charts.curve_data(0, 0, "batch_loss")[0]) == 0


def test_clear_history_keeps_only_the_latest_run(charts):
    for label in ("a", "b", "c"):
        charts.begin_run(label, ["model"])
        charts.add_epoch(0, 1, 0.3, 0.9, 0.35, 0.88)
        charts.end_run()
    removed = charts.curve_item(0, 0, "loss")
    plot = removed.getViewBox()
    charts.clear_history()
    assert charts.run_count() == 1
    assert charts.run_titles() == ["run 3: c"]
    assert removed.getViewBox() is None
    assert plot is not None
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]
    assert "run 1" not in charts.legend_text()


def test_clear_history_during_a_run_keeps_the_run_going(charts):
    charts.begin_run("a", ["model"])
    charts.end_run()
    charts.begin_run("b", ["model"])
    charts.clear_history()
    assert charts.run_titles() == ["run 2: b"]
    charts.add_epoch(0, 1, 0.3, 0.9)
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]


def test_clear_button_is_enabled_only_with_earlier_runs(charts, qtbot):
    button = charts.findChild(QPushButton, "clear_runs_button")
    assert button.text() == "Clear earlier runs"
    assert not button.isEnabled()
    charts.begin_run("a", ["model"])
    charts.end_run()
    assert not button.isEnabled()
    charts.begin_run("b", ["model"])
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert charts.run_count() == 1
    assert not button.isEnabled()


def test_reset_removes_everything(charts):
    charts.begin_run("a", ["model"])
    charts.begin_run("b", ["model"])
    charts.reset()
    assert charts.run_count() == 0
    assert not charts.is_running()
    charts.begin_run("c", ["model"])
    assert charts.run_titles() == ["run 1: c"]


def test_best_epoch_is_starred_on_the_validation_curves(charts):
    charts.begin_run("early stopping", ["model"])
    for epoch, val_loss in enumerate([0.30, 0.22, 0.25, 0.27], start=1):
        charts.add_epoch(0, epoch, 0.3 / epoch, 0.9, val_loss, 1 - val_loss / 3)
    assert charts.best_marker_points(0, 0) == []
    charts.mark_best_epoch(0, 2)
    assert charts.best_epoch(0, 0) == 2
    (loss_x, loss_y), (acc_x, acc_y) = charts.best_marker_points(0, 0)
    assert (loss_x, loss_y) == (2.0, pytest.approx(0.22))
    assert (acc_x, acc_y) == (2.0, pytest.approx(1 - 0.22 / 3))
    lines = charts._runs[0].series[0].best_lines
    assert all(line.isVisible() and line.value() == 2 for line in lines)


def test_best_epoch_and_mean_can_arrive_after_the_run_ends(charts):
    charts.begin_run("early stopping", ["model"])
    charts.add_epoch(0, 1, 0.3, 0.9, 0.25, 0.92)
    charts.add_epoch(0, 2, 0.2, 0.93, 0.28, 0.91)
    charts.end_run()
    charts.mark_best_epoch(0, 1)
    charts.set_mean_curve([1, 2], [0.25, 0.28], [0.92, 0.91])
    assert charts.best_marker_points(0, 0)[0] == (1.0, pytest.approx(0.25))
    assert charts.mean_curve_data() is not None


def test_mean_curve(charts):
    charts.begin_run("5-fold", [f"fold {i}" for i in range(1, 6)])
    assert charts.mean_curve_data() is None
    charts.set_mean_curve([1, 2, 3], [0.3, 0.2, 0.18], [0.9, 0.94, 0.95])
    epochs, loss, accuracy = charts.mean_curve_data()
    np.testing.assert_array_equal(epochs, [1, 2, 3])
    np.testing.assert_array_equal(loss, [0.3, 0.2, 0.18])
    np.testing.assert_array_equal(accuracy, [0.9, 0.94, 0.95])
    assert "mean validation" in charts.legend_text()


def test_thousands_of_batches_stay_exact(charts):
    charts.begin_run("long", ["model"])
    count = 5000
    for i in range(count):
        charts.add_batch(0, i * 32, 1.0 / (i + 1), i / count)
    x, loss = charts.curve_data(0, 0, "batch_loss")
    assert len(x) == count
    assert x[-1] == (count - 1) * 32
    np.testing.assert_allclose(loss, 1.0 / np.arange(1, count + 1))
    assert charts.curve_item(0, 0, "batch_loss").opts["clipToView"]


def test_growing_columns_keep_earlier_rows_when_they_grow():
    table = GrowingColumns(2, capacity=2)
    early = None
    for i in range(10):
        table.append(i, i * i)
        if i == 1:
            early = table.column(1)
    assert len(table) == 10
    assert table.column(1).tolist() == [i * i for i in range(10)]
    assert early.tolist() == [0, 1]  # a view handed out earlier never changes


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (500, "500"), (20000, "20k"), (1500000, "1.5M")])
def test_compact_number(value, text):
    assert compact_number(value) == text
