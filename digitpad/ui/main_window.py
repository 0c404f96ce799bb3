"""digitpad's main window: draw and predict on the left, training controls in the middle, charts right.

The window only displays a ``Session`` and forwards what the user does to it. The Session owns the model,
the runs and every background task; a window rebuilt in another language binds to the same Session and
shows the same state. The GUI thread never waits for TensorFlow.
"""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QEvent, QSettings, QSize, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QFont, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from digitpad import __version__
from digitpad.core.config import ConfigError
from digitpad.ui.accessibility import announce
from digitpad.ui.canvas import DrawingCanvas
from digitpad.ui.charts import TrainingCharts
from digitpad.ui.class_view import ClassDock
from digitpad.ui.close_guard import CloseGuard
from digitpad.ui.evaluation_view import EvaluationView
from digitpad.ui.export_dialog import Exporter
from digitpad.ui.handwriting_view import HandwritingView
from digitpad.ui.i18n import LANGUAGES, SETTINGS_KEY, installed_language
from digitpad.ui.lessons import LessonBanner, LessonController, own_settings
from digitpad.ui.messages import config_problems, describe, series_name
from digitpad.ui.network_view import NetworkView
from digitpad.ui.preview import ModelInputPreview
from digitpad.ui.probabilities import ProbabilityPanel
from digitpad.ui.projector import projector_palette
from digitpad.ui.runs_view import RunsDock
from digitpad.ui.session import Session
from digitpad.ui.settings_values import read_number, read_switch, read_text
from digitpad.ui.training_panel import TrainingPanel
from digitpad.ui.window_layout import COMPACT, MODES, WindowLayout

log = logging.getLogger(__name__)

ZOOM_STEP = 0.1
ZOOM_RANGE = (0.8, 2.5)
PROJECTOR_ZOOM = 1.5
PROJECTOR_LINES = 2.5
PREDICT_WHILE_DRAWING_MS = 60  # at most ~16 predictions a second while the pen moves
RUNS_DOCK_MIN_SCREEN = 1600  # narrower screens start with the Runs dock hidden
TITLE_BAR_RESERVE = 40  # a window not yet shown: leave its title bar room on the screen


