"""Claims aligned across a story's articles.

Each sentence of each article is a statement, or each of its independent clauses when
it has several (see ``annotate.clauses``). Statements of different articles are
aligned when they say the same thing: their embeddings are mutual best matches between
the two articles above ``CompareOptions.align_similarity``, or above the lower
``align_with_overlap``
when they also share names or numbers. Aligned statements form a claim; its status is

* ``contested`` when its statements give incompatible figures for one quantity, or one
  negates what the other asserts;
* ``consensus`` when it is carried by at least two independent sources — copies of one
  text (republished, syndicated, rewritten) count once;
* ``single_source`` otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..annotate.lexicon import BOUND_PHRASES
from ..annotation import Annotation, Figure, Sentence
from ..report import Claim, ClaimVariant, Omission
from .figures import compatible
from .language import loaded_terms
from .options import DEFAULT_COMPARE, CompareOptions

# Calibrated by eye on the example corpus and the seeds: paraphrases of one fact score
# 0.7-0.9 with all-MiniLM-L6-v2, different facts of one story 0.4-0.65.
NEGATION_SIMILARITY = 0.85
MIN_STATEMENT_WORDS = 6
MAX_STATEMENT_WORDS = 80
# Up to this many statements a story's statements are compared all with all (a matrix
# of 64 MB at most); beyond, the statements of one text are linked as copies and each
# distinct text is compared only with its nearest neighbours among the others, so that
# time and memory grow with the story's size, not its square. The two agree whenever a
# text's matches are among its neighbours: a match must be the best in its article and
# above ``align_with_overlap``, and a story of thousands of articles repeats its facts
# through union of the pairs that are found (tests/test_compare.py checks both).
EXACT_ALIGN_STATEMENTS = 4000
# Beyond the exact limit, statements are searched by distinct text: all with all, in
# blocks of QUERY_BLOCK queries, up to this many texts; through HNSW beyond.
EXACT_SEARCH_TEXTS = 4000
# Queries searched at once: bounds the block of similarities held in memory.
QUERY_BLOCK = 1024

_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]{2,}\b")
_NUMBER = re.compile(r"\d[\d,.]*")
_NEGATION = re.compile(r"\b(?:not|no|never|n't|neither|nor|denied|denies|without)\b", re.I)
# Lower bounds that read like negations but assert: the figure bounds of the lexicon
# ("no less than 200") and a few of time and scope ("not later than May", "not only");
# an upper bound such as "no more than 200" stays a negation of "more than".
_BOUND = re.compile(
    "|".join(
        rf"\b{re.escape(phrase)}\b"
        for phrase in [
            *(p for p, bound in BOUND_PHRASES if bound == "at_least" and p.startswith("no")),
            "no later than",
            "not later than",
            "no sooner than",
            "not only",
        ]
    ),
    re.I,
)


def negated(text: str) -> bool:
    """Whether a statement negates what it says ('did not', 'never', 'no one'), bounds
    such as 'no fewer than' aside."""
    return bool(_NEGATION.search(_BOUND.sub(" ", text)))


@dataclass
class Statement:
    article_id: str
    sentence: int
    text: str
    row: int  # its row among the article's ``statement_texts``


def _clause_texts(sentence: Sentence) -> list[str]:
    return [
        sentence.text[start - sentence.start : end - sentence.start]
        for start, end in sentence.clauses
    ]


def statement_texts(annotation: Annotation) -> list[str]:
    """What is embedded for an article, one row each: every sentence, then the clauses of
    the sentences that have several."""
    return [s.text for s in annotation.sentences] + [
        clause for s in annotation.sentences for clause in _clause_texts(s)
    ]


def _clause_rows(annotation: Annotation, sentence: int) -> slice:
    """Where the clauses of one sentence are among the article's ``statement_texts``."""
    first = len(annotation.sentences) + sum(len(s.clauses) for s in annotation.sentences[:sentence])
    return slice(first, first + len(annotation.sentences[sentence].clauses))


