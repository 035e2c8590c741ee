"""One story's comparison as one task: everything it reads in one record, what it finds
in another.

``analyze`` makes a ``StoryTask`` per story and hands the tasks to an engine
(``newsprism.engines``): in its own process one after the other, or on the workers of a
process pool or a Dask cluster. A task carries only its story's articles (their
annotations, statement vectors, texts) and the slices of the corpus-wide facts they
need (canonical actor names, independent sources, the word prior), so its size is the
story's, not the corpus's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..annotation import Annotation
from ..report import (
    Claim,
    Discrepancy,
    Framing,
    Omission,
    OutletLanguage,
    Quote,
    SummarySentence,
    TimelineEntry,
)
from .actors import framing, quotes
from .claims import align, statements
from .figures import discrepancies
from .language import WordPrior, outlet_language, words_of
from .options import DEFAULT_COMPARE, DEFAULT_SUMMARY, CompareOptions, SummaryOptions
from .summary import Backing, summarize
from .timeline import timeline

__all__ = ["StoryComparison", "StoryTask", "compare_story"]


@dataclass
class StoryTask:
    """What one story's comparison reads. ``article_ids`` are the story's analysed
    articles in story order; every mapping is keyed by article id (``canonical`` by
    article id and actor id) and holds those articles only."""

    article_ids: list[str]
    annotations: dict[str, Annotation]
    # rows = ``claims.statement_texts``: the sentences, then the clauses of long ones;
    # claims align the articles that have them (none in a story of one article)
    statement_vectors: dict[str, np.ndarray]
    canonical: dict[tuple[str, str], str]
    # articles carrying one text, or of one owner, share an independent source
    source_of: dict[str, str]
    # 0 for originals, 1 for copies: which article's wording a claim keeps
    prefer: dict[str, int]
    days: dict[str, str | None]
    labels: dict[str, str]
    texts: dict[str, str]
    prior: WordPrior
    compare: CompareOptions = DEFAULT_COMPARE
    summary: SummaryOptions = DEFAULT_SUMMARY

    @classmethod
    def of(
        cls,
        article_ids: list[str],
        annotations: dict[str, Annotation],
        statement_vectors: dict[str, np.ndarray],
        canonical: dict[str, dict[tuple[str, str], str]],
        source_of: dict[str, str],
        prefer: dict[str, int],
        days: dict[str, str | None],
        labels: dict[str, str],
        texts: dict[str, str],
        prior: WordPrior,
        compare: CompareOptions = DEFAULT_COMPARE,
        summary: SummaryOptions = DEFAULT_SUMMARY,
    ) -> StoryTask:
        """The task of the story of ``article_ids``, cut from the corpus-wide mappings
        (``canonical``: each article's canonical actor names, by article id), in time
        proportional to the story's size, not the corpus's."""
        ids = list(article_ids)

        def part(mapping: dict) -> dict:
            return {i: mapping[i] for i in ids}

        return cls(
            article_ids=ids,
            annotations=part(annotations),
            statement_vectors={i: statement_vectors[i] for i in ids if i in statement_vectors},
            canonical={key: name for i in ids for key, name in canonical.get(i, {}).items()},
            source_of=part(source_of),
            prefer=part(prefer),
            days=part(days),
            labels=part(labels),
            texts=part(texts),
            prior=prior.restricted(w for i in ids for w in words_of(texts[i])),
            compare=compare,
            summary=summary,
        )


@dataclass
class StoryComparison:
    """What the compare stage finds in one story (the ``Story`` fields it fills)."""

    framing: list[Framing]
    quotes: list[Quote]
    discrepancies: list[Discrepancy]
    claims: list[Claim]
    omissions: list[Omission]
    summary: list[SummarySentence]
    timeline: list[TimelineEntry]
    language: list[OutletLanguage]


def compare_story(task: StoryTask) -> StoryComparison:
    """Lay one story's articles side by side: framing, quotes, figures, claims and
    omissions, a cited summary, a timeline and each outlet's language."""
    ids, annotations = task.article_ids, task.annotations
    options = task.compare
    claims, omissions = align(
        ids, annotations, task.statement_vectors, task.source_of, task.prefer, options
    )
    # the summary's candidate sentences, originals' first
    leads = {
        i: [statement.text for statement in statements(i, annotations[i])]
        for i in sorted(ids, key=lambda i: task.prefer[i])
    }
    backing = Backing.of({i: annotations[i] for i in ids}, task.labels, options)
    return StoryComparison(
        framing=framing(ids, annotations, task.canonical),
        quotes=quotes(ids, annotations, task.canonical),
        discrepancies=discrepancies(ids, annotations, task.days, options),
        claims=claims,
        omissions=omissions,
        summary=summarize(claims, leads, backing, task.summary),
        timeline=timeline(ids, annotations),
        language=outlet_language(ids, task.texts, annotations, task.prior, options),
    )
