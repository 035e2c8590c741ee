"""Shapes of the HTTP API's responses (the story object itself is the report's ``Story``)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from ..report import ReportArticle, StoryListing


class StoryList(BaseModel):
    """One page of stories, newest or biggest first."""

    stories: list[StoryListing]
    total: int = Field(description="Stories matching the filters, over all pages.")
    limit: int
    offset: int


class Facets(BaseModel):
    """The values the story list can be filtered by: every side, lean, country and owner
    some catalog story's outlets have (sides left to right, leans in the registry's
    order, the rest sorted)."""

    side: list[str] = Field(default_factory=list)
    lean: list[str] = Field(default_factory=list)
    country: list[str] = Field(default_factory=list)
    owner: list[str] = Field(default_factory=list)


class ArticleHit(BaseModel):
    """An article found by search."""

    id: str
    title: str | None
    outlet: str | None
    published: str | None
    story_id: str | None


class SearchResult(BaseModel):
    """Stories (by title, summary, actors, labels, speakers, outlets) and articles (by
    title or outlet) matching a query."""

    query: str
    stories: list[StoryListing]
    articles: list[ArticleHit]


class ArticleResponse(BaseModel):
    """An article as the report shows it, and the story it belongs to."""

    article: ReportArticle
    story_id: str | None


class IngestResult(BaseModel):
    """What an upload added, and the stories afterwards."""

    inputs: int
    read: int
    new: int
    duplicate: int
    rejected: int
    rejections: list[str] = Field(description="One line per rejected input: file and problem.")
    stories: int = Field(description="Stories in the catalog after the update.")


class ErrorResponse(BaseModel):
    detail: str


class MergeRequest(BaseModel):
    story_ids: list[str] = Field(min_length=2, max_length=1000, description="Stories to merge.")


class SplitRequest(BaseModel):
    article_ids: list[str] = Field(
        min_length=1, max_length=100_000, description="Articles that form a story of their own."
    )


class CorrectionResult(BaseModel):
    kind: str = Field(description="merge or split")
    article_ids: list[str] = Field(description="The articles the correction names.")
    story_id: str | None = Field(description="The story those articles are in after it.")
    stories: int = Field(description="Stories in the catalog after the refresh.")
