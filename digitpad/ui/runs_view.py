"""The Runs dock: every run kept (this session's and earlier ones'), to show or hide, rename, delete, compare,
repeat over seeds, predict with, and hand over as an experiment file.

The list is a view of the Session's run history; every change goes through the Session, which keeps the
store on disk in step (``core/experiments.py``). The dock also connects the Session's run signals that only
it brings about (shown/hidden, runs added from a file, a repeat's band) to the window's charts.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSignalBlocker, QSize, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.config import ConfigError
from digitpad.core.runs import FAILED, STOPPED, RunRecord
from digitpad.ui.messages import config_problems, describe, settings_label

REPEAT_RANGE = (2, 10)
REPEAT_DEFAULT = 3
ID_ROLE = Qt.ItemDataRole.UserRole
EXPERIMENT_FILTER = "*.dpexp"


class RunsList(QTreeWidget):
    """One row per run: shown (a check box), number and name, settings, test accuracy, model."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("runs_list")
        self.setColumnCount(4)
        self.setHeaderLabels([self.tr("Run"), self.tr("Settings"), self.tr("Test accuracy"), self.tr("Model")])
        self.setRootIsDecorated(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setToolTip(
            self.tr(
                "Every run you trained, kept between sessions. Untick a run to hide its curves; "
                "select two or more to compare them."
            )
        )


class RunsView(QWidget):
    """The dock's contents; ``window`` is the MainWindow (its Session, charts, panel and messages)."""

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("runs_view")
        self.window_ = window
        self.session = window.session
        self.compare = None  # the Compare view, made when first opened
        self.list = RunsList()
        self._build()
        self._connect()
        self.refresh()
        if self.session.store_problems:  # said once, by the first window: runs that could not be restored
            problems, self.session.store_problems = self.session.store_problems, []
            QTimer.singleShot(0, lambda: self._report_unreadable(problems))

    def _report_unreadable(self, problems: list) -> None:
        lines = "\n".join(describe(p) for p in problems)
        self.window_.show_message(
            QMessageBox.Icon.Warning,
            self.tr("Runs"),
            self.tr("These kept runs could not be read and were set aside:\n{}").format(lines),
        )

    def _button(self, text: str, name: str, tip: str, slot) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    def _build(self) -> None:
        self.use_button = self._button(
            self.tr("Predict with it"),
            "use_run_button",
            self.tr("Let the selected run's model classify your drawings"),
            self.use_selected,
        )
        self.compare_button = self._button(
            self.tr("Compare…"),
            "compare_button",
            self.tr("Curves and settings of the selected runs side by side"),
            self.compare_selected,
        )
        self.rename_button = self._button(
            self.tr("Rename…"), "rename_button", self.tr("Give the selected run a name"), self.rename_selected
        )
        self.delete_button = self._button(
            self.tr("Delete"),
            "delete_runs_button",
            self.tr("Delete the selected runs, their curves and models"),
            self.delete_selected,
        )
        self.repeat_spin = QSpinBox()
        self.repeat_spin.setObjectName("repeat_spin")
        self.repeat_spin.setRange(*REPEAT_RANGE)
        self.repeat_spin.setValue(REPEAT_DEFAULT)
        self.repeat_spin.setPrefix("× ")
        self.repeat_button = self._button(
            self.tr("Repeat"),
            "repeat_button",
            self.tr(
                "Train the current settings several times with different random seeds, and draw their mean ± "
                "spread as a band: is an effect bigger than chance?"
            ),
            self.repeat,
        )
        self.repeat_spin.setToolTip(self.repeat_button.toolTip())
        self.open_button = self._button(
            self.tr("Open experiment…"),
            "open_experiment_button",
            self.tr("Add the runs of an experiment file"),
            self.open_experiment,
        )
        self.save_button = self._button(
            self.tr("Save experiment…"),
            "save_experiment_button",
            self.tr("Save the selected runs (or all) with their models, to hand to someone else"),
            self.save_experiment,
        )
        self.status = QLabel()
        self.status.setObjectName("runs_status")
        self.status.setWordWrap(True)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for i, button in enumerate((self.use_button, self.compare_button, self.rename_button, self.delete_button)):
            grid.addWidget(button, i // 2, i % 2)
        repeat = QHBoxLayout()
        repeat.addWidget(self.repeat_button, 1)
        repeat.addWidget(self.repeat_spin)
        files = QHBoxLayout()
        files.addWidget(self.open_button)
        files.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list, 1)
        layout.addLayout(grid)
        layout.addLayout(repeat)
        layout.addLayout(files)
        layout.addWidget(self.status)

    def _connect(self) -> None:
        s, charts = self.session, self.window_.charts
        for signal in (s.runs_changed, s.run_started, s.run_finished, s.run_ended_without_model, s.model_changed):
            signal.connect(self.refresh)
        s.run_failed.connect(self.refresh)
        s.run_visibility_changed.connect(charts.set_run_visible)
        s.runs_changed.connect(charts.titles_changed)
        s.runs_added.connect(charts.runs_added)
        s.repeat_finished.connect(charts.repeat_finished)
        s.experiment_opened.connect(self._opened)
        s.experiment_saved.connect(self._saved)
        s.experiment_failed.connect(self._failed)
        self.list.itemChanged.connect(self._item_changed)
        self.list.itemSelectionChanged.connect(self._enable)
        self.list.itemDoubleClicked.connect(lambda item, column: self.rename_selected())

    # -- the list -----------------------------------------------------------------------------------

    def refresh(self, *_args) -> None:
        """Show the Session's history: rows updated in place while the runs are the same ones, else rebuilt
        (keeping the selection). In place matters: this also runs while Qt is still inside a row's own
        ``itemChanged`` (a tick that hides a run), and a row deleted under it crashes the program."""
        records = list(reversed(self.session.runs.runs))  # newest first
        predicting = self.session.model.run_id if self.session.model is not None else None
        with QSignalBlocker(self.list):
            if [r.id for r in records] != [
                self.list.topLevelItem(i).data(0, ID_ROLE) for i in range(self.list.topLevelItemCount())
            ]:
                self._rebuild(records)
            for i, record in enumerate(records):
                item = self.list.topLevelItem(i)
                for column, text in enumerate(self._row(record, predicting)):
                    item.setText(column, text)
                item.setCheckState(0, Qt.CheckState.Unchecked if record.hidden else Qt.CheckState.Checked)
        for column in range(self.list.columnCount()):
            self.list.resizeColumnToContents(column)
        self._enable()

    def _rebuild(self, records: list[RunRecord]) -> None:
        selected = {r.id for r in self.selected_records()}
        self.list.clear()
        for record in records:
            item = QTreeWidgetItem()
            item.setData(0, ID_ROLE, record.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setToolTip(0, self.tr("Tick to show its curves"))
            self.list.addTopLevelItem(item)
            item.setSelected(record.id in selected)

    def _row(self, record: RunRecord, predicting: str | None) -> list[str]:
        title = self.tr("{} · {}").format(record.number, record.name) if record.name else str(record.number)
        if record.group is not None:
            title += self.tr(" (repeat {}/{})").format(record.group.index, record.group.size)
        if record.running:
            accuracy = self.tr("training…")
        elif record.test_accuracy is not None:
            accuracy = f"{record.test_accuracy:.2%}"
        else:
            accuracy = {FAILED: self.tr("failed"), STOPPED: self.tr("stopped")}.get(record.status, "")
        if record.id == predicting:
            model = self.tr("predicting")
        elif record.has_model:
            model = self.tr("kept")
        else:
            model = "—"
        return [title, settings_label(record.label_parts), accuracy, model]

    def records(self) -> list[RunRecord]:
        """The runs in the list's order (newest first)."""
        return [
            self.session.runs.find_id(self.list.topLevelItem(i).data(0, ID_ROLE))
            for i in range(self.list.topLevelItemCount())
        ]

    def selected_records(self) -> list[RunRecord]:
        """The selected runs, oldest first."""
        found = [self.session.runs.find_id(item.data(0, ID_ROLE)) for item in self.list.selectedItems()]
        return sorted((r for r in found if r is not None), key=lambda r: r.number)

    def select(self, records: list[RunRecord]) -> None:
        wanted = {r.id for r in records}
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            item.setSelected(item.data(0, ID_ROLE) in wanted)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        record = self.session.runs.find_id(item.data(0, ID_ROLE))
        if record is not None and column == 0:
            self.session.set_run_hidden(record, item.checkState(0) != Qt.CheckState.Checked)

    def _enable(self) -> None:
        chosen = self.selected_records()
        done = [r for r in chosen if not r.running]
        self.use_button.setEnabled(len(chosen) == 1 and chosen[0].has_model)
        self.compare_button.setEnabled(len(done) >= 2)
        self.rename_button.setEnabled(len(chosen) == 1)
        self.delete_button.setEnabled(bool(done))
        self.repeat_button.setEnabled(not self.session.is_training())
        self.save_button.setEnabled(any(not r.running for r in self.session.runs.runs))

    # -- what the buttons do --------------------------------------------------------------------------

    def use_selected(self) -> None:
        chosen = self.selected_records()
        if len(chosen) == 1 and self.session.use_run_model(chosen[0]):
            self.status.setText(self.tr("Loading the model of run {}…").format(chosen[0].number))

    def rename_selected(self) -> None:
        chosen = self.selected_records()
        if len(chosen) != 1:
            return
        record = chosen[0]
        name, ok = QInputDialog.getText(
            self,
            self.tr("Rename run"),
            self.tr("A name for run {}:").format(record.number),
            QLineEdit.EchoMode.Normal,
            record.name or "",
        )
        if ok:
            self.session.rename_run(record, name)

    def delete_selected(self) -> None:
        chosen = [r for r in self.selected_records() if not r.running]
        if not chosen:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Delete runs"),
            self.tr("Delete {} run(s) with their curves and models? This cannot be undone.").format(len(chosen)),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.delete(chosen)

    def delete(self, records: list[RunRecord]) -> int:
        removed = self.session.delete_runs(records)
        self.status.setText(self.tr("Deleted {} run(s).").format(removed))
        return removed

    def compare_selected(self) -> None:
        chosen = [r for r in self.selected_records() if not r.running]
        if len(chosen) >= 2:
            self.open_compare(chosen)

    def open_compare(self, records: list[RunRecord]):
        from digitpad.ui.compare_view import CompareView

        if self.compare is None:
            self.compare = self.window_._in_dialog(CompareView(), self.tr("Compare runs"), QSize(1000, 700))
        self.compare.show_runs(records)
        self.compare.window().show()
        self.compare.window().raise_()
        return self.compare

    def repeat(self) -> bool:
        """Train the panel's settings ``repeat_spin`` times over successive seeds."""
        if self.session.is_training():
            return False
        try:
            config = self.window_.panel.config()
        except ConfigError as exc:
            self.window_.show_message(
                QMessageBox.Icon.Warning, self.tr("Impossible settings"), "\n".join(config_problems(exc))
            )
            return False
        times = self.repeat_spin.value()
        if not self.session.start_repeat(config, times):
            return False
        self.window_.panel.set_running(True)
        self.window_.panel.set_progress(0, self.tr("Repeat 1 of {}: starting…").format(times))
        self._enable()
        return True

    # -- experiment files ---------------------------------------------------------------------------

    def _start_folder(self) -> str:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return str(self.session.settings.value("files/last_dir", documents))

    def _filter(self) -> str:
        return self.tr("digitpad experiments ({})").format(EXPERIMENT_FILTER)

    def open_experiment(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open experiment"), self._start_folder(), self._filter())
        if path:
            self.open_experiment_file(path)

    def open_experiment_file(self, path) -> bool:
        if self.session.is_training():
            self.window_.show_message(
                QMessageBox.Icon.Information,
                self.tr("Open experiment"),
                self.tr("Wait until training has finished, then open the experiment."),
            )
            return False
        self.session.settings.setValue("files/last_dir", str(Path(path).parent))
        self.status.setText(self.tr("Opening {}…").format(Path(path).name))
        self.session.open_experiment(path)
        return True

    def save_experiment(self) -> None:
        start = Path(self._start_folder()) / "my-experiment.dpexp"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save experiment"), str(start), self._filter())
        if path:
            self.save_experiment_file(path)

    def save_experiment_file(self, path, records: list[RunRecord] | None = None) -> None:
        records = records or self.selected_records() or self.session.runs.runs
        self.session.settings.setValue("files/last_dir", str(Path(path).parent))
        self.session.save_experiment(path, records)

    def _opened(self, path, added: int, known: int) -> None:
        text = self.tr("{}: {} run(s) added.").format(Path(path).name, added)
        if known:
            text += " " + self.tr("{} were already here.").format(known)
        self.status.setText(text)

    def _saved(self, path, count: int) -> None:
        self.status.setText(self.tr("Saved {} run(s) to {}.").format(count, Path(path).name))
        self.window_.statusBar().showMessage(self.tr("Saved {}").format(path), 5000)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText("")
        self.window_.show_message(QMessageBox.Icon.Warning, self.tr("Runs"), describe(exc))


class RunsDock(QDockWidget):
    """The Runs view in a dock the student can show, hide, move or float (View → Runs)."""

    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle(self.tr("Runs"))
        self.setObjectName("runs_dock")
        self.view = RunsView(window)
        self.setWidget(self.view)
        self.toggleViewAction().setObjectName("runs_action")
        self.toggleViewAction().setText(self.tr("&Runs"))
        self.toggleViewAction().setShortcut("Ctrl+R")
