"""The one place that knows where digitpad's shipped files live.

Order: an explicit override (``DIGITPAD_RESOURCES``), a frozen bundle (PyInstaller's ``_MEIPASS``), the
source checkout's top-level ``resources/`` folder, then the copy that a wheel installs as the
``digitpad._resources`` package.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DEFAULT_MODEL_NAME = "digitpad-default.keras"


def resources_dir() -> Path:
    override = os.environ.get("DIGITPAD_RESOURCES")
    if override:
        return Path(override)
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    checkout = Path(__file__).resolve().parents[2] / "resources"
    if (checkout / "mnist").is_dir():
        return checkout
    import importlib.util

    spec = importlib.util.find_spec("digitpad._resources")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    raise FileNotFoundError("digitpad's resources folder was not found; reinstall digitpad")


def mnist_dir() -> Path:
    return resources_dir() / "mnist"


def default_model_path() -> Path:
    return resources_dir() / DEFAULT_MODEL_NAME


def resource(name: str) -> Path:
    return resources_dir() / name
