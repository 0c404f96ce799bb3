"""The Session: the one owner of what a student is working with, shown by whichever window is open.

It owns the model now predicting (with its metadata and predictor), the history of runs with every
curve, the data set (loaded once, on a worker thread), the handwriting store, the lesson in force, the
drawing, and every background job (through one ``TaskRunner``). Windows only display it and forward
what the user does; a language switch binds a new window to the same Session, so nothing is lost.

Why a QObject in the UI rather than a Qt-free core object with an adapter: the Session's whole job is
to turn answers arriving from worker threads into signals that views observe on the GUI thread, which
is what Qt's queued signals are for. Everything it holds that has meaning without a window is a Qt-free
core object already (``RunHistory``, ``TrainingConfig``, ``LoadedModel``, ``HandwritingStore``,
``Lesson``, the data set), so the command line and the tests use the same pieces without Qt.

All methods are called on the GUI thread, except ``dataset`` which worker tasks call.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QSettings, Signal

from digitpad.core.config import TrainingConfig
from digitpad.core.reporting import BatchReport, EpochReport, Reporter, RunInfo
from digitpad.core.resources import default_model_path
from digitpad.core.runs import RepeatGroup, RunHistory, RunRecord, new_id
from digitpad.core.tasks import TaskState
from digitpad.core.training import TrainingStopped
from digitpad.ui.messages import model_description, settings_label
from digitpad.ui.tasks import Task, TaskRunner

log = logging.getLogger(__name__)

SHUTDOWN_WAIT_S = 5.0

# The task runner's channels.
LOAD, PREDICT, TRAIN, HANDWRITING, TEST_DIGIT = "load-model", "predict", "train", "handwriting", "test-digit"
EXPERIMENT = "experiment"  # opening and saving experiment files
STORE = "store-"  # + a run's id: each run is saved on a channel of its own, so that no save replaces another
STAND_IN = "stand-in"


@dataclass
class CurrentModel:
    """The model now predicting. ``caption()`` and ``name()`` are asked again whenever shown, so a
    window in another language describes the same model in its own words."""

    keras: object | None  # None for the NumPy stand-in used before TensorFlow has loaded
    predictor: object
    caption: Callable[[], str]
    name: Callable[[], str]
    metadata: dict = field(default_factory=dict)
    path: Path | None = None
    run_id: str | None = None  # the run that made it, when it is a run's model

    @property
    def is_stand_in(self) -> bool:
        return self.keras is None


@dataclass
class FineTuned:
    """What fine-tuning on the student's handwriting did, kept with the model it made."""

    result: object  # core.handwriting.FineTuneResult
    base_name: Callable[[], str]


class _ReportToState(Reporter):
    """The training engine's ``Reporter``: every report goes to the task runner through the task's state."""

    def __init__(self, state: TaskState):
        self.state = state

    def run_started(self, info: RunInfo) -> None:
        self.state.report(info)

    def batch(self, report: BatchReport) -> None:
        self.state.report(report)

    def epoch(self, report: EpochReport) -> None:
        self.state.report(report)

    def series_finished(self, index: int, result) -> None:
        self.state.report((index, result))


