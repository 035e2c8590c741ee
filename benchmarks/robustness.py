"""Robustness: fuzzing, hostile inputs, repeated kills mid-ingest, and load on the server.

    python benchmarks/robustness.py [--fuzz-seconds 600] [--kills 12] [--inputs 3000]

Prints, for issue 8: inputs tried and crashes (coverage-guided fuzzing of the readers
through ``read_source``, plus a fixed set of hostile inputs: zip bombs, billion laughs,
external entities, deep nesting, giant articles, cut archives), kills survived and records
lost (ingest of a generated mixed-format folder killed with SIGKILL again and again, the
store checked after each kill, then a rerun that must finish with every article once),
worker processes left after ``newsprism batch`` is stopped (SIGKILL and SIGTERM, local
engine and Dask), ``refresh --full`` raced against an ingest (every article must end in
the catalog), and the load figures of ``benchmarks/load.py`` when that file exists.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import io
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsprism import Store
from newsprism.batch import partitions_done
from newsprism.models import RawArticle, Rejection
from newsprism.read import ReadOptions, Source, read_paths, read_source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "fuzz"))
from harness import PAGE, RSS, check_one

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class FuzzResult:
    inputs: int
    crashes: int
    seconds: float
    crash_file: str | None


def run_fuzzer(seconds: int, workdir: Path) -> FuzzResult:
    """Run the atheris target for ``seconds`` on a copy of the seed corpus."""
    corpus = workdir / "fuzz-corpus"
    shutil.copytree(ROOT / "fuzz" / "corpus", corpus)
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_readers.py"),
            str(corpus),
            f"-max_total_time={seconds}",
            "-max_len=20000",
            "-timeout=30",
            "-rss_limit_mb=3072",
            "-print_final_stats=1",
            f"-artifact_prefix={workdir}/",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSPRISM_FUZZ_WORKDIR": str(workdir / "fuzz-work")},
        check=False,
    )
    log = result.stdout + result.stderr
    runs = re.search(r"stat::number_of_executed_units:\s*(\d+)", log)
    crash = next(iter(sorted(workdir.glob("crash-*")) + sorted(workdir.glob("timeout-*"))), None)
    crashed = result.returncode != 0 or crash is not None
    if crashed:
        print(log[-3000:], file=sys.stderr)
    return FuzzResult(
        inputs=int(runs.group(1)) if runs else 0,
        crashes=int(crashed),
        seconds=time.perf_counter() - started,
        crash_file=str(crash) if crash else None,
    )


def hostile_inputs(secret: Path) -> dict[str, tuple[str, bytes]]:
    """Inputs built to hurt a reader: name -> (file name, content)."""
    bomb_member = gzip.compress(b"\0" * (1024 * 1024), compresslevel=9)
    deep_json = "[" * 50_000 + "]" * 50_000
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9))
        + ']><rss version="2.0"><channel><title>T</title><item><title>x</title>'
        "<description>&j;</description></item></channel></rss>"
    )
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>T</title><item><title>x</title>'
        "<description>&x;</description></item></channel></rss>"
    )
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(20):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        page = PAGE.replace("4,000", f"{n},000").encode()
        writer.write_record(
            writer.create_warc_record(
                f"https://x.example/{n}", "response", payload=io.BytesIO(page), http_headers=headers
            )
        )
    warc = buffer.getvalue()
    return {
        "zip bomb (2 GiB of zeros)": ("bomb.txt.gz", bomb_member * 2048),
        "zip bomb in a feed": ("bomb.rss", gzip.compress(RSS.encode() + b"\0" * 50_000_000)),
        "billion laughs": ("laughs.rss", laughs.encode()),
        "external entity (XXE)": ("xxe.rss", xxe.encode()),
        "JSON nested 50,000 deep": ("deep.json", deep_json.encode()),
        "XML nested 50,000 deep": ("deep.rss", ("<rss>" + "<a>" * 50_000).encode()),
        "HTML nested 50,000 deep": ("deep.html", ("<html><body>" + "<div>" * 50_000).encode()),
        "article of 20 million characters": (
            "giant.txt",
            ("Giant\n" + "All work and no play. " * 900_000).encode(),
        ),
        "WARC cut in half": ("cut.warc.gz", warc[: len(warc) // 2]),
        "WARC with garbage after 1 KiB": ("junk.warc.gz", warc[:1024] + os.urandom(4096)),
        "binary noise named .html": ("noise.html", random.Random(1).randbytes(200_000)),
        "UTF-16 text without a BOM": (
            "u16.txt",
            ("Title\n" + "Body text. " * 500).encode("utf-16-le"),
        ),
    }


def run_hostile(workdir: Path) -> tuple[int, int, list[str]]:
    """Read every hostile input; return (tried, crashes, one line per input)."""
    secret = workdir / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    crashes, lines = 0, []
    for label, (name, content) in hostile_inputs(secret).items():
        path = workdir / "hostile" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(content)
        started = time.perf_counter()
        try:
            items = read_source(Source(str(path)), ReadOptions())
            problems = [item for item in items if isinstance(item, Rejection)]
            bad = [p for p in problems if p.code == "E199"] or (
                ["leaked the secret"] if "TOP-SECRET" in repr(items) else []
            )
            outcome = f"{len(items) - len(problems)} articles; " + (
                "; ".join(f"[{p.code}] {p.problem[:70]}" for p in problems[:2]) or "no rejection"
            )
        except Exception as error:  # the point of the exercise: count it, do not stop
            bad, outcome = [str(error)], f"CRASH {type(error).__name__}: {error}"
        crashes += bool(bad)
        lines.append(f"  {label:34s} {time.perf_counter() - started:5.1f} s  {outcome}")
    return len(lines), crashes, lines


def write_mixed_inputs(folder: Path, inputs: int, seed: int) -> None:
    """A folder of ``inputs`` files: text, JSONL (20 records), HTML and WARC (5 pages)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True)
    for n in range(inputs):
        kind = rng.choice(("txt", "txt", "jsonl", "html", "warc"))
        body = (
            f"The harbour board met for the {n}th time this year on Monday, officials said.\n"
            f"Board chair Lena Ortiz said item {n} on the agenda would be decided next week."
        )
        if kind == "txt":
            (folder / f"{n:05d}.txt").write_text(
                f"Harbour update {n}\n{body}\nShare this article\n"
            )
        elif kind == "jsonl":
            records = [
                {"title": f"Record {n}-{r}", "text": f"{body} Record {r}.", "source": "Wire"}
                for r in range(20)
            ]
            (folder / f"{n:05d}.jsonl").write_text("\n".join(json.dumps(x) for x in records))
        elif kind == "html":
            (folder / f"{n:05d}.html").write_text(PAGE.replace("4,000", f"{n} thousand"))
        else:
            buffer = io.BytesIO()
            writer = WARCWriter(buffer, gzip=True)
            for page in range(5):
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1"
                )
                html = PAGE.replace("4,000", f"{n}-{page} thousand").encode()
                writer.write_record(
                    writer.create_warc_record(
                        f"https://x.example/{n}/{page}",
                        "response",
                        payload=io.BytesIO(html),
                        http_headers=headers,
                    )
                )
            (folder / f"{n:05d}.warc.gz").write_bytes(buffer.getvalue())


