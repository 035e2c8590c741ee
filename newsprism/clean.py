"""Cleaning stage: keep the journalism, drop the rest, and turn credit lines into metadata.

Two kinds of evidence decide that a line is not part of the story:

* patterns of wording that no news sentence uses (share/subscribe/comment prompts,
  "Related" blocks, advertisement markers, navigation, copyright lines), restricted to
  short lines so that a real sentence that happens to contain "subscribe" survives;
* statistics over the corpus: a short line repeated in many articles of one site is
  that site's template (navigation, sign-off, promo), whatever its wording.

Credit lines ("READ MORE FROM <OUTLET>", "Source: Agencies", "Discover more from
<site>"), bylines and the opening dateline become fields of the article. Everything
removed is kept in ``boilerplate_removed`` so a reader can check what was dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import py3langid

from .errors import UsageError
from .models import Article, RawArticle
from .normalize import MAX_STAMP_WORDS, normalize_outlet, normalize_space, paragraphs, stamp_date
from .options import setting
from .read.text import is_title_line


@dataclass(frozen=True)
class CleanOptions:
    """What counts as a site's template and where timestamp lines are looked for.

    A line is a site template when it recurs in at least ``min_template_articles``
    articles of one site and in at least ``min_template_share`` of them; longer lines
    than ``max_template_words`` never are: outlets reuse whole background paragraphs,
    and those are journalism. Without a known site the corpus is mixed, so the bar is
    higher (the ``unknown_site`` settings).
    """

    min_template_articles: int = setting(3, "a site template recurs in at least this many articles")
    min_template_share: float = setting(
        0.3, "... and in at least this share of the site's articles"
    )
    max_template_words: int = setting(15, "longer repeated lines are background paragraphs, kept")
    min_template_share_unknown_site: float = setting(
        0.5, "the share for articles of no known outlet or host, a mixed corpus"
    )
    max_template_words_unknown_site: int = setting(
        10, "the longest template line for articles of no known outlet or host"
    )
    stamp_search_paragraphs: int = setting(
        4,
        "timestamp lines ('Updated: 4 / 9 / 2007 6:04 PM') are looked for in the title and "
        "this many leading paragraphs: on ecb-dev they stand above or below the headline in "
        "164 of 445 texts, never deeper than the third line",
    )
    max_stamp_words: int = setting(
        MAX_STAMP_WORDS,
        "the longest timestamp lines on ecb-dev have 13-14 words ('on April 30, 2008 at 4:31 "
        "AM, updated April 30, 2008 at 8:33 AM'); headlines that state a date are refused by "
        "what is left once the date is read, not by length",
    )

    def validate(self) -> None:
        """Refuse settings no cleaning could run with (``UsageError``)."""
        if self.min_template_articles < 1:
            raise UsageError("clean.min_template_articles takes a number of 1 or more")
        counts = (
            self.max_template_words,
            self.max_template_words_unknown_site,
            self.stamp_search_paragraphs,
            self.max_stamp_words,
        )
        shares = (self.min_template_share, self.min_template_share_unknown_site)
        # written so that NaN fails too
        if min(counts) < 0 or not all(0.0 <= share <= 1.0 for share in shares):
            raise UsageError("clean.* settings take a number of 0 or more (the shares: 0 to 1)")

    @property
    def longest_template_line(self) -> int:
        """Lines of more words than this are never counted as template candidates."""
        return max(self.max_template_words, self.max_template_words_unknown_site)


# --- tuned constants -----------------------------------------------------------------
# Pattern rules only fire on lines up to this many words: prompts and credits are short,
# and a long line that mentions "newsletter" is usually reporting about one.
MAX_PROMPT_WORDS = 20
# At most this many headline-like lines after a "Related" heading belong to the block.
MAX_RELATED_BLOCK_LINES = 8
# A dateline is looked for at the start of this many leading paragraphs.
DATELINE_SEARCH_PARAGRAPHS = 3
# Title suffixes (" | Section name") up to this many words are dropped.
MAX_TITLE_SUFFIX_WORDS = 6

_I = re.IGNORECASE
_SOCIAL = r"(?:share|tweet|e-?mail|print|pin|copy link|whatsapp|facebook|twitter|x|linkedin|reddit|telegram|messenger|flipboard)"
_PROMPTS: dict[str, re.Pattern[str]] = {
    "share": re.compile(
        rf"^{_SOCIAL}(?:\s+(?:it|this|this (?:article|story|post|page)|on \w+|via \w+|the story))?"
        rf"(?:\s*[:|/•,]?\s*{_SOCIAL})*\s*[:!.]?$",
        _I,
    ),
    "comment": re.compile(
        r"^(?:leave a (?:comment|reply)|post a comment|add (?:a|your) comment|comments?(?:\s*\(\d+\))?"
        r"|\d+ comments?|join the (?:conversation|discussion)|(?:view|show|read|load) (?:all )?comments"
        r"|comment on this (?:story|article)|what do you think\??)\s*[:.!]?$",
        _I,
    ),
    "subscribe": re.compile(
        r"^(?:subscribe|sign up|sign-up|register now|get (?:our|the latest|breaking|the best)"
        r"|join (?:our|\d[\d,]*)|don'?t miss|never miss|enter your e-?mail|want more"
        r"|support (?:our|independent) journalism|become a (?:member|subscriber))\b",
        _I,
    ),
    "newsletter": re.compile(
        r"\b(?:our|free|daily|weekly|morning|evening) newsletters?\b|\bnewsletters?\b.*\b(?:sign|subscribe)"
        r"|\bto your (?:e-?mail|inbox)\b|\bin your inbox\b",
        _I,
    ),
    "related": re.compile(
        r"^(?:related(?: articles?| stories| content| coverage| news| posts| reading| topics)?"
        r"|read (?:more|also|next)|also read|see also|recommended(?: for you| stories| reading)?"
        r"|more (?:from|on|stories|news|coverage)(?: [\w' ]{1,40})?|you may (?:also )?like"
        r"|you might (?:also )?like|trending(?: now| stories)?|most (?:read|popular|viewed|shared)"
        r"|popular (?:stories|now|articles)|what to read next|further reading|top stories"
        r"|latest (?:news|stories))\s*[:.]?$",
        _I,
    ),
    "read_more_link": re.compile(
        r"^(?:read more|also read|read also|related|see also|more|watch|listen|recommended)\s*[:|–—>»]\s*\S.{0,200}$",
        _I,
    ),
    "advertisement": re.compile(
        r"^(?:advertisement|advertising|sponsored(?: content)?|ad|promoted|paid content"
        r"|story continues (?:below|after)(?: (?:this )?advertisement)?|scroll (?:down )?to continue.*"
        r"|continue reading(?: (?:below|the main story))?|skip advert(?:isement)?)\s*[:.]?$",
        _I,
    ),
    "navigation": re.compile(
        r"^(?:home|menu|search|skip to (?:main )?content|back to top|log ?in|sign in|log out|close"
        r"|next|previous|toggle navigation|open menu|main menu|breadcrumb)\s*[:.]?$",
        _I,
    ),
    "follow": re.compile(
        r"^follow (?:us|@\w+|\w+(?: \w+)? on (?:twitter|x|facebook|instagram|threads|bluesky|telegram))\b",
        _I,
    ),
    "click_here": re.compile(r"^click here\b", _I),
    "copyright": re.compile(r"^(?:©|\(c\)|copyright\b)|\ball rights reserved\b", _I),
    "timestamp": re.compile(
        r"^(?:updated|published|last updated|posted|first published)(?: on| at)?\s*:?\s+[\w ,:./+-]{4,60}$",
        _I,
    ),
}

_OUTLET = r"(?P<outlet>[^.!?;:]{2,60}?)"
# Credit lines, each with what it says about the text: "republication" (the whole
# article is another outlet's, reposted) or "wire" (agency copy, maybe with local edits).
_CREDITS: list[tuple[str, re.Pattern[str]]] = [
    (
        "republication",
        re.compile(
            rf"^(?:click here to )?read (?:more|the (?:full|original|rest of the) (?:story|article))"
            rf"(?: stories)? (?:from|at|on) {_OUTLET}\s*[.!]?$",
            _I,
        ),
    ),
    (
        "republication",
        re.compile(
            rf"^(?:this (?:article|story|report|piece|post) (?:was )?(?:originally |first )?"
            rf"(?:appeared|published|posted)|originally (?:published|appeared|posted)"
            rf"|first (?:published|appeared)) (?:on|in|at|by) {_OUTLET}(?:[.,;].*)?$",
            _I,
        ),
    ),
    ("wire", re.compile(rf"^(?:sources?|courtesy|credit|via)\s*[:–—-]\s*{_OUTLET}\s*\.?$", _I)),
    (
        "wire",
        re.compile(
            rf"^\(?(?:with )?(?:inputs?|additional reporting|reporting|contributions?) "
            rf"(?:from|by) {_OUTLET}\)?\.?$",
            _I,
        ),
    ),
    (
        "republication",
        re.compile(rf"^republished (?:with permission )?(?:from|by) {_OUTLET}\.?$", _I),
    ),
    ("wire", re.compile(r"^\((?P<outlet>[A-Z][A-Za-z&. ]{1,30})\)$")),
    ("wire", re.compile(r"^[—–]\s*(?P<outlet>[A-Z][A-Za-z&. ]{1,30})$")),
]
_WIRE_TRAILER = re.compile(
    r"^(?:reporting|reported|writing|additional reporting) by (?P<people>[^;]{3,200}?)"
    r"(?:;\s*(?:editing|writing|additional reporting|compiled) by .*)?\.?$",
    _I,
)
_PLACE_AFTER_NAME = re.compile(r"\s+in\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
_SITE_LINE = re.compile(r"^discover more from (?P<site>.{2,80}?)\s*[.:]?$", _I)
_NAME = r"[A-Z][\w.'’-]+(?:\s+(?:[A-Z][\w.'’-]+|de|van|von|bin|al|el|da|di|la|le))*"
_BYLINE = re.compile(
    rf"^(?i:by|written by|words by|story by|reporting by|reported by)\s+"
    rf"(?P<author>{_NAME}(?:\s*(?:,|\band\b|&)\s*{_NAME})*)"
    rf"(?:\s*[,|/–—-]\s*(?P<outlet>[A-Z][\w .&]{{1,40}}))?"
    rf"(?:\s*;\s*(?i:editing|writing|additional reporting) by .*)?\.?$"
)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^(?P<place>(?:[A-Z][A-Za-z'’.-]+|[A-Z]{2,})(?:[ -](?:[A-Z][A-Za-z'’.-]+|[A-Z]{2,}|de|al|el|of|la)){0,3})"
    rf"(?:,\s*(?P<extra>(?i:{_MONTH})\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+(?i:{_MONTH})(?:\s+\d{{4}})?"
    rf"|[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?"
    r"\s*(?::|—|–|--|\s-)\s+(?=[\w\"“‘'])"
)
# Words that open a first paragraph with a colon but are labels, not places.
_NOT_PLACES = {
    "breaking",
    "update",
    "updated",
    "exclusive",
    "analysis",
    "opinion",
    "watch",
    "live",
    "editorial",
    "comment",
    "explainer",
    "factbox",
    "note",
    "warning",
    "photos",
    "video",
    "editor's note",
    "correction",
    "fact check",
    "interview",
    "review",
    "q&a",
    "summary",
}
_TITLE_SUFFIX = re.compile(r"^(?P<title>.+?)\s+(?P<sep>[|]|::)\s+(?P<suffix>[^|]+)$")
_TITLE_SITE_SUFFIX = re.compile(r"^(?P<title>.+?)\s+[-–—]\s+(?P<suffix>[^-–—]+)$")


def line_key(line: str) -> str:
    """Normalized form under which repeated lines are counted: case, digits, punctuation."""
    lowered = re.sub(r"\d+", "0", line.casefold())
    return " ".join(re.findall(r"\w+", lowered))


def site_of(outlet: str | None, url: str | None) -> str:
    """The site an article belongs to, for template statistics: outlet, else URL host."""
    if outlet:
        return outlet.casefold()
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # a malformed URL ("https://site.exam[ple/a") names no site
            return ""
        return host.removeprefix("www.")
    return ""


@dataclass
class LineStats:
    """How many articles of each site carry each short line: the evidence for templates."""

    lines: Counter[tuple[str, str]] = field(default_factory=Counter)
    articles: Counter[str] = field(default_factory=Counter)

    def add(self, raw: RawArticle, options: CleanOptions | None = None) -> None:
        """Count the template candidates of one article (count each article only once)."""
        site = site_of(publishing_outlet(raw), raw.url)
        self.articles[site] += 1
        for key in template_candidates(raw.body, options):
            self.lines[(site, key)] += 1

    def is_template(self, site: str, line: str, options: CleanOptions | None = None) -> bool:
        """True when ``line`` recurs across enough of this site's articles to be its template."""
        options = options or CleanOptions()
        words = len(line.split())
        known_site = bool(site)
        longest = (
            options.max_template_words if known_site else options.max_template_words_unknown_site
        )
        if words > longest:
            return False
        count = self.lines.get((site, line_key(line)), 0)
        total = self.articles.get(site, 0)
        share = (
            options.min_template_share if known_site else options.min_template_share_unknown_site
        )
        return count >= options.min_template_articles and total > 0 and count / total >= share


