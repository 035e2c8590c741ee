"""Event signatures, the learned same-event scorer, and clustering with it, on articles
and annotations the tests write (no models loaded)."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.analyze import AnalyzeOptions
from newsprism.annotation import Actor, Annotation, Figure, Sentence, TimeExpression
from newsprism.cluster import ClusterOptions, cluster_articles
from newsprism.errors import UsageError
from newsprism.events import FEATURES, EventScorer, default_scorer, pair_features
from newsprism.models import Article
from newsprism.signature import EventSignature, WordWeights, event_signature

LEARNED = ClusterOptions(linker="learned", ignore_dates=True)


def _article(number: int, title: str, text: str) -> Article:
    return Article(
        id=f"a{number:03d}", source_path=f"t{number}.txt", title=title, text=text,
        format="text", raw_text=text,
    )  # fmt: skip


def _annotation(article: Article, people, places, year: str, toll: float) -> Annotation:
    actors = [
        Actor(id=f"a{n}", name=name, kind="person", mentions=[name], sentences=[0, 1])
        for n, name in enumerate(people)
    ] + [
        Actor(id=f"p{n}", name=name, kind="place", mentions=[name], sentences=[0])
        for n, name in enumerate(places)
    ]
    return Annotation(
        article_id=article.id,
        sentences=[Sentence(text=article.text, start=0, end=len(article.text))],
        actors=actors,
        quotes=[],
        figures=[Figure(text=f"{toll:g} people", value=toll, sentence=0)],
        times=[TimeExpression(text=f"in {year}", relative=False, sentence=0)],
    )


def _quake(number: int, province: str, governor: str, year: str, toll: float):
    text = (
        f"A strong earthquake struck {province} in {year}, killing {toll:g} people, "
        f"governor {governor} said, as rescuers searched collapsed homes."
    )
    article = _article(number, f"Earthquake kills {toll:g} in {province}", text)
    annotation = _annotation(article, [governor], [province], year, toll)
    return article, event_signature(article, annotation)


def _vectors(count: int, seed: int = 3, spread: float = 0.08) -> np.ndarray:
    """Unit vectors all close to one direction: one kind of news, as an encoder sees it."""
    rng = np.random.default_rng(seed)
    base = rng.normal(size=384)
    vectors = base + spread * np.linalg.norm(base) * rng.normal(size=(count, 384)) / 20
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def test_a_signature_keeps_who_where_when_and_the_key_figures():
    _, signature = _quake(1, "Aceh", "Irwandi Yusuf", "2010", 34)
    assert {"irwandi yusuf", "surname:yusuf"} <= signature.names.keys()
    assert "aceh" in signature.places and "aceh" not in signature.names
    # named in the title: more salient than a name used as often in the body only
    assert signature.places["aceh"] > 1 + 2  # one sentence, the lead bonus, the title bonus
    assert signature.years == {2010}
    assert signature.figures == {"34 count"}
    weights = signature.words.weights.astype(float)
    assert len(signature.words) and abs(weights @ weights - 1) < 1e-6


def test_years_and_small_counts_are_not_key_figures():
    article = _article(1, "Vote", "The vote passed.")
    annotation = Annotation(
        article_id=article.id, sentences=[], actors=[], quotes=[], times=[],
        figures=[
            Figure(text="2008", value=2008, sentence=0),
            Figure(text="two", value=2, sentence=0),
            Figure(text="6.1", value=6.1, unit="magnitude", sentence=0),
        ],
    )  # fmt: skip
    assert event_signature(article, annotation).figures == {"6.1 magnitude"}


def test_features_tell_another_place_year_and_toll_from_the_same_event():
    _, first = _quake(1, "Aceh", "Irwandi Yusuf", "2010", 34)
    _, again = _quake(2, "Aceh", "Irwandi Yusuf", "2010", 34)
    _, other = _quake(3, "Papua", "Barnabas Suebu", "2012", 12)
    same, different = pair_features(first, again, 0.8), pair_features(first, other, 0.8)
    named = dict(zip(FEATURES, same, strict=True)), dict(zip(FEATURES, different, strict=True))
    assert named[0]["places"] == pytest.approx(1) and named[1]["places_disjoint"] == 1
    assert named[0]["years_shared"] == 1 and named[1]["years_disjoint"] == 1
    assert named[0]["figures_shared"] == 1 and named[1]["figures_disjoint"] == 1
    assert named[0]["names_missing"] == 0 and named[1]["names_missing"] == 1
    # the same wording, and the agreeing signature makes the pair likelier
    scorer = default_scorer()
    log_odds = (same - different) @ scorer.weights
    assert scorer.probability(same) > scorer.probability(different) and log_odds > 1


@pytest.mark.xfail(
    strict=True,
    reason="open (issue 18): the weights learned on the dev sets lean on meaning and words; "
    "a signature conflict does not outweigh near-identical wording",
)
def test_the_learned_linker_keeps_two_events_of_one_kind_apart():
    """Six reports of one earthquake and six of another, worded alike (their vectors
    are all close): the signatures keep the two events apart."""
    made = [_quake(n, "Aceh", "Irwandi Yusuf", "2010", 34) for n in range(6)]
    made += [_quake(n, "Papua", "Barnabas Suebu", "2012", 12) for n in range(6, 12)]
    articles, signatures = [m[0] for m in made], [m[1] for m in made]
    vectors = _vectors(len(articles))
    assert float((vectors @ vectors.T).min()) > 0.9
    cosine = cluster_articles(articles, vectors, ClusterOptions(ignore_dates=True))
    assert len(cosine.events) == 1  # the meaning vectors alone merge them
    learned = cluster_articles(articles, vectors, LEARNED, signatures)
    assert sorted(learned.events) == [list(range(6)), list(range(6, 12))]


def test_a_follow_up_of_the_same_event_stays_with_it():
    made = [_quake(n, "Aceh", "Irwandi Yusuf", "2010", 34) for n in range(4)]
    # the toll rose: a later report of the same quake, same people, place and year
    made.append(_quake(4, "Aceh", "Irwandi Yusuf", "2010", 41))
    vectors = _vectors(len(made))
    clustering = cluster_articles([m[0] for m in made], vectors, LEARNED, [m[1] for m in made])
    assert clustering.events == [list(range(5))]


def test_learned_clustering_does_not_depend_on_input_order():
    made = [_quake(n, "Aceh", "Irwandi Yusuf", "2010", 34) for n in range(5)]
    made += [_quake(n, "Papua", "Barnabas Suebu", "2012", 12) for n in range(5, 10)]
    vectors = _vectors(len(made))
    expected = cluster_articles([m[0] for m in made], vectors, LEARNED, [m[1] for m in made])
    order = list(range(len(made)))
    random.Random(7).shuffle(order)
    shuffled = cluster_articles(
        [made[i][0] for i in order], vectors[order], LEARNED, [made[i][1] for i in order]
    )
    as_ids = {frozenset(made[order[i]][0].id for i in e) for e in shuffled.events}
    assert as_ids == {frozenset(made[i][0].id for i in e) for e in expected.events}


def test_the_learned_linker_needs_signatures_and_a_known_name():
    article, _ = _quake(1, "Aceh", "Irwandi Yusuf", "2010", 34)
    with pytest.raises(ValueError, match="signature"):
        cluster_articles([article], _vectors(1), LEARNED)
    with pytest.raises(UsageError, match=r"cluster\.linker"):
        AnalyzeOptions.with_overrides({"cluster.linker": "tfidf"})
    assert AnalyzeOptions.with_overrides({"cluster.linker": "learned"}).cluster.linker == "learned"


def test_the_scorer_file_round_trips_and_refuses_other_features():
    scorer = default_scorer()
    assert len(scorer.weights) == len(FEATURES) and "train_events.py" in scorer.training
    again = EventScorer.from_json(scorer.to_json())
    assert np.allclose(again.weights, scorer.weights) and again.threshold == scorer.threshold
    with pytest.raises(ValueError, match="retrain"):
        EventScorer.from_json(scorer.to_json().replace('"meaning"', '"cosine"'))


_WEIGHTS = st.dictionaries(
    st.text("abcdefg", min_size=1, max_size=3), st.floats(0.01, 1.0), max_size=12
)


@given(_WEIGHTS, _WEIGHTS)
def test_word_weights_multiply_as_the_dictionaries_they_hold(first, second):
    expected = sum(weight * second.get(word, 0.0) for word, weight in first.items())
    made, other = WordWeights.of(first), WordWeights.of(second)
    assert len(made) == len(first)
    assert made.dot(other) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    assert other.dot(made) == made.dot(other)
    assert made == WordWeights.of(dict(reversed(list(first.items()))))


def test_an_empty_signature_is_scored_from_the_vectors_alone():
    empty = EventSignature()
    features = pair_features(empty, empty, 0.9)
    assert features[0] == 0.9 and not features[1:].any()


def test_grouping_names_the_shared_evidence_and_what_the_closest_story_lacks():
    from newsprism.grouping import explain_groupings
    from newsprism.report import Story

    made = [_quake(n, "Aceh", "Irwandi Yusuf", "2010", 34) for n in range(3)]
    made += [_quake(n, "Papua", "Barnabas Suebu", "2012", 12) for n in range(3, 5)]
    made.append(_quake(5, "Sumatra", "Rahmat Hidayat", "2009", 80))
    vectors = _vectors(len(made))
    ids = [m[0].id for m in made]
    stories = [
        Story(id="s-aceh", storyline="l-1", title="Aceh", article_ids=ids[:3]),
        Story(id="s-papua", storyline="l-2", title="Papua", article_ids=ids[3:5]),
        Story(id="s-sumatra", storyline="l-3", title="Sumatra", article_ids=ids[5:]),
    ]
    groupings = explain_groupings(
        stories, dict(zip(ids, vectors, strict=True)), {m[0].id: m[1] for m in made}
    )
    aceh = groupings[0]
    shared = {(item.kind, item.value): len(item.article_ids) for item in aceh.shared}
    assert shared == {
        ("participant", "Irwandi Yusuf"): 3,
        ("place", "Aceh"): 3,
        ("year", "2010"): 3,
        ("figure", "34 people"): 3,
    }
    assert 0.9 < aceh.similarity <= 1
    apart = aceh.nearest_apart
    assert apart is not None and apart.story_id in {"s-papua", "s-sumatra"}
    differences = {d.kind: (d.here, d.there) for d in apart.differences}
    assert differences["place"][0] == ["Aceh"] and differences["place"][1] in (
        ["Papua"],
        ["Sumatra"],
    )
    assert differences["year"][0] == ["2010"]
    # a one-article story shares nothing and has no mean similarity
    assert groupings[2].similarity is None and groupings[2].shared == []


# Two earthquakes told alike: what each report says of its own quake, and what any
# report of a quake says.
_ACEH = [
    "The quake struck off Banda Aceh before dawn, and fishermen pulled their boats ashore.",
    "Governor Irwandi Yusuf said the Baiturrahman mosque had lost part of its dome.",
    "A tsunami warning for Simeulue island was lifted after two hours.",
    "Patients of Zainoel Abidin hospital were moved into tents on the lawn.",
    "Residents of Lhokseumawe slept in the streets for fear of aftershocks.",
]
_PAPUA = [
    "The quake struck near Jayapura at noon, and landslides cut the road to Sentani.",
    "Governor Barnabas Suebu said the runway at Wamena airport had cracked.",
    "Villages in the Baliem valley could only be reached by helicopter.",
    "Missionaries in Nabire reported collapsed churches and schools.",
    "The provincial police chief flew over the Jayawijaya highlands to count the damage.",
]
_ANY_QUAKE = [
    "Rescuers searched collapsed homes for survivors.",
    "The meteorology agency measured the quake at magnitude 6.1.",
    "Aid agencies sent tents, blankets and clean water.",
]


def _reports(details: list[str], first: int, count: int, place: str) -> list[Article]:
    chance = random.Random(first)
    articles = []
    for number in range(first, first + count):
        lines = chance.sample(details, 3) + chance.sample(_ANY_QUAKE, 2)
        articles.append(_article(number, f"Strong earthquake hits {place}", " ".join(lines)))
    return articles


def _signed(articles: list[Article]) -> list[EventSignature]:
    empty = lambda a: Annotation(  # noqa: E731
        article_id=a.id, sentences=[], actors=[], quotes=[], figures=[], times=[]
    )
    return [event_signature(a, empty(a)) for a in articles]


def test_two_events_of_one_kind_worded_alike_are_split_by_what_they_say():
    articles = _reports(_ACEH, 0, 6, "Aceh") + _reports(_PAPUA, 6, 6, "Papua")
    vectors = _vectors(len(articles))
    options = ClusterOptions(ignore_dates=True)
    # the meaning vectors alone merge them; the words of their reports set them apart
    assert len(cluster_articles(articles, vectors, options).events) == 1
    signatures = _signed(articles)
    split = cluster_articles(articles, vectors, options, signatures)
    assert sorted(split.events) == [list(range(6)), list(range(6, 12))]
    # and the split is the same whatever order the articles come in
    order = list(range(len(articles)))
    random.Random(5).shuffle(order)
    shuffled = cluster_articles(
        [articles[i] for i in order], vectors[order], options, [signatures[i] for i in order]
    )
    assert {frozenset(articles[order[i]].id for i in e) for e in shuffled.events} == {
        frozenset(a.id for a in articles[:6]),
        frozenset(a.id for a in articles[6:]),
    }
    # turned off, they stay one
    off = ClusterOptions(ignore_dates=True, split_similarity=0.0)
    assert len(cluster_articles(articles, vectors, off, signatures).events) == 1


def test_reports_of_one_event_telling_different_details_are_not_split():
    articles = _reports(_ACEH, 0, 10, "Aceh")
    vectors = _vectors(len(articles))
    clustering = cluster_articles(
        articles, vectors, ClusterOptions(ignore_dates=True), _signed(articles)
    )
    assert clustering.events == [list(range(10))]


def test_reports_whose_words_are_not_read_are_left_as_they_are():
    """Russian reports give no English words to compare: the split leaves them be (its
    distances all tie, which once sent it round for ever)."""
    text = "Сильное землетрясение произошло в Ачехе, спасатели ищут выживших."
    articles = [_article(n, "Землетрясение в Ачехе", text) for n in range(6)]
    signatures = _signed(articles)
    assert not any(signature.words for signature in signatures)
    clustering = cluster_articles(
        articles, _vectors(len(articles)), ClusterOptions(ignore_dates=True), signatures
    )
    assert clustering.events == [list(range(6))]
    # three groups with no word in common: ties at the top of the tree too
    topics = ["harbour pier fishermen trawler", "orchestra violin concert cellist",
              "glacier avalanche skiers piste"]  # fmt: skip
    lonely = [_article(n, "Report", topics[n % 3]) for n in range(6)]
    clustering = cluster_articles(
        lonely, _vectors(len(lonely)), ClusterOptions(ignore_dates=True), _signed(lonely)
    )
    assert sorted(len(e) for e in clustering.events) == [2, 2, 2]
