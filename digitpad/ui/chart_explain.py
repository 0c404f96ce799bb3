"""Words and marks that let a student read the training charts alone: what each plot shows, a band where
overfitting begins, and why validation can beat training in epoch 1. Plain words first, the exact term in
brackets, so the student can look it up."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from digitpad.core.curves import Overfitting


def tr(text: str) -> str:
    """A text of this module (marked with QT_TRANSLATE_NOOP("ChartExplain", ...)) in the language of the moment."""
    return QCoreApplication.translate("ChartExplain", text)


def plot_tooltip(which: str, window: int) -> str:
    """The tooltip of a plot: ``which`` is "batch_loss", "batch_accuracy", "loss" or "accuracy"."""
    return tr(PLOT_TOOLTIPS[which]).format(f"{window:,}")


PLOT_TOOLTIPS = {
    "batch_loss": QT_TRANSLATE_NOOP(
        "ChartExplain",
        "How wrong the network still is on the images it learns from, while it learns (training loss). "
        "Lower is better. Each point is the average of about the last {} images, so the line is smooth "
        "(a moving average).",
    ),
    "batch_accuracy": QT_TRANSLATE_NOOP(
        "ChartExplain",
        "The share of the images it learns from that it gets right, while it learns (training accuracy). "
        "Each point is the average of about the last {} images (a moving average).",
    ),
    "loss": QT_TRANSLATE_NOOP(
        "ChartExplain",
        "After each pass over all training images (an epoch). Solid: how wrong it is on the images it "
        "learns from (training loss). Dashed: on images kept aside that it never learns from (validation "
        "loss). If the dashed line climbs while the solid one keeps falling, the network is learning its "
        "training images by heart instead of learning digits (overfitting).",
    ),
    "accuracy": QT_TRANSLATE_NOOP(
        "ChartExplain",
        "After each pass over all training images (an epoch). Solid: the share it gets right of the images "
        "it learns from (training accuracy). Dashed: of the images kept aside (validation accuracy). A "
        "growing gap between them means it learns by heart (overfitting).",
    ),
}


def overfitting_label() -> str:
    return QCoreApplication.translate("ChartExplain", "overfitting: the gap grows")


def overfitting_tooltip(found: Overfitting) -> str:
    return QCoreApplication.translate(
        "ChartExplain",
        "After epoch {}, the validation loss rose two epochs in a row while the training loss kept falling: the "
        "network is learning its training images by heart (overfitting). Dropout, L2, more images, "
        "augmentation or early stopping help.",
    ).format(found.start_epoch)


def epoch_one_hint(reasons: tuple[str, ...]) -> tuple[str, str]:
    """(one short line, the longer explanation for its tooltip) for the codes of
    ``core.curves.validation_leads_at_start``; empty texts for none."""
    if not reasons:
        return "", ""
    short = {
        "running-mean": QCoreApplication.translate("ChartExplain", "training scores average the whole epoch"),
        "dropout": QCoreApplication.translate("ChartExplain", "dropout only acts while training"),
        "augment": QCoreApplication.translate("ChartExplain", "only training sees altered images"),
    }
    long = {
        "running-mean": QCoreApplication.translate(
            "ChartExplain",
            "The training score is an average over the whole epoch, most of it from before the network had "
            "learned much; validation is measured at the end of the epoch, with what it learned.",
        ),
        "dropout": QCoreApplication.translate(
            "ChartExplain",
            "Dropout switches parts of the network off at random while it trains, which makes training harder; "
            "it is off while validating.",
        ),
        "augment": QCoreApplication.translate(
            "ChartExplain",
            "With augmentation the network trains on shifted, turned and thickened copies, which are harder "
            "than the plain images it is validated on.",
        ),
    }
    line = QCoreApplication.translate(
        "ChartExplain", "Validation beats training in epoch 1? That is normal: {}."
    ).format("; ".join(short[r] for r in reasons if r in short))
    return line, " ".join(long[r] for r in reasons if r in long)


BAND_ALPHA = 45


class OverfittingBand:
    """A shaded band from where overfitting begins to the last epoch, on the loss and the accuracy plot;
    the loss plot's band carries the words."""

    def __init__(self, loss_plot: pg.PlotItem, accuracy_plot: pg.PlotItem, colour: QColor):
        brush = QColor(colour)
        brush.setAlpha(BAND_ALPHA)
        edge = pg.mkPen(colour, width=1, style=Qt.PenStyle.DashDotLine)
        self.regions = []
        for plot in (loss_plot, accuracy_plot):
            region = pg.LinearRegionItem(values=(0, 1), movable=False, brush=brush, pen=edge)
            region.setZValue(-20)
            region.hide()
            plot.addItem(region, ignoreBounds=True)
            self.regions.append(region)
        self.label = pg.InfLineLabel(self.regions[0].lines[0], text=overfitting_label(), position=0.92)
        self.label.setColor(colour)
        self.found: Overfitting | None = None

    def show(self, found: Overfitting | None, last_epoch: int, x_middle: float, font: QFont) -> None:
        self.found = found
        for region in self.regions:
            region.setVisible(found is not None)
        self.label.setVisible(found is not None)
        if found is None:
            return
        for region in self.regions:
            region.setRegion((found.start_epoch, max(last_epoch, found.found_epoch)))
            region.setToolTip(overfitting_tooltip(found))
        # Words to the right of the band's start, or to its left when it starts in the right half.
        anchor = (1.05, 0.0) if found.start_epoch > x_middle else (-0.05, 0.0)
        self.label.anchors = [anchor, anchor]
        self.label.setFont(font)
        self.label.updatePosition()

    def remove(self) -> None:
        for region in self.regions:
            view = region.getViewBox()
            if view is not None:
                view.removeItem(region)
