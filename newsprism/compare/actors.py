"""Actors compared across a story: framing labels and quotes by speaker.

This module builds the parts of a story report that compare outlets: how each article
labels each actor (framing) and who is quoted saying what, by which outlets.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from ..annotation import Annotation
from ..report import ArticleLabels, Framing, Quote

# Two quotes of one speaker are one statement when their words overlap this much
# (rapidfuzz token-set ratio): outlets trim, cut and re-punctuate the same words.
SAME_QUOTE_RATIO = 80


def framing(
    article_ids: list[str],
    annotations: dict[str, Annotation],
    canonical: dict[tuple[str, str], str],
) -> list[Framing]:
    """Per actor, the labels each article of the story gives it (actors with any label)."""
    per_actor: dict[str, dict[str, list[str]]] = {}
    for article_id in article_ids:
        annotation = annotations.get(article_id)
        if annotation is None:
            continue
        for actor in annotation.actors:
            terms = actor.labels + (actor.roles if actor.kind == "person" else [])
            if not terms:
                continue
            name = canonical.get((article_id, actor.id), actor.name)
            bucket = per_actor.setdefault(name, {}).setdefault(article_id, [])
            bucket.extend(t for t in terms if t not in bucket)
    result = [
        Framing(
            actor=name, labels=[ArticleLabels(article_id=a, terms=t) for a, t in by_article.items()]
        )
        for name, by_article in per_actor.items()
    ]
    # actors labelled by the most articles first: that is where framing can differ
    result.sort(key=lambda f: (-len(f.labels), f.actor))
    return result


def quotes(
    article_ids: list[str],
    annotations: dict[str, Annotation],
    canonical: dict[tuple[str, str], str],
) -> list[Quote]:
    """Quotes of the story by speaker; one statement quoted by several outlets is one
    entry citing all of them."""
    merged: list[Quote] = []
    for article_id in article_ids:
        annotation = annotations.get(article_id)
        if annotation is None:
            continue
        for quote in annotation.quotes:
            if quote.speaker is None:
                continue
            speaker = (
                canonical.get((article_id, quote.speaker_actor), quote.speaker)
                if quote.speaker_actor
                else quote.speaker
            )
            same = next(
                (
                    q
                    for q in merged
                    if q.speaker == speaker
                    and q.direct == quote.direct
                    and fuzz.token_set_ratio(q.text, quote.text) >= SAME_QUOTE_RATIO
                ),
                None,
            )
            if same is None:
                merged.append(
                    Quote(
                        speaker=speaker,
                        text=quote.text,
                        article_ids=[article_id],
                        direct=quote.direct,
                    )
                )
            elif article_id not in same.article_ids:
                same.article_ids.append(article_id)
    merged.sort(key=lambda q: (-len(q.article_ids), not q.direct, q.speaker))
    return merged
