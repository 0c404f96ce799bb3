import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from digitpad.core.preprocess import NothingDrawn, preprocess
from digitpad.ui.canvas import DEFAULT_PEN_WIDTH, LOGICAL_SIZE, MAX_PEN_WIDTH, MIN_PEN_WIDTH, DrawingCanvas

from .input_helpers import drag, line


def ink_rows(image: np.ndarray, column: int) -> np.ndarray:
    return np.flatnonzero(image[:, column] > 127)


def test_new_canvas_is_empty_and_black(canvas):
    image = canvas.image()
    assert canvas.objectName() == "canvas"
    assert canvas.is_empty()
    assert image.shape == (LOGICAL_SIZE, LOGICAL_SIZE)
    assert image.dtype == np.uint8
    assert image.max() == 0
    assert canvas.cursor().shape() == Qt.CursorShape.CrossCursor
    assert canvas.testAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents)


def test_mouse_stroke_leaves_white_ink_only_where_drawn(canvas, qtbot):
    with qtbot.waitSignal(canvas.stroke_finished, timeout=1000):
        drag(canvas, line((40, 140), (240, 140)))
    image = canvas.image()
    assert not canvas.is_empty()
    assert canvas.stroke_count() == 1
    assert (image[140, 50:230] == 255).all()
    # Round caps and the default width: ink reaches about half the pen width above and below the line.
    assert ink_rows(image, 140).min() == pytest.approx(140 - DEFAULT_PEN_WIDTH / 2, abs=2)
    assert ink_rows(image, 140).max() == pytest.approx(140 + DEFAULT_PEN_WIDTH / 2, abs=2)
    assert image[20, 20] == 0
    assert image[140, 10] == 0
    assert image[250, 140] == 0


def test_drawing_changed_fires_for_every_point_and_stroke_finished_once(canvas, qtbot):
    changes, finishes = [], []
    canvas.drawing_changed.connect(lambda: changes.append(1))
    canvas.stroke_finished.connect(lambda: finishes.append(1))
    drag(canvas, line((40, 40), (240, 240), steps=10))
    assert len(changes) == 11  # the press and ten moves
    assert len(finishes) == 1


def test_image_includes_the_stroke_in_progress(canvas):
    from .input_helpers import LEFT, NO_BUTTON, send_mouse

    send_mouse(canvas, QEvent.Type.MouseButtonPress, (140, 40), LEFT, LEFT)
    send_mouse(canvas, QEvent.Type.MouseMove, (140, 240), NO_BUTTON, LEFT)
    assert canvas.image()[140, 140] == 255
    assert canvas.stroke_count() == 1


def test_moving_without_a_button_draws_nothing(canvas):
    QTest.mouseMove(canvas, QPoint(100, 100))
    QTest.mouseMove(canvas, QPoint(200, 200))
    assert canvas.is_empty()


def test_a_tap_makes_a_round_dot(canvas):
    drag(canvas, [(100, 100)])
    image = canvas.image()
    assert image[100, 100] == 255
    radius = DEFAULT_PEN_WIDTH / 2
    assert image[100, round(100 + radius - 2)] > 0
    assert image[100, round(100 + radius + 2)] == 0


def test_strokes_live_in_logical_coordinates_whatever_the_widget_size(canvas, qtbot):
    drag(canvas, line((40, 140), (240, 140)))
    at_logical_size = canvas.image()

    big = DrawingCanvas()
    qtbot.addWidget(big)
    big.resize(560, 560)
    drag(big, line((80, 280), (480, 280)))
    assert np.abs(big.image().astype(int) - at_logical_size).max() <= 2
    assert big.strokes()[0][0] == pytest.approx((40.0, 140.0))

    big.resize(300, 200)
    assert np.abs(big.image().astype(int) - at_logical_size).max() <= 2


