"""Language layer on texts written here: actors and labels, quotes, figures, times."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.annotate import AnnotateOptions, annotate, annotate_doc
from newsprism.annotate.corpus import resolve_actors
from newsprism.annotate.figures import parse_number
from newsprism.annotate.quotes import quote_spans, speaks_for
from newsprism.annotate.times import resolve_time
from newsprism.models import Article

PUBLISHED = date(2025, 3, 12)  # a Wednesday


@pytest.fixture(scope="module")
def read(models):
    def _read(text: str, published: date | None = PUBLISHED):
        return annotate_doc(models.spacy(text), "t", published)

    return _read


def actor(annotation, name):
    return next(a for a in annotation.actors if a.name == name)


# --- actors and labels -----------------------------------------------------------------
def test_surname_and_swapped_letters_join_the_full_name(read, models):
    text = (
        'Talks resumed on Monday. "We will not move," said Marten Kovalski, the union\'s '
        "negotiator. Kovalski later left the room. Kovlaski returned an hour later."
    )
    person = actor(read(text), "Marten Kovalski")
    assert {"Kovalski", "Kovlaski"} <= set(person.mentions)
    # allowed no edit, the misspelt surname is someone else
    exact = annotate_doc(models.spacy(text), "t", PUBLISHED, AnnotateOptions(max_name_edits=0))
    assert "Kovlaski" not in actor(exact, "Marten Kovalski").mentions


def test_labels_from_apposition_modifier_and_definite_description(read):
    result = read(
        "The farmers' movement Harvest Front Party blocked the motorway on Monday. "
        "Police said the protest group had ignored an order to disperse. "
        "The Harvest Front Party, a coalition of farm unions, says it will return next week."
    )
    labels = actor(result, "Harvest Front Party").labels
    assert "farmers' movement" in labels
    assert any("protest group" in label for label in labels)
    assert any("coalition of farm unions" in label for label in labels)


def test_a_description_naming_a_nation_is_not_given_to_another_actor(read):
    result = read(
        "Radio Tessaly, a station linked to the army, cited unnamed sources on Sunday. "
        '"The argument from the French side is that the deal is final," the reporter said. '
        "The Dutch government later confirmed the meeting."
    )
    station = next(a for a in result.actors if "Tessaly" in a.name)
    assert not any("French" in label for label in station.labels)


def test_a_seat_of_government_in_a_state_description_is_filed_under_its_state(read):
    named = read(
        "Brazil and Peru signed the river treaty on Monday. The delegates said the "
        "Lima government had dropped its last objection."
    )
    peru = actor(named, "Peru")
    assert any("Lima government" in label for label in peru.labels)
    assert not any(
        "Lima government" in label for a in named.actors if a.name == "Lima" for label in a.labels
    )
    unnamed = read("Delegates said the Ankara government had dropped its last objection on Monday.")
    assert any("Ankara government" in label for label in actor(unnamed, "Turkey").labels)


def _annotated(models, text: str):
    article = Article(id="s1", source_path="s1.txt", text=text, format="text", raw_text=text)
    return annotate([article], models)[0]


def _labelled(annotation, label: str) -> list[str]:
    return [a.name for a in annotation.actors if any(label in x for x in a.labels)]


def test_a_state_description_whose_modifier_is_no_demonym_goes_to_the_nearest_country(models):
    result = _annotated(
        models,
        "Talks in Doha broke up on Monday. The movement blamed the Zionist entity for the "
        "lack of progress. Egypt and Qatar said they would keep mediating, while Israel sent "
        "no delegation.",
    )
    assert _labelled(result, "Zionist entity") == ["Israel"]
    assert not result.unresolved_states


def test_a_former_state_or_another_countrys_demonym_is_not_resolved_by_meaning(models):
    former = _annotated(
        models,
        "Russia and Georgia met in Geneva on Monday. The former Soviet republic said the "
        "border talks would resume in May.",
    )
    assert not _labelled(former, "former Soviet republic")
    assert [d.label for d in former.unresolved_states] == ["former Soviet republic"]
    other = _annotated(
        models,
        "Israel said on Monday that the Palestinian resistance forces had fired at a patrol "
        "near the crossing.",
    )
    assert not _labelled(other, "Palestinian resistance forces")


def test_a_city_that_several_countries_have_stays_the_place(read):
    result = read("Delegates said the London government had dropped its objection on Monday.")
    assert all(a.name != "United Kingdom" for a in result.actors)


def test_scare_quotes_around_a_name_are_a_label(read):
    result = read("Officials said ‘Valdoria’ was rejecting the demands of the strikers again.")
    assert any("scare quotes" in label for label in actor(result, "Valdoria").labels)


def test_actors_resolved_across_articles_by_name_variants(read):
    first = read("Prime Minister Helga Strand said the budget would pass.").model_copy(
        update={"article_id": "one"}
    )
    second = read("Helga Strnad said on Friday that she would resign.").model_copy(
        update={"article_id": "two"}
    )
    names = resolve_actors([first, second])
    assert set(names.values()) == {"Helga Strand"}


# --- quotes ----------------------------------------------------------------------------
def test_speaker_after_a_long_quote_spanning_sentences(read):
    text = (
        "“We came here to talk. We will not leave until the port is open to every ship "
        "that needs it,” said Idra Vossberg, the dockers' spokeswoman."
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Idra Vossberg"
    assert quote.text.startswith("We came here to talk. We will not leave")
    assert quote.role and "spokeswoman" in quote.role


def test_speaker_before_the_quote_with_channel(read):
    text = 'Tomas Brell told the Harbour Gazette by telephone: "Nobody has called us since Friday."'
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Tomas Brell"
    assert quote.channel and "by telephone" in quote.channel


def test_nested_quotes_keep_the_outer_quote(read):
    text = (
        "“They called it ‘a fair offer’ but nobody believes that anymore,” "
        "said Ana Pirelli, a union leader."
    )
    quotes = [q for q in read(text).quotes if q.direct]
    assert len(quotes) == 1
    assert "‘a fair offer’" in quotes[0].text
    assert quotes[0].speaker == "Ana Pirelli"


def test_quote_by_a_description_and_a_pronoun(read):
    text = (
        "The union's chief negotiator said the offer was an insult to every worker. "
        'Lena Markovic arrived later. "We expect a better offer by Friday," she said.'
    )
    result = read(text)
    indirect = [q for q in result.quotes if not q.direct]
    assert indirect and indirect[0].speaker == "union's chief negotiator"
    (direct,) = [q for q in result.quotes if q.direct]
    assert direct.speaker == "Lena Markovic"


def test_according_to_is_indirect_speech(read):
    text = "Three bridges were closed on Sunday, according to the transport ministry of Norland."
    quotes = read(text).quotes
    assert any(q.verb == "according to" and "bridges were closed" in q.text for q in quotes)


def test_short_scare_quotes_are_not_quotes():
    assert quote_spans('They called it a "fair" deal and an ‘offer’.') == []
    text = "“This is a real quote of some length,” she said."
    assert quote_spans(text) == [(1, text.index("”"))]


def test_the_shortest_quote_is_a_setting(read, models):
    text = 'The minister called the plan "a bridge too far" on Monday.'
    assert quote_spans(text) == [(text.index("a bridge"), text.index('" on'))]
    assert quote_spans(text, min_words=5) == []
    assert [q.text for q in read(text).quotes if q.direct] == ["a bridge too far"]
    longer = annotate_doc(models.spacy(text), "t", PUBLISHED, AnnotateOptions(min_quote_words=5))
    assert [q for q in longer.quotes if q.direct] == []


def test_the_parser_processes_annotate_with_the_settings_given(models):
    from newsprism.annotate import MIN_PARALLEL_ARTICLES

    text = 'The minister called the plan "a bridge too far" on Monday.'
    articles = [
        Article(id=f"p{n}", source_path=f"p{n}.txt", text=text, format="text", raw_text=text)
        for n in range(MIN_PARALLEL_ARTICLES)
    ]
    # enough articles for the parser processes (where the models can fork them)
    default = annotate(articles, models)
    longer = annotate(articles, models, options=AnnotateOptions(min_quote_words=5))
    assert all(any(q.direct for q in a.quotes) for a in default)
    assert not any(q.direct for a in longer for q in a.quotes)


def test_a_quote_goes_on_into_the_next_paragraph():
    # News style: the first paragraph's quote is left open, the next one reopens it.
    text = (
        "“I will not guess at anyone’s motives,” she said. “What matters is that the "
        "port stays open to every ship.\n\n“We have worked hard for that,” she added."
    )
    quotes = [text[s:e] for s, e in quote_spans(text)]
    assert "What matters is that the port stays open to every ship." in quotes
    assert "We have worked hard for that," in quotes


def test_an_unbalanced_mark_does_not_shift_the_pairing_of_later_quotes():
    text = (
        '"The river rose overnight. We moved the animals first," he said. "By noon the '
        'water reached the school.\n\n"The mistake was waiting for the order," he said. '
        'She wrote "every family has left the lower town now.” and went back.'
    )
    quotes = [text[s:e] for s, e in quote_spans(text)]
    assert "The mistake was waiting for the order," in quotes
    # mixed marks: a straight mark opened, a curly one closed
    assert "every family has left the lower town now." in quotes


def test_speaker_of_a_participle_is_the_subject_of_its_clause(read):
    text = (
        "Mara Delgado hit back at the council on Monday, saying "
        "“the plan would close every clinic in the valley.”"
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Mara Delgado"


def test_pronoun_speaker_skips_names_inside_quotes_and_prefers_the_subject(read):
    text = (
        "Tomas Vell met Oskar Brandt at the harbour on Friday. "
        "“Brandt promised us the cranes by spring and nothing came,” he said."
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Tomas Vell"


def test_pronoun_speaker_agrees_with_an_honorific(read):
    text = (
        "Ms. Ruiz met Mr. Brandt at the harbour on Friday. "
        "“The cranes will arrive by spring, whatever the council says,” he said."
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Brandt"


def test_relative_pronoun_speaker_is_the_noun_it_describes(read):
    text = (
        "“The harbour will reopen in May at the latest,” said Tomas Vell, who added that "
        "“nobody will lose a job over this decision.”"
    )
    quotes = [q for q in read(text).quotes if q.direct]
    assert len(quotes) == 2
    assert all(q.speaker == "Tomas Vell" for q in quotes)


def test_a_subject_inside_the_quote_is_not_the_speaker(read):
    text = (
        "Tomas Vell spoke after the vote. “Throughout his term, Brandt has left behind "
        "empty promises and angry dockers,” Vell said."
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Tomas Vell"


def test_the_object_of_a_participle_is_not_its_subject(read):
    text = (
        "Ana Ruiz responded on Tuesday, telling the Harbour Gazette it was "
        "“a disgrace to the whole council and everyone on it.”"
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Ana Ruiz"


def test_a_long_quote_is_continued_from_its_last_sentence(read):
    text = (
        "“The port is open. The cranes work. The ships come. The dockers are paid,” "
        "Tomas Vell said. “And the council knows it. Its figures are simply wrong.”"
    )
    quotes = [q for q in read(text).quotes if q.direct]
    assert [q.speaker for q in quotes] == ["Tomas Vell", "Tomas Vell"]


def test_a_colon_hands_the_quote_to_the_clause_subject(read):
    text = (
        "Oskar Brandt asked about the cranes again. Ana Ruiz was quick to hit back: "
        "“With all due respect, that is a story nobody in this port believes.”"
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Ana Ruiz"


def test_a_name_in_apposition_to_the_subject_speaks(read):
    text = (
        "On Friday the aide, Lina Horvath, wrote an open letter to the mayor, saying "
        "he should “start listening to the people who elected him.”"
    )
    (quote,) = [q for q in read(text).quotes if q.direct]
    assert quote.speaker == "Lina Horvath"


def test_a_surname_the_recognizer_missed_still_names_the_person(models):
    doc = models.spacy(
        "Lina Horvath joined the council in May. Horvath later apologized for the post. "
        "“I judged too quickly and I regret it,” she said."
    )
    surname = next(t for t in doc if t.text == "Horvath" and t.i > 3)
    # as if the recognizer had not seen the second mention
    doc.ents = [e for e in doc.ents if not e.start <= surname.i < e.end]
    result = annotate_doc(doc, "t", PUBLISHED)
    person = actor(result, "Lina Horvath")
    assert 1 in person.sentences
    (quote,) = [q for q in result.quotes if q.direct]
    assert quote.speaker == "Lina Horvath"


def test_a_spokesperson_speaks_for_the_organization_in_the_role(read):
    text = (
        "“The plan would close every clinic in the valley,” said Lis Amberg, "
        "a spokeswoman for the Valley Health Alliance. “Nobody voted for that.”"
    )
    quotes = [q for q in read(text).quotes if q.direct]
    assert [q.speaker for q in quotes] == ["Lis Amberg", "Lis Amberg"]
    assert all(q.speaker_for == "Valley Health Alliance" for q in quotes)


@pytest.mark.parametrize(
    ("role", "speaks_for_whom"),
    [
        ("a spokeswoman for the Valley Party", "Valley Party"),
        ("Valley Party campaign spokeswoman", "Valley Party campaign"),
        ("the Harbour Gazette’s editor in chief", "Harbour Gazette"),
        ("the union's chief negotiator", None),
        ("former mayor of Orlen", None),
    ],
)
def test_whom_a_role_speaks_for(role, speaks_for_whom):
    assert speaks_for(role) == speaks_for_whom


# --- figures ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("34,622", 34622),
        ("1.5 million", 1_500_000),
        ("three", 3),
        ("twenty-five thousand", 25_000),
        ("a million", 1_000_000),
        ("one hundred and five", 105),
        ("dozen", 12),
    ],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_number_reads_digits_with_separators(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


def test_figures_with_bounds_and_what_they_count(read):
    text = (
        "At least 212 people were killed and 1,480 injured in the attack. "
        "More than a million residents have fled, and three soldiers were killed. "
        "Around 1.5 million people live in the city, where 60 percent of the cranes stand idle. "
        "Between 200 and 250 boats wait offshore during a 40-day truce."
    )
    figures = {f.text: f for f in read(text).figures}
    assert figures["At least 212"].bound == "at_least" and figures["At least 212"].event == "kill"
    assert figures["At least 212"].noun == "people"
    assert figures["1,480"].value == 1480 and figures["1,480"].event == "injure"
    assert figures["More than a million"].value == 1_000_000
    assert figures["More than a million"].bound == "more_than"
    assert figures["three"].value == 3 and figures["three"].noun == "soldier"
    assert figures["Around 1.5 million"].bound == "around"
    assert figures["60"].unit == "percent"
    assert figures["Between 200 and 250"].bound == "range"
    assert figures["Between 200 and 250"].upper == 250
    assert figures["40"].unit == "day"


@pytest.mark.parametrize(
    ("phrase", "bound"),
    [
        ("No more than", "at_most"),
        ("Not more than", "at_most"),
        ("More than", "more_than"),
        ("No fewer than", "at_least"),
        ("Not less than", "at_least"),
        ("Less than", "less_than"),
    ],
)
def test_the_longest_bound_phrase_before_a_figure_is_read(read, phrase, bound):
    figures = read(f"{phrase} 300 people were evacuated from the valley on Monday.").figures
    assert [f.bound for f in figures if f.value == 300] == [bound]


def test_a_bound_opening_a_paragraph_is_read(read):
    text = "The talks opened.\n\nMore than a million people have fled the coast."
    assert [f.bound for f in read(text).figures] == ["more_than"]


def test_a_word_ending_like_a_bound_is_not_one(read):
    figures = read("Moreover 300 people were evacuated from the valley on Monday.").figures
    assert [f.bound for f in figures if f.value == 300] == ["exact"]


# --- time ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("expression", "sentence", "expected"),
    [
        ("Friday", "The attack happened on Friday.", "2025-03-07"),
        ("Friday", "Talks will resume on Friday.", "2025-03-14"),
        ("next week", "", "2025-03-17"),
        ("nearly seven months ago", "", "2024-08-11"),
        ("August 16", "The blockade began on August 16.", "2024-08-16"),
        ("Friday, March 14", "The deadline is Friday, March 14.", "2025-03-14"),
        ("14 March 2024", "", "2024-03-14"),
        ("yesterday", "", "2025-03-11"),
    ],
)
def test_relative_and_explicit_times_resolve_against_publication(expression, sentence, expected):
    assert resolve_time(expression, PUBLISHED, sentence)[0] == expected


def test_relative_time_without_publication_date_stays_relative():
    assert resolve_time("on Friday", None) == (None, True)


@given(st.text(max_size=40), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)))
def test_resolve_time_never_raises(expression, published):
    resolved, relative = resolve_time(expression, published)
    assert isinstance(relative, bool)
    assert resolved is None or resolved[:4].isdigit()


@pytest.mark.parametrize(
    ("sentence", "clauses"),
    [
        (
            "Rebels shelled the port on Monday, and the ministry said 12 people died there.",
            ["Rebels shelled the port on Monday", "the ministry said 12 people died there"],
        ),
        (
            "The dam will flood two valleys; the assembly approved it by a wide margin.",
            ["The dam will flood two valleys", "the assembly approved it by a wide margin"],
        ),
        # one subject shared by two verbs: cut apart, the second half loses its subject
        ("The council met on Monday and approved the budget for the harbour.", []),
        # a quote is compared whole
        ('"We will not give up the port," he said, and the army kept firing at the town.', []),
    ],
)
def test_independent_clauses(models, sentence, clauses):
    from newsprism.annotate.clauses import clause_spans

    parsed = next(iter(models.spacy(sentence).sents))
    assert [sentence[a:b] for a, b in clause_spans(parsed)] == clauses


# --- quote scoring ---------------------------------------------------------------------
def test_quote_scoring_accepts_whom_a_spokesperson_speaks_for_and_nothing_else():
    from newsprism.annotation import Annotation, QuoteAnnotation
    from newsprism.evaluate import score_quotes

    quote = QuoteAnnotation(
        text="Nobody voted for closing the clinics",
        direct=True,
        speaker="Lis Amberg",
        speaker_for="Valley Health Alliance",
        sentence=0,
    )
    annotation = Annotation(
        article_id="a", sentences=[], actors=[], quotes=[quote], figures=[], times=[]
    )
    gold = [
        {"article": "r", "speaker": "Amberg", "text": "Nobody voted for closing the clinics"},
        {"article": "r", "speaker": "Valley Health Alliance", "text": "Nobody voted for"},
        {"article": "r", "speaker": "Orlen Council", "text": "Nobody voted for closing"},
    ]
    scores = score_quotes(gold, {"a": annotation}, {"r": "a"})
    assert scores["found"] == 1.0
    assert scores["speaker_right"] == 2 / 3


def test_votes_and_scores_are_one_figure_each(read):
    text = (
        "The Senate passed the bill in a 52-48 vote on Tuesday. "
        "The Assembly approved the dam by 141 votes to 97. "
        "The Colts beat the Jaguars 31-24 to clinch a playoff berth. "
        "Between 3-5 buildings collapsed."
    )
    figures = {f.text: f for f in read(text).figures}
    assert [(f.value, f.upper, f.unit) for f in figures.values() if f.unit == "tally"] == [
        (52, 48, "tally"),
        (141, 97, "tally"),
        (31, 24, "tally"),
    ]
    assert "141 votes to 97" in figures and "31-24" in figures and "52-48" in figures
    # a first number below the second is a range, not a score
    assert figures["Between 3-5"].bound == "range" and figures["Between 3-5"].unit == "count"


def test_ages_and_durations_are_figures(read):
    text = (
        "The suspect, 47, was arrested on Monday. "
        "A 52-year-old woman was hurt. "
        "The driver, aged 33, fled. "
        "The victim, a man in his early 60s, died. "
        "He served nearly 30 years in prison. "
        "Fighting lasted more than 10 days. "
        "Two years ago the plant closed. "
        "In the past 10 years prices rose."
    )
    figures = {f.text: (f.value, f.upper, f.unit, f.bound) for f in read(text).figures}
    assert figures["47"] == (47, None, "age", "exact")
    assert figures["52-year-old"] == (52, None, "age", "exact")
    assert figures["33"] == (33, None, "age", "exact")
    assert figures["early 60s"] == (60, 69, "age", "range")
    assert figures["nearly 30 years"] == (30, None, "year", "nearly")
    assert figures["more than 10 days"] == (10, None, "day", "more_than")
    # times, not terms
    assert not any("years" in t and t != "nearly 30 years" for t in figures)


def test_abbreviated_scales_and_currency_signs(read):
    text = (
        "The project will cost $4.3bn over a decade. "
        "A second phase adds $1.2 bn. "
        "The fund holds £2m in cash. "
        "She ran the 100m in record time."
    )
    figures = {f.text: f for f in read(text).figures}
    assert (figures["$4.3bn"].value, figures["$4.3bn"].unit) == (4_300_000_000, "dollar")
    assert figures["$1.2 bn"].value == 1_200_000_000
    assert (figures["£2m"].value, figures["£2m"].unit) == (2_000_000, "pound")
    # an "m" with no currency sign is not a million
    assert not any(f.value >= 1_000_000 for t, f in figures.items() if "100" in t)
