"""The outlet registry: reading it, matching articles to it, coverage and claims by side."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from newsprism.analyze import _independent_sources
from newsprism.cli import app
from newsprism.compare.language import WordPrior
from newsprism.compare.sides import SideOptions, compare_sides
from newsprism.models import Article
from newsprism.outlets import (
    Registry,
    RegistryError,
    load_registry,
    match_outlets,
    matching_summary,
    outlet_key,
    parse_registry,
)
from newsprism.report import ArticleLabels, Claim, Framing, Provenance, Story
from newsprism.store import Store

from .conftest import EXAMPLES

runner = CliRunner()

REGISTRY_CSV = """name,domains,aliases,lean,country,owner,kind
The Harbour Gazette,harbourgazette.example;gazette.example,HG;Harbour Gazette Daily,left,Norland,Gazette Group,independent
Coast Herald,coastherald.example,,lean right,Norland,Gazette Group,independent
Valley Post,valleypost.example,,right,Ostmark,Post Media,independent
Ridge Wire,,RW,center,,,wire agency
"""


def registry() -> Registry:
    return parse_registry(REGISTRY_CSV, "outlets.csv")


def article(article_id: str, outlet: str | None = None, url: str | None = None) -> Article:
    return Article(
        id=article_id,
        source_path=f"{article_id}.txt",
        format="text",
        raw_text="Text.",
        text="Text.",
        outlet=outlet,
        url=url,
    )


def test_csv_registry_reads_every_column_and_places_leans_on_sides():
    outlets = {o.name: o for o in registry().outlets}
    gazette = outlets["The Harbour Gazette"]
    assert gazette.domains == ("harbourgazette.example", "gazette.example")
    assert gazette.aliases == ("HG", "Harbour Gazette Daily")
    assert (gazette.lean, gazette.side, gazette.country, gazette.owner) == (
        "left",
        "left",
        "Norland",
        "Gazette Group",
    )
    assert outlets["Coast Herald"].side == "right"  # "lean right" is on the right
    assert outlets["Ridge Wire"].side == "center"
    assert outlets["Ridge Wire"].kind == "wire agency"


def test_json_registry_with_its_own_scale_and_numeric_leans():
    text = json.dumps(
        {
            "scale": ["progressive", "moderate", "conservative"],
            "center_band": 1,
            "outlets": [
                {"name": "A", "lean": "Progressive", "domains": ["a.example"]},
                {"name": "B", "lean": "moderate"},
                {"name": "C", "lean": 3.5},
                {"name": "D", "lean": -0.5},
                {"name": "E", "lean": None},
            ],
        }
    )
    sides = {o.name: o.side for o in parse_registry(text).outlets}
    assert sides == {"A": "left", "B": "center", "C": "right", "D": "center", "E": None}


def test_a_json_list_of_outlets_uses_the_default_scale():
    text = '[{"name": "A", "lean": "lean left", "aliases": "AA; A Daily"}]'
    (outlet,) = parse_registry(text).outlets
    assert (outlet.side, outlet.aliases) == ("left", ("AA", "A Daily"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,domains\nA,a.example\n", "outlets.csv: header: missing column 'lean'"),
        ("name,lean,leaning\nA,left,x\n", "outlets.csv: header: unknown column 'leaning'"),
        ("name,lean\nA,left\nB,far left\n", "outlets.csv: row 3: unknown lean 'far left'"),
        (
            "name,lean\nA,left\nB,right\nThe A,center\n",
            "row 4: the name 'The A' is already row 2's",
        ),
        ("name,lean,aliases\nA,left,\nB,right,a\n", "row 3: the name 'a' is already row 2's"),
        (
            "name,lean,domains\nA,left,a.example\nB,right,www.a.example\n",
            "row 3: the domain 'a.example' is already row 2's",
        ),
        ("name,lean,domains\nA,left,not a domain\n", "row 2: 'not a domain' is not a domain"),
        ("name,lean\n,left\n", "row 2: no name"),
        ("name,lean\nA,left,extra\n", "row 2: 3 cells for 2 columns"),
        ("", "empty"),
        ('{"outlets": [{"name": "A"}]}', "outlet 1: missing key 'lean'"),
        ('{"outlets": [{"name": "A", "lean": "left", "rating": 3}]}', "unknown key 'rating'"),
        ('{"scale": ["only"], "outlets": []}', "'scale' must be a list of two or more labels"),
        ('{"outlets": [', "not valid JSON"),
        ('[{"name": "A", "lean": true}]', "neither a label of the scale nor a number"),
    ],
)
def test_bad_registry_is_one_line_naming_the_row(text, message):
    with pytest.raises(RegistryError) as raised:
        parse_registry(text, "outlets.csv")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@given(st.text(max_size=300))
def test_any_text_is_a_registry_or_a_registry_error(text):
    try:
        parsed = parse_registry(text, "fuzz")
    except RegistryError as error:
        assert "\n" not in str(error).strip("\n") or "fuzz" in str(error)
    else:
        assert all(o.name for o in parsed.outlets)


@given(st.text(max_size=60))
def test_outlet_key_is_idempotent(name):
    assert outlet_key(outlet_key(name)) == outlet_key(name)


def test_articles_match_by_domain_name_alias_and_outlet_domain():
    outlets = registry()
    cases = {
        ("x", None, "https://www.harbourgazette.example/world/1"): "The Harbour Gazette",
        ("x", None, "https://news.gazette.example/a"): "The Harbour Gazette",
        ("x", "harbour gazette", None): "The Harbour Gazette",
        ("x", "THE HARBOUR GAZETTE", None): "The Harbour Gazette",
        ("x", "HG", None): "The Harbour Gazette",
        ("x", "coastherald.example", None): "Coast Herald",
        ("x", "Valley Post", "https://elsewhere.example/a"): "Valley Post",
        ("x", "Unknown Daily", "https://unknown.example/a"): None,
        ("x", None, None): None,
    }
    for (_, outlet, url), expected in cases.items():
        found = outlets.match(outlet, url)
        assert (found.name if found else None) == expected, (outlet, url)


def test_unmatched_articles_are_listed_by_what_they_name():
    articles = [
        article("a", "HG"),
        article("b", "Unknown Daily"),
        article("c", None, "https://other.example/x"),
        article("d"),
    ]
    line = matching_summary(articles, registry())
    assert line.startswith("outlets: 1 of 4 articles matched to 1 of the registry's 4 outlets")
    assert "Unknown Daily (1)" in line and "other.example (1)" in line
    assert "(no outlet) (1)" in line


def test_outlets_of_one_owner_are_one_source():
    articles = [article("a", "HG"), article("b", "Coast Herald"), article("c", "Valley Post")]
    provenance = {a.id: Provenance() for a in articles}
    sources = _independent_sources(articles, provenance, match_outlets(articles, registry()))
    assert sources["a"] == sources["b"] != sources["c"]
    assert len(set(_independent_sources(articles, provenance).values())) == 3


def _story(article_ids: list[str], claims: list[Claim]) -> Story:
    return Story(
        id="s-1",
        storyline="l-1",
        title="A vote",
        article_ids=article_ids,
        claims=claims,
        framing=[
            Framing(
                actor="Ostmark",
                labels=[
                    ArticleLabels(article_id="a", terms=["regime"]),
                    ArticleLabels(article_id="c", terms=["government"]),
                ],
            )
        ],
    )


def test_claims_by_side_one_side_claims_and_side_omissions():
    articles = [
        article("a", "HG"),  # left
        article("b", "Coast Herald"),  # right (same owner as a)
        article("c", "Valley Post"),  # right
        article("d", "RW"),  # center
        article("e", "Nobody"),  # unmatched
    ]
    claims = [
        Claim(id="c1", text="All report it.", status="consensus", article_ids=["a", "c", "d"]),
        Claim(id="c2", text="Only the right.", status="consensus", article_ids=["b", "c"]),
        Claim(id="c3", text="Left and centre.", status="consensus", article_ids=["a", "d"]),
        Claim(id="c4", text="Right and unknown.", status="consensus", article_ids=["c", "e"]),
    ]
    story = _story([a.id for a in articles], claims)
    texts = {a.id: "the vote passed the vote" for a in articles}
    compare_sides(
        story, match_outlets(articles, registry()), registry(), texts, WordPrior.of(Counter())
    )
    assert [c.sides for c in story.claims] == [
        ["left", "center", "right"],
        ["right"],
        ["left", "center"],
        ["right"],
    ]
    assert story.claims[0].leans == ["left", "center", "right"]
    assert story.claims[1].leans == ["lean right", "right"]
    views = {view.side: view for view in story.sides}
    assert list(views) == ["left", "center", "right"]
    # c4 is also carried by an article of unknown lean: not the right's alone
    assert views["right"].only_here == ["c2"]
    assert views["right"].omitted == ["c3"]
    assert views["left"].only_here == views["left"].omitted == []
    assert views["right"].leans == ["lean right", "right"]
    coverage = story.coverage
    assert [(c.value, c.articles, c.outlets) for c in coverage.by_side] == [
        ("left", 1, 1),
        ("center", 1, 1),
        ("right", 2, 2),
    ]
    assert [c.value for c in coverage.by_lean] == ["left", "center", "lean right", "right"]
    assert coverage.by_owner[0].value == "Gazette Group" and coverage.by_owner[0].articles == 2
    assert (coverage.matched, coverage.unmatched, coverage.blindspot) == (4, ["e"], None)
    assert [(s.side, s.terms) for s in story.framing[0].sides] == [
        ("left", ["regime"]),
        ("right", ["government"]),
    ]


def test_a_story_one_side_carries_alone_is_a_blindspot_with_enough_articles():
    articles = [article("b", "Coast Herald"), article("c", "Valley Post"), article("e", "X")]
    outlet_of = match_outlets(articles, registry())
    story = _story(["b", "c", "e"], [])
    texts = {a.id: "text" for a in articles}
    compare_sides(story, outlet_of, registry(), texts, WordPrior.of(Counter()))
    assert story.coverage.blindspot == "right"
    assert [view.side for view in story.sides] == ["right"]
    compare_sides(story, outlet_of, registry(), texts, WordPrior.of(Counter()), SideOptions(3))
    assert story.coverage.blindspot is None
    alone = _story(["c"], [])
    compare_sides(alone, outlet_of, registry(), texts, WordPrior.of(Counter()))
    assert alone.coverage.blindspot is None  # one article says nothing of coverage


def test_load_registry_names_a_missing_or_binary_file(tmp_path):
    with pytest.raises(RegistryError, match="no such file"):
        load_registry(tmp_path / "none.csv")
    (tmp_path / "bin.csv").write_bytes(b"\xff\xfe\x00name")
    with pytest.raises(RegistryError, match="not UTF-8"):
        load_registry(tmp_path / "bin.csv")


def test_registry_round_trips_through_its_json_form():
    original = registry()
    again = parse_registry(original.to_json())
    assert again.outlets == original.outlets and again.scale == original.scale


@pytest.mark.slow
def test_cli_outlets_end_to_end(tmp_path):
    db = str(tmp_path / "s.db")
    outlets_file = str(EXAMPLES.parent / "outlets.csv")
    result = runner.invoke(app, ["ingest", str(EXAMPLES), "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(app, ["outlets", "--db", db])
    assert listed.exit_code == 2 and "no outlet registry" in listed.output
    result = runner.invoke(app, ["outlets", "import", outlets_file, "--db", db, "-q"])
    assert result.exit_code == 0, result.output
    assert "imported 11 outlets" in result.output
    assert "10 of 11 articles matched" in result.output
    listed = runner.invoke(app, ["outlets", "--db", db, "--json"])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert {r["name"]: r["articles"] for r in rows}["Northgate Times"] == 2
    with Store(db) as store:
        listings, _ = store.story_listings(blindspot=True)
        assert [listing.title for listing in listings] == [
            "Assembly backs Kalve Gorge dam as villagers vow to fight on"
        ]
        assert listings[0].coverage == {"right": 3} and listings[0].blindspot == "right"
        assert store.story_listings(facets={"country": "Halde"})[1] == 1
        assert store.catalog_facets()["side"] == ["left", "center", "right"]
    # the report from the store carries the registry's coverage
    result = runner.invoke(app, ["analyze", "--db", db, "--format", "json"])
    report = json.loads(result.output[result.output.index("{") :])
    dam = next(s for s in report["stories"] if "dam" in s["title"])
    assert dam["coverage"]["blindspot"] == "right"
    talks = next(s for s in report["stories"] if "dam" not in s["title"])
    assert [v["side"] for v in talks["sides"]] == ["left", "center", "right"]
    assert any(v["only_here"] for v in talks["sides"])
    assert {o["name"] for o in report["outlets"]} >= {"KNB News", "Vessmark Daily"}
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lean\nA,left\nA,right\n")
    result = runner.invoke(app, ["analyze", str(EXAMPLES), "--outlets", str(bad)])
    assert result.exit_code == 2
    assert "bad.csv: row 3: the name 'A' is already row 2's" in result.output


def test_a_malformed_url_matches_nothing_and_breaks_nothing():
    outlets = registry()
    assert outlets.match(None, "http://[bad/x") is None
    assert outlets.match("HG", "https://site.exam[ple/a").name == "The Harbour Gazette"
    assert outlets.match(None, "//coastherald.example/story").name == "Coast Herald"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"outlets": ' + "[" * 100_000, "not"),
        ('[{"name": "A", "lean": ' + "9" * 400 + "}]", "lean"),
        ('[{"name": "A", "lean": NaN}]', "not a finite number"),
        ("name,lean\nA,inf\n", "not a finite number"),
        ('{"center_band": NaN, "outlets": []}', "'center_band' must be a number"),
        ('[{"name": "A", "lean": ["left"]}]', "neither a label of the scale nor a number"),
        ('[{"name": "A", "lean": "left", "owner": ["x"]}]', "owner must be text"),
        ("name,lean\n...,left\n", "no name in '...'"),
        ("name,lean,lean\nA,left,right\n", "the column 'lean' twice"),
    ],
)
def test_hostile_registry_input_is_a_registry_error(text, message):
    with pytest.raises(RegistryError) as raised:
        parse_registry(text, "outlets.json")
    assert message in str(raised.value)


def test_a_scale_of_numbers_is_read_as_labels_and_a_trailing_comma_is_allowed():
    text = '{"scale": ["-2", "-1", "0", "1", "2"], "outlets": [{"name": "A", "lean": "-2"}, {"name": "B", "lean": "1"}]}'
    sides = {o.name: (o.lean, o.side) for o in parse_registry(text).outlets}
    assert sides == {"A": ("-2", "left"), "B": ("1", "right")}
    (outlet,) = parse_registry("name,lean,\nA,left,\n").outlets
    assert outlet.side == "left"


def test_numeric_leans_are_listed_from_left_to_right():
    text = '[{"name": "A", "lean": 10}, {"name": "B", "lean": -1}, {"name": "C", "lean": 2}, {"name": "D", "lean": -2}]'
    outlets = parse_registry(text)
    articles = [article(i, name) for i, name in zip("abcd", "ABCD", strict=True)]
    story = _story(["a", "b", "c", "d"], [])
    texts = {a.id: "text" for a in articles}
    compare_sides(story, match_outlets(articles, outlets), outlets, texts, WordPrior.of(Counter()))
    assert [c.value for c in story.coverage.by_lean] == ["-2", "-1", "2", "10"]


def test_a_copy_is_on_its_originals_side_for_claims_not_for_coverage():
    articles = [article("a", "HG"), article("r", "Valley Post")]  # left original, right rewrite
    claim = Claim(id="c1", text="Told.", status="consensus", article_ids=["a", "r"])
    story = _story(["a", "r"], [claim])
    texts = {a.id: "text" for a in articles}
    outlet_of = match_outlets(articles, registry())
    compare_sides(
        story, outlet_of, registry(), texts, WordPrior.of(Counter()), original_of={"r": "a"}
    )
    assert [(c.value, c.articles) for c in story.coverage.by_side] == [("left", 1), ("right", 1)]
    assert story.claims[0].sides == ["left"]
    (left,) = story.sides
    assert left.article_ids == ["a", "r"] and left.outlets == ["The Harbour Gazette"]


def test_a_blindspot_needs_several_outlets_not_several_articles():
    articles = [article("a", "HG"), article("b", "HG"), article("x", "Nobody")]
    story = _story(["a", "b", "x"], [])
    texts = {a.id: "text" for a in articles}
    compare_sides(
        story, match_outlets(articles, registry()), registry(), texts, WordPrior.of(Counter())
    )
    assert story.coverage.blindspot is None


def test_a_registry_change_makes_the_next_refresh_compare_every_story(tmp_path, models):
    db = tmp_path / "s.db"
    runner.invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "-q", "--no-stories"])
    with Store(db) as store:
        from newsprism.catalog import import_registry, refresh_stories

        first = refresh_stories(store, models)
        assert first.kept == 0 and store.catalog_registry() == ""
        again = refresh_stories(store, models)
        assert again.compared == 0
        import_registry(store, EXAMPLES.parent / "outlets.csv")
        after = refresh_stories(store, models)
        assert after.kept == 0 and after.compared == after.stories
        assert store.catalog_registry() == store.registry().to_json()
        assert refresh_stories(store, models).compared == 0
