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
from itertools import pairwise
from typing import TYPE_CHECKING

from ..annotation import Actor, QuoteAnnotation
from .actors import name_key, title_word, titles_before
from .lexicon import (
    AUTHOR_VERBS,
    CHANNEL_NOUNS,
    DOCUMENT_NOUNS,
    FEMININE_NOUNS,
    GROUP_NOUNS,
    INSTITUTION_NOUNS,
    MASCULINE_NOUNS,
    PERSON_NOUNS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    REPORTING_VERBS,
    STATE_NOUNS,
)
from .options import AnnotateOptions

if TYPE_CHECKING:  # spaCy loads with the models (newsprism.nlp), not on import
    from spacy.tokens import Doc, Span, Token

_QUOTE_PATTERNS = [
    re.compile(r"“([^“”]{2,}?)”"),
    re.compile(r"«\s?([^«»]{2,}?)\s?»"),
    re.compile(r'(?<![\w])"([^"]{2,}?)"'),
    re.compile(r"(?<![\w])‘([^‘’]{2,}?)’(?![\w])"),
    re.compile(r"(?<![\w])'([^']{2,}?)'(?![\w])"),
]
# Fewer words than ``annotate.min_quote_words`` (AnnotateOptions) between quote marks
# is a scare quote or a title, not a quote.
_MIN_WORDS = AnnotateOptions.min_quote_words


# A blank line ends a paragraph; a quote never runs across one. News style carries a
# quote into the next paragraph by opening it again without closing the first: the
# opening mark then stands alone up to the paragraph's end.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_OPENING_MARKS = '“«"'
_CLOSING_MARKS = '”»"'


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of ``text``."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _unpaired_quotes(
    text: str, start: int, end: int, found: list[tuple[int, int]], min_words: int
) -> list[tuple[int, int]]:
    """Quotes whose marks the patterns could not pair within one paragraph: an opening
    mark at a word start, outside the quotes already found, runs to the next closing
    mark of any kind (outlets mix straight and curly marks) or to the paragraph's end."""
    spans: list[tuple[int, int]] = []
    taken = found + spans
    index = start
    while index < end:
        mark = text[index]
        opens = mark in _OPENING_MARKS and (
            index == start or text[index - 1].isspace() or text[index - 1] in "(—–-:"
        )
        if not opens or any(s - 1 <= index <= e for s, e in taken):
            index += 1
            continue
        close = next(
            (
                i
                for i in range(index + 1, end)
                if text[i] in _CLOSING_MARKS and not any(s - 1 <= i <= e for s, e in taken)
            ),
            None,
        )
        stop = close if close is not None else len(text[:end].rstrip())
        if len(text[index + 1 : stop].split()) >= min_words:
            spans.append((index + 1, stop))
            taken = found + spans
        index = stop + 1
    return spans


def quote_spans(text: str, min_words: int = _MIN_WORDS) -> list[tuple[int, int]]:
    """Character spans (inside the marks) of direct quotes of ``min_words`` words or
    more, outermost first, no overlaps.

    Quotes are paired within a paragraph, so one unbalanced mark cannot shift the pairing
    of every quote after it; a quote left open at a paragraph's end (the convention for a
    quote that goes on in the next paragraph) runs to that end.
    """
    found: list[tuple[int, int]] = []
    for paragraph_start, paragraph_end in _paragraphs(text):
        paragraph = text[paragraph_start:paragraph_end]
        here: list[tuple[int, int]] = []
        for pattern in _QUOTE_PATTERNS:
            for match in pattern.finditer(paragraph):
                start, end = match.span(1)
                if len(match.group(1).split()) < min_words:
                    continue
                if any(s <= start < e or s < end <= e for s, e in here):
                    continue
                here.append((start, end))
        found += [(paragraph_start + s, paragraph_start + e) for s, e in here]
        found += _unpaired_quotes(text, paragraph_start, paragraph_end, found, min_words)
    return sorted(found)


def _opens_paragraph(span: Span) -> bool:
    """Whether a quote starts its paragraph (only its opening mark before it)."""
    index = span.start - 1
    doc = span.doc
    while index >= 0 and doc[index].text in _OPENING_MARKS + "‘'":
        index -= 1
    return index < 0 or "\n" in doc[index].text or "\n" in doc[index].whitespace_


