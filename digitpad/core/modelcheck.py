"""How big a network a model file declares, worked out from its ``config.json`` before Keras builds anything.

Keras allocates every weight of a network when it builds it from the file's description, before it reads a
single stored weight: a 1 MB file declaring ``Dense(1_000_000)`` takes gigabytes. So the description is
walked here, in plain Python, the way Keras will build it: the shape of each layer's input (as it flows
from the 28x28x1 image, and as each layer's ``build_config`` declares it, since Keras builds from that
too), each layer's parameter count and the number of values it gives per image. Networks made of the
layers below are checked exactly; any other layer is refused, since its size cannot be known beforehand.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from digitpad.core import limits
from digitpad.core.problems import Problem

Shape = tuple[int, ...]  # one image's shape, without the batch dimension

# Layers that keep their input's shape and hold no weights.
SHAPE_KEEPING = frozenset(
    {
        "Dropout",
        "SpatialDropout1D",
        "SpatialDropout2D",
        "GaussianNoise",
        "GaussianDropout",
        "AlphaDropout",
        "ActivityRegularization",
        "Activation",
        "ReLU",
        "LeakyReLU",
        "ELU",
        "Softmax",
        "Rescaling",
        "Identity",
        "RandomRotation",
        "RandomTranslation",
        "RandomZoom",
        "RandomFlip",
        "RandomContrast",
        "RandomBrightness",
    }
)
MERGING = frozenset({"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"})
MODELS = frozenset({"Sequential", "Functional", "Model"})


@dataclass
class Walk:
    """What the walk has counted so far."""

    path: object
    error: type[Problem]  # the kind of Problem to raise (``ModelFileError`` for a model file)
    parameters: int = 0
    layers: int = 0


def _whole(value, what: str, walk: Walk) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise walk.error("model-config-damaged", path=walk.path, detail=f"{what} is {value!r}")
    return value


def _pair(value, what: str, walk: Walk) -> tuple[int, int]:
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise walk.error("model-config-damaged", path=walk.path, detail=f"{what} is {value!r}")
        return _whole(value[0], what, walk), _whole(value[1], what, walk)
    n = _whole(value, what, walk)
    return n, n


def _shape(value, walk: Walk) -> Shape | None:
    """A declared shape with its batch dimension, e.g. [null, 28, 28, 1], as (28, 28, 1); None if not one."""
    if not isinstance(value, list | tuple) or not value or any(isinstance(v, list | tuple) for v in value):
        return None
    if any(v is None for v in value[1:]):
        raise walk.error("model-config-damaged", path=walk.path, detail=f"shape {value!r} is not fixed")
    return tuple(_whole(v, "a dimension", walk) for v in value[1:])


def _spatial(size: int, kernel: int, stride: int, padding: str, dilation: int = 1) -> int:
    if padding == "same":
        return -(-size // max(stride, 1))
    return (size - (kernel - 1) * dilation - 1) // max(stride, 1) + 1


def _channels(cfg: dict, shape: Shape) -> tuple[Shape, int, bool]:
    """(the two spatial sizes, the channels, whether channels come first) of an image-shaped input."""
    if len(shape) != 3:
        raise ValueError(f"expects an image-shaped input, got {shape}")
    first = cfg.get("data_format") == "channels_first"
    return (shape[1:] if first else shape[:2]), (shape[0] if first else shape[2]), first


def _image(spatial: Shape, channels: int, first: bool) -> Shape:
    return (channels, *spatial) if first else (*spatial, channels)


def _conv(cfg: dict, shape: Shape, walk: Walk, kind: str) -> tuple[int, Shape]:
    spatial, cin, first = _channels(cfg, shape)
    kernel = _pair(cfg.get("kernel_size"), "kernel_size", walk)
    strides = _pair(cfg.get("strides", 1), "strides", walk)
    dilation = _pair(cfg.get("dilation_rate", 1), "dilation_rate", walk)
    padding = cfg.get("padding", "valid")
    out = tuple(_spatial(spatial[i], kernel[i], strides[i], padding, dilation[i]) for i in range(2))
    bias = bool(cfg.get("use_bias", True))
    area = kernel[0] * kernel[1]
    if kind == "DepthwiseConv2D":
        multiplier = _whole(cfg.get("depth_multiplier", 1), "depth_multiplier", walk)
        cout = cin * multiplier
        return area * cout + bias * cout, _image(out, cout, first)
    filters = _whole(cfg.get("filters"), "filters", walk)
    if kind == "SeparableConv2D":
        multiplier = _whole(cfg.get("depth_multiplier", 1), "depth_multiplier", walk)
        return area * cin * multiplier + cin * multiplier * filters + bias * filters, _image(out, filters, first)
    groups = max(_whole(cfg.get("groups", 1), "groups", walk), 1)
    return area * (cin // groups) * filters + bias * filters, _image(out, filters, first)


def _pool(cfg: dict, shape: Shape, walk: Walk) -> tuple[int, Shape]:
    spatial, channels, first = _channels(cfg, shape)
    size = _pair(cfg.get("pool_size", 2), "pool_size", walk)
    strides = _pair(cfg.get("strides") or size, "strides", walk)
    padding = cfg.get("padding", "valid")
    return 0, _image(tuple(_spatial(spatial[i], size[i], strides[i], padding) for i in range(2)), channels, first)


def _global_pool(cfg: dict, shape: Shape, walk: Walk) -> tuple[int, Shape]:
    _, channels, first = _channels(cfg, shape)
    return 0, (_image((1, 1), channels, first) if cfg.get("keepdims") else (channels,))


def _dense(cfg: dict, shape: Shape, walk: Walk) -> tuple[int, Shape]:
    units = _whole(cfg.get("units"), "units", walk)
    inputs = shape[-1] if shape else 1
    return inputs * units + bool(cfg.get("use_bias", True)) * units, (*shape[:-1], units)


def _normalization(cfg: dict, shape: Shape, walk: Walk, per_channel: int) -> tuple[int, Shape]:
    axes = cfg.get("axis", -1)
    size = 1
    for axis in axes if isinstance(axes, list) else [axes]:
        if isinstance(axis, bool) or not isinstance(axis, int) or axis == 0:
            raise walk.error("model-config-damaged", path=walk.path, detail=f"axis {axes!r}")
        size *= shape[axis - 1 if axis > 0 else axis]  # Keras counts the batch as axis 0
    return per_channel * size, shape


def _reshape(cfg: dict, shape: Shape, walk: Walk) -> tuple[int, Shape]:
    target = cfg.get("target_shape")
    if not isinstance(target, list | tuple):
        raise walk.error("model-config-damaged", path=walk.path, detail=f"target_shape is {target!r}")
    known: list[int] = [_whole(v, "target_shape", walk) for v in target if v != -1]
    total, given = math.prod(shape), math.prod(known)
    out: Shape
    if len(known) == len(target):
        out = tuple(known)
    elif len(known) == len(target) - 1 and given and total % given == 0:
        out = tuple(total // given if v == -1 else v for v in target)
    else:
        raise walk.error("model-config-damaged", path=walk.path, detail=f"target_shape {target!r}")
    if math.prod(out) != total:
        raise walk.error("model-config-damaged", path=walk.path, detail=f"target_shape {target!r}")
    return 0, out


ONE_INPUT: dict[str, Callable[[dict, Shape, Walk], tuple[int, Shape]]] = {
    "Dense": _dense,
    "Conv2D": lambda c, s, w: _conv(c, s, w, "Conv2D"),
    "DepthwiseConv2D": lambda c, s, w: _conv(c, s, w, "DepthwiseConv2D"),
    "SeparableConv2D": lambda c, s, w: _conv(c, s, w, "SeparableConv2D"),
    "MaxPooling2D": _pool,
    "AveragePooling2D": _pool,
    "GlobalAveragePooling2D": _global_pool,
    "GlobalMaxPooling2D": _global_pool,
    "Flatten": lambda c, s, w: (0, (math.prod(s),)),
    "Reshape": _reshape,
    "BatchNormalization": lambda c, s, w: _normalization(c, s, w, 4),
    "LayerNormalization": lambda c, s, w: _normalization(c, s, w, 2),
    **{name: (lambda c, s, w: (0, s)) for name in SHAPE_KEEPING},
}


def _merge(kind: str, cfg: dict, shapes: list[Shape], walk: Walk) -> Shape:
    if kind != "Concatenate":
        return shapes[0]
    axis = cfg.get("axis", -1)
    rank = len(shapes[0])
    index = (axis - 1) if isinstance(axis, int) and axis > 0 else (axis + rank if isinstance(axis, int) else -1)
    if not 0 <= index < rank or any(len(s) != rank for s in shapes):
        raise walk.error("model-config-damaged", path=walk.path, detail=f"Concatenate axis {axis!r}")
    return tuple(sum(s[index] for s in shapes) if i == index else d for i, d in enumerate(shapes[0]))


def _apply(layer: dict, shapes: list[Shape], walk: Walk, first_time: bool = True) -> Shape:
    """Count ``layer`` called on ``shapes`` (a layer called again, on another input, adds no weights); its
    output shape."""
    if not isinstance(layer, dict):
        raise walk.error("model-config-damaged", path=walk.path, detail="a layer is not an object")
    kind, cfg = layer.get("class_name"), layer.get("config") or {}
    name = cfg.get("name") or layer.get("name") or kind
    if kind in MODELS:
        out = _model(layer, shapes[0], walk, count=first_time)
    else:
        walk.layers += first_time
        if walk.layers > limits.MODEL_LAYERS:
            limit = limits.MODEL_LAYERS
            raise walk.error("model-too-many-layers", path=walk.path, count=walk.layers, limit=limit)
        if kind in MERGING or kind == "Concatenate":
            out = _merge(kind, cfg, shapes, walk)
        elif kind in ONE_INPUT:
            params, out = _layer_size(kind, cfg, shapes[0], walk)
            declared = _shape((layer.get("build_config") or {}).get("input_shape"), walk)
            if declared is not None and declared != shapes[0]:  # Keras builds from the declared shape too
                params = max(params, _layer_size(kind, cfg, declared, walk)[0])
            walk.parameters += params if first_time else 0
        else:
            raise walk.error("model-unknown-layer", path=walk.path, layer=kind)
    _check(name, out, walk)
    return out


def _layer_size(kind: str, cfg: dict, shape: Shape, walk: Walk) -> tuple[int, Shape]:
    try:
        return ONE_INPUT[kind](cfg, shape, walk)
    except (ValueError, TypeError, IndexError, KeyError) as exc:
        raise walk.error("model-config-damaged", path=walk.path, detail=f"{kind}: {exc}") from None


def _check(name, out: Shape, walk: Walk) -> None:
    if walk.parameters > limits.MODEL_PARAMETERS:
        raise walk.error(
            "model-too-many-parameters", path=walk.path, count=walk.parameters, limit=limits.MODEL_PARAMETERS
        )
    if any(d <= 0 for d in out):
        raise walk.error("model-config-damaged", path=walk.path, detail=f"layer {name} gives shape {out}")
    size = math.prod(out)
    if size > limits.MODEL_ACTIVATIONS:
        raise walk.error("model-layer-too-wide", path=walk.path, layer=name, count=size, limit=limits.MODEL_ACTIVATIONS)


def _model(model: dict, given: Shape | None, walk: Walk, count: bool = True) -> Shape:
    """Walk a Sequential or Functional model's layers; its output shape."""
    cfg = model.get("config") or {}
    layers = cfg.get("layers")
    if not isinstance(layers, list):
        raise walk.error("model-config-damaged", path=walk.path, detail="a model without a list of layers")
    if not count:  # a shared nested model, already counted: only its output shape matters
        saved = walk.parameters, walk.layers
    if model.get("class_name") == "Sequential":
        out = _sequential(model, layers, given, walk)
    else:
        out = _functional(cfg, layers, walk)
    if not count:
        walk.parameters, walk.layers = saved
    return out


