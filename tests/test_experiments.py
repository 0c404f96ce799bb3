"""Experiment files and the run store: a documented, checked format that brings every run back whole."""

import json
import zipfile

import numpy as np
import pytest

from digitpad.core import experiments, limits
from digitpad.core.config import TrainingConfig
from digitpad.core.experiments import ExperimentError, RunSnapshot, RunStore, read_experiment, write_experiment
from digitpad.core.reporting import BatchReport, EpochReport, RunInfo, SeriesName, SeriesResult
from digitpad.core.runs import RepeatGroup, RunHistory, new_id
from digitpad.core.training import TrainResult


def finished_run(history=None, members=1, epochs=3, seed=0, **config):
    """A run as the engine reports it: batches, epochs with validation, each network's result, the outcome."""
    history = RunHistory() if history is None else history
    config = TrainingConfig(seed=seed, ensemble=members, **config)
    names = [SeriesName("model")] if members == 1 else [SeriesName("member", i + 1) for i in range(members)]
    info = RunInfo("single" if members == 1 else "ensemble", names, epochs, 4, 1000, 100, config.describe(),
                   config.label_parts(), config.to_dict())  # fmt: skip
    record = history.begin(info, config)
    rng = np.random.default_rng(seed)
    for s in range(members):
        for e in range(1, epochs + 1):
            for b in range(1, 5):
                history.record_batch(record, BatchReport(s, e, b, 4, 250 * (4 * (e - 1) + b), rng.random(),
                                                         rng.random(), None, 1e3, 0.5, None, 250 * b))  # fmt: skip
            loss = 1 / e + rng.random() / 10
            history.record_epoch(record, EpochReport(s, e, epochs, loss, 1 - loss, loss * 1.2, 0.9 - loss / 2, None,
                                                     1.0, 1e3, e / epochs, None))  # fmt: skip
        history.record_series(record, s, SeriesResult(names[s], {}, 2, 0.91, 0.92 + s / 100))
    history.finish(record, TrainResult(config, info.mode, None, [], 0.95, "MNIST (test)", 12.5))
    record.dataset = "MNIST (test)"
    return record


def assert_same_run(a, b):
    assert (a.id, a.number, a.name, a.hidden, a.group, a.status) == (
        b.id,
        b.number,
        b.name,
        b.hidden,
        b.group,
        b.status,
    )
    assert a.config == b.config and a.dataset == b.dataset and a.test_accuracy == b.test_accuracy
    assert (a.seconds, a.started_at, a.mode, a.label) == (b.seconds, b.started_at, b.mode, b.label)
    assert a.info.epochs == b.info.epochs and a.info.train_samples == b.info.train_samples
    assert len(a.series) == len(b.series)
    for sa, sb in zip(a.series, b.series, strict=True):
        assert sa.name == sb.name and sa.best_epoch == sb.best_epoch
        assert sa.result.test_accuracy == sb.result.test_accuracy and sa.result.val_accuracy == sb.result.val_accuracy
        for table in experiments.TABLES:
            np.testing.assert_array_equal(getattr(sa, table).rows(), getattr(sb, table).rows())
        # The charts' moving average is rebuilt from the raw reports as the live run made it.
        for table in ("smoothed", "epoch_ends"):
            assert len(getattr(sa, table)) == len(getattr(sb, table)) > 0, table
            np.testing.assert_allclose(getattr(sa, table).rows(), getattr(sb, table).rows(), rtol=1e-12)


def test_a_stored_run_comes_back_with_every_curve_and_setting(tmp_path):
    store = RunStore(tmp_path / "store")
    record = finished_run(members=2, l2=0.001, dropout=0.2, seed=7)
    record.name, record.group = "with dropout", RepeatGroup(new_id(), 2, 3)
    store.save(RunSnapshot.of(record, has_model=False))
    restored = store.restore()
    assert restored.problems == [] and len(restored.records) == 1
    back = restored.records[0]
    assert_same_run(record, back)
    assert (
        back.restored
        and not back.has_model
        and back.config.seed == 7
        and back.label == "L2 0.001, dropout 0.2, bagging x2"
    )
    document = json.loads((store.run_folder(record.id) / "run.json").read_text())
    assert document["format"] == "digitpad-run-1" and document["series"][1] == {
        "kind": "member", "number": 2, "best_epoch": 2, "val_accuracy": 0.91, "test_accuracy": 0.93,
        "batches": 12, "epochs": 3, "val_epochs": 3,
    }  # fmt: skip
    assert (store.run_folder(record.id) / "curves.f64").stat().st_size == 2 * (12 + 3 + 3) * 3 * 8


