"""RSS and Atom feeds via feedparser: one article per entry."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import feedparser

from ..errors import ReadError
from ..models import RawArticle, Rejection
from ..normalize import normalize_date, normalize_space
from .html import fragment_to_text
from .limits import guard_xml
from .options import ReadOptions


def _text(value: Any) -> str:
    """A feed field as a string: feedparser leaves ``None`` (or a dict) on broken input."""
    return value if isinstance(value, str) else ""


def _entry_body(entry: Any) -> str:
    """The fullest text an entry carries: content:encoded beats the summary."""
    parts = entry.get("content")
    candidates = (
        [_text(part.get("value")) for part in parts if isinstance(part, dict)]
        if isinstance(parts, list)
        else []
    )
    candidates.append(_text(entry.get("summary")))
    best = max(candidates, key=len, default="")
    return fragment_to_text(best) if "<" in best else best.strip()


def read_feed(
    data: bytes, location: str, options: ReadOptions | None = None
) -> Iterator[RawArticle | Rejection]:
    """Read an RSS 0.9x/1.0/2.0 or Atom feed.

    The XML is checked first (``guard_xml``): entity declarations are refused and depth
    is bounded. feedparser gets a stream, never the bytes themselves: given bytes it
    would try them as a file name first, and open a local file a hostile input names.
    """
    guard_xml(data, location, options or ReadOptions())
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (UnicodeError, LookupError, ValueError) as error:
        # feedparser decodes with the encoding the XML declaration names without checking
        # the name: undecodable, unknown or holding a NUL, it raises instead of saying so
        problem = f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"
        raise ReadError(location, f"malformed feed (unreadable encoding: {problem})") from None
    entries = parsed.get("entries", [])
    if not entries:
        if parsed.get("bozo"):
            problem = parsed.get("bozo_exception")
            raise ReadError(location, f"malformed feed ({problem})")
        raise ReadError(location, "feed has no entries")
    feed = parsed.get("feed") or {}
    feed_title = normalize_space(_text(feed.get("title"))) or None
    feed_language = _text(feed.get("language")) or None
    for index, entry in enumerate(entries):
        where = f"{location}#{index}"
        body = _entry_body(entry)
        if not body:
            yield Rejection(where, "feed entry has no text")
            continue
        source = entry.get("source", {})
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        yield RawArticle(
            body=body,
            source_path=where,
            format="feed",
            title=normalize_space(_text(entry.get("title"))) or None,
            url=_text(entry.get("link")) or None,
            outlet=(_text(source.get("title")) if isinstance(source, dict) else None) or feed_title,
            author=_text(entry.get("author")) or None,
            published=normalize_date(when),
            language=(feed_language or "").split("-")[0] or None,
            external_id=_text(entry.get("id")) or None,
        )
