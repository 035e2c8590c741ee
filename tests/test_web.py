"""The web app and its HTTP API over a store holding the example corpus: status codes,
the report contract, the write token, limits, headers, and no path out of the app."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from newsprism.analyze import analyze
from newsprism.catalog import refresh_stories
from newsprism.ingest import ingest
from newsprism.report import Report, Story
from newsprism.store import Store
from newsprism.web import ServerSettings, create_app

from .conftest import EXAMPLES

pytestmark = pytest.mark.slow
TOKEN = "test-token-4f1c"


@pytest.fixture(scope="module")
def catalog_db(tmp_path_factory, models):
    """A store with the example corpus ingested and its stories up to date."""
    db = tmp_path_factory.mktemp("web") / "store.db"
    with Store(db) as store:
        ingest([EXAMPLES], store)
        refresh_stories(store, models)
    return db


@pytest.fixture(scope="module")
def client(catalog_db, models):
    app = create_app(ServerSettings(db=catalog_db, token=None, models=models))
    return TestClient(app)


@pytest.fixture
def writable(tmp_path, catalog_db, models):
    """A server with a write token, over its own copy of the store."""
    db = tmp_path / "copy.db"
    with Store(catalog_db) as source:
        source.db.execute(f"VACUUM INTO '{db}'")
    app = create_app(ServerSettings(db=db, token=TOKEN, models=models, max_upload_bytes=200_000))
    return TestClient(app), db


def test_story_list_counts_outlets_and_contested_claims(client):
    response = client.get("/api/stories", params={"sort": "biggest"})
    assert response.status_code == 200
    listing = response.json()
    assert listing["total"] == 2
    biggest = listing["stories"][0]
    assert {"id", "title", "articles", "outlets", "contested"} <= set(biggest)
    assert biggest["articles"] == 8 and len(biggest["outlets"]) >= 6
    assert biggest["contested"] >= 1


def test_story_is_the_report_contract_and_matches_the_cli(client, example_articles, models):
    cli_report = analyze(example_articles, models)
    for expected in cli_report.stories:
        response = client.get(f"/api/stories/{expected.id}")
        assert response.status_code == 200
        story = Story.model_validate(response.json())
        assert story.article_ids == expected.article_ids
        assert story.model_dump() == expected.model_dump()
    full = client.get(f"/api/stories/{cli_report.stories[0].id}/report").json()
    report = Report.model_validate(full)
    assert [a.id for a in report.articles] == cli_report.stories[0].article_ids
    kinds = {a.id: a.provenance.kind for a in cli_report.articles}
    assert all(a.provenance.kind == kinds[a.id] for a in report.articles)


def test_filters_search_and_paging(client):
    stories = client.get("/api/stories").json()["stories"]
    dam = next(s for s in stories if "dam" in s["title"].lower())
    outlet = dam["outlets"][0]
    by_outlet = client.get("/api/stories", params={"outlet": outlet}).json()
    assert dam["id"] in [s["id"] for s in by_outlet["stories"]]
    found = client.get("/api/search", params={"q": "Kalve"}).json()
    assert [s["id"] for s in found["stories"]] == [dam["id"]]
    assert found["articles"] and all(a["story_id"] == dam["id"] for a in found["articles"])
    assert client.get("/api/stories", params={"q": "zzzzunheard"}).json()["total"] == 0
    late = client.get("/api/stories", params={"since": "2100-01-01"}).json()
    assert late["total"] == 0
    page = client.get("/api/stories", params={"limit": 1, "offset": 1}).json()
    assert len(page["stories"]) == 1 and page["total"] == 2


def test_search_words_cannot_inject_fts_syntax(client):
    for query in ["NEAR(a b)", "title:x OR", "a' OR 1=1 --"]:
        assert client.get("/api/search", params={"q": query}).status_code == 200
    # nothing but syntax: no words to look for (see the test of searches without words)
    for query in ['"', "*", "%_\\"]:
        assert client.get("/api/search", params={"q": query}).status_code == 400


def test_article_api_and_unknown_ids(client):
    story = client.get("/api/stories").json()["stories"][0]
    article_id = client.get(f"/api/stories/{story['id']}").json()["article_ids"][0]
    article = client.get(f"/api/articles/{article_id}").json()
    assert article["story_id"] == story["id"]
    assert article["article"]["text"] and "provenance" in article["article"]
    assert client.get("/api/stories/s-nope").status_code == 404
    assert client.get("/api/articles/zzzz").status_code == 404
    assert client.get("/api/stories", params={"limit": 0}).status_code == 422
    assert client.get("/api/stories", params={"sort": "oldest"}).status_code == 422


def test_pages_render_with_escaped_text(client):
    home = client.get("/")
    assert home.status_code == 200 and "Stories" in home.text
    story_id = client.get("/api/stories", params={"sort": "biggest"}).json()["stories"][0]["id"]
    page = client.get(f"/stories/{story_id}").text
    for part in (
        'id="matrix"',
        'class="discrepancy',
        "Framing",
        "Quotes by speaker",
        "Timeline",
        "Why these articles are together",
        'class="differences"',
    ):
        assert part in page
    assert client.get("/stories/s-nope").status_code == 404
    assert "404" in client.get("/stories/s-nope").text


def test_writes_need_the_token(client, writable):
    upload = {"files": ("note.txt", b"Title: A note\n\nSomething happened today.", "text/plain")}
    # a server started without a token is read-only
    assert client.post("/api/ingest", files=upload).status_code == 403
    app, _ = writable
    assert app.post("/api/ingest", files=upload).status_code == 401
    wrong = {"Authorization": "Bearer " + TOKEN[:-1] + "x"}
    assert app.post("/api/ingest", files=upload, headers=wrong).status_code == 401
    form = app.post("/ingest", files=upload, data={"token": "nope"})
    assert form.status_code == 401 and "wrong token" in form.text


def test_upload_adds_articles_and_updates_stories(writable):
    app, db = writable
    text = (
        "Title: Harbour ferry strike ends after talks\n\n"
        "Ferry crews in the port city of Tessaly returned to work on Monday after a "
        "three-day strike, the workers' union said. The union said 40 sailings were cancelled."
    )
    response = app.post(
        "/api/ingest",
        files=[
            ("files", ("../../escape.txt", text.encode(), "text/plain")),
            ("files", ("broken.json", b"{not json", "application/json")),
        ],
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["new"] == 1 and result["rejected"] == 1
    assert result["rejections"][0].startswith("broken.json")
    assert result["stories"] == 3
    found = app.get("/api/search", params={"q": "ferry"}).json()
    assert len(found["stories"]) == 1
    with Store(db) as store:
        assert store.uncatalogued() == 0
        # stored under the name it was sent as, not a deleted temporary path
        (ferry,) = [a for a in store.articles() if "ferry" in a.text.lower()]
        assert ferry.source_path == "escape.txt"


def test_body_size_limit(writable):
    app, _ = writable
    big = {"files": ("big.txt", b"x" * 300_000, "text/plain")}
    response = app.post("/api/ingest", files=big, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 413


def test_security_headers_and_no_path_traversal(client):
    response = client.get("/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "http" not in policy  # no external origins
    assert response.headers["x-content-type-options"] == "nosniff"
    for path in (
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2f..%2fstore.py",
        "/articles/..%2f..%2fetc%2fpasswd",
        "/stories/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "import" not in response.text and "root:" not in response.text


def test_openapi_documents_the_api(client):
    schema = client.get("/openapi.json").json()
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}"} <= set(
        schema["paths"]
    )
    assert "/api/search" in schema["paths"] and "/api/ingest" in schema["paths"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/stories/{story_id}" in docs.text
    assert "cdn" not in docs.text.lower()


def test_schemathesis_finds_no_server_error(catalog_db, models):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    app = create_app(ServerSettings(db=catalog_db, token=TOKEN, models=models))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    checked = 0
    # uploads would run the whole pipeline; the token is not sent, so they stop at 401
    operations = [result.ok() for result in schema.get_all_operations()]

    @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(*(operation.as_strategy() for operation in operations)))
    def run(case):
        nonlocal checked
        response = case.call()
        checked += 1
        if response.status_code >= 500:
            failures.append(f"{case.operation.label}: {response.status_code} {case.formatted_path}")
        elif response.status_code == 200:
            json.loads(response.content)

    run()
    assert failures == []
    assert checked >= 100


def test_stories_are_merged_and_split_through_the_api_with_the_token(writable):
    app, _ = writable
    stories = app.get("/api/stories", params={"sort": "biggest"}).json()["stories"]
    assert len(stories) == 2
    ids = [s["id"] for s in stories]
    body = {"story_ids": ids}
    assert app.post("/api/stories/merge", json=body).status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    merged = app.post("/api/stories/merge", json=body, headers=auth)
    assert merged.status_code == 200, merged.text
    assert merged.json()["stories"] == 1
    story_id = merged.json()["story_id"]
    whole = app.get(f"/api/stories/{story_id}").json()
    assert len(whole["article_ids"]) == 11
    assert app.get(f"/api/stories/{ids[1]}").status_code == 404  # its articles moved
    refused = app.post(
        f"/api/stories/{story_id}/split", json={"article_ids": ["nope"]}, headers=auth
    )
    assert refused.status_code == 422 and "not in story" in refused.text
    # take three articles back out into a story of their own
    first = whole["article_ids"][:3]
    split = app.post(f"/api/stories/{story_id}/split", json={"article_ids": first}, headers=auth)
    assert split.status_code == 200 and split.json()["stories"] == 2
    assert set(app.get(f"/api/stories/{split.json()['story_id']}").json()["article_ids"]) == set(
        first
    )


def test_the_list_groups_events_under_their_storyline_with_its_timeline(writable):
    app, db = writable
    # the example corpus's two stories, told to be two events of one storyline
    with Store(db) as store:
        stories = sorted(store.catalog_stories().values(), key=lambda s: s.first_published or "")
        ids = [a for s in stories for a in s.article_ids]
        joined = [s.model_copy(update={"storyline": "l-joined"}) for s in stories]
        store.save_catalog(joined, store.provenance(ids))
    page = app.get("/").text
    assert page.count('class="storyline-item"') == 1
    assert "Storyline · 2 events" in page
    timeline = page[page.index('class="timeline"') :]
    # in order of time, both linked
    assert timeline.index(stories[0].id) < timeline.index(stories[1].id)
    # a filter that matches one event still shows the other in the timeline, unmarked
    only = app.get("/", params={"q": stories[1].title.split()[0]}).text
    assert f'href="/stories/{stories[0].id}"' in only
    story = app.get(f"/stories/{stories[1].id}").text
    assert 'id="storyline"' in story and "(this event)" in story
    assert f'href="/stories/{stories[0].id}"' in story
    # a storyline of one event shows no storyline section
    with Store(db) as store:
        store.save_catalog(stories, store.provenance(ids))
    assert 'id="storyline"' not in app.get(f"/stories/{stories[1].id}").text


def test_unknown_routes_and_methods_answer_as_pages_on_html_paths(client):
    page = client.get("/no-such-page")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    wrong = client.post("/")
    assert wrong.status_code == 405 and wrong.headers["content-type"].startswith("text/html")
    api = client.get("/api/no-such-thing")
    assert api.status_code == 404 and api.json()["detail"] == "Not Found"


def test_head_is_answered_wherever_get_is(client):
    for path in ("/", "/api/stories", "/docs", "/static/style.css"):
        got, head = client.get(path), client.head(path)
        assert head.status_code == got.status_code == 200, path
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]


def test_errors_are_bounded_and_pages_answer_as_pages(client):
    huge = "x" * 60_000  # (the test client refuses URLs over 64 KiB)
    api = client.get("/api/stories", params={"q": huge})
    assert api.status_code == 422 and len(api.content) < 1000
    assert "q" in api.json()["detail"]
    html = client.get("/", params={"q": huge})
    assert html.status_code == 422 and html.headers["content-type"].startswith("text/html")
    assert huge[:1000] not in html.text and 'role="alert"' in html.text


def test_a_search_without_words_is_refused_not_matching_everything(client):
    for query in ("*", "\x00", "\"'()"):
        response = client.get("/api/stories", params={"q": query})
        assert response.status_code == 400, query
        assert "no words" in response.json()["detail"]
    assert client.get("/", params={"q": "*"}).status_code == 400
    assert client.get("/api/search", params={"q": "*"}).status_code == 400
    # an empty search box is no filter
    assert client.get("/api/stories", params={"q": " "}).json()["total"] == 2


def test_writes_from_another_origin_are_refused_even_with_the_token(writable):
    app, _ = writable
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"story_ids": ["s-a", "s-b"]}
    for foreign in (
        {"Origin": "https://elsewhere.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site", "Origin": "http://testserver"},
    ):
        response = app.post("/api/stories/merge", json=body, headers={**auth, **foreign})
        assert response.status_code == 403, foreign
        assert "another origin" in response.json()["detail"]
    # the server's own pages, and clients that send no Origin, reach the token check
    own = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert app.post("/api/stories/merge", json=body, headers={**auth, **own}).status_code == 422
    # (a browser's own form posts "Origin: null" under the no-referrer policy)
    form = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert app.post("/api/stories/merge", json=body, headers={**auth, **form}).status_code == 422
    assert app.post("/api/stories/merge", json=body).status_code == 401


def test_without_an_outlet_registry_the_list_has_no_coverage_filters_or_bars(client):
    page = client.get("/").text
    for part in ('id="side"', 'id="blindspot"', "coverage-bar", "Blindspots", 'id="sides"'):
        assert part not in page, part
    story_id = client.get("/api/stories").json()["stories"][0]["id"]
    assert 'id="sides"' not in client.get(f"/stories/{story_id}").text
    listed = client.get("/api/stories").json()["stories"]
    assert all(s["coverage"] == {} and s["blindspot"] is None for s in listed)
    assert client.get("/api/facets").json() == {"side": [], "lean": [], "country": [], "owner": []}
    assert client.get("/api/outlets").json() == []
    # the filters are accepted, and match nothing
    assert client.get("/api/stories", params={"side": "left"}).json()["total"] == 0
    assert client.get("/api/stories", params={"blindspot": "true"}).json()["total"] == 0


def test_a_copys_page_shows_its_source_and_the_passages_shared(client):
    copies = []
    for listed in client.get("/api/stories").json()["stories"]:
        story = client.get(f"/api/stories/{listed['id']}").json()
        for article_id in story["article_ids"]:
            article = client.get(f"/api/articles/{article_id}").json()["article"]
            if article["provenance"]["passages"] and article["provenance"]["of"]:
                copies.append(article)
    assert copies, "the example corpus has copies of articles it holds"
    copy = copies[0]
    page = client.get(f"/articles/{copy['id']}").text
    assert f'href="/articles/{copy["provenance"]["of"]}"' in page
    assert "shared with its source" in page
    first = copy["provenance"]["passages"][0]
    assert first["change"] in ("verbatim", "edited", "reworded")
    assert 0 <= first["words_kept"] <= 1 and copy["provenance"]["share"] > 0.5
