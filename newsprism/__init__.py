"""newsprism: one news story through every outlet that covered it.

The public API is small: read articles from files, folders or URLs, clean them, keep
them in a store, and analyze them into a report (the JSON contract). Each stage is a
module named for what it does (``read``, ``clean``, ``store``, ``ingest``,
``annotate``, ``provenance``, ``cluster``, ``compare``, ``render``); the CLI and other
shells only call these functions.
"""

from ._version import __version__
from .analyze import AnalyzeOptions, analyze, find_stories
from .annotate import annotate
from .clean import LineStats, clean_article, clean_articles
from .errors import NewsprismError, ReadError, StoreError, UsageError
from .ingest import IngestSummary, ingest, load_articles
from .models import Article, RawArticle, Rejection
from .read import ReadOptions, read_paths
from .report import Report, json_schema
from .store import Store

__all__ = [
    "AnalyzeOptions",
    "Article",
    "IngestSummary",
    "LineStats",
    "NewsprismError",
    "RawArticle",
    "ReadError",
    "ReadOptions",
    "Rejection",
    "Report",
    "Store",
    "StoreError",
    "UsageError",
    "__version__",
    "analyze",
    "annotate",
    "clean_article",
    "clean_articles",
    "find_stories",
    "ingest",
    "json_schema",
    "load_articles",
    "read_paths",
]
