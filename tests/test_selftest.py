import os
import subprocess
import sys

import pytest


@pytest.mark.slow
def test_self_test_passes_and_says_what_it_checked(tmp_path):
    """With this machine's settings as hostile as they come: the user's file a named pipe, the machine-wide
    one with numbers too large for any control. The window starts with them, and the report says so."""
    home, system = tmp_path / "home" / "digitpad", tmp_path / "system" / "digitpad"
    home.mkdir(parents=True)
    system.mkdir(parents=True)
    if hasattr(os, "mkfifo"):
        os.mkfifo(home / "digitpad.conf")
    (system / "digitpad.conf").write_text("[training]\nepochs=1e10\n[canvas]\npen_width=1e12\n[view]\nlanguage=xx\n")
    env = dict(
        os.environ,
        DIGITPAD_DATA_DIR=str(tmp_path),
        XDG_CONFIG_HOME=str(home.parent),
        XDG_CONFIG_DIRS=str(system.parent),
    )
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
    window = next(line for line in result.stdout.splitlines() if line.startswith("ok    main window"))
    assert f"from {system / 'digitpad.conf'}" in window and "training/epochs='1e10' is outside 1 to 200" in window
    assert "canvas/pen_width" in window and "view/language='xx'" in window
    if hasattr(os, "mkfifo"):
        assert "a named pipe" in window and (home / "digitpad.conf").exists()  # noted, not moved, by a check


def test_the_window_check_fails_when_the_window_cannot_start(monkeypatch, qapp):
    from digitpad import selftest
    from digitpad.ui import main_window

    class Unstartable:
        def __init__(self, *args, **kwargs):
            raise OverflowError("int too large to convert to float")

    monkeypatch.setattr(main_window, "MainWindow", Unstartable)
    checks = selftest.Checks()
    checks.run("main window", selftest.Installation().window)
    assert (
        checks.failed == 1 and checks.lines[0] == "FAIL  main window: OverflowError: int too large to convert to float"
    )


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
