"""The embedded SQLite store: articles, the inputs already ingested, and template statistics.

The file is opened in WAL mode and every input is written in one transaction together
with the row that marks it done, so a process killed at any point leaves either all of
an input's articles or none of them, and a rerun picks up where the last one stopped.

The schema is made and upgraded by ordered steps (``MIGRATIONS``): opening a store of an
older version upgrades it in place, in one transaction; one of a newer version is
refused, untouched (``migrate``).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from .annotation import Annotation
from .clean import LineStats, site_of, template_candidates
from .errors import StoreError
from .models import Article, Correction
from .outlets import SIDES, Registry, lean_order, parse_registry
from .report import Provenance, Story, StoryListing

# The facets of ``story_facets`` a story list can be filtered by, as the web names them.
FACETS = ("side", "lean", "country", "owner")

DEFAULT_DB = "newsprism.db"


# --- schema -----------------------------------------------------------------------------
# The schema is made by ordered migration steps: a new store runs them all, an older
# store the ones after its version, so both end with the same tables. A change to the
# schema is a new step at the end (never an edit of an earlier one) with the next
# version; ``SCHEMA_VERSION`` follows.
#
# Some early changes were made without a version bump (a store of one version can have
# any of its forms): each is part of the next step, written to leave a store that has it
# already as it is. Version 1 gained ``articles.credit_kind`` and the annotation and
# vector caches; version 2 prefix indexes of ``story_search``, ``story_outlets`` and
# ``article_search``; version 3 the indexes by storyline and by story.

_V1_ARTICLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    source_path TEXT NOT NULL,
    url TEXT,
    title TEXT,
    text TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    outlet TEXT,
    credited_outlet TEXT,
    author TEXT,
    dateline TEXT,
    published TEXT,
    language TEXT,
    boilerplate_removed TEXT NOT NULL DEFAULT '[]',
    format TEXT NOT NULL,
    external_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{}',
    ingested_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE TABLE IF NOT EXISTS sources (
    fingerprint TEXT PRIMARY KEY,
    location TEXT NOT NULL,
    articles INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    finished_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS site_lines (
    site TEXT NOT NULL,
    line_key TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (site, line_key)
);
CREATE TABLE IF NOT EXISTS sites (site TEXT PRIMARY KEY, articles INTEGER NOT NULL);
"""

# Version 1's later form: the credit's kind, and the caches of annotations and vectors.
_V1_CACHES = """
CREATE TABLE IF NOT EXISTS annotations (
    article_id TEXT PRIMARY KEY REFERENCES articles(id),
    version INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS vectors (
    article_id TEXT NOT NULL,
    model TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (article_id, model)
);
"""

# The catalog: the stories among the stored articles, with their comparisons, kept
# current by ``newsprism.catalog.refresh_stories`` after every ingest. ``story_search``
# as version 2 first made it (without prefix indexes; the next step adds them).
_V2_CATALOG = """
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    storyline TEXT NOT NULL,
    title TEXT NOT NULL,
    articles INTEGER NOT NULL,
    outlets INTEGER NOT NULL,
    outlet_list TEXT NOT NULL,
    contested INTEGER NOT NULL,
    first_published TEXT,
    last_published TEXT,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS stories_newest ON stories(last_published);
CREATE INDEX IF NOT EXISTS stories_biggest ON stories(articles);
CREATE TABLE IF NOT EXISTS story_articles (
    article_id TEXT PRIMARY KEY,
    story_id TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS provenance (article_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS story_search USING fts5(
    story_id UNINDEXED, title, summary, actors, outlets, tokenize='unicode61 remove_diacritics 2'
);
"""

# Word-prefix search of stories (``prefix='2 3'``), and what lists stories by outlet.
_STORY_SEARCH = """
CREATE VIRTUAL TABLE {name} USING fts5(
    story_id UNINDEXED, title, summary, actors, outlets,
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
)"""
_V2_OUTLETS = """
CREATE TABLE IF NOT EXISTS story_outlets (
    outlet TEXT NOT NULL,
    story_id TEXT NOT NULL,
    PRIMARY KEY (outlet, story_id)
);
"""
_V2_ARTICLE_SEARCH = """
CREATE VIRTUAL TABLE IF NOT EXISTS article_search USING fts5(
    article_id UNINDEXED, title, outlet, tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
"""
# The title and outlet index gains the articles it lacks (``Store._index_articles``).
_INDEX_NEW_ARTICLES = (
    "INSERT INTO article_search SELECT id, COALESCE(title, ''), COALESCE(outlet, '') "
    "FROM articles WHERE id NOT IN (SELECT article_id FROM article_search)"
)

