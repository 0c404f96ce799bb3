"""The Class menu and dock: join a class, share drawings and runs, load the class model, and teacher mode.

A view of the Session's ``ClassRoom`` (``ui/classroom.py``): every click is forwarded to it, every answer
comes back as its signals. The status bar shows the share's state (``class_status``): connected, writes
queued, read-only, or not reachable.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.classfolder import ClassFolderError, check_class_name, check_nickname
from digitpad.core.classshare import CONNECTED, MISSING, READ_ONLY, REMOVED
from digitpad.ui.messages import describe, settings_label

ID_ROLE = Qt.ItemDataRole.UserRole
TITLE_BAR_ROOM = 40  # a window's title bar, left room on the screen


class JoinDialog(QDialog):
    """Folder, class and nickname; checked as typed, so a bad name is said before anything is written."""

    def __init__(self, folder: str, name: str, nickname: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("class_join_dialog")
        self.setWindowTitle(self.tr("Join a class"))
        self.setMinimumWidth(440)
        self.folder_edit = QLineEdit(folder)
        self.folder_edit.setObjectName("class_folder_edit")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder_edit, 1)
        row.addWidget(browse)
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("class_name_edit")
        self.nickname_edit = QLineEdit(nickname)
        self.nickname_edit.setObjectName("class_nickname_edit")
        self.nickname_edit.setPlaceholderText(self.tr("not your real name"))
        form = QFormLayout()
        form.addRow(self.tr("Class folder"), row)
        form.addRow(self.tr("Class"), self.name_edit)
        form.addRow(self.tr("Nickname"), self.nickname_edit)
        note = QLabel(
            self.tr(
                "Your drawings and runs are shared with your class only when you choose to. Your nickname is "
                "all the class folder knows of you: please do not use your real name, e-mail or phone number."
            )
        )
        note.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setObjectName("class_join_problem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b00020")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Join"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        for edit in (self.folder_edit, self.name_edit, self.nickname_edit):
            edit.textChanged.connect(self._check)
        self._check()

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Class folder"), self.folder_edit.text())
        if chosen:
            self.folder_edit.setText(chosen)

    def _check(self) -> bool:
        problem = ""
        if not self.folder_edit.text().strip():
            problem = self.tr("Choose the class folder (the share your school set up).")
        else:
            try:
                check_class_name(self.name_edit.text())
                check_nickname(self.nickname_edit.text())
            except ClassFolderError as exc:
                problem = describe(exc)
        self.problem.setText(problem)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
        return not problem

    def values(self) -> tuple[str, str, str]:
        return self.folder_edit.text().strip(), self.name_edit.text().strip(), self.nickname_edit.text().strip()


class RunsChoice(QDialog):
    """Tick the runs to share."""

    def __init__(self, records: list, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("class_runs_dialog")
        self.setWindowTitle(self.tr("Share runs with the class"))
        self.list = QListWidget()
        self.list.setObjectName("class_runs_list")
        for record in records:
            label = record.name or self.tr("run {}").format(record.number)
            item = QListWidgetItem(f"{label} · {settings_label(record.label_parts)}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            item.setData(ID_ROLE, record)
            self.list.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Share"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Your class sees these runs' settings and curves (never their models).")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen(self) -> list:
        items = (self.list.item(i) for i in range(self.list.count()))
        return [item.data(ID_ROLE) for item in items if item.checkState() == Qt.CheckState.Checked]


class ClassPanel(QWidget):
    """The dock's contents: the class, what to share, the class model, and the teacher's tools."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("class_view")
        self.window_ = window
        self.room = window.session.classroom
        self.gallery = None  # the teacher's windows, made when first opened
        self.board = None
        self.lesson_to_publish: Path | None = None
        self.summary = QLabel()
        self.summary.setObjectName("class_summary")
        self.summary.setWordWrap(True)
        self.join_button = self._button(self.tr("Join a class…"), "class_join_button", self.join)
        self.share_drawings_button = self._button(
            self.tr("Share my drawings"), "share_drawings_button", self.room.share_drawings
        )
        self.share_runs_button = self._button(self.tr("Share runs…"), "share_runs_button", self.share_runs)
        self.load_model_button = self._button(
            self.tr("Load the class model"), "load_class_model_button", self.room.load_published
        )
        self.teacher_button = self._button(self.tr("Teacher mode…"), "teacher_button", self.ask_passphrase)
        self.gallery_button = self._button(self.tr("Class gallery"), "class_gallery_button", self.show_gallery)
        self.board_button = self._button(self.tr("Class board"), "class_board_button", self.show_board)
        self.lesson_button = self._button(self.tr("Lesson to publish…"), "class_lesson_button", self.choose_lesson)
        self.publish_button = self._button(
            self.tr("Publish a class model"), "publish_class_model_button", self.train_and_publish
        )
        self.publish_button.setToolTip(
            self.tr("Fine-tune the model now predicting on the class's drawings mixed with MNIST, then publish it")
        )
        self.status = QLabel()  # in the window's status bar
        self.status.setObjectName("class_status")
        self.progress = QLabel()
        self.progress.setObjectName("class_progress")
        self.progress.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        for button in (
            self.join_button,
            self.share_drawings_button,
            self.share_runs_button,
            self.load_model_button,
            self.teacher_button,
            self.gallery_button,
            self.board_button,
            self.lesson_button,
            self.publish_button,
        ):
            layout.addWidget(button)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        room = self.room
        room.changed.connect(self.update_state)
        room.failed.connect(self._failed)
        room.shared.connect(self._shared)
        room.published_available.connect(self._published_available)
        room.class_model_ready.connect(self._class_model_ready)
        room.class_model_published.connect(self._class_model_published)
        room.train_progress.connect(self._train_progress)
        self.update_state()

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def update_state(self) -> None:
        room = self.room
        joined, teacher = room.joined, room.teacher
        if room.folder is None:
            self.summary.setText(self.tr("Not in a class. Join one to pool drawings and runs with your classmates."))
        elif joined:
            self.summary.setText(
                self.tr("Class {} as {}").format(room.folder.name, room.share.nickname if room.share else "")
            )
        else:
            self.summary.setText(self.tr("Class {} (not joined)").format(room.folder.name))
        for button in (self.share_drawings_button, self.share_runs_button):
            button.setEnabled(joined)
        published = room.snapshot.published if room.snapshot else None
        self.load_model_button.setEnabled(published is not None)
        self.teacher_button.setEnabled(room.folder is not None and not teacher)
        for button in (self.gallery_button, self.board_button, self.lesson_button, self.publish_button):
            button.setVisible(teacher)
        self.status.setText(status_text(room))

    def _failed(self, exc) -> None:
        self.progress.setText(describe(exc))

    def _shared(self, kind: str, count: int) -> None:
        text = {
            "drawings": self.tr("{} drawings shared with the class."),
            "runs": self.tr("{} runs shared with the class."),
        }[kind]
        self.progress.setText(text.format(count))

    def join(self) -> None:
        room = self.room
        share = str(room.folder.share) if room.folder else ""
        name = room.folder.name if room.folder else ""
        nickname = room.share.nickname if room.share else ""
        dialog = JoinDialog(share, name, nickname, self.window_)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            room.join(*dialog.values())
        except ClassFolderError as exc:
            self._failed(exc)
            return
        room.refresh()

    def share_runs(self) -> None:
        records = [r for r in self.window_.session.runs.runs if not r.running]
        if not records:
            self.progress.setText(self.tr("No runs to share yet: train one first."))
            return
        dialog = RunsChoice(records, self.window_)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.chosen():
            self.room.share_runs(dialog.chosen())

    def _published_available(self, published) -> None:
        self.load_model_button.setEnabled(True)
        self.progress.setText(self.tr("Your teacher published a class model: {}").format(published.title))

    def _class_model_ready(self, model_path, lesson_path) -> None:
        self.progress.setText(self.tr("The class model is loading."))
        if lesson_path is not None:
            self.window_.lessons.open_path(lesson_path)

    def ask_passphrase(self) -> None:
        room = self.room
        if room.snapshot is None:  # whether the class has a teacher yet is known once it has been read
            self.progress.setText(self.tr("Reading the class folder… try again in a moment."))
            room.refresh()
            return
        creating = not room.snapshot.has_teacher
        title = self.tr("Set the teacher passphrase") if creating else self.tr("Teacher mode")
        label = (
            self.tr("This class has no teacher yet. Choose a passphrase (at least 8 characters):")
            if creating
            else self.tr("Teacher passphrase:")
        )
        dialog = PassphraseDialog(title, label, self.window_)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            room.unlock(dialog.passphrase(), create=creating)
            room.refresh()

    def show_gallery(self) -> None:
        from digitpad.ui.class_gallery import ClassGallery

        if self.gallery is None:
            self.gallery = in_window(ClassGallery(self.room), self.tr("Class gallery"), self.window_)
        self.gallery.window().show()
        self.gallery.window().raise_()
        self.room.refresh()

    def show_board(self) -> None:
        from digitpad.ui.class_board import ClassBoard

        if self.board is None:
            self.board = in_window(ClassBoard(self.room), self.tr("Class board"), self.window_)
        self.board.window().show()
        self.board.window().raise_()
        self.room.refresh()

    def choose_lesson(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Lesson to publish"), "", self.tr("Lessons (*.json);;All files (*)")
        )
        if not path:
            return
        from digitpad.core.lessons import LessonError, load_lesson

        try:
            load_lesson(path)  # checked now: students get only a lesson that opens
        except (LessonError, OSError) as exc:
            self._failed(exc)
            return
        self.lesson_to_publish = Path(path)
        self.lesson_button.setText(self.tr("Lesson: {}").format(Path(path).name))

    def train_and_publish(self) -> None:
        title = self.tr("Class model of {}").format(self.room.folder.name if self.room.folder else "")
        if not self.room.train_and_publish(title, self.lesson_to_publish):
            self.progress.setText(
                self.tr("Nothing to train on yet: the class needs shared drawings, and a model must be loaded.")
            )
            return
        self.publish_button.setEnabled(False)
        self.progress.setText(self.tr("Training the class model…"))

    def _train_progress(self, report) -> None:
        self.progress.setText(self.tr("Training the class model… {:.0%}").format(report.progress))

    def _class_model_published(self, published, result) -> None:
        self.publish_button.setEnabled(True)
        self.progress.setText(
            self.tr("Published. On the {} class drawings it learnt from: {:.0%} → {:.0%}").format(
                result.samples, result.before, result.after
            )
        )


