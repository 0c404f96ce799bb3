"""A process that saves the same file again and again until it is killed (tests/test_kill_during_save.py).

``python -m tests.reliability.savers KIND FOLDER``: KIND is "model" (a .keras file through
``modelfile.save_model``), "handwriting" (the store's samples.npz, one sample added per save) or "settings"
(every training setting through QSettings, as the window saves them on closing). It prints "ready" once
set up, then saves generation 1, 2, 3, ... as fast as it can.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np


def save_models(folder: Path) -> None:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from digitpad.core.config import TrainingConfig
    from digitpad.core.model import build_model
    from digitpad.core.modelfile import save_model

    model = build_model(TrainingConfig())
    print("ready", flush=True)
    generation = 0
    while True:
        generation += 1
        save_model(model, folder / "m.keras", {"generation": generation})


def save_handwriting(folder: Path) -> None:
    from digitpad.core.handwriting import HandwritingStore

    store = HandwritingStore(folder)
    rng = np.random.default_rng(len(store))
    print("ready", flush=True)
    while True:
        store.add(rng.integers(0, 256, (28, 28), dtype=np.uint8), int(rng.integers(0, 10)))


def save_settings(folder: Path) -> None:
    from PySide6.QtCore import QSettings

    from digitpad.core.controls import PARTS

    settings = QSettings(str(folder / "digitpad.conf"), QSettings.Format.IniFormat)
    print("ready", flush=True)
    generation = 0
    while True:
        generation += 1
        for part in PARTS:
            settings.setValue(part.key, generation)
        settings.setValue("window/geometry", os.urandom(4096))  # some bulk, as the real geometry has
        settings.sync()


SAVERS = {"model": save_models, "handwriting": save_handwriting, "settings": save_settings}

if __name__ == "__main__":
    SAVERS[sys.argv[1]](Path(sys.argv[2]))
