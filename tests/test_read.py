"""Readers: every format, format detection, and bad input of each kind."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import threading
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism.models import RawArticle, Rejection
from newsprism.read import ReadOptions, Source, detect_format, find_sources, read_paths, read_source

BODY = (
    "The river authority opened the northern floodgates on Tuesday after three days of rain.\n"
    "Officials said about 4,000 residents had been moved to higher ground."
)
PAGE = """<!doctype html><html lang="en"><head><title>Floodgates opened | Valley Post</title>
<meta property="og:site_name" content="Valley Post">
<meta name="author" content="Mira Hollis">
<meta property="article:published_time" content="2025-02-04T08:30:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Floodgates opened</h1>
<p>The river authority opened the northern floodgates on Tuesday after three days of rain
that pushed the reservoir above its safe level for the first time in a decade.</p>
<p>Officials said about 4,000 residents had been moved to higher ground, and schools in
the lower valley would stay closed until the water receded.</p>
<p>Engineers will inspect the dam walls on Thursday, the authority said in a statement.</p>
</article><footer>Copyright Valley Post</footer></body></html>"""


def articles(items: list) -> list[RawArticle]:
    return [item for item in items if isinstance(item, RawArticle)]


def rejections(items: list) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]


def read_one(path: Path, **options) -> list:
    return read_source(Source(str(path)), ReadOptions(**options))


# --- plain text ------------------------------------------------------------------------
def test_text_title_on_first_line(write):
    items = read_one(write("a.txt", "Floodgates opened in the valley\n" + BODY))
    (article,) = articles(items)
    assert article.title == "Floodgates opened in the valley"
    assert article.body.startswith("The river authority")
    assert article.format == "text"


def test_text_without_title_keeps_first_sentence_as_body(write):
    first = "The river authority opened the northern floodgates on Tuesday, officials said."
    (article,) = articles(read_one(write("a.txt", first + "\nMore text follows here.")))
    assert article.title is None
    assert article.body.startswith(first)


def test_text_metadata_header(write):
    text = (
        "Title: Floodgates opened\nOutlet: Valley Post\nDate: 2025-02-04\n"
        "URL: https://valley.example/a\nAuthor: Mira Hollis\n\n" + BODY
    )
    (article,) = articles(read_one(write("a.txt", text)))
    assert (article.title, article.outlet, article.published) == (
        "Floodgates opened",
        "Valley Post",
        "2025-02-04",
    )
    assert article.url == "https://valley.example/a"
    assert article.author == "Mira Hollis"
    assert "Title:" not in article.body


def test_text_latin1_is_decoded(write):
    text = "Café owners protest\nThe café owners of the old town protested on Monday."
    (article,) = articles(read_one(write("a.txt", text.encode("latin-1"))))
    assert article.title == "Café owners protest"


def test_text_utf16_with_bom_is_decoded(write):
    (article,) = articles(read_one(write("a.txt", ("Title line\n" + BODY).encode("utf-16"))))
    assert article.title == "Title line"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty file"),
        (b"  \n\n\t ", "empty file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"abc\x00\x00\x00def" * 10, "NUL"),
        (bytes(range(128, 256)) * 40, "encoding could not be identified"),
        (b"Just a title", "no article body"),
    ],
)
def test_bad_text_inputs_are_rejected_with_reason(write, content, problem):
    path = write("bad.txt", content)
    (rejection,) = read_one(path)
    assert isinstance(rejection, Rejection)
    assert rejection.source == str(path)
    assert problem in rejection.problem
    assert "\n" not in str(rejection)


def test_missing_and_unreadable_paths(tmp_path):
    items = list(read_paths([tmp_path / "nothing-here"]))
    assert [r.problem for r in rejections(items)] == ["no such file or folder"]


def test_file_over_size_limit_is_rejected(write):
    (rejection,) = read_one(write("big.txt", "Title\n" + "word " * 1000), max_file_bytes=100)
    assert "too large" in rejection.problem


# --- HTML ------------------------------------------------------------------------------
def test_html_page_text_and_metadata(write):
    (article,) = articles(read_one(write("page.html", PAGE)))
    assert article.title == "Floodgates opened"
    assert article.outlet == "Valley Post"
    assert article.author == "Mira Hollis"
    assert article.published == "2025-02-04"
    assert "4,000 residents" in article.body
    assert "Home" not in article.body.split("\n")[0]
    assert not article.body.startswith("Floodgates opened")


def test_html_without_article_text_is_rejected(write):
    (rejection,) = read_one(write("empty.html", "<html><body><nav>Home</nav></body></html>"))
    assert "no article text" in rejection.problem


# --- JSON and JSONL --------------------------------------------------------------------
def test_jsonl_default_fields_and_url_kept(write):
    records = [
        {
            "title": "A",
            "text": BODY,
            "url": "https://x.example/a",
            "date": "2025-02-04",
            "source": "Valley Post",
            "stance": "center",
            "id": "r1",
        },
        {
            "headline": "B",
            "body": BODY + " Again.",
            "link": "https://x.example/b",
            "source": {"name": "Hill Times"},
            "authors": ["Ana Ruiz", "Bo Li"],
        },
    ]
    path = write("export.jsonl", "\n".join(json.dumps(r) for r in records))
    first, second = articles(read_one(path))
    assert (first.title, first.url, first.outlet, first.published) == (
        "A",
        "https://x.example/a",
        "Valley Post",
        "2025-02-04",
    )
    assert first.external_id == "r1"
    assert first.metadata == {"stance": "center"}
    assert first.source_path == f"{path}:1"
    assert (second.title, second.outlet, second.author) == ("B", "Hill Times", "Ana Ruiz, Bo Li")


def test_json_field_mapping(write):
    record = {"heading": "Mapped", "story": BODY, "site": "Valley Post"}
    path = write("one.json", json.dumps({"items": [record]}))
    options = {"fields": {"title": "heading", "text": "story", "outlet": "site"}}
    (article,) = articles(read_one(path, **options))
    assert (article.title, article.outlet) == ("Mapped", "Valley Post")


def test_json_html_text_is_flattened(write):
    record = {"title": "T", "text": "<p>First paragraph here.</p><p>Second <b>one</b>.</p>"}
    (article,) = articles(read_one(write("a.json", json.dumps([record]))))
    assert article.body.split("\n\n") == ["First paragraph here.", "Second one."]


def test_jsonl_bad_line_rejected_alone(write):
    lines = [
        json.dumps({"title": "ok", "text": BODY}),
        "{not json",
        json.dumps({"title": "no text"}),
        json.dumps([1, 2]),
    ]
    path = write("mixed.jsonl", "\n".join(lines))
    items = read_one(path)
    assert len(articles(items)) == 1
    problems = {r.source: r.problem for r in rejections(items)}
    assert set(problems) == {f"{path}:2", f"{path}:3", f"{path}:4"}
    assert "invalid JSON" in problems[f"{path}:2"]
    assert "no text" in problems[f"{path}:3"]
    assert "not an object" in problems[f"{path}:4"]


def test_truncated_json_rejected(write):
    (rejection,) = read_one(write("cut.json", '[{"title": "A", "text": "Some'))
    assert "invalid JSON" in rejection.problem


def test_deeply_nested_json_rejected(write):
    (rejection,) = read_one(write("deep.json", "[" * 100_000 + "]" * 100_000))
    assert "nested too deeply" in rejection.problem


# --- feeds -----------------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Post</title><link>https://valley.example</link><language>en-gb</language>
<item><title>Floodgates opened</title><link>https://valley.example/a</link>
<pubDate>Tue, 04 Feb 2025 08:30:00 GMT</pubDate><author>mira@valley.example (Mira Hollis)</author>
<description>Short teaser.</description>
<content:encoded><![CDATA[<p>The river authority opened the floodgates.</p><p>About 4,000 moved.</p>]]></content:encoded>
</item>
<item><title>Second</title><link>https://valley.example/b</link><description>Only a summary here.</description></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Times</title><id>urn:x</id>
<updated>2025-02-05T10:00:00Z</updated>
<entry><title>Dam walls inspected</title><link href="https://hill.example/1"/><id>urn:1</id>
<updated>2025-02-05T10:00:00Z</updated><summary>Engineers inspected the walls.</summary></entry>
</feed>"""


