"""Runs that last: the experiment format, read and written without pickle, and the store of a student's runs.

An experiment is a folder, or a zip file of the same folder (``.dpexp``, to hand to someone else)::

    experiment.json             {"format": "digitpad-experiment-1", "digitpad_version", "saved", "runs": [ids]}
    runs/<id>/run.json          one run: settings, seed, data set, outcome, test figures, its networks
    runs/<id>/curves.f64        every curve: rows of three little-endian float64 numbers (see below)
    runs/<id>/model.keras       the run's model (a Keras 3 file with digitpad's metadata), if it made one

``<id>`` is 32 lowercase hex digits. ``run.json`` lists, per network ("series"), how many rows each of its
three tables has; ``curves.f64`` holds them one after the other, series by series: the per-batch table
(training samples seen, loss, accuracy), the per-epoch table (epoch, loss, accuracy) and the validation table
(epoch, validation loss, validation accuracy). ``docs/experiment-format.md`` describes every field.

Reading checks sizes and shapes before it reads anything big: entry names and counts, declared sizes against
limits, each JSON document's fields and types, and the curve bytes against the row counts. A damaged file is
refused whole with one line naming it (``ExperimentError``); a model is only ever loaded with Keras's safe mode
(``core/modelfile.py``), never unpickled.

The store (``RunStore``) is such a folder in the user's data folder. Each finished or stopped run is written
once, as a folder made beside the others and renamed into place (so a crash leaves either the whole run or
nothing); a rename or hide rewrites ``run.json`` the same way. Records in memory hold numbers only: a run's
model stays on disk until it is asked to predict.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import shutil
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitpad import __version__
from digitpad.core import atomic, limits
from digitpad.core.config import ConfigError, TrainingConfig
from digitpad.core.curves import smoothing_window
from digitpad.core.inputfiles import open_regular, read_regular
from digitpad.core.problems import Problem
from digitpad.core.reporting import RunInfo, SeriesName, SeriesResult
from digitpad.core.runs import (
    FAILED,
    FINISHED,
    STOPPED,
    GrowingColumns,
    RepeatGroup,
    RunRecord,
    SeriesRecord,
    smooth_kept_batches,
)
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

FORMAT = "digitpad-experiment-1"
RUN_FORMAT = "digitpad-run-1"
SUFFIX = ".dpexp"
MANIFEST, RUN_FILE, CURVES_FILE, MODEL_FILE = "experiment.json", "run.json", "curves.f64", "model.keras"
ID = re.compile(r"^[0-9a-f]{32}$")
ENTRY = re.compile(r"^runs/([0-9a-f]{32})/(run\.json|curves\.f64|model\.keras)$")

MAX_SERIES = 20  # as many networks as a run can train (bagging and k-fold allow 20)
COLUMNS = 3
TABLES = ("batches", "epochs", "val_epochs")
STATUSES = (FINISHED, STOPPED, FAILED)
MODES = ("single", "ensemble", "kfold")
SERIES_KINDS = ("model", "member", "fold")


class ExperimentError(Problem):
    """An experiment file or a stored run is missing, damaged or not digitpad's; ``path`` names it."""


# -- a run as documents and bytes ---------------------------------------------------------------------------


def _number_or_none(value) -> float | None:
    return None if value is None else float(value)


def run_document(record: RunRecord, has_model: bool) -> dict:
    """``run.json`` for a finished record (cheap: call it on the thread that owns the record)."""
    info = record.info
    return {
        "format": RUN_FORMAT,
        "id": record.id,
        "number": record.number,
        "name": record.name,
        "hidden": record.hidden,
        "status": record.status,
        "stopped_by_user": record.stopped_by_user,
        "started_at": record.started_at,
        "seconds": _number_or_none(record.seconds),
        "test_accuracy": _number_or_none(record.test_accuracy),
        "fold_mean": _number_or_none(record.fold_mean),
        "fold_std": _number_or_none(record.fold_std),
        "chosen_fold": record.chosen_fold,
        "dataset": record.dataset,
        "config": record.config.to_dict(),
        "mode": info.mode,
        "epochs": info.epochs,
        "batches_per_epoch": info.batches_per_epoch,
        "train_samples": info.train_samples,
        "validation_samples": info.validation_samples,
        "group": None
        if record.group is None
        else {"id": record.group.id, "index": record.group.index, "size": record.group.size},
        "series": [
            {
                "kind": s.name.kind,
                "number": s.name.number,
                "best_epoch": s.best_epoch,
                "val_accuracy": _number_or_none(s.result.val_accuracy) if s.result else None,
                "test_accuracy": _number_or_none(s.result.test_accuracy) if s.result else None,
                **{table: len(getattr(s, table)) for table in TABLES},
            }
            for s in record.series
        ],
        "model": MODEL_FILE if has_model else None,
    }


