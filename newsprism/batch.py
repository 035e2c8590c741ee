"""Batch: the whole pipeline over a large input, in parallel partitions, on one machine
or on a Dask cluster, into an output folder.

Inputs are split into partitions (groups of files; large JSON Lines files in slices of
records). The stages that look at one article at a time run in parallel, one partition
per task; the stages that compare articles see everything, on the driver, and hand
their per-story work to the same engine:

1. **scan** (parallel): read each partition and count its template lines per site.
   The driver merges the counts into the corpus's template statistics and finds the
   articles found twice (the first copy, in input order, is kept, as ``analyze`` does).
2. **process** (parallel): read again, clean with the global statistics, annotate, embed
   (document vectors) and hash (MinHash signatures). Each finished partition lands in
   the output store in one transaction with a row that marks it done, so a rerun skips
   it; a partition that fails is retried, and one that keeps failing does not stop the
   others.
3. **analyze** (driver, with tasks on the same engine): ``analyze`` over every article
   with the store's cache, so only copy detection (one MinHash LSH over all
   signatures) and clustering (one vector index over all articles) run on the driver;
   the sentence vectors it needs and each story's comparison are tasks the engine runs
   (``newsprism.engines``): the report is the one ``analyze`` makes.

Engines (``newsprism.engines``): ``local`` (a process pool on this machine's cores; no
Dask needed) and ``dask`` (``dask.distributed``: a ``LocalCluster`` by default, or the
scheduler at a given address). Workers load the models once per process.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from .analyze import AnalyzeOptions, analyze, sentence_vector_key
from .annotate import AnnotateOptions, annotate
from .annotation import ANNOTATION_VERSION, Annotation
from .clean import (
    CleanOptions,
    LineStats,
    clean_article,
    publishing_outlet,
    site_of,
    template_candidates,
)
from .embed import EmbedOptions, document_vector_key, embed_documents
from .engines import RETRIES, resolve_device, start_engine, worker_models
from .errors import UsageError
from .models import Article, RawArticle, Rejection
from .nlp import Models
from .options import changed
from .outlets import Registry
from .provenance import ProvenanceOptions, minhash_signature
from .read import ReadOptions, Source, find_sources, read_source
from .report import Report
from .store import Store

__all__ = [
    "DEVICES",
    "ENGINES",
    "BatchOptions",
    "BatchSummary",
    "Partition",
    "plan_partitions",
    "resolve_device",
    "run_batch",
]

# The engines a batch runs on (``newsprism.engines``; ``inline`` is analyze's own).
ENGINES = ("local", "dask")
DEVICES = ("auto", "cpu", "cuda")
# Articles per partition (estimated before reading). A partition is one task: large
# enough that spaCy and the encoder work on full batches and per-task overhead (a
# process hop, a store transaction) is small, small enough to balance the load across
# workers and to lose little when a worker dies.
PARTITION_ARTICLES = 64
# Size of a feed, WARC or JSON file per article, to estimate how many it holds.
BYTES_PER_ARTICLE = 30_000
# Output names inside the output folder.
STORE_FILE = "newsprism.db"
REPORT_FILE = "report.json"
STORIES_DIR = "stories"
SIGNATURES_DIR = "partitions"
# Bumped when what a partition produces changes, so older outputs are redone.
PARTITION_FORMAT = 1


@dataclass(frozen=True)
class Unit:
    """One input of a partition: a file or URL, or a slice ``[start, stop)`` of its
    records (a large JSON Lines file is cut into several units)."""

    location: str
    is_url: bool = False
    start: int | None = None
    stop: int | None = None

    def fingerprint(self) -> str:
        """Identity of the unit's current content (path, size, mtime; slice)."""
        base = Source(self.location, self.is_url).fingerprint()
        return base if self.start is None else f"{base}[{self.start}:{self.stop}]"

    def describe(self) -> str:
        return self.location if self.start is None else f"{self.location}[{self.start}:{self.stop}]"


@dataclass(frozen=True)
class Partition:
    """A group of inputs processed as one task."""

    index: int
    units: tuple[Unit, ...]

    def describe(self) -> str:
        first = self.units[0].describe()
        return first if len(self.units) == 1 else f"{first} and {len(self.units) - 1} more"


