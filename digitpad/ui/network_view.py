"""Inside the network: the feature maps each convolution and pooling layer makes of the current drawing.

The feature extractor is built and run by the Session's task runner: the newest drawing replaces one still
waiting, so the view keeps up with the pen without ever blocking the GUI thread.
"""

from __future__ import annotations

import logging
import math

import numpy as np
from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from digitpad.ui.fonts import bold_font
from digitpad.ui.messages import describe
from digitpad.ui.tasks import TaskRunner

log = logging.getLogger(__name__)
MODEL, MAPS = "network-model", "network-maps"  # the task runner's channels

TILE_TARGET_PX = 48  # every map is blown up by a whole factor to about this size
INPUT_PX = 112
TILE_GAP = 3
EMPTY_TILE = QColor(40, 40, 40)
TILE_FRAME = QColor(128, 128, 128, 160)
# A diverging map (ColorBrewer RdBu): blue for negative weights, near-white for zero, red for positive.
NEGATIVE = np.array([33, 102, 172], np.float32)
ZERO = np.array([247, 247, 247], np.float32)
POSITIVE = np.array([178, 24, 43], np.float32)


def grey_tiles(array: np.ndarray) -> list[QImage]:
    """One greyscale QImage per channel of (h, w, c), each normalised on its own (black = 0, white = its max)."""
    maps = np.moveaxis(np.asarray(array, np.float32), -1, 0)
    lo = np.minimum(maps.min(axis=(1, 2), keepdims=True), 0.0)  # keep 0 black: "feature not found here"
    span = maps.max(axis=(1, 2), keepdims=True) - lo
    scaled = np.divide(maps - lo, span, out=np.zeros_like(maps), where=span > 0)
    grey = np.ascontiguousarray(np.round(scaled * 255).astype(np.uint8))
    h, w = grey.shape[1:]
    # copy(): QImage only borrows the numpy buffer.
    return [QImage(tile.data, w, h, w, QImage.Format.Format_Grayscale8).copy() for tile in grey]


