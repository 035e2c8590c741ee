"""Sides of the spectrum in one story: who covered it, and what each side carries.

With the user's outlet registry (``newsprism.outlets``), each article of a story has an
outlet, and the outlet a lean, a country and an owner. This module counts the story's
coverage by each, flags a *blindspot* (a story that one side carries alone), and lays
the story's comparisons out by side: which sides carry each claim, the claims only one
side carries while others cover the story, the claims every other side carries and one
leaves out, each actor's labels by side and each side's distinctive words.

It runs after the other comparisons and reads their results; without a registry it is
not run and the report's side fields stay empty.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..options import setting
from ..outlets import SIDES, Outlet, Registry, Side, lean_label, lean_order
from ..report import Claim, Coverage, CoverageCount, SideLabels, SideView, Story
from .language import WordPrior, distinctive_words, words_of
from .options import DEFAULT_COMPARE, CompareOptions


@dataclass
class SideOptions:
    """Settings of the side comparison (shown by ``newsprism config --explain``)."""

    # A story is a blindspot of the other sides when every article with a known lean is
    # on one side and they come from at least this many outlets: one outlet's articles
    # say nothing about which sides cover a story (a definition, not a fit; on
    # allsides-dev no story is flagged, benchmarks/outlets.py).
    blindspot_min_outlets: int = setting(
        2,
        "a definition, not a fit: one outlet's articles say nothing of which sides cover a "
        "story; on allsides-dev (every roundup told by three sides) no story is flagged "
        "(benchmarks/outlets.py)",
    )


def _counts(
    values: dict[str, str],
    outlet_of: dict[str, Outlet],
    order: Callable[[str], Any] | None = None,
) -> list[CoverageCount]:
    """Articles and distinct outlets per value, over the matched articles; sorted by
    ``order`` when given, else the most articles first."""
    matched = len(outlet_of)
    by_value: dict[str, list[str]] = {}
    for article_id, value in values.items():
        by_value.setdefault(value, []).append(article_id)
    if order is not None:
        keys = sorted(by_value, key=order)
    else:
        keys = sorted(by_value, key=lambda v: (-len(by_value[v]), v))
    return [
        CoverageCount(
            value=key,
            articles=len(by_value[key]),
            outlets=len({outlet_of[i].name for i in by_value[key]}),
            share=round(len(by_value[key]) / matched, 3) if matched else 0.0,
        )
        for key in keys
    ]


def coverage(
    article_ids: list[str],
    outlet_of: dict[str, Outlet],
    registry: Registry,
    options: SideOptions | None = None,
) -> Coverage:
    """Who covered the story: counts by side, lean, country and owner, the articles no
    registry outlet matched, and the blindspot flag."""
    options = options or SideOptions()
    matched = {i: outlet_of[i] for i in article_ids if i in outlet_of}

    def facet(attribute: Callable[[Outlet], str | None]) -> dict[str, str]:
        return {i: value for i, o in matched.items() if (value := attribute(o)) is not None}

    sides = facet(lambda o: o.side)
    on_sides = Counter(sides.values())
    blindspot = None
    if (
        len(on_sides) == 1
        and len({matched[i].name for i in sides}) >= options.blindspot_min_outlets
    ):
        blindspot = next(iter(on_sides))
    return Coverage(
        by_side=_counts(sides, matched, SIDES.index),
        by_lean=_counts(facet(lambda o: lean_label(o.lean)), matched, lean_order(registry.scale)),
        by_country=_counts(facet(lambda o: o.country), matched),
        by_owner=_counts(facet(lambda o: o.owner), matched),
        matched=len(matched),
        unmatched=[i for i in article_ids if i not in matched],
        blindspot=blindspot,
    )


def compare_sides(
    story: Story,
    outlet_of: dict[str, Outlet],
    registry: Registry,
    texts: dict[str, str],
    prior: WordPrior,
    options: SideOptions | None = None,
    original_of: dict[str, str] | None = None,
    compare_options: CompareOptions = DEFAULT_COMPARE,
) -> None:
    """Fill the story's side fields from its compared claims and framing:
    ``story.coverage``, ``story.sides``, each claim's ``sides`` and each actor's labels
    by side. ``outlet_of`` maps the ids of articles matched to the registry to their
    outlet; ``texts`` and ``prior`` are what the distinctive words of each side are
    scored with (its articles' words against the other sides'). ``original_of`` maps
    copies (republished, near duplicates, rewrites) to the article they copy: a copy
    counts in coverage as its own outlet's, but what it says is its original's
    reporting, so for claims, labels and words it is on the original's side.
    ``compare_options`` give the z a word needs to be distinctive of a side."""
    story.coverage = coverage(story.article_ids, outlet_of, registry, options)
    left_out = set(story.not_analysed)
    original_of = original_of or {}
    side_of: dict[str, Side] = {}
    in_story = set(story.article_ids)
    for article_id in story.article_ids:
        source = original_of.get(article_id, article_id)
        outlet = outlet_of.get(source) if source in in_story else None
        outlet = outlet or outlet_of.get(article_id)
        if outlet is not None and outlet.side is not None and article_id not in left_out:
            side_of[article_id] = outlet.side
    covering = [side for side in SIDES if side in side_of.values()]
    for claim in story.claims:
        carried = {side_of.get(i) for i in claim.article_ids}
        claim.sides = [side for side in SIDES if side in carried]
        claim.leans = sorted(
            {
                label
                for i in claim.article_ids
                if i in outlet_of and (label := lean_label(outlet_of[i].lean))
            },
            key=lean_order(registry.scale),
        )
    for framing in story.framing:
        terms: dict[str, Counter[str]] = {}
        for labels in framing.labels:
            side = side_of.get(labels.article_id)
            if side is not None:
                terms.setdefault(side, Counter()).update(labels.terms)
        framing.sides = [
            SideLabels(side=side, terms=[t for t, _ in terms[side].most_common()])
            for side in SIDES
            if side in terms
        ]
    words = {side: Counter[str]() for side in covering}
    for article_id, side in side_of.items():
        words[side].update(words_of(texts[article_id]))
    story.sides = []
    for side in covering:
        articles = [i for i in story.article_ids if side_of.get(i) == side]
        others = [s for s in covering if s != side]
        # a claim is one side's alone only when every article carrying it has a known
        # side; the most widely carried first
        only_here = _widest_first(
            c
            for c in story.claims
            if others and c.sides == [side] and all(i in side_of for i in c.article_ids)
        )
        omitted = _widest_first(
            c
            for c in story.claims
            if others and side not in c.sides and set(others) <= set(c.sides)
        )
        other_words = sum((words[s] for s in others), Counter[str]())
        # the side's own outlets: a copy another side's outlet made of its reporting is
        # among its articles, not its outlets
        own = [outlet_of[i] for i in articles if i in outlet_of and outlet_of[i].side == side]
        story.sides.append(
            SideView(
                side=side,
                leans=sorted(
                    {label for outlet in own if (label := lean_label(outlet.lean))},
                    key=lean_order(registry.scale),
                ),
                article_ids=articles,
                outlets=sorted({outlet.name for outlet in own}),
                only_here=only_here,
                omitted=omitted,
                distinctive_words=distinctive_words(
                    words[side], other_words, prior, compare_options.distinctive_min_z
                ),
            )
        )


def _widest_first(claims: Iterable[Claim]) -> list[str]:
    """Claim ids, those carried by more articles first (then in the story's order)."""
    return [c.id for c in sorted(claims, key=lambda c: -len(c.article_ids))]
