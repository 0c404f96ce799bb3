"""The ``digitpad`` command: train, evaluate, predict, summary, bench, runs, export; no command opens the window.

One error path: every failure prints one line on stderr and nothing else. A bad file, option or setting
names the file or setting and exits with status 2 (``USAGE_ERROR``); an error nobody foresaw says what
kind and names the log file that holds its traceback, and exits with status 1. Only ``--debug`` shows
tracebacks.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from dataclasses import fields
from pathlib import Path

from digitpad import __version__
from digitpad.core.config import LR_SCHEDULES, MONITORS, PRECISIONS, TrainingConfig

log = logging.getLogger(__name__)

USAGE_ERROR = 2


class UsageError(Exception):
    """A command asked for something impossible (a run that does not exist, nothing to write): one line, status 2."""


CHOICES = {"monitor": MONITORS, "lr_schedule": LR_SCHEDULES, "precision": PRECISIONS}

OPTION_HELP = {
    "dense_units": "width of the hidden dense layer (tutorial: 64)",
    "pooling": "max-pooling after the first two convolutions (tutorial: on)",
    "l1": "L1 kernel penalty rate, e.g. 0.0001 (0: off)",
    "l2": "L2 kernel penalty rate, e.g. 0.001 (0: off); may be combined with --l1",
    "dropout": "dropout rate after the dense layer, e.g. 0.2 (0: off)",
    "dropout_conv": "also drop out after each convolution block, at the same rate",
    "learning_rate": "Adam's learning rate",
    "lr_schedule": "constant (the tutorial's) or cosine (decays towards zero by the last step; faster to 99%%)",
    "batch_size": "images per training step",
    "epochs": "passes over the training images",
    "validation_split": "share of the training images held out to validate (0 to 0.5)",
    "train_samples": "train on only this many images (0: all); small numbers show overfitting quickly",
    "augment": "random shifts, rotations, zoom, stretch, slant, wobble and stroke thickness on the training images",
    "early_stopping": "stop when the monitored value stops improving; keep the best epoch's weights",
    "patience": "epochs without improvement before early stopping stops",
    "monitor": f"what early stopping watches: {', '.join(MONITORS)}",
    "ensemble": "bagging: train this many networks on bootstrap samples and average them (1: off)",
    "kfold": "k-fold cross-validation with this many folds (0: off)",
    "seed": "random seed for the split, the initial weights and the shuffling",
    "steps_per_execution": "training steps per call into TensorFlow (a speed setting)",
    "precision": "auto computes in bfloat16 where the CPU does so natively (the saved model stays float32), "
    "else float32; or force float32 / bfloat16",
    "weight_averaging": "hand over a moving average of the weights at each epoch end (steadier; off for "
    "epochs under 50 steps)",
    "warmup_epochs": "with the cosine schedule, raise the rate from a tenth of its peak over this many epochs first",
    "label_smoothing": "train towards 1 - this for the right digit, the rest shared out (0: off; off for epochs "
    "under 50 steps)",
    "jitter": "shift each training image by up to this many pixels at random (0: off; off for epochs under 50 steps)",
}


def add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("network and training settings")
    defaults = TrainingConfig()
    for f in fields(TrainingConfig):
        flag = "--" + f.name.replace("_", "-")
        default = getattr(defaults, f.name)
        help_text = OPTION_HELP.get(f.name, "") + f" (default: {default})"
        if isinstance(default, bool):
            group.add_argument(flag, dest=f.name, action=argparse.BooleanOptionalAction, default=None, help=help_text)
        else:
            group.add_argument(
                flag,
                dest=f.name,
                type=type(default),
                default=None,
                metavar=f.name.upper(),
                help=help_text,
                **({"choices": CHOICES[f.name]} if f.name in CHOICES else {}),
            )


def config_from_args(args: argparse.Namespace) -> TrainingConfig:
    values = {f.name: getattr(args, f.name) for f in fields(TrainingConfig) if getattr(args, f.name, None) is not None}
    return TrainingConfig(**values).validate()


class OneLineParser(argparse.ArgumentParser):
    """An option error is one line too (argparse's own adds the whole usage above it)."""

    def error(self, message: str):
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


DATA_HELP = "an IDX folder or an .npz with x_train, y_train, x_test, y_test (default: the bundled MNIST). "


def build_parser() -> argparse.ArgumentParser:
    from digitpad.core.data import DATA_RULES

    parser = OneLineParser(
        prog="digitpad",
        description="Draw a digit and watch a convolutional network classify it; train it and see overfitting. "
        "Without a command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"digitpad {__version__}")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks and debug logging")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check this installation without a screen (model, data, training, window) and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "train",
        help="train a network and write a model file",
        description="Train the tutorial's CNN (or a variant) and save it as a .keras model file.",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("digitpad-model.keras"),
        help="model file to write (default: digitpad-model.keras)",
    )
    p.add_argument("--data", type=Path, help=DATA_HELP + DATA_RULES.replace("%", "%%"))
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_config_options(p)

    p = sub.add_parser(
        "evaluate",
        help="test accuracy, per-class accuracy and confusion matrix of a model",
        description="Evaluate a model file on a dataset's test images.",
    )
    p.add_argument("model", type=Path, help="a .keras model file")
    p.add_argument("--data", type=Path, help=DATA_HELP + DATA_RULES.replace("%", "%%"))

    p = sub.add_parser(
        "predict",
        help="classify image files",
        description="Classify PNG/JPEG/... images of single digits, of any size, dark-on-light "
        "or light-on-dark; prints the ten probabilities for each.",
    )
    p.add_argument("model", type=Path, help="a .keras model file ('default' for the shipped model)")
    p.add_argument("images", type=Path, nargs="+", help="image files")

    p = sub.add_parser(
        "summary",
        help="print the network's layers, output shapes and parameters",
        description="Print the model.summary()-style table for the given settings.",
    )
    add_config_options(p)

    p = sub.add_parser(
        "bench",
        help="measure speed against the tutorial's recipe, in the same run",
        description="Benchmark training, prediction, the window and start-up on the real MNIST.",
    )
    p.add_argument("--quick", action="store_true", help="fewer images and epochs (about two minutes)")
    p.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    p.add_argument("--skip-gui", action="store_true", help="leave out the window's measurements")
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="digitpad's training precision (float32 shows a CPU without AVX512-BF16 on one that has it)",
    )
    p.add_argument(
        "--parts",
        help="only these comma-separated parts (training, predict, startup, gui), e.g. to repeat the noisy ones",
    )
    add_runs_parser(sub)
    add_export_parser(sub)
    return parser


