"""What the fuzz target checks, without atheris: shared by the target and the tests.

The first byte of each input picks a reader and a file name (so detection by content and
by extension are both exercised); the rest is the file's content. The input goes through
``read_source`` exactly as ``ingest`` reads a file, and the articles through the cleaner.
Expected outcomes are articles and one-line coded rejections (E101-E103); anything else
is a crash: an exception escaping, a rejection with the unexpected-failure code E199, a
rejection spread over several lines, an article with no text.
"""

from __future__ import annotations

import atexit
import gzip
import io
import json
import os
import shutil
import tempfile
from pathlib import Path

from newsprism.clean import clean_articles
from newsprism.errors import UNEXPECTED_READ_FAILURE
from newsprism.models import RawArticle, Rejection
from newsprism.read import ReadOptions, Source, read_source

# (forced format, file name): the selector byte picks one.
KINDS: tuple[tuple[str, str], ...] = (
    ("auto", "page"),
    ("html", "page.html"),
    ("feed", "feed.rss"),
    ("warc", "crawl.warc"),
    ("json", "export.json"),
    ("auto", "export.jsonl"),
    ("text", "article.txt"),
    ("auto", "input.gz"),
)
# Small limits keep each run fast and exercise the limit paths too.
OPTIONS = {
    fmt: ReadOptions(
        format=fmt,
        max_file_bytes=256 * 1024,
        max_decompressed_bytes=4 * 1024 * 1024,
        max_article_chars=100_000,
        max_warc_records=50,
    )
    for fmt in {kind[0] for kind in KINDS}
}
# Where each input is written to be read. libFuzzer ends the process without running
# atexit handlers, so callers that fuzz (the test, the benchmark) name a folder they
# remove themselves; otherwise a temporary one is made and removed at a normal exit.
if os.environ.get("NEWSPRISM_FUZZ_WORKDIR"):
    _WORKDIR = Path(os.environ["NEWSPRISM_FUZZ_WORKDIR"])
    _WORKDIR.mkdir(parents=True, exist_ok=True)
else:
    _WORKDIR = Path(tempfile.mkdtemp(prefix="newsprism-fuzz-"))
    atexit.register(shutil.rmtree, _WORKDIR, ignore_errors=True)


class FuzzFailure(Exception):
    """An outcome the readers promise never to produce."""


def check_one(data: bytes) -> list[RawArticle | Rejection]:
    """Read ``data`` as the kind its first byte selects; raise ``FuzzFailure`` on a crash."""
    if not data:
        return []
    fmt, name = KINDS[data[0] % len(KINDS)]
    path = _WORKDIR / name
    path.write_bytes(data[1:])
    items = read_source(Source(str(path)), OPTIONS[fmt])
    raws = []
    for item in items:
        if isinstance(item, Rejection):
            if item.code == UNEXPECTED_READ_FAILURE:
                raise FuzzFailure(f"reader failed unexpectedly: {item}")
            if "\n" in str(item) or "\r" in str(item):
                raise FuzzFailure(f"rejection is not one line: {item!r}")
        elif isinstance(item, RawArticle):
            if not item.body.strip():
                raise FuzzFailure(f"article with an empty body: {item!r}")
            raws.append(item)
        else:
            raise FuzzFailure(f"reader yielded {type(item).__name__}")
    clean_articles(raws)
    return items


PAGE = """<!doctype html><html lang="en"><head><title>Floodgates opened | Valley Post</title>
<meta property="og:site_name" content="Valley Post"><meta name="author" content="Mira Hollis">
<meta property="article:published_time" content="2025-02-04T08:30:00Z"></head><body>
<nav><a href="/">Home</a></nav><article><h1>Floodgates opened</h1>
<p>The river authority opened the northern floodgates on Tuesday after three days of rain
that pushed the reservoir above its safe level for the first time in a decade.</p>
<p>Officials said about 4,000 residents had been moved to higher ground.</p>
<p>Share this article</p></article><footer>Copyright Valley Post</footer></body></html>"""
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Valley Post</title><language>en-gb</language><item><title>Floodgates opened</title>
<link>https://valley.example/a</link><pubDate>Tue, 04 Feb 2025 08:30:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The river authority opened the floodgates.</p>]]></content:encoded>
</item><item><title>Second</title><description>Only a summary here.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<title>Hill Times</title><entry><title>Dam walls inspected</title>
<link href="https://hill.example/1"/><updated>2025-02-05T10:00:00Z</updated>
<summary>Engineers inspected the walls on Thursday.</summary></entry></feed>"""
TEXT = """Title: Floodgates opened
Outlet: Valley Post
Date: 2025-02-04

PORT AVELIN (MPA) — The river authority opened the northern floodgates on Tuesday.
Officials said about 4,000 residents had been moved, according to the authority.
Reporting by Mira Hollis; Editing by Bo Li"""
RECORDS = [
    {"title": "A", "text": "The board met on Monday, officials said.", "source": "Valley Post"},
    {"headline": "B", "body": "<p>Second <b>story</b>.</p>", "authors": ["Ana", "Bo"]},
]


def _warc(compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for url, body, kind in (
        ("https://valley.example/a", PAGE.encode(), "text/html; charset=utf-8"),
        ("https://valley.example/robots.txt", b"User-agent: *", "text/plain"),
    ):
        headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
                # fixed id and date: the seeds are the same every time they are written
                warc_headers_dict={
                    "WARC-Record-ID": f"<urn:uuid:00000000-0000-0000-0000-{len(url):012d}>",
                    "WARC-Date": "2025-02-04T08:30:00Z",
                },
            )
        )
    return buffer.getvalue()


def seeds() -> dict[str, bytes]:
    """Small valid inputs of every kind, each with the selector byte of its reader."""
    jsonl = "\n".join(json.dumps(record) for record in RECORDS).encode()
    return {
        "page.html": bytes([1]) + PAGE.encode(),
        "page-detected": bytes([0]) + PAGE.encode(),
        "feed.rss": bytes([2]) + RSS.encode(),
        "feed.atom": bytes([2]) + ATOM.encode(),
        "crawl.warc": bytes([3]) + _warc(compress=False),
        "crawl.warc.gz": bytes([7]) + _warc(compress=True),
        "export.json": bytes([4]) + json.dumps({"items": RECORDS}).encode(),
        "export.jsonl": bytes([5]) + jsonl,
        "export.jsonl.gz": bytes([7]) + gzip.compress(jsonl, mtime=0),
        "article.txt": bytes([6]) + TEXT.encode(),
        "article-latin1.txt": bytes([6]) + TEXT.replace("—", "-").encode("latin-1") + b" caf\xe9",
    }


def write_corpus(folder: Path) -> None:
    """Write the seed inputs into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in seeds().items():
        (folder / name).write_bytes(data)
