"""The teacher's class gallery: every drawing the class shared, by digit or by student, to hide or delete.

Thousands of thumbnails: a list model makes each one only when the view paints it (a few hundred at a
time), so 30 students × 200 drawings open at once. The drawings were read off the GUI thread by the
ClassRoom (``core/classreader.py``); hiding, deleting, renaming and removing go to the teacher's own
moderation file, through the ClassRoom, and the gallery is read again after.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractListModel, QModelIndex, QSignalBlocker, QSize, Qt
from PySide6.QtGui import QColor, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.classreader import Gallery, gallery
from digitpad.ui.evaluation_view import DIGIT_PX, digit_pixmap
from digitpad.ui.messages import describe

FADED = 0.3


class DrawingsModel(QAbstractListModel):
    """The gallery's drawings; a thumbnail is drawn when first shown and kept."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.items: Gallery | None = None
        self.nicknames: dict[str, str] = {}
        self._pixmaps: dict[int, QPixmap] = {}

    def set_items(self, items: Gallery, nicknames: dict[str, str]) -> None:
        self.beginResetModel()
        self.items, self.nicknames, self._pixmaps = items, nicknames, {}
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 -- Qt's own signature
        return 0 if parent.isValid() or self.items is None else len(self.items)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        items = self.items
        if items is None or not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DecorationRole:
            if row not in self._pixmaps:
                self._pixmaps[row] = self._thumbnail(row)
            return self._pixmaps[row]
        if role == Qt.ItemDataRole.ToolTipRole:
            nickname = self.nicknames.get(items.students[row], "?")
            text = self.tr("{} · labelled {}").format(nickname, int(items.labels[row]))
            return text + (self.tr(" · hidden") if items.hidden[row] else "")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return str(int(items.labels[row]))
        return None

    def _thumbnail(self, row: int) -> QPixmap:
        assert self.items is not None
        pixmap = digit_pixmap(255 - self.items.images[row])  # dark ink on white, as the student drew it
        if self.items.hidden[row]:  # hidden drawings stay visible to the teacher, faded
            faded = QPixmap(pixmap.size())
            faded.fill(QColor("white"))
            from PySide6.QtGui import QPainter

            painter = QPainter(faded)
            painter.setOpacity(FADED)
            painter.drawPixmap(0, 0, pixmap)
            painter.end()
            return faded
        return pixmap

    def pairs(self, rows: list[int]) -> list[tuple[str, str]]:
        items = self.items
        return [] if items is None else [(items.students[r], items.keys[r]) for r in rows]


