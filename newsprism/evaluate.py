"""Evaluation on labelled news: clustering, quote attribution, summaries, speed.

``evaluate`` runs the normal pipeline over labelled articles and scores it against:

* a gold story field on each record (``event`` by default): B-cubed and pairwise
  precision/recall/F1, with or without publication dates;
* annotated quotes (``article``, ``speaker``, ``text``): the share found and the share
  attributed to the right speaker;
* reference summaries (``event``, ``summary``): ROUGE-1/2/L F1 of each story's summary,
  next to the LEAD baseline (each article's first sentence) computed in the same run,
  the share of summary sentences that carry citations, and loaded terms per thousand
  words in summaries against the articles;
* the report itself (with ``summaries`` or ``citations``): citation support, the share
  of the citations of summary sentences that state a figure whose article gives every
  figure of the sentence compatibly and has an aligned statement of it.
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz
from rouge_score import rouge_scorer

from .analyze import AnalyzeOptions, analyze, find_stories
from .annotate import annotate
from .annotate.actors import name_key
from .annotation import ANNOTATION_VERSION, Annotation, Figure
from .cluster import ClusterOptions
from .compare.claims import statement_texts
from .compare.language import loaded_terms, words_of
from .compare.summary import Backing, backs, numerals, restates
from .errors import UsageError
from .ingest import load_articles
from .metrics import bcubed, pairwise
from .models import Article
from .nlp import Models, default_models
from .report import Story
from .sentences import split_sentences
from .store import Store

# A found quote is the annotated one when it contains it, or nearly (outlets trim
# quotes differently from the annotators): partial-ratio over this.
QUOTE_MATCH_RATIO = 90
# A speaker is right when the names match after normalization, by surname, or nearly.
SPEAKER_MATCH_RATIO = 85


@dataclass
class Evaluation:
    """Scores of one evaluation run (also its JSON form)."""

    articles: int
    seconds: float
    peak_memory_mb: float
    clustering: dict[str, float] = field(default_factory=dict)
    quotes: dict[str, float] = field(default_factory=dict)
    summaries: dict[str, float] = field(default_factory=dict)
    citations: dict[str, float | int] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, indent=2)


def _peak_memory_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        return json.loads(text)
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _same_speaker(found: str | None, gold: str) -> bool:
    if not found:
        return False
    a, b = name_key(found), name_key(gold)
    if a == b or (a.split() and b.split() and a.split()[-1] == b.split()[-1]):
        return True
    return fuzz.token_set_ratio(a, b) >= SPEAKER_MATCH_RATIO


def _names_person(gold: str, annotation: Annotation, people: set[str]) -> bool:
    """Whether a gold speaker is a person: a person the article names (the whole name or
    its surname), else one some other article of the set names. The gold gives no kind;
    "Obama campaign" or "Senate Republicans" name no person's surname."""
    key = name_key(gold)
    words = key.split()
    if not words:
        return False
    own = {name_key(a.name) for a in annotation.actors if a.kind == "person"}
    for names in (own, people):
        if key in names or any(n.split()[-1:] == words[-1:] for n in names):
            return True
    return False


def score_quotes(
    gold: list[dict], annotations: dict[str, Annotation], by_record: dict[str, str]
) -> dict[str, float]:
    """Share of annotated quotes found, and attributed to the right speaker: the speaker
    found, or whom the speaker's role says they speak for ("a spokeswoman for the
    campaign" is right for a gold speaker "the campaign"); and the share right among the
    quotes whose gold speaker is a person (``speaker_right_persons``), as the gold's
    groups ("Senate Republicans") are often quoted through one member the text names."""
    found = right = considered = persons = persons_right = 0
    people = {
        name_key(a.name) for n in annotations.values() for a in n.actors if a.kind == "person"
    }
    for item in gold:
        article_id = by_record.get(str(item["article"]))
        if article_id is None or article_id not in annotations:
            continue
        considered += 1
        person = _names_person(item["speaker"], annotations[article_id], people)
        persons += person
        candidates = [
            q
            for q in annotations[article_id].quotes
            if fuzz.partial_ratio(item["text"], q.text) >= QUOTE_MATCH_RATIO
        ]
        if candidates:
            found += 1
            # the speaker, or whom a spokesperson's role says they speak for: the gold
            # names "the campaign" where the article quotes its spokeswoman
            if any(
                _same_speaker(q.speaker, item["speaker"])
                or _same_speaker(q.speaker_for, item["speaker"])
                for q in candidates
            ):
                right += 1
                persons_right += person
    return {
        "annotated": considered,
        "found": found / considered if considered else 0.0,
        "speaker_right": right / considered if considered else 0.0,
        "speaker_right_of_found": right / found if found else 0.0,
        "annotated_persons": persons,
        "speaker_right_persons": persons_right / persons if persons else 0.0,
    }


