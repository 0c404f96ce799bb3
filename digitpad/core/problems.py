"""What went wrong, as data: a stable ``code`` and the facts (``values``), with one English sentence per code.

The core never words a message for a person. It raises subclasses of ``Problem`` (``DatasetError``,
``ModelFileError``, ``ConfigError``, ``LessonError``, ...) built from a kebab-case code and named values,
e.g. ``DatasetError("labels-out-of-range", path=..., label=12)``. ``str(exc)`` and the command line fill
in the English template below; the window fills in its own translated template for the same code
(``digitpad/ui/messages.py``), and a test keeps the two tables in step.
"""

from __future__ import annotations

import errno
import logging

log = logging.getLogger(__name__)

# Every problem the core can report: code -> English template (str.format fields named after the values).
PROBLEMS = {
    # Files, as the operating system reports them (see os_problem).
    "file-not-found": "{path}: file not found",
    "permission-denied": "{path}: permission denied",
    "is-a-folder": "{path}: is a folder, not a file",
    "not-a-folder": "{path}: part of this path is not a folder",
    "disk-full": "{path}: the disk is full",
    "read-only": "{path}: the disk or folder is read-only",
    "file-error": "{path}: the system could not read or write this file (error {error})",
    "unnamed-disk-full": "a file could not be written: the disk is full",
    "unnamed-permission-denied": "a file could not be read or written: permission denied",
    "unnamed-read-only": "a file could not be written: the disk or folder is read-only",
    "unnamed-file-error": "a file could not be read or written (system error {error})",
    # Errors nobody foresaw (core/logsetup.py): where the details are.
    "unexpected-error": "unexpected error ({detail}); the details are in {log}",
    "unexpected-no-log": "unexpected error ({detail}); run again with --debug for the details",
    "out-of-memory": "not enough memory; try fewer training images, a smaller batch or pooling on (details in {log})",
    "out-of-memory-no-log": "not enough memory; try fewer training images, a smaller batch or pooling on",
    # Files that are not ordinary files, or too big to read (core/inputfiles.py).
    "file-is-a-pipe": "{path}: a named pipe, not a file; digitpad reads only ordinary files",
    "file-is-a-device": "{path}: a device, not a file; digitpad reads only ordinary files",
    "file-is-special": "{path}: not an ordinary file; digitpad reads only ordinary files",
    "file-too-big": "{path}: too big ({size:,} bytes; digitpad reads at most {limit:,} bytes from such a file)",
    # Zip archives: .keras models, .npz files (core/archive.py).
    "archive-too-many-entries": (
        "{path}: the zip archive lists {count:,} entries, more than {limit} (damaged, or not what it claims to be)"
    ),
    "archive-directory-too-big": (
        "{path}: the zip archive's directory takes {size:,} bytes, more than {limit:,} "
        "(damaged, or not what it claims to be)"
    ),
    "archive-unpacks-too-big": "{path}: unpacks to {megabytes:,.0f} MB in all, more than {limit} MB (a zip bomb?)",
    "archive-entry-too-big": "{path}: unpacks to {megabytes:,.0f} MB, more than {limit} MB (a zip bomb?)",
    # Datasets (core/data.py).
    "folder-not-found": "{path}: folder not found",
    "path-not-found": "{path}: not found",
    "not-a-dataset": "{path}: not a dataset; give a folder of IDX files or an .npz file",
    "corrupt-gzip": "{path}: truncated or corrupt gzip data ({detail})",
    "idx-too-short": "{path}: too short to be an IDX file ({size} bytes)",
    "idx-images-wrong-magic": (
        "{path}: wrong magic number 0x{magic:08x}; an IDX images file starts with 0x{expected:08x}"
    ),
    "idx-labels-wrong-magic": (
        "{path}: wrong magic number 0x{magic:08x}; an IDX labels file starts with 0x{expected:08x}"
    ),
    "idx-truncated-header": "{path}: truncated header",
    "idx-wrong-image-size": "{path}: images are {size}, digitpad needs 28x28",
    "idx-truncated": "{path}: truncated: the header promises {expected:,} bytes of data, the file has {got:,}",
    "images-wrong-shape": "{path}: images have shape {shape}; digitpad needs (n, 28, 28)",
    "labels-wrong-shape": "{path}: labels have shape {shape}; digitpad needs (n,)",
    "count-mismatch": "{path}: {images:,} images but {labels:,} labels; the counts must match",
    "no-images": "{path}: no images",
    "labels-out-of-range": "{path}: label {label} out of range; labels must be 0 to 9",
    "pixels-out-of-range": "{path}: pixel values outside 0..255",
    "dataset-images-wrong-type": (
        "{path}: images are {dtype}; a data set's pixels must be whole numbers from 0 to 255 (uint8 is best)"
    ),
    "dataset-images-unit-range": (
        "{path}: images are {dtype} between 0 and 1; a data set's pixels are 0 to 255 "
        "(multiply by 255 and store them as uint8)"
    ),
    "dataset-images-not-whole": (
        "{path}: images are {dtype} with values that are not whole numbers; digitpad converts only exactly "
        "(store them as uint8, 0 to 255)"
    ),
    "npz-missing-arrays": (
        "{path}: missing arrays {names} (a Keras-style mnist.npz has x_train, y_train, x_test, y_test)"
    ),
    "npz-unreadable": "{path}: not a readable .npz file ({detail})",
    # Handwriting files and the store (core/handwriting.py).
    "handwriting-file-too-big": "{path}: {megabytes:,.0f} MB is too big for a handwriting file (at most {limit} MB)",
    "npy-not-plain": "{path}: not a plain numpy array ({detail})",
    "npy-objects": ("{path}: holds Python objects or records (pickled data); digitpad reads only numbers and text"),
    "too-many-entries": "{path}: {count:,} entries; at most {limit:,} are accepted",
    "npy-size-mismatch": ("{path}: the array header promises {expected:,} bytes of data but the entry holds {got:,}"),
    "handwriting-missing-arrays": "{path}: missing arrays {names} (a handwriting file has x: images, y: labels)",
    "handwriting-format-not-text": "{path}: 'format' must be one short text, like {expected!r}",
    "handwriting-foreign-format": "{path}: format {got!r} is not a digitpad handwriting file",
    "handwriting-newer-format": "{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}",
    "images-wrong-type": "{path}: images are {dtype}; digitpad reads uint8 (0-255) or float (0-1)",
    "float-pixels-out-of-range": "{path}: float pixel values must lie between 0 and 1",
    "labels-dont-match-images": "{path}: labels have shape {shape}; {count:,} images need shape ({count},)",
    "labels-not-whole": "{path}: labels are {dtype}; they must be whole numbers 0 to 9",
    "import-too-many": "{path}: importing {count:,} samples would exceed {limit:,} in all",
    "store-set-aside": "{problem} (moved aside to {aside})",
    "sample-wrong-shape": "a sample must be a 28x28 image (got shape {shape})",
    "label-not-a-digit": "a label must be a digit 0 to 9 (got {got!r})",
    "store-full": "the store is full ({limit:,} samples)",
    "no-such-sample": "no sample {index} (the store has {count})",
    "nothing-to-fine-tune": "there are no samples of your own handwriting to fine-tune on yet",
    "unknown-ensemble": (
        "this ensemble has {outputs} outputs but {found} member networks were found; "
        "digitpad can fine-tune only the ensembles it builds"
    ),
    # Model files (core/modelfile.py).
    "model-wrong-suffix": "{path}: model files must end in .keras",
    "model-no-space": "{path}: only {free:,.0f} MB free there; the model needs about {need:,.0f} MB",
    "model-rescued": "{problem}; the trained model was saved instead as {path}",
    "model-lost": "{problem}; the trained model could not be saved anywhere ({other})",
    "model-unreadable": "{path}: not a model file, or the file is damaged ({detail})",
    "model-metadata-damaged": "{path}: the model's digitpad metadata is damaged ({detail})",
    "model-metadata-not-object": "{path}: the model's digitpad metadata is damaged (not a JSON object)",
    "model-too-large": "{path}: too large to be a digitpad model ({size:,} bytes)",
    "model-not-zip": "{path}: not a .keras model file (it is another kind of file, or damaged)",
    "model-is-image": "{path}: a {format} image, not a model file (model files end in .keras)",
    "model-not-keras": "{path}: not a Keras model file (config.json or model.weights.h5 is missing)",
    "model-checksum": "{path}: the file is damaged (entry {entry} fails its checksum)",
    "model-cannot-load": "{path}: cannot load this model ({detail})",
    "model-config-damaged": "{path}: the description of the network (config.json) is damaged ({detail})",
    "model-unknown-layer": (
        "{path}: a {layer} layer, which digitpad cannot check before building it (it reads networks of "
        "convolution, pooling, dense, normalization, dropout and similar layers)"
    ),
    "model-too-many-layers": "{path}: the network declares {count:,} layers, more than {limit:,}",
    "model-too-many-parameters": "{path}: the network declares {count:,} parameters, more than {limit:,}",
    "model-layer-too-wide": "{path}: layer {layer} gives {count:,} values per image, more than {limit:,}",
    "model-weights-too-big": (
        "{path}: the weights declare {megabytes:,.0f} MB but the file holds {stored:,.0f} MB (a hidden bomb?)"
    ),
    "model-no-single-io": "{path}: not a digit classifier (it has no single input and output)",
    "model-wrong-shape": (
        "{path}: not a digit classifier: digitpad needs 28x28x1 images in and 10 probabilities out, "
        "this model takes {input} and gives {output}"
    ),
    # Image files (core/images.py).
    "image-unreadable": "{path}: cannot read this image ({detail})",
    "image-too-many-pixels": "{path}: {width:,} x {height:,} pixels is more than digitpad reads ({limit:,} in all)",
    "image-too-big": "{path}: more pixels than digitpad reads ({limit:,} in all); a decompression bomb?",
    # Looking inside a model (core/inspection.py).
    "no-convolutions": "this model has no convolutional network to look inside",
    # Lesson files (core/lessons.py).
    "lesson-too-big": "{path}: too big for a lesson file (more than {kilobytes} KB)",
    "lesson-not-text": "{path}: not a text file (a lesson is UTF-8 JSON)",
    "lesson-not-json": "{path}: not valid JSON (line {line}, column {column})",
    "lesson-too-deep": "{path}: nested too deeply to be a lesson",
    "lesson-duplicate-key": "{path}: the key {key!r} appears twice",
    "lesson-bad-number": "{path}: {name} is not a number JSON allows",
    "lesson-number-too-long": "{path}: a number with too many digits",
    "lesson-not-object": "{path}: a lesson is a JSON object ({{...}})",
    "lesson-unknown-key": "{path}: unknown key {key!r} (a lesson has: {known})",
    "lesson-wrong-format": "{path}: 'format' must be {expected!r} (got {got!r})",
    "lesson-text-or-languages": "{path}: '{field}' must be text, or an object of language codes to texts",
    "lesson-text-length": "{path}: '{field}' must be text of {shortest} to {longest} characters",
    "lesson-settings-not-object": "{path}: 'settings' must be an object of setting names and values",
    "lesson-unknown-setting": "{path}: unknown setting {name!r} (a lesson can set: {known})",
    "lesson-setting-out-of-range": "{path}: {name} must be from {low:g} to {high:g} (got {got:g})",
    "lesson-controls-not-list": "{path}: '{key}' must be a list of control names",
    "lesson-unknown-control": "{path}: unknown control {name!r} in '{key}' (controls: {known})",
    "lesson-impossible-settings": "{path}: impossible settings: {problems}",
    # Experiment files and stored runs (core/experiments.py).
    "experiment-damaged": "{path}: the experiment file is damaged ({detail})",
    "experiment-unreadable": "{path}: not an experiment file, or the file is damaged ({detail})",
    "experiment-not-digitpad": "{path}: not a digitpad experiment file",
    "experiment-newer-format": "{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}",
    "experiment-wrong-format": "{path}: not a digitpad run (format {got!r})",
    "experiment-curves-size": "{path}: the curves are damaged ({got:,} bytes where the run lists {expected:,})",
    "experiment-too-big": "{path}: too large to be an experiment file ({size:,} bytes)",
    # The class folder on the school's share (core/classfolder.py, classshare.py, classreader.py, classteacher.py).
    "nickname-empty": "choose a nickname",
    "nickname-not-allowed": (
        "{name!r} cannot be a nickname: use up to {longest} letters, digits, spaces, dots or dashes, "
        "and no e-mail address or long number"
    ),
    "nickname-taken": "another student of this class is called {name!r}; choose another nickname",
    "class-name-empty": "give the class a name",
    "class-name-not-allowed": (
        "{name!r} cannot be a class name: use up to {longest} letters, digits, spaces, dots or dashes"
    ),
    "class-not-joined": "join the class first",
    "class-folder-missing": "{path}: the class folder is not there (is the share connected?)",
    "class-exists": "{path}: this class has a teacher passphrase already",
    "passphrase-wrong": "that is not the teacher passphrase of this class",
    "passphrase-too-short": "the teacher passphrase needs at least {shortest} characters",
    "class-file-is-a-link": "{path}: a link; a class folder holds only ordinary files, so it was left out",
    "class-file-too-big": "{path}: too big for a class folder file ({size:,} bytes; at most {limit:,})",
    "class-file-damaged": "{path}: damaged, left out ({detail})",
    "class-file-newer": "{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}",
    "class-file-foreign": "{path}: not a digitpad class file, left out",
    "class-file-unexpected": "{path}: not a file digitpad puts in a class folder, left out",
    "class-model-changed": "{path}: the published model changed while it was being copied; try again",
    # Exported models (core/export.py, core/webpage.py).
    "export-failed": "the {format} converter could not convert this model ({detail})",
    "onnx-not-installed": (
        "ONNX export needs the ONNX converter and runtime: install digitpad with its 'onnx' extra "
        "(pip install 'digitpad[onnx]')"
    ),
    "unknown-export-format": "unknown export format {got!r} (choose one of {choices})",
    "export-unsupported-layer": "cannot export layer {layer} ({kind}) to a web page",
    "export-disagrees": (
        "{path}: not written: the exported model differs from the app's by up to {difference:.2g} "
        "(at most {tolerance:g} is allowed)"
    ),
    "page-model-damaged": "the web page's embedded model is damaged ({detail})",
    # Training settings (core/config.py); a ConfigError lists one or more of these.
    "impossible-settings": "impossible settings: {problems}",
    "dense-units-out-of-range": "dense layer width must be a whole number from 1 to 4096 (got {got})",
    "rate-out-of-range": "{name} rate must be between 0 and 1 (got {got})",
    "dropout-out-of-range": "dropout rate must be at least 0 and below 1 (got {got})",
    "learning-rate-out-of-range": "learning rate must be above 0 and at most 1 (got {got})",
    "unknown-lr-schedule": "learning-rate schedule must be one of {choices} (got {got!r})",
    "batch-size-out-of-range": "batch size must be a whole number from 1 to 8192 (got {got})",
    "epochs-out-of-range": "epochs must be a whole number from 1 to 1000 (got {got})",
    "validation-split-out-of-range": "validation split must be between 0 and 0.5 (got {got})",
    "train-samples-negative": "training samples must be 0 (all) or more (got {got})",
    "patience-negative": "patience must be 0 or more epochs (got {got})",
    "unknown-monitor": "early stopping watches one of {choices} (got {got!r})",
    "early-stopping-needs-validation": "early stopping on {monitor} needs a validation split above 0",
    "ensemble-out-of-range": "ensemble members must be from 1 to 20 (got {got})",
    "kfold-out-of-range": "k-fold needs k from 2 to 20, or 0 for off (got {got})",
    "ensemble-and-kfold": "choose either a bagging ensemble or k-fold cross-validation, not both",
    "unknown-precision": "precision must be one of {choices} (got {got!r})",
    "steps-per-execution-out-of-range": "steps per execution must be 1 or more (got {got})",
    "seed-out-of-range": "the seed must be a whole number from 0 to 4294967295 (got {got})",
    "warmup-out-of-range": "warm-up must be 0 to 100 epochs (got {got})",
    "label-smoothing-out-of-range": "label smoothing must be at least 0 and below 0.5 (got {got})",
    "jitter-out-of-range": "jitter must be a whole number of pixels from 0 to 4 (got {got})",
    "setting-not-bool": "{name} must be true or false (got {got!r})",
    "setting-not-whole": "{name} must be a whole number (got {got!r})",
    "setting-not-number": "{name} must be a number (got {got!r})",
    "setting-not-text": "{name} must be text (got {got!r})",
}


