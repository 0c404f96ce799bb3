"""The Qt-free core: data, preprocessing, models, training, prediction and model files.

Nothing here imports Qt or the UI (an import-linter contract in pyproject.toml enforces it), so every
part can be driven from a test or the command line. TensorFlow is imported lazily, only by the modules
that need it (``model``, ``training``, ``predictor``, ``modelfile``), so that the light modules
(``data``, ``preprocess``, ``config``, ``architecture``) load in milliseconds.
"""
