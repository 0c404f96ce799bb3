import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from digitpad.core.config import TrainingConfig
from digitpad.core.reporting import BatchReport, EpochReport, RunInfo, SeriesName, SeriesResult
from digitpad.core.runs import RunHistory
from digitpad.core.training import TrainResult
from digitpad.ui.charts import TrainingCharts, compact_number

CONFIGS = {  # the runs these tests draw, by their English label
    "plain": TrainingConfig(),
    "bagging x3": TrainingConfig(ensemble=3),
    "dropout 0.2": TrainingConfig(dropout=0.2),
    "2-fold": TrainingConfig(kfold=2),
    "3-fold": TrainingConfig(kfold=3),
    "early stop p2": TrainingConfig(early_stopping=True),
    **{f"{n} samples": TrainingConfig(train_samples=n) for n in (100, 200, 300)},
}


class Feed:
    """Plays the Session's part: records reports in a RunHistory and tells the charts, as the window does."""

    def __init__(self, charts: TrainingCharts, history: RunHistory | None = None):
        self.charts, self.history, self.record = charts, history or RunHistory(), None
        charts.bind(self.history)
        charts.clear_requested.connect(self.clear_history)

    def begin_run(self, label: str, series: list[str]) -> None:
        config = CONFIGS[label]
        assert config.describe() == label
        names = [SeriesName(kind, int(number[0]) if number else None) for kind, *number in map(str.split, series)]
        mode = "kfold" if series[0].startswith("fold") else "ensemble" if len(series) > 1 else "single"
        info = RunInfo(mode, names, 5, 10, 100, 10, label, config.label_parts(), config.to_dict())
        self.record = self.history.begin(info, config)
        self.charts.run_started(self.record)

    def add_batch(self, series: int, x: float, loss: float, accuracy: float, epoch: int = 1, done=None) -> None:  # noqa: PLR0913 -- a report's own fields
        """A batch report: ``x`` images seen in all, ``done`` of them in this ``epoch`` (Keras's running means)."""
        report = BatchReport(series, epoch, 1, 10, int(x), loss, accuracy, None, 100.0, 0.5, None, done)
        self.history.record_batch(self.record, report)
        self.charts.batch_added(self.record, series)

    def add_epoch(self, series, epoch, loss, accuracy, *validation: float) -> None:
        val_loss, val_accuracy = validation or (None, None)
        report = EpochReport(series, epoch, 5, loss, accuracy, val_loss, val_accuracy, None, 1.0, 100.0, 0.5, None)
        self.history.record_epoch(self.record, report)
        self.charts.epoch_added(self.record, series)

    def mark_best_epoch(self, series: int, epoch: int) -> None:
        name = self.record.series[series].name
        self.history.record_series(self.record, series, SeriesResult(name, {}, epoch, None, None))
        self.charts.series_finished(self.record, series)

    def end_run(self) -> None:
        result = TrainResult(TrainingConfig(), self.record.mode, None, [], 0.95, "MNIST", 1.0)
        self.history.finish(self.record, result)
        self.charts.run_ended(self.record)

    def clear_history(self) -> None:
        self.history.clear_earlier()
        self.charts.runs_removed()


@pytest.fixture
def charts(qtbot):
    widget = TrainingCharts()
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def feed(charts):
    return Feed(charts)


def pen_alpha(charts: TrainingCharts, run: int, which: str) -> int:
    return charts.curve_item(run, 0, which).opts["pen"].color().alpha()


def test_begin_run_names_the_run_and_its_series(charts, feed):
    assert charts.objectName() == "training_charts"
    assert charts.run_count() == 0
    feed.begin_run("bagging x3", ["member 1", "member 2", "member 3"])
    assert charts.run_count() == 1
    assert charts.is_running()
    assert charts.run_titles() == ["run 1: bagging x3"]
    assert charts.series_names() == ["member 1", "member 2", "member 3"]
    assert "run 1: bagging x3" in charts.legend_text()
    assert "member 2" in charts.legend_text()


