"""A self-contained web page that classifies a drawing in the browser, offline, with the model's own weights.

The page (``resources/web/classifier.html``) carries a plain-JavaScript forward pass of the layers
digitpad builds (valid 2-D convolutions, max-pooling, flatten, dense, ReLU and softmax; dropout does
nothing when predicting) and the weights, embedded as base64 float32 in a JSON block. It loads nothing
from the network (its Content-Security-Policy forbids it). An ensemble's members are all embedded and
averaged, as in the app.

``page_probabilities`` reads the model back out of a page's text and runs the same arithmetic as the
page's script, layer by layer in float64, in NumPy: the export's check that the embedded weights and
layer order give the app's probabilities. The tests run the page's JavaScript itself in headless Chromium.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import json
import re

import numpy as np

from digitpad import __version__
from digitpad.core import limits
from digitpad.core.export import ExportError
from digitpad.core.resources import resource

PAGE_FORMAT = "digitpad-web-model-1"
TEMPLATE = "web/classifier.html"
MODEL_MARK, TITLE_MARK, FOOTER_MARK = "__DIGITPAD_MODEL_JSON__", "__DIGITPAD_TITLE__", "__DIGITPAD_FOOTER__"
ACTIVATIONS = ("linear", "relu", "softmax")
_MODEL_BLOCK = re.compile(rb'<script type="application/json" id="digitpad-model">(.*?)</script>', re.DOTALL)


def _activation(layer) -> str:
    name = getattr(getattr(layer, "activation", None), "__name__", "linear")
    if name not in ACTIVATIONS:
        raise ExportError("export-unsupported-layer", layer=layer.name, kind=f"{type(layer).__name__} ({name})")
    return name


def _array(values) -> dict:
    data = np.ascontiguousarray(np.asarray(values, dtype="<f4"))
    return {"shape": list(data.shape), "data": base64.b64encode(data.tobytes()).decode("ascii")}


def _layer_spec(layer) -> dict | None:
    """One layer as the page's script runs it; None for layers that do nothing when predicting."""
    kind = type(layer).__name__
    config = layer.get_config()
    if kind in ("InputLayer", "Dropout"):
        return None
    if kind == "Flatten":
        return {"type": "flatten"}
    if kind == "Conv2D":
        plain = (
            config.get("padding") == "valid"
            and tuple(config.get("strides", (1, 1))) == (1, 1)
            and tuple(config.get("dilation_rate", (1, 1))) == (1, 1)
            and config.get("data_format", "channels_last") == "channels_last"
            and config.get("groups", 1) == 1
        )
        if plain:
            kernel, bias = (np.asarray(w) for w in layer.get_weights())
            return {"type": "conv", "activation": _activation(layer), "kernel": _array(kernel), "bias": _array(bias)}
    elif kind == "MaxPooling2D":
        if config.get("padding") == "valid" and config.get("data_format", "channels_last") == "channels_last":
            pool = [int(v) for v in config["pool_size"]]
            strides = [int(v) for v in (config.get("strides") or pool)]
            return {"type": "maxpool", "pool": pool, "strides": strides}
    elif kind == "Dense":
        kernel, bias = (np.asarray(w) for w in layer.get_weights())
        return {"type": "dense", "activation": _activation(layer), "kernel": _array(kernel), "bias": _array(bias)}
    raise ExportError("export-unsupported-layer", layer=layer.name, kind=kind)


def model_description(keras_model) -> dict:
    """The model as the page embeds it: each member's layers with their weights."""
    shape = tuple(keras_model.output_shape)
    if len(shape) == 3:  # one of digitpad's ensembles: the member networks are its sub-models
        import keras

        members = [layer for layer in keras_model.layers if isinstance(layer, keras.Model)]
        if len(members) != shape[1]:
            raise ExportError("export-unsupported-layer", layer=keras_model.name, kind="ensemble")
    else:
        members = [keras_model]
    described = [[spec for spec in map(_layer_spec, member.layers) if spec is not None] for member in members]
    return {"format": PAGE_FORMAT, "ensemble": len(shape) == 3, "members": [{"layers": m} for m in described]}


