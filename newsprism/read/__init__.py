"""Reading stage: files, folders and URLs in any supported format -> ``RawArticle``.

Every reader yields ``RawArticle`` or ``Rejection`` items; a problem with a whole file is
a ``ReadError`` that ``read_source`` turns into one ``Rejection``, so one bad input never
stops the others.
"""

from __future__ import annotations

import gzip
import http.client
import os
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from ..errors import UNEXPECTED_READ_FAILURE, LimitExceeded, ReadError
from ..models import RawArticle, Rejection
from .decode import NotText, decode_bytes
from .feed import read_feed
from .html import read_html
from .limits import GZIP_CUT, GZIP_JUNK, GZIP_MAGIC, inflate, limit_rejection, over_limit
from .options import FORMATS, LIMITS, ReadOptions
from .records import read_json, read_jsonl
from .text import read_text
from .warc import read_warc

__all__ = [
    "FORMATS",
    "LIMITS",
    "ReadOptions",
    "Source",
    "detect_format",
    "find_sources",
    "read_paths",
    "read_source",
]

# Files a folder walk passes over: page assets saved next to HTML, and archives of code.
_ASSET_SUFFIXES = {
    ".css",
    ".js",
    ".mjs",
    ".map",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".svg",
    ".webp",
    ".ico",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".mp3",
    ".mp4",
    ".webm",
    ".db",
    ".sqlite",
    ".db-wal",
    ".db-shm",
    ".pyc",
}
_SUFFIX_FORMATS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".arc": "warc",
}


@dataclass(frozen=True)
class Source:
    """One input to read: a local file or a URL."""

    location: str
    is_url: bool = False

    def fingerprint(self) -> str:
        """Identity of this input's current content: path, size and mtime, or the URL."""
        if self.is_url:
            return f"url:{self.location}"
        stat = os.stat(self.location)
        return f"file:{Path(self.location).resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def find_sources(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Source], list[Rejection]]:
    """Expand paths (files, folders walked recursively, URLs) into sources, sorted.

    Missing paths come back as rejections. Hidden files and page assets found in a
    folder are passed over silently; named explicitly, any file is read.
    """
    sources: list[Source] = []
    missing: list[Rejection] = []
    for given in paths:
        text = str(given)
        if text.startswith(("http://", "https://")):
            sources.append(Source(text, is_url=True))
            continue
        path = Path(text)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith(".") or Path(name).suffix.lower() in _ASSET_SUFFIXES:
                        continue
                    sources.append(Source(str(Path(root) / name)))
        elif path.is_file():
            sources.append(Source(text))
        elif path.exists():
            missing.append(Rejection(text, "not a regular file"))
        else:
            missing.append(Rejection(text, "no such file or folder"))
    return sources, missing


def _suffix_format(location: str) -> str | None:
    name = location.lower().split("?")[0]
    if name.endswith(".gz"):
        name = name[:-3]
    return _SUFFIX_FORMATS.get(Path(name).suffix)


def detect_format(location: str, data: bytes) -> str:
    """Choose a reader from the content first, then the file name.

    Strong content signals (a WARC header, a feed root element, an HTML document) win
    over the extension, so a feed saved as ``.html`` or a page saved as ``.txt`` is still
    read right; JSON is taken from the extension or a leading brace.
    """
    head = data[:4096]
    if head.startswith(b"\x1f\x8b"):
        try:
            with gzip.open(_BytesReader(data)) as stream:
                head = stream.read(4096)
        except (OSError, EOFError):
            return _suffix_format(location) or "text"
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if b"<rss" in lowered[:1024] or b"<rdf:rdf" in lowered[:1024] or b"<feed" in lowered[:1024]:
        return "feed"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
        return "html"
    by_suffix = _suffix_format(location)
    if by_suffix:
        return by_suffix
    if lowered.startswith((b"{", b"[")):
        return "json"
    return "text"


class _BytesReader:
    """Minimal file object over bytes for gzip, without copying."""

    def __init__(self, data: bytes) -> None:
        self._view = memoryview(data)
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._view) if size < 0 else min(len(self._view), self._pos + size)
        chunk = self._view[self._pos : end].tobytes()
        self._pos = end
        return chunk


def _too_large(location: str, size: int, options: ReadOptions) -> LimitExceeded:
    return LimitExceeded(
        location, f"file too large ({size:,} bytes)", "max_file_bytes", options.max_file_bytes
    )


# Read inputs this much at a time: ``read(n)`` allocates ``n`` bytes up front, so one
# call with the whole limit would reserve 512 MiB for every small file.
_READ_CHUNK = 1024 * 1024


