"""``digitpad bench``: digitpad against the Keras tutorial's own recipe, side by side, in one run.

Every measured side runs in its own fresh Python process (``python -m digitpad.bench --part NAME``), so
TensorFlow's state, thread pools and peak memory never leak from one side into the other and start-up
is measured cold. The parent only starts the parts, collects their JSON and prints the table.

What is measured (the same real MNIST, the same machine, the same run):

1. Training. ``tutorial``: the tutorial's exact recipe: float64 inputs from ``/ 255.0``, batch 32, plain
   ``model.fit`` with Adam at its default rate, the tutorial's network written out as in the tutorial,
   no validation. ``engine``: ``digitpad.core.training.train`` with digitpad's default settings, except
   ``validation_split=0`` so that both sides train on the same images. Both evaluate test accuracy at
   every epoch end; the clock (from the moment the data is turned into inputs, model building and
   compilation included) excludes those evaluations. Samples per second = images x epochs / that time.
2. Predicting one drawing: ``Predictor`` on a 280x280 canvas-sized image (preprocessing included) and
   on the preprocessed 28x28 input alone, against ``model.predict`` on one image.
3. The window while it trains: a 10 ms Qt timer's lateness on the GUI thread while ``MainWindow``
   trains with the panel's default settings, and the window's training speed against the headless
   engine running the identical config in its own process.
4. Start-up: ``digitpad``'s real start path (``digitpad.cli.main([])``) in a fresh process, timed from
   the moment the parent spawned it (interpreter start-up and every import included) to the first
   painted frame, to the model being ready, and to the first prediction of a drawing.
5. Peak memory (``ru_maxrss``) of the engine's training process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

KEYS = (
    "train_speedup_vs_tutorial",
    "time_to_99_ratio",
    "test_accuracy",
    "tutorial_test_accuracy",
    "predict_p95_ms",
    "tutorial_predict_p95_ms",
    "gui_stall_p99_ms",
    "gui_train_throughput_ratio",
    "first_paint_s",
    "first_prediction_s",
    "peak_rss_mb",
)

TARGET_ACCURACY = 0.99
QUICK_THRESHOLD = 0.97  # what a quick run (12,000 images, 2 epochs) can reach: its time-to-accuracy stand-in
TUTORIAL_PARAMS = 93_322
SPAWN_ENV = "DIGITPAD_BENCH_SPAWN"
# A side that ran while other programs used more than this many cores' worth of CPU runs once more, and
# the quieter of the two runs counts (the machine is shared; the table shows the load each side saw).
DISTURBED_CORES = 0.5
RETRY_WHEN_DISTURBED = ("engine", "tutorial", "gui", "gui-headless")


@dataclass(frozen=True)
class Plan:
    quick: bool
    train_n: int  # training images for both training sides (the first N of MNIST's 60,000)
    epochs: int
    predict_n: int  # drawings predicted by digitpad
    reference_predict_n: int  # images put through model.predict (42-47 ms each)
    gui_train_n: int  # training images in the window run (0: the panel's default, all of them)
    gui_epochs: int
    startup_runs: int
    part_timeout_s: int

    @classmethod
    def make(cls, quick: bool) -> Plan:
        if quick:
            return cls(True, 12_000, 2, 300, 40, 12_000, 1, 1, 300)
        return cls(False, 60_000, 5, 1000, 200, 0, 2, 3, 1500)


# -- small helpers ------------------------------------------------------------------------------------


def percentile(values, q: float) -> float | None:
    """Linear-interpolated percentile (q in 0..100) of a list; None when empty."""
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * q / 100.0
    lo, hi = int(k), min(int(k) + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(*names: str) -> str:
    from importlib import metadata

    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "?"


def machine_info() -> dict:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        usable = os.cpu_count()
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory_gb": _memory_gb(),
        "os": platform.platform(),
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "tensorflow": _version("tensorflow-cpu", "tensorflow", "tensorflow-macos"),
        "keras": _version("keras"),
        "numpy": _version("numpy"),
        "pyside6": _version("PySide6-Essentials", "PySide6"),
        "load_average": _loadavg(),
    }


def _memory_gb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except (OSError, ValueError):
        pass
    return None


def _cpu_busy_s() -> float | None:
    """Seconds of CPU time all processes on this machine have used since boot (from /proc/stat)."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        user, nice, system, idle, iowait, irq, softirq, steal = (int(x) for x in fields[:8])
        return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _own_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _test_accuracy(model, images, labels) -> float:
    from digitpad.core.training import accuracy_of, predict_probabilities

    return accuracy_of(predict_probabilities(model, images), labels)


