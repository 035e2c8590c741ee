"""Compare stage: lay a story's articles side by side.

One module per comparison: ``actors`` (framing labels and quotes by speaker),
``figures`` (the same quantity as each outlet reports it), ``claims`` (statements
aligned across outlets: consensus, single source, contested; omissions),
``language`` (loaded terms, reporting verbs, distinctive words) and ``summary``
(neutral cited summary and timeline).
"""

from .actors import framing, quotes

__all__ = ["framing", "quotes"]
