"""Fast prediction of one drawing, fast enough to run on every stroke.

``model.predict`` costs 42-47 ms per image here (it builds a data pipeline each call); a
``tf.function`` traced once for exactly one 28x28 image costs under a millisecond, half a millisecond
once XLA has compiled it, and under 0.1 ms in LiteRT from a converted copy (``fastpredict.py``; see
``Predictor``). An ensemble's model outputs (1, N, 10): the members' softmax rows, averaged here, with
each member's own pick.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from digitpad.core import gcpause
from digitpad.core.preprocess import preprocess
from digitpad.core.tfsetup import tensorflow_module

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prediction:
    probabilities: np.ndarray  # (10,), averaged over members for an ensemble
    member_probabilities: np.ndarray | None  # (N, 10) for an ensemble, else None

    @property
    def digit(self) -> int:
        return int(self.probabilities.argmax())

    @property
    def confidence(self) -> float:
        return float(self.probabilities.max())

    @property
    def member_picks(self) -> list[int] | None:
        if self.member_probabilities is None:
            return None
        return [int(i) for i in self.member_probabilities.argmax(axis=1)]


class Predictor:
    """Wraps a Keras model for one-image prediction; safe to call from any thread.

    It predicts at once with a plain traced function (~0.7 ms a call on 2 cores), and meanwhile, in the
    background, makes a faster version that takes over once it agrees with the plain one on a few probe
    images: LiteRT from a converted copy (~0.07 ms a call, ~0.3 s to convert, or none when ``source`` is
    the model's file and a converted copy of it is kept), else an XLA-compiled function (~0.5 ms, ~0.4 s
    to compile). Should both fail on some platform, the plain function simply stays.
    """

    def __init__(self, model, compile_in_background: bool = True, source: str | Path | None = None):
        tf = tensorflow_module()
        self.model = model
        self._lock = threading.Lock()
        self._tf = tf
        self.compiled = False  # whether a faster version (LiteRT or XLA) has taken over
        self.runtime = "tensorflow"  # which one predicts: "tensorflow", "litert" or "xla"
        self.settled = threading.Event()  # set once the background work has ended, whatever came of it
        self._fast: Any = None  # the LiteRT predictor, once it has taken over
        # A concrete function for the one signature: calling it skips tf.function's argument matching.
        self._fn = self._function(jit_compile=False)
        self.predict_input(np.zeros((28, 28), np.float32))  # traced here, not on the first stroke
        if compile_in_background:
            # Not a daemon: a thread killed inside native code at exit aborts the process; this one ends in ~0.4 s.
            # Said explicitly, since a thread inherits daemon=True from the (worker) thread that makes it.
            # It stays in the core, outside the window's task runner: it belongs to this Predictor, which the
            # command line and the benchmark use without any window.
            gcpause.hold()  # let go when the thread ends (see core/gcpause.py)
            try:
                threading.Thread(target=self._speed_up, args=(source,), name="predictor-fast", daemon=False).start()
            except BaseException:
                gcpause.release()
                raise
        else:
            self.settled.set()

    def _function(self, jit_compile: bool):
        tf, model = self._tf, self.model
        return tf.function(
            lambda x: model(x, training=False),
            jit_compile=jit_compile,
            input_signature=[tf.TensorSpec((1, 28, 28, 1), tf.float32)],
        ).get_concrete_function()

    def agrees_with(self, outputs) -> bool:
        """Whether ``outputs(image28)`` matches the plain function on a few probe images."""
        rng = np.random.default_rng(0)
        probes = [np.full((28, 28), 0.5, np.float32), *rng.random((3, 28, 28), dtype=np.float32)]
        for probe in probes:
            plain = self._fn(self._tf.constant(probe.reshape(1, 28, 28, 1))).numpy()[0]
            if not np.allclose(np.asarray(outputs(probe)), plain, atol=1e-4):
                return False
        return True

    def _speed_up(self, source) -> None:
        try:
            if not self._use_litert(source):
                self._compile()
        finally:
            self.settled.set()
            gcpause.release()

    def _use_litert(self, source) -> bool:
        """Convert (or find a kept converted copy), check, and hand over to LiteRT; whether it took over."""
        from digitpad.core import fastpredict

        try:
            if not fastpredict.litert_available():
                return False
            key = fastpredict.file_key(source) if source is not None else None
            kept = fastpredict.find_copy(key) if key else None
            fast = fastpredict.LiteRTPredictor(kept if kept is not None else fastpredict.tflite_bytes(self.model))
            with self._lock:
                if not self.agrees_with(fast.outputs):
                    log.warning("LiteRT prediction disagrees with the plain function; not using it")
                    return False
                self._fast, self.runtime, self.compiled = fast, "litert", True
            if key and kept is None:
                fastpredict.store_copy(key, fast.model_bytes)
            return True
        except Exception:  # conversion or LiteRT failing here: XLA is tried next
            log.info("LiteRT prediction is not available for this model", exc_info=True)
            return False

    def _compile(self) -> None:
        try:
            fn = self._function(jit_compile=True)
            probe = self._tf.constant(np.full((1, 28, 28, 1), 0.5, np.float32))
            fast = fn(probe).numpy()  # compiles
            with self._lock:
                if np.allclose(fast, self._fn(probe).numpy(), atol=1e-4):
                    self._fn, self.compiled, self.runtime = fn, True, "xla"
                else:
                    log.warning("XLA prediction disagrees with the plain function; keeping the plain one")
        except Exception:  # XLA unavailable or failing here: the plain function is fine
            log.info("XLA compilation of the predictor failed; predicting without it", exc_info=True)

    def predict_input(self, image28: np.ndarray) -> Prediction:
        """Predict an already preprocessed (28, 28) float image in 0..1."""
        fast = self._fast
        if fast is not None:
            return fast.predict_input(image28)
        x = np.asarray(image28, dtype=np.float32).reshape(1, 28, 28, 1)
        with self._lock:
            out = self._fn(self._tf.constant(x)).numpy()[0]
        if out.ndim == 2:
            return Prediction(out.mean(axis=0), out)
        return Prediction(out, None)

    def predict_image(self, image: np.ndarray) -> tuple[np.ndarray, Prediction]:
        """Preprocess any image (raises ``NothingDrawn``) and predict it; returns the 28x28 input too."""
        image28 = preprocess(image)
        return image28, self.predict_input(image28)