class EpochClock:
    """Wall time of a training run at each epoch end, with the test evaluations taken out of it."""

    def __init__(self, images, labels):
        self.images, self.labels = images, labels
        self.start = 0.0
        self.eval_s = 0.0
        self.epochs: list[dict] = []

    def begin(self) -> None:
        self.start = time.perf_counter()
        self.eval_s = 0.0
        self._mark = (self.start, _own_cpu_s())

    def epoch_end(self, model) -> None:
        now, cpu = time.perf_counter(), _own_cpu_s()
        elapsed = now - self.start - self.eval_s
        # Cores' worth of CPU this process used since the last epoch end: shows an epoch that ran on one core.
        cores = (cpu - self._mark[1]) / max(1e-9, now - self._mark[0])
        accuracy = _test_accuracy(model, self.images, self.labels)
        self.eval_s += time.perf_counter() - now
        self._mark = (time.perf_counter(), _own_cpu_s())
        self.epochs.append(
            {"epoch": len(self.epochs) + 1, "train_s": elapsed, "test_accuracy": accuracy, "cores_used": cores}
        )

    def summary(self, train_n: int) -> dict:
        ends = [e["train_s"] for e in self.epochs]
        per_epoch = [b - a for a, b in zip([0.0] + ends, ends, strict=False)]
        steady = per_epoch[1:] or per_epoch
        return {
            "train_samples": train_n,
            "epochs": self.epochs,
            "train_s": ends[-1] if ends else None,
            "samples_per_s": train_n * len(ends) / ends[-1] if ends else None,
            "steady_samples_per_s": train_n / statistics.median(steady) if steady else None,
            "final_test_accuracy": self.epochs[-1]["test_accuracy"] if self.epochs else None,
            "eval_s_excluded": self.eval_s,
        }


def time_to(epochs: list[dict], threshold: float) -> float | None:
    for e in epochs:
        if e["test_accuracy"] >= threshold:
            return e["train_s"]
    return None


# -- the parts (each runs in its own process) ---------------------------------------------------------


def part_tutorial(plan: Plan, **_) -> dict:
    """The tutorial's recipe, exactly: plain TensorFlow and Keras, none of digitpad's settings."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from digitpad.core.data import load_dataset

    dataset = load_dataset()
    train = dataset.train.head(plan.train_n)
    import keras
    import tensorflow as tf  # noqa: F401  (the tutorial's own import; no digitpad settings)
    from keras import layers

    keras.utils.set_random_seed(0)
    clock = EpochClock(dataset.test.images, dataset.test.labels)

    class EvaluateEachEpoch(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            clock.epoch_end(self.model)

    clock.begin()
    x_train = train.images.reshape((-1, 28, 28, 1)) / 255.0  # float64, as the tutorial does
    y_train = train.labels
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(32, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.MaxPooling2D((2, 2)),
            layers.Conv2D(64, (3, 3), activation="relu"),
            layers.Flatten(),
            layers.Dense(64, activation="relu"),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    # verbose=0 spares the tutorial its progress bar: if anything, this favours the tutorial.
    model.fit(x_train, y_train, epochs=plan.epochs, batch_size=32, verbose=0, callbacks=[EvaluateEachEpoch()])
    out = clock.summary(len(train))
    out.update(
        params=int(model.count_params()), input_dtype=str(x_train.dtype), batch_size=32, peak_rss_mb=peak_rss_mb()
    )
    return out


def _engine_run(config_dict: dict, train_n_label: int | None = None) -> dict:
    """Run ``train`` with a config and evaluate test accuracy at each epoch end (off the clock)."""
    from digitpad.core import training
    from digitpad.core.config import TrainingConfig
    from digitpad.core.data import load_dataset
    from digitpad.core.tfsetup import tensorflow_module

    config = TrainingConfig.from_dict(config_dict).validate()
    dataset = load_dataset()
    tensorflow_module()  # imported before the clock starts, as the tutorial's side imports it before its own
    clock = EpochClock(dataset.test.images, dataset.test.labels)
    built = {}
    original_compile = training.compile_model

    def capture(model, *args, **kwargs):  # the bench's only hook into the engine: keep a handle on the model
        built["model"] = model
        return original_compile(model, *args, **kwargs)

    reports = []

    class Recorder(training.Reporter):
        def run_started(self, info):
            built["info"] = info

        def epoch(self, report):
            reports.append(
                {
                    "epoch": report.epoch,
                    "seconds": report.seconds,
                    "samples_per_s": report.samples_per_s,
                    "loss": report.loss,
                    "accuracy": report.accuracy,
                    "val_accuracy": report.val_accuracy,
                }
            )
            clock.epoch_end(built["model"])

    training.compile_model = capture
    try:
        clock.begin()
        result = training.train(config, dataset, Recorder())
    finally:
        training.compile_model = original_compile
    info = built["info"]
    out = clock.summary(info.train_samples)
    # The network the user gets (in float32 even when it trained in bfloat16), evaluated by ``train`` itself.
    out["last_epoch_test_accuracy"] = out["final_test_accuracy"]
    out["final_test_accuracy"] = result.test_accuracy
    seconds = sum(r["seconds"] for r in reports)
    out.update(
        config=config.to_dict(),
        validation_samples=info.validation_samples,
        engine_epochs=reports,
        precision=training.compute_precision(config),
        engine_samples_per_s=info.train_samples * len(reports) / seconds if seconds else None,
        result_test_accuracy=result.test_accuracy,
        peak_rss_mb=peak_rss_mb(),
    )
    return out


def part_engine(plan: Plan, **_) -> dict:
    """digitpad's engine with its default settings (no validation split, as the tutorial)."""
    from digitpad.core.config import TrainingConfig

    config = TrainingConfig(
        epochs=plan.epochs, validation_split=0.0, train_samples=plan.train_n if plan.train_n < 60_000 else 0
    )
    return _engine_run(config.to_dict())