def _block_quotes(doc: Doc, text: str, min_words: int) -> list[tuple[int, int]]:
    """Paragraphs quoted without quote marks, as web pages set a tweet or a letter: a
    paragraph after one that ends in a colon and introduces words ("Lee lashed out on
    Twitter, saying:", "Read the full letter:"), itself without double quote marks.
    Character spans, as ``quote_spans`` gives them."""
    spans: list[tuple[int, int]] = []
    paragraphs = _paragraphs(text)
    for (_, previous_end), (start, end) in pairwise(paragraphs):
        introduction = text[:previous_end].rstrip()
        body = text[start:end].strip()
        if not introduction.endswith(":") or len(body.split()) < min_words:
            continue
        if any(mark in body for mark in _OPENING_MARKS + _CLOSING_MARKS):
            continue
        colon = doc.char_span(len(introduction) - 1, len(introduction), alignment_mode="expand")
        if colon is None:
            continue
        sentence = colon[0].sent
        introduces = any(
            (t.lemma_.lower() in REPORTING_VERBS and t.pos_ == "VERB")
            or t.lemma_.lower() in DOCUMENT_NOUNS
            or t.lemma_.lower() in CHANNEL_NOUNS
            for t in sentence
        )
        if introduces:
            offset = text.index(body, start)
            spans.append((offset, offset + len(body)))
    return spans


def _reporting_verb(tokens: list[Token], quoted: frozenset[int] = frozenset()) -> Token | None:
    """The reporting verb among ``tokens`` that has a subject, nearest first."""
    for token in tokens:
        if (
            token.lemma_.lower() in REPORTING_VERBS
            and token.pos_ in ("VERB", "AUX")
            and (token.dep_ == "ROOT" or _subject(token, quoted) is not None)
        ):
            return token
    return None


# A quote standing alone is attributed by the next sentence when its reporting verb is
# among that sentence's first this many tokens ("Mr. Lee was quoted as saying, …").
ATTRIBUTION_OPENS = 6
# Clauses that take the subject of the clause they hang from: "X hit back, saying …"
# (advcl), "X was quick to retort" (xcomp), "X paused and added" (conj).
_SHARED_SUBJECT = ("advcl", "xcomp", "conj")
# How many such clauses up a reporting verb's subject is looked for.
MAX_SUBJECT_CLIMB = 3
_RELATIVE_PRONOUNS = ("who", "that", "which")


def _inverted(verb: Token, quoted: frozenset[int]) -> bool:
    """Whether a verb stands where English puts it before its subject: right after a
    quote ('"…," said Lee') or first in its sentence ('Added Lee: …'). Elsewhere the
    noun after the verb is its object ("telling the Times")."""
    if verb.is_sent_start or verb.i == 0:
        return True
    before = verb.doc[verb.i - 1]
    return before.i in quoted or before.text in _CLOSING_MARKS + "’'"


def _subject(verb: Token, quoted: frozenset[int] = frozenset()) -> Token | None:
    """The subject of a reporting verb, never a word inside the quote itself.

    A verb without its own subject takes that of the clause it depends on ("Lee hit
    back, saying", "Lee was quick to retort"); "released a statement saying" takes the
    subject of the verb whose object the statement is; the subject "who" of a relative
    clause stands for the noun the clause describes ("said Lee, who added").
    """
    current = verb
    for _ in range(MAX_SUBJECT_CLIMB + 1):
        subjects = [
            c for c in current.children if c.dep_ in ("nsubj", "nsubjpass") and c.i not in quoted
        ]
        # "Lee, who he said …": the parser may give both words to "said"; "he" speaks
        subjects.sort(key=lambda c: c.lower_ in _RELATIVE_PRONOUNS)
        if subjects:
            if subjects[0].lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return current.head
            return subjects[0]
        if current is verb and _inverted(verb, quoted):
            # "…," said X — spaCy sometimes attaches the post-verbal subject as dobj/attr
            for child in verb.rights:
                if (
                    child.dep_ in ("attr", "dobj")
                    and (child.ent_type_ == "PERSON" or child.pos_ == "PROPN")
                    and child.i not in quoted
                ):
                    return child
        if current.dep_ in _SHARED_SUBJECT and current.head.i != current.i:
            current = current.head
        elif current.dep_ == "acl" and (
            current.head.lemma_.lower() in CHANNEL_NOUNS | DOCUMENT_NOUNS.keys()
        ):
            # "Lee released a statement saying": Lee speaks through the statement
            document = current.head
            if document.dep_ != "dobj":
                return document
            current = document.head
        elif current.dep_ == "pcomp" and current.head.lower_ == "as":
            # "Lee was quoted as saying": the subject of the verb the phrase hangs from
            current = current.head.head
        elif current.dep_ == "ROOT":
            return _misattached_subject(current, quoted)
        else:
            return None
    return None


