"""The real main window, driven offscreen with simulated mouse input and real training runs."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from digitpad.core.preprocess import preprocess
from digitpad.ui.main_window import MainWindow
from tests.ui.conftest import MODEL_TIMEOUT_MS, show
from tests.ui.drawing import draw_digit

TRAIN_TIMEOUT_MS = 240_000


@pytest.fixture
def window(settings, open_window):
    return open_window(settings)  # closing it at the end stops any training still going


def wait_for_verdict(qtbot, window, digit):
    qtbot.waitUntil(lambda: window.probabilities.predicted_text().startswith(str(digit)), timeout=10_000)


def batch_points(window):
    """Batch reports drawn so far in the current run (0 before the run has started)."""
    return len(window.charts.curve_data(-1, 0, "batch_loss")[0]) if window.charts.run_count() else 0


def set_training(window, **values):
    panel = window.panel
    for name, value in values.items():
        widget = getattr(panel, name)
        if isinstance(value, bool):
            widget.setChecked(value)
        else:
            widget.setValue(value)


def test_window_fits_a_small_screen(window):
    window.resize(1366, 768)
    assert window.minimumSizeHint().width() <= 1366 and window.minimumSizeHint().height() <= 740
    for name in (
        "canvas",
        "model_input_preview",
        "probability_chart",
        "predicted_digit",
        "train_button",
        "stop_button",
        "pause_button",
        "training_charts",
        "summary_table",
        "dropout_check",
        "l1_check",
        "l2_check",
        "pooling_check",
        "augment_check",
        "early_stopping_check",
        "ensemble_check",
        "kfold_check",
        "pen_width_slider",
        "clear_button",
        "undo_button",
        "model_status",
    ):
        assert window.findChild(object, name) is not None, name


@pytest.mark.parametrize("digit", [0, 1, 4, 7])
def test_drawn_digits_are_recognised(qtbot, window, digit):
    draw_digit(window.canvas, digit)
    wait_for_verdict(qtbot, window, digit)
    # The preview shows exactly what the model was given: the canvas, preprocessed MNIST-style.
    assert np.allclose(window.preview.image_array(), preprocess(window.canvas.image()), atol=1e-6)
    assert window.probabilities.current_probabilities().argmax() == digit


def test_empty_canvas_says_draw_a_digit_and_undo_works(qtbot, window):
    draw_digit(window.canvas, 4)
    wait_for_verdict(qtbot, window, 4)
    assert window.canvas.stroke_count() == 2
    window.canvas.undo()  # only the first stroke of the 4 remains
    assert window.canvas.stroke_count() == 1
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.probabilities.predicted_text() == "draw a digit", timeout=5000)
    assert window.canvas.is_empty() and window.preview.image_array() is None


def test_the_window_is_usable_before_the_model_is_loaded(qtbot, settings, open_window):
    window = open_window(settings, load=False)
    assert "Loading" in window.probabilities.predicted_text()
    draw_digit(window.canvas, 1)
    assert window.preview.image_array() is not None  # drawing and the 28x28 view work at once
    predictors = []
    window.session.model_changed.connect(lambda: predictors.append(type(window.session.model.predictor).__name__))
    window.start_loading()
    qtbot.waitUntil(lambda: window.model_object is not None, timeout=MODEL_TIMEOUT_MS)
    # The shipped converted copy predicted first (LiteRT), while TensorFlow was loading; then TensorFlow took over.
    assert predictors == ["LiteRTPredictor", "Predictor"]
    wait_for_verdict(qtbot, window, 1)
    assert "test accuracy 99." in window.model_status.text()


def test_a_model_never_converted_predicts_first_in_numpy(qtbot, settings, open_window, tmp_path):
    import shutil

    from digitpad.core.resources import default_model_path

    mine = shutil.copy(default_model_path(), tmp_path / "mine.keras")
    with open(mine, "ab") as f:
        f.write(b"\0")  # other bytes, so no converted copy of it is kept anywhere (zip readers skip the tail)
    window = open_window(settings, load=False, model_path=mine)
    predictors = []
    window.session.model_changed.connect(lambda: predictors.append(type(window.session.model.predictor).__name__))
    window.start_loading()
    qtbot.waitUntil(lambda: window.model_object is not None, timeout=MODEL_TIMEOUT_MS)
    assert predictors == ["NumpyPredictor", "Predictor"]
    draw_digit(window.canvas, 1)
    wait_for_verdict(qtbot, window, 1)


def test_the_stand_in_predicts_before_the_window_is_built(qtbot, settings):
    from digitpad.ui.session import Session

    session = Session(settings)
    session.start_stand_in()  # as run_app does, before the window exists
    window = show(qtbot, MainWindow(session))
    qtbot.waitUntil(lambda: session.model is not None, timeout=10_000)
    assert type(session.model.predictor).__name__ == "LiteRTPredictor" and not session.has_model
    draw_digit(window.canvas, 7)
    wait_for_verdict(qtbot, window, 7)
    kinds = []
    session.model_changed.connect(lambda: kinds.append(type(session.model.predictor).__name__))
    window.start_loading()
    qtbot.waitUntil(lambda: session.has_model, timeout=MODEL_TIMEOUT_MS)
    assert kinds == ["Predictor"]  # no second stand-in


def test_switches_change_the_network(window):
    from digitpad.core.model import build_model

    set_training(window, dropout=True, pooling=False, l2=True)
    config = window.panel.config()
    assert config.dropout == pytest.approx(0.2) and not config.pooling and config.l2 == pytest.approx(0.001)
    table = window.panel.summary
    kinds = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert "Dropout" in kinds and "MaxPooling2D" not in kinds
    assert "2,038,922" in window.panel.total_label.text()
    model = build_model(config)
    assert [type(layer).__name__ for layer in model.layers] == kinds
    assert model.count_params() == 2_038_922
    window.panel.set_running(True)  # a training run locks the settings, and unlocks them as they were
    assert not window.panel.l2_value.isEnabled()
    window.panel.set_running(False)
    assert window.panel.l2_value.isEnabled() and not window.panel.l1_value.isEnabled()
    assert window.panel.dropout_conv.isEnabled() and window.panel.train_button.isEnabled()
    set_training(window, ensemble=True)
    set_training(window, kfold=True)  # ticking one unticks the other
    assert not window.panel.ensemble.isChecked() and window.panel.config().kfold == 5


def test_impossible_settings_get_a_message(qtbot, window):
    set_training(window, early_stopping=True, validation_split=0.0)
    qtbot.mouseClick(window.panel.train_button, Qt.MouseButton.LeftButton)
    assert window.open_messages() == [
        ("Impossible settings", "early stopping on val_loss needs a validation split above 0")
    ]
    assert not window.is_training()


@pytest.mark.slow
def test_training_moves_the_charts_and_hands_over_its_model(qtbot, window):
    set_training(window, train_samples=3000, epochs=2, batch_size=64)
    before = window.model_status.text()
    qtbot.mouseClick(window.panel.train_button, Qt.MouseButton.LeftButton)
    assert window.is_training() and not window.panel.train_button.isEnabled()
    qtbot.waitUntil(lambda: batch_points(window) > 0, timeout=TRAIN_TIMEOUT_MS)
    draw_digit(window.canvas, 7)  # drawing and predicting go on while it trains
    wait_for_verdict(qtbot, window, 7)
    qtbot.waitUntil(lambda: not window.is_training(), timeout=TRAIN_TIMEOUT_MS)
    x, loss = window.charts.curve_data(0, 0, "loss")
    assert list(x) == [1, 2] and loss[1] < loss[0]
    assert len(window.charts.curve_data(0, 0, "val_accuracy")[1]) == 2
    assert len(window.charts.curve_data(0, 0, "batch_accuracy")[1]) >= 2
    assert window.model_status.text() != before and "run 1" in window.model_status.text()
    assert window.panel.progress.value() == 1000 and "test accuracy" in window.panel.progress_label.text()
    window.canvas.clear()
    draw_digit(window.canvas, 1)  # the new model predicts
    wait_for_verdict(qtbot, window, 1)


@pytest.mark.slow
def test_ensemble_run_shows_each_members_pick(qtbot, window, tmp_path):
    from digitpad.core.modelfile import load_model

    set_training(window, train_samples=2000, epochs=1, batch_size=32, ensemble=True, ensemble_value=2)
    window.start_training()
    qtbot.waitUntil(lambda: not window.is_training(), timeout=TRAIN_TIMEOUT_MS)
    assert window.charts.series_names() == ["member 1", "member 2"]
    assert "members alone" in window.panel.progress_label.text()
    draw_digit(window.canvas, 0)
    qtbot.waitUntil(lambda: window.probabilities.members_text().startswith("members:"), timeout=10_000)
    assert window.save_model_to(tmp_path / "ens.keras")
    assert load_model(tmp_path / "ens.keras").members == 2


@pytest.mark.slow
def test_stop_takes_effect_within_a_few_batches(qtbot, window):
    set_training(window, epochs=3)  # the full 54,000 images: far longer than the test
    window.start_training()
    qtbot.waitUntil(lambda: batch_points(window) > 2, timeout=TRAIN_TIMEOUT_MS)
    record = window.session.runs.latest
    epoch_ends = []
    window.session.run_epoch.connect(lambda rec, _: epoch_ends.append(rec.last_epoch))
    seen_at_stop = int(record.series[0].batches.column(0)[-1])
    qtbot.mouseClick(window.panel.stop_button, Qt.MouseButton.LeftButton)
    # It says so at once: the label, the button itself, and a busy bar while the last batch ends and it is tested.
    assert window.panel.progress_label.text().startswith("Stopping")
    assert window.panel.stop_button.text() == "Stopping…" and not window.panel.stop_button.isEnabled()
    assert window.panel.progress.maximum() == 0 and not window.panel.pause_button.isEnabled()
    # Counted in batches rather than seconds (the machine may be busy): Keras ends the epoch at the next
    # step, then validates the partial epoch and reports it.
    qtbot.waitUntil(lambda: not window.is_training(), timeout=TRAIN_TIMEOUT_MS)
    assert [report.epoch for report in epoch_ends] == [1]  # no second epoch
    config = window.panel.config()
    last_seen = int(record.series[0].batches.column(0)[-1])
    # Reports come at most every 50 ms, so the last one may lag; the engine runs 8 batches per call into
    # TensorFlow, so it stops within those, plus the one in flight when Stop was clicked.
    one_call = config.steps_per_execution * config.batch_size
    assert last_seen <= seen_at_stop + 2 * one_call + config.batch_size
    assert epoch_ends[0].progress < 1 / 3  # a partial first epoch of three
    assert "Stopped early" in window.panel.progress_label.text()
    assert window.panel.train_button.isEnabled() and window.panel.stop_button.text() == "Stop"
    # The bar stays where the run stopped (a small part of 3 epochs), never jumps to full.
    assert 0 < window.panel.progress.value() < 500 and window.panel.progress.maximum() == 1000


@pytest.mark.slow
def test_pause_holds_training_still(qtbot, window):
    set_training(window, epochs=2)
    window.start_training()
    qtbot.waitUntil(lambda: batch_points(window) > 1, timeout=TRAIN_TIMEOUT_MS)
    qtbot.mouseClick(window.panel.pause_button, Qt.MouseButton.LeftButton)
    assert window.session.paused and window.panel.pause_button.text() == "Resume"
    qtbot.wait(600)
    count = batch_points(window)
    qtbot.wait(800)
    assert batch_points(window) == count
    qtbot.mouseClick(window.panel.pause_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: batch_points(window) > count, timeout=30_000)
    window.stop_training()
    qtbot.waitUntil(lambda: not window.is_training(), timeout=60_000)


@pytest.mark.slow
def test_closing_mid_training_asks_and_quitting_without_saving_stops_cleanly(qtbot, settings, open_window):
    window = open_window(settings)
    set_training(window, epochs=5)
    window.start_training()
    qtbot.waitUntil(lambda: batch_points(window) > 0, timeout=TRAIN_TIMEOUT_MS)
    task = window.session.training
    window.close()
    assert window.isVisible() and window.close_question_open()  # it asks, without blocking
    window.answer_close_question("cancel")
    assert window.isVisible() and window.is_training() and not window.close_question_open()
    window.close()
    window.answer_close_question("discard")
    assert not window.isVisible()
    assert task.finished.is_set()  # closing waited until the training thread had stopped (it waits 5 s at most)
    assert not window.open_messages()


@pytest.mark.slow
def test_closing_mid_training_can_keep_the_network(qtbot, settings, open_window, tmp_path):
    from digitpad.core.modelfile import load_model

    window = open_window(settings)
    set_training(window, epochs=3)  # all 54,000 images: far longer than the test
    window.start_training()
    qtbot.waitUntil(lambda: batch_points(window) > 2, timeout=TRAIN_TIMEOUT_MS)
    window.close()
    window.answer_close_question("save", tmp_path / "kept.keras")
    assert window.isVisible() and window.panel.stop_button.text() == "Stopping…"  # stops, tests, saves, closes
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    kept = load_model(tmp_path / "kept.keras")
    assert kept.metadata["stopped_early_by_user"] and kept.test_accuracy > 0.5


def test_corrupt_model_file_gives_a_message_and_keeps_the_model(qtbot, window, tmp_path):
    bad = tmp_path / "broken.keras"
    bad.write_bytes(b"PK\x03\x04 this is not really a model")
    before = window.model_status.text()
    window.session.load_model(bad)
    qtbot.waitUntil(lambda: bool(window.open_messages()), timeout=30_000)
    title, text = window.open_messages()[-1]
    assert title == "Cannot open model" and "broken.keras" in text and "not a .keras model file" in text
    assert window.model_status.text() == before and window.session.model is not None


def test_missing_starting_model_leaves_a_usable_window(qtbot, settings, tmp_path):
    window = show(qtbot, MainWindow(settings=settings, model_path=tmp_path / "gone.keras"))
    window.start_loading()
    qtbot.waitUntil(lambda: bool(window.open_messages()), timeout=MODEL_TIMEOUT_MS)
    assert "gone.keras: file not found" in window.open_messages()[-1][1]
    assert "No model" in window.model_status.text()
    draw_digit(window.canvas, 1)  # still draws
    assert window.preview.image_array() is not None


def test_an_error_inside_training_is_shown_and_the_app_carries_on(qtbot, settings, tmp_path, open_window):
    (tmp_path / "train-images-idx3-ubyte.gz").write_bytes(b"\x1f\x8b not gzip at all")
    window = open_window(settings, dataset_path=tmp_path)
    window.start_training()
    qtbot.waitUntil(lambda: not window.is_training(), timeout=60_000)
    title, text = window.open_messages()[-1]
    assert title == "Training failed" and "corrupt gzip" in text
    assert window.panel.train_button.isEnabled()
    draw_digit(window.canvas, 7)
    wait_for_verdict(qtbot, window, 7)


def test_settings_persist_between_runs(qtbot, settings, open_window):
    window = open_window(settings, load=False)
    set_training(window, dropout=True, dropout_value=0.35, pooling=False, epochs=7, kfold=True, kfold_value=3)
    window.pen_slider.setValue(25)
    window.resize(1200, 700)
    window.close()
    again = show(qtbot, MainWindow(settings=settings))
    config = again.panel.config()
    assert config.dropout == pytest.approx(0.35) and not config.pooling and config.epochs == 7 and config.kfold == 3
    assert again.canvas.pen_width() == 25
    # The offscreen screen is 800x600, so Qt clamps the restored size; check the saved geometry round-trips.
    assert again.restoreGeometry(settings.value("window/geometry"))


def test_projector_mode_and_zoom(qtbot, settings, open_window):
    from PySide6.QtWidgets import QApplication

    window = open_window(settings, load=False)
    base = QApplication.font().pointSizeF()
    window.findChild(object, "zoom_in_action").trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.1, rel=0.01)
    window.findChild(object, "projector_action").trigger()
    assert window.projector and window.charts.line_scale() == 2.5
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.5, rel=0.01)
    assert QApplication.palette().color(QApplication.palette().ColorRole.Window).name() == "#ffffff"
    window.close()
    again = show(qtbot, MainWindow(settings=settings))  # remembered
    assert again.projector and again.zoom == 1.5
    again.set_projector_mode(False)
    assert QApplication.font().pointSizeF() == pytest.approx(base, rel=0.01) and again.charts.line_scale() == 1.0
