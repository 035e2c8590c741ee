"""Options of the reading stage."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

from ..errors import UsageError

# Candidate field names for JSON/JSONL records, first match wins. A user mapping
# (``--field title=headline``) is tried before these.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("title", "headline", "name"),
    "text": ("text", "body", "content", "article", "maintext", "description"),
    "url": ("url", "link", "href", "canonical_url"),
    "date": ("date", "published", "published_at", "publish_date", "pubdate", "datetime"),
    "outlet": ("source", "outlet", "publisher", "site_name", "sitename", "domain"),
    "author": ("author", "authors", "byline", "creator"),
    "language": ("language", "lang"),
    "id": ("id", "_id", "uid", "guid"),
}
FORMATS = ("auto", "text", "html", "json", "feed", "warc")

# Why each reading limit has its default; ``newsprism config --explain`` shows these.
LIMITS: dict[str, str] = {
    "max_file_bytes": "an input file or fetched URL larger than this is rejected unread; "
    "512 MiB holds a large crawl segment while keeping memory bounded",
    "max_decompressed_bytes": "a gzip input (.gz, .warc.gz, a gzip feed, a WARC record's "
    "gzip payload) is inflated in a stream and stopped here; same ceiling as a plain file",
    "max_compression_ratio": "inflated/compressed size above this is a zip bomb (news "
    "text compresses 3-10x, a bomb about 1000x); checked once 1 MiB is inflated",
    "max_article_chars": "an article whose title and text exceed this many characters is "
    "rejected, not truncated (long-form journalism is about 100k characters; "
    "more is a dump, and a cut article would mislead the comparison)",
    "max_warc_records": "reading a WARC stops after this many records, keeping the "
    "articles before (a 1 GB crawl segment holds about 50k)",
    "max_nesting_depth": "JSON and XML nested deeper than this is rejected before "
    "parsing (news exports nest fewer than 10 levels)",
}
_SIZE = re.compile(r"^\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*([kmgt]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}


@dataclass
class ReadOptions:
    """How inputs are read.

    ``fields`` maps an article field (title, text, url, date, outlet, author, language,
    id) to the record key holding it in JSON input; unmapped fields use
    ``DEFAULT_FIELDS``. ``format`` forces a reader instead of detecting it. The
    ``max_*`` fields are the reading limits (see ``LIMITS`` for why each default); an
    input over one is rejected with code E102 naming the limit.
    """

    fields: dict[str, str] = field(default_factory=dict)
    format: str = "auto"
    max_file_bytes: int = 512 * 1024 * 1024
    max_decompressed_bytes: int = 512 * 1024 * 1024
    max_compression_ratio: float = 100.0
    max_article_chars: int = 1_000_000
    max_warc_records: int = 100_000
    max_nesting_depth: int = 100
    fetch_timeout: float = 30.0

    def with_limits(self, overrides: dict[str, str]) -> ReadOptions:
        """Set limits from ``{"max_file_bytes": "10MB", ...}`` (sizes take k/M/G suffixes,
        binary). Unknown names and values that are not positive numbers raise
        ``UsageError``."""
        types = {f.name: f.type for f in fields(self) if f.name in LIMITS}
        for given, raw in overrides.items():
            # ``config --explain`` lists them as ``read.NAME``; both spellings work.
            name = given.removeprefix("read.")
            if name not in LIMITS:
                raise UsageError(f"unknown limit {name!r}; known: {', '.join(LIMITS)}")
            match = _SIZE.match(raw)
            if not match:
                raise UsageError(f"{name} takes a positive number (e.g. 10MB), not {raw!r}")
            number = float(match.group(1).replace("_", "").replace(",", ""))
            number *= _UNITS[(match.group(2) or "").lower()[:1]]
            if number <= 0:
                raise UsageError(f"{name} must be above 0, not {raw!r}")
            setattr(self, name, number if types[name] == "float" else int(number))
        return self

    def candidates(self, name: str) -> tuple[str, ...]:
        """Record keys to try for article field ``name``, the user's mapping first."""
        chosen = self.fields.get(name)
        return ((chosen,) if chosen else ()) + DEFAULT_FIELDS[name]