def evaluate(
    paths: list[str | Path],
    gold_field: str = "event",
    summaries: str | Path | None = None,
    quotes: str | Path | None = None,
    ignore_dates: bool = False,
    models: Models | None = None,
    on_stage: Callable[[str], None] | None = None,
    citations: bool = False,
) -> Evaluation:
    """Run the pipeline over labelled articles and score it. With ``summaries`` or
    ``citations`` the whole analysis runs (not clustering alone), and its summaries'
    citations are checked against the articles (``citation_support``)."""
    started = time.perf_counter()
    models = models or default_models()
    articles, rejections = load_articles(paths)
    if rejections:
        raise UsageError(f"{len(rejections)} inputs could not be read, first: {rejections[0]}")
    labelled = [a for a in articles if gold_field in a.metadata]
    if not labelled:
        raise UsageError(f"no article carries the gold field {gold_field!r}")
    options = AnalyzeOptions(cluster=ClusterOptions(ignore_dates=ignore_dates))
    by_record = {a.external_id: a.id for a in labelled if a.external_id}
    result = Evaluation(articles=len(labelled), seconds=0.0, peak_memory_mb=0.0)

    def stage(name: str) -> None:
        if on_stage:
            on_stage(name)

    if summaries or citations:
        stage("analyze")
        # a throwaway store keeps the annotations the analysis makes, for the scores
        with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "cache.db") as store:
            report = analyze(labelled, models, options, store=store)
            annotations = store.annotations([a.id for a in labelled], ANNOTATION_VERSION)
        stories = report.stories
        result.citations = citation_support(stories, annotations)
    else:
        # the quote scoring reads the same annotations as the storylines
        annotations = {a.article_id: a for a in annotate(labelled, models)} if quotes else None
        stage("cluster")
        stories = find_stories(labelled, models, options, annotations=annotations)
        report = None
    position = {a.id: n for n, a in enumerate(labelled)}
    predicted = [0] * len(labelled)
    storyline: list[str] = [""] * len(labelled)
    for number, story in enumerate(stories):
        for article_id in story.article_ids:
            predicted[position[article_id]] = number
            storyline[position[article_id]] = story.storyline
    gold = [a.metadata[gold_field] for a in labelled]
    b3, pair = bcubed(predicted, gold), pairwise(predicted, gold)
    # storylines may join events, so only their precision against the events says much:
    # how far they keep different events (of the same kind) apart
    lines = bcubed(storyline, gold)
    result.clustering = {
        "bcubed_precision": b3.precision,
        "bcubed_recall": b3.recall,
        "bcubed_f1": b3.f1,
        "pairwise_precision": pair.precision,
        "pairwise_recall": pair.recall,
        "pairwise_f1": pair.f1,
        "stories": len(stories),
        "gold_stories": len(set(gold)),
        "storylines": len(set(storyline)),
        "storyline_bcubed_precision": lines.precision,
    }
    if quotes:
        stage("quotes")
        annotations = annotations or {a.article_id: a for a in annotate(labelled, models)}
        result.quotes = score_quotes(_records(Path(quotes)), annotations, by_record)
    if summaries and report is not None:
        stage("summaries")
        result.summaries = _score_summaries(_records(Path(summaries)), report, labelled, by_record)
    result.seconds = time.perf_counter() - started
    result.peak_memory_mb = _peak_memory_mb()
    return result


