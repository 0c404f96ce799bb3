"""The command line, driven in-process through ``digitpad.cli.main`` (and once as a real process)."""

import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from digitpad.cli import COMMANDS, main


def test_summary_prints_the_tutorial_table(capsys):
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    assert "max_pooling2d_1 (MaxPooling2D)" in out and "Total params: 93,322" in out


def test_summary_follows_options(capsys):
    assert main(["summary", "--no-pooling", "--dropout", "0.2"]) == 0
    out = capsys.readouterr().out
    assert "MaxPooling2D" not in out and "Dropout" in out and "Total params: 2,038,922" in out


def test_impossible_option_is_a_clear_error(capsys):
    assert main(["summary", "--dropout", "1.5"]) == 2
    err = capsys.readouterr().err
    assert "dropout rate must be at least 0 and below 1" in err and "Traceback" not in err
    assert err == "digitpad: impossible settings: dropout rate must be at least 0 and below 1 (got 1.5)\n"


def test_a_file_the_system_refuses_is_one_line_naming_it(monkeypatch, capsys):
    import errno

    def refused(args):
        raise PermissionError(errno.EACCES, "Permission denied", "/class/out.keras")

    monkeypatch.setitem(COMMANDS, "summary", refused)
    assert main(["summary"]) == 2
    assert capsys.readouterr().err == "digitpad: /class/out.keras: permission denied\n"


def test_bad_dataset_exits_2_with_the_file_named(tmp_path, capsys):
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(b"garbage that is long enough")
    assert main(["train", "--data", str(tmp_path), "-o", str(tmp_path / "m.keras")]) == 2
    err = capsys.readouterr().err
    assert "train-images-idx3-ubyte.gz: wrong magic number" in err and "Traceback" not in err


def test_bad_model_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "broken.keras"
    bad.write_bytes(b"not a model")
    assert main(["evaluate", str(bad)]) == 2
    assert "broken.keras: not a .keras model file" in capsys.readouterr().err


@pytest.mark.slow
def test_train_then_evaluate_then_predict(tmp_path, capsys, mnist):
    model = tmp_path / "small.keras"
    small = tmp_path / "small.npz"
    np.savez(
        small,
        x_train=mnist.train.images[:3000],
        y_train=mnist.train.labels[:3000],
        x_test=mnist.test.images[:1000],
        y_test=mnist.test.labels[:1000],
    )
    assert main(["train", "--data", str(small), "--epochs", "1", "--batch-size", "32", "-o", str(model)]) == 0
    out = capsys.readouterr().out
    assert "epoch 1/1" in out and "Test accuracy" in out and model.exists()

    assert main(["evaluate", str(model), "--data", str(small)]) == 0
    out = capsys.readouterr().out
    assert "Per-class accuracy" in out and "true\\pred" in out
    matrix = [[int(v) for v in line.split()[1:]] for line in out.splitlines()[-10:]]
    assert np.array(matrix).sum() == 1000  # every test image lands in one cell


def test_predict_images_of_any_size_and_polarity(tmp_path, capsys, mnist):
    paths = []
    for i in range(4):
        digit = np.asarray(Image.fromarray(mnist.test.images[i]).resize((112 + 40 * i, 112 + 40 * i)))
        img = Image.fromarray(255 - digit if i % 2 else digit)  # dark-on-light and light-on-dark
        paths.append(tmp_path / f"digit{i}.{'png' if i < 2 else 'jpg'}")
        img.save(paths[-1])
    Image.new("L", (50, 50), 255).save(tmp_path / "blank.png")
    (tmp_path / "broken.png").write_bytes(b"nope")
    code = main(["predict", "default", *map(str, paths), str(tmp_path / "blank.png"), str(tmp_path / "broken.png")])
    captured = capsys.readouterr()
    assert code == 2  # one unreadable image
    for i, path in enumerate(paths):
        line = next(ln for ln in captured.out.splitlines() if ln.startswith(str(path)))
        assert line.split(": ")[1].startswith(str(mnist.test.labels[i]))
    assert "blank.png: nothing drawn" in captured.out
    assert "broken.png: cannot read this image" in captured.err


def test_help_of_every_command():
    for cmd in ([], ["train"], ["evaluate"], ["predict"], ["summary"], ["bench"]):
        result = subprocess.run(
            [sys.executable, "-m", "digitpad", *cmd, "--help"], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0 and "usage: digitpad" in result.stdout


def test_option_errors_are_one_line(capsys):
    with pytest.raises(SystemExit) as caught:
        main(["summary", "--epochs", "1e10"])
    assert caught.value.code == 2
    assert capsys.readouterr().err == (
        "digitpad summary: error: argument --epochs: invalid int value: '1e10' (see digitpad summary --help)\n"
    )
    assert main(["summary", "--seed", "-1"]) == 2
    assert capsys.readouterr().err == (
        "digitpad: impossible settings: the seed must be a whole number from 0 to 4294967295 (got -1)\n"
    )


def test_a_bad_output_is_refused_before_any_training(tmp_path, monkeypatch, capsys):
    from digitpad.core import training

    monkeypatch.setattr(training, "train", lambda *a, **k: pytest.fail("trained for a file it cannot write"))
    (tmp_path / "folder.keras").mkdir()
    for target, fault in (
        (tmp_path / "m.txt", "model files must end in .keras"),
        (tmp_path / "folder.keras", "is a folder, not a file"),
    ):
        assert main(["train", "-o", str(target), "--quiet"]) == 2
        assert capsys.readouterr().err == f"digitpad: {target}: {fault}\n"


class _Trained:
    """What ``train`` hands over, without training (the model is never used: saving is faked too)."""

    model, mode, seconds, test_accuracy, series = object(), "single", 1.0, 0.5, []

    def metadata(self):
        return {"test_accuracy": 0.5}


def test_a_model_that_cannot_be_saved_after_training_is_rescued(tmp_path, monkeypatch, capsys):
    import errno

    from digitpad.core import modelfile, training

    def save(model, path, metadata=None):
        if "rescued" not in path.parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"the model")
        return path

    monkeypatch.setattr(training, "train", lambda *a, **k: _Trained())
    monkeypatch.setattr(modelfile, "save_model", save)
    target = tmp_path / "m.keras"
    assert main(["train", "-o", str(target), "--quiet"]) == 2
    captured = capsys.readouterr()
    assert "Test accuracy: 50.00%" in captured.out
    rescued = list(modelfile.rescue_folder().glob("m-*.keras"))
    assert len(rescued) == 1 and rescued[0].read_bytes() == b"the model"
    assert captured.err == (
        f"digitpad: {target}: the disk is full; the trained model was saved instead as {rescued[0]}\n"
    )
    rescued[0].unlink()

    def nowhere(model, path, metadata=None):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(modelfile, "save_model", nowhere)
    assert main(["train", "-o", str(target), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"digitpad: {target}: the disk or folder is read-only; the trained model could not be saved")
    assert err.count("\n") == 1


def test_an_unexpected_error_is_one_line_that_names_the_log(monkeypatch, capsys):
    from digitpad.core.logsetup import log_file

    def broken(args):
        raise RuntimeError("boom\nand a second line")

    monkeypatch.setitem(COMMANDS, "summary", broken)
    assert main(["summary"]) == 1
    err = capsys.readouterr().err
    assert err == f"digitpad: unexpected error (RuntimeError: boom); the details are in {log_file()}\n"
    assert "RuntimeError: boom" in log_file().read_text()  # the traceback is there, not on the console
