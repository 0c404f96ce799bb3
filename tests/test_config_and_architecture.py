import pytest

from digitpad.core.architecture import layer_specs, summary_table, total_params
from digitpad.core.config import ConfigError, TrainingConfig

# The tutorial's model.summary() (../shared/seed/cnn-tutorial.md).
TUTORIAL = [
    ("conv2d", (None, 26, 26, 32), 320),
    ("max_pooling2d", (None, 13, 13, 32), 0),
    ("conv2d_1", (None, 11, 11, 64), 18496),
    ("max_pooling2d_1", (None, 5, 5, 64), 0),
    ("conv2d_2", (None, 3, 3, 64), 36928),
    ("flatten", (None, 576), 0),
    ("dense", (None, 64), 36928),
    ("dense_1", (None, 10), 650),
]


def test_default_is_the_tutorial_network():
    specs = layer_specs(TrainingConfig())
    assert [(s.name, s.output_shape, s.params) for s in specs] == TUTORIAL
    assert total_params(TrainingConfig()) == 93322
    assert "Total params: 93,322" in summary_table(TrainingConfig())


VARIANTS = [
    TrainingConfig(),
    TrainingConfig(pooling=False),
    TrainingConfig(dropout=0.3, dropout_conv=True),
    TrainingConfig(dense_units=32, l1=1e-4, l2=1e-3),
]


@pytest.mark.parametrize("config", VARIANTS, ids=lambda c: c.describe())
def test_keras_agrees_with_the_table(config):
    from digitpad.core.model import build_model

    model = build_model(config)
    specs = layer_specs(config)
    assert [layer.name for layer in model.layers] == [s.name for s in specs]
    assert [tuple(layer.output.shape) for layer in model.layers] == [s.output_shape for s in specs]
    assert [layer.count_params() for layer in model.layers] == [s.params for s in specs]


def test_switches_change_the_network():
    from digitpad.core.model import build_model

    kinds = [type(layer).__name__ for layer in build_model(TrainingConfig(dropout=0.2)).layers]
    assert kinds.count("Dropout") == 1
    no_pool = build_model(TrainingConfig(pooling=False))
    assert "MaxPooling2D" not in [type(layer).__name__ for layer in no_pool.layers]
    assert no_pool.count_params() == 2_038_922
    both = build_model(TrainingConfig(l1=0.01, l2=0.02))
    reg = both.get_layer("conv2d").kernel_regularizer.get_config()
    assert reg["l1"] == pytest.approx(0.01) and reg["l2"] == pytest.approx(0.02)
    assert both.get_layer("dense_1").kernel_regularizer is None  # the softmax layer stays free
    assert len(both.losses) == 4  # three convolutions and the hidden dense layer


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"dropout": 1.0}, "dropout rate must be at least 0 and below 1"),
        ({"l1": -0.1}, "L1 rate must be between 0 and 1"),
        ({"learning_rate": 0.0}, "learning rate must be above 0"),
        ({"batch_size": 0}, "batch size must be a whole number from 1"),
        ({"epochs": 0}, "epochs must be a whole number from 1"),
        ({"validation_split": 0.9}, "validation split must be between 0 and 0.5"),
        ({"kfold": 1}, "k-fold needs k from 2 to 20"),
        ({"ensemble": 0}, "ensemble members must be from 1 to 20"),
        ({"ensemble": 3, "kfold": 3}, "either a bagging ensemble or k-fold"),
        ({"early_stopping": True, "validation_split": 0.0}, "needs a validation split above 0"),
        ({"early_stopping": True, "monitor": "speed"}, "early stopping watches one of"),
        ({"dense_units": 0}, "dense layer width must be a whole number from 1"),
        ({"lr_schedule": "wild"}, "learning-rate schedule must be one of"),
    ],
)
def test_impossible_values_are_explained(changes, message):
    with pytest.raises(ConfigError, match=message):
        TrainingConfig(**changes).validate()


def test_every_problem_is_listed_at_once():
    with pytest.raises(ConfigError) as info:
        TrainingConfig(dropout=2, epochs=0).validate()
    assert len(info.value.problems) == 2


def test_from_dict_round_trip_and_type_checks():
    config = TrainingConfig(l2=0.001, dropout=0.2, early_stopping=True, ensemble=3)
    assert TrainingConfig.from_dict(config.to_dict() | {"unknown_future_key": 1}) == config
    with pytest.raises(ConfigError, match="epochs must be a whole number"):
        TrainingConfig.from_dict({"epochs": "5"})
    with pytest.raises(ConfigError, match="pooling must be true or false"):
        TrainingConfig.from_dict({"pooling": 1})


def test_describe_names_the_switches():
    assert TrainingConfig().describe() == "plain"
    assert TrainingConfig(dropout=0.2, l2=0.001).describe() == "L2 0.001, dropout 0.2"
