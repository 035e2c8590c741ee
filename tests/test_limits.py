"""Reading limits and hostile input: each limit is enforced, named, coded and counted."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import subprocess
import threading
import tracemalloc

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism import Store, ingest
from newsprism.errors import UsageError
from newsprism.models import RawArticle, Rejection
from newsprism.read import LIMITS, ReadOptions, Source, read_paths, read_source
from newsprism.read.limits import json_depth
from newsprism.settings import settings

from .test_read import BODY, PAGE, RSS, articles, make_warc, read_one, rejections


def only_limit(items: list, limit: str) -> Rejection:
    """The single rejection in ``items``, checked to be a coded hit of ``limit``."""
    (rejection,) = rejections(items)
    assert (rejection.code, rejection.limit) == ("E102", limit)
    line = str(rejection)
    assert "\n" not in line
    assert "[E102]" in line and f"{limit}=" in line and f"--limit {limit}=" in line
    return rejection


def zeros_bomb(megabytes: int) -> bytes:
    """A gzip file inflating to ``megabytes`` MiB of zeros, built from repeated members."""
    member = gzip.compress(b"\0" * (1024 * 1024), compresslevel=9)
    return member * megabytes


# --- file size -------------------------------------------------------------------------
def test_file_size_limit_is_coded_and_names_the_file(write):
    path = write("big.txt", "Title\n" + "word " * 1000)
    rejection = only_limit(read_one(path, max_file_bytes=100), "max_file_bytes")
    assert rejection.source == str(path)
    assert "too large (5,006 bytes)" in rejection.problem


def test_file_size_limit_applies_to_feeds_by_url(write, tmp_path):
    write("served/feed.rss", RSS)
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(  # noqa: E731
        *a, directory=str(tmp_path / "served"), **k
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/feed.rss"
        items = list(read_paths([url], ReadOptions(max_file_bytes=200)))
        assert only_limit(items, "max_file_bytes").source == url
        assert len(articles(list(read_paths([url], ReadOptions())))) == 2
    finally:
        server.shutdown()


# --- gzip: decompressed size and ratio -------------------------------------------------
def test_gzip_text_and_jsonl_inputs_are_read(write):
    (article,) = articles(read_one(write("a.txt.gz", gzip.compress(f"Title\n{BODY}".encode()))))
    assert article.title == "Title"
    lines = "\n".join(json.dumps({"title": f"T{n}", "text": BODY}) for n in range(3))
    assert len(articles(read_one(write("e.jsonl.gz", gzip.compress(lines.encode()))))) == 3


def test_zip_bomb_is_stopped_while_streaming(write):
    path = write("bomb.txt.gz", zeros_bomb(1024))  # 1 GiB of zeros in about 1 MB
    tracemalloc.start()
    try:
        items = read_one(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    only_limit(items, "max_compression_ratio")
    # stopped after a few MiB, never holding the gigabyte
    assert peak < 64 * 1024 * 1024


def test_decompressed_size_limit(write):
    # 30 MiB of text that compresses about 4:1, under the ratio limit
    text = "Title\n" + " ".join(f"word{n % 9973}x{n % 7}" for n in range(3_000_000))
    path = write("long.txt.gz", gzip.compress(text.encode(), compresslevel=1))
    only_limit(read_one(path, max_decompressed_bytes=4 * 1024 * 1024), "max_decompressed_bytes")


def test_cut_gzip_keeps_the_whole_records_before_the_cut_and_says_so(write):
    lines = "\n".join(json.dumps({"title": f"T{n}", "text": BODY * 20}) for n in range(200))
    whole = gzip.compress(lines.encode())
    items = read_one(write("cut.jsonl.gz", whole[: len(whole) // 2]))
    assert 10 < len(articles(items)) < 200
    # no record is stored cut
    assert all(a.body == (BODY * 20).strip() for a in articles(items))
    assert any("gzip data cut short" in r.problem for r in rejections(items))


def test_a_cut_gzip_document_is_rejected_not_stored_cut(write):
    text = "A title\n\n" + BODY * 40
    whole = gzip.compress(text.encode())
    (rejection,) = read_one(write("cut.txt.gz", whole[: len(whole) * 2 // 3]))
    assert "cut short" in rejection.problem and "cut.txt.gz" in rejection.source
    # trailing junk after a whole member: the document is whole, read with a notice
    items = read_one(write("junk.txt.gz", whole + b"not gzip"))
    assert len(articles(items)) == 1
    assert "not gzip" in rejections(items)[0].problem


def test_not_gzip_after_the_magic_bytes(write):
    (rejection,) = read_one(write("x.txt.gz", b"\x1f\x8bnot really gzip at all"))
    assert "not valid gzip" in rejection.problem


def test_bomb_inside_a_warc_record_rejects_that_record_only(write):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    bomb = gzip.compress(b"<html><body><p>" + b"a" * 50_000_000)
    for url, payload, encoding in (
        ("https://x.example/bomb", bomb, [("Content-Encoding", "gzip")]),
        ("https://x.example/ok", PAGE.encode(), []),
    ):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html"), *encoding], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers
            )
        )
    items = read_one(write("crawl.warc.gz", buffer.getvalue()))
    assert [a.url for a in articles(items)] == ["https://x.example/ok"]
    assert only_limit(items, "max_compression_ratio").source.endswith("crawl.warc.gz#0")


# --- article length, WARC records, nesting depth ---------------------------------------
def test_article_too_long_is_rejected_not_truncated(write):
    records = [{"title": "short", "text": BODY}, {"title": "long", "text": BODY * 100}]
    path = write("e.jsonl", "\n".join(json.dumps(r) for r in records))
    items = read_one(path, max_article_chars=5_000)
    assert [a.title for a in articles(items)] == ["short"]
    rejection = only_limit(items, "max_article_chars")
    assert rejection.source == f"{path}:2"
    assert "article too long" in rejection.problem


def test_warc_record_limit_keeps_the_records_before(write):
    pages = [(f"https://valley.example/{n}", PAGE.replace("4,000", f"{n},000")) for n in range(5)]
    path = write("crawl.warc.gz", make_warc(pages, extra_text=False))
    items = read_one(path, max_warc_records=3)
    assert [a.url for a in articles(items)] == [url for url, _ in pages[:3]]
    assert "the first 3 were read" in only_limit(items, "max_warc_records").problem
    assert len(articles(read_one(path))) == 5


def nested(depth: int) -> dict:
    return {"title": "Deep", "text": BODY, "extra": json.loads("[" * depth + "]" * depth)}


def test_json_nesting_limit_is_configurable(write):
    path = write("deep.json", json.dumps(nested(150)))
    rejection = only_limit(read_one(path), "max_nesting_depth")
    assert "nested too deeply (151 levels)" in rejection.problem
    assert len(articles(read_one(path, max_nesting_depth=200))) == 1


def test_jsonl_deep_line_is_rejected_alone(write):
    lines = [json.dumps({"title": "A", "text": BODY}), json.dumps(nested(500))]
    items = read_one(write("e.jsonl", "\n".join(lines)))
    assert len(articles(items)) == 1
    assert only_limit(items, "max_nesting_depth").source.endswith("e.jsonl:2")


@pytest.mark.parametrize(
    ("text", "depth"),
    [("", 0), ("{}", 1), ('[{"a": "[[[[\\"["}]', 2), ("[[]][", 2), ("[" * 5000, 5000)],
)
def test_json_depth_ignores_brackets_in_strings(text, depth):
    assert json_depth(text) == depth


# --- XML feeds: entities, external references, depth -----------------------------------
BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>T</title>
<item><title>x</title><description>&lol3;</description></item></channel></rss>"""


