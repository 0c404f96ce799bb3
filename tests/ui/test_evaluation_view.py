import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt

from digitpad.ui.evaluation_view import GALLERY_LIMIT, EvaluationView


@pytest.fixture
def view(qtbot, tasks):
    widget = EvaluationView(tasks)
    qtbot.addWidget(widget)
    widget.resize(900, 650)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def click_cell(qtbot, matrix, row: int, column: int) -> None:
    rect = matrix.visualItemRect(matrix.item(row, column))
    qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_shipped_model_on_the_whole_test_set(qtbot, view, default_model, mnist):
    with qtbot.waitSignal(view.finished, timeout=120000):
        view.evaluate_model(default_model.model, mnist.test, "shipped model")
    report = view.report()
    assert report.total == 10000
    assert report.accuracy >= 0.99
    assert view.accuracy.text() == f"{report.accuracy:.2%}"

    table = view.class_table
    for d in range(10):
        assert table.item(d, 0).text() == str(d)
        assert table.item(d, 1).text() == f"{report.class_correct[d]:,} / {report.class_counts[d]:,}"
        assert table.item(d, 2).text() == f"{report.per_class[d]:.2%}"
    assert sum(int(table.item(d, 1).text().split("/")[1].replace(",", "")) for d in range(10)) == 10000

    matrix = view.findChild(type(view.matrix), "confusion_matrix")
    assert matrix is view.matrix
    for t in range(10):
        for p in range(10):
            n = int(report.confusion[t, p])
            assert matrix.item(t, p).text() == (str(n) if n else "·")  # no comma: narrow columns
    # The diagonal is shaded green, the mistakes red.
    assert matrix.item(3, 3).background().color().green() > matrix.item(3, 3).background().color().red()
    assert matrix.item(4, 9).background().color().red() > matrix.item(4, 9).background().color().green()

    # By default the gallery holds the most confident mistakes, and each one really is wrong.
    items = view.gallery_items()
    wrong = np.flatnonzero(report.predicted != mnist.test.labels)
    assert len(items) == min(GALLERY_LIMIT, len(wrong))
    confidences = [c for _, _, _, c in items]
    assert confidences == sorted(confidences, reverse=True)
    for index, true, predicted, confidence in items:
        assert true == mnist.test.labels[index] and predicted != true
        assert predicted == report.predicted[index] and confidence == pytest.approx(report.confidence[index])
    gallery = view.findChild(type(view.gallery), "digit_gallery")
    assert gallery.count() == len(items)
    first_true, first_pred = items[0][1], items[0][2]
    assert gallery.item(0).text().startswith(f"true {first_true} → predicted {first_pred}")

    # Clicking the (true 4, predicted 9) cell shows exactly those test digits.
    click_cell(qtbot, matrix, 4, 9)
    expected = set(np.flatnonzero((mnist.test.labels == 4) & (report.predicted == 9)).tolist())
    assert 0 < len(expected) <= GALLERY_LIMIT
    shown = view.gallery_items()
    assert {i for i, _, _, _ in shown} == expected and len(shown) == len(expected)
    assert all(t == 4 and p == 9 for _, t, p, _ in shown)
    assert gallery.count() == len(expected)
    assert f"{len(expected)} test digits" in view.gallery_title.text()

    # A big diagonal cell is capped, and says how many there are in all.
    click_cell(qtbot, matrix, 1, 1)
    assert len(view.gallery_items()) == GALLERY_LIMIT
    assert f"{report.confusion[1, 1]:,}" in view.gallery_title.text()
    assert all(t == 1 and p == 1 for _, t, p, _ in view.gallery_items())

    qtbot.mouseClick(view.mistakes_button, Qt.MouseButton.LeftButton)
    assert view.gallery_items() == items


def test_evaluates_off_the_gui_thread_and_shows_that_it_is_busy(qtbot, view, default_model, mnist, monkeypatch):
    import digitpad.core.evaluation as evaluation

    threads = []
    release = threading.Event()
    original = evaluation.evaluate

    def watched_evaluate(model, split):
        threads.append(threading.get_ident())
        release.wait(10)
        return original(model, split)

    monkeypatch.setattr(evaluation, "evaluate", watched_evaluate)
    view.evaluate_model(default_model.model, mnist.test.head(300), "a model")
    # evaluate_model returned while the evaluation is still blocked: the GUI never waited for it.
    qtbot.waitUntil(lambda: len(threads) == 1, timeout=5000)
    assert view.status.text() == "Evaluating…" and view.busy.isVisible()
    assert not view.matrix.isEnabled() and view.report() is None
    with qtbot.waitSignal(view.finished, timeout=60000):
        release.set()
    assert threads[0] != threading.main_thread().ident
    assert not view.busy.isVisible() and view.matrix.isEnabled()
    assert view.report().total == 300


def test_a_newer_evaluation_wins(qtbot, view, default_model, mnist, monkeypatch):
    import digitpad.core.evaluation as evaluation

    release, first_started, first_done = threading.Event(), threading.Event(), threading.Event()
    original = evaluation.evaluate

    def evaluate(model, split):
        if len(split) == 400:  # the first request is held back until the second has been shown
            first_started.set()
            release.wait(10)
            try:
                return original(model, split)
            finally:
                first_done.set()
        return original(model, split)

    monkeypatch.setattr(evaluation, "evaluate", evaluate)
    view.evaluate_model(default_model.model, mnist.test.head(400), "first")
    qtbot.waitUntil(first_started.is_set, timeout=30000)
    with qtbot.waitSignal(view.finished, timeout=60000):  # the second does not wait for the first
        view.evaluate_model(default_model.model, mnist.test.head(200), "second")
    with qtbot.assertNotEmitted(view.finished, wait=500):
        release.set()
        qtbot.waitUntil(first_done.is_set, timeout=30000)
    assert view.report().total == 200 and view.title.text() == "second"


def test_an_ensemble_shows_each_members_accuracy(qtbot, view, default_model, mnist):
    from digitpad.core.inference import ensemble_model

    ensemble = ensemble_model([default_model.model, default_model.model])
    with qtbot.waitSignal(view.finished, timeout=60000):
        view.evaluate_model(ensemble, lambda: mnist.test.head(500), "an ensemble")
    report = view.report()
    assert report.member_accuracies is not None and len(report.member_accuracies) == 2
    assert view.members.isVisible()
    assert view.members.text().count(f"{report.member_accuracies[0]:.2%}") == 2


def test_a_failure_is_shown(qtbot, view, default_model):
    from digitpad.core.data import DatasetError

    def broken():
        raise DatasetError("t10k-images-idx3-ubyte.gz: truncated")

    with qtbot.waitSignal(view.failed, timeout=10000) as blocker:
        view.evaluate_model(default_model.model, broken, "a model")
    assert "truncated" in blocker.args[0]
    assert "truncated" in view.status.text() and not view.busy.isVisible()
