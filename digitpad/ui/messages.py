"""Every exception and core text the window shows becomes one sentence here, in the window's language.

The core reports what went wrong as a code and values (``digitpad/core/problems.py``) and names a run's
settings, its networks and a loaded model the same way. Each code's English template is repeated below,
marked for translation in one context ("Messages"); a test keeps these tables in step with the core's.
Views never show an exception's own text: they hand the exception to ``describe`` (or a structured text
to ``settings_label``, ``series_name``, ``model_description``) and show what comes back. An unexpected
error becomes a plain sentence; its traceback goes to the log file, not to the student.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from digitpad.core.problems import Problem, english, fill, os_problem

log = logging.getLogger(__name__)

CONTEXT = "Messages"  # the QT_TRANSLATE_NOOP calls below spell it out: lupdate reads only literals

# core/problems.py PROBLEMS: everything the core can report.
PROBLEMS = {
    # Files, as the operating system reports them.
    "file-not-found": QT_TRANSLATE_NOOP("Messages", "{path}: file not found"),
    "permission-denied": QT_TRANSLATE_NOOP("Messages", "{path}: permission denied"),
    "is-a-folder": QT_TRANSLATE_NOOP("Messages", "{path}: is a folder, not a file"),
    "not-a-folder": QT_TRANSLATE_NOOP("Messages", "{path}: part of this path is not a folder"),
    "disk-full": QT_TRANSLATE_NOOP("Messages", "{path}: the disk is full"),
    "read-only": QT_TRANSLATE_NOOP("Messages", "{path}: the disk or folder is read-only"),
    "file-error": QT_TRANSLATE_NOOP("Messages", "{path}: the system could not read or write this file (error {error})"),
    "unnamed-disk-full": QT_TRANSLATE_NOOP("Messages", "a file could not be written: the disk is full"),
    "unnamed-permission-denied": QT_TRANSLATE_NOOP(
        "Messages", "a file could not be read or written: permission denied"
    ),
    "unnamed-read-only": QT_TRANSLATE_NOOP("Messages", "a file could not be written: the disk or folder is read-only"),
    "unnamed-file-error": QT_TRANSLATE_NOOP("Messages", "a file could not be read or written (system error {error})"),
    "unexpected-error": QT_TRANSLATE_NOOP("Messages", "unexpected error ({detail}); the details are in {log}"),
    "unexpected-no-log": QT_TRANSLATE_NOOP(
        "Messages", "unexpected error ({detail}); run again with --debug for the details"
    ),
    "out-of-memory": QT_TRANSLATE_NOOP(
        "Messages", "not enough memory; try fewer training images, a smaller batch or pooling on (details in {log})"
    ),
    "out-of-memory-no-log": QT_TRANSLATE_NOOP(
        "Messages", "not enough memory; try fewer training images, a smaller batch or pooling on"
    ),
    "file-is-a-pipe": QT_TRANSLATE_NOOP(
        "Messages", "{path}: a named pipe, not a file; digitpad reads only ordinary files"
    ),
    "file-is-a-device": QT_TRANSLATE_NOOP(
        "Messages", "{path}: a device, not a file; digitpad reads only ordinary files"
    ),
    "file-is-special": QT_TRANSLATE_NOOP(
        "Messages", "{path}: not an ordinary file; digitpad reads only ordinary files"
    ),
    "file-too-big": QT_TRANSLATE_NOOP(
        "Messages", "{path}: too big ({size:,} bytes; digitpad reads at most {limit:,} bytes from such a file)"
    ),
    "archive-too-many-entries": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: the zip archive lists {count:,} entries, more than {limit} (damaged, or not what it claims to be)",
    ),
    "archive-directory-too-big": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: the zip archive's directory takes {size:,} bytes, more than {limit:,} (damaged, or not what "
        "it claims to be)",
    ),
    "archive-unpacks-too-big": QT_TRANSLATE_NOOP(
        "Messages", "{path}: unpacks to {megabytes:,.0f} MB in all, more than {limit} MB (a zip bomb?)"
    ),
    "archive-entry-too-big": QT_TRANSLATE_NOOP(
        "Messages", "{path}: unpacks to {megabytes:,.0f} MB, more than {limit} MB (a zip bomb?)"
    ),
    # Datasets.
    "folder-not-found": QT_TRANSLATE_NOOP("Messages", "{path}: folder not found"),
    "path-not-found": QT_TRANSLATE_NOOP("Messages", "{path}: not found"),
    "not-a-dataset": QT_TRANSLATE_NOOP("Messages", "{path}: not a dataset; give a folder of IDX files or an .npz file"),
    "corrupt-gzip": QT_TRANSLATE_NOOP("Messages", "{path}: truncated or corrupt gzip data ({detail})"),
    "idx-too-short": QT_TRANSLATE_NOOP("Messages", "{path}: too short to be an IDX file ({size} bytes)"),
    "idx-images-wrong-magic": QT_TRANSLATE_NOOP(
        "Messages", "{path}: wrong magic number 0x{magic:08x}; an IDX images file starts with 0x{expected:08x}"
    ),
    "idx-labels-wrong-magic": QT_TRANSLATE_NOOP(
        "Messages", "{path}: wrong magic number 0x{magic:08x}; an IDX labels file starts with 0x{expected:08x}"
    ),
    "idx-truncated-header": QT_TRANSLATE_NOOP("Messages", "{path}: truncated header"),
    "idx-wrong-image-size": QT_TRANSLATE_NOOP("Messages", "{path}: images are {size}, digitpad needs 28x28"),
    "idx-truncated": QT_TRANSLATE_NOOP(
        "Messages", "{path}: truncated: the header promises {expected:,} bytes of data, the file has {got:,}"
    ),
    "images-wrong-shape": QT_TRANSLATE_NOOP(
        "Messages", "{path}: images have shape {shape}; digitpad needs (n, 28, 28)"
    ),
    "labels-wrong-shape": QT_TRANSLATE_NOOP("Messages", "{path}: labels have shape {shape}; digitpad needs (n,)"),
    "count-mismatch": QT_TRANSLATE_NOOP(
        "Messages", "{path}: {images:,} images but {labels:,} labels; the counts must match"
    ),
    "no-images": QT_TRANSLATE_NOOP("Messages", "{path}: no images"),
    "labels-out-of-range": QT_TRANSLATE_NOOP("Messages", "{path}: label {label} out of range; labels must be 0 to 9"),
    "pixels-out-of-range": QT_TRANSLATE_NOOP("Messages", "{path}: pixel values outside 0..255"),
    "dataset-images-wrong-type": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: images are {dtype}; a data set's pixels must be whole numbers from 0 to 255 (uint8 is best)",
    ),
    "dataset-images-unit-range": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: images are {dtype} between 0 and 1; a data set's pixels are 0 to 255 (multiply by 255 and "
        "store them as uint8)",
    ),
    "dataset-images-not-whole": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: images are {dtype} with values that are not whole numbers; digitpad converts only exactly "
        "(store them as uint8, 0 to 255)",
    ),
    "npz-missing-arrays": QT_TRANSLATE_NOOP(
        "Messages", "{path}: missing arrays {names} (a Keras-style mnist.npz has x_train, y_train, x_test, y_test)"
    ),
    "npz-unreadable": QT_TRANSLATE_NOOP("Messages", "{path}: not a readable .npz file ({detail})"),
    # Handwriting files and the store.
    "handwriting-file-too-big": QT_TRANSLATE_NOOP(
        "Messages", "{path}: {megabytes:,.0f} MB is too big for a handwriting file (at most {limit} MB)"
    ),
    "npy-not-plain": QT_TRANSLATE_NOOP("Messages", "{path}: not a plain numpy array ({detail})"),
    "npy-objects": QT_TRANSLATE_NOOP(
        "Messages", "{path}: holds Python objects or records (pickled data); digitpad reads only numbers and text"
    ),
    "too-many-entries": QT_TRANSLATE_NOOP("Messages", "{path}: {count:,} entries; at most {limit:,} are accepted"),
    "npy-size-mismatch": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the array header promises {expected:,} bytes of data but the entry holds {got:,}"
    ),
    "handwriting-missing-arrays": QT_TRANSLATE_NOOP(
        "Messages", "{path}: missing arrays {names} (a handwriting file has x: images, y: labels)"
    ),
    "handwriting-format-not-text": QT_TRANSLATE_NOOP(
        "Messages", "{path}: 'format' must be one short text, like {expected!r}"
    ),
    "handwriting-foreign-format": QT_TRANSLATE_NOOP(
        "Messages", "{path}: format {got!r} is not a digitpad handwriting file"
    ),
    "handwriting-newer-format": QT_TRANSLATE_NOOP(
        "Messages", "{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}"
    ),
    "images-wrong-type": QT_TRANSLATE_NOOP(
        "Messages", "{path}: images are {dtype}; digitpad reads uint8 (0-255) or float (0-1)"
    ),
    "float-pixels-out-of-range": QT_TRANSLATE_NOOP("Messages", "{path}: float pixel values must lie between 0 and 1"),
    "labels-dont-match-images": QT_TRANSLATE_NOOP(
        "Messages", "{path}: labels have shape {shape}; {count:,} images need shape ({count},)"
    ),
    "labels-not-whole": QT_TRANSLATE_NOOP("Messages", "{path}: labels are {dtype}; they must be whole numbers 0 to 9"),
    "import-too-many": QT_TRANSLATE_NOOP(
        "Messages", "{path}: importing {count:,} samples would exceed {limit:,} in all"
    ),
    "store-set-aside": QT_TRANSLATE_NOOP("Messages", "{problem} (moved aside to {aside})"),
    "sample-wrong-shape": QT_TRANSLATE_NOOP("Messages", "a sample must be a 28x28 image (got shape {shape})"),
    "label-not-a-digit": QT_TRANSLATE_NOOP("Messages", "a label must be a digit 0 to 9 (got {got!r})"),
    "store-full": QT_TRANSLATE_NOOP("Messages", "the store is full ({limit:,} samples)"),
    "no-such-sample": QT_TRANSLATE_NOOP("Messages", "no sample {index} (the store has {count})"),
    "nothing-to-fine-tune": QT_TRANSLATE_NOOP(
        "Messages", "there are no samples of your own handwriting to fine-tune on yet"
    ),
    "unknown-ensemble": QT_TRANSLATE_NOOP(
        "Messages",
        "this ensemble has {outputs} outputs but {found} member networks were found; "
        "digitpad can fine-tune only the ensembles it builds",
    ),
    # Model files.
    "model-wrong-suffix": QT_TRANSLATE_NOOP("Messages", "{path}: model files must end in .keras"),
    "model-no-space": QT_TRANSLATE_NOOP(
        "Messages", "{path}: only {free:,.0f} MB free there; the model needs about {need:,.0f} MB"
    ),
    "model-rescued": QT_TRANSLATE_NOOP("Messages", "{problem}; the trained model was saved instead as {path}"),
    "model-lost": QT_TRANSLATE_NOOP("Messages", "{problem}; the trained model could not be saved anywhere ({other})"),
    "model-unreadable": QT_TRANSLATE_NOOP("Messages", "{path}: not a model file, or the file is damaged ({detail})"),
    "model-metadata-damaged": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the model's digitpad metadata is damaged ({detail})"
    ),
    "model-metadata-not-object": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the model's digitpad metadata is damaged (not a JSON object)"
    ),
    "model-too-large": QT_TRANSLATE_NOOP("Messages", "{path}: too large to be a digitpad model ({size:,} bytes)"),
    "model-not-zip": QT_TRANSLATE_NOOP(
        "Messages", "{path}: not a .keras model file (it is another kind of file, or damaged)"
    ),
    "model-is-image": QT_TRANSLATE_NOOP(
        "Messages", "{path}: a {format} image, not a model file (model files end in .keras)"
    ),
    "model-not-keras": QT_TRANSLATE_NOOP(
        "Messages", "{path}: not a Keras model file (config.json or model.weights.h5 is missing)"
    ),
    "model-checksum": QT_TRANSLATE_NOOP("Messages", "{path}: the file is damaged (entry {entry} fails its checksum)"),
    "model-cannot-load": QT_TRANSLATE_NOOP("Messages", "{path}: cannot load this model ({detail})"),
    "model-config-damaged": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the description of the network (config.json) is damaged ({detail})"
    ),
    "model-unknown-layer": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: a {layer} layer, which digitpad cannot check before building it (it reads networks of "
        "convolution, pooling, dense, normalization, dropout and similar layers)",
    ),
    "model-too-many-layers": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the network declares {count:,} layers, more than {limit:,}"
    ),
    "model-too-many-parameters": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the network declares {count:,} parameters, more than {limit:,}"
    ),
    "model-layer-too-wide": QT_TRANSLATE_NOOP(
        "Messages", "{path}: layer {layer} gives {count:,} values per image, more than {limit:,}"
    ),
    "model-weights-too-big": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: the weights declare {megabytes:,.0f} MB but the file holds {stored:,.0f} MB (a hidden bomb?)",
    ),
    "model-no-single-io": QT_TRANSLATE_NOOP(
        "Messages", "{path}: not a digit classifier (it has no single input and output)"
    ),
    "model-wrong-shape": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: not a digit classifier: digitpad needs 28x28x1 images in and 10 probabilities out, "
        "this model takes {input} and gives {output}",
    ),
    "image-unreadable": QT_TRANSLATE_NOOP("Messages", "{path}: cannot read this image ({detail})"),
    "image-too-many-pixels": QT_TRANSLATE_NOOP(
        "Messages", "{path}: {width:,} x {height:,} pixels is more than digitpad reads ({limit:,} in all)"
    ),
    "image-too-big": QT_TRANSLATE_NOOP(
        "Messages", "{path}: more pixels than digitpad reads ({limit:,} in all); a decompression bomb?"
    ),
    # Looking inside a model.
    "no-convolutions": QT_TRANSLATE_NOOP("Messages", "this model has no convolutional network to look inside"),
    # Lesson files.
    "lesson-too-big": QT_TRANSLATE_NOOP("Messages", "{path}: too big for a lesson file (more than {kilobytes} KB)"),
    "lesson-not-text": QT_TRANSLATE_NOOP("Messages", "{path}: not a text file (a lesson is UTF-8 JSON)"),
    "lesson-not-json": QT_TRANSLATE_NOOP("Messages", "{path}: not valid JSON (line {line}, column {column})"),
    "lesson-too-deep": QT_TRANSLATE_NOOP("Messages", "{path}: nested too deeply to be a lesson"),
    "lesson-duplicate-key": QT_TRANSLATE_NOOP("Messages", "{path}: the key {key!r} appears twice"),
    "lesson-bad-number": QT_TRANSLATE_NOOP("Messages", "{path}: {name} is not a number JSON allows"),
    "lesson-number-too-long": QT_TRANSLATE_NOOP("Messages", "{path}: a number with too many digits"),
    "lesson-not-object": QT_TRANSLATE_NOOP("Messages", "{path}: a lesson is a JSON object ({{...}})"),
    "lesson-unknown-key": QT_TRANSLATE_NOOP("Messages", "{path}: unknown key {key!r} (a lesson has: {known})"),
    "lesson-wrong-format": QT_TRANSLATE_NOOP("Messages", "{path}: 'format' must be {expected!r} (got {got!r})"),
    "lesson-text-or-languages": QT_TRANSLATE_NOOP(
        "Messages", "{path}: '{field}' must be text, or an object of language codes to texts"
    ),
    "lesson-text-length": QT_TRANSLATE_NOOP(
        "Messages", "{path}: '{field}' must be text of {shortest} to {longest} characters"
    ),
    "lesson-settings-not-object": QT_TRANSLATE_NOOP(
        "Messages", "{path}: 'settings' must be an object of setting names and values"
    ),
    "lesson-unknown-setting": QT_TRANSLATE_NOOP(
        "Messages", "{path}: unknown setting {name!r} (a lesson can set: {known})"
    ),
    "lesson-setting-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "{path}: {name} must be from {low:g} to {high:g} (got {got:g})"
    ),
    "lesson-controls-not-list": QT_TRANSLATE_NOOP("Messages", "{path}: '{key}' must be a list of control names"),
    "lesson-unknown-control": QT_TRANSLATE_NOOP(
        "Messages", "{path}: unknown control {name!r} in '{key}' (controls: {known})"
    ),
    "lesson-impossible-settings": QT_TRANSLATE_NOOP("Messages", "{path}: impossible settings: {problems}"),
    # Experiment files and stored runs.
    "experiment-damaged": QT_TRANSLATE_NOOP("Messages", "{path}: the experiment file is damaged ({detail})"),
    "experiment-unreadable": QT_TRANSLATE_NOOP(
        "Messages", "{path}: not an experiment file, or the file is damaged ({detail})"
    ),
    "experiment-not-digitpad": QT_TRANSLATE_NOOP("Messages", "{path}: not a digitpad experiment file"),
    "experiment-newer-format": QT_TRANSLATE_NOOP(
        "Messages", "{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}"
    ),
    "experiment-wrong-format": QT_TRANSLATE_NOOP("Messages", "{path}: not a digitpad run (format {got!r})"),
    "experiment-curves-size": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the curves are damaged ({got:,} bytes where the run lists {expected:,})"
    ),
    "experiment-too-big": QT_TRANSLATE_NOOP("Messages", "{path}: too large to be an experiment file ({size:,} bytes)"),
    # The class folder on the school's share.
    "nickname-empty": QT_TRANSLATE_NOOP("Messages", "choose a nickname"),
    "nickname-not-allowed": QT_TRANSLATE_NOOP(
        "Messages",
        "{name!r} cannot be a nickname: use up to {longest} letters, digits, spaces, dots or dashes, "
        "and no e-mail address or long number",
    ),
    "nickname-taken": QT_TRANSLATE_NOOP(
        "Messages", "another student of this class is called {name!r}; choose another nickname"
    ),
    "class-name-empty": QT_TRANSLATE_NOOP("Messages", "give the class a name"),
    "class-name-not-allowed": QT_TRANSLATE_NOOP(
        "Messages", "{name!r} cannot be a class name: use up to {longest} letters, digits, spaces, dots or dashes"
    ),
    "class-not-joined": QT_TRANSLATE_NOOP("Messages", "join the class first"),
    "class-folder-missing": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the class folder is not there (is the share connected?)"
    ),
    "class-exists": QT_TRANSLATE_NOOP("Messages", "{path}: this class has a teacher passphrase already"),
    "passphrase-wrong": QT_TRANSLATE_NOOP("Messages", "that is not the teacher passphrase of this class"),
    "passphrase-too-short": QT_TRANSLATE_NOOP(
        "Messages", "the teacher passphrase needs at least {shortest} characters"
    ),
    "class-file-is-a-link": QT_TRANSLATE_NOOP(
        "Messages", "{path}: a link; a class folder holds only ordinary files, so it was left out"
    ),
    "class-file-too-big": QT_TRANSLATE_NOOP(
        "Messages", "{path}: too big for a class folder file ({size:,} bytes; at most {limit:,})"
    ),
    "class-file-damaged": QT_TRANSLATE_NOOP("Messages", "{path}: damaged, left out ({detail})"),
    "class-file-newer": QT_TRANSLATE_NOOP(
        "Messages", "{path}: format {got!r} comes from a newer digitpad; this one reads {expected!r}"
    ),
    "class-file-foreign": QT_TRANSLATE_NOOP("Messages", "{path}: not a digitpad class file, left out"),
    "class-file-unexpected": QT_TRANSLATE_NOOP(
        "Messages", "{path}: not a file digitpad puts in a class folder, left out"
    ),
    "class-model-changed": QT_TRANSLATE_NOOP(
        "Messages", "{path}: the published model changed while it was being copied; try again"
    ),
    # Exported models.
    "export-failed": QT_TRANSLATE_NOOP("Messages", "the {format} converter could not convert this model ({detail})"),
    "onnx-not-installed": QT_TRANSLATE_NOOP(
        "Messages",
        "ONNX export needs the ONNX converter and runtime: install digitpad with its 'onnx' extra "
        "(pip install 'digitpad[onnx]')",
    ),
    "unknown-export-format": QT_TRANSLATE_NOOP("Messages", "unknown export format {got!r} (choose one of {choices})"),
    "export-unsupported-layer": QT_TRANSLATE_NOOP("Messages", "cannot export layer {layer} ({kind}) to a web page"),
    "export-disagrees": QT_TRANSLATE_NOOP(
        "Messages",
        "{path}: not written: the exported model differs from the app's by up to {difference:.2g} "
        "(at most {tolerance:g} is allowed)",
    ),
    "page-model-damaged": QT_TRANSLATE_NOOP("Messages", "the web page's embedded model is damaged ({detail})"),
    # Training settings.
    "impossible-settings": QT_TRANSLATE_NOOP("Messages", "impossible settings: {problems}"),
    "dense-units-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "dense layer width must be a whole number from 1 to 4096 (got {got})"
    ),
    "rate-out-of-range": QT_TRANSLATE_NOOP("Messages", "{name} rate must be between 0 and 1 (got {got})"),
    "dropout-out-of-range": QT_TRANSLATE_NOOP("Messages", "dropout rate must be at least 0 and below 1 (got {got})"),
    "learning-rate-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "learning rate must be above 0 and at most 1 (got {got})"
    ),
    "unknown-lr-schedule": QT_TRANSLATE_NOOP(
        "Messages", "learning-rate schedule must be one of {choices} (got {got!r})"
    ),
    "batch-size-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "batch size must be a whole number from 1 to 8192 (got {got})"
    ),
    "epochs-out-of-range": QT_TRANSLATE_NOOP("Messages", "epochs must be a whole number from 1 to 1000 (got {got})"),
    "validation-split-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "validation split must be between 0 and 0.5 (got {got})"
    ),
    "train-samples-negative": QT_TRANSLATE_NOOP("Messages", "training samples must be 0 (all) or more (got {got})"),
    "patience-negative": QT_TRANSLATE_NOOP("Messages", "patience must be 0 or more epochs (got {got})"),
    "unknown-monitor": QT_TRANSLATE_NOOP("Messages", "early stopping watches one of {choices} (got {got!r})"),
    "early-stopping-needs-validation": QT_TRANSLATE_NOOP(
        "Messages", "early stopping on {monitor} needs a validation split above 0"
    ),
    "ensemble-out-of-range": QT_TRANSLATE_NOOP("Messages", "ensemble members must be from 1 to 20 (got {got})"),
    "kfold-out-of-range": QT_TRANSLATE_NOOP("Messages", "k-fold needs k from 2 to 20, or 0 for off (got {got})"),
    "ensemble-and-kfold": QT_TRANSLATE_NOOP(
        "Messages", "choose either a bagging ensemble or k-fold cross-validation, not both"
    ),
    "unknown-precision": QT_TRANSLATE_NOOP("Messages", "precision must be one of {choices} (got {got!r})"),
    "steps-per-execution-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "steps per execution must be 1 or more (got {got})"
    ),
    "seed-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "the seed must be a whole number from 0 to 4294967295 (got {got})"
    ),
    "warmup-out-of-range": QT_TRANSLATE_NOOP("Messages", "warm-up must be 0 to 100 epochs (got {got})"),
    "label-smoothing-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "label smoothing must be at least 0 and below 0.5 (got {got})"
    ),
    "jitter-out-of-range": QT_TRANSLATE_NOOP(
        "Messages", "jitter must be a whole number of pixels from 0 to 4 (got {got})"
    ),
    "setting-not-bool": QT_TRANSLATE_NOOP("Messages", "{name} must be true or false (got {got!r})"),
    "setting-not-whole": QT_TRANSLATE_NOOP("Messages", "{name} must be a whole number (got {got!r})"),
    "setting-not-number": QT_TRANSLATE_NOOP("Messages", "{name} must be a number (got {got!r})"),
    "setting-not-text": QT_TRANSLATE_NOOP("Messages", "{name} must be text (got {got!r})"),
}

# core/config.py LABEL_PARTS: the words of a run's settings label.
SETTINGS_LABEL_PARTS = {
    "plain": QT_TRANSLATE_NOOP("Messages", "plain"),
    "l1": QT_TRANSLATE_NOOP("Messages", "L1 {rate:g}"),
    "l2": QT_TRANSLATE_NOOP("Messages", "L2 {rate:g}"),
    "dropout": QT_TRANSLATE_NOOP("Messages", "dropout {rate:g}"),
    "dropout-conv": QT_TRANSLATE_NOOP("Messages", "dropout {rate:g} +conv"),
    "no-pooling": QT_TRANSLATE_NOOP("Messages", "no pooling"),
    "dense": QT_TRANSLATE_NOOP("Messages", "dense {units}"),
    "augment": QT_TRANSLATE_NOOP("Messages", "augment"),
    "early-stop": QT_TRANSLATE_NOOP("Messages", "early stop p{patience}"),
    "bagging": QT_TRANSLATE_NOOP("Messages", "bagging x{members}"),
    "kfold": QT_TRANSLATE_NOOP("Messages", "{k}-fold"),
    "samples": QT_TRANSLATE_NOOP("Messages", "{count} samples"),
}

# core/reporting.py SERIES_NAMES: the networks of a run.
SERIES_NAMES = {
    "model": QT_TRANSLATE_NOOP("Messages", "model"),
    "member": QT_TRANSLATE_NOOP("Messages", "member {number}"),
    "fold": QT_TRANSLATE_NOOP("Messages", "fold {number}"),
}

# core/modelfile.py DESCRIPTIONS: a loaded model, named.
MODEL_DESCRIPTIONS = {
    "model": QT_TRANSLATE_NOOP("Messages", "{name} — test accuracy {accuracy:.2%}"),
    "model-untested": QT_TRANSLATE_NOOP("Messages", "{name} — test accuracy unknown"),
    "ensemble": QT_TRANSLATE_NOOP("Messages", "{name}, ensemble of {members} — test accuracy {accuracy:.2%}"),
    "ensemble-untested": QT_TRANSLATE_NOOP("Messages", "{name}, ensemble of {members} — test accuracy unknown"),
}


def _tr(text: str) -> str:
    """A table's template in the window's language (the sentences below call translate with literals)."""
    return QCoreApplication.translate(CONTEXT, text)


def _shown(value):
    """A value as the sentence shows it: a nested problem (or a list of them) in the window's language."""
    if isinstance(value, Problem):
        return describe(value)
    if isinstance(value, list) and value and all(isinstance(v, Problem) for v in value):
        return "; ".join(map(describe, value))
    return value


