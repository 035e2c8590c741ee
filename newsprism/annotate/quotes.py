"""Quotes: who is quoted saying what, through which channel.

Direct quotes are found by their quote marks (straight, curly, single, guillemets;
spanning sentences), indirect speech by its syntax ("X said that…", "X told AFP…",
"according to X"). The speaker is the subject of the reporting verb next to the quote,
in either order ('"…," said X' and 'X said: "…"'), or in the sentence before a quote
that stands alone; pronouns and descriptions ("the statement said", "the group's chief
negotiator said") are resolved to the article's actors where they can be.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from ..annotation import Actor, QuoteAnnotation
from .lexicon import CHANNEL_NOUNS, PRONOUNS_GROUP, PRONOUNS_PERSON, REPORTING_VERBS

_QUOTE_PATTERNS = [
    re.compile(r"“([^“”]{2,}?)”"),
    re.compile(r"«\s?([^«»]{2,}?)\s?»"),
    re.compile(r'(?<![\w])"([^"]{2,}?)"'),
    re.compile(r"(?<![\w])‘([^‘’]{2,}?)’(?![\w])"),
    re.compile(r"(?<![\w])'([^']{2,}?)'(?![\w])"),
]
# Fewer words than this between quote marks is a scare quote or a title, not a quote.
MIN_QUOTE_WORDS = 4


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of direct quotes, outermost first, no overlaps."""
    found: list[tuple[int, int]] = []
    for pattern in _QUOTE_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span(1)
            if len(match.group(1).split()) < MIN_QUOTE_WORDS:
                continue
            if any(s <= start < e or s < end <= e for s, e in found):
                continue
            found.append((start, end))
    return sorted(found)


def _reporting_verb(tokens: list[Token]) -> Token | None:
    """The reporting verb among ``tokens`` that has a subject, nearest first."""
    for token in tokens:
        if (
            token.lemma_.lower() in REPORTING_VERBS
            and token.pos_ in ("VERB", "AUX")
            and (
                any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)
                or token.dep_ == "ROOT"
            )
        ):
            return token
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "…," said X — spaCy sometimes attaches the post-verbal subject as dobj/attr
    for child in verb.rights:
        if child.dep_ in ("attr", "dobj") and (
            child.ent_type_ == "PERSON" or child.pos_ == "PROPN"
        ):
            return child
    return None


def _channel(verb: Token) -> str | None:
    """'told AFP by telephone', 'posted on its website', 'said in a statement'."""
    parts: list[Token] = []
    for child in verb.children:
        if child.dep_ in ("dative", "dobj") and child.pos_ == "PROPN" and verb.lemma_ == "tell":
            parts.append(child)
        elif child.dep_ == "prep" and child.lower_ in (
            "by",
            "on",
            "in",
            "via",
            "during",
            "to",
            "at",
        ):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if (objects and objects[0].lemma_.lower() in CHANNEL_NOUNS) or (
                objects and verb.lemma_ == "tell" and child.lower_ == "to"
            ):
                parts.append(child)
    if not parts:
        return None
    pieces = [verb.text]
    for part in sorted(parts, key=lambda t: t.i):
        pieces.append("".join(t.text_with_ws for t in part.subtree).strip())
    return " ".join(pieces)


class _Speakers:
    """Maps subject tokens to actors: names, pronouns, descriptions."""

    def __init__(self, doc: Doc, actors: list[Actor], token_actor: dict[int, str]) -> None:
        self.doc = doc
        self.actors = {a.id: a for a in actors}
        self.token_actor = token_actor

    def resolve(self, subject: Token) -> tuple[str | None, str | None, str | None]:
        """(speaker text, actor id, role) for the subject token of a reporting verb."""
        span = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
        # the subject itself must name the actor: in "a senior Hamas official said" the
        # speaker is the official, described by the organization, not the organization
        actor_id = self.token_actor.get(subject.i)
        if actor_id:
            actor = self.actors[actor_id]
            return actor.name, actor_id, self._role(subject, span)
        if subject.lemma_.lower() in CHANNEL_NOUNS:
            # "the Hamas statement said": the statement speaks for the actor it names
            for token in span:
                owner = self.token_actor.get(token.i)
                if owner and token.i != subject.i:
                    return self.actors[owner].name, owner, None
        lower = subject.lower_
        if lower in ("i", "we", "you", "me", "us"):
            return None, None, None
        if lower in PRONOUNS_PERSON | PRONOUNS_GROUP:
            wanted_person = lower in PRONOUNS_PERSON
            for index in range(subject.i - 1, -1, -1):
                actor_id = self.token_actor.get(index)
                if actor_id and (self.actors[actor_id].kind == "person") == wanted_person:
                    return self.actors[actor_id].name, actor_id, None
            return None, None, None
        text = re.sub(r"^(?:the|a|an)\s+", "", span.text.strip(" ,;:"), flags=re.I)
        return (text or None), None, None

    def _role(self, subject: Token, span: Span) -> str | None:
        """An apposition of the speaker, or the words before the name in its phrase."""
        for child in subject.children:
            if child.dep_ == "appos":
                return "".join(t.text_with_ws for t in child.subtree).strip(" ,")
        own = self.token_actor.get(subject.i)
        before = [
            t
            for t in span
            if t.i < subject.i
            and t.dep_ not in ("det", "punct")
            and self.token_actor.get(t.i) != own
        ]
        if any(t.pos_ == "NOUN" for t in before):
            return "".join(t.text_with_ws for t in before).strip()
        return None


