"""Re-derive the clustering defaults from labelled data, and cross-check them.

    python benchmarks/calibrate.py [--cache DIR]

For each labelled set present (basil-dev, allsides-dev), split into two halves by a
hash of the gold event id: grid-search the settings on one half, score the winner on
the other half and on the other set — the defaults must hold up on data they were not
tuned on — then the same with one half of every set at once (mean F1). Two grids: with dates (event threshold, time window, day-gap penalty) and
with dates ignored (the undated threshold). Prints each half's optimum, its held-out
and cross-set scores, and the current defaults' scores everywhere.

``--cache DIR`` keeps the document vectors as .npy files there, so that reruns skip
the encoder (the vectors are those of ``newsprism.embed``; delete the files when it
changes).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import load, present_sets

from newsprism.cluster import ClusterOptions, cluster_articles
from newsprism.embed import embed_documents
from newsprism.metrics import bcubed
from newsprism.nlp import Models

THRESHOLDS = [0.45, 0.5, 0.55, 0.6, 0.65]
WINDOWS = [1.0, 2.0, 3.0]
PENALTIES = [0.0, 0.04, 0.08, 0.12]
UNDATED_THRESHOLDS = [0.55, 0.58, 0.6, 0.62, 0.64, 0.66, 0.68, 0.7, 0.72]

# (articles, vectors, gold) of one set or half
Part = tuple[list, np.ndarray, list[str]]


def half_of(event: str) -> str:
    """'A' or 'B': a stable split of the gold events that favours no story."""
    return "AB"[hashlib.blake2b(event.encode(), digest_size=4).digest()[0] % 2]


def subset(part: Part, half: str) -> Part:
    articles, vectors, gold = part
    keep = [i for i, g in enumerate(gold) if half_of(g) == half]
    return [articles[i] for i in keep], vectors[keep], [gold[i] for i in keep]


def score(part: Part, options: ClusterOptions) -> float:
    articles, vectors, gold = part
    return bcubed(cluster_articles(articles, vectors, options).labels(), gold).f1


def dated_grid() -> list[ClusterOptions]:
    return [
        ClusterOptions(event_threshold=t, event_window_days=w, day_gap_penalty=p)
        for t, w, p in itertools.product(THRESHOLDS, WINDOWS, PENALTIES)
    ]


def undated_grid() -> list[ClusterOptions]:
    return [
        ClusterOptions(ignore_dates=True, undated_event_threshold=u) for u in UNDATED_THRESHOLDS
    ]


def describe(options: ClusterOptions) -> str:
    if options.ignore_dates:
        return f"undated_threshold={options.undated_event_threshold:.2f}"
    return (
        f"threshold={options.event_threshold:.2f} window={options.event_window_days:.0f} "
        f"penalty={options.day_gap_penalty:.2f}"
    )


def best(part: Part, grid: list[ClusterOptions]) -> tuple[ClusterOptions, float]:
    """The grid's best setting on ``part`` (the first of equals, so the grid's order —
    lower thresholds and penalties first — breaks ties)."""
    scored = [(score(part, options), n) for n, options in enumerate(grid)]
    f1, n = max(scored, key=lambda item: (item[0], -item[1]))
    return grid[n], f1


def vectors_for(name: str, articles: list, models: Models, cache: Path | None) -> np.ndarray:
    path = cache / f"{name}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    vectors = embed_documents(articles, models)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, help="folder to keep document vectors in")
    cache = parser.parse_args().cache
    models = Models()
    sets: dict[str, Part] = {}
    for name, path in present_sets():
        articles = load(path)
        gold = [a.metadata["event"] for a in articles]
        sets[name] = (articles, vectors_for(name, articles, models, cache), gold)
    if not sets:
        raise SystemExit("no labelled set present under ../shared/data")
    defaults = ClusterOptions()
    for mode, grid in (("with dates", dated_grid()), ("dates ignored", undated_grid())):
        print(f"\n== {mode}")
        print(
            f"{'tuned on':16s} {'setting':40s} {'tuned':>6s} {'held-out half':>14s} {'other set':>10s}"
        )
        for name, part in sets.items():
            for half, other in (("A", "B"), ("B", "A")):
                options, f1 = best(subset(part, half), grid)
                held_out = score(subset(part, other), options)
                cross = [score(p, options) for n, p in sets.items() if n != name]
                cross_text = f"{cross[0]:10.3f}" if cross else f"{'':10s}"
                print(
                    f"{name + ' ' + half:16s} {describe(options):40s} {f1:6.3f} "
                    f"{held_out:14.3f} {cross_text}"
                )
        # both sets at once: the mean over one half of each, scored on the other halves
        for half, other in (("A", "B"), ("B", "A")):
            scored = [
                (sum(score(subset(p, half), options) for p in sets.values()) / len(sets), -n)
                for n, options in enumerate(grid)
            ]
            f1, n = max(scored)
            held_out = " ".join(
                f"{name} {score(subset(p, other), grid[-n]):.3f}" for name, p in sets.items()
            )
            print(
                f"{'all sets ' + half:16s} {describe(grid[-n]):40s} {f1:6.3f}  held out: {held_out}"
            )
        chosen = replace(defaults, ignore_dates=mode == "dates ignored")
        for name, part in sets.items():
            halves = " ".join(f"{h} {score(subset(part, h), chosen):.3f}" for h in "AB")
            print(
                f"{'defaults':16s} {describe(chosen):40s} {name} all {score(part, chosen):.3f}, {halves}"
            )


if __name__ == "__main__":
    main()
