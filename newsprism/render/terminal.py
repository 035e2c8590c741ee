"""Rich terminal view of a report: per story, its articles, then how they compare.

Articles are numbered within each story; every other section cites them by number
(``[2]``), so a narrow terminal is enough to read who says what.
"""

from __future__ import annotations

import io
from collections import Counter

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..report import Report, ReportArticle, Story
from .evidence import apart_text, not_analysed_text, shared_text

_KIND_STYLE = {
    "original": "green",
    "republished": "yellow",
    "syndicated": "cyan",
    "near_duplicate": "yellow",
    "rewritten": "red",
}
_STATUS_STYLE = {
    "consensus": "green",
    "single_source": "dim",
    "contested": "red",
    "conflict": "red",
    "compatible": "green",
    "evolving": "magenta",
}
# How much of each section a story panel shows; the JSON, Markdown and HTML reports
# have everything.
MAX_CONTESTED = 5
MAX_FIGURES = 6
MAX_ACTORS = 6
MAX_SPEAKERS = 6
MAX_TIMELINE = 6


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _more(shown: int, total: int, noun: str) -> list[str]:
    """The line that says a section was cut, if it was."""
    return [f"[dim]… and {_plural(total - shown, f'more {noun}')}[/dim]"] if total > shown else []


def _styled(word: str, style: str) -> str:
    return f"[{style}]{escape(word)}[/{style}]" if style else escape(word)