@dataclass
class BatchOptions:
    """How a batch runs. ``workers`` defaults to the machine's cores (local engine and
    Dask ``LocalCluster``); ``scheduler`` is a Dask scheduler address (``tcp://host:8786``);
    ``device`` is where the sentence encoder runs (``auto``: CUDA when a worker has it)."""

    engine: str = "local"
    workers: int | None = None
    scheduler: str | None = None
    device: str = "auto"
    partition_articles: int = PARTITION_ARTICLES
    retries: int = RETRIES
    read: ReadOptions = field(default_factory=ReadOptions)
    analysis: AnalyzeOptions = field(default_factory=AnalyzeOptions)
    # the user's outlet registry (``--outlets``): kept in the output store, and the
    # report's coverage and comparisons by side are made with it
    registry: Registry | None = None
    registry_source: str = ""

    def check(self) -> None:
        """Raise ``UsageError`` for an impossible combination."""
        if self.engine not in ENGINES:
            raise UsageError(f"unknown engine {self.engine!r}; use one of {', '.join(ENGINES)}")
        if self.device not in DEVICES:
            raise UsageError(f"unknown device {self.device!r}; use one of {', '.join(DEVICES)}")
        if self.scheduler and self.engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
        if self.workers is not None and self.workers < 1:
            raise UsageError(f"--workers must be at least 1, not {self.workers}")
        if self.partition_articles < 1:
            raise UsageError("partitions must hold at least one article")


@dataclass
class BatchSummary:
    """What a batch run did. Stage costs are seconds of worker time for the parallel
    stages (summed over workers) and wall time for the driver's."""

    out_dir: Path
    engine: str = "local"
    workers: int = 1
    dashboard: str | None = None
    inputs: int = 0
    partitions: int = 0
    skipped_partitions: int = 0
    failed_partitions: list[str] = field(default_factory=list)
    read: int = 0
    articles: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    stories: int = 0
    stage_seconds: dict[str, float] = field(default_factory=dict)
    # Wall time of each phase: scan, process, analyze, write.
    phase_seconds: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """True when no input was rejected and no partition failed."""
        return self.rejected == 0 and not self.failed_partitions


class Progress(Protocol):
    """What a shell hears of a run: phases with totals, steps done, one-line notes."""

    def start(self, phase: str, total: int) -> None: ...

    def advance(self, phase: str, steps: int = 1) -> None: ...

    def note(self, message: str) -> None: ...


class _Silent:
    def start(self, phase: str, total: int) -> None:
        pass

    def advance(self, phase: str, steps: int = 1) -> None:
        pass

    def note(self, message: str) -> None:
        pass


