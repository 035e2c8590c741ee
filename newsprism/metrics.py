"""Clustering scores against gold labels: B-cubed and pairwise precision/recall/F1."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def bcubed(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), items aligned by position."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels must have the same length")
    if not gold:
        return Scores(1.0, 1.0, 1.0)
    joint = Counter(zip(predicted, gold, strict=True))
    pred_sizes, gold_sizes = Counter(predicted), Counter(gold)
    precision = sum(n * n / pred_sizes[p] for (p, _), n in joint.items()) / len(gold)
    recall = sum(n * n / gold_sizes[g] for (_, g), n in joint.items()) / len(gold)
    return Scores(precision, recall, _f1(precision, recall))


def pairwise(predicted: Sequence[Hashable], gold: Sequence[Hashable]) -> Scores:
    """Precision, recall and F1 over all pairs of items put in the same cluster."""
    if len(predicted) != len(gold):
        raise ValueError("predicted and gold labels must have the same length")
    joint = Counter(zip(predicted, gold, strict=True))
    same_both = sum(n * (n - 1) / 2 for n in joint.values())
    same_pred = sum(n * (n - 1) / 2 for n in Counter(predicted).values())
    same_gold = sum(n * (n - 1) / 2 for n in Counter(gold).values())
    precision = same_both / same_pred if same_pred else 1.0
    recall = same_both / same_gold if same_gold else 1.0
    return Scores(precision, recall, _f1(precision, recall))