def _sequential(model: dict, layers: list, given: Shape | None, walk: Walk) -> Shape:
    cfg = model.get("config") or {}
    declared = [
        _shape(layer.get("config", {}).get("batch_shape"), walk)
        for layer in layers
        if isinstance(layer, dict) and layer.get("class_name") == "InputLayer"
    ]
    for candidate in (cfg.get("build_input_shape"), (model.get("build_config") or {}).get("input_shape")):
        declared.append(_shape(candidate, walk))
    starts = list(dict.fromkeys(s for s in [given, *declared] if s is not None))
    if not starts:
        raise walk.error("model-config-damaged", path=walk.path, detail="no input shape")
    base = walk.parameters, walk.layers
    passes = []
    for start in starts:  # every input shape Keras may build this model for: the largest counts
        walk.parameters, walk.layers = base
        _check("input", start, walk)
        shape = start
        for layer in layers:
            if isinstance(layer, dict) and layer.get("class_name") == "InputLayer":
                continue
            shape = _apply(layer, [shape], walk)
        passes.append((walk.parameters, walk.layers, shape))
    walk.parameters = max(p[0] for p in passes)
    walk.layers = max(p[1] for p in passes)
    return passes[0][2]


def _history(args, found: list) -> list:
    """The (layer name, node index) of each Keras tensor in a functional node's arguments, in order."""
    if isinstance(args, dict):
        if args.get("class_name") == "__keras_tensor__":
            history = (args.get("config") or {}).get("keras_history") or [None, 0]
            found.append((history[0], history[1] if len(history) > 1 else 0))
        else:
            for value in args.values():
                _history(value, found)
    elif isinstance(args, list | tuple):
        for value in args:
            _history(value, found)
    return found