def test_a_stored_model_predicts_as_it_did(tmp_path, default_model, mnist):
    from digitpad.core.inference import predict_probabilities
    from digitpad.core.modelfile import load_model

    store = RunStore(tmp_path)
    record = finished_run()
    store.save(RunSnapshot.of(record, has_model=True), default_model.model, {"test_accuracy": 0.99})
    back = store.restore().records[0]
    assert back.has_model
    loaded = load_model(store.model_path(back.id))
    assert loaded.metadata["test_accuracy"] == 0.99
    images = mnist.test.images[:50]
    np.testing.assert_allclose(
        predict_probabilities(loaded.model, images), predict_probabilities(default_model.model, images), atol=1e-6
    )


def test_renames_hiding_and_deleting_are_kept(tmp_path):
    store = RunStore(tmp_path)
    history = RunHistory()
    first, second = finished_run(history), finished_run(history, seed=1)
    for record in (first, second):
        store.save(RunSnapshot.of(record, has_model=False))
    first.name, first.hidden = "baseline", True
    store.update(first)
    store.delete(second.id)
    restored = store.restore().records
    assert [(r.id, r.name, r.hidden, r.number) for r in restored] == [(first.id, "baseline", True, 1)]
    assert not [p for p in (tmp_path / "runs").iterdir() if p.name.startswith(".")]


def test_a_save_that_fails_halfway_leaves_nothing(tmp_path, monkeypatch):
    store = RunStore(tmp_path)
    record = finished_run()
    real = experiments._write_file

    def failing(path, data):
        if path.name == "curves.f64":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(experiments, "_write_file", failing)
    with pytest.raises(OSError):
        store.save(RunSnapshot.of(record, has_model=False))
    assert store.restore().records == [] and list((tmp_path / "runs").iterdir()) == []


def test_a_damaged_stored_run_is_set_aside_and_named_the_others_come_back(tmp_path):
    store = RunStore(tmp_path)
    history = RunHistory()
    good, bad = finished_run(history), finished_run(history)
    for record in (good, bad):
        store.save(RunSnapshot.of(record, has_model=False))
    curves = store.run_folder(bad.id) / "curves.f64"
    curves.write_bytes(curves.read_bytes()[:-8])  # one number short
    (tmp_path / "runs" / f".tmp-{new_id()}-x").mkdir()  # what a crash mid-save leaves
    restored = store.restore()
    assert [r.id for r in restored.records] == [good.id]
    [problem] = restored.problems
    assert problem.code == "experiment-curves-size" and bad.id in str(problem) and "\n" not in str(problem)
    assert len(list((tmp_path / "damaged").iterdir())) == 1 and store.ids() == [good.id]


def test_an_experiment_file_round_trip_and_import_once(tmp_path, default_model):
    store = RunStore(tmp_path / "mine")
    history = RunHistory()
    runs = [finished_run(history, seed=s) for s in range(3)]
    store.save(RunSnapshot.of(runs[0], has_model=True), default_model.model, {})
    for record in runs[1:]:
        store.save(RunSnapshot.of(record, has_model=False))
    path = store.save_experiment(tmp_path / "class", runs)
    assert path.name == "class.dpexp"
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("experiment.json"))
        assert manifest["format"] == "digitpad-experiment-1" and manifest["runs"] == [r.id for r in runs]
        assert (
            f"runs/{runs[0].id}/model.keras" in zf.namelist() and f"runs/{runs[1].id}/model.keras" not in zf.namelist()
        )
    experiment = read_experiment(path)
    for a, b in zip(runs, experiment.records, strict=True):
        assert_same_run(a, b)
    assert [r.has_model for r in experiment.records] == [True, False, False]

    theirs = RunStore(tmp_path / "theirs")
    added = theirs.import_experiment(experiment, known_ids=set())
    assert len(added) == 3 and theirs.model_path(runs[0].id).stat().st_size > 100_000
    assert theirs.import_experiment(read_experiment(path), known_ids=set()) == []  # opened twice: nothing new
    assert [r.id for r in theirs.restore().records] == [r.id for r in runs]


