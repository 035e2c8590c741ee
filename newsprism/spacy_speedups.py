"""Faster, exact equivalents of three parts of the spaCy pipeline.

Parsing is the costliest stage of a report. Profiling en_core_web_sm on news text
(50 basil-dev articles, one process) showed three places where the pipeline spends
far more CPU time than its work needs, each fixable without changing any output:

* **Matrix products.** thinc multiplies with its bundled BLIS, which reaches about 24
  GFLOPS on this project's machine against 86 for NumPy's OpenBLAS on the same
  shapes; the token encoders and the entity recognizer spend most of their time there.
  ``use_numpy_matmul`` makes every layer use NumPy's ``dot`` (thinc's own switch,
  ``NumpyOps(use_blis=False)``; the parser's per-step products stay in BLIS). Parse
  9.7 -> 7.0 s of CPU; tags, parses and entities identical on the 40,055 tokens tried
  (the two libraries round differently, so a tie could in principle fall otherwise).
* **The attribute ruler** (tag -> coarse part of speech, morphology, a few lemmas)
  runs spaCy's general ``Matcher`` with 179 patterns over every token: 0.74 s. Its
  patterns are single tokens or fixed sequences of exact values, so
  ``ArrayAttributeRuler`` finds the same matches with a few array comparisons per
  pattern (about 0.05 s) and hands them to the library's own ``set_annotations``.
* **The lemmatizer** computes most lemmas afresh for every token (spaCy caches only
  the words that go through its suffix rules): 0.95 s. A rule lemma depends on the
  word, its part of speech and its morphology only, so ``MemoizedLemmatizer`` keeps
  one lemma per (word, part of speech, morphology).

Whatever these cannot reproduce exactly (pattern operators, predicates other than
equality, set membership and regular expressions, other lemmatizer modes) is left to
spaCy's component. The replaced components are for running, not for saving: a
pipeline with them is not written to disk.
``tests/test_spacy_speedups.py`` checks that both give what spaCy gives.
"""

import re
from typing import Any

import numpy as np
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from thinc.api import NumpyOps

__all__ = ["ArrayAttributeRuler", "MemoizedLemmatizer", "speed_up"]

# Token attributes a pattern may test for the array matcher (the rest go to spaCy's).
_ARRAY_ATTRS = {
    "ORTH",
    "TEXT",
    "LOWER",
    "NORM",
    "TAG",
    "POS",
    "DEP",
    "LEMMA",
    "SHAPE",
    "ENT_TYPE",
    "IS_ALPHA",
    "IS_ASCII",
    "IS_DIGIT",
    "IS_LOWER",
    "IS_UPPER",
    "IS_TITLE",
    "IS_PUNCT",
    "IS_SPACE",
    "IS_STOP",
    "LIKE_NUM",
}
_LEMMATIZER_MODES = ("rule", "lookup")


def use_numpy_matmul(nlp: Language) -> None:
    """Make every layer of every trained component multiply with NumPy (OpenBLAS)."""
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops


