"""A meeting nobody ended (the moderator closed the app while an item ran), seen on the days after."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from integra_tui.domain.agenda import DONE, PENDING
from integra_tui.domain.clock import FakeClock
from integra_tui.services import meetings
from integra_tui.services import moderation as mod
from integra_tui.services.context import Context

BERLIN = ZoneInfo("Europe/Berlin")


def _left_running(ctx: Context, clock: FakeClock, meeting_id: int) -> datetime:
    """The first two items run, a speaker speaks on the second; then the app is closed: returns the last event."""
    mod.next_item(ctx, meeting_id)
    clock.advance(minutes=12)
    mod.next_item(ctx, meeting_id)
    item = mod.agenda_state(ctx, meeting_id).current_item_id
    assert item is not None
    clock.advance(minutes=3)
    mod.add_speaker(ctx, meeting_id, item, "Gisela Hartmann")
    mod.next_speaker(ctx, meeting_id, item)
    return clock.now()


def test_the_morning_after_it_is_ended_at_its_last_recorded_event(ctx, clock, meeting) -> None:
    last = _left_running(ctx, clock, meeting.id)
    clock.advance(minutes=30)
    assert mod.end_left_running(ctx, meeting.id) is None  # the same evening: it still runs
    clock.set(datetime(2026, 11, 28, 5, 30, tzinfo=BERLIN))
    assert mod.end_left_running(ctx, meeting.id) is None  # past midnight, the night is not over
    assert meetings.current_meeting(ctx).id == meeting.id
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN))
    assert mod.end_left_running(ctx, meeting.id) == last
    state = mod.agenda_state(ctx, meeting.id)
    assert state.meeting_ended_at == last
    assert [s.status for s in state.items[:2]] == [DONE, DONE]
    assert state.items[1].elapsed_seconds == 3 * 60  # it ran until the last event, not all night
    assert all(s.status == PENDING for s in state.items[2:])
    assert meetings.get_meeting(ctx, meeting.id).status == "closed"
    item = state.items[1].id
    assert mod.speakers_state(ctx, meeting.id, item).current is None  # the speaker finished then too
    assert mod.end_left_running(ctx, meeting.id) is None  # once


def test_a_meeting_never_started_or_ended_is_left_alone(ctx, clock, meeting) -> None:
    clock.set(datetime(2026, 11, 30, 10, 0, tzinfo=BERLIN))
    assert mod.end_left_running(ctx, meeting.id) is None
    assert meetings.get_meeting(ctx, meeting.id).status == "planned"


def test_until_the_moderator_opens_it_every_reader_stops_it_at_its_last_event(ctx, clock, meeting) -> None:
    """The coordinator exports the minutes the morning after, before anyone opened the moderator again."""
    from integra_tui.services import exports

    _left_running(ctx, clock, meeting.id)
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN))
    state = mod.agenda_state(ctx, meeting.id)
    assert state.items[1].elapsed_seconds == 3 * 60  # not 3 minutes and all night
    view = mod.load_view(ctx, meeting.id)
    assert view.agenda(clock.now()).items[1].elapsed_seconds == 3 * 60  # the display and the moderator's ticks
    minutes = exports.minutes_doc(ctx, meeting.id)
    assert [item.actual_seconds for item in minutes.items[:2]] == [12 * 60, 3 * 60]
    assert [item.status for item in minutes.items[:2]] == ["done", "done"]  # not "läuft" the morning after
    assert minutes.ended_at is not None and minutes.ended_at.astimezone(BERLIN).date() == date(2026, 11, 27)
    assert meetings.get_meeting(ctx, meeting.id).status == "running"  # nothing was written: reading ends nothing


def test_the_same_evening_a_meeting_left_open_still_runs(ctx, clock, meeting) -> None:
    _left_running(ctx, clock, meeting.id)
    clock.advance(minutes=30)
    assert mod.agenda_state(ctx, meeting.id).items[1].elapsed_seconds == 33 * 60  # it may still be running


def test_a_capture_made_after_the_last_speaker_counts_as_recorded_then(ctx, clock, meeting) -> None:
    """The moderator noted an action item five minutes after the last speaker, then closed the app."""
    from integra_tui.services import exports

    _left_running(ctx, clock, meeting.id)
    clock.advance(minutes=5)
    noted = mod.add_capture(ctx, meeting.id, "action", "Raum buchen", owner="Georg Lehmann")
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN))
    assert [item.actual_seconds for item in exports.minutes_doc(ctx, meeting.id).items[:2]] == [12 * 60, 8 * 60]
    assert mod.end_left_running(ctx, meeting.id) == datetime.fromisoformat(noted.created_at)