def _experiment(tmp_path, name="e.dpexp"):
    record = finished_run()
    return write_experiment(tmp_path / name, [(RunSnapshot.of(record, has_model=False), None)]), record


def _rewrite(path, change):
    """Rewrite an experiment file with ``change(name, data) -> (name, data) | None`` applied to each entry."""
    with zipfile.ZipFile(path) as zf:
        entries = [(i.filename, zf.read(i)) for i in zf.infolist()]
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries:
            changed = change(name, data)
            if changed is not None:
                zf.writestr(*changed)


def _edit_run(change):
    def edit(name, data):
        if name.endswith("run.json"):
            document = json.loads(data)
            change(document)
            return name, json.dumps(document)
        return name, data

    return edit


DAMAGE = {
    "not a zip": (lambda p: p.write_bytes(b"hello, not an experiment"), "experiment-unreadable"),
    "truncated": (lambda p: p.write_bytes(p.read_bytes()[:300]), "experiment-unreadable"),
    "foreign zip": (lambda p: _rewrite(p, lambda n, d: None if n == "experiment.json" else (n, d)),
                    "experiment-not-digitpad"),
    "newer format": (lambda p: _rewrite(p, lambda n, d: (n, d.replace(b"experiment-1", b"experiment-9"))
                                        if n == "experiment.json" else (n, d)), "experiment-newer-format"),
    "path in entry": (lambda p: _rewrite(p, lambda n, d: ("../../evil.sh", d) if n.endswith("curves.f64") else (n, d)),
                      "experiment-damaged"),
    "curves short": (lambda p: _rewrite(p, lambda n, d: (n, d[:-24]) if n.endswith("curves.f64") else (n, d)),
                     "experiment-curves-size"),
    "huge row count": (lambda p: _rewrite(p, _edit_run(lambda r: r["series"][0].update(batches=10**12))),
                       "experiment-damaged"),
    "number as text": (lambda p: _rewrite(p, _edit_run(lambda r: r.update(epochs="5"))), "experiment-damaged"),
    "bool as number": (lambda p: _rewrite(p, _edit_run(lambda r: r.update(number=True))), "experiment-damaged"),
    "NaN": (lambda p: _rewrite(p, lambda n, d: (n, d.replace(b'"test_accuracy": 0.95', b'"test_accuracy": NaN'))),
            "experiment-damaged"),
    "bad setting": (lambda p: _rewrite(p, _edit_run(lambda r: r["config"].update(dropout="lots"))),
                    "experiment-damaged"),
    "unknown status": (lambda p: _rewrite(p, _edit_run(lambda r: r.update(status="exploded"))), "experiment-damaged"),
    "missing model": (lambda p: _rewrite(p, _edit_run(lambda r: r.update(model="model.keras"))), "experiment-damaged"),
    "deep JSON": (lambda p: _rewrite(p, lambda n, d: (n, b"[" * 100_000 + b"]" * 100_000) if n.endswith("run.json")
                                     else (n, d)), "experiment-damaged"),
}  # fmt: skip


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_experiment_file_is_refused_with_one_line_naming_it(tmp_path, damage):
    path, _ = _experiment(tmp_path)
    spoil, code = DAMAGE[damage]
    spoil(path)
    with pytest.raises(ExperimentError) as caught:
        read_experiment(path)
    assert caught.value.code == code, str(caught.value)
    text = str(caught.value)
    assert str(path) in text and "\n" not in text


def test_missing_files_and_folders_are_named(tmp_path):
    with pytest.raises(ExperimentError, match="file not found"):
        read_experiment(tmp_path / "nothing.dpexp")
    with pytest.raises(ExperimentError, match="is a folder"):
        read_experiment(tmp_path)


def test_an_oversized_entry_is_refused_before_it_is_read(tmp_path, monkeypatch):
    path, _ = _experiment(tmp_path)
    monkeypatch.setattr(limits, "EXPERIMENT_JSON_BYTES", 100)  # a run.json larger than the limit
    with pytest.raises(ExperimentError, match="bytes"):
        read_experiment(path)


def test_a_pipe_named_like_an_experiment_is_refused_at_once(tmp_path):
    import os

    pipe = tmp_path / "class.dpexp"
    os.mkfifo(pipe)
    with pytest.raises(ExperimentError) as refused:
        read_experiment(pipe)  # would block forever if it were opened like an ordinary file
    assert refused.value.code == "file-is-a-pipe" and "class.dpexp" in str(refused.value)