def publishing_outlet(raw: RawArticle) -> str | None:
    """Who published this copy: the input's outlet, a "Discover more from" site, the host."""
    if raw.outlet:
        return raw.outlet
    for line in paragraphs(raw.body):
        match = _SITE_LINE.match(line)
        if match:
            return normalize_outlet(match.group("site"))
    return site_of(None, raw.url) or None


def template_candidates(body: str, options: CleanOptions | None = None) -> set[str]:
    """Keys of the lines of ``body`` short enough to ever count as a site template."""
    longest = (options or CleanOptions()).longest_template_line
    return {line_key(line) for line in paragraphs(body) if len(line.split()) <= longest}


def _prompt_kind(line: str) -> str | None:
    if len(line.split()) > MAX_PROMPT_WORDS or '"' in line or "“" in line:
        return None
    for kind, pattern in _PROMPTS.items():
        if pattern.search(line):
            return kind
    return None


def _credit(line: str) -> tuple[str, str] | None:
    """(kind, outlet) of a credit line, or None."""
    if len(line.split()) > MAX_PROMPT_WORDS:
        return None
    for kind, pattern in _CREDITS:
        match = pattern.match(line)
        if match:
            outlet = normalize_outlet(match.group("outlet"))
            return (kind, outlet) if outlet else None
    return None


