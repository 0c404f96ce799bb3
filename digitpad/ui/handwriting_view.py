"""My handwriting: label drawings into a personal dataset, browse and delete them, fine-tune the model on them.

The store, the model and MNIST belong to the Session; the view knows the window only through the drawing
callables it is given. The store is small and changes on the GUI thread; fine-tuning and measuring accuracy
run on the Session's task runner with a snapshot of the samples. Messages go to a status line in the view,
never to a blocking dialog.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.data import DatasetError
from digitpad.core.preprocess import NothingDrawn, preprocess
from digitpad.ui.evaluation_view import DIGIT_PX, digit_pixmap, setup_digit_gallery
from digitpad.ui.messages import describe as describe_error

log = logging.getLogger(__name__)

GALLERY_LIMIT = 400  # thumbnails beyond this slow the view; filtering by digit reaches the rest
INDEX_ROLE = Qt.ItemDataRole.UserRole
WARNING_COLOUR = "#a02818"  # dark red: readable on light and projector palettes


class Gallery(QListWidget):
    """Thumbnails of the samples; Delete or Backspace asks to delete the selected ones."""

    delete_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class HandwritingView(QWidget):
    samples_changed = Signal()
    task_finished = Signal()  # a fine-tune or accuracy check has ended (for tests and automation)

    def __init__(
        self,
        session,
        current_drawing: Callable[[], np.ndarray],
        clear_drawing: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("handwriting_view")
        self.session = session
        self.current_drawing = current_drawing
        self.clear_drawing = clear_drawing
        self.store = session.handwriting
        self.busy = False  # a fine-tune or accuracy check is running
        self.last_result = None  # the last FineTuneResult

        add_box = self._build_add_box()
        mine = self._build_my_digits()
        tune = self._build_tuning()
        self.result = QLabel()
        self.result.setObjectName("fine_tune_result")
        self.result.setWordWrap(True)
        self.warning = QLabel()
        self.warning.setObjectName("fine_tune_warning")
        self.warning.setWordWrap(True)
        palette = self.warning.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(WARNING_COLOUR))  # and a ⚠: not colour alone
        self.warning.setPalette(palette)
        self.warning.hide()

        self.status = QLabel()
        self.status.setObjectName("handwriting_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(add_box)
        layout.addWidget(mine, 1)
        layout.addLayout(tune)
        layout.addWidget(self.result)
        layout.addWidget(self.warning)
        layout.addWidget(self.status)
        session.handwriting_progress.connect(self._progress)
        session.handwriting_checked.connect(self._checked)
        session.handwriting_failed.connect(self._failed)
        session.fine_tuned.connect(self._tuned)
        if session.handwriting_busy():  # a job started from a window that has since been replaced
            self._show_busy(self.tr("Working on your digits…"), counted=False)
        if self.store.load_problem:
            self.say(self.tr("Your saved digits could not be read: {}").format(describe_error(self.store.load_problem)))
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(640, 560)

    def _build_add_box(self) -> QGroupBox:
        """A button per digit to add the drawing as that digit, each with the count of that digit."""
        add_box = QGroupBox(self.tr("Add this drawing as …"))
        grid = QGridLayout(add_box)
        self.add_buttons = []
        self.count_labels = []
        for d in range(10):
            button = QPushButton(str(d))
            button.setObjectName(f"add_as_{d}")
            # As narrow as a digit needs (a push button is otherwise at least ~80 px): ten fit a netbook's column.
            button.setMinimumWidth(button.fontMetrics().horizontalAdvance("00") + 16)
            button.setToolTip(self.tr("Add the drawing on the canvas to your digits, labelled {}").format(d))
            button.clicked.connect(lambda _=False, digit=d: self.add_as(digit))
            count = QLabel()
            count.setObjectName(f"count_{d}")
            count.setAlignment(Qt.AlignmentFlag.AlignCenter)
            count.setToolTip(self.tr("How many {}s you have added").format(d))
            grid.addWidget(button, 0, d)
            grid.addWidget(count, 1, d)
            self.add_buttons.append(button)
            self.count_labels.append(count)
        return add_box

    def _build_my_digits(self) -> QGroupBox:
        """The gallery of the student's digits, its filter, and deleting, importing and exporting them."""
        self.filter = QComboBox()
        self.filter.setObjectName("digit_filter")
        self.filter.setToolTip(self.tr("Show all your digits, or only one of them"))
        self.filter.addItem(self.tr("All digits"), -1)
        for d in range(10):
            self.filter.addItem(self.tr("Only {}s").format(d), d)
        self.filter.currentIndexChanged.connect(self.refresh)
        self.total = QLabel()
        self.total.setObjectName("handwriting_total")
        self.gallery = self._make_gallery()
        self.delete_button = QPushButton(self.tr("Delete selected"))
        self.delete_button.setObjectName("delete_button")
        self.delete_button.setToolTip(self.tr("Remove the selected samples from your digits (Delete)"))
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_button = QPushButton(self.tr("Export…"))
        self.export_button.setObjectName("export_button")
        self.export_button.setToolTip(self.tr("Save your digits as a file to share with your class"))
        self.export_button.clicked.connect(self.choose_export)
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("import_button")
        self.import_button.setToolTip(self.tr("Add the digits from a file (yours, or your class's)"))
        self.import_button.clicked.connect(self.choose_import)
        top = QHBoxLayout()
        top.addWidget(self.total, 1)
        top.addWidget(self.filter)
        files = QHBoxLayout()
        files.addWidget(self.delete_button)
        files.addStretch(1)
        files.addWidget(self.import_button)
        files.addWidget(self.export_button)
        mine = QGroupBox(self.tr("My digits"))
        box = QVBoxLayout(mine)
        box.addLayout(top)
        box.addWidget(self.gallery, 1)
        box.addLayout(files)
        return mine

    def _build_tuning(self) -> QHBoxLayout:
        """Fine-tuning and checking the model on the student's digits, with their progress."""
        self.fine_tune_button = QPushButton(self.tr("Fine-tune on my digits"))
        self.fine_tune_button.setObjectName("fine_tune_button")
        self.fine_tune_button.setToolTip(
            self.tr(
                "Train a copy of the model now predicting a little more, on your digits mixed with 20 times as "
                "many MNIST digits so it does not forget everyone else's handwriting"
            )
        )
        self.fine_tune_button.clicked.connect(self.fine_tune)
        self.check_button = QPushButton(self.tr("Check accuracy"))
        self.check_button.setObjectName("check_accuracy_button")
        self.check_button.setToolTip(self.tr("How many of your digits does the model now predicting get right?"))
        self.check_button.clicked.connect(self.check_accuracy)
        self.progress = QProgressBar()
        self.progress.setObjectName("fine_tune_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        self.progress.hide()
        tune = QHBoxLayout()
        tune.addWidget(self.fine_tune_button)
        tune.addWidget(self.check_button)
        tune.addWidget(self.progress, 1)
        return tune

    def _make_gallery(self) -> Gallery:
        gallery = setup_digit_gallery(Gallery(), "handwriting_gallery", self.tr("Your digits"))
        gallery.setGridSize(QSize(DIGIT_PX + 12, DIGIT_PX + gallery.fontMetrics().height() + 10))
        gallery.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        gallery.delete_pressed.connect(self.delete_selected)
        gallery.itemSelectionChanged.connect(self._update_buttons)
        return gallery

    # -- the samples --------------------------------------------------------------------------------

    def say(self, text: str) -> None:
        self.status.setText(text)

    def refresh(self) -> None:
        """Rebuild the counts and the gallery from the store, newest first."""
        counts = self.store.counts()
        for d, label in enumerate(self.count_labels):
            label.setText(str(counts[d]))
        self.total.setText(self.tr("{} digits of yours").format(len(self.store)))
        digit = self.filter.currentData()
        split, created = self.store.samples(), self.store.created()
        index = np.flatnonzero(split.labels == digit) if digit is not None and digit >= 0 else np.arange(len(split))
        index = index[::-1]
        self.gallery.clear()
        for i in index[:GALLERY_LIMIT]:
            item = QListWidgetItem(QIcon(digit_pixmap(split.images[i])), str(split.labels[i]))
            item.setData(INDEX_ROLE, int(i))
            when = dt.datetime.fromtimestamp(created[i]).strftime("%Y-%m-%d %H:%M")
            item.setToolTip(self.tr("a {}, added {}").format(split.labels[i], when))
            self.gallery.addItem(item)
        if len(index) > GALLERY_LIMIT:
            self.total.setText(self.total.text() + self.tr(" (showing the newest {})").format(GALLERY_LIMIT))
        self._update_buttons()

    def _update_buttons(self) -> None:
        idle = not self.busy
        has = len(self.store) > 0
        self.delete_button.setEnabled(bool(self.gallery.selectedItems()))
        self.export_button.setEnabled(has)
        self.fine_tune_button.setEnabled(idle and has)
        self.check_button.setEnabled(idle and has)

    def add_as(self, digit: int) -> bool:
        """Preprocess the current drawing and add it labelled ``digit``."""
        try:
            image28 = preprocess(self.current_drawing())
        except NothingDrawn:
            self.say(self.tr("Draw a digit on the canvas first, then choose what it is."))
            return False
        try:
            self.store.add(image28, digit)
        except (OSError, ValueError) as exc:
            self.say(self.tr("Could not add the drawing: {}").format(describe_error(exc)))
            return False
        self.say(self.tr("Added as {}. You have {} of them.").format(digit, self.store.counts()[digit]))
        self.refresh()
        self.samples_changed.emit()
        if self.clear_drawing is not None:
            self.clear_drawing()  # ready for the next one
        return True

    def selected_indices(self) -> list[int]:
        return sorted(int(item.data(INDEX_ROLE)) for item in self.gallery.selectedItems())

    def delete_selected(self) -> None:
        index = self.selected_indices()
        if not index:
            return
        try:
            self.store.delete_many(index)
        except OSError as exc:
            self.say(self.tr("Could not delete: {}").format(describe_error(exc)))
            return
        self.say(self.tr("Deleted {} of your digits.").format(len(index)))
        self.refresh()
        self.samples_changed.emit()

    # -- files --------------------------------------------------------------------------------------

    def _documents(self) -> Path:
        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))

    def choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export my digits"),
            str(self._documents() / "my-digits.npz"),
            self.tr("Handwriting files (*.npz)"),
        )
        if path:
            self.export_to(path)

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import digits"), str(self._documents()), self.tr("Handwriting files (*.npz);;All files (*)")
        )
        if path:
            self.import_from(path)

    def export_to(self, path) -> bool:
        try:
            written = self.store.export(path)
        except OSError as exc:
            self.say(self.tr("Could not export: {}").format(describe_error(exc)))
            return False
        self.say(self.tr("Exported {} digits to {}").format(len(self.store), written))
        return True

    def import_from(self, path) -> int | None:
        """Merge a handwriting file into the store; a bad file is reported and changes nothing."""
        try:
            added = self.store.import_file(path)
        except (DatasetError, OSError) as exc:
            log.warning("import failed: %s", exc)
            self.say(self.tr("Could not import: {}").format(describe_error(exc)))
            return None
        self.say(self.tr("Imported {} new digits from {}").format(added, Path(path).name))
        self.refresh()
        self.samples_changed.emit()
        return added

    # -- the model ----------------------------------------------------------------------------------

    def _begin(self, text: str, counted: bool) -> bool:
        """Show the view busy with a Session job on the student's digits; False when there is no model."""
        if not self.session.has_model:
            self.say(self.tr("No model yet: wait for it to load, or train one."))
            return False
        self._show_busy(text, counted)
        return True

    def _show_busy(self, text: str, counted: bool) -> None:
        self.busy = True
        self.warning.hide()
        self.progress.setRange(0, 1000 if counted else 0)  # nothing to count: a moving bar says "working"
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText(text)
        self._update_buttons()

    def check_accuracy(self) -> None:
        if self._begin(self.tr("Checking the model on your digits…"), counted=False):
            self.session.check_handwriting()

    def fine_tune(self) -> None:
        if self._begin(self.tr("Fine-tuning on your digits… (loading MNIST first)"), counted=True):
            self.session.fine_tune_on_handwriting()

    def _progress(self, report) -> None:
        self.progress.setValue(int(report.progress * 1000))
        self.result.setText(
            self.tr("Fine-tuning on your digits… epoch {}, {:.0%} done").format(report.epoch, report.progress)
        )

    def _end(self) -> None:
        self.busy = False
        self.progress.hide()
        self._update_buttons()
        self.task_finished.emit()

    def _failed(self, exc: BaseException) -> None:
        self.result.setText(self.tr("That did not work: {}").format(describe_error(exc)))
        self._end()

    def _checked(self, accuracy: float, n: int) -> None:
        self.result.setText(self.tr("The model gets {:.0%} of your {} digits right.").format(accuracy, n))
        self._end()

    def _tuned(self, result) -> None:
        """What fine-tuning did, measured fairly (core/fair_finetune.py), with a warning when it forgets."""
        self.last_result = result
        lines = [self._own_digits_line(result)]
        lines.append(
            self.tr("MNIST test images (everyone else's handwriting): {:.1%} → {:.1%}").format(
                result.mnist_before, result.mnist_after
            )
        )
        self.result.setText("\n".join(lines))
        self.warning.setVisible(result.forgets)
        if result.forgets:
            self.warning.setText(
                self.tr(
                    "⚠ The network got {:.1f} points worse on MNIST's test images: it is starting to forget other "
                    "people's handwriting. Add more of your digits, of every kind, or go back with File → Use the "
                    "shipped model."
                ).format(100 * (result.mnist_before - result.mnist_after))
            )
        self._end()

    def _own_digits_line(self, result) -> str:
        if result.method == "held-out":
            return self.tr(
                "Your {} digits kept aside (not trained on): {:.0%} → {:.0%}. It trained on your other {}."
            ).format(result.held_out, result.held_before, result.held_after, result.trained_on)
        if result.method == "leave-one-out":
            return self.tr(
                "Your {} digits, each tested by a network trained on all the others: {:.0%} → {:.0%}."
            ).format(result.held_out, result.held_before, result.held_after)
        return self.tr("With one digit of yours there is nothing to test it on fairly: add more.")
