"""Background work for the window: loading TensorFlow and models, predicting drawings, training.

Each job runs a plain core function in a Python thread and talks to the GUI only through Qt signals
(emitted from the worker thread, delivered queued on the GUI thread). Nothing here blocks the event
loop: the GUI hands work over and returns at once.
"""

from __future__ import annotations

import logging
import threading
import traceback

import numpy as np
from PySide6.QtCore import QObject, Signal

from digitpad.core.config import TrainingConfig
from digitpad.ui.messages import describe as describe_error

log = logging.getLogger(__name__)


class ModelLoader(QObject):
    """Imports TensorFlow and loads a model file off the GUI thread; emits a ready ``Predictor``."""

    loaded = Signal(object, object)  # (LoadedModel, Predictor)
    failed = Signal(str, str)  # (path, message)
    quick_ready = Signal(object, str)  # (NumpyPredictor, path): predictions before TensorFlow is imported

    def load(self, path, quick: bool = False) -> None:
        """Load ``path``; with ``quick``, first offer a NumPy predictor that needs no TensorFlow."""
        threading.Thread(target=self._run, args=(path, quick), name="model-loader", daemon=True).start()

    def _run(self, path, quick: bool = False) -> None:
        if quick:
            from digitpad.core.quickpredict import NumpyPredictor

            try:
                quick_predictor = NumpyPredictor(path)
            except Exception as exc:  # the TensorFlow path below decides what is wrong with the file
                log.info("no quick predictor for %s: %s", path, exc)
            else:
                try:
                    self.quick_ready.emit(quick_predictor, str(path))
                except RuntimeError:  # the window closed meanwhile
                    return
        try:
            from digitpad.core.modelfile import load_model
            from digitpad.core.predictor import Predictor

            loaded = load_model(path)
            answer = (self.loaded, loaded, Predictor(loaded.model))
        except Exception as exc:
            log.warning("loading %s failed", path, exc_info=True)
            answer = (self.failed, str(path), describe_error(exc))
        try:
            answer[0].emit(*answer[1:])
        except RuntimeError:  # the window (and this loader with it) was closed while the model loaded
            log.info("a model finished loading after its window closed: %s", path)


class PredictionService(QObject):
    """Predicts the latest drawing on a worker thread; older requests still waiting are dropped.

    The GUI calls ``submit`` as often as it likes: only the newest image is ever worked on, so a slow
    prediction never builds a queue behind the pen.
    """

    predicted = Signal(int, object, object)  # (request id, 28x28 input, Prediction)
    nothing_drawn = Signal(int)
    failed = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._predictor = None
        self._pending: tuple[int, np.ndarray] | None = None
        self._wake = threading.Condition()
        self._closing = False
        self._thread = threading.Thread(target=self._loop, name="predictor", daemon=True)
        self._thread.start()

    def set_predictor(self, predictor) -> None:
        with self._wake:
            self._predictor = predictor

    @property
    def ready(self) -> bool:
        return self._predictor is not None

    @property
    def predictor(self):
        """The predictor in use (another window may take it over), or None before a model is ready."""
        with self._wake:
            return self._predictor

    def submit(self, request_id: int, image: np.ndarray) -> None:
        with self._wake:
            self._pending = (request_id, image)
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closing = True
            self._wake.notify()
        self._thread.join(timeout=2)

    def _loop(self) -> None:
        from digitpad.core.preprocess import NothingDrawn, preprocess

        while True:
            with self._wake:
                while not self._closing and (self._pending is None or self._predictor is None):
                    self._wake.wait()
                if self._closing:
                    return
                request_id, image = self._pending
                self._pending = None
                predictor = self._predictor
            try:
                image28 = preprocess(image)
            except NothingDrawn:
                self.nothing_drawn.emit(request_id)
                continue
            try:
                self.predicted.emit(request_id, image28, predictor.predict_input(image28))
            except Exception as exc:  # a broken model must not kill the thread
                log.exception("prediction failed")
                self.failed.emit(describe_error(exc))


class TrainingJob(QObject):
    """One training run on a worker thread, reporting through signals; steer it with the ``state``."""

    run_started = Signal(object)  # RunInfo
    batch = Signal(object)  # BatchReport
    epoch = Signal(object)  # EpochReport
    series_finished = Signal(int, object)  # (index, SeriesResult)
    finished = Signal(object, object)  # (TrainResult, Predictor)
    failed = Signal(str)
    stopped_before_result = Signal()

    def __init__(self, config: TrainingConfig, dataset_path=None, parent=None):
        super().__init__(parent)
        from digitpad.core.tasks import TaskState

        self.config = config
        self.dataset_path = dataset_path
        self.state = TaskState()
        self._thread = threading.Thread(target=self._run, name="training", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout: float) -> bool:
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def _run(self) -> None:
        from digitpad.core.data import load_dataset
        from digitpad.core.predictor import Predictor
        from digitpad.core.reporting import Reporter
        from digitpad.core.training import TrainingStopped, train

        job = self

        class SignalReporter(Reporter):
            def run_started(self, info):
                job.run_started.emit(info)

            def batch(self, report):
                job.batch.emit(report)

            def epoch(self, report):
                job.epoch.emit(report)

            def series_finished(self, index, result):
                job.series_finished.emit(index, result)

        try:
            dataset = load_dataset(self.dataset_path)
            result = train(self.config, dataset, SignalReporter(), self.state)
            if self.state.aborted:
                self.stopped_before_result.emit()
                return
            self.finished.emit(result, Predictor(result.model))
        except TrainingStopped:
            self.stopped_before_result.emit()
        except Exception as exc:
            log.error("training failed:\n%s", traceback.format_exc())
            self.failed.emit(describe_error(exc))
