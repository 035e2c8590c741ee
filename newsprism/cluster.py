"""Cluster stage: articles -> events -> storylines.

Articles are clustered online, one at a time in publication order, so a batch run and
a feed that delivers the same articles one by one give the same events. Each new article
is looked up in an approximate nearest-neighbour index of every article seen (faiss
HNSW, so the cost per article stays near-constant as the store grows); the candidate
events are those of its neighbours, each scored by average-link similarity to its
nearest members, and the article joins the one it passes the threshold by the widest
margin, or starts a new event. With dates on both sides the threshold rises with each
day between them, within a time window; without (an undated article, or dates ignored)
a stricter threshold stands in for the window, since events on one topic years apart
are then candidates too, and undated articles are placed again once all have arrived,
as their order says nothing of time. Last, an event whose articles fall into two groups
that share little of their wording (average-link clustering of their rarity-weighted
words, ``EventSignature.words``) is split in two: two earthquakes or two heists read
alike to the sentence encoder, but one report names Aceh, the other West Papua.

Events are then linked into storylines: events whose centroids are similar enough, at a
looser threshold and over a much longer window, and that share a leading participant,
share a storyline id, so talks that resume a month later are shown as a later event of
the same storyline, while two earthquakes or two heists, alike in wording but with
nobody in common, stay storylines of their own.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

import faiss
import numpy as np

from .errors import UsageError
from .events import EventScorer, default_scorer, pair_features
from .models import Article, Correction
from .nlp import EMBEDDING_DIMENSIONS
from .options import setting
from .signature import EventSignature

# Members of each event compared when two events are weighed for a merge.
MERGE_MEMBERS = 8
# The links between two articles that ``ClusterOptions.linker`` chooses from.
LINKERS = ("cosine", "learned")


@dataclass
class ClusterOptions:
    """Thresholds of clustering (calibration notes in ``newsprism config --explain``)."""

    # Average-link similarity an article needs to join an event of its own day, when
    # both sides carry dates (basil-dev B-cubed F1 0.980, flat over 0.45-0.60;
    # allsides-dev 0.934 with the penalty below; benchmarks/calibrate.py).
    event_threshold: float = setting(
        0.5,
        "same-day pairs; basil-dev B-cubed F1 0.980 with dates (0.45-0.60 equally good), "
        "allsides-dev 0.934 with the day-gap penalty (benchmarks/calibrate.py)",
    )
    # Added to ``event_threshold`` per day between an article and the nearest dated
    # member of an event: a follow-up a day or two later on the same topic needs more
    # similarity than same-day reports of one event. Halves of allsides-dev are best at
    # 0.04-0.16; basil-dev, whose outlets report one event up to two days apart, keeps
    # its 0.980 up to 0.10.
    day_gap_penalty: float = setting(
        0.1,
        "threshold added per day apart; allsides-dev halves best at 0.04-0.16 (0.895 -> 0.934 "
        "at 0.10), basil-dev unchanged up to 0.10 at threshold 0.50, lower above",
    )
    # The threshold when a pair has no dates to compare (either side undated, or dates
    # ignored): no time window then keeps apart the events of one topic months or years
    # apart, so the text alone must be closer. Best on half A of basil-dev and of
    # allsides-dev (held-out halves B: 1.000 and 0.817).
    undated_event_threshold: float = setting(
        0.64,
        "pairs with no dates to compare; best on basil-dev half A and allsides-dev half A (held"
        " out: basil B 1.000, allsides B 0.817); basil-dev 0.902 -> 0.965",
    )
    # Passes of ``consolidate`` that re-place undated articles once all have arrived:
    # without dates the order says nothing of time, and an article that came before the
    # rest of its story may have joined a neighbouring one (basil-dev without dates:
    # 0.945 in id order, 0.975 in date order without the passes; 0.965 in both with
    # them). A pass is one neighbour search per undated article; it stops when nothing
    # moves.
    reassign_rounds: int = setting(
        2,
        "undated articles re-placed after all arrived: basil-dev without dates 0.945 in id "
        "order, 0.975 in date order -> 0.965 in both; allsides-dev 0.764 -> 0.779",
    )
    # What links two articles: "cosine" of their document vectors, or "learned", the
    # same-event probability of ``newsprism.events`` over the vectors and the articles'
    # event signatures (``newsprism.signature``: participants, places, years, figures,
    # words). "learned" is not the default yet: in the cross-check of
    # benchmarks/train_events.py (trained on two dev sets, clustering scored on the
    # third) it does not beat the cosine on every set (RESULTS.md).
    linker: str = setting(
        "cosine",
        "cosine, or learned: the same-event probability of a logistic regression over vectors "
        "and event signatures (newsprism/data/event_scorer.json, fitted and cross-checked by "
        "benchmarks/train_events.py); learned is opt-in until it beats the cosine on every "
        "held-out set",
    )
    # With the learned linker, an article joins an event whose average link passes this
    # probability (the day gap is a feature, so no penalty is added). Best for the
    # clustering of all three dev sets at once (benchmarks/train_events.py).
    same_event_probability: float = setting(
        0.5,
        "learned linker only: threshold best for clustering all three dev sets at once "
        "(benchmarks/train_events.py --write: mean B3 F1 0.901; each held-out set's figures "
        "in RESULTS.md)",
    )
    # Centroid similarity an event needs to join a storyline, besides a leading
    # participant in common with it.
    storyline_threshold: float = setting(
        0.5,
        "set below the event threshold; with the participant rule, ecb-dev storylines mix "
        "events at B-cubed precision 0.74 (0.51 on similarity alone), recall 0.96; no labelled "
        "storylines yet to tune it on",
    )
    # How many of the most salient names (over all its articles) are an event's or a
    # storyline's leading participants. On ecb-dev, whose topics hold two events of one
    # kind, storylines made with 3 mix fewer events (B-cubed precision against its
    # events 0.74, against 0.51 on similarity alone) and keep the recall (0.96).
    storyline_participants: int = setting(
        3,
        "an event joins a storyline only with one of its most salient names in common: ecb-dev "
        "storyline precision 0.51 -> 0.74 at 3, recall 0.97 -> 0.96; basil-dev and allsides-dev"
        " events unchanged",
    )
    event_window_days: float = setting(
        2.0,
        "basil-dev best at 2-3 (0.980), allsides-dev at 1; 2 is the compromise",
    )
    # Once all articles are placed, an event whose articles fall into two groups that
    # share little of their wording is two events: two earthquakes, two heists, one
    # team's two seasons read alike to the sentence encoder, but one names Aceh and a
    # 6.1 magnitude, the other West Papua. The test is average-link clustering of the
    # event's articles by their rarity-weighted words (``EventSignature.words``): when
    # the last merge joins two groups of ``split_min_articles`` or more at an average
    # similarity below ``split_similarity``, they become two events, and each is tested
    # again (benchmarks/RESULTS.md, session 14). With the cosine linker only.
    split_similarity: float = setting(
        0.3,
        "benchmarks/split.py: allsides-dev with dates B3 F1 0.932 -> 0.946 from 0.275 to 0.5, "
        "dates ignored 0.773 -> 0.796 (best 0.801 at 0.35); held out, ecb-dev 0.834 -> 0.878 (its "
        "own best 0.891 at 0.275 with 3 articles a side, which gives allsides-dev 0.941 / "
        "0.784, with dates / dates ignored) and basil-dev 0.980 / 0.965 at every value; 0 "
        "turns the split off",
    )
    split_min_articles: int = setting(
        2,
        "both groups of a split hold at least this many articles: a lone article that "
        "words set apart is left to the similarity that placed it (benchmarks/split.py at "
        "0.3: allsides-dev, with dates / dates ignored, 0.946 / 0.796 at 2, 0.941 / 0.787 at "
        "3; ecb-dev 0.878 at 2, 0.885 at 3)",
    )
    storyline_window_days: float = setting(
        120.0,
        "a storyline may resume months later; not calibrated",
    )
    ignore_dates: bool = False
    neighbours: int = 32
    link_members: int = 5
    hnsw_m: int = 32
    hnsw_ef_search: int = 128

    def validate(self) -> None:
        """Raise ``UsageError`` for a setting outside what clustering knows."""
        if self.linker not in LINKERS:
            raise UsageError(
                f"cluster.linker: unknown {self.linker!r}; known: {', '.join(LINKERS)}"
            )
        if self.split_min_articles < 1:
            raise UsageError("cluster.split_min_articles takes a number of 1 or more")
        if not 0.0 <= self.split_similarity <= 1.0:  # NaN too
            raise UsageError("cluster.split_similarity is a cosine from 0 (no split) to 1")


def published_day(article: Article) -> date | None:
    """Calendar day of publication, when the input said."""
    if not article.published:
        return None
    try:
        return date.fromisoformat(article.published[:10])
    except ValueError:
        return None


@dataclass
class _Event:
    members: list[int] = field(default_factory=list)
    days: set[date] = field(default_factory=set)  # distinct publication days
    vector_sum: np.ndarray | None = None

    def centroid(self) -> np.ndarray:
        assert self.vector_sum is not None
        return self.vector_sum / max(np.linalg.norm(self.vector_sum), 1e-9)

    def required(self, day: date | None, options: ClusterOptions, scored: bool = False) -> float:
        """Link an article of ``day`` needs to join this event: with the scorer, its
        probability threshold (the day gap is one of its features); else the dated cosine
        threshold raised with the day gap, or the undated one when either has no date."""
        if scored:
            return options.same_event_probability
        if day is None or not self.days:
            return options.undated_event_threshold
        return options.event_threshold + options.day_gap_penalty * self.gap_days(day)

    def gap_days(self, day: date | None) -> float:
        """Days between ``day`` and the nearest dated member (0 when either is unknown)."""
        if day is None or not self.days:
            return 0.0
        return float(min(abs((day - other).days) for other in self.days))


class _Segment:
    """The articles of one publication day (or all undated ones), in their own index."""

    def __init__(self, dim: int, options: ClusterOptions) -> None:
        self.index = faiss.IndexHNSWFlat(dim, options.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        self.index.hnsw.efSearch = options.hnsw_ef_search
        self.members: list[int] = []

    def add(self, vector: np.ndarray, member: int) -> None:
        self.index.add(vector)
        self.members.append(member)

    def search(self, vector: np.ndarray, k: int) -> list[tuple[float, int]]:
        if not self.members:
            return []
        scores, ids = self.index.search(vector, min(k, len(self.members)))
        return [
            (float(s), self.members[i]) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0
        ]


class OnlineClusterer:
    """Assigns articles to events one at a time.

    Articles are indexed by publication day: a new article is compared only with those
    of the days within the event window (or, undated, with every article), so the cost
    of placing it depends on how much news those days hold, not on the size of the store.
    """

    def __init__(
        self,
        dim: int = EMBEDDING_DIMENSIONS,
        options: ClusterOptions | None = None,
        scorer: EventScorer | None = None,
    ) -> None:
        self.options = options or ClusterOptions()
        self.dim = dim
        # with a scorer, links are same-event probabilities over signatures and vectors
        self.scorer = scorer
        # one per article when the caller gives them: the scorer's input, and the
        # participants that storylines are made of
        self.signatures: list[EventSignature] = []
        self.vectors: list[np.ndarray] = []
        self.segments: dict[int | None, _Segment] = {}
        self.event_of: list[int] = []
        self.events: list[_Event] = []
        # every member's day (None: undated), for ``consolidate`` to re-place undated ones
        self.day_of: list[date | None] = []
        # every member's index segment and position in it, to read its vector back
        self.slot_of: list[tuple[int | None, int]] = []

    def _neighbours(self, vector: np.ndarray, day: date | None) -> list[tuple[float, int]]:
        k = self.options.neighbours
        if day is None:
            segments = list(self.segments.values())
        else:
            window = int(self.options.event_window_days)
            ordinal = day.toordinal()
            segments = [
                self.segments[d]
                for d in range(ordinal - window, ordinal + window + 1)
                if d in self.segments
            ]
            if None in self.segments:
                segments.append(self.segments[None])
        found = [hit for segment in segments for hit in segment.search(vector, k)]
        return sorted(found, reverse=True)[:k]

    def _links(
        self, neighbours: list[tuple[float, int]], signature: EventSignature | None
    ) -> list[tuple[float, int]]:
        """The neighbours' links to the article: their cosines, or with the scorer the
        probability that each reports the same event, best first."""
        if self.scorer is None or not neighbours:
            return neighbours
        signature = signature or EventSignature()
        probabilities = self._same_event(
            [(signature, self.signatures[m], cosine) for cosine, m in neighbours]
        )
        return sorted(
            ((float(p), m) for p, (_, m) in zip(probabilities, neighbours, strict=True)),
            reverse=True,
        )

    def _margins(
        self,
        vector: np.ndarray,
        day: date | None,
        leaving: int | None = None,
        signature: EventSignature | None = None,
    ) -> dict[int, float]:
        """By how much the article's average-link similarity to each nearby event passes
        that event's threshold (negative: it falls short). ``leaving`` is a member that
        the article is: it does not count towards its own event."""
        options = self.options
        neighbours = [hit for hit in self._neighbours(vector, day) if hit[1] != leaving]
        margins: dict[int, float] = {}
        if not neighbours:
            return margins
        scored = self.scorer is not None
        neighbours = self._links(neighbours, signature)
        # members beyond the k nearest are no closer (no likelier) than the last found
        floor = min(score for score, _ in neighbours)
        found: dict[int, list[float]] = {}
        for score, member in neighbours:
            found.setdefault(self.event_of[member], []).append(score)
        for event_id, sims in found.items():
            event = self.events[event_id]
            size = len(event.members)
            if leaving is not None and event_id == self.event_of[leaving]:
                # its own event as it would be without it
                size -= 1
                event = _Event(days=self._days(m for m in event.members if m != leaving))
            if size == 0 or event.gap_days(day) > options.event_window_days:
                continue
            wanted = min(size, options.link_members)
            top = sorted(sims, reverse=True)[:wanted]
            top += [floor] * (wanted - len(top))
            margins[event_id] = sum(top) / wanted - event.required(day, options, scored)
        return margins

    def add(
        self, vector: np.ndarray, day: date | None = None, signature: EventSignature | None = None
    ) -> int:
        """Place one article (a unit vector, with its event signature when the clusterer
        has a scorer) and return the index of its event."""
        options = self.options
        day = None if options.ignore_dates else day
        vector = np.ascontiguousarray(vector, dtype=np.float32).reshape(1, -1)
        if self.scorer is not None or signature is not None:
            signature = replace(signature or EventSignature(), day=day)
            self.signatures.append(signature)
        if self.scorer is not None:
            self.vectors.append(vector[0])
        # the event passed by the widest margin over its own threshold
        best_event, best_margin = -1, 0.0
        for event_id, margin in self._margins(vector, day, signature=signature).items():
            if margin >= best_margin:
                best_event, best_margin = event_id, margin
        if best_event < 0:
            best_event = len(self.events)
            self.events.append(_Event(vector_sum=np.zeros(vector.shape[1], dtype=np.float32)))
        member = len(self.event_of)
        event = self.events[best_event]
        event.members.append(member)
        if day is not None:
            event.days.add(day)
        event.vector_sum = event.vector_sum + vector[0]
        self.event_of.append(best_event)
        self.day_of.append(day)
        key = day.toordinal() if day is not None else None
        if key not in self.segments:
            self.segments[key] = _Segment(self.dim, options)
        self.slot_of.append((key, len(self.segments[key].members)))
        self.segments[key].add(vector, member)
        return best_event

    def _days(self, members: Iterable[int]) -> set[date]:
        return {day for day in (self.day_of[m] for m in members) if day is not None}

    def consolidate(self) -> None:
        """Merge events that the one-pass order kept apart, and move articles that the
        order placed early into the event that fits them best now that all have come.

        An article that arrived early may have founded an event of its own that later
        articles bridge to another; two events whose exact average-link similarity
        (from their vector sums) passes the event threshold, within the time window,
        become one. An undated article may have come before the rest of its own story
        (without dates the order says nothing of time) and joined a neighbouring story's
        event; each undated article is looked at again against the events as they now
        stand, as a newcomer would be, and moves where it passes the threshold by a wider
        margin. Each round costs one neighbour search per undated article.
        """
        self._merge_events()
        for _ in range(self.options.reassign_rounds):
            if not self._reassign():
                break
            self._merge_events()
        # the learned linker weighs the words in every link already (on the dev sets the
        # split takes it from 0.892 to 0.878 on ecb-dev, 0.963 to 0.959 on basil-dev
        # undated)
        signed = len(self.signatures) == len(self.event_of)
        if signed and self.scorer is None and self.options.split_similarity > 0:
            self._split_events()
        # renumber events densely, in order of first member
        order = sorted(
            (i for i, e in enumerate(self.events) if e.members),
            key=lambda i: min(self.events[i].members),
        )
        renumber = {old: new for new, old in enumerate(order)}
        self.events = [self.events[i] for i in order]
        self.event_of = [renumber[e] for e in self.event_of]

    def _reassign(self) -> bool:
        """One pass moving each undated article to the event it fits best; whether any
        moved."""
        # dated articles came in the order of time, with the rest of their story: only
        # the undated ones (their own index segment) are looked at again
        segment = self.segments.get(None)
        if segment is None:
            return False
        moved = False
        for position, member in enumerate(segment.members):
            vector = segment.index.reconstruct(position).reshape(1, -1)
            own = self.event_of[member]
            signature = self.signatures[member] if self.scorer is not None else None
            margins = self._margins(vector, None, leaving=member, signature=signature)
            # alone, it stays unless an event takes it (the rule of ``add``)
            current = margins.pop(own, 0.0 if len(self.events[own].members) == 1 else -np.inf)
            best = max(margins.items(), key=lambda item: (item[1], -item[0]), default=None)
            if best is None or best[1] < 0 or best[1] <= current:
                continue
            source, target = self.events[own], self.events[best[0]]
            source.members.remove(member)
            source.vector_sum = source.vector_sum - vector[0]
            source.days = self._days(source.members)
            target.members.append(member)
            target.vector_sum = target.vector_sum + vector[0]
            self.event_of[member] = best[0]
            moved = True
        return moved

    def _vector(self, member: int) -> np.ndarray:
        key, position = self.slot_of[member]
        return self.segments[key].index.reconstruct(position)

    def _split_events(self) -> None:
        """Split each event whose articles form two groups apart in their words (see
        ``ClusterOptions.split_similarity``), and the parts again, until none splits."""
        pending = [i for i, e in enumerate(self.events) if e.members]
        while pending:
            number = pending.pop()
            event = self.events[number]
            parts = _word_split(
                [self.signatures[m] for m in event.members],
                self.options.split_similarity,
                self.options.split_min_articles,
            )
            if parts is None or all(parts) or not any(parts):
                continue
            leaving = [m for m, part in zip(event.members, parts, strict=True) if part]
            event.members = [m for m, part in zip(event.members, parts, strict=True) if not part]
            split_off = _Event(vector_sum=np.zeros_like(event.vector_sum))
            self.events.append(split_off)
            for member in leaving:
                vector = self._vector(member)
                event.vector_sum = event.vector_sum - vector
                split_off.vector_sum = split_off.vector_sum + vector
                split_off.members.append(member)
                self.event_of[member] = len(self.events) - 1
            event.days = self._days(event.members)
            split_off.days = self._days(split_off.members)
            pending += [number, len(self.events) - 1]

    def _event_link(self, first: _Event, second: _Event) -> float:
        """Average same-event probability between two events' members (the first
        ``MERGE_MEMBERS`` of each, so that the cost stays bounded for large events)."""
        left, right = first.members[:MERGE_MEMBERS], second.members[:MERGE_MEMBERS]
        probabilities = self._same_event(
            [
                (self.signatures[a], self.signatures[b], float(self.vectors[a] @ self.vectors[b]))
                for a in left
                for b in right
            ]
        )
        return float(probabilities.mean())

    def _same_event(self, pairs: list[tuple[EventSignature, EventSignature, float]]) -> np.ndarray:
        """The scorer's same-event probability of each (signature, signature, cosine)."""
        assert self.scorer is not None
        return self.scorer.probability(np.stack([pair_features(*pair) for pair in pairs]))

    def _merge_events(self) -> None:
        """Merge rounds until no two events pass the threshold together."""
        options = self.options
        while True:
            alive = [i for i, e in enumerate(self.events) if e.members]
            if len(alive) < 2:
                break
            sums = np.stack([self.events[i].vector_sum for i in alive]).astype(np.float32)
            sizes = np.array([len(self.events[i].members) for i in alive], dtype=np.float32)
            centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-9)
            index = faiss.IndexFlatIP(sums.shape[1])
            index.add(centroids)
            _, ids = index.search(centroids, min(options.neighbours, len(alive)))
            pairs: list[tuple[float, int, int]] = []
            for a in range(len(alive)):
                for b in ids[a]:
                    if b <= a:
                        continue
                    first, second = self.events[alive[a]], self.events[alive[b]]
                    gap = min((first.gap_days(day) for day in second.days), default=0.0)
                    if self.scorer is not None:
                        link = self._event_link(first, second)
                        required = options.same_event_probability
                    else:
                        link = float(sums[a] @ sums[b]) / float(sizes[a] * sizes[b])
                        required = (
                            options.undated_event_threshold
                            if not first.days or not second.days
                            else options.event_threshold + options.day_gap_penalty * gap
                        )
                    if link >= required and gap <= options.event_window_days:
                        pairs.append((link - required, alive[a], alive[int(b)]))
            if not pairs:
                break
            touched: set[int] = set()
            for _, keep, gone in sorted(pairs, reverse=True):
                if keep in touched or gone in touched:
                    continue
                touched.update((keep, gone))
                kept, merged = self.events[keep], self.events[gone]
                kept.members += merged.members
                kept.days |= merged.days
                kept.vector_sum = kept.vector_sum + merged.vector_sum
                for member in merged.members:
                    self.event_of[member] = keep
                self.events[gone] = _Event(vector_sum=np.zeros_like(merged.vector_sum))

    def name_weights(self, members: Iterable[int]) -> Counter[str]:
        """The salience of each name over some articles (full names; the surname keys
        only stand in for a full name within a pair)."""
        weights: Counter[str] = Counter()
        for member in members:
            for key, weight in self.signatures[member].names.items():
                if not key.startswith("surname:"):
                    weights[key] += weight
        return weights

    def leading(self, weights: Counter[str]) -> set[str]:
        """The leading participants: the most salient names of ``name_weights``."""
        ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
        return {key for key, _ in ranked[: self.options.storyline_participants]}

    def storylines(self) -> list[int]:
        """Storyline index of every event.

        Events are taken in the order of their first article; each joins the storyline,
        among those of its nearest events, whose centroid is most similar to its own,
        when that passes ``storyline_threshold`` within the storyline window and, when
        the articles came with signatures, the two have a leading participant in
        common; else it starts a storyline. A storyline is compared as a whole (its
        centroid, its participants), so one event alike to two others does not chain
        unrelated news into one storyline.
        """
        options = self.options
        count = len(self.events)
        storyline_of = [-1] * count
        if count == 0:
            return storyline_of
        signed = len(self.signatures) == len(self.event_of)
        centroids = np.stack([event.centroid() for event in self.events]).astype(np.float32)
        index = faiss.IndexFlatIP(centroids.shape[1])
        index.add(centroids)
        _, nearest = index.search(centroids, min(options.neighbours, count))
        # per storyline: vector sum, name salience, days
        sums: list[np.ndarray] = []
        names: list[Counter[str]] = []
        days: list[set[date]] = []
        for i in sorted(range(count), key=lambda e: min(self.events[e].members)):
            event = self.events[i]
            weights = self.name_weights(event.members) if signed else Counter()
            leading = self.leading(weights)
            best, best_score = -1, options.storyline_threshold
            for line in {storyline_of[int(j)] for j in nearest[i] if storyline_of[int(j)] >= 0}:
                total = sums[line]
                score = float(centroids[i] @ total) / max(float(np.linalg.norm(total)), 1e-9)
                if score < best_score:
                    continue
                if signed and not leading & self.leading(names[line]):
                    continue  # the same kind of news about other people
                gap = min((event.gap_days(day) for day in days[line]), default=0.0)
                if not options.ignore_dates and gap > options.storyline_window_days:
                    continue
                best, best_score = line, score
            if best < 0:
                best = len(sums)
                sums.append(np.zeros_like(event.vector_sum))
                names.append(Counter())
                days.append(set())
            storyline_of[i] = best
            sums[best] = sums[best] + event.vector_sum
            names[best].update(weights)
            days[best] |= event.days
        # numbered in order of event, as the events are
        renumber: dict[int, int] = {}
        return [renumber.setdefault(line, len(renumber)) for line in storyline_of]


