"""Cleaning: boilerplate by pattern and by site statistics, credits, bylines, datelines."""

from __future__ import annotations

import pytest

from newsprism.clean import CleanOptions, LineStats, clean_article, clean_articles, line_key
from newsprism.models import RawArticle
from newsprism.normalize import stamp_date

STORY = [
    "The harbour board approved the new pier on Monday after a two-hour debate.",
    "Board chair Lena Ortiz said the pier would cost 3.2 million euros.",
    "Fishermen had asked for the pier for more than a decade.",
]


def raw(lines: list[str], **fields) -> RawArticle:
    fields.setdefault("source_path", "t.txt")
    fields.setdefault("format", "text")
    return RawArticle(body="\n".join(lines), **fields)


@pytest.mark.parametrize(
    "line",
    [
        "Share It :",
        "Share this article",
        "Facebook | Twitter | WhatsApp",
        "Leave a Comment",
        "12 comments",
        "Subscribe to get the latest posts to your email.",
        "Sign up for our daily newsletter",
        "Get the best stories delivered to your inbox every morning.",
        "Advertisement",
        "Story continues below advertisement",
        "Read more: Harbour strike enters second week",
        "Follow us on Twitter",
        "© 2025 Coastal Media. All rights reserved.",
        "Skip to content",
    ],
)
def test_prompt_lines_are_removed_and_kept_aside(line):
    article = clean_article(raw([STORY[0], line, *STORY[1:]]))
    assert line not in article.text
    assert article.boilerplate_removed == [line]
    assert article.text.split("\n\n") == STORY


@pytest.mark.parametrize(
    "line",
    [
        "More than 2 million people subscribe to the service, the company said on Monday.",
        "The union sent a newsletter to its members calling for a strike.",
        "“Share the burden,” Ortiz said.",
        "Comments from residents were mostly positive, the board said.",
        "Sources close to the board said the vote was never in doubt.",
    ],
)
def test_news_sentences_that_look_like_prompts_survive(line):
    article = clean_article(raw([*STORY, line]))
    assert article.text.split("\n\n")[-1] == line
    assert article.boilerplate_removed == []


def test_related_block_heading_and_headlines_removed():
    lines = [
        STORY[0],
        "Related Articles",
        "Harbour strike enters second week",
        "Ferry timetable changes from May",
        *STORY[1:],
    ]
    article = clean_article(raw(lines))
    assert article.text.split("\n\n") == STORY
    assert len(article.boilerplate_removed) == 3


@pytest.mark.parametrize(
    ("line", "credited"),
    [
        ("CLICK HERE TO READ MORE FROM THE COASTAL HERALD", "Coastal Herald"),
        ("Read the full story at The Coastal Herald.", "Coastal Herald"),
        ("Source: Agencies", "Agencies"),
        ("This article originally appeared on Coastal Herald.", "Coastal Herald"),
        ("(With inputs from Meridian Press)", "Meridian Press"),
        ("Republished with permission from Coastal Herald", "Coastal Herald"),
    ],
)
def test_credit_lines_become_credited_outlet(line, credited):
    article = clean_article(raw([STORY[0], line, *STORY[1:]]))
    assert article.credited_outlet == credited
    assert article.boilerplate_removed == [line]
    assert line not in article.text


def test_discover_more_names_the_publishing_site():
    lines = [*STORY, "Discover more from newsbits.example", "Subscribe to get the latest posts."]
    article = clean_article(raw(lines))
    assert article.outlet == "newsbits.example"
    assert article.text.split("\n\n") == STORY


def test_input_outlet_wins_over_discover_more_line():
    article = clean_article(
        raw([*STORY, "Discover more from newsbits.example"], outlet="Bay Times")
    )
    assert article.outlet == "Bay Times"