def page_text(keras_model, title: str = "digitpad") -> str:
    """The whole page, ready to save as .html."""
    model = json.dumps(model_description(keras_model), separators=(",", ":")).replace("</", "<\\/")
    date = dt.datetime.now(dt.timezone.utc).date().isoformat()
    footer = f"digitpad {__version__}, {date}"
    template = resource(TEMPLATE).read_text(encoding="utf-8")
    return (
        template.replace(TITLE_MARK, html.escape(title))
        .replace(FOOTER_MARK, html.escape(footer))
        .replace(MODEL_MARK, model)
    )


def page_bytes(keras_model, title: str = "digitpad") -> bytes:
    return page_text(keras_model, title).encode("utf-8")


# -- reading a page's model back, and running it as its script does -----------------------------------


def _decode(array: dict, where: str) -> np.ndarray:
    try:
        shape = [int(v) for v in array["shape"]]
        raw = base64.b64decode(array["data"], validate=True)
    except (KeyError, TypeError, ValueError) as exc:
        raise ExportError("page-model-damaged", detail=f"{where}: {exc}") from None
    if any(v <= 0 for v in shape) or int(np.prod(shape)) * 4 != len(raw):
        raise ExportError("page-model-damaged", detail=f"{where}: {len(raw)} bytes for shape {shape}")
    return np.frombuffer(raw, dtype="<f4").reshape(shape)


def read_page_model(page: bytes) -> dict:
    """The model embedded in a page's text (what ``model_description`` wrote)."""
    if len(page) > limits.WEB_PAGE_BYTES:
        raise ExportError("page-model-damaged", detail=f"{len(page):,} bytes")
    found = _MODEL_BLOCK.search(page)
    if found is None:
        raise ExportError("page-model-damaged", detail="no embedded model")
    try:
        model = json.loads(found.group(1).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ExportError("page-model-damaged", detail=str(exc)) from None
    if not isinstance(model, dict) or model.get("format") != PAGE_FORMAT or not model.get("members"):
        raise ExportError("page-model-damaged", detail="not a digitpad web model")
    return model


def _apply(layer: dict, x: np.ndarray, where: str) -> np.ndarray:
    """One layer on a batch (n, h, w, c) or (n, features), in float64 like the page's JavaScript."""
    kind = layer.get("type")
    if kind == "conv":
        kernel, bias = _decode(layer["kernel"], where), _decode(layer["bias"], where)
        kh, kw = kernel.shape[:2]
        h, w = x.shape[1] - kh + 1, x.shape[2] - kw + 1
        patches = np.stack([x[:, dy : dy + h, dx : dx + w, :] for dy in range(kh) for dx in range(kw)], axis=3)
        out = patches.reshape(len(x), h, w, -1) @ kernel.reshape(-1, kernel.shape[3]).astype(np.float64)
        return _activate(out + bias, layer["activation"])
    if kind == "maxpool":
        (ph, pw), (sh, sw) = layer["pool"], layer["strides"]
        h, w = (x.shape[1] - ph) // sh + 1, (x.shape[2] - pw) // sw + 1
        windows = [x[:, dy : dy + sh * h : sh, dx : dx + sw * w : sw, :] for dy in range(ph) for dx in range(pw)]
        return np.max(windows, axis=0)
    if kind == "flatten":
        return x.reshape(len(x), -1)
    if kind == "dense":
        kernel, bias = _decode(layer["kernel"], where), _decode(layer["bias"], where)
        return _activate(x @ kernel.astype(np.float64) + bias, layer["activation"])
    raise ExportError("page-model-damaged", detail=f"{where}: unknown layer {kind!r}")


def _activate(x: np.ndarray, name: str) -> np.ndarray:
    if name == "relu":
        return np.maximum(x, 0.0)
    if name == "softmax":
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)
    return x


def page_probabilities(page: bytes, images: np.ndarray) -> np.ndarray:
    """What the page computes for float32 (n, 28, 28, 1) images: (n, 10), or (n, N, 10) for an ensemble."""
    model = read_page_model(page)
    outputs = []
    for m, member in enumerate(model["members"]):
        x = np.asarray(images, np.float64)
        for i, layer in enumerate(member.get("layers", [])):
            x = _apply(layer, x, f"member {m + 1}, layer {i + 1}")
        outputs.append(x)
    if model.get("ensemble"):
        return np.stack(outputs, axis=1)
    return outputs[0]