# An event larger than this is not tested for a split: the test's cost grows with the
# square of an event's size, and so large an event is a running story, not two alike.
SPLIT_MAX_ARTICLES = 400


def _word_split(
    signatures: list[EventSignature], below: float, min_articles: int
) -> list[bool] | None:
    """Whether each article goes to the second of the two groups that average-link
    clustering of their words (cosine of ``EventSignature.words``) joins last, when it
    joins them at a similarity below ``below`` and each holds ``min_articles`` or more;
    None when the articles are one group. Articles without words (a language the word
    list does not read) take no part and stay in the first group."""
    worded = [n for n, signature in enumerate(signatures) if len(signature.words)]
    count = len(worded)
    if count < 2 * min_articles or len(signatures) > SPLIT_MAX_ARTICLES:
        return None
    from scipy.cluster.hierarchy import linkage, to_tree
    from scipy.sparse import csr_matrix

    vectors = [signatures[number].words for number in worded]
    # the articles' words numbered as the columns of one matrix
    vocabulary, columns = np.unique(np.concatenate([v.keys for v in vectors]), return_inverse=True)
    rows = np.repeat(np.arange(count), [len(v) for v in vectors])
    weights = np.concatenate([v.weights for v in vectors]).astype(np.float64)
    words = csr_matrix((weights, (rows, columns)), shape=(count, len(vocabulary)))
    similarity = (words @ words.T).toarray()
    distance = np.clip(1.0 - similarity, 0.0, 2.0)
    # the condensed upper triangle scipy's linkage takes
    root = to_tree(linkage(distance[np.triu_indices(count, k=1)], "average"))
    if 1.0 - root.dist >= below:
        return None
    second = root.get_right().pre_order()
    if min(len(second), count - len(second)) < min_articles:
        return None
    parts = [False] * len(signatures)
    for row in second:
        parts[worded[row]] = True
    return parts


