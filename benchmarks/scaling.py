"""Online clustering as the store grows: time per new article and memory, 10k -> 1M.

    python benchmarks/scaling.py [--sizes 10000 100000 1000000]

A synthetic stream of short articles: precomputed random unit vectors around topic
centres (a new topic every few dozen articles, as in a news day), one publication day
per 2,000 articles. Each article goes through ``OnlineClusterer.add`` — the faiss HNSW
neighbour search, the average-link choice among candidate events and the index insert
— exactly as a feed would deliver it. At each checkpoint the script prints the mean time
of the last 2,000 additions and the process's resident memory per article stored.
Target (issue 5): both flat within a factor of 2 from 10k to 1M.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import peak_rss_mb

from newsprism.cluster import OnlineClusterer

DIM = 384
WINDOW = 2_000


def current_rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return peak_rss_mb()


def stream(count: int, seed: int = 7):
    """(vector, day) pairs: topics of ~30 articles, noisy copies of a topic centre."""
    rng = np.random.default_rng(seed)
    centre = rng.standard_normal(DIM).astype(np.float32)
    start = date(2024, 1, 1)
    for n in range(count):
        if n % 30 == 0:
            centre = rng.standard_normal(DIM).astype(np.float32)
        vector = centre + 0.8 * rng.standard_normal(DIM).astype(np.float32)
        yield vector / np.linalg.norm(vector), start + timedelta(days=n // WINDOW)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = parser.parse_args()
    checkpoints = sorted(args.sizes)
    clusterer = OnlineClusterer(DIM)
    baseline_mb = current_rss_mb()
    rows = []
    recent: list[float] = []
    started = time.perf_counter()
    for n, (vector, day) in enumerate(stream(checkpoints[-1]), start=1):
        t0 = time.perf_counter()
        clusterer.add(vector, day)
        recent.append(time.perf_counter() - t0)
        if len(recent) > WINDOW:
            recent.pop(0)
        if n in checkpoints:
            per_article_ms = 1000 * sum(recent) / len(recent)
            memory = current_rss_mb() - baseline_mb
            rows.append((n, per_article_ms, memory, 1024 * memory / n, len(clusterer.events)))
            print(
                f"{n:>9,} articles: {per_article_ms:6.3f} ms per new article, "
                f"{memory:8.0f} MiB ({1024 * memory / n:5.2f} KiB/article), "
                f"{len(clusterer.events):,} events, {time.perf_counter() - started:6.0f} s so far",
                flush=True,
            )
    first, last = rows[0], rows[-1]
    print(
        f"time per article, {last[0]:,} vs {first[0]:,}: x{last[1] / first[1]:.2f}; "
        f"memory per article: x{last[3] / first[3]:.2f} (target: within x2)"
    )


if __name__ == "__main__":
    main()
