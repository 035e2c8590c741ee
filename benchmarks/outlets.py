"""Coverage by lean and one-side claims on allsides-dev, whose outlets carry AllSides'
rating.

    python benchmarks/outlets.py [--cache FILE] [--sample 30] [--seed 7] [--show FILE]

allsides-dev gives each article's outlet lean (its ``stance``: left, center or right, as
AllSides rates the outlet). The benchmark writes a registry from those ratings (outlet
name -> lean), analyzes the set with it, and prints:

- how many articles the registry matched (by outlet name);
- whether each story's coverage by side equals the ratings of its articles (counted
  independently from the gold data), and how many stories are exactly one gold roundup
  told by a left, a center and a right outlet;
- blindspots: stories flagged as carried by one side, and how many of them are a gold
  roundup that other sides also told (a roundup cut apart by clustering);
- one-side claims: how many claims are marked as carried by one side only, and a seeded
  sample of them, each with the other sides' articles of its story, written to
  ``--show`` for reading whether the other sides indeed do not state it.

Annotations and vectors are cached in ``--cache`` (default ``.vector-cache/outlets.db``).
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import DATA, ROOT, load

from newsprism.analyze import analyze
from newsprism.nlp import Models
from newsprism.outlets import parse_registry
from newsprism.store import Store


def registry_text(rows: list[dict[str, str]]) -> str:
    """A registry CSV from the set's outlets and their AllSides ratings."""
    leans = {row["source"]: row["stance"] for row in rows}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["name", "lean"])
    for name, lean in sorted(leans.items()):
        writer.writerow([name, lean])
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=ROOT / ".vector-cache" / "outlets.db")
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=Path, default=Path("outlets-sample.txt"))
    arguments = parser.parse_args()
    path = DATA / "allsides-dev" / "articles.jsonl"
    if not path.exists():
        raise SystemExit("needs ../shared/data/allsides-dev")
    rows = [json.loads(line) for line in path.open(encoding="utf-8")]
    registry = parse_registry(registry_text(rows), "allsides ratings")
    articles = load(path)
    # the set's own labels, by the ids newsprism gives the articles
    stance = {a.id: a.metadata["stance"] for a in articles}
    gold = {a.id: a.metadata["event"] for a in articles}
    arguments.cache.parent.mkdir(parents=True, exist_ok=True)
    with Models() as models, Store(arguments.cache) as store:
        report = analyze(articles, models, store=store, registry=registry)
    by_id = {a.id: a for a in report.articles}
    matched = sum(a.registry_outlet is not None for a in report.articles)
    print(f"articles matched to the registry: {matched} of {len(report.articles)}")

    exact = 0
    roundups = 0
    gold_sides = collections.defaultdict(set)
    for article_id, event in gold.items():
        gold_sides[event].add(stance[article_id])
    gold_size = collections.Counter(gold.values())
    false_blindspots = blindspots = 0
    for story in report.stories:
        expected = collections.Counter(stance[i] for i in story.article_ids)
        counted = {c.value: c.articles for c in story.coverage.by_side}
        exact += counted == dict(expected)
        events = {gold[i] for i in story.article_ids}
        if (
            len(events) == 1
            and gold_size[next(iter(events))] == len(story.article_ids)
            and sorted(expected.values()) == [1, 1, 1]
        ):
            roundups += 1
        if story.coverage.blindspot:
            blindspots += 1
            false_blindspots += any(len(gold_sides[e]) > 1 for e in events)
    print(
        f"stories whose coverage by side equals their articles' ratings: {exact} of "
        f"{len(report.stories)}"
    )
    print(
        f"stories that are one whole gold roundup told by a left, a center and a right "
        f"outlet: {roundups} of {len(gold_sides)} roundups"
    )
    print(
        f"blindspots: {blindspots} stories; of them {false_blindspots} are part of a gold "
        "roundup that other sides told too"
    )

    one_side = [
        (story, claim, view.side)
        for story in report.stories
        for view in story.sides
        for claim in story.claims
        if claim.id in view.only_here
    ]
    claims = sum(len(story.claims) for story in report.stories if len(story.sides) > 1)
    print(
        f"claims marked as carried by one side only: {len(one_side)} of {claims} claims of "
        "stories covered by several sides"
    )
    sample = random.Random(arguments.seed).sample(one_side, min(arguments.sample, len(one_side)))
    with arguments.show.open("w", encoding="utf-8") as out:
        for number, (story, claim, side) in enumerate(sample, start=1):
            out.write(f"## {number}. {story.id} — only {side}: {claim.text}\n")
            for article_id in story.article_ids:
                article = by_id[article_id]
                if article_id in claim.article_ids:
                    continue
                out.write(f"  [{stance[article_id]}] {article.title}\n  {article.text}\n")
            out.write("\n")
    print(
        f"a sample of {len(sample)} one-side claims with the other sides' texts: {arguments.show}"
    )


if __name__ == "__main__":
    main()