@dataclass
class Clustering:
    """Events as lists of article positions, and the storyline of each event."""

    events: list[list[int]]
    storylines: list[int]

    def labels(self) -> list[int]:
        """The event number of every article, by position (for scoring against gold)."""
        labels = [0] * sum(len(members) for members in self.events)
        for number, members in enumerate(self.events):
            for member in members:
                labels[member] = number
        return labels


def cluster_articles(
    articles: list[Article],
    vectors: np.ndarray,
    options: ClusterOptions | None = None,
    signatures: list[EventSignature] | None = None,
    scorer: EventScorer | None = None,
) -> Clustering:
    """Cluster a batch: the online algorithm fed in (date, id) order, so the input's order
    does not matter. ``signatures`` (one per article) give the participants that link
    events into storylines; without them, storylines rest on similarity alone. With
    ``options.linker == "learned"``, links are the same-event probabilities of
    ``scorer`` (the shipped one by default) over the signatures; else cosines."""
    order = sorted(
        range(len(articles)),
        key=lambda i: (published_day(articles[i]) or date.max, articles[i].id),
    )
    options = options or ClusterOptions()
    options.validate()
    if options.linker == "learned":
        if signatures is None:
            raise ValueError("the learned linker needs one event signature per article")
        scorer = scorer or default_scorer()
    else:
        scorer = None
    clusterer = OnlineClusterer(
        vectors.shape[1] if len(vectors) else EMBEDDING_DIMENSIONS, options, scorer
    )
    for position in order:
        clusterer.add(
            vectors[position],
            published_day(articles[position]),
            signatures[position] if signatures is not None else None,
        )
    clusterer.consolidate()
    events: list[list[int]] = [[] for _ in clusterer.events]
    for slot, position in enumerate(order):
        events[clusterer.event_of[slot]].append(position)
    return Clustering(events=[sorted(e) for e in events], storylines=clusterer.storylines())


