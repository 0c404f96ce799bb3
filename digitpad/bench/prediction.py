"""Prediction latency: one drawing at a time, as the window predicts while the pen moves.

The shipped model predicts MNIST test digits scaled up to the canvas's 280x280. "With preprocessing" is
``Predictor.predict_image`` (crop, scale, centre by mass, predict); "model part" is
``Predictor.predict_input`` on the 28x28 input, measured once its fast version (LiteRT, else XLA) has
taken over; each step of the preprocessing is timed on its own too. The reference is ``model.predict``
on one image.

``measure_busy`` (its own part): the same drawings while ``train`` runs in a thread of the same process,
as in the window, one drawing every 10 ms; each drawing goes through the fast predictor and through the
plain TensorFlow function of the same model, alternately, so that both see the same load.
"""

from __future__ import annotations

import time

from digitpad.bench.memory import peak_rss_mb
from digitpad.bench.plan import Plan
from digitpad.bench.stats import latency_stats, ratio
from digitpad.bench.table import Row, Section, at_most, fmt, fmt_ms
from digitpad.core import gcpause

WITH_PREPROCESSING_GOAL_MS = 0.3
MODEL_PART_GOAL_MS = 0.1
BUSY_GOAL_MS = 2.0
FAST_WAIT_S = 30
BUSY_INTERVAL_S = 0.01


def _canvas_images(images28):
    """MNIST digits scaled up to the canvas's 280x280, as a drawing reaches the predictor."""
    import numpy as np
    from PIL import Image

    return [np.asarray(Image.fromarray(im).resize((280, 280), Image.Resampling.BILINEAR)) for im in images28]


def _timed(fn, items, warmup=10) -> tuple[list, list[float]]:
    """Each item's result and milliseconds, after ``warmup`` calls that are not counted."""
    for item in items[:warmup]:
        fn(item)
    out, times = [], []
    for item in items:
        t0 = time.perf_counter()
        out.append(fn(item))
        times.append((time.perf_counter() - t0) * 1000)
    return out, times


def _compiled_predictor(model, source=None) -> tuple:
    """A ``Predictor`` once its fast version has taken over (what strokes will get), and the seconds it took."""
    from digitpad.core.predictor import Predictor

    t = time.perf_counter()
    predictor = Predictor(model, source=source)
    build_s = time.perf_counter() - t
    predictor.settled.wait(FAST_WAIT_S)  # the fast version is made in the background
    return predictor, build_s, time.perf_counter() - t


def _preprocessing_steps(canvases) -> dict:
    """Each step of ``preprocess`` on its own, in the order it runs (milliseconds)."""
    import numpy as np

    from digitpad.core import preprocess as pp

    levels = [pp.ink_levels(c) for c in canvases]
    thresholds = [(b + pp.INK_LEVEL * s, inv) for b, s, inv in levels]
    boxes = [pp.ink_box(c, t, inv) for c, (t, inv) in zip(canvases, thresholds, strict=True)]
    crops = [c[top:bottom, left:right] for c, (top, bottom, left, right) in zip(canvases, boxes, strict=True)]
    fitted = [pp.fit_box(c) for c in crops]
    patches = [np.clip((f.astype(np.float32) - b) / s, 0, 1) for f, (b, s, _) in zip(fitted, levels, strict=True)]
    steps = {
        "levels": _timed(pp.ink_levels, canvases)[1],
        "ink_box": _timed(lambda i: pp.ink_box(canvases[i], *thresholds[i]), list(range(len(canvases))))[1],
        "fit_box": _timed(pp.fit_box, crops)[1],
        "centre_by_mass": _timed(pp.centre_by_mass, patches)[1],
    }
    return {name: latency_stats(times) for name, times in steps.items()}


