"""The settings files: none can stop the window (a pipe, a huge file), and the good ones still count.

Qt works out where the user's and the machine's settings files are once per process, so the cases read
through Qt's own fallbacks run in a fresh process of their own.
"""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from digitpad.ui import settings_file
from digitpad.ui.settings_file import open_settings, remove_leftovers

pytestmark = pytest.mark.skipif(
    not (settings_file.uses_ini_files() and hasattr(os, "mkfifo")), reason="INI settings files and named pipes"
)


@pytest.fixture
def folders(tmp_path, monkeypatch):
    """The user's and the machine's settings folders, empty; returns (user file, machine-wide file)."""
    home, system = tmp_path / "home", tmp_path / "system"
    (home / "digitpad").mkdir(parents=True)
    (system / "digitpad").mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(system))
    return home / "digitpad" / "digitpad.conf", system / "digitpad" / "digitpad.conf"


def opened_within(seconds: float, **kwargs):
    found = []
    opener = threading.Thread(target=lambda: found.append(open_settings(**kwargs)), daemon=True)
    opener.start()
    opener.join(seconds)
    assert found, "opening the settings must never wait on a file"
    return found[0]


def open_in_a_new_process(user: Path, system: Path) -> dict:
    code = (
        "import json; from digitpad.ui.settings_file import open_settings; o = open_settings(); "
        "print(json.dumps({'epochs': o.settings.value('training/epochs'), "
        "'batch': o.settings.value('training/batch_size'), 'notes': o.notes, 'files': list(map(str, o.files))}))"
    )
    env = dict(os.environ, XDG_CONFIG_HOME=str(user.parent.parent), XDG_CONFIG_DIRS=str(system.parent.parent))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_good_files_are_read_as_qt_reads_them(folders):
    user, system = folders
    system.write_text("[training]\nepochs=7\nbatch_size=64\n")
    user.write_text("[training]\nepochs=3\n")
    opened = open_in_a_new_process(user, system)
    assert opened == {"epochs": "3", "batch": "64", "notes": [], "files": [str(user), str(system)]}


def test_a_users_pipe_is_set_aside_and_the_machines_defaults_still_apply(folders):
    user, system = folders
    os.mkfifo(user)
    system.write_text("[training]\nepochs=7\n")
    opened = open_in_a_new_process(user, system)
    assert opened["epochs"] == "7" and len(opened["notes"]) == 1
    assert "a named pipe, not a file" in opened["notes"][0] and "set aside" in opened["notes"][0]
    aside = [p for p in user.parent.iterdir() if p.name.startswith("digitpad.conf.unreadable-")]
    assert len(aside) == 1 and not user.exists()


def test_a_check_only_notes_a_bad_file_and_moves_nothing(folders):
    user, system = folders
    os.mkfifo(user)
    system.write_text("[training]\nepochs=7\n")
    opened = opened_within(10, repair=False)
    assert int(opened.settings.value("training/epochs")) == 7 and "not remembered this time" in opened.notes[0]
    assert user.exists()


def test_a_huge_machine_wide_file_is_skipped_and_the_users_file_kept(folders, tmp_path, monkeypatch):
    user, system = folders
    with open(system, "wb") as f:
        f.truncate(2 << 30)  # 2 GB that take no disk
    other = tmp_path / "other"
    (other / "digitpad").mkdir(parents=True)
    (other / "digitpad" / "digitpad.conf").write_text("[training]\nbatch_size=64\n")
    monkeypatch.setenv("XDG_CONFIG_DIRS", f"{system.parent.parent}{os.pathsep}{other}")
    user.write_text("[training]\nepochs=3\n")
    opened = opened_within(10)
    assert "too big" in opened.notes[0] and "machine-wide defaults are not read" in opened.notes[0]
    assert int(opened.settings.value("training/epochs")) == 3
    assert int(opened.settings.value("training/batch_size")) == 64  # the good machine-wide file still counts
    assert system.stat().st_size == 2 << 30


def test_qts_leftover_copies_of_the_settings_file_are_removed(folders):
    user, _ = folders
    user.write_text("[training]\nepochs=3\n")
    leftover = user.with_name("digitpad.conf.Ab12Cd")
    keep = [user.with_name("digitpad.conf.unreadable-123"), user.with_name("other.conf.Ab12Cd")]
    for path in (leftover, *keep):
        path.write_text("x")
    assert remove_leftovers(user) == [leftover]
    assert all(p.exists() for p in keep)
    assert QSettings(str(user), QSettings.Format.IniFormat).value("training/epochs") == "3"
