"""The history of training runs: every curve of every run, as plain numbers any front end can show.

A ``RunHistory`` is fed the training engine's reports (``RunInfo``, ``BatchReport``, ``EpochReport``,
``SeriesResult``, ``TrainResult``) and keeps, per run, each network's per-batch and per-epoch curves and
its outcome. The window's charts only draw what is here, so a window rebuilt in another language shows
the same runs with the same numbers; the command line can record a run the same way.

Records hold numbers, never a Keras model: twenty runs in one lesson must not keep twenty networks alive.
"""

from __future__ import annotations

import math
import time
import uuid
from dataclasses import dataclass, field

import numpy as np

from digitpad.core.config import TrainingConfig
from digitpad.core.curves import BatchSmoother, smoothing_window
from digitpad.core.reporting import BatchReport, EpochReport, RunInfo, SeriesName, SeriesResult
from digitpad.core.training import TrainResult

RUNNING, FINISHED, STOPPED, FAILED = "running", "finished", "stopped", "failed"


class GrowingColumns:
    """Rows of floats appended one at a time, amortised O(1), each column readable as a contiguous array."""

    def __init__(self, columns: int, capacity: int = 256):
        self._data = np.empty((columns, capacity), dtype=np.float64)
        self._size = 0

    def append(self, *values: float) -> None:
        if self._size == self._data.shape[1]:
            grown = np.empty((self._data.shape[0], self._data.shape[1] * 2), dtype=np.float64)
            grown[:, : self._size] = self._data[:, : self._size]
            self._data = grown
        self._data[:, self._size] = values
        self._size += 1

    @classmethod
    def from_rows(cls, rows: np.ndarray) -> GrowingColumns:
        """A table holding ``rows`` (n, columns) already, e.g. curves read back from an experiment file."""
        rows = np.asarray(rows, dtype=np.float64)
        table = cls(rows.shape[1], max(len(rows), 1))
        table._data[:, : len(rows)] = rows.T
        table._size = len(rows)
        return table

    def rows(self) -> np.ndarray:
        """A copy of the table as (n, columns) rows."""
        return self._data[:, : self._size].T.copy()

    def column(self, index: int) -> np.ndarray:
        # A view: later appends write past its end, so data already handed out never changes.
        return self._data[index, : self._size]

    def __len__(self) -> int:
        return self._size


@dataclass
class SeriesRecord:
    """One network of a run (the model, an ensemble member or a fold) and its curves."""

    name: SeriesName
    batches: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # samples seen, loss, accuracy
    epochs: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # epoch, loss, accuracy
    val_epochs: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # epoch, val loss, val acc
    best_epoch: int | None = None  # 1-based, where early stopping kept the weights
    result: SeriesResult | None = None
    # The per-batch curves as the charts draw them: a moving average that carries on across epochs
    # (core/curves.py), and its last point in each epoch.
    smoothed: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # samples seen, loss, accuracy
    epoch_ends: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # the same, at each epoch's end
    smoother: BatchSmoother | None = None

    def mark_epoch_end(self) -> None:
        """Keep the latest smoothed point as this epoch's end (once: a point already marked is not repeated)."""
        if not len(self.smoothed):
            return
        last = [self.smoothed.column(i)[-1] for i in range(3)]
        if not len(self.epoch_ends) or self.epoch_ends.column(0)[-1] < last[0]:
            self.epoch_ends.append(*last)


def smooth_kept_batches(series: SeriesRecord, window: int, train_samples: int) -> None:
    """Rebuild the charts' moving average of a series read back from a file, which keeps only the raw
    per-batch reports (images seen, Keras's running means): each report's epoch and its images in that
    epoch follow from the images seen and the training set's size."""
    series.smoothed = GrowingColumns(3)
    series.epoch_ends = GrowingColumns(3)
    smoother = BatchSmoother(window)
    epoch_size = max(1, train_samples)
    last_epoch = None
    for seen, loss, accuracy in zip(*(series.batches.column(i) for i in range(3)), strict=True):
        epoch = max(1, math.ceil(seen / epoch_size))
        if last_epoch is not None and epoch != last_epoch:
            series.mark_epoch_end()
        last_epoch = epoch
        done = int(seen) - (epoch - 1) * epoch_size
        smoothed = smoother.add(epoch, done, int(seen), float(loss), float(accuracy))
        series.smoothed.append(seen, *smoothed)
    if len(series.epochs):
        series.mark_epoch_end()