class Session(QObject):
    # The model.
    model_changed = Signal()  # ``model`` is a new model (or the NumPy stand-in while TensorFlow loads)
    load_failed = Signal(object, object)  # (path, exception): the model asked for could not be loaded
    # Predictions of the drawing.
    predicted = Signal(object, object)  # (28x28 input, Prediction)
    nothing_drawn = Signal()
    prediction_failed = Signal(object)  # exception
    test_digit_picked = Signal(object, int, int)  # (28x28 uint8 image, its label, its index in the test set)
    # Training runs: the RunRecord in ``runs`` that changed.
    run_started = Signal(object)
    run_batch = Signal(object, int)  # (record, series index)
    run_epoch = Signal(object, int)
    run_series_finished = Signal(object, int)
    run_finished = Signal(object)  # a model came out of it and now predicts
    run_failed = Signal(object, object)  # (record or None when it failed before starting, exception)
    run_ended_without_model = Signal(object)  # stopped before any network finished
    runs_cleared = Signal()
    training_paused = Signal(bool)
    # Keeping runs (core/experiments.py): the list of runs changed (restored, saved, renamed, shown or hidden,
    # deleted, opened from a file); a run's curves were shown or hidden; a repeat group has finished.
    runs_changed = Signal()
    runs_added = Signal(object)  # a list of whole runs that arrived from a file (drawn faded)
    run_visibility_changed = Signal(object)  # the RunRecord
    repeat_finished = Signal(str)  # the group's id
    experiment_opened = Signal(object, int, int)  # (path, runs added, runs already here)
    experiment_saved = Signal(object, int)  # (path, runs written)
    experiment_failed = Signal(object)  # exception: an experiment file or the store could not be read or written
    # Jobs on the student's handwriting.
    handwriting_progress = Signal(object)  # a BatchReport while fine-tuning
    handwriting_checked = Signal(float, int)  # (accuracy, number of the student's digits)
    handwriting_failed = Signal(object)  # exception
    fine_tuned = Signal(object)  # core.fair_finetune.FairFineTune: its model now predicts

    def __init__(  # noqa: PLR0913 -- each names a part a caller may give ready-made
        self,
        settings: QSettings | None = None,
        dataset_path=None,
        model_path=None,
        dataset=None,
        parent=None,
        run_store=None,
    ):
        """``dataset`` may give the data set already read (tests, the benchmark); else it is read from
        ``dataset_path`` (the bundled MNIST when None) the first time a task needs it. ``run_store`` is
        where runs are kept (a ``core.experiments.RunStore``; the user's data folder when None): the runs
        stored there come back at once, faded."""
        super().__init__(parent)
        if settings is None:
            from digitpad.ui.settings_file import open_settings

            settings = open_settings().settings
        self.settings = settings
        self.dataset_path = dataset_path
        self.initial_model_path = Path(model_path) if model_path else default_model_path()
        self.tasks = TaskRunner(self)
        self.model: CurrentModel | None = None
        self.load_error: BaseException | None = None  # why there is no model at all, if that is the case
        self.fine_tuned_result: FineTuned | None = None
        self.runs = RunHistory()
        self.training: Task | None = None
        self._training_record: RunRecord | None = None
        self._training_config: TrainingConfig | None = None
        self.lesson = None  # the core Lesson in force, or None
        self.panel_values: dict | None = None  # the training panel's values, kept across windows
        self.drawing: list = []  # the canvas's strokes, kept across windows
        self._handwriting = None
        self._classroom = None  # the class folder (ui/classroom.py), made on first use
        self._dataset = dataset
        self._dataset_lock = threading.Lock()
        self._windows: set[int] = set()
        self._repeat: list[tuple[TrainingConfig, RepeatGroup]] = []  # the repeats still to train
        self._training_group: RepeatGroup | None = None
        self.store_problems: list = []  # stored runs that could not be read back (shown once by the window)
        self._restore_runs(run_store)
        self._test_digit_rng = np.random.default_rng()

    # -- windows ------------------------------------------------------------------------------------

    def attach(self, window: QObject) -> None:
        self._windows.add(id(window))

    def is_last_window(self, window: QObject) -> bool:
        """Whether ``window`` is the only window showing this Session (closing it ends the Session's work)."""
        return self._windows == {id(window)}

    def detach(self, window: QObject) -> None:
        """A window closes; when it was the last one, every background task is stopped (within a limit)."""
        self._windows.discard(id(window))
        if not self._windows:
            self.shutdown()

    def shutdown(self, timeout: float = SHUTDOWN_WAIT_S) -> bool:
        if self.training is not None:
            self.training.state.abort()
        if self._classroom is not None:
            self._classroom.stop()
        return self.tasks.shutdown(timeout)

    # -- data ---------------------------------------------------------------------------------------

    def dataset(self):
        """The data set, read once; called from worker tasks (reading takes about a second)."""
        from digitpad.core.data import load_dataset

        with self._dataset_lock:
            if self._dataset is None:
                self._dataset = load_dataset(self.dataset_path)
            return self._dataset

    @property
    def handwriting(self):
        """The student's own labelled drawings (read from the data folder on first use)."""
        if self._handwriting is None:
            from digitpad.core.handwriting import HandwritingStore

            self._handwriting = HandwritingStore()
        return self._handwriting

    @handwriting.setter
    def handwriting(self, store) -> None:
        self._handwriting = store

    @property
    def classroom(self):
        """The class folder this student shares into, and teacher mode (``ui/classroom.py``)."""
        if self._classroom is None:
            from digitpad.ui.classroom import ClassRoom

            self._classroom = ClassRoom(self)
        return self._classroom

    # -- the model ----------------------------------------------------------------------------------

    def start_stand_in(self) -> None:
        """Predict at once with a copy of the starting model that needs no TensorFlow (LiteRT from a converted
        copy, else NumPy): ~15 ms of work, so it may run while the window is still being built."""
        path = self.initial_model_path
        self._stand_in_started = True

        def work(state: TaskState):
            from digitpad.core.fastpredict import quick_predictor

            return quick_predictor(path)

        self.tasks.run(
            STAND_IN,
            work,
            on_done=lambda predictor: self._stand_in_ready(path, predictor),
            on_error=lambda exc: log.info("no quick predictor for %s: %s", path, exc),  # the full load says why
        )

    _stand_in_started = False

    def start_loading(self) -> None:
        """Load the starting model; a LiteRT or NumPy copy predicts while TensorFlow is still being imported."""
        self.load_model(self.initial_model_path, quick=not self._stand_in_started)

    def use_shipped_model(self) -> None:
        self.load_model(default_model_path())

    def load_model(self, path, quick: bool = False, run: RunRecord | None = None) -> Task:
        """Load a model file in the background; ``run`` is the run it belongs to (a stored run's model)."""
        path = Path(path)

        def work(state: TaskState):
            if quick:
                from digitpad.core.fastpredict import quick_predictor

                try:
                    state.report(quick_predictor(path))
                except Exception as exc:  # the full load below says what is wrong with the file
                    log.info("no quick predictor for %s: %s", path, exc)
            from digitpad.core.modelfile import load_model
            from digitpad.core.predictor import Predictor

            loaded = load_model(path)
            return loaded, Predictor(loaded.model, source=path)

        return self.tasks.run(
            LOAD,
            work,
            on_done=lambda answer: self._model_loaded(answer, run),
            on_error=lambda exc: self._model_failed(path, exc),
            on_progress=lambda quick_predictor: self._stand_in_ready(path, quick_predictor),
            replace=True,
        )

    def _stand_in_ready(self, path: Path, predictor) -> None:
        if self.model is not None or self.load_error is not None:
            return  # a real model is already predicting, or this file failed to load
        name = path.name
        self._set_model(
            CurrentModel(
                None,
                predictor,
                lambda: QCoreApplication.translate("Session", "{} (starting TensorFlow…)").format(name),
                lambda: name,
                {},
                path,
            )
        )

    def _model_loaded(self, answer, run: RunRecord | None = None) -> None:
        loaded, predictor = answer
        name = loaded.path.name if loaded.path else QCoreApplication.translate("Session", "model")
        self.load_error = None
        self.fine_tuned_result = None
        if run is not None:  # a stored run's model: named as the run, not as the file in the data folder
            self._set_model(
                CurrentModel(
                    loaded.model,
                    predictor,
                    lambda: run_caption(run),
                    lambda: run_name(run),
                    loaded.metadata,
                    None,
                    run.id,
                )
            )
            return
        self._set_model(
            CurrentModel(
                loaded.model, predictor, lambda: model_description(loaded), lambda: name, loaded.metadata, loaded.path
            )
        )

    def _model_failed(self, path: Path, exc: BaseException) -> None:
        if self.model is not None and self.model.is_stand_in and self.model.path == path:
            self.model = None  # the quick copy of this very file must not stay in use
            self.tasks.invalidate(PREDICT)
        if self.model is None:
            self.load_error = exc
            self.model_changed.emit()
        self.load_failed.emit(path, exc)

    def use_model(self, keras_model, predictor, name: str, metadata: dict | None = None) -> None:
        """Predict with a Keras model already in memory (a test's, or the benchmark's)."""
        self.load_error = None
        self.fine_tuned_result = None
        self._set_model(CurrentModel(keras_model, predictor, lambda: name, lambda: name, dict(metadata or {})))

    def _set_model(self, model: CurrentModel) -> None:
        self.model = model
        self.tasks.invalidate(PREDICT)  # answers from the previous model are not wanted
        self.model_changed.emit()

    def save_model(self, path) -> Path:
        """Save the model now predicting (raises ModelFileError or OSError, shown by the caller)."""
        from digitpad.core.modelfile import save_model

        path = Path(path)
        if path.suffix != ".keras":
            path = path.with_suffix(".keras")
        return save_model(self.model.keras, path, dict(self.model.metadata))

    @property
    def has_model(self) -> bool:
        """Whether a real (TensorFlow) model predicts: one that can be saved, evaluated and looked inside."""
        return self.model is not None and not self.model.is_stand_in

    # -- test digits (classifying without drawing) -----------------------------------------------------

    def pick_test_digit(self, digit: int | None = None) -> None:
        """A random MNIST test image (of ``digit``, when given) for the canvas, in the background; the answer
        comes as ``test_digit_picked(image28 uint8, label, index)``. For students who cannot draw with a mouse."""
        rng = self._test_digit_rng

        def work(state: TaskState):
            test = self.dataset().test
            candidates = np.arange(len(test)) if digit is None else np.flatnonzero(test.labels == digit)
            index = int(rng.choice(candidates))
            return test.images[index], int(test.labels[index]), index

        self.tasks.run(
            TEST_DIGIT,
            work,
            on_done=lambda answer: self.test_digit_picked.emit(*answer),
            on_error=self.prediction_failed.emit,
            replace=True,
        )

    # -- predicting the drawing ---------------------------------------------------------------------

    def predict(self, image: np.ndarray) -> None:
        """Predict a (280, 280) drawing in the background; answers come as ``predicted`` or ``nothing_drawn``."""
        if self.model is None:
            return
        predictor = self.model.predictor

        def work(state: TaskState):
            from digitpad.core.preprocess import NothingDrawn, preprocess

            try:
                image28 = preprocess(image)
            except NothingDrawn:
                return None
            return image28, predictor.predict_input(image28)

        self.tasks.run(
            PREDICT, work, on_done=self._prediction_done, on_error=self.prediction_failed.emit, deliver_stale=True
        )

    def forget_predictions(self) -> None:
        """The drawing was cleared: answers still on their way are about a drawing that is gone."""
        self.tasks.invalidate(PREDICT)

    def _prediction_done(self, answer) -> None:
        if answer is None:
            self.nothing_drawn.emit()
        else:
            self.predicted.emit(*answer)

    # -- training -----------------------------------------------------------------------------------

    def is_training(self) -> bool:
        return self.training is not None

    @property
    def paused(self) -> bool:
        return self.training is not None and self.training.state.paused

    def start_training(self, config: TrainingConfig, group: RepeatGroup | None = None) -> bool:
        """Train what ``config`` asks for in the background (``config`` is already validated)."""
        if self.is_training():
            return False
        self._training_group = group

        def work(state: TaskState):
            from digitpad.core.predictor import Predictor
            from digitpad.core.training import train

            try:
                result = train(config, self.dataset(), _ReportToState(state), state)
            except TrainingStopped:  # stopped before any network finished: nothing to hand over
                return None
            if state.aborted:
                return None
            return result, Predictor(result.model)

        self._training_record = None
        self._training_config = config
        self.training = self.tasks.run(
            TRAIN, work, on_done=self._training_done, on_error=self._training_error, on_progress=self._training_report
        )
        return True

    def pause_training(self, paused: bool) -> None:
        if self.training is None:
            return
        if paused:
            self.training.state.pause()
        else:
            self.training.state.resume()
        self.training_paused.emit(paused)

    def stop_training(self) -> None:
        """Finish soon, keeping what was trained so far (it is still tested and then predicts)."""
        if self.training is not None:
            self.training.state.request_stop()

    def stopping(self) -> bool:
        return self.training is not None and self.training.state.should_stop()

    def _training_report(self, report) -> None:
        if isinstance(report, RunInfo):
            self._training_record = self.runs.begin(report, self._training_config)
            self._training_record.group = self._training_group
            self.run_started.emit(self._training_record)
            return
        record = self._training_record
        if record is None:
            return
        if isinstance(report, BatchReport):
            self.runs.record_batch(record, report)
            self.run_batch.emit(record, report.series)
        elif isinstance(report, EpochReport):
            self.runs.record_epoch(record, report)
            self.run_epoch.emit(record, report.series)
        else:
            index, result = report
            self.runs.record_series(record, index, result)
            self.run_series_finished.emit(record, index)

    def _training_done(self, answer) -> None:
        record = self._training_record
        if answer is None:
            self._training_ended_without_model(record)
            return
        result, predictor = answer
        self.training = None
        self.runs.finish(record, result)
        record.dataset = result.dataset
        self.fine_tuned_result = None
        self._set_model(
            CurrentModel(
                result.model,
                predictor,
                lambda: run_caption(record),
                lambda: run_name(record),
                result.metadata(),
                None,
                record.id,
            )
        )
        self.run_finished.emit(record)
        self._keep_run(record, result.model, result.metadata())
        self._next_repeat(record)

    def _training_ended_without_model(self, record: RunRecord | None) -> None:
        self.training = None
        if record is not None:
            self.runs.end_without_result(record, failed=False)
        self.run_ended_without_model.emit(record)
        if record is not None:
            self._keep_run(record, None, None)
        self._next_repeat(record)

    def _training_error(self, exc: BaseException) -> None:
        record = self._training_record
        self.training = None
        if record is not None:
            self.runs.end_without_result(record, failed=True)
        self.run_failed.emit(record, exc)
        if record is not None:
            self._keep_run(record, None, None)
        self._next_repeat(record)

    def clear_earlier_runs(self) -> None:
        """Remove every run but the latest, from the charts and from the store."""
        for record in self.runs.clear_earlier():
            self._delete_stored(record)
        self.runs_cleared.emit()
        self.runs_changed.emit()

    # -- keeping runs: the store, experiment files and repeats (core/experiments.py) -----------------

    def _restore_runs(self, run_store) -> None:
        """The runs kept in the store come back, faded; a run that cannot be read is set aside and reported."""
        from digitpad.core.experiments import RunStore

        self.run_store = run_store if run_store is not None else RunStore()
        try:
            restored = self.run_store.restore()
        except OSError as exc:  # the data folder itself cannot be read: start without earlier runs
            log.warning("stored runs could not be read", exc_info=True)
            self.store_problems = [exc]
            return
        self.store_problems = list(restored.problems)
        for record in restored.records:
            number = record.number
            self.runs.add_restored(record)
            if record.number != number:  # two stored runs had one number: the later one got a new one
                self._update_stored(record)

    def _keep_run(self, record: RunRecord, keras_model, metadata: dict | None) -> None:
        """Write an ended run (and its model) to the store in the background; the record keeps numbers only."""
        from digitpad.core.experiments import RunSnapshot

        has_model = keras_model is not None
        snapshot = RunSnapshot.of(record, has_model)
        store = self.run_store

        def saved(_path) -> None:  # holds no model: only the save itself does, until it has written it
            record.has_model = has_model
            if self.runs.find_id(record.id) is None:  # deleted while it was being saved
                self._delete_stored(record)
            self.runs_changed.emit()

        self.tasks.run(
            STORE + record.id,
            lambda state: store.save(snapshot, keras_model, metadata),
            on_done=saved,
            on_error=self.experiment_failed.emit,
        )

    def _update_stored(self, record: RunRecord) -> None:
        try:
            self.run_store.update(record)
        except OSError as exc:
            self.experiment_failed.emit(exc)

    def _delete_stored(self, record: RunRecord) -> None:
        try:
            self.run_store.delete(record.id)
        except OSError as exc:
            self.experiment_failed.emit(exc)

    def rename_run(self, record: RunRecord, name: str) -> None:
        """The student's own name for a run (empty: back to its settings), kept in the store."""
        record.name = name.strip()[:200] or None
        self._update_stored(record)
        self.runs_changed.emit()

    def set_run_hidden(self, record: RunRecord, hidden: bool) -> None:
        if record.hidden != hidden:
            record.hidden = hidden
            self._update_stored(record)
            self.run_visibility_changed.emit(record)
            self.runs_changed.emit()

    def delete_runs(self, records: list[RunRecord]) -> int:
        """Delete runs from the list, the charts and the store (never one still training)."""
        removed = self.runs.remove(records)
        for record in removed:
            self._delete_stored(record)
        if removed:
            self.runs_cleared.emit()
            self.runs_changed.emit()
        return len(removed)

    def use_run_model(self, record: RunRecord) -> bool:
        """Predict with a stored run's model (loaded in the background); False if it has none."""
        path = self.run_store.model_path(record.id) if record.has_model else None
        if path is None:
            return False
        self.load_model(path, run=record)
        return True

    def save_experiment(self, path, records: list[RunRecord]) -> None:
        """Write these runs (with their stored models) to an experiment file, in the background."""
        store, finished = self.run_store, [r for r in records if not r.running]
        self.tasks.run(
            EXPERIMENT,
            lambda state: store.save_experiment(path, finished),
            on_done=lambda written: self.experiment_saved.emit(written, len(finished)),
            on_error=self.experiment_failed.emit,
        )

    def open_experiment(self, path) -> None:
        """Read an experiment file (checked whole) and add its runs to the list and the store."""
        from digitpad.core.experiments import read_experiment

        store, known = self.run_store, {r.id for r in self.runs.runs}

        def work(state: TaskState):
            experiment = read_experiment(path)
            return experiment, store.import_experiment(experiment, known)

        self.tasks.run(
            EXPERIMENT,
            work,
            on_done=lambda answer: self._experiment_opened(path, *answer),
            on_error=self.experiment_failed.emit,
        )

    def _experiment_opened(self, path, experiment, added: list[RunRecord]) -> None:
        stem = Path(path).stem
        for record in added:
            number = record.number
            self.runs.add_restored(record, keep_number=False)
            if record.name is None:  # say where it came from: its file and its number there
                record.name = QCoreApplication.translate("Session", "{} · run {}").format(stem, number)
            self._update_stored(record)
        if added:
            self.runs_added.emit(added)
        self.experiment_opened.emit(path, len(added), len(experiment.records) - len(added))
        self.runs_changed.emit()

    def start_repeat(self, config: TrainingConfig, times: int) -> bool:
        """Train ``config`` ``times`` times over seeds seed, seed+1, ...; drawn as mean ± spread when done."""
        if self.is_training() or times < 1:
            return False
        group = new_id()
        configs = [dataclasses.replace(config, seed=config.seed + i) for i in range(times)]
        self._repeat = [(c, RepeatGroup(group, i + 1, times)) for i, c in enumerate(configs)]
        first, its_group = self._repeat.pop(0)
        return self.start_training(first, its_group)

    def _next_repeat(self, record: RunRecord | None) -> None:
        """After a run of a repeat: the next one, or the group's band when it is the last (or was stopped)."""
        group = record.group if record is not None else None
        if self._repeat and record is not None and not record.stopped_by_user and record.status != "failed":
            config, next_group = self._repeat.pop(0)
            self.start_training(config, next_group)
            return
        self._repeat = []
        if group is not None:
            self.repeat_finished.emit(group.id)

    # -- the student's handwriting -------------------------------------------------------------------

    def handwriting_busy(self) -> bool:
        return self.tasks.is_busy(HANDWRITING)

    def check_handwriting(self) -> bool:
        """How many of the student's digits the model gets right, in the background."""
        if not self.has_model or self.handwriting_busy():
            return False
        from digitpad.core.handwriting import accuracy_on

        model, samples = self.model.keras, self.handwriting.samples()
        self.tasks.run(
            HANDWRITING,
            lambda state: (accuracy_on(model, samples), len(samples)),
            on_done=lambda answer: self.handwriting_checked.emit(*answer),
            on_error=self.handwriting_failed.emit,
        )
        return True

    def fine_tune_on_handwriting(self) -> bool:
        """Train a copy of the model on the student's digits mixed with MNIST; the copy then predicts."""
        if not self.has_model or self.handwriting_busy():
            return False
        model, samples = self.model.keras, self.handwriting.samples()

        def work(state: TaskState):
            from digitpad.core.fair_finetune import fair_fine_tune
            from digitpad.core.predictor import Predictor

            class Progress(Reporter):
                def batch(self, report):
                    state.report(report)

            data = self.dataset()
            result = fair_fine_tune(model, samples, data.train, data.test, reporter=Progress(), state=state)
            return result, Predictor(result.model)

        self.tasks.run(
            HANDWRITING,
            work,
            on_done=self._fine_tuned,
            on_error=self.handwriting_failed.emit,
            on_progress=self.handwriting_progress.emit,
        )
        return True

    def _fine_tuned(self, answer) -> None:
        result, predictor = answer  # a core.fair_finetune.FairFineTune
        base = self.model.name if self.model is not None else (lambda: QCoreApplication.translate("Session", "model"))
        metadata = dict(self.model.metadata if self.model else {})
        metadata["test_accuracy"] = result.mnist_after  # measured on the test set after fine-tuning
        metadata["fine_tuned"] = {
            "own_samples": result.trained_on,
            "mnist_samples": result.tuned.mnist_samples,
            "measured_by": result.method,
            "own_held_out": result.held_out,
            "own_held_out_accuracy_before": result.held_before,
            "own_held_out_accuracy_after": result.held_after,
            "mnist_test_accuracy_before": result.mnist_before,
            "mnist_test_accuracy_after": result.mnist_after,
        }
        self.fine_tuned_result = FineTuned(result, base)
        self._set_model(
            CurrentModel(
                result.model,
                predictor,
                lambda: fine_tuned_caption(result),
                lambda: QCoreApplication.translate("Session", "{} + my handwriting").format(base()),
                metadata,
            )
        )
        self.fine_tuned.emit(result)


