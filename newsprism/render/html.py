"""Self-contained HTML view of a report: one file, inline styles, no network needed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, select_autoescape

from ..report import Claim, Report, Story
from .evidence import (
    CHANGE_NAMES,
    SIDE_OUTLETS,
    SIDES,
    article_profiles,
    blindspot_text,
    copy_measures,
    coverage_text,
    facet_text,
    lean_text,
    not_analysed_text,
    percent,
    side_claims,
    side_counts,
)

# Rows of single-source claims shown per story in the coverage matrix, after every
# shared or contested claim: enough to see what each outlet adds, few enough to read.
MAX_SINGLE_SOURCE_ROWS = 12
# Claims listed openly per side and per kind (only it carries / it leaves out); the rest
# are folded under "N more", so a side with dozens does not push the page apart.
MAX_SIDE_CLAIMS = 5

_environment = Environment(
    loader=PackageLoader("newsprism", "render/templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass
class BarSegment:
    """One side's part of a coverage bar, in percent of the bar's width."""

    side: str
    articles: int
    x: float
    width: float

    @property
    def label(self) -> str:
        """'left: 3 articles (43 %)', the part's tooltip."""
        return f"{self.side}: {self.articles} article{'' if self.articles == 1 else 's'}" + (
            f" ({percent(self.width / 100)})"
        )


def bar_segments(counts: Mapping[str, int]) -> list[BarSegment]:
    """The parts of a coverage bar, left to right, each as wide as its side's share of
    the articles; a side with none has no part."""
    total = sum(counts.get(side, 0) for side in SIDES)
    segments: list[BarSegment] = []
    x = 0.0
    for side in SIDES:
        articles = counts.get(side, 0)
        if total and articles:
            width = round(100 * articles / total, 2)
            segments.append(BarSegment(side, articles, round(x, 2), width))
            x += width
    return segments


def bar_words(counts: Mapping[str, int], articles: int | None = None, unmatched: int = 0) -> str:
    """A coverage bar in words, every side named: 'left 3 · center 0 · right 2', and of
    a story of ``articles`` articles those on no side: ``unmatched`` ones whose outlet is
    not in the registry ('· 1 not in the registry'), the rest of an outlet the registry
    gives no lean ('· 1 of unknown lean')."""
    words = " · ".join(f"{side} {counts.get(side, 0)}" for side in SIDES)
    unknown = (articles or 0) - sum(counts.get(side, 0) for side in SIDES) - unmatched
    if unmatched > 0:
        words += f" · {unmatched} not in the registry"
    return words + (f" · {unknown} of unknown lean" if unknown > 0 else "")


# What the story sections (``_sections.html``) call; the web app registers the same.
SECTION_HELPERS = {
    "not_analysed_text": not_analysed_text,
    "bar_segments": bar_segments,
    "bar_words": bar_words,
    "blindspot_text": blindspot_text,
    "coverage_text": coverage_text,
    "facet_text": facet_text,
    "lean_text": lean_text,
    "copy_measures": copy_measures,
    "CHANGE_NAMES": CHANGE_NAMES,
    "side_claims": side_claims,
    "side_counts": side_counts,
    "SIDE_OUTLETS": SIDE_OUTLETS,
    "MAX_SIDE_CLAIMS": MAX_SIDE_CLAIMS,
}
_environment.globals.update(SECTION_HELPERS)


def matrix_claims(story: Story) -> list:
    """The claims a coverage matrix shows: every shared or contested one, then the first
    single-source ones."""
    shared = [c for c in story.claims if c.status != "single_source"]
    single = [c for c in story.claims if c.status == "single_source"][:MAX_SINGLE_SOURCE_ROWS]
    return shared + single


def coverage_cell(claim: Claim, article_id: str) -> str:
    """How an article stands to a claim: ``reported``, ``contradicts`` (it carries the
    claim with a detail incompatible with the claim's main wording) or ``absent``."""
    if article_id not in claim.article_ids:
        return "absent"
    if claim.status == "contested":
        # an article may carry the claim in several sentences: one in the claim's own
        # wording is enough to report it as worded
        own = [v.text for v in claim.variants if v.article_id == article_id]
        if own and claim.text not in own:
            return "contradicts"
    return "reported"


def render_html(report: Report) -> str:
    """The report as a standalone HTML page."""
    by_id = {article.id: article for article in report.articles}
    template = _environment.get_template("report.html")
    return template.render(
        report=report,
        articles=by_id,
        profiles=article_profiles(report),
        matrix_claims=matrix_claims,
        coverage_cell=coverage_cell,
    )