def _is_headline_like(line: str) -> bool:
    return len(line.split()) <= 15 and not re.search(r"[.!?;:,][\"'”’)]?$", line)


def _split_dateline(paragraph: str) -> tuple[str | None, str | None, str]:
    """Return (place, agency, rest) when the paragraph opens with a dateline."""
    match = _DATELINE.match(paragraph)
    if not match:
        return None, None, paragraph
    place = match.group("place")
    if place.casefold() in _NOT_PLACES or len(paragraph) - match.end() < 20:
        return None, None, paragraph
    if place.isupper():
        place = place.title()
    extra = match.group("extra")
    if extra and not re.match(rf"(?:{_MONTH}|\d)", extra, _I):
        place = f"{place}, {extra.title() if extra.isupper() else extra}"
    return place, match.group("agency"), paragraph[match.end() :]


def _clean_title(title: str | None, outlet: str | None) -> tuple[str | None, list[str]]:
    if not title:
        return title, []
    match = _TITLE_SUFFIX.match(title)
    if match and len(match.group("suffix").split()) <= MAX_TITLE_SUFFIX_WORDS:
        return match.group("title").strip(), [f"{match.group('sep')} {match.group('suffix')}"]
    match = _TITLE_SITE_SUFFIX.match(title)
    if match and outlet and match.group("suffix").strip().casefold() == outlet.casefold():
        return match.group("title").strip(), [f"- {match.group('suffix')}"]
    return title, []


