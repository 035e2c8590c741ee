"""The analysis spine on the example corpus: provenance, stories, report contract."""

from __future__ import annotations

import json
import random

import pytest

from newsprism.analyze import analyze
from newsprism.cluster import ClusterOptions, OnlineClusterer, cluster_articles, published_day
from newsprism.embed import embed_documents
from newsprism.metrics import bcubed, pairwise
from newsprism.render import render
from newsprism.report import SCHEMA_VERSION, Report, json_schema

from .conftest import gold_key

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(example_articles, models) -> Report:
    return analyze(example_articles, models)


def test_stories_match_gold(report, example_gold):
    story_of = {a["file"]: a["story"] for a in example_gold["articles"]}
    by_id = {a.id: a for a in report.articles}
    predicted, gold = [], []
    for number, story in enumerate(report.stories):
        for article_id in story.article_ids:
            predicted.append(number)
            gold.append(story_of[gold_key(by_id[article_id].source_path)])
    assert len(predicted) == len(report.articles) == 11
    assert bcubed(predicted, gold).f1 == 1.0


def test_provenance_matches_gold(report, example_gold):
    expected = {a["file"]: a for a in example_gold["articles"]}
    by_file = {gold_key(a.source_path): a for a in report.articles}
    for name, article in by_file.items():
        assert article.provenance.kind == expected[name]["provenance"], (name, article.provenance)
        if expected[name]["of"]:
            assert by_file[expected[name]["of"]].id == article.provenance.of, name
    spun = by_file["export.jsonl#1"].provenance
    assert any("KRVN" in signal for signal in spun.signals)
    assert any("Wrenwick" in signal for signal in spun.signals)


def test_report_validates_against_its_schema_and_round_trips(report):
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    schema = json.loads(json_schema())
    assert {"schema_version", "generator", "articles", "stories"} <= set(schema["properties"])
    story = schema["$defs"]["Story"]["properties"]
    for field in (
        "id",
        "storyline",
        "title",
        "article_ids",
        "summary",
        "claims",
        "discrepancies",
        "framing",
        "quotes",
        "omissions",
        "timeline",
    ):
        assert field in story


def test_renderers_show_every_story(report):
    markdown = render(report, "md")
    text = render(report, "text")
    for story in report.stories:
        assert story.title in markdown
        assert story.title[:30] in text.replace("\n", " ") or story.title[:20] in text


def test_clustering_does_not_depend_on_input_order(example_articles, models):
    vectors = embed_documents(example_articles, models)
    baseline = cluster_articles(example_articles, vectors)
    ids = [a.id for a in example_articles]
    expected = sorted(sorted(ids[i] for i in event) for event in baseline.events)
    for seed in range(3):
        order = list(range(len(example_articles)))
        random.Random(seed).shuffle(order)
        shuffled = [example_articles[i] for i in order]
        result = cluster_articles(shuffled, vectors[order])
        got = sorted(sorted(shuffled[i].id for i in event) for event in result.events)
        assert got == expected


def test_online_arrival_gives_the_batch_stories(example_articles, models):
    vectors = embed_documents(example_articles, models)
    batch = cluster_articles(example_articles, vectors)
    online = OnlineClusterer(options=ClusterOptions())
    arrival = sorted(
        range(len(example_articles)),
        key=lambda i: (example_articles[i].published or "9999", example_articles[i].id),
    )
    for i in arrival:
        online.add(vectors[i], published_day(example_articles[i]))
    online.consolidate()
    got = sorted(sorted(example_articles[arrival[m]].id for m in e.members) for e in online.events)
    expected = sorted(sorted(example_articles[i].id for i in event) for event in batch.events)
    assert got == expected


def test_metrics_on_known_values():
    assert bcubed([1, 1, 2, 2], ["a", "a", "b", "b"]).f1 == 1.0
    merged = bcubed([1, 1, 1, 1], ["a", "a", "b", "b"])
    assert (merged.precision, merged.recall) == (0.5, 1.0)
    split = pairwise([1, 2, 3, 3], ["a", "a", "b", "b"])
    assert (split.precision, split.recall) == (1.0, 0.5)


def test_framing_shows_each_outlets_labels_for_the_armed_group(report):
    main = max(report.stories, key=lambda s: len(s.article_ids))
    labels = {
        term
        for framing in main.framing
        if framing.actor == "Ostrel Front"
        for entry in framing.labels
        for term in entry.terms
    }
    assert {"rebel coalition", "insurgent group"} <= labels


def test_one_statement_quoted_by_two_outlets_is_one_quote(report):
    main = max(report.stories, key=lambda s: len(s.article_ids))
    shared = [q for q in main.quotes if q.speaker == "Idris Dervan" and len(q.article_ids) >= 2]
    assert shared


def test_each_story_says_why_its_articles_are_together(report):
    """The example's talks story shares its mediator and negotiators across outlets, and
    differs from the dam vote, the closest story kept apart, in people and places."""
    by_title = {story.title: story for story in report.stories}
    talks = max(report.stories, key=lambda s: len(s.article_ids))
    grouping = talks.grouping
    assert grouping is not None and grouping.similarity is not None
    shared = {item.value for item in grouping.shared if item.kind == "participant"}
    assert {"Ildmark", "Ostrel Front"} <= shared
    apart = grouping.nearest_apart
    assert apart is not None and apart.title in by_title and apart.story_id != talks.id
    kinds = {d.kind: d for d in apart.differences}
    assert "Kalve Gorge Dam" in kinds["place"].there
    for story in report.stories:
        assert story.grouping is not None