@pytest.mark.parametrize(
    ("opening", "dateline", "credited"),
    [
        ("New Delhi: The harbour board approved", "New Delhi", None),
        ("PORT AVELIN (MPA) — The harbour board approved", "Port Avelin", "MPA"),
        ("ASTRAVA, March 12 — The harbour board approved", "Astrava", None),
        ("ASTRAVA, 13 March — The harbour board approved", "Astrava", None),
        ("WASHINGTON — The harbour board approved", "Washington", None),
        ("LYON, France — The harbour board approved", "Lyon, France", None),
    ],
)
def test_dateline_lifted_into_field(opening, dateline, credited):
    first = opening + " the new pier on Monday after a long debate."
    article = clean_article(raw([first, *STORY[1:]]))
    assert article.dateline == dateline
    assert article.credited_outlet == credited
    assert article.text.startswith("The harbour board approved")


def test_label_openings_are_not_datelines():
    article = clean_article(
        raw(["Analysis: The harbour board approved the pier on Monday.", *STORY[1:]])
    )
    assert article.dateline is None
    assert article.text.startswith("Analysis:")


def test_dateline_after_a_standfirst():
    standfirst = "A long fight over the pier ends with a vote that few expected to be close."
    article = clean_article(raw([standfirst, "Port Avelin: " + STORY[0], *STORY[1:]]))
    assert article.dateline == "Port Avelin"
    assert article.text.split("\n\n")[1] == STORY[0]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jane Doe and Omar Haddad", "Jane Doe and Omar Haddad"),
        ("Reporting by Jane Doe; Editing by Omar Haddad", "Jane Doe"),
    ],
)
def test_bylines_become_author(line, author):
    article = clean_article(raw([line, *STORY]))
    assert article.author == author
    assert article.text.split("\n\n") == STORY


def test_title_section_suffix_dropped():
    article = clean_article(raw(STORY, title="Pier approved | Coastal News"))
    assert article.title == "Pier approved"
    assert article.boilerplate_removed == ["| Coastal News"]


def test_title_outlet_suffix_dropped_only_when_it_is_the_outlet():
    assert clean_article(
        raw(STORY, title="Pier approved - Bay Times", outlet="Bay Times")
    ).title == ("Pier approved")
    assert (
        clean_article(raw(STORY, title="Pier approved - finally")).title
        == "Pier approved - finally"
    )


TEMPLATE = "Bay Times: your harbour, your news"


def _bay_times(articles: int = 5) -> list[RawArticle]:
    """Articles of one site, each with its own first line and the site's template line."""
    return [
        raw(
            [f"Story {n} opens with its own first sentence here.", TEMPLATE, STORY[n % 3]],
            outlet="Bay Times",
            source_path=f"{n}.txt",
        )
        for n in range(articles)
    ]


def test_lines_repeated_across_one_sites_articles_are_templates():
    template, raws = TEMPLATE, _bay_times()
    cleaned = clean_articles(raws)
    assert all(template not in article.text for article in cleaned)
    assert all(template in article.boilerplate_removed for article in cleaned)


def test_the_template_settings_decide_what_is_a_template():
    template, raws = TEMPLATE, _bay_times()
    # five articles carry the line: a template only when five suffice
    for needed, removed in ((5, True), (6, False)):
        options = CleanOptions(min_template_articles=needed)
        cleaned = clean_articles(raws, options=options)
        assert all((template in a.boilerplate_removed) is removed for a in cleaned), needed
    # a line longer than the longest template line is never one
    cleaned = clean_articles(raws, options=CleanOptions(max_template_words=5))
    assert all(template not in a.boilerplate_removed for a in cleaned)


def test_shared_sentence_across_different_outlets_is_not_a_template():
    sentence = "Board chair Lena Ortiz said the pier would cost 3.2 million euros."
    raws = [
        raw(
            [f"Outlet {n} leads with its own words.", sentence],
            outlet=f"Outlet {n}",
            source_path=f"{n}",
        )
        for n in range(5)
    ]
    assert all(sentence in article.text for article in clean_articles(raws))


