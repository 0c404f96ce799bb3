"""Hostile inputs against the command line, the Python API and the window's readers, each measured alone.

The files are made small on disk (tests/reliability/hostile_files.py: bombs by compression or by their
headers), then one process runs every case (tests/reliability/run_cases.py) and records, per case: the exit
status or outcome, what was written to stdout and stderr, the seconds, and the peak memory of that case.
Here each case must have: the expected exit status (2 for bad input) or refusal, one line naming the file
(no traceback, ever), a peak of at most 1.5 GB, a bounded time, and every input file and store unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.reliability import hostile_files as hf
from tests.reliability import memory

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (memory.available() and hasattr(os, "mkfifo")), reason="measures memory through /proc"),
]

PEAK_LIMIT = int(1.5 * 2**30)
CASE_SECONDS = 120  # a generous bound: what it catches is a case that hangs or grinds through gigabytes
RUNNER_TIMEOUT_S = 900
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Case:
    name: str
    argv: list[str] | None = None  # a command line, or
    call: str | None = None  # a function of tests/reliability/api_cases.py
    args: list[str] = field(default_factory=list)
    inject: str | None = None
    exit: int | None = None  # the command's exit status
    outcome: str | None = None  # "problem: <code>" or "ok: <start of the result>"
    stderr: tuple[str, ...] = ()  # each line of stderr, in order (a start of it); () means empty
    stdout: tuple[str, ...] = ()  # texts stdout must hold
    message: str | None = None  # text the refusal's sentence must hold

    def spec(self, folder: Path) -> dict:
        fill = lambda items: [str(a).replace("{d}", str(folder)) for a in items]  # noqa: E731
        spec = {"name": self.name, "inject": self.inject}
        if self.argv is not None:
            spec["argv"] = fill(self.argv)
        else:
            spec["call"], spec["args"] = self.call, fill(self.args)
        return spec


def evaluate(model: str, refusal: str, name: str | None = None) -> Case:
    return Case(name or f"evaluate {model}", argv=["evaluate", f"{{d}}/{model}"], exit=2, stderr=(refusal,))


def data(path: str, refusal: str) -> Case:
    argv = ["train", "--data", f"{{d}}/{path}", "--epochs", "1", "-o", "{d}/out/never.keras", "--quiet"]
    return Case(f"train --data {path}", argv=argv, exit=2, stderr=(refusal,))


TRAIN_TINY = ["train", "--data", "{d}/small.npz", "--epochs", "1", "--batch-size", "50", "--validation-split", "0"]
CASES = [
    # -- model files: refused before Keras builds or reads anything -----------------------------------
    # 2 GiB (1 GiB) of bomb plus the shipped model's entries: "2,048" or "2,049 MB", as the model's size rounds.
    evaluate("metadata-bomb.keras", "digitpad: {d}/metadata-bomb.keras: unpacks to 2,04"),
    evaluate("config-bomb.keras", "digitpad: {d}/config-bomb.keras: unpacks to 1,02"),
    evaluate("lying-metadata.keras", "digitpad: {d}/lying-metadata.keras: not a model file, or the file is damaged"),
    evaluate("weights-bomb.keras", "digitpad: {d}/weights-bomb.keras: the weights declare"),
    evaluate("dense-1m.keras", "digitpad: {d}/dense-1m.keras: the network declares 577,055,744 parameters"),
    evaluate("conv-100k.keras", "digitpad: {d}/conv-100k.keras: layer conv2d gives 67,600,000 values per image"),
    evaluate("directory-lie.keras", "digitpad: {d}/directory-lie.keras: the zip archive lists 65,535 entries"),
    evaluate("many-entries.keras", "digitpad: {d}/many-entries.keras: the zip archive lists 70 entries"),
    evaluate("huge.keras", "digitpad: {d}/huge.keras: too large to be a digitpad model (629,145,600 bytes)"),
    evaluate("pipe.keras", "digitpad: {d}/pipe.keras: a named pipe, not a file"),
    evaluate("empty.keras", "digitpad: {d}/empty.keras: not a .keras model file"),
    Case("evaluate /dev/zero", argv=["evaluate", "/dev/zero"], exit=2, stderr=("digitpad: /dev/zero: a device",)),
    Case("open /dev/zero", call="load_model", args=["/dev/zero"], outcome="problem: file-is-a-device"),
    Case("open pipe.keras", call="load_model", args=["{d}/pipe.keras"], outcome="problem: file-is-a-pipe"),
    Case(
        "open dense-1m.keras",
        call="load_model",
        args=["{d}/dense-1m.keras"],
        outcome="problem: model-too-many-parameters",
    ),
    # -- data sets ------------------------------------------------------------------------------------
    data("npz-bomb.npz", "digitpad: {d}/npz-bomb.npz: unpacks to 700 MB in all, more than 640 MB"),
    data("npz-header-lie.npz", "digitpad: {d}/npz-header-lie.npz [x_train]: 1,000,000,000 entries; at most 250,000"),
    data("npz-objects.npz", "digitpad: {d}/npz-objects.npz [y_train]: holds Python objects"),
    data("strings.npz", "digitpad: {d}/strings.npz [x_train/y_train]: labels are <U3; they must be whole numbers"),
    data("unit.npz", "digitpad: {d}/unit.npz [x_train/y_train]: images are float32 between 0 and 1"),
    data("fractional.npz", "digitpad: {d}/fractional.npz [x_train/y_train]: labels are float64; they must be whole"),
    data("bools.npz", "digitpad: {d}/bools.npz [x_train/y_train]: labels are bool; they must be whole numbers"),
    data("pipe.npz", "digitpad: {d}/pipe.npz: a named pipe, not a file"),
    data("idx-lie", "digitpad: {d}/idx-lie/train-images-idx3-ubyte.gz: 4,000,000,000 entries; at most 250,000"),
    data("idx-pipe", "digitpad: {d}/idx-pipe/train-images-idx3-ubyte: a named pipe, not a file"),
    # -- the command line's options and output file -----------------------------------------------------
    Case("--seed -1", argv=["summary", "--seed", "-1"], exit=2, stderr=("digitpad: impossible settings: the seed",)),
    Case("--epochs 1e10", argv=["summary", "--epochs", "1e10"], exit=2, stderr=("digitpad summary: error: argument",)),
    Case(
        "-o a folder",
        argv=["train", "--data", "{d}/small.npz", "-o", "{d}/out/folder.keras", "--quiet"],
        exit=2,
        stderr=("digitpad: {d}/out/folder.keras: is a folder, not a file",),
    ),
    Case(
        "-o wrong suffix",
        argv=["train", "--data", "{d}/small.npz", "-o", "{d}/out/m.txt", "--quiet"],
        exit=2,
        stderr=("digitpad: {d}/out/m.txt: model files must end in .keras",),
    ),
    Case(
        "-o /dev/full",
        argv=["train", "--data", "{d}/small.npz", "-o", "/dev/full", "--quiet"],
        exit=2,
        stderr=("digitpad: /dev/full: model files must end in .keras",),
    ),
    Case(
        "-o a device named .keras",
        argv=["train", "--data", "{d}/small.npz", "-o", "{d}/out/device.keras", "--quiet"],
        exit=2,
        stderr=("digitpad: {d}/out/device.keras: a device, not a file",),
    ),
    Case(
        "-o an existing model, with an impossible setting",
        argv=["train", "--dropout", "1.5", "-o", "{d}/out/existing.keras", "--quiet"],
        exit=2,
        stderr=("digitpad: impossible settings: dropout rate",),
    ),
    # -- images, several at once: each bad one is one line, the good ones are still classified ---------
    Case(
        "predict a mix of images",
        argv=["predict", "default"]
        + [f"{{d}}/{n}" for n in ("bomb30k.png", "d16.png", "bomb8k.png", "dfloat.tiff", "text.png", "pipe.png")]
        + ["{d}/digit.png"],
        exit=2,
        stderr=(
            "{d}/bomb30k.png: more pixels than digitpad reads",
            "{d}/bomb8k.png: 8,000 x 8,000 pixels is more than digitpad reads",
            "{d}/text.png: cannot read this image",
            "{d}/pipe.png: a named pipe, not a file",
        ),
        stdout=("{d}/d16.png: 2 (", "{d}/dfloat.tiff: 2 (", "{d}/digit.png: 2 ("),
    ),
    Case(
        "predict the largest image accepted (5,000 x 5,000 RGBA)",
        argv=["predict", "default", "{d}/largest.png"],
        exit=0,
        stdout=("{d}/largest.png: 1 (",),
    ),
    # -- lessons ----------------------------------------------------------------------------------------
    Case(
        "lesson: 1 and 400 zeros",
        call="load_lesson",
        args=["{d}/data/lessons/zeros.json"],
        outcome="problem: lesson-setting-out-of-range",
        message="epochs must be from 1 to 200 (got inf)",
    ),
    Case(
        "lesson: 5,000 digits",
        call="load_lesson",
        args=["{d}/data/lessons/digits.json"],
        outcome="problem: lesson-number-too-long",
    ),
    Case(
        "lesson: a named pipe",
        call="load_lesson",
        args=["{d}/data/lessons/pipe.json"],
        outcome="problem: file-is-a-pipe",
    ),
    Case("lessons menu with hostile lessons", call="lessons_menu", args=["{d}/data"], outcome="ok: Lesson 1"),
    # -- handwriting --------------------------------------------------------------------------------------
    Case(
        "import 16 members of 313 MB",
        call="import_handwriting",
        args=["{d}/store", "{d}/handwriting-bomb.npz"],
        outcome="problem: archive-unpacks-too-big",
        message="unpacks to 5,008 MB in all",
    ),
    Case(
        "import a named pipe",
        call="import_handwriting",
        args=["{d}/store", "{d}/pipe.npz"],
        outcome="problem: file-is-a-pipe",
    ),
    Case(
        "import a billion declared digits",
        call="import_handwriting",
        args=["{d}/store", "{d}/handwriting-lie.npz"],
        outcome="problem: too-many-entries",
    ),
    Case(
        "a store that is a named pipe",
        call="open_handwriting_store",
        args=["{d}/pipe-store"],
        outcome="ok: 0 samples, set aside: file-is-a-pipe",
    ),
    # -- settings ------------------------------------------------------------------------------------------
    Case(
        "settings: the user's file is a pipe",
        call="open_settings",
        args=["{d}/cfg-pipe", "{d}/sys-ok"],
        outcome="ok: epochs=7; 1 note(s): {d}/cfg-pipe/digitpad/digitpad.conf: a named pipe",
    ),
    Case(
        "settings: a machine-wide file of 2 GB",
        call="open_settings",
        args=["{d}/cfg-ok", "{d}/sys-huge"],
        outcome="ok: epochs=3; 1 note(s): {d}/sys-huge/digitpad/digitpad.conf: too big",
    ),
    # -- TensorFlow from here on ---------------------------------------------------------------------------
    Case(
        "evaluate a model whose Keras error is a page",
        argv=["evaluate", "{d}/long-message.keras"],
        exit=2,
        stderr=("digitpad: {d}/long-message.keras: cannot load this model (TypeError:",),
    ),
    Case(
        "evaluate a model with test_accuracy 'abc'",
        argv=["evaluate", "{d}/text-accuracy.keras", "--data", "{d}/small.npz"],
        exit=0,
        stdout=("Model: text-accuracy.keras — test accuracy unknown",),
    ),
    Case(
        "evaluate on exactly convertible data",
        argv=["evaluate", "default", "--data", "{d}/exact.npz"],
        exit=0,
        stdout=("Dataset: exact (300 train, 100 test)",),
    ),
    Case(
        "evaluate on an IDX gzip bomb (1 GB after the images)",
        argv=["evaluate", "default", "--data", "{d}/idx-bomb"],
        exit=0,
        stdout=("Dataset: idx-bomb (60,000 train, 10,000 test)",),
    ),
    Case(
        "the disk fills up while saving the trained model",
        argv=[*TRAIN_TINY, "-o", "{d}/out/trained.keras", "--quiet"],
        inject="disk-full-when-saving",
        exit=2,
        stderr=(
            "digitpad: {d}/out/trained.keras: the disk is full; "
            "the trained model was saved instead as {d}/data/rescued/trained-",
        ),
        stdout=("Test accuracy:",),
    ),
    Case(
        "an error nobody foresaw",
        argv=["summary"],
        inject="unforeseen-error",
        exit=1,
        stderr=("digitpad: unexpected error (RuntimeError: boom); the details are in {d}/data/logs/digitpad.log",),
    ),
    Case(
        "out of memory",
        argv=["summary"],
        inject="out-of-memory",
        exit=1,
        stderr=("digitpad: not enough memory; try fewer training images",),
    ),
]
IDS = [case.name for case in CASES]


def make_files(folder: Path, mnist) -> None:  # noqa: PLR0915 -- one line per hostile file
    from digitpad.core.resources import default_model_path, mnist_dir

    src = default_model_path()
    for make in (hf.metadata_bomb, hf.config_bomb, hf.lying_metadata, hf.weights_bomb):
        make(folder, src)
    hf.model_with_config(folder, src, "dense-1m.keras", hf.widen_dense)
    hf.model_with_config(folder, src, "conv-100k.keras", hf.widen_conv)
    hf.model_with_config(folder, src, "long-message.keras", hf.long_keras_message)
    hf.with_metadata(folder, src, "text-accuracy.keras", test_accuracy="abc")
    hf.directory_lie(folder)
    hf.many_entries(folder)
    hf.sparse_file(folder, "huge.keras", 600 << 20)
    (folder / "empty.keras").write_bytes(b"")
    for name in ("pipe.keras", "pipe.npz", "pipe.png"):
        hf.pipe(folder, name)
    # Data sets.
    arrays = hf.small_arrays()
    arrays["x_train"][:], arrays["x_test"][:] = mnist.train.images[:300], mnist.test.images[:100]
    arrays["y_train"][:], arrays["y_test"][:] = mnist.train.labels[:300], mnist.test.labels[:100]
    hf.npz(folder, "small.npz", **arrays)
    hf.npz(folder, "strings.npz", **(arrays | {"y_train": arrays["y_train"].astype(str)}))
    hf.npz(folder, "unit.npz", **(arrays | {"x_train": (arrays["x_train"] / 255).astype(np.float32)}))
    hf.npz(folder, "fractional.npz", **(arrays | {"y_train": arrays["y_train"] + 0.5}))
    hf.npz(folder, "bools.npz", **(arrays | {"y_train": arrays["y_train"] > 4}))
    exact = arrays | {"x_train": arrays["x_train"].astype(np.int64), "y_train": arrays["y_train"].astype(np.float64)}
    hf.npz(folder, "exact.npz", **(exact | {"x_test": arrays["x_test"].astype(np.float32)}))
    hf.npz_bomb(folder)
    hf.npz_header_lie(folder)
    hf.npz_objects(folder)
    hf.idx_folder(folder / "idx-bomb", mnist_dir(), (60_000, 28, 28), 1 << 30)
    hf.idx_folder(folder / "idx-lie", mnist_dir(), (4_000_000_000, 28, 28), 0)
    hf.idx_folder(folder / "idx-pipe", mnist_dir(), (10, 28, 28), 0)
    (folder / "idx-pipe" / "train-images-idx3-ubyte.gz").unlink()
    hf.pipe(folder / "idx-pipe", "train-images-idx3-ubyte")
    # The command line's output.
    (folder / "out" / "folder.keras").mkdir(parents=True)
    (folder / "out" / "existing.keras").write_bytes(b"a model from before")
    os.symlink("/dev/null", folder / "out" / "device.keras")
    # Images.
    digit = mnist.test.images[1]  # a 2
    big = np.asarray(Image.fromarray(digit).resize((112, 112)))
    Image.fromarray(255 - big).save(folder / "digit.png")
    Image.fromarray(big.astype(np.uint16) * 100 + 20_000).save(folder / "d16.png")
    Image.fromarray(big.astype(np.float32) / 255 * 7 - 3, mode="F").save(folder / "dfloat.tiff")
    largest = np.zeros((5_000, 5_000, 4), np.uint8)  # exactly limits.IMAGE_PIXELS: a stroke of opaque ink
    largest[900:4100, 2300:2700, 3] = 255
    Image.fromarray(largest, mode="RGBA").save(folder / "largest.png")
    del largest
    hf.png_header_only(folder / "bomb30k.png", 30_000, 30_000)
    hf.png_header_only(folder / "bomb8k.png", 8_000, 8_000)
    (folder / "text.png").write_text("not an image")
    # Lessons, in the user's lesson folder of the runner's data folder.
    lessons = folder / "data" / "lessons"
    lessons.mkdir(parents=True)
    head = '{"format": "digitpad-lesson-1", "title": "t", "settings": {"epochs": '
    (lessons / "zeros.json").write_text(head + "1" + "0" * 400 + "}}")
    (lessons / "digits.json").write_text(head + "1" + "0" * 5000 + "}}")
    hf.pipe(lessons, "pipe.json")
    # Handwriting.
    from digitpad.core.handwriting import HandwritingStore

    store = HandwritingStore(folder / "store")
    for label in range(5):
        store.add(mnist.test.images[label], int(mnist.test.labels[label]))
    hf.handwriting_bomb(folder)
    header = hf.npy_header((1_000_000_000, 28, 28))
    y = hf.npy_bytes(np.array([1, 2, 3]))
    hf.write_zip(folder / "handwriting-lie.npz", [("x.npy", header, len(header), 0), ("y.npy", y, len(y), 0)])
    (folder / "pipe-store").mkdir()
    hf.pipe(folder / "pipe-store", "samples.npz")
    # Settings.
    for name, text in (("sys-ok", "[training]\nepochs=7\n"), ("cfg-ok", "[training]\nepochs=3\n")):
        (folder / name / "digitpad").mkdir(parents=True)
        (folder / name / "digitpad" / "digitpad.conf").write_text(text)
    (folder / "cfg-pipe" / "digitpad").mkdir(parents=True)
    hf.pipe(folder / "cfg-pipe" / "digitpad", "digitpad.conf")
    (folder / "sys-huge" / "digitpad").mkdir(parents=True)
    hf.sparse_file(folder / "sys-huge" / "digitpad", "digitpad.conf", 2 << 30)


def fingerprints(folder: Path) -> dict[str, str]:
    """A digest of every ordinary file the cases read (not the runner's data folder or the output folder)."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if (
            relative.parts[0] in ("data", "out")
            or path.is_symlink()
            or not path.is_file()
            or path.stat().st_size > 2**28
        ):
            continue
        found[str(relative)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def results(tmp_path_factory, mnist):
    folder = tmp_path_factory.mktemp("hostile")
    make_files(folder, mnist)
    before = fingerprints(folder)
    runner = folder / "data" / "runner"
    runner.mkdir()
    (runner / "cases.json").write_text(json.dumps([case.spec(folder) for case in CASES]))
    env = dict(os.environ, DIGITPAD_DATA_DIR=str(folder / "data"), PYTHONPATH=str(ROOT))
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.reliability.run_cases",
            str(runner / "cases.json"),
            str(runner / "results.jsonl"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUNNER_TIMEOUT_S,
        check=False,
    )
    lines = (runner / "results.jsonl").read_text().splitlines() if (runner / "results.jsonl").exists() else []
    found = {record["name"]: record for record in map(json.loads, lines)}
    assert run.returncode == 0, f"the runner failed (last case: {lines[-1:]}): {run.stderr[-3000:]}"
    return folder, found, before


def _filled(texts, folder: Path) -> list[str]:
    return [t.replace("{d}", str(folder)) for t in texts]


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_each_hostile_input(results, case):
    folder, found, _ = results
    record = found.get(case.name)
    assert record is not None, f"{case.name}: no result (the runner hung or died on it)"
    assert "Traceback" not in record["stderr"] + record["stdout"], record
    if case.exit is not None:
        assert record.get("exit") == case.exit, record
        lines = record["stderr"].splitlines()
        wanted = _filled(case.stderr, folder)
        assert len(lines) == len(wanted), f"one line per fault, no more: {lines}"
        for line, start in zip(lines, wanted, strict=True):
            assert line.startswith(start), (line, start)
        for text in _filled(case.stdout, folder):
            assert text in record["stdout"], (text, record["stdout"])
    else:
        assert record["outcome"].startswith(_filled([case.outcome], folder)[0]), record
        if case.message:
            assert case.message in record["message"], record
        assert record["stderr"] == "" or "WARNING" in record["stderr"], record
    assert record["peak"] <= PEAK_LIMIT, f"{case.name}: peak {record['peak'] / 2**20:.0f} MB"
    assert record["seconds"] <= CASE_SECONDS, f"{case.name}: {record['seconds']} s"


def test_inputs_and_stores_are_unchanged_and_outputs_are_as_expected(results):
    folder, found, before = results
    assert fingerprints(folder) == before  # no input was changed, the handwriting store included
    assert (folder / "out" / "existing.keras").read_bytes() == b"a model from before"
    assert not (folder / "out" / "never.keras").exists()
    assert sorted(p.name for p in (folder / "out").iterdir()) == ["device.keras", "existing.keras", "folder.keras"]
    rescued = list((folder / "data" / "rescued").glob("trained-*.keras"))
    assert len(rescued) == 1
    from digitpad.core.modelfile import read_metadata

    assert read_metadata(rescued[0])["mode"] == "single"  # the rescued model is whole
    log_text = (folder / "data" / "logs" / "digitpad.log").read_text()
    assert "Traceback" in log_text and "RuntimeError: boom" in log_text  # the details are where it said
    assert len(list((folder / "pipe-store").glob("samples-unreadable-*.npz"))) == 1
    report = {name: (r["peak"], r["peak"] - r["rss_before"], r["seconds"]) for name, r in found.items()}
    (folder / "data" / "runner" / "figures.json").write_text(json.dumps(report, indent=1))
    print(
        "\n".join(f"{p / 2**20:5.0f} MB peak, +{g / 2**20:4.0f} MB, {s:6.2f} s: {n}" for n, (p, g, s) in report.items())
    )
