"""Event clustering rules on handmade vectors with known similarities: the dated and
undated thresholds, the day-gap penalty, and the re-placing of undated articles."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import numpy as np

from newsprism.cluster import ClusterOptions, OnlineClusterer

DIM = 8


def vectors_with(similarities: list[list[float]]) -> np.ndarray:
    """Unit vectors whose pairwise cosine similarities are the given matrix."""
    gram = np.array(similarities, dtype=np.float64)
    rows = np.linalg.cholesky(gram)
    padded = np.zeros((len(gram), DIM), dtype=np.float32)
    padded[:, : len(gram)] = rows
    return padded


def events(vectors: np.ndarray, order: list[int], days=None, **options) -> list[list[int]]:
    """Events (as sorted input positions) after feeding ``order`` and consolidating."""
    clusterer = OnlineClusterer(DIM, ClusterOptions(**options))
    for i in order:
        clusterer.add(vectors[i], None if days is None else days[i])
    clusterer.consolidate()
    return sorted(sorted(order[m] for m in event.members) for event in clusterer.events)


def pair(similarity: float) -> np.ndarray:
    return vectors_with([[1.0, similarity], [similarity, 1.0]])


DAY = date(2021, 5, 3)


def test_a_pair_close_enough_on_one_day_is_kept_apart_without_dates():
    options = ClusterOptions()
    similarity = (options.event_threshold + options.undated_event_threshold) / 2
    vectors = pair(similarity)
    assert events(vectors, [0, 1], days=[DAY, DAY]) == [[0, 1]]
    assert events(vectors, [0, 1]) == [[0], [1]]
    assert events(vectors, [0, 1], days=[DAY, DAY], ignore_dates=True) == [[0], [1]]
    # one side undated: nothing to compare the day with, the undated threshold applies
    assert events(vectors, [0, 1], days=[DAY, None]) == [[0], [1]]
    assert events(pair(options.undated_event_threshold + 0.02), [0, 1]) == [[0, 1]]


def test_each_day_apart_asks_for_more_similarity():
    options = ClusterOptions()
    similarity = options.event_threshold + options.day_gap_penalty / 2
    vectors = pair(similarity)
    assert events(vectors, [0, 1], days=[DAY, DAY]) == [[0, 1]]
    assert events(vectors, [0, 1], days=[DAY, DAY + timedelta(days=1)]) == [[0], [1]]
    # consolidation applies the same rule to whole events
    assert events(vectors, [1, 0], days=[DAY + timedelta(days=1), DAY]) == [[0], [1]]
    closer = pair(options.event_threshold + 1.5 * options.day_gap_penalty)
    assert events(closer, [0, 1], days=[DAY, DAY + timedelta(days=1)]) == [[0, 1]]
    assert events(closer, [0, 1], days=[DAY, DAY + timedelta(days=2)]) == [[0], [1]]
    assert events(vectors, [0, 1], days=[DAY, DAY + timedelta(days=1)], day_gap_penalty=0.0) == [
        [0, 1]
    ]


# Two stories: x0, x1 (one event) and b2, b3, b4 (another). b2 is close enough to the
# x-story to join it when it comes before its own siblings, but much closer to them.
TWO_STORIES = vectors_with(
    [
        [1.0, 0.9, 0.68, 0.4, 0.4],
        [0.9, 1.0, 0.68, 0.4, 0.4],
        [0.68, 0.68, 1.0, 0.85, 0.85],
        [0.4, 0.4, 0.85, 1.0, 0.9],
        [0.4, 0.4, 0.85, 0.9, 1.0],
    ]
)


def test_an_undated_article_that_came_before_its_story_moves_to_it():
    expected = [[0, 1], [2, 3, 4]]
    # without the re-placing pass, the early article stays with the first story it met
    assert events(TWO_STORIES, [0, 1, 2, 3, 4], reassign_rounds=0) == [[0, 1, 2], [3, 4]]
    for order in itertools.permutations(range(5)):
        assert events(TWO_STORIES, list(order)) == expected, order


def test_dated_articles_are_not_re_placed():
    # dated, the articles came in the order of time; the one-pass result stands
    days = [DAY] * 5
    assert events(TWO_STORIES, [0, 1, 2, 3, 4], days=days, event_threshold=0.64) == [
        [0, 1, 2],
        [3, 4],
    ]


def test_corrections_merge_and_split_events_in_order():
    from newsprism.cluster import Clustering, apply_corrections
    from newsprism.models import Correction

    ids = ["a", "b", "c", "d", "e"]
    found = Clustering(events=[[0, 1], [2, 3], [4]], storylines=[0, 0, 1])
    merged = apply_corrections(found, ids, [Correction("merge", ("b", "e", "zz"))])
    assert merged.events == [[0, 1, 4], [2, 3]] and merged.storylines == [0, 0]
    # a later split takes an article back out, into an event of its own storyline
    split = apply_corrections(
        found, ids, [Correction("merge", ("b", "e")), Correction("split", ("e", "a"))]
    )
    assert split.events == [[0, 4], [1], [2, 3]] and split.storylines == [0, 0, 0]
    # corrections naming no article present change nothing
    assert apply_corrections(found, ids, [Correction("split", ("x",))]) == found


def _storylines(vectors: np.ndarray, names: list[dict[str, float]], days=None) -> list[int]:
    from newsprism.signature import EventSignature

    clusterer = OnlineClusterer(DIM, ClusterOptions())
    for i, vector in enumerate(vectors):
        clusterer.add(vector, None if days is None else days[i], EventSignature(names=names[i]))
    clusterer.consolidate()
    return clusterer.storylines()


def test_events_share_a_storyline_only_with_a_leading_participant_in_common():
    options = ClusterOptions()
    # alike enough for a storyline, not for one event
    similarity = (options.storyline_threshold + options.undated_event_threshold) / 2
    vectors = pair(similarity)
    talks = {"hamas": 5.0, "egypt": 3.0}
    assert _storylines(vectors, [talks, {"hamas": 2.0, "qatar": 4.0}]) == [0, 0]
    # two earthquakes: the same kind of news, nobody in common
    quakes = [{"west papua governor": 4.0}, {"aceh disaster agency": 4.0}]
    assert _storylines(vectors, quakes) == [0, 1]
    # and a name far down the list does not make a storyline either
    background = [
        {"a": 9.0, "b": 8.0, "c": 7.0, "shared": 1.0},
        {"d": 9.0, "e": 8.0, "f": 7.0, "shared": 1.0},
    ]
    assert _storylines(vectors, background) == [0, 1]


def test_a_storyline_is_compared_as_a_whole_so_it_does_not_chain():
    options = ClusterOptions()
    # 0-1 and 1-2 alike enough for a storyline, 0-2 not; all share a participant
    link = options.storyline_threshold + 0.1
    vectors = vectors_with([[1.0, link, 0.0], [link, 1.0, link], [0.0, link, 1.0]])
    names = [{"senate": 3.0}] * 3
    days = [DAY, DAY + timedelta(days=10), DAY + timedelta(days=20)]
    lines = _storylines(vectors, names, days)
    assert lines[0] == lines[1] and lines[2] != lines[0]
