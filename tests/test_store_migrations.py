"""Store schema migrations: every schema a newsprism release wrote (each version in each
of its forms, the DDL as it was then) upgrades in place to the newest, keeping its data
and ending with the tables a new store has; a newer store is refused untouched; a step
that fails leaves the store as it was; upgrading again changes nothing."""

from __future__ import annotations

import re
import sqlite3
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsprism import store as store_module
from newsprism.errors import StoreError
from newsprism.models import Article, Correction
from newsprism.store import MIGRATIONS, SCHEMA_VERSION, Migration, Store, migrate, schema_version

# --- the schemas of earlier releases, as their code wrote them -----------------------
# (git history of newsprism/store.py; a version's later form gained tables, indexes or a
# column without a version bump)


def articles_table(credit_kind: bool) -> str:
    return f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles (
    id TEXT PRIMARY KEY, source_path TEXT NOT NULL, url TEXT, title TEXT, text TEXT NOT NULL,
    raw_text TEXT NOT NULL, outlet TEXT, credited_outlet TEXT,{" credit_kind TEXT," if credit_kind else ""}
    author TEXT, dateline TEXT, published TEXT, language TEXT,
    boilerplate_removed TEXT NOT NULL DEFAULT '[]', format TEXT NOT NULL, external_id TEXT,
    metadata TEXT NOT NULL DEFAULT '{{}}', ingested_at TEXT NOT NULL
);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_published ON articles(published);
CREATE TABLE sources (fingerprint TEXT PRIMARY KEY, location TEXT NOT NULL,
    articles INTEGER NOT NULL, rejected INTEGER NOT NULL, finished_at TEXT NOT NULL);
CREATE TABLE site_lines (site TEXT NOT NULL, line_key TEXT NOT NULL,
    articles INTEGER NOT NULL, PRIMARY KEY (site, line_key));