def part_gui_headless(plan: Plan, config: dict | None = None, **_) -> dict:
    """The headless engine with the exact config the window trained with."""
    return _engine_run(config)


def _canvas_images(images28):
    """MNIST digits scaled up to the canvas's 280x280, as a drawing reaches the predictor."""
    import numpy as np
    from PIL import Image

    return [np.asarray(Image.fromarray(im).resize((280, 280), Image.Resampling.BILINEAR)) for im in images28]


def part_predict(plan: Plan, **_) -> dict:
    import numpy as np

    from digitpad.core.data import load_dataset
    from digitpad.core.modelfile import load_model
    from digitpad.core.predictor import Predictor
    from digitpad.core.preprocess import preprocess
    from digitpad.core.resources import default_model_path

    dataset = load_dataset()
    images = dataset.test.images[: plan.predict_n]
    labels = dataset.test.labels[: plan.predict_n]
    canvases = _canvas_images(images)
    model = load_model(default_model_path()).model
    t = time.perf_counter()
    predictor = Predictor(model)
    build_s = time.perf_counter() - t
    while not getattr(predictor, "compiled", True) and time.perf_counter() - t < 20:
        time.sleep(0.01)  # the XLA version compiles in the background; measure what strokes will get
    compiled_s = time.perf_counter() - t

    def timed(fn, items, warmup=10):
        for item in items[:warmup]:
            fn(item)
        out, times = [], []
        for item in items:
            t0 = time.perf_counter()
            out.append(fn(item))
            times.append((time.perf_counter() - t0) * 1000)
        return out, times

    inputs28 = [im.astype(np.float32) / 255.0 for im in images]
    preds_model, t_model = timed(predictor.predict_input, inputs28)
    _, t_pre = timed(preprocess, canvases)
    preds_full, t_full = timed(predictor.predict_image, canvases)
    ref_inputs = [im.reshape(1, 28, 28, 1) / 255.0 for im in images[: plan.reference_predict_n]]
    ref_out, t_ref = timed(lambda x: model.predict(x, verbose=0), ref_inputs, warmup=3)
    agree = float(np.mean([p.digit == int(np.argmax(r)) for p, r in zip(preds_model, ref_out, strict=False)]))

    def stats(times):
        return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "max_ms": max(times), "n": len(times)}

    return {
        "predictor_build_s": build_s,
        "predictor_compiled": getattr(predictor, "compiled", None),
        "predictor_compiled_s": compiled_s,
        "model_only": stats(t_model),
        "preprocess_only": stats(t_pre),
        "with_preprocessing": stats(t_full),
        "model_predict": stats(t_ref),
        "agreement_with_model_predict": agree,
        "drawn_accuracy": float(np.mean([p.digit == y for (_, p), y in zip(preds_full, labels, strict=True)])),
        "peak_rss_mb": peak_rss_mb(),
    }


