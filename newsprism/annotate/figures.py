"""Figures: numbers with their bound, their unit and what they count.

``parse_number`` reads one written number ("34,622", "1.5 million", "three",
"twenty-five thousand", "a million"); ``find_figures`` finds the figures of a parsed
document and attaches each to the noun it counts and the event it belongs to
("at least 34,622 Palestinians killed").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..annotation import Figure
from .lexicon import (
    BOUND_PHRASES,
    CURRENCY_SIGNS,
    SCALE_ABBREVIATIONS,
    SCALES,
    TENS,
    UNITS,
)

if TYPE_CHECKING:  # spaCy loads with the models (newsprism.nlp), not on import
    from spacy.tokens import Doc, Span, Token

_NUMERIC = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
# A number with an abbreviated scale joined to it: "4.3bn", "2m" (the "m" only after a
# currency sign, see ``SCALE_ABBREVIATIONS``).
_ABBREVIATED = re.compile(r"^(\d[\d,]*(?:\.\d+)?)(bn|mn|tn|m)$", re.IGNORECASE)
_PERCENT_WORDS = {"percent", "per cent", "%", "pc", "percentage"}
# Numbers that are most likely years or times, not figures, when nothing is counted.
_YEAR = re.compile(r"^(1[89]\d\d|20\d\d)$")


def parse_number(text: str) -> float | None:
    """The value of a written number, or None. Handles digits with separators, decimals,
    spelled-out numbers and scale words: '1.5 million' -> 1_500_000."""
    words = text.casefold().replace("-", " ").replace("–", " ").split()
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for word in words:
        word = word.strip(",.")
        if word in ("and",):
            continue
        if (joined := _ABBREVIATED.match(word)) and _NUMERIC.match(joined.group(1)):
            scale = SCALE_ABBREVIATIONS.get(joined.group(2), 1_000_000)
            total += (current + float(joined.group(1).replace(",", ""))) * scale
            current = 0
            seen = True
        elif word in SCALE_ABBREVIATIONS or (word == "m" and seen):
            # a lone "m" reaches here only from a figure after a currency sign ("£2 m")
            total += (current or 1) * SCALE_ABBREVIATIONS.get(word, 1_000_000)
            current = 0
            seen = True
        elif _NUMERIC.match(word):
            current += float(word.replace(",", ""))
            seen = True
        elif word in UNITS:
            current += UNITS[word]
            seen = True
        elif word in TENS:
            current += TENS[word]
            seen = True
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        else:
            return None
    return total + current if seen else None


# Longest first, so that "no more than" is not read as "more than".
_BOUNDS_LONGEST_FIRST = sorted(BOUND_PHRASES, key=lambda pair: -len(pair[0]))


def _bound_before(doc: Doc, start: int) -> tuple[str, int]:
    """The bound expressed by the words right before token ``start``, and where they begin."""
    before = doc[max(0, start - 4) : start].text.casefold()
    for phrase, bound in _BOUNDS_LONGEST_FIRST:
        # whole words only: "moreover" does not end in the bound "over"
        if before.endswith(phrase) and not before[: -len(phrase)][-1:].isalnum():
            return bound, start - len(phrase.split())
    return "exact", start


def _abbreviated(token: Token) -> bool:
    """Whether a token is a number with its scale joined to it ("4.3bn"; "2m" only after
    a currency sign)."""
    match = _ABBREVIATED.match(token.text)
    if match is None:
        return False
    if match.group(2).lower() != "m":
        return True
    return token.i > 0 and token.doc[token.i - 1].text.lower() in CURRENCY_SIGNS


def _currency(doc: Doc, start: int) -> str | None:
    """The unit a currency sign right before token ``start`` gives ("$" -> dollar)."""
    return CURRENCY_SIGNS.get(doc[start - 1].text.lower()) if start > 0 else None


def _number_span(span: Span) -> tuple[Span, str, int] | None:
    """The number part of an entity span, with any bound words it contains."""
    doc = span.doc
    tokens = [
        t
        for t in span
        if t.like_num
        or _abbreviated(t)
        or t.lower_ in SCALES
        or t.lower_ in SCALE_ABBREVIATIONS
        or t.lower_ in UNITS
        or t.lower_ in TENS
    ]
    if not tokens or not any(t.like_num or _abbreviated(t) for t in tokens):
        return None
    first, last = tokens[0].i, tokens[-1].i
    # an abbreviated scale written apart: "$4.3 bn", "£2 m" (the entity often stops short)
    while last + 1 < len(doc) and (
        doc[last + 1].lower_ in SCALE_ABBREVIATIONS
        or (doc[last + 1].lower_ == "m" and _currency(doc, first) is not None)
    ):
        last += 1
    bound, bound_start = _bound_before(doc, first)
    return doc[first : last + 1], bound, min(bound_start, span.start)


def _counted(number_end: Token) -> tuple[str | None, str | None, str | None, str]:
    """(counts, noun, event, unit) for the number ending at ``number_end``."""
    doc = number_end.doc
    unit = "count"
    noun: Token | None = None
    following = doc[number_end.i + 1] if number_end.i + 1 < len(doc) else None
    if (following is not None and following.lower_ in ("percent", "%", "pc")) or (
        following is not None
        and following.lower_ == "per"
        and number_end.i + 2 < len(doc)
        and doc[number_end.i + 2].lower_ == "cent"
    ):
        unit = "percent"
        of = next((t for t in doc[following.i : following.i + 3] if t.lower_ == "of"), None)
        if of is not None:
            noun = next((c for c in of.children if c.dep_ == "pobj"), None)
    head = number_end.head
    if noun is None and unit == "count":
        if (
            number_end.dep_ in ("nummod", "quantmod", "compound") and head.pos_ in ("NOUN", "PROPN")
        ) or (head.pos_ in ("NOUN", "PROPN") and head.i > number_end.i):
            noun = head
        elif following is not None and following.lower_ == "of":
            noun = next((c for c in following.children if c.dep_ == "pobj"), None)
        elif number_end.dep_ in ("nsubj", "nsubjpass", "dobj", "conj", "pobj", "attr"):
            noun = None
    # "a 40-day ceasefire": the number names a unit of a noun
    if (
        following is not None
        and following.text == "-"
        and number_end.i + 2 < len(doc)
        and doc[number_end.i + 2].is_alpha
    ):
        unit_token = doc[number_end.i + 2]
        unit = unit_token.lemma_.lower()
        noun = (
            unit_token.head
            if unit_token.head.pos_ == "NOUN" and unit_token.head != unit_token
            else noun
        )
    elif noun is not None and noun.lemma_.lower() in {
        "day",
        "week",
        "month",
        "year",
        "hour",
        "minute",
        "kilometre",
        "kilometer",
        "mile",
        "metre",
        "meter",
        "ton",
        "tonne",
        "dollar",
        "euro",
        "pound",
    }:
        unit = noun.lemma_.lower()
    if noun is None:
        # "78,018 injured", "11 wounded": the participle after the number is the event
        if following is not None and following.tag_ in ("VBN", "JJ", "VBD"):
            return following.text, None, following.lemma_.lower(), unit
        head = number_end.head
        if head.pos_ in ("VERB", "ADJ") and head.i != number_end.i:
            return None, None, head.lemma_.lower(), unit
        return None, None, None, unit
    if unit not in ("count", "percent"):
        words = [noun]
    elif unit == "percent":
        start = min(t.i for t in noun.subtree)
        words = [t for t in doc[start : noun.i + 1] if t.dep_ != "det"]
    else:
        words = [c for c in noun.lefts if c.dep_ in ("amod", "compound") and c.i > number_end.i]
        words.append(noun)
    noun_text = "".join(t.text_with_ws for t in words).strip()
    event_token = _event_of(noun) or _event_of(number_end)
    if event_token is None:
        return noun_text, noun.lemma_.lower(), None, unit
    shown = event_token.text if event_token.tag_ in ("VBN", "VBD", "JJ") else event_token.lemma_
    return f"{noun_text} {shown}", noun.lemma_.lower(), event_token.lemma_.lower(), unit


def _event_of(token: Token) -> Token | None:
    """The verb (or participle) a counted noun is the subject or object of."""
    head = token.head
    if token.dep_ in ("nsubj", "nsubjpass", "dobj", "obj") and head.pos_ in ("VERB", "AUX", "ADJ"):
        return head if head.pos_ != "AUX" else None
    # "killing at least 1,139 people", "78,018 injured"
    if token.dep_ in ("acl", "amod") and token.pos_ in ("VERB", "ADJ"):
        return token
    for child in token.children:
        if child.dep_ in ("acl", "relcl") and child.pos_ == "VERB":
            return child
    if token.dep_ == "conj":
        return _event_of(token.head)
    return None


_TALLY = re.compile(r"^(\d+)\s*[-–]\s*(\d+)$")
# Words between the two numbers of a tally written out: "141 votes to 97".
_TALLY_WORDS = {"vote", "votes", "seat", "seats", "point", "points", "goal", "goals"}


def _tally(doc: Doc, number: Span) -> tuple[float, float, int] | None:
    """A vote or a score read as one figure: "52-48", "31-24" (the first number not
    below the second: "3-5 buildings" is a range), "141 votes to 97". Returns the two
    numbers and the end of the tally's tokens."""
    match = _TALLY.match(number.text.replace(" ", ""))
    if match:
        first, second = float(match.group(1)), float(match.group(2))
        return (first, second, number.end) if first >= second else None
    end = number.end
    if len(number) != 1 or not number[0].text.isdigit() or end + 1 >= len(doc):
        return None
    first = float(number[0].text)
    # "52-48" split into three tokens
    if doc[end].text in ("-", "–") and doc[end + 1].text.isdigit():
        second = float(doc[end + 1].text)
        return (first, second, end + 2) if first >= second else None
    if (
        end + 2 < len(doc)
        and doc[end].lower_ in _TALLY_WORDS
        and doc[end + 1].lower_ in ("to", "against")
        and doc[end + 2].text.isdigit()
    ):
        return first, float(doc[end + 2].text), end + 3
    return None


