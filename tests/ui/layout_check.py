"""Does everything a window shows fit? Geometry, clipped or elided text, crowded charts and overlapping labels.

``layout_problems(window)`` lists what a student would see cut off: a visible widget outside the window or
outside a parent that clips it, a label, button, box or tab whose text does not fit, a menu pushed into the
overflow, a plot smaller than it needs for readable ticks, tick labels or probability percentages on top of
each other, the settings needing a scroll bar.

Run as a program it opens the real window on an offscreen screen of the given size and scale, in both
modes (normal, projector) and both languages, with runs in the charts, a lesson and a prediction on screen,
and prints what it found as JSON (tests/ui/test_layout.py runs it once per screen)::

    python -m tests.ui.layout_check 1024 600 1 [out-folder-for-screenshots]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

TASKBAR_AND_TITLE = 72  # a maximised window on a real desktop: a taskbar (40) and its own title bar (32)


def _clip_chain_problem(widget, window) -> str | None:
    """Where ``widget`` is cut off by its window or by a parent, if it is."""
    from PySide6.QtCore import QPoint, QRect

    rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    if not window.rect().adjusted(-1, -1, 1, 1).contains(rect):
        return f"outside the window: {rect.getRect()} in {window.rect().getRect()}"
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        outer = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size()).adjusted(-1, -1, 1, 1)
        if not outer.contains(rect):
            return f"cut off by {type(parent).__name__} {parent.objectName()!r}: {rect.getRect()} in {outer.getRect()}"
        parent = parent.parentWidget()
    return None


def _label_problem(label) -> str | None:
    if not label.text() or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    if label.wordWrap():
        need = label.heightForWidth(label.width())
        if need > label.height() + 1:
            return f"wrapped text needs {need} px, has {label.height()}: {label.text()[:60]!r}"
        return None
    need = label.minimumSizeHint()
    if need.width() > label.width() + 1 or need.height() > label.height() + 1:
        return f"text needs {need.toTuple()}, has {label.size().toTuple()}: {label.text()[:60]!r}"
    return None


def _tabs_problem(tabs) -> str | None:
    for i in range(tabs.count()):
        rect = tabs.tabRect(i)
        if rect.width() + 1 < tabs.tabSizeHint(i).width() or not tabs.rect().contains(rect):
            return f"tab {tabs.tabText(i)!r} squeezed or cut off"
    return None


def _text_problem(widget) -> str | None:
    """A label, button, box, group title or tab bar whose text does not fit its size."""
    from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QGroupBox, QLabel, QPushButton, QTabBar

    if isinstance(widget, QLabel):
        return _label_problem(widget)
    if isinstance(widget, QTabBar):
        return _tabs_problem(widget)
    if isinstance(widget, QPushButton) and widget.text() and widget.icon().isNull():
        # Its text and a little room each side (a push button's ~80 px minimum is a style's taste, not a need).
        need = widget.fontMetrics().horizontalAdvance(widget.text().replace("&", "")) + 8
        if need > widget.width() or widget.minimumSizeHint().height() > widget.height() + 1:
            return f"text needs {need} px, has {widget.width()}: {widget.text()!r}"
        return None
    if isinstance(widget, QAbstractButton | QAbstractSpinBox | QComboBox | QGroupBox):
        need = widget.minimumSizeHint()
        if need.width() > widget.width() + 1 or need.height() > widget.height() + 1:
            return f"needs {need.toTuple()}, has {widget.size().toTuple()}"
    return None


def _showing(widget) -> bool:
    """Visible and not behind another tab of a dock area."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def _scrolled_on_purpose(widget) -> bool:
    """Inside a list, table or view that scrolls its own contents (the network view's maps, galleries)."""
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.objectName() != "training_scroll":
            return True
        parent = parent.parentWidget()
    return False


WHOLE_TABLES = ("confusion_matrix", "per_class_table")  # tables meant to show every cell (the layers may scroll)


def _table_problems(table) -> list[str]:
    """A table that should show all its cells: a scroll bar, or a cell text wider than its column."""
    from PySide6.QtGui import QFontMetrics

    problems = []
    if table.verticalScrollBar().maximum() > 0 or table.horizontalScrollBar().maximum() > 0:
        problems.append("needs a scroll bar")
    for row in range(table.rowCount()):
        for column in range(table.columnCount()):
            item = table.item(row, column)
            if item is not None and item.text():
                need = QFontMetrics(item.font()).horizontalAdvance(item.text()) + 4
                if need > table.columnWidth(column):
                    problems.append(f"cell ({row}, {column}) {item.text()!r} cut off")
    return problems


