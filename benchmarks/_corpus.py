"""Benchmark corpora: the labelled sets in ../shared/data when present, else the
project's example corpus. Nothing here is committed data."""

from __future__ import annotations

import contextlib
import json
import resource
from pathlib import Path

import psutil

from newsprism.ingest import load_articles
from newsprism.models import Article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
EXAMPLES = ROOT / "examples" / "corpus"


def labelled_set(name: str) -> Path | None:
    """Path of a labelled set's articles.jsonl, or None when it is not present."""
    path = DATA / name / "articles.jsonl"
    return path if path.exists() else None


# The sets with dates and outlets, on which settings are calibrated in halves
# (calibrate.py), and every set, with ecb-dev's undated events of one kind.
LABELLED_SETS = ("basil-dev", "allsides-dev")
ALL_SETS = (*LABELLED_SETS, "ecb-dev")


def present_sets(names: tuple[str, ...] = LABELLED_SETS) -> list[tuple[str, Path]]:
    """(name, articles.jsonl) of each of these labelled sets present; says which are
    missing."""
    found = []
    for name in names:
        path = labelled_set(name)
        if path is None:
            print(f"{name}: not present, skipped")
        else:
            found.append((name, path))
    return found


def load(path: Path) -> list[Article]:
    articles, rejections = load_articles([path])
    if rejections:
        raise SystemExit(f"{len(rejections)} rejections reading {path}: {rejections[0]}")
    return articles


def realistic_articles(count: int, words: int = 600) -> tuple[list[Article], str]:
    """``count`` articles of about ``words`` words, made from real news text when the
    labelled sets are present (each body cut or extended with the next article's text),
    else from the example corpus. Returns the articles and a description of the source."""
    source = labelled_set("basil-dev")
    base = load(source) if source else load(EXAMPLES)
    described = f"{source.parent.name} bodies" if source else "example corpus bodies"
    pool = " ".join(a.text for a in base).split(" ")
    made = []
    for n in range(count):
        start = (n * 397) % max(1, len(pool) - words)
        text = " ".join(pool[start : start + words])
        made.append(base[n % len(base)].model_copy(update={"id": f"bench{n:05d}", "text": text}))
    return made, f"{described}, {words}-word windows"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time used so far by this process and its live child processes (the parser
    processes), user and system: a measure of work that moves less than wall time
    when the machine's speed drifts."""
    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):  # ended meanwhile
            total += sum(child.cpu_times()[:2])
    return total


def gold_field(path: Path, field: str) -> dict[str, str]:
    """Record id -> value of ``field`` from a labelled JSONL file."""
    out = {}
    with path.open() as handle:
        for line in handle:
            record = json.loads(line)
            out[str(record["id"])] = str(record[field])
    return out
