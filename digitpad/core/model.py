"""Build and compile the Keras network that a ``TrainingConfig`` describes (see ``architecture.layer_specs``)."""

from __future__ import annotations

from digitpad.core.architecture import INPUT_SHAPE, layer_specs
from digitpad.core.config import TrainingConfig
from digitpad.core.tfsetup import tensorflow_module


def kernel_regularizer(config: TrainingConfig):
    import keras

    if config.l1 and config.l2:
        return keras.regularizers.L1L2(l1=config.l1, l2=config.l2)
    if config.l1:
        return keras.regularizers.L1(config.l1)
    if config.l2:
        return keras.regularizers.L2(config.l2)
    return None


def build_model(config: TrainingConfig, name: str = "digitpad_cnn", dtype: str | None = None):
    """An uncompiled Keras model; the tutorial's network for the default config.

    ``dtype`` is a Keras dtype policy such as "mixed_bfloat16" for every layer but the softmax output,
    which stays float32 so that the loss is computed safely; None is plain float32.
    """
    tensorflow_module()
    import keras
    from keras import layers

    regularizer = kernel_regularizer(config)
    specs = layer_specs(config)
    model = keras.Sequential(name=name)
    model.add(keras.Input(shape=INPUT_SHAPE, name="image"))
    last_dense = max(i for i, s in enumerate(specs) if s.kind == "Dense")
    for i, spec in enumerate(specs):
        o = spec.options
        kw = {"name": spec.name, **({"dtype": dtype} if dtype and i != last_dense else {})}
        if spec.kind == "Conv2D":
            layer = layers.Conv2D(
                o["filters"], o["kernel_size"], activation=o["activation"], kernel_regularizer=regularizer, **kw
            )
        elif spec.kind == "MaxPooling2D":
            layer = layers.MaxPooling2D(o["pool_size"], **kw)
        elif spec.kind == "Dropout":
            layer = layers.Dropout(o["rate"], **kw)
        elif spec.kind == "Flatten":
            layer = layers.Flatten(**kw)
        elif spec.kind == "Dense":
            layer = layers.Dense(
                o["units"],
                activation=o["activation"],
                kernel_regularizer=regularizer if i != last_dense else None,
                **kw,
            )
        else:  # pragma: no cover - layer_specs only makes the kinds above
            raise ValueError(spec.kind)
        model.add(layer)
    return model


def learning_rate(config: TrainingConfig, total_steps: int):
    import keras

    if config.lr_schedule == "cosine" and total_steps > 1:
        return keras.optimizers.schedules.CosineDecay(config.learning_rate, decay_steps=total_steps, alpha=0.01)
    return config.learning_rate


def compile_model(
    model, config: TrainingConfig, total_steps: int = 0, ema_momentum: float | None = None, ema_every: int | None = None
):
    """Adam with the config's rate; with ``ema_momentum``, it also keeps a moving average of the weights
    and writes it into the model every ``ema_every`` steps (and when training ends)."""
    import keras

    ema = {"use_ema": True, "ema_momentum": ema_momentum, "ema_overwrite_frequency": ema_every} if ema_momentum else {}
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate(config, total_steps), **ema),
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        steps_per_execution=config.steps_per_execution,
        jit_compile=False,
    )
    return model
