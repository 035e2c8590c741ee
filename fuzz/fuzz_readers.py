"""Coverage-guided fuzz target (atheris/libFuzzer) for the readers, through ``read_source``.

What is checked is in ``harness.py``: each input is read as ``ingest`` reads a file (its
first byte picks the reader and the file name) and cleaned; an exception escaping, an
unexpected-failure rejection (E199), a rejection over several lines or an empty article
is a crash, and libFuzzer stops with the input saved.

    python fuzz/fuzz_readers.py --write-corpus fuzz/corpus     # (re)write the seeds
    python fuzz/fuzz_readers.py CORPUS_DIR -max_total_time=60  # fuzz (libFuzzer flags)

``tests/test_fuzz.py`` runs it for a bounded time; ``benchmarks/robustness.py`` longer.
Every crash found is kept in ``tests/fuzz_crashes/`` and replayed by the tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent))

with atheris.instrument_imports(include=["newsprism", "feedparser", "warcio", "trafilatura"]):
    from harness import check_one, write_corpus


def test_one_input(data: bytes) -> None:
    """libFuzzer entry point."""
    check_one(data)


def main(argv: list[str]) -> None:
    """Write the corpus (``--write-corpus DIR``) or hand ``argv`` to libFuzzer."""
    if len(argv) == 3 and argv[1] == "--write-corpus":
        write_corpus(Path(argv[2]))
        return
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
