"""What the hostile-input runner calls besides the command line: the Python API and the window's readers.

Each function does what digitpad does with a file and returns a short description of what came out; a
refusal is a ``Problem`` (the runner records its code and its sentence). ``INJECTIONS`` are faults made
on purpose: a disk that fills up while saving, an error nobody foresaw, running out of memory.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path
from unittest import mock


def call(name: str, args: list):
    return FUNCTIONS[name](*args)


def load_model(path: str) -> str:
    from digitpad.core.modelfile import load_model

    return load_model(path).describe()


def load_dataset(path: str) -> str:
    from digitpad.core.data import load_dataset

    return load_dataset(path).describe()


def read_image(path: str) -> str:
    from digitpad.core.images import read_image

    image = read_image(path)
    return f"{image.shape} {image.dtype}"


def import_handwriting(folder: str, path: str) -> str:
    from digitpad.core.handwriting import HandwritingStore

    return f"{HandwritingStore(folder).import_file(path)} added"


def open_handwriting_store(folder: str) -> str:
    from digitpad.core.handwriting import HandwritingStore

    store = HandwritingStore(folder)
    problem = store.load_problem.values["problem"].code if store.load_problem else None
    return f"{len(store)} samples, set aside: {problem}"


def load_lesson(path: str) -> str:
    from digitpad.core.lessons import load_lesson

    return load_lesson(path).title


def lessons_menu(data_dir: str) -> str:
    """The Lessons menu's list, with the user's lesson folder in ``data_dir``."""
    from digitpad.core.lessons import available_lessons

    with mock.patch.dict(os.environ, {"DIGITPAD_DATA_DIR": data_dir}):
        return " | ".join(lesson.title for lesson in available_lessons())


def open_settings(config_home: str, config_dirs: str) -> str:
    """The window's settings as ``digitpad`` opens them, with these settings folders."""
    from digitpad.ui.settings_file import open_settings

    with mock.patch.dict(os.environ, {"XDG_CONFIG_HOME": config_home, "XDG_CONFIG_DIRS": config_dirs}):
        opened = open_settings()
    epochs = opened.settings.value("training/epochs")
    return f"epochs={epochs}; {len(opened.notes)} note(s): {' / '.join(opened.notes)}"


FUNCTIONS = {
    f.__name__: f
    for f in (
        load_model,
        load_dataset,
        read_image,
        import_handwriting,
        open_handwriting_store,
        load_lesson,
        lessons_menu,
        open_settings,
    )
}


@contextlib.contextmanager
def disk_full_when_saving():
    """Saving a model fails with a full disk, except into digitpad's own rescue folder."""
    from digitpad.core.tfsetup import tensorflow_module

    tensorflow_module()  # imported quietly, as digitpad does
    import keras

    real = keras.saving.save_model

    def save(model, filepath, *args, **kwargs):
        if "rescued" not in Path(filepath).parts:
            raise OSError(errno.ENOSPC, "No space left on device", str(filepath))
        return real(model, filepath, *args, **kwargs)

    with mock.patch.object(keras.saving, "save_model", save):
        yield


@contextlib.contextmanager
def unforeseen_error():
    with mock.patch("digitpad.core.architecture.summary_table", side_effect=RuntimeError("boom\nsecond line")):
        yield


@contextlib.contextmanager
def out_of_memory():
    with mock.patch("digitpad.core.architecture.summary_table", side_effect=MemoryError()):
        yield


INJECTIONS = {
    "disk-full-when-saving": disk_full_when_saving,
    "unforeseen-error": unforeseen_error,
    "out-of-memory": out_of_memory,
}