def find_quotes(
    doc: Doc, actors: list[Actor], token_actor: dict[int, str], sentence_of: dict[int, int]
) -> list[QuoteAnnotation]:
    """Direct and indirect quotes of one parsed article."""
    speakers = _Speakers(doc, actors, token_actor)
    sentences = list(doc.sents)
    quotes: list[QuoteAnnotation] = []
    quoted_tokens: set[int] = set()
    for start, end in quote_spans(doc.text):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            continue
        quoted_tokens.update(range(span.start, span.end))
        first, last = sentence_of.get(span.start, 0), sentence_of.get(span.end - 1, 0)
        # tokens of the quote's sentences outside the marks, nearest the quote first
        around = [
            t
            for s in sentences[first : last + 1]
            for t in s
            if not span.start - 1 <= t.i <= span.end
        ]
        around.sort(key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))
        verb = _reporting_verb(around)
        if verb is None and first > 0:
            before = sentences[first - 1]
            if before.text.rstrip().endswith(":"):
                verb = _reporting_verb(list(before))
        if verb is None and last + 1 < len(sentences) and len(sentences[last + 1]) <= 8:
            verb = _reporting_verb(list(sentences[last + 1]))
        speaker = actor_id = role = channel = None
        verb_text = None
        if verb is not None:
            subject = _subject(verb)
            if subject is not None:
                speaker, actor_id, role = speakers.resolve(subject)
            verb_text = verb.text
            channel = _channel(verb)
        quotes.append(
            QuoteAnnotation(
                text=doc.text[start:end].strip(" ,."),
                direct=True,
                speaker=speaker,
                speaker_actor=actor_id,
                role=role,
                verb=verb_text,
                channel=channel,
                sentence=first,
            )
        )
    _carry_speakers(quotes)
    quotes += _indirect(doc, sentences, speakers, quoted_tokens, sentence_of)
    return quotes


def _carry_speakers(quotes: list[QuoteAnnotation]) -> None:
    """A quote attributed to 'the statement', or to no one, right after a quote of X
    continues X's words."""
    previous: QuoteAnnotation | None = None
    for quote in quotes:
        continues = previous is not None and quote.sentence - previous.sentence <= 2
        document_speaker = (
            quote.speaker is not None
            and quote.speaker_actor is None
            and (quote.speaker.split()[-1].lower() in CHANNEL_NOUNS)
        )
        inherits = quote.speaker is None or document_speaker
        if continues and previous is not None and previous.speaker is not None and inherits:
            if quote.channel is None and document_speaker and quote.speaker:
                quote.channel = f"{quote.verb or 'said'} in a {quote.speaker.split()[-1]}"
            quote.speaker, quote.speaker_actor = previous.speaker, previous.speaker_actor
            quote.role = quote.role or previous.role
        if quote.speaker is not None:
            previous = quote


def _indirect(
    doc: Doc,
    sentences: list[Span],
    speakers: _Speakers,
    quoted: set[int],
    sentence_of: dict[int, int],
) -> list[QuoteAnnotation]:
    found: list[QuoteAnnotation] = []
    for sentence in sentences:
        if any(t.i in quoted for t in sentence):
            continue
        for token in sentence:
            # "according to X, …"
            if (
                token.lower_ == "according"
                and token.i + 2 < len(doc)
                and doc[token.i + 1].lower_ == "to"
            ):
                objects = [c for c in doc[token.i + 1].children if c.dep_ == "pobj"]
                if not objects:
                    continue
                speaker, actor_id, role = speakers.resolve(objects[0])
                phrase = doc[token.i : objects[0].right_edge.i + 1]
                content = (
                    sentence.text[: phrase.start_char - sentence.start_char]
                    + sentence.text[phrase.end_char - sentence.start_char :]
                ).strip(" ,.")
                found.append(
                    QuoteAnnotation(
                        text=content,
                        direct=False,
                        speaker=speaker,
                        speaker_actor=actor_id,
                        role=role,
                        verb="according to",
                        sentence=sentence_of.get(sentence.start, 0),
                    )
                )
                break
            if token.lemma_.lower() not in REPORTING_VERBS or token.pos_ != "VERB":
                continue
            complements = [c for c in token.children if c.dep_ == "ccomp"]
            subject = _subject(token)
            if not complements or subject is None or subject.lower_ in ("it", "there", "this"):
                continue
            speaker, actor_id, role = speakers.resolve(subject)
            if speaker is None:
                continue
            clause = complements[0]
            words = [t for t in clause.subtree]
            content = "".join(t.text_with_ws for t in words).strip(" ,.")
            content = re.sub(r"^that\s+", "", content)
            if len(content.split()) < MIN_QUOTE_WORDS:
                continue
            found.append(
                QuoteAnnotation(
                    text=content,
                    direct=False,
                    speaker=speaker,
                    speaker_actor=actor_id,
                    role=role,
                    verb=token.text,
                    channel=_channel(token),
                    sentence=sentence_of.get(sentence.start, 0),
                )
            )
            break
    return found
