"""Renderers: views of a ``Report``. Each takes the report and returns text; none
computes anything the report does not hold."""

from __future__ import annotations

from ..report import Report
from .html import render_html
from .markdown import render_markdown
from .terminal import render_terminal, report_renderables

FORMATS = ("json", "md", "html", "text")


def render(report: Report, fmt: str) -> str:
    """The report in ``fmt`` (json, md, html, text)."""
    if fmt == "json":
        return report.model_dump_json(indent=2) + "\n"
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "text":
        return render_terminal(report, width=100, color=False)
    raise ValueError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "render",
    "render_html",
    "render_markdown",
    "render_terminal",
    "report_renderables",
]