_V3_CORRECTIONS = """
CREATE TABLE IF NOT EXISTS story_corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')),
    article_ids TEXT NOT NULL,
    created TEXT NOT NULL
);
"""

_V4_REGISTRY = """
-- Version 3's later form: the storylines' timelines and deletes by story.
CREATE INDEX IF NOT EXISTS stories_storyline ON stories(storyline, first_published);
CREATE INDEX IF NOT EXISTS story_articles_story ON story_articles(story_id);
CREATE INDEX IF NOT EXISTS story_outlets_story ON story_outlets(story_id);
-- The user's outlet registry (``newsprism outlets import``): one row, its JSON form.
CREATE TABLE IF NOT EXISTS outlet_registry (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    data TEXT NOT NULL,
    source TEXT NOT NULL,
    imported TEXT NOT NULL
);
-- What the story list filters and draws coverage bars by: per story, articles per side,
-- lean, country and owner, its blindspot ('blindspot', side, articles) and how many of
-- its articles no registry outlet matched ('unmatched', '', articles).
CREATE TABLE IF NOT EXISTS story_facets (
    story_id TEXT NOT NULL,
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (facet, value, story_id)
);
CREATE INDEX IF NOT EXISTS story_facets_story ON story_facets(story_id);
"""

# Annotations cached per annotation settings (``AnnotateOptions.cache_key``, '' for the
# defaults): a run with ``--set annotate.*`` keeps its own beside the defaults'.
_V5_ANNOTATION_SETTINGS = """
CREATE TABLE annotations_by_settings (
    article_id TEXT NOT NULL REFERENCES articles(id),
    settings TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (article_id, settings)
);
INSERT INTO annotations_by_settings (article_id, settings, version, data)
    SELECT article_id, '', version, data FROM annotations;
DROP TABLE annotations;
ALTER TABLE annotations_by_settings RENAME TO annotations;
"""


def _run_script(db: sqlite3.Connection, script: str) -> None:
    """Run the statements of ``script`` one by one: inside the caller's transaction
    (``executescript`` would commit it first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    leftover = [line for line in statement.splitlines() if line.strip()[:2] not in ("", "--")]
    if leftover:
        raise ValueError(f"incomplete SQL statement: {leftover[0].strip()[:80]}")


def _has_table(db: sqlite3.Connection, name: str) -> bool:
    query = "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"
    return db.execute(query, (name,)).fetchone() is not None


def _to_v2(db: sqlite3.Connection) -> None:
    """Version 1's later form (the credit's kind, the caches), then the catalog."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    if "credit_kind" not in columns:
        db.execute("ALTER TABLE articles ADD COLUMN credit_kind TEXT")
    _run_script(db, _V1_CACHES)
    _run_script(db, _V2_CATALOG)


def _to_v3(db: sqlite3.Connection) -> None:
    """Version 2's later form, then story corrections: the story index searched by word
    prefixes (rebuilt with its rows where it was made without), the stories of each
    outlet and the article index (filled as a catalog save fills them)."""
    row = db.execute("SELECT sql FROM sqlite_master WHERE name='story_search'").fetchone()
    if "prefix" not in row[0]:
        db.execute(_STORY_SEARCH.format(name="story_search_prefixed"))
        db.execute(
            "INSERT INTO story_search_prefixed (story_id, title, summary, actors, outlets) "
            "SELECT story_id, title, summary, actors, outlets FROM story_search"
        )
        db.execute("DROP TABLE story_search")
        db.execute("ALTER TABLE story_search_prefixed RENAME TO story_search")
    if not _has_table(db, "story_outlets"):
        _run_script(db, _V2_OUTLETS)
        for story_id, outlets in db.execute("SELECT id, outlet_list FROM stories").fetchall():
            db.executemany(
                "INSERT OR IGNORE INTO story_outlets VALUES (?, ?)",
                [(outlet, story_id) for outlet in json.loads(outlets)],
            )
    if not _has_table(db, "article_search"):
        _run_script(db, _V2_ARTICLE_SEARCH)
        # as the last catalog save would have made it (none: the next one fills it)
        if db.execute("SELECT 1 FROM stories LIMIT 1").fetchone():
            db.execute(_INDEX_NEW_ARTICLES)
    _run_script(db, _V3_CORRECTIONS)