GERMAN = (
    "Titel: Hafenhaushalt beschlossen\n\n"
    "Der Stadtrat von Tessaly hat am Montag nach einer langen Debatte den neuen Haushalt "
    "für den Hafen beschlossen. Damit ist der Weg für den Ausbau frei, sagte der "
    "Bürgermeister. Die Kosten belaufen sich nach seinen Worten auf 3,2 Millionen Euro. "
    "Fischer protestierten während der Abstimmung vor dem Rathaus."
)


@pytest.mark.slow
def test_articles_in_other_languages_are_clustered_but_kept_out_of_comparisons(
    tmp_path, example_articles, models
):
    from newsprism.ingest import load_articles

    path = tmp_path / "hafen.txt"
    path.write_text(GERMAN, encoding="utf-8")
    (german,), _ = load_articles([path])
    assert german.language == "de"
    found = analyze([*example_articles, german], models)
    (story,) = [s for s in found.stories if german.id in s.article_ids]
    assert story.not_analysed == [german.id]
    cited = {i for c in story.claims for i in c.article_ids}
    cited |= {i for f in story.framing for label in f.labels for i in label.article_ids}
    cited |= {o.article_id for o in story.omissions} | {w.article_id for w in story.language}
    assert german.id not in cited
    # the English stories are compared as before
    assert all(not s.not_analysed for s in found.stories if s is not story)
    assert json.loads(found.model_dump_json())["schema_version"] == SCHEMA_VERSION
    # every view says so
    for fmt in ("md", "html", "text"):
        assert "1 article not in English (de)" in render(found, fmt), fmt


def test_document_vectors_are_cached_under_the_settings_that_made_them(
    models, example_articles, tmp_path
):
    from newsprism.analyze import AnalyzeOptions, find_stories
    from newsprism.embed import EmbedOptions, document_vector_key, embed_documents
    from newsprism.store import Store

    articles = example_articles[:3]
    short = AnalyzeOptions.with_overrides({"embed.lead_sentences": "1"})
    assert short.embed == EmbedOptions(lead_sentences=1)
    assert document_vector_key(models, short.embed) != document_vector_key(models)
    with Store(tmp_path / "s.db") as store:
        find_stories(articles, models, AnalyzeOptions(), store=store)
        find_stories(articles, models, short, store=store)
        ids = [a.id for a in articles]
        default = store.vectors(ids, document_vector_key(models))
        first_sentence = store.vectors(ids, document_vector_key(models, short.embed))
    assert set(default) == set(first_sentence) == set(ids)
    expected = embed_documents(articles, models, short.embed)
    assert all(float(first_sentence[a.id] @ expected[n]) > 0.999 for n, a in enumerate(articles))
    assert any(float(default[a.id] @ first_sentence[a.id]) < 0.999 for a in articles)


def test_annotations_are_cached_under_the_settings_that_made_them(
    models, example_articles, tmp_path
):
    from newsprism.analyze import AnalyzeOptions, find_stories
    from newsprism.annotation import ANNOTATION_VERSION
    from newsprism.store import Store

    articles = example_articles[:3]
    ids = [a.id for a in articles]
    strict = AnalyzeOptions.with_overrides({"annotate.min_quote_words": "12"})
    key = strict.annotate.cache_key()
    assert key == "min_quote_words=12" and AnalyzeOptions().annotate.cache_key() == ""
    with Store(tmp_path / "s.db") as store:
        find_stories(articles, models, AnalyzeOptions(), store=store)
        find_stories(articles, models, strict, store=store)
        default = store.annotations(ids, ANNOTATION_VERSION)
        fewer = store.annotations(ids, ANNOTATION_VERSION, key)
        # the defaults' annotations are kept beside the other settings'
        assert set(default) == set(fewer) == set(ids)
        quotes = sum(len(default[i].quotes) for i in ids)
        assert sum(len(fewer[i].quotes) for i in ids) < quotes
        # a newer annotator's annotation replaces every older one of its article
        newer = default[ids[0]].model_copy(update={"version": ANNOTATION_VERSION + 1})
        store.save_annotations([newer])
        assert store.annotations(ids[:1], ANNOTATION_VERSION, key) == {}
        assert set(store.annotations(ids[:1], ANNOTATION_VERSION + 1)) == {ids[0]}


def test_stored_annotations_are_read_when_asked_and_the_last_kept(
    example_articles, tmp_path, monkeypatch
):
    import importlib

    from newsprism.annotate.options import AnnotateOptions
    from newsprism.annotation import Annotation
    from newsprism.store import Store

    # the module, which the package's ``analyze`` function shadows as an attribute
    pipeline = importlib.import_module("newsprism.analyze")
    monkeypatch.setattr(pipeline, "RECENT_ANNOTATIONS", 2)
    articles = example_articles[:3]
    made = [
        Annotation(article_id=a.id, sentences=[], actors=[], quotes=[], figures=[], times=[])
        for a in articles
    ]
    with Store(tmp_path / "store.db") as store:
        for article in articles:
            store.put(article)
        store.save_annotations(made)
        # nothing to make: all are in the store, and none is read until asked
        found = pipeline._annotations(articles, None, store, AnnotateOptions())
        assert isinstance(found, pipeline._StoredAnnotations) and not found.recent
        assert list(found) == [a.id for a in articles] and len(found) == 3
        for _ in range(2):
            assert [found[a.id] for a in articles] == made
        assert list(found.recent) == [a.id for a in articles[1:]]
        with pytest.raises(KeyError):
            found["not-an-article"]


def test_vector_sizes_are_told_without_reading_the_vectors(tmp_path):
    import numpy as np

    from newsprism.store import Store

    with Store(tmp_path / "store.db") as store:
        store.save_vectors({"a": np.ones(6, np.float32), "b": np.ones(3, np.float32)}, "m")
        assert store.vector_sizes(["a", "b", "c"], "m") == {"a": 6, "b": 3}
        assert store.vector_sizes(["a"], "other") == {}