def part_startup(plan: Plan, out_path: Path | None = None, **_) -> dict:
    """digitpad's own start path, with probes; times are from the parent's spawn of this process."""
    spawn = float(os.environ.get(SPAWN_ENV) or time.time())
    marks: dict[str, float] = {"imports_done": time.time() - spawn}

    import numpy as np
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from digitpad.ui import main_window

    canvas = np.zeros((280, 280), np.uint8)
    canvas[40:240, 130:152] = 255  # a "1"

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and "first_paint_event" not in marks:
                marks["first_paint_event"] = time.time() - spawn
                # The whole first frame is painted in this same pass; note when it is done.
                QTimer.singleShot(0, lambda: marks.setdefault("first_paint", time.time() - spawn))
                QApplication.instance().removeEventFilter(self)
            return False

    class ProbedWindow(main_window.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            marks["window_built"] = time.time() - spawn
            self._bench_filter = FirstPaint()
            QApplication.instance().installEventFilter(self._bench_filter)
            # The window predicts with a NumPy copy of the model before TensorFlow is ready: probe that too.
            self.session.model_changed.connect(self._bench_model_changed)
            self.session.load_failed.connect(lambda path, exc: self._bench_done(f"model failed to load: {exc}"))
            self.session.predicted.connect(self._bench_predicted)
            QTimer.singleShot(120_000, lambda: self._bench_done("timed out"))

        def _bench_model_changed(self):
            if self.session.has_model:
                marks.setdefault("model_ready", time.time() - spawn)
            self.session.predict(canvas)

        def _bench_predicted(self, image28, prediction):
            if "first_prediction" not in marks:
                marks["first_prediction"] = time.time() - spawn
                marks["first_prediction_digit"] = prediction.digit
            if "model_ready" in marks:
                self._bench_done(None)

        def _bench_done(self, error):
            if error:
                marks["error"] = error
            self.close()
            QApplication.instance().quit()

    main_window.MainWindow = ProbedWindow
    _probe_model_loading(marks, spawn)
    from digitpad.cli import main as cli_main

    rc = cli_main([])
    marks["exit_code"] = rc
    marks["peak_rss_mb"] = peak_rss_mb()
    return marks


def _probe_model_loading(marks: dict, spawn: float) -> None:
    """Note when the loader thread imports TensorFlow, reads the model file and has a predictor."""
    from digitpad.core import modelfile, predictor

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            marks.setdefault(f"{name}_start", time.time() - spawn)
            try:
                return fn(*args, **kwargs)
            finally:
                marks.setdefault(f"{name}_end", time.time() - spawn)

        return wrapper

    # modelfile bound tensorflow_module when it was imported: wrap that name where it is used.
    modelfile.tensorflow_module = timed("tensorflow_import", modelfile.tensorflow_module)
    modelfile.load_model = timed("load_model", modelfile.load_model)
    predictor.Predictor = type(
        "Predictor", (predictor.Predictor,), {"__init__": timed("predictor", predictor.Predictor.__init__)}
    )


def part_gui(plan: Plan, **_) -> dict:
    """Train from the window (offscreen) and record how late a 10 ms timer fires on the GUI thread."""
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer

    from digitpad.ui.app import make_application
    from digitpad.ui.main_window import MainWindow

    make_application(["digitpad-bench"])
    tmp = tempfile.mkdtemp(prefix="digitpad-bench-")
    window = MainWindow(settings=QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat))
    window.show()

    def wait_for(signal_or_predicate, timeout_ms):
        loop = QEventLoop()
        QTimer.singleShot(timeout_ms, loop.quit)
        poll = QTimer()
        poll.timeout.connect(lambda: signal_or_predicate() and loop.quit())
        poll.start(20)
        loop.exec()
        poll.stop()
        return signal_or_predicate()

    window.start_loading()
    if not wait_for(lambda: window.model_object is not None, 120_000):
        raise RuntimeError("the model did not load within 2 minutes")

    ticks: list[float] = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))

    def lateness_ms(stamps):
        return [max(0.0, (b - a) * 1000 - 10.0) for a, b in zip(stamps, stamps[1:], strict=False)]

    # Idle reference: the same timer with nothing training.
    timer.start()
    wait_for(lambda: False, 2000)
    idle = lateness_ms(ticks)
    ticks.clear()

    window.panel.epochs.setValue(plan.gui_epochs)
    window.panel.train_samples.setValue(plan.gui_train_n)
    config = window.panel.config().to_dict()
    epochs, finished = [], []
    start = time.perf_counter()
    session = window.session
    session.run_epoch.connect(
        lambda record, _: epochs.append(
            {
                "epoch": record.last_epoch.epoch,
                "seconds": record.last_epoch.seconds,
                "samples_per_s": record.last_epoch.samples_per_s,
            }
        )
    )
    session.run_finished.connect(lambda *a: finished.append(time.perf_counter()))
    window.start_training()
    if not wait_for(lambda: bool(finished) or not window.is_training(), plan.part_timeout_s * 1000):
        raise RuntimeError("training from the window did not finish in time")
    wait_for(lambda: bool(finished), 5000)
    timer.stop()
    busy = lateness_ms(ticks)
    window.close()
    seconds = sum(e["seconds"] for e in epochs)
    samples = sum(e["seconds"] * e["samples_per_s"] for e in epochs)
    return {
        "config": config,
        "epochs": epochs,
        "samples_per_s": samples / seconds if seconds else None,
        "wall_s": (finished[0] if finished else time.perf_counter()) - start,
        "stall_p50_ms": percentile(busy, 50),
        "stall_p99_ms": percentile(busy, 99),
        "stall_max_ms": max(busy) if busy else None,
        "ticks": len(busy),
        "idle_stall_p99_ms": percentile(idle, 99),
        "idle_stall_max_ms": max(idle) if idle else None,
        "peak_rss_mb": peak_rss_mb(),
    }


