"""WARC and ARC archives (warcio): HTML response records become articles."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from ..errors import LimitExceeded, ReadError
from ..models import RawArticle, Rejection
from .decode import NotText, decode_bytes
from .html import extract_page
from .limits import INFLATE_CHUNK, limit_rejection, over_limit, read_bounded
from .options import ReadOptions

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def _next_record(records: Iterator[ArcWarcRecord]) -> ArcWarcRecord | None:
    """The next record, or None at the end; a malformed header raises ``ValueError``."""
    try:
        return next(records, None)
    except (AttributeError, TypeError, KeyError, IndexError) as error:
        # warcio trusts headers the format requires (a response record without a
        # WARC-Target-URI crashes it): a header like that is corruption.
        raise ValueError(f"malformed record header ({type(error).__name__}: {error})") from None


def read_warc(
    data: bytes, location: str, options: ReadOptions | None = None
) -> Iterator[RawArticle | Rejection]:
    """Read every HTML response (or resource) record of a WARC/ARC file.

    Records that are not HTML (robots.txt, images, DNS) are passed over; an HTML page
    with no article text is passed over too, as crawls are full of index pages. A file
    cut short yields the records before the cut and then one rejection saying where.
    Past ``max_warc_records`` records reading stops the same way; a record whose payload
    inflates past the decompression limits is rejected on its own.
    """
    options = options or ReadOptions()
    records_seen = 0
    articles = 0
    # what was passed over, by kind: said when the file gives no article at all
    passed: Counter[str] = Counter()
    records = iter(ArchiveIterator(io.BytesIO(data), arc2warc=True))
    try:
        while (record := _next_record(records)) is not None:
            if record.rec_type is None:
                if records_seen == 0:
                    raise ReadError(location, "not a readable WARC/ARC file (no record header)")
                yield Rejection(location, f"WARC corrupt after {records_seen} records")
                return
            if records_seen >= options.max_warc_records:
                yield over_limit(
                    location,
                    f"more than {options.max_warc_records:,} records "
                    f"(the first {records_seen:,} were read)",
                    "max_warc_records",
                    options,
                )
                return
            records_seen += 1
            where = f"{location}#{records_seen - 1}"
            content_type = ""
            if record.rec_type in ("response", "resource") and not (
                record.rec_type == "response" and record.http_headers is None
            ):
                headers = record.http_headers or record.rec_headers
                content_type = (headers.get_header("Content-Type") or "").lower()
            payload: bytes | None = None
            too_big: Rejection | None = None
            if content_type.startswith(_HTML_TYPES):
                # The payload may be gzip or brotli encoded: inflate it within the limits.
                try:
                    payload = read_bounded(
                        record.content_stream(), record.length or len(data), where, options
                    )
                except LimitExceeded as error:
                    too_big = limit_rejection(error)
            # Read what is left of the record without holding it: only to find its end.
            while record.raw_stream.read(INFLATE_CHUNK):
                pass
            # warcio stops quietly at the end of the bytes: a record that got fewer bytes
            # than its header declared is where the file was cut.
            if getattr(record.raw_stream, "limit", 0) > 0:
                yield Rejection(
                    location,
                    f"WARC truncated in record {records_seen - 1} "
                    f"(the {records_seen - 1} records before it were read)",
                )
                return
            if too_big is not None:
                yield too_big
                continue
            if payload is None:
                passed[_kind(record.rec_type, content_type)] += 1
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            try:
                html = decode_bytes(payload)
                article = extract_page(html, where, url=url, fmt="warc")
            except NotText as error:
                yield Rejection(where, str(error))
                continue
            except ReadError:
                passed["HTML pages without article text"] += 1
                continue
            crawled = record.rec_headers.get_header("WARC-Date")
            if crawled:
                article.metadata["crawled"] = crawled
            articles += 1
            yield article
    except (ArchiveLoadFailed, EOFError, OSError, ValueError) as error:
        problem = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        if records_seen == 0:
            raise ReadError(location, f"not a readable WARC/ARC file ({problem})") from None
        yield Rejection(
            location, f"WARC truncated or corrupt after {records_seen} records ({problem})"
        )
        return
    if records_seen == 0:
        raise ReadError(location, "WARC file holds no records")
    if articles == 0 and passed:
        kinds = ", ".join(f"{count} {kind}" for kind, count in passed.most_common())
        yield Rejection(location, f"no article in {records_seen} WARC records ({kinds})")


def _kind(record_type: str, content_type: str) -> str:
    """How a record passed over is named: '<type> records', or for a response or
    resource the media type it holds."""
    if record_type in ("response", "resource"):
        media = content_type.split(";")[0].strip() or "no media type"
        return f"{record_type}s of {media}"
    return f"{record_type} records"
