"""Comparison stage on small handmade inputs: figure verdicts, alignment, omissions,
log-odds scores, summary and timeline."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest

from newsprism.annotate import annotate_doc
from newsprism.annotation import Annotation, Figure, Sentence
from newsprism.compare.claims import align, negated, statement_texts
from newsprism.compare.figures import discrepancies, interval, reason, verdict
from newsprism.compare.language import WordPrior, loaded_terms, log_odds
from newsprism.compare.options import CompareOptions, SummaryOptions
from newsprism.compare.summary import Backing, _quoted, summarize
from newsprism.evaluate import citation_support
from newsprism.report import Claim, ClaimVariant, Story, SummarySentence


def figure(value, bound="exact", upper=None, event="kill", noun="people"):
    return Figure(
        text=str(value),
        value=value,
        upper=upper,
        bound=bound,
        event=event,
        noun=noun,
        counts=f"{noun} {event}",
        sentence=0,
    )


# --- figures ---------------------------------------------------------------------------
def test_round_open_bounds_are_loose_and_counts_are_tight():
    assert interval(figure(1_000_000, "more_than")) == (1_000_000, 2_000_000)
    low, high = interval(figure(212, "at_least"))
    assert low == 212 and high < 240


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        (
            [(figure(1_500_000, "around"), None), (figure(1_000_000, "more_than"), None)],
            "compatible",
        ),
        ([(figure(212, "at_least"), "2025-03-12"), (figure(240), "2025-03-12")], "conflict"),
        ([(figure(1480), "2025-03-11"), (figure(1630), "2025-03-13")], "evolving"),
        ([(figure(1630), "2025-03-11"), (figure(1480), "2025-03-13")], "conflict"),
        ([(figure(200, "range", 250), None), (figure(230), None)], "compatible"),
        ([(figure(212), None), (figure(212), None)], None),
    ],
)
def test_figure_verdicts(figures, expected):
    assert verdict(figures) == expected


def test_discrepancies_keep_different_quantities_apart(models):
    from newsprism.annotation import Annotation

    def annotation(article_id, figures):
        return Annotation(
            article_id=article_id, sentences=[], actors=[], quotes=[], figures=figures, times=[]
        )

    annotations = {
        "a": annotation("a", [figure(212, "at_least"), figure(3, noun="soldier")]),
        "b": annotation("b", [figure(240), figure(3, noun="soldier")]),
    }
    found = discrepancies(["a", "b"], annotations, {"a": "2025-03-12", "b": "2025-03-12"})
    assert [(d.status, [v.value for v in d.values]) for d in found] == [
        ("conflict", ["≥ 212", "240"])
    ]


# --- alignment -------------------------------------------------------------------------
TEXTS = {
    "a": (
        "The council approved the new harbour budget on Monday after a long debate. "
        "The mayor said the plan would cost 3.2 million euros in total. "
        "Fishermen staged a protest outside the town hall during the vote."
    ),
    "b": (
        "On Monday the council passed the new budget for the harbour after lengthy discussion. "
        "According to the mayor, the plan will cost 3.2 million euros in total. "
        "A brass band played in the square all afternoon."
    ),
    "copy": (
        "The council approved the new harbour budget on Monday after a long debate. "
        "The mayor said the plan would cost 3.2 million euros in total. "
        "Fishermen staged a protest outside the town hall during the vote."
    ),
}


@pytest.fixture(scope="module")
def story(models):
    annotations = {i: annotate_doc(models.spacy(t), i, None) for i, t in TEXTS.items()}
    vectors = {i: models.encode(statement_texts(a)) for i, a in annotations.items()}
    return annotations, vectors


def test_alignment_consensus_single_source_and_copies_counted_once(story):
    annotations, vectors = story
    sources = {"a": "a", "b": "b", "copy": "a"}
    claims, omissions = align(["a", "b", "copy"], annotations, vectors, sources)
    by_text = {c.text: c for c in claims}
    budget = next(c for c in claims if "budget" in c.text)
    assert budget.status == "consensus" and set(budget.article_ids) == {"a", "b", "copy"}
    protest = next(c for t, c in by_text.items() if "protest" in t)
    assert protest.status == "single_source"  # carried by an article and its copy: one source
    band = next(c for t, c in by_text.items() if "brass band" in t)
    assert band.status == "single_source" and band.article_ids == ["b"]
    assert {o.article_id for o in omissions} == set()  # everyone carries both consensus claims


def _claims_of(models, texts):
    annotations = {i: annotate_doc(models.spacy(t), i, None) for i, t in texts.items()}
    vectors = {i: models.encode(statement_texts(a)) for i, a in annotations.items()}
    return align(list(texts), annotations, vectors, {i: i for i in texts})[0]


def test_contested_when_figures_disagree(models):
    claims = _claims_of(
        models,
        {
            "a": "The storm killed 212 people in the coastal villages on Friday night.",
            "b": "The storm killed 240 people in the coastal villages on Friday night.",
        },
    )
    assert [c.status for c in claims] == ["contested"]


def test_contested_when_one_outlet_negates_what_another_asserts(models):
    claims = _claims_of(
        models,
        {
            "a": (
                "The mayor of Velmar told reporters on Monday that the city council would "
                "sign the harbour agreement with the dockworkers union before the end of May."
            ),
            "b": (
                "The mayor of Velmar told reporters on Monday that the city council would "
                "not sign the harbour agreement with the dockworkers union before the end of May."
            ),
        },
    )
    assert [c.status for c in claims] == ["contested"]


def test_a_bound_worded_as_no_less_than_is_not_a_negation(models):
    claims = _claims_of(
        models,
        {
            "a": "At least 212 people were killed when shells struck the crossing on Friday.",
            "b": "No less than 212 people were killed when shells struck the crossing on Friday.",
        },
    )
    assert [c.status for c in claims] == ["consensus"]


def test_no_more_than_still_reads_as_a_negation():
    assert negated("No more than 200 people were killed in the attack.")
    assert not negated("No fewer than 200 people were killed in the attack.")
    assert negated("Officials did not confirm that 200 people were killed.")


def test_a_sentence_of_two_facts_aligns_clause_by_clause(models):
    texts = {
        "a": (
            "Rebels shelled the harbour of Velmar on Monday, and the health ministry said "
            "twelve people died in the attack. The mayor asked for calm."
        ),
        "b": "The health ministry said twelve people died in the attack on the harbour.",
        "c": "Rebels shelled the harbour of Velmar early on Monday morning.",
    }
    annotations = {i: annotate_doc(models.spacy(t), i, None) for i, t in texts.items()}
    assert len(annotations["a"].sentences[0].clauses) == 2
    vectors = {i: models.encode(statement_texts(a)) for i, a in annotations.items()}
    claims, _ = align(list(texts), annotations, vectors, {i: i for i in texts})
    deaths = next(c for c in claims if "twelve" in c.text)
    shelling = next(c for c in claims if "shelled" in c.text)
    assert set(deaths.article_ids) == {"a", "b"} and deaths.status == "consensus"
    assert set(shelling.article_ids) == {"a", "c"} and shelling.status == "consensus"
    # each variant is the clause that says it, not the whole sentence
    assert all(" and the health ministry" not in v.text for v in shelling.variants)


def test_omissions_list_consensus_claims_an_article_lacks(models):
    texts = dict(TEXTS)
    texts["short"] = "A brass band played in the square all afternoon while people watched."
    annotations = {i: annotate_doc(models.spacy(t), i, None) for i, t in texts.items()}
    vectors = {i: models.encode(statement_texts(a)) for i, a in annotations.items()}
    claims, omissions = align(list(texts), annotations, vectors, {i: i for i in texts})
    consensus = {c.id for c in claims if c.status == "consensus"}
    lacking = {o.article_id: set(o.claim_ids) for o in omissions}
    assert lacking["short"] >= consensus - {c.id for c in claims if "short" in c.article_ids}


def test_summary_cites_every_supporting_article(story):
    annotations, vectors = story
    claims, _ = align(["a", "b", "copy"], annotations, vectors, {"a": "a", "b": "b", "copy": "a"})
    summary = summarize(claims, {"a": [s.text for s in annotations["a"].sentences]})
    assert 1 <= len(summary) <= 12
    for sentence in summary:
        claim = next((c for c in claims if c.text == sentence.text), None)
        if claim is not None:
            assert sentence.article_ids == claim.article_ids
        else:  # a lead sentence of several claims: cited by the articles carrying all
            made = [c for c in claims if any(v.text in sentence.text for v in c.variants)]
            assert made and sentence.article_ids[0] == "a"
            assert all(a in c.article_ids for a in sentence.article_ids for c in made)


def _claim(text, status, *variants):
    """A claim worded as ``text``, carried by ``(article, wording)`` variants."""
    return Claim(
        id="",
        text=text,
        status=status,
        article_ids=list(dict.fromkeys(a for a, _ in variants)),
        variants=[ClaimVariant(article_id=a, text=t) for a, t in variants],
    )


def test_summary_keeps_a_lead_sentence_of_several_claims_whole():
    shelled = "Rebels shelled the harbour of Velmar on Monday"
    died = "the health ministry said twelve people died in the attack"
    deaths = _claim(died, "consensus", ("a", died), ("b", "Twelve people died, officials said"))
    shelling = _claim(shelled, "single_source", ("a", shelled))
    leads = {"a": [f"{shelled}, and {died}."], "b": ["Twelve people died, officials said."]}
    summary = summarize([deaths, shelling], leads)
    # the shared claim first; then the lead whole, not cut into clauses, and cited only
    # by the article that says all of it
    assert [(s.text, s.article_ids) for s in summary] == [
        (died, ["a", "b"]),
        (f"{shelled}, and {died}.", ["a"]),
    ]


def test_summary_says_a_lead_in_its_clauses_when_they_have_neutral_wordings():
    loaded = "The regime arrested forty protesters on Monday"
    neutral = "The government arrested forty protesters on Monday"
    closed = "the police closed the main square"
    arrests = _claim(neutral, "consensus", ("a", loaded), ("b", neutral))
    square = _claim(closed, "single_source", ("a", closed))
    summary = summarize([arrests, square], {"a": [f"{loaded}, and {closed}."], "b": [neutral]})
    assert [s.text for s in summary] == [neutral, closed]
    assert not any(loaded_terms(s.text) for s in summary)


def test_summary_leaves_quotes_out_and_stops_near_an_editors_length():
    said = "“We will not stand by while this happens to our people,” the minister said."
    lead = [said] + [
        f"Fact {n} of the story was reported on Monday by the paper, which ran it on page one."
        for n in range(30)
    ]
    claims = [_claim(t, "single_source", ("a", t)) for t in lead]
    summary = summarize(claims, {"a": lead})
    assert said not in [s.text for s in summary]
    assert 3 <= len(summary) <= 12
    words = sum(len(s.text.split()) for s in summary)
    target = SummaryOptions().target_words
    assert target <= words < target + len(lead[1].split())
    shorter = summarize(claims, {"a": lead}, options=SummaryOptions(target_words=60))
    assert 60 <= sum(len(s.text.split()) for s in shorter) < words


@pytest.mark.parametrize(
    ("text", "quote"),
    [
        ('"I have made a mistake," Greene told reporters on Thursday.', True),
        ("That’s our red line,” the leader told reporters on the White House driveway.", True),
        ("The minister said: “We will not stand by while this happens to our people.”", True),
        ("‘Tis the season for the opening of the new harbour, the mayor wrote.", True),
        (
            "We came to open the port on terms we can live with,\" said the movement's spokesman.",
            True,
        ),
        ("A judge called the law an “offensive deprivation” of a constitutional right.", False),
        ('The minister called the vote "a decision for our grandchildren" on Wednesday.', False),
        ("The council approved the new harbour budget on Monday after a long debate.", False),
    ],
)
def test_a_sentence_is_a_quote_when_it_opens_with_or_is_mostly_quoted_words(text, quote):
    assert _quoted(text) is quote


# --- language --------------------------------------------------------------------------
def test_log_odds_matches_the_formula_and_ranks_distinctive_words():
    mine = Counter({"regime": 5, "talks": 5})
    others = Counter({"government": 5, "talks": 5})
    prior = WordPrior.of(mine + others)
    scores = log_odds(mine, others, prior, prior_strength=10)
    assert scores["regime"] > 1.5 > abs(scores["talks"])
    alpha = 10 * 5 / 20
    delta = math.log((5 + alpha) / (10 + 10 - 5 - alpha)) - math.log(alpha / (10 + 10 - alpha))
    assert scores["regime"] == pytest.approx(delta / math.sqrt(1 / (5 + alpha) + 1 / alpha))


def test_loaded_terms_are_found_once_in_order():
    assert loaded_terms("The regime said the terrorist group, a terrorist cell, fled.") == [
        "regime",
        "terrorist",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("texts_searched_all_with_all", [True, False])
def test_big_stories_align_through_neighbours_as_small_ones_do_all_with_all(
    models, example_articles, monkeypatch, texts_searched_all_with_all
):
    import newsprism.compare.claims as claims_module
    from newsprism.annotate import annotate

    annotations = {a.article_id: a for a in annotate(example_articles, models)}
    vectors = {i: models.encode(statement_texts(a)) for i, a in annotations.items()}
    ids = [a.id for a in example_articles]
    sources = {i: i for i in ids}

    def claims_of() -> list[tuple[str, str, tuple[str, ...]]]:
        found, _ = align(ids, annotations, vectors, sources)
        return [(c.status, c.text, tuple(c.article_ids)) for c in found]

    exact = claims_of()
    statements = sum(len(statement_texts(a)) for a in annotations.values())
    assert statements > CompareOptions().align_neighbours  # neighbours are fewer than all
    # the path of stories above the exact limit, on this corpus
    monkeypatch.setattr(claims_module, "EXACT_ALIGN_STATEMENTS", 0)
    if not texts_searched_all_with_all:
        monkeypatch.setattr(claims_module, "EXACT_SEARCH_TEXTS", 0)
    assert claims_of() == exact


@pytest.mark.slow
@pytest.mark.parametrize("texts_searched_all_with_all", [True, False])
def test_thousands_of_copies_of_a_wire_text_make_one_claim_of_each_sentence(
    models, example_articles, monkeypatch, texts_searched_all_with_all
):
    """Every copy of a sentence beyond a statement's nearest neighbours is still linked:
    a wire story carried by hundreds of outlets is consensus, not hundreds of claims."""
    import newsprism.compare.claims as claims_module
    from newsprism.annotate import annotate

    wire, other = (annotate([article], models)[0] for article in example_articles[:2])
    copies = {f"copy{n:03d}": wire for n in range(40)}
    annotations = {**copies, "other": other}
    vectors = {i: models.encode(statement_texts(a)) for i, a in [("other", other)]}
    vectors.update(dict.fromkeys(copies, models.encode(statement_texts(wire))))
    ids = list(annotations)
    monkeypatch.setattr(claims_module, "EXACT_ALIGN_STATEMENTS", 0)
    if not texts_searched_all_with_all:
        monkeypatch.setattr(claims_module, "EXACT_SEARCH_TEXTS", 0)
    few = CompareOptions(align_neighbours=8)  # far fewer than the copies
    claims, omissions = align(ids, annotations, vectors, {i: i for i in ids}, options=few)
    carried = [set(c.article_ids) for c in claims if set(copies) & set(c.article_ids)]
    assert carried and all(set(copies) <= articles for articles in carried)
    assert not any(o.article_id in copies for o in omissions)


def test_a_lead_an_article_repeats_is_still_cut_into_clauses_that_others_match():
    """A sentence stated twice by one article is matched by no other article: its
    clauses are tried on their own, and the repeat does not make a claim of its own."""
    from newsprism.annotation import Annotation, Sentence

    ferry = "the harbour ferry crews returned to work on monday"
    library = "the mayor opened a new library downtown yesterday"
    lead = f"{ferry}, and {library}."
    elsewhere = "Ferry crews in the harbour went back to work on Monday."
    weather = "Weather forecasters expect heavy rain across the region tomorrow."

    def sentence(text: str, start: int, clauses=()) -> Sentence:
        return Sentence(text=text, start=start, end=start + len(text), clauses=list(clauses))

    def lead_at(start: int) -> Sentence:
        second = start + len(ferry) + len(", and ")
        return sentence(lead, start, [(start, start + len(ferry)), (second, start + len(lead))])

    empty = {"actors": [], "quotes": [], "figures": [], "times": []}
    annotations = {
        "A": Annotation(article_id="A", sentences=[lead_at(0), lead_at(len(lead) + 1)], **empty),
        "B": Annotation(
            article_id="B",
            sentences=[sentence(elsewhere, 0), sentence(weather, len(elsewhere) + 1)],
            **empty,
        ),
    }

    def unit(*values: float) -> np.ndarray:
        vector = np.array(values, dtype=np.float32)
        return vector / np.linalg.norm(vector)

    elsewhere_v, weather_v = unit(1, 0, 0, 0, 0), unit(0, 1, 0, 0, 0)
    lead_v = unit(0.7, 0, math.sqrt(0.51), 0, 0)  # the whole lead: too far from B's
    ferry_v = unit(0.9, 0, 0, math.sqrt(0.19), 0)  # its first clause: B's sentence
    library_v = unit(0, 0.3, 0, 0, math.sqrt(0.91))
    vectors = {
        "A": np.stack([lead_v, lead_v, ferry_v, library_v, ferry_v, library_v]),
        "B": np.stack([elsewhere_v, weather_v]),
    }
    claims, _ = align(["A", "B"], annotations, vectors, {"A": "A", "B": "B"})
    found = [(c.status, c.text, c.article_ids) for c in claims]
    assert ("consensus", ferry, ["A", "B"]) in found
    texts = [c.text for c in claims]
    assert len(texts) == len(set(texts))


def _annotated(article_id: str, sentence: str, *figures: Figure) -> Annotation:
    """One article of one sentence with these figures, as the annotator gives them."""
    return Annotation(
        article_id=article_id,
        sentences=[Sentence(text=sentence, start=0, end=len(sentence))],
        actors=[],
        quotes=[],
        figures=list(figures),
        times=[],
    )


def _killed(text: str, value: float, bound: str = "exact") -> Figure:
    return Figure(text=text, value=value, bound=bound, noun="people", event="kill", sentence=0)


def test_a_contested_figure_is_told_as_contested_and_cites_only_who_backs_it():
    first = "At least 212 people were killed in the attack."
    copy = "At least 212 people were killed in the attack, officials said."
    other = "240 people were killed in the attack."
    vague = "People were killed in the attack."
    annotations = {
        "a": _annotated("a", first, _killed("At least 212", 212, "at_least")),
        "b": _annotated("b", copy, _killed("At least 212", 212, "at_least")),
        "c": _annotated("c", other, _killed("240", 240)),
        "d": _annotated("d", vague),
    }
    claim = _claim(first, "contested", ("a", first), ("b", copy), ("c", other), ("d", vague))
    names = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta"}
    (sentence,) = summarize([claim], {}, Backing.of(annotations, names))
    assert sentence.text == (
        "At least 212 people were killed in the attack, according to Alpha and Beta; "
        "240, according to Gamma."
    )
    # Delta aligns but gives no figure: it backs nothing of the sentence's figure
    assert sentence.article_ids == ["a", "b"]
    assert [(d.value, d.article_ids) for d in sentence.disputed] == [("240", ["c"])]
    # without the articles' figures, every carrier is cited as before
    (plain,) = summarize([claim], {})
    assert plain.text == first and plain.article_ids == ["a", "b", "c", "d"]


def test_compatible_figures_back_a_sentence_even_worded_otherwise():
    first = "More than a million people have fled the coast."
    exact = "Some 1.5 million residents have fled the coast."
    fled = Figure(
        text="More than a million", value=1e6, bound="more_than", noun="people", sentence=0
    )
    # paraphrase changes what is counted ("residents"): still the same figure
    also = Figure(text="Some 1.5 million", value=1.5e6, bound="around", noun="resident", sentence=0)
    annotations = {"a": _annotated("a", first, fled), "b": _annotated("b", exact, also)}
    claim = _claim(first, "consensus", ("a", first), ("b", exact))
    (sentence,) = summarize([claim], {}, Backing.of(annotations, {}))
    assert (sentence.text, sentence.article_ids, sentence.disputed) == (first, ["a", "b"], [])


def test_a_claim_contested_by_a_negation_is_attributed():
    said = "The army shelled the village on Monday."
    denied = "The army did not shell the village on Monday."
    annotations = {"a": _annotated("a", said), "b": _annotated("b", denied)}
    claim = _claim(said, "contested", ("a", said), ("b", denied))
    (sentence,) = summarize([claim], {}, Backing.of(annotations, {"a": "A", "b": "B"}))
    assert (
        sentence.text
        == "The army shelled the village on Monday, according to A; B reports otherwise."
    )
    assert sentence.article_ids == ["a"]
    assert [(d.value, d.article_ids) for d in sentence.disputed] == [(None, ["b"])]


def test_citation_support_counts_citations_whose_article_gives_the_figure():
    first = "At least 212 people were killed in the attack."
    other = "240 people were killed in the attack."
    annotations = {
        "a": _annotated("a", first, _killed("At least 212", 212, "at_least")),
        "c": _annotated("c", other, _killed("240", 240)),
    }
    claim = _claim(first, "contested", ("a", first), ("c", other))
    story = Story(
        id="s",
        storyline="l",
        title="t",
        article_ids=["a", "c"],
        claims=[claim],
        summary=[SummarySentence(text=first, article_ids=["a", "c"])],
    )
    assert citation_support([story], annotations)["citation_support"] == 0.5
    story.summary = summarize([claim], {}, Backing.of(annotations, {}))
    scores = citation_support([story], annotations)
    assert scores["citation_support"] == 1.0 and scores["sentences_wholly_backed"] == 1.0


def test_a_figure_with_a_scale_word_is_compatible_with_what_rounds_to_it():
    def cost(text, value):
        return (Figure(text=text, value=value, unit="count", noun="cost", sentence=0), None)

    exact = cost("$1,962,400,000", 1_962_400_000)
    assert verdict([cost("$2 billion", 2e9), exact]) == "compatible"
    assert verdict([cost("1.96 billion", 1.96e9), exact]) == "compatible"
    assert verdict([cost("$2.6 billion", 2.6e9), exact]) == "conflict"
    assert verdict([cost("1.9 billion", 1.9e9), exact]) == "conflict"
    # a count is what it says: no rounding below a million
    assert interval(cost("212", 212)[0]) == (212, 212)
    assert verdict([cost("2,000", 2000), cost("1,962", 1962)]) == "conflict"


def test_each_figure_verdict_says_why():
    def figure(text, value, bound="exact", upper=None):
        return Figure(text=text, value=value, bound=bound, upper=upper, sentence=0)

    def why(*figures, days=None):
        reported = list(zip(figures, days or [None] * len(figures), strict=True))
        return reason(reported, verdict(reported))

    assert why(figure("$2 billion", 2e9), figure("$1,962,400,000", 1962400000)) == (
        "$2 billion is $1,962,400,000 rounded"
    )
    assert why(figure("more than a million", 1e6, "more_than"), figure("1.5 million", 1.5e6)) == (
        "1.5 million is more than a million"
    )
    assert why(figure("3-5", 3, "range", 5), figure("4", 4)) == "4 is within 3-5"
    assert why(figure("at least 212", 212, "at_least"), figure("240", 240)) == (
        "at least 212 and 240 cannot both be the figure"
    )
    assert why(figure("212", 212), figure("240", 240), days=["2025-03-07", "2025-03-08"]) == (
        "rises from 212 (2025-03-07) to 240 (2025-03-08)"
    )


def test_a_tally_agrees_only_with_the_same_tally():
    def vote(text, first, second):
        return (Figure(text=text, value=first, upper=second, unit="tally", sentence=0), None)

    assert verdict([vote("52-48", 52, 48), vote("52 votes to 48", 52, 48)]) is None
    assert verdict([vote("52-48", 52, 48), vote("52-47", 52, 47)]) == "conflict"
    assert verdict([vote("141 votes to 97", 141, 97), vote("140-97", 140, 97)]) == "conflict"


def test_an_age_is_compatible_with_its_decade_and_a_bound_with_a_count():
    def age(text, value, upper=None, bound="exact"):
        return (
            Figure(text=text, value=value, upper=upper, bound=bound, unit="age", sentence=0),
            None,
        )

    assert verdict([age("47", 47), age("40s", 40, 49, "range")]) == "compatible"
    assert reason([age("47", 47), age("40s", 40, 49, "range")], "compatible") == "47 is within 40s"
    assert verdict([age("52", 52), age("40s", 40, 49, "range")]) == "conflict"

    def served(text, value, bound="exact"):
        return (Figure(text=text, value=value, bound=bound, unit="year", sentence=0), None)

    assert (
        verdict([served("nearly 30 years", 30, "nearly"), served("29 years", 29)]) == "compatible"
    )
    assert verdict([served("nearly 30 years", 30, "nearly"), served("31 years", 31)]) == "conflict"


def test_a_figure_contest_is_not_mistaken_for_a_negation():
    first = "At least 212 people were killed in the attack."
    other = "240 people were killed in the attack."
    spared = "No one was spared: 240 people were killed in the attack."
    annotations = {
        "a": _annotated("a", first, _killed("At least 212", 212, "at_least")),
        "b": _annotated("b", other, _killed("240", 240)),
        "c": _annotated("c", spared, _killed("240", 240)),
    }
    claim = _claim(first, "contested", ("a", first), ("b", other), ("c", spared))
    (sentence,) = summarize([claim], {}, Backing.of(annotations, {"a": "A", "b": "B", "c": "C"}))
    assert sentence.text == (
        "At least 212 people were killed in the attack, according to A; 240, according to B and C."
    )
    assert sentence.article_ids == ["a"]


def test_money_written_short_is_compared_with_money_written_out():
    def cost(text, value):
        return (Figure(text=text, value=value, unit="dollar", noun="cost", sentence=0), None)

    assert verdict([cost("$4.3bn", 4.3e9), cost("$4,312,000,000", 4_312_000_000)]) == "compatible"
    assert verdict([cost("$4.3bn", 4.3e9), cost("$5.1 billion", 5.1e9)]) == "conflict"


def test_an_article_that_leaves_out_a_number_of_the_sentence_is_not_cited():
    first = "The minister, 77, resigned after 12 years in office."
    paraphrase = "The minister resigned after years in office."
    annotations = {"a": _annotated("a", first), "b": _annotated("b", paraphrase)}
    claim = _claim(first, "consensus", ("a", first), ("b", paraphrase))
    (sentence,) = summarize([claim], {}, Backing.of(annotations, {}))
    assert sentence.article_ids == ["a"]
    scores = citation_support(
        [
            Story(
                id="s",
                storyline="l",
                title="t",
                article_ids=["a", "b"],
                claims=[claim],
                summary=[SummarySentence(text=first, article_ids=["a", "b"])],
            )
        ],
        annotations,
    )
    assert scores["numbered_citations"] == 2 and scores["numeral_support"] == 0.5


def test_a_figure_is_found_only_as_a_number_of_its_own():
    backing = Backing.of(
        {"a": _annotated("a", "It has 4 cores.", Figure(text="4", value=4, sentence=0))}, {}
    )
    assert backing.figures_in("a", "It has 4 cores.")
    assert not Backing.of(
        {"a": _annotated("a", "A server of 64 processors.", Figure(text="4", value=4, sentence=0))},
        {},
    ).figures_in("a", "A server of 64 processors.")


def test_a_story_of_one_article_backs_its_own_summary():
    text = "The court heard the case of up to 1.6 million workers on Tuesday."
    annotations = {
        "a": _annotated(
            "a", text, Figure(text="up to 1.6 million", value=1.6e6, bound="at_most", sentence=0)
        )
    }
    story = Story(
        id="s",
        storyline="l",
        title="t",
        article_ids=["a"],
        summary=[SummarySentence(text=text, article_ids=["a"])],
    )
    assert citation_support([story], annotations)["citation_support"] == 1.0
