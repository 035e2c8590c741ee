"""What the views say of a story's make-up in words: the grouping evidence (terminal,
Markdown), the articles left out of its comparisons, and, with an outlet registry, who
covered it by side and what each side carries alone (every view)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# SIDES, left to right, is the order coverage is always shown in, with every side named
# even when none of its outlets covers the story (an absence is what a reader looks for).
from ..outlets import SIDES, lean_label
from ..report import (
    Claim,
    Coverage,
    CoverageCount,
    Grouping,
    OutletProfile,
    Provenance,
    Report,
    ReportArticle,
    SideView,
    Story,
)

# How a sentence names a side's outlets: "reported only by left-leaning outlets".
SIDE_OUTLETS = {
    "left": "left-leaning outlets",
    "center": "centrist outlets",
    "right": "right-leaning outlets",
}

KIND_NAMES = {
    "participant": "participants",
    "place": "places",
    "year": "years",
    "figure": "figures",
}


def shared_text(grouping: Grouping) -> str | None:
    """'participants Ildmark (8), Idris Dervan (8); places Tal Meru (6)', or None."""
    parts: dict[str, list[str]] = {}
    for item in grouping.shared:
        parts.setdefault(item.kind, []).append(f"{item.value} ({len(set(item.article_ids))})")
    if not parts:
        return None
    return "; ".join(f"{KIND_NAMES[kind]} {', '.join(values)}" for kind, values in parts.items())


def apart_text(grouping: Grouping) -> str | None:
    """What differs from the closest story kept apart: 'places: Aceh / West Papua; …'."""
    apart = grouping.nearest_apart
    if apart is None:
        return None
    differences = "; ".join(
        f"{KIND_NAMES[d.kind]}: {', '.join(d.here) or '—'} / {', '.join(d.there) or '—'}"
        for d in apart.differences
    )
    return f"closest story kept apart: “{apart.title}” (similarity {apart.similarity:.2f})" + (
        f"; here / there: {differences}" if differences else ""
    )


def not_analysed_text(story: Story, articles: Mapping[str, ReportArticle]) -> str | None:
    """What a reader should know of the story's articles in other languages: that they
    are in it but none of its comparisons cover them ("2 articles not in English (de,
    fr): ..."). ``articles`` are the report's articles by id."""
    if not story.not_analysed:
        return None
    codes = sorted(
        {(a.language if (a := articles.get(i)) else None) or "?" for i in story.not_analysed}
    )
    count = len(story.not_analysed)
    return (
        f"{count} article{'s' if count != 1 else ''} not in English ({', '.join(codes)}): "
        "part of this story, left out of its summary, claims, figures, framing, quotes "
        "and wording"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def side_counts(coverage: Coverage) -> dict[str, int]:
    """Articles by side, every side left to right (0 for a side that is absent)."""
    counts = {count.value: count.articles for count in coverage.by_side}
    return {side: counts.get(side, 0) for side in SIDES}


def percent(share: float) -> str:
    """A share as the views print it: '43 %'."""
    return f"{round(share * 100)} %"


def coverage_text(coverage: Coverage, marks: Mapping[str, str] | None = None) -> str:
    """'left 3 (43 %) · center 2 (29 %) · right 0; 1 article not in the registry';
    ``marks`` puts a legend before each side (the glyph of its part of a text bar)."""
    shares = {count.value: count.share for count in coverage.by_side}
    parts = [
        (f"{marks[side]} " if marks else "")
        + f"{side} {articles}"
        + (f" ({percent(shares[side])})" if articles else "")
        for side, articles in side_counts(coverage).items()
    ]
    notes = []
    # matched outlets the registry gives no lean are on no side: say so, or the counts
    # would seem not to add up
    no_lean = coverage.matched - sum(count.articles for count in coverage.by_side)
    if no_lean > 0:
        notes.append(f"{_plural(no_lean, 'article')} of outlets with no lean")
    if coverage.unmatched:
        notes.append(f"{_plural(len(coverage.unmatched), 'article')} not in the registry")
    return " · ".join(parts) + ("; " + "; ".join(notes) if notes else "")


def facet_text(counts: list[CoverageCount], limit: int | None = None) -> str:
    """A facet's counts on one line, biggest or scale order as given: 'Kessaria 3 ·
    Ildmark 2 · Halde 1', the tail after ``limit`` values summed up ('· 2 more')."""
    shown = counts if limit is None else counts[:limit]
    text = " · ".join(f"{count.value} {count.articles}" for count in shown)
    if len(counts) > len(shown):
        text += f" · {len(counts) - len(shown)} more"
    return text


def facet_lines(coverage: Coverage, limit: int | None = None) -> list[tuple[str, str]]:
    """('lean', 'left 1 · lean left 2 · …') for each of lean, country and owner that has
    values, each cut after ``limit`` values (``facet_text``)."""
    return [
        (name, facet_text(counts, limit))
        for name, counts in (
            ("lean", coverage.by_lean),
            ("country", coverage.by_country),
            ("owner", coverage.by_owner),
        )
        if counts
    ]


def blindspot_text(coverage: Coverage | None) -> str | None:
    """'covered only by right-leaning outlets' for a blindspot, else None."""
    if coverage is None or coverage.blindspot is None:
        return None
    return f"covered only by {SIDE_OUTLETS[coverage.blindspot]}"


@dataclass
class SideClaims:
    """One side's view of a story with its claims resolved: those only it carries, and
    those every other covering side carries and it leaves out."""

    view: SideView
    only_here: list[Claim]
    omitted: list[Claim]

    @property
    def side(self) -> str:
        return self.view.side

    @property
    def outlets_name(self) -> str:
        """'left-leaning outlets'."""
        return SIDE_OUTLETS[self.view.side]


def side_claims(story: Story) -> list[SideClaims]:
    """Each side covering the story, left to right, with its one-side and left-out
    claims, in the report's order (those carried by more articles first)."""
    by_id = {claim.id: claim for claim in story.claims}

    def resolved(ids: list[str]) -> list[Claim]:
        return [by_id[i] for i in ids if i in by_id]

    return [
        SideClaims(view=view, only_here=resolved(view.only_here), omitted=resolved(view.omitted))
        for view in story.sides
    ]


def article_profiles(report: Report) -> dict[str, OutletProfile]:
    """The registry outlet of each article that has one, by article id."""
    by_name = {profile.name: profile for profile in report.outlets}
    return {
        article.id: by_name[article.registry_outlet]
        for article in report.articles
        if article.registry_outlet in by_name
    }


def lean_text(profile: OutletProfile) -> str:
    """An outlet's lean as shown: its label, a number without '.0', or its side."""
    return lean_label(profile.lean) or profile.side or "no lean"


# How a passage of a copy was changed from its source's sentence, in words.
CHANGE_NAMES = {"verbatim": "word for word", "edited": "edited", "reworded": "reworded"}


def copy_measures(provenance: Provenance) -> str | None:
    """How much of a copy comes from its sources: "64 % of its words from its sources,
    90 % of them kept"; None for an original or a copy of a source not in the corpus."""
    if provenance.share is None:
        return None
    text = f"{percent(provenance.share)} of its words from "
    text += "its sources" if len(provenance.sources) > 1 else "its source"
    if provenance.kept is not None:
        text += f", {percent(provenance.kept)} of them kept"
    return text