# Durations the entity recognizer calls dates: "29 years", "nearly 30 years", "more than
# 10 days" (its whole text: "two years ago" and "the past 10 years" are times, not terms).
_DURATION_UNITS = {"day", "week", "month", "year", "hour", "minute"}
_DURATION = re.compile(
    r"^(?:[a-z]+(?: [a-z]+)? )?(?P<n>\d[\d,]*(?:\.\d+)?|[a-z]+) (?P<unit>day|week|month|year|hour|minute)s?$",
    re.I,
)
# An age in decades: "in his 40s", "in her early 60s".
_DECADE = re.compile(r"^(?P<tens>[1-9]0)'?s$")
_POSSESSIVES = {"his", "her", "their", "its"}
# A person's age is a whole number of years up to this.
MAX_AGE = 120


def _age_or_duration(doc: Doc, span: Span) -> tuple[float, float | None, str, str, int] | None:
    """(value, upper, unit, bound, start) when a date entity is an age ("47" set off after
    a noun, "aged 47", "47-year-old", "in his 40s") or a duration ("nearly 30 years")."""
    first = span[0]
    before = doc[first.i - 1] if first.i >= 1 else None
    # "in his 40s", "in her early 60s" (the entity may hold "early" or not)
    match = _DECADE.match(span[-1].text)
    qualified = [t.lower_ for t in span[:-1]]
    if match and qualified in ([], ["early"], ["mid"], ["late"]):
        owner = before
        if owner is not None and owner.lower_ in ("early", "mid", "late") and owner.i >= 1:
            owner = doc[owner.i - 1]
        if owner is not None and owner.lower_ in _POSSESSIVES:
            tens = int(match["tens"])
            return float(tens), float(tens + 9), "age", "range", span.start
    if len(span) == 1 and first.like_num and (value := parse_number(first.text)) is not None:
        aged = before is not None and before.lower_ == "aged"
        set_off = first.dep_ == "appos" and first.head.pos_ in ("NOUN", "PROPN")
        if (aged or set_off) and value.is_integer() and 0 < value <= MAX_AGE:
            return value, None, "age", "exact", span.start
    words = [t.lower_ for t in span]
    if len(words) == 5 and words[1:] == ["-", "year", "-", "old"] and span[0].like_num:
        value = parse_number(span[0].text)
        if value is not None and 0 < value <= MAX_AGE:
            return value, None, "age", "exact", span.start
    duration = _DURATION.match(span.text)
    if duration is None:
        return None
    value = parse_number(duration["n"])
    if value is None:
        return None
    number = next((t for t in span if t.like_num), None)
    if number is None:
        return None
    bound, start = _bound_before(doc, number.i)
    if start < span.start:
        return None  # words before the number that are not a bound: "the past 10 years"
    if start == number.i and number.i != span.start:
        return None
    return value, None, duration["unit"].lower(), bound, start


