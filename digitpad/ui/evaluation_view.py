"""How good is the model? Test accuracy, per-digit accuracy, the confusion matrix and the digits it gets wrong.

The evaluation (10,000 test images through the network, a few seconds) runs on a worker thread; the view
shows "Evaluating…" meanwhile. Clicking a cell of the confusion matrix fills the gallery with the test
digits of that (true, predicted) pair; otherwise the gallery shows the most confident mistakes.
"""

from __future__ import annotations

import logging
import math

import numpy as np
from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from digitpad.ui.fonts import bold_font
from digitpad.ui.messages import describe as describe_error
from digitpad.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

GALLERY_LIMIT = 60  # more thumbnails than this only slow the view down; the caption says how many in all
DIGIT_PX = 56  # 28x28 digits at exactly 2x, so the thumbnails stay crisp
EVALUATE = "evaluate"  # the task runner's channel
ACCURACY_SCALE = 2.4  # the test accuracy, relative to the text
GALLERY_PAGE = 2


def setup_digit_gallery(gallery: QListWidget, name: str, accessible_name: str) -> QListWidget:
    """A list shown as a static grid of digit thumbnails (the evaluation's and the handwriting's galleries)."""
    gallery.setObjectName(name)
    gallery.setAccessibleName(accessible_name)
    gallery.setViewMode(QListView.ViewMode.IconMode)
    gallery.setResizeMode(QListView.ResizeMode.Adjust)
    gallery.setMovement(QListView.Movement.Static)
    gallery.setIconSize(QSize(DIGIT_PX, DIGIT_PX))
    gallery.setUniformItemSizes(True)
    return gallery


def fit_rows(table: QTableWidget) -> None:
    """Room for every row at the font's height: the table never hides a digit behind a scroll bar."""
    row = table.fontMetrics().height() + 4
    table.verticalHeader().setMinimumSectionSize(row)
    table.setMinimumHeight(table.horizontalHeader().sizeHint().height() + table.rowCount() * row + 4)


def fit_cells(table: QTableWidget, widest: str) -> None:
    """Room for every row, and columns wide enough for ``widest`` (the largest count a cell shows, in bold as
    on the diagonal): a count is never cut to "1,1…" and the matrix never scrolls."""
    fit_rows(table)
    bold = QFont(table.font())
    bold.setBold(True)
    column = QFontMetrics(bold).horizontalAdvance(widest) + 10
    table.horizontalHeader().setMinimumSectionSize(column)
    table.setMinimumWidth(table.verticalHeader().sizeHint().width() + table.columnCount() * column + 4)


BAR_ROLE = Qt.ItemDataRole.UserRole + 1
INK = QColor(20, 20, 20)
PAPER = QColor(255, 255, 255)
RIGHT = QColor(76, 175, 80)  # the diagonal: correct answers
WRONG = QColor(229, 57, 53)  # off the diagonal: mistakes
BAR = QColor(66, 133, 244)


def blend(base: QColor, tint: QColor, amount: float) -> QColor:
    a = min(1.0, max(0.0, amount))
    return QColor(*(round(b + (t - b) * a) for b, t in zip(base.getRgb()[:3], tint.getRgb()[:3], strict=True)))


def digit_pixmap(image: np.ndarray) -> QPixmap:
    """A 28x28 uint8 MNIST digit (white ink on black, as the network sees it) at 2x with crisp pixels."""
    grey = np.ascontiguousarray(image, dtype=np.uint8)
    qimage = QImage(grey.data, grey.shape[1], grey.shape[0], grey.shape[1], QImage.Format.Format_Grayscale8)
    return QPixmap.fromImage(
        qimage.scaled(
            DIGIT_PX, DIGIT_PX, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.FastTransformation
        )
    )


def bar_floor(accuracies: np.ndarray) -> float:
    """Where the accuracy bars start: near-perfect classes would all look full on a 0-100% bar."""
    low = float(np.min(accuracies)) if len(accuracies) else 0.0
    return 0.0 if low < 0.5 else math.floor(low * 10) / 10


class BarDelegate(QStyledItemDelegate):
    """Draws a small bar (a fraction in BAR_ROLE) behind the cell's text."""

    def paint(self, painter: QPainter, option, index) -> None:
        fraction = index.data(BAR_ROLE)
        if fraction is not None:
            r = option.rect.adjusted(3, 4, -3, -4)
            painter.save()
            painter.fillRect(
                QRect(r.left(), r.top(), round(r.width() * max(0.0, min(1.0, fraction))), r.height()),
                blend(PAPER, BAR, 0.45),
            )
            painter.restore()
        super().paint(painter, option, index)


