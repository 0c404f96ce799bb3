"""Compare: two or more runs' curves on the same axes, and their settings side by side with the
differences highlighted. Runs of one repeat also show their mean ± spread as a band."""

from __future__ import annotations

from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from digitpad.core.compare import band, band_quantities, comparison_csv, comparison_rows, curve, curves_csv
from digitpad.core.runs import RunRecord
from digitpad.ui.charts import PALETTE, WholeNumberAxis, save_scene
from digitpad.ui.messages import describe, settings_label

DIFFERENT = "#fff2b3"  # the highlight of a setting that differs between the runs (readable text on it)

# What each row of the table is called (the training panel's controls, plus the settings it has no box for).
ROW_NAMES = {
    "dense_units": QT_TRANSLATE_NOOP("CompareView", "Dense layer width"),
    "pooling": QT_TRANSLATE_NOOP("CompareView", "Max-pooling"),
    "l1": QT_TRANSLATE_NOOP("CompareView", "L1 penalty"),
    "l2": QT_TRANSLATE_NOOP("CompareView", "L2 penalty"),
    "dropout": QT_TRANSLATE_NOOP("CompareView", "Dropout"),
    "dropout_conv": QT_TRANSLATE_NOOP("CompareView", "Dropout after conv blocks"),
    "learning_rate": QT_TRANSLATE_NOOP("CompareView", "Learning rate"),
    "lr_schedule": QT_TRANSLATE_NOOP("CompareView", "Learning-rate schedule"),
    "batch_size": QT_TRANSLATE_NOOP("CompareView", "Batch size"),
    "epochs": QT_TRANSLATE_NOOP("CompareView", "Epochs"),
    "validation_split": QT_TRANSLATE_NOOP("CompareView", "Validation split"),
    "train_samples": QT_TRANSLATE_NOOP("CompareView", "Training images (0: all)"),
    "augment": QT_TRANSLATE_NOOP("CompareView", "Data augmentation"),
    "early_stopping": QT_TRANSLATE_NOOP("CompareView", "Early stopping"),
    "patience": QT_TRANSLATE_NOOP("CompareView", "Patience"),
    "monitor": QT_TRANSLATE_NOOP("CompareView", "Early stopping watches"),
    "ensemble": QT_TRANSLATE_NOOP("CompareView", "Bagging members"),
    "kfold": QT_TRANSLATE_NOOP("CompareView", "Cross-validation folds"),
    "seed": QT_TRANSLATE_NOOP("CompareView", "Random seed"),
    "steps_per_execution": QT_TRANSLATE_NOOP("CompareView", "Steps per call"),
    "precision": QT_TRANSLATE_NOOP("CompareView", "Precision"),
    "weight_averaging": QT_TRANSLATE_NOOP("CompareView", "Weight averaging"),
    "status": QT_TRANSLATE_NOOP("CompareView", "Outcome"),
    "dataset": QT_TRANSLATE_NOOP("CompareView", "Data set"),
    "networks": QT_TRANSLATE_NOOP("CompareView", "Networks"),
    "epochs_trained": QT_TRANSLATE_NOOP("CompareView", "Epochs trained"),
    "final_val_accuracy": QT_TRANSLATE_NOOP("CompareView", "Last validation accuracy"),
    "test_accuracy": QT_TRANSLATE_NOOP("CompareView", "Test accuracy"),
    "seconds": QT_TRANSLATE_NOOP("CompareView", "Training time (s)"),
}
STATUS_NAMES = {
    "finished": QT_TRANSLATE_NOOP("CompareView", "finished"),
    "stopped": QT_TRANSLATE_NOOP("CompareView", "stopped"),
    "failed": QT_TRANSLATE_NOOP("CompareView", "failed"),
}
PERCENT_ROWS = ("final_val_accuracy", "test_accuracy")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CompareView", text)


