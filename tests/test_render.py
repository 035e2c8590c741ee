"""Renderers are views of the report: every story, matrix, figure and label shown;
article text escaped; the HTML page opens in a real headless Chromium."""

from __future__ import annotations

import re
import subprocess

import pytest

from newsprism.analyze import analyze
from newsprism.render import render
from newsprism.report import ClaimVariant, Report

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(example_articles, models) -> Report:
    return analyze(example_articles, models)


def test_html_shows_summary_matrix_discrepancies_framing_and_columns(report):
    page = render(report, "html")
    assert page.startswith("<!doctype html>")
    for story in report.stories:
        assert story.title.replace('"', "&#34;") in page
    assert "Coverage: who reports what" in page
    assert "Figures that differ" in page and "conflict" in page
    assert "rebel coalition" in page and "insurgent group" in page
    assert "removed by cleaning" in page
    assert "http://" not in page.split("<main>")[0]  # no external assets in the head


def test_a_contested_row_marks_only_the_articles_worded_differently(report):
    from newsprism.render.html import coverage_cell

    story = report.stories[0]
    first, second = story.article_ids[:2]
    claim = story.claims[0].model_copy(
        update={
            "status": "contested",
            "text": "The toll rose to 30.",
            "article_ids": [first, second],
            "variants": [
                ClaimVariant(article_id=first, text="The toll rose to 30."),
                ClaimVariant(article_id=second, text="The toll rose to 45."),
                # a second sentence of the first article, in other words
                ClaimVariant(article_id=first, text="Thirty people have died, officials say."),
            ],
        }
    )
    assert coverage_cell(claim, first) == "reported"
    assert coverage_cell(claim, second) == "contradicts"
    assert coverage_cell(claim, "not-in-the-claim") == "absent"
    shown = report.model_copy(deep=True)
    shown.stories[0].claims = [claim]
    page = render(shown, "html")
    row = page[page.index("The toll rose to 30.") :].split("</tr>")[0]
    assert row.count('class="cell contradicts"') == 1 and row.count('class="cell reported"') == 1


def test_terminal_view_numbers_articles_and_cites_them_in_every_section(report):
    text = render(report, "text")
    for section in ("Summary", "Claims", "Figures that differ", "Labels by outlet"):
        assert section in text
    assert "Who is quoted" in text and "Timeline" in text
    # a copy points at its source by the source's number in the story's table
    story = next(s for s in report.stories if len(s.article_ids) > 2)
    by_id = {a.id: a for a in report.articles}
    number = {i: n for n, i in enumerate(story.article_ids, start=1)}
    copy = next(i for i in story.article_ids if by_id[i].provenance.of in number)
    kind = by_id[copy].provenance.kind.replace("_", " ")
    row = re.search(rf"^│ *{number[copy]} │.*$", text, re.M)
    assert row and f"{kind} of [{number[by_id[copy].provenance.of]}]" in row.group()
    # summary lines cite the articles that support them, by number
    first = story.summary[0]
    cited = ",".join(str(number[i]) for i in first.article_ids)
    assert f"[{cited}]" in " ".join(text.split())


def test_terminal_view_says_when_a_section_is_cut(report):
    from newsprism.render.terminal import MAX_TIMELINE

    story = report.stories[0]
    longer = report.model_copy(deep=True)
    entry = story.timeline[0]
    longer.stories[0].timeline = [entry] * (MAX_TIMELINE + 3)
    assert "… and 3 more dated events" in render(longer, "text")


@pytest.mark.parametrize(
    "field",
    ["title", "summary", "speaker", "actor", "term", "subject", "value", "when", "outlet"],
)
def test_terminal_view_prints_markup_and_emoji_codes_in_texts_literally(report, field):
    marked = report.model_copy(deep=True)
    story = next(s for s in marked.stories if s.discrepancies and s.framing and s.quotes)
    literal = "Talks [bold]resume[/bold] :fire: [red]"
    if field == "title":
        story.title = literal
    elif field == "summary":
        story.summary[0].text = literal
    elif field == "speaker":
        for quote in story.quotes:
            quote.speaker = literal
    elif field == "actor":
        story.framing[0].actor = literal
    elif field == "term":
        story.framing[0].labels[0].terms = [literal]
    elif field == "subject":
        story.discrepancies[0].subject = literal
    elif field == "value":
        story.discrepancies[0].values[0].value = literal
    elif field == "when":
        story.timeline[0].when = literal
    else:
        next(a for a in marked.articles if a.id == story.article_ids[0]).outlet = literal[:12]
        literal = literal[:12]
    assert literal in render(marked, "text")


def test_html_escapes_article_text(report):
    hostile = report.model_copy(deep=True)
    hostile.articles[0].text = "<script>alert('x')</script> and more"
    page = render(hostile, "html")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_markdown_lists_discrepancies_and_provenance(report):
    markdown = render(report, "md")
    assert "### Figures that differ" in markdown
    assert "rewritten" in markdown and "syndicated" in markdown


def test_html_report_renders_in_headless_chromium(report, tmp_path, chromium):
    page = tmp_path / "report.html"
    page.write_text(render(report, "html"), encoding="utf-8")
    shot = tmp_path / "report.png"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1280,2000",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 20_000