def statements(
    article_id: str, annotation: Annotation, split: set[int] | frozenset[int] = frozenset()
) -> list[Statement]:
    """The statements of an article that can carry a claim: each sentence, or each of
    its clauses for the sentences numbered in ``split`` that have several."""
    found: list[Statement] = []
    for number, sentence in enumerate(annotation.sentences):
        parts = [(sentence.text, number)]
        if number in split and sentence.clauses:
            where = _clause_rows(annotation, number)
            rows = range(where.start, where.stop)
            parts = list(zip(_clause_texts(sentence), rows, strict=True))
        found.extend(
            Statement(article_id, number, text, row)
            for text, row in parts
            if MIN_STATEMENT_WORDS <= len(text.split()) <= MAX_STATEMENT_WORDS
        )
    return found


def _marks(text: str) -> tuple[set[str], set[str]]:
    """The names and the numbers a statement uses."""
    return set(_NAME.findall(text)), set(_NUMBER.findall(text))


def _overlap(a: tuple[set[str], set[str]], b: tuple[set[str], set[str]]) -> bool:
    """Whether two statements (their ``_marks``) share two names or a number."""
    return len(a[0] & b[0]) >= 2 or bool(a[1] & b[1])


def _figures_of(statement: Statement, annotations: dict[str, Annotation]) -> list[Figure]:
    """The figures the statement itself states."""
    return [
        f
        for f in annotations[statement.article_id].figures
        if f.sentence == statement.sentence and f.text in statement.text
    ]


def _figures_conflict(first: list[Figure], second: list[Figure], options: CompareOptions) -> bool:
    """Whether two statements' figures give incompatible values of one quantity."""
    for x in first:
        for y in second:
            same = (x.event and x.event == y.event) or (x.noun and x.noun == y.noun)
            if same and x.unit == y.unit and not compatible(x, y, options):
                return True
    return False


