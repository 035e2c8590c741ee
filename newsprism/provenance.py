"""Provenance stage: which articles are copies, syndicated wire text, spun rewrites or
partial copies, along one continuous copy model.

1. **Candidates**, never all pairs: MinHash LSH over word 5-gram shingles finds near
   duplicates (datasketch); an inverted index of the same 5-grams (kept as 64-bit
   hashes, all texts' sorted together) finds pairs sharing passages; the nearest
   articles by meaning (document vectors) find reworded pairs.
2. **Alignment**: each candidate pair is read both ways, its sentences aligned in order
   (dynamic programming; a sentence may be split in two, or two merged) by their words
   and, given sentence vectors, by their meaning. It yields how much of the copy comes
   from the source — words copied word for word (runs of 5 words found in the source),
   sentences aligned — and how it was changed (words kept per aligned sentence).
3. **Kind**, from those measures: the whole source lightly edited (near duplicate,
   republished) or less of it (abridged: partial), its text with the copy's own around
   it (syndicated), its sentences reworded (rewritten), several sources together (a
   patchwork: partial), passages lifted (partial). Quoted words are no evidence: outlets
   at one press conference share quotes, not their own sentences.
4. **Spinning signals that need no original** — a possessive acronym credited nowhere
   else ("KRVN's correspondent"), names garbled against the forms other articles use,
   fragments left over.

The candidates are found over the whole corpus; the pairs are aligned in tasks, each a
block of at most ``BLOCK_TEXTS`` texts with what is known of them corpus-wide (spinning
signals, word rarity), which an engine runs (``newsprism.engines``: in this process, a
process pool or Dask workers). The corpus-wide step then joins the pairs' verdicts per
copy (patchworks, the best of several sources), and a last round of tasks reads each
copy's measures and passages from its alignments. A task holds its block's sentences
only, and the stage those of the blocks in flight (a sentence provider may keep a cache
of its own, as the pipeline's does); the result does not depend on the blocks.

Direction (who copied whom) comes from credit lines, then publication dates, then which
text lies within the other, which carries spinning signals, and whose changed words the
corpus's other articles do not use; quotations lifted into a text about something else
were lifted by the text they make more of. Every decision is listed in plain words in
``signals``.
"""

from __future__ import annotations

import bisect
import os
import re
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import combinations
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .clean import line_key
from .engines import Engine, InlineEngine
from .models import Article
from .nlp import Models
from .options import setting
from .report import Provenance, SharedPassage
from .sentences import split_sentences, word_hash, words


@dataclass
class ProvenanceOptions:
    """Thresholds of the provenance stage (see ``newsprism config --explain``)."""

    shingle_size: int = 5
    num_perm: int = 128
    # Word 5-gram Jaccard above which two texts are the same text, lightly edited.
    near_duplicate_jaccard: float = setting(
        0.8,
        "example corpus: republished copy 1.00, syndicated copies 0.85, others < 0.3",
    )
    # An article with more near-duplicate candidates than this (one of thousands of
    # copies of a wire text) is compared exactly with the likeliest this many by MinHash
    # agreement only: its strongest relation is among them, and the cost stays linear.
    near_duplicate_candidates: int = setting(
        64,
        "near-duplicate candidates compared exactly per article, likeliest first by MinHash "
        "agreement: bounds the cost when thousands copy one text; no dev set article has this "
        "many",
    )
    # Above this, the copy is verbatim (a republication when the outlets differ).
    verbatim_jaccard: float = 0.95
    # The copy model. Candidate pairs share at least this many word 5-grams (a lifted
    # quote of a dozen words shares eight) or are near neighbours by meaning; a 5-gram
    # found in more than ``passage_max_holders`` articles is a formula, not evidence.
    passage_candidate_shingles: int = 4
    passage_max_holders: int = 20
    # A sentence of at least ``min_sentence_words`` words is copied (verbatim or edited)
    # from a source sentence holding this share of its word trigrams: word order kept.
    min_sentence_words: int = 6
    copied_trigram_share: float = 0.5
    # A copy whose words align with the source's at least this much is the source's text
    # as a whole; covering less of the source than this, it is abridged.
    whole_share: float = setting(
        0.8,
        "share of a copy's words copied word for word (or aligned, keeping "
        "provenance.near_duplicate_kept) for it to be the source's text as a whole: independent"
        " dev-set articles hold at most 73 % of another's words (allsides-dev, Reuters and The "
        "Guardian); abridged copies made by benchmarks/provenance.py 100 %",
    )
    # A whole copy keeping this share of its aligned words is the same text edited (near
    # duplicate); below, it is reworded (rewritten).
    near_duplicate_kept: float = setting(
        0.9,
        "words a whole copy keeps to be the same text edited, not reworded: the example "
        "corpus's wire copies keep 91 %, its spun copy 49 %",
    )
    # Share of a copy's words copied from the source, with text of its own around them,
    # for it to carry the source as syndicated copy.
    syndicated_share: float = setting(
        0.75,
        "share of its words (outside quotes) a copy with text of its own takes word for word: "
        "independent dev-set articles at most 73 % (one allsides-dev pair), then 46 %",
    )
    # Below that, a partial copy: passages lifted with new text around them, at least
    # ``min_shared_passages`` sentences and this share of its words.
    partial_share: float = setting(
        0.5,
        "lifted passages: this share of its words outside quotes, in at least "
        "provenance.min_shared_passages sentences kept as they are; independent dev-set "
        "articles share up to 46 % (the one at 73 % keeps no two sentences whole)",
    )
    min_shared_passages: int = 2
    # A patchwork: several sources, each adding at least this share of its words, hold
    # ``whole_share`` of it together.
    patch_share: float = setting(
        0.2,
        "words each source of a patchwork must add; together they must hold "
        "provenance.whole_share: no independent dev-set article is 75 % covered by the others "
        "of its story (at most 74 %, the Reuters copy above, then 62 %)",
    )
    # Who copied whom, with no credit line or dates: the text lying within the other's
    # by at least this margin (share of its words aligned) is the copy.
    direction_margin: float = setting(
        0.15,
        "with no credit or date, the text lying within the other's by this margin is the copy: "
        "abridged copies 100 % against 30-64 % the other way (benchmarks/provenance.py)",
    )
    # Rewrites: meaning-aligned sentence pairs (cosine) with little word overlap.
    # A spinner swaps words for "synonyms", which costs a sentence much of its embedding
    # similarity (0.55-0.9 on spun text) but never its place in the article: sentences
    # pair up in order, at about the same relative position (words before them).
    rewrite_sentence_similarity: float = 0.55
    rewrite_mean_similarity: float = setting(
        0.65,
        "example spun copy aligns at 0.72 mean; same-story originals stay below",
    )
    rewrite_position_tolerance: float = 0.15
    # A rewrite may carry text of its own around the source's sentences (a spinner's
    # filler): what tells it from independent reporting is that it renders nearly all of
    # its source in order (``rewrite_source_coverage``), not how little else it says. A
    # text that holds its source word for word is no rewrite of it, however low the
    # share: that source is the text abridged.
    rewrite_aligned_share: float = setting(
        0.25,
        "share of a rewrite's words in sentences aligned with its source (was 0.6): "
        "paraphrases of basil-dev articles keeping 30 % of their words (benchmarks/"
        "provenance.py --copy-from basil-dev, tables a and b) are 30-45 % aligned, the rest "
        "filler, and are found 100 % / 97 % (0 % at 0.6); no independent basil-dev or "
        "allsides-dev pair passes the other rewrite rules (coverage, mean similarity, "
        "sentences) at any share; abridged copies keep their direction (90 % / 93 %)",
    )
    # A rewrite renders the source's sentences in order, nearly all of them; two
    # independent reports of one event align in part, on what both tell (basil-dev: at
    # most 68 % of the source's words; copies spun by benchmarks/provenance.py: 100 %).
    rewrite_source_coverage: float = setting(
        0.8,
        "a rewrite aligns with nearly all of its source: independent basil-dev pairs that align"
        " by meaning cover at most 68 % of each other, spun copies 100 %; without it 8 "
        "basil-dev articles were called rewritten",
    )
    # Two independent reports of one event align sentence by sentence too when they are
    # short, keeping much of their words (allsides-dev, 3-4 sentences: up to 85 %): a
    # rewrite aligned on fewer than ``rewrite_min_sentences`` sentences must keep at
    # least ``rewrite_short_word_overlap`` of its words, as no independent report in the
    # dev sets does.
    rewrite_min_sentences: int = setting(
        5,
        "below this many aligned sentences a rewrite must keep most of its words: "
        "allsides-dev's short independent reports align on 2-4 (26 of 739 were called "
        "rewritten, now 0); the example spun copy aligns on 14 keeping 38 %",
    )
    rewrite_short_word_overlap: float = setting(
        0.9,
        "words a short rewrite keeps (distinct words of each copy sentence found in its source "
        "sentence): an allsides-dev pair of three sentences (Reuters, The Guardian) keeps 85 %,"
        " so a rewrite aligned on fewer sentences than provenance.rewrite_min_sentences is a "
        "near duplicate or nothing; short copies reworded by benchmarks/provenance.py are found"
        " by the words they copy (97-100 %, tables a and b)",
    )
    rewrite_candidate_similarity: float = setting(
        0.5,
        "document similarity of a pair checked for a rewrite (was 0.6): spun copies fall to "
        "0.65-0.79 with their source, basil-dev paraphrases keeping 30 % of their words (most "
        "of them filler) to 0.52-0.87 (benchmarks/provenance.py --copy-from basil-dev)",
    )
    # Each article is checked for being a rewrite of its nearest this many articles by
    # meaning (above ``rewrite_candidate_similarity``), not of every article: the cost
    # grows with the corpus, not its square. A spun copy's original is among its nearest
    # unless more than this many articles are closer still to it (copies of one wire text).
    rewrite_candidates: int = setting(
        32,
        "nearest articles each is checked against for a rewrite: bounds the cost in stories of "
        "thousands; basil-dev and allsides-dev get the same provenance with 32 as with every "
        "pair",
    )
    # Quotes lifted into an article about something else: at least ``lifted_quotes``
    # quotations of ``lifted_quote_words`` words or more copied word for word, between
    # two articles whose document vectors are less alike than
    # ``lifted_quote_max_similarity``. Two reports of one press conference share quotes
    # too, but they are about the same event: in the dev sets every pair sharing even one
    # such quotation is of one event, at document similarity 0.63 or more (basil-dev 24
    # pairs, allsides-dev 3, ecb-dev 83); no pair of different events shares one.
    lifted_quote_words: int = 8
    lifted_quotes: int = setting(
        2,
        "quotations of provenance.lifted_quote_words words or more a text must share word for "
        "word with another it is not about the same event as: no pair of different events in "
        "the dev sets shares one (basil-dev, allsides-dev, ecb-dev)",
    )
    lifted_quote_max_similarity: float = setting(
        0.5,
        "document similarity below which two texts sharing quotations are about different "
        "things: dev-set pairs sharing one are all of one event, at 0.63 or more",
    )
    # Spinning signals of distinct kinds needed to call a lone article rewritten.
    lone_rewrite_min_signal_kinds: int = 2


