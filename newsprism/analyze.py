"""The analysis pipeline: articles -> provenance -> events and storylines -> report.

``analyze`` runs the stages in their one order; each stage is a function of typed
records in its own module, so a caller can also run them one by one.
"""

from __future__ import annotations

import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace

import numpy as np

from ._version import __version__
from .annotate import AnnotateOptions, annotate
from .annotate.corpus import resolve_actors
from .annotation import ANNOTATION_VERSION, Annotation
from .clean import CleanOptions
from .cluster import ClusterOptions, apply_corrections, cluster_articles, published_day
from .compare import StoryTask, compare_story
from .compare.claims import statement_texts
from .compare.language import WordPrior, words_of
from .compare.options import CompareOptions, SummaryOptions
from .compare.sides import SideOptions, compare_sides
from .embed import EmbedOptions, document_vector_key, embed_documents, encode_statements
from .engines import Engine, InlineEngine
from .errors import UsageError
from .grouping import explain_groupings
from .models import Article, Correction
from .nlp import EMBEDDING_DIMENSIONS, Models, default_models
from .outlets import Outlet, Registry, match_outlets, outlet_key
from .provenance import ProvenanceOptions, find_provenance
from .report import OutletProfile, Provenance, Report, ReportArticle, Story, article_label
from .sentences import split_sentences
from .signature import EventSignature, event_signature
from .store import Store

STAGES = ("annotate", "embed", "provenance", "cluster", "compare")
# The fields of a story that the compare stage fills.
COMPARISONS = (
    "summary",
    "claims",
    "discrepancies",
    "framing",
    "quotes",
    "omissions",
    "timeline",
    "language",
)
# The languages the annotation and the comparisons are built for (spaCy's English
# pipeline, English lexicons of loaded terms, bounds and reporting verbs). An article in
# another, as given or detected (``clean.detect_language``), is clustered with its
# story by its vector, names and figures, and left out of the story's comparisons
# (``Story.not_analysed``), which would otherwise fill with junk labels and cut claims.
ANALYSED_LANGUAGES = ("en",)
# Sentences per sentence-embedding task given to a parallel engine: large enough for
# full encoder batches, small enough to spread over the workers.
SENTENCE_TASK_SENTENCES = 1500
# Articles whose missing statement vectors are made at once before the comparisons,
# when a store keeps them (those cached are not read then): what the driver holds of
# them meanwhile.
STATEMENTS_PER_STEP = 2000
# Annotations read from the store kept at once by the pipeline: the blocks of
# provenance (at most 1,000 texts) and the stories in flight read theirs again.
RECENT_ANNOTATIONS = 4096
# A story title made from a first sentence is cut at this many characters.
MAX_DERIVED_TITLE = 90


