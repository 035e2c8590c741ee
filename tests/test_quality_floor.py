"""Quality gate: the example corpus, scored by ``evaluate`` against its gold labels, must
stay above the floors pinned in ``tests/quality_floors.json``.

Lower a floor only with a reason in the commit message; raise it when quality improves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprism.evaluate import evaluate

from .conftest import gold_key

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def labelled(tmp_path_factory, example_articles, example_gold):
    """The example corpus as a labelled JSONL export, with its quotes and summaries."""
    folder = tmp_path_factory.mktemp("labelled")
    story_of = {a["file"]: a["story"] for a in example_gold["articles"]}
    with (folder / "articles.jsonl").open("w") as out:
        for article in example_articles:
            key = gold_key(article.source_path)
            out.write(
                json.dumps(
                    {
                        "id": key,
                        "title": article.title,
                        "text": article.raw_text,
                        "url": article.url,
                        "date": article.published,
                        "source": article.outlet,
                        "event": story_of[key],
                    }
                )
                + "\n"
            )
    quotes = [
        {"article": q["file"], "speaker": q["speaker"], "text": q["text"]}
        for q in example_gold["quotes"]
    ]
    (folder / "quotes.json").write_text(json.dumps(quotes))
    with (folder / "summaries.jsonl").open("w") as out:
        for summary in example_gold["summaries"]:
            out.write(json.dumps({"event": summary["story"], "summary": summary["summary"]}) + "\n")
    return folder


@pytest.fixture(scope="module")
def scores(labelled, models):
    return evaluate(
        [labelled / "articles.jsonl"],
        quotes=labelled / "quotes.json",
        summaries=labelled / "summaries.jsonl",
        models=models,
    )


@pytest.mark.parametrize(("section", "measure"), [tuple(k.split(".")) for k in FLOORS])
def test_score_stays_above_its_floor(scores, section, measure):
    value = getattr(scores, section)[measure]
    assert value >= FLOORS[f"{section}.{measure}"], f"{section}.{measure} = {value:.3f}"


def test_clustering_without_dates_stays_above_its_floor(labelled, models):
    result = evaluate([labelled / "articles.jsonl"], ignore_dates=True, models=models)
    assert result.clustering["bcubed_f1"] >= FLOORS["clustering.bcubed_f1"]
