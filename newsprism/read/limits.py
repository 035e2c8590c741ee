"""Guards applied while reading: bounded decompression, nesting depth, safe XML.

Each guard stops hostile input *before* it costs memory or time: gzip data is inflated
in a stream and stopped at the limit (a zip bomb is never inflated whole), nesting depth
is measured without recursion before a parser sees the text, and XML is checked with
defusedxml so that entity declarations (billion laughs, external entities) are refused
before feedparser runs.
"""

from __future__ import annotations

import gzip
import io
import re
import xml.sax
import xml.sax.handler
import xml.sax.xmlreader
import zlib
from itertools import accumulate
from typing import Protocol

from defusedxml import DefusedXmlException
from defusedxml.expatreader import create_parser

from ..errors import LimitExceeded, ReadError, UnsafeInput
from ..models import Rejection
from .options import ReadOptions

GZIP_MAGIC = b"\x1f\x8b"
# Inflate this much at a time; memory held beyond the limit is at most one chunk.
INFLATE_CHUNK = 1024 * 1024
# The ratio is only judged once this much is inflated: tiny inputs of repeated bytes
# have high ratios and are harmless.
RATIO_FLOOR_BYTES = 1024 * 1024

# A JSON string (with escapes): removed before brackets are counted.
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_BRACKET_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
_ENTITY_DECLARATION = re.compile(rb"<!\s*ENTITY", re.IGNORECASE)


class BinaryReader(Protocol):
    """Anything with ``read(size) -> bytes``: warcio's streams are not ``io`` classes."""

    def read(self, size: int = -1) -> bytes: ...


def limit_rejection(error: ReadError) -> Rejection:
    """The ``Rejection`` for a ``ReadError``, keeping its code and limit name."""
    return Rejection(error.source, error.problem, error.code, getattr(error, "limit", None))


def over_limit(source: str, what: str, limit: str, options: ReadOptions) -> Rejection:
    """A one-line rejection for an input (or record) that went over ``limit``."""
    return limit_rejection(LimitExceeded(source, what, limit, getattr(options, limit)))


# What ``inflate`` found wrong after some output: the stream ends before its last
# member does (a truncated file), or something that is not gzip follows the members.
GZIP_CUT = "cut short"
GZIP_JUNK = "followed by data that is not gzip"


