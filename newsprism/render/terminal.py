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

from ..report import OutletProfile, Report, ReportArticle, Story
from .evidence import (
    SIDES,
    apart_text,
    article_profiles,
    blindspot_text,
    coverage_text,
    facet_lines,
    lean_text,
    not_analysed_text,
    shared_text,
    side_claims,
    side_counts,
)

_KIND_STYLE = {
    "original": "green",
    "republished": "yellow",
    "syndicated": "cyan",
    "near_duplicate": "yellow",
    "rewritten": "red",
    "partial": "magenta",
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
# Claims shown per side and per kind (only it carries / it leaves out), and values of a
# country or owner line: the rest is in the other reports.
MAX_SIDE_CLAIMS = 3
MAX_FACET_VALUES = 6
# Cells of the text bar of coverage by side: enough to tell 1 article in 10 apart.
COVERAGE_BAR_CELLS = 30
# Each side's part of the text bar: a glyph that reads without colour, and a colour.
_SIDE_GLYPH = {"left": "█", "center": "▒", "right": "░"}
_SIDE_STYLE = {"left": "blue", "center": "magenta", "right": "red"}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _more(shown: int, total: int, noun: str) -> list[str]:
    """The line that says a section was cut, if it was."""
    return [f"[dim]… and {_plural(total - shown, f'more {noun}')}[/dim]"] if total > shown else []


def _styled(word: str, style: str) -> str:
    return f"[{style}]{escape(word)}[/{style}]" if style else escape(word)


def _articles_table(
    story: Story,
    by_id: dict[str, ReportArticle],
    number: dict[str, int],
    profiles: dict[str, OutletProfile],
) -> Table:
    table = Table(expand=True, show_edge=False, pad_edge=False)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("outlet", max_width=18, overflow="ellipsis", no_wrap=True)
    # with a registry, each article's lean: what the coverage and side sections count
    leans = story.coverage is not None
    if leans:
        table.add_column("lean", max_width=12, overflow="ellipsis", no_wrap=True)
    table.add_column("published", no_wrap=True)
    table.add_column("provenance", max_width=28)
    table.add_column("title", ratio=1, min_width=20, overflow="ellipsis", no_wrap=True)
    for article_id in story.article_ids:
        article = by_id[article_id]
        kind = article.provenance.kind
        detail = _styled(kind.replace("_", " "), _KIND_STYLE.get(kind, ""))
        sources = article.provenance.sources or [article.provenance.of]
        shown = [f"[{number[source]}]" for source in sources if source in number]
        if shown:
            detail += f" of {', '.join(shown)}"
        profile = profiles.get(article_id)
        table.add_row(
            str(number[article_id]),
            escape(article.label),
            *([escape(lean_text(profile)) if profile else "[dim]—[/dim]"] if leans else []),
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


def coverage_bar(counts: dict[str, int], cells: int = COVERAGE_BAR_CELLS) -> str:
    """Coverage by side as a text bar of ``cells`` cells (Rich markup): each side's part
    proportional to its articles, at least one cell for a side that has any."""
    total = sum(counts.get(side, 0) for side in SIDES)
    if total == 0:
        return ""
    exact = {side: counts.get(side, 0) * cells / total for side in SIDES}
    length = {side: max(1, round(value)) if value else 0 for side, value in exact.items()}
    # rounding may leave the bar a cell short or long: the part rounded most pays for it
    while (excess := sum(length.values()) - cells) != 0:
        if excess > 0:
            wider = [s for s in SIDES if length[s] > 1]
            if not wider:  # fewer cells than sides with articles: one cell each
                break
            side = max(wider, key=lambda s: length[s] - exact[s])
            length[side] -= 1
        else:
            side = max((s for s in SIDES if length[s]), key=lambda s: exact[s] - length[s])
            length[side] += 1
    return "".join(
        _styled(_SIDE_GLYPH[side] * length[side], _SIDE_STYLE[side])
        for side in SIDES
        if length[side]
    )


def _coverage_section(story: Story, number: dict[str, int]) -> list:
    coverage = story.coverage
    if coverage is None:
        return []
    parts: list = [_section("\nCoverage by side")]
    if bar := coverage_bar(side_counts(coverage)):
        parts.append(bar)
    parts.append(escape(coverage_text(coverage, _SIDE_GLYPH)))
    if coverage.unmatched:
        parts.append(f"[dim]not in the registry: {_ref(coverage.unmatched, number)}[/dim]")
    parts += [
        f"by {name}: {escape(text)}" for name, text in facet_lines(coverage, MAX_FACET_VALUES)
    ]
    if blindspot := blindspot_text(coverage):
        parts.append(f"[bold yellow]blindspot: {escape(blindspot)}[/bold yellow]")
    return parts


def _side_claims_section(story: Story, number: dict[str, int]) -> list:
    sides = side_claims(story)
    if not any(s.only_here or s.omitted or s.view.distinctive_words for s in sides):
        return []
    parts: list = [_section("\nClaims by side")]
    for side in sides:
        style = _SIDE_STYLE[side.side]
        parts.append(
            f"{_styled(side.side, 'bold ' + style)}: {escape(', '.join(side.view.outlets))} "
            f"{_cite(side.view.article_ids, number)}"
        )
        for claims, heading, noun in (
            (side.only_here, f"reported only by {side.outlets_name}", "claim"),
            (
                side.omitted,
                f"left out by {side.outlets_name}, reported by every other side",
                "claim",
            ),
        ):
            if not claims:
                continue
            parts.append(f"  {escape(heading)} ({len(claims)}):")
            for claim in claims[:MAX_SIDE_CLAIMS]:
                parts.append(f"    • {escape(claim.text)} {_cite(claim.article_ids, number)}")
            parts += [f"    {line}" for line in _more(MAX_SIDE_CLAIMS, len(claims), noun)]
        if side.view.distinctive_words:
            words = ", ".join(w.word for w in side.view.distinctive_words)
            parts.append(f"  words it uses more than the others: {escape(words)}")
    return parts


def _story_panel(
    story: Story, by_id: dict[str, ReportArticle], profiles: dict[str, OutletProfile]
) -> Panel:
    number = {article_id: n for n, article_id in enumerate(story.article_ids, start=1)}
    parts: list = [_articles_table(story, by_id, number, profiles)]
    if note := not_analysed_text(story, by_id):
        parts.append(f"[yellow]{escape(note)}[/yellow]")
    parts += _coverage_section(story, number)

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
    parts += _side_claims_section(story, number)

    if story.discrepancies:
        parts.append(_section("\nFigures that differ"))
        for discrepancy in story.discrepancies[:MAX_FIGURES]:
            values = ", ".join(
                f"{escape(value.value)} {_cite([value.article_id], number)}"
                for value in discrepancy.values
            )
            verdict = _styled(discrepancy.status, _STATUS_STYLE[discrepancy.status])
            why = f" [dim]({escape(discrepancy.reason)})[/dim]" if discrepancy.reason else ""
            parts.append(f"{escape(discrepancy.subject)}: {verdict} — {values}{why}")
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
        # one side's labels alone say nothing the labels by outlet do not
        by_side = [framing for framing in story.framing if framing.sides]
        if by_side and len(story.sides) > 1:
            parts.append(_section("\nLabels by side"))
            for framing in by_side[:MAX_ACTORS]:
                labels = "; ".join(
                    f"{_styled(entry.side, _SIDE_STYLE[entry.side])} {escape(', '.join(entry.terms))}"
                    for entry in framing.sides
                )
                parts.append(f"[bold]{escape(framing.actor)}[/bold]: {labels}")
            parts += _more(MAX_ACTORS, len(by_side), "actor")

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
    profiles = article_profiles(report)
    return [_story_panel(story, by_id, profiles) for story in report.stories]


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