PARTS = {
    "tutorial": part_tutorial,
    "engine": part_engine,
    "predict": part_predict,
    "startup": part_startup,
    "gui": part_gui,
    "gui-headless": part_gui_headless,
}


def _part_main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m digitpad.bench", description="one part of digitpad bench")
    parser.add_argument("--part", required=True, choices=sorted(PARTS))
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--config", help="a TrainingConfig as JSON (gui-headless)")
    args = parser.parse_args(argv)
    plan = Plan.make(args.quick)
    config = json.loads(args.config) if args.config else None
    result = PARTS[args.part](plan, config=config, out_path=args.out)
    result["load_average_after"] = _loadavg()
    args.out.write_text(json.dumps(result, indent=1, default=float))
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)  # skip TensorFlow's and Qt's slow teardown; the result is written


# -- the parent: run the parts, then compute, print and save the figures -------------------------------


def _child_env(tmp: Path) -> dict:
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env["QT_QPA_PLATFORM"] = "offscreen"
    # Never touch the user's settings, log or models; start every window from the defaults.
    env["DIGITPAD_DATA_DIR"] = str(tmp / "data")
    env["XDG_CONFIG_HOME"] = str(tmp / "config")
    return env


def run_part(name: str, plan: Plan, tmp: Path, config: dict | None = None, log=print) -> dict:
    out = tmp / f"{name}-{time.monotonic_ns()}.json"
    cmd = [sys.executable, "-m", "digitpad.bench", "--part", name, "--out", str(out)]
    if plan.quick:
        cmd.append("--quick")
    if config is not None:
        cmd += ["--config", json.dumps(config)]
    env = _child_env(tmp)
    load_before = _loadavg()
    busy_before, own_before = _cpu_busy_s(), _children_cpu_s()
    env[SPAWN_ENV] = repr(time.time())
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=plan.part_timeout_s)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {plan.part_timeout_s} s"}
    wall = time.perf_counter() - started
    busy_after, own_after = _cpu_busy_s(), _children_cpu_s()
    # Cores' worth of CPU that other programs used meanwhile: the noise this part ran under.
    others = None
    if busy_before is not None and busy_after is not None and wall > 0:
        others = max(0.0, (busy_after - busy_before) - (own_after - own_before)) / wall
    if proc.returncode != 0 or not out.exists():
        tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-15:]
        log(f"    {name} failed (exit {proc.returncode}):\n      " + "\n      ".join(tail))
        return {"error": f"exit {proc.returncode}: {tail[-1] if tail else 'no output'}"}
    result = json.loads(out.read_text())
    result.update(
        part_wall_s=wall,
        load_average_before=load_before,
        part_cpu_s=own_after - own_before,
        other_programs_cores=others,
    )
    if "error" in result and result["error"]:
        log(f"    {name}: {result['error']}")
    return result


def _ratio(a, b):
    return a / b if a is not None and b else None


@dataclass
class Row:
    figure: str
    digitpad: str
    reference: str
    ratio: str
    goal: str
    met: bool | None
    note: str = ""


def _fmt(value, spec: str, unit: str = "") -> str:
    return "—" if value is None else f"{value:{spec}}{unit}"