def test_add_batch_reaches_the_curves_smoothed_across_epochs(charts, feed, qtbot):
    """The per-batch curves are the moving averages of core/curves.py: the running means Keras reports are
    turned back into per-batch values, so the curve does not jump when epoch 2 starts its mean afresh."""
    feed.begin_run("100 samples", ["model"])
    # Two epochs of 100 images, reported every 50: epoch 1's batches score 2.0 then 1.0, epoch 2's 0.8 then 0.6.
    reports = [(1, 50, 50, 2.0), (1, 100, 100, 1.5), (2, 50, 150, 0.8), (2, 100, 200, 0.7)]
    for epoch, done, seen, running_mean in reports:
        feed.add_batch(0, seen, running_mean, 1 - running_mean / 2, epoch=epoch, done=done)
        if done == 100:
            feed.add_epoch(0, epoch, running_mean, 1 - running_mean / 2)
    # Batch redraws are coalesced by a timer: the plotted data arrives shortly after.
    item = charts.curve_item(0, 0, "batch_loss")
    qtbot.waitUntil(lambda: item.getData()[0] is not None and len(item.getData()[0]) == 4, timeout=2000)
    x, loss = charts.curve_data(0, 0, "batch_loss")
    np.testing.assert_array_equal(x, [50, 100, 150, 200])
    window = feed.record.smoothing_window
    expected, smooth = [], None
    for value in (2.0, 1.0, 0.8, 0.6):  # what each report's own batches scored
        smooth = value if smooth is None else smooth + (1 - np.exp(-50 / window)) * (value - smooth)
        expected.append(smooth)
    np.testing.assert_allclose(loss, expected)
    assert np.all(np.diff(loss) < 0)  # falls throughout: no jump back up at the epoch boundary
    _, accuracy = charts.curve_data(0, 0, "batch_accuracy")
    np.testing.assert_allclose(accuracy, 1 - np.array(expected) / 2)
    # Each epoch's end is marked on the curve with the network's marker.
    assert charts.epoch_mark_points(0, 0) == [(100.0, pytest.approx(expected[1])), (200.0, pytest.approx(expected[3]))]


def test_add_epoch_draws_train_and_validation(charts, feed):
    feed.begin_run("plain", ["model"])
    feed.add_epoch(0, 1, 0.30, 0.91, 0.25, 0.93)
    feed.add_epoch(0, 2, 0.15, 0.95, 0.20, 0.94)
    feed.add_epoch(0, 3, 0.08, 0.97)  # no validation this epoch
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


def test_series_are_kept_apart(charts, feed):
    feed.begin_run("2-fold", ["fold 1", "fold 2"])
    feed.add_epoch(0, 1, 0.3, 0.9, 0.4, 0.88)
    feed.add_epoch(1, 1, 0.5, 0.8, 0.6, 0.78)
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]
    assert charts.curve_data(0, 1, "loss")[1].tolist() == [0.5]
    first = charts.curve_item(0, 0, "loss").opts["pen"].color()
    second = charts.curve_item(0, 1, "loss").opts["pen"].color()
    assert first != second
    with pytest.raises(IndexError):
        feed.add_epoch(2, 1, 0.1, 0.9)  # this run has two networks


def test_a_second_run_fades_the_first_but_keeps_it(charts, feed):
    feed.begin_run("plain", ["model"])
    feed.add_epoch(0, 1, 0.3, 0.9, 0.35, 0.88)
    feed.end_run()
    first_colour = charts.curve_item(0, 0, "loss").opts["pen"].color().rgb()
    feed.begin_run("dropout 0.2", ["model"])
    feed.add_epoch(0, 1, 0.4, 0.87, 0.30, 0.9)

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
    assert charts.run_titles() == ["run 1: plain", "run 2: dropout 0.2"]
    assert "run 2: dropout 0.2" in charts.legend_text()


def test_clear_history_keeps_only_the_latest_run(charts, feed):
    for label in ("100 samples", "200 samples", "300 samples"):
        feed.begin_run(label, ["model"])
        feed.add_epoch(0, 1, 0.3, 0.9, 0.35, 0.88)
        feed.end_run()
    removed = charts.curve_item(0, 0, "loss")
    plot = removed.getViewBox()
    feed.clear_history()
    assert charts.run_count() == 1
    assert charts.run_titles() == ["run 3: 300 samples"]
    assert removed.getViewBox() is None
    assert plot is not None
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]
    assert "run 1" not in charts.legend_text()