def cell_text(key: str, value) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return _tr("on") if value else _tr("off")
    if key in PERCENT_ROWS:
        return f"{value:.2%}"
    if key == "status":
        return _tr(STATUS_NAMES.get(value, value))
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class CompareView(QWidget):
    """Curves of the runs together (per epoch), and a table of their settings and results."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare_view")
        self.records: list[RunRecord] = []
        self._plots = pg.GraphicsLayoutWidget()
        self._plots.setObjectName("compare_plots")
        self._plots.setBackground(self.palette().color(QPalette.ColorRole.Base))
        self.loss_plot = self._plot(0, self.tr("Loss per epoch"), self.tr("loss"))
        self.accuracy_plot = self._plot(1, self.tr("Accuracy per epoch"), self.tr("accuracy"))
        self.accuracy_plot.setLimits(yMin=0.0, yMax=1.02)
        self.table = QTableWidget()
        self.table.setObjectName("compare_table")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setToolTip(self.tr("Highlighted: the settings in which the runs differ"))
        self.csv_button = QPushButton(self.tr("Save table as CSV…"))
        self.csv_button.setObjectName("compare_csv_button")
        self.csv_button.clicked.connect(self._save_table)
        self.curves_button = QPushButton(self.tr("Save curves as CSV…"))
        self.curves_button.setObjectName("compare_curves_button")
        self.curves_button.clicked.connect(self._save_curves)
        self.chart_button = QPushButton(self.tr("Save chart as picture…"))
        self.chart_button.setObjectName("compare_chart_button")
        self.chart_button.clicked.connect(self._save_chart)

        self.key = QLabel(
            self.tr("solid: training · dashed: validation · shaded band: mean ± spread of a repeat's runs")
        )
        self.key.setObjectName("compare_key")
        buttons = QHBoxLayout()
        buttons.addWidget(self.key, 1)
        for button in (self.chart_button, self.curves_button, self.csv_button):
            buttons.addWidget(button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self._plots)
        split.addWidget(self.table)
        split.setSizes([380, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)

    def _plot(self, column: int, title: str, quantity: str) -> pg.PlotItem:
        plot = self._plots.addPlot(row=0, col=column, axisItems={"bottom": WholeNumberAxis("bottom")})
        text = self.palette().color(QPalette.ColorRole.Text)
        plot.setTitle(title, color=text.name())
        plot.setLabel("bottom", self.tr("epoch"))
        plot.setLabel("left", quantity)
        plot.getAxis("left").enableAutoSIPrefix(False)
        plot.showGrid(x=True, y=True, alpha=0.15)
        if column == 0:  # one legend names the runs for both plots: their colours are the same
            plot.addLegend(offset=(-10, 10), labelTextColor=text)
        plot.setMenuEnabled(False)
        return plot

    # -- what it shows -------------------------------------------------------------------------------

    def run_title(self, record: RunRecord) -> str:
        name = record.name or settings_label(record.label_parts)
        return self.tr("run {}: {}").format(record.number, name)

    def show_runs(self, records: list[RunRecord]) -> None:
        self.records = list(records)
        self._draw_curves()
        self._fill_table()

    def _draw_curves(self) -> None:
        for plot in (self.loss_plot, self.accuracy_plot):
            plot.clear()
        for i, record in enumerate(self.records):
            colour = QColor(PALETTE[i % len(PALETTE)])
            for plot, quantity in ((self.loss_plot, "loss"), (self.accuracy_plot, "accuracy")):
                x, y = curve(record, quantity)
                plot.plot(x, y, pen=pg.mkPen(colour, width=2), name=self.run_title(record))
                vx, vy = curve(record, "val_" + quantity)
                if len(vx):
                    plot.plot(vx, vy, pen=pg.mkPen(colour, width=2, style=Qt.PenStyle.DashLine))
        self._draw_bands()

    def _draw_bands(self) -> None:
        """Runs of the same repeat: their mean ± spread, shaded."""
        groups: dict[str, list[RunRecord]] = {}
        for record in self.records:
            if record.group is not None:
                groups.setdefault(record.group.id, []).append(record)
        self.bands = {}
        for group_id, records in groups.items():
            for plot, quantity in zip((self.loss_plot, self.accuracy_plot), band_quantities(records), strict=True):
                found = band(records, quantity)
                if found is None:
                    continue
                self.bands.setdefault(group_id, []).append(found)
                colour = QColor(PALETTE[self.records.index(records[0]) % len(PALETTE)])
                shade = QColor(colour)
                shade.setAlpha(60)
                high = plot.plot(found.epochs, found.high, pen=pg.mkPen(shade))
                low = plot.plot(found.epochs, found.low, pen=pg.mkPen(shade))
                plot.addItem(pg.FillBetweenItem(high, low, brush=pg.mkBrush(shade)))
                name = self.tr("mean ± spread of {} repeats").format(found.runs)
                plot.plot(found.epochs, found.mean, pen=pg.mkPen(colour, width=4), name=name)

    def _fill_table(self) -> None:
        rows = comparison_rows(self.records)
        self.table.clear()
        self.table.setColumnCount(len(self.records))
        self.table.setRowCount(len(rows))
        self.table.setHorizontalHeaderLabels([self.run_title(r) for r in self.records])
        self.table.setVerticalHeaderLabels([_tr(ROW_NAMES.get(row.key, row.key)) for row in rows])
        bold = QFont(self.font())
        bold.setBold(True)
        for r, row in enumerate(rows):
            highlight = row.is_setting and row.differs
            for c, value in enumerate(row.values):
                item = QTableWidgetItem(cell_text(row.key, value))
                if highlight:
                    item.setBackground(QBrush(QColor(DIFFERENT)))
                    item.setForeground(QBrush(QColor("#000000")))
                    item.setFont(bold)
                self.table.setItem(r, c, item)

    def differing_rows(self) -> list[str]:
        """The keys of the highlighted rows (tests, automation)."""
        return [row.key for row in comparison_rows(self.records) if row.is_setting and row.differs]

    def curve_count(self) -> int:
        return sum(len(plot.listDataItems()) for plot in (self.loss_plot, self.accuracy_plot))

    # -- saving ------------------------------------------------------------------------------------

    def _ask_path(self, title: str, name: str, filters: str) -> str:
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _ = QFileDialog.getSaveFileName(self, title, str(Path(documents) / name), filters)
        return path

    def _save_table(self) -> None:
        path = self._ask_path(self.tr("Save table"), "comparison.csv", self.tr("CSV files (*.csv)"))
        if path:
            self._write(lambda: save_text(path, comparison_csv(self.records)))

    def _save_curves(self) -> None:
        path = self._ask_path(self.tr("Save curves"), "curves.csv", self.tr("CSV files (*.csv)"))
        if path:
            self._write(lambda: save_text(path, curves_csv(self.records)))

    def _save_chart(self) -> None:
        path = self._ask_path(
            self.tr("Save chart"), "comparison.png", self.tr("PNG picture (*.png);;SVG drawing (*.svg)")
        )
        if path:
            self._write(lambda: self.export_chart(path))

    def export_chart(self, path) -> None:
        save_scene(self._plots.scene(), path)

    def _write(self, action) -> None:
        try:
            action()
        except OSError as exc:
            box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Cannot save"), describe(exc), parent=self)
            box.setObjectName("message_box")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()


def save_text(path, text: str) -> Path:
    """Write a text file atomically (UTF-8 with a byte-order mark, so spreadsheets read Korean right)."""
    from digitpad.core.atomic import write_bytes

    path = Path(path)
    write_bytes(path, text.encode("utf-8-sig"))
    return path
