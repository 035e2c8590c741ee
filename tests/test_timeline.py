"""The timeline: dated events in order, and for undated articles their relative
expressions ordered relative to each other."""

from __future__ import annotations

from newsprism.annotation import Annotation, Sentence, TimeExpression
from newsprism.compare.timeline import timeline


def _annotation(article_id: str, said: list[tuple[str, str, str | None]]) -> Annotation:
    """An article's annotation from (sentence, time expression, resolved date) triples."""
    sentences, times, start = [], [], 0
    for number, (text, expression, when) in enumerate(said):
        sentences.append(Sentence(text=text, start=start, end=start + len(text)))
        times.append(
            TimeExpression(text=expression, date=when, relative=when is None, sentence=number)
        )
        start += len(text) + 1
    return Annotation(
        article_id=article_id, sentences=sentences, actors=[], quotes=[], figures=[], times=times
    )


def _whens(entries) -> list[str]:
    return [entry.when for entry in entries]


def test_undated_weekdays_are_ordered_relative_to_each_other():
    article = _annotation(
        "a",
        [
            ("The port reopened on Sunday after the storm.", "Sunday", None),
            ("The storm hit the coast on Friday.", "Friday", None),
            ("Ferries are expected to resume on Tuesday.", "Tuesday", None),
        ],
    )
    entries = timeline(["a"], {"a": article})
    assert _whens(entries) == ["Friday", "Sunday", "Tuesday"]
    assert entries[0].text == "The storm hit the coast on Friday."
    assert all(entry.article_ids == ["a"] for entry in entries)


def test_a_weekday_named_by_two_articles_is_one_day_citing_both():
    first = _annotation(
        "a",
        [
            ("The storm hit the coast on Friday.", "Friday", None),
            ("The port reopened on Sunday.", "Sunday", None),
        ],
    )
    second = _annotation(
        "b",
        [
            ("Crews cleared the harbour on Saturday.", "Saturday", None),
            ("The port reopened late Sunday, officials said.", "late Sunday", None),
            ("The harbour master spoke this morning.", "this morning", None),
        ],
    )
    entries = timeline(["a", "b"], {"a": first, "b": second})
    assert _whens(entries)[:3] == ["Friday", "Saturday", "Sunday"]
    sunday = next(entry for entry in entries if entry.when == "Sunday")
    assert sunday.article_ids == ["a", "b"]
    # what is not a weekday stays with its article, placed from that article's day
    morning = next(entry for entry in entries if entry.when == "this morning")
    assert morning.article_ids == ["b"]
    assert _whens(entries).index("this morning") > _whens(entries).index("Sunday")


def test_ago_is_placed_before_the_days_of_the_week_and_dates_without_year_left_out():
    article = _annotation(
        "a",
        [
            ("The war began nearly seven months ago.", "nearly seven months ago", None),
            ("It started on October 7, officials said.", "October 7", None),
            ("Talks resumed on Monday.", "Monday", None),
        ],
    )
    assert _whens(timeline(["a"], {"a": article})) == ["nearly seven months ago", "Monday"]


def test_dated_articles_keep_the_calendar_timeline():
    dated = _annotation(
        "a",
        [
            ("The port reopened on Sunday.", "Sunday", "2024-05-05"),
            ("The storm hit on Friday.", "Friday", "2024-05-03"),
        ],
    )
    undated = _annotation("b", [("Ferries resumed on Monday.", "Monday", None)])
    entries = timeline(["a", "b"], {"a": dated, "b": undated})
    assert _whens(entries) == ["2024-05-03", "2024-05-05"]


def test_no_time_expressions_no_timeline():
    article = _annotation("a", [])
    assert timeline(["a"], {"a": article}) == []


def test_an_expression_two_articles_place_on_one_day_is_one_entry():
    said = [
        ("The storm hit on Friday.", "Friday", None),
        ("The port reopened on Sunday.", "Sunday", None),
        ("Repairs began three days ago.", "three days ago", None),
    ]
    annotations = {name: _annotation(name, said) for name in ("a", "b")}
    entries = timeline(["a", "b"], annotations)
    assert _whens(entries) == ["three days ago", "Friday", "Sunday"]
    assert all(entry.article_ids == ["a", "b"] for entry in entries)