def _value_id(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    return get_string_id(value)


class _TokenTest:
    """One token of a pattern: each attribute equal to a value, in or not in a set of
    values, or matching a regular expression (all must hold, as in spaCy's Matcher)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.checks: list[tuple[str, str, Any]] = []
        for key, value in spec.items():
            name = key.upper() if isinstance(key, str) else None
            if name not in _ARRAY_ATTRS:
                raise ValueError(f"attribute {key!r} is left to spaCy's matcher")
            attr = "ORTH" if name == "TEXT" else name
            if not isinstance(value, dict):
                if not isinstance(value, str | bool):
                    raise ValueError(f"value {value!r} is left to spaCy's matcher")
                self.checks.append((attr, "equals", np.uint64(_value_id(value))))
                continue
            for how, operand in value.items():
                if how in ("IN", "NOT_IN") and isinstance(operand, list | tuple):
                    if not all(isinstance(v, str | bool) for v in operand):
                        raise ValueError(f"values {operand!r} are left to spaCy's matcher")
                    ids = np.array([_value_id(v) for v in operand], dtype=np.uint64)
                    self.checks.append((attr, how, ids))
                elif (
                    how == "REGEX"
                    and isinstance(operand, str)
                    and not attr.startswith(("IS_", "LIKE_"))
                ):
                    self.checks.append((attr, how, re.compile(operand)))
                else:
                    raise ValueError(f"predicate {how!r} is left to spaCy's matcher")

    @property
    def attrs(self) -> set[str]:
        return {attr for attr, _, _ in self.checks}

    def holds(self, columns: dict[str, np.ndarray], doc: Doc) -> np.ndarray:
        result = np.ones(len(doc), dtype=bool)
        for attr, how, operand in self.checks:
            column = columns[attr]
            if how == "equals":
                result &= column == operand
            elif how == "IN":
                result &= np.isin(column, operand)
            elif how == "NOT_IN":
                result &= ~np.isin(column, operand)
            else:  # a regular expression, tried once per distinct value
                strings = doc.vocab.strings
                hits = [v for v in np.unique(column).tolist() if operand.search(strings[v])]
                result &= np.isin(column, np.array(hits, dtype=np.uint64))
        return result


class ArrayAttributeRuler:
    """spaCy's attribute ruler with its matches found by array comparisons.

    Accepts only rulers whose every pattern is a fixed sequence of tokens tested by
    equality, set membership or regular expressions (``can_take``); the attributes are
    then set by the ruler's own ``set_annotations``, in the order spaCy sets them.
    """

    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        # (rule number, its match label, its patterns: each a sequence of token tests)
        self.rules: list[tuple[int, int, list[list[_TokenTest]]]] = []
        for number in range(len(ruler.attrs)):
            key = str(number)
            found = ruler.matcher.get(key)
            patterns = found[1] if found else []
            if any("OP" in token for pattern in patterns for token in pattern):
                raise ValueError("pattern operators are left to spaCy's matcher")
            tests = [[_TokenTest(token) for token in pattern] for pattern in patterns]
            self.rules.append((number, ruler.vocab.strings.add(key), tests))
        self.columns = sorted(
            {a for _, _, patterns in self.rules for p in patterns for t in p for a in t.attrs}
        )

    @classmethod
    def can_take(cls, ruler: AttributeRuler) -> bool:
        """Whether every pattern of ``ruler`` is one this class matches exactly."""
        try:
            cls(ruler)
        except ValueError:
            return False
        return True

    def match(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """The ruler's matches, as ``AttributeRuler.match`` returns them."""
        length = len(doc)
        if not length:
            return []
        columns = {}
        if self.columns:
            table = doc.to_array([IDS[name] for name in self.columns]).reshape(length, -1)
            columns = {name: table[:, i] for i, name in enumerate(self.columns)}
        matches = []
        for number, label, patterns in self.rules:
            starts: set[tuple[int, int]] = set()  # one match per span, however reached
            for pattern in patterns:
                width = len(pattern)
                if not width or width > length:
                    continue
                fits = np.ones(length - width + 1, dtype=bool)
                for offset, test in enumerate(pattern):
                    fits &= test.holds(columns, doc)[offset : offset + length - width + 1]
                starts.update((int(s), int(s) + width) for s in np.flatnonzero(fits))
            matches.extend((number, label, start, end) for start, end in starts)
        matches.sort()
        return matches

    def __call__(self, doc: Doc) -> Doc:
        self.ruler.set_annotations(doc, self.match(doc))
        return doc


# Lemmas remembered at most; the memory is emptied when full (about 150 bytes an entry,
# so a long-running server stays under ~75 MB; 50 news articles need about 10,000).
MAX_REMEMBERED_LEMMAS = 500_000


class MemoizedLemmatizer:
    """spaCy's lemmatizer remembering the lemma of each (word, part of speech,
    morphology), which is all a rule or lookup lemma depends on."""

    def __init__(self, lemmatizer: Lemmatizer, capacity: int = MAX_REMEMBERED_LEMMAS) -> None:
        if lemmatizer.mode not in _LEMMATIZER_MODES:
            raise ValueError(f"lemmatizer mode {lemmatizer.mode!r} is left to spaCy")
        self.lemmatizer = lemmatizer
        self.capacity = capacity
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = table[:, 3].copy()
        strings = doc.vocab.strings
        overwrite = self.lemmatizer.overwrite
        for i, (orth, pos, morph, lemma) in enumerate(table.tolist()):
            if lemma and not overwrite:
                continue
            key = (orth, pos, morph)
            found = self.known.get(key)
            if found is None:
                found = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                if len(self.known) >= self.capacity:
                    self.known.clear()
                self.known[key] = found
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc


# Factories, so that the pipeline holds them like any component; each wraps the
# component named by ``wraps``, which must be in the pipeline when it is made. (This
# module keeps its annotations evaluated, without ``from __future__ import annotations``:
# spaCy validates a factory's arguments against them.)
@Language.factory("newsprism_array_attribute_ruler", default_config={"wraps": "attribute_ruler"})
def _make_array_attribute_ruler(nlp: Language, name: str, wraps: str) -> ArrayAttributeRuler:
    return ArrayAttributeRuler(nlp.get_pipe(wraps))


@Language.factory("newsprism_memoized_lemmatizer", default_config={"wraps": "lemmatizer"})
def _make_memoized_lemmatizer(nlp: Language, name: str, wraps: str) -> MemoizedLemmatizer:
    return MemoizedLemmatizer(nlp.get_pipe(wraps))


def speed_up(nlp: Language) -> Language:
    """Apply the three speed-ups to a loaded pipeline, in place, keeping the names of
    the components replaced; what one cannot do exactly stays with spaCy. Returns it."""
    use_numpy_matmul(nlp)
    for name, component in list(nlp.pipeline):
        if isinstance(component, AttributeRuler) and ArrayAttributeRuler.can_take(component):
            factory = "newsprism_array_attribute_ruler"
        elif isinstance(component, Lemmatizer) and component.mode in _LEMMATIZER_MODES:
            factory = "newsprism_memoized_lemmatizer"
        else:
            continue
        nlp.add_pipe(factory, name=f"{name}_fast", after=name, config={"wraps": name})
        nlp.remove_pipe(name)
        nlp.rename_pipe(f"{name}_fast", name)
    return nlp
