"""Every limit digitpad puts on what it reads, in one place (docs/administrators.md lists them for IT staff).

Each input is checked against these *before* it is read, unpacked or built: a file's kind (only regular
files, never a pipe or a device) and size on disk, a zip archive's directory and the unpacked sizes its
entries declare (each and in total), an array's declared shape, an image's declared pixel count, and a
model's declared layers. So a small hostile file (a decompression bomb, a header promising terabytes, a
network declaring a million-unit layer) is refused with one line before it can take the memory, while
everything digitpad itself writes, and the data sets it is meant for, stay well inside. Modules read the
values through this module (``limits.NAME``) at call time, so a test can lower one.

With these limits no single file makes digitpad use more than about 1.5 GB of memory
(tests/hostile/ measures it; docs/reliability.md has the figures).
"""

from __future__ import annotations

KB = 1024
MB = 1024 * KB

# -- any zip archive (.keras models, .npz data sets and handwriting files) ---------------------------
ZIP_DIRECTORY_BYTES = 1 * MB  # the central directory (zipfile reads it whole): about 20,000 entries
ZIP_ENTRIES = 64  # a .keras file has 4 entries, an .npz one per array

# -- settings ----------------------------------------------------------------------------------------
SETTINGS_FILE_BYTES = 1 * MB  # an INI settings file (Linux); digitpad's own is about 2 KB

# -- lessons -----------------------------------------------------------------------------------------
LESSON_FILE_BYTES = 64 * KB

# -- model files (.keras) ----------------------------------------------------------------------------
MODEL_FILE_BYTES = 512 * MB  # on disk
MODEL_UNPACKED_BYTES = 512 * MB  # all entries together, as declared unpacked
MODEL_CONFIG_BYTES = 4 * MB  # config.json (the tutorial's network: 7 KB; an ensemble of 20: 150 KB)
MODEL_METADATA_BYTES = 8 * MB  # digitpad.json (settings and per-epoch history: a few KB)
# Parameters a model may declare, counted from config.json before Keras builds anything: 40 million
# (160 MB of float32 weights) holds a 20-member ensemble of the no-pooling network (2 million each).
MODEL_PARAMETERS = 40_000_000
MODEL_LAYERS = 2_000  # layers, nested models included
# Values one layer may output per image: predicting 1,000 images at once multiplies it by 1,000.
# The largest of digitpad's own networks (no pooling) outputs 36,864 at most.
MODEL_ACTIVATIONS = 131_072
# Weights the NumPy stand-in (core/quickpredict.py) predicts with while TensorFlow loads; larger ones wait.
QUICK_PREDICT_WEIGHTS_BYTES = 256 * MB

# -- data sets (IDX folders and .npz files) -----------------------------------------------------------
DATASET_FILE_BYTES = 512 * MB  # one IDX file (raw or gzip) or one .npz, on disk
DATASET_IMAGES = 250_000  # per split (train or test): EMNIST Digits' 240,000 fit; MNIST has 60,000
DATASET_ARRAY_BYTES = 384 * MB  # one array unpacked: MNIST's training images as float64 (376 MB) fit
DATASET_UNPACKED_BYTES = 640 * MB  # the four arrays of an .npz together, unpacked

# -- images given to ``digitpad predict`` -------------------------------------------------------------
IMAGE_FILE_BYTES = 64 * MB
IMAGE_PIXELS = 25_000_000  # width x height: a 24-megapixel photo (6000 x 4000) fits

# -- a student's handwriting (the store, and files imported into it) ---------------------------------
HANDWRITING_SAMPLES = 100_000
HANDWRITING_FILE_BYTES = 256 * MB  # on disk; 100,000 uint8 digits are 78 MB unpacked
HANDWRITING_UNPACKED_BYTES = 320 * MB  # the largest store's images as float32 (299 MB), labels and dates
NPY_HEADER_BYTES = 10_000  # numpy's own default limit for an .npy header

# -- experiment files (.dpexp) and the runs kept in the data folder ------------------------------------
EXPERIMENT_FILE_BYTES = 4096 * MB  # on disk: a thousand runs with their models fit
EXPERIMENT_RUNS = 1_000  # runs in one experiment file
EXPERIMENT_JSON_BYTES = 1 * MB  # one run's description (settings, results: a few KB) or the file's list of runs
EXPERIMENT_CURVE_ROWS = 5_000_000  # points in one curve table of one network: far more batches than any run
EXPERIMENT_MODEL_BYTES = 512 * MB  # one run's model, as a .keras model file

# -- the class folder on the school's share (docs/administrators.md, "Class folder") -------------------
CLASS_DRAWINGS_PER_STUDENT = 5_000  # drawings one student shares
CLASS_DRAWINGS_FILE_BYTES = 16 * MB  # one student's drawings file on the share (5,000 drawings: about 2 MB)
CLASS_DRAWINGS_UNPACKED_BYTES = 32 * MB  # its arrays together, unpacked (5,000 drawings: 4 MB)
CLASS_RUNS_PER_STUDENT = 200  # runs one student shares
CLASS_RUNS_FILE_BYTES = 64 * MB  # one student's runs file (an experiment file without models)
CLASS_JSON_BYTES = 64 * KB  # a membership, the class's passphrase hash, the published model's description
CLASS_MODERATION_BYTES = 8 * MB  # the teacher's renames, removed students, hidden and deleted drawings
CLASS_FOLDER_ENTRIES = 2_000  # files looked at in one folder of a class (one per student and kind)
CLASS_PASSPHRASE_WORK = 131_072  # scrypt's cost factor a passphrase hash may ask for (digitpad writes 16,384)
CLASS_PASSPHRASE_SHORTEST = 8  # characters of a teacher passphrase

# -- the offline web page of an exported model ---------------------------------------------------------
WEB_PAGE_BYTES = 64 * MB  # 20 members of the widest network digitpad builds fit well within

# -- temporary files -----------------------------------------------------------------------------------
# A leftover temporary file of digitpad's own (a save killed half-way) is removed at the next start once
# its process has ended; where that cannot be told (Windows), once it is this old.
LEFTOVER_AGE_S = 3600
