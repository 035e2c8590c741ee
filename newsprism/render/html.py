"""Self-contained HTML view of a report: one file, inline styles, no network needed."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from ..report import Claim, Report, Story
from .evidence import not_analysed_text

# Rows of single-source claims shown per story in the coverage matrix, after every
# shared or contested claim: enough to see what each outlet adds, few enough to read.
MAX_SINGLE_SOURCE_ROWS = 12

_environment = Environment(
    loader=PackageLoader("newsprism", "render/templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.globals["not_analysed_text"] = not_analysed_text


def matrix_claims(story: Story) -> list:
    """The claims a coverage matrix shows: every shared or contested one, then the first
    single-source ones."""
    shared = [c for c in story.claims if c.status != "single_source"]
    single = [c for c in story.claims if c.status == "single_source"][:MAX_SINGLE_SOURCE_ROWS]
    return shared + single


def coverage_cell(claim: Claim, article_id: str) -> str:
    """How an article stands to a claim: ``reported``, ``contradicts`` (it carries the
    claim with a detail incompatible with the claim's main wording) or ``absent``."""
    if article_id not in claim.article_ids:
        return "absent"
    if claim.status == "contested":
        # an article may carry the claim in several sentences: one in the claim's own
        # wording is enough to report it as worded
        own = [v.text for v in claim.variants if v.article_id == article_id]
        if own and claim.text not in own:
            return "contradicts"
    return "reported"


def render_html(report: Report) -> str:
    """The report as a standalone HTML page."""
    by_id = {article.id: article for article in report.articles}
    template = _environment.get_template("report.html")
    return template.render(
        report=report,
        articles=by_id,
        matrix_claims=matrix_claims,
        coverage_cell=coverage_cell,
    )