# A relation's strength ranks the candidate sources of one copy: a copy of the same
# text found by its 5-grams is 2 plus its Jaccard, one found by aligning sentences 1 plus
# the share of its words aligned.
# MinHash parameters: signatures made elsewhere (batch partitions) must be made alike.
MINHASH_SEED = 1
MINHASH_SCHEME = "affine32"


@dataclass
class _Text:
    """One article as the alignment tasks read it (its word 5-grams and MinHash
    signature are held apart, in ``_Grams`` and a matrix, for the candidate search)."""

    article: Article

    @property
    def sentences(self) -> list[str]:
        """Its sentences, split where asked (cheap, and not held for the whole stage)."""
        return split_sentences(self.article.text)


class _Texts(Sequence[_Text]):
    """The articles as the stage reads them, by position or by id: each made a ``_Text``
    when asked, not held. Given a sequence that reads each article from elsewhere when
    asked (rows on disk), the stage holds the texts of its blocks in flight, not those of
    the corpus; what it keeps of every article is its id."""

    def __init__(self, articles: Sequence[Article], ids: list[str]) -> None:
        self.articles = articles
        self.ids = ids
        self.position = {article_id: index for index, article_id in enumerate(ids)}

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):  # type: ignore[override]
        return _Text(self.articles[index])

    def __iter__(self) -> Iterator[_Text]:
        return (_Text(article) for article in self.articles)

    def get(self, article_id: str) -> _Text:
        """The text of the article with this id."""
        return self[self.position[article_id]]


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
    # each of its sources (the main one first), with the pair as it was aligned (the
    # same alignment is read again where the copy is described)
    partners: dict[str, tuple[str, str]] = field(default_factory=dict)
    # the copy aligned with each of its sources, where it is described
    alignments: dict[str, _Alignment] = field(default_factory=dict)
    # a partial copy that is all the source's text, only less of it
    abridged: bool = False
    # its first signal, what its alignment shows, is still to be made from it
    described_by_alignment: bool = False


def _shingles(tokens: list[str], size: int) -> set[str]:
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


# Hashes of words and their 5-grams: a word's 64-bit ``word_hash``, the same in every
# process; a 5-gram's hash is a polynomial of its words' (mod 2**64). That any two of the
# 300 million distinct 5-grams of a million articles share a hash has odds of about 1
# in 400 (n**2 / 2**65), and a shared hash only adds one gram to one pair's count.
_GRAM_BASE = np.uint64(1_000_003)