def measure(plan: Plan, config: dict | None = None) -> dict:
    import numpy as np

    from digitpad.core.data import load_dataset
    from digitpad.core.modelfile import load_model
    from digitpad.core.preprocess import preprocess
    from digitpad.core.resources import default_model_path

    dataset = load_dataset()
    images = dataset.test.images[: plan.predict_n]
    labels = dataset.test.labels[: plan.predict_n]
    canvases = _canvas_images(images)
    model = load_model(default_model_path()).model
    predictor, build_s, compiled_s = _compiled_predictor(model, default_model_path())

    inputs28 = [im.astype(np.float32) / 255.0 for im in images]
    preds_model, t_model = _timed(predictor.predict_input, inputs28)
    _, t_pre = _timed(preprocess, canvases)
    preds_full, t_full = _timed(predictor.predict_image, canvases)
    ref_inputs = [im.reshape(1, 28, 28, 1) / 255.0 for im in images[: plan.reference_predict_n]]
    ref_out, t_ref = _timed(lambda x: model.predict(x, verbose=0), ref_inputs, warmup=3)
    agree = float(np.mean([p.digit == int(np.argmax(r)) for p, r in zip(preds_model, ref_out, strict=False)]))
    return {
        "predictor_build_s": build_s,
        "predictor_compiled": predictor.compiled,
        "predictor_compiled_s": compiled_s,
        "runtime": predictor.runtime,
        "model_only": latency_stats(t_model),
        "preprocess_only": latency_stats(t_pre),
        "preprocess_steps": _preprocessing_steps(canvases),
        "with_preprocessing": latency_stats(t_full),
        "model_predict": latency_stats(t_ref),
        "agreement_with_model_predict": agree,
        "drawn_accuracy": float(np.mean([p.digit == y for (_, p), y in zip(preds_full, labels, strict=True)])),
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_busy(plan: Plan, config: dict | None = None) -> dict:
    """Predict drawings while ``train`` runs in a thread of this process (as in the window)."""
    import threading

    from digitpad.core.config import TrainingConfig
    from digitpad.core.data import load_dataset
    from digitpad.core.modelfile import load_model
    from digitpad.core.predictor import Predictor
    from digitpad.core.preprocess import preprocess
    from digitpad.core.reporting import Reporter
    from digitpad.core.resources import default_model_path
    from digitpad.core.training import train

    dataset = load_dataset()
    canvases = _canvas_images(dataset.test.images[: plan.predict_n])
    model = load_model(default_model_path()).model
    fast, _, _ = _compiled_predictor(model, default_model_path())
    plain = Predictor(model, compile_in_background=False)  # TensorFlow's own function, same model

    class FirstBatch(Reporter):
        def __init__(self):
            self.seen = threading.Event()

        def batch(self, report) -> None:
            self.seen.set()

    listener = FirstBatch()
    run = TrainingConfig(epochs=1, validation_split=0.0, train_samples=plan.busy_train_n, precision=plan.precision)

    def training() -> None:
        with gcpause.paused():  # as the window's workers do (core/gcpause.py)
            train(run, dataset, listener)

    trainer = threading.Thread(target=training, name="bench-training")
    trainer.start()
    listener.seen.wait(120)
    times: dict[str, list[float]] = {"fast": [], "plain": []}
    for i in range(10**6):
        if not trainer.is_alive():
            break
        canvas = canvases[i % len(canvases)]
        for name, predictor in (("fast", fast), ("plain", plain))[:: 1 if i % 2 else -1]:
            t0 = time.perf_counter()
            predictor.predict_input(preprocess(canvas))
            times[name].append((time.perf_counter() - t0) * 1000)
            time.sleep(BUSY_INTERVAL_S)
    trainer.join()
    return {
        "runtime": fast.runtime,
        "with_preprocessing": latency_stats(times["fast"]),
        "tensorflow_with_preprocessing": latency_stats(times["plain"]),
        "train_samples": plan.busy_train_n,
        "peak_rss_mb": peak_rss_mb(),
    }


def section(plan: Plan, parts: dict) -> Section:
    pred, busy = parts.get("predict", {}), parts.get("predict-busy", {})
    full, model_only, reference = (
        pred.get("with_preprocessing", {}),
        pred.get("model_only", {}),
        pred.get("model_predict", {}),
    )
    p50, p95, model_p95 = full.get("p50_ms"), full.get("p95_ms"), model_only.get("p95_ms")
    ref_p50, ref_p95 = reference.get("p50_ms"), reference.get("p95_ms")
    busy_p95 = busy.get("with_preprocessing", {}).get("p95_ms")
    busy_ref_p95 = busy.get("tensorflow_with_preprocessing", {}).get("p95_ms")
    runtime = pred.get("runtime", "?")
    return Section(
        figures={"predict_p95_ms": p95, "tutorial_predict_p95_ms": ref_p95, "predict_busy_p95_ms": busy_p95},
        extra={
            "predict_p50_ms": p50,
            "predict_model_p50_ms": model_only.get("p50_ms"),
            "predict_model_p95_ms": model_p95,
            "predict_runtime": runtime,
            "preprocess_p95_ms": pred.get("preprocess_only", {}).get("p95_ms"),
            "tutorial_predict_p50_ms": ref_p50,
            "predict_busy_tensorflow_p95_ms": busy_ref_p95,
        },
        rows=[
            Row(
                "predict one drawing, p50 (with preprocessing)",
                fmt_ms(p50),
                fmt_ms(ref_p50),
                fmt(ratio(p50, ref_p50), ".3f", "x"),
                "",
                None,
            ),
            Row(
                "predict one drawing, p95 (with preprocessing)",
                fmt_ms(p95),
                fmt_ms(ref_p95),
                fmt(ratio(p95, ref_p95), ".3f", "x"),
                f"<= {WITH_PREPROCESSING_GOAL_MS:g} ms",
                at_most(p95, WITH_PREPROCESSING_GOAL_MS),
            ),
            Row(
                f"predict, model part only, p95 ({runtime})",
                fmt_ms(model_p95),
                fmt_ms(ref_p95),
                fmt(ratio(model_p95, ref_p95), ".3f", "x"),
                f"<= {MODEL_PART_GOAL_MS:g} ms",
                at_most(model_p95, MODEL_PART_GOAL_MS),
            ),
            Row(
                "predict p95 while training (TensorFlow fn)",
                fmt_ms(busy_p95),
                fmt_ms(busy_ref_p95),
                fmt(ratio(busy_p95, busy_ref_p95), ".3f", "x"),
                f"<= {BUSY_GOAL_MS:g} ms",
                at_most(busy_p95, BUSY_GOAL_MS),
            ),
        ],
    )