def test_long_repeated_background_paragraph_is_kept():
    background = (
        "The pier dispute began in 2019, when the board first rejected the plan over "
        "costs that it said the town could not afford."
    )
    raws = [
        raw(
            [f"News item {n} has fresh reporting.", background],
            outlet="Bay Times",
            source_path=str(n),
        )
        for n in range(5)
    ]
    assert all(background in article.text for article in clean_articles(raws))


def test_stats_from_earlier_articles_apply_to_a_new_one():
    stats = LineStats()
    for n in range(4):
        stats.add(raw([f"Item {n}.", "Bay Times daily briefing"], outlet="Bay Times"))
    article = clean_article(raw([*STORY, "Bay Times daily briefing"], outlet="Bay Times"), stats)
    assert "Bay Times daily briefing" in article.boilerplate_removed


def test_clean_articles_does_not_change_callers_stats():
    stats = LineStats()
    clean_articles([raw(STORY, outlet="Bay Times")], stats)
    assert stats.articles == {}


def test_language_detected_when_not_given():
    assert clean_article(raw(STORY)).language == "en"
    assert clean_article(raw(STORY, language="en-GB")).language == "en-GB"


def test_line_key_ignores_case_digits_and_punctuation():
    assert line_key("Updated 3 hours ago!") == line_key("updated 12 Hours ago")


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("Updated 4 / 9 / 2007 6:04 PM", "2007-04-09"),
        ("Tuesday, July 2nd, 2013", "2013-07-02"),
        ("8:05am UK, Monday 16 September 2013", "2013-09-16"),
        ("Last updated 13:26 14 / 09 / 2013", "2013-09-14"),
        ("POSTED: 1052 GMT (1852 HKT), April 10, 2007", "2007-04-10"),
        ("PUBLISHED FRIDAY, MARCH 8, 2013 AT 12:46 PM / UPDATED AT 12:48 PM", "2013-03-08"),
        ("TNN Nov 12, 2011, 05.51AM IST MUMBAI:", "2011-11-12"),
        ("February 29, 2012, 7:32 p. m. ET", "2012-02-29"),
        ("3 July 2013 Last updated at 13:38 GMT", "2013-07-03"),
        ("INDONESIA, July 2, 2013", "2013-07-02"),
    ],
)
def test_timestamp_lines_are_read(line, day):
    assert stamp_date(line) == day


@pytest.mark.parametrize(
    "line",
    [
        "Obama wins the 2008 election",
        "The vote is on March 3, 2009.",
        "Born June 4, 1950",
        "Sixers fire Cheeks, March 2, 2008",
        "6.1-magnitude quake strikes Aceh, region hit by 2004 tsunami",
        "Posted 1 year, 160 days ago",
        "Monday, 9:30 AM",
        "The harbour board approved the new pier on March 3, 2009 after a two-hour debate.",
    ],
)
def test_headlines_and_sentences_with_dates_are_not_timestamps(line):
    assert stamp_date(line) is None


def test_timestamp_title_gives_the_date_and_the_next_line_becomes_the_title():
    article = clean_article(
        raw(["Harbour board approves new pier", *STORY], title="Tuesday, July 2nd, 2013")
    )
    assert article.title == "Harbour board approves new pier"
    assert article.published == "2013-07-02"
    assert article.text.startswith("The harbour board approved")
    assert "Tuesday, July 2nd, 2013" in article.boilerplate_removed


def test_timestamp_below_the_headline_is_lifted_but_the_inputs_date_wins():
    lines = ["Updated: 4 / 9 / 2007 6:04 PM", *STORY]
    lifted = clean_article(raw(lines, title="Harbour board approves new pier"))
    assert lifted.published == "2007-04-09"
    assert lifted.text.startswith("The harbour board approved")
    given = clean_article(raw(lines, title="Pier approved", published="2007-04-10T08:00:00"))
    assert given.published == "2007-04-10T08:00:00"
    assert given.text.startswith("The harbour board approved")


def test_dates_in_the_story_stay_in_the_text():
    lines = [*STORY, "March 3, 2009"]
    article = clean_article(raw(lines, title="Pier approved"))
    assert article.published is None
    assert article.text.endswith("March 3, 2009")
