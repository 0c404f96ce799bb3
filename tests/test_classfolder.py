"""The class folder's core: names, the passphrase, the outbox (missing and read-only shares), moderation,
publishing, and hostile files dropped into the folder."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import numpy as np
import pytest

from digitpad.core import limits
from digitpad.core.classfolder import (
    DRAWINGS,
    MEMBERS,
    RUNS,
    ClassFolder,
    ClassFolderError,
    check_class_name,
    check_nickname,
)
from digitpad.core.classreader import ClassReader
from digitpad.core.classshare import CONNECTED, MISSING, READ_ONLY, StudentShare, drawing_key
from digitpad.core.classteacher import TeacherDesk, create_class, fetch_published, has_teacher, unlock
from tests.classworkers import check_student, drawings


@pytest.fixture
def folder(tmp_path) -> ClassFolder:
    share = tmp_path / "share"
    share.mkdir()
    return ClassFolder.at(share, "5B maths")


def student(folder: ClassFolder, tmp_path: Path, nickname: str, number: int, count: int) -> StudentShare:
    share = StudentShare(folder, tmp_path / f"home-{nickname}")
    share.join(nickname)
    share.queue_drawings(*drawings(number, count))
    assert share.flush().state == CONNECTED
    return share


# -- names --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Mina", "민아", "Kim 2", "jo-jo.", "  Alex  "])
def test_nicknames_allowed(name):
    assert check_nickname(name) == name.strip()


@pytest.mark.parametrize("name", ["", "   ", "a@b.com", "010 1234 5678", "x" * 25, "../up", "tab\there", ".hidden"])
def test_nicknames_refused(name):
    with pytest.raises(ClassFolderError) as info:
        check_nickname(name)
    assert info.value.code in ("nickname-empty", "nickname-not-allowed")


@pytest.mark.parametrize("name", ["..", "a/b", "a\\b", "CON", "lpt1.txt", "class.", ".git", "x" * 41, ""])
def test_class_names_that_cannot_be_folders_are_refused(name):
    with pytest.raises(ClassFolderError):
        check_class_name(name)


# -- the teacher's passphrase -------------------------------------------------------------------------


def test_passphrase_is_a_salted_hash_and_unlocks(folder):
    assert not has_teacher(folder)
    create_class(folder, "correct horse")
    stored = folder.teacher_file("class.json").read_text()
    assert "correct horse" not in stored
    assert json.loads(stored)["passphrase"]["kdf"] == "scrypt"
    unlock(folder, "correct horse")
    with pytest.raises(ClassFolderError) as info:
        unlock(folder, "wrong horse")
    assert info.value.code == "passphrase-wrong"
    with pytest.raises(ClassFolderError, match="already"):
        create_class(folder, "another one")
    with pytest.raises(ClassFolderError, match="at least"):
        create_class(ClassFolder.at(folder.share, "other"), "short")


def test_a_planted_hash_cannot_ask_for_unbounded_work(folder):
    create_class(folder, "correct horse")
    path = folder.teacher_file("class.json")
    document = json.loads(path.read_text())
    document["passphrase"]["n"] = 2**30
    path.write_text(json.dumps(document))
    with pytest.raises(ClassFolderError, match="damaged"):
        unlock(folder, "correct horse")


# -- students sharing ---------------------------------------------------------------------------------


def test_students_share_and_the_teacher_reads_them(folder, tmp_path):
    a = student(folder, tmp_path, "Mina", 1, 30)
    b = student(folder, tmp_path, "Joon", 2, 12)
    snapshot = ClassReader(folder).read()
    assert [snapshot.nickname(s) for s in snapshot.students()] == ["Joon", "Mina"]
    check_student(1, snapshot.drawings[a.student].images, snapshot.drawings[a.student].labels)
    check_student(2, snapshot.drawings[b.student].images, snapshot.drawings[b.student].labels)
    assert len(snapshot.pooled()) == 42
    assert snapshot.problems == []
    # Only the student's own files, one per kind, each named by the student's id; no nickname in a name.
    names = sorted(p.name for p in (folder.root / DRAWINGS).iterdir())
    assert names == sorted([a.student + ".npz", b.student + ".npz"])


def test_a_nickname_taken_in_the_class_is_refused(folder, tmp_path):
    student(folder, tmp_path, "Mina", 1, 1)
    with pytest.raises(ClassFolderError) as info:
        StudentShare(folder, tmp_path / "other").join("mina")
    assert info.value.code == "nickname-taken"


def test_membership_survives_a_restart_and_sequence_numbers_grow(folder, tmp_path):
    share = student(folder, tmp_path, "Mina", 1, 5)
    again = StudentShare(folder, share.local)
    assert (again.student, again.nickname) == (share.student, "Mina")
    first = ClassReader(folder).read().drawings[share.student].sequence
    again.queue_drawings(*drawings(1, 6))
    again.flush()
    assert ClassReader(folder).read().drawings[share.student].sequence > first


def test_runs_are_shared_as_an_experiment_file(folder, tmp_path):
    from digitpad.core.experiments import RunSnapshot, read_experiment
    from digitpad.core.runs import RunHistory
    from tests.test_experiments import finished_run

    share = StudentShare(folder, tmp_path / "home")
    share.join("Mina")
    history = RunHistory()
    records = [finished_run(history, seed=i) for i in range(3)]
    assert share.queue_runs([RunSnapshot.of(r, has_model=False) for r in records]) == 3
    share.flush()
    path = folder.student_file(RUNS, share.student)
    assert [r.id for r in read_experiment(path).records] == [r.id for r in records]
    snapshot = ClassReader(folder).read()
    assert [r.config for r in snapshot.runs[share.student].records] == [r.config for r in records]


# -- the share missing, coming back, read-only --------------------------------------------------------


def test_writes_wait_while_the_share_is_missing_and_go_when_it_returns(tmp_path):
    share_root = tmp_path / "share"
    folder = ClassFolder.at(share_root, "5B")
    mine = StudentShare(folder, tmp_path / "home")
    mine.join("Mina")  # offline: the membership waits too
    mine.queue_drawings(*drawings(1, 10))
    result = mine.flush()
    assert (result.state, result.waiting) == (MISSING, 2)
    assert not share_root.exists()  # digitpad never makes the share itself
    # The app restarts while the share is still gone: the outbox is on disk, nothing is lost.
    again = StudentShare(folder, mine.local)
    assert again.waiting() == [MEMBERS, DRAWINGS]
    share_root.mkdir()
    result = again.flush()
    assert (result.state, result.sent, result.waiting) == (CONNECTED, 2, 0)
    snapshot = ClassReader(folder).read()
    check_student(1, snapshot.drawings[mine.student].images, snapshot.drawings[mine.student].labels)


def test_a_newer_snapshot_queued_during_a_failed_send_wins(folder, tmp_path, monkeypatch):
    from digitpad.core import classshare

    mine = StudentShare(folder, tmp_path / "home")
    mine.join("Mina")
    mine.flush()
    mine.queue_drawings(*drawings(1, 5))
    real = classshare.write_bytes

    def failing(path, data):  # while sending, a newer snapshot arrives; then the share fails
        mine._lock.release()
        try:
            mine.queue_drawings(*drawings(1, 8))
        finally:
            mine._lock.acquire()
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(classshare, "write_bytes", failing)
    assert mine.flush().state == "failed"
    monkeypatch.setattr(classshare, "write_bytes", real)
    assert mine.flush().state == CONNECTED
    assert len(ClassReader(folder).read().drawings[mine.student].images) == 8


def _can_mount() -> bool:
    return os.geteuid() == 0 and os.system("mount --help >/dev/null 2>&1") == 0


@pytest.fixture
def read_only_share(tmp_path):
    """A share mounted read-only (a bind mount where the tests run as root; else folder permissions)."""
    source, share = tmp_path / "source", tmp_path / "share"
    source.mkdir()
    share.mkdir()
    if os.geteuid() != 0:
        source.chmod(0o555)
        yield source
        source.chmod(0o755)
        return
    if os.system(f"mount --bind {source} {share} 2>/dev/null && mount -o remount,bind,ro {share} 2>/dev/null"):
        os.system(f"umount {share} 2>/dev/null")
        pytest.skip("running as root without the right to mount: a read-only share cannot be made here")
    yield share
    os.system(f"umount {share}")


def test_a_read_only_share_keeps_writes_waiting(read_only_share, tmp_path):
    share = read_only_share
    folder = ClassFolder.at(share, "5B")
    mine = StudentShare(folder, tmp_path / "home")
    mine.join("Mina")
    mine.queue_drawings(*drawings(1, 3))
    result = mine.flush()
    assert (result.state, result.waiting) == (READ_ONLY, 2)
    assert result.problem is not None
    assert mine.waiting() == [MEMBERS, DRAWINGS]


# -- the teacher's moderation -------------------------------------------------------------------------


def test_hide_delete_rename_and_remove(folder, tmp_path):
    a = student(folder, tmp_path, "Mina", 1, 10)
    b = student(folder, tmp_path, "Joon", 2, 10)
    desk = TeacherDesk(folder)
    reader = ClassReader(folder)
    keys = reader.read().drawings[a.student].keys
    desk.set_hidden([(a.student, keys[0]), (a.student, keys[1])], True)
    desk.delete_drawings([(a.student, keys[2])])
    desk.set_hidden([(a.student, keys[1])], False)
    desk.rename(b.student, "Joon K")
    snapshot = reader.read()
    assert len(snapshot.pooled()) == 20 - 2
    assert len(snapshot.visible_drawings(include_hidden=True)) == 20 - 1
    assert snapshot.nickname(b.student) == "Joon K"
    assert folder.student_file(DRAWINGS, a.student).exists()  # a student's file is never the teacher's to write
    # The student's app leaves the deleted drawing out of what it shares next.
    deleted = {key for s, key in snapshot.moderation.deleted if s == a.student}
    assert a.queue_drawings(*drawings(1, 10), leave_out=deleted) == 9
    desk.remove_student(b.student)
    snapshot = reader.read()
    assert snapshot.students() == [a.student]
    assert not folder.student_file(DRAWINGS, b.student).exists()


def test_same_drawing_same_key_on_every_machine():
    image, label = drawings(3, 1)[0][0], 3
    assert drawing_key(image, label) == drawing_key(image.copy(), label)
    assert drawing_key(image, label) != drawing_key(image, 4)


# -- publishing a class model -------------------------------------------------------------------------


def test_publish_and_fetch_a_model_checked_by_checksum(folder, tmp_path):
    model = tmp_path / "class.keras"
    model.write_bytes(b"model bytes" * 100)
    lesson = tmp_path / "lesson.json"
    lesson.write_text('{"format": "digitpad-lesson-1"}')
    desk = TeacherDesk(folder)
    first = desk.publish(model, "Class model 1")
    second = desk.publish(model, "Class model 2", lesson)
    assert second.sequence == first.sequence + 1
    assert not folder.teacher_file(first.model).exists()  # the older one is cleared away
    published = ClassReader(folder).read().published
    assert published == second
    got_model, got_lesson = fetch_published(folder, published, tmp_path / "home")
    assert got_model.read_bytes() == model.read_bytes()
    assert got_lesson is not None and got_lesson.read_text() == lesson.read_text()
    folder.teacher_file(published.model).write_bytes(b"swapped")  # changed after publishing
    with pytest.raises(ClassFolderError) as info:
        fetch_published(folder, published, tmp_path / "home")
    assert info.value.code == "class-model-changed"


# -- hostile files dropped into the folder ------------------------------------------------------------


def _npz(**arrays) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def _pickled_npz() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        array = io.BytesIO()
        np.save(array, np.array([{"evil": 1}], dtype=object), allow_pickle=True)
        zf.writestr("x.npy", array.getvalue())
        zf.writestr("format.npy", _npy(np.array("digitpad-class-drawings-1")))
    return buffer.getvalue()


def _npy(array) -> bytes:
    out = io.BytesIO()
    np.save(out, array)
    return out.getvalue()


HOSTILE_ID = "f" * 32


def test_hostile_files_are_left_out_with_a_line_each(folder, tmp_path, caplog):
    good = student(folder, tmp_path, "Mina", 1, 20)
    drawings_dir, members_dir, runs_dir = (folder.kind_folder(k) for k in (DRAWINGS, MEMBERS, RUNS))
    valid = folder.student_file(DRAWINGS, good.student).read_bytes()
    ids = iter(f"{i:032x}" for i in range(1, 100))
    planted = {}

    def plant(directory: Path, suffix: str, content: bytes | None = None) -> Path:
        path = directory / (next(ids) + suffix)
        if content is not None:
            path.write_bytes(content)
        planted[path.name] = path
        return path

    os.symlink("/etc/passwd", plant(members_dir, ".json"))
    os.symlink(folder.student_file(DRAWINGS, good.student), plant(drawings_dir, ".npz"))
    os.mkfifo(plant(drawings_dir, ".npz"))
    with open(plant(drawings_dir, ".npz"), "wb") as f:  # huge (sparse)
        f.truncate(limits.CLASS_DRAWINGS_FILE_BYTES + 1)
    plant(drawings_dir, ".npz", valid[: len(valid) // 2])  # truncated
    plant(drawings_dir, ".npz", valid)  # another student's file copied under a new name
    plant(drawings_dir, ".npz", _pickled_npz())
    newer = dict(np.load(io.BytesIO(valid)))
    newer["format"] = np.array("digitpad-class-drawings-9")
    plant(drawings_dir, ".npz", _npz(**newer))
    plant(members_dir, ".json", b'{"format": "digitpad-class-member-7", "nickname": "x"}')
    plant(members_dir, ".json", b"\xff\xfe not json")
    plant(members_dir, ".json", b'{"format": "digitpad-class-member-1", "nickname": "x", "sequence": NaN}')
    plant(runs_dir, ".dpexp", b"PK\x05\x06" + b"\0" * 18)
    (drawings_dir / "notes.txt").write_text("a stray file")
    (drawings_dir / f".{good.student}.npz.123.abcdef12.digitpad-partial.npz").write_bytes(b"half")  # a writer's
    (folder.root / "teacher").mkdir(exist_ok=True)
    folder.teacher_file("moderation.json").write_text('{"format": "digitpad-class-moderation-1", "sequence": -1}')

    caplog.set_level("WARNING")
    reader = ClassReader(folder)
    snapshot = reader.read()
    assert snapshot.students() == [good.student]  # the good student is read whole; nothing else
    check_student(1, snapshot.drawings[good.student].images, snapshot.drawings[good.student].labels)
    refused = {Path(str(p.values.get("path", ""))).name.split(" [")[0] for p in snapshot.problems}
    assert set(planted) | {"notes.txt", "moderation.json"} <= refused
    assert all(p.code.startswith(("class-", "npz-", "npy-", "experiment-", "file-")) for p in snapshot.problems)
    codes = {p.code for p in snapshot.problems}
    assert {"class-file-is-a-link", "class-file-too-big", "npy-objects", "class-file-newer"} <= codes
    # Each refusal is logged once, not again on every read.
    lines = len(caplog.records)
    reader.read()
    assert len(caplog.records) <= lines + 1  # only the moderation file, which is read every time


def test_the_benchmark_opens_every_drawing_of_the_class():
    """Correctness only; the speed is the benchmark's business (python -m digitpad.bench.classfolder)."""
    from digitpad.bench import classfolder as bench

    result = bench.measure()
    assert result["drawings_shown"] == bench.STUDENTS * bench.DRAWINGS_EACH
    assert result["gallery_open_cold_s"] > 0


