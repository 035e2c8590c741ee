"""Time expressions: explicit dates, and relative ones resolved against publication.

"on Friday" is the last Friday on or before the publication day (news reports what
happened) unless the sentence speaks of the future ("will resume on Tuesday");
"next week", "three days ago", "nearly seven months ago" and explicit dates with or
without a year are resolved the same way. Without a publication date an expression is
kept as relative text with no date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .figures import parse_number

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_FUTURE = re.compile(
    r"\b(?:will|would|shall|next|upcoming|expected to|due to|scheduled|plans? to|set to|is to|are to)\b",
    re.I,
)
_AGO = re.compile(
    r"^(?:(?:nearly|almost|about|around|some|more than|over|just)\s+)?(?P<n>.+?)\s+(?P<unit>day|week|month|year)s?\s+ago$",
    re.I,
)
_DAY_MONTH = re.compile(
    r"^(?:on\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]+)\.?(?:,?\s+(?P<year>\d{4}))?$",
    re.I,
)
_MONTH_DAY = re.compile(
    r"^(?:on\s+)?(?P<month>[a-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$",
    re.I,
)
_MONTH_YEAR = re.compile(r"^(?:in\s+)?(?P<month>[a-z]+)\s+(?P<year>\d{4})$", re.I)
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")


def weekday_named(expression: str) -> str | None:
    """The weekday a time expression names, capitalized ("late Sunday" -> "Sunday")."""
    words = [word.strip(".,") for word in expression.casefold().split()]
    return next((name.capitalize() for name in _WEEKDAYS if name in words), None)


def names_month(expression: str) -> bool:
    """Whether a time expression names a month ("October 7", "Dec. 3"): a calendar date,
    which needs the year of its article to be placed."""
    return any(word.strip(".,") in _MONTHS for word in expression.casefold().split())


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, published: date, future: bool) -> date | None:
    """A day-and-month without a year: the occurrence nearest the publication day,
    on the side the sentence's tense points to."""
    this_year = _safe_date(published.year, month, day)
    if this_year is None:
        return None
    if future and this_year < published - timedelta(days=31):
        return _safe_date(published.year + 1, month, day)
    if not future and this_year > published + timedelta(days=31):
        return _safe_date(published.year - 1, month, day)
    return this_year


def resolve_time(
    expression: str, published: date | None, sentence: str = ""
) -> tuple[str | None, bool]:
    """(ISO date or None, relative?) for one time expression found in ``sentence``."""
    text = " ".join(expression.casefold().replace(",", " , ").split()).replace(" ,", ",")
    text = re.sub(
        r"^(?:late|early|on|last|this)\s+(?=(?:" + "|".join(_WEEKDAYS) + r"))",
        lambda m: m.group(0) if m.group(0).strip() in ("last", "this") else "",
        text,
    )
    future = bool(_FUTURE.search(sentence))
    # "Friday, March 14": the explicit date decides, the weekday only confirms it
    dated = re.sub(r"^(?:" + "|".join(_WEEKDAYS) + r"),?\s+(?=\w+\s+\d|\d)", "", text)
    if dated != text:
        found, _ = resolve_time(dated, published, sentence)
        if found is not None:
            return found, True

    match = _ISO.match(text)
    if match:
        found = _safe_date(int(match["year"]), int(match["month"]), int(match["day"]))
        return (found.isoformat() if found else None), False
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.match(text)
        if match and match["month"].rstrip(".") in _MONTHS:
            month, day = _MONTHS[match["month"].rstrip(".")], int(match["day"])
            if match["year"]:
                found = _safe_date(int(match["year"]), month, day)
                return (found.isoformat() if found else None), False
            if published is None:
                return None, True
            found = _nearest_year(month, day, published, future)
            return (found.isoformat() if found else None), True
    match = _MONTH_YEAR.match(text)
    if match and match["month"] in _MONTHS:
        return f"{int(match['year']):04d}-{_MONTHS[match['month']]:02d}", False

    if published is None:
        return None, True
    for index, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            if text.startswith("last "):
                future = False
            if text.startswith("next ") or future:
                delta = (index - published.weekday()) % 7 or 7
                return (published + timedelta(days=delta)).isoformat(), True
            delta = (published.weekday() - index) % 7
            return (published - timedelta(days=delta)).isoformat(), True
    simple = {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
    }
    if text in simple:
        return (published + timedelta(days=simple[text])).isoformat(), True
    if text in ("next week", "last week", "this week"):
        monday = published - timedelta(days=published.weekday())
        shift = {"next week": 7, "last week": -7, "this week": 0}[text]
        return (monday + timedelta(days=shift)).isoformat(), True
    match = _AGO.match(text)
    if match:
        amount = parse_number(match["n"])
        if amount is not None:
            days = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}[match["unit"].lower()]
            return (published - timedelta(days=round(amount * days))).isoformat(), True
    return None, True
