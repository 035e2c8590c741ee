"""Actors and the labels an article gives them.

Entity mentions are grouped into actors within an article: titles are stripped from
names, a surname alone joins the full name it belongs to (also when misspelt by a swap
of two letters), an acronym joins the name it abbreviates. Descriptions that refer to an
actor become its labels: appositions ("Hamas, the militant group"), modifiers inside
its noun phrase ("the resistance movement Hamas"), definite descriptions that stand for
an actor named earlier ("the militant group said"), and scare quotes around a name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import OSA

from ..annotation import Actor, ActorKind, Annotation, StateDescription
from .gazetteer import all_countries, countries_of_city, country_named, country_of_capital
from .lexicon import (
    CHANNEL_NOUNS,
    GROUP_NOUNS,
    PERSON_NOUNS,
    STATE_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLES,
)
from .options import AnnotateOptions

if TYPE_CHECKING:  # spaCy loads with the models (newsprism.nlp), not on import
    import numpy as np
    from spacy.tokens import Doc, Span, Token

_KINDS: dict[str, ActorKind] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}
_QUOTE_OPEN = "\"“‘'«"
_QUOTE_CLOSE = "\"”’'»"
# A surname alone matches a full name's last word within ``annotate.max_name_edits``
# (AnnotateOptions) for names this long.
MIN_FUZZY_NAME = 5
# How much a mention makes its actor salient, by grammatical role.
_ROLE_WEIGHTS = {
    "nsubj": 3.0,
    "nsubjpass": 3.0,
    "compound": 0.5,
    "poss": 0.5,
    "pobj": 0.7,
    "agent": 0.5,
}
# Definite descriptions resolve to an actor mentioned at most this many sentences before.
MAX_ANTECEDENT_DISTANCE = 4


_WORD = re.compile(r"\w+")


# Memoized: actor resolution compares every mention with every known name (about 90,000
# keys for 50 articles, of a few hundred distinct names).
@lru_cache(maxsize=8192)
def name_key(name: str) -> str:
    """Normalized name for matching: case, accents of apostrophes, punctuation dropped."""
    return " ".join(_WORD.findall(name.casefold().replace("’", "'")))


def title_word(word: str) -> str:
    """A title as a later description names it: 'Gov.' -> 'governor', 'Senator' ->
    'senator'."""
    word = word.lower().rstrip(".")
    return TITLE_ABBREVIATIONS.get(word, word)


def titles_before(doc: Doc, start: int) -> list[str]:
    """Title words written before a name that starts at token ``start``, outside its
    entity: "Senate Majority Leader Mitch McConnell" -> ['leader'], "Gov. Jane Doe" ->
    ['governor']. The recognizer leaves titles out of most names; they are the words a
    later "the governor" takes up."""
    found: list[str] = []
    index = start - 1
    while index >= 0:
        token = doc[index]
        word = token.lower_.rstrip(".")
        if word in TITLES or word in TITLE_ABBREVIATIONS:
            found.append(title_word(word))
        elif not (token.dep_ == "compound" and token.pos_ in ("PROPN", "NOUN")) or token.ent_type_:
            break  # a title runs through compounds ("Majority"), not past another name
        index -= 1
    return found


def _clean_mention(span: Span) -> tuple[str, str | None]:
    """(name, title) of an entity span: determiner, possessive and titles removed."""
    tokens = list(span)
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
        tokens = tokens[:-1]
    title: list[str] = []
    if span.label_ == "PERSON":
        while len(tokens) > 1 and tokens[0].lower_.rstrip(".") in TITLES:
            title.append(tokens[0].text)
            tokens = tokens[1:]
    text = "".join(t.text_with_ws for t in tokens).strip()
    text = re.sub(r"['’]s$|['’]$", "", text).strip()
    return text, " ".join(title) or None


@dataclass
class _Group:
    kind: ActorKind
    names: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    tokens: set[int] = field(default_factory=set)
    kinds: list[ActorKind] = field(default_factory=list)
    weight: float = 0.0
    # title words written with the name, inside or before its entity ("governor")
    titles: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return max(self.names, key=lambda n: (len(n.split()), len(n), -self.names.index(n)))


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _same_actor(group: _Group, name: str, kind: ActorKind, max_edits: int) -> bool:
    key = name_key(name)
    for known in group.names:
        known_key = name_key(known)
        if key == known_key:
            return True
        if group.kind == "person" or kind == "person":
            words, known_words = key.split(), known_key.split()
            # a surname alone, or the tail of a longer name ("Abu Zuhri")
            if len(words) < len(known_words) and known_words[-len(words) :] == words:
                return True
            if len(known_words) < len(words) and words[-len(known_words) :] == known_words:
                return True
            if (
                len(words) == 1
                and len(key) >= MIN_FUZZY_NAME
                and OSA.distance(key, known_words[-1]) <= max_edits
            ):
                return True
        if name.isupper() and 2 <= len(name) <= 6 and _initials(known) == name:
            return True
        if known.isupper() and 2 <= len(known) <= 6 and _initials(name) == known:
            return True
    return False


def _premodifier_label(span: Span) -> str | None:
    """Nouns and adjectives before a name in its noun phrase: 'resistance movement'."""
    root = span.root
    doc = span.doc
    previous = doc[span.start - 1] if span.start > 0 else None
    if previous is not None and previous.pos_ == "NOUN" and description_kind(previous):
        # "the Palestinian resistance movement Hamas", however the parser attached it
        start = min([t.i for t in previous.lefts] + [previous.i])
        words = [t for t in doc[start : span.start] if t.dep_ not in ("det", "punct")]
        return "".join(t.text_with_ws for t in words).strip() or None
    lefts = [t for t in root.lefts if t.i < span.start and t.dep_ in ("compound", "amod", "nmod")]
    if not lefts:
        # "the resistance movement Hamas": the name is an apposition of the description
        if root.dep_ == "appos" and root.head.i < span.start and root.head.pos_ == "NOUN":
            head = root.head
            words = [t for t in head.subtree if t.i < span.start and t.dep_ not in ("det", "punct")]
            text = "".join(t.text_with_ws for t in words).strip()
            return text if head.lemma_.lower() in GROUP_NOUNS | PERSON_NOUNS else None
        return None
    start = min(t.left_edge.i for t in lefts)
    words = [
        t for t in span.doc[start : span.start] if t.dep_ not in ("det", "punct", "poss", "case")
    ]
    if not any(t.pos_ == "NOUN" for t in words):
        return None
    return "".join(t.text_with_ws for t in words).strip() or None


def _apposition(span: Span) -> str | None:
    """'Hossam Badran, member of Hamas' Political Bureau,' -> the apposition's words."""
    for child in span.root.children:
        if (
            child.dep_ == "appos"
            and child.i >= span.end
            and child.ent_type_ not in ("PERSON", "GPE")
        ):
            if span.label_ != "PERSON" and description_kind(child) is None:
                continue
            words = [t for t in child.subtree if t.dep_ != "punct" or t.text in "’'"]
            text = "".join(t.text_with_ws for t in words).strip(" ,")
            return re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.I)
    return None


def _is_scare_quoted(span: Span) -> bool:
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    return len(before) == 1 and before in _QUOTE_OPEN and len(after) == 1 and after in _QUOTE_CLOSE


def _demonym_match(modifier: str, name: str) -> bool:
    """'Israeli' -> 'Israel', 'Egyptian' -> 'Egypt': a shared stem of five letters."""
    a, b = modifier.casefold(), name.casefold()
    stem = min(len(a), len(b), 5)
    return stem >= 4 and a[:stem] == b[:stem]


def find_actors(
    doc: Doc, sentence_of: dict[int, int], options: AnnotateOptions | None = None
) -> tuple[list[Actor], dict[int, str], list[StateDescription]]:
    """Actors of one parsed article, which actor each name token belongs to, and the
    state descriptions whose modifier names no state the article names."""
    options = options or AnnotateOptions()
    groups: list[_Group] = []
    mention_order: list[tuple[int, int]] = []  # (token index, group index) of every mention
    for span in doc.ents:
        kind = _KINDS.get(span.label_)
        if kind is None:
            continue
        name, title = _clean_mention(span)
        if not name or not any(c.isalpha() for c in name):
            continue
        if kind == "person" and name_key(name) in CHANNEL_NOUNS:
            # the recognizer takes "Twitter" for a person at times: a channel never is
            kind = "organization"
        target = next(
            (g for g in groups if _same_actor(g, name, kind, options.max_name_edits)), None
        )
        if target is None:
            target = _Group(kind=kind)
            groups.append(target)
        target.names.append(name)
        target.kinds.append(kind)
        target.weight += _ROLE_WEIGHTS.get(span.root.dep_, 1.0)
        # the tagger's label varies between mentions: the majority decides
        target.kind = max(target.kinds, key=target.kinds.count)
        target.tokens.update(range(span.start, span.end))
        sentence = sentence_of.get(span.start, 0)
        if sentence not in target.sentences:
            target.sentences.append(sentence)
        mention_order.append((span.start, groups.index(target)))
        if title:
            target.roles.append(title)
            target.titles.update(title_word(w) for w in title.split())
        if kind == "person":
            target.titles.update(titles_before(doc, span.start))
        modifier = _premodifier_label(span)
        if modifier:
            (target.roles if target.kind == "person" else target.labels).append(modifier)
        appos = _apposition(span)
        if appos:
            (target.roles if target.kind == "person" else target.labels).append(appos)
        if _is_scare_quoted(span):
            target.labels.append(f"‘{name}’ (in scare quotes)")

    _link_bare_surnames(doc, groups, mention_order, sentence_of)
    unresolved = _link_descriptions(
        doc, groups, mention_order, sentence_of, options.min_seat_population
    )

    actors: list[Actor] = []
    token_actor: dict[int, str] = {}
    for number, group in enumerate(groups):
        actor_id = f"a{number}"
        actors.append(
            Actor(
                id=actor_id,
                name=group.name,
                kind=group.kind,
                mentions=list(dict.fromkeys(group.names)),
                labels=list(dict.fromkeys(group.labels)),
                roles=list(dict.fromkeys(group.roles)),
                sentences=sorted(group.sentences),
            )
        )
        for token in group.tokens:
            token_actor[token] = actor_id
    return actors, token_actor, unresolved


def _link_bare_surnames(
    doc: Doc,
    groups: list[_Group],
    mention_order: list[tuple[int, int]],
    sentence_of: dict[int, int],
) -> None:
    """A person's surname that the entity recognizer missed ("Lauten later apologized")
    still mentions the person the article named: a proper noun outside every entity,
    spelt as the last word of exactly one person's name."""
    owner: dict[str, int | None] = {}
    for index, group in enumerate(groups):
        if group.kind != "person":
            continue
        for name in group.names:
            surname = name.split()[-1]
            if len(surname) > 1 and surname[0].isupper():
                owner[surname] = index if owner.get(surname, index) == index else None
    if not owner:
        return
    in_entity = {i for entity in doc.ents for i in range(entity.start, entity.end)}
    added = False
    for token in doc:
        if token.pos_ != "PROPN" or token.i in in_entity:
            continue
        index = owner.get(token.text)
        if index is None:
            continue
        group = groups[index]
        group.tokens.add(token.i)
        group.weight += _ROLE_WEIGHTS.get(token.dep_, 1.0)
        sentence = sentence_of.get(token.i, 0)
        if sentence not in group.sentences:
            group.sentences.append(sentence)
        mention_order.append((token.i, index))
        added = True
    if added:
        mention_order.sort()


