"""kill -9 during a save, in a loop of delays: the file is always the old one or the new one, whole, and the
temporary files a killed save leaves are removed at the next start (core/atomic.py)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from digitpad.core import atomic
from digitpad.core.controls import PARTS
from digitpad.core.handwriting import HandwritingStore
from digitpad.core.modelfile import check_contents, open_model_archive, read_metadata

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="kill -9 is a POSIX thing")


def kill_while_saving(kind: str, folder: Path, delay: float) -> None:
    """Start a saver, wait until it is saving, let it save for ``delay`` seconds, then kill -9 it."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    saver = subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.savers", kind, str(folder)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert saver.stdout.readline().strip() == "ready"
        time.sleep(delay)
    finally:
        saver.send_signal(signal.SIGKILL)
        saver.wait(30)
    assert saver.returncode == -signal.SIGKILL


def leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if atomic.SUFFIX in p.name)


def test_kill_during_model_saves(tmp_path):
    generations, partial_seen = [], 0
    for delay in (0.05, 0.3, 0.8):
        kill_while_saving("model", tmp_path, delay)
        partial_seen += bool(leftovers(tmp_path))
        target = tmp_path / "m.keras"
        if target.exists():  # always a whole model file: every entry's checksum holds, the network checks
            with open_model_archive(target) as zf:
                check_contents(zf, target)
            generations.append(read_metadata(target)["generation"])
        atomic.remove_leftovers([tmp_path])  # what the next start does
        assert leftovers(tmp_path) == []
    assert generations and all(isinstance(g, int) and g >= 1 for g in generations)
    print(f"model saves: generations {generations}; kills that left a partial file: {partial_seen} of 3")


def test_kill_during_handwriting_saves(tmp_path):
    counts, partial_seen = [], 0
    for delay in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6):
        kill_while_saving("handwriting", tmp_path, delay)
        partial_seen += bool(leftovers(tmp_path))
        atomic.remove_leftovers([tmp_path])
        assert leftovers(tmp_path) == []
        store = HandwritingStore(tmp_path)
        assert store.load_problem is None, store.load_problem  # never set aside: the file is always whole
        counts.append(len(store))
    assert counts == sorted(counts) and counts[-1] > 0  # nothing saved was ever lost
    print(f"handwriting saves: samples after each kill {counts}; kills that left a partial file: {partial_seen} of 8")


def test_kill_during_settings_saves(tmp_path):
    generations = []
    for delay in (0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.45, 0.6):
        kill_while_saving("settings", tmp_path, delay)
        settings = QSettings(str(tmp_path / "digitpad.conf"), QSettings.Format.IniFormat)
        values = {settings.value(part.key) for part in PARTS}
        assert len(values) == 1, f"settings from two saves mixed: {values}"  # one whole generation
        generations.append(int(values.pop() or 0))
        settings.setValue("probe", delay)
        settings.sync()  # a killed writer's lock does not block the next one
        assert settings.status() == QSettings.Status.NoError
    assert max(generations) > 0  # each saver starts again from generation 1
    print(f"settings saves: generation after each kill {generations}")
