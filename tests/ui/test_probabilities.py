import numpy as np
import pytest
from PySide6.QtWidgets import QLabel, QWidget

from digitpad.ui.probabilities import ProbabilityBars, ProbabilityPanel, format_percent
from tests.ui.conftest import show


@pytest.fixture
def panel(qtbot):
    widget = show(qtbot, ProbabilityPanel(), (360, 300))
    return widget


def one_hot(digit: int, confidence: float) -> np.ndarray:
    probs = np.full(10, (1.0 - confidence) / 9)
    probs[digit] = confidence
    return probs


def label(panel: ProbabilityPanel, name: str) -> QLabel:
    found = panel.findChild(QLabel, name)
    assert found is not None, name
    return found


def test_starts_empty_asking_for_a_digit(panel):
    assert panel.predicted_text() == "draw a digit"
    assert "draw a digit" in label(panel, "predicted_digit").text()
    assert panel.current_probabilities() is None
    assert panel.chart().probabilities() is None
    assert panel.findChild(QWidget, "probability_chart") is panel.chart()


def test_confident_prediction_shows_digit_and_confidence(panel):
    panel.show_probabilities(one_hot(7, 0.97))
    assert panel.predicted_text() == "7 (97% sure)"
    np.testing.assert_allclose(panel.current_probabilities(), one_hot(7, 0.97))
    np.testing.assert_allclose(panel.chart().probabilities(), one_hot(7, 0.97))
    assert label(panel, "member_picks").isHidden()


def test_low_confidence_says_unsure(panel):
    probs = np.array([0.01, 0.02, 0.03, 0.41, 0.01, 0.02, 0.0, 0.38, 0.1, 0.02])
    panel.show_probabilities(probs)
    assert panel.predicted_text() == "3? not sure (41%)"


def test_member_picks_are_listed_with_their_agreement(panel):
    panel.show_probabilities(one_hot(3, 0.8), member_picks=[3, 3, 5, 3, 3])
    members = label(panel, "member_picks")
    assert not members.isHidden()
    assert members.text().startswith("members: 3 3 5 3 3")
    assert "4 of 5 pick 3" in panel.members_text()
    panel.show_probabilities(one_hot(3, 0.8))
    assert members.isHidden()
    assert panel.members_text() == ""


def test_empty_after_a_prediction_drops_the_guess(panel):
    panel.show_probabilities(one_hot(2, 0.9), member_picks=[2, 2])
    panel.show_empty()
    assert panel.predicted_text() == "draw a digit"
    assert panel.current_probabilities() is None
    assert panel.chart().probabilities() is None
    assert label(panel, "member_picks").isHidden()


def test_loading_and_error_states(panel):
    panel.show_loading()
    assert panel.predicted_text() == "Loading the model…"
    panel.show_loading("Loading ensemble (5 members)…")
    assert panel.predicted_text() == "Loading ensemble (5 members)…"
    assert panel.current_probabilities() is None
    panel.show_error("The model file is damaged")
    assert panel.predicted_text() == "The model file is damaged"
    assert "The model file is damaged" in label(panel, "predicted_digit").text()
    assert panel.current_probabilities() is None


def test_error_text_is_escaped_not_interpreted(panel):
    panel.show_error("<b>not bold</b>")
    assert panel.predicted_text() == "<b>not bold</b>"
    assert "&lt;b&gt;" in label(panel, "predicted_digit").text()


def test_model_caption(panel):
    caption = label(panel, "model_caption")
    assert caption.isHidden()
    panel.set_model_caption("digitpad-default.keras · 99.1% test accuracy")
    assert not caption.isHidden()
    assert panel.caption_text() == caption.text() == "digitpad-default.keras · 99.1% test accuracy"


def test_rejects_anything_but_ten_probabilities(panel):
    with pytest.raises(ValueError, match="10"):
        panel.show_probabilities(np.ones(9) / 9)


@pytest.mark.parametrize(("p", "text"), [(0.0, "0%"), (0.004, "<1%"), (0.41, "41%"), (0.996, ">99%"), (1.0, "100%")])
def test_format_percent(p, text):
    assert format_percent(p) == text


def test_top_bar_is_highlighted_and_others_are_not(qtbot):
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.resize(300, 170)
    probs = np.full(10, 0.1 / 8)
    probs[6], probs[5] = 0.6, 0.3
    bars.set_probabilities(probs)
    shot = bars.grab().toImage()
    highlight = bars.palette().highlight().color()
    slot = bars.width() / 10
    y = bars.height() - bars.fontMetrics().height() - 10  # just above the digit labels: inside every bar

    def colour_at(digit):
        return shot.pixelColor(int((digit + 0.5) * slot), y)

    assert colour_at(6) == highlight
    assert colour_at(5) != highlight
    # Halfway up, the 60% bar is still filled while the 30% bar has ended and its empty track shows.
    tall_y = int(bars.height() * 0.55)
    assert shot.pixelColor(int(6.5 * slot), tall_y) == highlight
    assert shot.pixelColor(int(5.5 * slot), tall_y) != colour_at(5)


@pytest.mark.parametrize("width", [200, 260, 400])
def test_percentages_never_overlap_and_the_answer_always_has_one(qtbot, width):
    """Neighbours at 1% and 3% over narrow bars: one of them gives way, the surest first."""
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    bars.resize(width, 120)
    cases = [
        [0.01, 0.03, 0.02, 0.03, 0.01, 0.02, 0.03, 0.82, 0.02, 0.01],
        [0.11, 0.12, 0.10, 0.09, 0.10, 0.11, 0.09, 0.10, 0.09, 0.09],
        [0.0, 0.0, 0.5, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    ]
    for probabilities in cases:
        bars.set_probabilities(np.array(probabilities))
        labels = bars.percent_labels()
        rects = [rect for _, rect, _ in labels]
        assert not any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])
        assert int(np.argmax(probabilities)) in [digit for digit, _, _ in labels]
        assert all(r.left() >= 0 and r.right() <= width for r in rects)