def short_detail(exc: BaseException | str, limit: int = 160) -> str:
    """An exception's own words (or a text) cut to one short line: libraries, Keras above all, write pages."""
    text = str(exc).strip()
    line = text.splitlines()[0].strip() if text else type(exc).__name__
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def fill(template: str, values: dict) -> str:
    """``template`` with its named fields filled in; a template that does not fit its values (a bug, or a
    translation that changed a field) still yields the template and the values rather than an error."""
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError, TypeError, OverflowError):
        log.warning("the message %r does not fit its values %r", template, values)
        return f"{template} {values!r}"


def english_value(value):
    """A value as the English sentence shows it: a nested problem (or a list of them) as its own sentence."""
    if isinstance(value, Problem):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(v, Problem) for v in value):
        return "; ".join(map(str, value))
    return value


def english(code: str, values: dict, table: dict[str, str] = PROBLEMS) -> str:
    """The English sentence for ``code`` from ``table``."""
    template = table.get(code)
    if template is None:
        log.warning("no English text for the code %r", code)
        return f"{code} {values!r}"
    return fill(template, {name: english_value(value) for name, value in values.items()})


def _rebuild(cls, code: str, values: dict):
    problem = cls.__new__(cls)
    Exception.__init__(problem, code)
    problem.code, problem.values = code, values
    return problem


