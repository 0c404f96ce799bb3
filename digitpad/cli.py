"""The ``digitpad`` command: train, evaluate, predict, summary, bench; no command opens the window.

Every user-facing fault (a bad dataset, model file or setting) prints one clear line and exits with
status 2; nothing prints a traceback unless ``--debug`` asks for it.
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    p.add_argument("--data", type=Path, help="an IDX folder or an .npz dataset (default: the bundled MNIST)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_config_options(p)

    p = sub.add_parser(
        "evaluate",
        help="test accuracy, per-class accuracy and confusion matrix of a model",
        description="Evaluate a model file on a dataset's test images.",
    )
    p.add_argument("model", type=Path, help="a .keras model file")
    p.add_argument("--data", type=Path, help="an IDX folder or an .npz dataset (default: the bundled MNIST)")

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
    return parser


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


def cmd_train(args) -> int:
    from digitpad.core.data import load_dataset
    from digitpad.core.modelfile import save_model
    from digitpad.core.reporting import Reporter
    from digitpad.core.tasks import TaskState
    from digitpad.core.training import train

    config = config_from_args(args)
    dataset = load_dataset(args.data)
    out = sys.stdout
    reporter = Reporter() if args.quiet or out is None else ProgressBar(out).reporter
    state = TaskState()
    try:
        result = train(config, dataset, reporter, state)
    except KeyboardInterrupt:
        print("\nInterrupted; nothing was saved.", file=sys.stderr)
        return 130
    path = save_model(result.model, args.output, result.metadata())
    print(f"Test accuracy: {result.test_accuracy:.2%} on {len(dataset.test):,} test images ({dataset.describe()})")
    if result.mode == "kfold":
        print(
            f"{config.kfold}-fold validation accuracy: mean {result.fold_mean:.2%}, std {result.fold_std:.2%}; "
            f"saved fold {result.chosen_fold}, the best"
        )
    if result.mode == "ensemble":
        members = ", ".join(f"{s.test_accuracy:.2%}" for s in result.series)
        print(f"Members' own test accuracy: {members}; the ensemble's: {result.test_accuracy:.2%}")
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
    from digitpad.core.modelfile import load_model
    from digitpad.core.predictor import Predictor
    from digitpad.core.preprocess import NothingDrawn, load_image

    loaded = load_model(resolve_model_path(args.model))
    predictor = Predictor(loaded.model)
    status = 0
    for path in args.images:
        try:
            image = load_image(path)
        except (OSError, ValueError) as exc:
            print(f"{path}: cannot read this image ({exc})", file=sys.stderr)
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
}


def main(argv: list[str] | None = None) -> int:
    from digitpad.core.logsetup import setup_logging
    from digitpad.core.problems import Problem, english, os_problem

    args = build_parser().parse_args(argv)
    setup_logging(debug=args.debug, console=args.command is not None or args.self_test)
    started = time.perf_counter()
    try:
        if args.self_test:
            return run_self_test(args)
        if args.command is None:
            return launch_app(args)
        return COMMANDS[args.command](args)
    except Problem as exc:  # a bad file or setting: one English line that names it (core/problems.py)
        log.info("command failed: %r", exc)
        print(f"digitpad: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except OSError as exc:  # a file the system would not read or write (an output folder, a full disk)
        log.info("command failed", exc_info=True)
        print(f"digitpad: {english(*os_problem(exc))}", file=sys.stderr)
        return USAGE_ERROR
    except Exception as exc:
        log.exception("unexpected error")
        if args.debug:
            raise
        print(
            f"digitpad: unexpected error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr
        )
        return 1
    finally:
        log.debug("finished in %.1f s", time.perf_counter() - started)
