"""The JSON report: newsprism's contract with every renderer and every tool downstream.

Versioned (``SCHEMA_VERSION``, semantic: a new optional field is a minor bump, a
renamed or removed one a major bump) and published as JSON Schema by
``newsprism schema``, generated from these models so the two cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .models import Article

SCHEMA_VERSION = "0.5.0"

ProvenanceKind = Literal[
    "original", "republished", "syndicated", "near_duplicate", "rewritten", "partial"
]
# How a copy's sentence was changed from its source's: word for word, edited (most of
# its word trigrams kept) or reworded (the same meaning in other words).
PassageChange = Literal["verbatim", "edited", "reworded"]
ClaimStatus = Literal["consensus", "single_source", "contested"]
FigureVerdict = Literal["conflict", "compatible", "evolving"]
# Where an outlet's lean falls (``newsprism.outlets``): what coverage is counted in.
Side = Literal["left", "center", "right"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SharedPassage(_Model):
    """A sentence of a copy and the source sentence it was taken from (added in 0.5)."""

    source: str = Field(description="Id of the source article.")
    copy_text: str = Field(description="The copy's sentence (up to 300 characters).")
    source_text: str = Field(description="The source's sentence (up to 300 characters).")
    change: PassageChange
    words_kept: float = Field(description="Share of the copy sentence's words in the source's.")


class Provenance(_Model):
    """Whether an article is independent reporting or a copy, and of what."""

    kind: ProvenanceKind = Field(
        "original",
        description="'partial' (added in 0.5): passages, an abridged text or a patchwork of "
        "several sources, with or without text of its own.",
    )
    of: str | None = Field(None, description="Id of the article it copies, when in the corpus.")
    sources: list[str] = Field(
        default_factory=list,
        description="Every article in the corpus it takes text from, `of` first: a patchwork "
        "names several (added in 0.5).",
    )
    share: float | None = Field(
        None,
        description="Share of its words that align with its sources' (0-1), when a copy "
        "(added in 0.5).",
    )
    kept: float | None = Field(
        None,
        description="Of those aligned words, the share found in the source sentence they "
        "align with: 1 for a verbatim copy, lower the more it was reworded (added in 0.5).",
    )
    passages: list[SharedPassage] = Field(
        default_factory=list,
        description="The sentences it shares with its sources, in its own order (at most "
        "12; added in 0.5).",
    )
    signals: list[str] = Field(default_factory=list, description="Evidence, in plain words.")
    same_text_as: list[str] = Field(
        default_factory=list,
        description="Other articles carrying the same text (its source, its copies, other "
        "outlets' copies of the same wire story): together they count as one source.",
    )


class ReportArticle(_Model):
    """An article as the report shows it."""

    id: str
    source_path: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    credited_outlet: str | None = None
    author: str | None = None
    dateline: str | None = None
    published: str | None = None
    language: str | None = None
    text: str = Field(description="Cleaned body.")
    boilerplate_removed: list[str] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)
    registry_outlet: str | None = Field(
        None,
        description="Name of the outlet of the user's registry this article was matched to "
        "(an entry of `Report.outlets`); none without a registry or when nothing matched "
        "(added in 0.4).",
    )

    @classmethod
    def of(
        cls,
        article: Article,
        provenance: Provenance | None = None,
        registry_outlet: str | None = None,
    ) -> ReportArticle:
        """How the report shows a stored or freshly read article."""
        return cls(
            # the report carries every article field it declares; the rest is computed
            **article.model_dump(include=set(cls.model_fields) - {"provenance", "registry_outlet"}),
            provenance=provenance or Provenance(),
            registry_outlet=registry_outlet,
        )

    @property
    def label(self) -> str:
        """How renderers name the article (``article_label``)."""
        return article_label(self)


class DisputedValue(_Model):
    """What other articles of a summary sentence's claim say instead of it."""

    value: str | None = Field(
        description="Another value they give for one of its figures, as they write it "
        "('240'); none when they state the opposite of the sentence."
    )
    article_ids: list[str]


def article_label(article: Article | ReportArticle) -> str:
    """How an article is named to a reader: its outlet, the outlet it credits, else the
    last part of its URL or file name."""
    if article.outlet or article.credited_outlet:
        return article.outlet or article.credited_outlet or ""
    location = article.url or article.source_path or article.id
    return location.rstrip("/").rsplit("/", 1)[-1]


class SummarySentence(_Model):
    text: str
    article_ids: list[str] = Field(
        description="Every article that backs the sentence: an aligned statement giving "
        "each of its figures compatibly."
    )
    disputed: list[DisputedValue] = Field(
        default_factory=list,
        description="Values other articles give for its figures; the text then attributes "
        "each value to its articles (added in 0.4).",
    )