def test_rss_items_with_full_content(write):
    first, second = articles(read_one(write("feed.rss", RSS)))
    assert first.outlet == "Valley Post"
    assert first.published == "2025-02-04T08:30:00+00:00"
    assert first.body.split("\n\n") == [
        "The river authority opened the floodgates.",
        "About 4,000 moved.",
    ]
    assert first.language == "en"
    assert second.body == "Only a summary here."


def test_atom_feed_detected_by_content(write):
    (article,) = articles(read_one(write("feed.xml", ATOM)))
    assert (article.title, article.outlet, article.url) == (
        "Dam walls inspected",
        "Hill Times",
        "https://hill.example/1",
    )


def test_malformed_feed_rejected(write):
    (rejection,) = read_one(write("broken.rss", "<rss><channel><title>x</title><item><title>"))
    assert "feed" in rejection.problem


def test_feed_from_url(write, tmp_path):
    write("served/feed.rss", RSS)
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(tmp_path / "served"), **k
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/feed.rss"
        found = list(read_paths([url]))
        assert len(articles(found)) == 2
        missing = list(read_paths([url.replace("feed.rss", "nope.rss")]))
        assert "could not fetch" in rejections(missing)[0].problem
    finally:
        server.shutdown()


# --- WARC ------------------------------------------------------------------------------
def make_warc(pages: list[tuple[str, str]], extra_text: bool = True) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
            )
        )
    if extra_text:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                "https://valley.example/robots.txt",
                "response",
                payload=io.BytesIO(b"User-agent: *"),
                http_headers=headers,
            )
        )
    return buffer.getvalue()


