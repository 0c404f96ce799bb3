import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_self_test_passes_and_says_what_it_checked(tmp_path):
    env = dict(os.environ, DIGITPAD_DATA_DIR=str(tmp_path))
    env.pop("DISPLAY", None)  # no screen
    result = subprocess.run(
        [sys.executable, "-m", "digitpad", "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    checks = ("resources", "bundled MNIST", "shipped model", "classification", "fast prediction", "training")
    for check in (*checks, "main window"):
        assert f"ok    {check}" in result.stdout
    assert "self-test PASSED" in (tmp_path / "self-test.txt").read_text()


@pytest.mark.slow
def test_self_test_fails_when_the_model_is_broken(tmp_path):
    resources = tmp_path / "resources"
    (resources / "mnist").mkdir(parents=True)
    from digitpad.core.resources import mnist_dir

    for f in mnist_dir().iterdir():
        (resources / "mnist" / f.name).symlink_to(f)
    (resources / "digitpad-default.keras").write_bytes(b"damaged")
    env = dict(os.environ, DIGITPAD_DATA_DIR=str(tmp_path), DIGITPAD_RESOURCES=str(resources))
    result = subprocess.run(
        [sys.executable, "-m", "digitpad", "--self-test"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 1
    assert "FAIL  shipped model" in result.stdout and "self-test FAILED" in result.stdout