def _ages_and_durations(doc: Doc, sentence_of: dict[int, int], used: set[int]) -> list[Figure]:
    """Ages and durations among the date entities, as figures: "47" and "in his 40s"
    can then be compared ("47" is in his 40s), as can "nearly 30 years" and "29 years"."""
    found = []
    for span in doc.ents:
        if span.label_ != "DATE" or any(t.i in used for t in span):
            continue
        read = _age_or_duration(doc, span)
        if read is None:
            continue
        value, upper, unit, bound, start = read
        head = span.root.head
        noun = head.lemma_.lower() if unit == "age" and head.pos_ in ("NOUN", "PROPN") else None
        found.append(
            Figure(
                text=doc[start : span.end].text,
                value=value,
                upper=upper,
                bound=bound,  # type: ignore[arg-type]
                unit=unit,
                noun=noun,
                sentence=sentence_of.get(span.start, 0),
            )
        )
        used.update(range(start, span.end))
    return found


def find_figures(doc: Doc, sentence_of: dict[int, int]) -> list[Figure]:
    """Figures in ``doc``; ``sentence_of`` maps a token index to its sentence number."""
    figures: list[Figure] = []
    used: set[int] = set()
    candidates = [e for e in doc.ents if e.label_ in ("CARDINAL", "QUANTITY", "PERCENT", "MONEY")]
    # numbers spaCy did not tag (e.g. "78,018 injured" inside a list)
    tagged = {t.i for e in candidates for t in e}
    in_entity = {t.i for e in doc.ents for t in e}
    for token in doc:
        if token.i in tagged or not (token.like_num or _abbreviated(token)):
            continue
        # a duration that modifies a noun ("a 40-day ceasefire") is a figure even when
        # the entity recognizer calls it a date
        hyphenated = token.i + 2 < len(doc) and doc[token.i + 1].text in ("-", "–")
        if hyphenated and doc[token.i + 2 : token.i + 5].text.lower() == "year-old":
            continue  # an age ("a 47-year-old man"), read with the ages below
        duration = hyphenated and doc[token.i + 2].is_alpha
        if hyphenated and doc[token.i + 2].like_num:  # "3-5 buildings"
            candidates.append(doc[token.i : token.i + 3])
            tagged.update((token.i, token.i + 2))
        elif token.i not in in_entity or duration:
            candidates.append(doc[token.i : token.i + 1])
    for span in sorted(candidates, key=lambda s: s.start):
        found = _number_span(span)
        if found is None:
            continue
        number, bound, start = found
        if number.start in used:
            continue
        text_value = number.text
        upper = None
        tally = _tally(doc, number)
        if tally is not None:
            first, second, end = tally
            used.update(range(number.start, end))
            counts, noun, event, _ = _counted(doc[end - 1])
            figures.append(
                Figure(
                    text=doc[number.start : end].text,
                    value=first,
                    upper=second,
                    unit="tally",
                    counts=counts,
                    noun=noun,
                    event=event,
                    sentence=sentence_of.get(number.start, 0),
                )
            )
            continue
        if re.search(r"\d\s*(?:-|–|\bto\b|\band\b)\s*\d", text_value):
            parts = re.split(r"\s*(?:-|–|\bto\b|\band\b)\s*", text_value)
            low, high = parse_number(parts[0]), parse_number(parts[-1])
            if low is not None and high is not None and high > low:
                bound, value, upper = "range", low, high
            else:
                value = parse_number(text_value.replace("-", " "))
        else:
            value = parse_number(text_value)
        if value is None:
            continue
        between = doc[max(0, number.start - 1)].lower_ == "between"
        if between and number.end + 1 < len(doc) and doc[number.end].lower_ == "and":
            high = parse_number(doc[number.end + 1].text)
            if high is not None and high > value:
                bound, upper = "range", high
        counts, noun, event, unit = _counted(number[-1])
        if counts is None and len(number) > 1:
            counts, noun, event, unit = _counted(number[0])
        if span.label_ == "PERCENT" or "%" in span.text or "percent" in span.text.lower():
            unit = "percent"
            if counts is None:
                counts_info = _counted(span[-1])
                counts, noun, event = counts_info[0], counts_info[1], counts_info[2]
        if _YEAR.match(text_value) and counts is None and bound == "exact":
            continue
        # "$4.3bn": the sign gives the unit, and belongs to the figure's words
        if (currency := _currency(doc, number.start)) is not None:
            if unit == "count":
                unit = currency
            start = min(start, number.start - 1)
        used.update(range(number.start, number.end))
        figures.append(
            Figure(
                text=doc[start : number.end].text,
                value=value,
                upper=upper,
                bound=bound,  # type: ignore[arg-type]
                unit=unit,
                counts=counts,
                noun=noun,
                event=event,
                sentence=sentence_of.get(number.start, 0),
            )
        )
    return figures + _ages_and_durations(doc, sentence_of, used)