def curve_bytes(record: RunRecord) -> bytes:
    """Every table of every network, one after the other, as little-endian float64 rows."""
    parts = [getattr(s, table).rows().astype("<f8").tobytes() for s in record.series for table in TABLES]
    return b"".join(parts)


@dataclass(frozen=True)
class RunSnapshot:
    """What is written for one run, taken on the thread that owns the record; writing happens elsewhere."""

    id: str
    document: dict
    curves: bytes

    @classmethod
    def of(cls, record: RunRecord, has_model: bool) -> RunSnapshot:
        return cls(record.id, run_document(record, has_model), curve_bytes(record))


# -- reading documents back, checking every field ---------------------------------------------------------


class _Fields:
    """Typed access to one JSON object; any wrong field raises ``ExperimentError`` naming ``where``."""

    def __init__(self, values: Any, where: str):
        if not isinstance(values, dict):
            raise ExperimentError("experiment-damaged", path=where, detail="not a JSON object")
        self.values, self.where = values, where

    def _bad(self, key: str, wanted: str):
        return ExperimentError("experiment-damaged", path=self.where, detail=f"{key!r} must be {wanted}")

    def get(self, key: str, kinds: tuple, wanted: str, optional: bool = False) -> Any:
        value = self.values.get(key)
        if value is None and optional:
            return None
        if (isinstance(value, bool) and bool not in kinds) or not isinstance(value, kinds):
            raise self._bad(key, wanted)
        return value

    def optional_text(self, key: str, longest: int = 500) -> str | None:
        value = self.get(key, (str,), "text", optional=True)
        if value is not None and len(value) > longest:
            raise self._bad(key, f"at most {longest} characters")
        return value

    def text(self, key: str, longest: int = 500) -> str:
        value = self.optional_text(key, longest)
        if value is None:
            raise self._bad(key, "text")
        return value

    def optional_whole(self, key: str, low: int = 0, high: int = 10**9) -> int | None:
        value = self.get(key, (int,), "a whole number", optional=True)
        if value is not None and not low <= value <= high:
            raise self._bad(key, f"from {low} to {high}")
        return value

    def whole(self, key: str, low: int = 0, high: int = 10**9) -> int:
        value = self.optional_whole(key, low, high)
        if value is None:
            raise self._bad(key, "a whole number")
        return value

    def optional_number(self, key: str) -> float | None:
        value = self.get(key, (int, float), "a number", optional=True)
        return None if value is None else float(value)

    def number(self, key: str) -> float:
        value = self.optional_number(key)
        if value is None:
            raise self._bad(key, "a number")
        return value

    def flag(self, key: str) -> bool:
        return self.get(key, (bool,), "true or false")

    def choice(self, key: str, choices: tuple) -> str:
        value = self.text(key)
        if value not in choices:
            raise self._bad(key, "one of " + ", ".join(choices))
        return value


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def parse_json(raw: bytes, where: str) -> Any:
    if len(raw) > limits.EXPERIMENT_JSON_BYTES:
        raise ExperimentError("experiment-damaged", path=where, detail=f"{len(raw):,} bytes of JSON")
    try:
        return json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ExperimentError("experiment-damaged", path=where, detail=str(exc)[:200]) from None


def _group(value: Any, where: str) -> RepeatGroup | None:
    if value is None:
        return None
    fields = _Fields(value, where)
    group_id = fields.text("id")
    if not ID.match(group_id):
        raise ExperimentError("experiment-damaged", path=where, detail="a repeat group's id is not 32 hex digits")
    size = fields.whole("size", 1, 1000)
    return RepeatGroup(group_id, fields.whole("index", 1, size), size)


def _config(value: Any, where: str) -> TrainingConfig:
    if not isinstance(value, dict):
        raise ExperimentError("experiment-damaged", path=where, detail="'config' must be an object")
    try:
        return TrainingConfig.from_dict(value)
    except ConfigError as exc:
        raise ExperimentError("experiment-damaged", path=where, detail=str(exc)) from None