def test_clear_history_during_a_run_keeps_the_run_going(charts, feed):
    feed.begin_run("100 samples", ["model"])
    feed.end_run()
    feed.begin_run("200 samples", ["model"])
    assert charts.is_running()
    feed.clear_history()
    assert charts.run_titles() == ["run 2: 200 samples"]
    feed.add_epoch(0, 1, 0.3, 0.9)
    assert charts.curve_data(0, 0, "loss")[1].tolist() == [0.3]


def test_clear_button_is_enabled_only_with_earlier_runs(charts, feed, qtbot):
    button = charts.findChild(QPushButton, "clear_runs_button")
    assert button.text() == "Clear earlier runs"
    assert not button.isEnabled()
    feed.begin_run("100 samples", ["model"])
    feed.end_run()
    assert not button.isEnabled()
    feed.begin_run("200 samples", ["model"])
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert charts.run_count() == 1
    assert not button.isEnabled()


def test_best_epoch_is_starred_on_the_validation_curves(charts, feed):
    feed.begin_run("early stop p2", ["model"])
    for epoch, val_loss in enumerate([0.30, 0.22, 0.25, 0.27], start=1):
        feed.add_epoch(0, epoch, 0.3 / epoch, 0.9, val_loss, 1 - val_loss / 3)
    assert charts.best_marker_points(0, 0) == []
    feed.mark_best_epoch(0, 2)
    assert charts.best_epoch(0, 0) == 2
    (loss_x, loss_y), (acc_x, acc_y) = charts.best_marker_points(0, 0)
    assert (loss_x, loss_y) == (2.0, pytest.approx(0.22))
    assert (acc_x, acc_y) == (2.0, pytest.approx(1 - 0.22 / 3))
    lines = charts._runs[0].series[0].best_lines
    assert all(line.isVisible() and line.value() == 2 for line in lines)


def test_k_fold_draws_the_mean_validation_curve_when_the_run_ends(charts, feed):
    feed.begin_run("3-fold", [f"fold {i}" for i in range(1, 4)])
    for fold, (loss, accuracy) in enumerate([(0.3, 0.9), (0.4, 0.8), (0.5, 0.7)]):
        for epoch in (1, 2, 3):
            feed.add_epoch(fold, epoch, loss, accuracy, loss / epoch, accuracy + epoch / 100)
    assert charts.mean_curve_data() is None  # drawn once every fold has finished
    feed.end_run()
    epochs, loss, accuracy = charts.mean_curve_data()
    np.testing.assert_array_equal(epochs, [1, 2, 3])
    np.testing.assert_allclose(loss, [0.4, 0.2, 0.4 / 3])
    np.testing.assert_allclose(accuracy, [0.81, 0.82, 0.83])
    assert "mean validation" in charts.legend_text()


def test_a_new_window_draws_the_same_history(qtbot, charts, feed):
    """A window rebuilt in another language binds the Session's history: every run comes back, as it was."""
    feed.begin_run("plain", ["model"])
    for i in range(1, 4):
        feed.add_batch(0, i * 100, 1.0 / i, 0.3 * i)
        feed.add_epoch(0, i, 0.5 / i, 0.8, 0.6 / i, 0.78)
    feed.mark_best_epoch(0, 2)
    feed.end_run()
    feed.begin_run("dropout 0.2", ["model"])
    feed.add_epoch(0, 1, 0.4, 0.85, 0.3, 0.9)  # still training
    other = TrainingCharts()
    qtbot.addWidget(other)
    other.bind(feed.history)
    assert other.run_titles() == charts.run_titles() == ["run 1: plain", "run 2: dropout 0.2"]
    assert other.is_faded(0) and not other.is_faded(1) and other.is_running()
    for which in ("batch_loss", "loss", "val_accuracy"):
        for a, b in zip(other.curve_data(0, 0, which), charts.curve_data(0, 0, which), strict=True):
            np.testing.assert_array_equal(a, b)
    assert other.best_marker_points(0, 0) == charts.best_marker_points(0, 0) != []
    assert other.curve_data(1, 0, "loss")[1].tolist() == [0.4]


