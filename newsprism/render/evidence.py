"""The grouping evidence of a story in words, for the text views (terminal, Markdown)."""

from __future__ import annotations

from ..report import Grouping

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
