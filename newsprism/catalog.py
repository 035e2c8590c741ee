"""The store's catalog of stories, kept current as articles arrive.

After every ingest, ``refresh_stories`` runs the analysis over everything stored. The
expensive parts are cached in the store (annotations and vectors of articles seen
before), and a story found again with exactly the same articles keeps the comparisons
made last time, so a refresh costs about the new articles plus the stories they join.
The web app and ``newsprism stories`` read the catalog; nothing there recomputes.

A story that keeps its articles keeps its comparisons even when articles elsewhere
change the corpus-wide word counts its distinctive words were scored against; ``full``
recomputes every story.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ._version import __version__
from .analyze import STAGES, AnalyzeOptions, analyze, outlet_profiles
from .errors import StoreError, UsageError
from .models import Correction
from .nlp import Models
from .outlets import Registry, load_registry, match_outlets
from .report import Report, ReportArticle, Story
from .store import Store

# Times a refresh starts again when articles arrived while it computed, before it gives up.
REFRESH_ATTEMPTS = 5


@dataclass
class RefreshSummary:
    """What a catalog refresh did."""

    articles: int
    stories: int
    compared: int
    kept: int


def refresh_stories(
    store: Store,
    models: Models | None = None,
    options: AnalyzeOptions | None = None,
    on_stage: Callable[[str], None] | None = None,
    full: bool = False,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> RefreshSummary:
    """Bring the catalog of ``store`` up to date with its articles.

    Stories whose articles did not change keep their stored comparisons unless ``full``;
    the rest are compared afresh. The new catalog replaces the old one in one
    transaction, so readers see either the old stories or the new ones, and only if no
    article or correction was added while it was computed: a catalog of what was read
    at the start must not replace a newer one. When something was, the refresh starts
    again from the store as it now is (the stories compared meanwhile are kept).
    """
    # stories compared by an attempt whose catalog could not be saved: reused by the next,
    # if it compares with the same outlet registry
    compared: dict[str, Story] = {}
    compared_with = None
    for _ in range(REFRESH_ATTEMPTS):
        computed_from = store.catalog_inputs()
        articles = store.articles()
        registry = store.registry()
        with_registry = registry.to_json() if registry is not None else ""
        if with_registry != compared_with:
            compared, compared_with = {}, with_registry
        # stories compared with another registry (or none) keep no comparison: outlets
        # of one owner are one source, and claims have sides
        afresh = full or store.catalog_registry() != with_registry
        known = compared if afresh else {**store.catalog_stories(), **compared}
        report = analyze(
            articles,
            models,
            options,
            on_stage=on_stage,
            store=store,
            known=known,
            on_progress=on_progress,
            registry=registry,
        )
        provenance = {article.id: article.provenance for article in report.articles}
        if store.save_catalog(report.stories, provenance, computed_from, with_registry):
            kept = sum(story.id in known for story in report.stories)
            return RefreshSummary(
                articles=len(articles),
                stories=len(report.stories),
                compared=len(report.stories) - kept,
                kept=kept,
            )
        compared.update((story.id, story) for story in report.stories)
    raise StoreError(
        f"articles kept arriving while the stories were updated ({REFRESH_ATTEMPTS} tries); "
        "run 'newsprism refresh' again once the ingest is done"
    )


def story_report(store: Store, story_id: str) -> Report | None:
    """One catalog story as a full report: the story and its articles, each with the
    provenance found at the last refresh. ``None`` when no story has this id."""
    story = store.story(story_id)
    if story is None:
        return None
    provenance = store.provenance(story.article_ids)
    articles = {article.id: article for article in store.articles(story.article_ids)}
    registry = store.registry()
    outlet_of = match_outlets(list(articles.values()), registry) if registry else {}
    return Report(
        generator=f"newsprism {__version__} ({', '.join(STAGES)})",
        articles=[
            ReportArticle.of(
                articles[i], provenance.get(i), outlet_of[i].name if i in outlet_of else None
            )
            for i in story.article_ids
            if i in articles
        ],
        stories=[story],
        outlets=outlet_profiles(outlet_of.values()),
    )


def import_registry(store: Store, path: str | Path) -> Registry:
    """Read the outlet registry at ``path`` and keep it in the store, replacing any
    before. Every story's coverage and comparisons depend on it (outlets of one owner
    are one source): the next refresh compares every story afresh."""
    registry = load_registry(path)
    store.save_registry(registry, Path(path).name)
    return registry


def _catalog_story(store: Store, story_id: str) -> Story:
    story = store.story(story_id)
    if story is None:
        raise UsageError(
            f"no story {story_id!r} in the catalog; 'newsprism stories' lists them "
            "(run 'newsprism refresh' first if the catalog is behind)"
        )
    return story


def merge_stories(store: Store, story_ids: list[str]) -> Correction:
    """Record that the catalog stories ``story_ids`` are one story; every later refresh,
    ``analyze`` and ``stories`` over the store applies it. Refresh to see it."""
    if len(set(story_ids)) < 2:
        raise UsageError("merge needs at least two different story ids")
    stories = [_catalog_story(store, story_id) for story_id in dict.fromkeys(story_ids)]
    correction = Correction("merge", tuple(i for story in stories for i in story.article_ids))
    store.add_correction(correction)
    return correction


def split_story(store: Store, story_id: str, article_ids: list[str]) -> Correction:
    """Record that ``article_ids`` of catalog story ``story_id`` are a story of their
    own, apart from the rest of it. Refresh to see it."""
    story = _catalog_story(store, story_id)
    chosen = list(dict.fromkeys(article_ids))
    outside = [i for i in chosen if i not in story.article_ids]
    if outside:
        raise UsageError(f"not in story {story_id}: {', '.join(outside)}")
    if not chosen or len(chosen) == len(story.article_ids):
        raise UsageError(
            f"split needs some but not all of the story's {len(story.article_ids)} articles"
        )
    correction = Correction("split", tuple(chosen))
    store.add_correction(correction)
    return correction