def test_thousands_of_batches_stay_exact(charts, feed):
    feed.begin_run("plain", ["model"])
    count = 5000
    for i in range(count):
        feed.add_batch(0, i * 32, 1.0 / (i + 1), i / count)
    x, loss = charts.curve_data(0, 0, "batch_loss")
    assert len(x) == count
    assert x[-1] == (count - 1) * 32
    np.testing.assert_array_equal(loss, feed.record.series[0].smoothed.column(1))
    assert charts.curve_item(0, 0, "batch_loss").opts["clipToView"]


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (500, "500"), (20000, "20k"), (1500000, "1.5M")])
def test_compact_number(value, text):
    assert compact_number(value) == text


def overfit(feed, epochs=7):
    """Validation loss lowest at epoch 4, then up twice and more while training loss keeps falling."""
    val = [1.1, 0.7, 0.5, 0.45, 0.5, 0.56, 0.6, 0.65][:epochs]
    for epoch, v in enumerate(val, start=1):
        feed.add_epoch(0, epoch, 1.0 / epoch, 0.5 + epoch / 20, v, 0.9)


def test_the_gap_growing_is_named_on_the_chart(charts, feed):
    feed.begin_run("100 samples", ["model"])
    overfit(feed, epochs=5)
    assert charts.overfitting_band() is None and charts.overfitting_text() == ""  # one rise is not a trend
    feed.add_epoch(0, 6, 1 / 6, 0.8, 0.56, 0.9)
    assert charts.overfitting_band() == (4.0, 6.0)
    assert charts.overfitting_text() == "overfitting: the gap grows"
    assert "overfitting" in charts.accessibleDescription()
    feed.add_epoch(0, 7, 1 / 7, 0.8, 0.6, 0.9)
    assert charts.overfitting_band() == (4.0, 7.0)  # it follows the run
    feed.end_run()
    feed.begin_run("dropout 0.2", ["model"])
    assert charts.overfitting_band() is None  # the new run has not overfitted (yet)


def test_validation_ahead_in_epoch_one_is_explained(charts, feed):
    feed.begin_run("dropout 0.2", ["model"])
    assert charts.hint_text() == ""
    feed.add_epoch(0, 1, 0.9, 0.7, 0.5, 0.85)
    hint = charts.hint_text()
    assert hint.startswith("Validation beats training in epoch 1? That is normal")
    assert "dropout only acts while training" in hint
    feed.end_run()
    feed.begin_run("plain", ["model"])
    feed.add_epoch(0, 1, 0.3, 0.9, 0.4, 0.88)  # training ahead: nothing to explain
    assert charts.hint_text() == ""


def test_the_axes_take_a_new_runs_length_at_once(charts, feed):
    """No waiting for the first batch with the previous run's scale, and a single point never zooms in to
    ticks like 999.8 / 1k / 1.0002k."""
    feed.begin_run("100 samples", ["model"])  # 5 epochs of 100 images planned
    batch, epoch = charts.plots()["batch_loss"], charts.plots()["loss"]
    assert batch.viewRange()[0][1] >= 500 and epoch.viewRange()[0] == [0.5, 5.5]
    feed.add_batch(0, 1000, 0.5, 0.8, done=100)  # one point far out
    charts.curve_data(0, 0, "batch_loss")  # (batch redraws wait for a timer)
    x_range = batch.viewRange()[0]
    assert x_range[1] >= 1000 and x_range[1] - x_range[0] > 500
    axis = batch.getAxis("bottom")
    values = [v for _, level in axis.tickValues(*x_range, 300) for v in level]
    assert all(float(v).is_integer() for v in values)
    assert all("." not in s or (s.endswith("k") and len(s) <= 5) for s in axis.tickStrings(values, 1, 100))


def test_legend_markers_stay_with_their_names(charts, feed):
    feed.begin_run("bagging x3", ["member 1", "member 2", "member 3"])
    text = charts.legend_text()
    for curves in charts._runs[0].series:
        assert f"{curves.style.glyph}</span>&nbsp;" in text  # no line break between a marker and its name
