"""The network's answer: the top digit in large type, and a bar for each of the ten probabilities."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

import numpy as np
from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from digitpad.ui.fonts import bold_font

DIGITS = 10
UNSURE_BELOW = 0.5  # under this the top guess is shown with a question mark
SHOWN_PERCENT_FROM = 0.005  # smaller bars get no number, so the chart stays readable
ERROR_COLOUR = "#c0392b"
DIGIT_SCALE = 2.8  # the predicted digit, relative to the normal font
DETAIL_SCALE = 1.3  # its confidence, beside it
MESSAGE_SCALE = 1.5  # "draw a digit", "Loading the model…", errors
CAPTION_LINES = 2  # kept for the model's caption ("Predicting with: run 3 (dropout 0.2, network) — …")


def format_percent(p: float) -> str:
    """Whole percent, never claiming a certainty the network does not have: 0.997 is '>99%', not '100%'."""
    if 0.0 < p < 0.005:
        return "<1%"
    if 0.995 <= p < 1.0:
        return ">99%"
    return f"{round(p * 100)}%"


def percent_label_rects(
    probabilities: np.ndarray, bars: list[QRectF], text_width: Callable[[str], float], text_height: float
) -> list[tuple[int, QRectF, str]]:
    """Where each bar's percentage goes: (digit, rectangle, text), centred just above its bar, never over
    another. The surest digits are placed first; a label that would touch one already placed is left out
    (two neighbours at 1% and 3% cannot both fit over narrow bars). ``bars`` are the bars' rectangles."""
    right_edge = max((bar.right() for bar in bars), default=0.0) + (bars[0].left() if bars else 0.0)
    best = int(np.argmax(probabilities))
    placed: list[tuple[int, QRectF, str]] = []
    for digit in sorted(range(len(probabilities)), key=lambda d: -probabilities[d]):
        value = float(probabilities[digit])
        if value <= 0 or (value < SHOWN_PERCENT_FROM and digit != best):
            continue
        text = format_percent(value)
        width = text_width(text) + 4
        bar = bars[digit]
        left = min(max(0.0, bar.center().x() - width / 2), max(0.0, right_edge - width))
        rect = QRectF(left, max(0.0, bar.top() - text_height - 2), width, text_height)
        if all(not rect.intersects(other) for _, other, _ in placed):
            placed.append((digit, rect, text))
    return placed


def blend(a: QColor, b: QColor, share_of_b: float) -> QColor:
    keep = 1.0 - share_of_b
    return QColor.fromRgbF(
        a.redF() * keep + b.redF() * share_of_b,
        a.greenF() * keep + b.greenF() * share_of_b,
        a.blueF() * keep + b.blueF() * share_of_b,
    )