def inflate(data: bytes, location: str, options: ReadOptions) -> tuple[bytes, str | None]:
    """Decompress gzip ``data`` (several members allowed), bounded as it streams.

    Returns the inflated bytes (up to any problem) and the problem: None, ``GZIP_CUT``
    or ``GZIP_JUNK``. Raises ``LimitExceeded`` as soon as the output passes
    ``max_decompressed_bytes`` or, past ``RATIO_FLOOR_BYTES``, ``max_compression_ratio``
    times the compressed bytes consumed so far; raises ``ReadError`` when the data is
    not gzip at all.
    """
    raw = io.BytesIO(data)
    out = bytearray()
    problem = None
    with gzip.GzipFile(fileobj=raw, mode="rb") as stream:
        while True:
            try:
                chunk = stream.read1(INFLATE_CHUNK)
            except EOFError:
                problem = GZIP_CUT
                break
            except (OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
                if not out:
                    raise ReadError(location, f"not valid gzip data ({error})") from None
                # no gzip header after whole members is trailing junk; anything else
                # (a CRC or length mismatch, bad deflate data) a damaged member
                junk = str(error).startswith("Not a gzipped file")
                problem = GZIP_JUNK if junk else GZIP_CUT
                break
            if not chunk:
                break
            out += chunk
            _check_inflated(len(out), raw.tell(), location, options)
    return bytes(out), problem


def _check_inflated(inflated: int, consumed: int, location: str, options: ReadOptions) -> None:
    if inflated > options.max_decompressed_bytes:
        raise LimitExceeded(
            location,
            f"decompresses to more than {options.max_decompressed_bytes:,} bytes",
            "max_decompressed_bytes",
            options.max_decompressed_bytes,
        )
    ratio = inflated / max(consumed, 1)
    if inflated > RATIO_FLOOR_BYTES and ratio > options.max_compression_ratio:
        raise LimitExceeded(
            location,
            f"decompression ratio {ratio:,.0f}:1 (a zip bomb?)",
            "max_compression_ratio",
            options.max_compression_ratio,
        )


def read_bounded(stream: BinaryReader, compressed: int, where: str, options: ReadOptions) -> bytes:
    """Read a possibly decompressing stream (a WARC record's payload) within the limits.

    ``compressed`` is the size of the data behind the stream, for the ratio check.
    """
    out = bytearray()
    while True:
        chunk = stream.read(INFLATE_CHUNK)
        if not chunk:
            return bytes(out)
        out += chunk
        _check_inflated(len(out), compressed, where, options)


def json_depth(text: str) -> int:
    """Deepest nesting of arrays and objects in JSON ``text``, without recursion.

    Brackets inside strings are ignored; the text need not be valid JSON. Strings and
    everything but brackets are removed by regular expressions (C speed), so only the
    brackets are walked.
    """
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(0, max(accumulate(map(_BRACKET_STEP.__getitem__, brackets)), default=0))


def check_json_depth(text: str, location: str, options: ReadOptions) -> None:
    """Raise ``LimitExceeded`` when ``text`` nests deeper than ``max_nesting_depth``."""
    limit = options.max_nesting_depth
    # Cheap bound first: fewer opening brackets than the limit cannot nest past it.
    if text.count("[") + text.count("{") <= limit:
        return
    depth = json_depth(text)
    if depth > limit:
        raise LimitExceeded(
            location, f"JSON nested too deeply ({depth} levels)", "max_nesting_depth", limit
        )


class _TooDeep(Exception):
    pass


class _DepthHandler(xml.sax.handler.ContentHandler):
    """Counts element depth and stops the parse past the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.depth = 0
        self.deepest = 0

    def startElement(self, name: str, attrs: object) -> None:
        self.depth += 1
        self.deepest = max(self.deepest, self.depth)
        if self.depth > self.limit:
            raise _TooDeep

    def endElement(self, name: str) -> None:
        self.depth -= 1


class _QuietErrors(xml.sax.handler.ErrorHandler):
    """Malformed XML is feedparser's to tolerate; this pass only looks for danger."""

    def error(self, exception: Exception) -> None:
        raise exception

    def fatalError(self, exception: Exception) -> None:
        raise exception

    def warning(self, exception: Exception) -> None:
        return None


def guard_xml(data: bytes, location: str, options: ReadOptions) -> None:
    """Refuse XML that declares entities or nests deeper than ``max_nesting_depth``.

    defusedxml's expat reader parses the document without building it and raises on any
    entity declaration (internal ones drive billion-laughs expansion, external ones read
    local files or URLs); DTDs themselves, common in old RSS, are allowed and never
    fetched. XML too broken for a strict parser (feedparser still
    reads it) is searched for entity declarations directly.
    """
    handler = _DepthHandler(options.max_nesting_depth)
    # Every entity declaration (internal or external, general or parameter) is refused.
    # An external DTD reference alone (old RSS 0.91 names Netscape's) is allowed because
    # nothing external is ever loaded: external general entities are switched off.
    parser = create_parser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setContentHandler(handler)
    parser.setErrorHandler(_QuietErrors())
    source = xml.sax.xmlreader.InputSource()
    source.setByteStream(io.BytesIO(data))
    try:
        parser.parse(source)
    except DefusedXmlException as error:
        raise UnsafeInput(
            location,
            f"XML declares entities or external references ({type(error).__name__}); "
            "refused, as expanding them is unsafe",
        ) from None
    except _TooDeep:
        raise LimitExceeded(
            location,
            f"XML nested too deeply (more than {options.max_nesting_depth} levels)",
            "max_nesting_depth",
            options.max_nesting_depth,
        ) from None
    except (xml.sax.SAXException, ValueError, UnicodeError, LookupError):
        if _ENTITY_DECLARATION.search(data):
            raise UnsafeInput(
                location, "XML declares entities; refused, as expanding them is unsafe"
            ) from None
