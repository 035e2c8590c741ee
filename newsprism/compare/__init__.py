"""Compare stage: lay a story's articles side by side.

One module per comparison: ``actors`` (framing labels and quotes by speaker),
``figures`` (the same quantity as each outlet reports it), ``claims`` (statements
aligned across outlets: consensus, single source, contested; omissions),
``language`` (loaded terms, reporting verbs, distinctive words) and ``summary``
(neutral cited summary and timeline). ``compare_story`` runs them all over one story,
as one task (``story``).
"""

from .actors import framing, quotes
from .story import StoryComparison, StoryTask, compare_story

__all__ = ["StoryComparison", "StoryTask", "compare_story", "framing", "quotes"]