def _gram_hashes(tokens: list[str], size: int) -> np.ndarray:
    """The hash of the word ``size``-gram starting at each word of ``tokens`` that has
    one, in order (none when there are fewer words)."""
    if not tokens or len(tokens) < size:
        return np.zeros(0, dtype=np.uint64)
    hashes = np.fromiter((word_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    grams = np.zeros(len(hashes) - size + 1, dtype=np.uint64)
    for offset in range(size):
        grams = grams * _GRAM_BASE + hashes[offset : offset + len(grams)]
    return grams


def _shingle_hashes(tokens: list[str], size: int) -> np.ndarray:
    """The distinct hashes of the word ``size``-grams of ``tokens`` (of all of them, as one
    gram, when fewer), sorted."""
    return np.unique(_gram_hashes(tokens, min(size, len(tokens))))


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard of two sorted arrays of distinct shingle hashes."""
    if not len(a) or not len(b):
        return 0.0
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


# Hashes ``_Grams`` keeps in memory before writing them out (8 MiB).
GRAMS_BUFFERED = 1 << 20


class _Grams:
    """Every text's word 5-gram hashes (sorted, distinct: ``_shingle_hashes``), in a
    temporary file instead of in memory.

    They are the largest thing the candidate search would hold per text: 8 bytes a
    word, 5.6 KB for a 700-word article, 5.6 GB for a million. Here the stage holds 8
    bytes a text (where each text's hashes end) and reads the hashes back one text at a
    time, for a pair's Jaccard, or one range of hash values at a time, for the passage
    index (``ranges``); the operating system's page cache keeps what is read often. The
    file has no name and goes when this is closed, or with the process.
    """

    def __init__(self, directory: str | None = None) -> None:
        self._directory = directory
        # closed by ``close`` (``_Grams`` is the context manager)
        self._file = tempfile.TemporaryFile(dir=directory)  # noqa: SIM115
        self._ends = array("q")
        self._pending: list[np.ndarray] = []
        self._pending_count = 0
        self._written = 0

    def append(self, hashes: np.ndarray) -> None:
        """Add the next text's sorted distinct hashes."""
        hashes = np.ascontiguousarray(hashes, dtype=np.uint64)
        self._ends.append((self._ends[-1] if self._ends else 0) + len(hashes))
        self._pending.append(hashes)
        self._pending_count += len(hashes)
        if self._pending_count >= GRAMS_BUFFERED:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._file.write(np.concatenate(self._pending).tobytes())
            self._file.flush()  # read back with os.pread, past Python's buffer
            self._written += self._pending_count
        self._pending, self._pending_count = [], 0

    def __len__(self) -> int:
        return len(self._ends)

    def _ends_array(self) -> np.ndarray:
        return np.frombuffer(self._ends, dtype=np.int64) if self._ends else np.zeros(0, np.int64)

    @property
    def sizes(self) -> np.ndarray:
        """The number of hashes of each text."""
        return np.diff(self._ends_array(), prepend=0)

    def _read(self, start: int, stop: int) -> np.ndarray:
        if stop > self._written:
            self._flush()
        if stop <= start:
            return np.zeros(0, dtype=np.uint64)
        data = os.pread(self._file.fileno(), 8 * (stop - start), 8 * start)
        return np.frombuffer(data, dtype=np.uint64)

    def __getitem__(self, text: int) -> np.ndarray:
        return self._read(self._ends[text - 1] if text else 0, self._ends[text])

    def ranges(self, grams_per_pass: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(hashes, the text holding each) of one range of hash values after another,
        each range about ``grams_per_pass`` hashes, in text order within a range.

        With more than one range the hashes are first sorted out into ranges, in runs of
        texts of about a quarter of ``grams_per_pass`` hashes, and written to a second
        file: each range is then read whole, and a pass holds its own range only.
        """
        count, total = len(self), int(self._ends[-1]) if self._ends else 0
        passes = max(1, -(-total // grams_per_pass))
        ends = self._ends_array()
        if passes == 1:
            yield self._read(0, total), np.repeat(np.arange(count, dtype=np.int32), self.sizes)
            return
        bounds = np.array([(1 << 64) * k // passes for k in range(1, passes)], dtype=np.uint64)
        runs: list[list[tuple[int, int]]] = [[] for _ in range(passes)]  # (offset, size)
        run = max(1, grams_per_pass // 4)  # sorted out with its order: 40 bytes a hash
        with tempfile.TemporaryFile(dir=self._directory) as ranged:
            written, first = 0, 0
            while first < count:
                # the texts from ``first`` whose hashes make about one run
                start = int(ends[first - 1]) if first else 0
                last = max(first + 1, int(np.searchsorted(ends, start + run)))
                last = min(last, count)
                grams = self._read(start, int(ends[last - 1]))
                holder = np.repeat(
                    np.arange(first, last, dtype=np.int32),
                    np.diff(ends[first:last], prepend=start),
                )
                where = np.searchsorted(bounds, grams, side="right")
                order = np.argsort(where, kind="stable")
                cuts = np.searchsorted(where[order], np.arange(passes + 1))
                grams, holder = grams[order], holder[order]
                for k in range(passes):
                    size = int(cuts[k + 1] - cuts[k])
                    if size:
                        ranged.write(grams[cuts[k] : cuts[k + 1]].tobytes())
                        ranged.write(holder[cuts[k] : cuts[k + 1]].tobytes())
                        runs[k].append((written, size))
                        written += 12 * size
                first = last
            ranged.flush()
            for k in range(passes):
                parts = [os.pread(ranged.fileno(), 12 * size, offset) for offset, size in runs[k]]
                yield (
                    np.concatenate(
                        [np.frombuffer(p, np.uint64, len(p) // 12) for p in parts]
                        or [np.zeros(0, np.uint64)]
                    ),
                    np.concatenate(
                        [np.frombuffer(p, np.int32, offset=8 * (len(p) // 12)) for p in parts]
                        or [np.zeros(0, np.int32)]
                    ),
                )

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> _Grams:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


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
    articles: Sequence[Article],
    models: Models | None = None,
    options: ProvenanceOptions | None = None,
    embeddings: np.ndarray | None = None,
    sentences: SentenceProvider | None = None,
    signatures: Mapping[str, np.ndarray] | None = None,
    engine: Engine | None = None,
) -> Mapping[str, Provenance]:
    """Provenance of every article, keyed by article id, in the articles' order.

    ``embeddings`` are the articles' document vectors (rows aligned with ``articles``),
    used to pick candidate pairs for rewrite detection. Sentence embeddings for the
    alignment come from ``sentences`` (the pipeline shares its cache this way) or, when
    only ``models`` is given, are computed here; with neither, sentences align by their
    words only (copies, syndicated and partial copies are found, rewrites are not).
    ``signatures`` are MinHash signatures made by ``minhash_signature`` (keyed by article
    id), computed elsewhere, in parallel, by ``newsprism.batch``; articles without one
    are hashed here.

    The candidates are found over the whole corpus; the pairs are aligned in tasks of at
    most ``BLOCK_TEXTS`` texts, which ``engine`` runs (by default one after the other in
    this process), so that a task holds its block's sentences only. The result does not
    depend on the engine or the blocks. ``articles`` are read twice in order (the
    candidate search, the spinning signals) and then by position, a block's texts at a
    time: a sequence that reads them from elsewhere when asked (a store's rows) holds the
    stage to the texts of the blocks in flight.
    """
    options = options or ProvenanceOptions()
    relations: dict[str, _Relation] = {}

    def offer(relation: _Relation) -> None:
        current = relations.get(relation.copy)
        if current is None or relation.strength > current.strength:
            relations[relation.copy] = relation

    # the candidate search, the texts' 5-grams on disk meanwhile (``_Grams``)
    with _Grams() as grams:
        gathered, corpus, minhashes = _gather(articles, options, signatures or {}, grams)
        texts = gathered.texts
        if sentences is None and models is not None:
            sentences = _encoder_provider(texts, models)
        # of the articles with signals only: most have none
        spinning = {}
        for index, text in enumerate(texts):
            signs = _spinning_signals(index, text, corpus)
            if signs:
                spinning[texts.ids[index]] = signs
        del corpus  # the names counted serve the spinning signals only
        with_meaning = sentences is not None and embeddings is not None
        tasks = _Tasks(
            texts,
            spinning,
            gathered.rarity,
            options,
            sentences if with_meaning else None,
            engine,
        )
        # near duplicates: who copied whom from credits and dates, else from their words
        near = list(_near_duplicate_pairs(texts, grams, minhashes, options))
        del minhashes  # the signatures serve the near duplicates only
        unknown = [
            (a.article.id, b.article.id)
            for a, b, _ in near
            if _direction(a.article, b.article)[2] == "direction unknown"
        ]
        from_words = dict(
            zip(unknown, tasks.run(direct_pairs, [(p, p) for p in unknown]), strict=True)
        )

        def direction(a: _Text, b: _Text) -> tuple[Article, Article, str]:
            copy, source, reason = _direction(a.article, b.article)
            found = from_words.get((a.article.id, b.article.id))
            if reason == "direction unknown" and found is not None:
                copy_id, reason = found
                if copy_id != copy.id:
                    copy, source = source, copy
            return copy, source, reason

        # each pair measured in one orientation: that of the alignment that decided its
        # direction, where one did, else of its first relation (two copies of one wire
        # story are each other's partner)
        aligned_as = {frozenset(pair): pair for pair in unknown}
        for relation in _near_duplicates(near, options, direction):
            partner = relation.source or relation.shares_with or ""
            pair = (relation.copy, partner)
            relation.partners = {partner: aligned_as.setdefault(frozenset(pair), pair)}
            offer(relation)

        # an alignment cannot replace a copy of the same text found by its 5-grams
        settled = {copy_id for copy_id, relation in relations.items() if relation.strength >= 2}
        pairs = _passage_pairs(grams, options)
        if with_meaning and len(texts) > 1:
            found = similar_pairs(
                embeddings, options.rewrite_candidate_similarity, options.rewrite_candidates
            )
            pairs = np.concatenate([pairs, found])
            pairs = _unique_pairs(pairs[:, 0], pairs[:, 1], len(texts))
        # of the pairs, those not already settled as copies of one text
        ids = texts.ids
        kept = np.fromiter(
            (
                not (ids[i] in settled and ids[j] in settled)
                and _jaccard(grams[i], grams[j]) < options.near_duplicate_jaccard
                for i, j in _rows(pairs)
            ),
            dtype=bool,
            count=len(pairs),
        )
    candidates = _CandidatePairs(texts, pairs[kept], embeddings if with_meaning else None)
    verdicts = tasks.run(judge_pairs, candidates)
    for relation in _copies(verdicts, texts, options):
        offer(relation)

    # each copy's measures and passages, read from its alignments with its sources
    copies = list(relations.values())
    described = tasks.run(
        describe_copies,
        [
            ((relation, _flatten(spinning.get(relation.copy, {}))), _texts_of(relation))
            for relation in copies
        ],
    )
    same_text: dict[str, set[str]] = {}  # of the articles that have copies or are one
    for relation in copies:
        partner = relation.source or relation.shares_with
        # a patchwork or a few lifted passages do not make two articles one voice
        if partner is not None and (relation.kind != "partial" or relation.abridged):
            same_text.setdefault(relation.copy, set()).add(partner)
            same_text.setdefault(partner, set()).add(relation.copy)

    result: dict[str, Provenance] = dict(zip((r.copy for r in copies), described, strict=True))
    # the others with something to tell; the rest are originals, made when asked (with
    # no signal needed, every article without a copy is a lone rewrite)
    telling = (
        dict.fromkeys(texts.ids)
        if options.lone_rewrite_min_signal_kinds <= 0
        else {
            **dict.fromkeys(spinning),
            **dict.fromkeys(gathered.credits),
            **dict.fromkeys(same_text),
        }
    )
    for article_id in telling:
        if article_id in result:
            continue
        signs = spinning.get(article_id, {})
        credit = gathered.credits.get(article_id)
        if len(signs) >= options.lone_rewrite_min_signal_kinds:
            result[article_id] = Provenance(
                kind="rewritten",
                of=None,
                signals=["machine-spinning signals, no original in the corpus", *_flatten(signs)],
            )
        elif credit is not None and not _same_outlet(credit.outlet, credit.own_outlet):
            kind = "republished" if credit.kind == "republication" else "syndicated"
            result[article_id] = Provenance(
                kind=kind,
                of=None,
                signals=[
                    f"credit line names {credit.outlet}; the original is not in the corpus",
                    *_flatten(signs),
                ],
            )
        else:
            result[article_id] = Provenance(kind="original", of=None, signals=_flatten(signs))
    for article_id, provenance in result.items():
        provenance.same_text_as = sorted(same_text.get(article_id, ()))
    return _Provenances(texts.position, result)


class _Provenances(Mapping[str, Provenance]):
    """Every article's provenance, in the articles' order: those found to be something
    held, and for the others (most of a corpus) a plain original made when asked, so
    that a million originals take no memory and none is shared."""

    def __init__(self, ids: Mapping[str, int], found: dict[str, Provenance]) -> None:
        self.ids = ids  # in the articles' order
        self.found = found

    def __getitem__(self, article_id: str) -> Provenance:
        found = self.found.get(article_id)
        if found is not None:
            return found
        if article_id not in self.ids:
            raise KeyError(article_id)
        return Provenance(kind="original", of=None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def _near_duplicates(
    pairs: list[tuple[_Text, _Text, float]],
    options: ProvenanceOptions,
    direction: Callable[[_Text, _Text], tuple[Article, Article, str]],
) -> Iterator[_Relation]:
    """Copies of the same text, lightly edited or not: the pairs (with their word 5-gram
    Jaccard) found by ``_near_duplicate_pairs``."""
    for a, b, similarity in pairs:
        copy, source, reason = direction(a, b)
        signals = [f"{similarity:.0%} of word 5-grams shared with {_name(source)} ({source.id})"]
        if copy.credit_kind == "wire" and source.credit_kind == "wire":
            # Two outlets running the same agency copy: neither took it from the other.
            both = f"both carry wire credits ({copy.credited_outlet}, {source.credited_outlet})"
            yield _Relation(
                copy.id, None, "syndicated", [*signals, both], 2 + similarity, source.id
            )
            yield _Relation(
                source.id,
                None,
                "syndicated",
                [f"{similarity:.0%} of word 5-grams shared with {_name(copy)} ({copy.id})", both],
                2 + similarity,
                copy.id,
            )
            continue
        if copy.credit_kind == "wire":
            kind = "syndicated"
        elif _same_outlet(copy.outlet, source.outlet) or similarity < options.verbatim_jaccard:
            kind = "near_duplicate"
        else:
            kind = "republished"
        yield _Relation(copy.id, source.id, kind, [*signals, f"copy: {reason}"], 2 + similarity)


def _flatten(signals: dict[str, list[str]]) -> list[str]:
    return [item for values in signals.values() for item in values]


@dataclass(frozen=True)
class _Credit:
    """An article's credit line: the outlet it names, of what kind, and its own outlet."""

    outlet: str
    kind: str | None
    own_outlet: str | None


@dataclass
class _Gathered:
    """What the stage keeps of the corpus from its pass over the articles."""

    texts: _Texts
    rarity: _WordRarity
    credits: dict[str, _Credit]  # of the articles that carry a credit line


def _gather(
    articles: Sequence[Article],
    options: ProvenanceOptions,
    signatures: Mapping[str, np.ndarray],
    grams: _Grams,
) -> tuple[_Gathered, _Corpus, np.ndarray]:
    """One pass over the articles, in order: each one's word 5-gram hashes added to
    ``grams``, its names and capitals counted for the spinning signals (the ``_Corpus``),
    its words for their rarity; and the articles' MinHash signatures as the rows of a
    matrix (a row of zeros where a text has no words): a signature in ``signatures``
    where one was made beforehand with ``options.num_perm`` values, else made here from
    the same words. Ids must be unique (ValueError)."""
    # datasketch's hash values are 32-bit (its ``MinHash.hashvalues``)
    matrix = np.zeros((len(articles), options.num_perm), dtype=np.uint32)
    ids: list[str] = []
    corpus = _Corpus()
    counts: Counter[str] = Counter()
    credits: dict[str, _Credit] = {}
    for row, article in enumerate(articles):
        ids.append(article.id)
        tokens = words(article.text)
        grams.append(_shingle_hashes(tokens, options.shingle_size))
        signature = signatures.get(article.id)
        if signature is None or len(signature) != options.num_perm:
            signature = _signature_of(tokens, options)
        if len(signature):
            matrix[row] = signature
        corpus.add(row, article)
        counts.update(set(tokens))
        if article.credited_outlet:
            credits[article.id] = _Credit(
                article.credited_outlet, article.credit_kind, article.outlet
            )
    texts = _Texts(articles, ids)
    if len(texts.position) < len(ids):
        repeated = next(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"article ids must be unique: {repeated} is given more than once")
    corpus.close(len(ids))
    # fewer than three: no third article to find a word in
    rarity = _WordRarity(counts if len(ids) >= 3 else Counter(), len(ids))
    return _Gathered(texts, rarity, credits), corpus, matrix


def minhash_signature(article: Article, options: ProvenanceOptions | None = None) -> np.ndarray:
    """MinHash signature (uint32, ``options.num_perm`` values) of an article's word
    shingles; empty when the article has no words."""
    return _signature_of(words(article.text), options or ProvenanceOptions())


def _signature_of(tokens: list[str], options: ProvenanceOptions) -> np.ndarray:
    shingles = _shingles(tokens, options.shingle_size)
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
    texts: _Texts, grams: _Grams, signatures: np.ndarray, options: ProvenanceOptions
):
    """Pairs with word-shingle Jaccard over the threshold, found through MinHash LSH: each
    text against the texts before it that share a band with it."""
    bands = _BandIndex.of(signatures, grams.sizes, options)
    for index in bands.with_earlier():
        others = _likeliest(bands.earlier(index), index, signatures, options)
        shingles = grams[index]
        similarities = [_jaccard(shingles, grams[other]) for other in others]
        for other, similarity in zip(others, similarities, strict=True):
            if similarity >= options.near_duplicate_jaccard:
                yield texts[other], texts[index], float(similarity)


class _BandIndex:
    """MinHash LSH over the texts' signatures, as arrays.

    The signature is cut into the bands that datasketch's ``MinHashLSH`` picks for the
    threshold; two texts are candidates when all values of one band agree. Held as
    three int32 arrays per band (its members sorted by band values then by position,
    and each text's place among them): about 200 bytes a text, where the dictionaries
    of ``MinHashLSH`` take 5 KB, with the same candidates.
    """

    def __init__(self, members: np.ndarray, order: np.ndarray, start: np.ndarray, rank: np.ndarray):
        # members: the positions of the texts that have a signature; per band (rows of
        # the others): those texts sorted by band values, stably (so by position within
        # a group), where each text's group begins in that order, and where it stands
        self.members, self.order, self.start, self.rank = members, order, start, rank

    @classmethod
    def of(
        cls, signatures: np.ndarray, sizes: np.ndarray, options: ProvenanceOptions
    ) -> _BandIndex:
        """The bands of the texts' signatures (rows), of the texts with words (``sizes``:
        their 5-grams)."""
        from datasketch import MinHashLSH  # scipy behind it: imported when used

        lsh = MinHashLSH(threshold=options.near_duplicate_jaccard * 0.8, num_perm=options.num_perm)
        members = np.flatnonzero(sizes > 0).astype(np.int64)
        count = len(members)
        order = np.empty((lsh.b, count), dtype=np.int32)
        start = np.empty((lsh.b, count), dtype=np.int32)
        rank = np.empty((lsh.b, count), dtype=np.int32)
        for band in range(lsh.b):
            values = signatures[members, band * lsh.r : (band + 1) * lsh.r]
            # one opaque item per row: rows are equal exactly when their bytes are
            keys = np.ascontiguousarray(values).view(
                np.dtype((np.void, values.dtype.itemsize * lsh.r))
            )
            _, group = np.unique(keys.ravel(), return_inverse=True)
            sorted_by_group = np.argsort(group, kind="stable")
            order[band] = sorted_by_group
            rank[band, sorted_by_group] = np.arange(count, dtype=np.int32)
            first = np.searchsorted(
                group[sorted_by_group], np.arange(group.max() + 1 if count else 0)
            )
            start[band] = first[group]
        return cls(members, order, start, rank)

    def with_earlier(self) -> list[int]:
        """The positions of the texts that share a band with a text before them, in order."""
        return self.members[np.any(self.rank > self.start, axis=0)].tolist()

    def earlier(self, position: int) -> list[int]:
        """The positions of the texts before ``position`` that share a band with it."""
        member = int(np.searchsorted(self.members, position))
        found = [
            self.order[band, self.start[band, member] : self.rank[band, member]]
            for band in range(len(self.order))
        ]
        return self.members[np.unique(np.concatenate(found))].tolist()


def _likeliest(
    candidates: list[int], text: int, signatures: np.ndarray, options: ProvenanceOptions
) -> list[int]:
    """The LSH candidates worth an exact Jaccard: all of them, or when a text has more
    than ``near_duplicate_candidates`` (one of thousands of copies of a wire text), those
    whose MinHash signatures agree most with its own (the estimated Jaccard), in order."""
    if len(candidates) <= options.near_duplicate_candidates:
        return sorted(candidates)
    ordered = sorted(candidates)
    agreement = (signatures[ordered] == signatures[text]).mean(axis=1)
    best = np.argsort(-agreement, kind="stable")[: options.near_duplicate_candidates]
    return [ordered[i] for i in sorted(best)]


_POSSESSIVE_ACRONYM = re.compile(r"\b([A-Z]{2,6})['’]s\b")
_CAPITALIZED = re.compile(r"\b[A-Z][a-z]{3,}\b")
_CAPITALS = re.compile(r"[A-Z]{2,}")
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

    # set by ``close`` once every article is counted
    articles: int = 0
    outlets: str = ""
    # Capitalized words: count over the corpus, and (article, offset) of the first
    # occurrence in each of the first two articles holding the word.
    names: Counter[str] = field(default_factory=Counter)
    first: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    ranked: list[str] = field(default_factory=list)
    # In how many articles each run of 2 to 6 capital letters occurs, as a substring:
    # any occurrence of an acronym lies within a run of capitals.
    capitals: Counter[str] = field(default_factory=Counter)
    # outlet names, then the outlets credit lines name (an acronym is sought within them)
    _outlets: dict[str, None] = field(default_factory=dict)
    _credited: dict[str, None] = field(default_factory=dict)

    def add(self, index: int, article: Article) -> None:
        """Count one more article, the one at ``index`` (articles come in order)."""
        if article.outlet:
            self._outlets[article.outlet] = None
        if article.credited_outlet:
            self._credited[article.credited_outlet] = None
        seen: set[str] = set()
        for match in _CAPITALIZED.finditer(article.text):
            name = match.group()
            self.names[name] += 1
            if name not in seen:
                seen.add(name)
                places = self.first.setdefault(name, [])
                if len(places) < 2:
                    places.append((index, match.start()))
        self.capitals.update(
            {
                run[start : start + size]
                for run in _CAPITALS.findall(article.text)
                for size in range(2, min(6, len(run)) + 1)
                for start in range(len(run) - size + 1)
            }
        )

    def close(self, articles: int) -> None:
        """Rank the names once every article (``articles`` of them) is counted."""
        self.articles = articles
        # an acronym has no spaces: sought in the names joined, it is found in one of
        # them, however often each occurs
        self.outlets = " ".join(self._outlets) + " " + " ".join(self._credited)
        self.ranked = sorted(self.names, key=lambda name: (-self.names[name], self.first[name][0]))

    def elsewhere_has(self, acronym: str) -> bool:
        """True when an article holds ``acronym`` (2 to 6 capital letters) besides the one
        it was found in; counted once for the corpus, not searched for per article."""
        return self.capitals[acronym] > 1

    def most_common_elsewhere(self, index: int, mine: Counter[str], n: int) -> list[str]:
        """``Counter(capitalized words of every other article).most_common(n)``, names
        only: first by count, ties in order of first occurrence."""

        def key(name: str) -> tuple[int, tuple[int, int]]:
            places = self.first[name]
            place = places[0] if places[0][0] != index else places[1]
            return -(self.names[name] - mine.get(name, 0)), place

        # Only this article's own names move (down) when it is left out, so the top n
        # lie within the corpus's top n + len(mine); the others keep their order there
        # (their first place is in another article), and each of its own is put back in
        # where its count elsewhere sets it.
        top = self.ranked[: n + len(mine)]
        found = [name for name in top if name not in mine]
        for name in top:
            if name in mine and self.names[name] - mine[name] > 0:
                bisect.insort(found, name, key=key)
        return found[:n]


def _spinning_signals(index: int, text: _Text, corpus: _Corpus) -> dict[str, list[str]]:
    """Signals of machine spinning visible in one article (``text``, the one at ``index``),
    judged against the corpus."""
    signals: dict[str, list[str]] = {}
    odd_credits = sorted(
        {
            token
            for token in _POSSESSIVE_ACRONYM.findall(text.article.text)
            if corpus.articles > 1
            and token not in corpus.outlets
            and not corpus.elsewhere_has(token)
        }
    )
    if odd_credits:
        signals["credit"] = [f"credit to an outlet named nowhere else: {', '.join(odd_credits)}"]

    mine = Counter(_CAPITALIZED.findall(text.article.text))
    garbled = []
    # of the 400 names other articles use most, those they use twice or more, by first
    # letter, most common first
    common: dict[str, list[str]] | None = None
    for name in mine:
        if corpus.names[name] - mine[name] > 0 or name.casefold() in _NOT_NAMES:
            continue
        if common is None:
            common = defaultdict(list)
            for other in corpus.most_common_elsewhere(index, mine, 400):
                if corpus.names[other] - mine.get(other, 0) >= 2:
                    common[other[0]].append(other)
        for other in common.get(name[0], ()):
            if abs(len(other) - len(name)) > 1:
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


def _encoder_provider(texts: _Texts, models: Models) -> SentenceProvider:
    def provide(ids: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
        found = {}
        for article_id in ids:
            sentences = texts.get(article_id).sentences
            found[article_id] = (sentences, models.encode(sentences))
        return found

    return provide


# Up to this many vectors, ``similar_pairs`` compares all with all (at most 64 MB of
# similarities); beyond, through an HNSW index.
EXACT_PAIR_VECTORS = 4000
# Vectors looked up in the HNSW index at once: their neighbours' vectors are gathered to
# score the pairs exactly (512 x 41 x 1.5 KB, about 32 MB), so the search's memory does
# not grow with the corpus.
SEARCH_BATCH = 512
# The index's 16-bit copy ranks near-equal neighbours by rounding: it is asked for this
# many more than wanted, and the wanted are the nearest of those by exact score.
FP16_SPARE_NEIGHBOURS = 8


def similar_pairs(vectors: np.ndarray, threshold: float, neighbours: int) -> np.ndarray:
    """Pairs (rows i, j with i < j) of unit vectors whose cosine is at least
    ``threshold``, j among the ``neighbours`` nearest of i or i among those of j, sorted;
    in memory and time that grow with the number of vectors, not its square.

    Beyond ``EXACT_PAIR_VECTORS`` the neighbours come from an HNSW index holding the
    vectors as 16-bit floats (half the memory of a float32 copy), asked for a few more
    neighbours than wanted; every pair is scored again from the float32 vectors and the
    nearest by that score are kept, so the threshold cuts on exact scores and rounding
    reorders no neighbours within those the index returns."""
    count = len(vectors)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    k = min(neighbours + 1, count)
    if count <= EXACT_PAIR_VECTORS:
        similarity = vectors @ vectors.T
        # the k best of each row, unordered: order does not matter for a set of pairs
        nearest = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        scores = np.take_along_axis(similarity, nearest, axis=1)
        del similarity
        codes = [_pair_codes(np.arange(count), nearest, scores, threshold, count)]
    else:
        import faiss

        index = faiss.IndexHNSWSQ(
            vectors.shape[1], faiss.ScalarQuantizer.QT_fp16, 32, faiss.METRIC_INNER_PRODUCT
        )
        index.hnsw.efSearch = max(2 * k, 64)
        index.add(vectors)
        codes = []
        for start in range(0, count, SEARCH_BATCH):
            queries = vectors[start : start + SEARCH_BATCH]
            _, nearest = index.search(queries, min(k + FP16_SPARE_NEIGHBOURS, count))
            # -1 where the index found fewer; scored against any row, then dropped
            scores = np.einsum("qd,qkd->qk", queries, vectors[np.maximum(nearest, 0)])
            scores[nearest < 0] = -np.inf
            # the k nearest by the exact scores, among the index's nearest
            best = np.argpartition(-scores, k - 1, axis=1)[:, :k]
            nearest = np.take_along_axis(nearest, best, axis=1)
            scores = np.take_along_axis(scores, best, axis=1)
            rows = np.arange(start, start + len(queries))
            codes.append(_pair_codes(rows, nearest, scores, threshold, count))
        del index
    return _decoded(np.unique(np.concatenate(codes)), count)


def _pair_codes(
    rows: np.ndarray, nearest: np.ndarray, scores: np.ndarray, threshold: float, count: int
) -> np.ndarray:
    """Codes (``i * count + j``, i < j) of the pairs of each row with its neighbours
    ``nearest`` whose ``scores`` pass ``threshold``."""
    rows = np.repeat(rows.astype(np.int64), nearest.shape[1])
    columns = nearest.ravel().astype(np.int64)
    kept = (columns >= 0) & (columns != rows) & (scores.ravel() >= threshold)
    rows, columns = rows[kept], columns[kept]
    return np.minimum(rows, columns) * count + np.maximum(rows, columns)


# Rows of an array of pairs turned into Python numbers at a time by ``_rows``.
ROWS_PER_STEP = 1 << 16


def _rows(pairs: np.ndarray) -> Iterator[tuple[int, int]]:
    """The rows of an array of pairs as tuples of Python ints, converted a step at a
    time: a whole list of a million pairs would take over 100 MB."""
    for start in range(0, len(pairs), ROWS_PER_STEP):
        yield from map(tuple, pairs[start : start + ROWS_PER_STEP].tolist())


def _unique_pairs(first: np.ndarray, second: np.ndarray, count: int) -> np.ndarray:
    """The distinct pairs (first[k], second[k]) of indexes below ``count``, sorted, as
    rows of a two-column array: 16 bytes a pair, where a set of tuples takes ten times
    as much."""
    return _decoded(np.unique(first.astype(np.int64) * count + second), count)


def _decoded(codes: np.ndarray, count: int) -> np.ndarray:
    """Pairs coded as ``i * count + j``, as rows (i, j)."""
    return np.stack([codes // count, codes % count], axis=1)


# Pair codes made at once by ``_passage_pairs`` before they are counted (8 MiB).
PAIR_CODES_PER_STEP = 1 << 20
# The 5-gram index is built in passes over ranges of hash values, each range holding
# about this many of the corpus's grams (64 MiB of hashes, with their holders and order
# about 200 MiB at the peak): its memory does not grow with the corpus. Each gram falls in
# one range, so the pairs found are those of a single pass.
GRAMS_PER_PASS = 1 << 23


def _passage_pairs(
    grams: _Grams, options: ProvenanceOptions, grams_per_pass: int = GRAMS_PER_PASS
) -> np.ndarray:
    """Pairs of texts (rows i, j with i < j, sorted) sharing at least
    ``passage_candidate_shingles`` word 5-grams, through an inverted index (the texts'
    hashes sorted together, a range of hash values of about ``grams_per_pass`` grams at a
    time): the candidates for copied passages."""
    count = len(grams)
    if count < 2 or not grams.sizes.sum():
        return np.zeros((0, 2), dtype=np.int64)
    # the pairs' counts so far, and parts not yet added to them (added once they outgrow
    # the counts: a pair found in several passes is held once, and the adding is not
    # repeated per pass)
    codes, counts = np.zeros(0, dtype=np.int64), np.zeros(0)
    parts: list[tuple[np.ndarray, np.ndarray]] = []
    ranges = grams.ranges(grams_per_pass)
    for hashes, holder in ranges:
        parts.extend(_shared_gram_counts(hashes, holder, count, options))
        del hashes, holder
        if sum(len(c) for c, _ in parts) > max(len(codes), PAIR_CODES_PER_STEP):
            codes, counts = _added(codes, counts, parts)
            parts = []
    codes, counts = _added(codes, counts, parts)
    return _decoded(codes[counts >= options.passage_candidate_shingles], count)


def _added(
    codes: np.ndarray, counts: np.ndarray, parts: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, np.ndarray]:
    """Pair codes and their counts with the parts' codes and counts added to them."""
    codes, where = np.unique(np.concatenate([codes, *(c for c, _ in parts)]), return_inverse=True)
    return codes, np.bincount(where, weights=np.concatenate([counts, *(n for _, n in parts)]))


def _shared_gram_counts(
    grams: np.ndarray, holder: np.ndarray, count: int, options: ProvenanceOptions
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The pairs of texts (as codes ``i * count + j``) holding the same gram, with how many
    grams each pair holds, in parts; ``holder[n]`` is the text holding ``grams[n]``, in
    text order."""
    order = np.argsort(grams, kind="stable")  # each gram's holders in text order
    grams, holder = grams[order], holder[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], grams[1:] != grams[:-1])))
    del grams
    sizes = np.diff(np.append(starts, len(holder)))
    # Each pair of holders of a gram, counted per number of holders (a pair of copies
    # shares hundreds of grams: counted at once, not held once per gram), for every
    # number of holders present that a formula does not exceed.
    found = []
    for size in np.unique(sizes[(sizes > 1) & (sizes <= options.passage_max_holders)]):
        groups = starts[sizes == size]
        step = max(1, PAIR_CODES_PER_STEP // (size * (size - 1) // 2))
        for offset in range(0, len(groups), step):
            holders = holder[groups[offset : offset + step, None] + np.arange(size)]
            holders = holders.astype(np.int64)  # codes reach count ** 2
            codes = np.concatenate(
                [holders[:, a] * count + holders[:, b] for a, b in combinations(range(size), 2)]
            )
            found.append(np.unique(codes, return_counts=True))
    return found


@dataclass
class _Entries:
    """A text's sentences' grams (words, trigrams) as the entries of a binary matrix,
    sentences by the aligner's vocabulary: in row order, and sorted by column, so that
    two texts' sentences are joined on their grams with no sort per pair."""

    count: int  # rows: sentences
    rows: np.ndarray
    columns: np.ndarray
    sorted_columns: np.ndarray
    rows_by_column: np.ndarray


@dataclass
class _Sentences:
    """One text's sentences as the aligner reads them."""

    texts: list[str]
    sizes: np.ndarray  # words per sentence
    # where each sentence starts and ends, as shares of the text's words
    starts: np.ndarray
    ends: np.ndarray
    unigrams: _Entries
    trigrams: _Entries
    trigram_counts: np.ndarray
    vectors: np.ndarray | None
    # distinct words per sentence: what the share of its words kept is counted against
    unigram_counts: np.ndarray
    # each sentence together with the next: a copy's sentence may merge two of them
    unigram_pairs: _Entries
    trigram_pairs: _Entries
    # per word of the text, in order: whether it is inside quotation marks; the hash of
    # the word 5-gram starting at each (``_gram_hashes``), and those hashes sorted,
    # distinct
    quoted: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    grams: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    gram_set: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))


@dataclass
class _Alignment:
    """One text read as a copy of another: which of its sentences come from which of the
    source's, and how much of it that is."""

    copy: _Sentences
    source: _Sentences
    pairs: list[tuple[int, int]]  # (copy sentence, source sentence), in order
    kept: np.ndarray  # per pair: share of the copy sentence's words in the source's
    copied: np.ndarray  # per pair: word order kept (verbatim or edited)
    similarity: np.ndarray | None  # per pair: cosine of the sentence vectors
    near_duplicate_kept: float = 0.9
    # per word of the copy: copied word for word (in a run shared with the source)
    covered: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    # the same share of the source's words, copied into the copy
    source_word_share: float = 0.0

    @property
    def copied_words(self) -> float:
        """Share of the copy's words copied word for word, outside quotation marks:
        outlets at one press conference share quotes, not their own sentences."""
        return float((self.covered & ~self.copy.quoted).sum()) / max(1, len(self.copy.quoted))

    @property
    def word_share(self) -> float:
        """Share of the copy's words copied word for word, quotes included."""
        return float(self.covered.mean()) if len(self.covered) else 0.0

    @property
    def rows(self) -> set[int]:
        return {row for row, _ in self.pairs}

    def words(self, rows: set[int] | None = None) -> int:
        """The copy's words in ``rows`` (all its aligned sentences by default)."""
        rows = self.rows if rows is None else rows
        return int(sum(self.copy.sizes[row] for row in rows))

    @property
    def share(self) -> float:
        """Share of the copy's words in sentences aligned with the source's."""
        return self.words() / self.total

    @property
    def total(self) -> int:
        """The copy's words."""
        return max(1, int(self.copy.sizes.sum()))

    @property
    def as_is(self) -> np.ndarray:
        """Per pair: copied with its word order and nearly all its words."""
        return self.copied & (self.kept >= self.near_duplicate_kept)

    @property
    def quote_share(self) -> float:
        """Share of the copy's words that are quoted words copied word for word."""
        taken = self.covered & self.copy.quoted
        return float(taken.sum()) / max(1, len(self.copy.quoted))

    def quotes_taken(self, min_words: int) -> int:
        """Runs of at least ``min_words`` quoted words copied word for word: quotations
        taken from the source."""
        taken = (self.covered & self.copy.quoted).astype(np.int8)
        if not taken.any():
            return 0
        edges = np.flatnonzero(np.diff(np.concatenate(([0], taken, [0]))))
        return int(((edges[1::2] - edges[::2]) >= min_words).sum())

    @property
    def kept_share(self) -> float:
        """Of the aligned words, the share found in the source sentence they align with."""
        sizes = np.array([self.copy.sizes[row] for row, _ in self.pairs], dtype=float)
        return float((sizes * self.kept).sum() / sizes.sum()) if self.pairs else 0.0

    @property
    def coverage(self) -> float:
        """Share of the source's words in sentences the copy aligns with."""
        columns = {column for _, column in self.pairs}
        return float(sum(self.source.sizes[c] for c in columns)) / max(1, self.source.sizes.sum())

    @property
    def mean_similarity(self) -> float | None:
        if self.similarity is None or not self.pairs:
            return None
        return float(self.similarity.mean())


class _Aligner:
    """Aligns texts sentence by sentence, in order, by their words and (given sentence
    vectors) their meaning. Each text is read once: its sentences as word and word
    trigram sets over one vocabulary (``_Entries``), so that comparing two texts is a
    join of their entries."""

    def __init__(self, options: ProvenanceOptions, sentences: SentenceProvider | None) -> None:
        self.options = options
        self.provider = sentences
        self.vocabulary: dict[str, int] = {}
        self.read: dict[str, _Sentences] = {}
        self.aligned: dict[tuple[str, str], tuple[_Alignment, _Alignment]] = {}

    def prepare(self, texts: list[_Text]) -> None:
        """Read the texts not read yet (their sentence vectors fetched in one call)."""
        missing = list({t.article.id: t for t in texts if t.article.id not in self.read}.values())
        if not missing:
            return
        provided = self.provider([t.article.id for t in missing]) if self.provider else {}
        for text in missing:
            found = provided.get(text.article.id)
            sentences, vectors = found if found is not None else (text.sentences, None)
            self.read[text.article.id] = self._read(list(sentences), vectors)

    def _read(self, sentences: list[str], vectors: np.ndarray | None) -> _Sentences:
        tokens = [words(sentence) for sentence in sentences]
        sizes = np.array([len(t) for t in tokens], dtype=np.int64)
        ends = np.cumsum(sizes) / max(1, int(sizes.sum()))
        unigram_sets = [set(t) for t in tokens]
        trigram_sets = [{" ".join(t[i : i + 3]) for i in range(len(t) - 2)} for t in tokens]
        unigrams, trigrams = (self._entries(grams) for grams in (unigram_sets, trigram_sets))
        unigram_counts, trigram_counts = (
            np.array([len(found) for found in grams], dtype=np.float32)
            for grams in (unigram_sets, trigram_sets)
        )
        all_tokens: list[str] = []
        quoted: list[bool] = []
        for sentence in sentences:
            spans = [m.span() for m in _QUOTATION.finditer(sentence)]
            for match in _TOKEN.finditer(sentence.casefold()):
                all_tokens.append(match.group())
                quoted.append(any(start <= match.start() < end for start, end in spans))
        grams = _gram_hashes(all_tokens, PASSAGE_GRAM)
        return _Sentences(
            sentences,
            sizes,
            ends - sizes / max(1, int(sizes.sum())),
            ends,
            unigrams,
            trigrams,
            trigram_counts,
            vectors,
            unigram_counts,
            self._entries(_with_next(unigram_sets)),
            self._entries(_with_next(trigram_sets)),
            np.array(quoted, dtype=bool),
            grams,
            np.unique(grams),
        )

    def _entries(self, grams: list[set[str]]) -> _Entries:
        """Sentences' grams as a binary matrix's entries over the aligner's vocabulary."""
        rows = np.fromiter((row for row, found in enumerate(grams) for _ in found), dtype=np.int64)
        columns = np.fromiter(
            (
                self.vocabulary.setdefault(gram, len(self.vocabulary))
                for found in grams
                for gram in found
            ),
            dtype=np.int64,
            count=len(rows),
        )
        order = np.argsort(columns, kind="stable")
        return _Entries(len(grams), rows, columns, columns[order], rows[order])

    @staticmethod
    def _shared(a: _Entries, b: _Entries) -> np.ndarray:
        """Grams each sentence of ``a`` shares with each of ``b``, by joining their
        entries on the column (b's sorted once, when read). A sparse product would
        transpose ``b`` over the whole vocabulary, whose size grows with the corpus, for
        every pair."""
        # the entries of b with each entry's column of a: b's rows from low to low + count
        low = np.searchsorted(b.sorted_columns, a.columns, "left")
        counts = np.searchsorted(b.sorted_columns, a.columns, "right") - low
        total = int(counts.sum())
        if not total:
            return np.zeros((a.count, b.count), dtype=np.float32)
        matched = np.repeat(low - (np.cumsum(counts) - counts), counts) + np.arange(total)
        cells = np.repeat(a.rows, counts) * b.count + b.rows_by_column[matched]
        shared = np.bincount(cells, minlength=a.count * b.count)
        return shared.reshape(a.count, b.count).astype(np.float32)

    def align(self, copy: _Text, source: _Text) -> _Alignment:
        """``copy`` read as a copy of ``source``."""
        return self.both(copy, source)[0]

    def both(self, a: _Text, b: _Text) -> tuple[_Alignment, _Alignment]:
        """``a`` read as a copy of ``b``, and ``b`` as a copy of ``a`` (each pair aligned
        once: who copied whom and the copy's measures read the same alignment)."""
        key = (a.article.id, b.article.id)
        if key not in self.aligned:
            readings = self._both(a, b)
            self.aligned[key] = readings
            self.aligned[key[::-1]] = readings[::-1]
        return self.aligned[key]

    def _both(self, a: _Text, b: _Text) -> tuple[_Alignment, _Alignment]:
        self.prepare([a, b])
        first, second = self.read[a.article.id], self.read[b.article.id]
        words_shared = self._shared(first.unigrams, second.unigrams)
        trigrams_shared = self._shared(first.trigrams, second.trigrams)
        similarity = None
        if _has_vectors(first) and _has_vectors(second):
            similarity = first.vectors @ second.vectors.T
        shared = self._shared
        # per word of each: in a run of words found in the other
        first_covered, second_covered = _covered(first, second), _covered(second, first)
        return (
            self._align(
                first,
                second,
                _best(words_shared, shared(first.unigrams, second.unigram_pairs)),
                _best(trigrams_shared, shared(first.trigrams, second.trigram_pairs)),
                similarity,
                (first_covered, second_covered),
            ),
            self._align(
                second,
                first,
                _best(words_shared.T, shared(second.unigrams, first.unigram_pairs)),
                _best(trigrams_shared.T, shared(second.trigrams, first.trigram_pairs)),
                None if similarity is None else similarity.T,
                (second_covered, first_covered),
            ),
        )

    def _align(
        self,
        copy: _Sentences,
        source: _Sentences,
        words_shared: np.ndarray,
        trigrams_shared: np.ndarray,
        similarity: np.ndarray | None,
        covered: tuple[np.ndarray, np.ndarray],
    ) -> _Alignment:
        options = self.options
        if not copy.texts or not source.texts:
            # nothing aligns, and no word of either is in the other: a text without
            # sentences shares nothing
            return _Alignment(
                copy,
                source,
                [],
                np.zeros(0),
                np.zeros(0, bool),
                None,
                options.near_duplicate_kept,
                covered[0],
            )
        kept = words_shared / np.maximum(copy.unigram_counts, 1)[:, None]
        long_enough = (copy.sizes >= options.min_sentence_words)[:, None]
        copied = long_enough & (
            trigrams_shared
            >= options.copied_trigram_share * np.maximum(copy.trigram_counts, 1)[:, None]
        )
        match = copied
        quality = np.where(copied, kept, 0.0)
        if similarity is not None:
            # sentences reworded keep their place: the copy's and the source's spans (as
            # shares of their words) lie close
            near = (
                np.abs(copy.starts[:, None] - source.starts[None, :])
                <= options.rewrite_position_tolerance
            ) | (
                np.abs(copy.ends[:, None] - source.ends[None, :])
                <= options.rewrite_position_tolerance
            )
            reworded = near & (similarity >= options.rewrite_sentence_similarity)
            match = match | reworded
            quality = np.maximum(quality, np.where(reworded, similarity, 0.0))
        weights = np.where(match, copy.sizes[:, None] * quality, 0.0)
        pairs = _monotone_alignment(weights)
        rows = [r for r, _ in pairs]
        columns = [c for _, c in pairs]
        return _Alignment(
            copy,
            source,
            pairs,
            kept[rows, columns] if pairs else np.zeros(0),
            copied[rows, columns] if pairs else np.zeros(0, bool),
            None if similarity is None or not pairs else similarity[rows, columns],
            options.near_duplicate_kept,
            covered[0],
            float(covered[1].mean()) if len(source.quoted) else 0.0,
        )


# Words copied word for word are those in a run of this many shared with the source.
PASSAGE_GRAM = 5
_TOKEN = re.compile(r"\w+(?:['’]\w+)*")
_QUOTATION = re.compile(r'"[^"]+"?|“[^”]+”?')


def _covered(copy: _Sentences, source: _Sentences) -> np.ndarray:
    """Per word of ``copy``: in a run of ``PASSAGE_GRAM`` words found in ``source``."""
    covered = np.zeros(len(copy.quoted), dtype=bool)
    if not len(copy.grams):
        return covered
    # a lookup in the source's sorted hashes: no sort per pair, as ``np.isin`` would make
    found = source.gram_set
    if not len(found):
        return covered
    at = np.minimum(np.searchsorted(found, copy.grams), len(found) - 1)
    hits = found[at] == copy.grams
    for offset in range(PASSAGE_GRAM):
        covered[offset : offset + len(hits)] |= hits
    return covered


def _best(single: np.ndarray, joined: np.ndarray) -> np.ndarray:
    """Words (or trigrams) a copy's sentence shares with each source sentence, or with it
    and the next together where that is more; a sentence found whole in one source
    sentence stays aligned with it rather than with the pair before it."""
    return np.maximum(single, joined - 0.01)


def _with_next(grams: list[set[str]]) -> list[set[str]]:
    """Each sentence's grams joined with the next's (the last alone)."""
    following = [*grams[1:], set()] if grams else []
    return [found | after for found, after in zip(grams, following, strict=True)]


def _has_vectors(sentences: _Sentences) -> bool:
    return sentences.vectors is not None and len(sentences.vectors) == len(sentences.texts)


def _monotone_alignment(weights: np.ndarray) -> list[tuple[int, int]]:
    """The (row, column) pairs of greatest total weight whose columns never go back as the
    rows go on (a column may take several rows in a row: a sentence split in two);
    pairs of weight 0 are never taken. Dynamic programming over the rows."""
    rows, columns = weights.shape
    if not weights.any():
        return []
    # best[r, c]: the greatest weight of rows before r aligned with columns up to c
    best = np.zeros((rows + 1, columns))
    for row in range(rows):
        best[row + 1] = np.maximum.accumulate(best[row] + weights[row])
    pairs = []
    column = columns - 1
    for row in range(rows - 1, -1, -1):
        gains = best[row, : column + 1] + weights[row, : column + 1]
        column = int(np.argmax(gains))
        if weights[row, column] > 0:
            pairs.append((row, column))
    return pairs[::-1]


@dataclass
class _Reading:
    """One candidate pair read both ways, and what each reading would make of it."""

    first: _Text
    second: _Text
    first_of_second: _Alignment
    second_of_first: _Alignment
    first_kind: str | None = None
    second_kind: str | None = None
    # the two share quotations lifted into a text about something else, and nothing more
    lifted: bool = False


def _judge(alignment: _Alignment, options: ProvenanceOptions) -> str | None:
    """What a text is as a copy of the aligned source, from how much of its own words
    come from the source and how it was changed; None when it is not a copy of it
    (quotations lifted from it are weighed apart: ``_lifts_quotes``)."""
    share, kept = alignment.share, alignment.kept_share
    similarity = alignment.mean_similarity
    reworded = (
        share >= options.rewrite_aligned_share
        and alignment.coverage >= options.rewrite_source_coverage
        # a rewrite rewords its source: a text that holds its source word for word is
        # no rewrite of it (the source is that text abridged)
        and alignment.source_word_share < options.whole_share
        and similarity is not None
        and similarity >= options.rewrite_mean_similarity
        and (
            len(alignment.pairs) >= options.rewrite_min_sentences
            or kept >= options.rewrite_short_word_overlap
        )
    )
    whole = alignment.word_share >= options.whole_share or (
        share >= options.whole_share and kept >= options.near_duplicate_kept
    )
    if whole:
        # all of the source, or less of it (abridged)
        return "near_duplicate" if alignment.source_word_share >= options.whole_share else "partial"
    if alignment.copied_words >= options.syndicated_share:
        return "syndicated"
    if reworded:
        return "rewritten"
    if (
        alignment.copied_words >= options.partial_share
        and int(alignment.as_is.sum()) >= options.min_shared_passages
    ):
        return "partial"
    return None


def _lifts_quotes(
    alignment: _Alignment, options: ProvenanceOptions, text_similarity: float | None
) -> bool:
    """Whether the copy carries the source's quotations into a text about something else
    (see ``ProvenanceOptions.lifted_quotes``)."""
    return (
        text_similarity is not None
        and text_similarity < options.lifted_quote_max_similarity
        and alignment.quotes_taken(options.lifted_quote_words) >= options.lifted_quotes
    )


# Texts per provenance task: a block's texts are read (sentences, their grams,
# sentence vectors) in the process that aligns its pairs, and dropped with the block.
# Larger blocks read a text shared by many pairs fewer times; smaller ones hold less.
BLOCK_TEXTS = 1000


@dataclass
class _Block:
    """One provenance task: items to work on and the texts they need, with what is known
    of those texts corpus-wide (spinning signals, word rarity)."""

    items: list[Any]
    texts: dict[str, _Text]
    sentences: dict[str, tuple[list[str], np.ndarray]] | None
    spinning: dict[str, int]  # kinds of spinning signals per text
    rarity: _WordRarity
    options: ProvenanceOptions

    def aligner(self) -> _Aligner:
        provided = self.sentences
        provider = (
            None
            if provided is None
            else (lambda ids: {i: provided[i] for i in ids if i in provided})
        )
        return _Aligner(self.options, provider)


class _CandidatePairs(Sequence[tuple[tuple[str, str, float | None], tuple[str, str]]]):
    """The candidate pairs as ``_Tasks`` items, ((a id, b id, document similarity), the
    two ids), made one at a time from the array of pairs when a block takes them."""

    def __init__(self, texts: _Texts, pairs: np.ndarray, embeddings: np.ndarray | None) -> None:
        self.ids = texts.ids
        self.pairs = pairs
        self.embeddings = embeddings

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, index):  # type: ignore[override]
        i, j = (int(n) for n in self.pairs[index])
        a, b = self.ids[i], self.ids[j]
        similarity = None
        if self.embeddings is not None:
            similarity = float(self.embeddings[i] @ self.embeddings[j])
        return (a, b, similarity), (a, b)

    def __iter__(self):
        return (self[index] for index in range(len(self)))


class _Tasks:
    """Cuts a list of items, each needing a few texts, into blocks of at most
    ``BLOCK_TEXTS`` texts and runs a function over each block with an engine."""

    def __init__(
        self,
        texts: _Texts,
        spinning: dict[str, dict[str, list[str]]],
        rarity: _WordRarity,
        options: ProvenanceOptions,
        sentences: SentenceProvider | None,
        engine: Engine | None,
    ) -> None:
        self.texts = texts
        # kinds of spinning signals, of the texts that have any
        self.spinning = {article_id: len(signs) for article_id, signs in spinning.items()}
        self.rarity = rarity
        self.options = options
        self.sentences = sentences
        self.engine = engine or InlineEngine()

    def blocks(self, items: Sequence[tuple[Any, tuple[str, ...]]]) -> Iterator[tuple[_Block]]:
        """Consecutive items grouped while their texts number at most ``BLOCK_TEXTS``,
        each block made (its sentence vectors fetched) only when the engine asks for it:
        the stage holds the sentences of the blocks in flight, not of the corpus."""
        members: list[Any] = []
        ids: dict[str, None] = {}
        for item, needed in items:
            new = {i for i in needed if i not in ids}
            if members and len(ids) + len(new) > BLOCK_TEXTS:
                yield (self._block(members, ids),)
                members, ids = [], {}
            members.append(item)
            ids.update(dict.fromkeys(needed))
        if members:
            yield (self._block(members, ids),)

    def _block(self, items: list[Any], ids: dict[str, None]) -> _Block:
        texts = {article_id: self.texts.get(article_id) for article_id in ids}
        # the provider may run tasks of its own on the engine (the pipeline encodes what
        # its cache lacks): engines allow a run within a run
        sentences = self.sentences(list(texts)) if self.sentences else None
        return _Block(
            items,
            texts,
            sentences,
            {article_id: self.spinning.get(article_id, 0) for article_id in texts},
            self.rarity.of_texts(texts.values(), sentences),
            self.options,
        )

    def run(
        self,
        function: Callable[[_Block], list[Any]],
        items: Sequence[tuple[Any, tuple[str, ...]]],
    ) -> list[Any]:
        """``function`` over the blocks of ``items``: its results, in the items' order."""
        if not items:
            return []
        results: dict[int, list[Any]] = {}
        for index, result in self.engine.run(function, self.blocks(items), "provenance"):
            if isinstance(result, BaseException):
                raise result
            results[index] = result
        return [found for index in sorted(results) for found in results[index]]


def direct_pairs(block: _Block) -> list[tuple[str, str] | None]:
    """A task: for each pair (a id, b id) of one text, lightly edited, who copied whom
    by their words (``_textual_direction``): (copy id, reason), or None."""
    aligner = block.aligner()
    found = []
    for a_id, b_id in block.items:
        a, b = block.texts[a_id], block.texts[b_id]
        found.append(
            _textual_direction(*aligner.both(a, b), a_id, b_id, block.spinning, block.rarity)
        )
    return found


@dataclass
class _Patch:
    """A text holding enough of another's words to be one patch of a patchwork."""

    copy: str
    source: str
    word_share: float
    covered: np.ndarray  # per word of the copy: copied word for word from the source
    pair: tuple[str, str]  # the pair as aligned


@dataclass
class _Choice:
    """Who copied whom in a candidate pair, and how much."""

    copy: str
    source: str
    kind: str
    reason: str
    share: float
    word_share: float
    pair: tuple[str, str]


@dataclass
class _Verdict:
    """What a candidate pair, read both ways, makes of its texts."""

    pair: tuple[str, str]
    choice: _Choice | None
    patches: list[_Patch]


def judge_pairs(block: _Block) -> list[_Verdict]:
    """A task: each candidate pair (a id, b id, document similarity or None) aligned
    both ways, its kind judged each way and who copied whom decided; the verdicts of
    the pairs that are copies or patches (most candidates are neither and are left
    out)."""
    options = block.options
    aligner = block.aligner()
    verdicts = []
    for first_id, second_id, similarity in block.items:
        pair = (first_id, second_id)
        first, second = block.texts[first_id], block.texts[second_id]
        first_of_second, second_of_first = aligner.both(first, second)
        reading = _Reading(first, second, first_of_second, second_of_first)
        reading.first_kind = _judge(first_of_second, options)
        reading.second_kind = _judge(second_of_first, options)
        if not (reading.first_kind or reading.second_kind) and (
            _lifts_quotes(first_of_second, options, similarity)
            or _lifts_quotes(second_of_first, options, similarity)
        ):
            # the same quotations both ways: which text lifted them is decided apart
            reading.first_kind = reading.second_kind = "partial"
            reading.lifted = True
        patches = [
            _Patch(
                copy.article.id, source.article.id, alignment.word_share, alignment.covered, pair
            )
            for copy, source, alignment in (
                (first, second, first_of_second),
                (second, first, second_of_first),
            )
            if alignment.word_share >= options.patch_share
        ]
        choice = None
        if reading.first_kind or reading.second_kind:
            chosen = _copy_side(reading, block.spinning, block.rarity, options)
            if chosen is not None:
                copy, source, alignment, kind, reason = chosen
                choice = _Choice(
                    copy.article.id,
                    source.article.id,
                    kind,
                    reason,
                    alignment.share,
                    alignment.word_share,
                    pair,
                )
        if choice is not None or patches:
            verdicts.append(_Verdict(pair, choice, patches))
    return verdicts


def describe_copies(block: _Block) -> list[Provenance]:
    """A task: each copy's provenance (relation, its spinning signals), its measures
    and shared passages read from its alignments with its sources."""
    aligner = block.aligner()
    described = []
    for given, signals in block.items:
        # the driver's relation is left as it was, whichever engine runs this
        relation = replace(given, signals=list(given.signals), alignments={})
        for partner, (first, second) in relation.partners.items():
            readings = aligner.both(block.texts[first], block.texts[second])
            relation.alignments[partner] = readings[0] if first == relation.copy else readings[1]
        if relation.described_by_alignment:
            alignment = next(iter(relation.alignments.values()))
            source = block.texts[next(iter(relation.alignments))]
            whole = max(alignment.word_share, alignment.share) >= block.options.whole_share
            relation.signals.insert(
                0, _describe(relation.kind, source, alignment, whole, block.options)
            )
        described.append(_provenance_of(relation, signals))
    return described


def _texts_of(relation: _Relation) -> tuple[str, ...]:
    """The texts whose alignments describe a copy: itself and its sources."""
    return (relation.copy, *(i for pair in relation.partners.values() for i in pair))


def _copies(verdicts: list[_Verdict], texts: _Texts, options: ProvenanceOptions) -> list[_Relation]:
    """Copy relations from the candidate pairs' verdicts: texts made of several others'
    passages found as patchworks, and for the other pairs the copy each verdict chose
    (of several sources, the one holding most of it)."""
    # per text, the others that hold enough of its words to be one patch of a patchwork
    patches: dict[str, list[_Patch]] = defaultdict(list)
    for verdict in verdicts:
        for patch in verdict.patches:
            patches[patch.copy].append(patch)
    relations = []
    patchworks: dict[str, set[str]] = {}
    for copy_id, found in patches.items():
        relation = _patchwork(copy_id, found, texts, options)
        if relation is not None:
            relations.append(relation)
            patchworks[copy_id] = set(relation.partners)
    taken: dict[str, list[_Choice]] = defaultdict(list)
    for verdict in verdicts:
        a, b = verdict.pair
        # a pair within a patchwork was decided with it
        decided = b in patchworks.get(a, ()) or a in patchworks.get(b, ())
        if not decided and verdict.choice is not None:
            taken[verdict.choice.copy].append(verdict.choice)
    for copy_id, found in taken.items():
        if copy_id not in patchworks:
            found.sort(key=lambda choice: (-choice.share, choice.source))
            best = found[0]
            relations.append(
                _relation(texts.get(copy_id).article, texts.get(best.source).article, best, options)
            )
    return relations


def _patchwork(
    copy_id: str, found: list[_Patch], texts: _Texts, options: ProvenanceOptions
) -> _Relation | None:
    """A text whose words come from several sources together, none holding most of it;
    None when it is not one. Sources are taken greedily, each adding the most words."""
    found = sorted(found, key=lambda patch: (-patch.word_share, patch.source))
    best = found[0]
    if len(found) < 2 or best.word_share >= options.whole_share:
        return None
    covered = best.covered.copy()
    chosen = [best]
    for patch in found[1:]:
        new = patch.covered & ~covered
        if new.mean() >= options.patch_share:
            chosen.append(patch)
            covered |= patch.covered
    if len(chosen) < 2 or covered.mean() < options.whole_share:
        return None
    signals = [
        f"a patchwork: {covered.mean():.0%} of its words come from {len(chosen)} articles together"
    ]
    signals += [
        f"{patch.word_share:.0%} of its words copied from {_name(texts.get(patch.source).article)} "
        f"({patch.source})"
        for patch in chosen
    ]
    return _Relation(
        copy_id,
        best.source,
        "partial",
        signals,
        strength=1 + float(covered.mean()),
        partners={patch.source: patch.pair for patch in chosen},
    )


# Two texts sharing quotations: the one they make more of by this much lifted them;
# closer, the quotations tell nothing of the direction.
LIFTED_SHARE_GAP = 0.02


def _copy_side(
    reading: _Reading,
    spinning: dict[str, int],
    rarity: _WordRarity,
    options: ProvenanceOptions,
) -> tuple[_Text, _Text, _Alignment, str, str] | None:
    """(copy, source, alignment, kind, reason) of a pair: who took the text from whom."""
    first, second = reading.first, reading.second
    sides = {
        first.article.id: (first, second, reading.first_of_second, reading.first_kind),
        second.article.id: (second, first, reading.second_of_first, reading.second_kind),
    }

    def pick(copy_id: str, reason: str):
        copy, source, alignment, kind = sides[copy_id]
        return None if kind is None else (copy, source, alignment, kind, reason)

    dated_copy, _, reason = _direction(first.article, second.article)
    if reason != "direction unknown":
        return pick(dated_copy.id, reason)
    a, b = reading.first_of_second, reading.second_of_first
    if reading.lifted and abs(a.quote_share - b.quote_share) >= LIFTED_SHARE_GAP:
        # quotations set into a text of its own make more of it than of their source
        shares = {first.article.id: a.quote_share, second.article.id: b.quote_share}
        copy_id = max(shares, key=shares.__getitem__)
        low, high = sorted(shares.values())
        return pick(
            copy_id,
            f"the quotations are {high:.0%} of its words, {low:.0%} of the other's",
        )
    # what the words say first (a spinner's traces), then which text lies within the
    # other: a text cut from another (abridged, a passage taken) is the copy
    found = _textual_direction(a, b, first.article.id, second.article.id, spinning, rarity)
    if found is not None and pick(*found) is not None:
        return pick(*found)
    if not (reading.first_kind and reading.second_kind):
        copy_id = first.article.id if reading.first_kind else second.article.id
        other = sides[copy_id][1]
        return pick(copy_id, f"its text lies within {_name(other.article)}'s, not the reverse")
    if abs(a.word_share - b.word_share) >= options.direction_margin:
        copy_id = first.article.id if a.word_share > b.word_share else second.article.id
        low, high = sorted((a.word_share, b.word_share))
        return pick(copy_id, f"{high:.0%} of its words are the other's, {low:.0%} the other way")
    if abs(a.share - b.share) >= options.direction_margin:
        copy_id = first.article.id if a.share > b.share else second.article.id
        return pick(
            copy_id,
            f"{max(a.share, b.share):.0%} of its words come from the other, "
            f"{min(a.share, b.share):.0%} the other way",
        )
    return pick(dated_copy.id, reason)


def _textual_direction(
    a: _Alignment,
    b: _Alignment,
    a_id: str,
    b_id: str,
    spinning: dict[str, int],
    rarity: _WordRarity,
) -> tuple[str, str] | None:
    """(copy id, reason) of two texts of one wording, ``a`` read as a copy of ``b`` and
    ``b`` of ``a``, from what their words say: which carries spinning signals, or whose
    changed words the corpus's other articles do not use. ``spinning`` counts the kinds
    of spinning signals of each text. None when nothing tells."""
    signs = {a_id: spinning[a_id], b_id: spinning[b_id]}
    if signs[a_id] != signs[b_id]:
        return max(signs, key=signs.get), "carries the spinning signals"
    common = rarity.changed_words_found(a, b)
    if common is None:
        return None
    low, high = sorted(common)
    return (
        a_id if common[0] < common[1] else b_id,
        f"the words it changed are rarer in the corpus ({low:.0%} found in other "
        f"articles, against {high:.0%} of the other's)",
    )


class _WordRarity:
    """In how many articles each word occurs: a spinner swaps words for rarer ones, so the
    original's wording is the one other articles of the corpus share."""

    # changed words needed on each side, and the difference in the share found elsewhere
    MIN_CHANGED = 3
    MARGIN = 0.1

    def __init__(self, counts: Mapping[str, int], articles: int) -> None:
        self.counts = counts
        self.articles = articles

    def of_texts(
        self,
        texts: Iterable[_Text],
        sentences: dict[str, tuple[list[str], np.ndarray]] | None,
    ) -> _WordRarity:
        """The counts of the words of these texts' sentences as the aligner reads them
        (``sentences``, else their own): all that a task over these texts asks."""
        if not self.counts:
            return _WordRarity({}, self.articles)
        used: set[str] = set()
        for text in texts:
            found = sentences.get(text.article.id) if sentences else None
            read = found[0] if found is not None else text.sentences
            for sentence in read:
                used.update(words(sentence))
        return _WordRarity({w: self.counts[w] for w in used if w in self.counts}, self.articles)

    def changed_words_found(self, a: _Alignment, b: _Alignment) -> tuple[float, float] | None:
        """(share of a's changed words found in a third article, the same of b's), for a
        pair read as a rewrite; None when too few words changed or the shares are close."""
        if self.articles < 3 or not a.pairs:
            return None
        mine: set[str] = set()
        theirs: set[str] = set()
        for row, column in a.pairs:
            own, other = set(words(a.copy.texts[row])), set(words(a.source.texts[column]))
            mine |= own - other
            theirs |= other - own
        if min(len(mine), len(theirs)) < self.MIN_CHANGED:
            return None
        # each word is in both articles of the pair, or in the one it was found in
        found = [
            sum(self.counts.get(w, 0) > 1 for w in changed) / len(changed)
            for changed in (mine, theirs)
        ]
        if abs(found[0] - found[1]) < self.MARGIN:
            return None
        return found[0], found[1]


def _relation(
    copy: Article, source: Article, choice: _Choice, options: ProvenanceOptions
) -> _Relation:
    """The relation of a copy with its source, as a pair's verdict chose it; its first
    signal, what the alignment shows, is made with the alignment (``describe_copies``)."""
    kind = choice.kind
    wire = copy.credit_kind == "wire"
    if wire and kind in ("near_duplicate", "partial"):
        kind = "syndicated"  # agency copy, cut or not
    whole = max(choice.word_share, choice.share) >= options.whole_share
    signals = []
    both_wire = wire and source.credit_kind == "wire"
    if wire:
        names = {x.credited_outlet for x in (copy, source) if x.credit_kind == "wire"}
        signals.append(f"wire credit: {', '.join(sorted(names))}")
    signals.append(
        "both carry wire credits: copies of one wire story"
        if both_wire
        else f"copy: {choice.reason}"
    )
    relation = _Relation(
        copy.id,
        None if both_wire else source.id,
        kind,
        signals,
        strength=1 + max(choice.share, choice.word_share),
        shares_with=source.id,
        partners={source.id: choice.pair},
        described_by_alignment=True,
    )
    # a cut copy is its source's text; passages lifted into a text of its own are not
    relation.abridged = kind == "partial" and whole
    return relation


def _provenance_of(relation: _Relation, signals: list[str]) -> Provenance:
    """A copy's provenance: its sources, how much of it they hold, the passages shared."""
    passages: list[tuple[int, SharedPassage]] = []
    rows: set[int] = set()
    kept_words = 0.0
    total = 1
    for source_id, alignment in relation.alignments.items():
        total = alignment.total
        for (row, column), kept, copied in zip(
            alignment.pairs, alignment.kept, alignment.copied, strict=True
        ):
            if row in rows:
                continue
            rows.add(row)
            kept_words += float(kept) * int(alignment.copy.sizes[row])
            copy_text, source_text = alignment.copy.texts[row], alignment.source.texts[column]
            if line_key(copy_text) == line_key(source_text):
                change = "verbatim"
            else:
                change = "edited" if copied else "reworded"
            passages.append(
                (
                    row,
                    SharedPassage(
                        source=source_id,
                        copy_text=_excerpt(copy_text),
                        source_text=_excerpt(source_text),
                        change=change,
                        words_kept=round(float(kept), 3),
                    ),
                )
            )
    first = next(iter(relation.alignments.values()), None)
    words_aligned = first.words(rows) if first is not None else 0
    passages.sort(key=lambda item: item[0])
    return Provenance(
        kind=relation.kind,
        of=relation.source,
        sources=[s for s in relation.alignments if relation.source is not None],
        share=round(words_aligned / total, 3) if relation.alignments else None,
        kept=round(kept_words / words_aligned, 3) if words_aligned else None,
        passages=[passage for _, passage in passages[:MAX_PASSAGES]],
        signals=relation.signals + signals,
    )


# Passages a report lists per copy, and the characters it shows of each sentence.
MAX_PASSAGES = 12
EXCERPT_CHARACTERS = 300


def _excerpt(sentence: str) -> str:
    if len(sentence) <= EXCERPT_CHARACTERS:
        return sentence
    return sentence[: EXCERPT_CHARACTERS - 1].rsplit(" ", 1)[0] + "…"


def _describe(
    kind: str, source: _Text, alignment: _Alignment, whole: bool, options: ProvenanceOptions
) -> str:
    """What an alignment shows, in plain words; ``whole``: the copy is all source text."""
    name = f"{_name(source.article)} ({source.article.id})"
    aligned, total = len(alignment.rows), len(alignment.copy.texts)
    in_order = f"{aligned} of its {total} sentences align in order with {name}"
    kept = f"{alignment.kept_share:.0%} of their words kept"
    if kind == "partial" and whole:
        return (
            f"abridged: {in_order}, {kept}; it carries "
            f"{alignment.source_word_share:.0%} of that text"
        )
    if kind == "partial" and alignment.copied_words < options.partial_share:
        taken = alignment.quotes_taken(options.lifted_quote_words)
        return f"{taken} quotations lifted from {name} into a text about something else"
    if kind == "partial":
        return (
            f"{int(alignment.as_is.sum())} passages lifted from {name} "
            f"({alignment.copied_words:.0%} of its words), with text of its own around them"
        )
    if kind == "syndicated" and not whole:
        return f"{alignment.copied_words:.0%} of its words copied from {name}, with text of its own"
    return f"{in_order}; {kept}"