def _lift_stamps(
    title: str | None,
    kept: list[str],
    published: str | None,
    language: str | None,
    removed: list[str],
    options: CleanOptions,
) -> tuple[str | None, str | None]:
    """Take timestamp lines out of the title and the leading paragraphs (``kept`` and
    ``removed`` are changed in place); the first one's date, the title's before the
    text's, is the publication date when the input gave none. A title that is only a
    timestamp gives way to the first paragraph when that reads as a headline. Returns
    (title, published)."""
    days: list[str] = []
    index = 0
    while index < min(options.stamp_search_paragraphs, len(kept) - 1):
        day = stamp_date(kept[index], language, options.max_stamp_words)
        if day is None:
            index += 1
            continue
        days.append(day)
        removed.append(kept.pop(index))
    if title and (day := stamp_date(title, language, options.max_stamp_words)):
        days.insert(0, day)
        removed.append(title)
        title = kept.pop(0) if len(kept) > 1 and is_title_line(kept[0]) else None
    return title, published or (days[0] if days else None)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None for text too short to tell."""
    if len(text) < 40:
        return None
    language, _ = py3langid.classify(text[:5000])
    return language


def clean_article(
    raw: RawArticle, stats: LineStats | None = None, options: CleanOptions | None = None
) -> Article:
    """Clean one article: drop boilerplate, lift credits, byline and dateline into fields.

    ``stats`` carries line counts over the corpus (see ``LineStats``); without it only
    the wording patterns apply.
    """
    options = options or CleanOptions()
    removed: list[str] = []
    kept: list[str] = []
    credited: str | None = None
    credit_kind: str | None = None
    author = raw.author
    published = raw.published
    outlet = publishing_outlet(raw)
    site = site_of(outlet, raw.url)
    in_related_block = 0

    for line in paragraphs(raw.body):
        if (
            in_related_block
            and _is_headline_like(line)
            and in_related_block <= MAX_RELATED_BLOCK_LINES
        ):
            removed.append(line)
            in_related_block += 1
            continue
        in_related_block = 0
        if _SITE_LINE.match(line):
            removed.append(line)
            continue
        credit = _credit(line)
        if credit:
            if credited is None:
                credit_kind, credited = credit
            removed.append(line)
            continue
        trailer = _WIRE_TRAILER.match(line) if len(line.split()) <= 40 else None
        if trailer:
            author = author or normalize_space(_PLACE_AFTER_NAME.sub("", trailer.group("people")))
            removed.append(line)
            continue
        byline = _BYLINE.match(line) if len(line.split()) <= 16 else None
        if byline:
            author = author or normalize_space(byline.group("author"))
            if byline.group("outlet") and credited is None:
                credit_kind, credited = "wire", normalize_outlet(byline.group("outlet"))
            removed.append(line)
            continue
        kind = _prompt_kind(line)
        if kind:
            if kind == "related":
                in_related_block = 1
            if kind == "timestamp" and not published:
                published = stamp_date(line, raw.language, options.max_stamp_words)
            removed.append(line)
            continue
        if stats is not None and stats.is_template(site, line, options):
            removed.append(line)
            continue
        kept.append(line)

    title, published = _lift_stamps(raw.title, kept, published, raw.language, removed, options)
    dateline = None
    # The dateline opens the first paragraph of the report proper, which may follow a
    # standfirst (deck) paragraph or two.
    for index in range(min(DATELINE_SEARCH_PARAGRAPHS, len(kept))):
        dateline, agency, rest = _split_dateline(kept[index])
        if dateline:
            kept[index] = rest
            if agency and credited is None:
                credit_kind, credited = "wire", normalize_outlet(agency)
            break

    title, title_removed = _clean_title(title, outlet)
    text = "\n\n".join(kept)
    return Article(
        id=raw.id,
        source_path=raw.source_path,
        url=raw.url,
        title=title,
        text=text,
        outlet=outlet,
        credited_outlet=credited,
        credit_kind=credit_kind if credited else None,
        author=author,
        dateline=dateline,
        published=published,
        language=raw.language or detect_language(text),
        boilerplate_removed=title_removed + removed,
        format=raw.format,
        external_id=raw.external_id,
        metadata=dict(raw.metadata),
        raw_text=raw.body,
    )


def clean_articles(
    raws: Iterable[RawArticle],
    stats: LineStats | None = None,
    options: CleanOptions | None = None,
) -> list[Article]:
    """Clean a batch, learning site templates from the batch itself plus ``stats``.

    ``stats`` holds counts from articles seen before (the store's); the batch is added
    to a copy, so the caller's object is left as it was.
    """
    raws = list(raws)
    combined = LineStats(Counter(stats.lines), Counter(stats.articles)) if stats else LineStats()
    for raw in raws:
        combined.add(raw, options)
    return [clean_article(raw, combined, options) for raw in raws]
