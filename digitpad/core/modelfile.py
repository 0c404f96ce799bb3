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
from digitpad.core.problems import Problem, english
from digitpad.core.tfsetup import tensorflow_module

METADATA_ENTRY = "digitpad.json"
MAX_FILE_BYTES = 512 * 1024 * 1024

# How a loaded model is named on screen (``LoadedModel.description``): code -> English template.
DESCRIPTIONS = {
    "model": "{name} — test accuracy {accuracy:.2%}",
    "model-untested": "{name} — test accuracy unknown",
    "ensemble": "{name}, ensemble of {members} — test accuracy {accuracy:.2%}",
    "ensemble-untested": "{name}, ensemble of {members} — test accuracy unknown",
}
UNSAVED_NAME = "unsaved model"  # the English ``name`` of a model that has no file
# The first bytes of the pictures a student is most likely to open by mistake.
IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def image_format(path: Path) -> str | None:
    """ "PNG", "JPEG", ... when the file starts like a picture (WebP: RIFF....WEBP), else None."""
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError:
        return None
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return next((name for magic, name in IMAGE_SIGNATURES if head.startswith(magic)), None)


class ModelFileError(Problem):
    """The file is missing, corrupt or not a digit model; the code says which and ``path`` names the file."""


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

    def description(self) -> tuple[str, dict]:
        """(code of ``DESCRIPTIONS``, values): file name (None when unsaved), ensemble size, test accuracy."""
        code = "ensemble" if self.members > 1 else "model"
        if self.test_accuracy is None:
            code += "-untested"
        values = {"name": self.path.name if self.path else None, "members": self.members}
        return code, values | {"accuracy": self.test_accuracy}

    def describe(self) -> str:
        """The description in English, e.g. "m.keras — test accuracy 99.27%"."""
        code, values = self.description()
        return english(code, values | {"name": values["name"] or UNSAVED_NAME}, DESCRIPTIONS)


def save_model(model, path: str | Path, metadata: dict | None = None) -> Path:
    """Write ``model`` and its metadata to ``path``; the old file survives any failure mid-save."""
    tensorflow_module()
    import keras

    path = Path(path)
    if path.suffix != ".keras":
        raise ModelFileError("model-wrong-suffix", path=path)
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
    except (zipfile.BadZipFile, EOFError) as exc:
        raise ModelFileError("model-unreadable", path=path, detail=str(exc)) from None
    except OSError as exc:
        raise ModelFileError.from_os_error(exc, path) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError("model-metadata-damaged", path=path, detail=str(exc)) from None
    if not isinstance(meta, dict):
        raise ModelFileError("model-metadata-not-object", path=path)
    return meta


def load_model(path: str | Path) -> LoadedModel:
    """Load a model file, checking that it is a digit classifier; ``ModelFileError`` otherwise."""
    path = Path(path)
    if not path.exists():
        raise ModelFileError("file-not-found", path=path)
    if path.is_dir():
        raise ModelFileError("is-a-folder", path=path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ModelFileError("model-too-large", path=path, size=path.stat().st_size)
    if not zipfile.is_zipfile(path):
        picture = image_format(path)
        if picture is not None:  # a drawing opened as a model: say what it is
            raise ModelFileError("model-is-image", path=path, format=picture)
        raise ModelFileError("model-not-zip", path=path)
    meta = read_metadata(path)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        if not {"config.json", "model.weights.h5"} <= names:
            raise ModelFileError("model-not-keras", path=path)
        bad = zf.testzip()
        if bad is not None:
            raise ModelFileError("model-checksum", path=path, entry=bad)
    tensorflow_module()
    import keras

    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many kinds; all mean the same to a user
        raise ModelFileError("model-cannot-load", path=path, detail=f"{type(exc).__name__}: {exc}") from None
    check_model_shape(model, path)
    return LoadedModel(model, meta, path)


def check_model_shape(model, path) -> None:
    try:
        in_shape, out_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError):
        raise ModelFileError("model-no-single-io", path=path) from None
    if in_shape[1:] != (28, 28, 1) or out_shape[-1] != 10 or len(out_shape) not in (2, 3):
        raise ModelFileError("model-wrong-shape", path=path, input=in_shape, output=out_shape)
