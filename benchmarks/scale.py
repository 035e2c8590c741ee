"""The stages after annotation as the corpus grows: time per article and peak memory.

    python benchmarks/scale.py [--sizes 10000 100000 1000000] [--stages provenance ...]
                               [--workers N]

Synthetic annotated articles (issue 21): topics of 30 articles each (a new topic every
30 articles, one publication day per 2,000 articles), every article six sentences of
ten words drawn mostly from its topic's words, two named people of its topic and one
figure; document and statement vectors are noisy copies of a topic centre. Every
article, annotation and vector comes from a random stream of its own (``Synthetic``),
so annotations and statement vectors are made when a stage asks for them, not held;
MinHash signatures (for provenance) and event signatures (for cluster and grouping)
are made beforehand, as ``batch``'s workers and ``analyze`` make them. Nothing is read
or annotated: what is timed is what the driver and the compare tasks do with annotated
articles.

Each (size, stage) runs in a fresh process, so its peak memory (``ru_maxrss``) is its
own; the corpus it builds is counted apart ("corpus" rows: the articles, annotations and
vectors held in memory before the stage starts). Stages:

- ``provenance``: ``find_provenance`` with vectors and signatures (copy candidates from
  the LSH bands, the 5-gram index and nearest neighbours by meaning; every pair aligned,
  in blocks of ``provenance.BLOCK_TEXTS`` texts run one after the other here, as
  ``analyze``'s inline engine runs them, or with ``--workers N`` on a local engine of
  N processes, as ``batch`` runs them: the peak is then the driver's, and the largest
  worker's is printed under the row). Its articles are read from a file of their
  texts when asked, as from a store;
- ``cluster``: ``cluster_articles`` with event signatures (events and storylines);
- ``grouping``: ``explain_groupings`` (each story's evidence, its nearest story apart);
- ``compare``: ``StoryTask.of`` + ``compare_story`` over the first ``--compare-stories``
  stories (a task holds its story only: its cost does not depend on the corpus).

Target (issue 21): time per article and peak memory flat within 2x from 10k to 1M.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import multiprocessing.pool
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import peak_rss_mb

if TYPE_CHECKING:
    from newsprism.annotation import Annotation
    from newsprism.models import Article

STAGES = ("provenance", "cluster", "grouping", "compare")
TOPIC_ARTICLES = 30
ARTICLES_PER_DAY = 2_000
SENTENCES = 6
SENTENCE_WORDS = 10
TOPIC_WORDS = 40
VOCABULARY = 20_000
SYLLABLES = ["ka", "mo", "ri", "te", "su", "na", "lo", "vi", "de", "pa", "zu", "ne", "ho", "gi"]


def _word(number: int) -> str:
    """A pronounceable made-up word per number (letters only, as ``words_of`` reads)."""
    letters = []
    number += len(SYLLABLES) ** 2  # at least three syllables
    while number:
        number, rest = divmod(number, len(SYLLABLES))
        letters.append(SYLLABLES[rest])
    return "".join(letters)


class Synthetic:
    """Each synthetic article, its annotation and its topic, made from random streams
    of their own (seeded by the corpus seed and the article's or topic's number), so
    that any one can be made again when a stage asks for it, without holding the rest."""

    def __init__(self, count: int, seed: int = 7) -> None:
        from newsprism.nlp import EMBEDDING_DIMENSIONS

        self.count, self.seed = count, seed
        topics = -(-count // TOPIC_ARTICLES)
        rng = np.random.default_rng((seed, 0))
        self.centres = rng.standard_normal((topics, EMBEDDING_DIMENSIONS)).astype(np.float32)

    def topic(self, number: int) -> tuple[np.ndarray, list[str], int]:
        """A topic's words, its two named people and its toll."""
        rng = np.random.default_rng((self.seed, 1, number))
        words = rng.integers(0, VOCABULARY, TOPIC_WORDS)
        people = [
            f"{_word(int(a)).capitalize()} {_word(int(b)).capitalize()}"
            for a, b in rng.integers(0, VOCABULARY, (2, 2))
        ]
        return words, people, int(rng.integers(10, 5_000))

    def sentences(self, number: int) -> list[str]:
        """The six sentences of article ``number``."""
        words, people, toll = self.topic(number // TOPIC_ARTICLES)
        rng = np.random.default_rng((self.seed, 2, number))
        sentences = []
        for s in range(SENTENCES):
            drawn = [
                _word(
                    int(rng.choice(words)) if rng.random() < 0.7 else int(rng.integers(VOCABULARY))
                )
                for _ in range(SENTENCE_WORDS)
            ]
            if s == 0:
                drawn[:2] = people[0].split()
            if s == 1:
                drawn[-2:] = [str(toll), "killed"]
            sentences.append(" ".join(drawn).capitalize() + ".")
        return sentences

    def article(self, number: int, text: str | None = None) -> Article:
        """Article ``number``: its six sentences, an outlet of 50, a day per 2,000.
        ``text``, the article's when at hand (read back), spares drawing it again."""
        from newsprism.models import Article

        text = text if text is not None else " ".join(self.sentences(number))
        return Article(
            id=f"a{number:08d}",
            source_path=f"synthetic/{number}.txt",
            title=" ".join(text.split()[:7]),
            text=text,
            raw_text=text,
            outlet=f"outlet-{number % 50}",
            published=(date(2024, 1, 1) + timedelta(days=number // ARTICLES_PER_DAY)).isoformat(),
            format="text",
        )

    def annotation(self, number: int, text: str | None = None) -> Annotation:
        """What annotation would find in article ``number``: its sentences, its topic's
        two people (in its first sentence) and its toll (in its second). ``text``, the
        article's when at hand, spares drawing its sentences again."""
        from newsprism.annotation import Actor, Annotation, Figure, Sentence

        _, people, toll = self.topic(number // TOPIC_ARTICLES)
        sentences, offset = [], 0
        for sentence in _sentences_of(text) if text else self.sentences(number):
            sentences.append(Sentence(text=sentence, start=offset, end=offset + len(sentence)))
            offset += len(sentence) + 1
        return Annotation(
            article_id=f"a{number:08d}",
            sentences=sentences,
            actors=[
                Actor(id=f"a{k}", name=name, kind="person", mentions=[name], sentences=[0])
                for k, name in enumerate(people)
            ],
            quotes=[],
            figures=[
                Figure(text=str(toll), value=toll, unit="people", counts="killed", sentence=1)
            ],
            times=[],
        )

    def statements(self, number: int) -> np.ndarray:
        """The statement vectors: one per sentence, noisier copies of the centre."""
        rng = np.random.default_rng((self.seed, 4, number))
        noise = rng.standard_normal((SENTENCES, self.centres.shape[1]))
        rows = self.centres[number // TOPIC_ARTICLES] + 1.2 * noise
        return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)

    def vector(self, number: int) -> np.ndarray:
        """The document vector: a noisy copy of the topic's centre."""
        rng = np.random.default_rng((self.seed, 3, number))
        centre = self.centres[number // TOPIC_ARTICLES]
        vector = centre + 0.8 * rng.standard_normal(centre.shape[0]).astype(np.float32)
        return vector / np.linalg.norm(vector)


class _ByNumber(Mapping[str, Any]):
    """What ``make`` makes of each synthetic article, by article id, made when asked:
    the corpus of a million could not hold them all."""

    def __init__(self, count: int, make: Callable[[int], Any]) -> None:
        self.count, self.make = count, make

    def __getitem__(self, article_id: str) -> Any:
        digits = article_id[1:]
        number = int(digits) if digits.isascii() and digits.isdecimal() else -1
        if not 0 <= number < self.count or article_id != f"a{number:08d}":
            raise KeyError(article_id)
        return self.make(number)

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return (f"a{n:08d}" for n in range(self.count))


class _Articles(Sequence["Article"]):
    """The synthetic articles by position, read when asked from a file of their texts
    (made once, as a store holds them on disk): provenance reads its corpus in order and
    then a block's texts at a time, and a million texts held would not fit beside it.
    Reading one takes about as long as a row from SQLite; drawing it again would take
    0.7 ms."""

    def __init__(self, made: Synthetic, texts: Iterable[bytes]) -> None:
        """``texts``: every article's text, encoded, in order."""
        self.made = made
        # removed with the object, or when the process ends
        self.scratch = tempfile.TemporaryDirectory(prefix="newsprism-scale-")
        self.path = Path(self.scratch.name) / "texts"
        ends = np.zeros(made.count + 1, dtype=np.int64)
        with self.path.open("wb") as out:
            for number, encoded in enumerate(texts):
                out.write(encoded)
                ends[number + 1] = ends[number] + len(encoded)
        self.ends = ends
        self.file = self.path.open("rb")

    def __len__(self) -> int:
        return self.made.count

    def __getitem__(self, number):  # type: ignore[override]
        if not 0 <= number < self.made.count:
            raise IndexError(number)
        start, end = int(self.ends[number]), int(self.ends[number + 1])
        text = os.pread(self.file.fileno(), end - start, start).decode()
        return self.made.article(number, text)


# Articles per task of the processes that make provenance's corpus: its texts and
# MinHash signatures take 2 ms an article, over half an hour for a million on one core.
MADE_PER_TASK = 2_000


@cache
def _synthetic(count: int, seed: int) -> Synthetic:
    return Synthetic(count, seed)


def _texts_and_signatures(task: tuple[int, int, int, int]) -> list[tuple[bytes, np.ndarray]]:
    """(encoded text, MinHash signature) of the articles ``start`` to ``stop``: one task
    of the processes making provenance's corpus."""
    from newsprism.provenance import minhash_signature

    count, seed, start, stop = task
    made = _synthetic(count, seed)
    found = []
    for number in range(start, stop):
        article = made.article(number)
        found.append((article.text.encode(), minhash_signature(article).astype(np.uint32)))
    return found


def _sentences_of(text: str) -> list[str]:
    """The sentences ``Synthetic.article`` joined into ``text``."""
    return [part if part.endswith(".") else part + "." for part in text.split(". ")]


def corpus(count: int, stage: str, seed: int = 7):
    """(articles, annotations by id, document vectors, statement vectors by id, MinHash
    signatures by id, event signatures) of ``count`` synthetic articles. Annotations and
    statement vectors are made when asked; MinHash signatures are made for provenance
    only (held as one matrix, as ``batch`` keeps them in files) and event signatures for
    the stages that read them (an empty dict or list for the others). Provenance's
    articles are read from a file of their texts when asked (``_Articles``), as from a
    store: a million texts held would not fit beside the stage."""
    from newsprism.cluster import published_day
    from newsprism.provenance import ProvenanceOptions
    from newsprism.signature import event_signature

    made = Synthetic(count, seed)
    articles: Sequence[Article]
    hashes: Mapping[str, np.ndarray] = {}
    if stage == "provenance":
        matrix = np.zeros((count, ProvenanceOptions().num_perm), dtype=np.uint32)
        tasks = [
            (count, seed, start, min(count, start + MADE_PER_TASK))
            for start in range(0, count, MADE_PER_TASK)
        ]

        def texts(pool: multiprocessing.pool.Pool) -> Iterator[bytes]:
            row = 0
            for made_here in pool.imap(_texts_and_signatures, tasks):
                for encoded, signature in made_here:
                    matrix[row] = signature
                    row += 1
                    yield encoded

        with multiprocessing.Pool(os.cpu_count()) as pool:
            articles = _Articles(made, texts(pool))
        hashes = _ByNumber(count, matrix.__getitem__)
    else:
        articles = [made.article(n) for n in range(count)]
    # filled in place: a list of a million vectors stacked would leave the driver's heap
    # 1.5 GB larger than the corpus, and that in its peak
    vectors = np.empty((count, made.centres.shape[1]), dtype=np.float32)
    for number in range(count):
        vectors[number] = made.vector(number)
    signatures = (
        [
            event_signature(a, made.annotation(n, a.text), published_day(a))
            for n, a in enumerate(articles)
        ]
        if stage in ("cluster", "grouping")
        else []
    )
    annotations = _ByNumber(count, made.annotation)
    return articles, annotations, vectors, _ByNumber(count, made.statements), hashes, signatures


class _WorkerPeaks:
    """The largest peak memory of this process's children (the engine's workers) while
    it runs, read from their ``VmHWM`` every second: ``ru_maxrss`` of ended children
    would count the parent's memory at the fork before each worker's ``exec``."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)
        self.thread.start()

    def _watch(self) -> None:
        while not self.done.wait(1.0):
            self._sample()

    def _sample(self) -> None:
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(OSError):
                status = Path(f"/proc/{child.pid}/status").read_text()
                found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
                if found:
                    self.peak_kib = max(self.peak_kib, int(found.group(1)))

    def stop(self) -> float:
        """Stop watching (the workers still running: a last look); the peak in MiB."""
        self.done.set()
        self.thread.join()
        self._sample()
        return self.peak_kib / 1024


def run_stage(stage: str, size: int, compare_stories: int, workers: int = 0) -> dict[str, float]:
    """Build the corpus, run one stage over it; seconds and memory in MiB."""
    from newsprism.cluster import ClusterOptions, cluster_articles
    from newsprism.compare import StoryTask, compare_story
    from newsprism.compare.language import WordPrior, words_of
    from newsprism.grouping import explain_groupings
    from newsprism.provenance import ProvenanceOptions, find_provenance
    from newsprism.report import Story

    articles, annotations, vectors, statements, hashes, signatures = corpus(size, stage)
    corpus_mb = peak_rss_mb()
    workers_mb = 0.0
    started = time.perf_counter()
    measured = size
    if stage == "provenance":

        def sentences(ids: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
            # read back from the text (sentences joined by spaces, each ending in a full
            # stop), not remade: making them is no part of the stage
            return {i: (_sentences_of(articles[int(i[1:])].text), statements[i]) for i in ids}

        from newsprism.engines import InlineEngine, LocalEngine

        engine = LocalEngine(workers, retries=0) if workers else InlineEngine()
        watch = _WorkerPeaks() if workers else None
        try:
            find_provenance(
                articles,
                None,
                ProvenanceOptions(),
                embeddings=vectors,
                sentences=sentences,
                signatures=hashes,
                engine=engine,
            )
        finally:
            workers_mb = watch.stop() if watch else 0.0
            engine.close()
    elif stage == "cluster":
        cluster_articles(articles, vectors, ClusterOptions(), signatures)
    else:
        by_id = {a.id: a for a in articles}
        stories = [
            Story(
                id=f"s-{k}",
                storyline=f"l-{k}",
                title=articles[start].title or "",
                article_ids=[a.id for a in articles[start : start + TOPIC_ARTICLES]],
            )
            for k, start in enumerate(range(0, size, TOPIC_ARTICLES))
        ]
        if stage == "grouping":
            event_of = {a.id: s for a, s in zip(articles, signatures, strict=True)}
            vector_of = {a.id: vectors[n] for n, a in enumerate(articles)}
            started = time.perf_counter()
            explain_groupings(stories, vector_of, event_of)
        else:
            # the corpus-wide mappings analyze builds, then the tasks of a few stories
            prior = WordPrior.of(Counter(w for a in articles for w in words_of(a.text)))
            ids = list(by_id)
            same = {i: i for i in ids}
            days = {a.id: a.published for a in articles}
            labels = {a.id: a.outlet or a.id for a in articles}
            texts = {a.id: a.text for a in articles}
            # the annotations' actors, as ``Synthetic.annotation`` names them
            made = Synthetic(size)
            canonical = {
                i: {(i, f"a{k}"): name for k, name in enumerate(made.topic(n // TOPIC_ARTICLES)[1])}
                for n, i in enumerate(ids)
            }
            prefer = dict.fromkeys(ids, 0)
            chosen = stories[:compare_stories]
            measured = sum(len(s.article_ids) for s in chosen)
            started = time.perf_counter()
            for story in chosen:
                task = StoryTask.of(
                    story.article_ids,
                    annotations,
                    statements,
                    canonical,
                    same,
                    prefer,
                    days,
                    labels,
                    texts,
                    prior,
                )
                compare_story(task)
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "ms_per_article": 1000 * seconds / max(1, measured),
        "corpus_mb": corpus_mb,
        "peak_mb": peak_rss_mb(),
        "workers_mb": workers_mb,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=list(STAGES))
    parser.add_argument("--compare-stories", type=int, default=100)
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="run provenance's blocks on a pool of this many worker processes (default: "
        "in the driver, as analyze does); the peak is then the driver's, and the largest "
        "worker's is printed after the row",
    )
    parser.add_argument("--child", nargs=2, metavar=("STAGE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        stage, size = args.child
        print(json.dumps(run_stage(stage, int(size), args.compare_stories, args.workers)))
        return
    print(
        f"{'stage':11s} {'articles':>9s} {'seconds':>9s} {'ms/article':>11s} "
        f"{'corpus MiB':>11s} {'peak MiB':>9s} {'stage MiB/1k':>12s}"
    )
    first: dict[str, dict[str, float]] = {}
    for stage in args.stages:
        for size in sorted(args.sizes):
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--child",
                    stage,
                    str(size),
                    "--compare-stories",
                    str(args.compare_stories),
                    "--workers",
                    str(args.workers),
                ],
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                print(f"{stage:11s} {size:9d} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            result = json.loads(done.stdout.strip().splitlines()[-1])
            extra = max(0.0, result["peak_mb"] - result["corpus_mb"])
            base = first.setdefault(stage, result | {"size": size})
            ratio = result["ms_per_article"] / max(1e-9, base["ms_per_article"])
            print(
                f"{stage:11s} {size:9d} {result['seconds']:9.1f} {result['ms_per_article']:11.3f} "
                f"{result['corpus_mb']:11.0f} {result['peak_mb']:9.0f} "
                f"{1000 * extra / size:12.2f}   time/article x{ratio:.2f} of {base['size']}",
                flush=True,
            )
            if args.workers and result["workers_mb"]:
                print(f"{'':11s} the largest worker's peak: {result['workers_mb']:.0f} MiB")


if __name__ == "__main__":
    main()
