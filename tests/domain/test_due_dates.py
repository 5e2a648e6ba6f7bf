"""Due dates typed in plain words become dates, and anything ambiguous comes back as a question."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from integra_tui import i18n
from integra_tui.domain.due_dates import DueDateResult, add_months, due_status, parse_due_date
from integra_tui.services.texts import due_question

TODAY = date(2026, 11, 18)  # a Wednesday in November
NEXT_MEETING = date(2027, 1, 20)


def due(text: str, today: date = TODAY, next_meeting: date | None = NEXT_MEETING) -> date | None:
    result = parse_due_date(text, today, next_meeting)
    assert not result.unclear, f"{text!r} was unclear: {due_question(result)}"
    return result.due


def unclear(text: str, today: date = TODAY, next_meeting: date | None = NEXT_MEETING) -> DueDateResult:
    result = parse_due_date(text, today, next_meeting)
    assert result.unclear, f"{text!r} was read as {result.due}"
    assert result.due is None
    assert due_question(result)
    return result


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # day and month: the next occurrence on or after today
        ("15.1.", date(2027, 1, 15)),
        ("15.1", date(2027, 1, 15)),
        ("18.11.", date(2026, 11, 18)),  # today itself
        ("17.11.", date(2027, 11, 17)),  # yesterday's date means next year
        ("24.12.", date(2026, 12, 24)),
        ("bis 15.1.", date(2027, 1, 15)),
        ("am 3.12.", date(2026, 12, 3)),
        # with a year
        ("15.01.2027", date(2027, 1, 15)),
        ("15.1.27", date(2027, 1, 15)),
        ("15. 1. 2027", date(2027, 1, 15)),
        ("2027-01-15", date(2027, 1, 15)),
        ("15. Januar", date(2027, 1, 15)),
        ("3. März 2027", date(2027, 3, 3)),
        ("January 15", date(2027, 1, 15)),
        # relative
        ("in 2 Wochen", date(2026, 12, 2)),
        ("in zwei Wochen", date(2026, 12, 2)),
        ("in einer Woche", date(2026, 11, 25)),
        ("in 3 Tagen", date(2026, 11, 21)),
        ("in 1 Tag", date(2026, 11, 19)),
        ("in einem Monat", date(2026, 12, 18)),
        ("in 2 Monaten", date(2027, 1, 18)),
        ("heute", TODAY),
        ("morgen", date(2026, 11, 19)),
        ("übermorgen", date(2026, 11, 20)),
        ("uebermorgen", date(2026, 11, 20)),
        ("Ende des Monats", date(2026, 11, 30)),
        ("Monatsende", date(2026, 11, 30)),
        ("bis Ende des Monats", date(2026, 11, 30)),
        ("Ende nächsten Monats", date(2026, 12, 31)),
        # weekdays: the next one after today
        ("Freitag", date(2026, 11, 20)),
        ("bis Freitag", date(2026, 11, 20)),
        ("Fr.", date(2026, 11, 20)),
        ("Mittwoch", date(2026, 11, 25)),  # today is Wednesday: next week's
        ("Montag", date(2026, 11, 23)),
        ("Freitag nächste Woche", date(2026, 11, 27)),
        # the next meeting
        ("nächstes Treffen", NEXT_MEETING),
        ("bis zum nächsten Treffen", NEXT_MEETING),
        ("zur nächsten Sitzung", NEXT_MEETING),
        # English
        ("in 2 weeks", date(2026, 12, 2)),
        ("in a month", date(2026, 12, 18)),
        ("in 3 days", date(2026, 11, 21)),
        ("tomorrow", date(2026, 11, 19)),
        ("day after tomorrow", date(2026, 11, 20)),
        ("next meeting", NEXT_MEETING),
        ("by the next meeting", NEXT_MEETING),
        ("friday", date(2026, 11, 20)),
        ("end of the month", date(2026, 11, 30)),
    ],
)
def test_phrases_become_dates(text: str, expected: date) -> None:
    assert due(text) == expected


@pytest.mark.parametrize("text", ["MORGEN", "  in   2   wochen ", "Bis Zum Nächsten Treffen", "morgen.", "IN 3 TAGEN!"])
def test_case_and_spaces_do_not_matter(text: str) -> None:
    assert due(text) is not None


def test_day_and_month_typed_in_november_means_next_january() -> None:
    assert due("15.1.", today=date(2026, 11, 3)) == date(2027, 1, 15)
    assert due("15.1.", today=date(2026, 1, 10)) == date(2026, 1, 15)


def test_a_month_from_the_31st_ends_on_the_last_day_of_the_shorter_month() -> None:
    assert due("in einem Monat", today=date(2027, 1, 31)) == date(2027, 2, 28)
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)


def test_month_end_on_the_last_day_is_today() -> None:
    assert due("Monatsende", today=date(2026, 11, 30)) == date(2026, 11, 30)


def test_empty_text_means_no_due_date_not_unclear() -> None:
    for text in ("", "   ", "\t"):
        result = parse_due_date(text, TODAY, NEXT_MEETING)
        assert result.due is None
        assert not result.unclear
        assert result.is_empty


# --- unclear, never guessed -------------------------------------------------------------------------


def test_slash_dates_with_day_and_month_both_possible_ask_which() -> None:
    result = unclear("1/2")
    assert set(result.candidates) == {date(2027, 2, 1), date(2027, 1, 2)}
    result = unclear("01/02/2027")
    assert set(result.candidates) == {date(2027, 2, 1), date(2027, 1, 2)}
    assert "01.02.2027" in due_question(result) and "02.01.2027" in due_question(result)


def test_slash_dates_with_only_one_reading_are_taken() -> None:
    assert due("1/15/2027") == date(2027, 1, 15)
    assert due("15/1/2027") == date(2027, 1, 15)
    assert due("3/3/2027") == date(2027, 3, 3)


def test_a_date_that_does_not_exist_is_unclear_without_candidates() -> None:
    for text in ("31.2.", "31.02.2027", "2027-02-30", "32.1.", "15.13."):
        result = unclear(text)
        assert result.candidates == ()
        assert "gibt es nicht" in due_question(result)


def test_29_february_is_found_in_a_leap_year_only() -> None:
    assert due("29.2.", today=date(2027, 3, 1)) == date(2028, 2, 29)
    unclear("29.2.", today=date(2026, 3, 1))


def test_a_date_in_the_past_is_questioned() -> None:
    result = unclear("15.01.2026")
    assert result.candidates == (date(2026, 1, 15),)
    assert "Vergangenheit" in due_question(result)


def test_next_meeting_without_a_known_date_is_unclear() -> None:
    result = unclear("bis zum nächsten Treffen", next_meeting=None)
    assert result.candidates == ()
    assert "nächsten Treffens" in due_question(result)
    unclear("next meeting", next_meeting=None)


def test_next_week_is_unclear_with_monday_and_friday_offered() -> None:
    result = unclear("nächste Woche")
    assert result.candidates == (date(2026, 11, 23), date(2026, 11, 27))
    assert unclear("next week").candidates == result.candidates


def test_next_weekday_is_unclear_between_the_coming_one_and_the_one_after() -> None:
    result = unclear("nächsten Freitag")
    assert result.candidates == (date(2026, 11, 20), date(2026, 11, 27))
    assert unclear("next friday").candidates == result.candidates


def test_unknown_text_is_unclear_with_a_hint() -> None:
    for text in ("irgendwann", "bald", "15.", "in ein paar Tagen", "asap"):
        result = unclear(text)
        assert result.candidates == ()
        assert "nicht verstanden" in due_question(result)


def test_questions_are_translated() -> None:
    i18n.set_language("en")
    try:
        result = unclear("31.2.")
        assert "does not exist" in due_question(result)
    finally:
        i18n.set_language("de")


def test_due_status_colours() -> None:
    assert due_status(date(2026, 11, 19), TODAY) == "later"
    assert due_status(TODAY, TODAY) == "today"
    assert due_status(date(2026, 11, 17), TODAY) == "overdue"


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 31), st.integers(1, 12))
def test_day_and_month_is_never_before_today_and_within_a_year(today: date, day: int, month: int) -> None:
    result = parse_due_date(f"{day}.{month}.", today, None)
    if result.unclear:
        assert day > 28 and result.candidates == ()
        return
    assert result.due is not None
    assert (result.due.day, result.due.month) == (day, month)
    assert today <= result.due <= today + timedelta(days=366 * 2)
    if not (day == 29 and month == 2):
        assert result.due < today + timedelta(days=366)


@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 6))
def test_weekday_names_land_on_that_weekday_within_a_week(today: date, weekday: int) -> None:
    name = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"][weekday]
    found = due(name, today=today, next_meeting=None)
    assert found is not None
    assert found.weekday() == weekday
    assert today < found <= today + timedelta(days=7)


# -- parts of a month, Christmas, the summer holidays -----------------------------------------

DECEMBER_FIRST = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ende Januar", date(2027, 1, 29)),  # the 31st is a Sunday: the Friday before
        ("bis Ende Februar", date(2027, 2, 26)),  # the 28th is a Sunday
        ("Mitte Februar", date(2027, 2, 15)),
        ("Anfang März", date(2027, 3, 1)),
        ("anfang maerz", date(2027, 3, 1)),
        ("Ende Jan. 2027", date(2027, 1, 29)),
        ("Ende Dezember", date(2026, 12, 31)),  # this month, still ahead
        ("Mitte Dezember", date(2026, 12, 15)),
        ("Jahresende", date(2026, 12, 31)),
        ("end of January", date(2027, 1, 29)),
        ("mid February", date(2027, 2, 15)),
        ("vor Weihnachten", date(2026, 12, 23)),  # a Wednesday
    ],
)
def test_parts_of_a_month_and_christmas(text: str, expected: date) -> None:
    assert due(text, DECEMBER_FIRST) == expected


def test_before_christmas_is_the_last_working_day_before_christmas_eve() -> None:
    assert due("vor Weihnachten", date(2028, 12, 1)) == date(2028, 12, 22)  # 23.12.2028 is a Saturday
    assert due("vor Weihnachten", date(2026, 12, 27)) == date(2027, 12, 23)  # after Christmas: next year's


def test_a_part_of_this_month_already_past_is_asked_about() -> None:
    result = unclear("Mitte Dezember", date(2026, 12, 20))
    assert result.code == "in_past" and result.candidates == (date(2026, 12, 15),)


def test_after_the_summer_holidays_asks_for_a_date() -> None:
    result = unclear("nach den Sommerferien", DECEMBER_FIRST)
    assert result.code == "holidays_unknown" and not result.candidates
    assert "Bundesland" in due_question(result)


def test_the_hint_under_the_field_shows_the_date_understood() -> None:
    from integra_tui.services.texts import due_hint

    assert due_hint(parse_due_date("15.12.", DECEMBER_FIRST)) == "→ Di, 15.12.2026"
    assert due_hint(parse_due_date("Ende Januar", DECEMBER_FIRST)) == "→ Fr, 29.01.2027, letzter Werktag im Januar"
    assert due_hint(parse_due_date("Mitte Februar", DECEMBER_FIRST)) == "→ Mo, 15.02.2027, Mitte Februar"
    assert due_hint(parse_due_date("Anfang Januar", DECEMBER_FIRST)) == "→ Mo, 04.01.2027, erster Werktag im Januar"
    assert due_hint(parse_due_date("vor Weihnachten", DECEMBER_FIRST)) == (
        "→ Mi, 23.12.2026, letzter Werktag vor Heiligabend"
    )
    assert due_hint(parse_due_date("", DECEMBER_FIRST)) == ""
    assert due_hint(parse_due_date("nächsten Freitag", DECEMBER_FIRST)).startswith("Ist der 04.12.2026 oder")
    i18n.set_language("en")
    try:
        assert due_hint(parse_due_date("15.12.", DECEMBER_FIRST)) == "→ Tue, 15 Dec 2026"
        assert due_hint(parse_due_date("end of January", DECEMBER_FIRST)) == (
            "→ Fri, 29 Jan 2027, last working day of January"
        )
    finally:
        i18n.set_language("de")


def test_beginning_and_end_of_a_month_skip_weekends_and_the_fixed_holidays() -> None:
    assert due("Anfang Januar", DECEMBER_FIRST) == date(2027, 1, 4)  # 1.1. Neujahr (Friday), then a weekend
    assert due("Anfang Mai", DECEMBER_FIRST) == date(2027, 5, 3)  # 1.5.2027 is a Saturday (and a holiday)
    assert due("Anfang Oktober", DECEMBER_FIRST) == date(2027, 10, 1)  # a Friday
    assert due("Ende Dezember", date(2027, 12, 1)) == date(2027, 12, 31)  # a Friday; 25./26. are holidays
    assert due("Ende Oktober", DECEMBER_FIRST) == date(2027, 10, 29)  # the 31st is a Sunday
    assert due("Mitte Mai", DECEMBER_FIRST) == date(2027, 5, 15)  # the 15th, as said, even on a Saturday


def test_a_month_past_this_year_means_next_year_across_the_year_end() -> None:
    new_years_eve = date(2026, 12, 31)
    assert due("Ende Januar", new_years_eve) == date(2027, 1, 29)
    assert due("Ende November", new_years_eve) == date(2027, 11, 30)
    assert due("Ende Dezember", new_years_eve) == date(2026, 12, 31)  # still today
    assert due("Monatsende", new_years_eve) == date(2026, 12, 31)
    assert due("Ende nächsten Monats", new_years_eve) == date(2027, 1, 29)
    assert due("vor Weihnachten", new_years_eve) == date(2027, 12, 23)
    assert unclear("Mitte Dezember", new_years_eve).candidates == (date(2026, 12, 15),)
    assert due("Anfang Januar", date(2027, 1, 2)) == date(2027, 1, 4)  # a Saturday: the first working day is ahead
    # Typed on Saturday 30 January, after the month's last working day: asked, not moved a year on.
    assert unclear("Ende Januar", date(2027, 1, 30)).candidates == (date(2027, 1, 29),)


def test_month_end_after_its_last_working_day_is_today() -> None:
    assert due("Ende des Monats", date(2027, 1, 30)) == date(2027, 1, 30)  # a Saturday after Friday the 29th


def test_the_day_is_the_meeting_zones_date_across_the_change_of_summer_time() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from integra_tui.domain.clock import FakeClock

    berlin = ZoneInfo("Europe/Berlin")
    clock = FakeClock(datetime(2027, 3, 28, 1, 59, tzinfo=berlin))  # a minute before the clocks go forward
    assert parse_due_date("Ende März", clock.now().date()).due == date(2027, 3, 31)
    clock.advance(minutes=1)
    assert clock.now().astimezone(berlin).hour == 3
    assert parse_due_date("morgen", clock.now().astimezone(berlin).date()).due == date(2027, 3, 29)
    # Shortly after midnight in Berlin it is still the day before in UTC: the local date counts.
    # The night the clocks go back: 00:30 in Berlin is still 24 October in UTC; the local date counts.
    night = FakeClock(datetime(2026, 10, 25, 0, 30, tzinfo=berlin))
    assert night.now().astimezone(ZoneInfo("UTC")).day == 24
    assert parse_due_date("Anfang November", night.now().date()).due == date(2026, 11, 2)  # 1.11. is a Sunday
    assert parse_due_date("Ende Oktober", night.now().date()).due == date(2026, 10, 30)  # the 31st is a Saturday
    night.advance(minutes=180)  # through the repeated hour
    assert parse_due_date("Ende Oktober", night.now().date()).due == date(2026, 10, 30)