def _articles_table(story: Story, by_id: dict[str, ReportArticle], number: dict[str, int]) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("outlet", max_width=18, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("provenance", max_width=28)
    table.add_column("title", ratio=1, min_width=20, overflow="ellipsis", no_wrap=True)
    for article_id in story.article_ids:
        article = by_id[article_id]
        kind = article.provenance.kind
        detail = _styled(kind.replace("_", " "), _KIND_STYLE.get(kind, ""))
        if article.provenance.of in number:
            detail += f" of [{number[article.provenance.of]}]"
        table.add_row(
            str(number[article_id]),
            escape(article.label),
            escape((article.published or "")[:10]),
            detail,
            escape(" ".join((article.title or article.text[:200]).split())),
        )
    return table


def _ref(article_ids: list[str], number: dict[str, int]) -> str:
    """Articles by their number in the story's table: "[2]" or "[1,3]" ("?" if unknown)."""
    return "\\[" + ",".join(str(number.get(i, "?")) for i in article_ids) + "]"


def _cite(article_ids: list[str], number: dict[str, int]) -> str:
    return f"[dim]{_ref(article_ids, number)}[/dim]"


def _section(title: str) -> Text:
    return Text(title, style="bold underline")


def _story_panel(story: Story, by_id: dict[str, ReportArticle]) -> Panel:
    number = {article_id: n for n, article_id in enumerate(story.article_ids, start=1)}
    parts: list = [_articles_table(story, by_id, number)]
    if note := not_analysed_text(story, by_id):
        parts.append(f"[yellow]{escape(note)}[/yellow]")

    if story.summary:
        parts.append(_section("\nSummary"))
        for sentence in story.summary:
            parts.append(f"• {escape(sentence.text)} {_cite(sentence.article_ids, number)}")

    if story.claims and len(story.article_ids) > 1:
        counts = Counter(claim.status for claim in story.claims)
        parts.append(_section("\nClaims"))
        parts.append(
            " · ".join(
                f"{_styled(status.replace('_', ' '), _STATUS_STYLE[status])} {counts[status]}"
                for status in ("consensus", "contested", "single_source")
            )
        )
        contested = [c for c in story.claims if c.status == "contested"]
        for claim in contested[:MAX_CONTESTED]:
            parts.append(f"[red]≠[/red] {escape(claim.text)} {_cite(claim.article_ids, number)}")
            for variant in claim.variants:
                if variant.text != claim.text:
                    parts.append(f"    {_ref([variant.article_id], number)} {escape(variant.text)}")
        parts += _more(MAX_CONTESTED, len(contested), "contested claim")
        for omission in story.omissions:
            parts.append(
                f"{_ref([omission.article_id], number)} leaves out "
                f"{len(omission.claim_ids)} claim{'' if len(omission.claim_ids) == 1 else 's'} "
                "other outlets agree on"
            )

    if story.discrepancies:
        parts.append(_section("\nFigures that differ"))
        for discrepancy in story.discrepancies[:MAX_FIGURES]:
            values = ", ".join(
                f"{escape(value.value)} {_cite([value.article_id], number)}"
                for value in discrepancy.values
            )
            verdict = _styled(discrepancy.status, _STATUS_STYLE[discrepancy.status])
            parts.append(f"{escape(discrepancy.subject)}: {verdict} — {values}")
        parts += _more(MAX_FIGURES, len(story.discrepancies), "figure")

    if story.framing:
        parts.append(_section("\nLabels by outlet"))
        for framing in story.framing[:MAX_ACTORS]:
            labels = "; ".join(
                f"{_ref([entry.article_id], number)} {escape(', '.join(entry.terms))}"
                for entry in framing.labels
            )
            parts.append(f"[bold]{escape(framing.actor)}[/bold]: {labels}")
        parts += _more(MAX_ACTORS, len(story.framing), "actor")

    if story.quotes:
        parts.append(_section("\nWho is quoted"))
        by_speaker: dict[str, list] = {}
        for quote in story.quotes:
            by_speaker.setdefault(quote.speaker, []).append(quote)
        ranked = sorted(by_speaker.items(), key=lambda item: -len(item[1]))
        for speaker, quotes in ranked[:MAX_SPEAKERS]:
            cited = sorted(
                {i for quote in quotes for i in quote.article_ids},
                key=lambda i: number.get(i, len(number) + 1),
            )
            parts.append(
                f"[bold]{escape(speaker)}[/bold]: {_plural(len(quotes), 'statement')} "
                f"{_cite(cited, number)}"
            )
        parts += _more(MAX_SPEAKERS, len(ranked), "speaker")

    if story.timeline:
        parts.append(_section("\nTimeline"))
        for entry in story.timeline[:MAX_TIMELINE]:
            parts.append(
                f"{escape(entry.when)}  {escape(entry.text)} {_cite(entry.article_ids, number)}"
            )
        parts += _more(MAX_TIMELINE, len(story.timeline), "dated event")

    grouping = story.grouping
    if grouping is not None and (grouping.shared or grouping.nearest_apart):
        parts.append(_section("\nWhy together"))
        if grouping.similarity is not None:
            parts.append(f"mean similarity {grouping.similarity:.2f}")
        if shared := shared_text(grouping):
            parts.append(f"named by several: {escape(shared)}")
        if apart := apart_text(grouping):
            parts.append(escape(apart))

    span = " – ".join(dict.fromkeys(filter(None, (story.first_published, story.last_published))))
    subtitle = (
        f"{_plural(len(story.article_ids), 'article')} · {_plural(len(story.outlets), 'outlet')}"
        + (f" · {span}" if span else "")
    )
    return Panel(Group(*parts), title=Text(story.title, style="bold"), subtitle=subtitle)


def report_renderables(report: Report) -> list:
    """Rich renderables for the report, one panel per story."""
    by_id = {article.id: article for article in report.articles}
    return [_story_panel(story, by_id) for story in report.stories]


def render_terminal(report: Report, width: int = 100, color: bool = False) -> str:
    """The report as terminal text (ANSI colours when ``color``)."""
    console = Console(
        width=width,
        record=True,
        color_system="standard" if color else None,
        file=io.StringIO(),
        emoji=False,  # ":fire:" in an article stays text
    )
    for renderable in report_renderables(report):
        console.print(renderable)
    return console.export_text(styles=color)
