"""My handwriting: label drawings into a personal dataset, browse and delete them, fine-tune the model on them.

The view knows the window only through the callables it is given (the drawing, the model, MNIST). The
store is small and changes on the GUI thread; fine-tuning and measuring accuracy run on a Python thread
with a snapshot of the samples, answering through queued signals. Messages go to a status line in the
view, never to a blocking dialog.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QSize, QStandardPaths, Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence
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
from digitpad.core.handwriting import HandwritingStore
from digitpad.core.preprocess import NothingDrawn, preprocess
from digitpad.ui.evaluation_view import DIGIT_PX, digit_pixmap, setup_digit_gallery
from digitpad.ui.messages import describe as describe_error

log = logging.getLogger(__name__)

GALLERY_LIMIT = 400  # thumbnails beyond this slow the view; filtering by digit reaches the rest
INDEX_ROLE = Qt.ItemDataRole.UserRole


def describe_fine_tuned(result) -> str:
    """The caption for a fine-tuned model; a function so a window rebuilt in another language can ask again."""
    line = QCoreApplication.translate("HandwritingView", "accuracy on your {} digits: {:.0%} → {:.0%}").format(
        result.samples, result.before, result.after
    )
    return QCoreApplication.translate("HandwritingView", "fine-tuned on your handwriting ({})").format(line)


def _default_mnist():
    from digitpad.core.data import load_dataset

    return load_dataset().train


class BackgroundTask(QObject):
    """Runs one function on a Python thread; ``fn(report)`` may call ``report(batch_report)`` for progress."""

    progress = Signal(object)  # a core BatchReport
    done = Signal(object)
    failed = Signal(str)

    def start(self, fn: Callable) -> None:
        # The thread keeps this parentless object alive; if the view goes first, Qt has cut the connections.
        threading.Thread(target=self._run, args=(fn,), name="handwriting", daemon=True).start()

    def _run(self, fn) -> None:
        try:
            self.done.emit(fn(self.progress.emit))
        except Exception as exc:
            log.warning("handwriting task failed", exc_info=True)
            self.failed.emit(describe_error(exc))


class Gallery(QListWidget):
    """Thumbnails of the samples; Delete or Backspace asks to delete the selected ones."""

    delete_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace:
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class HandwritingView(QWidget):
    model_ready = Signal(object, object, str)  # (fine-tuned Keras model, Predictor, caption)
    samples_changed = Signal()
    task_finished = Signal()  # a fine-tune or accuracy check has ended (for tests and automation)

    def __init__(
        self,
        current_drawing: Callable[[], np.ndarray],
        current_model: Callable[[], object],
        load_mnist: Callable[[], object] | None = None,
        store: HandwritingStore | None = None,
        clear_drawing: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("handwriting_view")
        self.current_drawing, self.current_model = current_drawing, current_model
        self.clear_drawing = clear_drawing
        self._load_mnist = load_mnist or _default_mnist
        self._mnist: dict = {}  # MNIST's training images, loaded once on the worker thread
        self.store = store if store is not None else HandwritingStore()
        self.task: BackgroundTask | None = None
        self.last_result = None  # the last FineTuneResult

        add_box = QGroupBox(self.tr("Add this drawing as …"))
        grid = QGridLayout(add_box)
        self.add_buttons = []
        self.count_labels = []
        for d in range(10):
            button = QPushButton(str(d))
            button.setObjectName(f"add_as_{d}")
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
        self.result = QLabel()
        self.result.setObjectName("fine_tune_result")
        self.result.setWordWrap(True)
        tune = QHBoxLayout()
        tune.addWidget(self.fine_tune_button)
        tune.addWidget(self.check_button)
        tune.addWidget(self.progress, 1)

        self.status = QLabel()
        self.status.setObjectName("handwriting_status")
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(add_box)
        layout.addWidget(mine, 1)
        layout.addLayout(tune)
        layout.addWidget(self.result)
        layout.addWidget(self.status)
        if self.store.load_problem:
            self.say(self.tr("Your saved digits could not be read: {}").format(describe_error(self.store.load_problem)))
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(640, 560)

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
        idle = self.task is None
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

    def _begin(self, text: str, counted: bool):
        """A new task and the model to work on, or (None, None) when there is no model."""
        model = self.current_model()
        if model is None:
            self.say(self.tr("No model yet: wait for it to load, or train one."))
            return None, None
        self.task = BackgroundTask()
        self.task.failed.connect(self._failed)
        self.progress.setRange(0, 1000 if counted else 0)  # nothing to count: a moving bar says "working"
        self.progress.setValue(0)
        self.progress.show()
        self.result.setText(text)
        self._update_buttons()
        return self.task, model

    def check_accuracy(self) -> None:
        from digitpad.core.handwriting import accuracy_on

        task, model = self._begin(self.tr("Checking the model on your digits…"), counted=False)
        if task is None:
            return
        samples = self.store.samples()
        task.done.connect(self._checked)
        task.start(lambda report: (accuracy_on(model, samples), len(samples)))

    def fine_tune(self) -> None:
        from digitpad.core.handwriting import fine_tune

        task, model = self._begin(self.tr("Fine-tuning on your digits… (loading MNIST first)"), counted=True)
        if task is None:
            return
        samples, load, cache = self.store.samples(), self._load_mnist, self._mnist

        def work(report):
            from digitpad.core.predictor import Predictor
            from digitpad.core.reporting import Reporter

            class Progress(Reporter):
                def batch(self, r):
                    report(r)

            if "train" not in cache:
                cache["train"] = load()
            result = fine_tune(model, samples, cache["train"], reporter=Progress())
            return result, Predictor(result.model)

        task.progress.connect(self._progress)
        task.done.connect(self._tuned)
        task.start(work)

    def _progress(self, report) -> None:
        self.progress.setValue(int(report.progress * 1000))
        self.result.setText(
            self.tr("Fine-tuning on your digits… epoch {}, {:.0%} done").format(report.epoch, report.progress)
        )

    def _end(self) -> None:
        self.task = None
        self.progress.hide()
        self._update_buttons()
        self.task_finished.emit()

    def _failed(self, message: str) -> None:
        self.result.setText(self.tr("That did not work: {}").format(message))
        self._end()

    def _checked(self, answer) -> None:
        accuracy, n = answer
        self.result.setText(self.tr("The model gets {:.0%} of your {} digits right.").format(accuracy, n))
        self._end()

    def _tuned(self, answer) -> None:
        result, predictor = answer
        self.last_result = result
        self.result.setText(
            self.tr("accuracy on your {} digits: {:.0%} → {:.0%}").format(result.samples, result.before, result.after)
        )
        self._end()
        self.model_ready.emit(result.model, predictor, describe_fine_tuned(result))