def citation_support(
    stories: list[Story], annotations: dict[str, Annotation]
) -> dict[str, float | int]:
    """How far summary citations are backed: of the citations of summary sentences that
    state a figure, the share whose article gives every figure of the sentence
    compatibly (``compare.summary.backs``, over the whole article) and has an aligned
    statement of the sentence (a variant of a claim the sentence makes, or the article's
    own statement the sentence is: a story of one article has no claims to align, and
    its summary is its own sentences); and the share of those sentences whose every
    citation is so backed. Beside it, a check that does not go through the figure
    annotation the summary itself relies on: of the citations of sentences with a number
    in digits (an age, a date, a toll), the share whose article writes every one of them
    (``numeral_support``)."""
    backing = Backing.of(annotations, {})
    citations = backed = sentences = wholly = 0
    numbered = numbered_backed = 0
    written = {
        article_id: numerals(" ".join(s.text for s in annotation.sentences))
        for article_id, annotation in annotations.items()
    }
    for story in stories:
        for sentence in story.summary:
            # a disputed value is told with the articles that give it, not its citations
            told = sentence.text.split(", according to ")[0] if sentence.disputed else sentence.text
            stated_numbers = numerals(told)
            if stated_numbers:
                numbered += len(sentence.article_ids)
                numbered_backed += sum(
                    stated_numbers <= written.get(article_id, set())
                    for article_id in sentence.article_ids
                )
            found: dict[tuple, Figure] = {}
            for article_id in story.article_ids:
                for figure in backing.figures_in(article_id, sentence.text):
                    found.setdefault((figure.text, figure.value, figure.unit), figure)
            if not found:
                continue
            figures = list(found.values())
            aligned = {
                article_id
                for claim in story.claims
                for variant in claim.variants
                if restates(variant.text, sentence.text)
                for article_id in claim.article_ids
            }
            sentences += 1
            good = 0
            aligned |= {
                article_id
                for article_id in sentence.article_ids
                if article_id in annotations
                and any(
                    restates(text, sentence.text)
                    for text in statement_texts(annotations[article_id])
                )
            }
            for article_id in sentence.article_ids:
                stated = [f for _, f in backing.figures.get(article_id, [])]
                good += article_id in aligned and backs(stated, figures)
            citations += len(sentence.article_ids)
            backed += good
            wholly += good == len(sentence.article_ids)
    return {
        "figure_sentences": sentences,
        "citations": citations,
        "citation_support": backed / citations if citations else 0.0,
        "sentences_wholly_backed": wholly / sentences if sentences else 0.0,
        "numbered_citations": numbered,
        "numeral_support": numbered_backed / numbered if numbered else 0.0,
    }


def _score_summaries(
    references: list[dict], report, articles: list[Article], by_record: dict[str, str]
) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    by_id = {a.id: a for a in articles}
    totals = {f"{m}_{k}": 0.0 for m in ("system", "lead") for k in ("rouge1", "rouge2", "rougeL")}
    count = 0
    cited = sentences = 0
    summary_words = summary_loaded = 0
    for reference in references:
        members = {
            by_record[str(i)] for i in reference.get("article_ids", []) if str(i) in by_record
        }
        if not members:
            members = {a.id for a in articles if a.metadata.get("event") == str(reference["event"])}
        if not members:
            continue
        story = max(report.stories, key=lambda s: len(members & set(s.article_ids)))
        system = " ".join(s.text for s in story.summary)
        lead = " ".join(
            (split_sentences(by_id[i].text) or [by_id[i].text])[0]
            for i in sorted(members)
            if i in by_id
        )
        for name, text in (("system", system), ("lead", lead)):
            scores = scorer.score(reference["summary"], text)
            for metric in ("rouge1", "rouge2", "rougeL"):
                totals[f"{name}_{metric}"] += scores[metric].fmeasure
        count += 1
        sentences += len(story.summary)
        cited += sum(1 for s in story.summary if s.article_ids)
        summary_words += len(words_of(system))
        summary_loaded += sum(len(loaded_terms(s.text)) for s in story.summary)
    article_words = sum(len(words_of(a.text)) for a in articles)
    article_loaded = sum(len(loaded_terms(a.text)) for a in articles)
    result = {key: value / count if count else 0.0 for key, value in totals.items()}
    result.update(
        {
            "stories_scored": count,
            "cited_share": cited / sentences if sentences else 0.0,
            "loaded_per_1000_words_summaries": 1000 * summary_loaded / summary_words
            if summary_words
            else 0.0,
            "loaded_per_1000_words_articles": 1000 * article_loaded / article_words
            if article_words
            else 0.0,
        }
    )
    return result
