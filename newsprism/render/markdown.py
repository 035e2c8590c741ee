"""Markdown view of a report."""

from __future__ import annotations

from ..report import Report, ReportArticle, Story
from .evidence import (
    CHANGE_NAMES,
    apart_text,
    article_profiles,
    blindspot_text,
    copy_measures,
    coverage_text,
    facet_lines,
    lean_text,
    not_analysed_text,
    shared_text,
    side_claims,
)

# Claims listed per side and per kind (only it carries / it leaves out): the first ones,
# most widely carried first, and a count of the rest (every one is in the JSON report).
MAX_SIDE_CLAIMS = 10
# Passages shared with its sources listed per copy (every one is in the JSON report).
PASSAGES_SHOWN = 3


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def _label(article: ReportArticle) -> str:
    return article.label


def _grouping_lines(grouping) -> list[str]:
    if grouping is None:
        return []
    lines = []
    if grouping.similarity is not None:
        lines.append(f"- mean similarity of its articles: {grouping.similarity:.2f}")
    if shared := shared_text(grouping):
        lines.append(f"- named by several: {_cell(shared)}")
    if apart := apart_text(grouping):
        lines.append(f"- {_cell(apart)}")
    return lines


def _coverage_lines(story: Story, label_of: dict[str, str]) -> list[str]:
    """Who covered the story, by side, lean, country and owner (with a registry)."""
    coverage = story.coverage
    if coverage is None:
        return []
    lines = [f"- **coverage**: {_cell(coverage_text(coverage))}"]
    if coverage.unmatched:
        names = ", ".join(label_of[i] for i in coverage.unmatched if i in label_of)
        lines.append(f"- not in the registry: {_cell(names)}")
    lines += [f"- by {name}: {_cell(text)}" for name, text in facet_lines(coverage)]
    if blindspot := blindspot_text(coverage):
        lines.append(f"- **blindspot**: {blindspot}")
    return lines


def _side_claim_lines(story: Story, cite) -> list[str]:
    """Per side: its outlets, the claims only it carries and those it leaves out."""
    sides = side_claims(story)
    if not any(s.only_here or s.omitted or s.view.distinctive_words for s in sides):
        return []
    lines: list[str] = []
    for side in sides:
        lines.append(f"- **{side.side}**: {_cell(', '.join(side.view.outlets))}")
        for claims, heading in (
            (side.only_here, f"reported only by {side.outlets_name}"),
            (side.omitted, f"left out by {side.outlets_name}, reported by every other side"),
        ):
            if not claims:
                continue
            lines.append(f"  - {heading} ({len(claims)}):")
            lines += [
                f"    - {_cell(c.text)} [{cite(c.article_ids)}]" for c in claims[:MAX_SIDE_CLAIMS]
            ]
            if len(claims) > MAX_SIDE_CLAIMS:
                lines.append(f"    - … and {len(claims) - MAX_SIDE_CLAIMS} more")
        if side.view.distinctive_words:
            words = ", ".join(w.word for w in side.view.distinctive_words)
            lines.append(f"  - words it uses more than the others: {_cell(words)}")
    return lines