class ClaimVariant(_Model):
    article_id: str
    text: str


class Claim(_Model):
    id: str
    text: str = Field(description="Representative wording.")
    status: ClaimStatus
    article_ids: list[str]
    variants: list[ClaimVariant] = Field(default_factory=list)
    sides: list[Side] = Field(
        default_factory=list,
        description="Sides of the spectrum whose outlets carry it (with an outlet "
        "registry; added in 0.4).",
    )
    leans: list[str] = Field(
        default_factory=list,
        description="The leans of the outlets that carry it, in the scale's order (with an "
        "outlet registry; added in 0.4).",
    )


class FigureValue(_Model):
    article_id: str
    value: str = Field(description="Normalized value with its bound, e.g. '>= 212'.")
    text: str = Field(description="The words of the article.")


class Discrepancy(_Model):
    subject: str = Field(description="What is counted, e.g. 'people killed'.")
    status: FigureVerdict
    values: list[FigureValue]
    reason: str = Field(
        "",
        description="Why the verdict, in words: '$2 billion is $1,962,400,000 rounded', "
        "'212 and 240 cannot both be the figure' (added in 0.4).",
    )


class ArticleLabels(_Model):
    article_id: str
    terms: list[str]


class SideLabels(_Model):
    side: Side
    terms: list[str] = Field(description="The side's articles' labels, most used first.")


class Framing(_Model):
    actor: str
    labels: list[ArticleLabels]
    sides: list[SideLabels] = Field(
        default_factory=list, description="The labels by side (with an outlet registry; 0.4)."
    )


class Quote(_Model):
    speaker: str
    text: str
    article_ids: list[str]
    direct: bool


class Omission(_Model):
    article_id: str
    claim_ids: list[str]


class TimelineEntry(_Model):
    when: str = Field(description="ISO date, or the relative expression when no date is known.")
    text: str
    article_ids: list[str]


class DistinctiveWord(_Model):
    word: str
    score: float = Field(description="z-score of the weighted log-odds (Monroe et al. 2008).")


class OutletLanguage(_Model):
    """How one article words the story."""

    article_id: str
    loaded_terms: list[str] = Field(default_factory=list)
    reporting_verbs: dict[str, int] = Field(default_factory=dict)
    distinctive_words: list[DistinctiveWord] = Field(default_factory=list)


EvidenceKind = Literal["participant", "place", "year", "figure"]


class SharedEvidence(_Model):
    """Something several articles of a story name: why they were put together."""

    kind: EvidenceKind
    value: str = Field(description="As the articles write it: 'Maurice Cheeks', '2008'.")
    article_ids: list[str]


class Difference(_Model):
    """What one kind of evidence says of two stories kept apart."""

    kind: EvidenceKind
    here: list[str] = Field(description="Named by most of this story's articles, by none there.")
    there: list[str] = Field(description="Named by most of the other story's, by none here.")


class NearestApart(_Model):
    """The story closest to this one that clustering kept separate, and what differs."""

    story_id: str
    title: str
    similarity: float = Field(description="Cosine of the two stories' mean vectors.")
    differences: list[Difference] = Field(default_factory=list)


class Grouping(_Model):
    """The evidence that joined a story's articles, for a reader to judge the grouping."""

    similarity: float | None = Field(
        None, description="Mean cosine between its articles' vectors (none for one article)."
    )
    shared: list[SharedEvidence] = Field(default_factory=list)
    nearest_apart: NearestApart | None = None


class CoverageCount(_Model):
    """How many of a story's articles (and distinct outlets) one value accounts for."""

    value: str = Field(description="A side, a lean label (or number), a country or an owner.")
    articles: int
    outlets: int
    share: float = Field(description="Of the story's articles matched to the registry.")


class Coverage(_Model):
    """Who covered a story, by the user's outlet registry."""

    by_side: list[CoverageCount] = Field(default_factory=list, description="Left to right.")
    by_lean: list[CoverageCount] = Field(
        default_factory=list, description="In the order of the registry's scale."
    )
    by_country: list[CoverageCount] = Field(default_factory=list)
    by_owner: list[CoverageCount] = Field(default_factory=list)
    matched: int = Field(0, description="Articles whose outlet is in the registry.")
    unmatched: list[str] = Field(
        default_factory=list, description="Articles whose outlet is not in the registry."
    )
    blindspot: Side | None = Field(
        None,
        description="The one side that carries the story alone, when every article with a "
        "known lean is on it and there are enough of them "
        "(from at least `outlets.blindspot_min_outlets` outlets).",
    )