@dataclass(frozen=True)
class Migration:
    """One step of the schema: it takes a store of version ``version - 1`` to
    ``version``. ``change`` is SQL (statements separated by ``;``) or a function of the
    connection; either runs inside the upgrade's transaction and must not commit."""

    version: int
    description: str
    change: str | Callable[[sqlite3.Connection], None]

    def apply(self, db: sqlite3.Connection) -> None:
        if isinstance(self.change, str):
            _run_script(db, self.change)
        else:
            self.change(db)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles, ingested inputs, template statistics", _V1_ARTICLES),
    Migration(
        2,
        "the story catalog: stories, their articles, provenance, story search "
        "(and version 1's credit kinds, annotation and vector caches)",
        _to_v2,
    ),
    Migration(
        3,
        "story corrections (and version 2's prefix search, stories by outlet, article search)",
        _to_v3,
    ),
    Migration(
        4,
        "the outlet registry and stories' coverage facets "
        "(and version 3's indexes by storyline and by story)",
        _V4_REGISTRY,
    ),
    Migration(5, "annotations cached per annotation settings", _V5_ANNOTATION_SETTINGS),
)
SCHEMA_VERSION = MIGRATIONS[-1].version


def schema_version(db: sqlite3.Connection) -> int:
    """The schema version a store's connection records: 0 for a new (empty) file."""
    if not _has_table(db, "meta"):
        return 0
    row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    if row is None:
        return 0
    try:
        return int(row[0])
    except ValueError:
        raise sqlite3.DatabaseError(f"schema version {row[0]!r} is not a number") from None


def _newer(path: Path, version: int) -> StoreError:
    return StoreError(
        f"{path}: store schema {version} is newer than this newsprism ({SCHEMA_VERSION}); "
        "upgrade newsprism"
    )


