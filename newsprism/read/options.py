"""Options of the reading stage."""

from __future__ import annotations

from dataclasses import dataclass, field

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


@dataclass
class ReadOptions:
    """How inputs are read.

    ``fields`` maps an article field (title, text, url, date, outlet, author, language,
    id) to the record key holding it in JSON input; unmapped fields use
    ``DEFAULT_FIELDS``. ``format`` forces a reader instead of detecting it.
    """

    fields: dict[str, str] = field(default_factory=dict)
    format: str = "auto"
    max_file_bytes: int = 512 * 1024 * 1024
    fetch_timeout: float = 30.0

    def candidates(self, name: str) -> tuple[str, ...]:
        """Record keys to try for article field ``name``, the user's mapping first."""
        chosen = self.fields.get(name)
        return ((chosen,) if chosen else ()) + DEFAULT_FIELDS[name]