def _misattached_subject(root: Token, quoted: frozenset[int]) -> Token | None:
    """The subject of a main verb the parser left without one: after a long subject
    ("the aide, Ana Ruiz, 31, who … and at the time was a spokeswoman …, wrote") it
    often hangs the subject on a clause it takes for the verb's complement. A clause
    before the verb and outside quote marks is no complement: its subject is the
    verb's."""
    for child in root.lefts:
        if child.dep_ != "ccomp" or child.i in quoted:
            continue
        for grandchild in child.lefts:
            if (
                grandchild.dep_ in ("nsubj", "nsubjpass")
                and grandchild.i not in quoted
                and grandchild.pos_ in ("NOUN", "PROPN")
            ):
                return grandchild
    return None


def _colon_subject(quote: Span, quoted: frozenset[int], starts: dict[int, int]) -> Token | None:
    """The subject of the clause a colon ends right before a quote: in 'Lee was quick to
    hit back: "…"' the colon hands the clause's subject the quote, whatever the verb."""
    doc = quote.doc
    index = quote.start - 1
    while index >= 0 and (doc[index].is_space or doc[index].text in _OPENING_MARKS + "‘'"):
        index -= 1
    if index < 0 or doc[index].text != ":":
        return None
    sentence_start = starts[index]
    clause = [t for t in doc[sentence_start:index] if t.i not in quoted]
    subjects = [
        t for t in clause if t.dep_ in ("nsubj", "nsubjpass") and t.tag_ not in ("WP", "WDT", "EX")
    ]
    main = [t for t in subjects if t.head.dep_ == "ROOT"]
    return (main or subjects or [None])[0]


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


_HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}


def _noun_gender(word: str) -> str | None:
    """'f' or 'm' for a noun that gives its person a gender ("spokeswoman", "actress",
    "Mr."), else None."""
    word = word.lower().rstrip(".")
    if word in FEMININE_NOUNS or word.endswith(("woman", "women")):
        return "f"
    if word in MASCULINE_NOUNS or (word.endswith("man") and len(word) > len("man") + 2):
        return "m"
    return None


# A description of a person that a later pronoun or description does not take up from
# this far back (in sentences): "the veteran" two paragraphs on is someone new.
MAX_DESCRIPTION_DISTANCE = 2
# How far back (sentences) "the ad" looks for the ad the article said someone ran.
MAX_DOCUMENT_DISTANCE = 8
# An author is itself resolved at most this many times ("the statement" of "the group").
MAX_AUTHOR_DEPTH = 2
# Prepositions by which a description relates its person to someone else: "a spokesman
# for the firm", "the mother of the victim" are not the firm, nor the victim.
_RELATING_PREPOSITIONS = ("for", "of", "to", "at", "with")
# Endings of nouns for a person ("activist", "columnist", "politician"), besides the
# person nouns listed in the lexicon: a description so headed may take up the person
# the last sentences are about.
_PERSON_SUFFIXES = ("ist", "ian")
# Person nouns that say what someone is only when the article gave them that title:
# "the judge" or "the prosecutor" is rarely whoever was last named.
TITLE_ONLY_NOUNS = {"judge", "justice", "prosecutor", "attorney", "lawyer", "official"}


def _describes_person(head: Token) -> bool:
    """Whether a noun heads a definite description that may stand for a person the
    article names: "the governor", "the presumptive nominee", "this veteran"; not an
    institution ("the court"), a document, a plural, a name, nor a description that
    relates its person to someone else ("the union's negotiator", "the aide to Lee")."""
    lemma = head.lemma_.lower()
    return not (
        head.pos_ != "NOUN"
        or head.tag_ in ("NNS", "NNPS")
        or head.ent_type_
        or lemma in GROUP_NOUNS | STATE_NOUNS | INSTITUTION_NOUNS | CHANNEL_NOUNS
        or lemma in DOCUMENT_NOUNS
        or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in head.lefts)
        or any(c.dep_ == "poss" for c in head.lefts)
        or any(c.dep_ == "prep" and c.lower_ in _RELATING_PREPOSITIONS for c in head.rights)
    )


