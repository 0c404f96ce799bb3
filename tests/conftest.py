"""Shared fixtures. Tests run headless (offscreen Qt) and keep user data in a temporary folder."""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
# Never touch the real user's data folder or settings from a test.
os.environ.setdefault("DIGITPAD_DATA_DIR", tempfile.mkdtemp(prefix="digitpad-test-data-"))
os.environ.setdefault("XDG_CONFIG_HOME", tempfile.mkdtemp(prefix="digitpad-test-config-"))

import pytest


@pytest.fixture(scope="session")
def mnist():
    from digitpad.core.data import load_dataset

    return load_dataset()


@pytest.fixture(scope="session")
def default_model():
    from digitpad.core.modelfile import load_model
    from digitpad.core.resources import default_model_path

    return load_model(default_model_path())


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path_factory, monkeypatch):
    """Each test gets a data folder of its own: the runs one test's window keeps never come back in another's."""
    monkeypatch.setenv("DIGITPAD_DATA_DIR", str(tmp_path_factory.mktemp("data")))
