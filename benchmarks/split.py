"""Calibrate the split of events by their words (``cluster.split_similarity`` and
``cluster.split_min_articles``), and cross-check it: tuned on each dev set, scored on
the others.

    python benchmarks/split.py [--cache FILE]

Each set present under ../shared/data (basil-dev, allsides-dev, ecb-dev) is annotated
and embedded as ``benchmarks/train_events.py`` does (cached in the store ``--cache``,
default ``.vector-cache/train.db``) and clustered with the default (cosine) linker over
a grid of the two settings; dated sets also with their dates ignored. Prints the B-cubed
F1 of every cell, then, for each set, the cell best on it and what that cell scores on
the other sets, against the defaults.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DATA, ROOT
from train_events import SETS, LabelledSet

from newsprism.cluster import ClusterOptions, cluster_articles
from newsprism.metrics import bcubed
from newsprism.nlp import Models
from newsprism.store import Store

SIMILARITIES = [0.0, 0.2, 0.25, 0.275, 0.3, 0.325, 0.35, 0.4, 0.5]
MIN_ARTICLES = [2, 3]


def scores(labelled: LabelledSet, similarity: float, min_articles: int) -> list[float]:
    """B-cubed F1 with these settings: dates ignored, then (dated sets) with dates."""
    variants = [True, False] if labelled.dated else [True]
    found = []
    for ignore_dates in variants:
        options = ClusterOptions(
            ignore_dates=ignore_dates,
            split_similarity=similarity,
            split_min_articles=min_articles,
        )
        clustering = cluster_articles(
            labelled.articles, labelled.vectors, options, labelled.signatures
        )
        found.append(bcubed(clustering.labels(), labelled.gold).f1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".vector-cache" / "train.db")
    arguments = parser.parse_args()
    arguments.cache.parent.mkdir(parents=True, exist_ok=True)
    present = [name for name in SETS if (DATA / name / "articles.jsonl").exists()]
    if not present:
        raise SystemExit(f"no labelled set under {DATA}")
    models = Models()
    with Store(arguments.cache) as store:
        sets = [LabelledSet(name, models, store) for name in present]
    cells = [(s, m) for s in SIMILARITIES for m in MIN_ARTICLES]
    table = {(labelled.name, cell): scores(labelled, *cell) for labelled in sets for cell in cells}
    print("B-cubed F1 (dates ignored / with dates); similarity 0 turns the split off")
    print(f"{'similarity':>10s} {'min':>4s} " + " ".join(f"{s.name:>14s}" for s in sets))
    for cell in cells:
        row = " ".join(
            f"{' / '.join(f'{f:.3f}' for f in table[(s.name, cell)]):>14s}" for s in sets
        )
        print(f"{cell[0]:>10.3f} {cell[1]:>4d} {row}")
    default = ClusterOptions()
    default_cell = (default.split_similarity, default.split_min_articles)
    print("\ntuned on one set (mean of its variants), scored on every set")
    for tuned in sets:
        best = max(cells, key=lambda c: sum(table[(tuned.name, c)]) / len(table[(tuned.name, c)]))
        scored = ", ".join(
            f"{s.name} {' / '.join(f'{f:.3f}' for f in table[(s.name, best)])}" for s in sets
        )
        print(f"{tuned.name:12s} best {best[0]:.3f} / {best[1]}: {scored}")
    scored = ", ".join(
        f"{s.name} {' / '.join(f'{f:.3f}' for f in table[(s.name, default_cell)])}" for s in sets
    )
    print(f"{'defaults':12s}      {default_cell[0]:.3f} / {default_cell[1]}: {scored}")


if __name__ == "__main__":
    main()
