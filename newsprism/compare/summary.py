"""A neutral summary with a citation on every sentence, and a timeline.

The summary is extractive: the story's shared claims first (most independent sources
first, then in the order the story tells them), in the wording that uses the fewest
loaded terms, each citing every article that carries the claim; then the articles'
leads, whole sentences in the order the articles tell them, until the summary is about
as long as an editor's.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from ..annotation import Annotation
from ..report import Claim, SummarySentence, TimelineEntry
from .language import loaded_terms

MIN_SUMMARY = 3
MAX_SUMMARY = 12
# Shared claims taken before leads fill in: a summary, not a list of every shared fact.
MAX_SHARED = 8
# Leads are added until the summary has at least three sentences and this many words:
# editors' multi-outlet summaries run to 100-200 words.
TARGET_WORDS = 160
# A sentence with at least this share of its words between quote marks is a quote: most
# of it is someone else's words. Below it, the sentence reports and names what was said
# ('called the plan "a good first step"'), as editors' summaries do.
QUOTED_SHARE = 0.5
MAX_TIMELINE = 15

_QUOTE_MARK = re.compile(r"([“”])")
# A straight quote mark opening a quote: at the start, or after a space, bracket or dash.
_OPENING_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[—–-]))"')


def summarize(claims: list[Claim], leads: dict[str, list[str]]) -> list[SummarySentence]:
    """3-12 cited sentences: shared claims first, then the articles' leads.

    ``leads`` maps each article, in order of preference (independent reporting first),
    to its statements in order. News puts the most important fact first, so the
    articles' openings carry the story: first every article's first sentence, then
    every second one, and so on. A sentence that is one claim stands as that claim (its
    least loaded wording, citing every article that carries it); a sentence whose
    clauses are separate claims stands whole, citing the articles that carry all of
    them, since clauses cut out of a sentence read as fragments. A sentence is skipped
    when the summary already says everything it claims, and when it is a quote.
    """
    chosen: list[SummarySentence] = []
    said: set[int] = set()  # ids of the claims the summary makes so far

    def add(text: str, article_ids: list[str], made: list[Claim]) -> None:
        chosen.append(SummarySentence(text=text, article_ids=article_ids))
        said.update(id(claim) for claim in made)

    shared = [
        c
        for c in claims
        if c.status in ("consensus", "contested") and len(c.article_ids) > 1 and not _quoted(c.text)
    ]
    for claim in shared[:MAX_SHARED]:
        add(claim.text, claim.article_ids, [claim])
    variants: dict[str, list[tuple[str, Claim]]] = {}
    for claim in claims:
        for variant in claim.variants:
            variants.setdefault(variant.article_id, []).append((variant.text, claim))
    depth = max((len(texts) for texts in leads.values()), default=0)
    for position in range(depth):
        for article_id, texts in leads.items():
            words = sum(len(s.text.split()) for s in chosen)
            if len(chosen) >= MAX_SUMMARY or (len(chosen) >= MIN_SUMMARY and words >= TARGET_WORDS):
                return _distinct(chosen)
            if position >= len(texts) or _quoted(texts[position]):
                continue
            _add_sentence(texts[position], article_id, variants.get(article_id, []), said, add)
    return _distinct(chosen)


def _add_sentence(
    sentence: str,
    article_id: str,
    variants: list[tuple[str, Claim]],
    said: set[int],
    add: Callable[[str, list[str], list[Claim]], None],
) -> None:
    """Add one lead sentence of ``article_id`` through ``add(text, article_ids, claims)``,
    as the claim it is, or whole, citing the articles that carry every claim it makes."""
    whole = [claim for text, claim in variants if text == sentence]
    if whole:
        claim = whole[0]
        # its wording may be another article's, which may quote where this one reports
        if id(claim) not in said and not _quoted(claim.text):
            add(claim.text, claim.article_ids, [claim])
        return
    # the claims the sentence makes, one per clause, in the order it makes them
    parts = [
        claim
        for _, claim in sorted(
            ((sentence.find(text), claim) for text, claim in variants if text in sentence),
            key=lambda found: found[0],
        )
    ]
    if parts and all(id(claim) in said for claim in parts):
        return
    if parts and len(loaded_terms(sentence)) > sum(len(loaded_terms(c.text)) for c in parts):
        # the clauses have a more neutral wording in other articles: say them in it
        for claim in parts:
            if id(claim) not in said and not _quoted(claim.text):
                add(claim.text, claim.article_ids, [claim])
        return
    supporters = [article_id] + [
        other
        for other in (parts[0].article_ids if parts else [])
        if other != article_id and all(other in claim.article_ids for claim in parts)
    ]
    add(sentence, supporters, parts)


def _distinct(sentences: list[SummarySentence]) -> list[SummarySentence]:
    """The sentences without repeats, at most ``MAX_SUMMARY``."""
    seen: set[str] = set()
    kept = []
    for sentence in sentences:
        if sentence.text not in seen:
            seen.add(sentence.text)
            kept.append(sentence)
    return kept[:MAX_SUMMARY]


def _quoted(text: str) -> bool:
    """Sentences that are (part of) a quote: a summary reports, it does not quote.

    A sentence is one when it starts with quoted words (it opens with a quote mark, or
    its first mark closes a quote running in from the sentence before), or when most of
    its words are between quote marks. A quote going on past a sentence with no mark of
    its own is not seen: sentence splitting loses marks often enough that carrying an
    open quote over would drop reporting too.
    """
    if text.lstrip()[:1] in "‘'\"“":
        return True
    # a straight mark opens a quote after a space or the start, else it closes one
    text = _OPENING_STRAIGHT.sub("“", text).replace('"', "”")
    first = min((i for i in (text.find("“"), text.find("”")) if i >= 0), default=-1)
    if first >= 0 and text[first] == "”":
        return True
    inside = False
    quoted = total = 0
    for piece in _QUOTE_MARK.split(text):
        if piece in ("“", "”"):
            inside = piece == "“"
        else:
            words = len(piece.split())
            total += words
            quoted += words if inside else 0
    return total > 0 and quoted >= QUOTED_SHARE * total


def timeline(article_ids: list[str], annotations: dict[str, Annotation]) -> list[TimelineEntry]:
    """Dated events: each resolved date with the sentence that names it, citing every
    article that puts something on that date."""
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
