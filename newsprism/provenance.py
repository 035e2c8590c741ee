"""Provenance stage: which articles are copies, syndicated wire text or spun rewrites.

Evidence, cheapest first:

1. **Near duplicates** — MinHash LSH over word 5-gram shingles finds pairs of articles
   with high Jaccard similarity without comparing every pair (datasketch).
2. **Shared passages** — an index of normalized sentences finds which sentences (and so
   paragraphs) two articles share: wire copy with an outlet's own intro, partial copies.
3. **Rewrites** — two articles whose sentences align one-to-one, in order, at high
   meaning similarity (sentence embeddings) without being a copy word for word: one was
   reworded from the other, by a spinning tool or by hand. Short texts must also keep
   most of their words, as two independent short reports of one event align too.
4. **Spinning signals that need no original** — a possessive acronym credited nowhere
   else ("KRVN's correspondent"), names garbled against the forms other articles use,
   fragments left over, sentences that do not fit their neighbours.

Direction (who copied whom) comes from credit lines, then publication dates, then which
side carries the spinning signals. Every decision is listed in plain words in
``signals``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations

import numpy as np
from rapidfuzz import fuzz

from .clean import line_key
from .models import Article
from .nlp import Models
from .report import Provenance
from .sentences import split_sentences, words


@dataclass
class ProvenanceOptions:
    """Thresholds of the provenance stage (see ``newsprism config --explain``)."""

    shingle_size: int = 5
    num_perm: int = 128
    # Word 5-gram Jaccard above which two texts are the same text, lightly edited.
    near_duplicate_jaccard: float = 0.8
    # An article with more near-duplicate candidates than this (one of thousands of
    # copies of a wire text) is compared exactly with the likeliest this many by MinHash
    # agreement only: its strongest relation is among them, and the cost stays linear.
    near_duplicate_candidates: int = 64
    # Above this, the copy is verbatim (a republication when the outlets differ).
    verbatim_jaccard: float = 0.95
    # Share of a copy's sentences found in the other text for it to be syndicated copy.
    syndicated_share: float = 0.5
    min_shared_sentences: int = 2
    min_sentence_words: int = 6
    # Rewrites: meaning-aligned sentence pairs (cosine) with little word overlap.
    # A spinner swaps words for "synonyms", which costs a sentence much of its embedding
    # similarity (0.55-0.9 on spun text) but never its place in the article: sentences
    # pair up in order at the same relative position.
    rewrite_sentence_similarity: float = 0.55
    rewrite_mean_similarity: float = 0.65
    rewrite_position_tolerance: float = 0.15
    rewrite_aligned_share: float = 0.6
    # Any share of words may be kept (a spinning tool keeps 40 %, a thesaurus by hand
    # 80-98 %; a near duplicate is a copy already). But two independent reports of one
    # event align sentence by sentence too when they are short, keeping 15-70 % of their
    # words (allsides-dev, 3-4 sentences): a rewrite aligned on fewer than
    # ``rewrite_min_sentences`` sentences must keep at least ``rewrite_short_word_overlap``
    # of its words, as no independent report in the dev sets does.
    rewrite_min_sentences: int = 5
    rewrite_short_word_overlap: float = 0.75
    rewrite_candidate_similarity: float = 0.6
    # Each article is checked for being a rewrite of its nearest this many articles by
    # meaning (above ``rewrite_candidate_similarity``), not of every article: the cost
    # grows with the corpus, not its square. A spun copy's original is among its nearest
    # unless more than this many articles are closer still to it (copies of one wire text).
    rewrite_candidates: int = 32
    # Spinning signals of distinct kinds needed to call a lone article rewritten.
    lone_rewrite_min_signal_kinds: int = 2


# A rewrite's strength is this plus its aligned share (0-1): below every copy of the
# same text (2 plus its Jaccard) and syndication by shared sentences (1 plus a share of
# at least ``syndicated_share``): sentences found word for word say more than aligned ones.
REWRITE_STRENGTH = 0.5

# MinHash parameters: signatures made elsewhere (batch partitions) must be made alike.
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"


@dataclass
class _Text:
    article: Article
    sentences: list[str]
    shingles: set[str]
    sentence_keys: list[str]


@dataclass
class _Relation:
    copy: str
    source: str | None
    kind: str
    signals: list[str] = field(default_factory=list)
    strength: float = 0.0
    # the other article of the pair, kept where ``source`` may be None (two outlets
    # running one wire story: neither took it from the other)
    shares_with: str | None = None


def _shingles(tokens: list[str], size: int) -> set[str]:
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    # the union's size from the intersection's: building the union set costs 3-4 times more
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _name(article: Article) -> str:
    return article.outlet or article.title or article.id


def _same_outlet(a: str | None, b: str | None) -> bool:
    return bool(a and b) and fuzz.token_set_ratio(a.casefold(), b.casefold()) >= 90


def _direction(a: Article, b: Article) -> tuple[Article, Article, str]:
    """(copy, source, reason): who took the text from whom."""
    if _same_outlet(a.credited_outlet, b.outlet):
        return a, b, f"credits {b.credited_outlet or b.outlet}"
    if _same_outlet(b.credited_outlet, a.outlet):
        return b, a, f"credits {a.credited_outlet or a.outlet}"
    if a.credited_outlet and not b.credited_outlet:
        return a, b, f"carries a credit line ({a.credited_outlet})"
    if b.credited_outlet and not a.credited_outlet:
        return b, a, f"carries a credit line ({b.credited_outlet})"
    if a.published and b.published and a.published[:10] != b.published[:10]:
        return (b, a, "published later") if a.published < b.published else (a, b, "published later")
    return (a, b, "direction unknown") if a.id > b.id else (b, a, "direction unknown")


# For article ids, each article's sentences and their embeddings (one row per sentence).
SentenceProvider = Callable[[list[str]], dict[str, tuple[list[str], np.ndarray]]]


def find_provenance(
    articles: list[Article],
    models: Models | None = None,
    options: ProvenanceOptions | None = None,
    embeddings: np.ndarray | None = None,
    sentences: SentenceProvider | None = None,
    signatures: dict[str, np.ndarray] | None = None,
) -> dict[str, Provenance]:
    """Provenance of every article, keyed by article id.

    ``embeddings`` are the articles' document vectors (rows aligned with ``articles``),
    used to pick candidate pairs for rewrite detection. Sentence embeddings for the
    alignment come from ``sentences`` (the pipeline shares its cache this way) or, when
    only ``models`` is given, are computed here; with neither, rewrite detection is
    skipped and only copy detection and lone spinning signals run. ``signatures`` are
    MinHash signatures made by ``minhash_signature`` (keyed by article id), computed
    elsewhere, in parallel, by ``newsprism.batch``; articles without one are hashed here.
    """
    options = options or ProvenanceOptions()
    if sentences is None and models is not None:
        sentences = _encoder_provider(articles, models)
    texts = [_prepare(article, options) for article in articles]
    by_id = {text.article.id: text for text in texts}
    relations: dict[str, _Relation] = {}

    def offer(relation: _Relation) -> None:
        current = relations.get(relation.copy)
        if current is None or relation.strength > current.strength:
            relations[relation.copy] = relation

    for a, b, similarity in _near_duplicate_pairs(texts, options, signatures or {}):
        copy, source, reason = _direction(a.article, b.article)
        signals = [f"{similarity:.0%} of word 5-grams shared with {_name(source)} ({source.id})"]
        if copy.credit_kind == "wire" and source.credit_kind == "wire":
            # Two outlets running the same agency copy: neither took it from the other.
            both = f"both carry wire credits ({copy.credited_outlet}, {source.credited_outlet})"
            offer(
                _Relation(copy.id, None, "syndicated", [*signals, both], 2 + similarity, source.id)
            )
            offer(
                _Relation(
                    source.id,
                    None,
                    "syndicated",
                    [
                        f"{similarity:.0%} of word 5-grams shared with {_name(copy)} ({copy.id})",
                        both,
                    ],
                    2 + similarity,
                    copy.id,
                )
            )
            continue
        if copy.credit_kind == "wire":
            kind = "syndicated"
        elif _same_outlet(copy.outlet, source.outlet) or similarity < options.verbatim_jaccard:
            kind = "near_duplicate"
        else:
            kind = "republished"
        offer(_Relation(copy.id, source.id, kind, [*signals, f"copy: {reason}"], 2 + similarity))

    for (a_id, b_id), shared in _shared_sentences(texts, options).items():
        a, b = by_id[a_id], by_id[b_id]
        copy, source, reason = _direction(a.article, b.article)
        copy_text = by_id[copy.id]
        share = shared / max(1, len(copy_text.sentence_keys))
        if share < options.syndicated_share:
            continue
        signals = [
            f"shares {shared} of its {len(copy_text.sentence_keys)} sentences with "
            f"{_name(source)} ({source.id})",
        ]
        wire = {x.credited_outlet for x in (a.article, b.article) if x.credit_kind == "wire"}
        if wire:
            signals.append(f"wire credit: {', '.join(sorted(wire))}")
        both_copies = all(x.credit_kind == "wire" for x in (a.article, b.article))
        signals.append(
            "both carry wire credits: copies of one wire story"
            if both_copies
            else f"copy: {reason}"
        )
        offer(
            _Relation(
                copy.id,
                None if both_copies else source.id,
                "syndicated",
                signals,
                strength=1 + share,
                shares_with=source.id,
            )
        )
        if both_copies:
            offer(
                _Relation(
                    source.id,
                    None,
                    "syndicated",
                    [
                        f"shares {shared} sentences with {_name(copy)} ({copy.id})",
                        *signals[1:],
                    ],
                    strength=1 + share,
                    shares_with=copy.id,
                )
            )

    corpus = _Corpus.of(texts)
    spinning = {text.article.id: _spinning_signals(i, corpus) for i, text in enumerate(texts)}
    if sentences is not None and embeddings is not None:
        # a rewrite relation cannot replace a stronger one (a copy of the same text)
        settled = {
            copy_id
            for copy_id, relation in relations.items()
            if relation.strength > REWRITE_STRENGTH + 1
        }
        for relation in _rewrites(texts, embeddings, sentences, options, spinning, settled):
            offer(relation)

    same_text: dict[str, set[str]] = {text.article.id: set() for text in texts}
    for relation in relations.values():
        partner = relation.source or relation.shares_with
        if partner is not None:
            same_text[relation.copy].add(partner)
            same_text[partner].add(relation.copy)

    result: dict[str, Provenance] = {}
    for text in texts:
        article = text.article
        relation = relations.get(article.id)
        signs = spinning[article.id]
        if relation is not None:
            result[article.id] = Provenance(
                kind=relation.kind, of=relation.source, signals=relation.signals + _flatten(signs)
            )
        elif len(signs) >= options.lone_rewrite_min_signal_kinds:
            result[article.id] = Provenance(
                kind="rewritten",
                of=None,
                signals=["machine-spinning signals, no original in the corpus", *_flatten(signs)],
            )
        elif article.credited_outlet and not _same_outlet(article.credited_outlet, article.outlet):
            kind = "republished" if article.credit_kind == "republication" else "syndicated"
            result[article.id] = Provenance(
                kind=kind,
                of=None,
                signals=[
                    f"credit line names {article.credited_outlet}; the original is not in the corpus",
                    *_flatten(signs),
                ],
            )
        else:
            result[article.id] = Provenance(kind="original", of=None, signals=_flatten(signs))
    for article_id, provenance in result.items():
        provenance.same_text_as = sorted(same_text[article_id])
    return result


def _flatten(signals: dict[str, list[str]]) -> list[str]:
    return [item for values in signals.values() for item in values]


def _prepare(article: Article, options: ProvenanceOptions) -> _Text:
    sentences = split_sentences(article.text)
    return _Text(
        article=article,
        sentences=sentences,
        shingles=_shingles(words(article.text), options.shingle_size),
        sentence_keys=[
            line_key(sentence)
            for sentence in sentences
            if len(sentence.split()) >= options.min_sentence_words
        ],
    )


def minhash_signature(article: Article, options: ProvenanceOptions | None = None) -> np.ndarray:
    """MinHash signature (uint32, ``options.num_perm`` values) of an article's word
    shingles; empty when the article has no words."""

    options = options or ProvenanceOptions()
    shingles = _shingles(words(article.text), options.shingle_size)
    if not shingles:
        return np.zeros(0, dtype=np.uint32)
    signature = _minhash(options.num_perm)
    signature.update_batch([s.encode("utf-8") for s in shingles])
    return signature.hashvalues


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    from datasketch import MinHash  # scipy behind it: imported when used

    return MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME).permutations


def _minhash(num_perm: int, hashvalues: np.ndarray | None = None):
    """An empty MinHash (or one of these hash values) with the project's seed and scheme;
    its permutations are made once per size, not once per article."""
    from datasketch import MinHash

    return MinHash(
        num_perm=num_perm,
        seed=MINHASH_SEED,
        hashvalues=hashvalues,
        permutations=_permutations(num_perm),
        scheme=MINHASH_SCHEME,
    )


def _near_duplicate_pairs(
    texts: list[_Text], options: ProvenanceOptions, signatures: dict[str, np.ndarray]
):
    """Pairs with word-shingle Jaccard over the threshold, found through MinHash LSH."""
    from datasketch import MinHashLSH  # scipy behind it: imported when used

    lsh = MinHashLSH(threshold=options.near_duplicate_jaccard * 0.8, num_perm=options.num_perm)
    shingles = _ShingleSets([text.shingles for text in texts])
    hashes: dict[int, np.ndarray] = {}
    for index, text in enumerate(texts):
        if not text.shingles:
            continue
        given = signatures.get(text.article.id)
        if given is not None and len(given) == options.num_perm:
            signature = _minhash(options.num_perm, given)
        else:
            signature = _minhash(options.num_perm)
            signature.update_batch([s.encode("utf-8") for s in text.shingles])
        others = _likeliest(lsh.query(signature), signature.hashvalues, hashes, options)
        for other, similarity in zip(others, shingles.jaccards(index, others), strict=True):
            if similarity >= options.near_duplicate_jaccard:
                yield texts[other], text, float(similarity)
        lsh.insert(index, signature)
        hashes[index] = signature.hashvalues


class _ShingleSets:
    """Texts' shingle sets as arrays of shingle numbers, for exact Jaccards of one text
    with many others at once: a text of a wire story is checked against dozens of
    copies, and a lookup in a mask of the vocabulary is far cheaper than set algebra.
    Only the texts that are compared are numbered."""

    def __init__(self, sets: list[set[str]]) -> None:
        self.sets = sets
        self._vocabulary: dict[str, int] = {}
        self._numbers: dict[int, np.ndarray] = {}
        self._mask = np.zeros(0, dtype=bool)

    def numbers(self, index: int) -> np.ndarray:
        """The shingle numbers of text ``index``."""
        found = self._numbers.get(index)
        if found is None:
            shingles, vocabulary = self.sets[index], self._vocabulary
            found = np.fromiter(
                (vocabulary.setdefault(shingle, len(vocabulary)) for shingle in shingles),
                dtype=np.int32,
                count=len(shingles),
            )
            self._numbers[index] = found
        return found

    def jaccards(self, index: int, others: list[int]) -> np.ndarray:
        """Exact Jaccard of text ``index``'s shingles with each of ``others``'."""
        if not others or not self.sets[index]:
            return np.zeros(len(others))
        own, numbered = self.numbers(index), [self.numbers(o) for o in others]
        if len(self._mask) < len(self._vocabulary):
            self._mask = np.zeros(2 * len(self._vocabulary), dtype=bool)
        self._mask[own] = True
        try:
            shared = np.array([int(self._mask[numbers].sum()) for numbers in numbered])
        finally:
            self._mask[own] = False
        union = len(own) + np.array([len(numbers) for numbers in numbered]) - shared
        return np.where(union > 0, shared / np.maximum(union, 1), 0.0)


def _likeliest(
    candidates: list[int],
    hashvalues: np.ndarray,
    hashes: dict[int, np.ndarray],
    options: ProvenanceOptions,
) -> list[int]:
    """The LSH candidates worth an exact Jaccard: all of them, or when a text has more
    than ``near_duplicate_candidates`` (one of thousands of copies of a wire text), those
    whose MinHash signatures agree most with its own (the estimated Jaccard), in order."""
    if len(candidates) <= options.near_duplicate_candidates:
        return sorted(candidates)
    ordered = sorted(candidates)
    agreement = (np.stack([hashes[c] for c in ordered]) == hashvalues).mean(axis=1)
    best = np.argsort(-agreement, kind="stable")[: options.near_duplicate_candidates]
    return [ordered[i] for i in sorted(best)]


def _shared_sentences(texts: list[_Text], options: ProvenanceOptions) -> dict[tuple[str, str], int]:
    """Number of identical (normalized) sentences per article pair, via an inverted index."""
    holders: dict[str, set[str]] = defaultdict(set)
    for text in texts:
        for key in set(text.sentence_keys):
            holders[key].add(text.article.id)
    pairs: Counter[tuple[str, str]] = Counter()
    for ids in holders.values():
        # A sentence in very many articles is a formula, not evidence of copying.
        if 1 < len(ids) <= 20:
            for a, b in combinations(sorted(ids), 2):
                pairs[(a, b)] += 1
    return {pair: n for pair, n in pairs.items() if n >= options.min_shared_sentences}


_POSSESSIVE_ACRONYM = re.compile(r"\b([A-Z]{2,6})['’]s\b")
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]{3,}\b")
# A sentence ending on one of these words lost its tail ("as the families of.").
_FUNCTION_END = re.compile(r"\b(?:of|the|a|an|and|or|but|its|their|whose)\s*[.!?]$", re.IGNORECASE)
# Endings by which one name form is an inflection of another: Israeli/Israelis, Qatar/Qatari.
_INFLECTIONS = ("s", "es", "i", "n", "an", "ian", "ese", "ish", "'s", "’s")
# Closed-class capitalized words that differ by a letter or two and are not names.
_NOT_NAMES = {
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
}


def _is_inflection(a: str, b: str) -> bool:
    short, long = sorted((a.casefold(), b.casefold()), key=len)
    return long.startswith(short) and long[len(short) :] in _INFLECTIONS


@dataclass
class _Corpus:
    """What one article's spinning signals are judged against, counted once for the
    corpus so that judging every article costs time linear in the corpus, not
    quadratic. ``_spinning_signals`` gets from it exactly what it would get from the
    concatenated text of the other articles."""

    texts: list[_Text]
    outlets: str
    # Capitalized words: count over the corpus, and (article, offset) of the first
    # occurrence in each of the first two articles holding the word.
    names: Counter[str]
    first: dict[str, list[tuple[int, int]]]
    ranked: list[str]
    holders: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, texts: list[_Text]) -> _Corpus:
        outlets = (
            " ".join(filter(None, (t.article.outlet for t in texts)))
            + " "
            + " ".join(filter(None, (t.article.credited_outlet for t in texts)))
        )
        names: Counter[str] = Counter()
        first: dict[str, list[tuple[int, int]]] = {}
        for index, text in enumerate(texts):
            seen: set[str] = set()
            for match in _CAPITALIZED.finditer(text.article.text):
                name = match.group()
                names[name] += 1
                if name not in seen:
                    seen.add(name)
                    places = first.setdefault(name, [])
                    if len(places) < 2:
                        places.append((index, match.start()))
        ranked = sorted(names, key=lambda name: (-names[name], first[name][0]))
        return cls(texts, outlets, names, first, ranked)

    def elsewhere_has(self, token: str) -> bool:
        """True when an article holds ``token`` besides the one it was found in."""
        if token not in self.holders:
            self.holders[token] = sum(token in t.article.text for t in self.texts)
        return self.holders[token] > 1

    def most_common_elsewhere(self, index: int, mine: Counter[str], n: int) -> list[str]:
        """``Counter(capitalized words of every other article).most_common(n)``, names
        only: first by count, ties in order of first occurrence."""

        def place(name: str) -> tuple[int, int]:
            places = self.first[name]
            return places[0] if places[0][0] != index else places[1]

        # Only this article's own names move (down) when it is left out, so the top n
        # lie within the corpus's top n + len(mine).
        candidates = [
            name
            for name in self.ranked[: n + len(mine)]
            if self.names[name] - mine.get(name, 0) > 0
        ]
        candidates.sort(key=lambda name: (-(self.names[name] - mine.get(name, 0)), place(name)))
        return candidates[:n]


def _spinning_signals(index: int, corpus: _Corpus) -> dict[str, list[str]]:
    """Signals of machine spinning visible in one article, judged against the corpus."""
    signals: dict[str, list[str]] = {}
    text = corpus.texts[index]
    odd_credits = sorted(
        {
            token
            for token in _POSSESSIVE_ACRONYM.findall(text.article.text)
            if len(corpus.texts) > 1
            and token not in corpus.outlets
            and not corpus.elsewhere_has(token)
        }
    )
    if odd_credits:
        signals["credit"] = [f"credit to an outlet named nowhere else: {', '.join(odd_credits)}"]

    mine = Counter(_CAPITALIZED.findall(text.article.text))
    garbled = []
    ranked: list[str] | None = None
    for name in mine:
        if corpus.names[name] - mine[name] > 0 or name.casefold() in _NOT_NAMES:
            continue
        if ranked is None:
            ranked = corpus.most_common_elsewhere(index, mine, 400)
        for other in ranked:
            count = corpus.names[other] - mine.get(other, 0)
            if count < 2 or other[0] != name[0] or abs(len(other) - len(name)) > 1:
                continue
            if other.casefold() in _NOT_NAMES or _is_inflection(name, other):
                continue
            if fuzz.ratio(name, other) >= 80:
                garbled.append(f"{name} (elsewhere {other})")
                break
    if garbled:
        signals["names"] = [f"names garbled against the corpus: {', '.join(sorted(garbled)[:5])}"]

    fragments = [
        sentence
        for sentence in text.sentences
        if _FUNCTION_END.search(sentence)
        # a word or two in lowercase; a lone capitalized word ("Sen.", "Reps.") is an
        # abbreviation the sentence splitter cut off, not a spinner's leftover
        or (len(sentence.split()) <= 2 and sentence[:1].islower())
    ]
    if fragments:
        quoted = "; ".join(f"“{f if len(f) < 80 else '…' + f[-60:]}”" for f in fragments[:3])
        signals["fragments"] = [f"leftover fragments: {quoted}"]
    return signals


def _encoder_provider(articles: list[Article], models: Models) -> SentenceProvider:
    by_id = {article.id: article for article in articles}

    def provide(ids: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
        found = {}
        for article_id in ids:
            sentences = split_sentences(by_id[article_id].text)
            found[article_id] = (sentences, models.encode(sentences))
        return found

    return provide


# Up to this many vectors, ``similar_pairs`` compares all with all (at most 64 MB of
# similarities); beyond, through an HNSW index.
EXACT_PAIR_VECTORS = 4000


def similar_pairs(vectors: np.ndarray, threshold: float, neighbours: int) -> list[tuple[int, int]]:
    """Pairs (i < j) of unit vectors whose cosine is at least ``threshold``, j among the
    ``neighbours`` nearest of i or i among those of j, sorted; in memory and time that
    grow with the number of vectors, not its square."""
    count = len(vectors)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    k = min(neighbours + 1, count)
    if count <= EXACT_PAIR_VECTORS:
        similarity = vectors @ vectors.T
        # the k best of each row, unordered: order does not matter for a set of pairs
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        scores = np.take_along_axis(similarity, nearest, axis=1)
    else:
        import faiss

        index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = max(2 * k, 64)
        index.add(vectors)
        scores, nearest = index.search(vectors, k)
    pairs = {
        (min(i, int(j)), max(i, int(j)))
        for i in range(count)
        for score, j in zip(scores[i], nearest[i], strict=True)
        if j >= 0 and j != i and score >= threshold
    }
    return sorted(pairs)


def _rewrites(
    texts: list[_Text],
    embeddings: np.ndarray,
    sentences: SentenceProvider,
    options: ProvenanceOptions,
    spinning: dict[str, dict[str, list[str]]],
    settled: set[str] = frozenset(),
) -> list[_Relation]:
    """Pairs whose sentences align in order by meaning, reworded. Pairs of two
    ``settled`` articles (whose relations a rewrite could not replace) are not checked."""
    if len(texts) < 2:
        return []
    candidates = [
        (i, j)
        for i, j in similar_pairs(
            embeddings, options.rewrite_candidate_similarity, options.rewrite_candidates
        )
        if not (texts[i].article.id in settled and texts[j].article.id in settled)
        and _jaccard(texts[i].shingles, texts[j].shingles) < options.near_duplicate_jaccard
    ]
    if not candidates:
        return []
    needed = sorted({k for pair in candidates for k in pair})
    provided = sentences([texts[k].article.id for k in needed])
    for k in needed:  # align the sentences the vectors belong to
        texts[k].sentences = provided[texts[k].article.id][0]
    vectors = {k: provided[texts[k].article.id][1] for k in needed}
    # each text's sentences as word sets, made once: a text may be a candidate of many
    sentence_words: dict[int, list[set[str]]] = {}

    def word_sets(k: int) -> list[set[str]]:
        if k not in sentence_words:
            sentence_words[k] = [set(words(sentence)) for sentence in texts[k].sentences]
        return sentence_words[k]

    relations = []
    for i, j in candidates:
        a, b = texts[i], texts[j]
        if not a.sentences or not b.sentences:
            continue
        scores = vectors[i] @ vectors[j].T
        rows, cols = scores.shape
        aligned = []
        last = -1
        for row in range(rows):
            col = int(scores[row].argmax())
            in_place = abs(row / rows - col / cols) <= options.rewrite_position_tolerance
            if scores[row, col] >= options.rewrite_sentence_similarity and col > last and in_place:
                aligned.append((row, col))
                last = col
        share = len(aligned) / max(rows, cols)
        if share < options.rewrite_aligned_share:
            continue
        if float(np.mean([scores[r, c] for r, c in aligned])) < options.rewrite_mean_similarity:
            continue
        overlaps = [_jaccard(word_sets(i)[r], word_sets(j)[c]) for r, c in aligned]
        overlap = float(np.mean(overlaps))
        if len(aligned) < options.rewrite_min_sentences and (
            overlap < options.rewrite_short_word_overlap
        ):
            continue
        a_signs, b_signs = len(spinning[a.article.id]), len(spinning[b.article.id])
        if a_signs != b_signs:
            copy, source = (a, b) if a_signs > b_signs else (b, a)
            reason = "carries the spinning signals"
        else:
            copy_article, _, reason = _direction(a.article, b.article)
            copy, source = (a, b) if copy_article is a.article else (b, a)
        relations.append(
            _Relation(
                copy.article.id,
                source.article.id,
                "rewritten",
                [
                    f"{len(aligned)} of {len(copy.sentences)} sentences align in order with "
                    f"{_name(source.article)} ({source.article.id}) by meaning, "
                    f"keeping {overlap:.0%} of their words",
                    f"rewrite: {reason}",
                ],
                strength=REWRITE_STRENGTH + share,
            )
        )
    return relations
