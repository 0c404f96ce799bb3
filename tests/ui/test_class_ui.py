"""The Class menu and dock: a student joins and shares, the status bar follows the share, a teacher unlocks,
moderates in the gallery, reads the board, and a published class model reaches the student."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest
from PySide6.QtCore import QItemSelectionModel

from digitpad.core.classfolder import ClassFolder
from digitpad.core.classreader import ClassReader
from digitpad.core.classteacher import TeacherDesk, create_class
from digitpad.core.resources import default_model_path
from digitpad.ui.class_view import JoinDialog
from tests.classworkers import drawings
from tests.test_experiments import finished_run
from tests.ui.conftest import MODEL_TIMEOUT_MS

WAIT_MS = 30_000


def _join(qtbot, window, share, nickname="Mina"):
    room = window.session.classroom
    room.join(str(share), "5B", nickname)
    qtbot.waitUntil(lambda: room.joined and room.state == "connected", timeout=WAIT_MS)
    return room


def test_join_share_and_the_status_bar(qtbot, open_window, settings, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    window = open_window(settings, load=False)
    room = _join(qtbot, window, share)
    status = window.class_dock.panel.status
    assert status.text() == "Class 5B: connected"
    assert settings.value("class/folder") == str(share) and settings.value("class/name") == "5B"
    store = window.session.handwriting
    for image, label in zip(*drawings(1, 12)[:2], strict=True):
        store.add(image, int(label))
    window.class_dock.panel.share_drawings_button.click()
    qtbot.waitUntil(lambda: "12 drawings shared" in window.class_dock.panel.progress.text(), timeout=WAIT_MS)
    shutil.move(share, tmp_path / "away")  # the share goes away: writes wait, the status bar says so
    store.add(drawings(1, 13)[0][12], 2)
    window.class_dock.panel.share_drawings_button.click()
    qtbot.waitUntil(lambda: "not reachable, 1 waiting" in status.text(), timeout=WAIT_MS)
    shutil.move(tmp_path / "away", share)
    room.flush()
    qtbot.waitUntil(lambda: status.text() == "Class 5B: connected", timeout=WAIT_MS)
    room.refresh()
    qtbot.waitUntil(lambda: room.snapshot is not None, timeout=WAIT_MS)
    assert len(room.snapshot.pooled()) == 13


def test_the_join_dialog_checks_names_as_typed(qtbot):
    dialog = JoinDialog("/mnt/share", "5B", "")
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    dialog.nickname_edit.setText("mina@school.kr")
    assert "cannot be a nickname" in dialog.problem.text() and not ok.isEnabled()
    dialog.nickname_edit.setText("Mina")
    assert dialog.problem.text() == "" and ok.isEnabled()


def test_teacher_gallery_hide_and_board(qtbot, open_window, settings, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    folder = ClassFolder.at(share, "5B")
    from digitpad.core.classshare import StudentShare
    from digitpad.core.experiments import RunSnapshot
    from digitpad.core.runs import RunHistory

    history = RunHistory()
    for number, nickname in ((1, "Mina"), (2, "Joon")):
        student = StudentShare(folder, tmp_path / nickname)
        student.join(nickname)
        student.queue_drawings(*drawings(number, 20))
        student.queue_runs([RunSnapshot.of(finished_run(history, seed=number), has_model=False)])
        student.flush()
    create_class(folder, "correct horse")
    window = open_window(settings, load=False)
    room = window.session.classroom
    room.choose(str(share), "5B")
    panel = window.class_dock.panel
    assert not panel.gallery_button.isVisible()
    room.unlock("wrong horse!")
    qtbot.waitUntil(lambda: "not the teacher passphrase" in panel.progress.text(), timeout=WAIT_MS)
    assert not room.teacher
    room.unlock("correct horse")
    qtbot.waitUntil(lambda: room.teacher, timeout=WAIT_MS)
    window.class_dock.show()
    panel.show_gallery()
    gallery = panel.gallery
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 40, timeout=WAIT_MS)
    assert gallery.count.text() == "40 drawings from 2 students (0 hidden)"
    first = gallery.model.index(0)
    gallery.view.selectionModel().select(first, QItemSelectionModel.SelectionFlag.Select)
    gallery.hide_button.click()
    qtbot.waitUntil(lambda: "(1 hidden)" in gallery.count.text(), timeout=WAIT_MS)
    assert len(room.snapshot.pooled()) == 39
    gallery.show_hidden.setChecked(False)
    assert gallery.model.rowCount() == 39
    gallery.filter.setCurrentIndex(gallery.filter.findText("3"))  # one digit: 2 of each student's 20
    assert gallery.model.rowCount() == 4 and set(gallery.model.items.labels) == {3}
    gallery.order.setCurrentIndex(1)  # by student, then one student
    gallery.filter.setCurrentIndex(gallery.filter.findText("Joon"))
    assert gallery.model.rowCount() == 19  # the hidden drawing was Joon's first 0 (Joon comes first)
    assert {gallery.model.nicknames[s] for s in gallery.model.items.students} == {"Joon"}
    panel.show_board()
    board = panel.board
    qtbot.waitUntil(lambda: board.table.topLevelItemCount() == 2, timeout=WAIT_MS)
    students = {board.table.topLevelItem(i).text(0) for i in range(2)}
    assert students == {"Mina", "Joon"}
    best = [float(board.table.topLevelItem(i).text(2).rstrip("%")) for i in range(2)]
    assert best == sorted(best, reverse=True)  # best validation accuracy first
    assert board.table.topLevelItem(0).text(5)  # the settings, in words


def test_a_published_class_model_is_offered_and_loads(qtbot, open_window, settings, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    window = open_window(settings, load=False)
    room = _join(qtbot, window, share)
    TeacherDesk(room.folder).publish(default_model_path(), "Class model of 5B")
    room.refresh()
    button = window.class_dock.panel.load_model_button
    qtbot.waitUntil(button.isEnabled, timeout=WAIT_MS)
    assert "Class model of 5B" in window.class_dock.panel.progress.text()
    button.click()
    qtbot.waitUntil(lambda: window.model_object is not None, timeout=MODEL_TIMEOUT_MS)
    assert window.session.model.path.name == "model-1.keras"
    assert window.session.model.path.parent != room.folder.root / "teacher"  # loaded from the checked copy


def test_screenshots_at_1024x600(qtbot, open_window, settings, tmp_path):
    """Renders the join dialog and a full teacher gallery at a small laptop's size (looked at by hand)."""
    share = tmp_path / "share"
    share.mkdir()
    folder = ClassFolder.at(share, "5B")
    from digitpad.core.classshare import StudentShare

    for number in range(1, 31):
        student = StudentShare(folder, tmp_path / f"s{number}")
        student.join(f"student {number:02d}")
        student.queue_drawings(*drawings(number, 200))
        student.flush()
    window = open_window(settings, load=False)
    window.resize(1024, 600)
    room = window.session.classroom
    room.choose(str(share), "5B")
    room.teacher = True
    window.class_dock.show()
    room.changed.emit()
    window.class_dock.panel.show_gallery()
    gallery = window.class_dock.panel.gallery
    qtbot.waitUntil(lambda: gallery.model.rowCount() == 6000, timeout=WAIT_MS)
    gallery.window().resize(1024, 600)
    qtbot.wait(200)
    out = tmp_path / "shots"
    out.mkdir()
    assert gallery.window().grab().save(str(out / "gallery.png"))
    assert window.grab().save(str(out / "window.png"))
    dialog = JoinDialog(str(share), "5B", "Mina", window)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.grab().save(str(out / "join.png"))
    dialog.close()
    if os.environ.get("DIGITPAD_SHOTS"):  # to look at them: DIGITPAD_SHOTS=/tmp/shots pytest -k screenshots
        shutil.copytree(out, os.environ["DIGITPAD_SHOTS"], dirs_exist_ok=True)
    assert np.all([p.stat().st_size > 1000 for p in out.iterdir()])