def render_markdown(report: Report) -> str:
    """The report as a Markdown document: stories, their articles, and provenance."""
    by_id = {article.id: article for article in report.articles}
    label_of = {article.id: _label(article) for article in report.articles}
    profiles = article_profiles(report)
    lines = [
        "# newsprism report",
        "",
        f"{len(report.articles)} articles, {len(report.stories)} stories "
        f"({report.generator}, schema {report.schema_version}).",
        "",
    ]
    for story in report.stories:
        span = " – ".join(
            dict.fromkeys(filter(None, (story.first_published, story.last_published)))
        )
        lines += [
            f"## {story.title}",
            "",
            f"Story `{story.id}` · storyline `{story.storyline}` · {len(story.article_ids)} articles"
            + (f" · {span}" if span else ""),
            "",
        ]
        # with a registry, each article's lean: what the coverage and side lines count
        leans = story.coverage is not None
        if leans:
            lines += [
                "| article | outlet | lean | published | provenance |",
                "|---|---|---|---|---|",
            ]
        else:
            lines += ["| article | outlet | published | provenance |", "|---|---|---|---|"]
        for article_id in story.article_ids:
            article = by_id[article_id]
            provenance = article.provenance
            kind = provenance.kind
            sources = [s for s in provenance.sources or [provenance.of] if s in by_id]
            if sources:
                kind += " of " + ", ".join(_label(by_id[s]) for s in sources)
            profile = profiles.get(article_id)
            lean = f"{_cell(lean_text(profile)) if profile else '—'} | " if leans else ""
            lines.append(
                f"| {_cell(article.title or article.text[:80])} | {_cell(_label(article))} | "
                f"{lean}{(article.published or '')[:10]} | {kind} |"
            )
        lines.append("")
        if note := not_analysed_text(story, by_id):
            lines += [f"*{note}.*", ""]

        def cite(ids: list[str]) -> str:
            return ", ".join(_label(by_id[i]) for i in ids)

        shared = [c for c in story.claims if c.status != "single_source"]
        sections = (
            ("Coverage by side", _coverage_lines(story, label_of)),
            ("Summary", [f"- {s.text} [{cite(s.article_ids)}]" for s in story.summary]),
            (
                "Claims carried by several outlets",
                [
                    f"- *{c.status.replace('_', ' ')}*: {c.text} [{cite(c.article_ids)}]"
                    for c in shared
                ],
            ),
            ("Claims by side", _side_claim_lines(story, cite)),
            (
                "Figures that differ",
                [
                    f"- **{d.subject}** ({d.status}): "
                    + "; ".join(f"{v.value} ({_label(by_id[v.article_id])})" for v in d.values)
                    + (f" — {d.reason}" if d.reason else "")
                    for d in story.discrepancies
                ],
            ),
            (
                "Labels by outlet",
                [
                    f"- **{f.actor}**: "
                    + "; ".join(
                        f"{_label(by_id[e.article_id])}: {', '.join(e.terms)}" for e in f.labels
                    )
                    for f in story.framing
                ],
            ),
            (
                "Labels by side",
                [
                    f"- **{f.actor}**: "
                    + "; ".join(f"{e.side}: {', '.join(e.terms)}" for e in f.sides)
                    for f in story.framing
                    # one side's labels alone say nothing the labels by outlet do not
                    if f.sides and len(story.sides) > 1
                ],
            ),
            (
                "Who said what",
                [
                    f"- **{q.speaker}**: {'“' + q.text + '”' if q.direct else q.text} [{cite(q.article_ids)}]"
                    for q in story.quotes
                ],
            ),
            (
                "Left out",
                [
                    f"- {_label(by_id[o.article_id])}: {len(o.claim_ids)} shared claim(s) ({', '.join(o.claim_ids)})"
                    for o in story.omissions
                ],
            ),
            ("Timeline", [f"- {t.when}: {t.text} [{cite(t.article_ids)}]" for t in story.timeline]),
            ("Why these articles are together", _grouping_lines(story.grouping)),
        )
        for section, items in sections:
            if items:
                lines += [f"### {section}", "", *items, ""]
    copies = [a for a in report.articles if a.provenance.kind != "original" or a.provenance.signals]
    if copies:
        lines += ["## Provenance signals", ""]
        for article in copies:
            lines.append(
                f"- **{_cell(_label(article))}** ({article.id}): {article.provenance.kind}"
            )
            if measures := copy_measures(article.provenance):
                lines.append(f"  - {measures}")
            lines += [f"  - {signal}" for signal in article.provenance.signals]
            lines += [
                f"  - {CHANGE_NAMES[p.change]} from {p.source}: “{_cell(p.copy_text)}”"
                for p in article.provenance.passages[:PASSAGES_SHOWN]
            ]
        lines.append("")
    return "\n".join(lines)
