"""Annotation throughput: articles/s, peak memory and share of time per model.

    python benchmarks/annotate.py [--articles 500] [--words 600]

Runs the language layer as ``analyze`` does — spaCy parse and annotation rules
(``newsprism.annotate``), then the document vectors (MiniLM over title and lead) — over
realistic articles on this machine's cores, and prints the figures. Sentence
embeddings, which only the comparison of a multi-outlet story needs, are timed
separately. Target (issue 3): >= 10 articles/s for 600-word articles on 2 cores.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import peak_rss_mb, realistic_articles

from newsprism.annotate import annotate
from newsprism.embed import embed_documents
from newsprism.nlp import Models


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--words", type=int, default=600)
    args = parser.parse_args()

    articles, source = realistic_articles(args.articles, args.words)
    with Models() as models:
        started = time.perf_counter()
        models.load()
        load_seconds = time.perf_counter() - started

        timings = {}
        started = time.perf_counter()
        annotations = annotate(articles, models)
        timings[f"spaCy parse + rules ({models.processes} processes)"] = (
            time.perf_counter() - started
        )
        started = time.perf_counter()
        embed_documents(articles, models)
        timings["document vectors (MiniLM)"] = time.perf_counter() - started
        total = sum(timings.values())

        started = time.perf_counter()
        sentences = [s.text for annotation in annotations for s in annotation.sentences]
        models.encode(sentences)
        sentence_seconds = time.perf_counter() - started

    words = sum(len(a.text.split()) for a in articles)
    print(
        f"annotation benchmark: {len(articles)} articles ({source}), "
        f"{words / len(articles):.0f} words each"
    )
    print(f"cores: {os.cpu_count()}, torch threads: {__import__('torch').get_num_threads()}")
    print(f"model load: {load_seconds:.1f} s (once per process)")
    for name, seconds in timings.items():
        print(f"  {name:40s} {seconds:7.1f} s  {seconds / total:6.1%}")
    rate = len(articles) / total
    print(f"annotate stage: {total:.1f} s -> {rate:.1f} articles/s")
    print(
        f"sentence embeddings for claim alignment (compare stage, multi-outlet stories only): "
        f"{sentence_seconds:.1f} s, {len(sentences) / sentence_seconds:.0f} sentences/s, "
        f"{len(sentences) / len(articles):.0f} sentences/article"
    )
    print(f"everything per article: {len(articles) / (total + sentence_seconds):.1f} articles/s")
    print(f"peak memory (RSS, parent process): {peak_rss_mb():.0f} MiB")
    print(f"target >= 10 articles/s (annotate stage): {'met' if rate >= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
