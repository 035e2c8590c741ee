"""Bounded load test of ``newsprism serve`` on loopback.

Builds a store of N articles (default 10,000) whose catalog holds N/8 stories, starts
``newsprism serve`` on it in a subprocess, and sends a fixed number of requests to the
story list, story pages and search from a few concurrent clients (keep-alive
connections), then prints p50/p99 latency and errors per kind of page.

The articles are generated from the project's example corpus: each story of the example
report is copied under fresh ids with its articles renamed, so pages have the size and
shape of real ones (an 8-outlet story page is ~100 KB of HTML). No NLP runs here: this
measures serving, not analysis.

    python benchmarks/load.py [--articles 10000] [--requests 600] [--concurrency 4] [--json]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsprism.analyze import analyze  # noqa: E402
from newsprism.ingest import load_articles  # noqa: E402
from newsprism.report import Provenance, Story  # noqa: E402
from newsprism.store import Store  # noqa: E402

STORY_P99_TARGET_MS = 300.0
SEARCH_WORDS = ("talks", "dam", "port", "ceasefire", "villagers", "Ostrel", "shelling", "Kalve")


def build_store(db: Path, articles: int) -> list[str]:
    """A store with ``articles`` articles and their catalog; returns the story ids."""
    examples, _ = load_articles([ROOT / "examples" / "corpus"])
    report = analyze(examples)
    by_id = {a.id: a for a in examples}
    story_ids: list[str] = []
    copies = 0
    with Store(db) as store, store.transaction():
        stories: list[Story] = []
        provenance: dict[str, Provenance] = {}
        while copies * len(examples) < articles:
            suffix = f"-{copies:05d}"
            day = f"2025-{1 + copies % 12:02d}-{1 + copies % 28:02d}"
            for template in report.stories:
                renamed = {i: i[:20] + suffix for i in template.article_ids}
                story = Story.model_validate_json(
                    _rename(
                        template.model_dump_json(), {template.id: template.id + suffix, **renamed}
                    )
                )
                story.first_published = story.last_published = day
                stories.append(story)
                for old, new in renamed.items():
                    article = by_id[old].model_copy(
                        update={"id": new, "published": day, "source_path": f"{new}.txt"}
                    )
                    article.raw_text = by_id[old].raw_text
                    store.add(article)
                    provenance[new] = Provenance.model_validate_json(
                        _rename(report.article(old).provenance.model_dump_json(), renamed)
                    )
            copies += 1
        story_ids = [s.id for s in stories]
    with Store(db) as store:
        store.save_catalog(stories, provenance)
    return story_ids


def _rename(text: str, names: dict[str, str]) -> str:
    for old, new in names.items():
        text = text.replace(old, new)
    return text


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_server(db: Path) -> tuple[subprocess.Popen, int]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in os.environ.items() if k != "NEWSPRISM_TOKEN"},
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("server did not start")


def _client(port: int, paths: list[tuple[str, str]]) -> list[tuple[str, float, int]]:
    """One keep-alive client sending its share of requests in order."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    results = []
    for kind, path in paths:
        started = time.perf_counter()
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        results.append((kind, (time.perf_counter() - started) * 1000, status))
    connection.close()
    return results


def run_load(port: int, story_ids: list[str], requests: int, concurrency: int) -> dict:
    """Send ``requests`` requests (a third each: list, story, search) and summarize."""
    rng = random.Random(7)
    plan: list[tuple[str, str]] = []
    for n in range(requests):
        kind = ("list", "story", "search")[n % 3]
        if kind == "list":
            path = rng.choice(
                ["/", "/?sort=biggest", "/api/stories", f"/?page={rng.randint(1, 40)}"]
            )
        elif kind == "story":
            story = rng.choice(story_ids)
            path = rng.choice([f"/stories/{story}", f"/api/stories/{story}"])
        else:
            path = rng.choice(["/?q=", "/api/search?q="]) + rng.choice(SEARCH_WORDS)
        plan.append((kind, path))
    shares = [plan[i::concurrency] for i in range(concurrency)]
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        results = [r for share in pool.map(lambda s: _client(port, s), shares) for r in share]
    elapsed = time.perf_counter() - started
    summary: dict = {"requests": len(results), "seconds": round(elapsed, 2), "kinds": {}}
    for kind in ("list", "story", "search"):
        times = sorted(t for k, t, _ in results if k == kind)
        errors = sum(1 for k, _, status in results if k == kind and status != 200)
        summary["kinds"][kind] = {
            "requests": len(times),
            "errors": errors,
            "p50_ms": round(statistics.median(times), 1),
            "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 1),
        }
    summary["errors"] = sum(k["errors"] for k in summary["kinds"].values())
    summary["requests_per_s"] = round(len(results) / elapsed, 1)
    return summary


def main(argv: list[str] | None = None) -> dict:
    """Build the store, serve it, load it; print and return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="Print one JSON object.")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.db"
        started = time.perf_counter()
        story_ids = build_store(db, args.articles)
        with Store(db) as store:
            stored = store.count()
        built = time.perf_counter() - started
        process, port = _start_server(db)
        try:
            _client(port, [("warm", "/"), ("warm", f"/stories/{story_ids[0]}")])
            summary = run_load(port, story_ids, args.requests, args.concurrency)
        finally:
            process.terminate()
            process.wait(timeout=10)
    summary.update(
        articles=stored,
        stories=len(story_ids),
        concurrency=args.concurrency,
        store_build_s=round(built, 1),
        story_p99_target_ms=STORY_P99_TARGET_MS,
    )
    if args.json:
        print(json.dumps(summary))
    else:
        print(
            f"load: {stored} articles, {len(story_ids)} stories, {summary['requests']} requests "
            f"from {args.concurrency} clients in {summary['seconds']} s "
            f"({summary['requests_per_s']} req/s), errors {summary['errors']}"
        )
        print(f"{'page':<8}{'requests':>10}{'errors':>8}{'p50 ms':>10}{'p99 ms':>10}")
        for kind, figures in summary["kinds"].items():
            print(
                f"{kind:<8}{figures['requests']:>10}{figures['errors']:>8}"
                f"{figures['p50_ms']:>10}{figures['p99_ms']:>10}"
            )
        verdict = "met" if summary["kinds"]["story"]["p99_ms"] < STORY_P99_TARGET_MS else "NOT met"
        print(f"story pages p99 < {STORY_P99_TARGET_MS:.0f} ms: {verdict}")
    return summary


if __name__ == "__main__":
    main()