def add_runs_parser(sub) -> None:
    p = sub.add_parser(
        "runs",
        help="list the runs the window kept, or export their curves, table and charts",
        description="The runs kept in your data folder (every run the window trained), or those of an "
        "experiment file given with --file.",
    )
    actions = p.add_subparsers(dest="runs_command", metavar="ACTION", required=True)
    for name, text in (("list", "one line per run"), ("export", "write curves, comparison table, charts")):
        q = actions.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        q.add_argument("--file", type=Path, help="an experiment file (.dpexp) instead of your kept runs")
        q.add_argument("--runs", help="run numbers, e.g. 1,3,5 (default: all)")
        if name == "export":
            q.add_argument("--csv", type=Path, help="every curve, one point per line")
            q.add_argument("--table", type=Path, help="settings and results side by side (CSV)")
            q.add_argument("--png", type=Path, help="the charts as a PNG picture")
            q.add_argument("--svg", type=Path, help="the charts as an SVG drawing")
            q.add_argument("--experiment", type=Path, help="an experiment file (.dpexp) of these runs")


def add_export_parser(sub) -> None:
    from digitpad.core.export import FORMATS

    p = sub.add_parser(
        "export",
        help="export a model to TensorFlow Lite, ONNX or an offline web page, checked against the app",
        description="Convert a model and check the copy against it on 200 MNIST test digits (and the "
        "drawings given with --drawing): every probability must agree within 1e-4, or nothing is written.",
    )
    p.add_argument("model", help="a .keras model file, 'default' for the shipped model, or run:N for a kept run")
    p.add_argument("-o", "--output", type=Path, required=True, help="the file to write (.tflite, .onnx or .html)")
    p.add_argument("--format", choices=list(FORMATS), help="the format (default: from the output's suffix)")
    p.add_argument("--drawing", type=Path, help="an image of a digit to check the copy on as well")
    p.add_argument("--data", type=Path, help="the dataset whose test digits check the copy (default: MNIST)")
    p.add_argument("--title", help="the web page's title (default: the model's file name)")


