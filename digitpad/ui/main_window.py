"""digitpad's main window: draw and predict on the left, training controls in the middle, charts right.

The window only displays and forwards. TensorFlow work happens in ``workers`` (loading, predicting,
training), which answer through queued Qt signals; the GUI thread never waits for them.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QCoreApplication, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QColor, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from digitpad import __version__
from digitpad.core.config import ConfigError
from digitpad.core.resources import default_model_path
from digitpad.ui.canvas import DrawingCanvas
from digitpad.ui.charts import TrainingCharts
from digitpad.ui.evaluation_view import EvaluationView
from digitpad.ui.handwriting_view import HandwritingView, describe_fine_tuned
from digitpad.ui.i18n import LANGUAGES, SETTINGS_KEY, installed_language
from digitpad.ui.lessons import LessonBanner, LessonController, own_settings
from digitpad.ui.messages import config_problems, model_description, series_name, settings_label
from digitpad.ui.messages import describe as describe_error
from digitpad.ui.network_view import NetworkView
from digitpad.ui.preview import ModelInputPreview
from digitpad.ui.probabilities import ProbabilityPanel
from digitpad.ui.settings_values import read_number
from digitpad.ui.training_panel import TrainingPanel
from digitpad.ui.workers import ModelLoader, PredictionService, TrainingJob

log = logging.getLogger(__name__)

ZOOM_STEP = 0.1
ZOOM_RANGE = (0.8, 2.5)
PROJECTOR_ZOOM = 1.5
PROJECTOR_LINES = 2.5
PREDICT_WHILE_DRAWING_MS = 60  # at most ~16 predictions a second while the pen moves
CLOSE_WAIT_S = 5.0


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "…"
    seconds = int(round(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class MainWindow(QMainWindow):
    language_requested = Signal(str)  # a language code of i18n.LANGUAGES, chosen in View → Language

    def __init__(self, settings: QSettings | None = None, dataset_path=None, model_path=None):
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("digitpad")
        self.settings = settings if settings is not None else QSettings()
        self.dataset_path = dataset_path
        self.initial_model_path = Path(model_path) if model_path else default_model_path()
        self.job: TrainingJob | None = None
        self.model_name = ""
        self.model_metadata: dict = {}
        self.model_object = None  # the Keras model now predicting, for saving
        self._describe_model = None  # makes the caption's model description, in the language of the moment
        self._request_id = 0
        self._shown_request = -1
        self._runs = 0
        self.zoom = 1.0
        self.projector = False
        app = QApplication.instance()
        if app.property("digitpad_base_font") is None:  # the font before any zoom, kept across windows
            app.setProperty("digitpad_base_font", QFont(app.font()))
            app.setProperty("digitpad_base_palette", QPalette(app.palette()))
        self.load_error: str | None = None
        self._quick_path: str | None = None  # the file whose NumPy copy predicts until TensorFlow is ready
        self.evaluation: EvaluationView | None = None  # the teaching views, made when first opened
        self.network: NetworkView | None = None
        self.handwriting: HandwritingView | None = None
        self._test_split = None

        self.canvas = DrawingCanvas()
        self.preview = ModelInputPreview()
        self.probabilities = ProbabilityPanel()
        self.panel = TrainingPanel()
        self.lesson_banner = LessonBanner()  # shown above the panel while a lesson is on
        self.charts = TrainingCharts()
        self.loader = ModelLoader(self)
        self.predictions = PredictionService(self)

        self._build_layout()
        self._build_actions()
        self._connect()
        self.probabilities.show_loading(self.tr("Loading the model… (you can draw already)"))
        self._set_model_caption(self.tr("No model yet"))
        self._restore_settings()

    # -- layout -------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        draw = QWidget()
        draw.setObjectName("draw_column")
        col = QVBoxLayout(draw)
        col.setContentsMargins(6, 6, 6, 6)
        col.addWidget(self.canvas, 3)
        tools = QHBoxLayout()
        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setObjectName("pen_width_slider")
        self.pen_slider.setRange(6, 40)
        self.pen_slider.setValue(int(self.canvas.pen_width()))
        self.pen_slider.setToolTip(self.tr("Pen width"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setToolTip(self.tr("Undo the last stroke (Ctrl+Z)"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clear_button")
        self.clear_button.setToolTip(self.tr("Clear the drawing (Esc or Delete)"))
        tools.addWidget(QLabel(self.tr("Pen")))
        tools.addWidget(self.pen_slider, 1)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.clear_button)
        col.addLayout(tools)
        seen = QHBoxLayout()
        seen.addWidget(self.preview, 0)
        seen.addWidget(self.probabilities, 1)
        col.addLayout(seen, 2)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("main_splitter")
        self.splitter.addWidget(draw)
        training = QWidget()
        training.setObjectName("training_column")
        column = QVBoxLayout(training)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.lesson_banner)
        column.addWidget(self.panel, 1)
        self.splitter.addWidget(training)
        self.splitter.addWidget(self.charts)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setStretchFactor(2, 5)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([380, self.panel.minimumSizeHint().width(), 600])
        self.setCentralWidget(self.splitter)

        self.model_status = QLabel()
        self.model_status.setObjectName("model_status")
        self.statusBar().addPermanentWidget(self.model_status)

    def _build_actions(self) -> None:
        def action(text, slot, shortcut=None, tip=None, name=None):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            if name:
                a.setObjectName(name)
            a.triggered.connect(slot)
            self.addAction(a)
            return a

        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = action(
            self.tr("&Open model…"),
            self.open_model,
            QKeySequence.StandardKey.Open,
            self.tr("Load a .keras model file to predict with"),
            "open_action",
        )
        self.save_action = action(
            self.tr("&Save model as…"),
            self.save_model,
            QKeySequence.StandardKey.Save,
            self.tr("Save the model now predicting, with its settings and history"),
            "save_action",
        )
        self.revert_action = action(
            self.tr("Use the &shipped model"),
            self.use_shipped_model,
            None,
            self.tr("Go back to the pretrained model that came with digitpad"),
        )
        file_menu.addActions([self.open_action, self.save_action, self.revert_action])
        file_menu.addSeparator()
        file_menu.addAction(action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))

        edit = self.menuBar().addMenu(self.tr("&Drawing"))
        edit.addAction(action(self.tr("&Undo stroke"), self.canvas.undo, QKeySequence.StandardKey.Undo))
        clear = action(self.tr("&Clear"), self.canvas.clear, None)
        clear.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Delete)])
        edit.addAction(clear)

        train = self.menuBar().addMenu(self.tr("&Training"))
        self.train_action = action(self.tr("&Train"), self.start_training, "F5", name="train_action")
        self.pause_action = action(self.tr("&Pause / resume"), self.panel.pause_button.click, "F6")
        self.stop_action = action(self.tr("&Stop"), self.stop_training, "Shift+F5")
        clear_runs = action(self.tr("&Clear earlier runs"), self.charts.clear_history, "Ctrl+L")
        train.addActions([self.train_action, self.pause_action, self.stop_action, clear_runs])

        view = self.menuBar().addMenu(self.tr("&View"))
        view.addAction(
            action(
                self.tr("&Evaluate model…"),
                self.show_evaluation,
                "Ctrl+E",
                self.tr("Test the model now predicting on the test set"),
                "evaluate_action",
            )
        )
        view.addAction(
            action(
                self.tr("&Inside the network"),
                self.show_network,
                "Ctrl+I",
                self.tr("See what each layer finds in your drawing"),
                "network_action",
            )
        )
        view.addAction(
            action(
                self.tr("My &handwriting…"),
                self.show_handwriting,
                "Ctrl+H",
                self.tr("Label your own drawings and fine-tune the model on them"),
                "handwriting_action",
            )
        )
        view.addSeparator()
        zoom_in = action(
            self.tr("Zoom &in"), lambda: self.set_zoom(self.zoom + ZOOM_STEP), None, None, "zoom_in_action"
        )
        zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        view.addAction(zoom_in)
        view.addAction(
            action(
                self.tr("Zoom &out"),
                lambda: self.set_zoom(self.zoom - ZOOM_STEP),
                QKeySequence.StandardKey.ZoomOut,
                None,
                "zoom_out_action",
            )
        )
        view.addAction(action(self.tr("&Actual size"), lambda: self.set_zoom(1.0), "Ctrl+0", None, "zoom_reset_action"))
        self.projector_action = action(
            self.tr("&Projector mode"),
            self.set_projector_mode,
            "Ctrl+Shift+P",
            self.tr("Large text, thick lines and high contrast for the back of the room"),
            "projector_action",
        )
        self.projector_action.setCheckable(True)
        view.addAction(self.projector_action)
        view.addSeparator()
        self.language_menu = view.addMenu(self.tr("&Language"))
        self.language_menu.setObjectName("language_menu")
        self.language_group = QActionGroup(self)
        self.language_group.setExclusive(True)
        for code, name in LANGUAGES.items():  # each language in its own words, never translated
            a = QAction(name, self)
            a.setObjectName(f"language_{code}")
            a.setCheckable(True)
            a.triggered.connect(lambda _checked=False, c=code: self.request_language(c))
            self.language_group.addAction(a)
            self.language_menu.addAction(a)
        self.set_language_checked(installed_language())

        self.lessons = LessonController(self.panel, self.lesson_banner, self.show_message, self)
        self.menuBar().addMenu(self.lessons.make_menu(self))

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(action(self.tr("&About digitpad"), self.show_about))

    def _connect(self) -> None:
        self._throttle = QTimer(self)
        self._throttle.setSingleShot(True)
        self._throttle.setInterval(PREDICT_WHILE_DRAWING_MS)
        self._throttle.timeout.connect(self.request_prediction)
        self.canvas.drawing_changed.connect(self._drawing_moved)
        self.canvas.stroke_finished.connect(self.request_prediction)
        self.canvas.undone.connect(self.request_prediction)
        self.canvas.cleared.connect(self.request_prediction)
        self.pen_slider.valueChanged.connect(self.canvas.set_pen_width)
        self.undo_button.clicked.connect(self.canvas.undo)
        self.clear_button.clicked.connect(self.canvas.clear)

        self.loader.loaded.connect(self._model_loaded)
        self.loader.quick_ready.connect(self._quick_model_ready)
        self.loader.failed.connect(self._model_failed)
        self.predictions.predicted.connect(self._show_prediction)
        self.predictions.nothing_drawn.connect(self._show_nothing)
        self.predictions.failed.connect(lambda msg: self.probabilities.show_error(msg))

        self.panel.start_clicked.connect(self.start_training)
        self.panel.pause_clicked.connect(self._toggle_pause)
        self.panel.stop_clicked.connect(self.stop_training)

    # -- models -------------------------------------------------------------------------------------

    def start_loading(self) -> None:
        """Load the starting model in the background (TensorFlow's import happens there too)."""
        self.loader.load(self.initial_model_path, quick=True)

    def _set_model_caption(self, text: str) -> None:
        self.probabilities.set_model_caption(text)
        self.model_status.setText(text)

    def _model_loaded(self, loaded, predictor) -> None:
        self.model_object = loaded.model
        self.model_metadata = loaded.metadata
        self.model_name = loaded.path.name if loaded.path else self.tr("model")
        self._use_predictor(predictor, lambda: model_description(loaded))
        self.statusBar().showMessage(self.tr("Loaded {}").format(loaded.path), 5000)

    def _quick_model_ready(self, predictor, path: str) -> None:
        """Predict at once with the NumPy copy of the starting model, while TensorFlow is still loading."""
        if self.predictions.ready:
            return
        self._quick_path = path
        self.predictions.set_predictor(predictor)
        self._set_model_caption(self.tr("Predicting with: {} (starting TensorFlow…)").format(Path(path).name))
        self.request_prediction()

    def _model_failed(self, path: str, message: str) -> None:
        if self._quick_path == path:  # the quick copy of this very file must not stay in use
            self._quick_path = None
            self.predictions.set_predictor(None)
        if self.predictions.ready:  # keep predicting with the model we have
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot open model"), message)
            return
        self.load_error = message
        self.probabilities.show_error(self.tr("No model: {}").format(message))
        self._set_model_caption(self.tr("No model: train one, or open a model file"))
        self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot open model"), message)

    def _use_predictor(self, predictor, describe) -> None:
        """Predict with ``predictor``; ``describe()`` names the model for the caption (called again later,
        so a window rebuilt in another language describes it in that language)."""
        self._quick_path = None
        if self.network is not None and self.model_object is not None:
            self.network.set_model(self.model_object)
        if self.evaluation is not None and self.evaluation.isVisible():
            self.show_evaluation()  # a new model: evaluate it at once
        self.predictions.set_predictor(predictor)
        self._describe_model = describe
        self._set_model_caption(self.tr("Predicting with: {}").format(describe()))
        self.request_prediction()

    def open_model(self) -> None:
        start = self.settings.value(
            "files/last_dir", QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        )
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open model"), str(start), self.tr("Keras models (*.keras);;All files (*)")
        )
        if path:
            self.settings.setValue("files/last_dir", str(Path(path).parent))
            self.loader.load(path)

    def use_shipped_model(self) -> None:
        self.loader.load(default_model_path())

    def save_model(self) -> None:
        if self.model_object is None:
            self.show_message(
                QMessageBox.Icon.Information, self.tr("Nothing to save"), self.tr("There is no model yet.")
            )
            return
        start = Path(
            str(
                self.settings.value(
                    "files/last_dir", QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
                )
            )
        )
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save model"), str(start / "my-digit-model.keras"), self.tr("Keras models (*.keras)")
        )
        if path:
            self.save_model_to(path)

    def save_model_to(self, path) -> bool:
        from digitpad.core.modelfile import ModelFileError, save_model

        path = Path(path)
        if path.suffix != ".keras":
            path = path.with_suffix(".keras")
        try:
            save_model(self.model_object, path, dict(self.model_metadata))
        except (ModelFileError, OSError) as exc:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot save model"), describe_error(exc))
            return False
        self.settings.setValue("files/last_dir", str(path.parent))
        self.statusBar().showMessage(self.tr("Saved {}").format(path), 5000)
        return True

    # -- drawing and predicting ---------------------------------------------------------------------

    def _drawing_moved(self) -> None:
        if not self._throttle.isActive():
            self._throttle.start()

    def request_prediction(self) -> None:
        self._throttle.stop()
        if self.canvas.is_empty():
            self._request_id += 1
            self._shown_request = self._request_id
            self.preview.set_image(None)
            if self.network is not None:
                self.network.show_input(None)
            if self.predictions.ready:
                self.probabilities.show_empty()
            return
        self._request_id += 1
        if not self.predictions.ready:
            # No model yet: still show what the network will see.
            from digitpad.core.preprocess import NothingDrawn, preprocess

            try:
                self.preview.set_image(preprocess(self.canvas.image()))
            except NothingDrawn:
                self.preview.set_image(None)
            return
        self.predictions.submit(self._request_id, self.canvas.image())

    def _show_prediction(self, request_id: int, image28: np.ndarray, prediction) -> None:
        if request_id < self._shown_request or self.canvas.is_empty():
            return  # an answer to an older drawing arrived late
        self._shown_request = request_id
        self.preview.set_image(image28)
        if self.network is not None:
            self.network.show_input(image28)
        self.probabilities.show_probabilities(prediction.probabilities, prediction.member_picks)

    def _show_nothing(self, request_id: int) -> None:
        if request_id < self._shown_request:
            return
        self._shown_request = request_id
        self.preview.set_image(None)
        self.probabilities.show_empty()

    # -- training -----------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.job is not None and self.job.is_running()

    def start_training(self) -> None:
        if self.is_training():
            return
        try:
            config = self.panel.config()
        except ConfigError as exc:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Impossible settings"), "\n".join(config_problems(exc)))
            return
        self.job = TrainingJob(config, self.dataset_path, self)
        self.job.run_started.connect(self._run_started)
        self.job.batch.connect(self._batch)
        self.job.epoch.connect(self._epoch)
        self.job.series_finished.connect(self._series_finished)
        self.job.finished.connect(self._training_finished)
        self.job.failed.connect(self._training_failed)
        self.job.stopped_before_result.connect(self._training_stopped_early)
        self.panel.set_running(True)
        self.panel.set_progress(0, self.tr("Starting… (loading the data and TensorFlow)"))
        self.job.start()

    def _toggle_pause(self) -> None:
        if not self.is_training():
            return
        if self.panel.pause_button.isChecked():
            self.job.state.pause()
            self.panel.pause_button.setText(self.tr("Resume"))
            self.panel.progress_label.setText(self.tr("Paused"))
        else:
            self.job.state.resume()
            self.panel.pause_button.setText(self.tr("Pause"))

    def stop_training(self) -> None:
        if self.is_training():
            self.job.state.request_stop()
            self.panel.set_progress(
                self.panel.progress.value() / 1000, self.tr("Stopping… then checking the network on the test images")
            )

    def _run_started(self, info) -> None:
        self._runs += 1
        self._series = [series_name(name) for name in info.series]
        self._run_info = info
        self.charts.begin_run(settings_label(info.label_parts), self._series)
        self.statusBar().showMessage(
            self.tr("Training on {} images, validating on {}").format(
                f"{info.train_samples:,}", f"{info.validation_samples:,}"
            ),
            5000,
        )

    def _series_prefix(self, index: int) -> str:
        return f"{self._series[index]} · " if len(self._series) > 1 else ""

    def _batch(self, r) -> None:
        self.charts.add_batch(r.series, r.samples_seen, r.loss, r.accuracy)
        if self.job is not None and self.job.state.paused:
            return
        self.panel.set_progress(
            r.progress,
            self.tr("{}epoch {}/{} · batch {}/{} · {} images/s · {} left").format(
                self._series_prefix(r.series),
                r.epoch,
                self._run_info.epochs,
                r.batch,
                r.batches_per_epoch,
                f"{r.samples_per_s:,.0f}",
                format_duration(r.eta_s),
            ),
        )

    def _epoch(self, r) -> None:
        self.charts.add_epoch(r.series, r.epoch, r.loss, r.accuracy, r.val_loss, r.val_accuracy)
        text = self.tr("{}epoch {}: loss {:.4f}, accuracy {:.2%}").format(
            self._series_prefix(r.series), r.epoch, r.loss, r.accuracy
        )
        if r.val_accuracy is not None:
            text += self.tr(" · validation {:.2%}").format(r.val_accuracy)
        if r.regularization_loss is not None:
            text += self.tr(" · penalty {:.4f}").format(r.regularization_loss)
        self.statusBar().showMessage(text)

    def _series_finished(self, index: int, result) -> None:
        if result.best_epoch:
            self.charts.mark_best_epoch(index, result.best_epoch)

    def _training_finished(self, result, predictor) -> None:
        self.panel.set_running(False)
        if result.mode == "kfold":
            histories = [s.history for s in result.series if s.history.get("val_loss")]
            if histories:
                n = min(len(h["val_loss"]) for h in histories)
                self.charts.set_mean_curve(
                    np.arange(1, n + 1),
                    np.mean([h["val_loss"][:n] for h in histories], axis=0),
                    np.mean([h["val_accuracy"][:n] for h in histories], axis=0),
                )
        self.charts.end_run()
        self.model_object = result.model
        self.model_metadata = result.metadata()
        acc = result.test_accuracy
        summary = self.tr("Trained in {} · test accuracy {:.2%}").format(format_duration(result.seconds), acc)
        if result.mode == "ensemble":
            members = ", ".join(f"{s.test_accuracy:.1%}" for s in result.series)
            summary += self.tr(" (members alone: {})").format(members)
        if result.mode == "kfold":
            summary += self.tr(" · {}-fold validation accuracy {:.2%} ± {:.2%}, predicting with fold {}").format(
                result.config.kfold, result.fold_mean, result.fold_std, result.chosen_fold
            )
        if result.stopped:
            summary = self.tr("Stopped early. ") + summary
        self.panel.set_progress(1.0, summary)
        run, label, mode, count = self._runs, result.config.label_parts(), result.mode, len(result.series)

        def describe() -> str:  # QCoreApplication.translate, not self.tr: it may outlive this window
            kind = {
                "ensemble": QCoreApplication.translate("MainWindow", "ensemble of {}").format(count),
                "kfold": QCoreApplication.translate("MainWindow", "best of {} folds").format(count),
            }.get(mode, QCoreApplication.translate("MainWindow", "network"))
            return QCoreApplication.translate("MainWindow", "run {} ({}, {}) — test accuracy {:.2%}").format(
                run, settings_label(label), kind, acc
            )

        self.model_name = self.tr("run {}").format(self._runs)
        self._use_predictor(predictor, describe)
        self.job = None

    def _training_failed(self, message: str) -> None:
        self.panel.set_running(False)
        self.charts.end_run()
        self.panel.set_progress(0, self.tr("Training failed"))
        self.job = None
        self.show_message(QMessageBox.Icon.Warning, self.tr("Training failed"), message)

    def _training_stopped_early(self) -> None:
        self.panel.set_running(False)
        self.charts.end_run()
        self.panel.set_progress(0, self.tr("Stopped before any network finished; the previous model still predicts"))
        self.job = None

    # -- teaching views -----------------------------------------------------------------------------

    def _in_dialog(self, view: QWidget, title: str) -> QWidget:
        dialog = QDialog(self)  # non-modal: drawing goes on while it is open
        dialog.setWindowTitle(title)
        QVBoxLayout(dialog).addWidget(view)
        dialog.resize(view.sizeHint())
        return view

    def _load_test_split(self):
        """Called on the evaluation thread, so reading the data never blocks the window."""
        if self._test_split is None:
            from digitpad.core.data import load_dataset

            self._test_split = load_dataset(self.dataset_path).test
        return self._test_split

    def show_evaluation(self) -> None:
        if self.model_object is None:
            self.show_message(
                QMessageBox.Icon.Information,
                self.tr("No model yet"),
                self.tr("Wait for the model to load, or train one."),
            )
            return
        if self.evaluation is None:
            self.evaluation = self._in_dialog(EvaluationView(), self.tr("Evaluate model"))
        self.evaluation.evaluate_model(
            self.model_object, self._load_test_split, self.tr("{} on the test set").format(self.model_name)
        )
        self.evaluation.window().show()
        self.evaluation.window().raise_()

    def show_network(self) -> None:
        if self.network is None:
            self.network = self._in_dialog(NetworkView(), self.tr("Inside the network"))
            if self.model_object is not None:
                self.network.set_model(self.model_object)
            self.network.show_input(self.preview.image_array())
        self.network.window().show()
        self.network.window().raise_()

    def show_handwriting(self) -> None:
        if self.handwriting is None:
            view = HandwritingView(
                current_drawing=self.canvas.image,
                current_model=lambda: self.model_object,
                load_mnist=self._load_train_split,
                clear_drawing=self.canvas.clear,
            )
            view.model_ready.connect(self._use_fine_tuned)
            self.handwriting = self._in_dialog(view, self.tr("My handwriting"))
        self.handwriting.window().show()
        self.handwriting.window().raise_()

    def _load_train_split(self):
        """Called on the fine-tuning thread, so reading the data never blocks the window."""
        from digitpad.core.data import load_dataset

        return load_dataset(self.dataset_path).train

    def _use_fine_tuned(self, model, predictor, caption: str) -> None:
        result = self.handwriting.last_result
        self.model_object = model
        # The test accuracy was the old model's; say what the fine-tuning did instead.
        self.model_metadata = {k: v for k, v in self.model_metadata.items() if k != "test_accuracy"}
        self.model_metadata["fine_tuned"] = {
            "own_samples": result.samples,
            "mnist_samples": result.mnist_samples,
            "own_accuracy_before": result.before,
            "own_accuracy_after": result.after,
        }
        self.model_name = self.tr("{} + my handwriting").format(self.model_name)
        self._use_predictor(predictor, lambda: describe_fine_tuned(result))

    # -- language -----------------------------------------------------------------------------------

    def request_language(self, code: str) -> None:
        """Remember the language and ask for it; ``app.switch_language`` rebuilds the window in it."""
        self.settings.setValue(SETTINGS_KEY, code)
        self.settings.sync()
        self.language_requested.emit(code)

    def set_language_checked(self, code: str) -> None:
        action = self.findChild(QAction, f"language_{code}")
        if action is not None:
            action.setChecked(True)

    def adopt(self, old: MainWindow) -> None:
        """Take over another window's model, drawing and run count (after a language switch): no reload."""
        self.model_object = old.model_object
        self.model_metadata = dict(old.model_metadata)
        self.model_name = old.model_name
        self.load_error = old.load_error
        self._runs = old._runs
        self._test_split = old._test_split
        self.canvas.copy_strokes_from(old.canvas)
        predictor = old.predictions.predictor
        if predictor is not None and old._describe_model is not None:
            self._use_predictor(predictor, old._describe_model)
        elif old.load_error is not None:
            self.probabilities.show_error(self.tr("No model: {}").format(old.load_error))
            self._set_model_caption(self.tr("No model: train one, or open a model file"))
        self.lessons.adopt(old.lessons)

    # -- zoom and projector mode -------------------------------------------------------------------

    def set_zoom(self, factor: float) -> None:
        """Scale every text in the application; layouts grow with it, so the whole window scales."""
        self.zoom = round(min(max(factor, ZOOM_RANGE[0]), ZOOM_RANGE[1]), 2)
        app = QApplication.instance()
        font = QFont(app.property("digitpad_base_font"))
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self.zoom)
        else:
            font.setPixelSize(round(font.pixelSize() * self.zoom))
        app.setFont(font)
        self.statusBar().showMessage(self.tr("Zoom {:.0%}").format(self.zoom), 2000)

    def set_projector_mode(self, on: bool) -> None:
        """Large text, thick chart lines and a plain black-on-white palette for a projector."""
        self.projector = bool(on)
        self.projector_action.setChecked(self.projector)
        app = QApplication.instance()
        if self.projector:
            palette = QPalette(app.property("digitpad_base_palette"))
            for role, colour in (
                (QPalette.ColorRole.Window, "#ffffff"),
                (QPalette.ColorRole.WindowText, "#000000"),
                (QPalette.ColorRole.Base, "#ffffff"),
                (QPalette.ColorRole.Text, "#000000"),
                (QPalette.ColorRole.Button, "#e8e8e8"),
                (QPalette.ColorRole.ButtonText, "#000000"),
                (QPalette.ColorRole.Highlight, "#0033aa"),
                (QPalette.ColorRole.HighlightedText, "#ffffff"),
            ):
                palette.setColor(role, QColor(colour))
            app.setPalette(palette)
            self.set_zoom(max(self.zoom, PROJECTOR_ZOOM))
            self.charts.set_line_scale(PROJECTOR_LINES)
        else:
            app.setPalette(QPalette(app.property("digitpad_base_palette")))
            self.set_zoom(1.0)
            self.charts.set_line_scale(1.0)

    # -- misc ---------------------------------------------------------------------------------------

    def show_message(self, icon, title: str, text: str) -> QMessageBox:
        """A message that does not block: the event loop, the charts and the training thread go on."""
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("message_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def open_messages(self) -> list[tuple[str, str]]:
        """(title, text) of the message boxes now open, for tests and automation."""
        return [(b.windowTitle(), b.text()) for b in self.findChildren(QMessageBox, "message_box") if b.isVisible()]

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About digitpad"),
            self.tr(
                "<h3>digitpad {}</h3><p>Draw a digit and watch a convolutional network classify it; train it "
                "yourself and see overfitting and its cures.</p><p>The network is the classic Keras MNIST CNN. "
                "The MNIST database is by Yann LeCun, Corinna Cortes and Christopher J.C. Burges, used under "
                "CC BY-SA 3.0.</p>"
            ).format(__version__),
        )

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes) and not self.restoreGeometry(QByteArray(geometry)):
            log.info("saved window geometry could not be restored")
        splitter = s.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))
        pen = read_number(s, "canvas/pen_width", self.pen_slider.minimum(), self.pen_slider.maximum(), whole=True)
        if pen is not None:
            self.pen_slider.setValue(pen)
        self.panel.load_settings(s)
        zoom = read_number(s, "view/zoom", *ZOOM_RANGE)
        if str(s.value("view/projector", "false")).lower() == "true":
            self.set_projector_mode(True)
        if zoom is not None and zoom != 1.0:
            self.set_zoom(zoom)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        s.setValue("canvas/pen_width", self.pen_slider.value())
        s.setValue("view/zoom", self.zoom)
        s.setValue("view/projector", self.projector)
        with own_settings(self.panel):  # the student's own switches, not a lesson's
            self.panel.save_settings(s)
        s.sync()

    def closeEvent(self, event) -> None:
        if self.is_training():
            self.job.state.abort()
            if not self.job.wait(CLOSE_WAIT_S):
                log.warning("training did not stop within %.0f s; closing anyway", CLOSE_WAIT_S)
        self.save_settings()
        self.predictions.close()
        super().closeEvent(event)
