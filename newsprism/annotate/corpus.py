"""Actors across articles: one name for each actor, whatever each outlet spells."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.distance import OSA

from ..annotation import Actor, Annotation
from .actors import MIN_FUZZY_NAME, name_key
from .options import AnnotateOptions


def _initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word[:1].isupper())


def _same(a: Actor, b: Actor, max_edits: int) -> bool:
    """Whether two articles' actors are the same actor: same name up to case and
    punctuation, a surname alone against the full name, a full name ``max_edits`` away
    (a swap of two letters is one), or an acronym against the name it abbreviates."""
    keys_a = {name_key(m) for m in a.mentions}
    keys_b = {name_key(m) for m in b.mentions}
    if keys_a & keys_b:
        return True
    if a.kind == "person" or b.kind == "person":
        full_a, full_b = name_key(a.name).split(), name_key(b.name).split()
        if (
            full_a
            and full_b
            and full_a[-1] == full_b[-1]
            and (len(full_a) == 1 or len(full_b) == 1 or full_a[0][0] == full_b[0][0])
        ):
            return True
        joined_a, joined_b = " ".join(full_a), " ".join(full_b)
        if min(len(joined_a), len(joined_b)) >= MIN_FUZZY_NAME + 3 and (
            OSA.distance(joined_a, joined_b) <= max_edits
        ):
            return True
    for short, long in ((a.name, b.name), (b.name, a.name)):
        if short.isupper() and 2 <= len(short) <= 6 and _initials(long) == short:
            return True
    return False


def _blocking_keys(actor: Actor) -> set[str]:
    """Keys two actors must share for ``_same`` to be worth asking: a name, a surname,
    the first letter of a person's surname (for misspellings), an acronym."""
    keys = {f"name:{name_key(m)}" for m in actor.mentions}
    words = name_key(actor.name).split()
    if words:
        keys.add(f"last:{words[-1]}")
        if actor.kind == "person":
            keys.add(f"initial:{words[-1][:1]}")
    initials = _initials(actor.name)
    if len(initials) >= 2:
        keys.add(f"acronym:{initials}")
    for mention in actor.mentions:
        if mention.isupper() and 2 <= len(mention) <= 6:
            keys.add(f"acronym:{mention}")
    return keys


def resolve_actors(
    annotations: Iterable[Annotation], options: AnnotateOptions | None = None
) -> dict[tuple[str, str], str]:
    """Canonical name of every (article id, actor id): the fullest form any article uses
    for the actor, picked by how many articles use it. Names are matched as the
    annotation matched them within an article (``options.max_name_edits``)."""
    max_edits = (options or AnnotateOptions()).max_name_edits
    clusters: list[list[tuple[str, Actor]]] = []
    # One member per distinct form: ``_same`` depends only on the name, the kind and the
    # mentions, and a much-reported actor would otherwise be compared with every article.
    forms: list[dict[tuple, Actor]] = []
    index: dict[str, set[int]] = {}
    for annotation in annotations:
        for actor in annotation.actors:
            keys = _blocking_keys(actor)
            candidates = sorted({c for key in keys for c in index.get(key, ())})
            target = next(
                (
                    c
                    for c in candidates
                    if any(_same(actor, other, max_edits) for other in forms[c].values())
                ),
                None,
            )
            if target is None:
                target = len(clusters)
                clusters.append([])
                forms.append({})
            clusters[target].append((annotation.article_id, actor))
            forms[target].setdefault((actor.name, actor.kind, tuple(actor.mentions)), actor)
            for key in keys:
                index.setdefault(key, set()).add(target)
    names: dict[tuple[str, str], str] = {}
    for cluster in clusters:
        counts: dict[str, int] = {}
        for _, actor in cluster:
            counts[actor.name] = counts.get(actor.name, 0) + 1
        canonical = max(counts, key=lambda n: (len(n.split()) > 1, counts[n], len(n)))
        for article_id, actor in cluster:
            names[(article_id, actor.id)] = canonical
    return names
