"""Models that leave the app: TensorFlow Lite and ONNX copies of a Keras model, each checked against it.

The conversions are plain functions from a Keras model to bytes, so other parts (a fast one-drawing
runtime, the command line) reuse them:

    tflite_bytes(keras_model) -> bytes          TensorFlow's own converter
    onnx_bytes(keras_model) -> bytes            tf2onnx (the optional ``onnx`` extra)
    tflite_probabilities(model_bytes, images)   run a .tflite copy (TensorFlow's interpreter)
    onnx_probabilities(model_bytes, images)     run an .onnx copy (ONNX Runtime)
    agreement(reference, candidate)             how far two sets of probabilities are apart

Every copy takes float32 images (n, 28, 28, 1) in 0..1 (input "image") and gives what the Keras model
gives: (n, 10) probabilities, or (n, N, 10) for one of digitpad's ensembles (one row per member).
``export_model`` converts, runs the copy on the check images (200 MNIST test digits and the drawing)
beside the Keras model, and writes the file only when every probability agrees within ``TOLERANCE``.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core import atomic
from digitpad.core.problems import Problem
from digitpad.core.tfsetup import quiet_native_stderr, tensorflow_module

log = logging.getLogger(__name__)

TOLERANCE = 1e-4  # the largest difference in any probability an export may show against the app
CHECK_DIGITS = 200  # MNIST test digits every export is checked on
ONNX_OPSET = 17
FORMATS = {"tflite": ".tflite", "onnx": ".onnx", "html": ".html"}  # format -> file suffix
INPUT_NAME, OUTPUT_NAME = "image", "probabilities"


class ExportError(Problem):
    """A model could not be exported, or its copy does not agree with it; the code says which."""


@dataclass(frozen=True)
class Agreement:
    """How closely an exported copy's probabilities follow the app's on the same images."""

    max_difference: float  # the largest absolute difference in any probability
    images: int  # images compared
    same_digit: int  # images on which both pick the same digit
    tolerance: float = TOLERANCE

    @property
    def ok(self) -> bool:
        return bool(np.isfinite(self.max_difference)) and self.max_difference <= self.tolerance


@dataclass(frozen=True)
class ExportReport:
    """An export written: where, in which format, how large, and how well it agrees with the app."""

    path: Path
    format: str
    size: int  # bytes
    agreement: Agreement
    drawing_checked: bool  # whether the drawing was among the check images


def agreement(reference: np.ndarray, candidate: np.ndarray, tolerance: float = TOLERANCE) -> Agreement:
    """Compare two sets of probabilities of the same images ((n, 10), or (n, N, 10) for an ensemble)."""
    reference, candidate = np.asarray(reference, np.float64), np.asarray(candidate, np.float64)
    if reference.shape != candidate.shape:
        return Agreement(float("inf"), len(reference), 0, tolerance)
    if reference.size == 0:
        return Agreement(0.0, 0, 0, tolerance)
    difference = np.abs(reference - candidate)
    worst = float(difference.max()) if np.isfinite(difference).all() else float("inf")
    picks = [p.mean(axis=1) if p.ndim == 3 else p for p in (reference, candidate)]
    same = int((picks[0].argmax(axis=1) == picks[1].argmax(axis=1)).sum())
    return Agreement(worst, len(reference), same, tolerance)


def check_images(test_images: np.ndarray, drawing28: np.ndarray | None = None, count: int = CHECK_DIGITS) -> np.ndarray:
    """The images an export is checked on: the first ``count`` test digits (uint8 or float), then the drawing
    (a preprocessed (28, 28) float image) when there is one; float32 (n, 28, 28, 1) in 0..1."""
    digits = np.asarray(test_images[:count])
    x = digits.astype(np.float32) / 255.0 if digits.dtype == np.uint8 else digits.astype(np.float32)
    x = x.reshape(-1, 28, 28, 1)
    if drawing28 is not None:
        x = np.concatenate([x, np.asarray(drawing28, np.float32).reshape(1, 28, 28, 1)])
    return x


def keras_probabilities(keras_model, images: np.ndarray) -> np.ndarray:
    """The app's own probabilities for float32 (n, 28, 28, 1) images."""
    from digitpad.core.inference import predict_probabilities

    return np.asarray(predict_probabilities(keras_model, np.asarray(images, np.float32)), np.float32)


def _serving_function(keras_model):
    """The model as a TensorFlow function of a float32 batch named "image", never in training mode."""
    tf = tensorflow_module()
    spec = [tf.TensorSpec((None, 28, 28, 1), tf.float32, name=INPUT_NAME)]
    return tf.function(lambda image: keras_model(image, training=False), input_signature=spec), spec


@contextlib.contextmanager
def _quiet_converter():
    """The converters print progress (to stdout, and from C++ to stderr) and warn about their own
    deprecations: keep that off the user's terminal."""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), quiet_native_stderr():
        warnings.simplefilter("ignore")
        yield


def tflite_bytes(keras_model, batch: int | None = None) -> bytes:
    """A TensorFlow Lite flatbuffer of ``keras_model`` (float32 input (batch, 28, 28, 1); ``None``: any batch).

    It converts a concrete function over the model's own variables (~0.3 s here) rather than going through
    ``from_keras_model``, which writes a SavedModel to disk first. The variables must be tracked by the
    module handed to the converter: without it the converter cannot freeze Keras 3's weights (the copy
    answers NaN). The one-image copy (``batch=1``) is what fast prediction runs (core/fastpredict.py).
    """
    tf = tensorflow_module()
    try:
        holder = tf.Module()
        holder.weights = [w.value for w in keras_model.weights]
        spec = [tf.TensorSpec((batch, 28, 28, 1), tf.float32, name=INPUT_NAME)]
        function = tf.function(lambda image: keras_model(image, training=False), input_signature=spec)
        # Only native stderr is hidden: this also runs on worker threads (fast prediction's copy), where
        # swapping sys.stdout would race with the main thread's own prints.
        with quiet_native_stderr():
            converter = tf.lite.TFLiteConverter.from_concrete_functions([function.get_concrete_function()], holder)
            return bytes(converter.convert())
    except Exception as exc:  # the converter raises many kinds; all mean the same to a user
        raise ExportError("export-failed", format="TensorFlow Lite", detail=f"{type(exc).__name__}: {exc}") from None


