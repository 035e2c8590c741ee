"""Errors raised by newsprism.

Every error carries a short code (``E1xx`` reading, ``E2xx`` store, ``E3xx`` usage) so a
message can be looked up in the docs and matched in scripts:

- ``E101`` an input could not be read (empty, binary, malformed, cut short, missing);
- ``E102`` an input went over a configured limit (``ReadOptions``: file size, article
  length, WARC records, decompressed size or ratio, nesting depth);
- ``E103`` an input was refused as unsafe to parse (XML entity declarations);
- ``E199`` a reader library failed in an unexpected way: the input is skipped, and
  the message is worth reporting as a bug (the fuzz tests treat it as a crash);
- ``E201`` the store is unusable; ``E301`` bad usage.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class of every error newsprism raises on purpose."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message


class ReadError(NewsprismError):
    """An input (file, record or URL) could not be turned into articles.

    ``source`` names the file (and record) so the one-line message says where the
    problem is; ``problem`` says what it is.
    """

    code = "E101"

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class LimitExceeded(ReadError):
    """An input went over one of the configured reading limits.

    ``limit`` is the setting's name (``max_file_bytes``...), ``value`` its current value;
    the message says what was found and how to raise the limit, on one line.
    """

    code = "E102"

    def __init__(self, source: str, what: str, limit: str, value: int | float) -> None:
        self.limit = limit
        self.value = value
        super().__init__(source, f"{what}; over the limit {limit}={value:,} (--limit {limit}=N)")


class UnsafeInput(ReadError):
    """An input was refused because parsing it as given is unsafe (entity expansion)."""

    code = "E103"


# Code of the rejection made when a reader fails in a way no check foresaw.
UNEXPECTED_READ_FAILURE = "E199"


class StoreError(NewsprismError):
    """The SQLite store is missing, locked, corrupt or of an unknown schema."""

    code = "E201"


class UsageError(NewsprismError):
    """An option or argument given by the caller cannot be used."""

    code = "E301"