@dataclass
class AnalyzeOptions:
    """Every setting of the pipeline, grouped by stage (the reading limits aside:
    ``ReadOptions``). ``clean`` applies where articles are read and cleaned
    (``ingest.load_articles``, ``batch``): ``analyze`` itself takes cleaned articles."""

    clean: CleanOptions = field(default_factory=CleanOptions)
    annotate: AnnotateOptions = field(default_factory=AnnotateOptions)
    cluster: ClusterOptions = field(default_factory=ClusterOptions)
    provenance: ProvenanceOptions = field(default_factory=ProvenanceOptions)
    outlets: SideOptions = field(default_factory=SideOptions)
    compare: CompareOptions = field(default_factory=CompareOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    embed: EmbedOptions = field(default_factory=EmbedOptions)

    @classmethod
    def with_overrides(cls, overrides: dict[str, str]) -> AnalyzeOptions:
        """Options with ``{"cluster.event_threshold": "0.6", ...}`` applied, each value
        converted to the type of its default. Unknown names raise ``UsageError``, naming
        the known ones (the settings registry, ``newsprism.settings``)."""
        options = cls()
        for name, raw in overrides.items():
            section_name, _, attribute = name.partition(".")
            section = getattr(options, section_name, None)
            if section is None or not attribute or attribute not in _field_names(section):
                raise UsageError(_not_settable(name))
            default = getattr(section, attribute)
            try:
                value = (
                    (raw.lower() in ("1", "true", "yes"))
                    if isinstance(default, bool)
                    else type(default)(raw)
                )
            except ValueError:
                raise UsageError(f"{name} takes a {type(default).__name__}, not {raw!r}") from None
            # sections may be frozen: each override makes a new one
            section = replace(section, **{attribute: value})
            validate = getattr(section, "validate", None)
            if validate is not None:
                validate()
            setattr(options, section_name, section)
        return options


def _field_names(section: object) -> set[str]:
    return {f.name for f in fields(section)}  # type: ignore[arg-type]


def _not_settable(name: str) -> str:
    """Why ``--set`` refuses a name: its section is fixed where its stage runs, or it is
    unknown (then the settings that ``--set`` knows)."""
    from .settings import FIXED_SECTIONS, settable

    section = name.partition(".")[0]
    if section in FIXED_SECTIONS:
        return f"{name} is not set per run: {FIXED_SECTIONS[section]}"
    return f"unknown setting {name!r}; known: {', '.join(settable())}"


def sentence_vector_key(models: Models) -> str:
    """Cache key of statement vectors: the encoder and the statements' version."""
    return f"{models.encoder_id}:sentences:v{ANNOTATION_VERSION}"


def _short_hash(values: list[str], prefix: str) -> str:
    digest = hashlib.blake2b("\x1f".join(sorted(values)).encode(), digest_size=5).hexdigest()
    return f"{prefix}{digest}"


def _title_of(article: Article) -> str:
    if article.title:
        return article.title
    first = (split_sentences(article.text) or [article.text])[0]
    return (
        first if len(first) <= MAX_DERIVED_TITLE else first[: MAX_DERIVED_TITLE - 1].rstrip() + "…"
    )


def _story(
    articles: list[Article],
    members: list[int],
    vectors: np.ndarray,
    storyline: str,
    provenance: Mapping[str, Provenance],
) -> Story:
    chosen = [articles[i] for i in members]
    centroid = vectors[members].mean(axis=0)
    # The title comes from independent reporting when there is some: a spun copy's
    # headline is the worst wording in the cluster.
    titled = (
        [i for i in members if articles[i].title and provenance[articles[i].id].kind == "original"]
        or [i for i in members if articles[i].title]
        or members
    )
    central = max(titled, key=lambda i: float(vectors[i] @ centroid))
    days = sorted(d.isoformat() for d in (published_day(a) for a in chosen) if d)
    outlets = sorted({a.outlet for a in chosen if a.outlet})
    return Story(
        id=_short_hash([a.id for a in chosen], "s-"),
        storyline=storyline,
        title=_title_of(articles[central]),
        article_ids=[a.id for a in chosen],
        outlets=outlets,
        first_published=days[0] if days else None,
        last_published=days[-1] if days else None,
    )


def _annotations(
    articles: list[Article],
    models: Models,
    store: Store | None,
    options: AnnotateOptions,
    on_progress: Callable[[int, int], None] | None = None,
) -> Mapping[str, Annotation]:
    """Annotations of the articles, from the store's cache or made now; ``on_progress(done,
    total)`` as the missing ones are made. With a store, those missing are saved there
    and all are read from it when asked (``_StoredAnnotations``), not held."""
    key = options.cache_key()
    ids = [a.id for a in articles]
    cached = store.annotated(ids, ANNOTATION_VERSION, key) if store else set()
    missing = [a for a in articles if a.id not in cached]
    counted = (lambda done: on_progress(done, len(missing))) if on_progress else None
    fresh = annotate(missing, models, on_progress=counted, options=options) if missing else []
    if store is None:
        return {a.article_id: a for a in fresh}
    if fresh:
        store.save_annotations(fresh, key)
    return _StoredAnnotations(store, ids, key)


class _StoredAnnotations(Mapping[str, Annotation]):
    """The articles' annotations, read from the store's cache when asked and the most
    recently read kept (``RECENT_ANNOTATIONS``): a corpus's annotations take tens of KB
    an article, and each stage reads them a block or a story at a time."""

    def __init__(self, store: Store, ids: list[str], settings: str) -> None:
        self.store = store
        self.ids = dict.fromkeys(ids)
        self.settings = settings
        self.recent: OrderedDict[str, Annotation] = OrderedDict()

    def __getitem__(self, article_id: str) -> Annotation:
        found = self.recent.get(article_id)
        if found is not None:
            self.recent.move_to_end(article_id)
            return found
        if article_id not in self.ids:
            raise KeyError(article_id)
        read = self.store.annotations([article_id], ANNOTATION_VERSION, self.settings)
        found = read[article_id]
        self.recent[article_id] = found
        if len(self.recent) > RECENT_ANNOTATIONS:
            self.recent.popitem(last=False)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


def _vectors(
    articles: list[Article], models: Models, store: Store | None, options: EmbedOptions
) -> np.ndarray:
    if not articles:
        return np.zeros((0, EMBEDDING_DIMENSIONS), np.float32)
    ids = [a.id for a in articles]
    key = document_vector_key(models, options)
    cached = store.vectors(ids, key) if store else {}
    missing = [a for a in articles if a.id not in cached]
    if missing:
        made = embed_documents(missing, models, options)
        fresh = dict(zip([a.id for a in missing], made, strict=True))
        if store is not None:
            store.save_vectors(fresh, key)
        cached = {**cached, **fresh}
    return np.stack([cached[i] for i in ids]).astype(np.float32)


def _stories(
    articles: list[Article],
    vectors: np.ndarray,
    provenance: Mapping[str, Provenance],
    options: ClusterOptions,
    signatures: dict[str, EventSignature],
    corrections: list[Correction] | None = None,
) -> list[Story]:
    """Events among the articles, grouped under storylines, without comparisons yet.
    ``signatures`` gives the articles' event signatures (their participants make the
    storylines; the learned linker scores them); the user's ``corrections`` are applied
    to the clustering."""
    clustering = cluster_articles(articles, vectors, options, [signatures[a.id] for a in articles])
    if corrections:
        clustering = apply_corrections(clustering, [a.id for a in articles], corrections)
    storyline_members: dict[int, list[str]] = {}
    for members, line in zip(clustering.events, clustering.storylines, strict=True):
        storyline_members.setdefault(line, []).extend(articles[i].id for i in members)
    storyline_ids = {line: _short_hash(ids, "l-") for line, ids in storyline_members.items()}
    stories = [
        _story(articles, members, vectors, storyline_ids[line], provenance)
        for members, line in zip(clustering.events, clustering.storylines, strict=True)
    ]
    stories.sort(key=lambda s: (s.storyline, s.first_published or "", s.id))
    return stories


def _signatures(
    articles: list[Article], annotations: dict[str, Annotation]
) -> dict[str, EventSignature]:
    """The event signature of each article, by id."""
    return {a.id: event_signature(a, annotations[a.id], published_day(a)) for a in articles}


def find_stories(
    articles: list[Article],
    models: Models | None = None,
    options: AnalyzeOptions | None = None,
    store: Store | None = None,
    annotations: dict[str, Annotation] | None = None,
) -> list[Story]:
    """The stories among articles (events under storylines), quickly: clustering and copy
    detection only, no comparison. Vectors and annotations (whose participants link
    events into storylines) come from the store's cache when it has them, or from
    ``annotations`` when the caller has them already."""
    options = options or AnalyzeOptions()
    models = models or default_models()
    articles = sorted(articles, key=lambda a: (a.published or "", a.id))
    vectors = _vectors(articles, models, store, options.embed)
    provenance = find_provenance(articles, None, options.provenance)
    if annotations is None or any(a.id not in annotations for a in articles):
        annotations = _annotations(articles, models, store, options.annotate)
    return _stories(
        articles,
        vectors,
        provenance,
        options.cluster,
        _signatures(articles, annotations),
        store.corrections() if store is not None else None,
    )


def analysed(article: Article) -> bool:
    """Whether the comparisons analyse the article: its language is one of
    ``ANALYSED_LANGUAGES``, or unknown (too short to tell)."""
    return article.language is None or article.language in ANALYSED_LANGUAGES


def _independent_sources(
    articles: list[Article],
    provenance: Mapping[str, Provenance],
    outlet_of: dict[str, Outlet] | None = None,
) -> dict[str, str]:
    """Each article's independent source: articles carrying the same text share one, and
    with the registry (``outlet_of``) so do the articles of one outlet, and of outlets
    with one owner: two papers of one group are one voice, not two confirmations of a
    claim."""
    parent = {a.id: a.id for a in articles}

    def root(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for article in articles:
        for other in provenance[article.id].same_text_as:
            if other in parent:
                parent[root(other)] = root(article.id)
    first_of_voice: dict[str, str] = {}
    for article_id, outlet in (outlet_of or {}).items():
        if article_id in parent:
            voice = f"owner:{outlet_key(outlet.owner)}" if outlet.owner else f"outlet:{outlet.name}"
            first = first_of_voice.setdefault(voice, article_id)
            parent[root(article_id)] = root(first)
    return {a.id: root(a.id) for a in articles}


def _sentence_vectors(
    articles: list[Article],
    annotations: dict[str, Annotation],
    models: Models,
    store: Store | None,
    engine: Engine | None = None,
    keep: bool = True,
) -> dict[str, np.ndarray]:
    """Embeddings of every statement of the given articles (rows = ``statement_texts``:
    the sentences, then the clauses of sentences with several). Those not in the
    store's cache are encoded here, or with a parallel ``engine`` in tasks of about
    ``SENTENCE_TASK_SENTENCES`` sentences on its workers. With ``keep`` False (a store
    given), those missing are only made and saved, and none is read or returned."""
    ids = list(dict.fromkeys(a.id for a in articles))
    key = sentence_vector_key(models)
    found: dict[str, np.ndarray] = {}
    if store is not None and keep:
        found = {i: v.reshape(-1, EMBEDDING_DIMENSIONS) for i, v in store.vectors(ids, key).items()}
    rows = (
        {i: len(v) for i, v in found.items()}
        if keep or store is None
        else {i: size // EMBEDDING_DIMENSIONS for i, size in store.vector_sizes(ids, key).items()}
    )
    texts_of = {i: statement_texts(annotations[i]) for i in ids}
    missing = [i for i in ids if rows.get(i) != len(texts_of[i])]
    fresh: dict[str, np.ndarray] = {}
    if missing and engine is not None and not isinstance(engine, InlineEngine):
        batches: list[list[tuple[str, list[str]]]] = [[]]
        size = 0
        for article_id in missing:
            if size and size + len(texts_of[article_id]) > SENTENCE_TASK_SENTENCES:
                batches.append([])
                size = 0
            batches[-1].append((article_id, texts_of[article_id]))
            size += len(texts_of[article_id])
        tasks = [(batch, models.device, engine.threads) for batch in batches]
        for _, result in engine.run(encode_statements, tasks, "sentences"):
            # a batch that failed on every try is encoded below, here
            if not isinstance(result, BaseException):
                fresh.update(result[0])
    left = [i for i in missing if i not in fresh]
    if left:
        encoded = models.encode([text for i in left for text in texts_of[i]])
        start = 0
        for article_id in left:
            count = len(texts_of[article_id])
            fresh[article_id] = encoded[start : start + count]
            start += count
    if store is not None and fresh:
        store.save_vectors({i: v.ravel() for i, v in fresh.items()}, key)
    if not keep and store is not None:
        return {}
    found.update(fresh)
    return found


def analyze(
    articles: list[Article],
    models: Models | None = None,
    options: AnalyzeOptions | None = None,
    on_stage: Callable[[str], None] | None = None,
    store: Store | None = None,
    known: dict[str, Story] | None = None,
    signatures: dict[str, np.ndarray] | None = None,
    on_progress: Callable[[str, int, int], None] | None = None,
    registry: Registry | None = None,
    engine: Engine | None = None,
) -> Report:
    """Analyze articles into a report: provenance of each, the stories among them, and
    how the outlets of each story compare.

    Stories come out ordered by storyline, then by time; ``on_stage(name)`` is called as
    each stage starts and ``on_progress(stage, done, total)`` as the long ones (annotate,
    compare) advance, for progress display. With a ``store``, annotations and vectors
    are taken from its cache and new ones saved there, and the user's corrections of the
    stories recorded there (``newsprism stories merge/split``) are applied. ``known``
    holds stories compared before, by id: a story found again with the same articles
    (hence the same id) keeps those comparisons instead of being compared afresh. ``signatures`` are MinHash
    signatures computed beforehand (``newsprism.batch`` makes them in parallel). With a
    ``registry`` of outlets, articles are matched to its outlets, outlets of one owner
    count as one source, and each story gets its coverage and its comparisons by side.
    ``engine`` runs the work per block of candidate copies (provenance), per batch of
    sentences and per story (comparison) as tasks (``newsprism.engines``): by default
    one after the other in this process; ``newsprism.batch`` passes its process pool or
    Dask cluster. The report is the same.
    """
    options = options or AnalyzeOptions()
    models = models or default_models()
    articles = sorted(articles, key=lambda a: (a.published or "", a.id))

    def stage(name: str) -> None:
        if on_stage:
            on_stage(name)

    def progress(name: str) -> Callable[[int, int], None] | None:
        return (lambda done, total: on_progress(name, done, total)) if on_progress else None

    stage("annotate")
    annotations = _annotations(articles, models, store, options.annotate, progress("annotate"))
    canonical = resolve_actors((annotations[a.id] for a in articles), options.annotate)
    stage("embed")
    vectors = _vectors(articles, models, store, options.embed)
    by_id = {a.id: a for a in articles}
    # Statement vectors (50 KB an article): with a store, kept in its cache and read for
    # each block of provenance and each story's task, so that the run holds those in
    # flight only; without one, held here for the run.
    held: dict[str, np.ndarray] = {}

    def statement_vectors(ids: list[str]) -> dict[str, np.ndarray]:
        if store is not None:
            return _sentence_vectors([by_id[i] for i in ids], annotations, models, store, engine)
        missing = [by_id[i] for i in ids if i not in held]
        if missing:
            held.update(_sentence_vectors(missing, annotations, models, None, engine))
        return {i: held[i] for i in ids}

    def sentences(ids: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
        found = statement_vectors(ids)
        # provenance compares whole sentences: the first rows
        return {
            i: (
                [s.text for s in annotations[i].sentences],
                found[i][: len(annotations[i].sentences)],
            )
            for i in ids
        }

    stage("provenance")
    provenance = find_provenance(
        articles,
        None,
        options.provenance,
        embeddings=vectors,
        sentences=sentences,
        signatures=signatures,
        engine=engine,
    )
    stage("cluster")
    event_signatures = _signatures(articles, annotations)
    corrections = store.corrections() if store is not None else None
    stories = _stories(
        articles, vectors, provenance, options.cluster, event_signatures, corrections
    )
    vector_of = {a.id: vectors[n] for n, a in enumerate(articles)}
    for story, grouping in zip(
        stories, explain_groupings(stories, vector_of, event_signatures), strict=True
    ):
        story.grouping = grouping
    stage("compare")
    outlet_of = match_outlets(articles, registry) if registry is not None else {}
    source_of = _independent_sources(articles, provenance, outlet_of)
    days = {a.id: (d.isoformat() if (d := published_day(a)) else None) for a in articles}
    prior = WordPrior.of(Counter(w for a in articles for w in words_of(a.text)))
    known = known or {}
    for story in stories:
        story.not_analysed = [i for i in story.article_ids if not analysed(by_id[i])]
        if story.id in known:
            for name in COMPARISONS:
                setattr(story, name, getattr(known[story.id], name))
    to_compare = [s for s in stories if s.id not in known]
    multi = [s for s in to_compare if len(s.article_ids) > 1]
    compared = [i for s in multi for i in s.article_ids if analysed(by_id[i])]
    # every statement row of the compared articles (clauses included) encoded at once,
    # in parallel on the engine; with a store, those missing made and saved there a step
    # of articles at a time (the tasks read them back)
    if store is None:
        statement_vectors(compared)
    else:
        for start in range(0, len(compared), STATEMENTS_PER_STEP):
            chosen = [by_id[i] for i in compared[start : start + STATEMENTS_PER_STEP]]
            _sentence_vectors(chosen, annotations, models, store, engine, keep=False)
    prefer = {a.id: (0 if provenance[a.id].kind == "original" else 1) for a in articles}
    labels = {a.id: article_label(a) for a in articles}
    texts = {a.id: a.text for a in articles}
    canonical_of: dict[str, dict[tuple[str, str], str]] = {}
    for key, name in canonical.items():
        canonical_of.setdefault(key[0], {})[key] = name

    def task(story: Story) -> tuple[StoryTask]:
        left_out = set(story.not_analysed)
        ids = [i for i in story.article_ids if i not in left_out]
        # a story of one article is not aligned: its statements are all its own
        vectors_of = statement_vectors(ids) if len(story.article_ids) > 1 else {}
        return (
            StoryTask.of(
                ids,
                annotations,
                vectors_of,
                canonical_of,
                source_of,
                prefer,
                days,
                labels,
                texts,
                prior,
                options.compare,
                options.summary,
            ),
        )

    compared_so_far = progress("compare")
    runner = engine or InlineEngine()
    # tasks made as the engine takes them: a story's task holds its articles' annotations
    results = runner.run(compare_story, (task(s) for s in to_compare), "compare")
    for done, (index, result) in enumerate(results, start=1):
        if isinstance(result, BaseException):
            raise result
        for name in COMPARISONS:
            setattr(to_compare[index], name, getattr(result, name))
        if compared_so_far:
            compared_so_far(done + len(stories) - len(to_compare), len(stories))
    if registry is not None:
        # recomputed even for stories compared before: it is cheap, and the registry may
        # have changed since
        original_of = {
            i: p.of
            for i, p in provenance.items()
            # an abridged copy is its original's text too; a patchwork or a few lifted
            # passages are not (the copy names no source in ``same_text_as`` then)
            if p.of
            and (
                p.kind in ("republished", "near_duplicate", "rewritten")
                or (p.kind == "partial" and p.of in p.same_text_as)
            )
        }
        for story in stories:
            texts = {i: by_id[i].text for i in story.article_ids}
            compare_sides(
                story,
                outlet_of,
                registry,
                texts,
                prior,
                options.outlets,
                original_of,
                options.compare,
            )

    report_articles = [
        ReportArticle.of(
            article,
            provenance[article.id],
            outlet_of[article.id].name if article.id in outlet_of else None,
        )
        for article in articles
    ]
    return Report(
        generator=f"newsprism {__version__} ({', '.join(STAGES)})",
        articles=report_articles,
        stories=stories,
        outlets=outlet_profiles(outlet_of.values()),
    )


def outlet_profiles(outlets: Iterable[Outlet]) -> list[OutletProfile]:
    """The report's entries for these registry outlets, each once, by name."""
    unique = {outlet.name: outlet for outlet in outlets}
    return [
        OutletProfile(
            name=o.name, lean=o.lean, side=o.side, country=o.country, owner=o.owner, kind=o.kind
        )
        for _, o in sorted(unique.items())
    ]