class SideView(_Model):
    """One side of the spectrum in a story: what it carries that others do not.

    A copy (republished, near duplicate, rewrite) carries its original's reporting, so
    it is on its original's side here (its own outlet still counts in ``Coverage``)."""

    side: Side
    leans: list[str] = Field(description="The lean labels of its outlets here.")
    article_ids: list[str]
    outlets: list[str]
    only_here: list[str] = Field(
        default_factory=list,
        description="Claims (ids) carried only by this side's outlets, while other sides "
        "cover the story.",
    )
    omitted: list[str] = Field(
        default_factory=list,
        description="Claims (ids) carried by every other side covering the story and by "
        "none of this side's outlets.",
    )
    distinctive_words: list[DistinctiveWord] = Field(
        default_factory=list, description="Words this side uses more than the others here."
    )


class Story(_Model):
    """One event: the articles about it and how they compare."""

    id: str
    storyline: str = Field(description="Shared by the events of one storyline.")
    title: str
    article_ids: list[str]
    outlets: list[str] = Field(default_factory=list)
    first_published: str | None = None
    last_published: str | None = None
    summary: list[SummarySentence] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    discrepancies: list[Discrepancy] = Field(default_factory=list)
    framing: list[Framing] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    omissions: list[Omission] = Field(default_factory=list)
    timeline: list[TimelineEntry] = Field(default_factory=list)
    language: list[OutletLanguage] = Field(
        default_factory=list,
        description="Per article: loaded terms, reporting verbs, distinctive words.",
    )
    grouping: Grouping | None = Field(
        None,
        description="Why these articles are one story, and what differs from the closest "
        "story kept apart (added in 0.2).",
    )
    not_analysed: list[str] = Field(
        default_factory=list,
        description="Articles of the story in a language the comparisons are not built for "
        "(each article's `language`; English only so far): clustered with the story, left "
        "out of its summary, claims, omissions, figures, framing, quotes, timeline and "
        "wording (added in 0.3).",
    )
    coverage: Coverage | None = Field(
        None,
        description="Coverage by side, lean, country and owner (with an outlet "
        "registry; added in 0.4).",
    )
    sides: list[SideView] = Field(
        default_factory=list,
        description="Each side covering the story, left to right (with a registry; 0.4).",
    )


class StoryListing(_Model):
    """A story as lists show it: what it is about, how big, how disputed."""

    id: str
    storyline: str
    title: str
    articles: int = Field(description="Number of articles.")
    outlets: list[str]
    contested: int = Field(description="Number of contested claims.")
    first_published: str | None = None
    last_published: str | None = None
    coverage: dict[str, int] = Field(
        default_factory=dict,
        description="Articles by side, left to right (with an outlet registry; 0.4).",
    )
    blindspot: Side | None = None
    unmatched: int = Field(0, description="Articles whose outlet is not in the registry.")

    @classmethod
    def of(cls, story: Story) -> StoryListing:
        """The listing of a full story."""
        coverage = story.coverage
        return cls(
            coverage={c.value: c.articles for c in coverage.by_side} if coverage else {},
            blindspot=coverage.blindspot if coverage else None,
            unmatched=len(coverage.unmatched) if coverage else 0,
            id=story.id,
            storyline=story.storyline,
            title=story.title,
            articles=len(story.article_ids),
            outlets=story.outlets,
            contested=sum(claim.status == "contested" for claim in story.claims),
            first_published=story.first_published,
            last_published=story.last_published,
        )


class OutletProfile(_Model):
    """An outlet of the user's registry, as the report shows it."""

    name: str
    lean: str | float | None = Field(
        None, description="A label of the registry's scale, or a number."
    )
    side: Side | None = None
    country: str | None = None
    owner: str | None = None
    kind: str | None = Field(None, description="Wire agency, public broadcaster, state media...")


class Report(_Model):
    """A newsprism report: the articles read and the stories found among them."""

    schema_version: str = SCHEMA_VERSION
    generator: str = Field(description="'newsprism <version>' and the stages that ran.")
    articles: list[ReportArticle]
    stories: list[Story]
    outlets: list[OutletProfile] = Field(
        default_factory=list,
        description="The registry outlets the articles were matched to (added in 0.4).",
    )

    def article(self, article_id: str) -> ReportArticle:
        """The article with this id."""
        return next(article for article in self.articles if article.id == article_id)


def json_schema() -> str:
    """The report's JSON Schema, as published by ``newsprism schema``."""
    schema = Report.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"newsprism-report-{SCHEMA_VERSION}"
    return json.dumps(schema, indent=2, ensure_ascii=False)
