"""Opening inputs (ordinary files only, never waiting) and writing outputs (whole or not at all, no litter)."""

import errno
import os
import subprocess
import sys
import threading
import time

import pytest

from digitpad.core import atomic, inputfiles, limits
from digitpad.core.modelfile import ModelFileError, load_model
from digitpad.core.problems import Problem

POSIX = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")


def refusal(call) -> str:
    try:
        call()
    except Problem as exc:
        return exc.code
    return "read"


@POSIX
def test_a_pipe_a_device_a_folder_and_a_big_file_are_refused_without_reading(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    outcome = []
    reader = threading.Thread(
        target=lambda: outcome.append(refusal(lambda: inputfiles.open_regular(tmp_path / "pipe", 10)))
    )
    reader.start()
    reader.join(10)
    assert outcome == ["file-is-a-pipe"], "opening a pipe must never wait for a writer"
    assert refusal(lambda: inputfiles.open_regular("/dev/zero", 10)) == "file-is-a-device"
    assert refusal(lambda: inputfiles.open_regular(tmp_path, 10)) == "is-a-folder"
    (tmp_path / "big").write_bytes(bytes(11))
    assert refusal(lambda: inputfiles.read_regular(tmp_path / "big", 10)) == "file-too-big"
    assert inputfiles.read_regular(tmp_path / "big", 11) == bytes(11)
    os.symlink("/dev/zero", tmp_path / "link.keras")  # a link is followed, as opening would
    assert refusal(lambda: load_model(tmp_path / "link.keras")) == "file-is-a-device"


def test_permission_denied_is_said_as_such_not_as_damage(tmp_path, monkeypatch, default_model):
    """(As root the system would not refuse, so the refusal is made here.)"""
    real = os.open

    def refuse(path, flags, *args):
        if str(path).endswith("locked.keras"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args)

    (tmp_path / "locked.keras").write_bytes(default_model.path.read_bytes())
    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(ModelFileError) as caught:
        load_model(tmp_path / "locked.keras")
    assert str(caught.value) == f"{tmp_path / 'locked.keras'}: permission denied"


def test_an_atomic_write_is_whole_or_leaves_nothing(tmp_path):
    target = tmp_path / "store.npz"
    atomic.write_atomically(target, lambda f: f.write(b"first"))

    def half(f):
        f.write(b"half of a sec")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        atomic.write_atomically(target, half)
    assert target.read_bytes() == b"first" and sorted(os.listdir(tmp_path)) == ["store.npz"]


def test_only_digitpads_own_leftovers_of_ended_processes_are_removed(tmp_path):
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    dead_pid = int(ended.stdout)
    (tmp_path / "handwriting").mkdir()
    dead = tmp_path / "handwriting" / f".samples.npz.{dead_pid}.0123abcd{atomic.SUFFIX}.npz"
    alive = tmp_path / f".m.keras.{os.getpid()}.0123abcd{atomic.SUFFIX}.keras"
    earlier_old = tmp_path / "handwriting" / ".samples-k2j4h5g6.npz"
    earlier_new = tmp_path / "handwriting" / ".samples-a1b2c3d4.npz"
    others = [tmp_path / "m.keras", tmp_path / f"notes{atomic.SUFFIX}", tmp_path / ".samples-too-long-name.npz"]
    for path in (dead, alive, earlier_old, earlier_new, *others):
        path.write_bytes(b"x")
    hour_ago = time.time() - limits.LEFTOVER_AGE_S - 60
    os.utime(earlier_old, (hour_ago, hour_ago))
    outside = tmp_path.parent / f".x.keras.{dead_pid}.0123abcd{atomic.SUFFIX}.keras"
    outside.write_bytes(b"x")
    os.symlink(outside.parent, tmp_path / "link")  # links are never followed
    removed = atomic.remove_leftovers([tmp_path])
    assert sorted(removed) == sorted([dead, earlier_old])
    assert alive.exists() and earlier_new.exists() and outside.exists() and all(p.exists() for p in others)
    outside.unlink()
