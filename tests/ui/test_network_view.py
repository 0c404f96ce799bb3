import threading

import numpy as np
import pytest

from digitpad.core.inspection import FeatureExtractor
from digitpad.ui.network_view import NetworkView, TileGrid, filter_tiles, grey_tiles

TUTORIAL_TITLES = [
    "Conv2D 1 — 32 features, 26×26",
    "MaxPooling2D 1 — 32 features, 13×13",
    "Conv2D 2 — 64 features, 11×11",
    "MaxPooling2D 2 — 64 features, 5×5",
    "Conv2D 3 — 64 features, 3×3",
]


@pytest.fixture
def view(qtbot, default_model, tasks):
    widget = NetworkView(tasks)
    qtbot.addWidget(widget)
    widget.resize(900, 650)
    widget.show()
    qtbot.waitExposed(widget)
    with qtbot.waitSignal(widget.model_ready, timeout=30000):
        widget.set_model(default_model.model)
    return widget


def tile_lightness(grid: TileGrid, index: int) -> list[int]:
    """Lightness of every screen pixel of one tile, sampled at each source pixel's centre."""
    shot = grid.grab().toImage()
    rect = grid.tile_rect(index)
    side = grid.tiles[index].width()
    cell = rect.width() / side
    return [
        shot.pixelColor(rect.left() + int((x + 0.5) * cell), rect.top() + int((y + 0.5) * cell)).lightness()
        for y in range(side)
        for x in range(side)
    ]


def test_shows_each_layer_of_a_real_digit(qtbot, view, mnist, default_model):
    assert view.objectName() == "network_view"
    digit = mnist.test.images[0] / 255.0
    with qtbot.waitSignal(view.updated, timeout=10000):
        view.show_input(digit)
    blocks = view.layer_blocks
    assert [b.header.text() for b in blocks] == TUTORIAL_TITLES
    assert [b.shape for b in blocks] == [(26, 26, 32), (13, 13, 32), (11, 11, 64), (5, 5, 64), (3, 3, 64)]
    assert view.flatten_block.header.text() == "Flatten: 576 numbers → Dense 64 → 10 probabilities"
    want = FeatureExtractor(default_model.model).activations(digit)
    for block, act in zip(blocks, want, strict=True):
        h, w, c = act.array.shape
        assert block.grid.count == c and len(block.grid.tiles) == c
        assert (block.grid.tiles[0].width(), block.grid.tiles[0].height()) == (w, h)
        # The brightest tile pixel is where the feature map peaks.
        strongest = int(np.argmax(act.array.max(axis=(0, 1))))
        tile = block.grid.tiles[strongest]
        y, x = np.unravel_index(np.argmax(act.array[..., strongest]), (h, w))
        assert tile.pixelColor(int(x), int(y)).lightness() == 255
    # The input tile and the first feature map are really painted on screen.
    assert max(tile_lightness(view.input_grid, 0)) == 255
    assert max(tile_lightness(blocks[0].grid, 1)) > 200


def test_a_new_drawing_updates_the_maps(qtbot, view, mnist):
    with qtbot.waitSignal(view.updated, timeout=10000):
        view.show_input(mnist.test.images[0] / 255.0)
    before = [[tile.copy() for tile in blk.grid.tiles] for blk in view.layer_blocks]
    with qtbot.waitSignal(view.updated, timeout=10000):
        view.show_input(mnist.test.images[1] / 255.0)  # a 2 after a 7
    after = [blk.grid.tiles for blk in view.layer_blocks]
    # Every layer's maps change (a single channel may stay dark for both digits: the shipped model's
    # third convolution has such a channel for these two).
    assert all(any(a != b for a, b in zip(new, old, strict=True)) for new, old in zip(after, before, strict=True))
    view.show_input(None)
    assert all(not blk.grid.tiles for blk in view.layer_blocks)
    assert not view.input_grid.tiles


def test_filters_are_shown_on_a_diverging_scale(view, default_model):
    kernel = default_model.model.get_layer("conv2d").kernel.numpy()[:, :, 0, :]
    grid = view.filter_block.grid
    assert grid.count == 32 and len(grid.tiles) == 32
    f = kernel[..., 0]
    hi = np.unravel_index(np.argmax(f), f.shape)
    lo = np.unravel_index(np.argmin(f), f.shape)
    strongest_positive = grid.tiles[0].pixelColor(int(hi[1]), int(hi[0]))
    strongest_negative = grid.tiles[0].pixelColor(int(lo[1]), int(lo[0]))
    if f.max() > abs(f.min()):
        assert strongest_positive.red() > 150 and strongest_positive.blue() < 80
    else:
        assert strongest_negative.blue() > 150 and strongest_negative.red() < 80


