"""Quote speakers on texts written here: descriptions, documents, embedded and
continued quotes, pronouns (issue 19). Each case was misattributed before."""

from __future__ import annotations

import pytest

from newsprism.annotate import annotate_doc
from newsprism.annotation import QuoteAnnotation


@pytest.fixture(scope="module")
def quotes(models):
    def _quotes(text: str) -> list[QuoteAnnotation]:
        return [q for q in annotate_doc(models.spacy(text), "t", None).quotes if q.direct]

    return _quotes


@pytest.fixture(scope="module")
def read(models):
    def _read(text: str):
        return annotate_doc(models.spacy(text), "t", None)

    return _read


# --- descriptions and titles -----------------------------------------------------------
def test_a_title_description_is_the_person_given_that_title(quotes):
    # another person is more salient in the sentences just before; the title decides
    text = (
        "Gov. Jane Doral signed the budget on Monday. Senator Tom Berg, who led the "
        "opposition, said he would fight it. Berg called the plan reckless and Berg vowed "
        "to take it to court. “This budget keeps every school open,” the governor said."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Jane Doral"


def test_a_title_written_outside_the_name_still_resolves_the_description(quotes):
    text = (
        "President Mara Lind flew to the border on Friday. Opposition leader Karl Osten met "
        "the press there, and Osten accused the government of neglect. Osten asked for a "
        "debate. “We have sent more help than ever before,” the president said."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Mara Lind"


def test_a_description_with_a_modifier_goes_to_the_person_so_described(quotes):
    text = (
        "Democratic Senator Ana Ruiz won the primary on Tuesday, beating Tom Berg by ten "
        "points. Berg conceded late in the evening. “We will win this state in November,” "
        "the presumptive Democratic nominee told supporters."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Ana Ruiz"
    assert quote.role == "presumptive Democratic nominee"


def test_a_description_of_someone_related_to_another_stays_as_written(quotes):
    # "the union's negotiator" is not the last person named
    text = (
        "Mayor Tomas Brell opened the talks on Monday. “We are still far apart on wages,” "
        "the union's chief negotiator said."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "union's chief negotiator"


# --- documents and their authors -------------------------------------------------------
def test_a_document_speaks_for_whoever_the_article_says_ran_it(quotes):
    text = (
        "The Valley Party released a television ad on Tuesday attacking the mayor's record. "
        "Mayor Tomas Brell called it a lie. “Tomas Brell raised your taxes three times in "
        "four years,” the ad says."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Valley Party"


def test_a_letter_speaks_for_its_signatories(quotes):
    text = (
        "A letter signed by 40 economists warned against the tariff on Monday. “The tariff "
        "will raise prices for every family in the country,” the letter said."
    )
    (quote,) = quotes(text)
    assert quote.speaker and quote.speaker.endswith("economists")


def test_a_lawsuit_speaks_for_the_plaintiff(quotes):
    text = (
        "The Harbour Workers Union filed a lawsuit against the port authority on Monday. "
        "The port authority declined to comment. “The authority broke every promise it made "
        "to the dockers,” the suit says."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Harbour Workers Union"


# --- quotes embedded in longer sentences -----------------------------------------------
def test_a_quote_at_the_end_of_a_long_sentence_goes_to_its_subject(quotes):
    # the parser hangs the long subject on a clause before the verb
    text = (
        "On Friday, the aide, Lina Horvath, 31, who has more than 14,000 followers online "
        "and at the time was a spokeswoman for a small charity, wrote an open letter to the "
        "mayor on her page, saying he should “stop wasting the money of every taxpayer in "
        "town.”"
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Lina Horvath"


# --- continuation ----------------------------------------------------------------------
def test_a_quote_paragraph_after_indirect_speech_continues_its_speaker(quotes):
    text = (
        "Ana Ruiz said the council had ignored the residents for years.\n\n"
        "“We asked for a meeting five times and nobody ever answered our letters.”"
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Ana Ruiz"


def test_a_paragraph_set_off_by_a_colon_is_a_quote_of_whoever_introduced_it(quotes):
    # web pages set tweets and letters as paragraphs of their own, without quote marks
    text = (
        "Ana Ruiz responded on her blog, writing:\n\n"
        "The council has ignored every letter we sent this year, and it will answer for "
        "that.\n\n"
        "The vote is set for Friday."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Ana Ruiz"
    assert quote.text.startswith("The council has ignored every letter")


def test_a_list_after_a_colon_is_not_a_quote(quotes):
    text = (
        "The plan has three parts:\n\n"
        "Lower fares for students, more buses at night and a new line to the airport."
    )
    assert quotes(text) == []


# --- pronouns --------------------------------------------------------------------------
def test_a_pronoun_takes_up_the_person_whose_role_gives_its_gender(quotes):
    text = (
        "Councilman Tomas Brell met Lina Horvath, a spokeswoman for the city, on Monday. "
        "“Nothing has been decided yet about the bridge,” she said."
    )
    (quote,) = quotes(text)
    assert quote.speaker == "Lina Horvath"


def test_a_pronoun_after_a_described_speaker_is_that_speaker(quotes):
    text = (
        "Gov. Jane Doral signed the budget on Monday. Senator Tom Berg, who led the "
        "opposition, vowed to take it to court, and Berg called it reckless. “This budget "
        "keeps every school open,” the governor said. “It will survive every court in "
        "the state,” she added."
    )
    speakers = [q.speaker for q in quotes(text)]
    assert speakers == ["Jane Doral", "Jane Doral"]


def test_a_capital_that_speaks_is_its_state(read):
    named = read(
        "Russia and Ukraine met in Istanbul on Monday. "
        '"We will not accept these terms," Moscow said in a statement.'
    )
    (quote,) = named.quotes
    russia = next(a for a in named.actors if a.name == "Russia")
    assert (quote.speaker, quote.speaker_actor) == ("Russia", russia.id)
    assert "Moscow" in russia.labels
    unnamed = read("Washington rejected the claim, and Tehran said the sanctions were illegal.")
    assert [q.speaker for q in unnamed.quotes] == ["Iran"]
    assert any(a.name == "Iran" for a in unnamed.actors)


def test_a_city_that_is_not_a_capital_speaks_for_itself(read):
    result = read("Chicago said it would sue the state over the cuts.")
    assert [q.speaker for q in result.quotes] == ["Chicago"]


def test_a_country_is_named_by_its_name_its_code_or_its_dotted_initials():
    from newsprism.annotate.gazetteer import country_of_capital

    united_states, iceland = country_of_capital("Washington"), country_of_capital("Reykjavik")
    assert united_states.named("United States") and united_states.named("U.S.")
    assert united_states.named("USA")
    assert iceland.named("Iceland") and not iceland.named("IS")  # an acronym, not Iceland
