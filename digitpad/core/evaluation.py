"""Test-set evaluation: accuracy, per-class accuracy, confusion matrix, and the misclassified digits."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from digitpad.core.data import NUM_CLASSES, Split
from digitpad.core.inference import predict_probabilities


@dataclass
class EvalReport:
    accuracy: float
    correct: int
    total: int
    per_class: np.ndarray  # (10,) accuracy of each true digit
    class_counts: np.ndarray  # (10,)
    class_correct: np.ndarray  # (10,)
    confusion: np.ndarray  # (10, 10): rows true digit, columns predicted
    predicted: np.ndarray  # (n,)
    confidence: np.ndarray  # (n,) probability of the predicted digit
    labels: np.ndarray  # (n,) the true digits
    member_accuracies: list[float] | None

    def misclassified(self) -> np.ndarray:
        """Indices of the wrongly classified images, most confident mistakes first."""
        wrong = self.predicted != self.labels
        return np.flatnonzero(wrong)[np.argsort(-self.confidence[wrong], kind="stable")]


def evaluate(model, split: Split) -> EvalReport:
    """Everything the evaluation view and ``digitpad evaluate`` show; an ensemble is judged by its mean vote."""
    return report_from_probabilities(predict_probabilities(model, split.images), split)


def report_from_probabilities(probs: np.ndarray, split: Split) -> EvalReport:
    """The report for softmax outputs ``probs`` ((n, 10), or (n, N, 10) for an ensemble) of ``split``'s images."""
    members = None
    if probs.ndim == 3:
        members = [float((probs[:, i].argmax(axis=1) == split.labels).mean()) for i in range(probs.shape[1])]
        probs = probs.mean(axis=1)
    predicted = probs.argmax(axis=1)
    labels = split.labels.astype(np.int64)
    confusion = np.zeros((NUM_CLASSES, NUM_CLASSES), dtype=np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    counts = confusion.sum(axis=1)
    correct = np.diag(confusion)
    return EvalReport(
        accuracy=float(correct.sum() / max(1, len(labels))),
        correct=int(correct.sum()),
        total=len(labels),
        per_class=np.divide(correct, counts, out=np.zeros(NUM_CLASSES), where=counts > 0),
        class_counts=counts,
        class_correct=correct,
        confusion=confusion,
        predicted=predicted,
        confidence=probs.max(axis=1),
        labels=labels,
        member_accuracies=members,
    )