def _overlaps(rects) -> bool:
    rects = list(rects)
    return any(a.intersects(b) for i, a in enumerate(rects) for b in rects[i + 1 :])


def chart_problems(charts) -> list[str]:
    """Plots too small for readable ticks, tick labels on top of each other, axis titles longer than their axis."""
    from PySide6.QtGui import QFont, QFontMetricsF

    from digitpad.ui.chart_style import tick_label_rects

    problems = []
    need_w, need_h = charts.plot_minimum_size()
    metrics = QFontMetricsF(charts.font())
    bold = QFont(charts.font())
    bold.setBold(True)
    title_metrics = QFontMetricsF(bold)
    for plot in charts.shown_plots():
        title = plot.titleLabel.text
        size = plot.geometry().size()
        if size.width() + 1 < need_w or size.height() + 1 < need_h:
            problems.append(f"plot {title!r} is {size.toTuple()}, needs ({need_w}, {need_h})")
        if title_metrics.horizontalAdvance(title) > size.width():
            problems.append(f"plot title {title!r} wider than its plot")
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            if _overlaps(tick_label_rects(axis)):
                problems.append(f"tick labels overlap on the {side} axis of {title!r}")
            length = axis.height() if side == "left" else axis.width()
            if metrics.horizontalAdvance(axis.labelText) > length:
                problems.append(f"axis title {axis.labelText!r} longer than the {side} axis of {title!r}")
    return problems


def _own_problems(widget) -> list[str]:
    """What only some kinds of widget can get wrong: menus, charts, percentages, tables, the preview."""
    from PySide6.QtWidgets import QMenuBar, QTableWidget

    from digitpad.ui.charts import TrainingCharts
    from digitpad.ui.preview import ModelInputPreview
    from digitpad.ui.probabilities import ProbabilityBars

    if isinstance(widget, QMenuBar):
        return [
            f"menu {a.text()!r} pushed out of the menu bar"
            for a in widget.actions()
            if not widget.rect().contains(widget.actionGeometry(a))
        ]
    if isinstance(widget, TrainingCharts):
        return chart_problems(widget)
    if isinstance(widget, ProbabilityBars) and _overlaps(rect for _, rect, _ in widget.percent_labels()):
        return ["probability percentages overlap"]
    if isinstance(widget, QTableWidget) and widget.objectName() in WHOLE_TABLES:
        return _table_problems(widget)
    if isinstance(widget, ModelInputPreview) and not widget.caption_fits():
        return [f"the preview's caption {widget.caption()!r} does not fit"]
    return []


def layout_problems(window) -> list[str]:
    """Everything shown in ``window`` that does not fit (empty when all is well)."""
    from PySide6.QtWidgets import QWidget

    problems = []
    for widget in window.findChildren(QWidget):
        if not _showing(widget) or widget.isWindow() or _scrolled_on_purpose(widget):
            continue
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        for problem in (_clip_chain_problem(widget, window), _text_problem(widget)):
            if problem:
                problems.append(f"{name}: {problem}")
        problems += [f"{name}: {p}" for p in _own_problems(widget)]
    scroll = window.findChild(QWidget, "training_scroll")
    if scroll is not None and _showing(scroll) and scroll.verticalScrollBar().maximum() > 0:
        problems.append("the training settings need a scroll bar")
    return problems


# -- the program: one screen, both modes, both languages --------------------------------------------------


