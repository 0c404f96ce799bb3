"""Live training charts: loss and accuracy per batch and per epoch, with earlier runs kept for comparison.

Every curve of a run is made once in ``begin_run``; updates only append to numpy buffers and call
``setData``. Batch points can arrive by the hundred per second, so their redraw is coalesced by a timer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

# Tableau 10: a qualitative palette made for telling lines apart, readable on white.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
FADED_ALPHA = 80
BATCH_REDRAW_MS = 50  # at most ~20 redraws a second however fast batches arrive
CURVES = ("batch_loss", "batch_accuracy", "loss", "val_loss", "accuracy", "val_accuracy")


class GrowingColumns:
    """Rows of floats appended one at a time, amortised O(1), each column readable as a contiguous array."""

    def __init__(self, columns: int, capacity: int = 256):
        self._data = np.empty((columns, capacity), dtype=np.float64)
        self._size = 0

    def append(self, *values: float) -> None:
        if self._size == self._data.shape[1]:
            grown = np.empty((self._data.shape[0], self._data.shape[1] * 2), dtype=np.float64)
            grown[:, : self._size] = self._data[:, : self._size]
            self._data = grown
        self._data[:, self._size] = values
        self._size += 1

    def column(self, index: int) -> np.ndarray:
        # A view: later appends write past its end, so the plotted data never changes under pyqtgraph.
        return self._data[index, : self._size]

    def __len__(self) -> int:
        return self._size


class WholeNumberAxis(pg.AxisItem):
    """Epochs are whole numbers: never put a tick at 1.5."""

    def tickSpacing(self, minVal, maxVal, size):
        levels = [(spacing, offset) for spacing, offset in super().tickSpacing(minVal, maxVal, size) if spacing >= 1]
        return levels or [(1.0, 0.0)]


class CompactNumberAxis(pg.AxisItem):
    """Sample counts as 20k or 1.5M, rather than pyqtgraph's scale factor in the axis label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):
        return [compact_number(v) for v in values]


def compact_number(value: float) -> str:
    for limit, suffix in ((1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


@dataclass
class SeriesCurves:
    """One network's curves in a run (the model, one ensemble member or one fold)."""

    name: str
    colour: QColor
    items: dict[str, pg.PlotDataItem]
    best_stars: tuple[pg.ScatterPlotItem, pg.ScatterPlotItem]  # on the loss and the accuracy plot
    best_lines: tuple[pg.InfiniteLine, pg.InfiniteLine]
    batches: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # x, loss, accuracy
    epochs: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))  # epoch, loss, accuracy
    val_epochs: GrowingColumns = field(default_factory=lambda: GrowingColumns(3))
    best_epoch: int | None = None
    batches_dirty: bool = False


@dataclass
class Run:
    number: int
    label: str
    series: list[SeriesCurves]
    mean_items: tuple[pg.PlotDataItem, pg.PlotDataItem]  # mean validation loss, accuracy
    has_mean: bool = False
    faded: bool = False

    @property
    def title(self) -> str:
        if self.label:
            return QCoreApplication.translate("TrainingCharts", "run {}: {}").format(self.number, self.label)
        return QCoreApplication.translate("TrainingCharts", "run {}").format(self.number)


