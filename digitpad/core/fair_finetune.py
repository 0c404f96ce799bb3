"""Fine-tuning on a student's digits, measured fairly: on digits it did not train on, and on MNIST's test set.

Accuracy on the very digits a network was just trained on says little (it can learn them by heart). So some
of the student's digits are kept aside and the network is tested on those:

- ten or more digits: a quarter of them (at least two, with a fixed seed) are kept aside; the network handed
  over is trained on the rest, so the numbers shown are its own;
- two to nine: leave-one-out: each digit is tested by a network fine-tuned on all the others, then the
  network handed over is fine-tuned on all of them;
- one: nothing can be kept aside; only the MNIST numbers are shown.

The MNIST test accuracy before and after shows what fine-tuning costs on everyone else's handwriting; a drop
of more than a point is flagged (``forgets``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from digitpad.core.data import Split
from digitpad.core.handwriting import FineTuneResult, HandwritingError, fine_tune
from digitpad.core.reporting import BatchReport, EpochReport, Reporter

SPLIT_FROM = 10  # digits: from this many, a quarter is kept aside; below, leave-one-out
HELD_OUT_SHARE = 0.25
FORGETTING_POINTS = 0.01  # an MNIST test accuracy lower by more than this is flagged


@dataclass
class FairFineTune:
    """A fine-tune with honest numbers. ``tuned`` is what ``fine_tune`` returned for the network handed over."""

    tuned: FineTuneResult
    method: str  # "held-out", "leave-one-out" or "none"
    held_out: int  # the student's digits the reported numbers were measured on, not trained on
    held_before: float | None  # accuracy on those digits before fine-tuning
    held_after: float | None
    mnist_before: float  # accuracy on MNIST's 10,000 test images
    mnist_after: float

    @property
    def model(self):
        return self.tuned.model

    @property
    def trained_on(self) -> int:
        return self.tuned.samples

    @property
    def forgets(self) -> bool:
        """Whether MNIST test accuracy fell by more than a point: it starts to forget other handwriting."""
        return self.mnist_before - self.mnist_after > FORGETTING_POINTS


class _Share(Reporter):
    """Passes on the reports of one of several fine-tunes, its progress scaled into its share of the whole."""

    def __init__(self, reporter: Reporter, index: int, count: int):
        self.reporter, self.index, self.count = reporter, index, count

    def _scaled(self, report):
        return replace(report, progress=(self.index + report.progress) / self.count)

    def batch(self, report: BatchReport) -> None:
        self.reporter.batch(self._scaled(report))

    def epoch(self, report: EpochReport) -> None:
        self.reporter.epoch(self._scaled(report))


def held_out_split(labels: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(train index, held-out index): a quarter kept aside (at least 2), spread over the digits the student
    drew most (a stratified pick, so one digit is never kept aside entirely when it has others)."""
    rng = np.random.default_rng(seed)
    n = len(labels)
    wanted = max(2, round(n * HELD_OUT_SHARE))
    held: list[int] = []
    for digit in rng.permutation(np.unique(labels)):
        index = rng.permutation(np.flatnonzero(labels == digit))
        take = round(len(index) * HELD_OUT_SHARE) if len(index) > 1 else 0
        held += index[:take].tolist()
    spare = rng.permutation(np.setdiff1d(np.arange(n), held))
    held = (held + spare[: max(0, wanted - len(held))].tolist())[:wanted]
    held_index = np.sort(np.asarray(held, dtype=np.int64))
    return np.setdiff1d(np.arange(n), held_index), held_index


def fair_fine_tune(  # noqa: PLR0913 -- keyword-only training knobs, as fine_tune's
    model, own: Split, mnist_train: Split, mnist_test: Split, *, reporter=None, state=None, seed: int = 0
) -> FairFineTune:
    """Fine-tune a copy of ``model`` on ``own`` (mixed with MNIST, as ``fine_tune`` does) and measure it fairly."""
    from digitpad.core.inference import accuracy_of, predict_probabilities

    if len(own) == 0:
        raise HandwritingError("nothing-to-fine-tune")
    reporter = reporter or Reporter()

    def accuracy(network, split: Split) -> float:
        return accuracy_of(predict_probabilities(network, split.images), split.labels)

    mnist_before = accuracy(model, mnist_test)
    n = len(own)
    if n >= SPLIT_FROM:
        train_index, held_index = held_out_split(own.labels, seed)
        held = own.subset(held_index)
        tuned = fine_tune(model, own.subset(train_index), mnist_train, reporter=reporter, state=state, seed=seed)
        result = FairFineTune(
            tuned, "held-out", len(held), accuracy(model, held), accuracy(tuned.model, held), mnist_before, 0.0
        )
    elif n >= 2:
        right = []
        for i in range(n):  # each digit judged by a network that never saw it
            others = own.subset(np.delete(np.arange(n), i))
            one = fine_tune(model, others, mnist_train, reporter=_Share(reporter, i, n + 1), state=state, seed=seed)
            right.append(accuracy(one.model, own.subset(np.array([i]))))
        tuned = fine_tune(model, own, mnist_train, reporter=_Share(reporter, n, n + 1), state=state, seed=seed)
        result = FairFineTune(tuned, "leave-one-out", n, accuracy(model, own), float(np.mean(right)), mnist_before, 0.0)
    else:
        tuned = fine_tune(model, own, mnist_train, reporter=reporter, state=state, seed=seed)
        result = FairFineTune(tuned, "none", 0, None, None, mnist_before, 0.0)
    result.mnist_after = accuracy(tuned.model, mnist_test)
    return result