def _functional(cfg: dict, layers: list, walk: Walk) -> Shape:
    produced: dict[tuple, Shape] = {}
    for layer in layers:
        if not isinstance(layer, dict):
            raise walk.error("model-config-damaged", path=walk.path, detail="a layer is not an object")
        name = layer.get("name") or (layer.get("config") or {}).get("name")
        if layer.get("class_name") == "InputLayer":
            shape = _shape((layer.get("config") or {}).get("batch_shape"), walk)
            if shape is None:
                raise walk.error("model-config-damaged", path=walk.path, detail=f"input {name} has no shape")
            _check(name, shape, walk)
            produced[(name, 0)] = shape
            continue
        for index, node in enumerate(layer.get("inbound_nodes") or []):
            sources = _history(node.get("args") if isinstance(node, dict) else node, [])
            try:
                shapes = [produced[source] for source in sources]
            except (KeyError, TypeError):
                raise walk.error(
                    "model-config-damaged", path=walk.path, detail=f"layer {name} takes an unknown input"
                ) from None
            if not shapes:
                raise walk.error("model-config-damaged", path=walk.path, detail=f"layer {name} has no input")
            produced[(name, index)] = _apply(layer, shapes, walk, first_time=index == 0)
    outputs = _history_of_outputs(cfg.get("output_layers"))
    if not outputs or outputs[0] not in produced:
        raise walk.error("model-config-damaged", path=walk.path, detail="no output")
    return produced[outputs[0]]


def _history_of_outputs(value) -> list:
    """[(layer name, node index)] from ``output_layers``: [name, node, tensor] or a list of those."""
    if isinstance(value, list) and len(value) == 3 and isinstance(value[0], str):
        return [(value[0], value[1])]
    if isinstance(value, list):
        return [pair for item in value for pair in _history_of_outputs(item)]
    return []


@dataclass(frozen=True)
class Architecture:
    parameters: int
    layers: int
    output: Shape  # one image's output: (10,), or (members, 10) for an ensemble


def check_architecture(config: dict, path, error: type[Problem] = Problem) -> Architecture:
    """The size of the network ``config`` (config.json, parsed) declares, for the 28x28x1 input digitpad
    gives it; raises ``error`` (naming ``path``) for one too big to build or that cannot be checked."""
    walk = Walk(path, error)
    if not isinstance(config, dict) or config.get("class_name") not in MODELS:
        raise error("model-config-damaged", path=path, detail="the top level is not a model")
    try:
        out = _model(config, None, walk)
    except RecursionError:
        raise error("model-config-damaged", path=path, detail="nested too deeply") from None
    return Architecture(walk.parameters, walk.layers, out)