def test_a_wide_widget_letterboxes_a_centred_square(qtbot):
    canvas = DrawingCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(400, 280)  # the square is 280 wide, starting at x = 60
    drag(canvas, [(60 + 140, 100)])
    assert canvas.strokes()[0][0] == pytest.approx((140.0, 100.0))
    assert canvas.image()[100, 140] == 255


def test_undo_removes_the_last_stroke(canvas, qtbot):
    drag(canvas, line((40, 60), (240, 60)))
    drag(canvas, line((40, 200), (240, 200)))
    with qtbot.waitSignal(canvas.undone, timeout=1000):
        canvas.undo()
    image = canvas.image()
    assert image[60, 140] == 255
    assert image[200, 140] == 0
    assert canvas.stroke_count() == 1


def test_undoing_the_last_stroke_also_reports_cleared(canvas, qtbot):
    drag(canvas, line((40, 60), (240, 60)))
    with qtbot.waitSignals([canvas.undone, canvas.cleared], timeout=1000):
        canvas.undo()
    assert canvas.is_empty()
    with qtbot.assertNotEmitted(canvas.undone):
        canvas.undo()  # nothing left: a no-op


def test_clear_removes_everything(canvas, qtbot):
    drag(canvas, line((40, 60), (240, 60)))
    drag(canvas, line((40, 200), (240, 200)))
    with qtbot.waitSignal(canvas.cleared, timeout=1000):
        canvas.clear()
    assert canvas.is_empty()
    assert canvas.image().max() == 0


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Delete])
def test_escape_and_delete_clear(canvas, qtbot, key):
    drag(canvas, line((40, 60), (240, 60)))
    canvas.setFocus()
    with qtbot.waitSignal(canvas.cleared, timeout=1000):
        qtbot.keyClick(canvas, key)
    assert canvas.is_empty()


def test_ctrl_z_undoes(canvas, qtbot):
    drag(canvas, line((40, 60), (240, 60)))
    drag(canvas, line((40, 200), (240, 200)))
    canvas.setFocus()
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.stroke_count() == 1
    assert canvas.image()[200, 140] == 0


def test_pen_width_is_clamped_and_applies_to_new_strokes(canvas):
    canvas.set_pen_width(1000)
    assert canvas.pen_width() == MAX_PEN_WIDTH
    canvas.set_pen_width(0)
    assert canvas.pen_width() == MIN_PEN_WIDTH

    canvas.set_pen_width(10)
    drag(canvas, line((70, 40), (70, 240)))
    canvas.set_pen_width(30)
    drag(canvas, line((210, 40), (210, 240)))
    image = canvas.image()
    thin = np.flatnonzero(image[140] > 127)
    thin = thin[thin < 140]
    thick = np.flatnonzero(image[140] > 127)
    thick = thick[thick >= 140]
    assert len(thin) == pytest.approx(10, abs=2)
    assert len(thick) == pytest.approx(30, abs=2)


def test_a_drawn_one_becomes_a_centred_vertical_bar_for_the_network(canvas):
    with pytest.raises(NothingDrawn):
        preprocess(canvas.image())
    drag(canvas, line((180, 50), (175, 230)))  # off-centre on purpose: preprocessing centres it
    digit = preprocess(canvas.image())
    assert digit.shape == (28, 28)
    columns = digit.sum(axis=0)
    assert int(np.argmax(columns)) in (13, 14)
    assert digit[:, 12:16].sum() > 0.9 * digit.sum()
    rows_with_ink = np.flatnonzero(digit.max(axis=1) > 0.5)
    assert rows_with_ink.min() <= 6 and rows_with_ink.max() >= 21  # about 20 pixels tall


def tablet_event(canvas, kind: QEvent.Type, x: float, y: float, pressure: float) -> QTabletEvent:
    local = QPointF(x, y)
    held = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletMove else Qt.MouseButton.LeftButton
    return QTabletEvent(
        kind,
        QPointingDevice.primaryPointingDevice(),
        local,
        canvas.mapToGlobal(local),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        button,
        held,
    )


