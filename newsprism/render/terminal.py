"""Rich terminal view of a report."""

from __future__ import annotations

import io

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table

from ..report import Report

_KIND_STYLE = {
    "original": "green",
    "republished": "yellow",
    "syndicated": "cyan",
    "near_duplicate": "yellow",
    "rewritten": "red",
}


def report_renderables(report: Report) -> list:
    """Rich renderables for the report, one panel per story."""
    by_id = {article.id: article for article in report.articles}
    panels = []
    for story in report.stories:
        table = Table(expand=True, show_edge=False)
        table.add_column("outlet", max_width=26)
        table.add_column("published", no_wrap=True)
        table.add_column("provenance", max_width=40)
        table.add_column("title", ratio=1)
        for article_id in story.article_ids:
            article = by_id[article_id]
            kind = article.provenance.kind
            style = _KIND_STYLE.get(kind, "")
            detail = kind
            if article.provenance.of in by_id:
                detail += f" of {by_id[article.provenance.of].label}"
            table.add_row(
                article.label,
                (article.published or "")[:10],
                f"[{style}]{detail}[/{style}]" if style else detail,
                article.title or article.text[:80] + "…",
            )
        span = " – ".join(
            dict.fromkeys(filter(None, (story.first_published, story.last_published)))
        )
        subtitle = f"{len(story.article_ids)} articles · {len(story.outlets)} outlets" + (
            f" · {span}" if span else ""
        )
        panels.append(Panel(Group(table), title=f"[bold]{story.title}", subtitle=subtitle))
    return panels


def render_terminal(report: Report, width: int = 100, color: bool = False) -> str:
    """The report as terminal text (ANSI colours when ``color``)."""
    console = Console(
        width=width, record=True, color_system="standard" if color else None, file=io.StringIO()
    )
    for renderable in report_renderables(report):
        console.print(renderable)
    return console.export_text(styles=color)
