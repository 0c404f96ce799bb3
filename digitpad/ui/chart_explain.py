"""Words and marks that let a student read the training charts alone: what each plot shows, a band where
overfitting begins, and why validation can beat training in epoch 1. Plain words first, the exact term in
brackets, so the student can look it up."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor, QFont

from digitpad.core.curves import Overfitting


def tr(text: str) -> str:
    return QCoreApplication.translate("ChartExplain", text)


def plot_tooltip(which: str, window: int) -> str:
    """The tooltip of a plot: ``which`` is "batch_loss", "batch_accuracy", "loss" or "accuracy"."""
    texts = {
        "batch_loss": tr(
            "How wrong the network still is on the images it learns from, while it learns (training loss). "
            "Lower is better. Each point is the average of about the last {} images, so the line is smooth "
            "(a moving average)."
        ),
        "batch_accuracy": tr(
            "The share of the images it learns from that it gets right, while it learns (training accuracy). "
            "Each point is the average of about the last {} images (a moving average)."
        ),
        "loss": tr(
            "After each pass over all training images (an epoch). Solid: how wrong it is on the images it "
            "learns from (training loss). Dashed: on images kept aside that it never learns from (validation "
            "loss). If the dashed line climbs while the solid one keeps falling, the network is learning its "
            "training images by heart instead of learning digits (overfitting)."
        ),
        "accuracy": tr(
            "After each pass over all training images (an epoch). Solid: the share it gets right of the images "
            "it learns from (training accuracy). Dashed: of the images kept aside (validation accuracy). A "
            "growing gap between them means it learns by heart (overfitting)."
        ),
    }
    return texts[which].format(f"{window:,}")


def overfitting_label() -> str:
    return tr("overfitting: the gap grows")


def overfitting_tooltip(found: Overfitting) -> str:
    return tr(
        "After epoch {}, the validation loss rose two epochs in a row while the training loss kept falling: the "
        "network is learning its training images by heart (overfitting). Dropout, L2, more images, "
        "augmentation or early stopping help."
    ).format(found.start_epoch)


def epoch_one_hint(reasons: tuple[str, ...]) -> str:
    """One line for the codes of ``core.curves.validation_leads_at_start``; empty for none."""
    if not reasons:
        return ""
    words = {
        "running-mean": tr(
            "the training score is an average over the whole epoch, mostly from before the network had "
            "learned much, while validation is measured at the end"
        ),
        "dropout": tr("dropout switches parts of the network off only while training"),
        "augment": tr("training sees harder, altered images (augmentation), validation the plain ones"),
    }
    return tr("Validation beats training in epoch 1? That is normal: {}.").format(
        "; ".join(words[r] for r in reasons if r in words)
    )


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