@dataclass(frozen=True)
class RepeatGroup:
    """Runs made by "Repeat ×N": the same settings over N seeds, drawn together as mean ± spread."""

    id: str
    index: int  # 1-based place in the group
    size: int


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass
class RunRecord:
    number: int  # 1, 2, 3 ... within a history, never reused
    info: RunInfo
    config: TrainingConfig
    series: list[SeriesRecord]
    started_at: float = field(default_factory=time.time)
    status: str = RUNNING
    test_accuracy: float | None = None
    seconds: float | None = None
    stopped_by_user: bool = False
    fold_mean: float | None = None
    fold_std: float | None = None
    chosen_fold: int | None = None
    last_batch: BatchReport | None = None
    last_epoch: EpochReport | None = None
    # Keeping runs (core/experiments.py): a stable id, the student's own name for the run, whether its curves
    # are shown, its repeat group, the data set it learnt from, and whether its model is stored.
    id: str = field(default_factory=new_id)
    name: str | None = None
    hidden: bool = False
    group: RepeatGroup | None = None
    dataset: str | None = None
    has_model: bool = False
    restored: bool = False  # read back from the store or a file, not trained in this session
    smoothing_window: int = 1  # training images the per-batch moving average spans (core/curves.py)

    @property
    def mode(self) -> str:
        return self.info.mode

    @property
    def label(self) -> str:
        """The settings in a few English words (the command line's, and files')."""
        return self.info.label

    @property
    def label_parts(self) -> list:
        """The settings as (code, values) parts, for a front end to word in its language."""
        return self.info.label_parts

    @property
    def running(self) -> bool:
        return self.status == RUNNING

    def member_test_accuracies(self) -> list[float | None]:
        return [s.result.test_accuracy if s.result else None for s in self.series]

    def mean_validation_curve(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The validation loss and accuracy averaged over the run's networks, epoch by epoch, over the
        epochs every network reached; None for a single network or before two have validation points."""
        tables = [s.val_epochs for s in self.series if len(s.val_epochs)]
        if len(self.series) < 2 or len(tables) < 2:
            return None
        n = min(len(t) for t in tables)
        epochs = tables[0].column(0)[:n].copy()
        loss = np.mean([t.column(1)[:n] for t in tables], axis=0)
        accuracy = np.mean([t.column(2)[:n] for t in tables], axis=0)
        return epochs, loss, accuracy


class RunHistory:
    """Every run since the start (or since the last clear), oldest first; numbers are never reused."""

    def __init__(self):
        self.runs: list[RunRecord] = []
        self._next_number = 1

    def __len__(self) -> int:
        return len(self.runs)

    @property
    def latest(self) -> RunRecord | None:
        return self.runs[-1] if self.runs else None

    @property
    def next_number(self) -> int:
        return self._next_number

    def find(self, number: int) -> RunRecord | None:
        return next((r for r in self.runs if r.number == number), None)

    # -- recording a run (the engine's reports, in the order it makes them) ---------------------------

    def begin(self, info: RunInfo, config: TrainingConfig) -> RunRecord:
        window = smoothing_window(info.train_samples)
        series = [SeriesRecord(name, smoother=BatchSmoother(window)) for name in info.series]
        record = RunRecord(self._next_number, info, config, series, smoothing_window=window)
        self._next_number += 1
        self.runs.append(record)
        return record

    def record_batch(self, record: RunRecord, report: BatchReport) -> SeriesRecord:
        series = record.series[report.series]
        series.batches.append(report.samples_seen, report.loss, report.accuracy)
        done = report.epoch_samples
        if done is None:  # a producer that does not count them: whole batches, at most the training set
            done = min(report.batch * record.config.batch_size, record.info.train_samples)
        if series.smoother is None:
            series.smoother = BatchSmoother(record.smoothing_window)
        loss, accuracy = series.smoother.add(report.epoch, done, report.samples_seen, report.loss, report.accuracy)
        series.smoothed.append(report.samples_seen, loss, accuracy)
        record.last_batch = report
        return series

    def record_epoch(self, record: RunRecord, report: EpochReport) -> SeriesRecord:
        series = record.series[report.series]
        series.mark_epoch_end()
        series.epochs.append(report.epoch, report.loss, report.accuracy)
        if report.val_loss is not None and report.val_accuracy is not None:
            series.val_epochs.append(report.epoch, report.val_loss, report.val_accuracy)
        record.last_epoch = report
        return series

    def record_series(self, record: RunRecord, index: int, result: SeriesResult) -> SeriesRecord:
        series = record.series[index]
        series.result = result
        series.best_epoch = result.best_epoch
        return series

    def finish(self, record: RunRecord, result: TrainResult) -> None:
        record.status = STOPPED if result.stopped else FINISHED
        record.stopped_by_user = result.stopped
        record.test_accuracy = result.test_accuracy
        record.seconds = result.seconds
        record.fold_mean, record.fold_std, record.chosen_fold = result.fold_mean, result.fold_std, result.chosen_fold

    def end_without_result(self, record: RunRecord, failed: bool) -> None:
        """The run failed, or was stopped before any network finished: its curves so far stay."""
        record.status = FAILED if failed else STOPPED
        record.stopped_by_user = not failed

    # -- housekeeping ---------------------------------------------------------------------------------

    def clear_earlier(self) -> list[RunRecord]:
        """Forget every run but the latest; returns the removed ones. Numbering goes on."""
        removed, self.runs = self.runs[:-1], self.runs[-1:]
        return removed

    def remove(self, records: list[RunRecord]) -> list[RunRecord]:
        """Forget these runs (never one still running); returns those removed. Numbering goes on."""
        gone = {id(r) for r in records if not r.running}
        removed = [r for r in self.runs if id(r) in gone]
        self.runs = [r for r in self.runs if id(r) not in gone]
        return removed

    def add_restored(self, record: RunRecord, keep_number: bool = True) -> RunRecord:
        """Take in a finished run read back from disk, after the runs already here. It keeps its number
        when ``keep_number`` and that number is still free; otherwise it gets the next one."""
        taken = {r.number for r in self.runs}
        if not keep_number or record.number in taken or record.number < 1:
            record.number = self._next_number
        self._next_number = max(self._next_number, record.number + 1)
        record.restored = True
        self.runs.append(record)
        self.runs.sort(key=lambda r: r.number)
        return record

    def find_id(self, run_id: str) -> RunRecord | None:
        return next((r for r in self.runs if r.id == run_id), None)

    def group(self, group_id: str) -> list[RunRecord]:
        """The runs of one repeat group, in their order."""
        members = [(r.group.index, r) for r in self.runs if r.group is not None and r.group.id == group_id]
        return [r for _, r in sorted(members, key=lambda pair: pair[0])]
