"""The run history: what the engine reports is kept, curve by curve, with stable run numbers."""

import numpy as np
import pytest

from digitpad.core.config import TrainingConfig
from digitpad.core.reporting import BatchReport, EpochReport, RunInfo, SeriesName, SeriesResult
from digitpad.core.runs import FAILED, FINISHED, STOPPED, GrowingColumns, RunHistory
from digitpad.core.training import TrainResult


def info(series=("model",), mode="single"):
    names = [SeriesName(kind, int(number[0]) if number else None) for kind, *number in map(str.split, series)]
    return RunInfo(mode, names, 3, 10, 100, 20, "plain", [("plain", {})], {})


def epoch(series, n, loss, val_loss=None):
    return EpochReport(series, n, 3, loss, 1 - loss, val_loss, None if val_loss is None else 1 - val_loss, None,
                       1.0, 100.0, n / 3, None)  # fmt: skip


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


def test_a_run_keeps_every_report_of_every_network():
    history = RunHistory()
    record = history.begin(info(("member 1", "member 2"), "ensemble"), TrainingConfig(ensemble=2))
    for i in range(5):
        history.record_batch(record, BatchReport(i % 2, 1, i, 10, 32 * (i + 1), 2.0 - i / 10, i / 10, None, 1e3,
                                                 i / 10, None))  # fmt: skip
    history.record_epoch(record, epoch(0, 1, 0.5, 0.6))
    history.record_epoch(record, epoch(1, 1, 0.4))  # no validation this time
    history.record_series(record, 0, SeriesResult(SeriesName("member", 1), {}, 1, 0.4, 0.9))
    assert record.series[0].batches.column(0).tolist() == [32, 96, 160]
    assert record.series[1].batches.column(1).tolist() == pytest.approx([1.9, 1.7])
    assert record.series[0].val_epochs.column(1).tolist() == [0.6] and len(record.series[1].val_epochs) == 0
    assert record.series[0].best_epoch == 1 and record.member_test_accuracies() == [0.9, None]
    assert record.running and record.last_epoch.series == 1

    history.finish(record, TrainResult(TrainingConfig(), "ensemble", None, [], 0.95, "MNIST", 12.5))
    assert record.status == FINISHED and record.test_accuracy == 0.95 and record.seconds == 12.5


def test_numbers_are_never_reused_and_clearing_keeps_the_latest():
    history = RunHistory()
    first = history.begin(info(), TrainingConfig())
    history.end_without_result(first, failed=True)
    second = history.begin(info(), TrainingConfig())
    history.end_without_result(second, failed=False)
    assert (first.status, second.status) == (FAILED, STOPPED) and second.stopped_by_user
    third = history.begin(info(), TrainingConfig())
    assert [r.number for r in history.runs] == [1, 2, 3]
    removed = history.clear_earlier()
    assert [r.number for r in removed] == [1, 2] and history.runs == [third] and history.latest is third
    assert history.begin(info(), TrainingConfig()).number == 4
    assert history.find(4) is history.latest and history.find(1) is None


def test_the_mean_validation_curve_covers_the_epochs_every_fold_reached():
    history = RunHistory()
    record = history.begin(info(("fold 1", "fold 2"), "kfold"), TrainingConfig(kfold=2))
    assert record.mean_validation_curve() is None
    for n, (a, b) in enumerate([(0.5, 0.3), (0.4, 0.2), (0.35, None)], start=1):
        history.record_epoch(record, epoch(0, n, a, a))
        if b is not None:
            history.record_epoch(record, epoch(1, n, b, b))
    epochs, loss, accuracy = record.mean_validation_curve()
    np.testing.assert_array_equal(epochs, [1, 2])
    np.testing.assert_allclose(loss, [0.4, 0.3])
    np.testing.assert_allclose(accuracy, [0.6, 0.7])