def format_duration(seconds: float | None) -> str:
    if seconds is None:
        return "…"
    seconds = round(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class MainWindow(QMainWindow):
    language_requested = Signal(str)  # a language code of i18n.LANGUAGES, chosen in View → Language

    def __init__(
        self, session: Session | None = None, settings: QSettings | None = None, dataset_path=None, model_path=None
    ):
        """Show ``session``; without one, a new Session is made from ``settings``, ``dataset_path`` and
        ``model_path`` (its model loads when ``start_loading`` is called)."""
        super().__init__()
        self.setObjectName("main_window")
        self.setWindowTitle("digitpad")
        self.session = session if session is not None else Session(settings, dataset_path, model_path)
        self.settings = self.session.settings
        self.zoom = 1.0
        self.projector = False
        app = QApplication.instance()
        if app.property("digitpad_base_font") is None:  # the font before any zoom, kept across windows
            app.setProperty("digitpad_base_font", QFont(app.font()))
            app.setProperty("digitpad_base_palette", QPalette(app.palette()))
        self._announced = ""  # the last prediction a screen reader was told
        self.close_guard = CloseGuard(self)  # asks before a close would lose a network still training
        self.evaluation: EvaluationView | None = None  # the teaching views, made when first opened
        self.network: NetworkView | None = None
        self.handwriting: HandwritingView | None = None

        self.canvas = DrawingCanvas()
        self.preview = ModelInputPreview()
        self.probabilities = ProbabilityPanel()
        self.panel = TrainingPanel()
        self.lesson_banner = LessonBanner()  # in a dock of its own while a lesson is on
        self.charts = TrainingCharts()

        self._build_layout()
        self.runs_dock = RunsDock(self)  # the runs kept, to show, compare, repeat and hand over (View → Runs)
        self.docks.add_side_dock(self.runs_dock)
        if self.screen().availableGeometry().width() < RUNS_DOCK_MIN_SCREEN:
            self.runs_dock.hide()  # a laptop's screen needs the room for the charts: View → Runs (Ctrl+R) shows it
        self.exporter = Exporter(self)  # File → Export
        self.class_dock = ClassDock(self)  # the class folder on the school's share (Class menu, status bar)
        self._build_actions()
        self._connect()
        self._restore_settings()
        self.docks.fit(self.size())
        self._show_session()
        self.session.attach(self)

    # -- layout -------------------------------------------------------------------------------------

    def _build_layout(self) -> None:
        """The drawing, the prediction and the run controls in the middle, always in view; the settings,
        the charts and the teaching views in docks arranged for the room there is (``WindowLayout``)."""
        draw = QWidget()
        draw.setObjectName("draw_column")
        col = QVBoxLayout(draw)
        col.setContentsMargins(6, 6, 6, 0)
        col.addWidget(self.canvas, 3)
        tools = QHBoxLayout()
        self.pen_slider = QSlider(Qt.Orientation.Horizontal)
        self.pen_slider.setObjectName("pen_width_slider")
        self.pen_slider.setRange(6, 40)
        self.pen_slider.setValue(int(self.canvas.pen_width()))
        self.pen_slider.setToolTip(self.tr("Pen width"))
        self.pen_slider.setAccessibleName(self.tr("Pen width"))
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setObjectName("undo_button")
        self.undo_button.setToolTip(self.tr("Undo the last stroke (Ctrl+Z)"))
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setObjectName("clear_button")
        self.clear_button.setToolTip(self.tr("Clear the drawing (Esc or Delete)"))
        pen_label = QLabel(self.tr("Pen"))
        pen_label.setBuddy(self.pen_slider)
        tools.addWidget(pen_label)
        tools.addWidget(self.pen_slider, 1)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.clear_button)
        col.addLayout(tools)
        col.addWidget(self.probabilities.take_caption())  # which model predicts, across the column
        seen = QHBoxLayout()
        seen.addWidget(self.preview, 0)
        seen.addWidget(self.probabilities, 1)
        col.addLayout(seen, 2)
        col.addWidget(self.panel.take_run_controls())
        self.setCentralWidget(draw)

        self.docks = WindowLayout(self, self.panel, self.charts, self.lesson_banner)

        self.model_status = QLabel()
        self.model_status.setObjectName("model_status")
        self.statusBar().addPermanentWidget(self.model_status)

    def _build_actions(self) -> None:
        """The menus, left to right, with their shortcuts."""
        self._build_file_menu()
        self._build_drawing_menu()
        self._build_training_menu()
        self._build_view_menu()
        self._build_lessons_menu()
        self.menuBar().addMenu(self.class_dock.make_menu(self))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self._action(self.tr("&About digitpad"), self.show_about))

    def _action(self, text, slot, shortcut=None, tip=None, name=None) -> QAction:
        """A window-wide action (its shortcut works with the menus hidden) calling ``slot``."""
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

    def _build_file_menu(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.open_action = self._action(
            self.tr("&Open model…"),
            self.open_model,
            QKeySequence.StandardKey.Open,
            self.tr("Load a .keras model file to predict with"),
            "open_action",
        )
        self.save_action = self._action(
            self.tr("&Save model as…"),
            self.save_model,
            QKeySequence.StandardKey.Save,
            self.tr("Save the model now predicting, with its settings and history"),
            "save_action",
        )
        self.revert_action = self._action(
            self.tr("Use the &shipped model"),
            self.use_shipped_model,
            None,
            self.tr("Go back to the pretrained model that came with digitpad"),
        )
        file_menu.addActions([self.open_action, self.save_action, self.revert_action])
        file_menu.addSeparator()
        runs = self.runs_dock.view
        file_menu.addAction(
            self._action(self.tr("Open e&xperiment…"), runs.open_experiment, None, None, "open_experiment_action")
        )
        file_menu.addAction(
            self._action(self.tr("Save experi&ment…"), runs.save_experiment, None, None, "save_experiment_action")
        )
        file_menu.addMenu(self.exporter.make_menu(file_menu))
        file_menu.addSeparator()
        file_menu.addAction(self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit))

    def _build_drawing_menu(self) -> None:
        edit = self.menuBar().addMenu(self.tr("&Drawing"))
        edit.addAction(self._action(self.tr("&Undo stroke"), self.canvas.undo, QKeySequence.StandardKey.Undo))
        clear = self._action(self.tr("&Clear"), self.canvas.clear, None)
        clear.setShortcuts([QKeySequence(Qt.Key.Key_Escape), QKeySequence(QKeySequence.StandardKey.Delete)])
        edit.addAction(clear)
        edit.addSeparator()
        edit.addAction(
            self._action(
                self.tr("Use a &test digit"),
                lambda _checked=False: self.session.pick_test_digit(None),  # not "checked" as the digit
                "Ctrl+T",
                self.tr(
                    "Put a random digit from the MNIST test set on the canvas (on the canvas, a digit key picks which)"
                ),
                "test_digit_action",
            )
        )

    def _build_training_menu(self) -> None:
        train = self.menuBar().addMenu(self.tr("&Training"))
        self.train_action = self._action(self.tr("&Train"), self.start_training, "F5", name="train_action")
        self.pause_action = self._action(self.tr("&Pause / resume"), self.panel.pause_button.click, "F6")
        self.stop_action = self._action(self.tr("&Stop"), self.stop_training, "Shift+F5")
        clear_runs = self._action(self.tr("&Clear earlier runs"), self.session.clear_earlier_runs, "Ctrl+L")
        train.addActions([self.train_action, self.pause_action, self.stop_action, clear_runs])

    def _build_view_menu(self) -> None:
        """The other views, the zoom, projector mode and the language."""
        view = self.menuBar().addMenu(self.tr("&View"))
        view.addAction(
            self._action(
                self.tr("&Evaluate model…"),
                self.show_evaluation,
                "Ctrl+E",
                self.tr("Test the model now predicting on the test set"),
                "evaluate_action",
            )
        )
        view.addAction(
            self._action(
                self.tr("&Inside the network"),
                self.show_network,
                "Ctrl+I",
                self.tr("See what each layer finds in your drawing"),
                "network_action",
            )
        )
        view.addAction(
            self._action(
                self.tr("My &handwriting…"),
                self.show_handwriting,
                "Ctrl+H",
                self.tr("Label your own drawings and fine-tune the model on them"),
                "handwriting_action",
            )
        )
        view.addAction(self.runs_dock.toggleViewAction())
        view.addSeparator()
        self._build_panel_actions(view)
        view.addSeparator()
        zoom_in = self._action(
            self.tr("Zoom &in"), lambda: self.set_zoom(self.zoom + ZOOM_STEP), None, None, "zoom_in_action"
        )
        zoom_in.setShortcuts([QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")])
        view.addAction(zoom_in)
        view.addAction(
            self._action(
                self.tr("Zoom &out"),
                lambda: self.set_zoom(self.zoom - ZOOM_STEP),
                QKeySequence.StandardKey.ZoomOut,
                None,
                "zoom_out_action",
            )
        )
        view.addAction(
            self._action(self.tr("&Actual size"), lambda: self.set_zoom(1.0), "Ctrl+0", None, "zoom_reset_action")
        )
        self.projector_action = self._action(
            self.tr("&Projector mode"),
            self.set_projector_mode,
            "Ctrl+Shift+P",
            self.tr("Large text, thick lines and high contrast for the back of the room"),
            "projector_action",
        )
        self.projector_action.setCheckable(True)
        view.addAction(self.projector_action)
        view.addSeparator()
        self._build_language_menu(view)

    def _build_panel_actions(self, view: QMenu) -> None:
        """Keyboard ways to the docks, which may be tabs (a tab bar takes no keyboard focus)."""
        docks = self.docks
        for text, dock, key, name in (
            (self.tr("Training &settings"), docks.training_dock, "Ctrl+1", "show_settings_action"),
            (self.tr("C&harts"), docks.charts_dock, "Ctrl+2", "show_charts_action"),
            (self.tr("Network &layers"), docks.layers_dock, "Ctrl+3", "show_layers_action"),
            (self.tr("Le&sson"), docks.lesson_dock, "Ctrl+4", "show_lesson_action"),
        ):
            view.addAction(self._action(text, lambda _=False, d=dock: self.focus_dock(d), key, None, name))

    def focus_dock(self, dock) -> None:
        """Bring a dock to the front and put the keyboard focus in it."""
        if dock is self.docks.lesson_dock and self.session.lesson is None:
            return
        self.docks.show_dock(dock)
        dock.widget().setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not dock.widget().hasFocus():
            dock.widget().focusNextChild()

    def _build_language_menu(self, view: QMenu) -> None:
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

    def _build_lessons_menu(self) -> None:
        self.lessons = LessonController(self.panel, self.lesson_banner, self.show_message, self)
        self.lessons.lesson_changed.connect(lambda lesson: setattr(self.session, "lesson", lesson))
        self.lessons.lesson_changed.connect(lambda lesson: self.docks.set_lesson_shown(lesson is not None))
        self.menuBar().addMenu(self.lessons.make_menu(self))

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

        self.canvas.digit_key_pressed.connect(self.session.pick_test_digit)
        self.session.test_digit_picked.connect(self._show_test_digit)
        self.canvas.stroke_finished.connect(self._remember_drawing)
        self.canvas.undone.connect(self._remember_drawing)
        self.canvas.cleared.connect(self._remember_drawing)

        self.panel.start_clicked.connect(self.start_training)
        self.panel.pause_clicked.connect(self._toggle_pause)
        self.panel.stop_clicked.connect(self.stop_training)
        self.charts.clear_requested.connect(self.session.clear_earlier_runs)

        session = self.session
        session.model_changed.connect(self._model_changed)
        session.load_failed.connect(self._load_failed)
        session.predicted.connect(self._show_prediction)
        session.nothing_drawn.connect(self._show_nothing)
        session.prediction_failed.connect(self._prediction_failed)  # methods, not lambdas: Qt disconnects them
        # when this window is deleted (after a language switch), while the Session lives on
        session.run_started.connect(self._run_started)
        session.run_batch.connect(self._batch)
        session.run_epoch.connect(self._epoch)
        session.run_series_finished.connect(self.charts.series_finished)
        session.run_finished.connect(self._training_finished)
        session.run_failed.connect(self._training_failed)
        session.run_ended_without_model.connect(self._training_stopped_early)
        session.runs_cleared.connect(self.charts.runs_removed)
        session.training_paused.connect(self._show_paused)

    def _show_session(self) -> None:
        """Show what the Session holds already (a window bound to it after a language switch)."""
        session = self.session
        self.charts.bind(session.runs)
        if session.drawing:
            self.canvas.restore_strokes(session.drawing)
        if session.lesson is not None:
            self.lessons.resume(session.lesson, session.panel_values)
        elif session.panel_values:
            self.panel.set_values(session.panel_values)
        if session.model is not None or session.load_error is not None:
            self._show_model()
        else:
            self.probabilities.show_loading(self.tr("Loading the model… (you can draw already)"))
            self._set_model_caption(self.tr("No model yet"))
        if session.is_training():
            self.panel.set_running(True)
            record = session.runs.latest
            if record is not None and record.running and record.last_batch is not None:
                self._batch(record, record.last_batch.series)
            else:
                self.panel.set_progress(0, self.tr("Starting… (loading the data and TensorFlow)"))
            if session.paused:
                self._show_paused(True)

    # -- models -------------------------------------------------------------------------------------

    def start_loading(self) -> None:
        """Load the starting model in the background (TensorFlow's import happens there too)."""
        self.session.start_loading()

    @property
    def model_object(self):
        """The Keras model now predicting (None before TensorFlow has loaded one)."""
        model = self.session.model
        return None if model is None else model.keras

    def _set_model_caption(self, text: str) -> None:
        self.probabilities.set_model_caption(text)
        self.model_status.setText(text)

    def _model_changed(self) -> None:
        """A new model predicts (or the one asked for could not be loaded)."""
        self._show_model()
        model = self.session.model
        if model is not None and not model.is_stand_in and model.path is not None:
            self.statusBar().showMessage(self.tr("Loaded {}").format(model.path), 5000)

    def _show_model(self) -> None:
        model = self.session.model
        if model is None:
            error = self.session.load_error
            if error is not None:
                self.probabilities.show_error(self.tr("No model: {}").format(describe(error)))
                self._set_model_caption(self.tr("No model: train one, or open a model file"))
            return
        self._set_model_caption(self.tr("Predicting with: {}").format(model.caption()))
        if not model.is_stand_in:
            if self.network is not None:
                self.network.set_model(model.keras)
            if self.evaluation is not None and self.evaluation.isVisible():
                self.show_evaluation()  # a new model: evaluate it at once
        self.request_prediction()

    def _load_failed(self, path, exc) -> None:
        self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot open model"), describe(exc))

    def open_model(self) -> None:
        start = self._last_dir()
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open model"), str(start), self.tr("Keras models (*.keras);;All files (*)")
        )
        if path:
            self.settings.setValue("files/last_dir", str(Path(path).parent))
            self.session.load_model(path)

    def use_shipped_model(self) -> None:
        self.session.use_shipped_model()

    def save_model(self) -> bool:
        """Ask for a file and save the model now predicting; whether it was saved."""
        if not self.session.has_model:
            self.show_message(
                QMessageBox.Icon.Information, self.tr("Nothing to save"), self.tr("There is no model yet.")
            )
            return False
        start = Path(self._last_dir())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save model"), str(start / "my-digit-model.keras"), self.tr("Keras models (*.keras)")
        )
        return bool(path) and self.save_model_to(path)

    def _last_dir(self) -> str:
        """The folder last used for a model file (a saved text), else the user's documents."""
        saved = read_text(self.settings, "files/last_dir")
        return saved or QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)

    def save_model_to(self, path) -> bool:
        from digitpad.core.modelfile import ModelFileError

        try:
            written = self.session.save_model(path)
        except (ModelFileError, OSError) as exc:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Cannot save model"), describe(exc))
            return False
        self.settings.setValue("files/last_dir", str(written.parent))
        self.statusBar().showMessage(self.tr("Saved {}").format(written), 5000)
        return True

    # -- drawing and predicting ---------------------------------------------------------------------

    def _drawing_moved(self) -> None:
        if not self._throttle.isActive():
            self._throttle.start()

    def _remember_drawing(self) -> None:
        self.session.drawing = self.canvas.stroke_snapshot()

    def request_prediction(self) -> None:
        self._throttle.stop()
        if self.canvas.is_empty():
            self.session.forget_predictions()
            self.preview.set_image(None)
            if self.network is not None:
                self.network.show_input(None)
            if self.session.model is not None:
                self.probabilities.show_empty()
            return
        if self.session.model is None:
            # No model yet: still show what the network will see.
            from digitpad.core.preprocess import NothingDrawn, preprocess

            try:
                self.preview.set_image(preprocess(self.canvas.image()))
            except NothingDrawn:
                self.preview.set_image(None)
            return
        self.session.predict(self.canvas.image())

    def _show_test_digit(self, image28, label: int, index: int) -> None:
        self.canvas.show_digit(image28)
        self.canvas.setFocus()
        announce(self.canvas, self.tr("Test image number {}, a {}, is on the canvas.").format(index, label))

    def _show_prediction(self, image28: np.ndarray, prediction) -> None:
        if self.canvas.is_empty():
            return  # an answer to a drawing that has been cleared meanwhile
        self.preview.set_image(image28)
        if self.network is not None:
            self.network.show_input(image28)
        self.probabilities.show_probabilities(prediction.probabilities, prediction.member_picks)
        if not self.canvas.is_drawing():  # once the pen is up: a screen reader hears the answer, not every step
            verdict = self.probabilities.predicted_text()
            if verdict != self._announced:
                self._announced = verdict
                announce(self.probabilities, self.tr("The network says: {}").format(verdict))

    def _prediction_failed(self, exc: BaseException) -> None:
        self.probabilities.show_error(describe(exc))

    def _show_nothing(self) -> None:
        self.preview.set_image(None)
        self.probabilities.show_empty()
        self._announced = ""

    # -- training -----------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.session.is_training()

    def start_training(self) -> None:
        if self.is_training():
            return
        try:
            config = self.panel.config()
        except ConfigError as exc:
            self.show_message(QMessageBox.Icon.Warning, self.tr("Impossible settings"), "\n".join(config_problems(exc)))
            return
        self.session.start_training(config)
        self.panel.set_running(True)
        self.panel.set_progress(0, self.tr("Starting… (loading the data and TensorFlow)"))

    def _toggle_pause(self) -> None:
        self.session.pause_training(self.panel.pause_button.isChecked())

    def _show_paused(self, paused: bool) -> None:
        self.panel.pause_button.setChecked(paused)
        if paused:
            self.panel.pause_button.setText(self.tr("Resume"))
            self.panel.progress_label.setText(self.tr("Paused"))
        else:
            self.panel.pause_button.setText(self.tr("Pause"))

    def stop_training(self) -> None:
        if self.is_training():
            self.session.stop_training()
            self.panel.set_stopping(
                self.tr("Stopping… finishing this batch, then testing the network on the test images")
            )

    def _run_started(self, record) -> None:
        self.charts.run_started(record)
        self.panel.set_running(True)  # also the 2nd, 3rd ... run of a repeat
        if self.docks.mode() == COMPACT:
            self.docks.show_charts()  # the settings are set; the curves are what to watch now
        info = record.info
        self.statusBar().showMessage(
            self.tr("Training on {} images, validating on {}").format(
                f"{info.train_samples:,}", f"{info.validation_samples:,}"
            ),
            5000,
        )

    def _series_prefix(self, record, index: int) -> str:
        return f"{series_name(record.series[index].name)} · " if len(record.series) > 1 else ""

    def _batch(self, record, series_index: int) -> None:
        self.charts.batch_added(record, series_index)
        if self.session.paused or self.session.stopping():
            return
        r = record.last_batch
        self.panel.set_progress(
            r.progress,
            self.tr("{}epoch {}/{} · batch {}/{} · {} images/s · {} left").format(
                self._series_prefix(record, r.series),
                r.epoch,
                record.info.epochs,
                r.batch,
                r.batches_per_epoch,
                f"{r.samples_per_s:,.0f}",
                format_duration(r.eta_s),
            ),
        )

    def _epoch(self, record, series_index: int) -> None:
        self.charts.epoch_added(record, series_index)
        r = record.last_epoch
        text = self.tr("{}epoch {}: loss {:.4f}, accuracy {:.2%}").format(
            self._series_prefix(record, r.series), r.epoch, r.loss, r.accuracy
        )
        if r.val_accuracy is not None:
            text += self.tr(" · validation {:.2%}").format(r.val_accuracy)
        if r.regularization_loss is not None:
            text += self.tr(" · penalty {:.4f}").format(r.regularization_loss)
        self.statusBar().showMessage(text)

    def _training_finished(self, record) -> None:
        self.panel.set_running(False)
        self.charts.run_ended(record)
        summary = self.tr("Trained in {} · test accuracy {:.2%}").format(
            format_duration(record.seconds), record.test_accuracy
        )
        if record.mode == "ensemble":
            members = ", ".join(f"{a:.1%}" for a in record.member_test_accuracies() if a is not None)
            summary += self.tr(" (members alone: {})").format(members)
        if record.mode == "kfold" and record.fold_mean is not None:
            summary += self.tr(" · {}-fold validation accuracy {:.2%} ± {:.2%}, predicting with fold {}").format(
                record.config.kfold, record.fold_mean, record.fold_std, record.chosen_fold
            )
        reached = 1.0
        if record.stopped_by_user:
            summary = self.tr("Stopped early. ") + summary
            last = record.last_epoch if record.last_batch is None else record.last_batch
            reached = last.progress if last is not None else 0.0  # the bar stays where the run stopped
        self.panel.set_progress(reached, summary)
        self.close_guard.training_ended(model_ready=True)

    def _training_failed(self, record, exc) -> None:
        self.panel.set_running(False)
        if record is not None:
            self.charts.run_ended(record)
        self.panel.set_progress(0, self.tr("Training failed"))
        self.show_message(QMessageBox.Icon.Warning, self.tr("Training failed"), describe(exc))
        self.close_guard.training_ended(model_ready=False)

    def _training_stopped_early(self, record) -> None:
        self.panel.set_running(False)
        if record is not None:
            self.charts.run_ended(record)
        self.panel.set_progress(0, self.tr("Stopped before any network finished; the previous model still predicts"))
        self.close_guard.training_ended(model_ready=False)

    # -- teaching views -----------------------------------------------------------------------------

    def _in_dock(self, view: QWidget, title: str, name: str) -> QWidget:
        """A teaching view as a dock tabbed over the charts: the drawing stays in view beside it."""
        self.docks.add_view(view, title, name)
        return view

    def _in_dialog(self, view: QWidget, title: str, size: QSize) -> QWidget:
        """A view in a window of its own (Compare: wide tables and charts), never larger than the screen."""
        dialog = QDialog(self)  # non-modal: drawing goes on while it is open
        dialog.setWindowTitle(title)
        QVBoxLayout(dialog).addWidget(view)
        room = self.screen().availableGeometry().size() - QSize(0, TITLE_BAR_RESERVE)
        dialog.resize(size.boundedTo(room))
        return view

    def _show_view(self, view: QWidget) -> None:
        self.docks.show_dock(view.parentWidget())

    def show_evaluation(self) -> None:
        if not self.session.has_model:
            self.show_message(
                QMessageBox.Icon.Information,
                self.tr("No model yet"),
                self.tr("Wait for the model to load, or train one."),
            )
            return
        if self.evaluation is None:
            view = EvaluationView(self.session.tasks)
            self.evaluation = self._in_dock(view, self.tr("Evaluation"), "evaluation_dock")
        model = self.session.model
        self.evaluation.evaluate_model(
            model.keras, lambda: self.session.dataset().test, self.tr("{} on the test set").format(model.name())
        )
        self._show_view(self.evaluation)

    def show_network(self) -> None:
        if self.network is None:
            view = NetworkView(self.session.tasks)
            self.network = self._in_dock(view, self.tr("Inside"), "network_dock")
            if self.session.has_model:
                self.network.set_model(self.session.model.keras)
            self.network.show_input(self.preview.image_array())
        self._show_view(self.network)

    def show_handwriting(self) -> None:
        if self.handwriting is None:
            view = HandwritingView(self.session, current_drawing=self.canvas.image, clear_drawing=self.canvas.clear)
            self.handwriting = self._in_dock(view, self.tr("My digits"), "handwriting_dock")
        self._show_view(self.handwriting)

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

    # -- zoom and projector mode -------------------------------------------------------------------

    def set_zoom(self, factor: float, announce: bool = True) -> None:
        """Scale every text in the application; layouts grow with it, so the whole window scales."""
        growing = factor > self.zoom
        self.zoom = round(min(max(factor, ZOOM_RANGE[0]), ZOOM_RANGE[1]), 2)
        before = self.size()
        if growing and self.docks.mode() != COMPACT:
            self.docks.apply(COMPACT)  # the smallest arrangement first, so bigger text never grows the window
        app = QApplication.instance()
        font = QFont(app.property("digitpad_base_font"))
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self.zoom)
        else:
            font.setPixelSize(round(font.pixelSize() * self.zoom))
        app.setFont(font)
        # Qt posts the font change to every widget, then the layouts' requests to be redone: deliver both now,
        # so the sizes measured next are the new ones.
        QApplication.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.docks.refresh()
        # Bigger text in the old arrangement may have grown the window before the new one was chosen: give
        # back what the new arrangement does not need.
        if self.isVisible() and not (self.isMaximized() or self.isFullScreen()) and self.size() != before:
            self.layout().activate()
            self.resize(before.expandedTo(self.minimumSizeHint()))
        if announce:
            self.statusBar().showMessage(self.tr("Zoom {:.0%}").format(self.zoom), 2000)

    def _room(self) -> QSize:
        """The window's room: its size once shown, else the screen's free area less a title bar."""
        if self.isVisible():
            return self.size()
        screen = self.screen() or QApplication.primaryScreen()
        free = screen.availableGeometry().size()
        return QSize(free.width(), free.height() - TITLE_BAR_RESERVE)

    def _largest_zoom_that_fits(self, most: float) -> float:
        """Try ``most``, then 0.1 less at a time down to 1.0: the first zoom at which every control and
        chart fits the window (measured with the widgets' own minimum sizes at that zoom)."""
        room = self._room()
        layout = self.layout()
        constraint = layout.sizeConstraint()
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # trying a zoom never grows the window
        try:
            zoom = most
            while zoom > 1.0:
                self.set_zoom(zoom, announce=False)
                if any(self.docks.fits(mode, room) for mode in MODES):
                    return zoom
                zoom = round(zoom - ZOOM_STEP, 2)
            return 1.0
        finally:
            layout.setSizeConstraint(constraint)

    def set_projector_mode(self, on: bool) -> None:
        """Large text (as large as fits, up to 1.5×), thick chart lines and a black-on-white palette in
        which disabled controls are plainly grey."""
        self.projector = bool(on)
        self.projector_action.setChecked(self.projector)
        app = QApplication.instance()
        if self.projector:
            app.setPalette(projector_palette(app.property("digitpad_base_palette")))
            self.set_zoom(self._largest_zoom_that_fits(max(self.zoom, PROJECTOR_ZOOM)))
            self.charts.set_line_scale(PROJECTOR_LINES)
        else:
            app.setPalette(QPalette(app.property("digitpad_base_palette")))
            self.set_zoom(1.0)
            self.charts.set_line_scale(1.0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.docks.fit(event.size())

    def show_first(self) -> None:
        """Show the window as it was last time, or maximised the first time: every screen a classroom has is
        small for all the window shows, so it takes the whole screen unless the student made it smaller."""
        if self.geometry_restored:
            self.show()
            return
        screen = self.screen() or QApplication.primaryScreen()
        self.setGeometry(screen.availableGeometry())  # where no window manager maximises (a kiosk, a test X server)
        self.showMaximized()

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
        self.geometry_restored = isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(QByteArray(geometry))
        if geometry is not None and not self.geometry_restored:
            log.info("saved window geometry could not be restored")
        runs_shown = read_switch(s, "window/runs_shown")  # the Runs dock, as the student left it
        if runs_shown is not None:
            self.runs_dock.setVisible(runs_shown)
        pen = read_number(s, "canvas/pen_width", self.pen_slider.minimum(), self.pen_slider.maximum(), whole=True)
        if pen is not None:
            self.pen_slider.setValue(pen)
        self.panel.load_settings(s)
        zoom = read_number(s, "view/zoom", *ZOOM_RANGE)
        if read_switch(s, "view/projector"):
            self.set_projector_mode(True)
        if zoom is not None and zoom != 1.0:
            self.set_zoom(zoom)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("window/geometry", self.saveGeometry())
        if not self.runs_dock.isFloating():
            s.setValue("window/runs_shown", self.runs_dock.isVisible())
        s.setValue("canvas/pen_width", self.pen_slider.value())
        s.setValue("view/zoom", self.zoom)
        s.setValue("view/projector", self.projector)
        with own_settings(self.panel):  # the student's own switches, not a lesson's
            self.panel.save_settings(s)
        s.sync()
        self.session.panel_values = self.panel.values()  # what this window shows, for the next one

    def closeEvent(self, event) -> None:
        if self.close_guard.should_ask():
            event.ignore()  # a network is training and would be lost: ask first (without blocking)
            self.close_guard.ask()
            return
        self.save_settings()
        self.session.detach(self)  # the last window to close stops the background work, within seconds
        super().closeEvent(event)

    def close_question_open(self) -> bool:
        return self.close_guard.question_open()

    def answer_close_question(self, answer: str, path=None) -> None:
        """Answer the question asked when closing while a network trains: "save" (stop, wait for the tested
        network, save it to ``path`` or a chosen file, then close), "discard" (close now; the network is lost)
        or "cancel" (go on training). Its buttons call this; tests and automation call it directly."""
        self.close_guard.answer(answer, path)
