"""Independent clauses of a sentence, so that a sentence stating two facts is compared
fact by fact.

"Rebels shelled the port on Monday, and the ministry said 12 people died" carries two
claims that other outlets may report separately, or only one of. A sentence is split
where a coordinated clause with its own subject starts (the parse's ``conj`` of the
main verb having an ``nsubj``), and at semicolons between clauses. Verb phrases that
share one subject ("were killed and 1,480 injured") stay together: cut apart, the second
half would lose who it is about. Sentences with quotation marks are never split, so a
quote is compared whole.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads with the models (newsprism.nlp), not on import
    from spacy.tokens import Span, Token


# A clause shorter than this many words is not a statement of its own.
MIN_CLAUSE_WORDS = 5
_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_QUOTE_MARKS = set('"“”«»„')


def _has_subject(token: Token) -> bool:
    return any(child.dep_ in _SUBJECTS for child in token.children)


def _clause_starts(sentence: Span) -> list[int]:
    """Token indices (in the doc) where a new independent clause begins."""
    root = sentence.root
    # "X happened and Y happened, officials said": the clauses hang off the reported
    # content, which comes before the reporting verb.
    heads = [root, *(t for t in root.children if t.dep_ == "ccomp" and t.i < root.i)]
    starts: list[int] = []
    for head in heads:
        for token in head.children:
            if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and _has_subject(token):
                starts.append(token.left_edge.i)
    for token in sentence:
        if token.text == ";" and token.head == root:
            following = token.nbor(1) if token.i + 1 < sentence.end else None
            if following is not None:
                starts.append(following.i)
    return sorted(set(starts))


def _trimmed(span: Span) -> Span | None:
    """The span without leading conjunctions and punctuation or trailing punctuation."""
    start, end = span.start, span.end
    while start < end and (span.doc[start].dep_ == "cc" or span.doc[start].is_punct):
        start += 1
    while end > start and (span.doc[end - 1].is_punct or span.doc[end - 1].dep_ == "cc"):
        end -= 1
    if sum(1 for t in span.doc[start:end] if not t.is_punct) < MIN_CLAUSE_WORDS:
        return None
    return span.doc[start:end]


def clause_spans(sentence: Span) -> list[tuple[int, int]]:
    """Character spans (offsets in the document) of the sentence's independent clauses,
    when it has two or more; an empty list when it is one statement."""
    text = sentence.text  # a span's text is rebuilt from its tokens on each access
    if any(mark in text for mark in _QUOTE_MARKS):
        return []
    starts = [i for i in _clause_starts(sentence) if sentence.start < i < sentence.end]
    if not starts:
        return []
    bounds = [sentence.start, *starts, sentence.end]
    clauses = [_trimmed(sentence.doc[begin:end]) for begin, end in pairwise(bounds)]
    if any(clause is None for clause in clauses):
        return []
    return [(clause.start_char, clause.end_char) for clause in clauses if clause is not None]