def compute(plan: Plan, parts: dict) -> tuple[dict, list[Row], list[str]]:
    """The JSON figures, the table rows and the notes, from the parts' raw results."""
    eng, tut = parts.get("engine", {}), parts.get("tutorial", {})
    pred, gui, ghl = parts.get("predict", {}), parts.get("gui", {}), parts.get("gui-headless", {})
    starts = [s for s in parts.get("startup", []) if "first_paint" in s]
    notes: list[str] = []
    f: dict = dict.fromkeys(KEYS)

    f["train_speedup_vs_tutorial"] = _ratio(eng.get("samples_per_s"), tut.get("samples_per_s"))
    t99_e, t99_t = time_to(eng.get("epochs", []), TARGET_ACCURACY), time_to(tut.get("epochs", []), TARGET_ACCURACY)
    if not plan.quick:
        f["time_to_99_ratio"] = _ratio(t99_e, t99_t)
        if t99_t is None and tut:
            notes.append("the tutorial never reached 99.0% test accuracy in this run, so time_to_99_ratio is null")
        if t99_e is None and eng:
            notes.append("digitpad never reached 99.0% test accuracy in this run, so time_to_99_ratio is null")
    else:
        notes.append(
            f"quick run: {plan.train_n:,} images and {plan.epochs} epochs cannot reach 99%, so "
            f"time_to_99_ratio is null; the table shows the time to {QUICK_THRESHOLD:.0%} instead"
        )
    tq_e, tq_t = time_to(eng.get("epochs", []), QUICK_THRESHOLD), time_to(tut.get("epochs", []), QUICK_THRESHOLD)
    f["test_accuracy"] = eng.get("final_test_accuracy")
    f["tutorial_test_accuracy"] = tut.get("final_test_accuracy")
    f["predict_p95_ms"] = pred.get("with_preprocessing", {}).get("p95_ms")
    f["tutorial_predict_p95_ms"] = pred.get("model_predict", {}).get("p95_ms")
    f["gui_stall_p99_ms"] = gui.get("stall_p99_ms")
    f["gui_train_throughput_ratio"] = _ratio(gui.get("samples_per_s"), ghl.get("engine_samples_per_s"))
    f["first_paint_s"] = statistics.median([s["first_paint"] for s in starts]) if starts else None
    firsts = [s["first_prediction"] for s in starts if "first_prediction" in s]
    f["first_prediction_s"] = statistics.median(firsts) if firsts else None
    f["peak_rss_mb"] = eng.get("peak_rss_mb")
    extra = {
        "train_samples_per_s": eng.get("samples_per_s"),
        "tutorial_samples_per_s": tut.get("samples_per_s"),
        "train_steady_speedup": _ratio(eng.get("steady_samples_per_s"), tut.get("steady_samples_per_s")),
        "time_to_99_s": t99_e,
        "tutorial_time_to_99_s": t99_t,
        "time_to_threshold_s": tq_e,
        "tutorial_time_to_threshold_s": tq_t,
        "threshold": QUICK_THRESHOLD,
        "predict_p50_ms": pred.get("with_preprocessing", {}).get("p50_ms"),
        "predict_model_p50_ms": pred.get("model_only", {}).get("p50_ms"),
        "predict_model_p95_ms": pred.get("model_only", {}).get("p95_ms"),
        "tutorial_predict_p50_ms": pred.get("model_predict", {}).get("p50_ms"),
        "gui_samples_per_s": gui.get("samples_per_s"),
        "headless_samples_per_s": ghl.get("engine_samples_per_s"),
        "gui_idle_stall_p99_ms": gui.get("idle_stall_p99_ms"),
        "gui_stall_max_ms": gui.get("stall_max_ms"),
        "model_ready_s": statistics.median([s["model_ready"] for s in starts if "model_ready" in s])
        if any("model_ready" in s for s in starts)
        else None,
        "tutorial_peak_rss_mb": tut.get("peak_rss_mb"),
        "gui_peak_rss_mb": gui.get("peak_rss_mb"),
    }

    def ms(v):
        return _fmt(v, ".2f", " ms")

    rows = [
        Row(
            "training speed (images/s, whole run)",
            _fmt(extra["train_samples_per_s"], ",.0f"),
            _fmt(extra["tutorial_samples_per_s"], ",.0f"),
            _fmt(f["train_speedup_vs_tutorial"], ".2f", "x"),
            ">= 2.0x",
            None if f["train_speedup_vs_tutorial"] is None else f["train_speedup_vs_tutorial"] >= 2.0,
        ),
        Row(
            "  steady epochs only (2nd on)",
            _fmt(eng.get("steady_samples_per_s"), ",.0f"),
            _fmt(tut.get("steady_samples_per_s"), ",.0f"),
            _fmt(extra["train_steady_speedup"], ".2f", "x"),
            "",
            None,
        ),
    ]
    if plan.quick:
        r = _ratio(tq_e, tq_t)
        rows.append(
            Row(
                f"time to {QUICK_THRESHOLD:.0%} test accuracy (quick stand-in)",
                _fmt(tq_e, ".1f", " s"),
                _fmt(tq_t, ".1f", " s"),
                _fmt(r, ".2f", "x"),
                "(<= 0.4x at 99%)",
                None,
                "quick: 99% needs the full run",
            )
        )
    else:
        r = f["time_to_99_ratio"]
        rows.append(
            Row(
                "time to 99.0% test accuracy",
                _fmt(t99_e, ".1f", " s"),
                _fmt(t99_t, ".1f", " s"),
                _fmt(r, ".2f", "x"),
                "<= 0.4x",
                None if r is None else r <= 0.4,
            )
        )
    acc_e, acc_t = f["test_accuracy"], f["tutorial_test_accuracy"]
    rows += [
        Row(
            f"final test accuracy ({plan.epochs} epochs)",
            _fmt(acc_e, ".2%"),
            _fmt(acc_t, ".2%"),
            _fmt(None if acc_e is None or acc_t is None else (acc_e - acc_t) * 100, "+.2f", " pt"),
            ">= tutorial",
            None if acc_e is None or acc_t is None else acc_e >= acc_t,
        ),
        Row(
            "predict one drawing, p50 (with preprocessing)",
            ms(extra["predict_p50_ms"]),
            ms(extra["tutorial_predict_p50_ms"]),
            _fmt(_ratio(extra["predict_p50_ms"], extra["tutorial_predict_p50_ms"]), ".3f", "x"),
            "",
            None,
        ),
        Row(
            "predict one drawing, p95 (with preprocessing)",
            ms(f["predict_p95_ms"]),
            ms(f["tutorial_predict_p95_ms"]),
            _fmt(_ratio(f["predict_p95_ms"], f["tutorial_predict_p95_ms"]), ".3f", "x"),
            "<= 5 ms",
            None if f["predict_p95_ms"] is None else f["predict_p95_ms"] <= 5.0,
        ),
        Row(
            "predict, model part only, p95",
            ms(extra["predict_model_p95_ms"]),
            ms(f["tutorial_predict_p95_ms"]),
            _fmt(_ratio(extra["predict_model_p95_ms"], f["tutorial_predict_p95_ms"]), ".3f", "x"),
            "<= 1 ms",
            None if extra["predict_model_p95_ms"] is None else extra["predict_model_p95_ms"] <= 1.0,
        ),
    ]
    if gui or ghl:
        rows += [
            Row(
                "window: event-loop stall p99 while training",
                ms(f["gui_stall_p99_ms"]),
                ms(extra["gui_idle_stall_p99_ms"]) + " idle",
                "",
                "<= 50 ms",
                None if f["gui_stall_p99_ms"] is None else f["gui_stall_p99_ms"] <= 50.0,
            ),
            Row(
                "window: training speed vs headless engine",
                _fmt(extra["gui_samples_per_s"], ",.0f"),
                _fmt(extra["headless_samples_per_s"], ",.0f"),
                _fmt(f["gui_train_throughput_ratio"], ".2f", "x"),
                ">= 0.90x",
                None if f["gui_train_throughput_ratio"] is None else f["gui_train_throughput_ratio"] >= 0.9,
            ),
        ]
    rows += [
        Row(
            "start-up: first painted window",
            _fmt(f["first_paint_s"], ".2f", " s"),
            "",
            "",
            "<= 1.0 s",
            None if f["first_paint_s"] is None else f["first_paint_s"] <= 1.0,
        ),
        Row(
            "start-up: first prediction",
            _fmt(f["first_prediction_s"], ".2f", " s"),
            "",
            "",
            "<= 3.0 s",
            None if f["first_prediction_s"] is None else f["first_prediction_s"] <= 3.0,
        ),
        Row(
            "peak memory of a training run",
            _fmt(f["peak_rss_mb"], ",.0f", " MB"),
            _fmt(extra["tutorial_peak_rss_mb"], ",.0f", " MB"),
            _fmt(_ratio(f["peak_rss_mb"], extra["tutorial_peak_rss_mb"]), ".2f", "x"),
            "<= 1200 MB",
            None if f["peak_rss_mb"] is None else f["peak_rss_mb"] <= 1200,
        ),
    ]
    if not (gui or ghl):
        notes.append("--skip-gui: the window's figures (gui_stall_p99_ms, gui_train_throughput_ratio) are null")
    for name in ("tutorial", "engine", "predict", "gui", "gui-headless"):
        if isinstance(parts.get(name), dict) and parts[name].get("error"):
            notes.append(f"part {name} failed: {parts[name]['error']}")
    for i, s in enumerate(parts.get("startup", [])):
        if s.get("error"):
            notes.append(f"start-up run {i + 1} failed: {s['error']}")
    f["extra"] = extra
    return f, rows, notes


