"""The Qt-free core: data, preprocessing, models, training, prediction, model files, lessons and logging.

Nothing here imports Qt or the UI (an import-linter contract in pyproject.toml enforces it), so every
part can be driven from a test or the command line. No module imports TensorFlow when it is imported:
the first function that needs it calls ``tfsetup.tensorflow_module()``, so that the light modules
(``data``, ``preprocess``, ``config``, ``architecture``, ``quickpredict``) load in milliseconds and the
window can appear before TensorFlow's ~2.5 s import.
"""
