"""Predict one drawing with LiteRT (TensorFlow Lite's interpreter), from a converted copy of the Keras model.

Measured here (2 cores, docs/performance.md): the tutorial's network takes ~0.07 ms a call in LiteRT
against ~0.5 ms for an XLA-compiled ``tf.function``, and stays under 0.2 ms p95 while a training run keeps
both cores busy, where TensorFlow's p95 rises to ~11 ms. ONNX Runtime was as fast idle but twice as slow
under load and needs a converter TensorFlow lacks. The interpreter (the ``ai-edge-litert`` package)
imports in ~10 ms without TensorFlow, so a converted copy kept from an earlier run, or shipped beside the
default model, also serves the first prediction while TensorFlow is still being imported.

Converted copies are kept by the SHA-256 of the ``.keras`` file they came from: in the user's data folder
(``converted/``, written once a copy has agreed with Keras) and in the shipped ``resources/converted/``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from pathlib import Path

import numpy as np

from digitpad.core.predictor import Prediction
from digitpad.core.resources import resources_dir
from digitpad.core.tfsetup import quiet_native_stderr
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

SUFFIX = ".tflite"
KEEP_COPIES = 16  # converted copies kept in the user's folder; the oldest go first


class FastPredictUnavailable(Exception):
    """LiteRT is not installed here, or it cannot run this converted copy."""


def litert_available() -> bool:
    try:
        from ai_edge_litert.interpreter import Interpreter  # noqa: F401
    except Exception:  # not installed, or its native library does not load on this system
        return False
    return True


def tflite_bytes(keras_model) -> bytes:
    """The model as a TensorFlow Lite flatbuffer for one (1, 28, 28, 1) float32 image (needs TensorFlow)."""
    from digitpad.core.export import tflite_bytes as convert

    return convert(keras_model, batch=1)


class LiteRTPredictor:
    """``predict_input`` like ``Predictor``'s, run by the LiteRT interpreter on one thread."""

    runtime = "litert"

    def __init__(self, model_bytes: bytes):
        try:
            from ai_edge_litert.interpreter import Interpreter
        except Exception as exc:
            raise FastPredictUnavailable(f"LiteRT is not available: {exc}") from None
        try:
            # One thread: the network is far too small to gain from more, and it must not compete with training.
            # Its XNNPACK delegate (3x faster here than without) announces itself on fd 2: keep that quiet.
            with quiet_native_stderr():
                self._interpreter = Interpreter(model_content=bytes(model_bytes), num_threads=1)
                self._interpreter.allocate_tensors()
            inputs, outputs = self._interpreter.get_input_details(), self._interpreter.get_output_details()
        except (ValueError, RuntimeError) as exc:
            raise FastPredictUnavailable(f"LiteRT cannot run this copy: {exc}") from None
        if len(inputs) != 1 or tuple(inputs[0]["shape"]) != (1, 28, 28, 1) or inputs[0]["dtype"] != np.float32:
            raise FastPredictUnavailable("not a converted digit model (input is not one 28x28 image)")
        self._input, self._output = inputs[0]["index"], outputs[0]["index"]
        self.model_bytes = bytes(model_bytes)
        self._lock = threading.Lock()
        out = self.predict_input(np.zeros((28, 28), np.float32)).probabilities
        if out.shape != (10,):
            raise FastPredictUnavailable("not a 10-class digit classifier")

    def outputs(self, image28: np.ndarray) -> np.ndarray:
        """The raw output for one image: (10,) or, for an ensemble, (N, 10)."""
        x = np.asarray(image28, dtype=np.float32).reshape(1, 28, 28, 1)
        with self._lock:
            self._interpreter.set_tensor(self._input, x)
            self._interpreter.invoke()
            return self._interpreter.get_tensor(self._output)[0]

    def predict_input(self, image28: np.ndarray) -> Prediction:
        out = self.outputs(image28)
        if out.ndim == 2:
            return Prediction(out.mean(axis=0), out)
        return Prediction(out, None)


# -- converted copies kept on disk ---------------------------------------------------------------------


def file_key(path: str | Path) -> str:
    """The SHA-256 of a model file: the name its converted copy is kept under."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def user_copies_dir() -> Path:
    return user_data_dir() / "converted"


def shipped_copies_dir() -> Path:
    return resources_dir() / "converted"


def find_copy(key: str) -> bytes | None:
    """A converted copy of the model file with this key, from the user's folder or the shipped one."""
    for folder in (user_copies_dir(), shipped_copies_dir()):
        try:
            return (folder / (key + SUFFIX)).read_bytes()
        except OSError:
            continue
    return None


def store_copy(key: str, model_bytes: bytes, folder: Path | None = None) -> Path | None:
    """Keep a converted copy (atomically; the oldest beyond ``KEEP_COPIES`` are removed); None if it cannot."""
    folder = folder or user_copies_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(model_bytes)
        target = folder / (key + SUFFIX)
        os.replace(tmp, target)
        copies = sorted(folder.glob("*" + SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in copies[KEEP_COPIES:]:
            old.unlink(missing_ok=True)
        return target
    except OSError as exc:  # a read-only or full disk only costs the next start its head start
        log.info("could not keep the converted copy: %s", exc)
        return None


def quick_predictor(path: str | Path):
    """The fastest predictor for ``path`` that needs no TensorFlow: LiteRT from a kept copy, else NumPy.

    Raises ``QuickPredictUnsupported`` when neither can serve (the window then waits for TensorFlow).
    """
    from digitpad.core.quickpredict import NumpyPredictor

    try:
        copy = find_copy(file_key(path))
    except OSError:
        copy = None
    if copy is not None:
        try:
            return LiteRTPredictor(copy)
        except FastPredictUnavailable as exc:
            log.info("the kept converted copy of %s does not run: %s", path, exc)
    return NumpyPredictor(path)


def ship_copy(path: str | Path, folder: Path | None = None) -> Path:
    """Convert the model file ``path`` and keep its copy in ``folder`` (the shipped ``resources/converted/``)
    as the only one there, after checking that it agrees with Keras. Run it whenever the shipped model changes:

        python -c "from digitpad.core.fastpredict import ship_copy; ship_copy('resources/digitpad-default.keras')"
    """
    from digitpad.core.modelfile import load_model
    from digitpad.core.predictor import Predictor

    folder = folder or shipped_copies_dir()
    predictor = Predictor(load_model(path).model, compile_in_background=False)
    fast = LiteRTPredictor(tflite_bytes(predictor.model))
    if not predictor.agrees_with(fast.outputs):
        raise FastPredictUnavailable(f"the converted copy of {path} disagrees with Keras")
    for old in folder.glob("*" + SUFFIX):
        old.unlink()
    target = store_copy(file_key(path), fast.model_bytes, folder)
    if target is None:
        raise OSError(f"could not write into {folder}")
    target.chmod(0o644)
    return target
