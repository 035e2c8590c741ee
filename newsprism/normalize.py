"""Small normalizers shared by readers and cleaning: dates, names, whitespace."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
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
