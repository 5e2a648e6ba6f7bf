"""Needs and votes as rules: matching by topic, the quarter counts for the funder, shows of hands typed in few keys."""

from __future__ import annotations

from datetime import date

import pytest

from integra_tui.domain.errors import DomainError
from integra_tui.domain.needs import (
    DEFAULT_TOPICS,
    NeedFacts,
    check_match,
    is_open_need,
    quarter_counts,
    quarter_of,
    quarters_between,
)
from integra_tui.domain.votes import ShowOfHands, parse_hands, parse_show_of_hands


def test_the_default_topics_are_the_issues() -> None:
    assert DEFAULT_TOPICS == (
        "Sprache",
        "Arbeit",
        "Wohnen",
        "Behörden",
        "Kinderbetreuung",
        "Freizeit",
        "Gesundheit",
        "Mobilität",
        "Sonstiges",
    )


def test_open_and_in_progress_needs_are_followed() -> None:
    assert is_open_need("open") and is_open_need("in_progress") and is_open_need("")
    assert not is_open_need("met") and not is_open_need("not_possible")


def test_only_needs_and_offers_of_one_topic_match() -> None:
    check_match("Wohnen", "wohnen")
    for need, offer, code in (("", "Wohnen", "need_without_topic"), ("Wohnen", "", "offer_without_topic")):
        with pytest.raises(DomainError) as refused:
            check_match(need, offer)
        assert refused.value.code == code
    with pytest.raises(DomainError) as refused:
        check_match("Wohnen", "Arbeit")
    assert refused.value.code == "topics_differ" and refused.value.params == {"need": "Wohnen", "offer": "Arbeit"}


def test_quarters() -> None:
    assert quarter_of(date(2026, 9, 30)) == (2026, 3) and quarter_of(date(2026, 10, 1)) == (2026, 4)
    assert quarters_between(date(2026, 8, 1), date(2027, 2, 1)) == [(2026, 3), (2026, 4), (2027, 1)]


def test_quarter_counts_say_what_happened_in_each_quarter() -> None:
    needs = [
        # raised in Q3, in progress in Q3, met in Q4
        NeedFacts(date(2026, 8, 27), "Wohnen", ((date(2026, 9, 1), "in_progress"), (date(2026, 11, 2), "met"))),
        # raised in Q3, never touched
        NeedFacts(date(2026, 8, 27), "Wohnen"),
        # raised in Q4, not possible in Q4
        NeedFacts(date(2026, 11, 27), "Arbeit", ((date(2026, 12, 1), "not_possible"),)),
        # no topic: counts as Sonstiges
        NeedFacts(date(2026, 11, 27), ""),
    ]
    rows = quarter_counts(needs, [(2026, 3), (2026, 4)], DEFAULT_TOPICS)
    table = {(r.quarter, r.topic): (r.raised, r.in_progress, r.met, r.not_possible, r.open) for r in rows}
    assert table == {
        (3, "Wohnen"): (2, 1, 0, 0, 1),
        (4, "Arbeit"): (1, 0, 0, 1, 0),
        (4, "Wohnen"): (0, 0, 1, 0, 1),
        (4, "Sonstiges"): (1, 0, 0, 0, 1),
    }
    assert [(r.quarter, r.topic) for r in rows] == [(3, "Wohnen"), (4, "Arbeit"), (4, "Wohnen"), (4, "Sonstiges")]


@pytest.mark.parametrize(
    ("typed", "counts"),
    [("12 2 1", (12, 2, 1)), ("12/2/1", (12, 2, 1)), ("12-2-1", (12, 2, 1)), ("12,3", (12, 3, 0)), (" 7 ", (7, 0, 0))],
)
def test_a_show_of_hands_in_a_few_keys(typed: str, counts: tuple[int, int, int]) -> None:
    shown = parse_show_of_hands(typed)
    assert (shown.yes, shown.no, shown.abstain) == counts
    assert ShowOfHands.from_doc(shown.to_doc()) == shown and shown.total == sum(counts)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("", "hands_not_understood"),
        ("ja zwölf", "hands_not_understood"),
        ("1 2 3 4", "hands_not_understood"),
        ("-1 2", "hands_negative"),
        ("100000", "hands_too_many"),
    ],
)
def test_a_show_of_hands_that_is_not_one_is_refused(typed: str, code: str) -> None:
    with pytest.raises(DomainError) as refused:
        parse_show_of_hands(typed)
    assert refused.value.code == code


def test_hands_for_a_topic_wish() -> None:
    assert parse_hands("14") == 14 and parse_hands(0) == 0
    for typed in ("viele", "-3", "1.5"):
        with pytest.raises(DomainError):
            parse_hands(typed)
    assert ShowOfHands.from_doc(None) is None


def test_the_quarter_report_runs_from_the_first_need_to_today_unless_told() -> None:
    from integra_tui.domain.needs import quarter_report

    needs = [NeedFacts(date(2026, 5, 4), "Arbeit"), NeedFacts(date(2026, 8, 1), "Arbeit")]
    today = date(2026, 12, 1)
    assert [(c.year, c.quarter) for c in quarter_report(needs, DEFAULT_TOPICS, None, None, today)] == [
        (2026, 2),
        (2026, 3),
        (2026, 4),
    ]
    assert [(c.quarter, c.raised) for c in quarter_report(needs, DEFAULT_TOPICS, date(2026, 7, 1), None, today)] == [
        (3, 1),
        (4, 0),
    ]
    assert [c.quarter for c in quarter_report(needs, DEFAULT_TOPICS, None, date(2026, 6, 30), today)] == [2]
    assert quarter_report(needs, DEFAULT_TOPICS, date(2027, 1, 1), date(2026, 12, 1), today) == []
    assert quarter_report([], DEFAULT_TOPICS, None, None, today) == []


def test_volunteer_marks_count_in_the_quarter_they_were_made() -> None:
    from integra_tui.domain.needs import marks_per_quarter

    marked = [(date(2026, 12, 1), True), (date(2026, 3, 31), False), (date(2026, 11, 2), False)]
    assert marks_per_quarter(marked) == {(2026, 1): (1, 0), (2026, 4): (2, 1)}
    assert list(marks_per_quarter(marked)) == [(2026, 1), (2026, 4)]  # in order
    assert marks_per_quarter(marked, date_from=date(2026, 4, 1), date_to=date(2026, 11, 30)) == {(2026, 4): (1, 0)}
