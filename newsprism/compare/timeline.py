"""A story's timeline: what its articles date, in order.

Articles with a publication date resolve their time expressions to calendar dates
(``annotate.times``); the timeline lists each date with the shortest sentence that
names it, citing every article that puts something on it.

Many inputs carry no date (a folder of text, pasted articles). Their expressions are
then relative — "on Friday", "late Sunday", "nearly seven months ago", "next week" — and
the timeline orders them relative to each other. An undated article's own day is
unknown; it is placed on the day that puts the weekdays it names nearest before it (or,
said of what is to come, after it), and consistent with the days the story's other
articles gave those weekdays: the reports of one story are days apart, so "Sunday" in
two of them is one day. Articles are placed one after the other, those naming the most
weekdays first. Other relative expressions ("this morning", "three days ago") are placed
from their article's day: one entry for the articles that place one on the same day.
Calendar dates without a year ("October 7") cannot be placed without the article's date
and are left out. An entry's ``when`` is then the expression, not a date.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from ..annotate.times import names_month, resolve_time, weekday_named
from ..annotation import Annotation
from ..report import TimelineEntry

__all__ = ["MAX_TIMELINE", "timeline"]

MAX_TIMELINE = 15
# Seven consecutive days, Monday first: the days an undated article could have been
# written on, as far as its weekdays tell. Any week would do; only offsets are kept.
_SOME_MONDAY = date(2001, 1, 1)
# The days an article is tried on: two weeks, so that its weekdays can fall in the
# week before or after those of the story's other articles.
_ANCHORS = range(-7, 14)
# Words before a weekday that say whether it is past or to come.
LEAD_UP_WORDS = 6
# Relative expressions further than this from the article's day are background
# ("two decades ago"), not the story's course.
MAX_RELATIVE_DAYS = 400


def timeline(article_ids: list[str], annotations: dict[str, Annotation]) -> list[TimelineEntry]:
    """The story's dated events, in order of time: each resolved date with the sentence
    that names it, citing every article that puts something on that date. When no
    expression resolves to a date (undated articles), the relative expressions instead,
    in their order relative to each other."""
    dated = _dated(article_ids, annotations)
    return dated if dated else _relative(article_ids, annotations)


def _dated(article_ids: list[str], annotations: dict[str, Annotation]) -> list[TimelineEntry]:
    by_date: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for article_id in article_ids:
        annotation = annotations.get(article_id)
        if annotation is None:
            continue
        for time in annotation.times:
            if time.date is None or len(time.date) < 10:
                continue
            sentence = annotation.sentences[time.sentence].text
            by_date[time.date].append((article_id, sentence))
    entries = []
    for when, mentions in by_date.items():
        supporters = list(dict.fromkeys(a for a, _ in mentions))
        text = min((s for _, s in mentions), key=len)
        entries.append(TimelineEntry(when=when, text=text, article_ids=supporters))
    entries.sort(key=lambda e: (-len(e.article_ids), e.when))
    return sorted(entries[:MAX_TIMELINE], key=lambda e: e.when)


def _offsets(annotation: Annotation, day: date) -> list[tuple[int, str, str]]:
    """(days from ``day``, expression, sentence) of every expression of an article
    written on ``day`` that resolves to a day, calendar dates without a year left out."""
    found = []
    for time in annotation.times:
        if names_month(time.text):
            continue
        sentence = annotation.sentences[time.sentence].text
        resolved, _ = resolve_time(time.text, day, _lead_up(sentence, time.text))
        if resolved is None or len(resolved) < 10:
            continue
        offset = (date.fromisoformat(resolved) - day).days
        if abs(offset) <= MAX_RELATIVE_DAYS:
            found.append((offset, time.text, sentence))
    # one weekday is one day in an article too: the mention nearest its day decides
    # ("is expected back on Tuesday" and, later, a "Tuesday" read as past)
    nearest: dict[str, int] = {}
    for offset, text, _ in sorted(found, key=lambda item: abs(item[0])):
        if (weekday := weekday_named(text)) is not None:
            nearest.setdefault(weekday, offset)
    return [
        (nearest.get(weekday_named(text) or "", offset), text, sentence)
        for offset, text, sentence in found
    ]


def _lead_up(sentence: str, expression: str) -> str:
    """The words just before an expression, with it: what tells whether a weekday is
    past or to come ("is expected to begin on Sunday"), without a "will" elsewhere in
    the sentence ("left on Thursday, but will continue") deciding it."""
    at = sentence.casefold().find(expression.casefold())
    if at < 0:
        return sentence
    before = sentence[:at].split()[-LEAD_UP_WORDS:]
    return " ".join([*before, expression])


def _relative(article_ids: list[str], annotations: dict[str, Annotation]) -> list[TimelineEntry]:
    present = [i for i in dict.fromkeys(article_ids) if i in annotations]
    # Each article's expressions, (offset, weekday named or None, text, sentence), for
    # each day it could have been written on. Offsets depend only on the day of the week
    # written on: seven resolutions per article, shifted by whole weeks over the anchors
    # (day numbers counted from _SOME_MONDAY).
    Placed = list[tuple[int, str | None, str, str]]
    options: dict[str, list[tuple[int, Placed]]] = {}
    for article_id in present:
        week = [
            [
                (offset, weekday_named(text), text, sentence)
                for offset, text, sentence in _offsets(
                    annotations[article_id], _SOME_MONDAY + timedelta(days=k)
                )
            ]
            for k in range(7)
        ]
        options[article_id] = [(k, week[k % 7]) for k in _ANCHORS]

    def weekdays_named(article_id: str) -> int:
        return len({weekday for _, weekday, _, _ in options[article_id][0][1]} - {None})

    day_of_weekday: dict[str, int] = {}
    placed: dict[tuple[str, int | None], list[tuple[int, str, str, str]]] = defaultdict(list)
    for article_id in sorted(present, key=lambda i: -weekdays_named(i)):

        def cost(option: tuple[int, Placed]) -> tuple[int, int]:
            anchor, found = option
            spread = clashes = 0
            for offset, weekday, _, _ in found:
                if weekday is None:
                    continue
                spread += abs(offset)
                known = day_of_weekday.get(weekday)
                clashes += known is not None and known != anchor + offset
            # a clash with the story outweighs any spread within one week
            return (7 * clashes + spread, abs(anchor - 3))

        anchor, found = min(options[article_id], key=cost)
        for offset, weekday, text, sentence in found:
            day = anchor + offset
            if weekday is not None:
                day_of_weekday.setdefault(weekday, day)
            # one weekday is one day across the story; another expression is one entry
            # where the articles that say it place it on the same day
            key = (weekday, None) if weekday else (text.casefold(), day)
            placed[key].append((day, article_id, text, sentence))
    entries = []
    for key, found in placed.items():
        entry = TimelineEntry(
            when=key[0] if key[1] is None else found[0][2],
            text=min((sentence for _, _, _, sentence in found), key=len),
            article_ids=list(dict.fromkeys(a for _, a, _, _ in found)),
        )
        entries.append((min(day for day, _, _, _ in found), entry))
    entries.sort(key=lambda item: (-len(item[1].article_ids), item[0]))
    return [entry for _, entry in sorted(entries[:MAX_TIMELINE], key=lambda item: item[0])]
