"""Fast rule-based sentence splitting and word tokens, for stages that must scale.

The language layer uses spaCy's parser for sentences it analyses; copy detection and
clustering run over whole corpora and need something cheaper that is still right on
news prose: abbreviations, initials and quotes that end a sentence.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache

from .normalize import paragraphs

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sr",
    "jr",
    "st",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "gov",
    "sen",
    "rep",
    "rev",
    "hon",
    "pres",
    "no",
    "vs",
    "etc",
    "inc",
    "ltd",
    "co",
    "corp",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.k",
    "u.n",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "approx",
    "est",
    "dept",
    "univ",
    "mt",
    "ft",
}
_BOUNDARY = re.compile(r"(?<=[.!?…])([\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_WORD = re.compile(r"\w+(?:['’]\w+)?")


def split_sentences(text: str) -> list[str]:
    """Split text into sentences; paragraphs never share a sentence."""
    sentences: list[str] = []
    for paragraph in paragraphs(text):
        start = 0
        for match in _BOUNDARY.finditer(paragraph):
            end = match.end(1)
            before = paragraph[start:end].rstrip("\"'”’)] ")
            last_word = before.rsplit(None, 1)[-1].rstrip(".").lower() if before.split() else ""
            # "Mr. Smith", "U.S. officials", "J. Doe": not the end of a sentence.
            if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
                continue
            sentences.append(paragraph[start:end].strip())
            start = match.end()
        tail = paragraph[start:].strip()
        if tail:
            sentences.append(tail)
    return sentences


def words(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophes kept inside words)."""
    return _WORD.findall(text.casefold())


@lru_cache(maxsize=1 << 18)
def word_hash(word: str) -> int:
    """A word's 64-bit hash, the same in every process (Python's ``hash`` of a string
    is seeded per process): its 8-byte BLAKE2b digest."""
    return int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