CREATE TABLE sites (site TEXT PRIMARY KEY, articles INTEGER NOT NULL);
"""


CACHES = """
CREATE TABLE annotations (article_id TEXT PRIMARY KEY REFERENCES articles(id),
    version INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE vectors (article_id TEXT NOT NULL, model TEXT NOT NULL, vector BLOB NOT NULL,
    PRIMARY KEY (article_id, model));
"""


def catalog(prefix: bool) -> str:
    search_options = ", prefix='2 3'" if prefix else ""
    later = (
        """
CREATE TABLE story_outlets (outlet TEXT NOT NULL, story_id TEXT NOT NULL,
    PRIMARY KEY (outlet, story_id));
CREATE VIRTUAL TABLE article_search USING fts5(
    article_id UNINDEXED, title, outlet, tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
"""
        if prefix
        else ""
    )
    return f"""
CREATE TABLE stories (id TEXT PRIMARY KEY, storyline TEXT NOT NULL, title TEXT NOT NULL,
    articles INTEGER NOT NULL, outlets INTEGER NOT NULL, outlet_list TEXT NOT NULL,
    contested INTEGER NOT NULL, first_published TEXT, last_published TEXT, data TEXT NOT NULL);
CREATE INDEX stories_newest ON stories(last_published);
CREATE INDEX stories_biggest ON stories(articles);
CREATE TABLE story_articles (article_id TEXT PRIMARY KEY, story_id TEXT NOT NULL);
CREATE TABLE provenance (article_id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE VIRTUAL TABLE story_search USING fts5(
    story_id UNINDEXED, title, summary, actors, outlets,
    tokenize='unicode61 remove_diacritics 2'{search_options}
);
{later}"""


CORRECTIONS = """
CREATE TABLE story_corrections (id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('merge', 'split')), article_ids TEXT NOT NULL,
    created TEXT NOT NULL);
"""
V3_INDEXES = """
CREATE INDEX stories_storyline ON stories(storyline, first_published);
CREATE INDEX story_articles_story ON story_articles(story_id);
CREATE INDEX story_outlets_story ON story_outlets(story_id);
"""
REGISTRY = """
CREATE TABLE outlet_registry (id INTEGER PRIMARY KEY CHECK (id = 1), data TEXT NOT NULL,
    source TEXT NOT NULL, imported TEXT NOT NULL);
CREATE TABLE story_facets (story_id TEXT NOT NULL, facet TEXT NOT NULL, value TEXT NOT NULL,
    articles INTEGER NOT NULL, PRIMARY KEY (facet, value, story_id));
CREATE INDEX story_facets_story ON story_facets(story_id);
"""

# (version, its DDL): the first and the last form of each older version.
OLD_SCHEMAS = {
    "1 (first: no credit kinds, no caches)": (1, articles_table(False)),
    "1 (last)": (1, articles_table(True) + CACHES),
    "2 (first: no prefix search, stories by outlet, article search)": (
        2,
        articles_table(True) + CACHES + catalog(False),
    ),
    "2 (last)": (2, articles_table(True) + CACHES + catalog(True)),
    "3 (first: no indexes by storyline, by story)": (
        3,
        articles_table(True) + CACHES + catalog(True) + CORRECTIONS,
    ),
    "3 (last)": (3, articles_table(True) + CACHES + catalog(True) + CORRECTIONS + V3_INDEXES),
    "4 (annotations cached per article only)": (
        4,
        articles_table(True) + CACHES + catalog(True) + CORRECTIONS + V3_INDEXES + REGISTRY,
    ),
}

ARTICLE = "a1b2c3"
STORY = "s9"


def fill(db: sqlite3.Connection, version: int) -> None:
    """One article, its input, template counts, and what the version holds of it."""
    columns = {row[1] for row in db.execute("PRAGMA table_info(articles)")}
    values = {
        "id": ARTICLE,
        "source_path": "in/talks.txt",
        "url": "https://herald.example/talks",
        "title": "Harbour talks reopen",
        "text": "The talks reopened on Monday.",
        "raw_text": "The talks reopened on Monday.\nSubscribe now",
        "outlet": "Avelin Herald",
        "format": "text",
        "metadata": '{"section": "news"}',
        "ingested_at": "2026-11-23T10:00:00+00:00",
    }
    if "credit_kind" in columns:
        values["credit_kind"] = "wire"
    db.execute(
        f"INSERT INTO articles ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})",
        list(values.values()),
    )
    db.execute("INSERT INTO sources VALUES ('talks.txt:120:1', 'in/talks.txt', 1, 0, 'then')")
    db.execute("INSERT INTO sites VALUES ('herald.example', 1)")
    db.execute("INSERT INTO site_lines VALUES ('herald.example', 'subscribe now', 1)")
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    if "annotations" in tables:
        db.execute("INSERT INTO annotations VALUES (?, 7, '{}')", (ARTICLE,))
        db.execute("INSERT INTO vectors VALUES (?, 'm', x'0000803f')", (ARTICLE,))
    if version >= 2:
        db.execute(
            "INSERT INTO stories VALUES (?, 'line1', 'Harbour talks reopen', 1, 1, "
            "'[\"Avelin Herald\"]', 0, '2026-11-20', '2026-11-21', '{\"kept\": true}')",
            (STORY,),
        )
        db.execute("INSERT INTO story_articles VALUES (?, ?)", (ARTICLE, STORY))
        db.execute('INSERT INTO provenance VALUES (?, \'{"kind": "original"}\')', (ARTICLE,))
        db.execute(
            "INSERT INTO story_search VALUES (?, 'Harbour talks reopen', 'Talks reopened.', "
            "'Ferrow', 'Avelin Herald')",
            (STORY,),
        )
    if "story_outlets" in tables:
        db.execute("INSERT INTO story_outlets VALUES ('Avelin Herald', ?)", (STORY,))
        db.execute(
            "INSERT INTO article_search VALUES (?, 'Harbour talks reopen', 'Avelin Herald')",
            (ARTICLE,),
        )
    if version >= 3:
        db.execute(
            "INSERT INTO story_corrections (kind, article_ids, created) "
            "VALUES ('split', '[\"a1b2c3\"]', 'then')"
        )


def make_old_store(path: Path, version: int, ddl: str) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")  # as every release opened its stores
    db.executescript(ddl)
    db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
    db.execute("BEGIN")
    fill(db, version)
    db.execute("COMMIT")
    db.close()


def schema_of(path: Path) -> dict[str, tuple]:
    """The tables (columns by name: type, not null, default, key), indexes and virtual
    tables of a store, as SQLite describes them. Column positions are left out: a column
    added by a migration comes last."""
    db = sqlite3.connect(path)
    try:
        found = {}
        for kind, name, table, sql in db.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
        ):
            text = re.sub(r"\s+", " ", (sql or "").replace('"', "").replace("'", ""))
            text = text.replace("IF NOT EXISTS ", "")
            if kind == "table" and not text.startswith("CREATE VIRTUAL"):
                columns = sorted(
                    (row[1], row[2], row[3], row[4], row[5])
                    for row in db.execute(f"PRAGMA table_info('{name}')")
                )
                constraints = re.findall(r"CHECK \([^)]*\)", text)
                found[name] = (kind, table, tuple(columns), tuple(constraints))
            else:
                found[name] = (kind, table, text)
        return found
    finally:
        db.close()


@pytest.fixture(scope="module")
def newest_schema(tmp_path_factory) -> dict[str, tuple]:
    path = tmp_path_factory.mktemp("fresh") / "new.db"
    Store(path).close()
    return schema_of(path)


def rows(path: Path, query: str) -> list[tuple]:
    db = sqlite3.connect(path)
    try:
        return db.execute(query).fetchall()
    finally:
        db.close()


def test_steps_are_numbered_one_by_one_and_described():
    assert [step.version for step in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert SCHEMA_VERSION == MIGRATIONS[-1].version == 5
    assert all(step.description for step in MIGRATIONS)


def test_a_new_store_runs_every_step(tmp_path, newest_schema):
    db = sqlite3.connect(tmp_path / "s.db", isolation_level=None)
    assert migrate(db, tmp_path / "s.db") == [1, 2, 3, 4, 5]
    assert schema_version(db) == SCHEMA_VERSION
    db.close()
    assert schema_of(tmp_path / "s.db") == newest_schema


@pytest.mark.parametrize("form", list(OLD_SCHEMAS))
def test_an_old_store_upgrades_in_place_and_keeps_its_data(tmp_path, newest_schema, form):
    version, ddl = OLD_SCHEMAS[form]
    path = tmp_path / "old.db"
    make_old_store(path, version, ddl)
    with Store(path) as store:
        assert schema_version(store.db) == SCHEMA_VERSION
        article = store.get(ARTICLE)
        assert article is not None and article.title == "Harbour talks reopen"
        assert article.metadata == {"section": "news"}
        assert article.credit_kind == ("wire" if "credit_kind" in ddl else None)
        assert store.source_done("talks.txt:120:1") and store.count() == 1
        stats = store.line_stats(["herald.example"])
        assert stats.articles["herald.example"] == 1
        # what the upgraded store takes, as a new one does
        new = Article(
            id="d4e5f6",
            source_path="in/copy.txt",
            title="Talks reopen, agency says",
            text="Talks reopened.",
            raw_text="Talks reopened.",
            credit_kind="republication",
            format="text",
        )
        with store.transaction():
            assert store.add(new)
        assert store.get("d4e5f6").credit_kind == "republication"
        store.add_correction(Correction("merge", (ARTICLE, "d4e5f6")))
        if version >= 2:
            # kept stories are found by word prefix, by outlet, and their articles too
            listings, total = store.story_listings(query="harb tal")
            assert total == 1 and listings[0].id == STORY
            assert listings[0].outlets == ["Avelin Herald"]
            assert store.story_listings(outlet="Avelin Herald")[1] == 1
            assert store.catalog_outlets() == ["Avelin Herald"]
            assert [a.id for a in store.search_articles("harbour")] == [ARTICLE]
            assert store.story_of(ARTICLE) == STORY
        expected = [Correction("split", (ARTICLE,))] if version >= 3 else []
        assert store.corrections() == [*expected, Correction("merge", (ARTICLE, "d4e5f6"))]
        assert store.integrity_problems() == []
    assert schema_of(path) == newest_schema
    if version >= 2:
        assert rows(path, "SELECT data FROM stories") == [('{"kept": true}',)]
        assert rows(path, "SELECT data FROM provenance") == [('{"kind": "original"}',)]
    if "annotations" in ddl:
        assert rows(path, "SELECT settings, version, data FROM annotations") == [("", 7, "{}")]
        assert rows(path, "SELECT vector FROM vectors") == [(b"\x00\x00\x80\x3f",)]


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_each_version_made_by_the_steps_upgrades_to_the_newest(tmp_path, newest_schema, version):
    path = tmp_path / "s.db"
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, path, target=version) == list(range(1, version + 1))
    assert schema_version(db) == version
    db.close()
    with Store(path) as store:
        assert schema_version(store.db) == SCHEMA_VERSION
    assert schema_of(path) == newest_schema


def test_upgrading_twice_changes_nothing(tmp_path):
    path = tmp_path / "old.db"
    make_old_store(
        path, *OLD_SCHEMAS["2 (first: no prefix search, stories by outlet, article search)"]
    )
    Store(path).close()
    before = list(sqlite3.connect(path).iterdump())
    with Store(path) as store:
        assert migrate(store.db, path) == []
    assert list(sqlite3.connect(path).iterdump()) == before


def test_a_newer_store_is_refused_on_one_line_and_left_as_it_is(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    db = sqlite3.connect(path, isolation_level=None)
    # a newer schema that dropped a table this code would make again
    db.execute("DROP TABLE story_facets")
    db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(SCHEMA_VERSION + 1),))
    db.close()
    before = list(sqlite3.connect(path).iterdump())
    with pytest.raises(StoreError) as refused:
        Store(path)
    message = str(refused.value)
    assert message == (
        f"[E201] {path}: store schema {SCHEMA_VERSION + 1} is newer than this newsprism "
        f"({SCHEMA_VERSION}); upgrade newsprism"
    )
    assert "\n" not in message
    assert list(sqlite3.connect(path).iterdump()) == before


def test_the_cli_refuses_a_newer_store_with_one_line(tmp_path):
    from newsprism.cli import app

    path = tmp_path / "future.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value='99' WHERE key='schema_version'")
    db.commit()
    db.close()
    result = CliRunner().invoke(app, ["articles", "--db", str(path)])
    assert result.exit_code == 2
    said = " ".join(result.output.split())  # Rich may wrap the line
    assert "future.db: store schema 99 is newer than this newsprism" in said


def test_a_version_that_is_not_a_number_is_a_clear_error(tmp_path):
    path = tmp_path / "odd.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value='four' WHERE key='schema_version'")
    db.commit()
    db.close()
    with pytest.raises(
        StoreError, match=r"odd\.db: not a usable newsprism store \(schema version 'four'"
    ):
        Store(path)


def test_a_failing_step_leaves_the_store_at_its_version(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    make_old_store(path, *OLD_SCHEMAS["2 (last)"])
    before = list(sqlite3.connect(path).iterdump())

    def broken(db: sqlite3.Connection) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("disk I/O error")

    steps = list(MIGRATIONS)
    steps[3] = Migration(4, "fails halfway", broken)
    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(steps))
    with pytest.raises(
        StoreError, match=r"old\.db: not a usable newsprism store \(disk I/O error\)"
    ):
        Store(path)
    # step 3 ran and step 4 failed: neither is kept
    assert list(sqlite3.connect(path).iterdump()) == before
    monkeypatch.undo()
    with Store(path) as store:
        assert schema_version(store.db) == SCHEMA_VERSION


def test_a_store_opened_by_two_processes_at_once_is_upgraded_once(tmp_path, monkeypatch):
    path = tmp_path / "old.db"
    make_old_store(path, *OLD_SCHEMAS["1 (last)"])
    applied: list[int] = []

    def counted(step: Migration) -> Migration:
        def change(db: sqlite3.Connection) -> None:
            applied.append(step.version)
            step.apply(db)

        return Migration(step.version, step.description, change)

    monkeypatch.setattr(store_module, "MIGRATIONS", tuple(counted(s) for s in MIGRATIONS))
    # one upgrade holds the write lock while another store opens: that one waits, then
    # finds the store upgraded
    first = sqlite3.connect(path, isolation_level=None)
    first.execute("BEGIN IMMEDIATE")
    opened: list[int] = []

    def open_store() -> None:
        with Store(path) as store:
            opened.append(schema_version(store.db))

    second = threading.Thread(target=open_store, daemon=True)
    second.start()
    time.sleep(0.5)
    assert opened == [], "the second store should wait for the write lock"
    for step in store_module.MIGRATIONS[1:]:
        step.apply(first)
        first.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(step.version),))
    first.execute("COMMIT")
    first.close()
    second.join(30)
    assert opened == [SCHEMA_VERSION]
    assert applied == [2, 3, 4, 5]
