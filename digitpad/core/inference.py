"""Whole-set prediction with a trained network: softmax outputs for many images, their accuracy, ensembles.

``Predictor`` (in ``predictor.py``) is for one drawing at a time, fast enough for every stroke; this module
is for thousands at once (test accuracy after training, evaluation, fine-tuning's before and after).
"""

from __future__ import annotations

import numpy as np

from digitpad.core.tfsetup import tensorflow_module


def predict_probabilities(model, images: np.ndarray, batch_size: int = 1000) -> np.ndarray:
    """Softmax outputs for uint8 (n, 28, 28) or float (n, 28, 28[, 1]) images: (n, 10) or (n, N, 10)."""
    tf = tensorflow_module()
    x = images.astype(np.float32) / 255.0 if images.dtype == np.uint8 else images.astype(np.float32)
    if x.ndim == 3:
        x = x[..., None]
    out = [np.asarray(model(tf.constant(x[i : i + batch_size]), training=False)) for i in range(0, len(x), batch_size)]
    return np.concatenate(out) if out else np.zeros((0, 10), np.float32)


def accuracy_of(probs: np.ndarray, labels: np.ndarray) -> float:
    """Share of rows whose most probable digit is the label; an ensemble's (n, N, 10) votes by its mean."""
    if probs.ndim == 3:
        probs = probs.mean(axis=1)
    return float((probs.argmax(axis=1) == labels).mean())


def ensemble_model(members: list):
    """One Keras model whose output (None, N, 10) stacks the members' softmax outputs."""
    import keras
    from keras import layers

    inputs = keras.Input(shape=(28, 28, 1), name="image")
    outputs = [layers.Reshape((1, 10), name=f"stack_{i}")(m(inputs)) for i, m in enumerate(members)]
    stacked = layers.Concatenate(axis=1, name="members")(outputs)
    return keras.Model(inputs, stacked, name=f"ensemble_of_{len(members)}")
