"""A neutral summary with a citation on every sentence, and a timeline.

The summary is extractive: the story's shared claims first (most independent sources
first, then in the order the story tells them), in the wording that uses the fewest
loaded terms; then the articles' leads, whole sentences in the order the articles tell
them, until the summary is about as long as an editor's.

A sentence cites an article only when the article backs it: it has an aligned statement
of the claim, and that statement gives every figure of the sentence compatibly. An
article that aligns but gives another figure for the same quantity is not cited as
backing it; the sentence then tells the disagreement, each side attributed ("…at least
212 people were killed, according to A and B; 240, according to C"), so a contested
figure is never stated as fact. An article that aligns without giving the figure at all
is not cited either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..annotation import Annotation, Figure
from ..report import Claim, DisputedValue, SummarySentence
from .claims import negated
from .figures import compatible
from .language import loaded_terms
from .options import DEFAULT_COMPARE, DEFAULT_SUMMARY, CompareOptions, SummaryOptions

MIN_SUMMARY = 3
MAX_SUMMARY = 12
# Shared claims taken before leads fill in: a summary, not a list of every shared fact.
MAX_SHARED = 8
# A number written on its own: not the "4" of "64" or the "5" of "2015".
_ALONE_BEFORE, _ALONE_AFTER = r"(?<![\w.,])", r"(?![\w]|[.,]\d)"
_NUMERAL = re.compile(rf"{_ALONE_BEFORE}\d[\d,]*(?:\.\d+)?{_ALONE_AFTER}")
# Leads are added until the summary has at least three sentences and
# ``SummaryOptions.target_words``: editors' multi-outlet summaries run to 100-200 words.
# A sentence with at least ``SummaryOptions.quoted_share`` of its words between quote
# marks is a quote: most of it is someone else's words. Below it, the sentence reports
# and names what was said ('called the plan "a good first step"'), as editors'
# summaries do.

_QUOTE_MARK = re.compile(r"([“”])")
# A straight quote mark opening a quote: at the start, or after a space, bracket or dash.
_OPENING_STRAIGHT = re.compile(r'(?:^|(?<=[\s(\[—–-]))"')


@dataclass
class Backing:
    """What the summary checks its citations against: each article's figures (with the
    sentence each is in) and how a sentence names each article when it attributes."""

    figures: dict[str, list[tuple[str, Figure]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    # what makes two figures compatible (their bounds' slack)
    options: CompareOptions = DEFAULT_COMPARE

    @classmethod
    def of(
        cls,
        annotations: dict[str, Annotation],
        names: dict[str, str],
        options: CompareOptions = DEFAULT_COMPARE,
    ) -> Backing:
        """From the articles' annotations; ``names`` maps article ids to outlet names."""
        return cls(
            figures={
                article_id: [(a.sentences[f.sentence].text, f) for f in a.figures]
                for article_id, a in annotations.items()
            },
            names=names,
            options=options,
        )

    def figures_in(self, article_id: str, text: str) -> list[Figure]:
        """The figures an article states in ``text`` (one of its sentences or clauses,
        or a summary sentence made of one)."""
        return [
            figure
            for sentence, figure in self.figures.get(article_id, [])
            if _written_in(figure.text, text) and restates(sentence, text)
        ]

    def name(self, article_ids: list[str]) -> str:
        """'A', 'A and B', 'A, B and C': the articles' outlets, each once."""
        names = list(dict.fromkeys(self.names.get(i, i) for i in article_ids))
        return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _counted_alike(first: Figure, second: Figure) -> bool:
    """Whether two figures are said of the same thing: one unit, and the same thing
    counted or the same event (the test ``claims`` contests figures by)."""
    return first.unit == second.unit and (
        (first.noun is not None and first.noun == second.noun)
        or (first.event is not None and first.event == second.event)
    )


def _told_apart(first: Figure, second: Figure) -> bool:
    """Whether two figures are plainly of different things: another unit, or both
    what is counted and what happened differ. Paraphrase often changes one of the two
    ("212 people were killed" / "no less than 212 individuals died"), rarely both."""
    if first.unit != second.unit:
        return True
    nouns = first.noun and second.noun and first.noun != second.noun
    events = first.event and second.event and first.event != second.event
    return bool(nouns and events)


def backs(
    stated: list[Figure], figures: list[Figure], options: CompareOptions = DEFAULT_COMPARE
) -> bool:
    """Whether statements giving ``stated`` back every one of ``figures``: each is given
    compatibly (``figures.compatible``) by a figure not plainly of
    something else."""
    return all(
        any(not _told_apart(f, g) and compatible(f, g, options) for g in stated) for f in figures
    )


def _disputes(stated: list[Figure], figures: list[Figure], options: CompareOptions) -> list[Figure]:
    """The figures of ``stated`` that give another, incompatible value of what one of
    ``figures`` counts."""
    return [
        g
        for g in stated
        if any(_counted_alike(f, g) and not compatible(f, g, options) for f in figures)
        and not any(not _told_apart(f, g) and compatible(f, g, options) for f in figures)
    ]