def description_kind(head: Token) -> str | None:
    """What a description's head noun can stand for: 'person', 'state' or 'organization'."""
    lemma = head.lemma_.lower()
    if lemma in PERSON_NOUNS and head.tag_ != "NNS":
        return "person"
    if lemma in STATE_NOUNS or head.lower_ in STATE_NOUNS:
        return "state"
    if lemma in GROUP_NOUNS or head.lower_ in GROUP_NOUNS:
        return "organization"
    return None


def capitals_as_states(actors: list[Actor], quotes: list) -> list[Actor]:
    """Quotes whose speaker is a capital ("Moscow said", "Washington rejected the claim")
    given to the state it stands for: its actor, added to ``actors`` when the article does
    not name the state (the list returned). Only capitals: "Chicago said" is the city's
    own government speaking. ``quotes`` (``QuoteAnnotation``) are changed in place."""
    actors = list(actors)
    by_id = {actor.id: actor for actor in actors}
    for quote in quotes:
        speaker = by_id.get(quote.speaker_actor) if quote.speaker_actor else None
        if speaker is not None and speaker.kind != "place":
            continue
        country = country_of_capital(speaker.name if speaker else quote.speaker or "")
        if country is None:
            continue
        state = next(
            (a for a in actors if a.kind in ("place", "organization") and country.named(a.name)),
            None,
        )
        if state is None:
            state = Actor(
                id=f"a{len(actors)}",
                name=country.name,
                kind="place",
                mentions=[country.name],
                sentences=[quote.sentence],
            )
            actors.append(state)
            by_id[state.id] = state
        city = speaker.name if speaker else quote.speaker
        if city and city not in state.labels:
            state.labels.append(city)
        quote.speaker, quote.speaker_actor = state.name, state.id
    return actors


