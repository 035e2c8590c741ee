"""The command line, end to end, on the example corpus."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import newsprism
from newsprism.cli import app
from newsprism.store import Store

from .conftest import EXAMPLES

runner = CliRunner()


def test_ingest_example_corpus_then_list_and_show(tmp_path):
    db = str(tmp_path / "demo.db")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert "read 11 · new 11 · duplicate 0 · rejected 0" in result.output

    again = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "-q"])
    assert "new 0" in again.output and again.exit_code == 0

    listed = runner.invoke(app, ["articles", "--db", db, "--json"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == 11
    copy = next(r for r in rows if r["source_path"].endswith("coastwatch-digest-copy.txt"))
    assert copy["credited_outlet"] == "Free Coast Voice"

    shown = runner.invoke(app, ["show", copy["id"][:8], "--db", db, "--json"])
    article = json.loads(shown.output)
    assert "CLICK HERE" not in article["text"]
    assert any("CLICK HERE" in line for line in article["boilerplate_removed"])


def test_rejected_input_is_one_line_and_exit_code_1(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "x", "text": "fine text of the article here"}\n{oops\n')
    process = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsprism",
            "ingest",
            str(bad),
            "--db",
            str(tmp_path / "x.db"),
            "-q",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert process.returncode == 1
    (line,) = [line for line in process.stderr.splitlines() if line.strip()]
    assert f"{bad}:2" in line and "invalid JSON" in line
    assert "new 1" in process.stdout and "rejected 1" in process.stdout


def test_field_mapping_option(tmp_path):
    export = tmp_path / "e.jsonl"
    export.write_text(
        json.dumps({"heading": "Mapped title", "story": "Body text of a story here."})
    )
    db = str(tmp_path / "x.db")
    result = runner.invoke(
        app,
        [
            "ingest",
            str(export),
            "--db",
            db,
            "-q",
            "--field",
            "title=heading",
            "--field",
            "text=story",
        ],
    )
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["articles", "--db", db, "--json"])
    assert json.loads(listed.output)["title"] == "Mapped title"


def test_bad_field_mapping_is_a_usage_error(tmp_path):
    result = runner.invoke(
        app, ["ingest", str(EXAMPLES), "--db", str(tmp_path / "x.db"), "--field", "oops"]
    )
    assert result.exit_code == 2


def test_unusable_store_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("not a database " * 200)
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(bad)])
    assert result.exit_code == 2
    assert "not a usable newsprism store" in result.output


def test_every_command_has_help():
    for command in ("ingest", "articles", "show", "analyze", "stories", "schema"):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0
        assert len(result.output.strip().splitlines()) > 3


def test_version():
    assert newsprism.__version__ in runner.invoke(app, ["--version"]).output


def test_public_api_is_pinned():
    assert sorted(newsprism.__all__) == sorted(
        [
            "AnalyzeOptions",
            "Article",
            "BatchOptions",
            "BatchSummary",
            "IngestSummary",
            "LineStats",
            "NewsprismError",
            "RawArticle",
            "ReadError",
            "ReadOptions",
            "Rejection",
            "Report",
            "Store",
            "StoreError",
            "UsageError",
            "__version__",
            "analyze",
            "annotate",
            "clean_article",
            "clean_articles",
            "find_stories",
            "ingest",
            "json_schema",
            "load_articles",
            "read_paths",
            "RefreshSummary",
            "refresh_stories",
            "run_batch",
        ]
    )


@pytest.mark.slow
def test_analyze_writes_a_json_report_and_markdown(tmp_path):
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    assert report["schema_version"] and len(report["articles"]) == 11
    assert sorted(len(s["article_ids"]) for s in report["stories"]) == [3, 8]
    markdown = runner.invoke(app, ["analyze", str(EXAMPLES), "--format", "md"])
    assert markdown.output.startswith("# newsprism report")


@pytest.mark.slow
def test_analyze_reads_the_store(tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "-q"])
    result = runner.invoke(app, ["analyze", "--db", db, "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.output)["articles"]) == 11


def test_analyze_without_input_is_a_usage_error(tmp_path):
    result = runner.invoke(app, ["analyze", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2


def test_schema_command_prints_the_report_schema():
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert schema["title"] == "Report"
    assert "stories" in schema["required"] or "stories" in schema["properties"]


@pytest.mark.slow
def test_stories_lists_the_stories_of_the_store(tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "-q"])
    result = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sorted(len(r["article_ids"]) for r in rows) == [3, 8]
    assert all(r["title"] and r["outlets"] for r in rows)
    # the listing is the catalog's, as serve shows it
    with Store(db) as store:
        assert {r["id"] for r in rows} == set(store.catalog_stories())
    # clustered afresh with other settings, without touching the catalog
    apart = runner.invoke(
        app, ["stories", "--db", db, "--json", "--set", "cluster.event_threshold=0.99"]
    )
    assert apart.exit_code == 0, apart.output
    assert len(apart.output.splitlines()) > len(rows)
    assert runner.invoke(app, ["stories", "--db", db, "--json"]).output == result.output


@pytest.mark.slow
def test_stories_says_when_articles_are_not_in_the_catalog_yet(tmp_path):
    db = str(tmp_path / "s.db")
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "-q", "--no-stories"])
    result = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert result.exit_code == 0
    assert "11 stored articles are in no story yet" in result.output
    assert "newsprism refresh" in result.output


def test_thresholds_can_be_overridden_and_unknown_ones_are_refused():
    from newsprism.analyze import AnalyzeOptions
    from newsprism.errors import UsageError

    options = AnalyzeOptions.with_overrides(
        {"cluster.event_threshold": "0.7", "cluster.ignore_dates": "yes"}
    )
    assert options.cluster.event_threshold == 0.7 and options.cluster.ignore_dates is True
    with pytest.raises(UsageError, match="unknown setting"):
        AnalyzeOptions.with_overrides({"cluster.nope": "1"})
    with pytest.raises(UsageError, match="takes a float"):
        AnalyzeOptions.with_overrides({"cluster.event_threshold": "high"})
    result = runner.invoke(app, ["stories", "--db", "x.db", "--set", "cluster.nope=1"])
    assert result.exit_code == 2


def test_every_analysis_setting_in_the_registry_can_be_set():
    from newsprism.analyze import AnalyzeOptions
    from newsprism.settings import settable, settings

    names = settable()
    assert {
        "compare.align_similarity",
        "summary.target_words",
        "outlets.blindspot_min_outlets",
    } <= set(names)
    assert {n.partition(".")[0] for n in names} == {
        "clean",
        "annotate",
        "embed",
        "cluster",
        "provenance",
        "outlets",
        "compare",
        "summary",
    }
    for setting in settings():
        if setting.name in names:
            value = setting.value
            raw = "false" if isinstance(value, bool) else str(value)
            section, _, attribute = setting.name.partition(".")
            changed = AnalyzeOptions.with_overrides({setting.name: raw})
            assert getattr(getattr(changed, section), attribute) == value
    options = AnalyzeOptions.with_overrides(
        {"compare.align_similarity": "0.8", "summary.target_words": "90"}
    )
    assert options.compare.align_similarity == 0.8 and options.summary.target_words == 90
    assert AnalyzeOptions().compare.align_similarity == 0.72  # defaults untouched


def test_reading_limits_and_cleaning_a_store_are_refused_with_the_reason(tmp_path):
    from newsprism.analyze import AnalyzeOptions
    from newsprism.errors import UsageError

    with pytest.raises(UsageError, match="--limit"):
        AnalyzeOptions.with_overrides({"read.max_file_bytes": "1"})
    for name, value, message in (
        ("clean.min_template_share", "2", "0 to 1"),
        ("clean.min_template_share", "nan", "0 to 1"),
        ("clean.min_template_articles", "0", "1 or more"),
        ("annotate.min_seat_population", "100", "500 or more"),
        ("annotate.state_margin", "nan", "0 to 2"),
        ("cluster.split_similarity", "1.5", "0 .no split. to 1"),
    ):
        with pytest.raises(UsageError, match=message):
            AnalyzeOptions.with_overrides({name: value})
    assert (
        AnalyzeOptions.with_overrides({"clean.max_template_words": "20"}).clean.max_template_words
        == 20
    )
    # a store's texts were cleaned at ingest: cleaning settings could not act on them
    Store(tmp_path / "s.db").close()
    for command in (["analyze"], ["stories"]):
        result = runner.invoke(
            app, [*command, "--db", str(tmp_path / "s.db"), "--set", "clean.max_template_words=20"]
        )
        assert result.exit_code == 2
        assert "clean.* settings act where articles are read" in " ".join(result.output.split())


# Runs the CLI's help or version in-process, then lists the heavy modules it imported.
HEAVY_IMPORTS = """
import sys
from newsprism.cli import app
try:
    app([sys.argv[1]])