def apply_corrections(
    clustering: Clustering, article_ids: list[str], corrections: Iterable[Correction]
) -> Clustering:
    """The clustering with the user's corrections applied in order. Articles a
    correction names that are not among ``article_ids`` are passed over; a merged event
    keeps the storyline of its first part, a split-off one that of the event it left."""
    position = {article_id: n for n, article_id in enumerate(article_ids)}
    event_of = clustering.labels()
    storyline_of = list(clustering.storylines)
    for correction in corrections:
        members = sorted({position[i] for i in correction.article_ids if i in position})
        if not members:
            continue
        if correction.kind == "merge":
            target = min(event_of[m] for m in members)
            joined = {event_of[m] for m in members}
            event_of = [target if e in joined else e for e in event_of]
        else:
            source = event_of[members[0]]
            event_of = [*event_of]
            for member in members:
                event_of[member] = len(storyline_of)
            storyline_of.append(storyline_of[source])
    # renumber densely, in order of first member, as clustering does
    order = list(dict.fromkeys(event_of))
    number = {old: new for new, old in enumerate(order)}
    events: list[list[int]] = [[] for _ in order]
    for member, event in enumerate(event_of):
        events[number[event]].append(member)
    return Clustering(events=events, storylines=[storyline_of[old] for old in order])