def _series(value: Any, where: str) -> tuple[SeriesRecord, dict[str, int]]:
    fields = _Fields(value, where)
    kind = fields.choice("kind", SERIES_KINDS)
    number = (
        fields.optional_whole("number", 1, MAX_SERIES) if kind == "model" else fields.whole("number", 1, MAX_SERIES)
    )
    name = SeriesName(kind, number)
    rows = {table: fields.whole(table, 0, limits.EXPERIMENT_CURVE_ROWS) for table in TABLES}
    best = fields.optional_whole("best_epoch", 1, 1000)
    series = SeriesRecord(name, best_epoch=best)
    val, test = fields.optional_number("val_accuracy"), fields.optional_number("test_accuracy")
    if val is not None or test is not None or best is not None:
        series.result = SeriesResult(name, {}, best, val, test)
    return series, rows


def record_from_document(document: Any, curves: bytes, where: str) -> RunRecord:
    """A ``RunRecord`` from ``run.json`` and ``curves.f64``; every field and size is checked first."""
    fields = _Fields(document, where)
    if fields.values.get("format") != RUN_FORMAT:
        raise ExperimentError("experiment-wrong-format", path=where, got=str(fields.values.get("format"))[:60])
    run_id = fields.text("id")
    if not ID.match(run_id):
        raise ExperimentError("experiment-damaged", path=where, detail="'id' is not 32 hex digits")
    config = _config(fields.values.get("config"), where)
    listed = fields.get("series", (list,), "a list")
    if not 1 <= len(listed) <= MAX_SERIES:
        raise ExperimentError("experiment-damaged", path=where, detail=f"{len(listed)} networks")
    series_rows = [_series(value, where) for value in listed]
    need = sum(sum(rows.values()) for _, rows in series_rows) * COLUMNS * 8
    if need != len(curves):
        raise ExperimentError("experiment-curves-size", path=where, expected=need, got=len(curves))
    table = np.frombuffer(curves, dtype="<f8").reshape(-1, COLUMNS)
    start = 0
    for series, rows in series_rows:
        for name in TABLES:
            setattr(series, name, GrowingColumns.from_rows(table[start : start + rows[name]]))
            start += rows[name]
    info = RunInfo(
        mode=fields.choice("mode", MODES),
        series=[s.name for s, _ in series_rows],
        epochs=fields.whole("epochs", 1, 1000),
        batches_per_epoch=fields.whole("batches_per_epoch", 0),
        train_samples=fields.whole("train_samples", 0),
        validation_samples=fields.whole("validation_samples", 0),
        label=config.describe(),
        label_parts=config.label_parts(),
        config=config.to_dict(),
    )
    record = RunRecord(
        number=fields.whole("number", 1),
        info=info,
        config=config,
        series=[s for s, _ in series_rows],
        started_at=fields.number("started_at"),
        status=fields.choice("status", STATUSES),
        test_accuracy=fields.optional_number("test_accuracy"),
        seconds=fields.optional_number("seconds"),
        stopped_by_user=fields.flag("stopped_by_user"),
        fold_mean=fields.optional_number("fold_mean"),
        fold_std=fields.optional_number("fold_std"),
        chosen_fold=fields.optional_whole("chosen_fold", 1, MAX_SERIES),
        id=run_id,
        name=fields.optional_text("name", longest=200),
        hidden=fields.flag("hidden"),
        group=_group(fields.values.get("group"), where),
        dataset=fields.optional_text("dataset"),
    )
    model = fields.optional_text("model")
    if model not in (None, MODEL_FILE):
        raise ExperimentError("experiment-damaged", path=where, detail=f"'model' must be {MODEL_FILE!r} or null")
    record.has_model = model is not None
    record.restored = True
    record.smoothing_window = smoothing_window(info.train_samples)
    for series in record.series:
        smooth_kept_batches(series, record.smoothing_window, info.train_samples)
    return record


# -- writing -------------------------------------------------------------------------------------------------


def _json_bytes(document: dict) -> bytes:
    return json.dumps(document, indent=1, allow_nan=False).encode("utf-8")


