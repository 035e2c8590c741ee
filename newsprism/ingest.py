"""Ingest: read -> clean -> store, idempotent and resumable.

Inputs are taken in chunks. A chunk is read completely first (reading writes nothing),
template statistics are gathered over the chunk and the store, the articles are cleaned,
and then each input is written in its own transaction together with the row that marks
it done. A killed run therefore loses at most the input being written, and a rerun
skips every input already done and every article already stored.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from .clean import CleanOptions, clean_articles, publishing_outlet, site_of
from .models import Article, RawArticle, Rejection
from .read import ReadOptions, Source, find_sources, read_paths, read_source
from .store import Store

# Inputs read before statistics are gathered and the chunk is written. Bigger chunks
# give the template statistics more to go on; smaller ones keep memory flat.
CHUNK_SOURCES = 200


@dataclass
class IngestSummary:
    """What an ingest run did, for the final line and the exit code."""

    inputs: int = 0
    skipped_inputs: int = 0
    read: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # Rejections caused by a reading limit, by limit name (``max_file_bytes``: 2, ...).
    limits_hit: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when nothing was rejected and something usable was read (or all inputs
        were ingested before and skipped)."""
        return self.rejected == 0 and not self.read_nothing

    @property
    def read_nothing(self) -> bool:
        """True when the inputs gave no article at all, none skipped as done before."""
        return self.read == 0 and self.skipped_inputs == 0


ProgressCallback = Callable[[str, int], None]


def ingest(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    options: ReadOptions | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: ProgressCallback | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
    source_names: Mapping[str, str] | None = None,
) -> IngestSummary:
    """Add every article under ``paths`` to ``store``; return the counts.

    ``on_start(total_inputs)``, ``on_progress(location, done)`` and
    ``on_rejection(rejection)`` let a shell show progress; the library prints nothing.
    ``source_names`` names inputs in what is stored and reported (an upload's temporary
    file by the name it was sent as): location -> name.
    """
    options = options or ReadOptions()
    summary = IngestSummary()
    sources, missing = find_sources(paths)
    for rejection in missing:
        _reject(summary, rejection, on_rejection)
    summary.inputs = len(sources)
    if on_start:
        on_start(len(sources))
    done = 0
    for start in range(0, len(sources), CHUNK_SOURCES):
        chunk = sources[start : start + CHUNK_SOURCES]
        done = _ingest_chunk(
            chunk, store, options, summary, done, on_progress, on_rejection, source_names or {}
        )
    return summary


def _renamed(location: str, source_names: Mapping[str, str]) -> str:
    """``location`` (or a record of it: 'path#3', 'path:12') under its given name."""
    for path, name in source_names.items():
        if location == path or location.startswith((f"{path}#", f"{path}:")):
            return name + location[len(path) :]
    return location


def _reject(
    summary: IngestSummary, rejection: Rejection, on_rejection: Callable[[Rejection], None] | None
) -> None:
    summary.rejected += 1
    summary.rejections.append(rejection)
    if rejection.limit:
        summary.limits_hit[rejection.limit] = summary.limits_hit.get(rejection.limit, 0) + 1
    if on_rejection:
        on_rejection(rejection)


def _ingest_chunk(
    chunk: list[Source],
    store: Store,
    options: ReadOptions,
    summary: IngestSummary,
    done: int,
    on_progress: ProgressCallback | None,
    on_rejection: Callable[[Rejection], None] | None,
    source_names: Mapping[str, str],
) -> int:
    pending: list[tuple[Source, str, list[RawArticle], int]] = []
    seen: set[str] = set()
    fresh: list[RawArticle] = []
    for source in chunk:
        try:
            fingerprint = source.fingerprint()
        except OSError as error:
            _reject(
                summary, Rejection(source.location, f"unreadable ({error.strerror})"), on_rejection
            )
            done += 1
            continue
        if store.source_done(fingerprint):
            summary.skipped_inputs += 1
            done += 1
            if on_progress:
                on_progress(source.location, done)
            continue
        articles: list[RawArticle] = []
        rejected = 0
        for item in read_source(source, options):
            if isinstance(item, Rejection):
                if source_names:
                    item = replace(item, source=_renamed(item.source, source_names))
                _reject(summary, item, on_rejection)
                rejected += 1
                continue
            if source_names:
                item.source_path = _renamed(item.source_path, source_names)
            articles.append(item)
            if item.id not in seen and not store.has(item.id):
                fresh.append(item)
            seen.add(item.id)
        summary.read += len(articles)
        pending.append((source, fingerprint, articles, rejected))

    sites = {site_of(publishing_outlet(raw), raw.url) for raw in fresh}
    cleaned = {article.id: article for article in clean_articles(fresh, store.line_stats(sites))}
    for source, fingerprint, articles, rejected in pending:
        with store.transaction():
            for raw in articles:
                article = cleaned.get(raw.id)
                if article is not None and store.add(article):
                    summary.new += 1
                else:
                    summary.duplicate += 1
            # An input with a problem is read again next time, so the problem is reported
            # again; its good articles are then recognised as duplicates.
            if not rejected:
                store.mark_source_done(fingerprint, source.location, len(articles), rejected)
        done += 1
        if on_progress:
            on_progress(source.location, done)
    return done


def load_articles(
    paths: Iterable[str | os.PathLike[str]],
    options: ReadOptions | None = None,
    clean: CleanOptions | None = None,
) -> tuple[list[Article], list[Rejection]]:
    """Read and clean articles without a store: for one-off analysis of a folder.

    The same content found twice is kept once; ``clean`` are the cleaning settings
    (the defaults when None).
    """
    raws: dict[str, RawArticle] = {}
    rejections: list[Rejection] = []
    for item in read_paths(paths, options):
        if isinstance(item, Rejection):
            rejections.append(item)
        else:
            raws.setdefault(item.id, item)
    return clean_articles(raws.values(), options=clean), rejections
