"""Every setting of the pipeline in one place: name, value, and where it comes from.

The settings of the stages that ``analyze`` runs (``embed``, ``cluster``,
``provenance``, ``outlets``, ``compare``, ``summary``) are the fields of their options dataclasses,
read from the dataclasses themselves (``newsprism.options``): ``newsprism config
--explain`` shows what actually runs, with the data each was calibrated on and the score
it reached there, and ``--set section.name=value`` changes any of them for one run.

The settings of the stages that run when articles come in (``read``, ``clean``,
``annotate``) are fixed for a store: its cleaned texts and cached annotations were made
with them, so they are listed here, read from their modules, but
changed only in the code (reading limits per run with ``--limit NAME=VALUE``).
"""

from __future__ import annotations

from dataclasses import fields

from . import clean, normalize
from .annotate import actors as annotate_actors
from .annotate import gazetteer
from .annotate import quotes as annotate_quotes
from .options import Setting, registered
from .read import LIMITS, ReadOptions

__all__ = ["FIXED_SECTIONS", "Setting", "settable", "settings"]

# Sections that ``--set`` does not change, and why.
FIXED_SECTIONS = {
    "read": "reading limits are set with --limit NAME=VALUE",
    "clean": "cleaning runs when articles are ingested; the store keeps the cleaned texts",
    "annotate": "annotations are cached in the store by annotation version",
}


def _analysis_settings() -> list[Setting]:
    from .analyze import AnalyzeOptions  # analyze imports this module's users

    options = AnalyzeOptions()
    return [
        setting
        for section in fields(options)
        for setting in registered(section.name, getattr(options, section.name))
    ]


def settable() -> list[str]:
    """The names ``--set`` accepts: every setting of the analysis stages."""
    return [setting.name for setting in _analysis_settings()]


def settings() -> list[Setting]:
    """The pipeline's settings with their values and why: the reading limits, the
    analysis stages' options, and the settings fixed at ingest."""
    read = ReadOptions()
    limits = [
        Setting(f"read.{name}", getattr(read, name), "read", why) for name, why in LIMITS.items()
    ]
    return [*limits, *_analysis_settings(), *_fixed_settings()]


def _fixed_settings() -> list[Setting]:
    return [
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
            "timestamp lines are looked for in the title and this many leading paragraphs: on ecb-dev they stand above or below the headline in 164 of 445 texts, never deeper than the third line",
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
            "annotate.min_seat_population",
            gazetteer.MIN_SEAT_POPULATION,
            "annotate",
            "a city this large (GeoNames) can stand for its state in 'the X regime'; smaller "
            "namesakes elsewhere are not taken for another country's seat (tests/test_annotate.py)",
        ),
        Setting(
            "clean.max_stamp_words",
            normalize.MAX_STAMP_WORDS,
            "clean",
            "the longest timestamp lines on ecb-dev have 13-14 words ('on April 30, 2008 at 4:31 "
            "AM, updated April 30, 2008 at 8:33 AM'); headlines that state a date are refused by "
            "what is left once the date is read, not by length",
        ),
    ]
