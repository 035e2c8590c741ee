"""Small normalizers shared by readers and cleaning: dates, names, whitespace."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A timestamp line is short and states a year; its date is read by dateparser. The
# default of ``clean.max_stamp_words`` (CleanOptions, with its calibration).
MAX_STAMP_WORDS = 14
_STAMP_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# What a page prints around the date of a timestamp ("Last updated at", "Posted on").
_STAMP_WORDS = re.compile(
    r"\b(?:last updated|last modified|updated|modified|published|posted|story created|created"
    r"|for immediate release|released?|on|at|date|time)\b\s*:?",
    re.IGNORECASE,
)
# What may come before the date: a place or agency ("INDONESIA, July 2, 2013", "TNN Nov
# 12, 2011", "Washington D.C., Jul 13"), in capitals or capitalized words before a comma,
# or the time of day with its zone ("8:05am UK, Monday 16 September 2013").
_STAMP_LEAD = re.compile(
    r"^(?:(?:[A-Z][\w.'-]*\s?){1,3},\s*){1,2}"
    r"|^(?:[A-Z]{2,}\s+){1,2}(?=\S*\d|[A-Z][a-z])"
    r"|^\d{1,2}[:.]?\d\d\s*(?i:[ap]m)?(?:\s+[A-Z]{2,4})?,?\s+"
)
# The date up to its year, without the time or an update that follows it.
_STAMP_TO_YEAR = re.compile(r"^.*?\b(?:19|20)\d\d\b")
_STAMP_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False}
_ENDS_SENTENCE = re.compile(r"[.!?…:;\"”’)\]]$")
# Hard-wrapped text breaks lines at 60-80 characters; shorter lines are lines on purpose.
MIN_WRAPPED_LINE = 50


def normalize_space(text: str) -> str:
    """Collapse runs of spaces (including no-break and thin spaces) into one space."""
    return _SPACES.sub(" ", text).strip()


def paragraphs(text: str) -> list[str]:
    """Split a body into non-empty paragraphs.

    Bodies come both as one paragraph per line and as paragraphs separated by blank
    lines, sometimes hard-wrapped. Only in text that separates paragraphs by blank lines
    is a line joined to the one before it, and only when that one looks wrapped: long,
    not ending a sentence, not in capitals. Short lines (headings, "Related" blocks,
    bylines) therefore stay lines of their own.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    wrapped = "\n\n" in text.strip() or bool(re.search(r"\n[ \t]+\n", text.strip()))
    result: list[str] = []
    joinable = False
    for raw_line in text.split("\n"):
        line = normalize_space(raw_line)
        if not line:
            joinable = False
            continue
        if joinable and result:
            result[-1] = f"{result[-1]} {line}"
        else:
            result.append(line)
        joinable = (
            wrapped
            and len(line) >= MIN_WRAPPED_LINE
            and not _ENDS_SENTENCE.search(line)
            and not line.isupper()
        )
    return result


def normalize_date(value: object) -> str | None:
    """Return an ISO 8601 date or date-time string for a date given in any common shape.

    Accepts ``date``/``datetime`` objects, ``time.struct_time`` (feedparser), ISO 8601
    strings, RFC 822 strings (feeds, e-mail) and Unix timestamps. A date-only input stays
    date-only, so no false precision is added. Returns ``None`` when nothing sensible can
    be read, never raises.
    """
    if value is None or value == "":
        return None
    try:
        if isinstance(value, datetime):
            return value.isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, time.struct_time):
            return datetime(*value[:6], tzinfo=UTC).isoformat()
        if isinstance(value, int | float) and not isinstance(value, bool):
            return datetime.fromtimestamp(float(value), tz=UTC).isoformat()
        if not isinstance(value, str):
            return None
        text = value.strip()
        if _ISO_DATE.match(text):
            return date.fromisoformat(text).isoformat()
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
            return parsed.isoformat()
        except ValueError:
            pass
        try:
            return parsedate_to_datetime(text).isoformat()
        except (TypeError, ValueError, IndexError):
            return None
    except (ValueError, OverflowError, OSError):
        return None


def _read_stamp(text: str, languages: list[str]) -> date | None:
    import dateparser  # imported on first use: it loads its language data at import

    parsed = dateparser.parse(text, languages=languages, settings=_STAMP_SETTINGS)
    return parsed.date() if parsed is not None else None


def stamp_date(
    line: str, language: str | None = None, max_words: int = MAX_STAMP_WORDS
) -> str | None:
    """The ISO date of a timestamp line ("Updated 4 / 9 / 2007 6:04 PM", "Tuesday, July
    2nd, 2013", "8:05am UK, Monday 16 September 2013"), or None when the line is not one.

    A timestamp line is short, states a year and, once the words pages print around a
    date ("Posted on", "Last updated at") and a leading place or agency are set aside,
    is nothing but a date with day, month and year: a headline or sentence that mentions
    a date is not a timestamp. ``language`` (ISO 639-1) is the article's, for month and
    weekday names; English is always tried. A line of more than ``max_words`` words is
    never a timestamp.
    """
    if len(line.split()) > max_words or not _STAMP_YEAR.search(line):
        return None
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", line)
    text = _STAMP_WORDS.sub(" ", text)
    text = re.sub(r"\s*/\s*", "/", text).replace("@", " ")
    text = re.sub(r"\s*[—–]\s*", ", ", text)
    # "7:32 p. m." and "05.51AM": the shapes dateparser does not read
    text = re.sub(r"\b([ap])\.\s?m\.", r"\1m", text, flags=re.IGNORECASE)
    text = re.sub(r"(\d)\.(\d\d)\s*([ap]m)\b", r"\1:\2 \3", text, flags=re.IGNORECASE)
    text = normalize_space(text).strip(" ,.:-—")
    languages = ["en"] if language in (None, "en") else [language, "en"]
    candidates = [text]
    for lead in (text, _STAMP_LEAD.sub("", text)):
        to_year = _STAMP_TO_YEAR.match(lead)
        candidates += [lead, to_year.group(0) if to_year else lead]
    for candidate in dict.fromkeys(c for c in candidates if _STAMP_YEAR.search(c)):
        try:
            found = _read_stamp(candidate, languages)
        except (ValueError, OverflowError):
            found = None
        if found is not None and 1900 <= found.year <= 2099:
            return found.isoformat()
    return None


def normalize_outlet(name: str | None) -> str | None:
    """Tidy an outlet name taken from text: strip a leading 'the', fix ALL CAPS, trim dots.

    "THE DAILY PLANET" -> "Daily Planet"; "reviewer4you.com" is kept as is.
    """
    if not name:
        return None
    # punctuation and every kind of space (a control character such as U+001F counts as
    # one for str.strip), in turns until neither is left at the ends
    name, trimmed = normalize_space(name), None
    while name != trimmed:
        trimmed, name = name, name.strip().strip(" .:;,-–—'\"“”‘’")
    name = re.sub(r"^(?i:the)\s+", "", name)
    if name.isupper() and len(name) > 5 and " " in name:
        name = " ".join(
            word.capitalize() if len(word) > 3 else word.title() for word in name.split()
        )
    return name or None
