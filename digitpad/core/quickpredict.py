"""Predict with a plain digitpad network straight from its ``.keras`` file, in NumPy, without TensorFlow.

Importing TensorFlow takes about 2.5 s here; this serves the window's first predictions meanwhile (the
forward pass of the tutorial's network takes well under a millisecond in NumPy). It understands only the
layers digitpad's own single networks are made of (Conv2D with valid padding, MaxPooling2D, Flatten,
Dense, Dropout) and refuses anything else with ``QuickPredictUnsupported``, in which case the window
simply waits for TensorFlow. Like ``modelfile``, it reads data only: JSON and HDF5 arrays, never code.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import numpy as np

from digitpad.core import limits
from digitpad.core.predictor import Prediction
from digitpad.core.problems import Problem


class QuickPredictUnsupported(Exception):
    """This model needs TensorFlow (an ensemble, a foreign layer, or a damaged file)."""


def _activation(name: str):
    if name == "relu":
        return lambda x: np.maximum(x, 0.0)
    if name == "softmax":

        def softmax(x):
            e = np.exp(x - x.max())
            return e / e.sum()

        return softmax
    if name == "linear":
        return lambda x: x
    raise QuickPredictUnsupported(f"activation {name!r}")


def _conv(kernel: np.ndarray, bias: np.ndarray, act):
    k = kernel.shape[0]

    def run(x):
        windows = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(0, 1))  # (h, w, c, k, k)
        return act(np.tensordot(windows, kernel, axes=([3, 4, 2], [0, 1, 2])) + bias)

    return run


def _pool(size: int):
    def run(x):
        h, w, c = x.shape[0] // size, x.shape[1] // size, x.shape[2]
        return x[: h * size, : w * size].reshape(h, size, w, size, c).max(axis=(1, 3))

    return run


class NumpyPredictor:
    """``predict_input`` like ``Predictor``'s, computed in NumPy from the file's weights."""

    def __init__(self, path: str | Path):
        path = Path(path)
        from digitpad.core.modelfile import check_contents, open_model_archive

        try:
            with open_model_archive(path) as zf:
                check_contents(zf, path)  # the file's declared sizes, as for a full load
                config = json.loads(zf.read("config.json").decode("utf-8"))
                info = zf.getinfo("model.weights.h5")
                if info.file_size > limits.QUICK_PREDICT_WEIGHTS_BYTES:
                    raise QuickPredictUnsupported("weights too large")
                weights_bytes = zf.read("model.weights.h5")
        except (OSError, KeyError, zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, Problem) as exc:
            raise QuickPredictUnsupported(f"{path}: {exc}") from None
        if config.get("class_name") != "Sequential":
            raise QuickPredictUnsupported("not a single Sequential network")
        import h5py  # a TensorFlow dependency, but light: it does not import TensorFlow

        self.steps = []
        try:
            with h5py.File(io.BytesIO(weights_bytes), "r") as weights:
                for layer in config["config"]["layers"]:
                    self.steps.extend(self._step(layer, weights))
        except (KeyError, TypeError, ValueError, OSError) as exc:
            raise QuickPredictUnsupported(f"{path}: {exc}") from None
        out = self.predict_input(np.zeros((28, 28), np.float32)).probabilities
        if out.shape != (10,):
            raise QuickPredictUnsupported("not a 10-class digit classifier")

    @staticmethod
    def _step(layer: dict, weights) -> list:
        kind, cfg = layer["class_name"], layer["config"]
        if kind in ("InputLayer", "Dropout"):
            return []
        if kind == "Flatten":
            return [lambda x: x.reshape(-1)]
        if kind == "MaxPooling2D":
            size = cfg["pool_size"]
            if cfg.get("padding") != "valid" or list(cfg.get("strides") or size) != list(size) or size[0] != size[1]:
                raise QuickPredictUnsupported("pooling other than plain square pooling")
            return [_pool(size[0])]
        if kind not in ("Conv2D", "Dense"):
            raise QuickPredictUnsupported(f"layer {kind}")
        if not cfg.get("use_bias", True):
            raise QuickPredictUnsupported("a layer without bias")
        group = weights["layers"][cfg["name"]]["vars"]
        kernel, bias = np.asarray(group["0"], np.float32), np.asarray(group["1"], np.float32)
        act = _activation(cfg.get("activation", "linear"))
        if kind == "Dense":
            return [lambda x: act(x @ kernel + bias)]
        if (
            cfg.get("padding") != "valid"
            or list(cfg.get("strides", [1, 1])) != [1, 1]
            or list(cfg.get("dilation_rate", [1, 1])) != [1, 1]
            or cfg.get("groups", 1) != 1
            or cfg.get("data_format", "channels_last") != "channels_last"
        ):
            raise QuickPredictUnsupported("a convolution other than a plain valid 'same-stride' one")
        return [_conv(kernel, bias, act)]

    def predict_input(self, image28: np.ndarray) -> Prediction:
        x = np.asarray(image28, dtype=np.float32).reshape(28, 28, 1)
        for step in self.steps:
            x = step(x)
        return Prediction(np.asarray(x, np.float32), None)
