"""Every tuned threshold of the pipeline in one place: name, value, and where it comes from.

The values live next to the code that uses them (options dataclasses and module
constants); this registry reads them from there, so ``newsprism config --explain``
always shows what actually runs, with the data each was calibrated on and the score it
reached there.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import clean, embed
from .annotate import actors as annotate_actors
from .annotate import quotes as annotate_quotes
from .cluster import ClusterOptions
from .compare import claims, figures, language, summary
from .compare.sides import SideOptions
from .provenance import ProvenanceOptions
from .read import LIMITS, ReadOptions


@dataclass(frozen=True)
class Setting:
    name: str
    value: object
    stage: str
    calibration: str


def settings() -> list[Setting]:
    """The pipeline's thresholds and reading limits with their values and why.

    Reading limits (``read.max_*``) are changed per run with ``--limit NAME=VALUE``.
    """
    cluster, provenance, read = ClusterOptions(), ProvenanceOptions(), ReadOptions()
    limits = [
        Setting(f"read.{name}", getattr(read, name), "read", why) for name, why in LIMITS.items()
    ]
    return [
        *limits,
        Setting(
            "cluster.event_threshold",
            cluster.event_threshold,
            "cluster",
            "same-day pairs; basil-dev B-cubed F1 0.980 with dates (0.45-0.60 equally good), "
            "allsides-dev 0.934 with the day-gap penalty (benchmarks/calibrate.py)",
        ),
        Setting(
            "cluster.day_gap_penalty",
            cluster.day_gap_penalty,
            "cluster",
            "threshold added per day apart; allsides-dev halves best at 0.04-0.16 (0.895 -> "
            "0.934 at 0.10), basil-dev unchanged up to 0.10 at threshold 0.50, lower above",
        ),
        Setting(
            "cluster.undated_event_threshold",
            cluster.undated_event_threshold,
            "cluster",
            "pairs with no dates to compare; best on basil-dev half A and allsides-dev half A "
            "(held out: basil B 1.000, allsides B 0.817); basil-dev 0.902 -> 0.965",
        ),
        Setting(
            "cluster.reassign_rounds",
            cluster.reassign_rounds,
            "cluster",
            "undated articles re-placed after all arrived: basil-dev without dates 0.945 in id "
            "order, 0.975 in date order -> 0.965 in both; allsides-dev 0.764 -> 0.779",
        ),
        Setting(
            "cluster.event_window_days",
            cluster.event_window_days,
            "cluster",
            "basil-dev best at 2-3 (0.980), allsides-dev at 1; 2 is the compromise",
        ),
        Setting(
            "cluster.linker",
            cluster.linker,
            "cluster",
            "cosine, or learned: the same-event probability of a logistic regression over "
            "vectors and event signatures (newsprism/data/event_scorer.json, fitted and "
            "cross-checked by benchmarks/train_events.py); learned is opt-in until it beats "
            "the cosine on every held-out set",
        ),
        Setting(
            "cluster.same_event_probability",
            cluster.same_event_probability,
            "cluster",
            "learned linker only: threshold best for clustering all three dev sets at once "
            "(benchmarks/train_events.py; each held-out set's figures in RESULTS.md)",
        ),
        Setting(
            "cluster.storyline_threshold",
            cluster.storyline_threshold,
            "cluster",
            "set below the event threshold; with the participant rule, ecb-dev storylines "
            "mix events at B-cubed precision 0.74 (0.51 on similarity alone), recall 0.96; "
            "no labelled storylines yet to tune it on",
        ),
        Setting(
            "cluster.storyline_participants",
            cluster.storyline_participants,
            "cluster",
            "an event joins a storyline only with one of its most salient names in common: "
            "ecb-dev storyline precision 0.51 -> 0.74 at 3, recall 0.97 -> 0.96; basil-dev "
            "and allsides-dev events unchanged",
        ),
        Setting(
            "cluster.storyline_window_days",
            cluster.storyline_window_days,
            "cluster",
            "a storyline may resume months later; not calibrated",
        ),
        Setting(
            "embed.lead_sentences",
            embed.LEAD_SENTENCES,
            "cluster",
            "8 merges the example story; 4 split it (basil-dev equal, 0.980)",
        ),
        Setting(
            "embed.document_tokens",
            embed.DOCUMENT_TOKENS,
            "cluster",
            "128 is 2x faster and equal on basil/allsides but split the example story",
        ),
        Setting(
            "provenance.near_duplicate_jaccard",
            provenance.near_duplicate_jaccard,
            "provenance",
            "example corpus: republished copy 1.00, syndicated copies 0.85, others < 0.3",
        ),
        Setting(
            "provenance.whole_share",
            provenance.whole_share,
            "provenance",
            "share of a copy's words copied word for word (or aligned, keeping "
            "provenance.near_duplicate_kept) for it to be the source's text as a whole: "
            "independent dev-set articles hold at most 73 % of another's words (allsides-dev, "
            "Reuters and The Guardian); abridged copies made by benchmarks/provenance.py 100 %",
        ),
        Setting(
            "provenance.near_duplicate_kept",
            provenance.near_duplicate_kept,
            "provenance",
            "words a whole copy keeps to be the same text edited, not reworded: the example "
            "corpus's wire copies keep 91 %, its spun copy 49 %",
        ),
        Setting(
            "provenance.syndicated_share",
            provenance.syndicated_share,
            "provenance",
            "share of its words (outside quotes) a copy with text of its own takes word for "
            "word: independent dev-set articles at most 73 % (one allsides-dev pair), "
            "then 46 %",
        ),
        Setting(
            "provenance.partial_share",
            provenance.partial_share,
            "provenance",
            "lifted passages: this share of its words outside quotes, in at least "
            "provenance.min_shared_passages sentences kept as they are; independent "
            "dev-set articles share up to 46 % (the one at 73 % keeps no two sentences whole)",
        ),
        Setting(
            "provenance.patch_share",
            provenance.patch_share,
            "provenance",
            "words each source of a patchwork must add; together they must hold "
            "provenance.whole_share: no independent dev-set article is 75 % covered by the "
            "others of its story (at most 74 %, the Reuters copy above, then 62 %)",
        ),
        Setting(
            "provenance.direction_margin",
            provenance.direction_margin,
            "provenance",
            "with no credit or date, the text lying within the other's by this margin is the "
            "copy: abridged copies 100 % against 30-64 % the other way (benchmarks/provenance.py)",
        ),
        Setting(
            "provenance.rewrite_source_coverage",
            provenance.rewrite_source_coverage,
            "provenance",
            "a rewrite aligns with nearly all of its source: independent basil-dev pairs that "
            "align by meaning cover at most 68 % of each other, spun copies 100 %; without it "
            "8 basil-dev articles were called rewritten",
        ),
        Setting(
            "provenance.rewrite_mean_similarity",
            provenance.rewrite_mean_similarity,
            "provenance",
            "example spun copy aligns at 0.72 mean; same-story originals stay below",
        ),
        Setting(
            "provenance.rewrite_min_sentences",
            provenance.rewrite_min_sentences,
            "provenance",
            "below this many aligned sentences a rewrite must keep most of its words: "
            "allsides-dev's short independent reports align on 2-4 (26 of 739 were called "
            "rewritten, now 0); the example spun copy aligns on 14 keeping 38 %",
        ),
        Setting(
            "provenance.rewrite_short_word_overlap",
            provenance.rewrite_short_word_overlap,
            "provenance",
            "words a short rewrite keeps (distinct words of each copy sentence found in its "
            "source sentence): an allsides-dev pair of three sentences (Reuters, The "
            "Guardian) keeps 85 %, so a rewrite aligned on fewer sentences than "
            "provenance.rewrite_min_sentences is a near duplicate or nothing; short copies "
            "reworded by benchmarks/provenance.py are found by the words they copy (97-100 "
            "%, tables a and b)",
        ),
        Setting(
            "outlets.blindspot_min_outlets",
            SideOptions().blindspot_min_outlets,
            "compare",
            "a definition, not a fit: one outlet's articles say nothing of which sides "
            "cover a story; on allsides-dev (every roundup told by three sides) no story is "
            "flagged (benchmarks/outlets.py)",
        ),
        Setting(
            "provenance.rewrite_candidate_similarity",
            provenance.rewrite_candidate_similarity,
            "provenance",
            "spun copies fall to 0.65-0.79 document similarity with their source",
        ),
        Setting(
            "provenance.near_duplicate_candidates",
            provenance.near_duplicate_candidates,
            "provenance",
            "near-duplicate candidates compared exactly per article, likeliest first by "
            "MinHash agreement: bounds the cost when thousands copy one text; no dev set "
            "article has this many",
        ),
        Setting(
            "provenance.rewrite_candidates",
            provenance.rewrite_candidates,
            "provenance",
            "nearest articles each is checked against for a rewrite: bounds the cost in "
            "stories of thousands; basil-dev and allsides-dev get the same provenance with 32 "
            "as with every pair",
        ),
        Setting(
            "compare.align_neighbours",
            claims.ALIGN_NEIGHBOURS,
            "compare",
            f"statements of a story above {claims.EXACT_ALIGN_STATEMENTS} are aligned by distinct "
            "text, each text among its nearest this many (all with all in blocks up to "
            f"{claims.EXACT_SEARCH_TEXTS} texts, HNSW beyond): the example corpus aligns "
            "identically either way (tests/test_compare.py)",
        ),
        Setting(
            "clean.min_template_articles",
            clean.MIN_TEMPLATE_ARTICLES,
            "clean",
            "a site template recurs in at least this many articles",
        ),
        Setting(
            "clean.max_template_words",
            clean.MAX_TEMPLATE_WORDS,
            "clean",
            "longer repeated lines are background paragraphs, kept",
        ),
        Setting(
            "clean.stamp_search_paragraphs",
            clean.STAMP_SEARCH_PARAGRAPHS,
            "clean",
            "timestamp lines are looked for in the title and this many leading paragraphs: "
            "on ecb-dev they stand above or below the headline in 164 of 445 texts, never "
            "deeper than the third line",
        ),
        Setting(
            "annotate.max_name_edits",
            annotate_actors.MAX_NAME_EDITS,
            "annotate",
            "one swap of two letters (optimal string alignment)",
        ),
        Setting(
            "annotate.min_quote_words",
            annotate_quotes.MIN_QUOTE_WORDS,
            "annotate",
            "shorter quoted spans are scare quotes or titles",
        ),
        Setting(
            "compare.align_similarity",
            claims.ALIGN_SIMILARITY,
            "compare",
            "example corpus: paraphrases 0.7-0.9, different facts 0.4-0.65",
        ),
        Setting(
            "compare.align_with_overlap",
            claims.ALIGN_WITH_OVERLAP,
            "compare",
            "with two shared names or a shared number",
        ),
        Setting(
            "compare.figure_open_bound_factor",
            figures.OPEN_BOUND_FACTOR,
            "compare",
            "'more than a million' compatible with 'around 1.5 million' (seeds)",
        ),
        Setting(
            "compare.figure_count_slack",
            figures.COUNT_SLACK,
            "compare",
            "'at least 212' conflicts with '240' the same day (example corpus)",
        ),
        Setting(
            "compare.distinctive_min_z",
            language.MIN_DISTINCTIVE_Z,
            "compare",
            "short articles rarely reach 1.96; the score is shown with each word",
        ),
        Setting(
            "summary.target_words",
            summary.TARGET_WORDS,
            "summary",
            "allsides-dev editors' summaries average 165 words; ROUGE-1 0.413 at 130, 0.420 at "
            "160, 0.420 at 190",
        ),
        Setting(
            "summary.quoted_share",
            summary.QUOTED_SHARE,
            "summary",
            "most of the sentence is someone else's words; allsides-dev ROUGE-1 0.418 at 0.3, "
            "0.420 at 0.5, 0.422 at 0.7",
        ),
    ]
