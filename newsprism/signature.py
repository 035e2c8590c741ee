"""Event signatures: who, where, when and what an article reports, from its text.

Two articles on the same kind of news — two earthquakes, two heists, one team's two
playoff runs — read alike to a sentence encoder. What tells their events apart is what
the text says of them: the people and organizations at the centre, the places, the years
and dates stated, and the event's key figures (the toll, the magnitude, the score). An
``EventSignature`` keeps those, each name and place weighted by its salience in the
article, for ``newsprism.events`` to compare pairs of articles.

Everything comes from the article's ``Annotation`` (its actors, figures and time
expressions) and its title; nothing depends on other articles, so a signature is made
once per article and the clustering of a feed article by article equals that of a batch.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import numpy as np
from wordfreq import zipf_frequency

from .annotate.actors import name_key
from .annotation import Annotation
from .compare.language import words_of
from .models import Article
from .sentences import word_hash

# The lead: a name used in the first sentences is central to the event, not background.
LEAD_SENTENCES = 3
# Salience of a name: one per sentence mentioning it, plus these bonuses.
TITLE_BONUS = 3.0
LEAD_BONUS = 2.0
# Figures below this are too common to identify an event ("two people", "3 goals"),
# unless they have a fraction (a magnitude of 6.1, a rate of 4.5 percent).
MIN_KEY_FIGURE = 10
# A word's weight in ``words`` grows with its rarity in the language at large
# (wordfreq's Zipf scale: "the" 7.7, "earthquake" 4.2, "Aceh" 2.6, an unknown name 0):
# ZIPF_CEILING minus its Zipf frequency, at least MIN_RARITY. Without a
# corpus to count document frequencies in (an article is signed alone, as it arrives),
# general frequency stands in for IDF: the place, the ship, the team that only one of
# two alike events names weigh most (average-link on these vectors alone, its
# threshold tuned on each set, against plain counts: ecb-dev 0.856 -> 0.885 B-cubed F1,
# basil-dev 0.956 -> 0.961, allsides-dev 0.790 -> 0.792; the learned linker held out of
# each set improves on all three, benchmarks/RESULTS.md, session 13).
ZIPF_CEILING = 8.0
MIN_RARITY = 0.5
# Years a news text can state: four digits from 1900 to 2099.
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


# eq=False: the generated ``__eq__`` would compare the arrays element by element
@dataclass(frozen=True, eq=False)
class WordWeights:
    """A text's content words as a sparse vector: the sorted 64-bit hashes of its words
    (``word_hash``) and their weights, 12 bytes a word: a dictionary of the words
    themselves made a basil-dev article's signature 28 KB, this makes it 7 KB, and the
    clustering holds every article's signature. Two words sharing a hash is as unlikely
    as two of ``newsprism.provenance``'s 5-grams."""

    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    weights: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.float32))

    @classmethod
    def of(cls, weights: dict[str, float]) -> WordWeights:
        """The vector of these words and weights."""
        keys = np.fromiter((word_hash(w) for w in weights), dtype=np.uint64, count=len(weights))
        values = np.fromiter(weights.values(), dtype=np.float32, count=len(weights))
        order = np.argsort(keys)
        return cls(keys[order], values[order])

    def __len__(self) -> int:
        return len(self.keys)

    def dot(self, other: WordWeights) -> float:
        """The inner product with another text's words (their cosine: both unit length)."""
        # the shorter's words looked up in the longer's (both sorted)
        short, long = (self, other) if len(self) <= len(other) else (other, self)
        if not len(short):
            return 0.0
        at = np.minimum(np.searchsorted(long.keys, short.keys), len(long) - 1)
        shared = long.keys[at] == short.keys
        return float(short.weights[shared].astype(np.float64) @ long.weights[at[shared]])

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, WordWeights)
            and np.array_equal(self.keys, other.keys)
            and np.array_equal(self.weights, other.weights)
        )


