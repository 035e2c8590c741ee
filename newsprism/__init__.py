"""newsprism: one news story through every outlet that covered it.

The public API is small: read articles from files, folders or URLs, clean them, keep
them in a store, and analyze them into a report (the JSON contract). Each stage is a
module named for what it does (``read``, ``clean``, ``store``, ``ingest``,
``annotate``, ``provenance``, ``cluster``, ``compare``, ``render``); ``catalog`` keeps a
store's stories current, ``batch`` runs the pipeline over partitions on many cores or a
Dask cluster. The CLI, the web app (``newsprism.web``) and the batch runner only call
these functions.
"""

from ._version import __version__
from .analyze import AnalyzeOptions, analyze, find_stories
from .annotate import annotate
from .batch import BatchOptions, BatchSummary, run_batch
from .catalog import RefreshSummary, refresh_stories
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
    "BatchOptions",
    "BatchSummary",
    "IngestSummary",
    "LineStats",
    "NewsprismError",
    "RawArticle",
    "ReadError",
    "ReadOptions",
    "RefreshSummary",
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
    "refresh_stories",
    "run_batch",
]