class ProbabilityBars(QWidget):
    """Ten bars, digits underneath, percentages on top; the tallest bar in the highlight colour."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("probability_chart")
        self.setAccessibleName(self.tr("Probability of each digit"))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._probabilities: np.ndarray | None = None

    def set_probabilities(self, probabilities: np.ndarray | None) -> None:
        self._probabilities = None if probabilities is None else np.asarray(probabilities, np.float64).copy()
        if self._probabilities is None:
            self.setAccessibleDescription(self.tr("No prediction yet."))
        else:  # every bar in words, for a screen reader: "0: <1%, 1: 2%, …"
            self.setAccessibleDescription(
                ", ".join(f"{d}: {format_percent(float(p))}" for d, p in enumerate(self._probabilities))
            )
        self.update()

    def probabilities(self) -> np.ndarray | None:
        return None if self._probabilities is None else self._probabilities.copy()

    def percent_labels(self, bars: list[QRectF] | None = None) -> list[tuple[int, QRectF, str]]:
        """The percentages drawn now: (digit, rectangle, text), none overlapping (tests check that)."""
        if self._probabilities is None:
            return []
        small = self._small_font()
        metrics = QFontMetricsF(small)
        if bars is None:
            bars = self._bar_rects()
        return percent_label_rects(self._probabilities, bars, metrics.horizontalAdvance, metrics.height())

    def _small_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() * 0.85))
        return small

    def _bar_rects(self) -> list[QRectF]:
        """Each digit's bar (zero height for 0%), between a line for the percentages and one for the digits."""
        line = float(QFontMetrics(self._small_font()).height()) + 4
        chart = QRectF(0, line, self.width(), max(1.0, self.height() - 2 * line))
        slot = self.width() / DIGITS
        bar_width = slot * 0.62
        rects = []
        for digit in range(DIGITS):
            value = min(max(float(self._probabilities[digit]), 0.0), 1.0) if self._probabilities is not None else 0
            height = max(1.0, chart.height() * value) if value > 0 else 0.0
            rects.append(QRectF(digit * slot + (slot - bar_width) / 2, chart.bottom() - height, bar_width, height))
        return rects

    def sizeHint(self) -> QSize:
        return QSize(300, 170)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, 96)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.windowText().color()
        accent = palette.highlight().color()
        plain_bar = blend(palette.window().color(), text, 0.35)
        track = blend(palette.window().color(), text, 0.07)
        label_height = float(QFontMetrics(self._small_font()).height()) + 4
        slot = self.width() / DIGITS
        bars = self._bar_rects()
        best = int(np.argmax(self._probabilities)) if self._probabilities is not None else -1
        for digit, bar in enumerate(bars):
            top, bottom = label_height, self.height() - label_height
            painter.fillRect(QRectF(bar.left(), top, bar.width(), max(1.0, bottom - top)), track)
            if bar.height() > 0:
                painter.fillRect(bar, accent if digit == best else plain_bar)
            label_font = QFont(self.font())
            label_font.setBold(digit == best)
            painter.setFont(label_font)
            painter.setPen(accent if digit == best else text)
            under = QRectF(digit * slot, bottom + 2, slot, label_height)
            painter.drawText(under, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(digit))
        painter.setFont(self._small_font())
        for digit, rect, label in self.percent_labels(bars):
            painter.setPen(text if digit == best else plain_bar.darker(130))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.end()