def test_extractor_runs_off_the_gui_thread_on_the_newest_drawing_only(qtbot, view, mnist, monkeypatch):
    calls = []
    original = FeatureExtractor.activations
    release = threading.Event()

    def slow_activations(self, image28):
        calls.append((threading.get_ident(), float(np.asarray(image28).sum())))
        release.wait(10)  # the first drawing holds the worker until the test lets it go
        return original(self, image28)

    monkeypatch.setattr(FeatureExtractor, "activations", slow_activations)
    images = [mnist.test.images[i] / 255.0 for i in range(5)]
    view.show_input(images[0])
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=5000)  # the worker is busy with the first drawing
    for image in images[1:]:  # drawn while the worker is busy: only the newest will be worked on
        view.show_input(image)  # returns at once: it would never return if it waited for the held worker
    assert len(calls) == 1
    release.set()
    qtbot.waitUntil(lambda: len(calls) >= 2, timeout=5000)
    qtbot.wait(500)
    assert all(ident != threading.main_thread().ident for ident, _ in calls)
    assert len(calls) == 2
    assert calls[-1][1] == pytest.approx(float(images[-1].sum()))
    qtbot.waitUntil(
        lambda: np.allclose(
            np.array(
                [view.input_grid.tiles[0].pixelColor(x, y).lightness() for y in range(28) for x in range(28)]
            ).reshape(28, 28)
            / 255,
            images[-1],
            atol=0.01,
        ),
        timeout=5000,
    )


def test_an_ensemble_shows_its_first_member(qtbot, default_model, mnist, tasks):
    from digitpad.core.inference import ensemble_model

    widget = NetworkView(tasks)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.model_ready, timeout=30000):
        widget.set_model(ensemble_model([default_model.model, default_model.model]))
    assert "ensemble" in widget.status.text()
    with qtbot.waitSignal(widget.updated, timeout=10000):
        widget.show_input(mnist.test.images[3] / 255.0)
    assert [b.header.text() for b in widget.layer_blocks] == TUTORIAL_TITLES


def test_a_hidden_view_waits_until_shown(qtbot, default_model, mnist, tasks):
    widget = NetworkView(tasks)
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.model_ready, timeout=30000):
        widget.set_model(default_model.model)
    widget.hide()
    with qtbot.assertNotEmitted(widget.updated, wait=300):
        widget.show_input(mnist.test.images[0] / 255.0)
    with qtbot.waitSignal(widget.updated, timeout=10000):
        widget.show()


def test_a_closed_view_hears_nothing_and_leaves_no_thread(qtbot, default_model, mnist, tasks):
    widget = NetworkView(tasks)
    widget.show()
    with qtbot.waitSignal(widget.model_ready, timeout=30000):
        widget.set_model(default_model.model)
    widget.show_input(mnist.test.images[0] / 255.0)
    widget.set_model(default_model.model)  # still building when the view goes
    widget.deleteLater()
    qtbot.waitUntil(lambda: not tasks.is_busy("network-model") and not tasks.is_busy("network-maps"), timeout=30000)
    qtbot.wait(100)  # answers posted meanwhile are dropped, not delivered to a deleted view
    assert not [t for t in threading.enumerate() if t.name.startswith("task-network")]


def test_tiles_honour_bytes_per_line_and_normalise_each_map():
    maps = np.zeros((5, 5, 2), np.float32)  # odd width: rows are not 4-byte aligned
    maps[1, 3, 0] = 2.0
    maps[:, :, 1] = 0.5
    maps[4, 0, 1] = 1.0
    a, b = grey_tiles(maps)
    assert (a.width(), a.height()) == (5, 5)
    assert a.pixelColor(3, 1).lightness() == 255 and a.pixelColor(2, 1).lightness() == 0
    assert b.pixelColor(0, 4).lightness() == 255 and b.pixelColor(1, 1).lightness() == pytest.approx(128, abs=1)
    (red,) = filter_tiles(np.array([[[1.0], [0.0], [-1.0]]] * 3, np.float32))
    assert red.pixelColor(0, 0).red() > 150 and red.pixelColor(2, 2).blue() > 150
    assert red.pixelColor(1, 1).lightness() > 230