# A state description whose modifier is no demonym ("the Zionist entity", "the Soviet
# regime") stands for the country of the article whose name is nearest the modifier by
# meaning (all-MiniLM-L6-v2, the encoder the pipeline already loads), when that
# similarity reaches ``annotate.state_similarity`` and leads the next country's by
# ``annotate.state_margin`` (AnnotateOptions, with their calibration). The dev sets
# hold 13 such descriptions (basil-dev 1, allsides-dev 5, ecb-dev 7); the rule leaves
# "the Republican establishment", "the Islamic State", "the former Soviet republic"
# and the others it does not resolve alone. A modifier that is itself a country's
# demonym ("Palestinian resistance forces" in an article naming Israel only) is never
# given to another country, nor is a former or ex- state ("the former Soviet republic"
# is a successor, not Russia).
_FORMER = re.compile(r"\b(?:former|ex-)", re.IGNORECASE)


def states_by_meaning(
    annotations: Sequence[Annotation],
    encode: Callable[[list[str]], np.ndarray],
    options: AnnotateOptions | None = None,
) -> None:
    """Resolve each annotation's ``unresolved_states`` to one of the countries it
    names, by meaning (``options.state_similarity`` and ``state_margin``): the
    description becomes a label of that country's actor and leaves the list. ``encode``
    gives unit vectors of texts; it is called once, for every modifier and country name
    together. Changes the annotations in place."""
    options = options or AnnotateOptions()
    candidates: dict[str, list[tuple[Actor, str]]] = {}
    texts: set[str] = set()
    for annotation in annotations:
        if not annotation.unresolved_states:
            continue
        found: dict[str, Actor] = {}  # one actor per country, the first named
        for actor in annotation.actors:
            country = country_named(actor.name) if actor.kind in ("place", "organization") else None
            if country is not None:
                found.setdefault(country.name, actor)
                texts.add(country.name)
        candidates[annotation.article_id] = [(actor, name) for name, actor in found.items()]
        texts.update(d.modifier for d in annotation.unresolved_states)
    if not any(candidates.values()):
        return
    ordered = sorted(texts)
    vectors = dict(zip(ordered, encode(ordered), strict=True))
    for annotation in annotations:
        found = candidates.get(annotation.article_id)
        if not found:
            continue
        left = []
        for description in annotation.unresolved_states:
            if _is_a_countrys_demonym(description.modifier) or _FORMER.search(description.label):
                left.append(description)
                continue
            similarities = [float(vectors[description.modifier] @ vectors[n]) for _, n in found]
            ranked = sorted(range(len(found)), key=lambda k: -similarities[k])
            best = similarities[ranked[0]]
            runner_up = similarities[ranked[1]] if len(ranked) > 1 else -1.0
            if best < options.state_similarity or best - runner_up < options.state_margin:
                left.append(description)
                continue
            actor = found[ranked[0]][0]
            if description.label not in actor.labels:
                actor.labels.append(description.label)
            if description.sentence not in actor.sentences:
                actor.sentences = sorted([*actor.sentences, description.sentence])
        annotation.unresolved_states = left


