"""Property tests: parsers and normalizers never crash and keep their promises."""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from newsprism.clean import clean_article, line_key
from newsprism.errors import ReadError
from newsprism.models import RawArticle, Rejection, content_id
from newsprism.normalize import normalize_date, paragraphs, stamp_date
from newsprism.read import ReadOptions, detect_format
from newsprism.read.decode import NotText, decode_bytes
from newsprism.read.feed import read_feed
from newsprism.read.records import read_jsonl
from newsprism.read.text import read_text

texts = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
lines_of_text = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=80),
    max_size=12,
)


@given(st.one_of(texts, st.integers(-(10**12), 10**12), st.dates(), st.datetimes(), st.none()))
def test_normalize_date_returns_iso_or_none(value):
    result = normalize_date(value)
    if result is not None:
        parsed = datetime.fromisoformat(result) if "T" in result else date.fromisoformat(result)
        assert parsed is not None


@given(st.dates())
def test_normalize_date_keeps_dates_date_only(day):
    assert normalize_date(day.isoformat()) == day.isoformat()


@given(
    st.one_of(
        texts, st.dates(min_value=date(1900, 1, 1)).map(lambda d: d.strftime("%A, %B %d, %Y"))
    )
)
def test_stamp_date_returns_an_iso_date_or_none(line):
    result = stamp_date(line)
    if result is not None:
        assert 1900 <= date.fromisoformat(result).year <= 2099


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
def test_stamp_date_reads_a_written_out_date(day):
    assert stamp_date(f"Posted on {day:%B} {day.day}, {day.year}") == day.isoformat()


@given(texts)
def test_paragraphs_are_stable_once_split(text):
    once = paragraphs(text)
    assert paragraphs("\n\n".join(once)) == once
    assert all(p == p.strip() and p for p in once)


@given(st.binary(max_size=600))
def test_decode_bytes_returns_text_or_says_why(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except NotText as error:
        assert str(error)


@given(texts)
def test_text_reader_gives_an_article_or_a_read_error(text):
    try:
        (article,) = read_text(text, "x.txt")
    except ReadError as error:
        assert error.source == "x.txt"
    else:
        assert article.body.strip()


@given(
    st.lists(st.one_of(texts, st.dictionaries(st.text(max_size=8), texts, max_size=4)), max_size=5)
)
def test_jsonl_reader_never_crashes(records):
    text = "\n".join(r if isinstance(r, str) else json.dumps(r) for r in records)
    try:
        for item in read_jsonl(text, "x.jsonl", ReadOptions()):
            assert isinstance(item, RawArticle | Rejection)
    except ReadError:
        pass


@settings(max_examples=60)
@given(st.binary(max_size=400), st.text(max_size=200))
def test_feed_reader_never_crashes(noise, text):
    for data in (
        noise,
        f"<rss><channel><item><title>{text}</title></item></channel></rss>".encode(),
    ):
        with contextlib.suppress(ReadError):
            list(read_feed(data, "f.rss"))


@given(st.binary(max_size=300), st.sampled_from(["a.txt", "a.json", "b", "c.warc.gz", "d.html"]))
def test_detect_format_always_names_a_reader(data, name):
    assert detect_format(name, data) in {"text", "html", "json", "jsonl", "feed", "warc"}


@given(lines_of_text)
def test_cleaning_only_removes_lines(lines):
    raw = RawArticle(body="\n".join(lines), source_path="x", format="text")
    article = clean_article(raw)
    original = paragraphs(raw.body)
    kept = article.text.split("\n\n") if article.text else []
    assert len(kept) + len(article.boilerplate_removed) == len(original)
    for line in kept:
        assert any(line and source.endswith(line) for source in original)


@given(st.text(max_size=200), st.text(max_size=200))
def test_content_id_ignores_whitespace_layout(title, body):
    assert content_id(title, body) == content_id(f"  {title}", body.replace(" ", "\n  "))


@given(texts)
def test_line_key_is_idempotent(line):
    assert line_key(line_key(line)) == line_key(line)
