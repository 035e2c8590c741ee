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

        renamed = max(stories.values(), key=lambda story: len(story.article_ids))
        renamed = renamed.model_copy(update={"title": "A title the refresh gave it anew"})
        store.save_catalog({**stories, renamed.id: renamed}.values(), provenance)
        # its row, article links, outlets and search row, deleted and written again (the
        # search index counts a few changes of its own); the others' rows are not touched
        one_story = 1 + len(renamed.article_ids) + len(renamed.outlets) + 1
        whole_catalog = sum(1 + len(s.article_ids) + len(s.outlets) + 1 for s in stories.values())
        assert 2 * one_story <= store.db.total_changes - written < 2 * whole_catalog
        assert store.story(renamed.id).title == "A title the refresh gave it anew"
        listed, total = store.story_listings(limit=100)
        assert {listing.id for listing in listed} == set(stories) and total == len(stories)
        assert [listing.id for listing in store.story_listings(query="anew")[0]] == [renamed.id]
        assert store.uncatalogued() == 0
