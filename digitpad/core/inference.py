"""Whole-set prediction with a trained network: softmax outputs for many images, their accuracy, ensembles.

``Predictor`` (in ``predictor.py``) is for one drawing at a time, fast enough for every stroke; this module
is for thousands at once (test accuracy after training, evaluation, fine-tuning's before and after).
"""

from __future__ import annotations

import numpy as np

from digitpad.core.tfsetup import tensorflow_module

EVALUATION_BATCH = 250  # images per call: a batch of 1,000 held ~250 MB of activations at once, this ~60 MB


def predict_probabilities(model, images: np.ndarray, batch_size: int = EVALUATION_BATCH) -> np.ndarray:
    """Softmax outputs for uint8 (n, 28, 28) or float (n, 28, 28[, 1]) images: (n, 10) or (n, N, 10).

    Each batch is turned into floats on its own, so the whole set is never copied at once (peak memory).
    """
    tf = tensorflow_module()
    out = []
    for i in range(0, len(images), batch_size):
        part = images[i : i + batch_size]
        x = part.astype(np.float32) / 255.0 if part.dtype == np.uint8 else part.astype(np.float32)
        if x.ndim == 3:
            x = x[..., None]
        out.append(np.asarray(model(tf.constant(x), training=False)))
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