def test_billion_laughs_feed_is_refused(write):
    (rejection,) = read_one(write("laughs.rss", BILLION_LAUGHS))
    assert rejection.code == "E103"
    assert "[E103]" in str(rejection) and "entities" in rejection.problem


def test_external_entity_feed_never_reads_the_file(write, tmp_path):
    secret = write("secret.txt", "TOP-SECRET-VALUE")
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        "<rss version='2.0'><channel><title>T</title><item><title>x</title>"
        "<description>&xxe; and more words</description></item></channel></rss>"
    )
    items = read_one(write("xxe.rss", feed))
    assert [r.code for r in rejections(items)] == ["E103"]
    assert "TOP-SECRET" not in repr(items)
    # malformed XML (feedparser's loose parser would take it) is refused all the same
    items = read_one(write("xxe-broken.rss", feed.replace("</channel>", "")))
    assert [r.code for r in rejections(items)] == ["E103"]


def test_feed_with_an_external_dtd_is_read_and_the_dtd_never_fetched(write, tmp_path):
    fetched: list[str] = []

    class Counter(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fetched.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counter)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        dtd = f"http://127.0.0.1:{server.server_port}/rss-0.91.dtd"
        feed = RSS.replace(
            '<rss version="2.0"',
            f'<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "{dtd}">\n'
            '<rss version="2.0"',
        )
        assert len(articles(read_one(write("old.rss", feed)))) == 2
        assert fetched == []
    finally:
        server.shutdown()


def test_deep_xml_feed_is_rejected(write):
    deep = "<div>" * 300 + "x" + "</div>" * 300
    feed = f"<rss version='2.0'><channel><title>T</title><item><title>x</title>{deep}</item></channel></rss>"
    only_limit(read_one(write("deep.rss", feed)), "max_nesting_depth")