def onnx_available() -> bool:
    """Whether the ONNX converter and runtime (the optional ``onnx`` extra) are installed."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("tf2onnx", "onnx", "onnxruntime"))


def onnx_bytes(keras_model) -> bytes:
    """An ONNX model of ``keras_model`` (opset 17, input "image" (batch, 28, 28, 1), output "probabilities")."""
    if not onnx_available():
        raise ExportError("onnx-not-installed")
    tensorflow_module()
    logging.getLogger("tf2onnx").setLevel(logging.WARNING)
    import tf2onnx

    function, spec = _serving_function(keras_model)
    try:
        with _quiet_converter():
            proto, _ = tf2onnx.convert.from_function(function, input_signature=spec, opset=ONNX_OPSET)
    except Exception as exc:
        raise ExportError("export-failed", format="ONNX", detail=f"{type(exc).__name__}: {exc}") from None
    _rename_output(proto, OUTPUT_NAME)
    return proto.SerializeToString()


def _rename_output(proto, name: str) -> None:
    """tf2onnx names the output after TensorFlow's graph ("Identity:0"); a plain name is kinder to users."""
    graph = proto.graph
    old = graph.output[0].name
    for node in graph.node:
        node.output[:] = [name if out == old else out for out in node.output]
    graph.output[0].name = name


def tflite_probabilities(model_bytes: bytes, images: np.ndarray) -> np.ndarray:
    """Run a TensorFlow Lite model on float32 (n, 28, 28, 1) images, the whole batch at once."""
    x = np.ascontiguousarray(images, np.float32)
    interpreter = _tflite_interpreter(model_bytes)
    index = interpreter.get_input_details()[0]["index"]
    interpreter.resize_tensor_input(index, list(x.shape))
    interpreter.allocate_tensors()
    interpreter.set_tensor(index, x)
    interpreter.invoke()
    return np.array(interpreter.get_tensor(interpreter.get_output_details()[0]["index"]))


def _tflite_interpreter(model_bytes: bytes):
    """LiteRT's interpreter where installed, else the one TensorFlow still carries (same runtime)."""
    try:
        from ai_edge_litert.interpreter import Interpreter
    except ImportError:
        tf = tensorflow_module()
        with _quiet_converter():  # "tf.lite.Interpreter is deprecated": it still runs the same kernels
            return tf.lite.Interpreter(model_content=model_bytes)
    with _quiet_converter():
        return Interpreter(model_content=model_bytes)


def onnx_probabilities(model_bytes: bytes, images: np.ndarray) -> np.ndarray:
    """Run an ONNX model with ONNX Runtime on float32 (n, 28, 28, 1) images."""
    if not onnx_available():
        raise ExportError("onnx-not-installed")
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = min(2, os.cpu_count() or 1)
    options.log_severity_level = 3  # errors only
    session = onnxruntime.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return np.asarray(session.run(None, {name: np.ascontiguousarray(images, np.float32)})[0])


def convert(keras_model, fmt: str, title: str = "digitpad") -> tuple[bytes, Callable[[bytes, np.ndarray], np.ndarray]]:
    """The model in format ``fmt`` and the function that runs those bytes on images."""
    if fmt == "tflite":
        return tflite_bytes(keras_model), tflite_probabilities
    if fmt == "onnx":
        return onnx_bytes(keras_model), onnx_probabilities
    if fmt == "html":
        from digitpad.core import webpage

        page = webpage.page_bytes(keras_model, title)
        return page, webpage.page_probabilities
    raise ExportError("unknown-export-format", got=fmt, choices=", ".join(FORMATS))


def export_model(  # noqa: PLR0913 -- the model, where to, and what to check it on
    keras_model,
    fmt: str,
    path: str | Path,
    test_images: np.ndarray,
    drawing28: np.ndarray | None = None,
    title: str = "digitpad",
) -> ExportReport:
    """Convert ``keras_model`` to ``fmt``, check the copy against it, and only then write ``path`` atomically.

    The check: the copy's probabilities on the first 200 of ``test_images`` (and ``drawing28``, the drawing as
    the model sees it) must agree with the Keras model's within ``TOLERANCE``; ``ExportError("export-disagrees")``
    otherwise, and nothing is written.
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise ExportError("unknown-export-format", got=fmt, choices=", ".join(FORMATS))
    if path.suffix.lower() != FORMATS[fmt]:
        path = path.with_name(path.name + FORMATS[fmt])
    images = check_images(test_images, drawing28)
    data, run = convert(keras_model, fmt, title)
    result = agreement(keras_probabilities(keras_model, images), run(data, images))
    if not result.ok:
        raise ExportError("export-disagrees", path=path, difference=result.max_difference, tolerance=TOLERANCE)
    atomic.write_bytes(path, data)
    log.info("exported %s (%s, %d bytes): max difference %.2g", path, fmt, len(data), result.max_difference)
    return ExportReport(path, fmt, len(data), result, drawing28 is not None)
