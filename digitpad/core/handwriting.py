"""A student's own labelled drawings: stored, exported, imported, and used to fine-tune the model.

The samples live in one ``samples.npz`` in the user's data folder, rewritten atomically on every change
so a crash never leaves half a file. It and exported files share one Keras-like layout: ``x`` (n, 28, 28)
uint8, ``y`` (n,) labels, ``created`` (n,) float64 timestamps and a ``format`` tag.

An imported file is checked data, never code: no pickle, and every array's header and declared size are
checked against caps *before* anything is decompressed, so a hostile file (pickled objects, a zip bomb,
an array header promising terabytes) is refused without changing the store.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from digitpad.core import atomic, limits, npzfile
from digitpad.core.data import IMAGE_SIZE, NUM_CLASSES, DatasetError, Split
from digitpad.core.problems import Problem
from digitpad.core.tfleaks import skip_single_replica_gradient_sum
from digitpad.core.userdata import user_data_dir

log = logging.getLogger(__name__)

FORMAT = "digitpad-handwriting-1"
STORE_NAME = "samples.npz"


class HandwritingError(Problem, ValueError):
    """A sample, a label or a request the store cannot take (a bad file is a ``DatasetError``)."""


class NoSuchSample(HandwritingError, IndexError):
    """An index past the store's end."""


def _caps() -> npzfile.Caps:
    return npzfile.Caps(
        file_bytes=limits.HANDWRITING_FILE_BYTES,
        unpacked_bytes=limits.HANDWRITING_UNPACKED_BYTES,
        array_bytes=limits.HANDWRITING_SAMPLES * IMAGE_SIZE * IMAGE_SIZE * 4,  # float32 images at most
        entries=limits.HANDWRITING_SAMPLES,
    )


def _read_members(path: Path) -> dict[str, np.ndarray]:
    """The arrays a handwriting file may have, each checked by header and declared size before it is
    unpacked; any other entry is never read."""

    def too_big(size: int) -> DatasetError:
        limit = limits.HANDWRITING_FILE_BYTES // 2**20
        return DatasetError("handwriting-file-too-big", path=path, megabytes=size / 2**20, limit=limit)

    return npzfile.read_arrays(path, ("x", "y", "created", "format"), _caps(), DatasetError, too_big)


def _check_format(arrays: dict, path: Path) -> None:
    tag = arrays.get("format")
    if tag is None:
        return  # a file made with numpy by hand: x and y are enough
    if tag.dtype.kind != "U" or tag.size != 1:
        raise DatasetError("handwriting-format-not-text", path=path, expected=FORMAT)
    text = str(tag.reshape(-1)[0])
    if not text.startswith("digitpad-handwriting-"):
        raise DatasetError("handwriting-foreign-format", path=path, got=text)
    if text != FORMAT:
        raise DatasetError("handwriting-newer-format", path=path, got=text, expected=FORMAT)


def _checked_images(x: np.ndarray, path: Path) -> np.ndarray:
    if x.ndim != 3 or x.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise DatasetError("images-wrong-shape", path=f"{path} [x]", shape=x.shape)
    if x.dtype != np.uint8 and x.dtype.kind != "f":
        raise DatasetError("images-wrong-type", path=f"{path} [x]", dtype=str(x.dtype))
    if x.dtype == np.uint8:
        return np.ascontiguousarray(x)
    if len(x) and (not np.isfinite(x).all() or x.min() < 0.0 or x.max() > 1.0):
        raise DatasetError("float-pixels-out-of-range", path=f"{path} [x]")
    return np.rint(x * 255.0).astype(np.uint8)


def _checked_labels(y: np.ndarray, n: int, path: Path) -> np.ndarray:
    if y.ndim != 1 or len(y) != n:
        raise DatasetError("labels-dont-match-images", path=f"{path} [y]", shape=y.shape, count=n)
    if y.dtype.kind not in "iu":
        raise DatasetError("labels-not-whole", path=f"{path} [y]", dtype=str(y.dtype))
    bad = y[(y < 0) | (y >= NUM_CLASSES)]
    if len(bad):
        raise DatasetError("labels-out-of-range", path=f"{path} [y]", label=bad[0].item())
    return y.astype(np.uint8)


