"""What the views say of a story's make-up in words: the grouping evidence (terminal,
Markdown) and the articles left out of its comparisons (every view)."""

from __future__ import annotations

from collections.abc import Mapping

from ..report import Grouping, ReportArticle, Story

KIND_NAMES = {
    "participant": "participants",
    "place": "places",
    "year": "years",
    "figure": "figures",
}


def shared_text(grouping: Grouping) -> str | None:
    """'participants Ildmark (8), Idris Dervan (8); places Tal Meru (6)', or None."""
    parts: dict[str, list[str]] = {}
    for item in grouping.shared:
        parts.setdefault(item.kind, []).append(f"{item.value} ({len(set(item.article_ids))})")
    if not parts:
        return None
    return "; ".join(f"{KIND_NAMES[kind]} {', '.join(values)}" for kind, values in parts.items())


def apart_text(grouping: Grouping) -> str | None:
    """What differs from the closest story kept apart: 'places: Aceh / West Papua; …'."""
    apart = grouping.nearest_apart
    if apart is None:
        return None
    differences = "; ".join(
        f"{KIND_NAMES[d.kind]}: {', '.join(d.here) or '—'} / {', '.join(d.there) or '—'}"
        for d in apart.differences
    )
    return f"closest story kept apart: “{apart.title}” (similarity {apart.similarity:.2f})" + (
        f"; here / there: {differences}" if differences else ""
    )


def not_analysed_text(story: Story, articles: Mapping[str, ReportArticle]) -> str | None:
    """What a reader should know of the story's articles in other languages: that they
    are in it but none of its comparisons cover them ("2 articles not in English (de,
    fr): ..."). ``articles`` are the report's articles by id."""
    if not story.not_analysed:
        return None
    codes = sorted(
        {(a.language if (a := articles.get(i)) else None) or "?" for i in story.not_analysed}
    )
    count = len(story.not_analysed)
    return (
        f"{count} article{'s' if count != 1 else ''} not in English ({', '.join(codes)}): "
        "part of this story, left out of its summary, claims, figures, framing, quotes "
        "and wording"
    )
