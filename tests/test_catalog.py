"""The catalog is never replaced by one computed from fewer articles than the store
holds: a refresh that finds articles arrived while it worked starts again."""

from __future__ import annotations

import pytest

import newsprism.catalog as catalog
from newsprism import Store, ingest
from newsprism.catalog import refresh_stories
from newsprism.errors import StoreError

from .conftest import EXAMPLES

LATE = (
    "Title: Harbour ferry strike ends after talks\n\n"
    "Ferry crews in the port city of Tessaly returned to work on Monday after a "
    "three-day strike, the workers' union said. The union said 40 sailings were cancelled."
)


@pytest.mark.slow
def test_articles_ingested_during_a_refresh_are_in_the_catalog(tmp_path, models, monkeypatch):
    db = tmp_path / "store.db"
    late = tmp_path / "late" / "ferry.txt"
    late.parent.mkdir()
    late.write_text(LATE, encoding="utf-8")
    analyses = []
    real_analyze = catalog.analyze

    def analyze_while_an_ingest_lands(articles, *args, **kwargs):
        report = real_analyze(articles, *args, **kwargs)
        analyses.append(len(articles))
        if len(analyses) == 1:
            # another process's ingest commits while this refresh computes
            with Store(db) as other:
                ingest([late], other)
        return report

    monkeypatch.setattr(catalog, "analyze", analyze_while_an_ingest_lands)
    with Store(db) as store:
        ingest([EXAMPLES], store)
        done = refresh_stories(store, models, full=True)
        assert analyses == [11, 12]
        assert done.articles == 12 and store.uncatalogued() == 0
        # the second attempt reused what the first compared
        assert done.kept >= 2


def test_a_store_that_keeps_changing_gives_up_with_a_clear_error(tmp_path, monkeypatch):
    db = tmp_path / "store.db"
    with Store(db) as store:
        ingest([EXAMPLES], store)
        moving = iter(range(100))
        monkeypatch.setattr(store, "catalog_inputs", lambda: (next(moving), 0, 0))
        monkeypatch.setattr(catalog, "analyze", lambda *a, **k: _empty_report())
        with pytest.raises(StoreError, match="kept arriving"):
            refresh_stories(store)
        assert store.catalog_stories() == {}


def _empty_report():
    from newsprism.report import Report

    return Report(generator="test", articles=[], stories=[])


@pytest.mark.slow
def test_a_refresh_writes_only_the_stories_that_changed(tmp_path, models):
    with Store(tmp_path / "store.db") as store:
        ingest([EXAMPLES], store)
        refresh_stories(store, models)
        stories = store.catalog_stories()
        provenance = store.provenance(a.id for a in store.articles())
        assert len(stories) >= 2

        written = store.db.total_changes
        assert store.save_catalog(stories.values(), provenance)
        assert store.db.total_changes == written  # the same catalog again: nothing written

        renamed = min(stories.values(), key=lambda story: len(story.article_ids))
        renamed = renamed.model_copy(update={"title": "A title the refresh gave it anew"})
        store.save_catalog({**stories, renamed.id: renamed}.values(), provenance)
        # its row, article links, outlets and search row, deleted and written again (and
        # a few changes of bookkeeping and of the search index); the others' rows and the
        # provenance are not: rewriting them all would be at least twice the whole catalog
        one_story = 1 + len(renamed.article_ids) + len(renamed.outlets) + 1
        whole_catalog = 2 * len(provenance) + sum(
            1 + len(s.article_ids) + len(s.outlets) + 1 for s in stories.values()
        )
        changes = store.db.total_changes - written
        assert 2 * one_story <= changes <= 2 * one_story + 20 < 2 * whole_catalog
        assert store.story(renamed.id).title == "A title the refresh gave it anew"
        listed, total = store.story_listings(limit=100)
        assert {listing.id for listing in listed} == set(stories) and total == len(stories)
        assert [listing.id for listing in store.story_listings(query="anew")[0]] == [renamed.id]
        assert store.uncatalogued() == 0


@pytest.mark.slow
def test_an_incremental_save_leaves_no_rows_of_stories_that_are_gone(tmp_path, models):
    with Store(tmp_path / "store.db") as store:
        ingest([EXAMPLES], store)
        refresh_stories(store, models)
        stories = sorted(store.catalog_stories().values(), key=lambda s: -len(s.article_ids))
        kept, gone = stories[0], stories[1]
        provenance = store.provenance(a.id for a in store.articles())
        # the second story's articles join the first: that story is gone, the first grows
        grown = kept.model_copy(
            update={
                "article_ids": kept.article_ids + gone.article_ids,
                "outlets": sorted({*kept.outlets, *gone.outlets}),
            }
        )
        store.save_catalog([grown, *stories[2:]], provenance)
        assert store.story(gone.id) is None
        assert {store.story_of(i) for i in gone.article_ids} == {kept.id}
        listed, total = store.story_listings(limit=100)
        assert gone.id not in {listing.id for listing in listed}
        assert total == len(stories) - 1
        for outlet in set(gone.outlets) - set(kept.outlets):
            assert {s.id for s in store.story_listings(outlet=outlet)[0]} <= {kept.id}

        # an article cleaned again with another title is found by its new title only
        article = store.articles([kept.article_ids[0]])[0]
        store.put(article.model_copy(update={"title": "Quarantined lighthouse keepers"}))
        store.save_catalog([grown, *stories[2:]], provenance)
        assert [a.id for a in store.search_articles("lighthouse")] == [article.id]
        if article.title:
            first_word = next(w for w in article.title.split() if len(w) > 4)
            assert article.id not in {a.id for a in store.search_articles(first_word)}