def restates(statement: str, sentence: str) -> bool:
    """Whether a sentence is (or contains) a statement, or lies within it."""
    return statement.rstrip(" .") in sentence or sentence in statement


def numerals(text: str) -> set[str]:
    """The numbers written in digits in ``text``, thousands separators dropped: "1,139
    people on October 7" -> {"1139", "7"}."""
    return {number.replace(",", "") for number in _NUMERAL.findall(text)}


def _written_in(figure: str, text: str) -> bool:
    """Whether a figure's words stand in ``text`` as a figure of their own: "4" is not
    in "64 processors", nor "5" in "2015"."""
    return re.search(rf"{_ALONE_BEFORE}{re.escape(figure)}{_ALONE_AFTER}", text) is not None


@dataclass
class _Cited:
    text: str
    article_ids: list[str]
    disputed: list[DisputedValue] = field(default_factory=list)


def cite(
    text: str,
    origin: str,
    carriers: dict[str, list[str]],
    backing: Backing | None,
    contested: bool = False,
) -> _Cited:
    """A sentence of article ``origin`` and the articles it cites. ``carriers`` maps each
    article with an aligned statement to those statements' texts. Without figures in the
    sentence every carrier backs it; with figures, only those whose statements give them
    compatibly. Carriers giving another value are told in the sentence, attributed, and
    listed as ``disputed``; carriers that do not give the figure are not cited, nor
    those whose statements leave out a number the sentence states (an age, a date, a
    duration: what the figure annotation does not count is still the sentence's). A
    ``contested`` claim that no figure explains is contested by a negation: carriers
    whose every statement negates what the sentence asserts (or asserts what it
    negates) are not cited as backing it, and the sentence says they report otherwise."""
    if backing is None:
        return _Cited(text, list(carriers))
    carriers = carriers if origin in carriers else {origin: [text], **carriers}
    figures = backing.figures_in(origin, text)
    numbers = numerals(text)
    backers, disputed = [origin], {}
    for article_id, texts in carriers.items():
        if article_id == origin:
            continue
        stated = [f for t in texts for f in backing.figures_in(article_id, t)]
        if not figures or backs(stated, figures, backing.options):
            if numbers <= numerals(" ".join(texts)):
                backers.append(article_id)
        elif other := _disputes(stated, figures, backing.options):
            disputed.setdefault(_lowered(other[0].text), []).append(article_id)
    if disputed:
        attributed = [f"{text.rstrip().rstrip('.')}, according to {backing.name(backers)}"]
        attributed += [
            f"{value}, according to {backing.name(article_ids)}"
            for value, article_ids in disputed.items()
        ]
        return _Cited(
            "; ".join(attributed) + ".",
            backers,
            [DisputedValue(value=value, article_ids=ids) for value, ids in disputed.items()],
        )
    against = [
        i
        for i in backers
        if contested and i != origin and all(negated(t) != negated(text) for t in carriers[i])
    ]
    if not against:
        return _Cited(text, backers)
    backers = [i for i in backers if i not in against]
    verb = "reports" if len({backing.names.get(i, i) for i in against}) == 1 else "report"
    return _Cited(
        f"{text.rstrip().rstrip('.')}, according to {backing.name(backers)}; "
        f"{backing.name(against)} {verb} otherwise.",
        backers,
        [DisputedValue(value=None, article_ids=against)],
    )


def _cite_claim(claim: Claim, backing: Backing | None) -> _Cited:
    return cite(claim.text, _origin(claim), _carriers(claim), backing, claim.status == "contested")


def _lowered(words: str) -> str:
    """A figure's words inside a sentence: 'No less than 212' -> 'no less than 212'."""
    first = words.split(" ", 1)[0]
    return words[0].lower() + words[1:] if first.istitle() and first.isalpha() else words


def _carriers(claim: Claim) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for variant in claim.variants:
        found.setdefault(variant.article_id, []).append(variant.text)
    return found


def _origin(claim: Claim) -> str:
    """The article whose wording the claim's text is."""
    return next(
        (v.article_id for v in claim.variants if v.text == claim.text), claim.article_ids[0]
    )


