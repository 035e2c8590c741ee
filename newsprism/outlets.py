"""The outlet registry: who published each article, and where that outlet stands.

newsprism ships no ratings of real outlets. The user supplies a registry, a CSV or JSON
file with one row per outlet: its name, the web domains and other names it goes by, its
lean on a scale the file may define, its country, its owner and its kind (wire agency,
public broadcaster, state media, independent...). Articles are matched to an outlet by
the domain of their URL, or by their outlet field read as a name, an alias or a domain;
an article that matches none is listed as unmatched, never guessed.

A lean is either a label of the registry's scale (by default ``left, lean left, center,
lean right, right``) or a number (negative left, positive right, within ``center_band``
of zero the centre). Each lean falls on one of three *sides* (left, center, right): the
labels before the middle of the scale are left, after it right, the middle one (for a
scale of odd length) center. Sides are what coverage, blindspots and one-side claims are
counted in; the lean labels themselves are kept for display.

CSV columns (a header row is required; ``name`` and ``lean`` must be present, the others
may be): ``name, domains, aliases, lean, country, owner, kind``; ``domains`` and
``aliases`` hold several values separated by ``;``. JSON is either a list of objects
with the same keys (``domains`` and ``aliases`` as lists or ``;``-separated strings) or
an object ``{"scale": [...], "center_band": 0.0, "outlets": [...]}``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from .errors import UsageError
from .models import Article

Side = Literal["left", "center", "right"]
SIDES: tuple[Side, ...] = ("left", "center", "right")
DEFAULT_SCALE = ("left", "lean left", "center", "lean right", "right")
COLUMNS = ("name", "domains", "aliases", "lean", "country", "owner", "kind")
REQUIRED_COLUMNS = ("name", "lean")
# Values of one cell that hold several (domains, aliases) are separated by this.
LIST_SEPARATOR = ";"
# Registries are small (a few thousand outlets at most); a bigger file is a mistake.
MAX_REGISTRY_BYTES = 20_000_000

_NOT_NAME = re.compile(r"[^\w]+")
_DOMAIN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


class RegistryError(UsageError):
    """A registry file that cannot be used; the message names the file and the row."""


def outlet_key(name: str) -> str:
    """How outlet names are compared: case, punctuation and a leading 'The' ignored,
    so "The New York Times", "new york times" and "New-York Times" are one name."""
    words = _NOT_NAME.sub(" ", name.casefold()).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def label_key(label: str) -> str:
    """How lean labels are compared: case and spacing ignored, signs and punctuation
    kept (a scale may be "-2, -1, 0, 1, 2")."""
    return " ".join(label.casefold().split())


def lean_label(lean: str | float | None) -> str | None:
    """A lean as shown: its label, or its number without a trailing '.0'."""
    if lean is None:
        return None
    return lean if isinstance(lean, str) else f"{lean:g}"


def lean_order(scale: tuple[str, ...]) -> Callable[[str], tuple[int, float, str]]:
    """A sort key for shown leans: labels in the order of ``scale``, then numbers by
    value (left to right), then anything else."""
    position = {label_key(label): n for n, label in enumerate(scale)}

    def key(label: str) -> tuple[int, float, str]:
        if label_key(label) in position:
            return (0, position[label_key(label)], "")
        try:
            return (1, float(label), "")
        except ValueError:
            return (2, 0.0, label)

    return key


def domain_of(value: str) -> str | None:
    """The host a URL or a bare domain names, without 'www.' (None if it names none)."""
    text = value.strip().casefold()
    if "://" in text or text.startswith("//"):
        try:
            host = urlsplit(text if "://" in text else f"http:{text}").hostname or ""
        except ValueError:  # "http://[bad/": not a URL at all
            return None
    else:
        host = text.split("/", 1)[0].split(":", 1)[0]
    host = host.removeprefix("www.").rstrip(".")
    return host if _DOMAIN.match(host) else None


@dataclass(frozen=True)
class Outlet:
    """One outlet of the registry."""

    name: str
    domains: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    lean: str | float | None = None
    side: Side | None = None
    country: str | None = None
    owner: str | None = None
    kind: str | None = None


@dataclass
class Registry:
    """The outlets a user registered, and the lean scale their leans are on."""

    outlets: list[Outlet] = field(default_factory=list)
    scale: tuple[str, ...] = DEFAULT_SCALE
    center_band: float = 0.0
    _by_name: dict[str, Outlet] = field(default_factory=dict, init=False, repr=False)
    _by_domain: dict[str, Outlet] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for outlet in self.outlets:
            for key in (outlet_key(outlet.name), *(outlet_key(a) for a in outlet.aliases)):
                self._by_name.setdefault(key, outlet)
            for domain in outlet.domains:
                self._by_domain.setdefault(domain, outlet)

    def __len__(self) -> int:
        return len(self.outlets)

    def match(self, outlet: str | None, url: str | None = None) -> Outlet | None:
        """The registered outlet an article comes from: by its URL's domain (a
        subdomain counts: 'edition.cnn.com' is 'cnn.com'), else by its outlet field as a
        name, alias or domain; None when nothing matches."""
        for value in (url, outlet):
            host = domain_of(value) if value else None
            while host:
                if host in self._by_domain:
                    return self._by_domain[host]
                _, _, host = host.partition(".")
                if "." not in host:
                    break
        if outlet:
            return self._by_name.get(outlet_key(outlet))
        return None

    def to_json(self) -> str:
        """The registry as the JSON form ``load_registry`` reads (kept in the store)."""
        return json.dumps(
            {
                "scale": list(self.scale),
                "center_band": self.center_band,
                "outlets": [
                    {k: v for k, v in asdict(o).items() if k != "side" and v not in (None, ())}
                    for o in self.outlets
                ],
            },
            ensure_ascii=False,
        )


def side_of_lean(
    lean: str | float | None, scale: tuple[str, ...], center_band: float = 0.0
) -> Side | None:
    """Where a lean falls (left, center, right); None for no lean. A label must be on
    ``scale`` (compared by ``label_key``); the caller checks that."""
    if lean is None:
        return None
    if isinstance(lean, float | int):
        if abs(lean) <= center_band:
            return "center"
        return "left" if lean < 0 else "right"
    position = [label_key(label) for label in scale].index(label_key(lean))
    middle = (len(scale) - 1) / 2
    if position == middle:
        return "center"
    return "left" if position < middle else "right"


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    items = [str(v) for v in value] if isinstance(value, list) else str(value).split(LIST_SEPARATOR)
    return [item.strip() for item in items if item.strip()]


def _lean(raw: Any, scale: tuple[str, ...], where: str) -> str | float | None:
    """A lean as given: a label of the scale (matched first, so a scale may be made of
    numbers), else a finite number; anything else is a ``RegistryError``."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool) or not isinstance(raw, str | int | float):
        raise RegistryError(f"{where}: lean {raw!r} is neither a label of the scale nor a number")
    keys = {label_key(label): label for label in scale}
    text = str(raw).strip()
    if isinstance(raw, str) and label_key(text) in keys:
        return keys[label_key(text)]
    try:
        number = float(raw)
    except (ValueError, OverflowError):
        raise RegistryError(f"{where}: unknown lean {text!r} (scale: {', '.join(scale)})") from None
    if not math.isfinite(number):
        raise RegistryError(f"{where}: lean {text!r} is not a finite number")
    return number


