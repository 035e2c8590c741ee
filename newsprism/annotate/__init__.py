"""Annotation stage: read every article once with the NLP models.

``annotate`` runs the spaCy pipeline over articles in batches and derives, per article,
its sentences, actors and their labels, quotes, figures and time expressions (see the
modules beside this one). Results are plain records (``newsprism.annotation``) that the
store caches, so the models run once per article whatever is asked later.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures.process import BrokenProcessPool
from datetime import date
from typing import TYPE_CHECKING

from ..annotation import Annotation, Sentence, TimeExpression
from ..cluster import published_day
from ..models import Article
from ..nlp import Models, default_models, one_blas_thread, parser_pipeline
from .actors import capitals_as_states, find_actors, states_by_meaning
from .clauses import clause_spans
from .figures import find_figures
from .options import AnnotateOptions
from .quotes import find_quotes
from .times import resolve_time

if TYPE_CHECKING:  # spaCy loads with the models (newsprism.nlp), not on import
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["AnnotateOptions", "annotate", "annotate_doc"]

# Articles per spaCy batch: enough to amortize the pipeline's overhead on two cores.
PIPE_BATCH = 32
# Articles per task sent to a parser process (at most; small runs use smaller tasks).
TASK_ARTICLES = 4
# Below this many articles, starting parser processes costs more than it saves.
MIN_PARALLEL_ARTICLES = 16
# Longest text handed to the parser; longer bodies are cut (a news article is far shorter).
MAX_CHARS = 100_000


def annotate_doc(
    doc: Doc, article_id: str, published: date | None, options: AnnotateOptions | None = None
) -> Annotation:
    """Annotation of one parsed article."""
    options = options or AnnotateOptions()
    sentences = list(doc.sents)
    sentence_of: dict[int, int] = {}  # token index -> sentence number
    for number, sentence in enumerate(sentences):
        sentence_of.update(dict.fromkeys(range(sentence.start, sentence.end), number))
    actors, token_actor, unresolved_states = find_actors(doc, sentence_of, options)
    times = []
    for entity in doc.ents:
        if entity.label_ not in ("DATE", "TIME"):
            continue
        sentence = sentence_of.get(entity.start, 0)
        resolved, relative = resolve_time(entity.text, published, sentences[sentence].text)
        times.append(
            TimeExpression(text=entity.text, date=resolved, relative=relative, sentence=sentence)
        )
    quotes = find_quotes(doc, actors, token_actor, sentence_of, options)
    actors = capitals_as_states(actors, quotes)
    return Annotation(
        article_id=article_id,
        sentences=[
            Sentence(
                text=s.text.strip(), start=s.start_char, end=s.end_char, clauses=clause_spans(s)
            )
            for s in sentences
        ],
        actors=actors,
        quotes=quotes,
        figures=find_figures(doc, sentence_of),
        times=times,
        unresolved_states=unresolved_states,
    )


def annotate(
    articles: Iterable[Article],
    models: Models | None = None,
    on_progress: Callable[[int], None] | None = None,
    options: AnnotateOptions | None = None,
) -> list[Annotation]:
    """Annotate articles (in order) with ``options`` (the defaults when None);
    ``on_progress(done)`` as they are done.

    The parser's rules run per article (in the parser processes when there are many);
    state descriptions they leave unresolved ("the Zionist entity") are then resolved
    here by meaning, with the sentence encoder, which only this process loads.
    """
    models = models or default_models()
    options = options or AnnotateOptions()
    articles = list(articles)
    if len(articles) >= MIN_PARALLEL_ARTICLES and models.can_fork_parsers:
        annotations = _annotate_in_pool(articles, models, on_progress, options)
    else:
        processes = models.processes if len(articles) >= MIN_PARALLEL_ARTICLES else 1
        annotations = _annotate_with(models.spacy, articles, processes, on_progress, options)
    if any(a.unresolved_states for a in annotations):
        states_by_meaning(annotations, models.encode, options)
    return annotations


def _annotate_with(
    nlp: Language,
    articles: list[Article],
    processes: int,
    on_progress: Callable[[int], None] | None,
    options: AnnotateOptions,
    done: int = 0,
) -> list[Annotation]:
    """Parse with ``nlp.pipe`` (in ``processes`` processes) and annotate here."""
    # spaCy deals whole batches to its processes: 50 articles in batches of 32 would
    # give one process 32 and the other 18, so small runs are cut into equal shares.
    batch = max(1, min(PIPE_BATCH, -(-len(articles) // processes)))
    texts = (article.text[:MAX_CHARS] for article in articles)
    annotations = []
    with one_blas_thread():
        docs = nlp.pipe(texts, batch_size=batch, n_process=processes)
        for number, (article, doc) in enumerate(zip(articles, docs, strict=True), start=1):
            annotations.append(annotate_doc(doc, article.id, published_day(article), options))
            if on_progress:
                on_progress(done + number)
    return annotations


def _annotate_in_pool(
    articles: list[Article],
    models: Models,
    on_progress: Callable[[int], None] | None,
    options: AnnotateOptions,
) -> list[Annotation]:
    """Parse and annotate in the models' parser processes: the rules run there too, and
    only the compact annotations travel back. Should a process die (memory), the
    articles not done yet are annotated here."""
    # Small tasks keep both processes busy to the end of a run; a few articles per task
    # still let spaCy batch its matrix work (larger batches measured no faster).
    size = max(1, min(TASK_ARTICLES, -(-len(articles) // (2 * models.processes))))
    tasks = [
        [(a.id, a.text[:MAX_CHARS], published_day(a)) for a in articles[start : start + size]]
        for start in range(0, len(articles), size)
    ]
    pool = models.parser_pool
    futures = [pool.submit(_annotate_task, task, options) for task in tasks]
    annotations: list[Annotation] = []
    try:
        for future in futures:
            annotations.extend(future.result())
            if on_progress:
                on_progress(len(annotations))
    except BrokenProcessPool:
        models.drop_parser_pool()
        rest = articles[len(annotations) :]
        annotations += _annotate_with(models.spacy, rest, 1, on_progress, options, len(annotations))
    return annotations


def _annotate_task(
    items: list[tuple[str, str, date | None]], options: AnnotateOptions
) -> list[Annotation]:
    """In a parser process: annotations of (id, text, publication day) items."""
    nlp = parser_pipeline()
    docs = nlp.pipe((text for _, text, _ in items), batch_size=len(items))
    return [
        annotate_doc(doc, article_id, day, options)
        for (article_id, _, day), doc in zip(items, docs, strict=True)
    ]
