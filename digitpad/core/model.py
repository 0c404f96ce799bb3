"""Build and compile the Keras network that a ``TrainingConfig`` describes (see ``architecture.layer_specs``)."""

from __future__ import annotations

from digitpad.core.architecture import INPUT_SHAPE, layer_specs
from digitpad.core.config import TrainingConfig
from digitpad.core.tfleaks import skip_single_replica_gradient_sum
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


WARMUP_START = 0.1  # the warm-up starts at this share of the peak rate


def learning_rate(config: TrainingConfig, total_steps: int, warmup_steps: int = 0):
    """Constant, or cosine decay to 1% of the peak by the last step, after ``warmup_steps`` of linear rise."""
    import keras

    if config.lr_schedule == "cosine" and total_steps > 1:
        warmup_steps = min(warmup_steps, total_steps // 2)
        if warmup_steps < 1:
            return keras.optimizers.schedules.CosineDecay(config.learning_rate, decay_steps=total_steps, alpha=0.01)
        return keras.optimizers.schedules.CosineDecay(
            config.learning_rate * WARMUP_START,
            decay_steps=total_steps - warmup_steps,
            alpha=0.01,
            warmup_target=config.learning_rate,
            warmup_steps=warmup_steps,
        )
    return config.learning_rate


def loss(label_smoothing: float = 0.0):
    """Cross-entropy: on labels 0-9, or on one-hot rows when smoothing them (the data set then gives one-hot)."""
    import keras

    if label_smoothing:
        return keras.losses.CategoricalCrossentropy(label_smoothing=label_smoothing)
    return "sparse_categorical_crossentropy"


def compile_model(  # noqa: PLR0913 - the schedule's and the average's shape come from the run
    model,
    config: TrainingConfig,
    total_steps: int = 0,
    ema_momentum: float | None = None,
    ema_every: int | None = None,
    warmup_steps: int = 0,
    label_smoothing: float = 0.0,
):
    """Adam with the config's rate and schedule; with ``ema_momentum``, it also keeps a moving average of the
    weights and writes it into the model every ``ema_every`` steps (and when training ends); with
    ``label_smoothing``, the loss wants one-hot labels."""
    import keras

    skip_single_replica_gradient_sum()  # else each run would keep its traced training steps for good
    ema = {"use_ema": True, "ema_momentum": ema_momentum, "ema_overwrite_frequency": ema_every} if ema_momentum else {}
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate(config, total_steps, warmup_steps), **ema),
        loss=loss(label_smoothing),
        metrics=["accuracy"],
        steps_per_execution=config.steps_per_execution,
        jit_compile=False,
    )
    return model
