"""Model export: TensorFlow Lite, ONNX and the offline web page, each checked against the app's probabilities."""

import json
import zipfile

import numpy as np
import pytest

from digitpad.core import export, webpage
from digitpad.core.export import TOLERANCE, ExportError, agreement, check_images
from tests.browser import Chromium, find_chromium
from tests.ui.drawing import DIGITS


@pytest.fixture(scope="module")
def images(mnist):
    return check_images(mnist.test.images)


@pytest.fixture(scope="module")
def keras_model(default_model):
    return default_model.model


@pytest.fixture(scope="module")
def tiny_ensemble():
    """Two small untrained networks as one of digitpad's ensembles: output (None, 2, 10)."""
    import keras

    from digitpad.core.config import TrainingConfig
    from digitpad.core.inference import ensemble_model
    from digitpad.core.model import build_model

    keras.utils.set_random_seed(3)
    config = TrainingConfig(dense_units=16, dropout=0.3)
    return ensemble_model([build_model(config, name=f"member_{i}") for i in range(2)])


def test_check_images_are_200_test_digits_and_the_drawing(mnist):
    drawing = np.full((28, 28), 0.5, np.float32)
    x = check_images(mnist.test.images, drawing)
    assert x.shape == (201, 28, 28, 1) and x.dtype == np.float32
    np.testing.assert_allclose(x[0, ..., 0], mnist.test.images[0] / 255.0, atol=1e-7)
    assert (x[-1] == 0.5).all() and x.min() >= 0.0 and x.max() <= 1.0


def test_agreement_measures_the_largest_difference_and_the_picks():
    reference = np.eye(10, dtype=np.float32)[[1, 2, 3]]
    close = reference + 5e-5
    assert agreement(reference, close).ok and agreement(reference, close).same_digit == 3
    far = reference.copy()
    far[0] = np.eye(10)[7]
    result = agreement(reference, far)
    assert not result.ok and result.max_difference == pytest.approx(1.0) and result.same_digit == 2
    assert not agreement(reference, reference[:2]).ok  # a different shape never agrees
    assert not agreement(reference, np.full_like(reference, np.nan)).ok


@pytest.mark.parametrize("fmt", ["tflite", "onnx", "html"])
def test_each_format_agrees_with_the_app_within_the_tolerance(keras_model, images, fmt):
    data, run = export.convert(keras_model, fmt)
    reference = export.keras_probabilities(keras_model, images)
    result = agreement(reference, run(data, images))
    assert result.ok, result
    assert result.images == 200 and result.same_digit == 200
    assert result.max_difference < TOLERANCE / 10  # float32 round-off only, far inside the limit


def test_tflite_and_onnx_bytes_are_standalone_models(keras_model, images):
    import onnx

    tflite = export.tflite_bytes(keras_model)
    interpreter = export._tflite_interpreter(tflite)
    assert list(interpreter.get_input_details()[0]["shape"]) == [1, 28, 28, 1]  # one drawing, as issued
    proto = onnx.load_from_string(export.onnx_bytes(keras_model))
    onnx.checker.check_model(proto)
    assert [i.name for i in proto.graph.input] == ["image"] and [o.name for o in proto.graph.output] == [
        "probabilities"
    ]
    one = export.tflite_probabilities(tflite, images[:1])
    assert one.shape == (1, 10) and one.sum() == pytest.approx(1.0, abs=1e-5)


def test_an_ensemble_exports_every_member(tiny_ensemble, images):
    reference = export.keras_probabilities(tiny_ensemble, images[:20])
    assert reference.shape == (20, 2, 10)
    for fmt in ("tflite", "onnx", "html"):
        data, run = export.convert(tiny_ensemble, fmt)
        assert agreement(reference, run(data, images[:20])).ok, fmt


def test_export_model_writes_only_a_checked_file(keras_model, mnist, tmp_path):
    drawing = check_images(mnist.test.images[500:501])[0, ..., 0]
    report = export.export_model(keras_model, "tflite", tmp_path / "digit", mnist.test.images, drawing)
    assert report.path == tmp_path / "digit.tflite" and report.path.stat().st_size == report.size
    assert report.agreement.images == 201 and report.agreement.ok and report.drawing_checked
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_an_export_that_disagrees_is_refused_and_nothing_is_written(keras_model, mnist, tmp_path, monkeypatch):
    real = export.keras_probabilities
    monkeypatch.setattr(export, "keras_probabilities", lambda m, x: real(m, x) + 3e-4)
    with pytest.raises(ExportError) as caught:
        export.export_model(keras_model, "html", tmp_path / "page.html", mnist.test.images)
    assert caught.value.code == "export-disagrees" and caught.value.values["difference"] == pytest.approx(3e-4, rel=0.1)
    assert "not written" in str(caught.value)
    assert not list(tmp_path.iterdir())