def _aligned(
    article_ids: list[str],
    annotations: dict[str, Annotation],
    vectors: dict[str, np.ndarray],
    split: dict[str, set[int]],
    options: CompareOptions,
) -> tuple[list[Statement], StatementIndex | None, list[int], set[tuple[int, int]]]:
    """Statements linked across articles: the statements, their embeddings (searchable),
    a union-find parent array over them, and the linked pairs that contradict each
    other."""
    nodes = [
        statement
        for article_id in article_ids
        for statement in statements(
            article_id, annotations[article_id], split.get(article_id, set())
        )
    ]
    if not nodes:
        return [], None, [], set()
    matrix = np.stack([vectors[node.article_id][node.row] for node in nodes]).astype(np.float32)
    searchable = StatementIndex(nodes, matrix, options.align_neighbours)
    parent = list(range(len(nodes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    contested_pairs: set[tuple[int, int]] = set()
    # per statement once, not per pair: a big story aligns each with many others
    negated_at = [negated(node.text) for node in nodes]
    figures = [_figures_of(node, annotations) for node in nodes]
    marks = [_marks(node.text) for node in nodes]
    for left, right, score in _mutual_best(nodes, searchable):
        if score >= options.align_similarity or (
            score >= options.align_with_overlap and _overlap(marks[left], marks[right])
        ):
            parent[root(left)] = root(right)
            if nodes[left].text == nodes[right].text:
                continue  # one text, stated twice
            if _figures_conflict(figures[left], figures[right], options) or (
                score >= NEGATION_SIMILARITY and negated_at[left] != negated_at[right]
            ):
                contested_pairs.add((left, right))
    return nodes, searchable, parent, contested_pairs


def _mutual_best(
    nodes: list[Statement], searchable: StatementIndex
) -> list[tuple[int, int, float]]:
    """Pairs of linked statements: (earlier statement, later one, similarity), in order.
    Every statement is linked to the first statement of the same text (one article may
    repeat its lead, thousands may carry one wire sentence). Statements of different
    texts are linked when they are of two different articles and each is the other's
    best match in its article: all with all up to ``EXACT_ALIGN_STATEMENTS`` statements;
    beyond, one statement of each text with its best matches among its nearest
    neighbours of other texts."""
    pairs = searchable.copies()
    if not searchable.exact:
        return pairs + _mutual_best_among_neighbours(searchable)
    by_article: dict[str, list[int]] = {}
    for index, node in enumerate(nodes):
        by_article.setdefault(node.article_id, []).append(index)
    similarity = searchable.matrix @ searchable.matrix.T
    ids = list(by_article)
    for a_pos, a in enumerate(ids):
        for b in ids[a_pos + 1 :]:
            block = similarity[np.ix_(by_article[a], by_article[b])]
            best_in_b = block.argmax(axis=1)
            best_in_a = block.argmax(axis=0)
            for i, j in enumerate(best_in_b):
                if best_in_a[j] == i:
                    pairs.append((by_article[a][i], by_article[b][int(j)], float(block[i, j])))
    return pairs


def _mutual_best_among_neighbours(searchable: StatementIndex) -> list[tuple[int, int, float]]:
    """``_mutual_best`` among the distinct texts, from each one's nearest neighbours, in
    arrays: a text's best match in an article is the first of that article among its
    neighbours (they come best first), unless the article states the text itself. A
    text stands for the article it first appears in."""
    first = searchable.first_rows
    scores, groups = searchable.neighbours(searchable.texts)
    articles = searchable.article_of[first]
    count, k = groups.shape
    rows = np.repeat(np.arange(count), k)
    others = groups.ravel()
    similarity = scores.ravel()
    keep = (others >= 0) & (others != rows)
    rows, others, similarity = rows[keep], others[keep], similarity[keep]
    keep = (articles[others] != articles[rows]) & ~searchable.states(rows, articles[others])
    rows, others, similarity = rows[keep], others[keep], similarity[keep]
    # (text, other article) -> its best text there: the first in row order
    width = searchable.articles
    keys = rows * width + articles[others]
    unique, first_found = np.unique(keys, return_index=True)
    best_of = others[first_found]
    best_score = similarity[first_found]
    left = unique // width
    # mutual: the best text's own best in the first one's article is the first one
    back = best_of * width + articles[left]
    found = np.searchsorted(unique, back)
    found = np.minimum(found, len(unique) - 1)
    mutual = (unique[found] == back) & (best_of[found] == left) & (left < best_of)
    # A text stands for its first article only: a pair is kept when each is also the
    # best of every text the other's article states (else the article's other text
    # would have been the match all with all).
    return sorted(
        (int(first[a]), int(first[b]), float(score))
        for a, b, score in zip(left[mutual], best_of[mutual], best_score[mutual], strict=True)
        if searchable.best_in_article(int(a), int(articles[b]), float(score))
        and searchable.best_in_article(int(b), int(articles[a]), float(score))
    )


class StatementIndex:
    """A story's statement embeddings, searchable: all with all up to
    ``EXACT_ALIGN_STATEMENTS`` statements. Beyond, the statements are searched by
    distinct text — a big story is mostly copies of a few wire texts, and thousands of
    copies of one sentence would crowd every other out of a statement's neighbours —
    all with all in bounded blocks while the texts are few, else through an HNSW index
    (faiss) built once."""

    def __init__(
        self,
        nodes: list[Statement],
        matrix: np.ndarray,
        neighbours: int = DEFAULT_COMPARE.align_neighbours,
    ) -> None:
        # how many nearest distinct texts a search beyond the exact limit returns
        self.neighbours_searched = neighbours
        self.matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        self.owner = np.array([node.article_id for node in nodes])
        self.exact = len(nodes) <= EXACT_ALIGN_STATEMENTS
        numbers: dict[str, int] = {}
        # each statement's text, numbered in order of first appearance, and article
        self.text_of = np.array([numbers.setdefault(node.text, len(numbers)) for node in nodes])
        self.first_rows = np.unique(self.text_of, return_index=True)[1]
        article_ids, self.article_of = np.unique(self.owner, return_inverse=True)
        self.articles = len(article_ids)
        self._article_number = {article_id: n for n, article_id in enumerate(article_ids)}
        # (text, article) pairs that occur, as sorted keys
        self._stated = np.unique(self.text_of * self.articles + self.article_of)
        # texts that more than one article states
        self.shared = np.bincount(self._stated // self.articles, minlength=len(numbers)) > 1
        self.texts = self.matrix[self.first_rows]
        self._first_article = self.article_of[self.first_rows]
        # the texts each article states, by article number
        by_article = self._stated % self.articles
        order = np.argsort(by_article, kind="stable")
        bounds = np.searchsorted(by_article[order], np.arange(self.articles + 1))
        self._article_texts = [
            self._stated[order[bounds[n] : bounds[n + 1]]] // self.articles
            for n in range(self.articles)
        ]
        self._searched_all_with_all = len(self.first_rows) <= EXACT_SEARCH_TEXTS
        self._index = None

    def states(self, texts: np.ndarray, articles: np.ndarray) -> np.ndarray:
        """Whether each article (by number) states the text of the same position."""
        keys = texts * self.articles + articles
        found = np.minimum(np.searchsorted(self._stated, keys), len(self._stated) - 1)
        return self._stated[found] == keys

    def best_in_article(self, text: int, article: int, score: float) -> bool:
        """Whether no text that ``article`` (by number) states is closer to ``text`` than
        ``score``."""
        stated = self._article_texts[article]
        return float((self.texts[stated] @ self.texts[text]).max()) <= score + 1e-5

    def copies(self) -> list[tuple[int, int, float]]:
        """Each statement paired with the first statement of the same text (similarity
        1), for the statements that are not the first of their text."""
        first = self.first_rows[self.text_of]
        return [(int(f), int(row), 1.0) for row, f in enumerate(first) if f != row]

    def neighbours(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The ``neighbours_searched`` nearest distinct texts to each query, best first:
        (similarities, text numbers) arrays of one row per query; a text number is -1
        where fewer were found."""
        texts = self.texts
        k = min(self.neighbours_searched + 1, len(texts))
        if self._index is None and not self._searched_all_with_all:
            import faiss

            self._index = faiss.IndexHNSWFlat(texts.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
            self._index.hnsw.efSearch = 2 * self.neighbours_searched
            self._index.add(texts)
        scores, ids = [], []
        for start in range(0, len(queries), QUERY_BLOCK):
            block = np.ascontiguousarray(queries[start : start + QUERY_BLOCK], dtype=np.float32)
            if self._index is not None:
                found_scores, found_ids = self._index.search(block, k)
            else:
                similarity = block @ texts.T
                found_ids = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
                found_scores = np.take_along_axis(similarity, found_ids, axis=1)
                order = np.argsort(-found_scores, axis=1, kind="stable")
                found_ids = np.take_along_axis(found_ids, order, axis=1)
                found_scores = np.take_along_axis(found_scores, order, axis=1)
            scores.append(found_scores)
            ids.append(found_ids)
        return np.vstack(scores), np.vstack(ids)

    def best_elsewhere(self, queries: np.ndarray, article_id: str) -> np.ndarray:
        """For each query, its best similarity to a statement of another article than
        ``article_id`` (0 when there is none)."""
        if self.exact:
            similarity = queries @ self.matrix.T
            similarity[:, self.owner == article_id] = -np.inf
            best = similarity.max(axis=1)
        else:
            # a text is elsewhere when another article than this one states it
            number = self._article_number.get(article_id, -1)
            elsewhere = self.shared | (self._first_article != number)
            if self._searched_all_with_all:
                similarity = queries @ self.texts.T
                similarity[:, ~elsewhere] = -np.inf
                best = similarity.max(axis=1)
            else:
                scores, texts = self.neighbours(queries)
                found = (texts >= 0) & elsewhere[np.maximum(texts, 0)]
                best = np.where(found, scores, -np.inf).max(axis=1)
        return np.where(np.isfinite(best), best, 0.0).astype(np.float32)


def align(
    article_ids: list[str],
    annotations: dict[str, Annotation],
    vectors: dict[str, np.ndarray],
    source_of: dict[str, str],
    prefer: dict[str, int] | None = None,
    options: CompareOptions = DEFAULT_COMPARE,
) -> tuple[list[Claim], list[Omission]]:
    """Claims of a story and, per article, the consensus claims it leaves out.

    ``vectors`` holds each article's embeddings of its ``statement_texts``;
    ``source_of`` maps an article to its independent source (itself, or the text it
    copies); ``prefer`` ranks articles for choosing a claim's wording (lower first);
    ``options`` say how alike two statements must be to be one claim.
    """
    prefer = prefer or {}
    present = [i for i in article_ids if i in annotations and i in vectors]
    # First whole sentences; then the sentences left unmatched are cut into their
    # clauses, which may each match something another article says on its own.
    nodes, searchable, parent, contested_pairs = _aligned(
        present, annotations, vectors, {}, options
    )
    if searchable is None:
        return [], []
    matrix = searchable.matrix

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # the articles each statement's group spans: a repeated lead is still one article's
    group_articles: dict[int, set[str]] = {}
    for index, node in enumerate(nodes):
        group_articles.setdefault(root(index), set()).add(node.article_id)
    with_clauses: dict[str, list[int]] = {}
    for index, node in enumerate(nodes):
        if annotations[node.article_id].sentences[node.sentence].clauses:
            with_clauses.setdefault(node.article_id, []).append(index)
    split: dict[str, set[int]] = {}
    for article_id, indices in with_clauses.items():
        # an article's sentences and their clauses, searched at once
        blocks = [
            np.vstack(
                [
                    matrix[index : index + 1],
                    vectors[article_id][
                        _clause_rows(annotations[article_id], nodes[index].sentence)
                    ],
                ]
            )
            for index in indices
        ]
        found = searchable.best_elsewhere(np.vstack(blocks), article_id)
        start = 0
        for index, block in zip(indices, blocks, strict=True):
            whole = float(found[start])
            # each clause reports something others say at least as clearly as the sentence
            parts = float(found[start + 1 : start + len(block)].min())
            start += len(block)
            if len(group_articles[root(index)]) == 1 or parts >= whole:
                split.setdefault(article_id, set()).add(nodes[index].sentence)
    if split:
        nodes, searchable, parent, contested_pairs = _aligned(
            present, annotations, vectors, split, options
        )
        assert searchable is not None  # the same statements, some cut into clauses
        matrix = searchable.matrix

    groups: dict[int, list[int]] = {}
    for index in range(len(nodes)):
        groups.setdefault(root(index), []).append(index)
    contested_roots = {root(left) for left, _ in contested_pairs}
    claims: list[Claim] = []
    for group_root, members in groups.items():
        articles = list(dict.fromkeys(nodes[m].article_id for m in members))
        sources = {source_of.get(a, a) for a in articles}
        if group_root in contested_roots:
            status = "contested"
        elif len(sources) >= 2:
            status = "consensus"
        else:
            status = "single_source"
        centroid = matrix[members].mean(axis=0)
        wording = min(
            members,
            key=lambda m: (
                len(loaded_terms(nodes[m].text)),
                prefer.get(nodes[m].article_id, 0),
                -float(matrix[m] @ centroid),
            ),
        )
        claims.append(
            Claim(
                id="",
                text=nodes[wording].text,
                status=status,  # type: ignore[arg-type]
                article_ids=articles,
                variants=[
                    ClaimVariant(article_id=nodes[m].article_id, text=nodes[m].text)
                    for m in members
                ],
            )
        )
    order = {"contested": 0, "consensus": 1, "single_source": 2}
    first_of_text: dict[str, int] = {}
    for index, node in enumerate(nodes):
        first_of_text.setdefault(node.text, index)
    first_seen = {id(c): first_of_text[c.text] for c in claims}
    claims.sort(key=lambda c: (order[c.status], -len(c.article_ids), first_seen[id(c)]))
    for number, claim in enumerate(claims, start=1):
        claim.id = f"c{number}"
    omissions = []
    consensus = [c for c in claims if c.status == "consensus"]
    carried_by = [set(c.article_ids) for c in consensus]
    for article_id in article_ids:
        missing = [
            c.id for c, by in zip(consensus, carried_by, strict=True) if article_id not in by
        ]
        if missing:
            omissions.append(Omission(article_id=article_id, claim_ids=missing))
    return claims, omissions
