"""The test command also lints: ruff for style and bugs, mypy for the core's types, import-linter for the layers."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def run(*cmd):
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def test_ruff_finds_nothing():
    result = run(sys.executable, "-m", "ruff", "check", "digitpad", "tests", "packaging")
    assert result.returncode == 0, result.stdout + result.stderr


def test_code_is_formatted():
    result = run(sys.executable, "-m", "ruff", "format", "--check", "digitpad", "tests", "packaging", "docs")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold():
    result = run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken" in result.stdout


def test_mypy_finds_nothing_in_the_core():
    # The settings ([tool.mypy] in pyproject.toml) check the bodies of unannotated functions too.
    result = run(sys.executable, "-m", "mypy", "digitpad/core")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_only_the_task_runner_starts_threads_in_the_ui():
    starters = [
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "digitpad" / "ui").glob("*.py")
        if "threading.Thread(" in path.read_text(encoding="utf-8")
    ]
    assert starters == ["digitpad/ui/tasks.py"], starters
