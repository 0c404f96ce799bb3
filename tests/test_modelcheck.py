"""A model file's network, sized from its config.json before Keras builds anything: exactly Keras's own count."""

import json
import zipfile

import pytest

from digitpad.core import limits
from digitpad.core.config import TrainingConfig
from digitpad.core.modelcheck import check_architecture
from digitpad.core.modelfile import ModelFileError, load_model, save_model
from digitpad.core.problems import Problem
from tests.reliability import hostile_files as hf


def config_of(path) -> dict:
    with zipfile.ZipFile(path) as zf:
        return json.loads(zf.read("config.json"))


@pytest.mark.parametrize(
    "settings",
    [{}, {"pooling": False}, {"dropout": 0.3, "dropout_conv": True, "l2": 0.001}, {"dense_units": 128}],
    ids=["tutorial", "no pooling", "dropout everywhere", "dense 128"],
)
def test_digitpads_own_networks_are_counted_exactly(tmp_path, settings):
    from digitpad.core.model import build_model

    model = build_model(TrainingConfig(**settings))
    path = save_model(model, tmp_path / "m.keras")
    arch = check_architecture(config_of(path), path)
    assert arch.parameters == model.count_params() and arch.output == (10,)


def test_an_ensemble_is_counted_member_by_member(tmp_path):
    from digitpad.core.inference import ensemble_model
    from digitpad.core.model import build_model

    members = [build_model(TrainingConfig(), name=f"member_{i}") for i in range(3)]
    model = ensemble_model(members)
    path = save_model(model, tmp_path / "ensemble.keras")
    arch = check_architecture(config_of(path), path)
    assert arch.parameters == model.count_params() == 3 * 93_322 and arch.output == (3, 10)


def test_a_foreign_functional_network_of_known_layers(tmp_path):
    import keras
    from keras import layers

    inputs = keras.Input((28, 28, 1))
    a = layers.SeparableConv2D(8, 3, padding="same")(inputs)
    a = layers.BatchNormalization()(a)
    b = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same")(inputs)
    b = layers.Conv2D(8, 1)(layers.AveragePooling2D(1)(b))
    merged = layers.Concatenate()([a, b])
    x = layers.Add()([merged, layers.Conv2D(16, 1)(merged)])
    x = layers.LayerNormalization()(layers.GlobalAveragePooling2D()(x))
    x = layers.Flatten()(layers.Reshape((4, -1))(x))
    x = layers.Dense(10, activation="softmax")(layers.Dropout(0.1)(x))
    model = keras.Model(inputs, x)
    path = save_model(model, tmp_path / "foreign.keras")
    assert check_architecture(config_of(path), path).parameters == model.count_params()
    assert load_model(path).model.count_params() == model.count_params()


def test_a_hostile_network_is_refused_before_anything_is_built(tmp_path, default_model):
    source = default_model.path
    wide = hf.model_with_config(tmp_path, source, "wide.keras", hf.widen_dense)
    with pytest.raises(ModelFileError) as caught:
        load_model(wide)
    assert caught.value.code == "model-too-many-parameters"
    assert str(caught.value) == (
        f"{wide}: the network declares 577,055,744 parameters, more than {limits.MODEL_PARAMETERS:,}"
    )
    conv = hf.model_with_config(tmp_path, source, "conv.keras", hf.widen_conv)
    with pytest.raises(ModelFileError, match="layer conv2d gives 67,600,000 values per image"):
        load_model(conv)


def test_declared_shapes_count_as_much_as_flowing_ones():
    """Keras builds a layer from its build_config too: a Dense declared on a huge input is refused."""
    dense = {
        "class_name": "Dense",
        "config": {"name": "d", "units": 10},
        "build_config": {"input_shape": [None, 10**7]},
    }
    config = {
        "class_name": "Sequential",
        "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_shape": [None, 28, 28, 1]}}, dense]},
    }
    with pytest.raises(Problem) as caught:
        check_architecture(config, "m.keras")
    assert caught.value.code == "model-too-many-parameters"


@pytest.mark.parametrize(
    "config, code",
    [
        ({"class_name": "Lambda"}, "model-config-damaged"),
        ({"class_name": "Sequential", "config": {"layers": "nope"}}, "model-config-damaged"),
        (
            {
                "class_name": "Sequential",
                "config": {
                    "layers": [
                        {"class_name": "InputLayer", "config": {"batch_shape": [None, 28, 28, 1]}},
                        {"class_name": "Lambda", "config": {"name": "code"}},
                    ]
                },
            },
            "model-unknown-layer",
        ),
        (
            {
                "class_name": "Sequential",
                "config": {
                    "layers": [{"class_name": "InputLayer", "config": {"batch_shape": [None, 28, 28, 1]}}]
                    + [{"class_name": "Dropout", "config": {"name": f"d{i}"}} for i in range(limits.MODEL_LAYERS + 1)]
                },
            },
            "model-too-many-layers",
        ),
    ],
    ids=["not a model", "no layer list", "a layer of code", "too many layers"],
)
def test_what_cannot_be_checked_is_refused(config, code):
    with pytest.raises(Problem) as caught:
        check_architecture(config, "m.keras")
    assert caught.value.code == code
