"""Batch runs: the local engine and a real Dask LocalCluster give the report ``analyze``
gives; a killed run resumes; bad inputs are skipped and counted; failing tasks retried."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from newsprism.analyze import analyze
from newsprism.batch import (
    BatchOptions,
    partitions_done,
    plan_partitions,
    resolve_device,
    run_batch,
)
from newsprism.engines import LocalEngine
from newsprism.errors import UsageError
from newsprism.outlets import load_registry
from newsprism.provenance import find_provenance, minhash_signature
from newsprism.read import find_sources
from newsprism.report import Report
from newsprism.store import Store

from .conftest import EXAMPLES

# Small partitions so that the example corpus's copies and stories span several.
PARTITION = 3
OUTLETS = EXAMPLES.parent / "outlets.csv"


def wait_for_a_partition(run: subprocess.Popen, db: Path, seconds: float = 300) -> None:
    """Wait until the batch run ``run`` has finished a partition (or ended)."""
    deadline = time.monotonic() + seconds
    while run.poll() is None and partitions_done(db) == 0 and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The example corpus plus one broken file, through the CLI with the local engine
    (killed once after its first finished partition, then run again to completion) and
    through the library with a Dask LocalCluster of two workers."""
    base = tmp_path_factory.mktemp("batch")
    bad = base / "inputs" / "broken.json"
    bad.parent.mkdir()
    bad.write_text('{"title": "cut off", "text": ')
    inputs = [str(EXAMPLES), str(bad)]

    local = base / "local"
    command = [
        *(sys.executable, "-m", "newsprism", "batch", *inputs),
        *("--out", str(local), "--workers", "2", "--partition-size", str(PARTITION), "-q"),
        *("--outlets", str(OUTLETS)),
    ]
    killed = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    wait_for_a_partition(killed, local / "newsprism.db")
    os.killpg(killed.pid, signal.SIGKILL)  # the run and its worker processes
    killed.wait()
    done_before = partitions_done(local / "newsprism.db")
    resumed = subprocess.run(command, capture_output=True, text=True, check=False)

    dask = base / "dask"
    options = BatchOptions(
        engine="dask",
        workers=2,
        partition_articles=PARTITION,
        registry=load_registry(OUTLETS),
        registry_source=OUTLETS.name,
    )
    dask_summary = run_batch(inputs, dask, options)
    return {
        "inputs": inputs,
        "local": local,
        "done_before": done_before,
        "resumed": resumed,
        "dask": dask,
        "dask_summary": dask_summary,
    }


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text())


@pytest.mark.slow
def test_local_and_dask_give_the_same_stories_and_report_as_analyze(runs, example_articles, models):
    local, dask = _report(runs["local"]), _report(runs["dask"])
    assert local == dask
    registry = load_registry(OUTLETS)
    expected = json.loads(analyze(example_articles, models, registry=registry).model_dump_json())
    assert [s["article_ids"] for s in local["stories"]] == [
        s["article_ids"] for s in expected["stories"]
    ]
    assert [s["title"] for s in local["stories"]] == [s["title"] for s in expected["stories"]]
    assert [(a["id"], a["provenance"]) for a in local["articles"]] == [
        (a["id"], a["provenance"]) for a in expected["articles"]
    ]
    assert [[c["text"] for c in s["claims"]] for s in local["stories"]] == [
        [c["text"] for c in s["claims"]] for s in expected["stories"]
    ]
    # the registry given to batch: the same coverage and sides as analyze with it
    assert [(s["coverage"], s["sides"]) for s in local["stories"]] == [
        (s["coverage"], s["sides"]) for s in expected["stories"]
    ]
    assert local["outlets"] == expected["outlets"] != []