def format_table(rows: list[Row]) -> str:
    head = Row("figure", "digitpad", "tutorial / reference", "ratio", "goal", None)
    cells = [
        [
            r.figure,
            r.digitpad,
            r.reference,
            r.ratio,
            r.goal,
            "" if r is head else ("yes" if r.met else "NO" if r.met is not None else "—"),
        ]
        for r in [head] + rows
    ]
    cells[0][5] = "met?"
    widths = [max(len(c[i]) for c in cells) for i in range(6)]
    lines = []
    for i, c in enumerate(cells):
        lines.append("  ".join(c[j].ljust(widths[j]) if j == 0 else c[j].rjust(widths[j]) for j in range(6)).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths))
    for r in rows:
        if r.note:
            lines.append(f"  * {r.figure.strip()}: {r.note}")
    return "\n".join(lines)


def machine_line(m: dict) -> str:
    return (
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['memory_gb']} GiB; "
        f"{m['os']}; {m['date']}\nVersions: Python {m['python']}, TensorFlow {m['tensorflow']}, "
        f"Keras {m['keras']}, NumPy {m['numpy']}, PySide6 {m['pyside6']}; load average at start "
        f"{m['load_average']}"
    )


def run_bench(quick: bool = False, json_path: Path | None = None, skip_gui: bool = False, log=None) -> int:
    log = log or (lambda text: print(text, flush=True))
    plan = Plan.make(quick)
    machine = machine_info()
    log(
        f"digitpad bench ({'quick' if quick else 'full'}): {plan.train_n:,} training images, {plan.epochs} epochs "
        "per side; each side in its own process"
    )
    log(machine_line(machine))
    steps = [
        ("engine", "training: digitpad's engine, default settings"),
        ("tutorial", "training: the tutorial's recipe"),
        ("predict", "predicting one drawing"),
    ]
    steps += [("startup", f"start-up, run {i + 1} of {plan.startup_runs}") for i in range(plan.startup_runs)]
    if not skip_gui:
        steps += [
            ("gui", "the window training (offscreen)"),
            ("gui-headless", "the headless engine with the window's settings"),
        ]
    parts: dict = {"startup": []}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="digitpad-bench-") as tmp:
        for i, (name, title) in enumerate(steps, 1):
            log(f"[{i}/{len(steps)}] {title}…")
            config = None
            if name == "gui-headless":
                config = parts.get("gui", {}).get("config")
                if config is None:
                    parts[name] = {"error": "the window part failed, so there is no config to repeat"}
                    continue
            result = run_part(name, plan, Path(tmp), config=config, log=log)
            others = result.get("other_programs_cores")
            if name in RETRY_WHEN_DISTURBED and others is not None and others > DISTURBED_CORES:
                log(f"      other programs took {others:.1f} cores: running this side once more")
                again = run_part(name, plan, Path(tmp), config=config, log=log)
                if (
                    again.get("other_programs_cores") is not None
                    and not again.get("error")
                    and again["other_programs_cores"] < others
                ):
                    again["disturbed_attempt"] = {
                        k: result.get(k) for k in ("samples_per_s", "other_programs_cores", "part_wall_s")
                    }
                    result = again
            if name == "startup":
                parts["startup"].append(result)
            else:
                parts[name] = result
            if "part_wall_s" in result:
                others = result.get("other_programs_cores")
                log(
                    f"      done in {result['part_wall_s']:.1f} s"
                    + ("" if others is None else f"; other programs used {others:.1f} of the cores meanwhile")
                )
    figures, rows, notes = compute(plan, parts)
    machine["load_average_end"] = _loadavg()
    machine["bench_wall_s"] = round(time.perf_counter() - started, 1)
    log("")
    log(format_table(rows))
    for name, label in (("engine", "digitpad"), ("tutorial", "tutorial")):
        epochs = parts.get(name, {}).get("epochs") or []
        if epochs:
            log(
                f"Epoch ends, {label} (clock without evaluations, test accuracy, cores used): "
                + "; ".join(
                    f"{e['epoch']}: {e['train_s']:.1f} s {e['test_accuracy']:.2%} {e.get('cores_used', 0):.1f}"
                    for e in epochs
                )
            )
    noise = {n: p.get("other_programs_cores") for n, p in parts.items() if isinstance(p, dict)}
    noise.update({f"startup {i + 1}": p.get("other_programs_cores") for i, p in enumerate(parts["startup"])})
    machine["other_programs_cores"] = noise
    log(
        "Other programs' CPU use while each side ran (cores): "
        + ", ".join(f"{n} {v:.1f}" for n, v in noise.items() if v is not None)
    )
    for note in notes:
        log(f"Note: {note}")
    log(
        f"Load average at start {machine['load_average']}, at end {machine['load_average_end']}; the bench took "
        f"{machine['bench_wall_s']:.0f} s" + (" (quick: indicative only, not the goals' verdict)" if quick else "")
    )
    failed = [n for n, p in parts.items() if isinstance(p, dict) and p.get("error")]
    failed += ["startup"] if any(s.get("error") for s in parts["startup"]) else []
    if json_path is not None:
        payload = {k: figures[k] for k in KEYS}
        payload.update(
            quick=quick,
            plan=asdict(plan),
            machine=machine,
            extra=figures["extra"],
            goals=[
                {
                    "figure": r.figure.strip(),
                    "digitpad": r.digitpad,
                    "reference": r.reference,
                    "ratio": r.ratio,
                    "goal": r.goal,
                    "met": r.met,
                }
                for r in rows
            ],
            notes=notes,
            failed_parts=failed,
            parts=parts,
        )
        json_path = Path(json_path)
        if json_path.parent and not json_path.parent.exists():
            json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(payload, indent=2, default=float) + "\n")
        log(f"Wrote {json_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(_part_main())
