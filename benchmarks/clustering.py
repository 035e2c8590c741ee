"""Story clustering quality and speed on the labelled sets in ../shared/data.

    python benchmarks/clustering.py

For each labelled set present (basil-dev, allsides-dev), runs newsprism's clustering
(with dates, and with dates ignored) and, in the same run, the plain reference a user
would build: all-MiniLM-L6-v2 vectors of the same text + average-link agglomerative
clustering with its threshold tuned on the set itself (an optimistic reference). Prints
B-cubed precision/recall/F1, pairwise F1, articles/s and peak memory.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import pdist

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import load, peak_rss_mb, present_sets

from newsprism.cluster import ClusterOptions, cluster_articles
from newsprism.embed import embed_documents
from newsprism.metrics import bcubed, pairwise
from newsprism.models import Article
from newsprism.nlp import Models

# Figures stated with the data sets (their SOURCE.md and the issue tracker), for context.
PUBLISHED = {
    "basil-dev": "plain embedding + agglomerative, threshold tuned on the test half: B3 F1 0.963",
    "allsides-dev": "MiniLM + average link tuned on the data: B3 F1 ~0.81 text only, ~0.91 with a date window",
}


def reference(vectors, gold: list[str]) -> tuple[float, float, float]:
    """Average-link with the threshold that is best on the gold labels: (threshold, B3 F1, pair F1)."""
    tree = linkage(pdist(vectors, metric="cosine"), method="average")
    best = (0.0, 0.0, 0.0)
    for distance in np.arange(0.2, 0.8, 0.02):
        predicted = fcluster(tree, t=distance, criterion="distance")
        score = bcubed(list(predicted), gold).f1
        if score > best[1]:
            best = (1 - distance, score, pairwise(list(predicted), gold).f1)
    return best


def tfidf_vectors(articles: list[Article]) -> np.ndarray:
    """TF-IDF vectors of title and text (scikit-learn's defaults with English stop words
    and sublinear counts, the document frequencies of the set itself): the plain lexical
    reference."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, min_df=1)
    return vectorizer.fit_transform(texts).toarray()


def main() -> None:
    models = Models()
    models.load()
    print(f"{'set':14s} {'method':44s} {'B3 P':>6s} {'B3 R':>6s} {'B3 F1':>6s} {'pair F1':>7s}")
    for name, path in present_sets():
        articles = load(path)
        gold = [a.metadata["event"] for a in articles]
        started = time.perf_counter()
        vectors = embed_documents(articles, models)
        embed_seconds = time.perf_counter() - started
        for ignore_dates in (False, True):
            started = time.perf_counter()
            clustering = cluster_articles(
                articles, vectors, ClusterOptions(ignore_dates=ignore_dates)
            )
            cluster_seconds = time.perf_counter() - started
            predicted = clustering.labels()
            b3, pair = bcubed(predicted, gold), pairwise(predicted, gold)
            method = "newsprism" + (" (dates ignored)" if ignore_dates else " (with dates)")
            print(
                f"{name:14s} {method:44s} {b3.precision:6.3f} {b3.recall:6.3f} {b3.f1:6.3f} {pair.f1:7.3f}"
            )
        # the reference is what a user would build: the published (float32) model
        plain = embed_documents(articles, Models(precision="float32"))
        threshold, ref_b3, ref_pair = reference(plain, gold)
        method = f"reference: avg-link, tuned on itself (sim {threshold:.2f})"
        print(f"{name:14s} {method:44s} {'':6s} {'':6s} {ref_b3:6.3f} {ref_pair:7.3f}")
        rate = len(articles) / (embed_seconds + cluster_seconds)
        print(
            f"{name:14s} {len(articles)} articles, {len(set(gold))} gold events; embedding "
            f"{embed_seconds:.1f} s, clustering {cluster_seconds:.2f} s -> {rate:.0f} articles/s"
        )
        print(f"{name:14s} published/stated: {PUBLISHED[name]}")
    print(f"peak memory (RSS): {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