except SystemExit:
    pass
heavy = ("spacy", "thinc", "torch", "transformers", "sentence_transformers", "onnxruntime")
print("heavy:" + ",".join(m for m in heavy if m in sys.modules))
"""


def test_help_and_version_do_not_load_the_nlp_stack():
    for flag in ("--help", "--version"):
        done = subprocess.run(
            [sys.executable, "-c", HEAVY_IMPORTS, flag], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().splitlines()[-1] == "heavy:", (flag, done.stdout)


@pytest.mark.slow
def test_story_corrections_persist_across_refreshes(tmp_path):
    db = str(tmp_path / "s.db")
    assert runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db]).exit_code == 0

    def catalog() -> list[set[str]]:
        from newsprism.store import Store

        with Store(db) as store:
            return sorted((set(s.article_ids) for s in store.catalog_stories().values()), key=len)

    def catalog_ids() -> list[str]:
        from newsprism.store import Store

        with Store(db) as store:
            return list(store.catalog_stories())

    dam, talks = catalog()
    merged = runner.invoke(app, ["stories", "merge", *catalog_ids(), "--db", db])
    assert merged.exit_code == 0, merged.output
    assert catalog() == [dam | talks]
    # kept by a full refresh and by analyze over the store
    assert runner.invoke(app, ["refresh", "--full", "--db", db]).exit_code == 0
    assert catalog() == [dam | talks]
    report = json.loads(runner.invoke(app, ["analyze", "--db", db, "-f", "json"]).output)
    assert [set(s["article_ids"]) for s in report["stories"]] == [dam | talks]
    # split the dam vote back out
    (story_id,) = catalog_ids()
    split = runner.invoke(
        app,
        ["stories", "split", story_id, "--db", db, *[f"--articles={i}" for i in sorted(dam)]],
    )
    assert split.exit_code == 0, split.output
    assert catalog() == [dam, talks]
    # bad corrections are refused with one line
    refused = runner.invoke(app, ["stories", "merge", "s-nope", "s-nope2", "--db", db])
    assert refused.exit_code == 2 and "no story 's-nope'" in refused.output
    (first, _) = catalog_ids()
    whole = runner.invoke(app, ["stories", "split", first, "--db", db, "--articles", "x"])
    assert whole.exit_code == 2 and "not in story" in whole.output


def test_an_ingest_that_finds_no_article_says_so_and_fails(tmp_path):
    feed = tmp_path / "empty.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Nothing</title></channel></rss>',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["ingest", str(feed), "--db", str(tmp_path / "e.db"), "-q"])
    assert result.exit_code == 1
    assert "no article found in 1 input" in result.output