def tablet_stroke(canvas, points, pressure: float) -> None:
    QApplication.sendEvent(canvas, tablet_event(canvas, QEvent.Type.TabletPress, *points[0], pressure))
    for x, y in points[1:]:
        QApplication.sendEvent(canvas, tablet_event(canvas, QEvent.Type.TabletMove, x, y, pressure))
    QApplication.sendEvent(canvas, tablet_event(canvas, QEvent.Type.TabletRelease, *points[-1], pressure))


def test_pen_tablet_draws_and_pressure_changes_width_slightly(canvas, qtbot):
    with qtbot.waitSignal(canvas.stroke_finished, timeout=1000):
        tablet_stroke(canvas, line((70, 40), (70, 240)), pressure=0.0)
    tablet_stroke(canvas, line((210, 40), (210, 240)), pressure=1.0)
    assert canvas.stroke_count() == 2
    row = canvas.image()[140] > 127
    light, firm = row[:140].sum(), row[140:].sum()
    assert light == pytest.approx(0.75 * DEFAULT_PEN_WIDTH, abs=2)
    assert firm == pytest.approx(1.25 * DEFAULT_PEN_WIDTH, abs=2)


def test_touch_draws_with_one_finger(canvas, qtbot):
    device = QTest.createTouchDevice()
    QTest.touchEvent(canvas, device).press(0, QPoint(140, 40)).commit()
    for y in range(50, 241, 10):
        QTest.touchEvent(canvas, device).move(0, QPoint(140, y)).commit()
    with qtbot.waitSignal(canvas.stroke_finished, timeout=1000):
        QTest.touchEvent(canvas, device).release(0, QPoint(140, 240)).commit()
    assert canvas.stroke_count() == 1
    image = canvas.image()
    assert image[140, 140] == 255
    assert image[140, 40] == 0


def test_hint_is_shown_on_screen_but_never_part_of_the_image(canvas):
    shown = canvas.grab().toImage()
    centre_row = [shown.pixelColor(x, 140).lightness() for x in range(40, 240)]
    assert max(centre_row) > 20  # the grey hint text
    assert canvas.image().max() == 0

    drag(canvas, [(20, 20)])
    shown = canvas.grab().toImage()
    assert max(shown.pixelColor(x, 140).lightness() for x in range(40, 240)) == 0


def test_a_test_image_stands_in_for_a_drawing(qtbot, canvas):
    """Without a mouse: a 28x28 test digit shown on the canvas is what image() gives, strokes go over it, and
    undo or clear take it away."""
    digit = np.zeros((28, 28), np.uint8)
    digit[4:24, 12:16] = 255  # a "1"
    with qtbot.waitSignal(canvas.stroke_finished):
        canvas.show_digit(digit)
    assert canvas.has_test_image() and not canvas.is_empty()
    image = canvas.image()
    assert image.shape == (280, 280) and image[140, 140] > 200 and image[140, 40] == 0
    drag(canvas, line((40, 40), (60, 60)))
    assert canvas.image()[50, 50] == 255 and canvas.image()[140, 140] > 200  # both
    canvas.undo()
    canvas.undo()
    assert canvas.is_empty()
    canvas.show_digit(digit)
    canvas.clear()
    assert canvas.is_empty() and not canvas.has_test_image()


def test_digit_keys_ask_for_a_test_digit(qtbot, canvas):
    with qtbot.waitSignal(canvas.digit_key_pressed) as asked:
        qtbot.keyClick(canvas, Qt.Key.Key_4)
    assert asked.args == [4]
    with qtbot.assertNotEmitted(canvas.digit_key_pressed):
        qtbot.keyClick(canvas, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)  # a shortcut, not a digit


def test_mouse_moves_are_never_merged(qapp):
    """Qt merges queued mouse moves on X11 by default; a stroke drawn while TensorFlow loads would lose its
    middle points (test_real_x.py shows it on a real X server)."""
    from PySide6.QtCore import QCoreApplication

    from digitpad.ui.app import make_application

    make_application()
    assert not QCoreApplication.testAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents)
