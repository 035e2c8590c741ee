"""HTML pages: main text and metadata via trafilatura."""

from __future__ import annotations

import re
from collections.abc import Iterator

import lxml.html
import trafilatura
from lxml import etree

from ..errors import ReadError
from ..models import RawArticle
from ..normalize import normalize_date, normalize_space

# Characters XML 1.0 forbids (C0 controls other than tab and newlines, U+FFFE/U+FFFF).
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Fewer words than this is a menu or an error page, not an article.
MIN_ARTICLE_WORDS = 8
# Block-level tags after which a paragraph break goes when flattening an HTML fragment.
_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "article",
    "tr",
    "pre",
    "figure",
    "figcaption",
    "ul",
    "ol",
    "table",
}


def extract_page(html: str, location: str, url: str | None = None, fmt: str = "html") -> RawArticle:
    """Extract the article of one full HTML page, or raise ``ReadError``."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
        )
    except (ValueError, TypeError, etree.LxmlError) as error:
        raise ReadError(location, f"HTML could not be parsed ({error})") from None
    if document is None or not (document.text or "").strip():
        raise ReadError(location, "no article text found in the HTML page")
    title = normalize_space(document.title) if document.title else None
    lines = document.text.split("\n")
    # trafilatura keeps the page's <h1> as the first line of the text.
    if title and lines and normalize_space(lines[0]) == title:
        lines = lines[1:]
    body = "\n".join(lines).strip()
    if len(body.split()) < MIN_ARTICLE_WORDS:
        raise ReadError(location, "no article text found in the HTML page")
    return RawArticle(
        body=body,
        source_path=location,
        format=fmt,
        title=title,
        url=url or document.url,
        outlet=document.sitename or None,
        author=document.author or None,
        published=normalize_date(document.date),
        language=document.language or None,
        metadata={"hostname": document.hostname} if document.hostname else {},
    )


def read_html(text: str, location: str) -> Iterator[RawArticle]:
    """Read one saved HTML page."""
    yield extract_page(text, location)


def looks_like_html(text: str) -> bool:
    """True when a field's text is markup rather than plain prose."""
    head = text[:2000].lower()
    return any(tag in head for tag in ("<p>", "<p ", "<div", "<br", "</a>", "<html", "<span"))


def fragment_to_text(fragment: str) -> str:
    """Flatten an HTML fragment (feed content, a JSON field) to paragraphs of text."""
    # lxml refuses to set text holding characters XML forbids (NUL, most C0 controls),
    # which it nevertheless keeps when parsing; they carry nothing, so they go first.
    fragment = _NOT_XML_CHARS.sub("", fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError, AssertionError):
        # lxml.html asserts on some documents with no usable body ("too many bodies")
        return fragment
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in _BLOCK_TAGS:
            element.tail = "\n\n" + (element.tail or "")
    return root.text_content().strip()
