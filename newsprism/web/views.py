"""What the pages show, computed from the report objects: the provenance graph's layout
and an article's text with its annotations marked (coverage cells are shared with the
static page: ``newsprism.render.html.coverage_cell``).

Everything here returns plain data or ``Markup`` built from escaped pieces, so the
templates never mark anything safe themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ..annotation import Annotation
from ..report import Claim, Report, ReportArticle, Story, StoryListing


@dataclass
class GraphNode:
    article_id: str
    label: str
    kind: str
    x: int
    y: int


@dataclass
class GraphEdge:
    source: GraphNode
    target: GraphNode
    kind: str


@dataclass
class ProvenanceGraph:
    """Who copied whom: independent articles on the left, copies on the right, an arrow
    from each copy to the article it copies."""

    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: int
    height: int


@dataclass
class StorylineGroup:
    """The stories of one list page that belong to one storyline, with the storyline's
    timeline: all its events in the catalog, in order of time (the page's ones and the
    others, so that a reader sees what came before and after)."""

    storyline: str
    stories: list[StoryListing]
    timeline: list[StoryListing]

    @property
    def first_published(self) -> str | None:
        dates = [s.first_published for s in self.timeline if s.first_published]
        return min(dates) if dates else None

    @property
    def last_published(self) -> str | None:
        dates = [s.last_published or s.first_published for s in self.timeline]
        dates = [d for d in dates if d]
        return max(dates) if dates else None


def storyline_groups(
    stories: list[StoryListing], timelines: dict[str, list[StoryListing]]
) -> list[StorylineGroup]:
    """The page's stories grouped by storyline, in the order the page lists them (a
    storyline where its first story comes)."""
    groups: dict[str, StorylineGroup] = {}
    for story in stories:
        group = groups.get(story.storyline)
        if group is None:
            timeline = timelines.get(story.storyline) or [story]
            group = groups[story.storyline] = StorylineGroup(story.storyline, [], timeline)
        group.stories.append(story)
    return list(groups.values())


GRAPH_ROW = 34
GRAPH_COLUMN = 300


def provenance_graph(report: Report) -> ProvenanceGraph:
    """Layout of the copy relations among a story's articles."""
    originals = [a for a in report.articles if not a.provenance.of]
    copies = [a for a in report.articles if a.provenance.of]
    nodes: dict[str, GraphNode] = {}
    for column, group in enumerate((originals, copies)):
        for row, article in enumerate(group):
            nodes[article.id] = GraphNode(
                article_id=article.id,
                label=article.label,
                kind=article.provenance.kind,
                x=10 + column * GRAPH_COLUMN,
                y=10 + row * GRAPH_ROW,
            )
    # a patchwork has an edge to each of its sources
    edges = [
        GraphEdge(nodes[a.id], nodes[source], a.provenance.kind)
        for a in copies
        for source in a.provenance.sources or [a.provenance.of]
        if source in nodes
    ]
    rows = max(len(originals), len(copies), 1)
    return ProvenanceGraph(
        nodes=list(nodes.values()),
        edges=edges,
        width=GRAPH_COLUMN * (2 if copies else 1) + 20,
        height=rows * GRAPH_ROW + 10,
    )


@dataclass
class _Mark:
    start: int
    end: int
    kind: str
    title: str


# When marks overlap, the higher one is kept: a quote is the unit a reader compares.
_PRIORITY = {"quote": 0, "figure": 1, "label": 2}


def _marks_in(sentence: str, wanted: list[tuple[str, str, str]]) -> list[_Mark]:
    """Non-overlapping marks for each (words, kind, title) found in the sentence."""
    found: list[_Mark] = []
    for words, kind, title in sorted(wanted, key=lambda w: (_PRIORITY[w[1]], -len(w[0]))):
        if not words:
            continue
        at = sentence.find(words)
        while at >= 0:
            end = at + len(words)
            if not any(at < m.end and m.start < end for m in found):
                found.append(_Mark(at, end, kind, title))
                break
            at = sentence.find(words, at + 1)
    return sorted(found, key=lambda m: m.start)


def _marked(text: str, marks: list[_Mark]) -> Markup:
    pieces: list[Markup] = []
    position = 0
    for mark in marks:
        pieces.append(escape(text[position : mark.start]))
        pieces.append(
            Markup('<mark class="{}" title="{}">{}</mark>').format(
                mark.kind, mark.title, text[mark.start : mark.end]
            )
        )
        position = mark.end
    pieces.append(escape(text[position:]))
    return Markup("").join(pieces)


def highlighted_text(
    article: ReportArticle, annotation: Annotation | None, story: Story | None
) -> list[Markup]:
    """The article's cleaned text as paragraphs, each sentence marked by the status of
    the claim it makes in its story, with quotes, figures and actor labels inside."""
    text = article.text
    if annotation is None or not annotation.sentences:
        return [escape(paragraph) for paragraph in text.split("\n\n") if paragraph.strip()]
    claim_of: dict[str, Claim] = {}
    if story is not None:
        for claim in story.claims:
            for variant in claim.variants:
                if variant.article_id == article.id:
                    claim_of.setdefault(variant.text, claim)
    wanted_by_sentence: dict[int, list[tuple[str, str, str]]] = {}
    for quote in annotation.quotes:
        speaker = quote.speaker or "unattributed"
        wanted_by_sentence.setdefault(quote.sentence, []).append(
            (quote.text, "quote", f"quote: {speaker}")
        )
    for figure in annotation.figures:
        subject = figure.counts or figure.unit
        wanted_by_sentence.setdefault(figure.sentence, []).append(
            (figure.text, "figure", f"figure: {subject}")
        )
    for actor in annotation.actors:
        for label in actor.labels:
            for index in actor.sentences:
                wanted_by_sentence.setdefault(index, []).append(
                    (label, "label", f"label of {actor.name}")
                )
    paragraphs: list[list[Markup]] = [[]]
    position = 0
    for index, sentence in enumerate(annotation.sentences):
        if "\n\n" in text[position : sentence.start] and paragraphs[-1]:
            paragraphs.append([])
        position = sentence.end
        marks = _marks_in(sentence.text, wanted_by_sentence.get(index, []))
        body = _marked(sentence.text, marks)
        claim = claim_of.get(sentence.text)
        if claim is None:
            paragraphs[-1].append(Markup('<span class="sentence">{}</span>').format(body))
        else:
            paragraphs[-1].append(
                Markup('<span class="sentence claim {}" title="{} claim {}">{}</span>').format(
                    claim.status, claim.status.replace("_", " "), claim.id, body
                )
            )
    return [Markup(" ").join(paragraph) for paragraph in paragraphs if paragraph]