def test_teacher_mode_from_it_is_read_machine_wide_only(tmp_path, monkeypatch):
    from digitpad.ui.settings_file import machine_wide_switch

    system, user = tmp_path / "xdg", tmp_path / "config"
    (system / "digitpad").mkdir(parents=True)
    (user / "digitpad").mkdir(parents=True)
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(system))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(user))
    (user / "digitpad" / "digitpad.conf").write_text("[class]\nteacher=true\n")  # a student's own: not enough
    assert machine_wide_switch("class/teacher") is False
    (system / "digitpad" / "digitpad.conf").write_text("[class]\nteacher=true\n")
    assert machine_wide_switch("class/teacher") is True


def test_a_new_class_gets_its_passphrase_and_the_teacher_is_in(qtbot, open_window, settings, tmp_path):
    share = tmp_path / "share"
    share.mkdir()
    window = open_window(settings, load=False)
    room = window.session.classroom
    room.choose(str(share), "5C")
    qtbot.waitUntil(lambda: room.snapshot is not None or "not there" in window.class_dock.panel.progress.text())
    room.unlock("too short", create=True)  # 9 characters: fine
    qtbot.waitUntil(lambda: room.teacher, timeout=WAIT_MS)
    room.refresh()
    qtbot.waitUntil(lambda: room.snapshot is not None and room.snapshot.has_teacher, timeout=WAIT_MS)
    window.class_dock.show()
    assert window.class_dock.panel.gallery_button.isVisible()


@pytest.mark.slow
def test_the_teacher_trains_and_publishes_a_class_model(qtbot, open_window, settings, tmp_path, mnist):
    from digitpad.core.classshare import StudentShare

    share = tmp_path / "share"
    share.mkdir()
    folder = ClassFolder.at(share, "5B")
    test = mnist.test
    for number, nickname in ((0, "Mina"), (1, "Joon")):
        student = StudentShare(folder, tmp_path / nickname)
        student.join(nickname)
        rows = slice(number * 30, number * 30 + 30)
        student.queue_drawings(test.images[rows], test.labels[rows], np.zeros(30))
        student.flush()
    create_class(folder, "correct horse")
    teacher = open_window(settings, load=True)
    room = teacher.session.classroom
    room.choose(str(share), "5B")
    room.unlock("correct horse")
    qtbot.waitUntil(lambda: room.teacher and room.snapshot is not None, timeout=WAIT_MS)
    panel = teacher.class_dock.panel
    panel.train_and_publish()
    qtbot.waitUntil(lambda: "Published." in panel.progress.text(), timeout=180_000)
    assert "60 class drawings" in panel.progress.text()
    published = ClassReader(folder).read().published
    assert published is not None and published.title == "Class model of 5B"
    from digitpad.core.modelfile import load_model

    loaded = load_model(folder.teacher_file(published.model))  # a checked model, with what made it
    assert loaded.metadata["class_model"]["drawings"] == 60