@dataclass(frozen=True)
class EventSignature:
    """What identifies one article's event, from its text.

    ``names`` and ``places`` map a normalized key to its salience; a person is keyed by
    the full name and by the surname (``"surname:cheeks"``), so "Maurice Cheeks" and a
    later bare "Cheeks" match. ``years`` are years stated in the text, ``dates`` explicit
    calendar dates stated, ``figures`` the key figures as ``"value unit"``. ``words``
    is the whole text's bag of content words (sublinear counts, unit length, as
    ``WordWeights``): what the article is about beyond its lead, which the meaning
    vector does not see.
    """

    names: dict[str, float] = field(default_factory=dict)
    places: dict[str, float] = field(default_factory=dict)
    years: frozenset[int] = frozenset()
    dates: frozenset[str] = frozenset()
    figures: frozenset[str] = frozenset()
    words: WordWeights = field(default_factory=WordWeights)
    day: date | None = None
    # how the article writes each name, place and figure key, for showing evidence
    shown: dict[str, str] = field(default_factory=dict)


def _salience(sentences: list[int], mentions: list[str], title: str) -> float:
    weight = float(len(set(sentences)) or 1)
    if any(s < LEAD_SENTENCES for s in sentences):
        weight += LEAD_BONUS
    title_key = f" {name_key(title)} "
    if any(f" {name_key(m)} " in title_key for m in mentions if name_key(m)):
        weight += TITLE_BONUS
    return weight


def _add(weights: dict[str, float], key: str, weight: float) -> None:
    if key:
        weights[key] = weights.get(key, 0.0) + weight


@lru_cache(maxsize=1 << 18)
def rarity(word: str, language: str = "en") -> float:
    """How rare ``word`` is in ``language`` at large (see ``ZIPF_CEILING``);
    a language wordfreq does not know weighs every word alike."""
    try:
        frequency = zipf_frequency(word, language)
    except LookupError:
        return 1.0
    return max(MIN_RARITY, ZIPF_CEILING - frequency)


def figure_key(value: float, unit: str) -> str:
    """A figure as a comparable key: '23 count', '6.1 magnitude', '1500000 count'."""
    return f"{value:g} {unit}"


def event_signature(
    article: Article, annotation: Annotation, day: date | None = None
) -> EventSignature:
    """The signature of one article's event; ``day`` is its publication day, if known."""
    title = article.title or ""
    names: dict[str, float] = {}
    places: dict[str, float] = {}
    shown: dict[str, str] = {}
    for actor in annotation.actors:
        weight = _salience(actor.sentences, actor.mentions or [actor.name], title)
        key = name_key(actor.name)
        shown.setdefault(key, actor.name)
        if actor.kind == "place":
            _add(places, key, weight)
            continue
        if actor.kind == "group":
            # nationalities and peoples ("Indian", "Palestinians") tell the kind of
            # news, not which event
            continue
        _add(names, key, weight)
        words = key.split()
        if actor.kind == "person" and len(words) > 1:
            _add(names, f"surname:{words[-1]}", weight)
        elif actor.kind == "person" and words:
            _add(names, f"surname:{words[0]}", weight)
    years: set[int] = set()
    dates: set[str] = set()
    for time in annotation.times:
        years.update(int(y) for y in _YEAR.findall(time.text))
        if time.date and not time.relative:
            dates.add(time.date)
    figures = set()
    for figure in annotation.figures:
        if figure.sentence >= LEAD_SENTENCES:
            continue  # the event's key figures are in its lead; the rest is background
        value = figure.value
        if (figure.unit == "count" and 1900 <= value <= 2099 and value.is_integer()) or (
            value < MIN_KEY_FIGURE and value.is_integer()
        ):
            continue
        key = figure_key(value, figure.unit)
        figures.add(key)
        shown.setdefault(key, figure.text)
    counts = Counter(words_of(f"{title}\n{article.text}"))
    language = article.language or "en"
    weights = {word: (1.0 + math.log(n)) * rarity(word, language) for word, n in counts.items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return EventSignature(
        words=WordWeights.of({word: w / norm for word, w in weights.items()}),
        names=names,
        places=places,
        years=frozenset(years),
        dates=frozenset(dates),
        figures=frozenset(figures),
        day=day,
        shown=shown,
    )
