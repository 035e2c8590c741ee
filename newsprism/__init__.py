"""newsprism: one news story through every outlet that covered it.

The public API is small: read articles from files, folders or URLs, clean them, keep
them in a store. Each stage is a module named for what it does (``read``, ``clean``,
``store``, ``ingest``); the CLI and other shells only call these functions.
"""

from .clean import LineStats, clean_article, clean_articles
from .errors import NewsprismError, ReadError, StoreError, UsageError
from .ingest import IngestSummary, ingest
from .models import Article, RawArticle, Rejection
from .read import ReadOptions, read_paths
from .store import Store

__version__ = "0.1.0"

__all__ = [
    "Article",
    "IngestSummary",
    "LineStats",
    "NewsprismError",
    "RawArticle",
    "ReadError",
    "ReadOptions",
    "Rejection",
    "Store",
    "StoreError",
    "UsageError",
    "__version__",
    "clean_article",
    "clean_articles",
    "ingest",
    "read_paths",
]
