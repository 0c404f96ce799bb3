"""Runs side by side: their settings and results in one table, their curves as CSV, and a repeat's spread.

Everything here reads ``RunRecord``s (numbers only) and returns plain values, so the window's Compare view
and ``digitpad runs export`` show the same table and write the same files.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields

import numpy as np

from digitpad.core.config import TrainingConfig
from digitpad.core.runs import RunRecord

SETTINGS = tuple(f.name for f in fields(TrainingConfig))
# Results, after the settings: what each run came to.
RESULTS = ("status", "dataset", "networks", "epochs_trained", "final_val_accuracy", "test_accuracy", "seconds")
QUANTITIES = ("loss", "accuracy", "val_loss", "val_accuracy")


@dataclass(frozen=True)
class TableRow:
    key: str  # a TrainingConfig field, or one of RESULTS
    values: list  # one per run: the plain value (number, text, bool or None)
    is_setting: bool

    @property
    def differs(self) -> bool:
        """Whether the runs differ here (for the settings; results always differ a little)."""
        return len({repr(v) for v in self.values}) > 1


def final_validation_accuracy(record: RunRecord) -> float | None:
    """The last validation accuracy of the run's first network (the mean over k-fold's folds)."""
    mean = record.mean_validation_curve() if record.mode == "kfold" else None
    if mean is not None and len(mean[2]):
        return float(mean[2][-1])
    table = record.series[0].val_epochs
    return float(table.column(2)[-1]) if len(table) else None


def epochs_trained(record: RunRecord) -> int:
    return max((len(s.epochs) for s in record.series), default=0)


def comparison_rows(records: list[RunRecord]) -> list[TableRow]:
    """One row per setting, then one per result; each with the runs' values in the order given."""
    rows = [TableRow(key, [getattr(r.config, key) for r in records], True) for key in SETTINGS]
    results = {
        "status": lambda r: r.status,
        "dataset": lambda r: r.dataset,
        "networks": lambda r: len(r.series),
        "epochs_trained": epochs_trained,
        "final_val_accuracy": final_validation_accuracy,
        "test_accuracy": lambda r: r.test_accuracy,
        "seconds": lambda r: None if r.seconds is None else round(r.seconds, 1),
    }
    rows += [TableRow(key, [results[key](r) for r in records], False) for key in RESULTS]
    return rows


def run_title(record: RunRecord) -> str:
    """A run named for files and the command line: "run 3" or its own name, with its settings."""
    name = record.name or f"run {record.number}"
    return f"{name} ({record.label})"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


def comparison_csv(records: list[RunRecord]) -> str:
    """The comparison table as CSV: a row per setting or result, a column per run, and whether they differ."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["setting", *(run_title(r) for r in records), "differs"])
    for row in comparison_rows(records):
        differs = "yes" if row.is_setting and row.differs else ""
        writer.writerow([row.key, *map(_cell, row.values), differs])
    return out.getvalue()


def curves_csv(records: list[RunRecord]) -> str:
    """Every curve of the runs, one point per line (long format, for a spreadsheet's pivot table).

    Columns: run, name, settings, network, curve ("batch", "epoch" or "validation"), x (training samples
    seen for "batch", the epoch otherwise), loss, accuracy.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["run", "name", "settings", "network", "curve", "x", "loss", "accuracy"])
    for record in records:
        for series in record.series:
            for curve, table in (
                ("batch", series.batches),
                ("epoch", series.epochs),
                ("validation", series.val_epochs),
            ):
                for x, loss, accuracy in table.rows():
                    x_text = str(int(x)) if float(x).is_integer() else f"{x:g}"
                    writer.writerow(
                        [record.number, record.name or "", record.label, str(series.name), curve, x_text,
                         f"{loss:.6g}", f"{accuracy:.6g}"]
                    )  # fmt: skip
    return out.getvalue()


@dataclass(frozen=True)
class Band:
    """A quantity's mean over runs, epoch by epoch, with the spread (sample standard deviation) around it."""

    quantity: str  # one of QUANTITIES
    epochs: np.ndarray
    mean: np.ndarray
    spread: np.ndarray
    runs: int

    @property
    def low(self) -> np.ndarray:
        return self.mean - self.spread

    @property
    def high(self) -> np.ndarray:
        return self.mean + self.spread


def curve(record: RunRecord, quantity: str) -> tuple[np.ndarray, np.ndarray]:
    """(epochs, values) of one quantity of a run's first network (its mean over the folds for k-fold)."""
    if quantity not in QUANTITIES:
        raise ValueError(f"unknown quantity {quantity!r}; expected one of {QUANTITIES}")
    validation = quantity.startswith("val_")
    if validation and record.mode == "kfold":
        mean = record.mean_validation_curve()
        if mean is not None:
            return mean[0], mean[1 if quantity == "val_loss" else 2]
    table = record.series[0].val_epochs if validation else record.series[0].epochs
    column = 1 if quantity.endswith("loss") else 2
    return table.column(0).copy(), table.column(column).copy()


def band(records: list[RunRecord], quantity: str) -> Band | None:
    """Mean ± spread of ``quantity`` over the runs, over the epochs every one of them reached; None for
    fewer than two runs with that curve."""
    curves = [curve(r, quantity) for r in records]
    curves = [c for c in curves if len(c[0])]
    if len(curves) < 2:
        return None
    n = min(len(c[0]) for c in curves)
    values = np.array([c[1][:n] for c in curves])
    return Band(quantity, curves[0][0][:n], values.mean(axis=0), values.std(axis=0, ddof=1), len(curves))


def band_quantities(records: list[RunRecord]) -> tuple[str, str]:
    """What a repeat's band shows: the validation loss and accuracy when every run has them, else training's."""
    if all(len(r.series[0].val_epochs) for r in records):
        return "val_loss", "val_accuracy"
    return "loss", "accuracy"