def _outlet(row: dict[str, Any], scale: tuple[str, ...], band: float, where: str) -> Outlet:
    name = str(row.get("name") or "").strip()
    if not outlet_key(name):
        raise RegistryError(f"{where}: no name" + (f" in {name!r}" if name else ""))
    domains = []
    for value in _split(row.get("domains")):
        domain = domain_of(value)
        if domain is None:
            raise RegistryError(f"{where}: {value!r} is not a domain")
        domains.append(domain)
    lean = _lean(row.get("lean"), scale, where)

    def text(key: str) -> str | None:
        value = row.get(key)
        if isinstance(value, list | dict):
            raise RegistryError(f"{where}: {key} must be text, not {type(value).__name__}")
        return str(value).strip() or None if value is not None else None

    aliases = _split(row.get("aliases"))
    if any(not outlet_key(alias) for alias in aliases):
        raise RegistryError(f"{where}: an alias with no letters or digits")
    return Outlet(
        name=name,
        domains=tuple(dict.fromkeys(domains)),
        aliases=tuple(aliases),
        lean=lean,
        side=side_of_lean(lean, scale, band),
        country=text("country"),
        owner=text("owner"),
        kind=text("kind"),
    )


def _check_columns(columns: Iterable[str], where: str) -> None:
    columns = list(columns)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise RegistryError(
            f"{where}: unknown column {unknown[0]!r} (columns: {', '.join(COLUMNS)})"
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise RegistryError(f"{where}: missing column {', '.join(map(repr, missing))}")


def parse_registry(text: str, source: str = "<outlets>") -> Registry:
    """A registry from the text of a CSV or JSON file (JSON when it starts with ``[`` or
    ``{``); ``source`` names it in errors. Raises ``RegistryError`` naming the row."""
    stripped = text.lstrip("\ufeff \t\r\n")
    scale, band = DEFAULT_SCALE, 0.0
    rows: list[tuple[str, dict[str, Any]]] = []
    if stripped[:1] in "[{" and stripped:
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as error:
            raise RegistryError(f"{source}: not valid JSON ({error})") from None
        except (RecursionError, ValueError) as error:  # nesting too deep, huge integers
            raise RegistryError(f"{source}: not a usable JSON registry ({error})") from None
        entries = data
        if isinstance(data, dict):
            _check_keys(data, {"scale", "center_band", "outlets"}, source)
            raw_scale = data.get("scale", list(DEFAULT_SCALE))
            if (
                not isinstance(raw_scale, list)
                or len(raw_scale) < 2
                or not all(isinstance(s, str) and s.strip() for s in raw_scale)
            ):
                raise RegistryError(f"{source}: 'scale' must be a list of two or more labels")
            if len({label_key(s) for s in raw_scale}) < len(raw_scale):
                raise RegistryError(f"{source}: 'scale' names a label twice")
            scale = tuple(s.strip() for s in raw_scale)
            raw_band = data.get("center_band", 0.0)
            try:
                band = float(raw_band)
            except (TypeError, ValueError, OverflowError):
                band = -1.0
            if isinstance(raw_band, bool | str) or not math.isfinite(band) or band < 0:
                raise RegistryError(f"{source}: 'center_band' must be a number of 0 or more")
            entries = data.get("outlets")
        if not isinstance(entries, list):
            raise RegistryError(f"{source}: expected a list of outlets")
        for number, entry in enumerate(entries, start=1):
            where = f"{source}: outlet {number}"
            if not isinstance(entry, dict):
                raise RegistryError(f"{where}: expected an object")
            _check_keys(entry, set(COLUMNS), where)
            rows.append((where, entry))
    else:
        rows = _csv_rows(stripped, source)
    outlets: list[Outlet] = []
    seen_names: dict[str, str] = {}
    seen_domains: dict[str, str] = {}
    for where, row in rows:
        outlet = _outlet(row, scale, band, where)
        row_name = where.rsplit(": ", 1)[-1]
        own = {outlet_key(label): label for label in (outlet.name, *outlet.aliases)}
        for key, label in own.items():
            if key in seen_names:
                raise RegistryError(f"{where}: the name {label!r} is already {seen_names[key]}'s")
        seen_names.update(dict.fromkeys(own, row_name))
        for domain in outlet.domains:
            if domain in seen_domains:
                raise RegistryError(
                    f"{where}: the domain {domain!r} is already {seen_domains[domain]}'s"
                )
            seen_domains[domain] = row_name
        outlets.append(outlet)
    return Registry(outlets=outlets, scale=scale, center_band=band)


def _csv_rows(text: str, source: str) -> list[tuple[str, dict[str, Any]]]:
    """The rows of a CSV registry as (where, {column: cell}), the header checked."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[str, dict[str, Any]]] = []
    try:
        header = [cell.strip().casefold() for cell in next(reader, [])]
        while header and not header[-1]:  # a trailing separator, as spreadsheets write
            header.pop()
        if not any(header):
            raise RegistryError(f"{source}: empty (a header row naming the columns is needed)")
        _check_columns(header, f"{source}: header")
        twice = [c for c in dict.fromkeys(header) if header.count(c) > 1]
        if twice:
            raise RegistryError(f"{source}: header: the column {twice[0]!r} twice")
        for raw in reader:
            if not any(cell.strip() for cell in raw):
                continue
            where = f"{source}: row {reader.line_num}"
            while len(raw) > len(header) and not raw[-1].strip():
                raw = raw[:-1]
            if len(raw) > len(header):
                raise RegistryError(f"{where}: {len(raw)} cells for {len(header)} columns")
            rows.append((where, dict(zip(header, raw, strict=False))))
    except csv.Error as error:
        raise RegistryError(f"{source}: line {reader.line_num}: not CSV ({error})") from None
    return rows


def _check_keys(entry: dict[str, Any], known: set[str], where: str) -> None:
    unknown = sorted(set(entry) - known)
    if unknown:
        raise RegistryError(
            f"{where}: unknown key {unknown[0]!r} (keys: {', '.join(sorted(known))})"
        )
    missing = [c for c in REQUIRED_COLUMNS if c in known and c not in entry]
    if missing:
        raise RegistryError(f"{where}: missing key {', '.join(map(repr, missing))}")


def load_registry(path: str | Path) -> Registry:
    """Read a registry file (CSV or JSON). Raises ``RegistryError`` with a one-line
    message naming the file and, for a bad entry, its row."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_REGISTRY_BYTES:
            raise RegistryError(f"{path}: over {MAX_REGISTRY_BYTES:,} bytes; not a registry")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise RegistryError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise RegistryError(f"{path}: cannot be read ({error.strerror})") from None
    return parse_registry(text, str(path))


def match_outlets(articles: Iterable[Article], registry: Registry) -> dict[str, Outlet]:
    """The registry outlet of each article that matches one, by article id."""
    matched = {}
    for article in articles:
        outlet = registry.match(article.outlet, article.url)
        if outlet is not None:
            matched[article.id] = outlet
    return matched


def unmatched_outlets(articles: Iterable[Article], matched: dict[str, Outlet]) -> Counter[str]:
    """Articles no registry outlet matched, counted by what they name as their outlet
    (their outlet field, else their URL's domain, else '(no outlet)'), for the user to
    add to the registry."""
    return Counter(
        article.outlet or (domain_of(article.url) if article.url else None) or "(no outlet)"
        for article in articles
        if article.id not in matched
    )


def matching_summary(articles: list[Article], registry: Registry) -> str:
    """One line on how the articles matched the registry, naming the unmatched outlets."""
    matched = match_outlets(articles, registry)
    line = (
        f"outlets: {len(matched)} of {len(articles)} articles matched to "
        f"{len({o.name for o in matched.values()})} of the registry's {len(registry)} outlets"
    )
    missing = unmatched_outlets(articles, matched)
    if missing:
        shown = ", ".join(f"{name} ({count})" for name, count in missing.most_common(8))
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        line += f"; not in the registry: {shown}{more}"
    return line