class TrainingCharts(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("training_charts")
        self._runs: list[Run] = []
        self._running = False
        self._next_run_number = 1
        self._next_colour = 0
        self._line_scale = 1.0  # projector mode draws thicker lines

        self._legend = QLabel()
        self._legend.setObjectName("run_legend")
        self._legend.setWordWrap(True)
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._legend.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._clear_button = QPushButton(self.tr("Clear earlier runs"))
        self._clear_button.setObjectName("clear_runs_button")
        self._clear_button.setToolTip(self.tr("Remove the faded curves of earlier runs; the latest run stays"))
        self._clear_button.clicked.connect(self.clear_history)

        header = QHBoxLayout()
        header.setContentsMargins(4, 0, 4, 0)
        header.addWidget(self._legend, 1)
        header.addWidget(self._clear_button, 0, Qt.AlignmentFlag.AlignTop)

        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setObjectName("training_plots")
        self._canvas.ci.setSpacing(6)
        self._canvas.ci.setContentsMargins(2, 2, 2, 2)
        loss, accuracy = self.tr("loss"), self.tr("accuracy")
        self._batch_loss_plot = self._make_plot(0, 0, self.tr("Loss per batch"), loss, batch=True)
        self._batch_accuracy_plot = self._make_plot(0, 1, self.tr("Accuracy per batch"), accuracy, batch=True)
        self._loss_plot = self._make_plot(1, 0, self.tr("Loss per epoch"), loss, batch=False)
        self._accuracy_plot = self._make_plot(1, 1, self.tr("Accuracy per epoch"), accuracy, batch=False)
        for plot in (self._batch_accuracy_plot, self._accuracy_plot):
            plot.setLimits(yMin=0.0, yMax=1.02)
        for action in self._canvas.scene().contextMenu:  # pyqtgraph's own menu entry, in our language
            if action.text() == "Export...":
                action.setText(self.tr("Export..."))
        self._apply_palette()

        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(BATCH_REDRAW_MS)
        self._batch_timer.timeout.connect(self._redraw_batches)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self._canvas, 1)
        self._update_legend()

    # -- the run lifecycle ------------------------------------------------------------------------------

    def begin_run(self, label: str, series: list[str]) -> None:
        """Start a run with one curve set per network in ``series``; earlier runs fade but stay visible."""
        if not series:
            raise ValueError("a run needs at least one series")
        if self._running:
            self.end_run()
        for run in self._runs:
            self._fade(run)
        curves = [self._make_series(name) for name in series]
        mean_loss = self._mean_item(self._loss_plot)
        mean_accuracy = self._mean_item(self._accuracy_plot)
        self._runs.append(Run(self._next_run_number, label, curves, (mean_loss, mean_accuracy)))
        self._next_run_number += 1
        self._running = True
        self._update_legend()

    def add_batch(self, series_index: int, x: float, loss: float, accuracy: float) -> None:
        curves = self._current_series(series_index)
        if curves is None:
            return
        curves.batches.append(x, loss, accuracy)
        curves.batches_dirty = True
        if not self._batch_timer.isActive():
            self._batch_timer.start()

    def add_epoch(
        self,
        series_index: int,
        epoch: int,
        loss: float,
        accuracy: float,
        val_loss: float | None = None,
        val_accuracy: float | None = None,
    ) -> None:
        curves = self._current_series(series_index)
        if curves is None:
            return
        curves.epochs.append(epoch, loss, accuracy)
        epoch_column = curves.epochs.column(0)
        curves.items["loss"].setData(epoch_column, curves.epochs.column(1))
        curves.items["accuracy"].setData(epoch_column, curves.epochs.column(2))
        if val_loss is not None and val_accuracy is not None:
            curves.val_epochs.append(epoch, val_loss, val_accuracy)
            val_column = curves.val_epochs.column(0)
            curves.items["val_loss"].setData(val_column, curves.val_epochs.column(1))
            curves.items["val_accuracy"].setData(val_column, curves.val_epochs.column(2))

    def mark_best_epoch(self, series_index: int, epoch: int) -> None:
        """Star the epoch whose weights were kept (early stopping), on the validation curves.

        Works during the run and after ``end_run`` (the best epoch is often known only at the end).
        """
        curves = self._latest_series(series_index)
        if curves is None:
            return
        curves.best_epoch = int(epoch)
        # The star sits on the validation point if there is one, else on the training point.
        for table in (curves.val_epochs, curves.epochs):
            hits = np.flatnonzero(table.column(0) == epoch)
            if hits.size:
                row = hits[-1]
                for star, column in zip(curves.best_stars, (1, 2), strict=True):
                    star.setData([epoch], [table.column(column)[row]])
                break
        for line in curves.best_lines:
            line.setPos(epoch)
            line.show()

    def set_mean_curve(self, epochs, val_loss_mean, val_acc_mean) -> None:
        """A bold curve of the validation mean over the latest run's networks (k-fold mean, ensemble)."""
        if not self._runs:
            return
        run = self._runs[-1]
        epochs = np.asarray(epochs, dtype=np.float64)
        run.mean_items[0].setData(epochs, np.asarray(val_loss_mean, dtype=np.float64))
        run.mean_items[1].setData(epochs, np.asarray(val_acc_mean, dtype=np.float64))
        if not run.has_mean:
            run.has_mean = True
            self._update_legend()

    def end_run(self) -> None:
        self._redraw_batches()
        self._running = False
        self._update_legend()

    def clear_history(self) -> None:
        """Remove every earlier (faded) run; the latest run, finished or in progress, stays."""
        while len(self._runs) > 1:
            self._remove(self._runs.pop(0))
        self._update_legend()

    def reset(self) -> None:
        """Remove every run, the latest included; a run in progress is dropped and its updates ignored."""
        self._batch_timer.stop()
        while self._runs:
            self._remove(self._runs.pop())
        self._running = False
        self._next_run_number = 1
        self._next_colour = 0
        self._update_legend()

    def set_batch_axis_label(self, text: str) -> None:
        """What the per-batch x values count, e.g. "training samples seen" or "batches"."""
        for plot in (self._batch_loss_plot, self._batch_accuracy_plot):
            plot.setLabel("bottom", text)

    # -- read back (tests, the window) ----------------------------------------------------------------

    def is_running(self) -> bool:
        return self._running

    def run_count(self) -> int:
        return len(self._runs)

    def run_titles(self) -> list[str]:
        """Each run's legend name, oldest first, e.g. "run 2: dropout 0.2"."""
        return [run.title for run in self._runs]

    def series_names(self, run: int = -1) -> list[str]:
        return [curves.name for curves in self._runs[run].series]

    def is_faded(self, run: int) -> bool:
        return self._runs[run].faded

    def curve_item(self, run: int, series: int, which: str) -> pg.PlotDataItem:
        """The pyqtgraph item of one curve; ``which`` is one of CURVES."""
        if which not in CURVES:
            raise ValueError(f"unknown curve {which!r}; expected one of {CURVES}")
        return self._runs[run].series[series].items[which]

    def curve_data(self, run: int, series: int, which: str) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) arrays a curve currently plots, after any redraw still pending."""
        self._redraw_batches()
        x, y = self.curve_item(run, series, which).getData()
        empty = np.empty(0)
        return (empty, empty) if x is None else (np.asarray(x), np.asarray(y))

    def best_epoch(self, run: int, series: int) -> int | None:
        return self._runs[run].series[series].best_epoch

    def best_marker_points(self, run: int, series: int) -> list[tuple[float, float]]:
        """Where the star is on the loss plot and on the accuracy plot (empty when not marked)."""
        points = []
        for star in self._runs[run].series[series].best_stars:
            x, y = star.getData()
            if len(x):
                points.append((float(x[0]), float(y[0])))
        return points

    def mean_curve_data(self, run: int = -1) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        found = self._runs[run]
        if not found.has_mean:
            return None
        epochs, loss = found.mean_items[0].getData()
        _, accuracy = found.mean_items[1].getData()
        return np.asarray(epochs), np.asarray(loss), np.asarray(accuracy)

    def legend_text(self) -> str:
        return self._legend.text()

    def plot_texts(self) -> list[str]:
        """Every plot's title and axis labels, top left to bottom right (tests check their language)."""
        texts = []
        for plot in self._plots():
            texts.append(plot.titleLabel.text)
            texts += [plot.getAxis(side).labelText for side in ("left", "bottom")]
        return texts

    # -- building ---------------------------------------------------------------------------------------

    def _make_plot(self, row: int, column: int, title: str, quantity: str, batch: bool) -> pg.PlotItem:
        axis = CompactNumberAxis("bottom") if batch else WholeNumberAxis("bottom")
        plot = self._canvas.addPlot(row=row, col=column, axisItems={"bottom": axis})
        text = self.palette().color(QPalette.ColorRole.Text)
        plot.setTitle(title, size="11pt", color=text.name())
        plot.setLabel("bottom", self.tr("training samples seen") if batch else self.tr("epoch"))
        plot.setLabel("left", quantity)
        plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more than it helps
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setLimits(xMin=0, yMin=0)
        plot.setMenuEnabled(False)
        plot.setMinimumSize(160, 110)
        return plot

    def _apply_palette(self) -> None:
        palette = self.palette()
        self._canvas.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for plot in self._plots():
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setPen(pg.mkPen(text))
                axis.setTextPen(pg.mkPen(text))

    def _plots(self) -> tuple[pg.PlotItem, ...]:
        return self._batch_loss_plot, self._batch_accuracy_plot, self._loss_plot, self._accuracy_plot

    def _make_series(self, name: str) -> SeriesCurves:
        colour = QColor(PALETTE[self._next_colour % len(PALETTE)])
        self._next_colour += 1
        items = {
            "batch_loss": self._batch_loss_plot.plot(antialias=True),
            "batch_accuracy": self._batch_accuracy_plot.plot(antialias=True),
            "loss": self._loss_plot.plot(antialias=True),
            "val_loss": self._loss_plot.plot(antialias=True),
            "accuracy": self._accuracy_plot.plot(antialias=True),
            "val_accuracy": self._accuracy_plot.plot(antialias=True),
        }
        for key in ("batch_loss", "batch_accuracy"):
            # Thousands of points: draw only what is in view, at most about one point per pixel.
            items[key].setClipToView(True)
            items[key].setDownsampling(auto=True, method="peak")
        stars = tuple(self._star_item(plot, colour) for plot in (self._loss_plot, self._accuracy_plot))
        lines = tuple(self._best_line(plot, colour) for plot in (self._loss_plot, self._accuracy_plot))
        curves = SeriesCurves(name, colour, items, stars, lines)
        self._style_series(curves, faded=False)
        return curves

    def _star_item(self, plot: pg.PlotItem, colour: QColor) -> pg.ScatterPlotItem:
        star = pg.ScatterPlotItem(
            symbol="star",
            size=18,
            brush=pg.mkBrush(colour),
            pen=pg.mkPen(self.palette().color(QPalette.ColorRole.Text), width=1),
        )
        star.setZValue(20)
        plot.addItem(star)
        return star

    def _best_line(self, plot: pg.PlotItem, colour: QColor) -> pg.InfiniteLine:
        pen = pg.mkPen(colour, width=1, style=Qt.PenStyle.DotLine)
        line = pg.InfiniteLine(angle=90, movable=False, pen=pen)
        line.hide()
        plot.addItem(line, ignoreBounds=True)
        return line

    def _mean_item(self, plot: pg.PlotItem) -> pg.PlotDataItem:
        item = plot.plot(pen=pg.mkPen(self.palette().color(QPalette.ColorRole.Text), width=4), antialias=True)
        item.setZValue(15)
        return item

    def _style_series(self, curves: SeriesCurves, faded: bool) -> None:
        colour = QColor(curves.colour)
        if faded:
            colour.setAlpha(FADED_ALPHA)
        base = self.palette().color(QPalette.ColorRole.Base)
        for key, item in curves.items.items():
            validation = key.startswith("val_")
            batch = key.startswith("batch_")
            width = (1.0 if batch else 1.3 if faded else 2.2) * self._line_scale
            style = Qt.PenStyle.DashLine if validation else Qt.PenStyle.SolidLine
            item.setPen(pg.mkPen(colour, width=width, style=style))
            item.setZValue(-10 if faded else 0)
            if batch or faded:
                item.setSymbol(None)
            else:
                # Training points filled, validation points hollow: tells them apart even in greyscale.
                item.setSymbol("o")
                item.setSymbolSize(6 * self._line_scale)
                item.setSymbolPen(pg.mkPen(colour, width=1.5 * self._line_scale))
                item.setSymbolBrush(pg.mkBrush(base if validation else colour))
        for star in curves.best_stars:
            star.setBrush(pg.mkBrush(colour))
            star.setSize((11 if faded else 18) * self._line_scale)
            if faded:
                star.setPen(pg.mkPen(colour))
        for line in curves.best_lines:
            line.setPen(pg.mkPen(colour, width=1, style=Qt.PenStyle.DotLine))

    def set_line_scale(self, scale: float) -> None:
        """Thicker curves and bigger symbols (projector mode); existing runs are restyled at once."""
        self._line_scale = max(0.5, float(scale))
        for run in self._runs:
            for curves in run.series:
                self._style_series(curves, faded=run.faded)
            for item in run.mean_items:
                item.setPen(pg.mkPen(item.opts["pen"].color(), width=(2 if run.faded else 4) * self._line_scale))

    def line_scale(self) -> float:
        return self._line_scale

    def changeEvent(self, event) -> None:
        # Axis ticks follow the widget's font, so zooming the window zooms the charts' text too.
        if event.type() == QEvent.Type.FontChange:
            for plot in self._plots():
                for side in ("left", "bottom"):
                    plot.getAxis(side).setStyle(tickFont=self.font())
                    plot.getAxis(side).label.setFont(self.font())
                plot.titleLabel.item.setFont(self.font())
        super().changeEvent(event)

    # -- updating ---------------------------------------------------------------------------------------

    def _current_series(self, index: int) -> SeriesCurves | None:
        # Late signals from a run that ended, was reset or replaced are dropped, not drawn into the wrong run.
        return self._latest_series(index) if self._running else None

    def _latest_series(self, index: int) -> SeriesCurves | None:
        if not self._runs:
            return None
        series = self._runs[-1].series
        if not 0 <= index < len(series):
            raise IndexError(f"series {index} out of range: this run has {len(series)}")
        return series[index]

    def _redraw_batches(self) -> None:
        self._batch_timer.stop()
        if not self._runs:
            return
        for curves in self._runs[-1].series:
            if curves.batches_dirty:
                x = curves.batches.column(0)
                curves.items["batch_loss"].setData(x, curves.batches.column(1))
                curves.items["batch_accuracy"].setData(x, curves.batches.column(2))
                curves.batches_dirty = False

    def _fade(self, run: Run) -> None:
        if run.faded:
            return
        run.faded = True
        for curves in run.series:
            self._style_series(curves, faded=True)
        faded_text = QColor(self.palette().color(QPalette.ColorRole.Text))
        faded_text.setAlpha(FADED_ALPHA)
        for item in run.mean_items:
            item.setPen(pg.mkPen(faded_text, width=2))
            item.setZValue(-5)

    def _remove(self, run: Run) -> None:
        plots_by_key = {
            "batch_loss": self._batch_loss_plot,
            "batch_accuracy": self._batch_accuracy_plot,
            "loss": self._loss_plot,
            "val_loss": self._loss_plot,
            "accuracy": self._accuracy_plot,
            "val_accuracy": self._accuracy_plot,
        }
        for curves in run.series:
            for key, item in curves.items.items():
                plots_by_key[key].removeItem(item)
            for plot, star, line in zip(
                (self._loss_plot, self._accuracy_plot), curves.best_stars, curves.best_lines, strict=True
            ):
                plot.removeItem(star)
                plot.removeItem(line)
        self._loss_plot.removeItem(run.mean_items[0])
        self._accuracy_plot.removeItem(run.mean_items[1])

    def _update_legend(self) -> None:
        self._clear_button.setEnabled(len(self._runs) > 1)
        if not self._runs:
            self._legend.setText(self.tr("<i>No training yet: the curves appear here while a network learns.</i>"))
            return
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        entries = []
        for run in self._runs:
            swatches = "".join(f'<span style="color:{c.colour.name()}">■</span>' for c in run.series)
            title = escape(run.title) + (self.tr(" (training…)") if run is self._runs[-1] and self._running else "")
            if run.faded:
                entries.append(f'{swatches} <span style="color:{muted}">{title}</span>')
            else:
                entries.append(f"{swatches} <b>{title}</b>")
        lines = ["&nbsp;&nbsp; ".join(entries)]
        latest = self._runs[-1]
        if len(latest.series) > 1:
            lines.append(
                "&nbsp;&nbsp; ".join(
                    f'<span style="color:{c.colour.name()}">■</span> {escape(c.name)}' for c in latest.series
                )
            )
        keys = [self.tr("solid: training"), self.tr("dashed: validation"), self.tr("★ best epoch")]
        if latest.has_mean:
            keys.append(self.tr("<b>bold</b>: mean validation"))
        key = " &nbsp;·&nbsp; ".join(keys)
        lines.append(f'<span style="color:{muted}">{key}</span>')
        self._legend.setText("<br>".join(lines))