def _manifest(ids: list[str]) -> dict:
    saved = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    return {"format": FORMAT, "digitpad_version": __version__, "saved": saved, "runs": ids}


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def write_experiment(path: str | Path, runs: list[tuple[RunSnapshot, Path | None]]) -> Path:
    """An experiment file of ``runs`` (each a snapshot and its model file, or None), written atomically."""
    path = Path(path)
    if path.suffix.lower() != SUFFIX:
        path = path.with_name(path.name + SUFFIX)

    def write(f) -> None:
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(MANIFEST, _json_bytes(_manifest([snapshot.id for snapshot, _ in runs])))
            for snapshot, model in runs:
                folder = f"runs/{snapshot.id}/"
                document = dict(snapshot.document, model=MODEL_FILE if model is not None else None)
                zf.writestr(folder + RUN_FILE, _json_bytes(document))
                zf.writestr(folder + CURVES_FILE, snapshot.curves)
                if model is not None:  # already compressed: stored as it is
                    zf.write(model, folder + MODEL_FILE, compress_type=zipfile.ZIP_STORED)

    return atomic.write_atomically(path, write)


# -- reading an experiment file ----------------------------------------------------------------------------


@dataclass
class ExperimentFile:
    """An experiment file whose every run has been read and checked; models stay in the file until copied."""

    path: Path
    records: list[RunRecord]
    model_entries: dict[str, zipfile.ZipInfo]  # run id -> its model's entry


def _entry_bytes(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
    if info.file_size > limit:
        raise ExperimentError("experiment-damaged", path=where, detail=f"{info.filename}: {info.file_size:,} bytes")
    with zf.open(info) as f:
        data = f.read(limit + 1)
    if len(data) != info.file_size:
        raise ExperimentError("experiment-damaged", path=where, detail=f"{info.filename}: wrong size")
    return data


def _check_entries(zf: zipfile.ZipFile, where: str) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > 1 + 3 * limits.EXPERIMENT_RUNS:
        raise ExperimentError("experiment-damaged", path=where, detail=f"{len(infos):,} entries")
    entries = {}
    for info in infos:
        if info.filename != MANIFEST and not ENTRY.match(info.filename):
            raise ExperimentError("experiment-damaged", path=where, detail=f"unexpected entry {info.filename[:80]!r}")
        if info.filename in entries:
            raise ExperimentError("experiment-damaged", path=where, detail=f"{info.filename} appears twice")
        if info.flag_bits & 0x1:
            raise ExperimentError("experiment-damaged", path=where, detail=f"{info.filename} is encrypted")
        entries[info.filename] = info
    if MANIFEST not in entries:
        raise ExperimentError("experiment-not-digitpad", path=where)
    return entries


def _manifest_ids(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> list[str]:
    fields = _Fields(parse_json(_entry_bytes(zf, info, limits.EXPERIMENT_JSON_BYTES, where), where), where)
    fmt = fields.values.get("format")
    if not isinstance(fmt, str) or not fmt.startswith("digitpad-experiment-"):
        raise ExperimentError("experiment-not-digitpad", path=where)
    if fmt != FORMAT:
        raise ExperimentError("experiment-newer-format", path=where, got=fmt[:60], expected=FORMAT)
    ids = fields.get("runs", (list,), "a list")
    if (
        len(ids) > limits.EXPERIMENT_RUNS
        or not all(isinstance(i, str) and ID.match(i) for i in ids)
        or len(set(ids)) != len(ids)
    ):
        raise ExperimentError("experiment-damaged", path=where, detail="'runs' must list distinct run ids")
    return ids


def read_experiment(path: str | Path) -> ExperimentFile:
    """Read and check a whole experiment file; ``ExperimentError`` (one line naming it) if anything is wrong."""
    path = Path(path)
    where = str(path)
    try:
        with (
            open_regular(  # an ordinary file only: a pipe or a device is refused, never waited on
                path,
                limits.EXPERIMENT_FILE_BYTES,
                ExperimentError,
                lambda size: ExperimentError("experiment-too-big", path=path, size=size),
            ) as f,
            zipfile.ZipFile(f) as zf,
        ):
            entries = _check_entries(zf, where)
            records, models = [], {}
            for run_id in _manifest_ids(zf, entries[MANIFEST], where):
                folder = f"runs/{run_id}/"
                missing = [n for n in (RUN_FILE, CURVES_FILE) if folder + n not in entries]
                if missing:
                    raise ExperimentError("experiment-damaged", path=where, detail=f"{folder}{missing[0]} is missing")
                run_where = f"{where} [run {run_id[:8]}]"
                document = parse_json(
                    _entry_bytes(zf, entries[folder + RUN_FILE], limits.EXPERIMENT_JSON_BYTES, run_where), run_where
                )
                curves_limit = MAX_SERIES * len(TABLES) * limits.EXPERIMENT_CURVE_ROWS * COLUMNS * 8
                curves = _entry_bytes(zf, entries[folder + CURVES_FILE], curves_limit, run_where)
                record = record_from_document(document, curves, run_where)
                if record.id != run_id:
                    raise ExperimentError("experiment-damaged", path=run_where, detail="the run's id does not match")
                if record.has_model:
                    model = entries.get(folder + MODEL_FILE)
                    if model is None or model.file_size > limits.EXPERIMENT_MODEL_BYTES:
                        raise ExperimentError("experiment-damaged", path=run_where, detail="its model is missing")
                    models[run_id] = model
                records.append(record)
    except ExperimentError:
        raise
    except OSError as exc:
        raise ExperimentError.from_os_error(exc, path) from None
    # BadZipFile also covers a failed CRC; RuntimeError: encrypted; NotImplementedError: unknown compression.
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, RuntimeError, NotImplementedError) as exc:
        raise ExperimentError("experiment-unreadable", path=path, detail=str(exc)[:200]) from None
    return ExperimentFile(path, records, models)


def copy_model_entry(source: Path, info: zipfile.ZipInfo, target: Path) -> None:
    """Copy one model out of an experiment file (streamed, its size and checksum checked as it goes)."""
    try:
        with zipfile.ZipFile(source) as zf, zf.open(info) as src, open(target, "wb") as out:
            copied = 0
            while chunk := src.read(1 << 20):
                copied += len(chunk)
                if copied > limits.EXPERIMENT_MODEL_BYTES:
                    raise ExperimentError("experiment-damaged", path=source, detail="a model is too large")
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, EOFError, zlib.error, ValueError, RuntimeError, NotImplementedError) as exc:
        raise ExperimentError("experiment-unreadable", path=source, detail=str(exc)[:200]) from None


