"""Options of the compare stage and of the summary it writes (the ``compare.*`` and
``summary.*`` settings)."""

from __future__ import annotations

from dataclasses import dataclass

from ..options import setting


@dataclass(frozen=True)
class CompareOptions:
    """How the articles of one story are laid side by side."""

    # all-MiniLM-L6-v2 similarity of two statements that say one thing
    align_similarity: float = setting(
        0.72, "example corpus: paraphrases 0.7-0.9, different facts 0.4-0.65"
    )
    align_with_overlap: float = setting(
        0.6, "the lower similarity that suffices with two shared names or a shared number"
    )
    align_neighbours: int = setting(
        64,
        "a story with more statements than the exact limit (claims.EXACT_ALIGN_STATEMENTS) "
        "is aligned by distinct text, each text among its nearest this many (all with all in "
        "blocks up to claims.EXACT_SEARCH_TEXTS texts, HNSW beyond): the example corpus "
        "aligns identically either way (tests/test_compare.py)",
    )
    figure_open_bound_factor: float = setting(
        2.0,
        "'more than a million' read as at most this many times the value: compatible with "
        "'around 1.5 million' (seeds)",
    )
    figure_count_slack: float = setting(
        0.05,
        "'at least 212' (a count, not a round number) allows this much more: it conflicts "
        "with '240' the same day (example corpus)",
    )
    distinctive_min_z: float = setting(
        1.5,
        "z of a word's log-odds difference listed as distinctive; below the 1.96 of a 95 % "
        "test, as one article against a handful is little text; the score is shown with "
        "each word",
    )


@dataclass(frozen=True)
class SummaryOptions:
    """How long the neutral summary runs and what it leaves to quotes."""

    target_words: int = setting(
        160,
        "allsides-dev editors' summaries average 165 words; ROUGE-1 0.413 at 130, 0.420 at "
        "160, 0.420 at 190",
    )
    quoted_share: float = setting(
        0.5,
        "a sentence with this share of its words in quote marks is a quote, left out; "
        "allsides-dev ROUGE-1 0.418 at 0.3, 0.420 at 0.5, 0.422 at 0.7",
    )


DEFAULT_COMPARE = CompareOptions()
DEFAULT_SUMMARY = SummaryOptions()