def run_caption(record: RunRecord) -> str:
    """ "run 3 (dropout 0.2, network) — test accuracy 97.12%", in the language of the moment."""
    count = len(record.series)
    kind = {
        "ensemble": QCoreApplication.translate("Session", "ensemble of {}").format(count),
        "kfold": QCoreApplication.translate("Session", "best of {} folds").format(count),
    }.get(record.mode, QCoreApplication.translate("Session", "network"))
    accuracy = record.test_accuracy if record.test_accuracy is not None else float("nan")
    if record.name:
        return QCoreApplication.translate("Session", "{} (run {}: {}, {}) — test accuracy {:.2%}").format(
            record.name, record.number, settings_label(record.label_parts), kind, accuracy
        )
    return QCoreApplication.translate("Session", "run {} ({}, {}) — test accuracy {:.2%}").format(
        record.number, settings_label(record.label_parts), kind, accuracy
    )


def run_name(record: RunRecord) -> str:
    """The student's own name for a run, else "run 3"."""
    return record.name or QCoreApplication.translate("Session", "run {}").format(record.number)


def fine_tuned_caption(result) -> str:
    """ "fine-tuned on your handwriting (your digits kept aside: 60% → 90%, test accuracy 98.70%)"."""
    test = QCoreApplication.translate("Session", "test accuracy {:.2%}").format(result.mnist_after)
    if result.held_before is None:
        line = test
    else:
        line = QCoreApplication.translate("Session", "your digits kept aside: {:.0%} → {:.0%}, {}").format(
            result.held_before, result.held_after, test
        )
    return QCoreApplication.translate("Session", "fine-tuned on your handwriting ({})").format(line)
