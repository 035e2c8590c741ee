"""The web app in a real headless Chromium (Debian's ``chromium``, driven by Playwright),
against ``newsprism serve`` started by the test on loopback with the example corpus
(and, for the coverage views, a second server whose store has the example corpus's
outlet registry).

Screenshots of every page visited are saved under the test's temporary directory
(``screenshots/``); the path is printed, for a person to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from newsprism.catalog import import_registry, refresh_stories
from newsprism.ingest import ingest
from newsprism.store import Store

from .conftest import EXAMPLES

pytestmark = pytest.mark.slow
HOSTILE = (
    "Title: Council meeting notes\n\n"
    "The minutes quoted a resident's post: <script>window.pwned = 1</script> and "
    '<img src=x onerror="window.pwned = 2"> were pasted into the record, the clerk said.'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db: Path):
    """``newsprism serve`` on loopback over ``db``: its address while it runs."""
    port = _free_port()
    env = {**os.environ, "NEWSPRISM_TOKEN": "browser-token"}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsprism", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/api/stories", timeout=2)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("server did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory, models, chromium):
    """``newsprism serve`` on loopback over a store with the example corpus and one
    article carrying markup."""
    folder = tmp_path_factory.mktemp("browser")
    (folder / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    db = folder / "store.db"
    with Store(db) as store:
        ingest([EXAMPLES, folder / "hostile.txt"], store)
        refresh_stories(store, models)
    yield from _serve(db)


@pytest.fixture(scope="module")
def registry_server(tmp_path_factory, models, chromium):
    """``newsprism serve`` over a store with the example corpus and its outlet registry."""
    db = tmp_path_factory.mktemp("browser-registry") / "store.db"
    with Store(db) as store:
        import_registry(store, EXAMPLES.parent / "outlets.csv")
        ingest([EXAMPLES], store)
        refresh_stories(store, models)
    yield from _serve(db)


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = tmp_path / "screenshots"
    folder.mkdir()
    print(f"screenshots in {folder}")
    return folder


def test_list_search_story_article(server, browser, shots):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)

    page.goto(server + "/")
    assert page.locator(".story-item").count() == 3
    page.screenshot(path=shots / "1-list.png", full_page=True)

    page.fill("#q", "Kalve")
    page.press("#q", "Enter")
    page.wait_for_url("**/?q=Kalve*")
    assert page.locator(".story-item").count() == 1
    page.screenshot(path=shots / "2-search.png", full_page=True)

    page.goto(server + "/?sort=biggest")
    page.locator(".story-link").first.click()
    page.wait_for_selector("#matrix")
    matrix = page.locator("#matrix")
    assert matrix.is_visible()
    assert matrix.locator("tbody tr").count() >= 3
    assert matrix.locator("td.cell.reported").count() > 0
    discrepancy = page.locator("tr.discrepancy").first
    assert discrepancy.is_visible()
    assert discrepancy.locator(".badge").inner_text() in ("conflict", "compatible", "evolving")
    assert page.locator("#framing .chip.term").count() > 0
    assert page.locator("#quotes blockquote").count() > 0
    assert page.locator("#provenance svg.graph").is_visible()
    page.screenshot(path=shots / "3-story.png", full_page=True)

    page.locator("#summary a.chip.cite").first.click()
    page.wait_for_selector(".article-text")
    assert page.locator(".article-text .sentence").count() > 3
    assert page.locator(".article-text mark").count() > 0
    page.screenshot(path=shots / "4-article.png", full_page=True)
    assert errors == []  # no script errors, no CSP violations
    assert outside == []  # nothing fetched from anywhere else


def test_phone_layout_and_keyboard(server, browser, shots):
    page = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
    page.goto(server + "/?sort=biggest")
    # nothing wider than the screen except inside the scrollable regions
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=shots / "phone-list.png", full_page=True)
    page.locator(".story-link").first.click()
    page.wait_for_selector("#matrix")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=shots / "phone-story.png", full_page=True)
    # keyboard: the first Tab reaches the skip link, which moves focus to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_markup_in_an_article_is_shown_not_run(server, browser, shots):
    import json

    found = json.load(urllib.request.urlopen(server + "/api/search?q=Council"))
    article_id = found["articles"][0]["id"]
    page = browser.new_page()
    page.goto(f"{server}/articles/{article_id}")
    text = page.locator(".article-text").inner_text()
    assert "<script>window.pwned = 1</script>" in text
    assert page.evaluate("typeof window.pwned") == "undefined"
    page.screenshot(path=shots / "hostile-article.png", full_page=True)


def test_upload_from_the_browser(server, browser, tmp_path):
    note = tmp_path / "ferry.txt"
    note.write_text(
        "Title: Ferry crews end strike\n\nFerry crews in Tessaly went back to work on "
        "Monday after a three-day strike, their union said.",
        encoding="utf-8",
    )
    page = browser.new_page()
    page.goto(server + "/ingest")
    page.set_input_files("#files", str(note))
    page.fill("#token", "wrong")
    page.click("form.upload button[type=submit]")
    assert "wrong token" in page.locator(".error").inner_text()
    page.set_input_files("#files", str(note))
    page.fill("#token", "browser-token")
    page.click("form.upload button[type=submit]")
    page.wait_for_selector(".result", timeout=120_000)
    assert "new 1" in page.locator(".result").inner_text()
    page.goto(server + "/?q=ferry")
    assert page.locator(".story-item").count() == 1


def _titles(page) -> list[str]:
    return [title.strip() for title in page.locator(".story-item .story-link").all_inner_texts()]


def test_coverage_bars_filters_and_blindspots(registry_server, browser, shots):
    server = registry_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/?sort=biggest")
    page.screenshot(path=shots / "coverage-list.png", full_page=True)
    talks, dam = page.locator(".story-item").all()
    assert "Kessaria" in talks.locator(".story-link").inner_text()
    assert "Kalve" in dam.locator(".story-link").inner_text()

    # the talks' bar: left, center and right parts, drawn as wide as their 3, 2 and 2
    # articles (the SVG is scaled to the bar's box, so the boxes show what a reader sees)
    bar = talks.locator(".coverage-bar svg.bar")
    parts = bar.locator("rect")
    assert [parts.nth(i).get_attribute("data-side") for i in range(parts.count())] == [
        "left",
        "center",
        "right",
    ]
    whole = bar.bounding_box()["width"]
    widths = [parts.nth(i).bounding_box()["width"] for i in range(3)]
    assert sum(widths) == pytest.approx(whole, abs=2)
    assert widths[0] / whole == pytest.approx(3 / 7, abs=0.02)
    assert widths[1] == pytest.approx(widths[2], abs=1)
    colours = {parts.nth(i).evaluate("e => getComputedStyle(e).fill") for i in range(3)}
    assert len(colours) == 3  # styled by the stylesheet, each side its own colour
    label = talks.locator(".coverage-bar")
    assert label.get_attribute("title").startswith("Coverage by side: left 3 · center 2 · right 2")
    assert "left 3 · center 2 · right 2" in label.locator(".coverage-words").inner_text()
    # the dam vote: one part, the whole bar, and the blindspot badge
    (only,) = dam.locator(".coverage-bar rect").all()
    assert only.get_attribute("data-side") == "right"
    assert only.bounding_box()["width"] == pytest.approx(
        dam.locator(".coverage-bar svg.bar").bounding_box()["width"], abs=2
    )
    assert "right-leaning" in dam.locator(".badge.blindspot").inner_text()
    assert talks.locator(".badge.blindspot").count() == 0

    # choosing a country narrows the list at once (the select box submits itself)
    page.select_option("#country", "Halde")
    page.wait_for_url("**country=Halde*")
    assert len(_titles(page)) == 1 and "Kessaria" in _titles(page)[0]
    assert page.locator("#country").input_value() == "Halde"
    page.screenshot(path=shots / "coverage-filtered.png", full_page=True)
    page.goto(server + "/")
    page.select_option("#side", "center")
    page.wait_for_url("**side=center*")
    assert len(_titles(page)) == 1 and "Kessaria" in _titles(page)[0]
    page.select_option("#lean", "lean right")
    page.wait_for_url("**lean=lean+right*")
    assert len(_titles(page)) == 1  # both filters hold: center and lean right

    # the blindspot view: the dam vote, which right-leaning outlets carry alone
    page.goto(server + "/")
    page.click("#blindspot-link")
    page.wait_for_url("**blindspot=1*")
    assert page.locator("h1").inner_text() == "Blindspots"
    titles = _titles(page)
    assert len(titles) == 1 and "Kalve" in titles[0]
    assert not any("Kessaria" in title for title in titles)
    assert "right-leaning" in page.locator(".story-item .badge.blindspot").inner_text()
    page.screenshot(path=shots / "coverage-blindspots.png", full_page=True)

    # the story page: coverage detail and claims by side
    page.goto(server + "/?sort=biggest")
    page.locator(".story-link").first.click()
    page.wait_for_selector("#sides")
    assert page.locator("#sides .coverage-bar rect").count() == 3
    assert page.locator("#sides section.side").count() == 3
    assert page.locator("#sides ul.side-claims.only-here li").count() > 0
    page.screenshot(path=shots / "coverage-story.png", full_page=True)
    assert errors == []  # no script errors, no CSP violations
