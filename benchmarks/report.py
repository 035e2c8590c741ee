"""Time to build a full report for 50 articles, models already loaded.

    python benchmarks/report.py [--articles 50]

Uses real multi-outlet news (basil-dev when present: whole events, so stories have
several outlets to compare) and prints the time per stage. Target (issue 4): < 10 s on
2 cores after the models are loaded.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EXAMPLES, cpu_seconds, labelled_set, load, peak_rss_mb

from newsprism.analyze import analyze
from newsprism.nlp import Models


class StageClock:
    """Wall and CPU seconds of each stage, from the stage-start calls of ``analyze``."""

    def __init__(self) -> None:
        self.stages: dict[str, tuple[float, float]] = {}  # stage: (wall, CPU) seconds
        self.began = self.last = (time.perf_counter(), cpu_seconds())
        self.current: str | None = None

    def start(self, name: str | None) -> None:
        """``name`` starts now (None: the last stage ended)."""
        now = (time.perf_counter(), cpu_seconds())
        if self.current is not None:
            self.stages[self.current] = (now[0] - self.last[0], now[1] - self.last[1])
        self.last, self.current = now, name

    def totals(self) -> tuple[float, float]:
        """Wall and CPU seconds from the clock's creation to the last stage's end."""
        return self.last[0] - self.began[0], self.last[1] - self.began[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=50)
    args = parser.parse_args()
    source = labelled_set("basil-dev")
    articles = load(source or EXAMPLES)
    # whole events, in file order, until the count is reached
    articles = sorted(articles, key=lambda a: (a.metadata.get("event", ""), a.id))[: args.articles]
    with Models() as models:
        models.load()
        clock = StageClock()
        report = analyze(articles, models, on_stage=clock.start)
        clock.start(None)
    total, total_cpu = clock.totals()
    words = sum(len(a.text.split()) for a in articles)
    print(
        f"report benchmark: {len(articles)} articles from {source.parent.name if source else 'examples'}, "
        f"{words / len(articles):.0f} words each, {len(report.stories)} stories"
    )
    for name, (seconds, cpu) in clock.stages.items():
        print(f"  {name:12s} {seconds:6.2f} s   CPU {cpu:6.2f} s")
    print(
        f"total {total:.1f} s (target < 10 s: {'met' if total < 10 else 'NOT met'}), "
        f"CPU {total_cpu:.1f} s on {os.cpu_count()} cores; peak memory {peak_rss_mb():.0f} MiB"
    )


if __name__ == "__main__":
    main()