def _read_capped(stream: BinaryIO, limit: int) -> bytes:
    """Everything in ``stream``, or its first ``limit + 1`` bytes when it is longer."""
    parts: list[bytes] = []
    total = 0
    while total <= limit:
        chunk = stream.read(min(_READ_CHUNK, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
    return b"".join(parts)


def _fetch(source: Source, options: ReadOptions) -> bytes:
    request = urllib.request.Request(source.location, headers={"User-Agent": "newsprism"})
    try:
        with urllib.request.urlopen(request, timeout=options.fetch_timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > options.max_file_bytes:
                raise _too_large(source.location, int(declared), options)
            data = _read_capped(response, options.max_file_bytes)
    except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as error:
        # HTTPException: a server that closes early (IncompleteRead) or answers nonsense
        reason = getattr(error, "reason", error)
        raise ReadError(source.location, f"could not fetch ({reason})") from None
    if len(data) > options.max_file_bytes:
        raise LimitExceeded(
            source.location,
            f"response larger than {options.max_file_bytes:,} bytes",
            "max_file_bytes",
            options.max_file_bytes,
        )
    return data


def _load(source: Source, options: ReadOptions) -> tuple[bytes, str | None]:
    """The input's bytes, inflated when gzip, and what was wrong with the gzip data
    (``inflate``'s problem: None, cut short, or followed by junk)."""
    if source.is_url:
        data = _fetch(source, options)
    else:
        try:
            size = os.path.getsize(source.location)
            if size > options.max_file_bytes:
                raise _too_large(source.location, size, options)
            with open(source.location, "rb") as handle:
                # The file may have grown since it was measured: read no more than allowed.
                data = _read_capped(handle, options.max_file_bytes)
        except PermissionError:
            raise ReadError(source.location, "permission denied") from None
        except OSError as error:
            raise ReadError(source.location, f"unreadable ({error.strerror or error})") from None
        if len(data) > options.max_file_bytes:
            raise _too_large(source.location, len(data), options)
    problem = None
    named_gz = not source.is_url and source.location.lower().endswith(".gz")
    if named_gz and not data.startswith(GZIP_MAGIC):
        # reading it as what it is would hide a mislabelled or damaged file
        raise ReadError(source.location, "named .gz but does not hold gzip data")
    if data.startswith(GZIP_MAGIC):
        data, problem = inflate(data, source.location, options)
        if problem == GZIP_CUT and not data.strip():
            raise ReadError(source.location, "gzip data cut short before any content")
    if not data.strip():
        raise ReadError(source.location, "empty file")
    return data, problem


def _dispatch(
    fmt: str, data: bytes, location: str, options: ReadOptions
) -> Iterator[RawArticle | Rejection]:
    if fmt == "warc":
        return read_warc(data, location, options)
    if fmt == "feed":
        return read_feed(data, location, options)
    try:
        text = decode_bytes(data)
    except NotText as error:
        raise ReadError(location, str(error)) from None
    if not text.strip():
        raise ReadError(location, "empty file")
    if fmt == "html":
        return read_html(text, location)
    if fmt == "json":
        return read_json(text, location, options)
    if fmt == "jsonl":
        return read_jsonl(text, location, options)
    return read_text(text, location)


def read_source(source: Source, options: ReadOptions | None = None) -> list[RawArticle | Rejection]:
    """Read one source completely; never raises for a problem with the input itself.

    Problems come back as ``Rejection`` items: a whole input's (code E101), a limit
    hit (E102, naming the limit), an unsafe input refused (E103), or a reader library
    failing unexpectedly (E199: a bug, caught so the run goes on).
    """
    options = options or ReadOptions()
    try:
        data, gzip_problem = _load(source, options)
        fmt = options.format if options.format != "auto" else detect_format(source.location, data)
        if fmt == "json" and _suffix_format(source.location) == "jsonl":
            fmt = "jsonl"
        if gzip_problem == GZIP_CUT and fmt not in _RECORD_FORMATS:
            # one document whose end is missing: storing it would store a cut article
            raise ReadError(
                source.location,
                "gzip data cut short (a truncated file?): the document is incomplete",
            )
        items = [
            _within_limits(item, options) for item in _dispatch(fmt, data, source.location, options)
        ]
    except ReadError as error:
        return [limit_rejection(error)]
    except RecursionError:
        return [
            Rejection(source.location, "input nested too deeply to parse", UNEXPECTED_READ_FAILURE)
        ]
    except MemoryError:
        return [
            Rejection(
                source.location, "input too large to parse in memory", UNEXPECTED_READ_FAILURE
            )
        ]
    except Exception as error:  # a reader library failing on odd input must not stop the run
        first_line = (str(error).strip().splitlines() or [""])[0]
        problem = f"could not be read ({type(error).__name__}: {first_line})"
        return [Rejection(source.location, problem, UNEXPECTED_READ_FAILURE)]
    if gzip_problem == GZIP_CUT:
        return _after_a_cut(items, source.location)
    if gzip_problem == GZIP_JUNK:
        items.append(
            Rejection(
                source.location, "gzip data followed by data that is not gzip; read up to there"
            )
        )
    return items


# Inputs of many records, where a cut stream still holds whole records before the cut.
_RECORD_FORMATS = ("jsonl", "warc")


def _after_a_cut(
    items: list[RawArticle | Rejection], location: str
) -> list[RawArticle | Rejection]:
    """The records of a cut gzip stream, with a rejection saying it was cut unless the
    reader said so already. A record the cut shortened is not among them: a JSON line cut
    short no longer parses, and the WARC reader checks each record's declared length."""
    if any(isinstance(item, Rejection) and item.source == location for item in items):
        return items
    whole = sum(isinstance(item, RawArticle) for item in items)
    notice = f"gzip data cut short (a truncated file?): the {whole} whole records before it read"
    return [*items, Rejection(location, notice)]


def _within_limits(item: RawArticle | Rejection, options: ReadOptions) -> RawArticle | Rejection:
    """The article, or a rejection when its text is longer than ``max_article_chars``."""
    if isinstance(item, Rejection):
        return item
    length = len(item.body) + len(item.title or "")
    if length > options.max_article_chars:
        return over_limit(
            item.source_path,
            f"article too long ({length:,} characters)",
            "max_article_chars",
            options,
        )
    return item


def read_paths(
    paths: Iterable[str | os.PathLike[str]], options: ReadOptions | None = None
) -> Iterator[RawArticle | Rejection]:
    """Read every article under ``paths``: files, folders and URLs, in sorted order."""
    sources, missing = find_sources(paths)
    yield from missing
    for source in sources:
        yield from read_source(source, options)