def test_warc_html_responses_become_articles(write):
    data = make_warc(
        [
            ("https://valley.example/a", PAGE),
            ("https://valley.example/b", PAGE.replace("4,000", "5,000")),
        ]
    )
    found = articles(read_one(write("crawl.warc.gz", data)))
    assert [a.url for a in found] == ["https://valley.example/a", "https://valley.example/b"]
    assert all(a.format == "warc" and "crawled" in a.metadata for a in found)


def test_truncated_warc_keeps_records_before_the_cut(write):
    whole = make_warc(
        [("https://valley.example/a", PAGE)]
        + [(f"https://valley.example/{n}", PAGE.replace("4,000", f"{n},000")) for n in range(5, 9)],
        extra_text=False,
    )
    items = read_one(write("cut.warc.gz", whole[: int(len(whole) * 0.7)]))
    assert 1 <= len(articles(items)) < 5
    (rejection,) = rejections(items)
    assert "truncated" in rejection.problem


def test_garbage_warc_rejected(write):
    (rejection,) = read_one(write("junk.warc", b"WARC/1.0\r\nnonsense\r\n\r\n" + b"\x00" * 50))
    assert "WARC" in rejection.problem


# --- detection and folders -------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.txt", b"Title\nbody", "text"),
        ("a.txt", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("a.html", RSS.encode(), "feed"),
        ("a", b'{"title": "x"}', "json"),
        ("a.jsonl", b'{"title": "x"}', "jsonl"),
        ("a.warc.gz", gzip.compress(b"WARC/1.0\r\n"), "warc"),
        ("noext", gzip.compress(b"WARC/1.1\r\n"), "warc"),
    ],
)
def test_detect_format(name, content, expected):
    assert detect_format(name, content) == expected


def test_folder_walk_skips_hidden_files_and_assets(write, tmp_path):
    write("site/a.txt", "Title\n" + BODY)
    write("site/.DS_Store", b"\x00\x01")
    write("site/page_files/style.css", "body{}")
    write("site/.git/config", "x")
    sources, missing = find_sources([tmp_path / "site"])
    assert [Path(s.location).name for s in sources] == ["a.txt"]
    assert missing == []


def test_a_warc_without_articles_says_what_it_held(write):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    url = "https://valley.example/report.pdf"
    writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET /")))
    pdf = StatusAndHeaders("200 OK", [("Content-Type", "application/pdf")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            url, "response", payload=io.BytesIO(b"%PDF-1.4 ..."), http_headers=pdf
        )
    )
    writer.write_record(
        writer.create_warc_record(url, "metadata", payload=io.BytesIO(b"via: crawler"))
    )
    (rejection,) = read_one(write("nothing.warc.gz", buffer.getvalue()))
    assert "no article in 3 WARC records" in rejection.problem
    assert "responses of application/pdf" in rejection.problem
    assert "request records" in rejection.problem and "metadata records" in rejection.problem
