"""Which meeting a command means: the one about to happen (looking ahead) or the last that took place (looking back)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from integra_tui.domain.meetings import (
    chronological,
    current_meeting,
    has_taken_place,
    latest_held,
    left_running,
    over,
)
from integra_tui.domain.models import Meeting

AUTUMN = Meeting("Herbst", date(2026, 11, 27), time(17, 0), status="closed", id=1)
WINTER = Meeting("Winter", date(2027, 2, 26), time(17, 0), id=2)  # made by a deferral, three months ahead


def test_a_meeting_ahead_has_not_taken_place_whatever_its_facts() -> None:
    assert not has_taken_place(WINTER, date(2026, 11, 28), started=True, check_ins=3)


def test_a_meeting_took_place_when_it_was_started_or_someone_checked_in() -> None:
    planned = Meeting("Herbst", date(2026, 11, 27), id=1)
    day_after = date(2026, 11, 28)
    assert not has_taken_place(planned, day_after, started=False, check_ins=0)  # cancelled, never held
    assert has_taken_place(planned, day_after, started=True, check_ins=0)
    assert has_taken_place(planned, day_after, started=False, check_ins=1)
    assert has_taken_place(AUTUMN, day_after, started=False, check_ins=0)  # closed


def test_the_day_after_looking_back_finds_yesterday_and_looking_ahead_the_next() -> None:
    meetings = chronological([WINTER, AUTUMN])
    assert latest_held(meetings, {AUTUMN.id}).id == AUTUMN.id
    assert current_meeting(meetings, date(2026, 11, 28)).id == WINTER.id
    assert latest_held(meetings, set()) is None


def test_a_meeting_running_past_midnight_stays_current() -> None:
    late = Meeting("Lange Nacht", date(2026, 11, 27), time(20, 0), status="running", id=1)
    meetings = chronological([late, WINTER])
    assert current_meeting(meetings, date(2026, 11, 28)).id == late.id
    assert current_meeting(meetings, date(2026, 11, 29)).id == WINTER.id  # a day later it is forgotten running


def test_todays_running_meeting_comes_before_another_of_today() -> None:
    running = Meeting("Vormittag", date(2026, 11, 27), time(10, 0), status="running", id=1)
    later = Meeting("Abend", date(2026, 11, 27), time(18, 0), id=2)
    assert current_meeting(chronological([running, later]), date(2026, 11, 27)).id == running.id
    assert current_meeting(chronological([AUTUMN]), date(2027, 1, 1)).id == AUTUMN.id  # only past ones: the latest


def test_a_new_meeting_is_cleaned_and_needs_a_title_and_a_length() -> None:
    import pytest

    from integra_tui.domain.errors import DomainError
    from integra_tui.domain.meetings import new_meeting

    made = new_meeting(" Runder\x1b[1m Tisch ", date(2026, 11, 27), time(17, 0), place=" Rathaus\n", topic=" Arbeit ")
    assert (made.title, made.place, made.topic, made.planned_minutes, made.id) == (
        "Runder Tisch",
        "Rathaus",
        "Arbeit",
        120,
        0,
    )
    assert (made.date, made.start_time, made.status) == (date(2026, 11, 27), time(17, 0), "planned")
    for title, minutes, code in (("  ", 90, "meeting_title_missing"), ("A", 0, "planned_minutes_not_positive")):
        with pytest.raises(DomainError) as refused:
            new_meeting(title, date(2026, 11, 27), planned_minutes=minutes)
        assert refused.value.code == code


BERLIN = ZoneInfo("Europe/Berlin")


def test_a_meeting_nobody_ended_is_running_only_until_the_next_morning() -> None:
    left = Meeting("Herbst", date(2026, 12, 3), time(17, 0), status="running", id=1)
    assert not left_running(left, datetime(2026, 12, 3, 23, 30, tzinfo=BERLIN))
    assert not left_running(left, datetime(2026, 12, 4, 5, 59, tzinfo=BERLIN))  # still its night
    assert left_running(left, datetime(2026, 12, 4, 6, 0, tzinfo=BERLIN))
    assert left_running(left, datetime(2027, 3, 4, 10, 0, tzinfo=BERLIN))  # a quarter later
    assert not left_running(left, date(2026, 12, 4))  # a date alone: the night may still go on
    ended = Meeting("Herbst", date(2026, 12, 3), time(17, 0), status="closed", id=1)
    assert not left_running(ended, datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN))
    assert over(ended, datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN))
    assert not over(ended, datetime(2026, 12, 3, 10, 0, tzinfo=BERLIN))


def test_a_meeting_nobody_ended_does_not_block_todays_the_morning_after() -> None:
    left = Meeting("Herbst", date(2026, 12, 3), time(17, 0), status="running", id=1)
    today = Meeting("Sonder", date(2026, 12, 4), time(17, 0), id=2)
    meetings = chronological([left, today])
    assert current_meeting(meetings, datetime(2026, 12, 4, 0, 30, tzinfo=BERLIN)).id == left.id  # past midnight
    assert current_meeting(meetings, datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN)).id == today.id
    later = chronological([left, WINTER])
    assert current_meeting(later, datetime(2026, 12, 4, 10, 0, tzinfo=BERLIN)).id == WINTER.id


def test_a_meeting_nobody_ended_is_read_at_its_last_event_from_the_morning_after() -> None:
    from integra_tui.domain.meetings import read_at

    berlin = ZoneInfo("Europe/Berlin")
    running = Meeting(id=1, title="Runde", date=date(2026, 11, 27), status="running")
    last = datetime(2026, 11, 27, 19, 40, tzinfo=berlin)
    evening, night, morning = (
        datetime(2026, 11, 27, 21, 0, tzinfo=berlin),
        datetime(2026, 11, 28, 1, 0, tzinfo=berlin),
        datetime(2026, 11, 28, 10, 0, tzinfo=berlin),
    )
    assert read_at(running, evening, lambda: last) == evening  # it may still run
    assert read_at(running, night, lambda: last) == night  # past midnight too
    assert read_at(running, morning, lambda: last) == last  # the morning after: stopped at its last event
    assert read_at(running, morning, lambda: None) == morning  # nothing recorded: nothing to stop at
    closed = Meeting(id=2, title="Runde", date=date(2026, 11, 27), status="closed")
    assert read_at(closed, morning, lambda: last) == morning  # an ended meeting replays its own end