def read_handwriting(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(images uint8 (n, 28, 28), labels uint8 (n,), created float64 (n,)) from a checked file."""
    path = Path(path)
    arrays = _read_members(path)
    missing = [k for k in ("x", "y") if k not in arrays]
    if missing:
        raise DatasetError("handwriting-missing-arrays", path=path, names=", ".join(missing))
    _check_format(arrays, path)
    images = _checked_images(arrays["x"], path)
    labels = _checked_labels(arrays["y"], len(images), path)
    created = arrays.get("created")
    if created is None or created.shape != labels.shape or created.dtype.kind != "f" or not np.isfinite(created).all():
        created = np.full(len(labels), time.time())  # optional: a hand-made file may lack it
    return images, labels, created.astype(np.float64)


class HandwritingStore:
    """The student's samples, kept in ``folder/samples.npz``; every change is saved at once."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = Path(folder) if folder is not None else user_data_dir() / "handwriting"
        self.path = self.folder / STORE_NAME
        self.load_problem: Problem | None = None  # why an unreadable store was set aside, for the window to say
        self._images = np.zeros((0, IMAGE_SIZE, IMAGE_SIZE), np.uint8)
        self._labels = np.zeros(0, np.uint8)
        self._created = np.zeros(0, np.float64)
        if self.path.exists():
            try:
                self._images, self._labels, self._created = read_handwriting(self.path)
            except DatasetError as exc:
                # Keep the broken file for a teacher to look at; never overwrite it with an empty store.
                aside = self.path.with_name(f"samples-unreadable-{int(time.time())}.npz")
                with contextlib.suppress(OSError):
                    os.replace(self.path, aside)
                self.load_problem = Problem("store-set-aside", problem=exc, aside=aside.name)
                log.warning("handwriting store unreadable: %s", self.load_problem)

    def __len__(self) -> int:
        return len(self._labels)

    def samples(self) -> Split:
        """A copy: changes to the store never reach a fine-tuning run that is using it."""
        return Split(self._images.copy(), self._labels.copy())

    def created(self) -> np.ndarray:
        return self._created.copy()

    def counts(self) -> np.ndarray:
        """How many samples of each digit: (10,) ints."""
        return np.bincount(self._labels, minlength=NUM_CLASSES)

    def add(self, image28: np.ndarray, label: int) -> int:
        """Add one preprocessed (28, 28) image (float 0..1 or uint8); returns its index."""
        image = np.asarray(image28)
        if image.shape != (IMAGE_SIZE, IMAGE_SIZE):
            raise HandwritingError("sample-wrong-shape", shape=image.shape)
        if isinstance(label, bool) or int(label) != label or not 0 <= int(label) < NUM_CLASSES:
            raise HandwritingError("label-not-a-digit", got=label)
        if len(self) >= limits.HANDWRITING_SAMPLES:
            raise HandwritingError("store-full", limit=limits.HANDWRITING_SAMPLES)
        if image.dtype != np.uint8:
            image = np.rint(np.clip(image.astype(np.float32), 0.0, 1.0) * 255.0).astype(np.uint8)
        self._write(
            np.concatenate([self._images, image[None]]),
            np.append(self._labels, np.uint8(label)),
            np.append(self._created, time.time()),
        )
        return len(self) - 1

    def delete(self, index: int) -> None:
        self.delete_many([index])

    def delete_many(self, indices) -> None:
        index = np.unique(np.asarray(list(indices), dtype=np.int64))
        if len(index) and (index[0] < 0 or index[-1] >= len(self)):
            raise NoSuchSample("no-such-sample", index=int(index[0] if index[0] < 0 else index[-1]), count=len(self))
        keep = np.ones(len(self), bool)
        keep[index] = False
        self._write(self._images[keep], self._labels[keep], self._created[keep])

    def export(self, path: str | Path) -> Path:
        path = Path(path)
        if path.suffix.lower() != ".npz":
            path = path.with_name(path.name + ".npz")
        _write_npz(path, x=self._images, y=self._labels, created=self._created, format=np.array(FORMAT))
        return path

    def import_file(self, path: str | Path, merge: bool = True) -> int:
        """Add (``merge``) or replace with a file's samples; returns how many were added.

        Samples already in the store (same pixels, same label) are skipped, so importing a class's pooled
        file twice adds nothing. Any fault raises ``DatasetError`` and leaves the store as it was.
        """
        images, labels, created = read_handwriting(path)
        pairs = zip(self._images, self._labels, strict=True) if merge else ()
        seen = {(lab, img.tobytes()) for img, lab in pairs}
        new = []
        for i, (img, lab) in enumerate(zip(images, labels, strict=True)):
            key = (lab, img.tobytes())
            if key not in seen:
                seen.add(key)
                new.append(i)
        base = len(self) if merge else 0
        if base + len(new) > limits.HANDWRITING_SAMPLES:
            raise DatasetError("import-too-many", path=path, count=len(new), limit=limits.HANDWRITING_SAMPLES)
        if merge:
            self._write(
                np.concatenate([self._images, images[new]]),
                np.concatenate([self._labels, labels[new]]),
                np.concatenate([self._created, created[new]]),
            )
        else:
            self._write(images[new], labels[new], created[new])
        return len(new)

    def _write(self, images: np.ndarray, labels: np.ndarray, created: np.ndarray) -> None:
        # Write first, then swap the arrays in: if saving fails the store still matches the file.
        _write_npz(self.path, x=images, y=labels, created=created, format=np.array(FORMAT))
        self._images, self._labels, self._created = images, labels, created


def _write_npz(path: Path, **arrays) -> None:
    """Save atomically: a temporary file beside the target, flushed, then renamed over it."""
    atomic.write_atomically(path, lambda f: np.savez_compressed(f, **arrays))


# -- how well the model knows the student's digits, and fine-tuning on them ---------------------------


@dataclass
class FineTuneResult:
    model: object  # a new Keras model; the one passed in is untouched
    before: float  # accuracy on the student's samples before fine-tuning
    after: float
    samples: int  # the student's samples trained on
    mnist_samples: int  # MNIST images mixed in
    stopped: bool = False


def accuracy_on(model, samples: HandwritingStore | Split) -> float | None:
    """Share of the samples the model classifies right (an ensemble by its mean vote); None when empty."""
    split = samples.samples() if isinstance(samples, HandwritingStore) else samples
    if len(split) == 0:
        return None
    return _accuracy(model, split)


def _accuracy(model, split: Split) -> float:
    from digitpad.core.inference import accuracy_of, predict_probabilities

    return accuracy_of(predict_probabilities(model, split.images), split.labels)


def fine_tune(  # noqa: PLR0913 -- keyword-only training knobs, as in Keras's own fit
    model,
    store_split: Split,
    mnist_train: Split,
    *,
    epochs: int = 3,
    mix_ratio: int = 20,
    learning_rate: float = 1e-3,
    batch_size: int = 64,
    seed: int = 0,
    reporter=None,
    state=None,
) -> FineTuneResult:
    """Train a copy of ``model`` on the student's samples mixed with ``mix_ratio`` times as many MNIST images.

    The MNIST images keep the network from forgetting everyone else's handwriting; a constant rate a third
    of training's peak keeps it close to what it knew (40 thick, off-centre digits: 35% -> 100%, MNIST
    test accuracy 99.0% -> 98.6%, in about 4 s on two cores). An ensemble (output (None, N, 10)) has each
    member fine-tuned on the same mix, so the averaged vote still comes from N networks.
    """
    import keras

    from digitpad.core.config import TrainingConfig

    # The engine's Keras bridge gives the same throttled reports, pause and stop as a training run.
    from digitpad.core.keras_bridge import FitShape, RunClock, keras_bridge_class
    from digitpad.core.reporting import Reporter
    from digitpad.core.tasks import TaskState
    from digitpad.core.training import make_dataset

    if len(store_split) == 0:
        raise HandwritingError("nothing-to-fine-tune")
    reporter = reporter or Reporter()
    state = state or TaskState()
    before = _accuracy(model, store_split)
    rng = np.random.default_rng(seed)
    n_mnist = min(len(mnist_train), mix_ratio * len(store_split))
    pick = np.sort(rng.choice(len(mnist_train), n_mnist, replace=False))
    mix = Split(
        np.concatenate([store_split.images, mnist_train.images[pick]]),
        np.concatenate([store_split.labels, mnist_train.labels[pick]]),
    )

    skip_single_replica_gradient_sum()  # else each fine-tuning would keep its traced steps for good
    keras.utils.set_random_seed(seed)
    tuned = keras.models.clone_model(model)
    tuned.set_weights(model.get_weights())
    members = _trainable_members(tuned)
    shape = FitShape(len(mix), batch_size, epochs)
    clock = RunClock(len(mix) * epochs * len(members))
    bridge_class = keras_bridge_class()
    log.info("fine-tuning on %d of the student's digits and %d MNIST digits", len(store_split), n_mnist)
    for index, member in enumerate(members):
        if state.should_stop():
            break
        member.compile(
            optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
            steps_per_execution=TrainingConfig.steps_per_execution,
            jit_compile=False,
        )
        bridge = bridge_class(index, shape, reporter, state, clock)
        member.fit(
            make_dataset(mix, batch_size, shuffle=True, seed=seed + index),
            epochs=epochs,
            callbacks=[bridge],
            verbose=0,
            shuffle=False,
        )
    return FineTuneResult(
        tuned, before, _accuracy(tuned, store_split), len(store_split), n_mnist, stopped=state.should_stop()
    )


def _trainable_members(model) -> list:
    """The networks to train: the model itself, or each member of an ensemble."""
    if len(model.output_shape) != 3:
        return [model]
    import keras

    members = [layer for layer in model.layers if isinstance(layer, keras.Model)]
    if len(members) != model.output_shape[1]:
        raise HandwritingError("unknown-ensemble", outputs=model.output_shape[1], found=len(members))
    return members
