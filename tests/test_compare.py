"""Runs compared: settings side by side with their differences, curves and table as CSV, a repeat's band."""

import csv
import io

import numpy as np
import pytest

from digitpad.core import compare
from digitpad.core.runs import RunHistory
from tests.test_experiments import finished_run


def test_the_table_puts_settings_side_by_side_and_marks_differences():
    history = RunHistory()
    plain, dropout = finished_run(history), finished_run(history, seed=1, dropout=0.2)
    rows = {row.key: row for row in compare.comparison_rows([plain, dropout])}
    assert rows["dropout"].values == [0.0, 0.2] and rows["dropout"].differs and rows["dropout"].is_setting
    assert rows["seed"].differs and not rows["l2"].differs and not rows["epochs"].differs
    assert [k for k, r in rows.items() if r.is_setting and r.differs] == ["dropout", "seed"]
    assert rows["test_accuracy"].values == [0.95, 0.95] and not rows["test_accuracy"].is_setting
    assert rows["epochs_trained"].values == [3, 3] and rows["networks"].values == [1, 1]
    assert rows["final_val_accuracy"].values == [
        pytest.approx(plain.series[0].val_epochs.column(2)[-1]),
        pytest.approx(dropout.series[0].val_epochs.column(2)[-1]),
    ]


def test_the_comparison_csv_has_a_column_per_run_and_says_what_differs():
    history = RunHistory()
    a, b = finished_run(history), finished_run(history, l2=0.001)
    b.name = "with L2"
    table = list(csv.reader(io.StringIO(compare.comparison_csv([a, b]))))
    assert table[0] == ["setting", "run 1 (plain)", "with L2 (L2 0.001)", "differs"]
    by_key = {row[0]: row for row in table[1:]}
    assert by_key["l2"] == ["l2", "0", "0.001", "yes"] and by_key["dropout"][-1] == ""
    assert by_key["test_accuracy"][1:3] == ["0.95", "0.95"] and len(table) == 1 + len(compare.SETTINGS) + len(
        compare.RESULTS
    )


def test_the_curves_csv_holds_every_point_of_every_network():
    history = RunHistory()
    runs = [finished_run(history), finished_run(history, members=2)]
    rows = list(csv.DictReader(io.StringIO(compare.curves_csv(runs))))
    expected = sum(len(s.batches) + len(s.epochs) + len(s.val_epochs) for r in runs for s in r.series)
    assert len(rows) == expected == 3 * (12 + 3 + 3)
    member = [r for r in rows if r["run"] == "2" and r["network"] == "member 2" and r["curve"] == "validation"]
    assert [int(r["x"]) for r in member] == [1, 2, 3]
    assert float(member[-1]["loss"]) == pytest.approx(runs[1].series[1].val_epochs.column(1)[-1], rel=1e-5)
    assert {r["curve"] for r in rows} == {"batch", "epoch", "validation"}


def test_a_band_is_the_mean_and_sample_spread_over_the_epochs_all_runs_reached():
    history = RunHistory()
    runs = [finished_run(history, seed=s, epochs=3 + s) for s in range(3)]
    found = compare.band(runs, "val_accuracy")
    values = np.array([r.series[0].val_epochs.column(2)[:3] for r in runs])
    np.testing.assert_array_equal(found.epochs, [1, 2, 3])
    np.testing.assert_allclose(found.mean, values.mean(axis=0))
    np.testing.assert_allclose(found.spread, values.std(axis=0, ddof=1))
    np.testing.assert_allclose(found.high - found.low, 2 * found.spread)
    assert found.runs == 3 and compare.band(runs[:1], "loss") is None
    assert compare.band_quantities(runs) == ("val_loss", "val_accuracy")
    with pytest.raises(ValueError, match="unknown quantity"):
        compare.curve(runs[0], "speed")
