"""Figures compared across a story's articles: conflict, compatible or evolving.

Figures are grouped by what they count (the event verb, else the counted noun, else the
unit) and, within that, by magnitude — "at least 34,622 killed" in the war and "three
troops killed" in one attack count different things. A group reported by at least two
articles gets a verdict from the intervals the figures allow: "around 1.5 million"
and "more than a million" overlap (compatible); "212" and "240" do not (conflict),
unless the articles are from different days and the count grows with time (evolving:
a running toll).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from ..annotate.lexicon import CURRENCY_SIGNS, SCALE_ABBREVIATIONS, SCALES
from ..annotation import Annotation, Figure
from ..report import Discrepancy, FigureValue
from .options import DEFAULT_COMPARE, CompareOptions

# Two figures count the same quantity only if within this ratio of each other.
MAX_SAME_QUANTITY_RATIO = 1.6
# "around", "nearly": how far the true value may be from the stated one.
APPROXIMATION = 0.1
# Scale words at or above this are rounding: "$2 billion" says 2 to the nearest billion.
ROUNDING_SCALE = 1_000_000
_SCALE_WORD = re.compile(r"\b(" + "|".join(SCALES) + r")\b", re.IGNORECASE)
# "$4.3bn", "£2 m": an abbreviated scale counts only right after digits
_ABBREVIATED_SCALE = re.compile(
    r"(\d[\d,]*(?:\.(\d+))?)\s?(" + "|".join([*SCALE_ABBREVIATIONS, "m"]) + r")\b",
    re.IGNORECASE,
)


@dataclass
class _Reported:
    article_id: str
    figure: Figure
    day: str | None


def is_round(value: float) -> bool:
    """A round number ("a million", "1.5 million", "300") states an order of magnitude;
    one with three or more significant digits ("212", "34,622") is a count."""
    digits = f"{value:.0f}".rstrip("0") if value >= 1 else "1"
    return len(digits) <= 2


def rounding(figure: Figure) -> float:
    """How far the true value may be from a figure written with a scale word of a
    million or more, by its last digit: "$2 billion" is anything from 1.5 to 2.5
    billion rounded (so $1,962,400,000 is compatible), "1.96 billion" 1.955 to 1.965.
    Other figures: 0 (a count is what it says)."""
    if abbreviated := _ABBREVIATED_SCALE.search(figure.text):
        scale = SCALE_ABBREVIATIONS.get(abbreviated.group(3).lower(), 1_000_000)
        return 0.5 * scale / 10 ** len(abbreviated.group(2) or "")
    # the largest scale word counts: "a hundred million" is rounded to the million
    words = [word.lower() for word in _SCALE_WORD.findall(figure.text)]
    scale = max((SCALES[word] for word in words), default=0)
    if scale < ROUNDING_SCALE:
        return 0.0
    word = next(w for w in words if SCALES[w] == scale)
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?\s*" + word, figure.text, re.IGNORECASE)
    decimals = len(digits.group(1) or "") if digits else 0
    return 0.5 * scale / 10**decimals


def interval(figure: Figure, options: CompareOptions = DEFAULT_COMPARE) -> tuple[float, float]:
    """The values a figure allows, as a closed interval.

    An open bound on a round number is loose ("more than a million": up to twice as
    many); on a count it is tight ("at least 212": a count so far, a little more at most).
    An exact figure with a scale word allows what rounds to it (``rounding``).
    """
    value = figure.value
    loose = options.figure_open_bound_factor if is_round(value) else 1 + options.figure_count_slack
    match figure.bound:
        case "at_least" | "more_than":
            return value, value * loose
        case "at_most" | "less_than":
            return value / loose, value
        case "around":
            return value * (1 - APPROXIMATION), value * (1 + APPROXIMATION)
        case "nearly":
            return value * (1 - APPROXIMATION), value
        case "range":
            return value, figure.upper or value
        case _:
            return value - rounding(figure), value + rounding(figure)


def compatible(first: Figure, second: Figure, options: CompareOptions = DEFAULT_COMPARE) -> bool:
    """Whether two figures of one quantity can both be right: their intervals overlap;
    two tallies ("52-48", "141 votes to 97") only when both their numbers agree."""
    if first.unit == "tally" or second.unit == "tally":
        return (first.value, first.upper) == (second.value, second.upper)
    (low_a, high_a), (low_b, high_b) = interval(first, options), interval(second, options)
    return max(low_a, low_b) <= min(high_a, high_b)


def verdict(
    figures: list[tuple[Figure, str | None]], options: CompareOptions = DEFAULT_COMPARE
) -> str | None:
    """'compatible', 'evolving' or 'conflict' for one quantity as several articles give it,
    or None when they all state the same value."""
    values = {(f.value, f.bound, f.upper) for f, _ in figures}
    if len(values) == 1:
        return None
    if any(f.unit == "tally" for f, _ in figures):
        # a vote or a score is one figure: another tally is another result
        return "conflict"
    low = max(interval(f, options)[0] for f, _ in figures)
    high = min(interval(f, options)[1] for f, _ in figures)
    if low <= high:
        return "compatible"
    dated = sorted((day, f.value) for f, day in figures if day)
    if len({day for day, _ in dated}) > 1 and len(dated) == len(figures):
        by_day: dict[str, list[float]] = {}
        for day, value in dated:
            by_day.setdefault(day, []).append(value)
        days = sorted(by_day)
        if all(max(by_day[a]) <= min(by_day[b]) for a, b in itertools.pairwise(days)):
            return "evolving"
    return "conflict"


# How a reason names what a bound or an approximation allows.
_BOUND_WORDS = {
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "around": "around",
    "nearly": "nearly",
}


def _relation(precise: Figure, other: Figure) -> str:
    """Why ``precise`` is compatible with ``other``, in words."""
    if other.bound == "exact" and rounding(other):
        return f"{other.text} is {precise.text} rounded"
    if other.bound == "range":
        return f"{precise.text} is within {other.text}"
    if other.bound in _BOUND_WORDS and precise.bound != other.bound:
        # the figure's words carry its bound: "more than a million", "around 9,000"
        words = other.text[:1].lower() + other.text[1:]
        if not words.startswith(_BOUND_WORDS[other.bound]) and words[:1].isdigit():
            words = f"{_BOUND_WORDS[other.bound]} {words}"
        return f"{precise.text} is {words}"
    return f"{precise.text} fits {other.text}"


def reason(
    figures: list[tuple[Figure, str | None]],
    status: str,
    options: CompareOptions = DEFAULT_COMPARE,
) -> str:
    """Why ``verdict`` gave ``status`` to these figures of one quantity, in words."""
    if status == "evolving":
        dated = sorted((day or "", f.value, f.text) for f, day in figures)
        first, last = dated[0], dated[-1]
        return f"rises from {first[2]} ({first[0]}) to {last[2]} ({last[0]})"
    if status == "conflict":
        low = min(figures, key=lambda item: interval(item[0], options)[1])[0]
        high = max(figures, key=lambda item: interval(item[0], options)[0])[0]
        return f"{low.text} and {high.text} cannot both be the figure"

    # compatible: each other value against the most precise one
    def width(figure: Figure) -> float:
        low, high = interval(figure, options)
        return high - low

    precise = min((f for f, _ in figures), key=lambda f: (width(f), f.value))
    relations = []
    for figure in dict.fromkeys(f.text for f, _ in figures):
        other = next(f for f, _ in figures if f.text == figure)
        if other.text != precise.text:
            relations.append(_relation(precise, other))
    return "; ".join(dict.fromkeys(relations))


def _subjects(figure: Figure) -> list[str]:
    """Keys under which a figure is compared: what happened to what is counted, and
    what is counted — "fled" and "sought refuge" are different verbs for one count."""
    if figure.unit == "tally":
        return ["tally"]  # a story's votes and scores: told apart by their size below
    if figure.unit not in ("count", "percent", *CURRENCY_SIGNS.values()):
        return []  # durations and measures: "a 40-day truce" is a term, not a toll
    keys = []
    if figure.event:
        keys.append(f"event:{figure.event}:{figure.unit}")
    if figure.noun:
        keys.append(f"noun:{figure.noun}:{figure.unit}")
    return keys


def _display(figure: Figure) -> str:
    symbol = {
        "at_least": "≥ ",
        "more_than": "> ",
        "around": "≈ ",
        "nearly": "≲ ",
        "at_most": "≤ ",
        "less_than": "< ",
        "exact": "",
        "range": "",
    }[figure.bound]
    number = f"{figure.value:,.0f}" if figure.value == int(figure.value) else f"{figure.value:,}"
    if figure.unit == "tally" and figure.upper is not None:
        return f"{number}–{figure.upper:,.0f}"
    if figure.bound == "range" and figure.upper is not None:
        number += f"–{figure.upper:,.0f}"
    return symbol + number + ("%" if figure.unit == "percent" else "")


def discrepancies(
    article_ids: list[str],
    annotations: dict[str, Annotation],
    days: dict[str, str | None],
    options: CompareOptions = DEFAULT_COMPARE,
) -> list[Discrepancy]:
    """Quantities reported differently by the story's articles."""
    groups: dict[str, list[_Reported]] = {}
    for article_id in article_ids:
        annotation = annotations.get(article_id)
        if annotation is None:
            continue
        for figure in annotation.figures:
            if figure.value <= 0:
                continue
            for subject in _subjects(figure):
                reported = _Reported(article_id, figure, days.get(article_id))
                groups.setdefault(subject, []).append(reported)
    result: list[Discrepancy] = []
    seen: list[set[tuple[str, str]]] = []
    for reported_group in groups.values():
        for quantity in _by_magnitude(reported_group):
            if len({r.article_id for r in quantity}) < 2:
                continue
            members = {(r.article_id, r.figure.text) for r in quantity}
            if any(members <= other for other in seen):
                continue
            seen.append(members)
            reported = [(r.figure, r.day) for r in quantity]
            status = verdict(reported, options)
            if status is None:
                continue
            counts = Counter(r.figure.counts for r in quantity if r.figure.counts)
            subject = (
                counts.most_common(1)[0][0] if counts else quantity[0].figure.event or "figure"
            )
            result.append(
                Discrepancy(
                    subject=subject,
                    status=status,  # type: ignore[arg-type]
                    values=[
                        FigureValue(
                            article_id=r.article_id, value=_display(r.figure), text=r.figure.text
                        )
                        for r in quantity
                    ],
                    reason=reason(reported, status, options),
                )
            )
    order = {"conflict": 0, "evolving": 1, "compatible": 2}
    result.sort(key=lambda d: (order[d.status], -len(d.values)))
    return result


def _by_magnitude(reported: list[_Reported]) -> list[list[_Reported]]:
    """Split one subject's figures into quantities of similar size (single linkage on
    the log of the value)."""
    ordered = sorted(reported, key=lambda r: r.figure.value)
    groups: list[list[_Reported]] = []
    for item in ordered:
        if groups and math.log(item.figure.value) - math.log(
            groups[-1][-1].figure.value
        ) <= math.log(MAX_SAME_QUANTITY_RATIO):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups
