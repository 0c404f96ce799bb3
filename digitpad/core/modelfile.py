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
import logging
import math
import os
import shutil
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from digitpad import __version__
from digitpad.core import archive, atomic, limits, modelcheck
from digitpad.core.inputfiles import check_regular
from digitpad.core.problems import Problem, english, short_detail
from digitpad.core.tfsetup import tensorflow_module
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

METADATA_ENTRY = "digitpad.json"

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
        return clean_metadata(self.metadata).get("test_accuracy")

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
        """The description in English, e.g. "m.keras — test accuracy 99.48%"."""
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
    tmp = atomic.partial_path(path)  # ends in .keras, as Keras insists
    try:
        keras.saving.save_model(model, tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # an ordinary document, whatever Keras made it
        with zipfile.ZipFile(tmp, "a") as zf:
            zf.writestr(METADATA_ENTRY, json.dumps(meta, indent=1, default=_json_default))
        atomic.replace_atomically(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def check_output_path(path: str | Path, size_estimate: int = 0) -> Path:
    """Before a long run: can a model file be written at ``path``? Raises ``ModelFileError`` if not (wrong
    suffix, not a file, a folder that cannot be made or written to, too little free space for
    ``size_estimate`` bytes), so that nothing is trained for a file that cannot be saved."""
    path = Path(path)
    if path.suffix != ".keras":
        raise ModelFileError("model-wrong-suffix", path=path)
    if os.path.exists(path):
        check_regular(path, sys.maxsize, ModelFileError)  # a folder, a pipe or a device is no target
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = atomic.partial_path(path)
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
        free = shutil.disk_usage(path.parent).free
    except OSError as exc:
        raise ModelFileError.from_os_error(exc, path) from None
    if free < size_estimate:
        raise ModelFileError("model-no-space", path=path, free=archive.mb(free), need=archive.mb(size_estimate))
    return path


def rescue_folder() -> Path:
    """Where a trained model goes when it cannot be saved where the user asked: the user's data folder."""
    return user_data_dir() / "rescued"


def save_or_rescue(model, path: str | Path, metadata: dict | None = None) -> Path:
    """Save to ``path``; if that fails, save in ``rescue_folder()`` instead and raise ``ModelFileError``
    "model-rescued" saying why and where (or "model-lost" if even that failed): a trained model is never
    dropped without a word."""
    path = Path(path)
    try:
        return save_model(model, path, metadata)
    except (Problem, OSError) as exc:
        problem = exc if isinstance(exc, Problem) else ModelFileError.from_os_error(exc, path)
        log.info("could not save the trained model to %s: %s", path, problem)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = rescue_folder() / f"{path.stem or 'model'}-{stamp}.keras"
    try:
        save_model(model, target, metadata)
    except (Problem, OSError) as exc:
        other = exc if isinstance(exc, Problem) else ModelFileError.from_os_error(exc, target)
        raise ModelFileError("model-lost", problem=problem, other=other) from None
    log.info("saved the trained model to %s instead", target)
    raise ModelFileError("model-rescued", problem=problem, path=target)


def _json_default(value):
    try:
        return value.item()  # numpy scalars
    except AttributeError:
        return str(value)


def _faults(path: Path) -> archive.Faults:
    return archive.Faults(
        path,
        ModelFileError,
        not_zip=lambda: _not_a_model_archive(path),
        unreadable=lambda detail: ModelFileError("model-unreadable", path=path, detail=detail),
        too_big=lambda size: ModelFileError("model-too-large", path=path, size=size),
    )


def _not_a_model_archive(path: Path) -> ModelFileError:
    """Not a zip archive: a picture opened as a model by mistake is named as such (the file is known to be
    an ordinary one by now: the archive check opened it first)."""
    picture = image_format(path)
    if picture is not None:
        return ModelFileError("model-is-image", path=path, format=picture)
    return ModelFileError("model-not-zip", path=path)


def open_model_archive(path: Path):
    """The model file as a checked archive (see core/archive.py), or ``ModelFileError``."""
    return archive.open_archive(_faults(path), limits.MODEL_FILE_BYTES, limits.MODEL_UNPACKED_BYTES)


def _metadata_of(zf: zipfile.ZipFile, path: Path) -> dict:
    if METADATA_ENTRY not in zf.namelist():
        return {}
    raw = archive.read_member(zf, METADATA_ENTRY, limits.MODEL_METADATA_BYTES, _faults(path))
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # ValueError: JSON, or a number too long
        raise ModelFileError("model-metadata-damaged", path=path, detail=short_detail(exc)) from None
    if not isinstance(meta, dict):
        raise ModelFileError("model-metadata-not-object", path=path)
    return clean_metadata(meta, path)


def clean_metadata(meta: dict, path=None) -> dict:
    """The metadata with values of the wrong kind dropped (a log line each): the file is only data, and a
    hand-edited ``"test_accuracy": "high"`` must not break what shows it."""
    accuracy = meta.get("test_accuracy")
    if accuracy is not None and not (
        isinstance(accuracy, int | float) and not isinstance(accuracy, bool) and 0.0 <= accuracy <= 1.0
    ):
        log.info("%s: ignoring test_accuracy=%.40r in the metadata: not a share from 0 to 1", path, accuracy)
        meta = {k: v for k, v in meta.items() if k != "test_accuracy"}
    return meta


def read_metadata(path: str | Path) -> dict:
    """The digitpad metadata of a model file without loading TensorFlow (``{}`` if it has none)."""
    path = Path(path)
    with open_model_archive(path) as zf:
        return _metadata_of(zf, path)


def check_contents(zf: zipfile.ZipFile, path: Path) -> None:
    """Everything that can be checked before Keras builds the network: the entries, their checksums,
    the size of the network the description declares, and the sizes the weights file declares."""
    names = set(zf.namelist())
    if not {"config.json", "model.weights.h5"} <= names:
        raise ModelFileError("model-not-keras", path=path)
    try:
        bad = zf.testzip()  # reads every entry in bounded pieces: each stops at its declared size
    except archive.DAMAGED as exc:
        raise ModelFileError("model-unreadable", path=path, detail=short_detail(exc)) from None
    if bad is not None:
        raise ModelFileError("model-checksum", path=path, entry=bad)
    raw = archive.read_member(zf, "config.json", limits.MODEL_CONFIG_BYTES, _faults(path))
    try:
        config = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ModelFileError("model-config-damaged", path=path, detail=short_detail(exc)) from None
    modelcheck.check_architecture(config, path, ModelFileError)
    _check_weights(zf, path)


def _check_weights(zf: zipfile.ZipFile, path: Path) -> None:
    """The weights file must hold every byte it declares: an HDF5 dataset can declare gigabytes of
    compressed (or never written) data in a few bytes, and Keras reads a dataset whole."""
    import h5py  # a TensorFlow dependency, but light: it does not import TensorFlow

    info = zf.getinfo("model.weights.h5")
    declared = 0

    def add(_name, item) -> None:
        nonlocal declared
        if isinstance(item, h5py.Dataset):
            declared += math.prod(item.shape or ()) * item.dtype.itemsize

    try:
        with zf.open(info) as member, h5py.File(member, "r") as weights:
            weights.visititems(add)
    except (OSError, ValueError, RuntimeError, KeyError, TypeError) as exc:
        raise ModelFileError("model-unreadable", path=path, detail=short_detail(exc)) from None
    if declared > info.file_size:
        raise ModelFileError(
            "model-weights-too-big", path=path, megabytes=archive.mb(declared), stored=archive.mb(info.file_size)
        )


def load_model(path: str | Path) -> LoadedModel:
    """Load a model file, checking that it is a digit classifier; ``ModelFileError`` otherwise.

    Every check that needs no TensorFlow comes first (see ``check_contents``): a hostile file is refused
    before Keras builds or reads anything from it.
    """
    path = Path(path)
    with open_model_archive(path) as zf:
        meta = _metadata_of(zf, path)
        check_contents(zf, path)
    tensorflow_module()
    import keras

    try:
        model = keras.saving.load_model(path, compile=False, safe_mode=True)
    except Exception as exc:  # Keras raises many kinds; all mean the same to a user
        log.info("Keras could not load %s", path, exc_info=True)
        detail = short_detail(f"{type(exc).__name__}: {short_detail(exc)}")
        raise ModelFileError("model-cannot-load", path=path, detail=detail) from None
    check_model_shape(model, path)
    return LoadedModel(model, meta, path)


def check_model_shape(model, path) -> None:
    try:
        in_shape, out_shape = tuple(model.input_shape), tuple(model.output_shape)
    except (AttributeError, ValueError):
        raise ModelFileError("model-no-single-io", path=path) from None
    if in_shape[1:] != (28, 28, 1) or out_shape[-1] != 10 or len(out_shape) not in (2, 3):
        raise ModelFileError("model-wrong-shape", path=path, input=in_shape, output=out_shape)
