"""Save and load ``.keras`` model files with digitpad's metadata, atomically and without running code.

A ``.keras`` file is a zip archive; digitpad adds one entry, ``digitpad.json``, holding the config,
training history, dataset, test accuracy, date and digitpad version. Loading uses Keras's safe mode
(no lambda layers, no unregistered classes) and never unpickles: a model file from another machine is
data, not a program.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digitpad import __version__
from digitpad.core.tfsetup import tensorflow_module

METADATA_ENTRY = "digitpad.json"
MAX_FILE_BYTES = 512 * 1024 * 1024


class ModelFileError(Exception):
    """The file is missing, corrupt or not a digit model; the message says which and names the file."""


@dataclass
class LoadedModel:
    model: Any  # a Keras model
    metadata: dict = field(default_factory=dict)
    path: Path | None = None

    @property
    def test_accuracy(self) -> float | None:
        return self.metadata.get("test_accuracy")

    @property
    def members(self) -> int:
        shape = self.model.output_shape
        return shape[1] if len(shape) == 3 else 1

    def describe(self) -> str:
        name = self.path.name if self.path else "unsaved model"
        acc = self.test_accuracy
        kind = f", ensemble of {self.members}" if self.members > 1 else ""
        return f"{name}{kind}" + (f" — test accuracy {acc:.2%}" if acc is not None else " — test accuracy unknown")


def save_model(model, path: str | Path, metadata: dict | None = None) -> Path:
    """Write ``model`` and its metadata to ``path``; the old file survives any failure mid-save."""
    tensorflow_module()
    import keras

    path = Path(path)
    if path.suffix != ".keras":
        raise ModelFileError(f"{path}: model files must end in .keras")
    meta = dict(metadata or {})
    meta.setdefault("saved", dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
    meta["digitpad_version"] = __version__
    meta["format"] = "digitpad-model-1"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".keras", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a model file is an ordinary document
    try:
        keras.saving.save_model(model, tmp)
        with zipfile.ZipFile(tmp, "a") as zf:
            zf.writestr(METADATA_ENTRY, json.dumps(meta, indent=1, default=_json_default))
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def _json_default(value):
    try:
        return value.item()  # numpy scalars
    except AttributeError:
        return str(value)


def read_metadata(path: str | Path) -> dict:
    """The digitpad metadata of a model file without loading TensorFlow (``{}`` if it has none)."""
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            if METADATA_ENTRY not in zf.namelist():
                return {}
            meta = json.loads(zf.read(METADATA_ENTRY).decode("utf-8"))
    except FileNotFoundError:
        raise ModelFileError(f"{path}: file not found") from None
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ModelFileError(f"{path}: not a model file, or the file is damaged ({exc})") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"{path}: the model's digitpad metadata is damaged ({exc})") from None
    if not isinstance(meta, dict):
        raise ModelFileError(f"{path}: the model's digitpad metadata is damaged (not a JSON object)")
    return meta


def load_model(path: str | Path) -> LoadedModel:
    """Load a model file, checking that it is a digit classifier; ``ModelFileError`` otherwise."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError(f"{path}: file not found")
    if path.is_dir():
        raise ModelFileError(f"{path}: is a folder, not a model file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ModelFileError(f"{path}: too large to be a digitpad model ({path.stat().st_size:,} bytes)")
    if not zipfile.is_zipfile(path):
        raise ModelFileError(f"{path}: not a .keras model file (it is not a zip archive); the file may be damaged")
    meta = read_metadata(path)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if not {"config.json", "model.weights.h5"} <= names:
            raise ModelFileError(f"{path}: not a Keras model file (config.json or model.weights.h5 is missing)")
        bad = zf.testzip()
        if bad is not None:
            raise ModelFileError(f"{path}: the file is damaged (entry {bad} fails its checksum)")
    tensorflow_module()
    import keras

    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many kinds; all mean the same to a user
        raise ModelFileError(f"{path}: cannot load this model ({type(exc).__name__}: {exc})") from None
    check_model_shape(model, path)
    return LoadedModel(model, meta, path)


def check_model_shape(model, path) -> None:
    try:
        in_shape, out_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError):
        raise ModelFileError(f"{path}: not a digit classifier (it has no single input and output)") from None
    if in_shape[1:] != (28, 28, 1) or out_shape[-1] != 10 or len(out_shape) not in (2, 3):
        raise ModelFileError(
            f"{path}: not a digit classifier: digitpad needs 28x28x1 images in and 10 probabilities out, "
            f"this model takes {in_shape} and gives {out_shape}"
        )
