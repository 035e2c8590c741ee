"""Errors raised by newsprism.

Every error carries a short code (``E1xx`` reading, ``E2xx`` store, ``E3xx`` usage) so a
message can be looked up in the docs and matched in scripts.
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


class StoreError(NewsprismError):
    """The SQLite store is missing, locked, corrupt or of an unknown schema."""

    code = "E201"


class UsageError(NewsprismError):
    """An option or argument given by the caller cannot be used."""

    code = "E301"
