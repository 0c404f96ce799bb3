"""The collector's pause: held by each thread that works with TensorFlow beside the window's, nested."""

import gc
import threading

import numpy as np
import pytest

from digitpad.core import gcpause


@pytest.fixture(autouse=True)
def no_resumer():
    """As in a program without a window; a window's runner made by an earlier test may have installed one."""
    before = gcpause._Pause.resumer
    gcpause.set_resumer(None)
    yield
    gcpause.set_resumer(before)


def test_collection_resumes_when_the_last_holder_lets_go():
    assert gc.isenabled() and gcpause.holders() == 0
    gcpause.hold()
    with gcpause.paused():
        assert not gc.isenabled() and gcpause.holders() == 2
    assert not gc.isenabled()
    gcpause.release()
    assert gc.isenabled() and gcpause.holders() == 0


def test_a_collector_switched_off_by_someone_else_stays_off():
    gc.disable()
    try:
        with gcpause.paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_with_a_resumer_collection_resumes_where_the_resumer_says_and_not_under_a_new_holder():
    asked = []
    gcpause.set_resumer(lambda: asked.append(threading.current_thread()))
    try:
        gcpause.hold()
        worker = threading.Thread(target=gcpause.release)
        worker.start()
        worker.join()
        assert asked == [worker] and not gc.isenabled()  # the worker only asked
        gcpause.hold()  # a new holder before the resumer got round to it
        gcpause.resume_if_free()
        assert not gc.isenabled()
        gcpause.release()  # ... whose release asks again
        assert len(asked) == 2
        gcpause.resume_if_free()
        assert gc.isenabled()
    finally:
        gc.enable()


def test_letting_go_more_often_than_held_is_a_bug_said_at_once():
    with pytest.raises(RuntimeError):
        gcpause.release()


@pytest.mark.slow
def test_the_predictors_background_conversion_holds_the_pause_until_it_ends(default_model):
    from digitpad.core.predictor import Predictor

    predictor = Predictor(default_model.model)
    held, settled = gcpause.holders(), predictor.settled.is_set()  # in this order: it settles, then lets go
    assert settled or held >= 1, "converting without holding the pause"
    assert predictor.settled.wait(60)
    for thread in threading.enumerate():
        if thread.name == "predictor-fast":
            thread.join(10)
    assert gcpause.holders() == 0 and gc.isenabled()
    assert np.isclose(predictor.predict_input(np.zeros((28, 28), np.float32)).probabilities.sum(), 1, atol=1e-4)