@pytest.mark.slow
def test_a_killed_run_resumes_and_skips_finished_partitions(runs):
    assert runs["done_before"] >= 1, "the first run should be killed after a partition"
    resumed = runs["resumed"]
    assert resumed.returncode == 1, resumed.stderr  # 1: the broken file was rejected
    said = " ".join(resumed.stdout.split())  # the line may be wrapped
    skipped = int(re.search(r"(\d+) already done", said).group(1))
    assert skipped == runs["done_before"]
    assert "articles 11" in said and "0 failed" in said
    # once finished, a rerun has nothing left to do
    again = subprocess.run(
        [
            *(sys.executable, "-m", "newsprism", "batch", *runs["inputs"]),
            *("--out", str(runs["local"]), "--partition-size", str(PARTITION), "-q"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    partitions = runs["dask_summary"].partitions
    assert f"partitions 0 done, {partitions} already done" in " ".join(again.stdout.split())
    assert _report(runs["local"]) == _report(runs["dask"])


@pytest.mark.slow
def test_a_bad_input_is_skipped_and_counted(runs):
    summary = runs["dask_summary"]
    assert summary.rejected == 1 and not summary.ok
    assert summary.rejections[0].source.endswith("broken.json")
    assert summary.failed_partitions == []
    assert summary.articles == 11 and summary.read == 11
    assert "skipped" in runs["resumed"].stderr and "broken.json" in runs["resumed"].stderr


@pytest.mark.slow
def test_outputs_store_story_reports_and_parquet_tables(runs):
    out = runs["dask"]
    report = Report.model_validate_json((out / "report.json").read_text())
    stories = sorted((out / "stories").glob("*.json"))
    assert len(stories) == len(report.stories) == runs["dask_summary"].stories
    for path in stories:
        single = Report.model_validate_json(path.read_text())
        (story,) = single.stories
        assert path.stem == story.id
        assert [a.id for a in single.articles] == story.article_ids
    articles = pq.read_table(out / "articles.parquet").to_pylist()
    assert len(articles) == len(report.articles)
    assert {a["story_id"] for a in articles} == {s.id for s in report.stories}
    claims = pq.read_table(out / "claims.parquet")
    assert claims.num_rows == sum(len(s.claims) for s in report.stories)
    quotes = pq.read_table(out / "quotes.parquet")
    assert quotes.num_rows == sum(len(s.quotes) for s in report.stories)
    with Store(out / "newsprism.db") as store:
        assert store.count() == 11
        assert store.integrity_problems() == []


def test_precomputed_signatures_give_the_same_provenance(example_articles):
    signatures = {a.id: minhash_signature(a) for a in example_articles}
    assert find_provenance(example_articles, signatures=signatures) == find_provenance(
        example_articles
    )


def test_partitions_group_files_and_cut_large_json_lines(tmp_path):
    for n in range(5):
        (tmp_path / f"page{n}.txt").write_text(f"Title {n}\n\nBody of story {n}.")
    (tmp_path / "z.jsonl").write_text("".join(f'{{"text": "record {n}"}}\n' for n in range(7)))
    sources, _ = find_sources([tmp_path])
    partitions = plan_partitions(sources, 3)
    units = [[(Path(u.location).name, u.start, u.stop) for u in p.units] for p in partitions]
    assert units == [
        [("page0.txt", None, None), ("page1.txt", None, None), ("page2.txt", None, None)],
        [("page3.txt", None, None), ("page4.txt", None, None)],
        [("z.jsonl", 0, 3)],
        [("z.jsonl", 3, 6)],
        [("z.jsonl", 6, 9)],
    ]


def test_batch_command_has_help():
    from typer.testing import CliRunner

    from newsprism.cli import app

    result = CliRunner().invoke(app, ["batch", "--help"])
    assert result.exit_code == 0
    assert "--scheduler" in result.output and "--engine" in result.output


def test_options_refuse_impossible_combinations():
    with pytest.raises(UsageError, match="engine"):
        BatchOptions(engine="spark").check()
    with pytest.raises(UsageError, match="--scheduler needs --engine dask"):
        BatchOptions(scheduler="tcp://localhost:8786").check()
    with pytest.raises(UsageError, match="device"):
        BatchOptions(device="tpu").check()


def test_device_auto_is_cuda_only_when_present():
    import torch

    assert resolve_device("cpu") == "cpu"
    assert resolve_device("auto") == ("cuda" if torch.cuda.is_available() else "cpu")


def flaky(marker: str, fail_times: int) -> str:
    """Fails ``fail_times`` times (counted in a file), then succeeds."""
    path = Path(marker)
    failures = int(path.read_text()) if path.exists() else 0
    if failures < fail_times:
        path.write_text(str(failures + 1))
        raise RuntimeError(f"failure {failures + 1}")
    return "ok"


def test_local_engine_retries_a_failing_task_and_keeps_the_others(tmp_path):
    engine = LocalEngine(workers=1, retries=1)
    try:
        tasks = [
            (str(tmp_path / "a"), 0),  # succeeds at once
            (str(tmp_path / "b"), 1),  # fails once, then succeeds on its retry
            (str(tmp_path / "c"), 5),  # keeps failing
        ]
        results = dict(engine.run(flaky, tasks, "test"))
    finally:
        engine.close()
    assert results[0] == "ok" and results[1] == "ok"
    assert isinstance(results[2], RuntimeError) and str(results[2]) == "failure 2"


def test_local_engine_draws_its_tasks_only_as_workers_free_up():
    from newsprism.engines import IN_FLIGHT_PER_WORKER

    drawn = []

    def tasks():
        for number in range(40):
            drawn.append(number)
            yield (-number,)

    engine = LocalEngine(workers=1, retries=0)
    try:
        ahead = []
        results = {}
        for index, result in engine.run(abs, tasks(), "test"):
            results[index] = result
            ahead.append(len(drawn) - len(results))
    finally:
        engine.close()
    assert results == {n: n for n in range(40)}
    # never every task's arguments at once: at most the tasks in flight
    assert max(ahead) <= IN_FLIGHT_PER_WORKER


def test_a_local_engine_runs_tasks_while_it_draws_the_tasks_of_another_run():
    # provenance's blocks fetch sentence vectors, which the pipeline may encode in
    # tasks of the same engine, while the blocks already drawn are running
    engine = LocalEngine(workers=2, retries=0)
    try:

        def tasks():
            for number in range(12):
                inner = dict(engine.run(abs, [(-number,), (-2 * number,)], "inner"))
                yield (-(inner[0] + inner[1]),)

        results = dict(engine.run(abs, tasks(), "outer"))
    finally:
        engine.close()
    assert results == {n: 3 * n for n in range(12)}


def test_a_worker_dying_in_a_run_within_a_run_leaves_the_outer_run_whole():
    import os

    engine = LocalEngine(workers=1, retries=1)
    inner: list = []
    try:

        def tasks():
            for number in range(5):
                if number == 2:  # a worker of the same pool dies in a run within this one
                    inner.extend(engine.run(os._exit, [(3,)], "inner"))
                yield (-number,)

        results = dict(engine.run(abs, tasks(), "outer"))
    finally:
        engine.close()
    assert results == {n: n for n in range(5)}
    assert len(inner) == 1 and isinstance(inner[0][1], BaseException)


def test_store_keeps_credit_kind_and_put_replaces_cleaning(tmp_path, example_articles):
    from newsprism.annotation import Annotation

    credited = next(a for a in example_articles if a.credit_kind)
    cached = Annotation(article_id=credited.id, sentences=[], actors=[], quotes=[], figures=[], times=[])  # fmt: skip
    with Store(tmp_path / "s.db") as store:
        with store.transaction():
            assert store.put(credited)
        store.save_annotations([cached])
        store.save_annotations([cached], "min_quote_words=6")
        store.save_vectors({credited.id: np.ones(4, np.float32)}, "m")
        with store.transaction():
            assert not store.put(credited)  # the same cleaning keeps what was made of it
        assert set(store.annotations([credited.id], cached.version)) == {credited.id}
        with store.transaction():
            assert not store.put(credited.model_copy(update={"text": "Cleaned again."}))
        stored = store.get(credited.id)
        # what was made of the old text, under any settings, is gone with it
        assert store.annotations([credited.id], cached.version) == {}
        assert store.annotations([credited.id], cached.version, "min_quote_words=6") == {}
        assert store.vectors([credited.id], "m") == {}
    assert stored.credit_kind == credited.credit_kind
    assert stored.text == "Cleaned again."