class Problem(Exception):
    """Something the user can fix or should know, as ``code`` and ``values``; ``str()`` is the English."""

    def __init__(self, code: str, /, **values):
        super().__init__(code)
        self.code = code
        self.values = values

    def __str__(self) -> str:
        return english(self.code, self.values)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, **{self.values!r})"

    def __reduce__(self):  # copy and pickle keep the values, which ``args`` alone would lose
        return _rebuild, (type(self), self.code, self.values)

    @classmethod
    def from_os_error(cls, exc: OSError, path=None):
        """This kind of problem for a failed file operation on ``path``: which failure, not the OS's words."""
        code, values = os_problem(exc, path)
        return cls(code, **values)


_UNNAMED = {"disk-full", "permission-denied", "read-only"}  # the kinds worth their own sentence without a file name


def os_problem(exc: OSError, path=None) -> tuple[str, dict]:
    """(code, values) for an ``OSError``: file not found, permission denied, disk full, ... naming the file.

    The operating system's own text is English (or the system's language) and often cryptic, so only the
    kind of failure is kept; for the rare kinds without a sentence of their own, the errno's name.
    """
    path = path if path is not None else exc.filename
    number = exc.errno
    if isinstance(exc, FileNotFoundError):
        kind = "file-not-found"
    elif isinstance(exc, PermissionError):
        kind = "permission-denied"
    elif isinstance(exc, IsADirectoryError):
        kind = "is-a-folder"
    elif isinstance(exc, NotADirectoryError):
        kind = "not-a-folder"
    elif number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        kind = "disk-full"
    elif number == errno.EROFS:
        kind = "read-only"
    else:
        kind = "file-error"
    error = errno.errorcode.get(number, str(number)) if number is not None else type(exc).__name__
    if path is None:
        return ("unnamed-" + kind, {}) if kind in _UNNAMED else ("unnamed-file-error", {"error": error})
    if kind == "file-error":
        return kind, {"path": path, "error": error}
    return kind, {"path": path}
