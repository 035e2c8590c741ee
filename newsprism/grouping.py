"""Why together: the evidence behind each story's grouping, for a reader to judge it.

For each story, ``explain_groupings`` lists what several of its articles name — the
participants, places, years and key figures of their event signatures
(``newsprism.signature``) — and how alike their meaning vectors are; and for the story
closest to it that clustering kept apart, what differs: the participants, places, years
or figures that most of one story's articles name and none of the other's ("places:
West Papua / Aceh").

The cost is linear in the articles plus one nearest-neighbour search per story over the
story centroids (exact below ``EXACT_SEARCH_STORIES`` stories, faiss HNSW above).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import faiss
import numpy as np

from .report import Difference, EvidenceKind, Grouping, NearestApart, SharedEvidence, Story
from .signature import EventSignature

# Shared values shown per kind of evidence, and differences per kind.
SHOWN_PER_KIND = {"participant": 4, "place": 3, "year": 3, "figure": 3}
DIFFERENCES_PER_KIND = 3
# Up to this many stories the closest one is found exactly; above, approximately.
EXACT_SEARCH_STORIES = 4096
HNSW_M = 32


def _evidence(signature: EventSignature) -> dict[EvidenceKind, dict[str, float]]:
    """Each kind's keys with their salience (years and figures weigh one)."""
    return {
        "participant": {k: w for k, w in signature.names.items() if not k.startswith("surname:")},
        "place": dict(signature.places),
        "year": {str(year): 1.0 for year in signature.years},
        "figure": dict.fromkeys(signature.figures, 1.0),
    }


def _shown(key: str, signatures: Iterable[EventSignature]) -> str:
    """How most of the articles write a key."""
    forms = Counter(s.shown[key] for s in signatures if key in s.shown)
    return forms.most_common(1)[0][0] if forms else key


class _StoryEvidence:
    """Per kind: which of a story's articles name each value, and how saliently."""

    def __init__(self, article_ids: list[str], signatures: dict[str, EventSignature]) -> None:
        self.size = len(article_ids)
        self.carriers: dict[EvidenceKind, dict[str, list[str]]] = {k: {} for k in SHOWN_PER_KIND}
        self.salience: dict[EvidenceKind, Counter[str]] = {k: Counter() for k in SHOWN_PER_KIND}
        for article_id in article_ids:
            for kind, values in _evidence(signatures[article_id]).items():
                for key, weight in values.items():
                    self.carriers[kind].setdefault(key, []).append(article_id)
                    self.salience[kind][key] += weight

    def shared(self, signatures: list[EventSignature]) -> list[SharedEvidence]:
        found = []
        for kind, limit in SHOWN_PER_KIND.items():
            common = [(key, ids) for key, ids in self.carriers[kind].items() if len(set(ids)) >= 2]
            common.sort(key=lambda item: (-len(item[1]), -self.salience[kind][item[0]], item[0]))
            found += [
                SharedEvidence(kind=kind, value=_shown(key, signatures), article_ids=ids)
                for key, ids in common[:limit]
            ]
        return found

    def characteristic(self, kind: EvidenceKind) -> list[str]:
        """Values named by at least half of the story's articles, most salient first."""
        keys = [k for k, ids in self.carriers[kind].items() if 2 * len(set(ids)) >= self.size]
        return sorted(keys, key=lambda k: (-self.salience[kind][k], k))


def _differences(
    here: _StoryEvidence,
    there: _StoryEvidence,
    signatures_here: list[EventSignature],
    signatures_there: list[EventSignature],
) -> list[Difference]:
    differences = []
    for kind in SHOWN_PER_KIND:
        only_here = [k for k in here.characteristic(kind) if k not in there.carriers[kind]]
        only_there = [k for k in there.characteristic(kind) if k not in here.carriers[kind]]
        if only_here or only_there:
            differences.append(
                Difference(
                    kind=kind,
                    here=[_shown(k, signatures_here) for k in only_here[:DIFFERENCES_PER_KIND]],
                    there=[_shown(k, signatures_there) for k in only_there[:DIFFERENCES_PER_KIND]],
                )
            )
    return differences


def _nearest(centroids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each centroid, the most similar other one: (similarities, indices; -1: none)."""
    count, dim = centroids.shape
    if count < 2:
        return np.zeros(count, np.float32), np.full(count, -1)
    if count <= EXACT_SEARCH_STORIES:
        index = faiss.IndexFlatIP(dim)
    else:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.add(centroids)
    scores, ids = index.search(centroids, 2)
    similarities, nearest = np.zeros(count, np.float32), np.full(count, -1)
    for row in range(count):
        for score, other in zip(scores[row], ids[row], strict=True):
            if other >= 0 and other != row:
                similarities[row], nearest[row] = score, other
                break
    return similarities, nearest


def explain_groupings(
    stories: list[Story],
    vectors: dict[str, np.ndarray],
    signatures: dict[str, EventSignature],
) -> list[Grouping]:
    """The grouping evidence of each story, in the order of ``stories``; ``vectors``
    (unit document vectors) and ``signatures`` are keyed by article id."""
    if not stories:
        return []
    evidence = [_StoryEvidence(s.article_ids, signatures) for s in stories]
    members = [[signatures[i] for i in s.article_ids] for s in stories]
    sums = np.stack([np.sum([vectors[i] for i in s.article_ids], axis=0) for s in stories])
    centroids = (sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)).astype(
        np.float32
    )
    similarities, nearest = _nearest(centroids)
    groupings = []
    for number, story in enumerate(stories):
        size = len(story.article_ids)
        # the mean cosine over the pairs of unit vectors, from their sum
        cohesion = (
            round(float((sums[number] @ sums[number] - size) / (size * (size - 1))), 3)
            if size > 1
            else None
        )
        apart = None
        other = int(nearest[number])
        if other >= 0:
            apart = NearestApart(
                story_id=stories[other].id,
                title=stories[other].title,
                similarity=round(float(similarities[number]), 3),
                differences=_differences(
                    evidence[number], evidence[other], members[number], members[other]
                ),
            )
        groupings.append(
            Grouping(
                similarity=cohesion,
                shared=evidence[number].shared(members[number]),
                nearest_apart=apart,
            )
        )
    return groupings