class EvaluationView(QWidget):
    finished = Signal()  # the report is on screen
    failed = Signal(str)

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("evaluation_view")
        self.tasks = tasks
        self._report = None
        self._split = None
        self._gallery: list[tuple[int, int, int, float]] = []

        header = self._build_header()
        summary = self._build_summary()
        per_class, confusion = self._build_tables()
        gallery_box = self._build_gallery_box()

        # One page at a time, so the view fits beside the drawing on a small screen: clicking a cell of the
        # matrix turns to its digits.
        self.pages = QTabWidget()
        self.pages.setObjectName("evaluation_pages")
        self.pages.addTab(confusion, self.tr("Confusion matrix"))
        self.pages.addTab(per_class, self.tr("Each digit"))
        self.pages.addTab(gallery_box, self.tr("The digits"))

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(summary)
        layout.addWidget(self.pages, 1)
        self._set_enabled(False)

    def sizeHint(self) -> QSize:
        return QSize(900, 650)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "matrix"):  # a zoom: the cells grow too
            self.accuracy.setFont(bold_font(self.font(), ACCURACY_SCALE))
            fit_rows(self.class_table)
            fit_cells(self.matrix, "1135")

    # -- widgets ------------------------------------------------------------------------------------

    def _build_header(self) -> QHBoxLayout:
        """The title, with the status and a busy bar beside it."""
        self.title = QLabel(self.tr("No model evaluated yet."))
        self.title.setObjectName("evaluation_title")
        self.title.setWordWrap(True)
        self.title.setFont(bold_font())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no steps to count: a moving bar says "working"
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.status = QLabel()
        self.status.setObjectName("evaluation_status")
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.status)
        header.addWidget(self.busy)
        return header

    def _build_summary(self) -> QHBoxLayout:
        """The test accuracy in large type, with its details (and each member's, for an ensemble)."""
        self.accuracy = QLabel("–")
        self.accuracy.setObjectName("test_accuracy")
        self.accuracy.setFont(bold_font(self.font(), ACCURACY_SCALE))
        self.accuracy_detail = QLabel()
        self.accuracy_detail.setWordWrap(True)
        self.members = QLabel()
        self.members.setObjectName("member_accuracies")
        self.members.setWordWrap(True)
        self.members.hide()
        detail = QVBoxLayout()
        detail.addStretch(1)
        detail.addWidget(self.accuracy_detail)
        detail.addWidget(self.members)
        detail.addStretch(1)
        summary = QHBoxLayout()
        summary.addWidget(self.accuracy)
        summary.addSpacing(12)
        summary.addLayout(detail, 1)
        return summary

    def _build_tables(self) -> tuple[QWidget, QWidget]:
        """Each digit's accuracy, and the confusion matrix under a sentence on how to read it."""
        self.class_table = self._make_class_table()
        per_class = QWidget()
        QVBoxLayout(per_class).addWidget(self.class_table)

        self.matrix = self._make_matrix()
        matrix_help = QLabel(
            self.tr(
                "Rows: the true digit. Columns: what the network answered. The diagonal "
                "holds the right answers. Click a cell to see its digits."
            )
        )
        matrix_help.setWordWrap(True)
        confusion = QWidget()
        box = QVBoxLayout(confusion)
        box.addWidget(matrix_help)
        box.addWidget(self.matrix, 1)
        return per_class, confusion

    def _build_gallery_box(self) -> QWidget:
        """The gallery of test digits, under its title and the button back to the mistakes."""
        self.gallery_title = QLabel()
        self.gallery_title.setObjectName("gallery_title")
        self.gallery_title.setWordWrap(True)
        self.mistakes_button = QPushButton(self.tr("Show the mistakes"))
        self.mistakes_button.setObjectName("show_mistakes_button")
        self.mistakes_button.setToolTip(self.tr("Back to the digits the network got wrong, most confident first"))
        self.mistakes_button.clicked.connect(self.show_mistakes)
        self.gallery = self._make_gallery()
        gallery_box = QWidget()
        g = QVBoxLayout(gallery_box)
        g.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.gallery_title, 1)
        top.addWidget(self.mistakes_button)
        g.addLayout(top)
        g.addWidget(self.gallery, 1)
        return gallery_box

    def _make_class_table(self) -> QTableWidget:
        table = QTableWidget(10, 3)
        table.setObjectName("per_class_table")
        table.setHorizontalHeaderLabels([self.tr("Digit"), self.tr("Right / all"), self.tr("Accuracy")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        table.setItemDelegateForColumn(2, BarDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setMinimumWidth(250)
        fit_rows(table)
        return table

    def _make_matrix(self) -> QTableWidget:
        matrix = QTableWidget(10, 10)
        matrix.setObjectName("confusion_matrix")
        matrix.setAccessibleName(self.tr("Confusion matrix"))
        matrix.setAccessibleDescription(
            self.tr(
                "Rows: the true digit; columns: what the network answered; each cell counts the test digits. "
                "Move with the arrow keys; Enter shows the digits of a cell."
            )
        )
        digits = [str(d) for d in range(10)]
        matrix.setHorizontalHeaderLabels(digits)
        matrix.setVerticalHeaderLabels(digits)
        for i in range(10):
            matrix.horizontalHeaderItem(i).setToolTip(self.tr("predicted {}").format(i))
            matrix.verticalHeaderItem(i).setToolTip(self.tr("true {}").format(i))
        matrix.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        matrix.setTabKeyNavigation(False)  # Tab goes on to the gallery; the arrow keys move between cells
        matrix.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for header in (matrix.horizontalHeader(), matrix.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setSectionsClickable(False)
        fit_cells(matrix, "1135")
        matrix.cellClicked.connect(self.show_cell)
        matrix.cellActivated.connect(self.show_cell)  # Enter on a cell, for the keyboard
        return matrix

    def _make_gallery(self) -> QListWidget:
        gallery = setup_digit_gallery(QListWidget(), "digit_gallery", self.tr("Digit gallery"))
        # Measured on a real caption: a translation may be wider, or drawn in a taller fallback font (Hangul).
        metrics = gallery.fontMetrics()
        sample = self._caption(8, 8, 1.0)
        width = max(DIGIT_PX, max(metrics.horizontalAdvance(line) for line in sample.split("\n")) + 12)
        text_height = max(
            2 * metrics.height(),
            metrics.boundingRect(QRect(0, 0, width, 1000), Qt.TextFlag.TextWordWrap, sample).height(),
        )
        gallery.setGridSize(QSize(width, DIGIT_PX + text_height + 10))
        gallery.setWordWrap(True)
        gallery.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        gallery.setMinimumHeight(DIGIT_PX + text_height + 16)
        return gallery

    # -- API ----------------------------------------------------------------------------------------

    def evaluate_model(self, model, split, title: str) -> None:
        """Evaluate ``model`` on ``split`` (a Split, or a function returning one) off the GUI thread; a newer
        request replaces one still running."""
        self._report = None
        self.title.setText(title)
        self.accuracy.setText("…")
        self.accuracy_detail.setText(self.tr("Running the test digits through the network…"))
        self.members.hide()
        self.gallery.clear()
        self._gallery = []
        self.gallery_title.setText("")
        self.status.setText(self.tr("Evaluating…"))
        self.busy.show()
        self._set_enabled(False)

        def work(state):
            from digitpad.core.evaluation import evaluate

            data = split() if callable(split) else split
            return evaluate(model, data), data

        self.tasks.run(EVALUATE, work, on_done=self._finished, on_error=self._failed, replace=True, owner=self)

    def report(self):
        """The EvalReport on screen, or None while evaluating."""
        return self._report

    def gallery_items(self) -> list[tuple[int, int, int, float]]:
        """What the gallery shows: (test image index, true digit, predicted digit, confidence)."""
        return list(self._gallery)

    def show_mistakes(self) -> None:
        report = self._report
        if report is None:
            return
        wrong = report.misclassified()
        self.matrix.clearSelection()
        if len(wrong) == 0:
            title = self.tr("No mistakes at all on the test set.")
        elif len(wrong) <= GALLERY_LIMIT:
            title = self.tr("All {} mistakes, the most confident first").format(f"{len(wrong):,}")
        else:
            title = self.tr("The {} most confident of {} mistakes").format(GALLERY_LIMIT, f"{len(wrong):,}")
        self._fill_gallery(wrong, title)
        self.mistakes_button.setEnabled(False)

    def show_cell(self, true: int, predicted: int) -> None:
        """Fill the gallery with the test digits labelled ``true`` that the network called ``predicted``."""
        report = self._report
        if report is None:
            return
        index = np.flatnonzero((report.labels == true) & (report.predicted == predicted))
        if true == predicted:  # the interesting right answers are the unsure ones
            index = index[np.argsort(report.confidence[index], kind="stable")]
            title = self.tr("{} correctly recognised {}s, the least confident first").format(f"{len(index):,}", true)
        else:
            index = index[np.argsort(-report.confidence[index], kind="stable")]
            title = self.tr("True {}, predicted {}: {} test digits").format(true, predicted, f"{len(index):,}")
        if len(index) > GALLERY_LIMIT:
            title += self.tr(" (showing the first {})").format(GALLERY_LIMIT)
        self.matrix.setCurrentCell(true, predicted)
        self._fill_gallery(index, title)
        self.pages.setCurrentIndex(GALLERY_PAGE)
        self.mistakes_button.setEnabled(True)

    # -- results ------------------------------------------------------------------------------------

    def _set_enabled(self, enabled: bool) -> None:
        for widget in (self.class_table, self.matrix, self.gallery, self.mistakes_button):
            widget.setEnabled(enabled)

    def _failed(self, exc: BaseException) -> None:
        message = describe_error(exc)
        self.busy.hide()
        self.status.setText(self.tr("Evaluation failed: {}").format(message))
        self.failed.emit(message)

    def _finished(self, answer) -> None:
        report, split = answer
        self._report, self._split = report, split
        self.busy.hide()
        self.status.setText("")
        self.accuracy.setText(f"{report.accuracy:.2%}")
        self.accuracy_detail.setText(
            self.tr("test accuracy: {} of {} test digits recognised, {} mistakes").format(
                f"{report.correct:,}", f"{report.total:,}", f"{report.total - report.correct:,}"
            )
        )
        if report.member_accuracies:
            self.members.setText(
                self.tr("Each member of the ensemble alone: {}").format(
                    ", ".join(f"{a:.2%}" for a in report.member_accuracies)
                )
            )
        self.members.setVisible(bool(report.member_accuracies))
        self._fill_class_table(report)
        self._fill_matrix(report)
        self._set_enabled(True)
        self.show_mistakes()
        self.finished.emit()

    def _fill_class_table(self, report) -> None:
        floor = bar_floor(report.per_class)
        self.class_table.horizontalHeaderItem(2).setToolTip(self.tr("The bars run from {:.0%} to 100%").format(floor))
        for d in range(10):
            cells = [
                str(d),
                f"{report.class_correct[d]:,} / {report.class_counts[d]:,}",
                f"{report.per_class[d]:.2%}" if report.class_counts[d] else "–",
            ]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(
                    Qt.AlignmentFlag.AlignCenter
                    if col == 0
                    else Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                )
                if col == 2 and report.class_counts[d]:
                    item.setData(BAR_ROLE, (float(report.per_class[d]) - floor) / (1.0 - floor))
                self.class_table.setItem(d, col, item)

    def _fill_matrix(self, report) -> None:
        confusion = report.confusion
        off = confusion.copy()
        np.fill_diagonal(off, 0)
        worst = max(1, int(off.max()))
        for t in range(10):
            row_total = max(1, int(confusion[t].sum()))
            for p in range(10):
                n = int(confusion[t, p])
                item = QTableWidgetItem(str(n) if n else "·")  # no thousands comma: ten columns fit a netbook
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setForeground(INK)
                if t == p:
                    item.setBackground(blend(PAPER, RIGHT, 0.25 + 0.5 * n / row_total))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                elif n:  # a log scale: one mistake is still visible next to ten
                    item.setBackground(blend(PAPER, WRONG, 0.15 + 0.7 * math.log1p(n) / math.log1p(worst)))
                else:
                    item.setBackground(PAPER)
                item.setToolTip(self.tr("True {}, predicted {}: {} test digits").format(t, p, f"{n:,}"))
                self.matrix.setItem(t, p, item)

    def _caption(self, true: int, predicted: int, confidence: float) -> str:
        return self.tr("true {} → predicted {}\n({:.0%} sure)").format(true, predicted, confidence)

    def _fill_gallery(self, index: np.ndarray, title: str) -> None:
        report, split = self._report, self._split
        self.gallery.clear()
        self._gallery = []
        for picked in index[:GALLERY_LIMIT]:
            i = int(picked)
            true, pred, conf = int(report.labels[i]), int(report.predicted[i]), float(report.confidence[i])
            caption = self._caption(true, pred, conf)
            item = QListWidgetItem(QIcon(digit_pixmap(split.images[i])), caption)
            item.setToolTip(
                self.tr("Test image #{}: labelled {}, the network says {} with {:.1%} confidence").format(
                    i, true, pred, conf
                )
            )
            item.setData(Qt.ItemDataRole.UserRole, i)
            self.gallery.addItem(item)
            self._gallery.append((i, true, pred, conf))
        self.gallery_title.setText(title)