class ProgressBar:
    """A one-line terminal progress bar fed by the training engine's reports."""

    def __init__(self, stream):
        from digitpad.core.reporting import Reporter

        self.stream = stream
        self.series: list[str] = []
        outer = self

        class _Reporter(Reporter):
            def run_started(self, info):
                outer.series = info.series
                outer.print(
                    f"Training {len(info.series)} network(s) [{info.label}] on {info.train_samples:,} images, "
                    f"validating on {info.validation_samples:,}, {info.epochs} epoch(s)"
                )

            def batch(self, r):
                width = 24
                filled = int(width * r.batch / r.batches_per_epoch)
                eta = "" if r.eta_s is None else f" ETA {int(r.eta_s) // 60}:{int(r.eta_s) % 60:02d}"
                who = f"{outer.series[r.series]} " if len(outer.series) > 1 else ""
                reg = "" if r.regularization_loss is None else f" reg {r.regularization_loss:.4f}"
                outer.stream.write(
                    f"\r{who}epoch {r.epoch} [{'#' * filled}{'.' * (width - filled)}] "
                    f"loss {r.loss:.4f} acc {r.accuracy:.4f}{reg} {r.samples_per_s:,.0f}/s{eta}   "
                )
                outer.stream.flush()

            def epoch(self, r):
                who = f"{outer.series[r.series]} " if len(outer.series) > 1 else ""
                val = "" if r.val_loss is None else f" val_loss {r.val_loss:.4f} val_acc {r.val_accuracy:.4f}"
                reg = "" if r.regularization_loss is None else f" reg {r.regularization_loss:.4f}"
                outer.print(
                    f"\r{who}epoch {r.epoch}/{r.epochs}: loss {r.loss:.4f} acc {r.accuracy:.4f}{val}{reg} "
                    f"({r.seconds:.1f} s, {r.samples_per_s:,.0f} samples/s)" + " " * 10
                )

            def series_finished(self, index, result):
                if result.best_epoch:
                    outer.print(f"  {result.name}: early stopping kept epoch {result.best_epoch}")
                if len(outer.series) > 1 and result.test_accuracy is not None:
                    outer.print(f"  {result.name}: test accuracy {result.test_accuracy:.2%}")

        self.reporter = _Reporter()

    def print(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()


def model_size_estimate(config) -> int:
    """About how many bytes the trained model's file will take: float32 weights and Adam's two moments."""
    from digitpad.core.architecture import total_params

    networks = config.ensemble if config.ensemble > 1 else 1
    return total_params(config) * networks * 4 * 3 + 1_000_000


def cmd_train(args) -> int:
    from digitpad.core.data import load_dataset
    from digitpad.core.modelfile import check_output_path, save_or_rescue
    from digitpad.core.reporting import Reporter
    from digitpad.core.tasks import TaskState
    from digitpad.core.training import train

    config = config_from_args(args)
    check_output_path(args.output, model_size_estimate(config))  # before training, not after
    dataset = load_dataset(args.data)
    out = sys.stdout
    reporter = Reporter() if args.quiet or out is None else ProgressBar(out).reporter
    state = TaskState()
    try:
        result = train(config, dataset, reporter, state)
    except KeyboardInterrupt:
        say("\nInterrupted; nothing was saved.")
        return 130
    print(f"Test accuracy: {result.test_accuracy:.2%} on {len(dataset.test):,} test images ({dataset.describe()})")
    if result.mode == "kfold":
        print(
            f"{config.kfold}-fold validation accuracy: mean {result.fold_mean:.2%}, std {result.fold_std:.2%}; "
            f"saved fold {result.chosen_fold}, the best"
        )
    if result.mode == "ensemble":
        members = ", ".join(f"{s.test_accuracy:.2%}" for s in result.series)
        print(f"Members' own test accuracy: {members}; the ensemble's: {result.test_accuracy:.2%}")
    path = save_or_rescue(result.model, args.output, result.metadata())  # or says where it went instead
    print(f"Trained in {result.seconds:.1f} s; saved {path}")
    return 0


def confusion_text(matrix) -> str:
    head = "true\\pred " + " ".join(f"{d:>5}" for d in range(10))
    rows = [head] + [f"{t:>9} " + " ".join(f"{v:>5}" for v in matrix[t]) for t in range(10)]
    return "\n".join(rows)


def resolve_model_path(arg: Path) -> Path:
    if str(arg) == "default":
        from digitpad.core.resources import default_model_path

        return default_model_path()
    return arg


def cmd_evaluate(args) -> int:
    from digitpad.core.data import load_dataset
    from digitpad.core.evaluation import evaluate
    from digitpad.core.modelfile import load_model

    loaded = load_model(resolve_model_path(args.model))
    dataset = load_dataset(args.data)
    report = evaluate(loaded.model, dataset.test)
    print(f"Model: {loaded.describe()}")
    print(f"Dataset: {dataset.describe()}")
    print(f"Test accuracy: {report.accuracy:.2%} ({report.correct:,} of {report.total:,})")
    if report.member_accuracies is not None:
        print("Members' own accuracy: " + ", ".join(f"{a:.2%}" for a in report.member_accuracies))
    print("\nPer-class accuracy:")
    for digit in range(10):
        counts = f"{report.class_correct[digit]:,}/{report.class_counts[digit]:,}"
        print(f"  {digit}: {report.per_class[digit]:.2%} ({counts})")
    print("\nConfusion matrix (rows: true digit, columns: predicted):")
    print(confusion_text(report.confusion))
    return 0


def cmd_predict(args) -> int:
    from digitpad.core.images import read_image
    from digitpad.core.modelfile import load_model
    from digitpad.core.predictor import Predictor
    from digitpad.core.preprocess import NothingDrawn
    from digitpad.core.problems import Problem

    loaded = load_model(resolve_model_path(args.model))
    predictor = Predictor(loaded.model)
    status = 0
    for path in args.images:
        try:
            image = read_image(path)
        except Problem as exc:  # one line naming the image; the others are still classified
            log.info("cannot read %s: %r", path, exc)
            say(str(exc))
            status = USAGE_ERROR
            continue
        try:
            _, pred = predictor.predict_image(image)
        except NothingDrawn:
            print(f"{path}: nothing drawn (the image holds no digit)")
            continue
        probs = "  ".join(f"{d}:{p:.3f}" for d, p in enumerate(pred.probabilities))
        note = "" if pred.confidence >= 0.5 else "  (unsure)"
        print(f"{path}: {pred.digit} ({pred.confidence:.1%}){note}\n  {probs}")
        if pred.member_picks is not None:
            print(f"  members: {' '.join(map(str, pred.member_picks))}")
    return status


def cmd_summary(args) -> int:
    from digitpad.core.architecture import summary_table

    print(summary_table(config_from_args(args)))
    return 0


def cmd_bench(args) -> int:
    from digitpad.bench.runner import GROUPS, run_bench

    parts = [p.strip() for p in args.parts.split(",")] if args.parts else None
    unknown = sorted(set(parts or []) - set(GROUPS))
    if unknown:
        print(f"unknown bench parts: {', '.join(unknown)} (choose from {', '.join(GROUPS)})", file=sys.stderr)
        return USAGE_ERROR
    return run_bench(
        quick=args.quick, json_path=args.json, skip_gui=args.skip_gui, precision=args.precision, groups=parts
    )


def _chosen_runs(args) -> list:
    """The runs of ``--file`` (or the kept ones), narrowed to ``--runs``."""
    from digitpad.core.experiments import RunStore, read_experiment

    if args.file is not None:
        records = read_experiment(args.file).records
    else:
        restored = RunStore().restore()
        for problem in restored.problems:
            print(f"digitpad: {problem} (set aside)", file=sys.stderr)
        records = restored.records
    if args.runs:
        try:
            wanted = [int(n) for n in args.runs.split(",") if n.strip()]
        except ValueError:
            raise UsageError(f"--runs takes run numbers separated by commas (got {args.runs!r})") from None
        missing = sorted(set(wanted) - {r.number for r in records})
        if missing:
            raise UsageError(f"no run {', '.join(map(str, missing))} (runs: {_numbers(records)})")
        records = [r for r in records if r.number in wanted]
    return records


def _numbers(records) -> str:
    return ", ".join(str(r.number) for r in records) or "none"


def cmd_runs(args) -> int:
    records = _chosen_runs(args)
    if args.runs_command == "list":
        return list_runs(records)
    return export_runs(args, records)


def list_runs(records) -> int:
    if not records:
        print("No runs kept yet: train one in the window (digitpad).")
        return 0
    print(f"{'run':>4}  {'name':<20} {'settings':<30} {'status':<9} {'epochs':>6} {'test acc':>9}  model")
    for r in records:
        accuracy = "" if r.test_accuracy is None else f"{r.test_accuracy:.2%}"
        epochs = max((len(s.epochs) for s in r.series), default=0)
        name = (r.name or "")[:20]
        model = "kept" if r.has_model else "-"
        print(f"{r.number:>4}  {name:<20} {r.label[:30]:<30} {r.status:<9} {epochs:>6} {accuracy:>9}  {model}")
    return 0


def export_runs(args, records) -> int:
    from digitpad.core.atomic import write_bytes
    from digitpad.core.compare import comparison_csv, curves_csv
    from digitpad.core.experiments import RunStore

    wanted = [args.csv, args.table, args.png, args.svg, args.experiment]
    if not any(wanted):
        raise UsageError("say what to write: --csv, --table, --png, --svg and/or --experiment")
    if not records:
        raise UsageError("there are no runs to export")
    if args.csv:
        write_bytes(args.csv, curves_csv(records).encode("utf-8-sig"))
        print(f"Curves of {len(records)} run(s): {args.csv}")
    if args.table:
        write_bytes(args.table, comparison_csv(records).encode("utf-8-sig"))
        print(f"Comparison table: {args.table}")
    for picture, suffix in ((args.png, ".png"), (args.svg, ".svg")):
        if picture and picture.suffix.lower() != suffix:
            raise UsageError(f"{picture}: a file for --{suffix[1:]} must end in {suffix}")
    for picture in (args.png, args.svg):
        if picture:
            render_charts(records, picture)
            print(f"Charts: {picture}")
    if args.experiment:
        if args.file is not None:
            raise UsageError("--experiment writes your kept runs; leave out --file")
        written = RunStore().save_experiment(args.experiment, records)
        print(f"Experiment file of {len(records)} run(s): {written}")
    return 0


def render_charts(records, path: Path) -> None:
    """The window's four charts of these runs, painted offscreen into a PNG or SVG file."""
    import os

    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture, not a window
    from digitpad.core.runs import RunHistory
    from digitpad.ui.app import make_application
    from digitpad.ui.charts import TrainingCharts

    app = make_application()
    history = RunHistory()
    for record in records:
        history.add_restored(record)
    charts = TrainingCharts()
    charts.resize(1200, 800)
    charts.bind(history)
    charts.emphasise_all()
    charts.show()
    app.processEvents()
    charts.export_image(path)
    charts.close()


def cmd_export(args) -> int:
    from digitpad.core.data import load_dataset
    from digitpad.core.export import CHECK_DIGITS, FORMATS, TOLERANCE, export_model
    from digitpad.core.images import read_image
    from digitpad.core.modelfile import load_model
    from digitpad.core.preprocess import preprocess

    fmt = args.format or next((f for f, suffix in FORMATS.items() if args.output.suffix.lower() == suffix), None)
    if fmt is None:
        raise UsageError(f"{args.output}: say --format ({', '.join(FORMATS)}) or use one of their suffixes")
    path = resolve_export_model(args.model)
    loaded = load_model(path)
    drawing = preprocess(read_image(args.drawing)) if args.drawing else None
    dataset = load_dataset(args.data)
    title = args.title or (path.stem if args.model != "default" else "digitpad")
    report = export_model(loaded.model, fmt, args.output, dataset.test.images, drawing, title)
    result = report.agreement
    checked = f"{CHECK_DIGITS} test digits" + (" and the drawing" if drawing is not None else "")
    print(f"Wrote {report.path} ({report.size:,} bytes, {fmt}).")
    print(
        f"Checked against the app on {checked}: largest difference in any probability {result.max_difference:.1e} "
        f"(allowed {TOLERANCE:g}); the same digit on {result.same_digit} of {result.images}."
    )
    return 0


def resolve_export_model(arg: str) -> Path:
    """A model file, 'default', or run:N (the model a kept run left)."""
    if not arg.startswith("run:"):
        return resolve_model_path(Path(arg))
    from digitpad.core.experiments import RunStore

    try:
        number = int(arg[4:])
    except ValueError:
        raise UsageError(f"{arg}: say run:N with a run number from 'digitpad runs list'") from None
    store = RunStore()
    record = next((r for r in store.restore().records if r.number == number), None)
    model = store.model_path(record.id) if record is not None and record.has_model else None
    if model is None:
        raise UsageError(f"run {number} has no kept model (see 'digitpad runs list')")
    return model


def launch_app(args) -> int:
    from digitpad.ui.app import run_app

    return run_app()


def run_self_test(args) -> int:
    from digitpad.selftest import self_test

    return self_test()


COMMANDS = {
    "train": cmd_train,
    "evaluate": cmd_evaluate,
    "predict": cmd_predict,
    "summary": cmd_summary,
    "bench": cmd_bench,
    "runs": cmd_runs,
    "export": cmd_export,
}


def say(text: str) -> None:
    """One line on stderr, where there is one (a windowed app on Windows has none)."""
    if sys.stderr is not None:
        print(text, file=sys.stderr, flush=True)


def remove_leftovers() -> None:
    """Temporary files of saves killed half-way, in digitpad's own data folder (core/atomic.py)."""
    from digitpad.core.atomic import remove_leftovers as sweep
    from digitpad.core.userdata import user_data_dir

    try:
        sweep([user_data_dir()])
    except Exception:  # tidying up must never stop a start
        log.warning("could not look for leftover temporary files", exc_info=True)


def run_command(args) -> int:
    remove_leftovers()
    if args.self_test:
        return run_self_test(args)
    if args.command is None:
        return launch_app(args)
    return COMMANDS[args.command](args)


def main(argv: list[str] | None = None) -> int:
    from digitpad.core.logsetup import FILE_ONLY, setup_logging, unexpected_problem
    from digitpad.core.problems import Problem, english, os_problem

    args = build_parser().parse_args(argv)
    setup_logging(debug=args.debug, console=args.command is not None or args.self_test)
    started = time.perf_counter()
    try:
        return run_command(args)
    except (Problem, UsageError) as exc:  # a bad file or setting: one English line that names it (core/problems.py)
        log.info("command failed: %r", exc)
        say(f"digitpad: {exc}")
        return USAGE_ERROR
    except OSError as exc:  # a file the system would not read or write (an output folder, a full disk)
        log.info("command failed", exc_info=True)
        say(f"digitpad: {english(*os_problem(exc))}")
        return USAGE_ERROR
    except KeyboardInterrupt:
        say("digitpad: interrupted")
        return 130
    except Exception as exc:  # MemoryError included: the traceback goes to the log file only
        log.error("unexpected error", exc_info=True, extra=FILE_ONLY)
        if args.debug:
            raise
        say(f"digitpad: {unexpected_problem(exc)}")
        return 1
    finally:
        log.debug("finished in %.1f s", time.perf_counter() - started)