# --- planning -------------------------------------------------------------------------
def _estimated_articles(source: Source) -> int:
    if source.is_url:
        return 1
    location = source.location.lower()
    try:
        size = os.path.getsize(source.location)
    except OSError:
        return 1
    if location.endswith((".jsonl", ".ndjson")):
        with open(source.location, "rb") as handle:
            return max(
                1, sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b"")) + 1
            )
    if location.endswith((".html", ".htm", ".xhtml", ".txt", ".text", ".md")):
        return 1
    return max(1, size // BYTES_PER_ARTICLE)


def plan_partitions(sources: list[Source], articles_per_partition: int) -> list[Partition]:
    """Group sources (in their sorted order) into partitions of about
    ``articles_per_partition`` articles; a JSON Lines file holding more is cut into
    slices of records."""
    partitions: list[Partition] = []
    current: list[Unit] = []
    size = 0

    def close() -> None:
        nonlocal current, size
        if current:
            partitions.append(Partition(len(partitions), tuple(current)))
        current, size = [], 0

    for source in sources:
        estimate = _estimated_articles(source)
        sliceable = source.location.lower().endswith((".jsonl", ".ndjson"))
        if sliceable and estimate > articles_per_partition:
            close()
            for start in range(0, estimate, articles_per_partition):
                stop = start + articles_per_partition
                partitions.append(
                    Partition(len(partitions), (Unit(source.location, False, start, stop),))
                )
            continue
        if size and size + estimate > articles_per_partition:
            close()
        current.append(Unit(source.location, source.is_url))
        size += estimate
    close()
    return partitions


def _read_unit(unit: Unit, options: ReadOptions) -> list[RawArticle | Rejection]:
    items = read_source(Source(unit.location, unit.is_url), options)
    if unit.start is None:
        return items
    whole_file = (
        len(items) == 1 and isinstance(items[0], Rejection) and items[0].source == unit.location
    )
    if whole_file:  # reported once, by the first slice
        return items if unit.start == 0 else []
    return items[unit.start : unit.stop]


def _read_partition(
    units: tuple[Unit, ...], options: ReadOptions, skip: frozenset[str] = frozenset()
) -> tuple[list[RawArticle], list[Rejection], int]:
    """(first copy of each article not in ``skip``, rejections, articles read)."""
    raws: list[RawArticle] = []
    rejections: list[Rejection] = []
    seen = set(skip)
    read = 0
    for unit in units:
        for item in _read_unit(unit, options):
            if isinstance(item, Rejection):
                rejections.append(item)
                continue
            read += 1
            if item.id not in seen:
                seen.add(item.id)
                raws.append(item)
    return raws, rejections, read


@dataclass
class ScanResult:
    """A partition's articles (id, site, template-line keys), in order, first copies only."""

    entries: list[tuple[str, str, tuple[str, ...]]]
    rejections: list[Rejection]
    read: int
    seconds: float


def scan_partition(
    units: tuple[Unit, ...], options: ReadOptions, clean: CleanOptions | None = None
) -> ScanResult:
    """Read a partition and list what the template statistics need of each article."""
    started = time.perf_counter()
    raws, rejections, read = _read_partition(units, options)
    entries = [
        (
            raw.id,
            site_of(publishing_outlet(raw), raw.url),
            tuple(sorted(template_candidates(raw.body, clean))),
        )
        for raw in raws
    ]
    return ScanResult(entries, rejections, read, time.perf_counter() - started)


@dataclass
class ProcessTask:
    """Everything a worker needs to process one partition."""

    units: tuple[Unit, ...]
    read: ReadOptions
    skip: frozenset[str]
    stats: LineStats
    provenance: ProvenanceOptions
    device: str
    threads: int | None
    embed: EmbedOptions = field(default_factory=EmbedOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    annotate: AnnotateOptions = field(default_factory=AnnotateOptions)


@dataclass
class PartitionResult:
    """A processed partition: articles with their annotations, vectors and signatures."""

    articles: list[Article]
    annotations: list[Annotation]
    vectors: np.ndarray
    signatures: list[np.ndarray]
    seconds: dict[str, float]


def process_partition(task: ProcessTask) -> PartitionResult:
    """read -> clean -> annotate -> embed -> MinHash, for one partition (in a worker)."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    raws, _, _ = _read_partition(task.units, task.read, task.skip)
    lap("read")
    # The statistics already count this partition's articles (the scan did), so each
    # article is cleaned against them directly, as ``load_articles`` cleans a corpus.
    articles = [clean_article(raw, task.stats, task.clean) for raw in raws]
    lap("clean")
    models = worker_models(task.device, task.threads)
    lap("load models")
    annotations = annotate(articles, models, options=task.annotate) if articles else []
    lap("annotate")
    vectors = embed_documents(articles, models, task.embed)
    lap("embed")
    signatures = [minhash_signature(article, task.provenance) for article in articles]
    lap("minhash")
    return PartitionResult(articles, annotations, vectors, signatures, seconds)


# --- driver ---------------------------------------------------------------------------
def _digest(*parts: object) -> str:
    text = json.dumps(parts, sort_keys=True, default=str)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


# The done-markers of partitions in the store's sources table start with this.
PARTITION_MARK = "batch:"


def partitions_done(db: str | os.PathLike[str]) -> int:
    """How many partitions the batch run writing the store ``db`` has finished: read
    without a ``Store`` (nothing created, nothing migrated) and without waiting on the
    run's writes; 0 while the store does not exist yet or is busy."""
    if not os.path.exists(db):
        return 0
    try:
        connection = sqlite3.connect(f"file:{os.fspath(db)}?mode=ro", uri=True, timeout=1)
        try:
            query = "SELECT COUNT(*) FROM sources WHERE fingerprint LIKE ?"
            return connection.execute(query, (PARTITION_MARK + "%",)).fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def _partition_key(partition: Partition, options: BatchOptions, stats: LineStats) -> str:
    """Done-marker of a partition: its inputs as they are now, what reads and processes
    them, and the template statistics its cleaning used. Any change redoes it."""
    parts: list[object] = [
        PARTITION_FORMAT,
        ANNOTATION_VERSION,
        _vector_keys(options.device, options.analysis.embed),
        [unit.fingerprint() for unit in partition.units],
        vars(options.read),
        vars(options.analysis.provenance),
        sorted(stats.articles.items()),
        sorted(stats.lines.items()),
    ]
    # cleaning and annotation settings only where they differ from the defaults, so that
    # a setting added with its default leaves every done partition done
    settings = (changed(options.analysis.clean), options.analysis.annotate.cache_key())
    if any(settings):
        parts.append(settings)
    return PARTITION_MARK + _digest(*parts)


def _save_signatures(path: Path, ids: list[str], signatures: list[np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max((len(s) for s in signatures), default=0)
    matrix = np.zeros((len(ids), width), dtype=np.uint32)
    for row, signature in enumerate(signatures):
        matrix[row, : len(signature)] = signature
    valid = np.array([len(s) == width and width > 0 for s in signatures], dtype=bool)
    temporary = path.with_suffix(".tmp.npz")
    np.savez(temporary, ids=np.array(ids, dtype=str), signatures=matrix, valid=valid)
    temporary.replace(path)


def _load_signatures(path: Path) -> dict[str, np.ndarray]:
    try:
        with np.load(path) as data:
            return {
                str(i): s
                for i, s, ok in zip(data["ids"], data["signatures"], data["valid"], strict=True)
                if ok
            }
    except (OSError, ValueError, KeyError):
        return {}  # missing or damaged: the provenance stage hashes those articles itself


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    options: BatchOptions | None = None,
    progress: Progress | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> BatchSummary:
    """Run the pipeline over ``inputs`` in parallel partitions and write into ``out_dir``:
    the store (``newsprism.db``), the report (``report.json``), one report per story
    (``stories/<id>.json``) and Parquet tables (``articles``, ``claims``, ``quotes``).

    Rerunning the same command skips the partitions already done. ``progress`` hears
    phases and steps, ``on_rejection`` each input rejected; the library prints nothing.
    """
    options = options or BatchOptions()
    options.check()
    progress = progress or _Silent()
    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(out_dir=out, engine=options.engine)
    costs: Counter[str] = Counter()

    def reject(rejection: Rejection) -> None:
        summary.rejected += 1
        summary.rejections.append(rejection)
        if on_rejection:
            on_rejection(rejection)

    sources, missing = find_sources(inputs)
    for rejection in missing:
        reject(rejection)
    summary.inputs = len(sources)
    partitions = plan_partitions(sources, options.partition_articles)
    summary.partitions = len(partitions)

    engine = start_engine(options.engine, options.workers, options.scheduler, options.retries)
    phase_clock = [time.perf_counter()]

    def phase_done(name: str) -> None:
        now = time.perf_counter()
        summary.phase_seconds[name] = now - phase_clock[0]
        phase_clock[0] = now

    try:
        summary.workers = engine.workers
        summary.dashboard = engine.dashboard
        if engine.dashboard:
            progress.note(f"Dask dashboard: {engine.dashboard}")

        # 1. scan: template statistics and first copies, over every partition
        progress.start("scan", len(partitions))
        scans: dict[int, ScanResult] = {}
        for index, result in engine.run(
            scan_partition,
            [(p.units, options.read, options.analysis.clean) for p in partitions],
            "scan",
        ):
            if isinstance(result, BaseException):
                summary.failed_partitions.append(f"{partitions[index].describe()}: {result}")
            else:
                scans[index] = result
                costs["read (scan)"] += result.seconds
            progress.advance("scan")
        clock = time.perf_counter()
        stats = LineStats()
        owner: dict[str, int] = {}
        skip: dict[int, set[str]] = {index: set() for index in scans}
        sites: dict[int, set[str]] = {index: set() for index in scans}
        for index in sorted(scans):
            scan = scans[index]
            for rejection in scan.rejections:
                reject(rejection)
            summary.read += scan.read
            summary.duplicate += scan.read - len(scan.entries)
            for article_id, site, keys in scan.entries:
                if article_id in owner:
                    summary.duplicate += 1
                    skip[index].add(article_id)
                    continue
                owner[article_id] = index
                sites[index].add(site)
                stats.articles[site] += 1
                for key in keys:
                    stats.lines[(site, key)] += 1
        costs["merge statistics (driver)"] += time.perf_counter() - clock
        phase_done("scan")

        with Store(out / STORE_FILE) as store:
            # the registry given, else the one a previous run kept in this output store
            if options.registry is not None:
                store.save_registry(options.registry, options.registry_source)
            registry = options.registry if options.registry is not None else store.registry()
            # 2. process: clean, annotate, embed, hash; each partition saved when done
            tasks: list[tuple[Partition, str, ProcessTask]] = []
            keys: dict[int, str] = {}
            for index in sorted(scans):
                partition = partitions[index]
                # A partition's cleaning reads the statistics of its own sites only.
                mine = LineStats(
                    Counter({k: v for k, v in stats.lines.items() if k[0] in sites[index]}),
                    Counter({s: stats.articles[s] for s in sites[index]}),
                )
                key = keys[index] = _partition_key(partition, options, mine)
                if store.source_done(key):
                    summary.skipped_partitions += 1
                    continue
                task = ProcessTask(
                    partition.units,
                    options.read,
                    frozenset(skip[index]),
                    mine,
                    options.analysis.provenance,
                    options.device,
                    engine.threads,
                    options.analysis.embed,
                    options.analysis.clean,
                    options.analysis.annotate,
                )
                tasks.append((partition, key, task))
            progress.start("process", len(tasks))
            for position, result in engine.run(
                process_partition, [(task,) for _, _, task in tasks], "process"
            ):
                partition, key, _ = tasks[position]
                if isinstance(result, BaseException):
                    summary.failed_partitions.append(f"{partition.describe()}: {result}")
                else:
                    clock = time.perf_counter()
                    _save_partition(
                        store, out, partition, key, result, options.device, options.analysis
                    )
                    costs.update({f"{stage} (workers)": s for stage, s in result.seconds.items()})
                    costs["save partitions (driver)"] += time.perf_counter() - clock
                progress.advance("process")

            phase_done("process")
            done = {index for index, key in keys.items() if store.source_done(key)}
            ids = [article_id for article_id, index in owner.items() if index in done]
            articles = store.articles(ids)
            summary.articles = len(articles)
            if not articles:
                return summary

            # 3. analyze: the corpus-wide stages on the driver, from the store's cache;
            # sentence vectors and story comparisons as tasks on the engine
            signatures: dict[str, np.ndarray] = {}
            for index in done:
                signatures.update(_load_signatures(_signature_path(out, partitions[index])))
            stage_clock = [time.perf_counter(), ""]

            def on_stage(name: str) -> None:
                now = time.perf_counter()
                if stage_clock[1]:
                    costs[f"{stage_clock[1]} (driver)"] += now - stage_clock[0]
                stage_clock[0], stage_clock[1] = now, name
                progress.note(f"analyzing {len(articles)} articles: {name}")

            progress_of: dict[str, int] = {}

            def on_progress(stage: str, done: int, total: int) -> None:
                # analyze's long stages (annotating what is missing, comparing stories)
                if stage not in progress_of:
                    progress.start(stage, total)
                    progress_of[stage] = 0
                progress.advance(stage, done - progress_of[stage])
                progress_of[stage] = done

            with Models(device=resolve_device(options.device)) as models:
                report = analyze(
                    articles,
                    models,
                    options.analysis,
                    on_stage=on_stage,
                    store=store,
                    signatures=signatures,
                    registry=registry,
                    engine=engine,
                    on_progress=on_progress,
                )
            on_stage("")
            phase_done("analyze")
        clock = time.perf_counter()
        write_outputs(report, out)
        costs["write outputs (driver)"] += time.perf_counter() - clock
        phase_done("write")
        summary.stories = len(report.stories)
    finally:
        engine.close()
        summary.stage_seconds = dict(costs)
        summary.seconds = time.perf_counter() - started
    return summary


def _signature_path(out: Path, partition: Partition) -> Path:
    name = _digest([unit.fingerprint() for unit in partition.units])
    return out / SIGNATURES_DIR / f"{name}.npz"


def _vector_keys(device: str, embed: EmbedOptions) -> tuple[str, str]:
    """The store's cache keys of document and sentence vectors made on ``device``."""
    models = Models(device=resolve_device(device))
    return document_vector_key(models, embed), sentence_vector_key(models)


def _save_partition(
    store: Store,
    out: Path,
    partition: Partition,
    key: str,
    result: PartitionResult,
    device: str,
    analysis: AnalyzeOptions,
) -> None:
    """One transaction: the partition's articles, their annotations and vectors, and the
    row that marks it done. The signatures file is written first, so a done partition
    always has one."""
    _save_signatures(
        _signature_path(out, partition), [a.id for a in result.articles], result.signatures
    )
    with store.transaction():
        for article in result.articles:
            store.put(article)
        if result.articles:
            store.save_annotations(result.annotations, analysis.annotate.cache_key())
            store.save_vectors(
                dict(zip([a.id for a in result.articles], result.vectors, strict=True)),
                _vector_keys(device, analysis.embed)[0],
            )
        store.mark_source_done(key, partition.describe(), len(result.articles), 0)


# --- outputs --------------------------------------------------------------------------
def write_outputs(report: Report, out: Path) -> None:
    """The report, one report per story, and Parquet tables of articles, claims, quotes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    (out / REPORT_FILE).write_text(report.model_dump_json(indent=2), encoding="utf-8")
    stories_dir = out / STORIES_DIR
    stories_dir.mkdir(exist_ok=True)
    for stale in stories_dir.glob("*.json"):
        stale.unlink()
    by_id = {a.id: a for a in report.articles}
    story_of: dict[str, tuple[str, str]] = {}
    claims: list[dict[str, Any]] = []
    quotes: list[dict[str, Any]] = []
    for story in report.stories:
        single = Report(
            generator=report.generator,
            articles=[by_id[i] for i in story.article_ids],
            stories=[story],
        )
        (stories_dir / f"{story.id}.json").write_text(
            single.model_dump_json(indent=2), encoding="utf-8"
        )
        for article_id in story.article_ids:
            story_of[article_id] = (story.id, story.storyline)
        for claim in story.claims:
            claims.append(
                {
                    "story_id": story.id,
                    "claim_id": claim.id,
                    "text": claim.text,
                    "status": claim.status,
                    "article_ids": claim.article_ids,
                    "outlets": sorted(
                        {by_id[i].outlet for i in claim.article_ids if by_id[i].outlet}
                    ),
                }
            )
        for quote in story.quotes:
            quotes.append(
                {
                    "story_id": story.id,
                    "speaker": quote.speaker,
                    "text": quote.text,
                    "direct": quote.direct,
                    "article_ids": quote.article_ids,
                }
            )
    rows = [
        {
            "id": a.id,
            "story_id": story_of.get(a.id, (None, None))[0],
            "storyline": story_of.get(a.id, (None, None))[1],
            "source_path": a.source_path,
            "url": a.url,
            "title": a.title,
            "outlet": a.outlet,
            "credited_outlet": a.credited_outlet,
            "author": a.author,
            "dateline": a.dateline,
            "published": a.published,
            "language": a.language,
            "provenance": a.provenance.kind,
            "provenance_of": a.provenance.of,
            "words": len(a.text.split()),
            "text": a.text,
        }
        for a in report.articles
    ]
    list_of_strings = pa.list_(pa.string())
    schemas = {
        "articles": pa.schema(
            [(name, pa.int64() if name == "words" else pa.string()) for name in rows[0]]
            if rows
            else [("id", pa.string())]
        ),
        "claims": pa.schema(
            [
                ("story_id", pa.string()),
                ("claim_id", pa.string()),
                ("text", pa.string()),
                ("status", pa.string()),
                ("article_ids", list_of_strings),
                ("outlets", list_of_strings),
            ]
        ),
        "quotes": pa.schema(
            [
                ("story_id", pa.string()),
                ("speaker", pa.string()),
                ("text", pa.string()),
                ("direct", pa.bool_()),
                ("article_ids", list_of_strings),
            ]
        ),
    }
    for name, table_rows in (("articles", rows), ("claims", claims), ("quotes", quotes)):
        table = pa.Table.from_pylist(table_rows, schema=schemas[name])
        pq.write_table(table, out / f"{name}.parquet")
