"""Store and ingest: idempotent, resumable, consistent after a kill."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsprism import Store, ingest
from newsprism.errors import StoreError

from .conftest import EXAMPLES


def story(n: int) -> str:
    return (
        f"Harbour update number {n}\n"
        f"The harbour board met for the {n}th time this year on Monday, officials said.\n"
        f"Board chair Lena Ortiz said item {n} on the agenda would be decided next week.\n"
        "Share this article\n"
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for n in range(6):
        (tmp_path / "in" / f"{n}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "in" / f"{n}.txt").write_text(story(n))
    return tmp_path / "in"


def test_ingest_counts_and_cleans(tmp_path, folder):
    with Store(tmp_path / "s.db") as store:
        summary = ingest([folder], store)
        assert (summary.read, summary.new, summary.duplicate, summary.rejected) == (6, 6, 0, 0)
        assert all("Share this" not in a.text for a in store.articles())
        assert all(a.boilerplate_removed == ["Share this article"] for a in store.articles())


def test_reingest_adds_nothing(tmp_path, folder):
    with Store(tmp_path / "s.db") as store:
        ingest([folder], store)
        again = ingest([folder], store)
        assert (again.new, again.skipped_inputs) == (0, 6)
        assert store.count() == 6


def test_same_content_in_a_new_file_is_a_duplicate(tmp_path, folder):
    with Store(tmp_path / "s.db") as store:
        ingest([folder], store)
        copy = tmp_path / "copy.txt"
        copy.write_text((folder / "0.txt").read_text().replace("\n", "\r\n"))
        summary = ingest([copy], store)
        assert (summary.read, summary.new, summary.duplicate) == (1, 0, 1)


def test_one_bad_file_does_not_lose_the_others(tmp_path, folder):
    (folder / "broken.json").write_text('{"title": ')
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    with Store(tmp_path / "s.db") as store:
        summary = ingest([folder], store)
        assert summary.new == 6
        assert summary.rejected == 2
        assert sorted(Path(r.source).name for r in summary.rejections) == [
            "broken.json",
            "image.txt",
        ]
        # a rejected input is read again (and reported again) next time
        assert ingest([folder], store).rejected == 2


def test_store_roundtrip_keeps_every_field(tmp_path):
    with Store(tmp_path / "s.db") as store:
        ingest([EXAMPLES], store)
        for article in store.articles():
            assert store.get(article.id) == article
            assert store.get(article.id[:10]) == article
            assert article.raw_text


def test_articles_table_is_named_articles(tmp_path, folder):
    with Store(tmp_path / "s.db") as store:
        ingest([folder], store)
    rows = sqlite3.connect(tmp_path / "s.db").execute("SELECT COUNT(*) FROM articles").fetchone()
    assert rows == (6,)


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="not a usable newsprism store"):
        Store(bad)


@pytest.mark.slow
def test_killed_ingest_leaves_a_consistent_store_and_rerun_completes(tmp_path):
    inputs = tmp_path / "many"
    inputs.mkdir()
    total = 1500
    for n in range(total):
        (inputs / f"{n:05d}.txt").write_text(story(n))
    db = tmp_path / "crash.db"
    command = [
        sys.executable,
        "-m",
        "newsprism",
        "ingest",
        str(inputs),
        "--db",
        str(db),
        "-q",
        "--no-stories",
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    counts = []
    for attempt in range(4):
        process = subprocess.Popen(
            command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        # wait until this run has written something, then kill it without warning
        deadline = time.monotonic() + 60
        start = _count(db)
        while (
            time.monotonic() < deadline
            and process.poll() is None
            and _count(db) <= start + 50 * (attempt + 1)
        ):
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        with Store(db) as store:
            assert store.integrity_problems() == []
        counts.append(_count(db))
    assert 0 < counts[0] < total, "the first kill should land in the middle of the ingest"
    assert counts == sorted(counts)
    finished = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    assert finished.returncode == 0, finished.stderr
    with Store(db) as store:
        assert store.count() == total
        assert len({a.id for a in store.articles()}) == total
        assert store.integrity_problems() == []


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
