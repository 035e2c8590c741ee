"""JSON and JSONL exports: one article per record, with a configurable field mapping."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import LimitExceeded, ReadError
from ..models import RawArticle, Rejection
from ..normalize import normalize_date, normalize_space
from .html import fragment_to_text, looks_like_html
from .limits import check_json_depth, limit_rejection
from .options import ReadOptions

# Keys under which exports commonly nest their list of records.
_LIST_KEYS = ("articles", "items", "data", "records", "results", "documents", "entries")


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_name(value: Any) -> str | None:
    """Outlet or author fields come as strings, lists of strings or {'name': ...} objects."""
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name") or value.get("title") or value.get("id")
    if isinstance(value, list):
        names = [_as_name(item) for item in value]
        value = ", ".join(name for name in names if name)
    return normalize_space(str(value)) or None


def record_to_article(
    record: Any, location: str, options: ReadOptions, fmt: str = "json"
) -> RawArticle | Rejection:
    """Map one JSON record to a ``RawArticle``, or say why it cannot be one."""
    if not isinstance(record, dict):
        return Rejection(location, f"record is a JSON {type(record).__name__}, not an object")
    text = _pick(record, options.candidates("text"))
    if not isinstance(text, str) or not text.strip():
        tried = ", ".join(options.candidates("text"))
        return Rejection(location, f"record has no text (looked for: {tried})")
    if looks_like_html(text):
        text = fragment_to_text(text)
        if not text.strip():
            return Rejection(location, "record has no text (its HTML holds none)")
    title = _pick(record, options.candidates("title"))
    known = {
        key
        for name in ("title", "text", "url", "date", "outlet", "author", "language", "id")
        for key in options.candidates(name)
    }
    extra = {
        str(key): value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        for key, value in record.items()
        if key not in known and value is not None
    }
    external_id = _pick(record, options.candidates("id"))
    return RawArticle(
        body=text,
        source_path=location,
        format=fmt,
        title=normalize_space(str(title)) if title else None,
        url=_as_name(_pick(record, options.candidates("url"))),
        outlet=_as_name(_pick(record, options.candidates("outlet"))),
        author=_as_name(_pick(record, options.candidates("author"))),
        published=normalize_date(_pick(record, options.candidates("date"))),
        language=_as_name(_pick(record, options.candidates("language"))),
        external_id=str(external_id) if external_id is not None else None,
        metadata=extra,
    )


def _records_of(document: Any) -> list[Any]:
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        for key in _LIST_KEYS:
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return [document]


def read_json(text: str, location: str, options: ReadOptions) -> Iterator[RawArticle | Rejection]:
    """Read a JSON document (one record, a list, or a list under a usual key)."""
    check_json_depth(text, location, options)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        if error.msg == "Extra data":  # several values: it is JSON Lines after all
            yield from read_jsonl(text, location, options)
            return
        raise ReadError(location, f"invalid JSON at line {error.lineno} ({error.msg})") from None
    except RecursionError:
        raise ReadError(location, "JSON nested too deeply") from None
    records = _records_of(document)
    if not records:
        raise ReadError(location, "JSON holds no records")
    for index, record in enumerate(records):
        yield record_to_article(record, f"{location}#{index}", options)


def read_jsonl(text: str, location: str, options: ReadOptions) -> Iterator[RawArticle | Rejection]:
    """Read JSON Lines: one record per line; a bad line is rejected on its own."""
    found = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        found = True
        where = f"{location}:{number}"
        try:
            check_json_depth(line, where, options)
            record = json.loads(line)
        except LimitExceeded as error:
            yield limit_rejection(error)
            continue
        except json.JSONDecodeError as error:
            yield Rejection(where, f"invalid JSON ({error.msg} at column {error.colno})")
            continue
        except RecursionError:
            yield Rejection(where, "JSON nested too deeply")
            continue
        yield record_to_article(record, where, options, fmt="json")
    if not found:
        raise ReadError(location, "empty JSON Lines file")