def test_unknown_formats_and_layers_are_named(keras_model, tmp_path):
    import keras

    with pytest.raises(ExportError, match="unknown export format 'pdf'"):
        export.export_model(keras_model, "pdf", tmp_path / "x.pdf", np.zeros((1, 28, 28), np.uint8))
    odd = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.AveragePooling2D(2), keras.layers.Flatten(),
                            keras.layers.Dense(10, activation="softmax")])  # fmt: skip
    with pytest.raises(ExportError, match="AveragePooling2D"):
        webpage.page_text(odd)


def test_a_damaged_page_model_is_refused(keras_model, images):
    page = webpage.page_bytes(keras_model)
    assert b"://" not in page and b" src=" not in page  # no address of anything outside the page
    assert b"Content-Security-Policy" in page  # it may load nothing from anywhere
    start = page.index(b'"data":"') + 8
    broken = page[:start] + b"!!" + page[start + 2 :]
    with pytest.raises(ExportError, match="damaged"):
        webpage.page_probabilities(broken, images[:1])
    with pytest.raises(ExportError, match="no embedded model"):
        webpage.page_probabilities(b"<html></html>", images[:1])
    model = webpage.read_page_model(page)
    assert model["format"] == webpage.PAGE_FORMAT and [layer["type"] for layer in model["members"][0]["layers"]] == [
        "conv", "maxpool", "conv", "maxpool", "conv", "flatten", "dense", "dense"
    ]  # fmt: skip


def test_tflite_export_of_the_shipped_model_is_a_flatbuffer(keras_model, tmp_path, mnist):
    report = export.export_model(keras_model, "tflite", tmp_path / "m.tflite", mnist.test.images)
    assert report.path.read_bytes()[4:8] == b"TFL3"  # the TensorFlow Lite file identifier
    onnx_report = export.export_model(keras_model, "onnx", tmp_path / "m.onnx", mnist.test.images)
    assert onnx_report.agreement.ok and not zipfile.is_zipfile(onnx_report.path)


# -- the page in a real browser --------------------------------------------------------------------------


@pytest.fixture
def browser_page(keras_model, tmp_path):
    executable = find_chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the web page is not opened")
    page = tmp_path / "digit.html"
    page.write_bytes(webpage.page_bytes(keras_model, "test model"))
    browser = Chromium(executable, tmp_path / "profile", page.as_uri())
    try:
        browser.wait_for("document.readyState === 'complete' && typeof digitpad === 'object'")
        yield browser
    finally:
        browser.close()


def _canvas_points(browser, strokes):
    script = "(b => [b.left, b.top, b.width])(document.getElementById('pad').getBoundingClientRect())"
    left, top, width = browser.evaluate(script)
    return [[(left + x * width / 280, top + y * width / 280) for x, y in stroke] for stroke in strokes]


def test_the_page_classifies_a_drawing_in_headless_chromium(browser_page, keras_model):
    from digitpad.core.preprocess import preprocess

    browser = browser_page
    assert browser.evaluate("document.getElementById('answer').textContent") == "–"
    for digit in (7, 1, 4):
        browser.evaluate("document.getElementById('clear').click()")
        for stroke in _canvas_points(browser, DIGITS[digit]):
            browser.drag(stroke)
        answer = browser.wait_for("digitpad.lastResult && document.getElementById('answer').textContent")
        assert answer == str(digit)
        # The page's 28x28 input, and what the app makes of the same pixels.
        page_input = np.array(browser.evaluate("Array.from(digitpad.lastInput)"), np.float32).reshape(28, 28)
        pixels = browser.evaluate(
            "Array.from(document.getElementById('pad').getContext('2d').getImageData(0, 0, 280, 280).data"
            ".filter((_, i) => i % 4 === 0))"
        )
        app_input = preprocess(np.array(pixels, np.uint8).reshape(280, 280))
        # The app's preprocessing, in JavaScript: the app resizes on 8-bit levels (rounded), the page in
        # floats, so they may be apart by less than one grey level, never more.
        assert np.abs(page_input - app_input).max() < 1.0 / 255
        # The page's answer against the app's model on exactly the page's input.
        shown = np.array(browser.evaluate("digitpad.lastResult.probabilities"))
        reference = export.keras_probabilities(keras_model, page_input.reshape(1, 28, 28, 1))[0]
        assert np.abs(shown - reference).max() < TOLERANCE
        assert browser.evaluate("document.getElementById('bars').children.length") == 10


def test_the_pages_javascript_agrees_with_the_app_on_200_test_digits(browser_page, keras_model, images):
    flat = json.dumps([[round(float(v), 6) for v in image.ravel()] for image in images])
    probabilities = np.array(browser_page.evaluate(f"{flat}.map(x => digitpad.classify(x).probabilities)"))
    rounded = np.round(images.astype(np.float64), 6).astype(np.float32)
    reference = export.keras_probabilities(keras_model, rounded)
    result = agreement(reference, probabilities)
    assert result.images == 200 and result.ok, result