def _configure_screen(width: int, height: int, scale: str) -> None:
    config = Path(tempfile.mkdtemp()) / "screen.json"
    screen = {"name": "S", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96, "logicalBaseDpi": 96}
    config.write_text(json.dumps({"screens": [{**screen, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = scale


def _fill(window) -> None:
    """What a lesson looks like mid-way: two runs in the charts, a lesson, a prediction, a long status."""
    import numpy as np

    from digitpad.core.lessons import available_lessons
    from tests.ui.test_charts import Feed

    feed = Feed(window.charts, window.session.runs)
    feed.begin_run("100 samples", ["model"])
    for epoch in range(1, 9):
        feed.add_batch(0, epoch * 100, 1.0 / epoch, 1 - 0.5 / epoch, epoch=epoch, done=100)
        feed.add_epoch(0, epoch, 1.0 / epoch, 1 - 0.5 / epoch, 0.3 + abs(epoch - 4) * 0.05, 0.9 - epoch / 100)
    feed.end_run()
    feed.begin_run("dropout 0.2", ["model"])
    feed.add_batch(0, 50, 0.9, 0.6, epoch=1, done=50)
    feed.add_epoch(0, 1, 0.9, 0.6, 0.5, 0.8)
    lesson = next(le for le in available_lessons() if "2" in le.title)
    window.lessons.start(lesson)
    window.probabilities.show_probabilities(np.array([0.01, 0.03, 0.0, 0.02, 0.0, 0.0, 0.0, 0.9, 0.01, 0.03]))
    # The caption a loaded model gets (loading it would take TensorFlow): its longest ordinary form.
    caption = window.tr("Predicting with: {}").format("digitpad-default.keras — test accuracy 99.27%")
    window.probabilities.set_model_caption(caption)
    window.model_status.setText(caption)
    window.runs_dock.show()  # the kept runs too (View → Runs), the most a student can have open at once
    window.panel.set_running(True)
    window.panel.set_progress(
        0.42,
        window.tr("{}epoch {}/{} · batch {}/{} · {} images/s · {} left").format("", 7, 15, 20, 32, "1,234", "0:42"),
    )


def _open_teaching_views(window) -> None:
    """Evaluation, inside the network and my handwriting, docked as the View menu docks them. The evaluation
    shows a report of the real test labels with 73 mistakes spread over them, as the shipped model makes (its
    own would take TensorFlow): the widest counts a cell can show."""
    import numpy as np

    from digitpad.core.data import load_dataset
    from digitpad.core.evaluation import report_from_probabilities
    from digitpad.ui.evaluation_view import EvaluationView

    test = load_dataset().test
    predicted = test.labels.astype(np.int64).copy()
    wrong = np.arange(0, len(predicted), len(predicted) // 73)[:73]
    predicted[wrong] = (predicted[wrong] + 1 + wrong % 9) % 10
    probabilities = np.full((len(predicted), 10), 0.01, np.float32)
    probabilities[np.arange(len(predicted)), predicted] = 0.91
    view = EvaluationView(window.session.tasks)
    window.evaluation = window._in_dock(view, "Evaluation", "evaluation_dock")
    view.title.setText("digitpad-default.keras on the test set")
    view._finished((report_from_probabilities(probabilities, test), test))
    window.show_network()
    window.show_handwriting()


def _check(window, app) -> dict:
    for _ in range(10):
        app.processEvents()
    found = {"mode": window.docks.mode(), "zoom": window.zoom, "size": window.size().toTuple(), "problems": []}
    from PySide6.QtWidgets import QTabWidget

    for dock in window.docks.docks():  # each dock in front in turn: tabs show one at a time
        if dock.isHidden():
            continue
        dock.raise_()
        pages = [(tabs, i) for tabs in dock.findChildren(QTabWidget) for i in range(tabs.count())] or [(None, 0)]
        for tabs, index in pages:  # and each page of a view's own tabs (the evaluation's)
            if tabs is not None:
                tabs.setCurrentIndex(index)
            for _ in range(5):
                app.processEvents()
            found["problems"] += [f"[{dock.objectName()}] {p}" for p in layout_problems(window)]
    found["problems"] = list(dict.fromkeys(found["problems"]))
    found["charts"] = window.charts.arrangement()
    return found


def main(width: int, height: int, scale: str, shots: Path | None = None) -> list[dict]:
    _configure_screen(width, height, scale)
    os.environ.setdefault("DIGITPAD_DATA_DIR", tempfile.mkdtemp())
    from PySide6.QtCore import QSettings

    from digitpad.ui.app import make_application
    from digitpad.ui.i18n import install_language
    from digitpad.ui.main_window import MainWindow

    app = make_application()
    results = []
    free = app.primaryScreen().availableGeometry().size()
    for language in ("en", "ko"):
        install_language(app, language)
        for projector in (False, True):
            settings = QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"), QSettings.Format.IniFormat)
            window = MainWindow(settings=settings)
            window.resize(free.width(), free.height() - TASKBAR_AND_TITLE)
            window.show()
            app.processEvents()
            if projector:
                window.set_projector_mode(True)  # as a teacher does, with the window already on screen
            _fill(window)
            _open_teaching_views(window)
            found = _check(window, app)
            found.update(language=language, projector=projector)
            if found["size"] != (free.width(), free.height() - TASKBAR_AND_TITLE):
                found["problems"].append(f"the window grew to {found['size']}: its content does not fit the screen")
            if shots is not None:
                window.grab().save(
                    str(shots / f"{width}x{height}-{scale}-{language}-{'projector' if projector else 'normal'}.png")
                )
            results.append(found)
            window.set_projector_mode(False)
            window.close()
            window.deleteLater()
            app.processEvents()
    return results


if __name__ == "__main__":
    out = Path(sys.argv[4]) if len(sys.argv) > 4 else None
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], out)))