def test_feed_content_naming_a_local_file_is_not_opened(write, tmp_path):
    # feedparser given bytes tries them as a file name first; the reader must not let it
    target = write("<rss>/secret.xml", RSS.replace("Valley Post", "LEAKED-OUTLET"))
    items = read_one(write("innocent.rss", str(target)), format="feed")
    assert "LEAKED" not in repr(items)
    assert articles(items) == []


# --- HTML: entities are never resolved -------------------------------------------------
def test_html_external_entity_is_not_resolved(write):
    secret = write("secret.txt", "TOP-SECRET-VALUE")
    page = PAGE.replace(
        "<!doctype html>", f'<!DOCTYPE html [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    ).replace("Engineers will inspect", "&xxe; Engineers will inspect")
    items = read_one(write("page.html", page))
    assert "TOP-SECRET" not in repr(items)
    record = {"title": "T", "text": f"<p>&xxe; {BODY}</p>"}
    items = read_one(write("a.json", json.dumps(record)))
    assert "TOP-SECRET" not in repr(items)


# --- configuration, ingest summary, CLI ------------------------------------------------
def test_with_limits_parses_sizes_and_refuses_nonsense():
    options = ReadOptions().with_limits(
        {"max_file_bytes": "10MB", "read.max_warc_records": "1_000", "max_compression_ratio": "50"}
    )
    assert (options.max_file_bytes, options.max_warc_records) == (10 * 1024**2, 1000)
    assert options.max_compression_ratio == 50.0
    for bad in ({"max_file_bytes": "lots"}, {"max_file_bytes": "0"}, {"max_speed": "1"}):
        with pytest.raises(UsageError):
            ReadOptions().with_limits(bad)


def test_every_limit_is_a_setting_with_its_default_and_reason():
    listed = {s.name: s for s in settings() if s.stage == "read"}
    assert set(listed) == {f"read.{name}" for name in LIMITS}
    defaults = ReadOptions()
    for name in LIMITS:
        assert listed[f"read.{name}"].value == getattr(defaults, name)
        assert listed[f"read.{name}"].calibration


def test_ingest_counts_limit_hits(tmp_path, write):
    write("in/a.txt", "Short title\n" + BODY)
    write("in/b.txt", "Long title\n" + BODY * 50)
    write("in/deep.json", json.dumps(nested(150)))
    with Store(tmp_path / "s.db") as store:
        summary = ingest([tmp_path / "in"], store, ReadOptions(max_article_chars=2_000))
        assert (summary.new, summary.rejected) == (1, 2)
        assert summary.limits_hit == {"max_article_chars": 1, "max_nesting_depth": 1}


@pytest.mark.slow
def test_cli_limit_option(tmp_path, write, newsprism_cmd):
    write("in/a.txt", "Short title\n" + BODY)
    write("in/b.txt", "Long title\n" + BODY * 50)
    command = [*newsprism_cmd, "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "s.db")]
    result = subprocess.run(
        [*command, "-q", "--limit", "max_article_chars=2k"], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "[E102]" in result.stderr and "max_article_chars=2,048" in result.stderr
    assert "limits hit: max_article_chars 1" in result.stdout
    bad = subprocess.run([*command, "--limit", "max_speed=1"], capture_output=True, text=True)
    assert bad.returncode == 2
    assert "unknown limit" in bad.stderr


def test_read_source_never_raises_on_a_limit(write):
    path = write("a.txt", "Title\n" + BODY)
    for options in (
        ReadOptions(max_file_bytes=1),
        ReadOptions(max_article_chars=1),
        ReadOptions(max_nesting_depth=1),
    ):
        items = read_source(Source(str(path)), options)
        assert all(isinstance(item, RawArticle | Rejection) for item in items)


# --- text in an unexpected encoding ----------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read(write, encoding):
    (article,) = articles(read_one(write("u16.txt", f"Title\n{BODY} café".encode(encoding))))
    assert (article.title, article.body) == ("Title", f"{BODY} café")


def test_nul_patterned_binary_is_still_binary(write):
    (rejection,) = read_one(write("x.txt", b"\x00\x01" * 200))
    assert "binary" in rejection.problem


def test_json_record_whose_html_holds_no_text_is_rejected(write):
    record = {"title": "B", "text": "<p><script>var x = 1;</script></p>"}
    (rejection,) = read_one(write("a.json", json.dumps([record])))
    assert "its HTML holds none" in rejection.problem


def test_a_gz_name_without_gzip_data_is_rejected_with_a_reason(write):
    (rejection,) = read_one(write("plain.txt.gz", b"A title\n\nplain text, not compressed"))
    assert "named .gz but does not hold gzip data" in rejection.problem
