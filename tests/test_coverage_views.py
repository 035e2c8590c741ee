"""Coverage by side in every view, with the example corpus's outlet registry
(``examples/outlets.csv``): the terminal, Markdown and HTML reports, the web list's
coverage bars, filters and blindspot view, the story page and the API.

In the example corpus the Kessaria talks are covered by left, center and right outlets
(and one article no registry outlet matches), with claims only one side carries; the
Kalve dam vote only by right-leaning outlets: a blindspot.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from newsprism.analyze import analyze
from newsprism.catalog import import_registry, refresh_stories
from newsprism.ingest import ingest
from newsprism.outlets import load_registry
from newsprism.render import render
from newsprism.render.evidence import coverage_text, side_claims
from newsprism.render.html import bar_segments, bar_words
from newsprism.render.terminal import coverage_bar
from newsprism.report import Claim, Coverage, CoverageCount, Report, SideView, Story
from newsprism.store import Store
from newsprism.web import ServerSettings, create_app

from .conftest import EXAMPLES

REGISTRY = EXAMPLES.parent / "outlets.csv"


def _count(value: str, articles: int, share: float) -> CoverageCount:
    return CoverageCount(value=value, articles=articles, outlets=articles, share=share)


def _talks(stories):
    return next(s for s in stories if "Kessaria" in s.title)


def _dam(stories):
    return next(s for s in stories if "Kalve" in s.title)


# --- the shared helpers, on hand-made coverage ----------------------------------------


def test_coverage_text_names_every_side_and_what_is_on_none():
    coverage = Coverage(
        by_side=[_count("left", 3, 0.375), _count("right", 4, 0.5)],
        matched=8,
        unmatched=["a", "b"],
    )
    assert coverage_text(coverage) == (
        "left 3 (38 %) · center 0 · right 4 (50 %); 1 article of outlets with no lean; "
        "2 articles not in the registry"
    )
    assert coverage_text(Coverage()) == "left 0 · center 0 · right 0"


def test_bars_are_proportional_and_fill_their_width():
    segments = bar_segments({"right": 2, "left": 3, "center": 2})
    assert [s.side for s in segments] == ["left", "center", "right"]
    assert segments[0].x == 0 and segments[1].x == segments[0].width
    assert sum(s.width for s in segments) == pytest.approx(100, abs=0.05)
    assert segments[0].width / segments[2].width == pytest.approx(1.5, rel=0.01)
    assert bar_segments({}) == [] and bar_segments({"left": 0}) == []
    assert bar_words({"right": 3}, articles=4) == "left 0 · center 0 · right 3 · 1 of unknown lean"
    assert (
        bar_words({"right": 3}, articles=5, unmatched=1)
        == "left 0 · center 0 · right 3 · 1 not in the registry · 1 of unknown lean"
    )
    # the text bar: every cell used, and a side with one article in many still shows
    text = coverage_bar({"left": 1, "center": 0, "right": 98}, cells=30)
    assert (
        len(
            text.replace("[blue]", "")
            .replace("[/blue]", "")
            .replace("[red]", "")
            .replace("[/red]", "")
        )
        == 30
    )
    assert "█" in text and "▒" not in text
    assert coverage_bar({}) == ""


def test_side_claims_resolve_ids_in_the_reports_order():
    claims = [
        Claim(id="c1", text="one", status="single_source", article_ids=["a"], sides=["left"]),
        Claim(id="c2", text="two", status="consensus", article_ids=["a", "b"], sides=["left"]),
    ]
    story = Story(
        id="s",
        storyline="l",
        title="t",
        article_ids=["a", "b", "c"],
        claims=claims,
        sides=[
            SideView(
                side="left",
                leans=["left"],
                article_ids=["a", "b"],
                outlets=["A", "B"],
                only_here=["c2", "c1", "gone"],
            ),
        ],
    )
    (left,) = side_claims(story)
    # the library puts the most carried first; an unknown id is skipped
    assert [c.id for c in left.only_here] == ["c2", "c1"]
    assert left.outlets_name == "left-leaning outlets"


# --- the report renderers ----------------------------------------------------------


@pytest.fixture(scope="module")
def registry_report(example_articles, models) -> Report:
    return analyze(example_articles, models, registry=load_registry(REGISTRY))


def _without_registry(report: Report) -> Report:
    """The report with every field a registry fills emptied."""
    bare = report.model_copy(deep=True)
    bare.outlets = []
    for article in bare.articles:
        article.registry_outlet = None
    for story in bare.stories:
        story.coverage = None
        story.sides = []
        for claim in story.claims:
            claim.sides = []
        for framing in story.framing:
            framing.sides = []
    return bare


@pytest.mark.slow
def test_the_example_registry_gives_the_coverage_the_views_are_tested_on(registry_report):
    talks, dam = _talks(registry_report.stories), _dam(registry_report.stories)
    assert [c.value for c in talks.coverage.by_side] == ["left", "center", "right"]
    assert talks.coverage.unmatched and talks.coverage.blindspot is None
    assert any(side.only_here for side in talks.sides)
    assert dam.coverage.blindspot == "right"


@pytest.mark.slow
def test_terminal_shows_coverage_blindspot_and_claims_by_side(registry_report):
    text = render(registry_report, "text")
    flat = " ".join(text.split())
    assert "Coverage by side" in text
    assert (
        "█ left 3 (43 %) · ▒ center 2 (29 %) · ░ right 2 (29 %); 1 article not in the registry"
        in flat
    )
    assert "by country: Kessaria 3 · Ildmark 2 · Halde 1" in flat
    assert "blindspot: covered only by right-leaning outlets" in flat
    assert flat.count("blindspot:") == 1  # the talks are no blindspot
    assert "Claims by side" in text
    assert re.search(r"reported only by left-leaning outlets \(\d+\):", flat)
    assert "left out by left-leaning outlets, reported by every other side" in flat
    assert "Labels by side" in text and "right insurgent group" in flat
    # each article's lean in its story's table
    assert re.search(r"│ *\d+ │ KNB News +│ right +│", text)
    # the claims listed for a side are cut to a few, and say so
    talks = _talks(registry_report.stories)
    left = next(s for s in side_claims(talks) if s.side == "left")
    from newsprism.render.terminal import MAX_SIDE_CLAIMS

    assert len(left.only_here) > MAX_SIDE_CLAIMS
    assert f"… and {len(left.only_here) - MAX_SIDE_CLAIMS} more claims" in flat
    # its first words: a long claim is wrapped inside the story's panel
    assert " ".join(left.only_here[0].text.split()[:5]) in flat


@pytest.mark.slow
def test_markdown_shows_coverage_blindspot_and_claims_by_side(registry_report):
    markdown = render(registry_report, "md")
    assert "| article | outlet | lean | published | provenance |" in markdown
    assert "### Coverage by side" in markdown
    assert (
        "- **coverage**: left 3 (43 %) · center 2 (29 %) · right 2 (29 %); "
        "1 article not in the registry"
    ) in markdown
    assert "- not in the registry: free-coast-voice-talks.txt" in markdown
    assert "- by owner: Ledger Holdings 2 ·" in markdown
    assert "- **blindspot**: covered only by right-leaning outlets" in markdown
    assert "### Claims by side" in markdown
    talks = _talks(registry_report.stories)
    for side in side_claims(talks):
        assert f"- **{side.side}**: {', '.join(side.view.outlets)}" in markdown
        if side.only_here:
            assert f"  - reported only by {side.outlets_name} ({len(side.only_here)}):" in markdown
            assert f"    - {side.only_here[0].text} [" in markdown
    assert "### Labels by side" in markdown
    # the dam vote has one side: its labels by side would only repeat its outlets'
    dam_part = markdown[markdown.index(f"## {_dam(registry_report.stories).title}") :]
    assert "### Labels by side" not in dam_part and "### Claims by side" not in dam_part


@pytest.mark.slow
def test_html_shows_the_bar_the_blindspot_and_claims_by_side(registry_report):
    page = render(registry_report, "html")
    talks, dam = _talks(registry_report.stories), _dam(registry_report.stories)
    talks_part = page[page.index(f'id="{talks.id}"') : page.index(f'id="{dam.id}"')]
    dam_part = page[page.index(f'id="{dam.id}"') :]
    bar = talks_part[talks_part.index('class="coverage-bar"') :].split("</svg>")[0]
    assert re.findall(r'data-side="(\w+)" data-articles="(\d+)"', bar) == [
        ("left", "3"),
        ("center", "2"),
        ("right", "2"),
    ]
    assert 'width="42.86"' in bar
    assert 'class="badge blindspot"' not in talks_part
    assert "blindspot: only right-leaning outlets" in dam_part
    assert "This story is covered only by right-leaning outlets." in dam_part
    assert "<h3>Claims by side</h3>" in talks_part and "<h3>Claims by side</h3>" not in dam_part
    assert 'class="side-claims only-here"' in talks_part
    assert 'class="side-claims omitted"' in talks_part
    assert "Reported only by left-leaning outlets" in talks_part
    assert "labels, by side" in talks_part and "labels, by side" not in dam_part
    assert 'class="chip lean"' in talks_part
    # the rest of a long list is folded, not dropped
    left = next(s for s in side_claims(talks) if s.side == "left")
    assert left.only_here[-1].text.replace("'", "&#39;").replace('"', "&#34;") in talks_part


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_without_a_registry_the_views_show_nothing_new(registry_report, fmt):
    shown = render(_without_registry(registry_report), fmt)
    for marker in (
        "Coverage by side",
        "Claims by side",
        "Labels by side",
        "labels, by side",
        "blindspot",
        "coverage-bar",
        "not in the registry",
        "| lean |",
        "side-left",
    ):
        assert marker not in shown, marker
    assert not re.search(r"┃ lean +┃", shown)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_registry_that_matches_nothing_renders(registry_report, fmt):
    """Coverage with no article matched: no sides, no bar, no share to divide by."""
    empty = _without_registry(registry_report)
    for story in empty.stories:
        story.coverage = Coverage(unmatched=list(story.article_ids))
    shown = " ".join(render(empty, fmt).split())
    # (the terminal puts its bar's glyph before each side)
    assert re.search(
        r"left 0 · (▒ )?center 0 · (░ )?right 0; 8 articles not in the registry", shown
    )
    assert "Claims by side" not in shown


# --- the web app ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def registry_db(tmp_path_factory, models):
    """A store with the example corpus, its outlet registry and its stories up to date."""
    db = tmp_path_factory.mktemp("coverage") / "store.db"
    with Store(db) as store:
        import_registry(store, REGISTRY)
        ingest([EXAMPLES], store)
        refresh_stories(store, models, full=True)
    return db


@pytest.fixture(scope="module")
def client(registry_db, models):
    return TestClient(create_app(ServerSettings(db=registry_db, token=None, models=models)))


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [s["id"] for s in response.json()["stories"]]


@pytest.mark.slow
def test_api_listings_carry_coverage_and_take_the_filters(client):
    stories = client.get("/api/stories").json()["stories"]
    talks, dam = _talks_listing(stories), _dam_listing(stories)
    assert talks["coverage"] == {"left": 3, "center": 2, "right": 2}
    assert talks["blindspot"] is None
    assert dam["coverage"] == {"right": 3} and dam["blindspot"] == "right"

    def found(**params) -> list[str]:
        return _ids(client.get("/api/stories", params=params))

    assert found(side="left") == [talks["id"]]
    assert set(found(side="right")) == {talks["id"], dam["id"]}
    assert found(lean="lean left") == [talks["id"]]
    assert found(country="Lunderra") == [dam["id"]]
    assert found(owner="Ledger Holdings", sort="biggest") == [talks["id"], dam["id"]]
    assert found(country="Halde", side="right") == [talks["id"]]
    assert found(blindspot="true") == [dam["id"]]
    assert found(blindspot="true", side="left") == []
    # a value no story has: no stories, not an error
    assert found(country="Atlantis") == [] and found(owner="") == found()


@pytest.mark.slow
def test_api_refuses_bad_filter_values(client):
    for params in (
        {"side": "far-left"},
        {"side": "LEFT"},
        {"blindspot": "perhaps"},
        {"lean": "x" * 201},
        {"country": "x" * 201},
    ):
        response = client.get("/api/stories", params=params)
        assert response.status_code == 422, params
        assert len(response.content) < 1000
    assert client.get("/", params={"side": "far-left"}).status_code == 422


@pytest.mark.slow
def test_api_facets_and_outlets(client):
    facets = client.get("/api/facets").json()
    assert facets["side"] == ["left", "center", "right"]
    assert facets["lean"] == ["left", "lean left", "center", "lean right", "right"]
    assert "Kessaria" in facets["country"] and "Ledger Holdings" in facets["owner"]
    outlets = {o["name"]: o for o in client.get("/api/outlets").json()}
    assert outlets["KNB News"]["side"] == "right" and outlets["KNB News"]["kind"] == "state media"
    assert set(client.get("/openapi.json").json()["paths"]) >= {"/api/facets", "/api/outlets"}


def _talks_listing(stories: list[dict]) -> dict:
    return next(s for s in stories if "Kessaria" in s["title"])


def _dam_listing(stories: list[dict]) -> dict:
    return next(s for s in stories if "Kalve" in s["title"])


def _items(page: str) -> list[str]:
    """The story items of a list page, in order."""
    return page.split('<li class="story-item')[1:]


@pytest.mark.slow
def test_the_list_draws_a_coverage_bar_and_flags_the_blindspot(client):
    page = client.get("/", params={"sort": "biggest"}).text
    talks, dam = _items(page)
    assert "Kessaria" in talks and "Kalve" in dam
    sides = re.findall(r'<rect class="side-(\w+)" data-side="\1" data-articles="(\d+)"', talks)
    assert sides == [("left", "3"), ("center", "2"), ("right", "2")]
    assert 'title="Coverage by side: left 3 · center 2 · right 2 · 1 not in the registry"' in talks
    assert re.findall(r'data-side="(\w+)" data-articles="(\d+)"', dam) == [("right", "3")]
    assert 'width="100.0"' in dam
    assert "blindspot: only right-leaning outlets" in dam and "blindspot:" not in talks
    # the filters, offered with the catalog's values
    for name, value in (
        ("side", "right"),
        ("lean", "lean right"),
        ("country", "Halde"),
        ("owner", "Vessmark Press"),
    ):
        assert f'<select id="{name}" name="{name}"' in page
        assert f'<option value="{value}">' in page
    assert 'id="blindspot-link"' in page


@pytest.mark.slow
def test_the_list_filters_by_side_lean_country_and_owner(client):
    def titles(**params) -> list[str]:
        response = client.get("/", params=params)
        assert response.status_code == 200
        return [
            re.search(r'class="story-link"[^>]*>([^<]+)', item).group(1)
            for item in _items(response.text)
        ]

    assert [t for t in titles(side="left")] == [t for t in titles(country="Halde")]
    assert all("Kessaria" in t for t in titles(side="left")) and len(titles(side="left")) == 1
    assert all("Kalve" in t for t in titles(owner="Vessmark Press"))
    # as the form sends it: every box, the empty ones as no filter
    form = {"q": "", "outlet": "", "side": "", "lean": "", "country": "Halde", "owner": ""}
    assert titles(**form) == titles(country="Halde")
    narrowed = client.get("/", params={"country": "Lunderra"}).text
    assert '<option value="Lunderra" selected>' in narrowed
    assert "1 story match" in narrowed
    # a value no story has is kept in its box, and matches nothing
    unknown = client.get("/", params={"lean": "far out"}).text
    assert '<option value="far out" selected>' in unknown
    assert "No stories match these filters" in unknown


@pytest.mark.slow
def test_the_blindspot_view_lists_what_one_side_carries_alone(client):
    page = client.get("/", params={"blindspot": "1"}).text
    assert "<h1>Blindspots</h1>" in page
    (item,) = _items(page)
    assert "Kalve" in item and "Kessaria" not in item
    assert "blindspot: only right-leaning outlets" in item
    assert 'id="blindspot" name="blindspot" type="checkbox" value="1" checked' in page
    # with other filters it narrows further, and the way back keeps them
    assert _items(client.get("/", params={"blindspot": "1", "side": "left"}).text) == []
    assert (
        'href="/?sort=newest&amp;side=right">All stories'
        in client.get("/", params={"blindspot": "1", "side": "right"}).text
    )


@pytest.mark.slow
def test_the_story_page_shows_coverage_and_claims_by_side(client):
    stories = client.get("/api/stories").json()["stories"]
    talks = client.get(f"/stories/{_talks_listing(stories)['id']}").text
    assert '<section id="sides"' in talks and 'href="#sides"' in talks
    assert (
        "left 3 (43 %) · center 2 (29 %) · right 2 (29 %); 1 article not in the registry" in talks
    )
    assert "Not in the registry:" in talks
    assert '<section class="side side-left" data-side="left"' in talks
    assert "Reported only by left-leaning outlets" in talks
    assert "Left out by left-leaning outlets, reported by every other side" in talks
    assert "labels, by side" in talks and 'class="chip lean"' in talks
    dam = client.get(f"/stories/{_dam_listing(stories)['id']}").text
    assert "This story is covered only by right-leaning outlets." in dam
    assert "Claims by side" not in dam