class ClassGallery(QWidget):
    def __init__(self, room, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("class_gallery")
        self.room = room
        self.order = QComboBox()
        self.order.setObjectName("class_gallery_order")
        self.order.addItems([self.tr("By digit"), self.tr("By student")])
        self.filter = QComboBox()  # one digit, or one student
        self.filter.setObjectName("class_gallery_filter")
        self.filter.setMinimumContentsLength(12)
        self.show_hidden = QCheckBox(self.tr("Show hidden"))
        self.show_hidden.setObjectName("class_gallery_show_hidden")
        self.show_hidden.setChecked(True)
        self.count = QLabel()
        self.count.setObjectName("class_gallery_count")
        self.model = DrawingsModel(self)
        self.view = self._make_view()
        self.hide_button = self._button(self.tr("Hide"), "class_hide_button", lambda: self._moderate("hide"))
        self.show_button = self._button(self.tr("Show"), "class_show_button", lambda: self._moderate("show"))
        self.delete_button = self._button(self.tr("Delete"), "class_delete_button", lambda: self._moderate("delete"))
        self.rename_button = self._button(self.tr("Rename student…"), "class_rename_button", self.rename_student)
        self.remove_button = self._button(self.tr("Remove student…"), "class_remove_button", self.remove_student)
        refresh = self._button(self.tr("Refresh"), "class_refresh_button", room.refresh)
        top = QHBoxLayout()
        top.addWidget(self.order)
        top.addWidget(self.filter)
        top.addWidget(self.show_hidden)
        top.addWidget(self.count, 1)
        top.addWidget(refresh)
        actions = QHBoxLayout()
        for button in (self.hide_button, self.show_button, self.delete_button, self.rename_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        self.problems = QLabel()
        self.problems.setObjectName("class_gallery_problems")
        self.problems.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        layout.addWidget(self.problems)
        self.order.currentIndexChanged.connect(self._order_changed)
        self.filter.currentIndexChanged.connect(self.show_snapshot)
        self.show_hidden.toggled.connect(self.show_snapshot)
        room.snapshot_ready.connect(self.show_snapshot)
        self.show_snapshot()

    def sizeHint(self) -> QSize:
        return QSize(760, 520)

    def _make_view(self) -> QListView:
        view = QListView()
        view.setObjectName("class_gallery_view")
        view.setViewMode(QListView.ViewMode.IconMode)
        view.setResizeMode(QListView.ResizeMode.Adjust)
        view.setMovement(QListView.Movement.Static)
        view.setUniformItemSizes(True)
        view.setIconSize(QSize(DIGIT_PX, DIGIT_PX))
        view.setGridSize(QSize(DIGIT_PX + 6, DIGIT_PX + 6))
        view.setLayoutMode(QListView.LayoutMode.Batched)  # lays out in steps: the window stays responsive
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setModel(self.model)
        return view

    def _button(self, text: str, name: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _order_changed(self) -> None:
        with QSignalBlocker(self.filter):
            self.filter.clear()
        self.show_snapshot()

    def _fill_filter(self, nicknames: dict[str, str]) -> None:
        """All, then each digit (by digit) or each student (by student); the choice kept when it still exists."""
        by_student = self.order.currentIndex() == 1
        choices = list(nicknames.items()) if by_student else [(d, str(d)) for d in range(10)]
        everything = self.tr("All students") if by_student else self.tr("All digits")
        current = self.filter.currentData()
        with QSignalBlocker(self.filter):
            self.filter.clear()
            self.filter.addItem(everything, None)
            for value, text in choices:
                self.filter.addItem(text, value)
            at = self.filter.findData(current) if current is not None else 0
            self.filter.setCurrentIndex(max(at, 0))

    def show_snapshot(self, *_args) -> None:
        snapshot = self.room.snapshot
        if snapshot is None:
            self.count.setText(self.tr("Reading the class folder…"))
            return
        by_student = self.order.currentIndex() == 1
        items = gallery(snapshot, by_student=by_student, include_hidden=self.show_hidden.isChecked())
        nicknames = {s: snapshot.nickname(s) for s in snapshot.students()}
        self._fill_filter(nicknames)
        chosen = self.filter.currentData()
        if chosen is not None and by_student:
            items = items.where(np.array([s == chosen for s in items.students], bool))
        elif chosen is not None:
            items = items.where(items.labels == chosen)
        self.model.set_items(items, nicknames)
        self.count.setText(
            self.tr("{} drawings from {} students ({} hidden)").format(
                len(items), len(set(items.students)), int(items.hidden.sum())
            )
        )
        left_out = snapshot.problems[:5]
        text = "\n".join(describe(p) for p in left_out)
        if len(snapshot.problems) > len(left_out):
            text += "\n" + self.tr("… and {} more files left out").format(len(snapshot.problems) - len(left_out))
        self.problems.setText(text)

    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.view.selectionModel().selectedIndexes())

    def _moderate(self, what: str) -> None:
        pairs = self.model.pairs(self.selected_rows())
        if not pairs:
            return
        if what == "delete":
            answer = QMessageBox.question(
                self,
                self.tr("Delete drawings"),
                self.tr("Delete {} drawings from the class for good?").format(len(pairs)),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.room.teacher_change(lambda desk: desk.delete_drawings(pairs))
        else:
            self.room.teacher_change(lambda desk: desk.set_hidden(pairs, what == "hide"))

    def _selected_student(self) -> str | None:
        rows = self.selected_rows()
        items = self.model.items
        return None if not rows or items is None else items.students[rows[0]]

    def rename_student(self) -> None:
        student = self._selected_student()
        if student is None:
            return
        old = self.model.nicknames.get(student, "")
        name, ok = QInputDialog.getText(self, self.tr("Rename student"), self.tr("New nickname:"), text=old)
        if ok and name.strip():
            from digitpad.core.classfolder import ClassFolderError, check_nickname

            try:
                check_nickname(name)
            except ClassFolderError as exc:
                self.problems.setText(describe(exc))
                return
            self.room.teacher_change(lambda desk: desk.rename(student, name))

    def remove_student(self) -> None:
        student = self._selected_student()
        if student is None:
            return
        nickname = self.model.nicknames.get(student, "?")
        answer = QMessageBox.question(
            self,
            self.tr("Remove student"),
            self.tr("Remove {} and everything they shared from the class?").format(nickname),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.room.teacher_change(lambda desk: desk.remove_student(student))
