"""Live training charts: loss and accuracy while training and after each epoch, earlier runs kept to compare.

The charts draw a ``RunHistory`` (the Session's): they hold no numbers of their own. Every curve of a run
is made once when the run appears; later updates only call ``setData`` with the record's columns. Batch
points can arrive by the hundred per second, so their redraw is coalesced by a timer. The per-batch curves
are the record's moving averages (``core/curves.py``), which carry on across epochs.

Where the widget is too small for four readable plots it shows two at a time, with tabs to switch
("while training" and "after each epoch"); the window decides nothing about that.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QTabBar, QVBoxLayout, QWidget

from digitpad.core.compare import band, band_quantities
from digitpad.core.curves import find_overfitting, validation_leads_at_start
from digitpad.core.runs import RunHistory, RunRecord, SeriesRecord
from digitpad.ui.chart_explain import OverfittingBand, epoch_one_hint, plot_tooltip
from digitpad.ui.chart_style import (  # noqa: F401 -- compact_number and the axes are this module's API too
    PALETTE,
    CompactNumberAxis,
    SeriesStyle,
    WholeNumberAxis,
    compact_number,
    series_style,
)
from digitpad.ui.messages import series_name, settings_label

FADED_ALPHA = 80
BATCH_REDRAW_MS = 50  # at most ~20 redraws a second however fast batches arrive
CURVES = ("batch_loss", "batch_accuracy", "loss", "val_loss", "accuracy", "val_accuracy")


def save_scene(scene, path, scale: float = 2.0) -> None:
    """A pyqtgraph scene as an SVG drawing (for a ``.svg`` path) or a PNG picture, written atomically.

    Qt paints the scene itself into the file (pyqtgraph's own SVG exporter fails on the paths Qt 6.11 writes).
    """
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgGenerator

    from digitpad.core.atomic import write_bytes

    # What the view shows: the scene's own rectangle grows to every item's bounds, and an infinite line or a
    # shaded band reaches far past the plots.
    views = scene.views()
    rect = views[0].mapToScene(views[0].viewport().rect()).boundingRect() if views else scene.sceneRect()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if str(path).lower().endswith(".svg"):
        device = QSvgGenerator()
        device.setOutputDevice(buffer)
        device.setSize(QSize(round(rect.width()), round(rect.height())))
        device.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        device.setTitle("digitpad")
        target = QRectF(0, 0, rect.width(), rect.height())
    else:
        device = QImage(round(rect.width() * scale), round(rect.height() * scale), QImage.Format.Format_ARGB32)
        device.fill(scene.views()[0].backgroundBrush().color() if scene.views() else QColor("white"))
        target = QRectF(0, 0, device.width(), device.height())
    painter = QPainter(device)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, target, rect)
    painter.end()
    if isinstance(device, QImage) and not device.save(buffer, "PNG"):
        raise OSError(f"could not make the picture for {path}")
    buffer.close()
    write_bytes(Path(path), bytes(data.data()))


# A plot narrower or lower than this many lines of text crowds its tick labels and axis titles.
PLOT_MIN_LINES = (15, 10)
BATCH_PAGE, EPOCH_PAGE = 0, 1


@dataclass
class SeriesCurves:
    """The plot items of one network in a run (the model, one ensemble member or one fold)."""

    record: SeriesRecord
    style: SeriesStyle
    items: dict[str, pg.PlotDataItem]
    best_stars: tuple[pg.ScatterPlotItem, pg.ScatterPlotItem]  # on the loss and the accuracy plot
    best_lines: tuple[pg.InfiniteLine, pg.InfiniteLine]
    epoch_marks: tuple[pg.ScatterPlotItem, pg.ScatterPlotItem]  # each epoch's end on the per-batch plots
    batches_drawn: int = 0  # batch points already handed to pyqtgraph

    @property
    def colour(self) -> QColor:
        return self.style.colour

    @property
    def name(self) -> str:
        return series_name(self.record.name)


@dataclass
class Run:
    """The plot items of one ``RunRecord``."""

    record: RunRecord
    series: list[SeriesCurves]
    mean_items: tuple[pg.PlotDataItem, pg.PlotDataItem]  # mean validation loss, accuracy
    has_mean: bool = False
    faded: bool = False

    @property
    def number(self) -> int:
        return self.record.number

    @property
    def title(self) -> str:
        label = settings_label(self.record.label_parts)
        if self.record.name:  # the student's own name for the run
            return QCoreApplication.translate("TrainingCharts", "run {}: {}").format(self.number, self.record.name)
        if label:
            return QCoreApplication.translate("TrainingCharts", "run {}: {}").format(self.number, label)
        return QCoreApplication.translate("TrainingCharts", "run {}").format(self.number)

    def x_extent(self) -> tuple[float, int]:
        """How far its curves go: (images seen, epochs), planned while it runs, reached once it has ended."""
        info = self.record.info
        images = max((float(s.record.batches.column(0).max()) for s in self.series if len(s.record.batches)), default=0)
        epochs = max((int(s.record.epochs.column(0).max()) for s in self.series if len(s.record.epochs)), default=1)
        if self.record.running:
            return max(images, float(info.epochs * info.train_samples)), max(epochs, info.epochs)
        return images, epochs


class TrainingCharts(QWidget):
    """Draws a ``RunHistory``: ``bind`` it, then say what changed as the Session reports it."""

    clear_requested = Signal()  # "Clear earlier runs" was clicked; the history's owner decides

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("training_charts")
        self.setAccessibleName(self.tr("Training charts"))
        self._history = RunHistory()
        self._runs: list[Run] = []  # plot items, one per record drawn, oldest first
        self._next_colour = 0
        self._line_scale = 1.0  # projector mode draws thicker lines
        self._bands: dict[str, list] = {}  # a repeat group's id -> its band items (mean ± spread)
        self._arrangement = ""  # "grid" (all four) or "pages-wide" / "pages-tall" (two at a time)
        self._page_chosen = False  # the student picked a page during this run: leave it be
        self._x_extent = (0.0, 0)  # (images, epochs) the x axes span now
        self._arranging = False

        self._build_header()
        self._canvas = pg.GraphicsLayoutWidget()
        self._canvas.setObjectName("training_plots")
        self._canvas.setAccessibleName(self.tr("Training charts"))
        self._canvas.ci.setSpacing(6)
        self._canvas.ci.setContentsMargins(2, 2, 2, 2)
        loss, accuracy = self.tr("loss"), self.tr("accuracy")
        self._batch_loss_plot = self._make_plot(self.tr("Loss while training"), loss, batch=True)
        self._batch_accuracy_plot = self._make_plot(self.tr("Accuracy while training"), accuracy, batch=True)
        self._loss_plot = self._make_plot(self.tr("Loss after each epoch"), loss, batch=False)
        self._accuracy_plot = self._make_plot(self.tr("Accuracy after each epoch"), accuracy, batch=False)
        for plot in (self._batch_accuracy_plot, self._accuracy_plot):
            plot.setLimits(yMin=0.0, yMax=1.02)
        self._describe_batch_axes(None)
        for action in self._canvas.scene().contextMenu:  # pyqtgraph's own menu entry, in our language
            if action.text() == "Export...":
                action.setText(self.tr("Export..."))
        self._band = OverfittingBand(
            self._loss_plot, self._accuracy_plot, self.palette().color(QPalette.ColorRole.Text)
        )
        self._apply_palette()
        self._apply_fonts()

        self._batch_timer = QTimer(self)
        self._batch_timer.setSingleShot(True)
        self._batch_timer.setInterval(BATCH_REDRAW_MS)
        self._batch_timer.timeout.connect(self._redraw_batches)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._header)
        layout.addWidget(self._hint)
        layout.addWidget(self._pages)
        layout.addWidget(self._canvas, 1)
        self._arrange("grid")
        self._update_legend()

    def _build_header(self) -> None:
        """The legend with "Clear earlier runs" beside it, the epoch-1 hint and the page tabs."""
        self._legend = QLabel()
        self._legend.setObjectName("run_legend")
        self._legend.setWordWrap(True)
        self._legend.setTextFormat(Qt.TextFormat.RichText)
        self._legend.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self._clear_button = QPushButton(self.tr("Clear earlier runs"))
        self._clear_button.setObjectName("clear_runs_button")
        self._clear_button.setToolTip(
            self.tr(
                "Remove the faded curves of earlier runs and delete them from the kept runs; the latest run "
                "stays. To keep a run out of sight without losing it, untick it in View → Runs."
            )
        )
        self._clear_button.clicked.connect(self.clear_requested)
        self._header = QHBoxLayout()
        self._header.setContentsMargins(4, 0, 4, 0)
        self._header.addWidget(self._legend, 1)
        self._header.addWidget(self._clear_button, 0, Qt.AlignmentFlag.AlignTop)

        self._hint = QLabel()
        self._hint.setObjectName("chart_hint")
        self._hint.setWordWrap(True)
        self._hint.setContentsMargins(4, 0, 4, 0)
        self._hint.hide()

        self._pages = QTabBar()
        self._pages.setObjectName("chart_pages")
        self._pages.setAccessibleName(self.tr("Which charts to show"))
        self._pages.addTab(self.tr("While training"))
        self._pages.addTab(self.tr("After each epoch"))
        self._pages.setTabToolTip(BATCH_PAGE, self.tr("Loss and accuracy batch by batch, while the network learns"))
        self._pages.setTabToolTip(EPOCH_PAGE, self.tr("Training and validation after each pass over the images"))
        self._pages.setExpanding(False)
        self._pages.currentChanged.connect(self._page_changed)
        self._pages.tabBarClicked.connect(lambda _index: setattr(self, "_page_chosen", True))
        self._pages.hide()

    # -- what to draw ---------------------------------------------------------------------------------

    def bind(self, history: RunHistory) -> None:
        """Draw every run of ``history`` (earlier ones faded) and follow it from now on."""
        self._batch_timer.stop()
        while self._runs:
            self._remove(self._runs.pop())
        self._next_colour = 0
        self._history = history
        for record in history.runs:
            self._add_run(record)
        for run in self._runs:  # runs kept from an earlier session come back faded
            if run.record.restored:
                self._fade(run)
            if run.record.hidden:
                self.set_run_visible(run.record)
        latest = history.latest
        if latest is not None and any(len(s.epochs) for s in latest.series):
            self._show_page(EPOCH_PAGE)  # epochs to compare already: the page that shows them
        self._after_change()

    def run_started(self, record: RunRecord) -> None:
        """A new run: earlier runs fade but stay visible; the axes take the new run's length at once."""
        self._add_run(record)
        self._page_chosen = False
        self._show_page(BATCH_PAGE)
        self._after_change()

    def batch_added(self, record: RunRecord, series_index: int) -> None:
        if self._run_of(record) is not None and not self._batch_timer.isActive():
            self._batch_timer.start()

    def epoch_added(self, record: RunRecord, series_index: int) -> None:
        run = self._run_of(record)
        if run is not None:
            self._draw_epochs(run, run.series[series_index])
            if run is self._runs[-1]:
                self._explain_latest()
                if not self._page_chosen:
                    self._show_page(EPOCH_PAGE)

    def series_finished(self, record: RunRecord, series_index: int) -> None:
        """Star the epoch whose weights were kept (early stopping), known once the network has finished."""
        run = self._run_of(record)
        if run is not None:
            self._draw_best(run.series[series_index])

    def run_ended(self, record: RunRecord) -> None:
        run = self._run_of(record)
        if run is not None:
            self._redraw_batches()
            self._draw_mean(run)
        self._after_change()

    def runs_removed(self) -> None:
        """Records left the history (cleared): drop their curves."""
        kept = {id(r) for r in self._history.runs}
        for run in [r for r in self._runs if id(r.record) not in kept]:
            self._runs.remove(run)
            self._remove(run)
        self._after_change()

    # -- keeping runs: whole runs added, shown or hidden, repeats as bands, pictures of the charts --------

    def runs_added(self, records: list[RunRecord]) -> None:
        """Whole runs that arrived from a file: drawn faded, like runs of an earlier session."""
        latest = self._runs[-1] if self._runs else None
        for record in records:
            self._fade(self._add_run(record))
            if record.hidden:
                self.set_run_visible(record)
        if latest is not None and not latest.record.restored:
            self._unfade(latest)  # the run trained here stays the one in front
        self._after_change()

    def set_run_visible(self, record: RunRecord) -> None:
        """Show or hide a run's curves as its record says (``record.hidden``)."""
        run = self._run_of(record)
        if run is None:
            return
        for curves in run.series:
            for item in (*curves.items.values(), *curves.best_stars, *curves.epoch_marks):
                item.setVisible(not record.hidden)
            for line in curves.best_lines:
                line.setVisible(not record.hidden and curves.record.best_epoch is not None)
        for item in run.mean_items:
            item.setVisible(not record.hidden)
        self._after_change()

    def emphasise_all(self) -> None:
        """Draw every run at full strength (a picture of chosen runs, where none is "earlier")."""
        for run in self._runs:
            self._unfade(run)
        self._update_legend()

    def titles_changed(self) -> None:
        """A run was renamed: the legend says so."""
        self._update_legend()

    def is_visible(self, run: int) -> bool:
        return not self._runs[run].record.hidden

    def drawn_items(self, run: int) -> list[pg.GraphicsObject]:
        """Every item a run puts on the plots that is not hidden (none, once the run is hidden); whether its
        plot itself is on screen now (charts on pages) does not count."""
        found = []
        for curves in self._runs[run].series:
            found += [*curves.items.values(), *curves.best_stars, *curves.best_lines, *curves.epoch_marks]
        found += self._runs[run].mean_items
        return [item for item in found if item.isVisibleTo(item.parentItem())]

    def repeat_finished(self, group_id: str) -> None:
        self._after_change()

    def band_ids(self) -> list[str]:
        return list(self._bands)

    def band_data(self, group_id: str) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
        """(epochs, low, mean, high) of a group's band on the loss plot, then on the accuracy plot."""
        out = []
        for _plot, (_fill, high, low, mean) in self._bands[group_id]:
            epochs, low_values = low.getData()
            out.append((np.asarray(epochs), np.asarray(low_values), np.asarray(mean.getData()[1]),
                        np.asarray(high.getData()[1])))  # fmt: skip
        return out

    def _redraw_bands(self) -> None:
        """A repeat group's mean ± spread, over its finished runs that are shown, on the epoch plots."""
        for drawn in self._bands.values():
            for plot, items in drawn:
                for item in items:
                    plot.removeItem(item)
        self._bands = {}
        groups: dict[str, list[Run]] = {}
        for run in self._runs:
            if run.record.group is not None and not run.record.running and not run.record.hidden:
                groups.setdefault(run.record.group.id, []).append(run)
        for group_id, runs in groups.items():
            records = [run.record for run in runs]
            loss, accuracy = band_quantities(records)
            drawn = []
            for plot, quantity in ((self._loss_plot, loss), (self._accuracy_plot, accuracy)):
                found = band(records, quantity)
                if found is not None:
                    drawn.append((plot, self._band_items(plot, found, runs[0].series[0].colour)))
            if drawn:
                self._bands[group_id] = drawn

    def _band_items(self, plot: pg.PlotItem, found, colour: QColor) -> tuple:
        edge = QColor(colour)
        edge.setAlpha(120)
        high = plot.plot(found.epochs, found.high, pen=pg.mkPen(edge, width=1))
        low = plot.plot(found.epochs, found.low, pen=pg.mkPen(edge, width=1))
        shade = QColor(colour)
        shade.setAlpha(60)
        fill = pg.FillBetweenItem(high, low, brush=pg.mkBrush(shade))
        fill.setZValue(-8)
        plot.addItem(fill)
        mean = plot.plot(found.epochs, found.mean, pen=pg.mkPen(colour, width=3 * self._line_scale))
        mean.setZValue(12)
        return fill, high, low, mean

    def export_image(self, path) -> None:
        """The four charts as a picture: SVG (vector) for a ``.svg`` path, else PNG at twice the screen's size."""
        self._redraw_batches()
        save_scene(self._canvas.scene(), path)

    def set_batch_axis_label(self, text: str) -> None:
        """What the per-batch x values count, e.g. "training images seen"."""
        for plot in (self._batch_loss_plot, self._batch_accuracy_plot):
            plot.setLabel("bottom", text)

    def _after_change(self) -> None:
        self._redraw_bands()
        self._update_legend()
        self._fit_x_ranges()
        self._explain_latest()

    # -- read back (tests, the window) ----------------------------------------------------------------

    def is_running(self) -> bool:
        return bool(self._runs) and self._runs[-1].record.running

    def run_count(self) -> int:
        return len(self._runs)

    def run_titles(self) -> list[str]:
        """Each run's legend name, oldest first, e.g. "run 2: dropout 0.2"."""
        return [run.title for run in self._runs]

    def series_names(self, run: int = -1) -> list[str]:
        return [curves.name for curves in self._runs[run].series]

    def series_style(self, run: int, series: int) -> SeriesStyle:
        return self._runs[run].series[series].style

    def is_faded(self, run: int) -> bool:
        return self._runs[run].faded

    def curve_item(self, run: int, series: int, which: str) -> pg.PlotDataItem:
        """The pyqtgraph item of one curve; ``which`` is one of CURVES."""
        if which not in CURVES:
            raise ValueError(f"unknown curve {which!r}; expected one of {CURVES}")
        return self._runs[run].series[series].items[which]

    def curve_data(self, run: int, series: int, which: str) -> tuple[np.ndarray, np.ndarray]:
        """The (x, y) arrays a curve currently plots, after any redraw still pending. The per-batch curves
        ("batch_loss", "batch_accuracy") are moving averages over training images (``core/curves.py``)."""
        self._redraw_batches()
        x, y = self.curve_item(run, series, which).getData()
        empty = np.empty(0)
        return (empty, empty) if x is None else (np.asarray(x), np.asarray(y))

    def epoch_mark_points(self, run: int, series: int) -> list[tuple[float, float]]:
        """Where the per-batch loss curve marks each epoch's end."""
        x, y = self._runs[run].series[series].epoch_marks[0].getData()
        return [(float(a), float(b)) for a, b in zip(x, y, strict=True)]

    def best_epoch(self, run: int, series: int) -> int | None:
        return self._runs[run].series[series].record.best_epoch

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

    def hint_text(self) -> str:
        """The epoch-1 hint now shown (empty when hidden)."""
        return self._hint.text() if not self._hint.isHidden() else ""

    def overfitting_band(self) -> tuple[float, float] | None:
        """The epochs the "overfitting: the gap grows" band spans on the loss plot, or None when not shown."""
        region = self._band.regions[0]
        return tuple(region.getRegion()) if region.isVisible() else None

    def overfitting_text(self) -> str:
        return self._band.label.toPlainText() if self._band.label.isVisible() else ""

    def plot_texts(self) -> list[str]:
        """Every plot's title and axis labels, top left to bottom right (tests check their language)."""
        texts = []
        for plot in self._plots():
            texts.append(plot.titleLabel.text)
            texts += [plot.getAxis(side).labelText for side in ("left", "bottom")]
        return texts

    def plots(self) -> dict[str, pg.PlotItem]:
        """The four plots by the curve they hold: "batch_loss", "batch_accuracy", "loss", "accuracy"."""
        return dict(zip(("batch_loss", "batch_accuracy", "loss", "accuracy"), self._plots(), strict=True))

    def shown_plots(self) -> list[pg.PlotItem]:
        return [plot for plot in self._plots() if plot.isVisible()]

    def arrangement(self) -> str:
        return self._arrangement

    def plot_minimum_size(self) -> tuple[int, int]:
        """The smallest plot (width, height) whose ticks and titles stay apart, in the charts' font: some
        lines of text each way, and room for the longest axis title beside the left axis's numbers."""
        metrics = QFontMetrics(self.font())
        line = metrics.height()
        titles = [plot.getAxis("bottom").labelText for plot in self._plots()] if hasattr(self, "_accuracy_plot") else []
        widest = max((metrics.horizontalAdvance(t) for t in titles), default=0)
        return max(PLOT_MIN_LINES[0] * line, widest + 4 * line), PLOT_MIN_LINES[1] * line

    # -- building ---------------------------------------------------------------------------------------

    def _make_plot(self, title: str, quantity: str, batch: bool) -> pg.PlotItem:
        axis = CompactNumberAxis("bottom") if batch else WholeNumberAxis("bottom")
        plot = pg.PlotItem(axisItems={"bottom": axis})
        text = self.palette().color(QPalette.ColorRole.Text)
        plot.setTitle(title, color=text.name())
        plot.setLabel("bottom", self.tr("training images seen") if batch else self.tr("epoch"))
        plot.setLabel("left", quantity)
        plot.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" confuses more than it helps
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setLimits(xMin=0, yMin=0)
        plot.setMenuEnabled(False)
        plot.hideButtons()  # the "A" auto-range button means nothing to a student
        if not batch:
            plot.setToolTip(plot_tooltip("loss" if quantity == self.tr("loss") else "accuracy", 0))
        return plot

    def _describe_batch_axes(self, record: RunRecord | None) -> None:
        """Say on the per-batch plots what their points average, for the latest run."""
        from digitpad.core.curves import SMOOTHING_MAX

        window = record.smoothing_window if record is not None else SMOOTHING_MAX
        for plot, which, quantity in (
            (self._batch_loss_plot, "batch_loss", self.tr("loss")),
            (self._batch_accuracy_plot, "batch_accuracy", self.tr("accuracy")),
        ):
            plot.setLabel("left", quantity)
            plot.setLabel("bottom", self.tr("images seen · smoothed over ~{}").format(compact_number(window)))
            plot.setToolTip(plot_tooltip(which, window))

    def _apply_palette(self) -> None:
        palette = self.palette()
        self._canvas.setBackground(palette.color(QPalette.ColorRole.Base))
        text = palette.color(QPalette.ColorRole.Text)
        for plot in self._plots():
            for side in ("left", "bottom"):
                axis = plot.getAxis(side)
                axis.setPen(pg.mkPen(text))
                axis.setTextPen(pg.mkPen(text))

    def _apply_fonts(self) -> None:
        """Titles, axis labels and ticks in the widget's font, so they follow the system size and the zoom."""
        font = QFont(self.font())
        text = self.palette().color(QPalette.ColorRole.Text).name()
        for plot in self._plots():
            for side in ("left", "bottom"):
                plot.getAxis(side).setStyle(tickFont=font)
                plot.getAxis(side).label.setFont(font)
            # pyqtgraph writes a title's size into its HTML (11pt unless told): tell it the widget's.
            plot.setTitle(plot.titleLabel.text, size=f"{font.pointSizeF():.1f}pt", bold=True, color=text)
        self._band.label.setFont(font)

    def _plots(self) -> tuple[pg.PlotItem, ...]:
        return self._batch_loss_plot, self._batch_accuracy_plot, self._loss_plot, self._accuracy_plot

    def _make_series(self, record: SeriesRecord) -> SeriesCurves:
        style = series_style(self._next_colour)
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
        stars = tuple(self._star_item(plot, style.colour) for plot in (self._loss_plot, self._accuracy_plot))
        lines = tuple(self._best_line(plot, style.colour) for plot in (self._loss_plot, self._accuracy_plot))
        marks = tuple(self._epoch_mark_item(plot) for plot in (self._batch_loss_plot, self._batch_accuracy_plot))
        curves = SeriesCurves(record, style, items, stars, lines, marks)
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

    def _epoch_mark_item(self, plot: pg.PlotItem) -> pg.ScatterPlotItem:
        mark = pg.ScatterPlotItem()
        mark.setZValue(5)
        plot.addItem(mark)
        return mark

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
        symbol = curves.style.symbol
        marker_scale = 1 + (self._line_scale - 1) * 0.4  # thick lines for a projector, markers only a bit larger
        for key, item in curves.items.items():
            validation = key.startswith("val_")
            batch = key.startswith("batch_")
            width = (1.3 if faded else 2.0 if batch else 2.2) * self._line_scale
            style = Qt.PenStyle.DashLine if validation else Qt.PenStyle.SolidLine
            item.setPen(pg.mkPen(colour, width=width, style=style))
            item.setZValue(-10 if faded else 0)
            if batch:
                item.setSymbol(None)
            else:
                # The network's own marker; training points filled, validation points hollow: the curves
                # stay apart in greyscale and for colour-blind eyes.
                item.setSymbol(symbol)
                item.setSymbolSize((5 if faded else 7) * marker_scale)
                item.setSymbolPen(pg.mkPen(colour, width=1.5 * self._line_scale))
                item.setSymbolBrush(pg.mkBrush(base if validation else colour))
        for mark in curves.epoch_marks:
            mark.setSymbol(symbol)
            mark.setSize((5 if faded else 8) * marker_scale)
            mark.setPen(pg.mkPen(colour, width=1.5 * self._line_scale))
            mark.setBrush(pg.mkBrush(colour))
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
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_band"):
            self._apply_fonts()
            self._fit_arrangement()
        super().changeEvent(event)

    # -- arranging the plots ------------------------------------------------------------------------------

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_arrangement()

    def minimumSizeHint(self):
        """Room for two readable plots side by side under their tabs, the legend and the hint: the widget is
        never squeezed below what its smallest arrangement needs."""
        hint = super().minimumSizeHint()
        width, height = self.plot_minimum_size()
        width = 2 * width + 8
        header = self._pages.sizeHint().height() + self._legend.heightForWidth(width)
        if not self._hint.isHidden():
            header += self._hint.heightForWidth(width)
        hint.setWidth(max(hint.width(), width))
        hint.setHeight(max(hint.height(), height + header + 16))
        return hint

    def _fit_arrangement(self) -> None:
        """Four plots in a grid when each gets its minimum size, else two at a time with tabs."""
        width, height = self.plot_minimum_size()
        room_w = self.width() - 8 - QFontMetrics(self.font()).height()  # spacing between the plots
        room_h = self.height() - self._legend.heightForWidth(self.width()) - 16
        if not self._hint.isHidden():
            room_h -= self._hint.heightForWidth(self.width())
        if room_w >= 2 * width and room_h >= 2 * height:
            arrangement = "grid"
        elif room_w >= 2 * width and room_h - self._pages.sizeHint().height() < 2 * height:
            arrangement = "pages-wide"
        else:
            arrangement = "pages-tall" if room_h - self._pages.sizeHint().height() >= 2 * height else "pages-wide"
        if arrangement != self._arrangement and not self._arranging:
            self._arrange(arrangement)

    def _arrange(self, arrangement: str) -> None:
        self._arranging = True  # moving plots sends events that would arrange again, half-way through this
        try:
            self._place_plots(arrangement)
        finally:
            self._arranging = False

    def _place_plots(self, arrangement: str) -> None:
        layout = self._canvas.ci
        for plot in self._plots():
            if plot in layout.items:
                layout.removeItem(plot)
            plot.hide()
        self._arrangement = arrangement
        self._pages.setVisible(arrangement != "grid")
        if arrangement == "grid":
            shown = self._plots()
            places = ((0, 0), (0, 1), (1, 0), (1, 1))
        else:
            page = self._pages.currentIndex()
            shown = self._plots()[2 * page : 2 * page + 2]
            places = ((0, 0), (0, 1)) if arrangement == "pages-wide" else ((0, 0), (1, 0))
        for plot, (row, column) in zip(shown, places, strict=True):
            layout.addItem(plot, row=row, col=column)
            plot.show()
        layout.setGeometry(self._canvas.range)  # re-adding items shrinks the layout to its preferred size

    def _show_page(self, page: int) -> None:
        if self._pages.currentIndex() != page:
            self._pages.setCurrentIndex(page)  # _page_changed re-arranges

    def _page_changed(self, _page: int) -> None:
        if self._arrangement and self._arrangement != "grid":
            self._arrange(self._arrangement)

    def _fit_x_ranges(self) -> None:
        """Each x axis spans the longest run shown: planned while a run trains, reached once it has ended.
        Set when a run starts, so the axes never keep the previous run's scale or zoom onto a single point."""
        if not self._runs:
            return
        images, epochs = (max(values) for values in zip(*(run.x_extent() for run in self._runs), strict=True))
        self._x_extent = (images, epochs)
        for plot in (self._batch_loss_plot, self._batch_accuracy_plot):
            plot.setXRange(0, max(images, 1.0), padding=0.02)
        for plot in (self._loss_plot, self._accuracy_plot):
            plot.setXRange(0.5, max(epochs, 1) + 0.5, padding=0)

    # -- explaining -------------------------------------------------------------------------------------

    def _explain_latest(self) -> None:
        """The overfitting band, the epoch-1 hint and the screen reader's summary, for the latest run."""
        run = self._runs[-1] if self._runs else None
        found, last_epoch, reasons = None, 0, ()
        if run is not None and len(run.series) == 1:
            record = run.series[0].record
            epochs, val = record.epochs, record.val_epochs
            if len(epochs):
                last_epoch = int(epochs.column(0)[-1])
                found = find_overfitting(epochs.column(0), epochs.column(1), val.column(0), val.column(1))
                if len(val) and epochs.column(0)[0] == 1 and val.column(0)[0] == 1:
                    reasons = validation_leads_at_start(
                        epochs.column(1)[0], epochs.column(2)[0], val.column(1)[0], val.column(2)[0], run.record.config
                    )
        x_range = self._loss_plot.viewRange()[0]
        self._band.show(found, last_epoch, (x_range[0] + x_range[1]) / 2, QFont(self.font()))
        hint, why = epoch_one_hint(reasons)
        self._hint.setText(hint)
        self._hint.setToolTip(why)
        self._hint.setAccessibleDescription(why)
        self._hint.setVisible(bool(hint))
        if run is not None:
            self._describe_batch_axes(run.record)
        self._describe_for_screen_readers(run, found)

    def _describe_for_screen_readers(self, run: Run | None, found) -> None:
        if run is None or run.record.last_epoch is None:
            text = self.tr("No training yet.")
        else:
            e = run.record.last_epoch
            text = self.tr("{}: epoch {} of {}. Training loss {:.3f}, accuracy {:.1%}.").format(
                run.title, e.epoch, e.epochs, e.loss, e.accuracy
            )
            if e.val_loss is not None and e.val_accuracy is not None:
                text += " " + self.tr("Validation loss {:.3f}, accuracy {:.1%}.").format(e.val_loss, e.val_accuracy)
            if found is not None:
                text += " " + self._band.label.toPlainText() + "."
        self.setAccessibleDescription(text)
        self._canvas.setAccessibleDescription(text)

    # -- drawing --------------------------------------------------------------------------------------

    def _run_of(self, record: RunRecord) -> Run | None:
        return next((run for run in reversed(self._runs) if run.record is record), None)

    def _add_run(self, record: RunRecord) -> Run:
        for run in self._runs:
            self._fade(run)
        curves = [self._make_series(series) for series in record.series]
        mean_items = (self._mean_item(self._loss_plot), self._mean_item(self._accuracy_plot))
        run = Run(record, curves, mean_items)
        self._runs.append(run)
        for series in curves:  # a run bound after the fact (another window, a restored run) has data already
            self._draw_epochs(run, series)
            self._draw_best(series)
        self._draw_mean(run)
        self._redraw_batches()
        return run

    def _draw_epochs(self, run: Run, curves: SeriesCurves) -> None:
        record = curves.record
        epochs, val = record.epochs, record.val_epochs
        curves.items["loss"].setData(epochs.column(0), epochs.column(1))
        curves.items["accuracy"].setData(epochs.column(0), epochs.column(2))
        curves.items["val_loss"].setData(val.column(0), val.column(1))
        curves.items["val_accuracy"].setData(val.column(0), val.column(2))
        if len(epochs) and epochs.column(0)[-1] > self._x_extent[1]:
            self._fit_x_ranges()
        ends = record.epoch_ends
        for mark, column in zip(curves.epoch_marks, (1, 2), strict=True):
            mark.setData(ends.column(0), ends.column(column))

    def _draw_best(self, curves: SeriesCurves) -> None:
        epoch = curves.record.best_epoch
        if epoch is None:
            return
        # The star sits on the validation point if there is one, else on the training point.
        for table in (curves.record.val_epochs, curves.record.epochs):
            hits = np.flatnonzero(table.column(0) == epoch)
            if hits.size:
                row = hits[-1]
                for star, column in zip(curves.best_stars, (1, 2), strict=True):
                    star.setData([epoch], [table.column(column)[row]])
                break
        for line in curves.best_lines:
            line.setPos(epoch)
            line.show()

    def _draw_mean(self, run: Run) -> None:
        """A bold curve of the validation mean over the run's networks (k-fold), once the run has ended."""
        if run.record.running or run.record.mode != "kfold":
            return
        mean = run.record.mean_validation_curve()
        if mean is None:
            return
        epochs, loss, accuracy = mean
        run.mean_items[0].setData(epochs, loss)
        run.mean_items[1].setData(epochs, accuracy)
        run.has_mean = True

    def _redraw_batches(self) -> None:
        self._batch_timer.stop()
        for run in self._runs:
            for curves in run.series:
                smoothed = curves.record.smoothed
                if len(smoothed) != curves.batches_drawn:
                    x = smoothed.column(0)
                    curves.items["batch_loss"].setData(x, smoothed.column(1))
                    curves.items["batch_accuracy"].setData(x, smoothed.column(2))
                    curves.batches_drawn = len(smoothed)
                    if len(x) and x[-1] > self._x_extent[0]:  # more than planned: widen, never cut a curve off
                        self._fit_x_ranges()

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

    def _unfade(self, run: Run) -> None:
        if not run.faded:
            return
        run.faded = False
        for curves in run.series:
            self._style_series(curves, faded=False)
        for item in run.mean_items:
            item.setPen(pg.mkPen(self.palette().color(QPalette.ColorRole.Text), width=4 * self._line_scale))
            item.setZValue(15)

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
            for plot, mark in zip((self._batch_loss_plot, self._batch_accuracy_plot), curves.epoch_marks, strict=True):
                plot.removeItem(mark)
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
            if run.record.hidden:
                continue
            # The marker glyphs, in their colours, stay on the line of the run's name (no break before it).
            swatches = "".join(f'<span style="color:{c.colour.name()}">{c.style.glyph}</span>' for c in run.series)
            title = escape(run.title) + (self.tr(" (training…)") if run.record.running else "")
            if run.faded:
                entries.append(f'{swatches}&nbsp;<span style="color:{muted}">{title}</span>')
            else:
                entries.append(f"{swatches}&nbsp;<b>{title}</b>")
        lines = ["&nbsp;&nbsp; ".join(entries)]
        latest = self._runs[-1]
        if len(latest.series) > 1:
            lines.append(
                "&nbsp;&nbsp; ".join(
                    f'<span style="color:{c.colour.name()}">{c.style.glyph}</span>&nbsp;{escape(c.name)}'
                    for c in latest.series
                )
            )
        keys = [self.tr("solid: training"), self.tr("dashed: validation"), self.tr("★ best epoch")]
        if latest.has_mean:
            keys.append(self.tr("<b>bold</b>: mean validation"))
        if self._bands:
            keys.append(self.tr("band: mean ± spread (standard deviation) over a repeat's seeds"))
        key = " &nbsp;·&nbsp; ".join(f'<span style="white-space:nowrap">{k}</span>' for k in keys)
        lines.append(f'<span style="color:{muted}">{key}</span>')
        self._legend.setText("<br>".join(lines))
