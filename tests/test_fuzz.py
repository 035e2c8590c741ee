"""The fuzz target: its crashes stay fixed, and a bounded run finds no new one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

sys.path.insert(0, str(ROOT / "fuzz"))
from harness import KINDS, check_one, seeds

CRASHES = ROOT / "tests" / "fuzz_crashes"
# Wall-clock bound of the CI fuzz run (libFuzzer's -max_total_time), in seconds.
CI_FUZZ_SECONDS = 40


@pytest.mark.parametrize("crash", sorted(CRASHES.iterdir()), ids=lambda path: path.name)
def test_crash_found_by_fuzzing_stays_fixed(crash: Path):
    # each file is an input that once crashed a reader: now it reads cleanly
    items = check_one(crash.read_bytes())
    assert items, "the input yields articles or a rejection saying why"


def test_seed_corpus_is_current_and_reads_cleanly():
    committed = {path.name: path.read_bytes() for path in (ROOT / "fuzz" / "corpus").iterdir()}
    assert committed == seeds(), (
        "rewrite it: python fuzz/fuzz_readers.py --write-corpus fuzz/corpus"
    )
    for name, data in committed.items():
        items = check_one(data)
        assert any(not hasattr(item, "code") for item in items), f"{name} gives no article"
    assert {data[0] % len(KINDS) for data in committed.values()} == set(range(len(KINDS)))


@pytest.mark.slow
def test_bounded_fuzz_run_finds_no_crash(tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "fuzz" / "corpus", corpus)
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "fuzz" / "fuzz_readers.py"),
            str(corpus),
            f"-max_total_time={CI_FUZZ_SECONDS}",
            "-max_len=20000",
            "-timeout=30",
            "-rss_limit_mb=3072",
            "-print_final_stats=1",
            f"-artifact_prefix={tmp_path}/",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NEWSPRISM_FUZZ_WORKDIR": str(tmp_path / "work")},
        timeout=CI_FUZZ_SECONDS * 4 + 120,
        check=False,
    )
    log = result.stdout + result.stderr
    crash = next(tmp_path.glob("crash-*"), None) or next(tmp_path.glob("timeout-*"), None)
    assert result.returncode == 0 and crash is None, (
        f"fuzzing found a crash ({crash}); copy it into tests/fuzz_crashes/, fix it:\n"
        + log[-4000:]
    )
    runs = int(log.split("stat::number_of_executed_units:")[1].split()[0])
    assert runs > 200, f"the fuzz run hardly ran ({runs} inputs)"
