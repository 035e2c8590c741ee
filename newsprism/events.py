"""Same event or not: a learned scorer over pairs of articles.

For two articles, ``pair_features`` measures how alike their meaning vectors are and how
their event signatures (``newsprism.signature``) agree: shared and missing participants,
shared or disjoint places, years, explicit dates and key figures, and the days between
them when both are dated. ``EventScorer`` turns those features into the probability that
both report the same event, with a logistic regression whose weights are read from
``newsprism/data/event_scorer.json``.

The weights are learned, not set by hand: ``benchmarks/train_events.py`` fits them with
scikit-learn on labelled pairs of the dev sets (basil-dev, allsides-dev, ecb-dev) and
prints the cross-check — trained on two sets, clustering scored on the third — before
writing the file; the file records that run. At run time only NumPy is needed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from .signature import EventSignature

FEATURES = (
    "meaning",  # cosine of the document vectors (title and lead)
    "words",  # cosine of the whole texts' content words
    "names",  # cosine of the salience-weighted participant names
    "names_missing",  # share of either side's three most salient names the other lacks
    "places",  # cosine of the salience-weighted places
    "places_disjoint",  # both name places, none in common
    "years_shared",  # a year stated by both
    "years_disjoint",  # both state years, none in common
    "dates_shared",  # an explicit calendar date stated by both
    "figures_shared",  # key figures in common, over the fewer of the two
    "figures_disjoint",  # both give key figures, none in common
    "dated",  # both carry a publication date
    "day_gap",  # days between them (capped at a week, in weeks), when both are dated
)
# The most salient names of an article that the other is expected to mention.
TOP_NAMES = 3
MAX_GAP_DAYS = 7.0


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(weight * b.get(key, 0.0) for key, weight in a.items())
    norm = math.sqrt(sum(w * w for w in a.values()) * sum(w * w for w in b.values()))
    return dot / norm if norm else 0.0


def _missing(a: dict[str, float], b: dict[str, float]) -> float:
    """Share of ``a``'s most salient names that ``b`` never uses."""
    if not a or not b:
        return 0.0
    top = sorted(a, key=lambda key: (-a[key], key))[:TOP_NAMES]
    return sum(key not in b for key in top) / len(top)


def _overlap(a: frozenset, b: frozenset) -> tuple[float, float]:
    """(shared over the smaller set, 1 when both are non-empty and disjoint)."""
    if not a or not b:
        return 0.0, 0.0
    shared = len(a & b)
    return shared / min(len(a), len(b)), float(shared == 0)


def pair_features(a: EventSignature, b: EventSignature, meaning: float) -> np.ndarray:
    """The features of one pair of articles, in the order of ``FEATURES``."""
    years_shared, years_disjoint = _overlap(a.years, b.years)
    figures_shared, figures_disjoint = _overlap(a.figures, b.figures)
    places_disjoint = float(bool(a.places and b.places) and not (a.places.keys() & b.places.keys()))
    dated = a.day is not None and b.day is not None
    gap = min(abs((a.day - b.day).days), MAX_GAP_DAYS) / MAX_GAP_DAYS if dated else 0.0
    return np.array(
        [
            meaning,
            a.words.dot(b.words),
            _cosine(a.names, b.names),
            max(_missing(a.names, b.names), _missing(b.names, a.names)),
            _cosine(a.places, b.places),
            places_disjoint,
            float(years_shared > 0),
            years_disjoint,
            float(bool(a.dates & b.dates)),
            figures_shared,
            figures_disjoint,
            float(dated),
            gap,
        ],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class EventScorer:
    """A logistic regression over ``FEATURES``: P(same event) = σ(w · x + b)."""

    weights: np.ndarray
    intercept: float
    threshold: float
    training: str = ""

    def probability(self, features: np.ndarray) -> np.ndarray:
        """P(same event) of each row of ``features`` (or of one feature vector)."""
        return 1.0 / (1.0 + np.exp(-(features @ self.weights + self.intercept)))

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(float(w), 6) for w in self.weights],
                "intercept": round(self.intercept, 6),
                "threshold": self.threshold,
                "training": self.training,
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> EventScorer:
        data = json.loads(text)
        if tuple(data["features"]) != FEATURES:
            raise ValueError(
                f"event scorer features {data['features']} do not match {list(FEATURES)}; "
                "retrain with benchmarks/train_events.py"
            )
        return cls(
            weights=np.array(data["weights"], dtype=np.float64),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
            training=data.get("training", ""),
        )


@cache
def default_scorer() -> EventScorer:
    """The scorer shipped with the package (``newsprism/data/event_scorer.json``)."""
    text = resources.files("newsprism").joinpath("data/event_scorer.json").read_text("utf-8")
    return EventScorer.from_json(text)
