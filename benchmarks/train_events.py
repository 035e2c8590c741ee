"""Learn the same-event scorer (``newsprism.events``) from the labelled dev sets, and
cross-check it: trained on two sets, clustering scored on the third.

    python benchmarks/train_events.py [--cache FILE] [--write]

Each set present under ../shared/data (basil-dev, allsides-dev, ecb-dev) is annotated and
embedded (cached in the store ``--cache``, default ``.vector-cache/train.db``). Training
pairs are what the clusterer compares: each article with its nearest neighbours by
meaning vector in its set, labelled by whether the gold events agree. Dated sets give
each pair twice, with and without the dates, so that the scorer also learns the undated
case. Each set weighs the same in training, whatever its size.

The cross-check trains on every two sets, picks the probability threshold that is best
for clustering on those two, and scores the clustering of the third (B-cubed F1;
basil-dev also with dates ignored). ``--write`` then trains on all sets, picks the
threshold on all, and writes ``newsprism/data/event_scorer.json``, recording the run.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DATA, ROOT, load

from newsprism.annotate import annotate
from newsprism.annotation import ANNOTATION_VERSION
from newsprism.cluster import ClusterOptions, cluster_articles, published_day
from newsprism.embed import document_vector_key, embed_documents
from newsprism.events import FEATURES, EventScorer, pair_features
from newsprism.metrics import bcubed
from newsprism.nlp import Models
from newsprism.signature import EventSignature, event_signature
from newsprism.store import Store

SETS = ("basil-dev", "allsides-dev", "ecb-dev")
# Neighbours per article that become training pairs (the clusterer looks at 32).
PAIR_NEIGHBOURS = 20
THRESHOLDS = [round(t, 2) for t in np.arange(0.2, 0.81, 0.1)]
# L2 strength of the logistic regression (scikit-learn's C: larger is weaker).
REGULARIZATION_C = 1.0


class LabelledSet:
    """One dev set: articles, meaning vectors, signatures and gold events."""

    def __init__(self, name: str, models: Models, store: Store) -> None:
        self.name = name
        self.articles = load(DATA / name / "articles.jsonl")
        ids = [a.id for a in self.articles]
        annotations = store.annotations(ids, ANNOTATION_VERSION)
        missing = [a for a in self.articles if a.id not in annotations]
        if missing:
            fresh = annotate(missing, models)
            store.save_annotations(fresh)
            annotations.update({a.article_id: a for a in fresh})
        key = document_vector_key(models)
        vectors = store.vectors(ids, key)
        missing = [a for a in self.articles if a.id not in vectors]
        if missing:
            fresh = dict(
                zip([a.id for a in missing], embed_documents(missing, models), strict=True)
            )
            store.save_vectors(fresh, key)
            vectors.update(fresh)
        self.vectors = np.stack([vectors[i] for i in ids]).astype(np.float32)
        self.signatures = [
            event_signature(a, annotations[a.id], published_day(a)) for a in self.articles
        ]
        self.gold = [a.metadata["event"] for a in self.articles]
        self.dated = any(s.day for s in self.signatures)

    def pairs(self) -> tuple[np.ndarray, np.ndarray]:
        """Features and labels of each article with its nearest neighbours (both ways
        once), with dates and, for a dated set, again without."""
        similarity = self.vectors @ self.vectors.T
        chosen = set()
        for i in range(len(self.articles)):
            for j in np.argsort(-similarity[i])[1 : PAIR_NEIGHBOURS + 1]:
                chosen.add((min(i, int(j)), max(i, int(j))))
        variants = [self.signatures]
        if self.dated:
            variants.append([replace(s, day=None) for s in self.signatures])
        rows, labels = [], []
        for signatures in variants:
            for i, j in sorted(chosen):
                rows.append(pair_features(signatures[i], signatures[j], float(similarity[i, j])))
                labels.append(self.gold[i] == self.gold[j])
        return np.array(rows), np.array(labels)

    def cosine_score(self, ignore_dates: bool = False) -> float:
        """B-cubed F1 of the default (cosine) clustering, for comparison."""
        options = ClusterOptions(ignore_dates=ignore_dates)
        clustering = cluster_articles(self.articles, self.vectors, options)
        return bcubed(clustering.labels(), self.gold).f1

    def score(self, scorer: EventScorer, threshold: float, ignore_dates: bool = False) -> float:
        options = ClusterOptions(
            linker="learned", same_event_probability=threshold, ignore_dates=ignore_dates
        )
        signatures: list[EventSignature] = self.signatures
        clustering = cluster_articles(self.articles, self.vectors, options, signatures, scorer)
        return bcubed(clustering.labels(), self.gold).f1


def train(sets: list[LabelledSet], description: str) -> EventScorer:
    """A logistic regression on the pairs of ``sets``, each set weighing the same."""
    features, labels, weights = [], [], []
    for labelled in sets:
        x, y = labelled.pairs()
        features.append(x)
        labels.append(y)
        weights.append(np.full(len(y), 1.0 / len(y)))
    # weights of mean 1, so that the regularization is that of an unweighted fit
    sample_weight = np.concatenate(weights)
    sample_weight *= len(sample_weight) / sample_weight.sum()
    model = LogisticRegression(C=REGULARIZATION_C, max_iter=2000)
    model.fit(np.vstack(features), np.concatenate(labels), sample_weight=sample_weight)
    return EventScorer(
        weights=model.coef_[0].astype(np.float64),
        intercept=float(model.intercept_[0]),
        threshold=0.5,
        training=description,
    )


def best_threshold(sets: list[LabelledSet], scorer: EventScorer) -> tuple[float, float]:
    """The threshold with the best mean clustering F1 over ``sets`` (undated sets and
    dated ones both with and without dates), and that mean."""

    def mean_f1(threshold: float) -> float:
        scores = [s.score(scorer, threshold) for s in sets]
        scores += [s.score(scorer, threshold, ignore_dates=True) for s in sets if s.dated]
        return sum(scores) / len(scores)

    return max(((t, mean_f1(t)) for t in THRESHOLDS), key=lambda item: item[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".vector-cache" / "train.db")
    parser.add_argument("--write", action="store_true", help="write the scorer trained on all")
    arguments = parser.parse_args()
    arguments.cache.parent.mkdir(parents=True, exist_ok=True)
    present = [name for name in SETS if (DATA / name / "articles.jsonl").exists()]
    if len(present) < len(SETS):
        raise SystemExit(f"needs all of {', '.join(SETS)} under ../shared/data")
    with Models() as models, Store(arguments.cache) as store:
        sets = [LabelledSet(name, models, store) for name in present]
    print(
        f"{'trained on':28s} {'threshold':>9s} {'held out':12s} {'B3 F1':>6s} {'undated':>8s}"
        f"   cosine: {'B3 F1':>6s} {'undated':>8s}"
    )
    for held_out in sets:
        training = [s for s in sets if s is not held_out]
        names = " + ".join(s.name for s in training)
        scorer = train(training, names)
        threshold, _ = best_threshold(training, scorer)
        dated = held_out.score(scorer, threshold)
        undated = held_out.score(scorer, threshold, ignore_dates=True) if held_out.dated else None
        undated_text = f"{undated:8.3f}" if undated is not None else f"{'':8s}"
        cosine = held_out.cosine_score()
        cosine_undated = (
            f"{held_out.cosine_score(ignore_dates=True):8.3f}" if held_out.dated else ""
        )
        print(
            f"{names:28s} {threshold:9.2f} {held_out.name:12s} {dated:6.3f} {undated_text}"
            f"           {cosine:6.3f} {cosine_undated}"
        )
    names = " + ".join(s.name for s in sets)
    scorer = train(sets, names)
    threshold, mean_f1 = best_threshold(sets, scorer)
    print(f"\nall sets: threshold {threshold:.2f}, mean B3 F1 {mean_f1:.3f}")
    for labelled in sets:
        extra = (
            f", dates ignored {labelled.score(scorer, threshold, ignore_dates=True):.3f}"
            if labelled.dated
            else ""
        )
        print(f"  {labelled.name:12s} {labelled.score(scorer, threshold):.3f}{extra}")
    print("weights:")
    for feature, weight in itertools.zip_longest(FEATURES, scorer.weights):
        print(f"  {feature:18s} {weight:+.3f}")
    print(f"  {'(intercept)':18s} {scorer.intercept:+.3f}")
    if arguments.write:
        path = ROOT / "newsprism" / "data" / "event_scorer.json"
        made = replace(
            scorer,
            threshold=threshold,
            training=(
                f"benchmarks/train_events.py --write on {date.today().isoformat()}: logistic "
                f"regression (scikit-learn, C={REGULARIZATION_C}) on nearest-neighbour pairs of "
                f"{names}, each set weighted equally; threshold {threshold:.2f} best for "
                f"clustering on all (mean B-cubed F1 {mean_f1:.3f})"
            ),
        )
        path.write_text(made.to_json() + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
