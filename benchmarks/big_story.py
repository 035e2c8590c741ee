"""Time and peak memory of ``analyze`` when stories are big: thousands of articles each.

    python benchmarks/big_story.py [--articles 5000] [--words 0] [--cache FILE]

Builds ``--articles`` articles in two stories from the example corpus's two stories:
each article is one of their articles with a random share (70-100 %) of its sentences,
in order, and a line of its own, as wire copy carried and trimmed by many outlets. With
``--words N`` each article is padded to about N words with more of its story's
sentences (full-length articles). Annotations and vectors are cached in ``--cache``
(default: a temporary store) by a first run; the timed run is a second one over the
warm cache, in a process of its own, so that what is measured — seconds per stage, the
whole run, peak memory — is the clustering, provenance and comparison of big stories
rather than the parser.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import EXAMPLES, load, peak_rss_mb

from newsprism.analyze import AnalyzeOptions, analyze
from newsprism.models import Article
from newsprism.nlp import Models
from newsprism.store import Store

_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def big_stories(count: int, words: int, seed: int = 7) -> list[Article]:
    """``count`` articles made from the example corpus (see the module docstring)."""
    base = load(EXAMPLES)
    story_pool = [s for a in base for s in _SENTENCE.split(a.text)]
    chance = random.Random(seed)
    made = []
    for n in range(count):
        source = base[n % len(base)]
        sentences = _SENTENCE.split(source.text)
        kept = [s for s in sentences if chance.random() < chance.uniform(0.7, 1.0)] or sentences
        text = " ".join(kept)
        while words and len(text.split()) < words:
            text += " " + chance.choice(story_pool)
        text += f"\n\nFiled by desk {n} of the {chance.choice(['morning', 'evening'])} service."
        made.append(
            source.model_copy(
                update={"id": f"big{n:05d}", "text": text, "outlet": f"Outlet {n % 97}"}
            )
        )
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--words", type=int, default=0)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    articles = big_stories(arguments.articles, arguments.words)
    if not arguments.warm:
        cache = arguments.cache or Path(tempfile.mkdtemp()) / "big.db"
        with Models() as models, Store(cache) as store:
            started = time.perf_counter()
            analyze(articles, models, store=store)
            seconds = time.perf_counter() - started
        # the parser processes have ended (and been waited for) once the models are closed
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(
            f"cold run (annotations and vectors into the cache): {seconds:.0f} s, "
            f"peak memory {peak_rss_mb():.0f} MiB, parser processes {children:.0f} MiB each at most"
        )
        command = [sys.executable, __file__, "--warm", "--cache", str(cache)]
        command += ["--articles", str(arguments.articles), "--words", str(arguments.words)]
        subprocess.run(command, check=True)
        return
    stages: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def stage(name: str) -> None:
        now = time.perf_counter()
        if last[1]:
            stages[last[1]] = stages.get(last[1], 0.0) + now - last[0]
        last[:] = [now, name]

    with Models() as models, Store(arguments.cache) as store:
        started = time.perf_counter()
        report = analyze(articles, models, AnalyzeOptions(), on_stage=stage, store=store)
        stage("")
        seconds = time.perf_counter() - started
    sizes = sorted((len(s.article_ids) for s in report.stories), reverse=True)
    print(
        f"{len(articles)} articles ({arguments.words or 'short'} words), stories of "
        f"{', '.join(map(str, sizes[:3]))}{'…' if len(sizes) > 3 else ''} articles"
    )
    for name, spent in stages.items():
        print(f"  {name:12s} {spent:7.1f} s")
    print(f"warm run: {seconds:.1f} s, peak memory {peak_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
