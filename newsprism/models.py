"""Typed records passed between the stages.

``RawArticle`` is what a reader found in a file, before cleaning; ``Article`` is the
cleaned record that the store keeps and every later stage reads.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, Field

_WHITESPACE = re.compile(r"\s+")


def content_id(
    title: str | None, body: str, outlet: str | None = None, url: str | None = None
) -> str:
    """Return the stable id of an article: a hash of its title, raw body, outlet and URL.

    Whitespace is normalized first, so the same text saved with other line endings or
    indentation keeps its id. The outlet and URL take part so that one wire text carried
    verbatim by two outlets stays two articles (provenance needs both), while the same
    file read twice, from anywhere, is one.
    """
    parts = [
        _WHITESPACE.sub(" ", value or "").strip()
        for value in (title, body, (outlet or "").casefold(), url)
    ]
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8)
    return digest.hexdigest()


@dataclass
class RawArticle:
    """An article as a reader found it: metadata where the input had it, body uncleaned."""

    body: str
    source_path: str
    format: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    external_id: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return content_id(self.title, self.body, self.outlet, self.url)


class Article(BaseModel):
    """One cleaned article, the unit every later stage works on."""

    id: str = Field(description="Stable content hash of title, raw body, outlet and URL.")
    source_path: str = Field(description="File it was read from; '#N' or ':LINE' names a record.")
    url: str | None = Field(None, description="Canonical URL when the input gave one.")
    title: str | None = None
    text: str = Field(description="Cleaned body: paragraphs separated by blank lines.")
    outlet: str | None = Field(None, description="Who published this copy (site or source).")
    credited_outlet: str | None = Field(
        None, description="Outlet or agency the text is credited to, from credit lines."
    )
    credit_kind: Literal["wire", "republication"] | None = Field(
        None,
        description="What the credit line says: agency copy ('wire') or a whole article "
        "reposted from the credited outlet ('republication').",
    )
    author: str | None = None
    dateline: str | None = Field(None, description="Place named in the opening dateline.")
    published: str | None = Field(None, description="ISO 8601 date or date-time, if known.")
    language: str | None = Field(None, description="ISO 639-1 code, given or detected.")
    boilerplate_removed: list[str] = Field(
        default_factory=list, description="Lines dropped by cleaning, in order of appearance."
    )
    format: str = Field(description="Reader that produced it: text, html, json, feed, warc.")
    external_id: str | None = Field(None, description="The input's own id for the record.")
    metadata: dict[str, str] = Field(
        default_factory=dict, description="Other fields of the input, kept as strings."
    )
    raw_text: str = Field(description="Body as read, before cleaning.", exclude=True)


@dataclass(frozen=True)
class Rejection:
    """An input that was skipped, and why, in one line a user can act on.

    ``code`` is the error code (``E101`` unreadable, ``E102`` over a limit, ``E103``
    unsafe); ``limit`` names the setting that was hit, when one was.
    """

    source: str
    problem: str
    code: str = "E101"
    limit: str | None = None

    def __post_init__(self) -> None:
        # One line whatever the input put into it (a WARC record type with a carriage
        # return, a header with a newline): a log reader and a script read it per line.
        for name in ("source", "problem"):
            object.__setattr__(self, name, " ".join(str(getattr(self, name)).split()))

    def __str__(self) -> str:
        # The common E101 is left out so ordinary problems read as plain sentences;
        # limits and refusals carry their code for scripts to match.
        if self.code == "E101":
            return f"{self.source}: {self.problem}"
        return f"{self.source}: [{self.code}] {self.problem}"


@dataclass(frozen=True)
class Correction:
    """A user's correction of the stories, kept in the store and applied after every
    clustering, in the order made.

    ``merge``: the articles belong to one story (with everything clustered with them);
    ``split``: the articles form a story of their own, apart from the rest of theirs.
    Corrections name articles, whose ids are stable, not stories, whose ids change
    with their members.
    """

    kind: Literal["merge", "split"]
    article_ids: tuple[str, ...]
