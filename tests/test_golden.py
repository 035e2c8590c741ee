"""Golden file: the example corpus's report, pinned.

The comparison is on a projection of the report that names what a reader sees —
stories and their articles, provenance, claim statuses, figure verdicts, labels,
speakers, summary and timeline — with article ids replaced by file names so the file
reads well. Regenerate after an intended change with
``NEWSPRISM_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from newsprism.analyze import analyze

from .conftest import gold_key

GOLDEN = Path(__file__).parent / "golden" / "example_report.json"
pytestmark = pytest.mark.slow


def project(report) -> dict:
    name = {a.id: gold_key(a.source_path) for a in report.articles}
    stories = []
    for story in report.stories:
        stories.append(
            {
                "title": story.title,
                "articles": sorted(name[i] for i in story.article_ids),
                "claim_statuses": dict(sorted(Counter(c.status for c in story.claims).items())),
                "discrepancies": [
                    {
                        "subject": d.subject,
                        "status": d.status,
                        "values": sorted(f"{name[v.article_id]}: {v.value}" for v in d.values),
                    }
                    for d in story.discrepancies
                ],
                "framing": {
                    f.actor: sorted({t for lab in f.labels for t in lab.terms})
                    for f in story.framing
                },
                "speakers": sorted({q.speaker for q in story.quotes}),
                "summary": [s.text for s in story.summary],
                "timeline": [f"{t.when}: {len(t.article_ids)} articles" for t in story.timeline],
            }
        )
    return {
        "provenance": {
            name[a.id]: [a.provenance.kind, name.get(a.provenance.of or "")]
            for a in sorted(report.articles, key=lambda a: name[a.id])
        },
        "stories": sorted(stories, key=lambda s: s["title"]),
    }


def test_example_report_matches_golden_file(example_articles, models):
    got = project(analyze(example_articles, models))
    if os.environ.get("NEWSPRISM_UPDATE_GOLDEN"):
        GOLDEN.write_text(json.dumps(got, indent=2, ensure_ascii=False) + "\n")
    expected = json.loads(GOLDEN.read_text())
    assert got == expected