class ProbabilityPanel(QWidget):
    """Which model predicts, what it says, how sure it is, and the full distribution behind it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("probability_panel")

        self._caption = QLabel()
        self._caption.setObjectName("model_caption")
        self._caption.setWordWrap(True)
        self._caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # (a style sheet would freeze its font)

        self._verdict_text = ""
        self._verdict = QLabel()
        self._verdict.setFont(bold_font())  # its sizes are in its text, relative to the panel's font
        self._verdict.setObjectName("predicted_digit")
        self._verdict.setWordWrap(True)
        self._verdict.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._verdict.setTextFormat(Qt.TextFormat.RichText)
        self._verdict.setAccessibleName(self.tr("Prediction"))

        self._members = QLabel()
        self._members.setObjectName("member_picks")
        self._members.setToolTip(self.tr("The digit each member of the ensemble picks on its own"))
        # Hidden for a single network, but its line stays reserved so the bars never jump.
        policy = self._members.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self._members.setSizePolicy(policy)

        self._bars = ProbabilityBars()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._caption)
        layout.addWidget(self._verdict)
        layout.addWidget(self._members)
        layout.addWidget(self._bars, 1)

        self._probabilities: np.ndarray | None = None
        self.set_model_caption("")
        self.show_empty()
        self._reserve_verdict_height()

    # -- states ---------------------------------------------------------------------------------------

    def set_model_caption(self, text: str) -> None:
        self._caption.setText(text)
        self._caption.setVisible(bool(text))
        self._fit_caption()

    def show_loading(self, text: str | None = None) -> None:
        self._show_message(self.tr("Loading the model…") if text is None else text, colour=None)

    def show_empty(self) -> None:
        self._show_message(self.tr("draw a digit"), colour=None)

    def show_error(self, text: str) -> None:
        self._show_message(text, colour=ERROR_COLOUR)

    def show_probabilities(self, probabilities: np.ndarray, member_picks: Sequence[int] | None = None) -> None:
        """Show a softmax output (10 values); ``member_picks`` are the ensemble members' own top digits."""
        probs = np.asarray(probabilities, dtype=np.float64).reshape(-1)
        if probs.shape != (DIGITS,):
            raise ValueError(f"expected {DIGITS} probabilities, got shape {np.shape(probabilities)}")
        probs = np.clip(np.nan_to_num(probs, nan=0.0), 0.0, 1.0)
        self._probabilities = probs
        best = int(np.argmax(probs))
        confidence = float(probs[best])
        if confidence < UNSURE_BELOW:
            self._set_verdict(f"{best}?", self.tr("not sure ({})").format(format_percent(confidence)))
        else:
            self._set_verdict(str(best), self.tr("({} sure)").format(format_percent(confidence)))
        if member_picks:
            picks = [int(d) for d in member_picks]
            agreeing = sum(d == best for d in picks)
            self._members.setText(
                self.tr("members: {}  ·  {} of {} pick {}").format(
                    " ".join(map(str, picks)), agreeing, len(picks), best
                )
            )
            self._members.show()
        else:
            self._members.clear()
            self._members.hide()
        self._bars.set_probabilities(probs)

    # -- for tests and the window ---------------------------------------------------------------------

    def current_probabilities(self) -> np.ndarray | None:
        return None if self._probabilities is None else self._probabilities.copy()

    def predicted_text(self) -> str:
        """The verdict as plain text, e.g. "3 (97% sure)", "3? not sure (41%)" or "draw a digit"."""
        return self._verdict_text

    def members_text(self) -> str:
        return self._members.text()

    def caption_text(self) -> str:
        return self._caption.text()

    def chart(self) -> ProbabilityBars:
        return self._bars

    # -- internals ------------------------------------------------------------------------------------

    def _show_message(self, text: str, colour: str | None) -> None:
        self._probabilities = None
        self._set_message(text, colour)
        self._members.clear()
        self._members.hide()
        self._bars.set_probabilities(None)

    def changeEvent(self, event) -> None:
        # The verdict's sizes are relative to the font: a zoom or projector mode redraws it at the new size.
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "_shown"):
            self._reserve_verdict_height()
            self._fit_caption()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_caption()

    def take_caption(self) -> QLabel:
        """Hand the model's caption to whoever places it (the window gives it the drawing column's width, where
        it needs fewer lines); it is still set through ``set_model_caption``."""
        self.layout().removeWidget(self._caption)
        self._caption.installEventFilter(self)
        return self._caption

    def eventFilter(self, watched, event) -> bool:
        if watched is self._caption and event.type() == QEvent.Type.Resize:
            self._fit_caption()
        return False

    def _fit_caption(self) -> None:
        """The caption wraps: room for CAPTION_LINES lines always (so a model's longer name arriving later never
        grows the window), more only if this width needs it (the bars give way)."""
        caption = self._caption
        reserved = CAPTION_LINES * caption.fontMetrics().lineSpacing()
        width = caption.width() if caption.parentWidget() is not self else self.width()
        needed = max(reserved, caption.heightForWidth(width) if caption.text() else 0)
        if needed != caption.minimumHeight():
            caption.setMinimumHeight(needed)

    def _reserve_verdict_height(self) -> None:
        """Room for a verdict at display size, measured on a real one in this language and font, so switching
        between a message and a verdict never makes the bars jump."""
        shown = self._shown
        self._verdict.setMinimumHeight(0)
        self._set_verdict("8", self.tr("({} sure)").format(">99%"))
        self._verdict.setMinimumHeight(self._verdict.sizeHint().height())
        kind, *values = shown
        (self._set_verdict if kind == "verdict" else self._set_message)(*values)

    def _set_verdict(self, headline: str, detail: str) -> None:
        # The digit at display size with its confidence beside it, smaller, so the line never wraps.
        self._shown = ("verdict", headline, detail)
        self._verdict.setWordWrap(False)  # one line: the label asks the layout for all of its height
        base = self.font().pointSizeF()
        self._verdict_text = f"{headline} {detail}"
        self._verdict.setText(
            f'<span style="font-size:{base * DIGIT_SCALE:.1f}pt">{escape(headline)}</span>&nbsp;&nbsp;'
            f'<span style="font-size:{base * DETAIL_SCALE:.1f}pt; font-weight:normal">{escape(detail)}</span>'
        )
        self._verdict.setAccessibleDescription(self._verdict_text)

    def _set_message(self, text: str, colour: str | None) -> None:
        self._shown = ("message", text, colour)
        self._verdict.setWordWrap(True)  # a message may take two lines
        base = self.font().pointSizeF()
        style = f"font-size:{base * MESSAGE_SCALE:.1f}pt" + (f"; color:{colour}" if colour else "")
        self._verdict_text = text
        self._verdict.setText(f'<span style="{style}">{escape(text)}</span>')
        self._verdict.setAccessibleDescription(text)

    def _scaled_font(self, scale: float) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self.font().pointSizeF() * scale)
        font.setBold(True)
        return font
