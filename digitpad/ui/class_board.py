"""The class board: every run the students shared, side by side, to see who tried what and what worked.

One row per run: the student, the run, its best validation accuracy (the best epoch of its best network),
its test accuracy, its epochs and its settings in words. Sorted by best validation accuracy; click a
header to sort by another column. Read off the GUI thread by the ClassRoom (``core/classreader.py``).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from digitpad.ui.messages import settings_label

SORT_ROLE = Qt.ItemDataRole.UserRole
BEST_COLUMN = 2


def best_validation(record) -> float | None:
    """The highest validation accuracy any of the run's networks reached in any epoch."""
    best = None
    for series in record.series:
        rows = series.val_epochs.rows()
        if len(rows):
            top = float(rows[:, 2].max())
            best = top if best is None else max(best, top)
    return best


class _Item(QTreeWidgetItem):
    def __lt__(self, other) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(column, SORT_ROLE), other.data(column, SORT_ROLE)
        if mine is None or theirs is None:
            return super().__lt__(other)
        return mine < theirs


class ClassBoard(QWidget):
    def __init__(self, room, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("class_board")
        self.room = room
        self.table = QTreeWidget()
        self.table.setObjectName("class_board_table")
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setHeaderLabels(
            [
                self.tr("Student"),
                self.tr("Run"),
                self.tr("Best validation"),
                self.tr("Test accuracy"),
                self.tr("Epochs"),
                self.tr("Settings"),
            ]
        )
        self.table.setSortingEnabled(True)
        self.summary = QLabel()
        self.summary.setObjectName("class_board_summary")
        self.summary.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        room.snapshot_ready.connect(self.show_snapshot)
        self.show_snapshot()

    def sizeHint(self) -> QSize:
        return QSize(820, 480)

    def show_snapshot(self, *_args) -> None:
        snapshot = self.room.snapshot
        self.table.clear()
        if snapshot is None:
            self.summary.setText(self.tr("Reading the class folder…"))
            return
        rows = 0
        for student in snapshot.students():
            runs = snapshot.runs.get(student)
            for record in runs.records if runs else []:
                self.table.addTopLevelItem(self._row(snapshot.nickname(student), record))
                rows += 1
        self.table.sortItems(BEST_COLUMN, Qt.SortOrder.DescendingOrder)
        for column in range(self.table.columnCount()):
            self.table.resizeColumnToContents(column)
        students = sum(1 for s in snapshot.students() if snapshot.runs.get(s))
        self.summary.setText(self.tr("{} runs shared by {} students").format(rows, students))

    def _row(self, nickname: str, record) -> QTreeWidgetItem:
        best, test = best_validation(record), record.test_accuracy
        cells = [
            nickname,
            record.name or self.tr("run {}").format(record.number),
            "—" if best is None else f"{best:.2%}",
            "—" if test is None else f"{test:.2%}",
            str(record.info.epochs),
            settings_label(record.label_parts),
        ]
        item = _Item(cells)
        sort_values = [nickname.casefold(), record.number, best if best is not None else -1.0, test or -1.0]
        for column, value in enumerate([*sort_values, record.info.epochs, cells[5]]):
            item.setData(column, SORT_ROLE, value)
        for column in (2, 3, 4):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item
