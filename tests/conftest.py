"""Shared fixtures: small inputs written by the tests themselves."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"


# Set by .ci/run: on CI the browser tests must run, so a missing Chromium is an error
# there instead of a skip.
REQUIRE_BROWSER = os.environ.get("NEWSPRISM_REQUIRE_BROWSER", "") not in ("", "0")


@pytest.fixture(scope="session")
def chromium() -> str:
    """Path of Debian's Chromium for the browser tests; they are skipped without it
    (``apt-get install chromium``), and fail instead under NEWSPRISM_REQUIRE_BROWSER=1."""
    path = shutil.which("chromium")
    if path is None:
        message = "Debian chromium not installed (apt-get install chromium)"
        if REQUIRE_BROWSER:
            pytest.fail(f"{message}, and NEWSPRISM_REQUIRE_BROWSER is set", pytrace=False)
        pytest.skip(message)
    return path


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


@pytest.fixture(scope="session")
def models():
    """The real NLP models, loaded once for the whole test session."""
    from newsprism.nlp import Models

    return Models()


@pytest.fixture(scope="session")
def example_articles():
    """The example corpus, read and cleaned."""
    from newsprism.ingest import load_articles

    articles, rejections = load_articles([EXAMPLES])
    assert rejections == []
    return articles


@pytest.fixture(scope="session")
def example_gold():
    """Gold labels of the example corpus, keyed by source path relative to the corpus."""
    import json

    gold = json.loads((EXAMPLES.parent / "gold.json").read_text())
    return gold


def gold_key(source_path: str) -> str:
    """The example gold file's name for an article's source path ('export.jsonl#0' ...)."""
    relative = (
        str(Path(source_path).relative_to(EXAMPLES))
        if EXAMPLES.as_posix() in Path(source_path).resolve().as_posix()
        else source_path
    )
    if ":" in relative:  # JSON Lines records are numbered by line, from 1
        name, line = relative.rsplit(":", 1)
        return f"{name}#{int(line) - 1}"
    return relative
