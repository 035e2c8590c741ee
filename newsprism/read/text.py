"""Plain-text articles: an optional 'Key: value' header, a title line, then the body."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import ReadError
from ..models import RawArticle
from ..normalize import normalize_date, normalize_space

# Header keys accepted at the very top of a text file, mapped to article fields.
_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "date": "published",
    "published": "published",
    "url": "url",
    "link": "url",
    "author": "author",
    "by": "author",
    "byline": "author",
    "language": "language",
    "lang": "language",
}
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z ]{0,20}):\s*(.*)$")
# A title is a short line that does not read as a finished sentence.
MAX_TITLE_WORDS = 30
_SENTENCE_END = re.compile(r"[.!;:,][\"'”’)\]]?$")


def _split_header(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Take a leading block of known 'Key: value' lines, ended by a blank line."""
    header: dict[str, str] = {}
    for index, line in enumerate(lines):
        if not line.strip():
            if header:
                return header, lines[index + 1 :]
            return {}, lines
        match = _HEADER_LINE.match(line.strip())
        if not match or match.group(1).strip().lower() not in _HEADER_KEYS:
            return {}, lines
        header[_HEADER_KEYS[match.group(1).strip().lower()]] = match.group(2).strip()
    return {}, lines


def is_title_line(line: str) -> bool:
    """True when ``line`` reads like a headline rather than the first body sentence."""
    words = line.split()
    return 0 < len(words) <= MAX_TITLE_WORDS and not _SENTENCE_END.search(line)


def read_text(text: str, location: str) -> Iterator[RawArticle]:
    """Read a plain-text (or Markdown) article."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    header, lines = _split_header(lines)
    title = header.get("title")
    while lines and not lines[0].strip():
        lines.pop(0)
    if title is None and len(lines) > 1:
        first = normalize_space(lines[0].lstrip("#"))
        if is_title_line(first) and any(line.strip() for line in lines[1:]):
            title = first
            lines = lines[1:]
    body = "\n".join(lines).strip()
    if title is None and "\n" not in body and is_title_line(normalize_space(body)):
        raise ReadError(location, "no article body (the file holds a single title-like line)")
    if not body:
        raise ReadError(location, "no article body (the file has a title or header only)")
    yield RawArticle(
        body=body,
        source_path=location,
        format="text",
        title=title,
        url=header.get("url"),
        outlet=header.get("outlet"),
        author=header.get("author"),
        published=normalize_date(header.get("published")),
        language=header.get("language"),
    )