def summarize(
    claims: list[Claim],
    leads: dict[str, list[str]],
    backing: Backing | None = None,
    options: SummaryOptions = DEFAULT_SUMMARY,
) -> list[SummarySentence]:
    """3-12 cited sentences: shared claims first, then the articles' leads.

    ``leads`` maps each article, in order of preference (independent reporting first),
    to its statements in order. News puts the most important fact first, so the
    articles' openings carry the story: first every article's first sentence, then
    every second one, and so on. A sentence that is one claim stands as that claim (its
    least loaded wording, citing every article that carries it); a sentence whose
    clauses are separate claims stands whole, citing the articles that carry all of
    them, since clauses cut out of a sentence read as fragments. A sentence is skipped
    when the summary already says everything it claims, and when it is a quote. With
    ``backing``, each sentence cites only the articles that back its figures (``cite``).
    ``options`` say how long the summary runs and what share of quoted words makes a
    sentence a quote.
    """
    share = options.quoted_share
    chosen: list[SummarySentence] = []
    said: set[int] = set()  # ids of the claims the summary makes so far

    def add(cited: _Cited, made: list[Claim]) -> None:
        chosen.append(
            SummarySentence(text=cited.text, article_ids=cited.article_ids, disputed=cited.disputed)
        )
        said.update(id(claim) for claim in made)

    shared = [
        c
        for c in claims
        if c.status in ("consensus", "contested")
        and len(c.article_ids) > 1
        and not _quoted(c.text, share)
    ]
    for claim in shared[:MAX_SHARED]:
        add(_cite_claim(claim, backing), [claim])
    variants: dict[str, list[tuple[str, Claim]]] = {}
    for claim in claims:
        for variant in claim.variants:
            variants.setdefault(variant.article_id, []).append((variant.text, claim))
    depth = max((len(texts) for texts in leads.values()), default=0)
    for position in range(depth):
        for article_id, texts in leads.items():
            words = sum(len(s.text.split()) for s in chosen)
            if len(chosen) >= MAX_SUMMARY or (
                len(chosen) >= MIN_SUMMARY and words >= options.target_words
            ):
                return _distinct(chosen)
            if position >= len(texts) or _quoted(texts[position], share):
                continue
            _add_sentence(
                texts[position], article_id, variants.get(article_id, []), said, add, backing, share
            )
    return _distinct(chosen)


def _add_sentence(
    sentence: str,
    article_id: str,
    variants: list[tuple[str, Claim]],
    said: set[int],
    add: Callable[[_Cited, list[Claim]], None],
    backing: Backing | None = None,
    quoted_share: float = DEFAULT_SUMMARY.quoted_share,
) -> None:
    """Add one lead sentence of ``article_id`` through ``add(cited, claims)``,
    as the claim it is, or whole, citing the articles that carry every claim it makes
    (and, with ``backing``, back its figures)."""
    whole = [claim for text, claim in variants if text == sentence]
    if whole:
        claim = whole[0]
        # its wording may be another article's, which may quote where this one reports
        if id(claim) not in said and not _quoted(claim.text, quoted_share):
            add(_cite_claim(claim, backing), [claim])
        return
    # the claims the sentence makes, one per clause, in the order it makes them
    parts = [
        claim
        for _, claim in sorted(
            ((sentence.find(text), claim) for text, claim in variants if text in sentence),
            key=lambda found: found[0],
        )
    ]
    if parts and all(id(claim) in said for claim in parts):
        return
    if parts and len(loaded_terms(sentence)) > sum(len(loaded_terms(c.text)) for c in parts):
        # the clauses have a more neutral wording in other articles: say them in it
        for claim in parts:
            if id(claim) not in said and not _quoted(claim.text, quoted_share):
                add(_cite_claim(claim, backing), [claim])
        return
    carriers = {article_id: [sentence]}
    for other in parts[0].article_ids if parts else []:
        if other != article_id and all(other in claim.article_ids for claim in parts):
            carriers[other] = [text for claim in parts for text in _carriers(claim).get(other, [])]
    add(cite(sentence, article_id, carriers, backing), parts)


def _distinct(sentences: list[SummarySentence]) -> list[SummarySentence]:
    """The sentences without repeats, at most ``MAX_SUMMARY``."""
    seen: set[str] = set()
    kept = []
    for sentence in sentences:
        if sentence.text not in seen:
            seen.add(sentence.text)
            kept.append(sentence)
    return kept[:MAX_SUMMARY]


def _quoted(text: str, share: float = DEFAULT_SUMMARY.quoted_share) -> bool:
    """Sentences that are (part of) a quote: a summary reports, it does not quote.

    A sentence is one when it starts with quoted words (it opens with a quote mark, or
    its first mark closes a quote running in from the sentence before), or when most of
    its words are between quote marks. A quote going on past a sentence with no mark of
    its own is not seen: sentence splitting loses marks often enough that carrying an
    open quote over would drop reporting too.
    """
    if text.lstrip()[:1] in "‘'\"“":
        return True
    # a straight mark opens a quote after a space or the start, else it closes one
    text = _OPENING_STRAIGHT.sub("“", text).replace('"', "”")
    first = min((i for i in (text.find("“"), text.find("”")) if i >= 0), default=-1)
    if first >= 0 and text[first] == "”":
        return True
    inside = False
    quoted = total = 0
    for piece in _QUOTE_MARK.split(text):
        if piece in ("“", "”"):
            inside = piece == "“"
        else:
            words = len(piece.split())
            total += words
            quoted += words if inside else 0
    return total > 0 and quoted >= share * total
