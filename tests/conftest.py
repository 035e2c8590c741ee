"""Shared fixtures: small inputs written by the tests themselves."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under tmp_path and return its path: write('a.txt', 'text' or b'bytes')."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def newsprism_cmd() -> list[str]:
    """The command that runs the CLI of the installed package."""
    return [sys.executable, "-m", "newsprism"]


# Model loading on first use (language id, later the NLP models) makes a first example
# slow; timing is the benchmarks' job, not the tests'.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("newsprism", deadline=None, max_examples=100)
_hypothesis_settings.load_profile("newsprism")
