"""Keyboard-only use, names for screen readers, disabled controls that look disabled, fonts that follow the
system's size: the window works for students who do not use a mouse or do not see colours well."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from digitpad.ui.accessibility import announcement_count, recent_announcements
from digitpad.ui.chart_style import PALETTE, series_style
from digitpad.ui.main_window import MainWindow, projector_palette
from tests.ui.conftest import MODEL_TIMEOUT_MS, show

WIDE_WINDOW = (1400, 760)  # room for the settings beside the charts, so one Tab walk reaches both


def accessible_name(widget: QWidget) -> str:
    """What a screen reader calls the widget: its accessible name, its text, or its label's (a buddy)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def tab_walk(qtbot, window, start: QWidget, limit: int = 200) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until it comes back round (or ``limit`` presses)."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is start, timeout=2000)
    visited = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start or current is None:
            break
        visited.append(current)
    return visited


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two colours (1 = the same, 21 = black on white)."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture
def wide_window(settings, open_window):
    window = open_window(settings, load=False)
    window.resize(*WIDE_WINDOW)
    qtbot_wait = QApplication.processEvents
    qtbot_wait()
    return window


def test_tab_reaches_every_control_and_each_has_a_name(qtbot, wide_window):
    window = wide_window
    assert window.docks.mode() == "wide"
    visited = tab_walk(qtbot, window, window.canvas)
    names = {w.objectName() for w in visited}
    for expected in (
        "canvas",
        "pen_width_slider",
        "undo_button",
        "clear_button",
        "train_button",
        "epochs_spin",
        "batch_size_spin",
        "learning_rate_spin",
        "validation_split_spin",
        "train_samples_spin",
        "l1_check",
        "l2_check",
        "dropout_check",
        "pooling_check",
        "augment_check",
        "early_stopping_check",
        "ensemble_check",
        "kfold_check",
        "summary_table",
        "training_plots",
    ):
        assert expected in names, f"Tab never reaches {expected}: {sorted(names)}"
    nameless = [f"{type(w).__name__} {w.objectName()!r}" for w in visited if not accessible_name(w).strip()]
    assert not nameless, f"no name for a screen reader: {nameless}"
    # The value boxes beside the switches have no label of their own, so they are named.
    window.panel.l1.setChecked(True)
    assert accessible_name(window.panel.l1_value) == "L1 penalty rate"


def test_the_docks_are_reached_from_the_keyboard_in_tabs_too(qtbot, settings, open_window):
    window = open_window(settings, load=False)
    window.resize(1024, 528)
    QApplication.processEvents()
    assert window.docks.mode() == "compact"  # settings and charts are tabs: a tab bar takes no focus
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.charts.isVisible() and not window.charts.visibleRegion().isEmpty()
    assert window.charts.isAncestorOf(QApplication.focusWidget())
    qtbot.keyClick(window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.panel.isAncestorOf(QApplication.focusWidget())


def test_custom_widgets_are_named_and_described(wide_window):
    window = wide_window
    for widget in (window.canvas, window.probabilities.chart(), window.preview, window.charts):
        assert widget.accessibleName(), widget.objectName()
    assert "digit key" in window.canvas.accessibleDescription()
    window.probabilities.show_probabilities(np.array([0.01, 0.02, 0, 0, 0, 0, 0, 0.97, 0, 0]))
    assert "7: 97%" in window.probabilities.chart().accessibleDescription()
    window.show_evaluation()  # no model yet: says so, nothing opens
    from digitpad.ui.evaluation_view import EvaluationView

    evaluation = EvaluationView(window.session.tasks)
    assert evaluation.matrix.accessibleName() == "Confusion matrix"
    assert "arrow keys" in evaluation.matrix.accessibleDescription()
    evaluation.deleteLater()


def test_a_digit_key_classifies_a_test_image_and_the_answer_is_announced(qtbot, settings, open_window):
    window = open_window(settings)  # with the model
    earlier = announcement_count()

    def new(prefix: str) -> list[str]:  # announcements made in this test (earlier tests made others)
        return [a for a in recent_announcements(after=earlier) if a.startswith(prefix)]

    window.canvas.setFocus()
    qtbot.keyClick(window.canvas, Qt.Key.Key_7)
    qtbot.waitUntil(window.canvas.has_test_image, timeout=MODEL_TIMEOUT_MS)
    assert any("a 7, is on the canvas" in a for a in new("Test image number"))
    qtbot.waitUntil(lambda: bool(new("The network says: ")), timeout=30_000)
    said = new("The network says: ")[-1]
    assert said.removeprefix("The network says: ") == window.probabilities.predicted_text()
    assert window.preview.image_array() is not None  # classified like a drawing
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.canvas.is_empty()


@pytest.mark.parametrize("projector", [False, True])
def test_disabled_controls_look_disabled(qtbot, settings, open_window, projector):
    window = open_window(settings, load=False)
    if projector:
        window.set_projector_mode(True)
    try:
        for widget in (
            window.panel.pause_button,
            window.panel.l1_value,
            window.charts.findChild(QWidget, "clear_runs_button"),
        ):
            assert not widget.isEnabled()
            palette = widget.palette()
            for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
                enabled = palette.color(QPalette.ColorGroup.Active, role)
                disabled = palette.color(QPalette.ColorGroup.Disabled, role)
                assert contrast(enabled, disabled) >= 2.0, (widget.objectName(), role, enabled.name(), disabled.name())
    finally:
        window.set_projector_mode(False)


def test_the_projector_palette_greys_disabled_text_on_its_white():
    palette = projector_palette(QPalette())
    background = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Window)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        active = palette.color(QPalette.ColorGroup.Active, role)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role)
        assert contrast(active, background) >= 15  # black on white
        assert 2.0 <= contrast(disabled, background) < 4.0  # plainly grey, still legible


def test_runs_differ_by_marker_as_well_as_colour():
    styles = [series_style(i) for i in range(12)]
    assert len({(s.colour.name(), s.symbol) for s in styles}) == 12
    assert all(s.symbol != "star" for s in styles)  # the star marks the best epoch
    # Okabe-Ito colours: each pair of the first six stays apart for red-green colour blindness too.
    assert len(set(PALETTE)) == 6 and all(styles[i].symbol != styles[i + 1].symbol for i in range(11))


def test_fonts_follow_the_systems_size(qtbot, settings):
    app = QApplication.instance()
    saved = (QFont(app.font()), app.property("digitpad_base_font"), app.property("digitpad_base_palette"))
    try:
        big = QFont(app.font())
        big.setPointSizeF(15.0)  # a student who set large text in the system
        app.setFont(big)
        app.setProperty("digitpad_base_font", None)
        window = show(qtbot, MainWindow(settings=settings), WIDE_WINDOW)
        assert window.panel.epochs.font().pointSizeF() == pytest.approx(15.0)
        charts = window.charts
        plot = charts.plots()["loss"]
        assert "font-size:15pt" in plot.titleLabel.item.toHtml()
        assert plot.getAxis("left").style["tickFont"].pointSizeF() == pytest.approx(15.0)
        window.probabilities.show_probabilities(np.eye(10)[3])
        assert "font-size:42.0pt" in window.probabilities.findChild(QWidget, "predicted_digit").text()
        window.close()
    finally:
        app.setFont(saved[0])
        app.setProperty("digitpad_base_font", saved[1])
        app.setProperty("digitpad_base_palette", saved[2])