def migrate(db: sqlite3.Connection, path: Path, target: int = SCHEMA_VERSION) -> list[int]:
    """Upgrade the store open on ``db`` (the file ``path``) to schema ``target`` in
    place, running each step after its version in order; the versions of the steps run
    are returned (none when it is there already).

    Every step runs in one transaction, which records the version reached after each
    step: a store is upgraded all the way or, if a step fails or the process dies, not
    at all. The version is read again inside the transaction (``BEGIN IMMEDIATE``, the
    write lock), so two processes opening an old store upgrade it once. A store of a
    newer schema than this code knows is refused (``StoreError``), untouched.

    The version is the ``schema_version`` row of the ``meta`` table, where every
    newsprism release has kept it: a release older than a store reads it there and
    refuses the store rather than writing into tables it does not know (``PRAGMA
    user_version``, which they never read, would not stop them), and the row changes in
    the same transaction as the tables it describes.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(db)
        if version > SCHEMA_VERSION:
            raise _newer(path, version)
        applied = []
        for step in MIGRATIONS:
            if version < step.version <= target:
                step.apply(db)
                db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", (str(step.version),)
                )
                applied.append(step.version)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return applied


_ARTICLE_COLUMNS = (
    "id",
    "source_path",
    "url",
    "title",
    "text",
    "raw_text",
    "outlet",
    "credited_outlet",
    "credit_kind",
    "author",
    "dateline",
    "published",
    "language",
    "boilerplate_removed",
    "format",
    "external_id",
    "metadata",
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_LISTING_COLUMNS = (
    "id, storyline, title, articles, outlet_list, contested, first_published, last_published"
)


def _listing(row: tuple) -> StoryListing:
    """A ``StoryListing`` from a row of ``_LISTING_COLUMNS``."""
    return StoryListing(
        id=row[0],
        storyline=row[1],
        title=row[2],
        articles=row[3],
        outlets=json.loads(row[4]),
        contested=row[5],
        first_published=row[6],
        last_published=row[7],
    )


class Store:
    """An SQLite file holding articles. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path = DEFAULT_DB) -> None:
        """Open the store at ``path``, made if it does not exist and upgraded in place if
        its schema is older (``migrate``); one of a newer schema is refused."""
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except sqlite3.Error as error:
            raise StoreError(f"{self.path}: not a usable newsprism store ({error})") from None
        try:
            # before anything is written: a newer store is left as it is
            version = schema_version(self.db)
            if version > SCHEMA_VERSION:
                raise _newer(self.path, version)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            if version < SCHEMA_VERSION:
                migrate(self.db, self.path)
        except sqlite3.DatabaseError as error:
            self.db.close()
            raise StoreError(f"{self.path}: not a usable newsprism store ({error})") from None
        except BaseException:
            self.db.close()
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside land together or not at all. A transaction opened inside
        another one joins it (so cache writes can be grouped with other writes)."""
        if self.db.in_transaction:
            yield
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    # --- articles --------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        """True when an article with this id is stored."""
        return (
            self.db.execute("SELECT 1 FROM articles WHERE id=?", (article_id,)).fetchone()
            is not None
        )

    def add(self, article: Article) -> bool:
        """Insert one article unless its id is stored already; True when it was new.

        Call inside ``transaction()`` to group it with other writes.
        """
        values = article.model_dump(include=set(_ARTICLE_COLUMNS) - {"raw_text"})
        values["raw_text"] = article.raw_text
        values["boilerplate_removed"] = json.dumps(article.boilerplate_removed, ensure_ascii=False)
        values["metadata"] = json.dumps(article.metadata, ensure_ascii=False, sort_keys=True)
        cursor = self.db.execute(
            f"INSERT OR IGNORE INTO articles ({', '.join(_ARTICLE_COLUMNS)}, ingested_at) "
            f"VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))}, ?)",
            [values[column] for column in _ARTICLE_COLUMNS] + [_now()],
        )
        if cursor.rowcount == 1:
            self._count_lines(article)
            return True
        return False

    def put(self, article: Article) -> bool:
        """Insert an article, or replace what cleaning made of a stored one with the same
        id (same raw text, so its template counts stay as they are); True when new. When
        the cleaned text changes, the annotations and vectors cached for the old one go.

        For a rerun that cleans again with other template statistics. Call inside
        ``transaction()`` to group it with other writes.
        """
        if self.add(article):
            return True
        (stored_text,) = self.db.execute(
            "SELECT text FROM articles WHERE id=?", (article.id,)
        ).fetchone()
        if stored_text != article.text:
            # what was made of the old text, under any settings, no longer describes it
            self.db.execute("DELETE FROM annotations WHERE article_id=?", (article.id,))
            self.db.execute("DELETE FROM vectors WHERE article_id=?", (article.id,))
        values = article.model_dump(include=set(_ARTICLE_COLUMNS) - {"raw_text", "id"})
        values["boilerplate_removed"] = json.dumps(article.boilerplate_removed, ensure_ascii=False)
        values["metadata"] = json.dumps(article.metadata, ensure_ascii=False, sort_keys=True)
        columns = [c for c in _ARTICLE_COLUMNS if c not in ("id", "raw_text")]
        self.db.execute(
            f"UPDATE articles SET {', '.join(f'{c}=?' for c in columns)} WHERE id=?",
            [values[c] for c in columns] + [article.id],
        )
        return False

    def _count_lines(self, article: Article) -> None:
        site = site_of(article.outlet, article.url)
        self.db.execute(
            "INSERT INTO sites VALUES (?, 1) ON CONFLICT(site) DO UPDATE SET articles=articles+1",
            (site,),
        )
        self.db.executemany(
            "INSERT INTO site_lines VALUES (?, ?, 1) "
            "ON CONFLICT(site, line_key) DO UPDATE SET articles=articles+1",
            [(site, key) for key in template_candidates(article.raw_text)],
        )

    def get(self, article_id: str) -> Article | None:
        """The stored article with this id (a unique prefix of it is enough)."""
        rows = self.db.execute(
            f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles WHERE id LIKE ? LIMIT 2",
            (article_id.replace("%", "").replace("_", "") + "%",),
        ).fetchall()
        return _row_to_article(rows[0]) if len(rows) == 1 else None

    def articles(self, ids: Iterable[str] | None = None) -> list[Article]:
        """Stored articles in ingest order, all or those with the given ids."""
        query = f"SELECT {', '.join(_ARTICLE_COLUMNS)} FROM articles"
        if ids is None:
            rows = self.db.execute(query + " ORDER BY rowid").fetchall()
        else:
            rows = self._run_in(query + " WHERE id IN ({}) ORDER BY rowid", ids)
        return [_row_to_article(row) for row in rows]

    def _run_in(self, query: str, ids: Iterable[str], *before: object) -> list[tuple]:
        """Runs ``query``, whose ``IN ({})`` takes the ids (after the ``before``
        parameters), 500 ids at a time (SQLite caps the parameters of one statement), and
        returns the rows it selected."""
        wanted = list(ids)
        rows: list[tuple] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows += self.db.execute(query.format(marks), [*before, *chunk]).fetchall()
        return rows

    def count(self) -> int:
        """Number of stored articles."""
        return self.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    # --- inputs ----------------------------------------------------------------------
    def source_done(self, fingerprint: str) -> bool:
        """True when this exact input (same path, size and mtime) was ingested fully."""
        query = "SELECT 1 FROM sources WHERE fingerprint=?"
        return self.db.execute(query, (fingerprint,)).fetchone() is not None

    def mark_source_done(
        self, fingerprint: str, location: str, articles: int, rejected: int
    ) -> None:
        """Record an input as fully ingested (inside the transaction that stored it)."""
        self.db.execute(
            "INSERT OR REPLACE INTO sources VALUES (?, ?, ?, ?, ?)",
            (fingerprint, location, articles, rejected, _now()),
        )

    # --- annotation cache -------------------------------------------------------------
    def annotations(
        self, ids: Iterable[str], version: int, settings: str = ""
    ) -> dict[str, Annotation]:
        """Cached annotations of these articles made by annotator ``version`` with
        ``settings`` (``AnnotateOptions.cache_key``: '' for the defaults)."""
        query = "SELECT data FROM annotations WHERE version=? AND settings=? AND article_id IN ({})"
        annotations = [
            Annotation.model_validate_json(data)
            for (data,) in self._run_in(query, ids, version, settings)
        ]
        return {annotation.article_id: annotation for annotation in annotations}

    def annotated(self, ids: Iterable[str], version: int, settings: str = "") -> set[str]:
        """Which of these articles have a cached annotation of annotator ``version`` made
        with ``settings`` (none is read)."""
        query = "SELECT article_id FROM annotations WHERE version=? AND settings=? AND article_id IN ({})"
        return {article_id for (article_id,) in self._run_in(query, ids, version, settings)}

    def save_annotations(self, annotations: Iterable[Annotation], settings: str = "") -> None:
        """Cache annotations made with ``settings``, replacing those of the same
        settings and every older annotator version's."""
        rows = [(a.article_id, settings, a.version, a.model_dump_json()) for a in annotations]
        with self.transaction():
            self.db.executemany(
                "DELETE FROM annotations WHERE article_id=? AND version<?",
                [(article_id, version) for article_id, _, version, _ in rows],
            )
            self.db.executemany(
                "INSERT OR REPLACE INTO annotations (article_id, settings, version, data) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )

    def vectors(self, ids: list[str], model: str) -> dict[str, np.ndarray]:
        """Cached document vectors of these articles for encoder ``model``."""
        query = "SELECT article_id, vector FROM vectors WHERE model=? AND article_id IN ({})"
        return {
            article_id: np.frombuffer(blob, dtype=np.float32)
            for article_id, blob in self._run_in(query, ids, model)
        }

    def vector_sizes(self, ids: list[str], model: str) -> dict[str, int]:
        """How many float32 values each cached vector of these articles for ``model``
        holds (none is read)."""
        query = (
            "SELECT article_id, length(vector) FROM vectors WHERE model=? AND article_id IN ({})"
        )
        return {article_id: size // 4 for article_id, size in self._run_in(query, ids, model)}

    def save_vectors(self, vectors: dict[str, np.ndarray], model: str) -> None:
        """Cache document vectors for encoder ``model``."""
        with self.transaction():
            self.db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)",
                [(i, model, v.astype(np.float32).tobytes()) for i, v in vectors.items()],
            )

    # --- the story catalog ------------------------------------------------------------
    def catalog_inputs(self) -> tuple[int, int, int, str]:
        """What a catalog is computed from, in a form that changes whenever it does:
        the number of articles, the newest article's row, the number of corrections
        (articles and corrections are only ever added) and when the outlet registry was
        last imported."""
        articles, newest = self.db.execute("SELECT COUNT(*), MAX(rowid) FROM articles").fetchone()
        corrections = self.db.execute("SELECT COUNT(*) FROM story_corrections").fetchone()[0]
        row = self.db.execute("SELECT imported FROM outlet_registry").fetchone()
        return articles, newest or 0, corrections, row[0] if row else ""

    def save_registry(self, registry: Registry, source: str) -> None:
        """Keep ``registry`` (read from ``source``) as the store's outlet registry,
        replacing any before; the next catalog refresh uses it."""
        self.db.execute(
            "INSERT OR REPLACE INTO outlet_registry VALUES (1, ?, ?, ?)",
            (registry.to_json(), source, datetime.now(UTC).isoformat(timespec="microseconds")),
        )

    def registry(self) -> Registry | None:
        """The store's outlet registry, if one was imported."""
        row = self.db.execute("SELECT data, source FROM outlet_registry").fetchone()
        return parse_registry(row[0], f"the store's registry (from {row[1]})") if row else None

    def save_catalog(
        self,
        stories: Iterable[Story],
        provenance: Mapping[str, Provenance],
        computed_from: tuple[int, int, int, str] | None = None,
        registry: str | None = None,
    ) -> bool:
        """Make these stories (with their comparisons) and the provenance of every article
        the catalog, in one transaction. Only what differs from the stored catalog is
        written: stories that are new or changed, stories that are gone, provenance that
        changed — a refresh that recomputed one story rewrites that story, not the whole
        catalog. With ``computed_from`` (``catalog_inputs()`` as they were read), nothing
        is written if articles or corrections were added since — a catalog of fewer
        articles would replace a newer one — and False is returned. ``registry`` is the
        JSON form of the outlet registry the stories were compared with ('' for none),
        kept with them (``catalog_registry``)."""
        with self.transaction():
            # inside the write transaction: no ingest can commit between check and write
            if computed_from is not None and self.catalog_inputs() != computed_from:
                return False
            self._write_stories(list(stories))
            self._write_provenance(provenance)
            self._index_articles()
            if registry is not None:
                self.db.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('catalog_registry', ?)", (registry,)
                )
        return True

    def catalog_registry(self) -> str:
        """The JSON form of the outlet registry the catalog was compared with ('' for
        none, or for a catalog saved before registries were kept)."""
        row = self.db.execute("SELECT value FROM meta WHERE key='catalog_registry'").fetchone()
        return row[0] if row else ""

    def _write_stories(self, stories: list[Story]) -> None:
        stored = dict(self.db.execute("SELECT id, data FROM stories"))
        data = {story.id: story.model_dump_json() for story in stories}
        changed = [story for story in stories if stored.get(story.id) != data[story.id]]
        stale = [story_id for story_id in stored if story_id not in data]
        stale += [story.id for story in changed if story.id in stored]
        # one pass over each table, however many stories are stale (the search index
        # cannot be looked up by story)
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS stale_stories (id TEXT PRIMARY KEY)")
        self.db.executemany("INSERT OR IGNORE INTO stale_stories VALUES (?)", [(i,) for i in stale])
        for table, column in (
            ("stories", "id"),
            ("story_articles", "story_id"),
            ("story_outlets", "story_id"),
            ("story_search", "story_id"),
            ("story_facets", "story_id"),
        ):
            self.db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT id FROM stale_stories)")
        self.db.execute("DELETE FROM stale_stories")
        self.db.executemany(
            "INSERT INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    listing.id,
                    listing.storyline,
                    listing.title,
                    listing.articles,
                    len(listing.outlets),
                    json.dumps(listing.outlets, ensure_ascii=False),
                    listing.contested,
                    listing.first_published,
                    listing.last_published,
                    data[story.id],
                )
                for story in changed
                for listing in (StoryListing.of(story),)
            ],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO story_articles VALUES (?, ?)",
            [(article_id, story.id) for story in changed for article_id in story.article_ids],
        )
        self.db.executemany(
            "INSERT OR IGNORE INTO story_outlets VALUES (?, ?)",
            [(outlet, story.id) for story in changed for outlet in story.outlets],
        )
        self.db.executemany(
            "INSERT INTO story_search VALUES (?, ?, ?, ?, ?)",
            [
                (
                    story.id,
                    story.title,
                    " ".join(sentence.text for sentence in story.summary),
                    " ".join(
                        [f.actor for f in story.framing]
                        + [term for f in story.framing for a in f.labels for term in a.terms]
                        + [q.speaker for q in story.quotes]
                    ),
                    " ".join(story.outlets),
                )
                for story in changed
            ],
        )

        self.db.executemany(
            "INSERT OR IGNORE INTO story_facets VALUES (?, ?, ?, ?)",
            [row for story in changed for row in _facet_rows(story)],
        )

    def _write_provenance(self, provenance: Mapping[str, Provenance]) -> None:
        stored = dict(self.db.execute("SELECT article_id, data FROM provenance"))
        data = {article_id: kind.model_dump_json() for article_id, kind in provenance.items()}
        self._run_in(
            "DELETE FROM provenance WHERE article_id IN ({})",
            [article_id for article_id in stored if article_id not in data],
        )
        self.db.executemany(
            "INSERT OR REPLACE INTO provenance VALUES (?, ?)",
            [(i, json_text) for i, json_text in data.items() if stored.get(i) != json_text],
        )

    def _index_articles(self) -> None:
        """The title and outlet index follows the articles: rows of articles whose title
        or outlet changed (``put``) are replaced, new articles gain one."""
        self.db.execute(
            "DELETE FROM article_search WHERE rowid IN (SELECT s.rowid FROM article_search s "
            "LEFT JOIN articles a ON a.id = s.article_id WHERE a.id IS NULL "
            "OR s.title != COALESCE(a.title, '') OR s.outlet != COALESCE(a.outlet, ''))"
        )
        self.db.execute(_INDEX_NEW_ARTICLES)

    def add_correction(self, correction: Correction) -> None:
        """Record a user's correction of the stories; every later clustering applies it."""
        self.db.execute(
            "INSERT INTO story_corrections (kind, article_ids, created) VALUES (?, ?, ?)",
            (correction.kind, json.dumps(list(correction.article_ids)), _now()),
        )

    def corrections(self) -> list[Correction]:
        """The recorded corrections, oldest first (the order they are applied in)."""
        rows = self.db.execute("SELECT kind, article_ids FROM story_corrections ORDER BY id")
        return [Correction(kind, tuple(json.loads(ids))) for kind, ids in rows]

    def catalog_stories(self, ids: Iterable[str] | None = None) -> dict[str, Story]:
        """Stories of the catalog by id: all, or those with the given ids."""
        if ids is None:
            rows = self.db.execute("SELECT data FROM stories").fetchall()
        else:
            rows = self._run_in("SELECT data FROM stories WHERE id IN ({})", ids)
        stories = [Story.model_validate_json(data) for (data,) in rows]
        return {story.id: story for story in stories}

    def uncatalogued(self) -> int:
        """Number of stored articles the catalog does not place in a story yet."""
        query = (
            "SELECT COUNT(*) FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)"
        )
        return self.db.execute(query).fetchone()[0]

    def story(self, story_id: str) -> Story | None:
        """The catalog story with this id."""
        row = self.db.execute("SELECT data FROM stories WHERE id=?", (story_id,)).fetchone()
        return Story.model_validate_json(row[0]) if row else None

    def story_of(self, article_id: str) -> str | None:
        """Id of the catalog story an article belongs to."""
        query = "SELECT story_id FROM story_articles WHERE article_id=?"
        row = self.db.execute(query, (article_id,)).fetchone()
        return row[0] if row else None

    def provenance(self, article_ids: Iterable[str]) -> dict[str, Provenance]:
        """Provenance of these articles as the last catalog refresh found it."""
        query = "SELECT article_id, data FROM provenance WHERE article_id IN ({})"
        return {
            article_id: Provenance.model_validate_json(data)
            for article_id, data in self._run_in(query, article_ids)
        }

    def story_listings(
        self,
        query: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        sort: str = "newest",
        limit: int = 50,
        offset: int = 0,
        facets: dict[str, str] | None = None,
        blindspot: bool = False,
    ) -> tuple[list[StoryListing], int]:
        """One page of catalog stories matching the filters, and how many match in all.

        ``query`` is matched word by word (every word, any order) against titles,
        summaries, actors and their labels, speakers and outlets; dates compare as ISO
        strings against the story's span; ``sort`` is ``newest`` or ``biggest``.
        ``facets`` keeps the stories covered by outlets of a side, lean, country or
        owner (``{"side": "right", "country": "France"}``, names of ``FACETS``);
        ``blindspot`` only the stories one side carries alone. Listings carry their
        coverage by side.
        """
        where: list[str] = []
        values: list[object] = []
        for facet, value in (facets or {}).items():
            if facet not in FACETS:
                raise ValueError(f"unknown facet {facet!r}; use one of {', '.join(FACETS)}")
            where.append("id IN (SELECT story_id FROM story_facets WHERE facet = ? AND value = ?)")
            values += [facet, value]
        if blindspot:
            where.append("id IN (SELECT story_id FROM story_facets WHERE facet = 'blindspot')")
        if query and (match := _fts_query(query)):
            where.append("id IN (SELECT story_id FROM story_search WHERE story_search MATCH ?)")
            values.append(match)
        if outlet:
            where.append("id IN (SELECT story_id FROM story_outlets WHERE outlet = ?)")
            values.append(outlet)
        if since:
            where.append("COALESCE(last_published, first_published) >= ?")
            values.append(since)
        if until:
            where.append("first_published <= ?")
            values.append(until)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        order = {
            "newest": "last_published IS NULL, last_published DESC, articles DESC, id",
            "biggest": "articles DESC, outlets DESC, last_published DESC, id",
        }.get(sort)
        if order is None:
            raise ValueError(f"unknown sort {sort!r}; use newest or biggest")
        total = self.db.execute(f"SELECT COUNT(*) FROM stories{clause}", values).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {_LISTING_COLUMNS} FROM stories{clause} ORDER BY {order} LIMIT ? OFFSET ?",
            [*values, limit, offset],
        ).fetchall()
        return self._with_coverage([_listing(row) for row in rows]), total

    def _with_coverage(self, listings: list[StoryListing]) -> list[StoryListing]:
        """The listings with their coverage by side and blindspot, from ``story_facets``."""
        rows = self._run_in(
            "SELECT story_id, facet, value, articles FROM story_facets "
            "WHERE facet IN ('side', 'blindspot', 'unmatched') AND story_id IN ({})",
            [listing.id for listing in listings],
        )
        by_story = {listing.id: listing for listing in listings}
        order = {side: n for n, side in enumerate(SIDES)}
        for story_id, facet, value, articles in sorted(rows, key=lambda r: order.get(r[2], 3)):
            if facet == "side":
                by_story[story_id].coverage[value] = articles
            elif facet == "unmatched":
                by_story[story_id].unmatched = articles
            else:
                by_story[story_id].blindspot = value
        return listings

    def catalog_facets(self) -> dict[str, list[str]]:
        """Every value of each facet (side, lean, country, owner) some catalog story has,
        sorted, for filters to offer."""
        found: dict[str, list[str]] = {facet: [] for facet in FACETS}
        rows = self.db.execute(
            "SELECT DISTINCT facet, value FROM story_facets "
            "WHERE facet NOT IN ('blindspot', 'unmatched') "
            "ORDER BY facet, value"
        )
        for facet, value in rows:
            found[facet].append(value)
        # sides left to right, leans in the order of the registry's scale
        found["side"].sort(key=lambda side: SIDES.index(side) if side in SIDES else len(SIDES))
        registry = self.registry()
        if registry is not None:
            found["lean"].sort(key=lean_order(registry.scale))
        return found

    def storyline_events(self, storylines: Iterable[str]) -> dict[str, list[StoryListing]]:
        """Every catalog story of each given storyline, as its timeline: undated ones
        last, then by first publication and id."""
        wanted = list(dict.fromkeys(storylines))
        found: dict[str, list[StoryListing]] = {line: [] for line in wanted}
        rows = self._run_in(
            f"SELECT {_LISTING_COLUMNS} FROM stories WHERE storyline IN ({{}})", wanted
        )
        # sorted here: each chunk of the IN list comes back on its own
        rows.sort(key=lambda row: (row[6] is None, row[6] or "", row[0]))
        for listing in self._with_coverage([_listing(row) for row in rows]):
            found[listing.storyline].append(listing)
        return found

    def catalog_outlets(self) -> list[str]:
        """Every outlet named by a catalog story, sorted."""
        rows = self.db.execute("SELECT DISTINCT outlet FROM story_outlets ORDER BY outlet")
        return [value for (value,) in rows]

    def search_articles(self, query: str, limit: int = 20) -> list[Article]:
        """Catalogued articles whose title or outlet has every word of ``query`` (word
        prefixes match), best matches (BM25) first."""
        match = _fts_query(query)
        if not match:
            return []
        # rank and cut inside the index; read whole rows only for the page
        ids = [
            article_id
            for (article_id,) in self.db.execute(
                "SELECT article_id FROM article_search WHERE article_search MATCH ? "
                "ORDER BY rank LIMIT ?",
                [match, limit],
            )
        ]
        found = {article.id: article for article in self.articles(ids)}
        return [found[i] for i in ids]

    # --- template statistics ---------------------------------------------------------
    def line_stats(self, sites: Iterable[str]) -> LineStats:
        """Line counts of the given sites over every stored article."""
        stats = LineStats()
        for site in set(sites):
            row = self.db.execute("SELECT articles FROM sites WHERE site=?", (site,)).fetchone()
            if row is None:
                continue
            stats.articles[site] = row[0]
            rows = self.db.execute(
                "SELECT line_key, articles FROM site_lines WHERE site=? AND articles>1", (site,)
            )
            stats.lines.update(Counter({(site, key): count for key, count in rows}))
        return stats

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity check; an empty list means the file is sound."""
        rows = self.db.execute("PRAGMA integrity_check").fetchall()
        return [row[0] for row in rows if row[0] != "ok"]


def _facet_rows(story: Story) -> list[tuple[str, str, str, int]]:
    """The ``story_facets`` rows of a story: its coverage counts and blindspot."""
    coverage = story.coverage
    if coverage is None:
        return []
    rows = [
        (story.id, facet, count.value, count.articles)
        for facet, counts in (
            ("side", coverage.by_side),
            ("lean", coverage.by_lean),
            ("country", coverage.by_country),
            ("owner", coverage.by_owner),
        )
        for count in counts
    ]
    if coverage.blindspot:
        rows.append((story.id, "blindspot", coverage.blindspot, coverage.matched))
    if coverage.unmatched:
        rows.append((story.id, "unmatched", "", len(coverage.unmatched)))
    return rows


def _row_to_article(row: tuple) -> Article:
    values = dict(zip(_ARTICLE_COLUMNS, row, strict=True))
    values["boilerplate_removed"] = json.loads(values["boilerplate_removed"])
    values["metadata"] = json.loads(values["metadata"])
    return Article(**values)


def _fts_query(text: str) -> str:
    """A user's words as an FTS5 query: each word a quoted prefix term, all required.

    Quoting keeps FTS5's own syntax (AND, NEAR, column filters, stray quotes) out of
    reach of whatever a user types.
    """
    return " ".join(f'"{word}"*' for word in search_words(text))


def search_words(text: str) -> list[str]:
    """The words a search looks for: runs of letters and digits, the first 16."""
    return "".join(c if c.isalnum() else " " for c in text).split()[:16]