def filter_tiles(filters: np.ndarray) -> list[QImage]:
    """One RGB QImage per filter of (kh, kw, n), on a diverging scale symmetric around 0 per filter."""
    f = np.moveaxis(np.asarray(filters, np.float32), -1, 0)
    scale = np.abs(f).max(axis=(1, 2), keepdims=True)
    t = np.divide(f, scale, out=np.zeros_like(f), where=scale > 0)[..., None]
    rgb = np.where(t >= 0, ZERO + t * (POSITIVE - ZERO), ZERO - t * (NEGATIVE - ZERO))
    rgb = np.ascontiguousarray(np.round(rgb).astype(np.uint8))
    h, w = rgb.shape[1:3]
    return [QImage(tile.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy() for tile in rgb]


class TileGrid(QWidget):
    """Small images in a grid that wraps to the width, painted with crisp (nearest-neighbour) pixels."""

    def __init__(
        self, count: int, side: int, parent: QWidget | None = None, tile_px: int | None = None, framed: bool = False
    ):
        super().__init__(parent)
        self.count = count
        self.framed = framed  # near-white tiles (zero weights) need an edge on a light background
        self.tile_px = tile_px or side * max(1, round(TILE_TARGET_PX / side))
        self.tiles: list[QImage] = []
        self.tips: list[str] = []
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_tiles(self, tiles: list[QImage], tips: list[str] | None = None) -> None:
        self.tiles = tiles
        self.tips = tips or []
        self.update()

    def _columns(self, width: int) -> int:
        # Balanced rows: 32 maps in rows of 11, 11, 10 rather than 15, 15, 2.
        fit = max(1, (width + TILE_GAP) // (self.tile_px + TILE_GAP))
        rows = math.ceil(self.count / fit)
        return max(1, math.ceil(self.count / rows))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        rows = math.ceil(self.count / self._columns(width))
        return rows * (self.tile_px + TILE_GAP) - TILE_GAP

    def sizeHint(self) -> QSize:
        width = min(self.count, 16) * (self.tile_px + TILE_GAP) - TILE_GAP
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.tile_px, self.tile_px)

    def tile_rect(self, i: int) -> QRect:
        cols = self._columns(self.width())
        step = self.tile_px + TILE_GAP
        return QRect((i % cols) * step, (i // cols) * step, self.tile_px, self.tile_px)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        for i in range(self.count):
            rect = self.tile_rect(i)
            if i < len(self.tiles):
                painter.drawImage(rect, self.tiles[i])
            else:
                painter.fillRect(rect, EMPTY_TILE)
            if self.framed:
                painter.setPen(TILE_FRAME)
                painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            pos = event.pos()
            for i in range(min(self.count, len(self.tips))):
                if self.tile_rect(i).contains(pos):
                    QToolTip.showText(event.globalPos(), self.tips[i], self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)


class LayerBlock(QFrame):
    """A header, a sentence of explanation and a grid of tiles for one layer (or the filters, or the input)."""

    def __init__(
        self,
        title: str,
        explanation: str,
        grid: TileGrid | None = None,
        *,
        kind: str = "",
        shape: tuple = (),
    ):
        # No parent: NetworkView puts every block into its layout, which adopts it.
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = grid
        self.kind = kind
        self.shape = shape
        self.header = QLabel(title)
        self.header.setFont(bold_font())
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.explanation)
        if grid is not None:
            layout.addWidget(grid)


class NetworkView(QWidget):
    """The current drawing as the network sees it, layer by layer."""

    model_ready = Signal()
    updated = Signal()  # after new feature maps are on screen

    def __init__(self, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("network_view")
        self.tasks = tasks
        self.outline = None
        self._extractor = None  # built off the GUI thread for the model now shown
        self._latest: tuple[int, np.ndarray | None] = (0, None)
        self._submitted_id = 0
        self._shown_id = 0
        self.blocks: list[LayerBlock] = []  # the filters, each layer, then Flatten
        self.layer_blocks: list[LayerBlock] = []  # one per Conv2D / MaxPooling2D layer

        self.status = QLabel(self.tr("No model yet."))
        self.status.setObjectName("network_status")
        self.status.setWordWrap(True)
        self.input_grid = TileGrid(1, 28, tile_px=INPUT_PX)
        input_text = QLabel(
            self.tr(
                "The input: your drawing as 28×28 numbers, exactly what the network receives. Below, every small "
                "square is one feature map, scaled on its own so that its strongest value is white and 0 is black."
            )
        )
        input_text.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.input_grid, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(input_text, 1)

        self.content = QWidget()
        self.content_layout = QVBoxLayout(self.content)
        self.content_layout.setContentsMargins(8, 8, 8, 8)
        self.content_layout.setSpacing(8)
        self.content_layout.addLayout(top)
        self.content_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName("network_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # no width jumps, no relayout loops
        scroll.setWidget(self.content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        self.status.setContentsMargins(8, 6, 8, 0)

    def sizeHint(self) -> QSize:
        return QSize(900, 650)

    # -- API ----------------------------------------------------------------------------------------

    def set_model(self, model) -> None:
        """Look inside ``model`` (a Keras model; an ensemble shows its first member); built off the GUI thread."""

        def build(state):
            from digitpad.core.inspection import FeatureExtractor

            extractor = FeatureExtractor(model)
            return extractor, extractor.outline()

        self.tasks.invalidate(MAPS)  # feature maps of the previous model are not wanted
        self.tasks.run(MODEL, build, on_done=self._model_ready, on_error=self._failed, replace=True, owner=self)
        self.outline = None
        self._extractor = None
        self._latest = (self._latest[0] + 1, self._latest[1])  # a fresh id, so the new model's answer shows
        self.status.setText(self.tr("Looking inside the network…"))

    def show_input(self, image28: np.ndarray | None) -> None:
        """Show the feature maps of a (28, 28) image in 0..1, or blank ones for None; returns at once."""
        request_id = self._latest[0] + 1
        self._latest = (request_id, None if image28 is None else np.array(image28, np.float32))
        if image28 is None:
            self._shown_id = request_id
            self._show_blank()
            return
        self._submit_latest()

    # -- work ---------------------------------------------------------------------------------------

    def _submit_latest(self) -> None:
        request_id, image = self._latest
        # A hidden view (a closed dialog, another tab) does no work; showing it catches up.
        if image is None or self.outline is None or not self.isVisible() or request_id == self._submitted_id:
            return
        self._submitted_id = request_id
        extractor = self._extractor
        self.tasks.run(
            MAPS,
            lambda state: (request_id, image, extractor.activations(image)),
            on_done=self._computed,
            on_error=self._failed,
            deliver_stale=True,  # in order, each newer than the last: the maps follow the pen
            owner=self,
        )

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._submit_latest()

    def _model_ready(self, answer) -> None:
        self._extractor, outline = answer
        self.outline = outline
        self._build_blocks(outline)
        if outline.is_ensemble_member:
            self.status.setText(self.tr("This model is an ensemble; showing its first member."))
        else:
            self.status.setText(self.tr("Draw a digit: every layer's feature maps follow your pen."))
        self._show_blank()
        self._submit_latest()
        self.model_ready.emit()

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(self.tr("Cannot look inside this model: {}").format(describe(exc)))

    def _computed(self, answer) -> None:
        request_id, image28, activations = answer
        if request_id <= self._shown_id:
            return  # older than what is shown
        self._shown_id = request_id
        self.input_grid.set_tiles(grey_tiles(image28[..., None]))
        for block, act in zip(self.layer_blocks, activations, strict=True):
            peaks = act.array.max(axis=(0, 1))
            block.grid.set_tiles(
                grey_tiles(act.array),
                [
                    self.tr("Feature {} of {} · strongest value {:.2f}").format(i + 1, len(peaks), float(p))
                    for i, p in enumerate(peaks)
                ],
            )
        self.updated.emit()

    def _show_blank(self) -> None:
        self.input_grid.set_tiles([])
        for block in self.layer_blocks:
            block.grid.set_tiles([])

    # -- layout -------------------------------------------------------------------------------------

    def _build_blocks(self, outline) -> None:
        for block in self.blocks:
            # Left with its parent, which keeps owning it until Qt deletes it: handed to Python with
            # setParent(None), it was destroyed by the garbage collector at any moment, and Qt then called
            # its event() override on a half-destroyed object (a segfault in a full test run).
            block.hide()
            block.deleteLater()
        filters = outline.filters
        kh, kw, n = filters.shape
        filter_grid = TileGrid(n, kh, framed=True)
        filter_grid.set_tiles(
            filter_tiles(filters),
            [
                self.tr("Filter {}: weights from {:.2f} to {:.2f}").format(
                    i + 1, float(filters[..., i].min()), float(filters[..., i].max())
                )
                for i in range(n)
            ],
        )
        self.filter_block = LayerBlock(
            self.tr("The first layer's {} learned filters, {}×{} each").format(n, kh, kw),
            self.tr(
                "Training found these patterns by itself. Red weights are positive (ink there makes the "
                "feature stronger), blue ones negative (ink there weakens it)."
            ),
            filter_grid,
        )
        self.layer_blocks = []

        numbers: dict[str, int] = {}
        previous = (28, 28, 1)
        for kind, shape in zip(outline.kinds, outline.shapes, strict=True):
            numbers[kind] = numbers.get(kind, 0) + 1
            h, w, c = shape
            title = self.tr("{} {} — {} features, {}×{}").format(kind, numbers[kind], c, h, w)
            self.layer_blocks.append(
                LayerBlock(
                    title,
                    self._explain(kind, numbers[kind], previous, shape),
                    TileGrid(c, max(h, w)),
                    kind=kind,
                    shape=shape,
                )
            )
            previous = shape

        chain = [self.tr("Flatten: {} numbers").format(f"{outline.flatten_size:,}")]
        chain += [self.tr("Dense {}").format(u) for u in outline.dense_units[:-1]]
        chain.append(self.tr("{} probabilities").format(outline.dense_units[-1] if outline.dense_units else 10))
        h, w, c = previous
        self.flatten_block = LayerBlock(
            " → ".join(chain),
            self.tr(
                "The last feature maps ({}×{}×{}) are laid out in one long row of {} numbers; the dense layers "
                "combine them into one probability per digit."
            ).format(h, w, c, f"{outline.flatten_size:,}"),
            kind="Flatten",
            shape=(outline.flatten_size,),
        )
        self.flatten_block.header.setObjectName("flatten_line")
        self.blocks = [self.filter_block, *self.layer_blocks, self.flatten_block]
        stretch_at = self.content_layout.count() - 1
        for i, block in enumerate(self.blocks):
            self.content_layout.insertWidget(stretch_at + i, block)

    def _explain(self, kind: str, number: int, before: tuple, after: tuple) -> str:
        if kind == "MaxPooling2D":
            return self.tr(
                "Max-pooling keeps the strongest value of each 2×2 patch: each side halves ({} → {}), "
                "and the {} features stay."
            ).format(before[0], after[0], after[2])
        if number == 1:
            return self.tr(
                "Each of the {} filters slides over the image; its feature map is bright where the "
                "filter's pattern appears in the drawing."
            ).format(after[2])
        return self.tr(
            "Each of these {} filters looks at all {} feature maps before it at once, so it finds "
            "larger, more complex patterns."
        ).format(after[2], before[2])