def _is_a_countrys_demonym(modifier: str) -> bool:
    """Whether a modifier derives from some country's name ("Palestinian"): the
    description then stands for that country (one the article does not name, or the
    stem rule would have resolved it), never for another."""
    return any(_demonym_match(modifier, country.name) for country in all_countries())


def _state_of_seat(groups: list, index: int, sentence: int, min_population: int) -> int:
    """The state a place in a state description stands for ("the Tel Aviv regime" ->
    Israel): when exactly one country has a city of that name of ``min_population``
    people or more, the actor of that country, added when the article does not name
    it; else the place itself."""
    if groups[index].kind != "place":
        return index
    countries = countries_of_city(groups[index].name, min_population)
    if len(countries) != 1:
        return index
    country = countries[0]
    for number, group in enumerate(groups):
        if number != index and any(country.named(name) for name in group.names):
            return number if group.kind in ("place", "organization") else index
    groups.append(_Group(kind="place", names=[country.name], sentences=[sentence]))
    return len(groups) - 1


def resolve_description(
    chunk: Span,
    groups: list,
    mention_order: list[tuple[int, int]],
    sentence_of: dict[int, int],
    inside: list[int] | None = None,
    min_seat_population: int = AnnotateOptions.min_seat_population,
) -> int | None:
    """Index of the actor a definite description stands for, or None when unsure.

    ``inside`` are actors named within the description ("the Tel Aviv regime", "the
    Israeli premier"). A state noun goes to the place or organization named in it, or to
    an earlier actor whose name the modifier derives from ("Israeli" -> Israel); without
    a modifier it stays unresolved, as it could be any state; a city stands for its
    state when it has ``min_seat_population`` people or more. A group noun goes to the
    most mentioned organization among those named shortly before; a person noun to the
    most mentioned person, and with a nationality modifier only to a person the article
    already described with it.
    """
    kind = description_kind(chunk.root)
    if kind is None:
        return None
    inside = inside or []
    modifiers = [groups[i].name for i in inside]
    if kind == "state":
        for index in inside:
            if groups[index].kind in ("place", "organization"):
                return _state_of_seat(
                    groups, index, sentence_of.get(chunk.start, 0), min_seat_population
                )
        if not modifiers:
            return None
    here = sentence_of.get(chunk.start, 0)
    recent: list[int] = []
    for token_index, group_index in reversed(mention_order):
        if token_index >= chunk.start:
            continue
        if here - sentence_of.get(token_index, 0) > MAX_ANTECEDENT_DISTANCE:
            break
        if group_index not in inside and group_index not in recent:
            recent.append(group_index)

    def salience(index: int) -> tuple[float, int]:
        # Centering: an actor that is the subject of sentences is the one later
        # descriptions take up; one named only as a modifier or a source rarely is.
        return (groups[index].weight, -recent.index(index) if index in recent else 0)

    if kind == "state" or (kind == "organization" and modifiers):
        allowed = ("place", "organization") if kind == "state" else ("organization",)
        named = [
            i
            for i in range(len(groups))
            if groups[i].kind in allowed
            and any(_demonym_match(m, groups[i].name) for m in modifiers)
        ]
        if named:
            return max(named, key=lambda i: len(groups[i].names))
        if kind == "state":
            return None
    wanted = "person" if kind == "person" else "organization"
    candidates = [i for i in recent if groups[i].kind == wanted]
    if kind == "person" and modifiers:
        candidates = [
            i
            for i in candidates
            if any(m.casefold() in " ".join(groups[i].roles).casefold() for m in modifiers)
        ]
    if kind == "person":
        # "the president" is the one the article gave that title ("President Lee"),
        # however salient another person is, and however long ago it was named: the
        # most recent so titled among those named before
        noun = title_word(chunk.root.lower_)

        def titled(i: int) -> bool:
            return noun in groups[i].titles or any(
                noun in map(title_word, name_key(r).split()) for r in groups[i].roles
            )

        near = [i for i in candidates if titled(i)]
        if not near and not modifiers:
            earlier = dict.fromkeys(
                g for t, g in reversed(mention_order) if t < chunk.start and g not in inside
            )
            near = [i for i in earlier if groups[i].kind == "person" and titled(i)][:1]
        candidates = near or candidates
    return max(candidates, key=salience) if candidates else None