def test_a_removed_student_sends_nothing_more(folder, tmp_path):
    from digitpad.core.classshare import REMOVED

    mine = student(folder, tmp_path, "Mina", 1, 5)
    TeacherDesk(folder).remove_student(mine.student)
    mine.queue_drawings(*drawings(1, 6))
    result = mine.flush()
    assert result.state == REMOVED
    assert not folder.student_file(DRAWINGS, mine.student).exists()


def test_a_published_file_that_grows_past_its_limit_is_not_copied(folder, tmp_path, monkeypatch):
    model = tmp_path / "class.keras"
    model.write_bytes(b"m" * 5000)
    published = TeacherDesk(folder).publish(model, "Class model")
    monkeypatch.setattr(limits, "MODEL_FILE_BYTES", 1000)
    with pytest.raises(ClassFolderError) as info:
        fetch_published(folder, published, tmp_path / "home")
    assert info.value.code == "class-file-too-big"
    assert not (tmp_path / "home" / published.model).exists()


def test_clocks_do_not_matter_sequence_numbers_do(folder, tmp_path):
    """Machines' clocks differ: file times are never used to order what students wrote."""
    mine = student(folder, tmp_path, "Mina", 1, 10)
    path = folder.student_file(DRAWINGS, mine.student)
    stale = path.read_bytes()  # sequence n, 10 drawings
    reader = ClassReader(folder)
    mine.queue_drawings(*drawings(1, 12))
    mine.flush()
    os.utime(path, (0, 0))  # the newer file from a machine whose clock says 1970
    assert len(reader.read().drawings[mine.student].images) == 12
    # An older copy turning up later (a share's delayed write, with a clock far ahead) is not taken.
    tmp = path.with_name(".stale")
    tmp.write_bytes(stale)
    os.utime(tmp, (4_000_000_000, 4_000_000_000))
    os.replace(tmp, path)
    assert len(reader.read().drawings[mine.student].images) == 12


def test_a_file_replaced_while_it_is_read_keeps_what_was_read_before(folder, tmp_path, monkeypatch):
    """Some shares (SMB) replace a file in two steps: for a moment it is listed but gone. Not a fault."""
    from digitpad.core import classreader

    mine = student(folder, tmp_path, "Mina", 1, 10)
    reader = ClassReader(folder)
    assert len(reader.read().drawings[mine.student].images) == 10
    mine.queue_drawings(*drawings(1, 11))
    mine.flush()
    path = folder.student_file(DRAWINGS, mine.student)

    def gone(path_, student_):
        raise ClassFolderError("file-not-found", path=path_)

    monkeypatch.setitem(classreader._READERS, DRAWINGS, gone)
    snapshot = reader.read()
    assert len(snapshot.drawings[mine.student].images) == 10 and snapshot.problems == []
    monkeypatch.undo()
    assert len(reader.read().drawings[mine.student].images) == 11
    assert path.exists()