def _text(table: dict[str, str], code: str, values: dict) -> str:
    template = table.get(code)
    if template is None:  # the table test makes this a bug, but a bug must not hide the message: the English
        log.warning("no translatable text for the code %r", code)
        return english(code, values) if table is PROBLEMS else f"{code} {values!r}"
    shown = {name: _shown(value) for name, value in values.items()}
    translated = _tr(template)
    if translated != template:
        try:
            return translated.format_map(shown)
        except (KeyError, IndexError, ValueError, TypeError):
            log.warning("the translation of %r does not fit its values; showing the English", template)
    return fill(template, shown)


def describe(exc: BaseException) -> str:
    """The sentence a student reads for ``exc``, in the window's language."""
    if isinstance(exc, Problem):
        return _text(PROBLEMS, exc.code, exc.values)
    if isinstance(exc, MemoryError):
        return QCoreApplication.translate(
            "Messages",
            "Not enough memory for this training run. Try fewer training images, a smaller batch or pooling on.",
        )
    if isinstance(exc, OSError):  # which failure and which file, never the system's own (English) words
        code, values = os_problem(exc)
        return _text(PROBLEMS, code, values)
    log.error("unexpected error, shown to the user as such", exc_info=(type(exc), exc, exc.__traceback__))
    return QCoreApplication.translate("Messages", "Something unexpected went wrong. The details are in the log file.")


def config_problems(exc: BaseException) -> list[str]:
    """Each problem of a ``ConfigError`` as its own sentence (any other exception: its one sentence)."""
    problems = getattr(exc, "problems", None)
    return [describe(p) for p in problems] if problems else [describe(exc)]


def settings_label(parts: list[tuple[str, dict]]) -> str:
    """A run's settings in a few words, from ``TrainingConfig.label_parts()`` or ``RunInfo.label_parts``."""
    return QCoreApplication.translate("Messages", ", ").join(
        _text(SETTINGS_LABEL_PARTS, code, values) for code, values in parts
    )


def series_name(name) -> str:
    """One network of a run (a ``SeriesName``): "model", "member 2", "fold 3"."""
    return _text(SERIES_NAMES, name.kind, {"number": name.number})


def model_description(loaded) -> str:
    """A ``LoadedModel`` named: file name, ensemble size, test accuracy (``LoadedModel.description()``)."""
    code, values = loaded.description()
    return _text(
        MODEL_DESCRIPTIONS,
        code,
        values | {"name": values["name"] or QCoreApplication.translate("Messages", "unsaved model")},
    )
