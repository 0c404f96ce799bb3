"""What the network computes inside: the feature maps of its convolution and pooling layers for one image.

``FeatureExtractor`` runs the CNN's layers in one ``tf.function`` traced once for a single 28x28 image,
returning every Conv2D and MaxPooling2D output together (a few milliseconds), so that the window can
show them after every stroke. For an ensemble it looks inside the first member.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from digitpad.core.problems import Problem
from digitpad.core.tfsetup import tensorflow_module

SHOWN_KINDS = ("Conv2D", "MaxPooling2D")


class InspectionError(Problem, ValueError):
    """A model digitpad cannot look inside."""


@dataclass(frozen=True)
class LayerActivation:
    name: str  # the Keras layer name, e.g. "conv2d_1"
    kind: str  # "Conv2D" or "MaxPooling2D"
    array: np.ndarray  # (height, width, channels) float32: one feature map per channel


def find_cnn(model):
    """The Sequential network that holds the convolutions: ``model`` itself or, for an ensemble, its first member."""
    import keras

    if isinstance(model, keras.Sequential) and any(type(layer).__name__ == "Conv2D" for layer in model.layers):
        return model
    for layer in getattr(model, "layers", []):
        if isinstance(layer, keras.Model):
            found = find_cnn(layer)
            if found is not None:
                return found
    return None


@dataclass(frozen=True)
class NetworkOutline:
    """What a view needs to lay out the network, as plain numpy data (no TensorFlow left to run)."""

    names: list[str]
    kinds: list[str]
    shapes: list[tuple[int, ...]]  # (height, width, channels) of each shown layer
    filters: np.ndarray  # (3, 3, filters) of the first convolution
    flatten_size: int
    dense_units: list[int]
    is_ensemble_member: bool


class FeatureExtractor:
    """Feature maps of one (28, 28) image; safe to call from one thread at a time per instance."""

    def __init__(self, model):
        tf = tensorflow_module()
        cnn = find_cnn(model)
        if cnn is None:
            raise InspectionError("no-convolutions")
        self.network_name = cnn.name
        self.is_ensemble_member = cnn is not model
        self._tf = tf
        self._lock = threading.Lock()
        layers = list(cnn.layers)
        self._shown = [(layer.name, type(layer).__name__) for layer in layers if type(layer).__name__ in SHOWN_KINDS]
        self._first_conv = next(layer for layer in layers if type(layer).__name__ == "Conv2D")
        self.dense_units = [int(layer.units) for layer in layers if type(layer).__name__ == "Dense"]

        # Calling the layers in order (rather than wiring a keras.Model from ``cnn.inputs``) also works for a
        # Sequential built without an Input, and adds no nodes to the live model's graph that predicts meanwhile.
        def run(x):
            outputs, flat = [], None
            for layer in layers:
                x = layer(x, training=False)
                kind = type(layer).__name__
                if kind in SHOWN_KINDS:
                    outputs.append(x[0])
                elif kind == "Flatten":
                    flat = x[0]
                    break  # the dense layers show nothing spatial
            return outputs, (flat if flat is not None else tf.reshape(outputs[-1], [-1]))

        self._fn = tf.function(run, input_signature=[tf.TensorSpec((1, 28, 28, 1), tf.float32)])
        # Trace now, not on the first stroke; the traced graph knows every output's shape.
        feature_maps, flat = self._fn.get_concrete_function().structured_outputs
        self.shapes = [tuple(int(d) for d in t.shape) for t in feature_maps]
        self.flatten_size = int(flat.shape[0])

    def activations(self, image28: np.ndarray) -> list[LayerActivation]:
        """Every Conv2D and MaxPooling2D output for a (28, 28) image in 0..1 (uint8 0..255 is scaled)."""
        x = np.asarray(image28)
        x = x.astype(np.float32) / 255.0 if x.dtype == np.uint8 else x.astype(np.float32)
        with self._lock:
            outputs, _ = self._fn(self._tf.constant(x.reshape(1, 28, 28, 1)))
        return [
            LayerActivation(name, kind, out.numpy()) for (name, kind), out in zip(self._shown, outputs, strict=True)
        ]

    def outline(self) -> NetworkOutline:
        return NetworkOutline(
            [n for n, _ in self._shown],
            [k for _, k in self._shown],
            list(self.shapes),
            self.first_layer_filters(),
            self.flatten_size,
            list(self.dense_units),
            self.is_ensemble_member,
        )

    def first_layer_filters(self) -> np.ndarray:
        """The first convolution's learned 3x3 filters as (3, 3, filters), for its single grey input channel."""
        kernel = np.asarray(self._first_conv.kernel.numpy())  # (3, 3, in_channels=1, filters)
        return kernel[:, :, 0, :].copy()
