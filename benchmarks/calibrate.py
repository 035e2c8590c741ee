"""Re-derive the clustering defaults from labelled data, and cross-check them.

    python benchmarks/calibrate.py

For each labelled set present (basil-dev, allsides-dev): grid-search the event
threshold and time window on that set, then score the winner on the other set — the
defaults must hold up on the set they were not tuned on. Prints the grid optimum of
each set, the cross scores, and the current defaults' scores on both.
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import load, present_sets

from newsprism.cluster import ClusterOptions, cluster_articles
from newsprism.embed import embed_documents
from newsprism.metrics import bcubed
from newsprism.nlp import Models

THRESHOLDS = [0.45, 0.5, 0.55, 0.6, 0.65, 0.7]
WINDOWS = [1.0, 2.0, 3.0]


def score(articles, vectors, gold, threshold: float, window: float) -> float:
    options = ClusterOptions(event_threshold=threshold, event_window_days=window)
    return bcubed(cluster_articles(articles, vectors, options).labels(), gold).f1


def main() -> None:
    models = Models()
    sets = {}
    for name, path in present_sets():
        articles = load(path)
        sets[name] = (
            articles,
            embed_documents(articles, models),
            [a.metadata["event"] for a in articles],
        )
    if not sets:
        raise SystemExit("no labelled set present under ../shared/data")
    best = {}
    for name, (articles, vectors, gold) in sets.items():
        grid = {
            (t, w): score(articles, vectors, gold, t, w)
            for t, w in itertools.product(THRESHOLDS, WINDOWS)
        }
        (t, w), f1 = max(grid.items(), key=lambda item: item[1])
        best[name] = (t, w)
        print(f"{name:13s} best on itself: event_threshold={t}, window={w} days -> B3 F1 {f1:.3f}")
    defaults = ClusterOptions()
    print(f"{'tuned on':13s} {'scored on':13s} {'threshold':>9s} {'window':>6s} {'B3 F1':>6s}")
    for tuned, (t, w) in best.items():
        for scored, (articles, vectors, gold) in sets.items():
            print(
                f"{tuned:13s} {scored:13s} {t:9.2f} {w:6.1f} {score(articles, vectors, gold, t, w):6.3f}"
            )
    for scored, (articles, vectors, gold) in sets.items():
        f1 = score(articles, vectors, gold, defaults.event_threshold, defaults.event_window_days)
        print(
            f"{'defaults':13s} {scored:13s} {defaults.event_threshold:9.2f} "
            f"{defaults.event_window_days:6.1f} {f1:6.3f}"
        )


if __name__ == "__main__":
    main()
