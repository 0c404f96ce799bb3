"""The layer stack a config describes, with output shapes and parameter counts, computed without
TensorFlow so that the window can show the summary table the moment a switch changes.

``digitpad.core.model`` builds the Keras network from this same list, and a test checks that Keras
agrees with every shape and count.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digitpad.core.config import TrainingConfig

INPUT_SHAPE = (28, 28, 1)
CONV_FILTERS = (32, 64, 64)
KERNEL = 3
POOL = 2


@dataclass(frozen=True)
class LayerSpec:
    name: str
    kind: str  # Conv2D, MaxPooling2D, Dropout, Flatten, Dense
    output_shape: tuple
    params: int
    options: dict = field(default_factory=dict, compare=False)


def layer_specs(config: TrainingConfig) -> list[LayerSpec]:
    specs: list[LayerSpec] = []
    counters: dict[str, int] = {}

    def name(base: str) -> str:
        n = counters.get(base, 0)
        counters[base] = n + 1
        return base if n == 0 else f"{base}_{n}"

    h, w, c = INPUT_SHAPE
    for i, filters in enumerate(CONV_FILTERS):
        h, w = h - KERNEL + 1, w - KERNEL + 1
        if h < 1 or w < 1:
            raise ValueError("the image is too small for this many convolutions")
        specs.append(
            LayerSpec(
                name("conv2d"),
                "Conv2D",
                (None, h, w, filters),
                (KERNEL * KERNEL * c + 1) * filters,
                {"filters": filters, "kernel_size": KERNEL, "activation": "relu"},
            )
        )
        c = filters
        last = i == len(CONV_FILTERS) - 1
        if not last and config.pooling:
            h, w = h // POOL, w // POOL
            specs.append(LayerSpec(name("max_pooling2d"), "MaxPooling2D", (None, h, w, c), 0, {"pool_size": POOL}))
        if not last and config.dropout and config.dropout_conv:
            specs.append(LayerSpec(name("dropout"), "Dropout", (None, h, w, c), 0, {"rate": config.dropout}))
    flat = h * w * c
    specs.append(LayerSpec(name("flatten"), "Flatten", (None, flat), 0))
    specs.append(
        LayerSpec(
            name("dense"),
            "Dense",
            (None, config.dense_units),
            (flat + 1) * config.dense_units,
            {"units": config.dense_units, "activation": "relu"},
        )
    )
    if config.dropout:
        specs.append(LayerSpec(name("dropout"), "Dropout", (None, config.dense_units), 0, {"rate": config.dropout}))
    specs.append(
        LayerSpec(
            name("dense"), "Dense", (None, 10), (config.dense_units + 1) * 10, {"units": 10, "activation": "softmax"}
        )
    )
    return specs


def total_params(config: TrainingConfig) -> int:
    return sum(s.params for s in layer_specs(config))


def format_shape(shape: tuple) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + ")"


def summary_table(config: TrainingConfig) -> str:
    """The model.summary()-style table as text, for ``digitpad summary``."""
    specs = layer_specs(config)
    head = ("Layer (type)", "Output Shape", "Param #")
    rows = [(f"{s.name} ({s.kind})", format_shape(s.output_shape), f"{s.params:,}") for s in specs]
    widths = [max(len(r[i]) for r in [*rows, head]) + 3 for i in range(3)]
    line = "=" * sum(widths)
    out = [head[0].ljust(widths[0]) + head[1].ljust(widths[1]) + head[2], line]
    for r in rows:
        out.append(r[0].ljust(widths[0]) + r[1].ljust(widths[1]) + r[2])
    total = total_params(config)
    regs = [n for n, v in (("L1", config.l1), ("L2", config.l2)) if v]
    out += [line, f"Total params: {total:,}", f"Trainable params: {total:,}", "Non-trainable params: 0"]
    if regs:
        out.append(f"Kernel penalty on every Conv2D and hidden Dense layer: {' + '.join(regs)}")
    return "\n".join(out)