def _can_author(token: Token) -> bool:
    """Whether a word the article names no actor by can still stand for the author of a
    document: a name, a plural of people ("40 economists"), a group or a person noun;
    not a thing ("the program") or another document."""
    lemma = token.lemma_.lower()
    if lemma in DOCUMENT_NOUNS or lemma in CHANNEL_NOUNS:
        return False
    return (
        token.pos_ == "PROPN"
        or token.tag_ == "NNS"
        or lemma in GROUP_NOUNS | PERSON_NOUNS | INSTITUTION_NOUNS
    )


def _document_author(document: Token, quoted: frozenset[int]) -> Token | None:
    """Who a document mention's own sentence says made it, or None: a possessor or a
    named modifier ("the campaign's ad", "the Hamas statement"), "by"/"from" ("a letter
    from two states", "signed by 40 economists"), the agent of its passive ("the lawsuit
    was brought by three states"), the subject of a verb of making it ("the campaign
    released an ad") or of the verb it came with ("Lee hit back with an ad", "said in a
    statement")."""
    for child in document.children:
        if child.i in quoted:
            continue
        if child.dep_ == "poss" and child.pos_ in ("NOUN", "PROPN"):
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and child.ent_type_:
            return child
        if child.dep_ == "prep" and child.lower_ in ("from", "by"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ == "acl":
            # "a letter signed by 40 economists"
            for part in child.children:
                objects = [c for c in part.children if c.dep_ == "pobj"]
                if part.dep_ == "agent" and objects:
                    return objects[0]
    head = document.head
    if document.dep_ == "nsubjpass":
        for part in head.children:
            objects = [c for c in part.children if c.dep_ == "pobj"]
            if part.dep_ == "agent" and objects:
                return objects[0]
    if document.dep_ == "dobj" and head.lemma_.lower() in AUTHOR_VERBS:
        return _subject(head, quoted)
    if (
        document.dep_ == "pobj"
        and head.lower_ in ("with", "in")
        and head.head.pos_ == "VERB"
        and (head.lower_ == "with" or head.head.lemma_.lower() in REPORTING_VERBS)
    ):
        return _subject(head.head, quoted)
    return None


class _Speakers:
    """Maps subject tokens to actors: names, pronouns, descriptions."""

    def __init__(
        self,
        doc: Doc,
        actors: list[Actor],
        token_actor: dict[int, str],
        sentence_of: dict[int, int] | None = None,
        quoted: frozenset[int] = frozenset(),
    ) -> None:
        self.doc = doc
        self.actors = {a.id: a for a in actors}
        self.token_actor = token_actor
        self.sentences = list(doc.sents)
        self.sentence_of = sentence_of or {}
        # token index -> index of the first token of its sentence
        self.sentence_start = {t.i: sentence.start for sentence in self.sentences for t in sentence}
        self.quoted = quoted
        # pronoun subjects outside quotes, in order, and the actors they were resolved to
        self._pronoun_subjects = [
            t
            for t in doc
            if t.dep_ in ("nsubj", "nsubjpass")
            and t.lower_ in PRONOUNS_PERSON | PRONOUNS_GROUP
            and t.i not in quoted
        ]
        self._resolved: dict[int, str | None] = {}
        self._titled_cache: dict[int, str | None] = {}
        # an honorific fixes an actor's gender: "Ms. Lee" is not "he" (in the name's
        # entity it became a role; before it, it is the word before a mention)
        self._gender = {
            a.id: _HONORIFIC_GENDER[role]
            for a in actors
            for role in (r.lower().rstrip(".") for r in a.roles)
            if role in _HONORIFIC_GENDER
        }
        for index, actor_id in token_actor.items():
            title = doc[index - 1].lower_.rstrip(".") if index > 0 else ""
            if title in _HONORIFIC_GENDER and index - 1 not in token_actor:
                self._gender.setdefault(actor_id, _HONORIFIC_GENDER[title])
        # title words each person is given, in or before their name ("Gov. Lee" ->
        # governor) or in a role ("Lee, the governor of Norland"): what "the governor"
        # takes up
        self._titles: dict[str, set[str]] = {
            a.id: {title_word(w) for r in a.roles for w in re.findall(r"[\w-]+", r)}
            for a in actors
            if a.kind == "person"
        }
        # and every word that describes them there ("Democratic Senator Ruiz")
        # the nationalities and parties among those words ("Democratic state Rep.")
        self._affiliations: dict[str, set[str]] = {}
        self._descriptors: dict[str, set[str]] = {
            a.id: {w.lower() for r in a.roles for w in re.findall(r"[\w-]+", r)}
            for a in actors
            if a.kind == "person"
        }
        for index, actor_id in token_actor.items():
            if actor_id not in self._titles:
                continue
            if index - 1 not in token_actor:
                self._titles[actor_id].update(titles_before(doc, index))
            before = index - 1
            while (
                before >= 0
                and token_actor.get(before) not in self._titles  # no other person
                and doc[before].dep_ in ("amod", "compound")
                and doc[before].pos_ in ("PROPN", "NOUN", "ADJ")
            ):
                self._descriptors[actor_id].add(doc[before].lower_)
                if doc[before].ent_type_ == "NORP":
                    self._affiliations.setdefault(actor_id, set()).add(doc[before].lower_)
                before -= 1
        for actor_id, titles in self._titles.items():
            self._descriptors[actor_id].update(titles)
        # a role or a title can fix a gender too: "Ana Ruiz, a spokeswoman for the
        # city" is not "he", nor "Councilman Brell" "she"
        for actor_id, words in self._descriptors.items():
            if actor_id not in self._gender:
                genders = {_noun_gender(w) for w in words} - {None}
                if len(genders) == 1:
                    self._gender[actor_id] = genders.pop()

    def resolve(self, subject: Token, depth: int = 0) -> tuple[str | None, str | None, str | None]:
        """(speaker text, actor id, role) for the subject token of a reporting verb.

        Names, names in apposition, pronouns (to their antecedent), documents (to their
        author: "the ad" to whoever the article says ran it) and definite descriptions
        of a person ("the governor", "the presumptive nominee": to the person so titled,
        else to the person the last sentences are about).
        """
        span = self.doc[subject.left_edge.i : subject.right_edge.i + 1]
        # the subject itself must name the actor: in "a senior Hamas official said" the
        # speaker is the official, described by the organization, not the organization
        actor_id = self.token_actor.get(subject.i)
        if actor_id:
            actor = self.actors[actor_id]
            return actor.name, actor_id, self._role(subject, span)
        for child in subject.children:
            # "the aide, Ana Ruiz, wrote": the name in apposition is the speaker
            named = self.token_actor.get(child.i) if child.dep_ == "appos" else None
            if named and self.actors[named].kind == "person":
                role = "".join(t.text_with_ws for t in span[: child.left_edge.i - span.start])
                role = re.sub(r"^(?:the|a|an)\s+", "", role.strip(" ,"), flags=re.I)
                return self.actors[named].name, named, role or None
        lemma = subject.lemma_.lower()
        if lemma in CHANNEL_NOUNS or lemma in DOCUMENT_NOUNS:
            # "the Hamas statement said": the statement speaks for the actor it names
            # (before the noun: after it, "a report that said Lee had …" names whom
            # the report is about)
            for token in span:
                owner = self.token_actor.get(token.i)
                if owner and token.i < subject.i:
                    return self.actors[owner].name, owner, None
        if lemma in DOCUMENT_NOUNS and depth < MAX_AUTHOR_DEPTH:
            # "the ad says": the words are those of whoever the article says ran it
            author = self._author(subject)
            if author is not None:
                found = self.resolve(author, depth + 1)
                if found[1] is not None:
                    return found
                if found[0] is not None and _can_author(author):
                    # its noun phrase up to its head: "federal prosecutors", not every
                    # clause hanging from it
                    words = self.doc[author.left_edge.i : author.i + 1].text
                    return re.sub(r"^(?:the|a|an)\s+", "", words, flags=re.I), None, None
        lower = subject.lower_
        if lower in ("i", "we", "you", "me", "us"):
            return None, None, None
        if lower in PRONOUNS_PERSON | PRONOUNS_GROUP:
            actor_id = self._antecedent(subject, lower in PRONOUNS_PERSON)
            if actor_id is None:
                return None, None, None
            return self.actors[actor_id].name, actor_id, None
        text = re.sub(r"^(?:the|a|an)\s+", "", span.text.strip(" ,;:"), flags=re.I)
        person = self._described_person(subject)
        if person is not None:
            # a later "he said" takes up the person the description stood for
            self._resolved.setdefault(subject.i, person)
            return self.actors[person].name, person, text or None
        return (text or None), None, None

    def _described_person(self, head: Token) -> str | None:
        """The person a definite description stands for ("the governor", "the
        presumptive Republican nominee", "the communications pro"), or None.

        A light coreference over the article's own actors: the person most recently
        named before with the description's title ("Gov. Lee" for "the governor");
        else, for a noun that can name a person, the person the sentences just before
        are about, as for a pronoun. Descriptions that relate their referent to
        someone else ("the union's negotiator", "a spokesman for the firm") or name
        an institution ("the court") are left as written: they are other people.
        """
        lemma = head.lemma_.lower()
        titled = self._titled(head)
        if titled is not None:
            return titled
        if not _describes_person(head) or lemma in TITLE_ONLY_NOUNS:
            return None  # "the judge" is no one the article has not called so
        if not (lemma in PERSON_NOUNS or _noun_gender(lemma) or lemma.endswith(_PERSON_SUFFIXES)):
            return None  # "the plan says": a thing, not the last person named
        return self._search(head, gender=_noun_gender(lemma), within=MAX_DESCRIPTION_DISTANCE)

    def _titled(self, head: Token) -> str | None:
        """The person most recently named before a description who has its title
        ("Gov. Lee" for "the governor"), or None (also for no description of a person)."""
        if head.i in self._titled_cache:
            return self._titled_cache[head.i]
        found = None
        if _describes_person(head):
            noun = title_word(head.lemma_.lower())
            gender = _noun_gender(head.lemma_.lower())
            for index in range(head.i - 1, -1, -1):
                actor_id = self.token_actor.get(index) or self._resolved.get(index)
                if actor_id is None or index in self.quoted or actor_id not in self._titles:
                    continue
                if noun in self._titles[actor_id] and (
                    gender is None or self._gender.get(actor_id, gender) == gender
                ):
                    found = actor_id
                    break
        self._titled_cache[head.i] = found
        return found

    def _author(self, document: Token) -> Token | None:
        """The token naming who wrote or ran a document: in its own phrase ("the
        campaign's ad", "a letter signed by 40 economists", "the lawsuit from two
        states"), else in the article's last mention of a document of its kind before
        it ("the Romney campaign retorted with an ad … The ad says")."""
        author = _document_author(document, self.quoted)
        if author is not None:
            return author
        kind = DOCUMENT_NOUNS[document.lemma_.lower()]
        here = self.sentence_of.get(document.i, 0)
        for index in range(document.i - 1, -1, -1):
            if here - self.sentence_of.get(index, 0) > MAX_DOCUMENT_DISTANCE:
                break
            earlier = self.doc[index]
            if index in self.quoted or DOCUMENT_NOUNS.get(earlier.lemma_.lower()) != kind:
                continue
            author = _document_author(earlier, self.quoted)
            if author is not None:
                return author
        return None

    def _antecedent(self, pronoun: Token, person: bool) -> str | None:
        """The actor a pronoun subject stands for.

        Sentences are searched from the pronoun's own back to the start (Hobbs's order);
        the first that mentions a compatible actor outside quote marks decides (a name
        inside a quote is someone the speaker talks about, not the speaker). Within it,
        the subject of the main clause comes first, then any subject, then the leftmost
        mention: the actor a passage is about is the one a pronoun takes up (centering).
        Earlier pronoun subjects count as mentions of the actor they were resolved to,
        and "he" never takes up a woman the article calls "Ms.", nor "she" a "Mr.".
        """
        if pronoun.i in self._resolved:
            return self._resolved[pronoun.i]
        # resolve the pronoun subjects before this one first, in order, so that a chain
        # of "she said … she added" is followed without recursion
        for earlier in self._pronoun_subjects:
            if earlier.i >= pronoun.i:
                break
            if earlier.i not in self._resolved:
                self._resolved[earlier.i] = self._search(earlier)
        self._resolved[pronoun.i] = self._search(pronoun)
        return self._resolved[pronoun.i]

    def _search(
        self, pronoun: Token, gender: str | None = None, within: int | None = None
    ) -> str | None:
        """The actor a pronoun (or, with ``within`` sentences, a description of a person
        of ``gender``) takes up: see ``_antecedent``."""
        person = pronoun.lower_ in PRONOUNS_PERSON or within is not None
        prefer = {m.lower_ for m in pronoun.lefts if m.dep_ in ("amod", "compound")}
        affiliation = {m.lower_ for m in pronoun.lefts if m.ent_type_ == "NORP"}
        overall: tuple | None = None
        if within is None:
            gender = _PRONOUN_GENDER.get(pronoun.lower_)
        here = self.sentence_of.get(pronoun.i, 0)
        last = 0 if within is None else max(0, here - within)
        for number in range(here, last - 1, -1):
            best: tuple | None = None
            for token in self.sentences[number]:
                if token.i >= pronoun.i:
                    break
                if token.i in self.quoted:
                    continue
                actor_id = self.token_actor.get(token.i) or self._resolved.get(token.i)
                if actor_id is None and token.dep_ in ("nsubj", "nsubjpass"):
                    # "The liberal justice had …. “…,” she said": a titled description
                    actor_id = self._titled(token)
                if actor_id is None or name_key(self.actors[actor_id].name) in CHANNEL_NOUNS:
                    continue  # a channel the recognizer took for a name ("Twitter")
                is_person = self.actors[actor_id].kind == "person" or token.ent_type_ == "PERSON"
                if is_person != person or (
                    gender is not None and self._gender.get(actor_id, gender) != gender
                ):
                    continue
                # the subject of the main clause first (centering); a gender known to
                # agree does not outrank it, as genders are known for some people only
                candidate = (self._prominence(token, actor_id), token.i, actor_id)
                if within is not None:
                    # a description: one the article described with its modifiers
                    # ("the Democratic nominee": "Democratic Senator Ruiz") anywhere in
                    # the window, else the nearest sentence's
                    own = self._affiliations.get(actor_id)
                    if affiliation and own and not affiliation & own:
                        continue  # "the Republican governor" is no "Democratic Rep."
                    described = int(not prefer & self._descriptors.get(actor_id, set()))
                    candidate = (described, here - number, *candidate)
                    if overall is None or candidate < overall:
                        overall = candidate
                elif best is None or candidate < best:
                    best = candidate
            if best is not None:
                return best[-1]
        return overall[-1] if overall is not None else None

    def _prominence(self, token: Token, actor_id: str) -> int:
        """0 for the subject of a main clause, 1 for another subject, 2 otherwise."""
        while token.head.i != token.i and self.token_actor.get(token.head.i) == actor_id:
            token = token.head  # up to the head of the mention ("Mr." -> "Steele")
        if token.dep_ not in ("nsubj", "nsubjpass"):
            return 2
        clause = token.head
        while clause.dep_ == "conj" and clause.head.i != clause.i:
            clause = clause.head
        return 0 if clause.dep_ == "ROOT" else 1

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
    doc: Doc,
    actors: list[Actor],
    token_actor: dict[int, str],
    sentence_of: dict[int, int],
    options: AnnotateOptions | None = None,
) -> list[QuoteAnnotation]:
    """Direct and indirect quotes of one parsed article."""
    min_words = (options or AnnotateOptions()).min_quote_words
    # Doc.text joins every token anew on each access: read it once
    text = doc.text
    spans = []
    for start, end in sorted(quote_spans(text, min_words) + _block_quotes(doc, text, min_words)):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            spans.append((start, end, span))
    quoted_tokens: set[int] = {i for _, _, span in spans for i in range(span.start, span.end)}
    quoted = frozenset(quoted_tokens)
    speakers = _Speakers(doc, actors, token_actor, sentence_of, quoted)
    sentences = speakers.sentences
    quotes: list[QuoteAnnotation] = []
    ends: list[int] = []
    for start, end, span in spans:
        first, last = sentence_of.get(span.start, 0), sentence_of.get(span.end - 1, 0)
        ends.append(last)
        # tokens of the quote's sentences outside all quote marks, nearest the quote first
        around = [
            t
            for s in sentences[first : last + 1]
            for t in s
            if not span.start - 1 <= t.i <= span.end and t.i not in quoted
        ]
        around.sort(key=lambda t: min(abs(t.i - span.start), abs(t.i - span.end)))
        verb = _reporting_verb(around, quoted)
        if verb is None and first > 0:
            before = sentences[first - 1]
            if before.text.rstrip().endswith(":"):
                verb = _reporting_verb(list(before), quoted)
        if verb is None and last + 1 < len(sentences):
            # the attribution in the next sentence: a short one ("Lee said."), or one
            # it opens ("Lee was quoted as saying, …")
            # in the same paragraph
            after = list(sentences[last + 1])
            if len(after) > 8:
                between = doc[span.end : sentences[last + 1].start]
                same = not any("\n" in t.text_with_ws for t in between)
                after = after[:ATTRIBUTION_OPENS] if same else []
            verb = _reporting_verb(after, quoted)
        alone = not any(not (t.is_punct or t.is_space) for t in around)
        if verb is None and first > 0 and alone and _opens_paragraph(span):
            # a quote paragraph of its own after "Lee said the offer was unfair.": Lee
            # goes on (a quote after another quote is carried on below)
            before = sentences[first - 1]
            if not any(t.i in quoted for t in before):
                verb = next(
                    (
                        t
                        for t in before
                        if t.lemma_.lower() in REPORTING_VERBS
                        and t.pos_ == "VERB"
                        and any(c.dep_ == "ccomp" for c in t.children)
                    ),
                    None,
                )
        speaker = actor_id = role = channel = None
        verb_text = None
        if verb is not None:
            subject = _subject(verb, quoted)
            if subject is not None:
                speaker, actor_id, role = speakers.resolve(subject)
            verb_text = verb.text
            channel = _channel(verb)
        else:
            subject = _colon_subject(span, quoted, speakers.sentence_start)
            if subject is not None:
                speaker, actor_id, role = speakers.resolve(subject)
        quotes.append(
            QuoteAnnotation(
                text=text[start:end].strip(" ,."),
                direct=True,
                speaker=speaker,
                speaker_actor=actor_id,
                role=role,
                verb=verb_text,
                channel=channel,
                sentence=first,
            )
        )
    _carry_speakers(quotes, ends)
    quotes += _indirect(doc, sentences, speakers, quoted_tokens, sentence_of, min_words)
    by_id = {a.id: a for a in actors}
    for quote in quotes:
        actor = by_id.get(quote.speaker_actor or "")
        if actor is not None and actor.kind == "person":
            roles = ([quote.role] if quote.role else []) + actor.roles
            quote.speaker_for = next(filter(None, map(speaks_for, roles)), None)
    return quotes


