"""`digitpad runs list/export` and `digitpad export`, driven in-process through ``digitpad.cli.main``."""

import csv
import io

import numpy as np
import pytest
from PIL import Image

from digitpad.cli import main
from digitpad.core.experiments import RunSnapshot, RunStore, read_experiment
from digitpad.core.runs import RunHistory
from tests.test_experiments import finished_run


@pytest.fixture
def kept(default_model):
    store = RunStore()
    history = RunHistory()
    plain, dropout = finished_run(history), finished_run(history, seed=1, dropout=0.2)
    plain.name = "baseline"
    store.save(RunSnapshot.of(plain, has_model=True), default_model.model, {})
    store.save(RunSnapshot.of(dropout, has_model=False))
    return plain, dropout


def test_runs_list_shows_every_kept_run(kept, capsys):
    assert main(["runs", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["run", "name", "settings", "status", "epochs", "test", "acc", "model"]
    assert lines[1].split() == ["1", "baseline", "plain", "finished", "3", "95.00%", "kept"]
    assert lines[2].split() == ["2", "dropout", "0.2", "finished", "3", "95.00%", "-"]


def test_runs_list_with_nothing_kept_says_so(capsys):
    assert main(["runs", "list"]) == 0
    assert "No runs kept yet" in capsys.readouterr().out


def test_runs_export_writes_curves_table_charts_and_an_experiment(kept, tmp_path, capsys):
    out = {name: tmp_path / name for name in ("curves.csv", "table.csv", "charts.png", "charts.svg", "two.dpexp")}
    args = ["runs", "export", "--csv", out["curves.csv"], "--table", out["table.csv"], "--png", out["charts.png"],
            "--svg", out["charts.svg"], "--experiment", out["two.dpexp"]]  # fmt: skip
    assert main([str(a) for a in args]) == 0
    curves = list(csv.DictReader(io.StringIO(out["curves.csv"].read_text(encoding="utf-8-sig"))))
    assert len(curves) == 2 * (12 + 3 + 3) and {c["name"] for c in curves} == {"baseline", ""}
    table = {row[0]: row for row in csv.reader(io.StringIO(out["table.csv"].read_text(encoding="utf-8-sig")))}
    assert table["dropout"] == ["dropout", "0", "0.2", "yes"]
    with Image.open(out["charts.png"]) as picture:
        assert picture.size[0] >= 1200 and np.unique(np.asarray(picture.convert("L"))).size > 10
    assert "<svg" in out["charts.svg"].read_text(encoding="utf-8")
    assert [r.number for r in read_experiment(out["two.dpexp"]).records] == [1, 2]
    printed = capsys.readouterr().out
    assert "Curves of 2 run(s)" in printed and "Experiment file of 2 run(s)" in printed


def test_runs_export_from_a_file_and_chosen_runs(kept, tmp_path, capsys):
    assert main(["runs", "export", "--experiment", str(tmp_path / "all.dpexp")]) == 0
    assert main(["runs", "export", "--file", str(tmp_path / "all.dpexp"), "--runs", "2", "--csv",
                 str(tmp_path / "two.csv")]) == 0  # fmt: skip
    rows = list(csv.DictReader(io.StringIO((tmp_path / "two.csv").read_text(encoding="utf-8-sig"))))
    assert {r["run"] for r in rows} == {"2"}
    capsys.readouterr()
    assert main(["runs", "list", "--runs", "7"]) == 2
    assert capsys.readouterr().err == "digitpad: no run 7 (runs: 1, 2)\n"
    assert main(["runs", "export"]) == 2
    assert "say what to write" in capsys.readouterr().err


def test_a_damaged_experiment_file_is_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.dpexp"
    bad.write_bytes(b"not a zip at all")
    assert main(["runs", "list", "--file", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"digitpad: {bad}: not an experiment file") and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["tflite", "onnx", "html"])
def test_export_writes_a_checked_copy_and_says_how_close_it_is(tmp_path, capsys, fmt):
    out = tmp_path / f"digit.{fmt}"
    drawing = tmp_path / "seven.png"
    image = np.zeros((280, 280), np.uint8)
    image[60:80, 60:220] = 255
    for i in range(160):
        image[80 + i, 210 - i // 2 : 225 - i // 2] = 255
    Image.fromarray(image).save(drawing)
    assert main(["export", "default", "-o", str(out), "--drawing", str(drawing)]) == 0
    printed = capsys.readouterr().out
    assert out.exists() and f"Wrote {out}" in printed
    assert "200 test digits and the drawing" in printed and "the same digit on 201 of 201" in printed


def test_export_of_a_kept_runs_model(kept, tmp_path, capsys):
    assert main(["export", "run:1", "-o", str(tmp_path / "run1.tflite")]) == 0
    assert "the same digit on 200 of 200" in capsys.readouterr().out
    assert main(["export", "run:2", "-o", str(tmp_path / "run2.tflite")]) == 2
    assert capsys.readouterr().err == "digitpad: run 2 has no kept model (see 'digitpad runs list')\n"
    assert main(["export", "default", "-o", str(tmp_path / "model.zip")]) == 2
    assert "say --format" in capsys.readouterr().err
