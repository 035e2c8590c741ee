"""Markdown view of a report."""

from __future__ import annotations

from ..report import Report, ReportArticle
from .evidence import apart_text, not_analysed_text, shared_text


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


def render_markdown(report: Report) -> str:
    """The report as a Markdown document: stories, their articles, and provenance."""
    by_id = {article.id: article for article in report.articles}
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
            "| article | outlet | published | provenance |",
            "|---|---|---|---|",
        ]
        for article_id in story.article_ids:
            article = by_id[article_id]
            provenance = article.provenance
            kind = provenance.kind
            if provenance.of:
                kind += f" of {_label(by_id[provenance.of])}" if provenance.of in by_id else ""
            lines.append(
                f"| {_cell(article.title or article.text[:80])} | {_cell(_label(article))} | "
                f"{(article.published or '')[:10]} | {kind} |"
            )
        lines.append("")
        if note := not_analysed_text(story, by_id):
            lines += [f"*{note}.*", ""]

        def cite(ids: list[str]) -> str:
            return ", ".join(_label(by_id[i]) for i in ids)

        shared = [c for c in story.claims if c.status != "single_source"]
        sections = (
            ("Summary", [f"- {s.text} [{cite(s.article_ids)}]" for s in story.summary]),
            (
                "Claims carried by several outlets",
                [
                    f"- *{c.status.replace('_', ' ')}*: {c.text} [{cite(c.article_ids)}]"
                    for c in shared
                ],
            ),
            (
                "Figures that differ",
                [
                    f"- **{d.subject}** ({d.status}): "
                    + "; ".join(f"{v.value} ({_label(by_id[v.article_id])})" for v in d.values)
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
            lines += [f"  - {signal}" for signal in article.provenance.signals]
        lines.append("")
    return "\n".join(lines)