def _descriptions(doc: Doc) -> list[Span]:
    """Definite descriptions: 'the' + modifiers + a noun that can stand for an actor,
    including possessors ("the Israeli premier's insistence")."""
    spans = []
    for token in doc:
        if token.pos_ not in ("NOUN", "PROPN") or description_kind(token) is None:
            continue
        if any(c.like_num or c.lower_ in ("two", "both", "other", "each") for c in token.lefts):
            continue  # "the two sides", "the other side": not one actor
        determiners = [c for c in token.lefts if c.dep_ == "det" and c.lower_ == "the"]
        if not determiners:
            continue
        spans.append(doc[determiners[0].i : token.i + 1])
    return spans


def _link_descriptions(
    doc: Doc,
    groups: list[_Group],
    mention_order: list[tuple[int, int]],
    sentence_of: dict[int, int],
    min_seat_population: int,
) -> list[StateDescription]:
    """Attach definite descriptions to the actors they stand for; return the state
    descriptions whose modifier ("the Zionist entity") derives from no state named."""
    unresolved: list[StateDescription] = []
    owner = {t: index for index, group in enumerate(groups) for t in group.tokens}
    # A description the article itself attached to a name ("the Ostrel Front, a rebel
    # coalition", "the resistance movement Hamas") is taken up by later uses of the
    # same description or of its head noun ("the coalition").
    introduced: dict[str, int] = {}
    for index, group in enumerate(groups):
        for label in group.labels + group.roles:
            words = name_key(label).split()
            if words:
                introduced.setdefault(" ".join(words), index)
                introduced.setdefault(words[-1], index)
    for chunk in _descriptions(doc):
        if chunk.root.i in owner:
            continue
        inside = list(dict.fromkeys(owner[t.i] for t in chunk if t.i in owner))
        described = name_key("".join(t.text_with_ws for t in chunk[1:]))
        target = introduced.get(described, introduced.get(chunk.root.lower_))
        if target is None or (
            groups[target].kind == "person" and description_kind(chunk.root) != "person"
        ):
            target = resolve_description(
                chunk, groups, mention_order, sentence_of, inside, min_seat_population
            )
        label = "".join(t.text_with_ws for t in chunk[1:]).strip()
        if target is None:
            modifier = next((groups[i].name for i in inside if groups[i].kind == "group"), None)
            if modifier and description_kind(chunk.root) == "state":
                unresolved.append(
                    StateDescription(
                        label=label, modifier=modifier, sentence=sentence_of.get(chunk.start, 0)
                    )
                )
            continue
        group = groups[target]
        own_name = any(name_key(name) in name_key(label) for name in group.names)
        if own_name and description_kind(chunk.root) != "state":
            continue  # "the Hamas delegation": a part of the actor, not a label for it
        (group.roles if group.kind == "person" else group.labels).append(label)
        if group.kind != "person":
            introduced.setdefault(described, target)
            introduced.setdefault(chunk.root.lower_, target)
        group.tokens.update(t.i for t in chunk if t.i not in owner)
        mention_order.append((chunk.start, target))
        mention_order.sort()
    return unresolved