# Roles whose holder speaks for someone else: the words are that someone's.
_VOICE = r"(?:spokes(?:man|woman|person)|press secretary|editor(?: in chief)?)"
_VOICE_PATTERNS = [
    # "a spokeswoman for the Valley Party", "editor of the Harbour Gazette"
    re.compile(rf"\b{_VOICE}\s+(?:for|of|to)\s+(?:the\s+)?(?P<for>.+)$", re.I),
    # "the Valley Party's spokeswoman", "the Gazette’s editor in chief"
    re.compile(rf"^(?:the\s+)?(?P<for>.+?)['’]s?\s+(?:\w+\s+)*?{_VOICE}$", re.I),
    # "Valley Party campaign spokeswoman"
    re.compile(rf"^(?:the\s+)?(?P<for>[A-Z][\w.-]*(?:\s+[\w.-]+)*?)\s+{_VOICE}$"),
]


def speaks_for(role: str) -> str | None:
    """Whom a role makes its holder speak for: 'a spokeswoman for the Valley Party' ->
    'Valley Party'; None for a role that speaks only for itself."""
    role = re.sub(r"^(?:a|an)\s+", "", role.strip(" ,"), flags=re.I)
    for pattern in _VOICE_PATTERNS:
        match = pattern.search(role)
        if match:
            return match.group("for").strip(" ,") or None
    return None


# A quote with no speaker of its own continues the previous speaker's words when it
# starts at most this many sentences after that speaker's quote ended.
MAX_CONTINUATION_GAP = 2


def _carry_speakers(quotes: list[QuoteAnnotation], ends: list[int]) -> None:
    """A quote attributed to 'the statement', or to no one, right after a quote of X
    continues X's words. ``ends`` are the quotes' last sentences: a long quote's end, not
    its start, is where the next one continues from."""
    previous: QuoteAnnotation | None = None
    previous_end = 0
    for quote, end in zip(quotes, ends, strict=True):
        continues = previous is not None and quote.sentence - previous_end <= MAX_CONTINUATION_GAP
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
            quote.speaker_for = quote.speaker_for or previous.speaker_for
        if quote.speaker is not None:
            previous, previous_end = quote, end


def _indirect(
    doc: Doc,
    sentences: list[Span],
    speakers: _Speakers,
    quoted: set[int],
    sentence_of: dict[int, int],
    min_words: int,
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
            if len(content.split()) < min_words:
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