def _count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        connection = sqlite3.connect(db, timeout=1)
        try:
            return connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.OperationalError:
        return 0


@dataclass
class KillResult:
    expected: int
    kills: int
    survived: int
    stored: int
    lost: int
    doubled: int
    seconds: float


def run_kills(workdir: Path, inputs: int, kills: int, seed: int) -> KillResult:
    """Kill ingest with SIGKILL ``kills`` times, checking the store after each; then finish."""
    folder = workdir / "mixed"
    write_mixed_inputs(folder, inputs, seed)
    expected = {item.id for item in read_paths([folder]) if isinstance(item, RawArticle)}
    db = workdir / "kills.db"
    command = [sys.executable, "-m", "newsprism", "ingest", str(folder), "--db", str(db), "-q"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    rng = random.Random(seed)
    started = time.perf_counter()
    survived = killed = 0
    for _ in range(kills):
        before = _count(db)
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # kill after a random number of new articles: early, mid-chunk, between inputs
        target = before + rng.randint(1, max(2, len(expected) // (kills + 1)))
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and process.poll() is None and _count(db) < target:
            time.sleep(0.01)
        time.sleep(rng.random() * 0.2)
        if process.poll() is not None:
            break  # it finished before the kill: nothing left to interrupt
        process.send_signal(signal.SIGKILL)
        process.wait()
        killed += 1
        with Store(db) as store:
            if store.integrity_problems() == [] and _count(db) >= before:
                survived += 1
    subprocess.run(command, env=env, capture_output=True, check=False)
    with Store(db) as store:
        stored_ids = [article.id for article in store.articles()]
        consistent = store.integrity_problems() == []
    unique = set(stored_ids)
    return KillResult(
        expected=len(expected),
        kills=killed,
        survived=survived if consistent else 0,
        stored=len(stored_ids),
        lost=len(expected - unique),
        doubled=len(stored_ids) - len(unique) + len(unique - expected),
        seconds=time.perf_counter() - started,
    )


def run_orphans(workdir: Path, engine: str, stop: signal.Signals) -> tuple[int, int]:
    """``newsprism batch`` of the example corpus stopped with ``stop`` once its workers
    are at work: (worker processes it had, how many are left 15 s later)."""
    import psutil

    out = workdir / f"orphans-{engine}-{stop.name}"
    command = [
        *(sys.executable, "-m", "newsprism", "batch", str(ROOT / "examples" / "corpus")),
        *("--out", str(out), "--engine", engine, "--workers", "2", "--partition-size", "3"),
        "-q",
    ]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while run.poll() is None and not partitions_done(out / "newsprism.db"):
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    workers = psutil.Process(run.pid).children(recursive=True)
    run.send_signal(stop)
    run.wait(timeout=60)
    time.sleep(15)
    left = [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
    for worker in left:
        worker.kill()
    return len(workers), len(left)


def run_races(workdir: Path, rounds: int) -> tuple[int, int]:
    """``refresh --full`` raced against an ``ingest`` of new articles, ``rounds`` times:
    (rounds, rounds that ended with every stored article in the catalog)."""
    won = 0
    for number in range(rounds):
        db = workdir / f"race-{number}.db"
        corpus = str(ROOT / "examples" / "corpus")
        subprocess.run(
            [sys.executable, "-m", "newsprism", "ingest", corpus, "--db", str(db), "-q"],
            check=True,
            capture_output=True,
        )
        late = workdir / f"race-{number}"
        late.mkdir()
        (late / "late.txt").write_text(
            f"Title: Late report {number}\n\nFerry crews in the port city of Tessaly "
            f"returned to work on day {number} after a strike, the union said.",
            encoding="utf-8",
        )
        refresh = subprocess.Popen(
            [sys.executable, "-m", "newsprism", "refresh", "--full", "--db", str(db), "-q"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(0.5 + (number % 4) * 0.5)  # the ingest lands during the refresh
        # without its own story update: the refresh is then the only catalog writer
        late_ingest = ["ingest", str(late), "--db", str(db), "-q", "--no-stories"]
        subprocess.run(
            [sys.executable, "-m", "newsprism", *late_ingest],
            capture_output=True,
            check=False,
        )
        refresh.wait(timeout=600)
        with Store(db) as store:
            won += store.uncatalogued() == 0
    return rounds, won


def load_section() -> None:
    """Load test figures: ``benchmarks/load.py``'s ``main`` when it exists (the server's)."""
    path = Path(__file__).resolve().parent / "load.py"
    if not path.exists():
        print("load: see benchmarks/load.py (not present)")
        return
    spec = importlib.util.spec_from_file_location("newsprism_load_benchmark", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    saved = sys.argv
    sys.argv = [str(path)]  # its own defaults, not this script's arguments
    try:
        module.main()
    finally:
        sys.argv = saved


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz-seconds", type=int, default=600)
    parser.add_argument("--kills", type=int, default=12)
    parser.add_argument("--inputs", type=int, default=3000, help="files in the kill test")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--races", type=int, default=8, help="refresh/ingest races")
    args = parser.parse_args()
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    with tempfile.TemporaryDirectory(prefix="newsprism-robustness-") as tmp:
        workdir = Path(tmp)
        tried, hostile_crashes, lines = run_hostile(workdir)
        print(f"hostile inputs: {tried} tried, {hostile_crashes} crashes")
        print("\n".join(lines))
        seeds_ok = all(
            check_one((ROOT / "fuzz" / "corpus" / n).read_bytes())
            for n in os.listdir(ROOT / "fuzz" / "corpus")
        )
        fuzz = run_fuzzer(args.fuzz_seconds, workdir)
        print(
            f"fuzzing: {fuzz.inputs:,} inputs in {fuzz.seconds:.0f} s "
            f"({fuzz.inputs / max(fuzz.seconds, 1):.0f}/s), {fuzz.crashes} crashes"
            + (f" (saved: {fuzz.crash_file})" if fuzz.crash_file else "")
            + ("" if seeds_ok else "; a seed input gave nothing")
        )
        kills = run_kills(workdir, args.inputs, args.kills, args.seed)
        print(
            f"kills: {kills.survived}/{kills.kills} SIGKILLs mid-ingest survived, store "
            "consistent after each "
            f"({args.inputs} inputs, {kills.expected} articles, {kills.seconds:.0f} s); "
            f"after the rerun {kills.stored} stored, {kills.lost} lost, {kills.doubled} doubled"
        )
        orphans = [
            (engine, stop.name, *run_orphans(workdir, engine, stop))
            for engine, stop in (
                ("local", signal.SIGKILL),
                ("local", signal.SIGTERM),
                ("dask", signal.SIGKILL),
            )
        ]
        for engine, stop, workers, left in orphans:
            print(f"orphans: batch ({engine}) stopped with {stop}: {left} of {workers} left")
        rounds, won = run_races(workdir, args.races)
        print(
            f"races: refresh --full against ingest, {won} of {rounds} with every article catalogued"
        )
        print()
        print(f"inputs tried:   {fuzz.inputs + tried:,}")
        print(f"crashes:        {fuzz.crashes + hostile_crashes}")
        print(f"kills survived: {kills.survived} of {kills.kills}")
        print(f"records lost:   {kills.lost} (doubled: {kills.doubled})")
        print(f"orphans:        {sum(left for *_, left in orphans)}")
        print(f"races won:      {won} of {rounds}")
    if args.skip_load:
        print("load: skipped (--skip-load)")
    else:
        load_section()


if __name__ == "__main__":
    main()