def in_window(view: QWidget, title: str, parent: QWidget) -> QWidget:
    """``view`` in a window of its own (non-modal: drawing goes on), never larger than the screen."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    QVBoxLayout(dialog).addWidget(view)
    room = parent.screen().availableGeometry().size() - QSize(0, TITLE_BAR_ROOM)
    dialog.resize(view.sizeHint().boundedTo(room))
    return view


class PassphraseDialog(QDialog):
    def __init__(self, title: str, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("class_passphrase_dialog")
        self.setWindowTitle(title)
        self.edit = QLineEdit()
        self.edit.setObjectName("class_passphrase_edit")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        text = QLabel(label)
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    def passphrase(self) -> str:
        return self.edit.text()


def status_text(room) -> str:
    """The status bar's words for the share's state."""
    if room.folder is None or not room.joined:
        return ""
    name, waiting = room.folder.name, room.waiting
    if room.state == REMOVED:
        text = QCoreApplication.translate("ClassDock", "Class {}: removed by the teacher")
    elif room.state == READ_ONLY:
        text = QCoreApplication.translate("ClassDock", "Class {}: read-only, {} waiting")
    elif room.state == MISSING:
        text = QCoreApplication.translate("ClassDock", "Class {}: not reachable, {} waiting")
    elif room.state not in ("", CONNECTED):
        text = QCoreApplication.translate("ClassDock", "Class {}: sending failed, {} waiting")
    elif waiting:
        text = QCoreApplication.translate("ClassDock", "Class {}: {} waiting to be sent")
    else:
        text = QCoreApplication.translate("ClassDock", "Class {}: connected")
    return text.format(name, waiting)  # extra values are ignored by the texts with one field


class ClassDock(QDockWidget):
    """View → Class; hidden until the student joins or opens it."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("class_dock")
        self.setWindowTitle(self.tr("Class"))
        self.panel = ClassPanel(window)
        self.setWidget(self.panel)
        self.toggleViewAction().setObjectName("class_action")
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self)
        self.setFloating(True)  # a window of its own: a laptop's screen has no room for another column
        self.hide()
        window.statusBar().addPermanentWidget(self.panel.status)

    def make_menu(self, window) -> QMenu:
        menu = QMenu(self.tr("&Class"), window)
        menu.setObjectName("class_menu")
        panel = self.panel

        def add(text: str, slot, name: str) -> QAction:
            action = menu.addAction(text)
            action.setObjectName(name)
            action.triggered.connect(lambda _checked=False: (self.show(), slot()))
            return action

        add(self.tr("&Join a class…"), panel.join, "class_join_action")
        add(self.tr("Share my &drawings"), panel.room.share_drawings, "share_drawings_action")
        add(self.tr("Share &runs…"), panel.share_runs, "share_runs_action")
        add(self.tr("&Load the class model"), panel.room.load_published, "load_class_model_action")
        menu.addSeparator()
        add(self.tr("&Teacher mode…"), panel.ask_passphrase, "teacher_action")
        add(self.tr("Class &gallery"), panel.show_gallery, "class_gallery_action")
        add(self.tr("Class &board"), panel.show_board, "class_board_action")
        menu.addSeparator()
        menu.addAction(self.toggleViewAction())
        menu.aboutToShow.connect(lambda: self._enable(menu))
        return menu

    def _enable(self, menu: QMenu) -> None:
        room = self.panel.room
        for action in menu.actions():
            name = action.objectName()
            if name in ("share_drawings_action", "share_runs_action"):
                action.setEnabled(room.joined)
            elif name in ("class_gallery_action", "class_board_action"):
                action.setEnabled(room.teacher)
            elif name == "teacher_action":
                action.setEnabled(room.folder is not None)
