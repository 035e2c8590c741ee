"""How each outlet words a story: loaded terms, reporting verbs, distinctive words.

Distinctive words are scored with the weighted log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words"): each article's word
counts against those of the story's other articles, with the prior taken from the whole
corpus of the report, and the z-score of the difference as the score.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from ..annotation import Annotation
from ..report import DistinctiveWord, OutletLanguage
from .options import DEFAULT_COMPARE, CompareOptions

# Evaluative words whose use is itself a choice of framing. General English, not tied
# to any story: what is condemned or praised, and verbs that cast doubt on a speaker.
LOADED_TERMS = {
    "terrorist",
    "terrorists",
    "terror",
    "terrorism",
    "regime",
    "junta",
    "massacre",
    "massacred",
    "slaughter",
    "slaughtered",
    "butcher",
    "butchered",
    "thugs",
    "thug",
    "occupation",
    "occupier",
    "occupiers",
    "aggression",
    "martyr",
    "martyrs",
    "martyred",
    "resistance",
    "freedom fighters",
    "extremist",
    "extremists",
    "radical",
    "radicals",
    "savage",
    "savagery",
    "brutal",
    "brutality",
    "heinous",
    "barbaric",
    "genocide",
    "ethnic cleansing",
    "apartheid",
    "invaders",
    "invasion",
    "puppet",
    "propaganda",
    "so-called",
    "zionist",
    "entity",
    "atrocity",
    "atrocities",
    "criminal",
    "criminals",
    "gang",
    "gangs",
    "mob",
    "rogue",
    "tyrant",
    "dictator",
    "despot",
    "siege",
    "besieged",
    "surrender",
    "capitulation",
    "liberation",
    "heroic",
    "hero",
    "heroes",
    "crackdown",
    "onslaught",
    "bloodbath",
    "carnage",
    "slaughterhouse",
    "warmonger",
    "warmongers",
}
# Reporting verbs that cast doubt on, or lend weight to, what is reported.
LOADED_VERBS = {"claim", "insist", "admit", "allege", "concede", "boast", "deny", "contend"}
# Words an article must use this often to be listed as distinctive.
MIN_DISTINCTIVE_COUNT = 2
MAX_DISTINCTIVE_WORDS = 10
PRIOR_STRENGTH = 500.0

_WORD = re.compile(r"[a-z][a-z'-]+")


@cache
def _stop_words() -> frozenset[str]:
    # imported on first use: importing spaCy (and thinc, torch) takes seconds
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def words_of(text: str) -> list[str]:
    """Content words of a text: lower-cased, no stop words, at least three letters."""
    stop_words = _stop_words()
    return [
        w.strip("'-") for w in _WORD.findall(text.casefold()) if w not in stop_words and len(w) >= 3
    ]


@dataclass(frozen=True)
class WordPrior:
    """Background word counts of distinctive words: the whole corpus's. ``counts`` may
    hold only the words one comparison looks up (a story's task carries just those),
    ``total`` is always the corpus's word count."""

    counts: Mapping[str, int]
    total: int

    @classmethod
    def of(cls, counts: Counter[str]) -> WordPrior:
        """The prior of these word counts."""
        return cls(counts, counts.total())

    def restricted(self, words: Iterable[str]) -> WordPrior:
        """The same prior, holding only ``words``' counts: what a story's texts need."""
        return WordPrior({w: self.counts[w] for w in set(words) if w in self.counts}, self.total)


_LONGEST_FIRST = sorted(LOADED_TERMS, key=len, reverse=True)


def loaded_terms(text: str) -> list[str]:
    """Loaded terms used in ``text``, each once, in order of first use."""
    lowered = text.casefold()
    found = []
    for term in _LONGEST_FIRST:
        # the substring test first: most terms are absent, and it is 50x cheaper
        if term not in lowered or any(term in f for f in found):
            continue
        if re.search(rf"\b{re.escape(term)}\b", lowered):
            found.append(term)
    positions = {term: lowered.find(term) for term in found}
    return sorted(found, key=positions.get)


def log_odds(
    counts: Counter[str],
    others: Counter[str],
    prior: WordPrior,
    prior_strength: float = PRIOR_STRENGTH,
) -> dict[str, float]:
    """z-scored weighted log-odds of each word in ``counts`` against ``others``."""
    prior_total = prior.total or 1
    n_i, n_j = sum(counts.values()), sum(others.values())
    alpha_0 = prior_strength
    scores = {}
    for word, y_i in counts.items():
        alpha_w = alpha_0 * prior.counts.get(word, 0) / prior_total or 0.01
        y_j = others.get(word, 0)
        delta = math.log((y_i + alpha_w) / (n_i + alpha_0 - y_i - alpha_w)) - math.log(
            (y_j + alpha_w) / (n_j + alpha_0 - y_j - alpha_w)
        )
        variance = 1 / (y_i + alpha_w) + 1 / (y_j + alpha_w)
        scores[word] = delta / math.sqrt(variance)
    return scores


def distinctive_words(
    counts: Counter[str],
    others: Counter[str],
    prior: WordPrior,
    min_z: float = DEFAULT_COMPARE.distinctive_min_z,
) -> list[DistinctiveWord]:
    """The words ``counts`` (one article's, or one side's) uses markedly more than
    ``others``, best first: z-score over ``min_z`` (the setting
    ``compare.distinctive_min_z``), count over
    ``MIN_DISTINCTIVE_COUNT``, at most ``MAX_DISTINCTIVE_WORDS``."""
    if not others:
        return []
    ranked = sorted(log_odds(counts, others, prior).items(), key=lambda item: -item[1])
    return [
        DistinctiveWord(word=word, score=round(score, 2))
        for word, score in ranked
        if score >= min_z and counts[word] >= MIN_DISTINCTIVE_COUNT
    ][:MAX_DISTINCTIVE_WORDS]


def outlet_language(
    article_ids: list[str],
    texts: dict[str, str],
    annotations: dict[str, Annotation],
    prior: WordPrior,
    options: CompareOptions = DEFAULT_COMPARE,
) -> list[OutletLanguage]:
    """Per article of a story: loaded terms, reporting verbs, distinctive words."""
    counts = {article_id: Counter(words_of(texts[article_id])) for article_id in article_ids}
    # every article's words against all the others': the story's total less its own
    total: Counter[str] = Counter()
    for article_id in dict.fromkeys(article_ids):
        total.update(counts[article_id])
    result = []
    for article_id in article_ids:
        distinctive = distinctive_words(
            counts[article_id], total - counts[article_id], prior, options.distinctive_min_z
        )
        annotation = annotations.get(article_id)
        verbs = Counter(q.verb.lower() for q in (annotation.quotes if annotation else []) if q.verb)
        result.append(
            OutletLanguage(
                article_id=article_id,
                loaded_terms=loaded_terms(texts[article_id]),
                reporting_verbs=dict(verbs.most_common()),
                distinctive_words=distinctive,
            )
        )
    return result