# -- the store: the student's runs in the data folder ------------------------------------------------------


@dataclass
class Restored:
    """What the store held at start: the runs read back, and one problem per run that could not be."""

    records: list[RunRecord]
    problems: list[Problem]


class RunStore:
    """The runs of a student, one folder each in ``folder/runs`` (the experiment layout, unzipped)."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else user_data_dir() / "experiment"
        self.runs_folder = self.folder / "runs"

    def run_folder(self, run_id: str) -> Path:
        if not ID.match(run_id):
            raise ValueError(f"not a run id: {run_id!r}")
        return self.runs_folder / run_id

    def model_path(self, run_id: str) -> Path | None:
        path = self.run_folder(run_id) / MODEL_FILE
        return path if path.is_file() else None

    def ids(self) -> list[str]:
        if not self.runs_folder.is_dir():
            return []
        return sorted(p.name for p in self.runs_folder.iterdir() if ID.match(p.name) and p.is_dir())

    # -- reading --------------------------------------------------------------------------------------

    def read_run(self, run_id: str) -> RunRecord:
        folder = self.run_folder(run_id)
        where = str(folder)
        try:
            document_bytes = _read_limited(folder / RUN_FILE, limits.EXPERIMENT_JSON_BYTES, where)
            curves_limit = MAX_SERIES * len(TABLES) * limits.EXPERIMENT_CURVE_ROWS * COLUMNS * 8
            curves = _read_limited(folder / CURVES_FILE, curves_limit, where)
        except OSError as exc:
            raise ExperimentError.from_os_error(exc) from None
        record = record_from_document(parse_json(document_bytes, where), curves, where)
        if record.id != run_id:
            raise ExperimentError("experiment-damaged", path=where, detail="the run's id does not match its folder")
        if record.has_model and self.model_path(run_id) is None:
            record.has_model = False  # the model file went missing: the curves still count
        return record

    def restore(self) -> Restored:
        """Every stored run, oldest number first; a run that cannot be read is moved aside to ``damaged/``
        (kept for a teacher to look at) and reported once."""
        self._clean_leftovers()
        records: list[RunRecord] = []
        problems: list[Problem] = []
        for run_id in self.ids():
            try:
                records.append(self.read_run(run_id))
            except ExperimentError as exc:
                problems.append(exc)
                self._set_aside(run_id)
        records.sort(key=lambda r: (r.number, r.started_at))
        return Restored(records, problems)

    def _set_aside(self, run_id: str) -> None:
        aside = self.folder / "damaged" / f"{run_id}-{int(time.time())}"
        try:
            aside.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.run_folder(run_id), aside)
            log.warning("stored run %s could not be read; moved to %s", run_id, aside)
        except OSError:
            log.warning("stored run %s could not be read nor moved aside", run_id, exc_info=True)

    def _clean_leftovers(self) -> None:
        """Folders a crash left half-written (``.tmp-*``) or half-deleted (``.gone-*``)."""
        if not self.runs_folder.is_dir():
            return
        for leftover in self.runs_folder.iterdir():
            if leftover.name.startswith((".tmp-", ".gone-")):
                shutil.rmtree(leftover, ignore_errors=True)

    # -- writing --------------------------------------------------------------------------------------

    def save(self, snapshot: RunSnapshot, keras_model=None, metadata: dict | None = None) -> Path:
        """Write a run (and its model, if given) as a new folder, atomically: all of it or nothing."""
        from digitpad.core.modelfile import save_model

        self.runs_folder.mkdir(parents=True, exist_ok=True)
        target = self.run_folder(snapshot.id)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{snapshot.id}-", dir=self.runs_folder))
        try:
            if keras_model is not None:
                save_model(keras_model, tmp / MODEL_FILE, metadata)
            document = dict(snapshot.document, model=MODEL_FILE if keras_model is not None else None)
            _write_file(tmp / RUN_FILE, _json_bytes(document))
            _write_file(tmp / CURVES_FILE, snapshot.curves)
            os.chmod(tmp, 0o755)
            if target.exists():  # saved before (a second save of the same run): replace it whole
                self._remove_folder(target)
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return target

    def update(self, record: RunRecord) -> None:
        """Rewrite a stored run's ``run.json`` (its name, or whether it is shown), atomically."""
        folder = self.run_folder(record.id)
        if not folder.is_dir():
            return
        document = run_document(record, has_model=self.model_path(record.id) is not None)
        atomic.write_bytes(folder / RUN_FILE, _json_bytes(document))

    def delete(self, run_id: str) -> None:
        folder = self.run_folder(run_id)
        if folder.exists():
            self._remove_folder(folder)

    def _remove_folder(self, folder: Path) -> None:
        gone = folder.with_name(f".gone-{folder.name}-{time.time_ns()}")
        os.replace(folder, gone)  # the run disappears at once; the files go after
        shutil.rmtree(gone, ignore_errors=True)

    def save_experiment(self, path: str | Path, records: list[RunRecord]) -> Path:
        """An experiment file of these runs with their stored models (runs not stored go without one)."""
        runs = [(RunSnapshot.of(r, has_model=False), self.model_path(r.id)) for r in records]
        return write_experiment(path, runs)

    def import_experiment(self, experiment: ExperimentFile, known_ids: set[str]) -> list[RunRecord]:
        """Copy the runs of a checked experiment file into the store, skipping runs already here (the same
        file opened twice adds nothing). Returns the records added, not yet numbered in any history."""
        added = []
        for record in experiment.records:
            if record.id in known_ids or self.run_folder(record.id).exists():
                continue
            self.runs_folder.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{record.id}-", dir=self.runs_folder))
            try:
                entry = experiment.model_entries.get(record.id)
                if entry is not None:
                    copy_model_entry(experiment.path, entry, tmp / MODEL_FILE)
                _write_file(tmp / RUN_FILE, _json_bytes(run_document(record, has_model=entry is not None)))
                _write_file(tmp / CURVES_FILE, curve_bytes(record))
                os.chmod(tmp, 0o755)
                os.replace(tmp, self.run_folder(record.id))
            except BaseException:
                shutil.rmtree(tmp, ignore_errors=True)
                raise
            added.append(record)
        return added


def _read_limited(path: Path, limit: int, where: str) -> bytes:
    return read_regular(
        path,
        limit,
        ExperimentError,
        lambda size: ExperimentError("experiment-damaged", path=where, detail=f"{path.name}: {size:,} bytes"),
    )
