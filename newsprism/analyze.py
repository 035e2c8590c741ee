"""The analysis pipeline: articles -> provenance -> events and storylines -> report.

``analyze`` runs the stages in their one order; each stage is a function of typed
records in its own module, so a caller can also run them one by one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from . import __version__
from .cluster import ClusterOptions, cluster_articles, published_day
from .embed import embed_documents
from .models import Article
from .nlp import Models, default_models
from .provenance import ProvenanceOptions, find_provenance
from .report import Provenance, Report, ReportArticle, Story
from .sentences import split_sentences

STAGES = ("embed", "provenance", "cluster")
# A story title made from a first sentence is cut at this many characters.
MAX_DERIVED_TITLE = 90


@dataclass
class AnalyzeOptions:
    """Every setting of the analysis, grouped by stage."""

    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    provenance: ProvenanceOptions = field(default_factory=ProvenanceOptions)


def _short_hash(values: list[str], prefix: str) -> str:
    digest = hashlib.blake2b("\x1f".join(sorted(values)).encode(), digest_size=5).hexdigest()
    return f"{prefix}{digest}"


def _title_of(article: Article) -> str:
    if article.title:
        return article.title
    first = (split_sentences(article.text) or [article.text])[0]
    return (
        first if len(first) <= MAX_DERIVED_TITLE else first[: MAX_DERIVED_TITLE - 1].rstrip() + "…"
    )


def _story(
    articles: list[Article],
    members: list[int],
    vectors: np.ndarray,
    storyline: str,
    provenance: dict[str, Provenance],
) -> Story:
    chosen = [articles[i] for i in members]
    centroid = vectors[members].mean(axis=0)
    # The title comes from independent reporting when there is some: a spun copy's
    # headline is the worst wording in the cluster.
    titled = (
        [i for i in members if articles[i].title and provenance[articles[i].id].kind == "original"]
        or [i for i in members if articles[i].title]
        or members
    )
    central = max(titled, key=lambda i: float(vectors[i] @ centroid))
    days = sorted(d.isoformat() for d in (published_day(a) for a in chosen) if d)
    outlets = sorted({a.outlet for a in chosen if a.outlet})
    return Story(
        id=_short_hash([a.id for a in chosen], "s-"),
        storyline=storyline,
        title=_title_of(articles[central]),
        article_ids=[a.id for a in chosen],
        outlets=outlets,
        first_published=days[0] if days else None,
        last_published=days[-1] if days else None,
    )


def analyze(
    articles: list[Article],
    models: Models | None = None,
    options: AnalyzeOptions | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> Report:
    """Analyze articles into a report: provenance of each, and the stories among them.

    Stories come out ordered by storyline, then by time; ``on_stage(name)`` is called as
    each stage starts, for progress display.
    """
    options = options or AnalyzeOptions()
    models = models or default_models()
    articles = sorted(articles, key=lambda a: (a.published or "", a.id))

    def stage(name: str) -> None:
        if on_stage:
            on_stage(name)

    stage("embed")
    vectors = embed_documents(articles, models) if articles else np.zeros((0, 384), np.float32)
    stage("provenance")
    provenance = find_provenance(articles, models, options.provenance, embeddings=vectors)
    stage("cluster")
    clustering = cluster_articles(articles, vectors, options.cluster)

    storyline_members: dict[int, list[str]] = {}
    for members, line in zip(clustering.events, clustering.storylines, strict=True):
        storyline_members.setdefault(line, []).extend(articles[i].id for i in members)
    storyline_ids = {line: _short_hash(ids, "l-") for line, ids in storyline_members.items()}
    stories = [
        _story(articles, members, vectors, storyline_ids[line], provenance)
        for members, line in zip(clustering.events, clustering.storylines, strict=True)
    ]
    stories.sort(key=lambda s: (s.storyline, s.first_published or "", s.id))

    report_articles = [
        ReportArticle(
            **article.model_dump(
                include={
                    "id",
                    "source_path",
                    "url",
                    "title",
                    "outlet",
                    "credited_outlet",
                    "author",
                    "dateline",
                    "published",
                    "language",
                    "text",
                    "boilerplate_removed",
                }
            ),
            provenance=provenance[article.id],
        )
        for article in articles
    ]
    return Report(
        generator=f"newsprism {__version__} ({', '.join(STAGES)})",
        articles=report_articles,
        stories=stories,
    )
