"""A neutral summary with a citation on every sentence, and a timeline.

The summary is extractive: the story's shared claims first (most independent sources
first, then in the order the story tells them), in the wording that uses the fewest
loaded terms, each citing every article that carries the claim; the articles' leads
fill in when fewer than three claims are shared.
"""

from __future__ import annotations

from collections import defaultdict

from ..annotation import Annotation
from ..report import Claim, SummarySentence, TimelineEntry

MIN_SUMMARY = 3
MAX_SUMMARY = 12
# Shared claims taken before leads fill in: a summary, not a list of every shared fact.
MAX_SHARED = 8
# Leads are added until the summary has at least three sentences and this many words:
# editors' multi-outlet summaries run to 100-200 words.
TARGET_WORDS = 160
MAX_TIMELINE = 15


def summarize(claims: list[Claim], leads: dict[str, list[str]]) -> list[SummarySentence]:
    """3-12 cited sentences: shared claims first, then the articles' leads.

    ``leads`` maps each article, in order of preference (independent reporting first),
    to its statements in order. News puts the most important fact first, so when outlets
    share few sentences, their openings carry the story: first every article's first
    statement, then every second one, and so on, each as the claim that holds it.
    """
    shared = [
        c
        for c in claims
        if c.status in ("consensus", "contested") and len(c.article_ids) > 1 and not _quoted(c.text)
    ]
    chosen = shared[:MAX_SHARED]
    variants: dict[str, list[tuple[str, Claim]]] = {}
    for claim in claims:
        for variant in claim.variants:
            variants.setdefault(variant.article_id, []).append((variant.text, claim))
    lead_claims: list[Claim] = []
    depth = max((len(texts) for texts in leads.values()), default=0)
    for position in range(depth):
        for article_id, texts in leads.items():
            if position >= len(texts):
                continue
            # the claims the sentence makes: itself, or each of its clauses in order
            sentence = texts[position]
            held = sorted(
                (
                    (sentence.find(text), claim)
                    for text, claim in variants.get(article_id, [])
                    if text in sentence
                ),
                key=lambda found: found[0],
            )
            for _, lead in held:
                if not _quoted(lead.text) and lead not in chosen + lead_claims:
                    lead_claims.append(lead)
    for lead in lead_claims:
        words = sum(len(c.text.split()) for c in chosen)
        if len(chosen) >= MIN_SUMMARY and words >= TARGET_WORDS:
            break
        chosen.append(lead)
    seen: set[str] = set()
    sentences = []
    for claim in chosen[:MAX_SUMMARY]:
        if claim.text in seen:
            continue
        seen.add(claim.text)
        sentences.append(SummarySentence(text=claim.text, article_ids=claim.article_ids))
    return sentences


def _quoted(text: str) -> bool:
    """Sentences that are (part of) a quote: a summary reports, it does not quote."""
    return any(mark in text for mark in '"“”') or text.lstrip()[:1] in "‘'"


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
