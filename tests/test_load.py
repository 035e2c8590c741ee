"""A bounded load test of ``newsprism serve`` on loopback over a 10,000-article store:
every request answered, none with an error. Latency targets are the benchmark's job
(``benchmarks/load.py`` prints p50/p99); this test prints them for the record."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.slow


def test_serve_under_load_answers_everything():
    process = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "load.py"),
            "--articles",
            "10000",
            "--requests",
            "300",
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert process.returncode == 0, process.stderr[-2000:]
    summary = json.loads(process.stdout.strip().splitlines()[-1])
    print(summary)
    assert summary["articles"] >= 10_000
    assert summary["requests"] == 300
    assert summary["errors"] == 0
    assert all(kind["requests"] == 100 for kind in summary["kinds"].values())
