"""Records of the language layer: what one article says, read once and reused.

An ``Annotation`` holds, for one article, its sentences, the actors it mentions with
the labels it gives them, the statements it quotes, the figures it reports and the
times it names. It is cached in the store (``ANNOTATION_VERSION`` invalidates the cache
when the rules change).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

# Bump when annotation rules change, so cached annotations are recomputed.
ANNOTATION_VERSION = 15

ActorKind = Literal["person", "organization", "place", "group", "other"]
Bound = Literal[
    "exact", "at_least", "more_than", "around", "nearly", "at_most", "less_than", "range"
]


class Sentence(BaseModel):
    text: str
    start: int = Field(description="Character offset in the article text.")
    end: int
    clauses: list[tuple[int, int]] = Field(
        default_factory=list,
        description="Character spans of its independent clauses when it has several.",
    )


class Actor(BaseModel):
    """One actor as one article refers to it."""

    id: str = Field(description="Id within the article: 'a0', 'a1', …")
    name: str = Field(description="Canonical name: the fullest form the article uses.")
    kind: ActorKind
    mentions: list[str] = Field(description="Surface forms used, in order of first use.")
    labels: list[str] = Field(
        default_factory=list,
        description="Descriptions the article applies to the actor: appositions, "
        "definite descriptions ('the militant group'), modifiers ('the resistance "
        "movement Hamas'), scare quotes.",
    )
    roles: list[str] = Field(default_factory=list, description="Roles or titles given.")
    sentences: list[int] = Field(default_factory=list, description="Sentences mentioning it.")


class QuoteAnnotation(BaseModel):
    text: str = Field(description="The quoted words, or the reported content.")
    direct: bool
    speaker: str | None = Field(description="Actor name, or the description used.")
    speaker_actor: str | None = Field(None, description="Actor id in this article.")
    role: str | None = None
    speaker_for: str | None = Field(
        None,
        description="The organization or person the speaker speaks for, when a role says "
        "so: 'a spokeswoman for the Valley Party' -> 'Valley Party'.",
    )
    verb: str | None = Field(None, description="Reporting verb as written: said, told, claimed…")
    channel: str | None = Field(
        None, description="'told AFP by telephone', 'posted on its website'."
    )
    sentence: int


class Figure(BaseModel):
    text: str = Field(description="The words of the figure, e.g. 'at least 34,622'.")
    value: float
    upper: float | None = Field(
        None, description="Upper end of a range; of a tally (unit 'tally'), its second number."
    )
    bound: Bound = "exact"
    unit: str = Field(
        "count",
        description="count, percent, tally (a vote or a score: '52-48', '141 votes to 97'), "
        "or the unit ('day', 'metre', …).",
    )
    counts: str | None = Field(None, description="What is counted: 'Palestinians killed'.")
    noun: str | None = Field(None, description="Head noun of the counted thing.")
    event: str | None = Field(None, description="Verb or event noun it belongs to: 'killed'.")
    sentence: int


class TimeExpression(BaseModel):
    text: str
    date: str | None = Field(None, description="Resolved ISO date, when it can be.")
    relative: bool = Field(description="True for expressions like 'on Friday', 'next week'.")
    sentence: int


class StateDescription(BaseModel):
    """A description of a state whose modifier is no demonym of a state the article
    names ("the Zionist entity", "the Soviet regime"): left for ``newsprism.annotate``
    to resolve by meaning once the article is parsed."""

    label: str = Field(description="The description as written, without 'the'.")
    modifier: str = Field(description="The modifying name: 'Zionist'.")
    sentence: int


class Annotation(BaseModel):
    article_id: str
    version: int = ANNOTATION_VERSION
    sentences: list[Sentence]
    actors: list[Actor]
    quotes: list[QuoteAnnotation]
    figures: list[Figure]
    times: list[TimeExpression]
    unresolved_states: list[StateDescription] = Field(
        default_factory=list,
        description="State descriptions no state of the article could be found for.",
    )

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id."""
        return next((a for a in self.actors if a.id == actor_id), None)
