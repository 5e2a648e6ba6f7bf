"""The agenda against the clock: what the moderator sees after each command, replayed from events only."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from integra_tui import i18n
from integra_tui.domain import agenda
from integra_tui.domain.agenda import (
    AgendaError,
    AgendaItem,
    AgendaState,
    OverrunChoice,
    TimerEvent,
    WarningRule,
    compute_state,
    format_countdown,
    format_duration,
)
from integra_tui.domain.clock import FakeClock
from integra_tui.services.texts import refusal


@contextmanager
def refused(kind: type[Exception], match: str) -> Iterator[None]:
    """The command is refused, and what the moderator is told matches ``match`` (worded by services.texts)."""
    with pytest.raises(kind) as caught:
        yield
    assert re.search(match, refusal(caught.value)), refusal(caught.value)


BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 27, 14, 0, tzinfo=BERLIN)

# 10 + 30 + 15 + 40 + 15 = 110 planned minutes in a 120-minute meeting: 10 minutes of buffer.
ITEMS = (
    AgendaItem(1, "Begrüßung", 10, position=1),
    AgendaItem(2, "Bericht aus der Kommune", 30, presenter="Frau Yılmaz", kind="talk", position=2),
    AgendaItem(3, "Kaffeepause", 15, kind="break", position=3),
    AgendaItem(4, "Sprachkurse", 40, position=4),
    AgendaItem(5, "Offene Punkte", 15, kind="open_items", position=5),
)


DEFAULT_WARNING = WarningRule()
"""The warning rule a meeting has unless a test sets one."""


class Table:
    """A meeting under test: a fake clock, the stored events, and the commands the moderator issues."""

    def __init__(self, items=ITEMS, start=T0, minutes=120, warning=DEFAULT_WARNING) -> None:
        self.items = items
        self.clock = FakeClock(start)
        self.events: list[TimerEvent] = []
        self.planned_start = start
        self.minutes = minutes
        self.warning = warning

    def state(self) -> AgendaState:
        return compute_state(self.items, self.events, self.clock.now(), self.planned_start, self.minutes, self.warning)

    def do(self, command, *args, **kwargs) -> AgendaState:
        new = command(self.state(), self.clock.now(), *args, **kwargs)
        self.events.extend(new)
        return self.state()

    def wait(self, minutes: float = 0, seconds: float = 0) -> AgendaState:
        self.clock.advance(seconds=seconds, minutes=minutes)
        return self.state()


@pytest.fixture()
def table() -> Table:
    return Table()


# --- start, pause, resume ---------------------------------------------------------------------------


def test_before_the_meeting_everything_is_pending(table: Table) -> None:
    state = table.state()
    assert not state.meeting_running
    assert state.current is None
    assert [s.status for s in state.items] == ["pending"] * 5
    assert state.buffer_minutes_left == 10
    assert state.projected_end == T0 + timedelta(minutes=110)
    assert not state.projected_end_late


def test_starting_an_item_starts_the_meeting_and_counts_down(table: Table) -> None:
    table.do(agenda.start_item, 1)
    state = table.wait(minutes=3, seconds=5)
    assert state.meeting_running
    assert state.meeting_started_at == T0
    assert state.current_item_id == 1
    current = state.current
    assert current is not None and current.status == "running"
    assert current.elapsed_seconds == 185
    assert current.remaining_seconds == 600 - 185
    assert format_countdown(current.remaining_seconds) == "06:55"
    assert current.started_at == T0


def test_start_meeting_alone_starts_no_item(table: Table) -> None:
    state = table.do(agenda.start_meeting)
    assert state.meeting_running
    assert state.current is None
    with pytest.raises(AgendaError):
        table.do(agenda.start_meeting)


def test_pause_stops_the_clock_and_resume_continues(table: Table) -> None:
    table.do(agenda.start_item, 2)
    table.wait(minutes=5)
    state = table.do(agenda.pause)
    assert state.current.status == "paused"
    state = table.wait(minutes=7)
    assert state.current.elapsed_seconds == 300
    assert state.current.running_since is None
    table.do(agenda.resume)
    state = table.wait(minutes=1)
    assert state.current.status == "running"
    assert state.current.elapsed_seconds == 360


def test_starting_another_item_finishes_the_current_one(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=4)
    state = table.do(agenda.start_item, 4)
    assert state.item(1).status == "done"
    assert state.item(1).ended_at == T0 + timedelta(minutes=4)
    assert state.current_item_id == 4


def test_start_item_on_the_paused_current_item_resumes_it(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.do(agenda.pause)
    state = table.do(agenda.start_item, 1)
    assert state.current.status == "running"


def test_next_item_finishes_and_starts_the_following_pending_one(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=9)
    state = table.do(agenda.next_item)
    assert state.item(1).status == "done"
    assert state.item(1).elapsed_seconds == 540
    assert state.current_item_id == 2
    assert state.item(2).started_at == T0 + timedelta(minutes=9)


def test_next_item_before_the_meeting_starts_the_first_item(table: Table) -> None:
    state = table.do(agenda.next_item)
    assert state.meeting_running
    assert state.current_item_id == 1


def test_next_item_skips_items_already_dealt_with(table: Table) -> None:
    table.do(agenda.skip, 2)
    table.do(agenda.start_item, 1)
    state = table.do(agenda.next_item)
    assert state.current_item_id == 3


def test_next_on_the_last_item_leaves_no_current_item_then_refuses(table: Table) -> None:
    table.do(agenda.start_item, 5)
    state = table.do(agenda.next_item)
    assert state.item(5).status == "done"
    assert state.current_item_id == 1  # the first item still pending comes next
    for _step in range(4):
        state = table.do(agenda.next_item)
    assert state.current is None
    assert all(s.status == "done" for s in state.items)
    with pytest.raises(AgendaError):
        table.do(agenda.next_item)


def test_previous_item_reopens_the_item_just_finished(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=6)
    table.do(agenda.next_item)
    table.wait(seconds=20)
    state = table.do(agenda.previous_item)
    assert state.current_item_id == 1
    assert state.item(1).status == "running"
    assert state.item(1).ended_at is None
    assert state.item(2).status == "pending"
    assert state.item(2).elapsed_seconds == 20  # the 20 seconds really happened
    state = table.wait(minutes=1)
    assert state.item(1).elapsed_seconds == 420
    assert state.item(2).elapsed_seconds == 20


def test_previous_item_twice_goes_back_further(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.do(agenda.next_item)
    table.do(agenda.next_item)
    table.do(agenda.previous_item)
    state = table.do(agenda.previous_item)
    assert state.current_item_id == 1
    assert [state.item(i).status for i in (1, 2, 3)] == ["running", "pending", "pending"]


def test_end_meeting_finishes_the_current_item_and_freezes_the_clock(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=8)
    state = table.do(agenda.end_meeting)
    assert not state.meeting_running
    assert state.item(1).status == "done"
    later = table.wait(minutes=30)
    assert later.item(1).elapsed_seconds == 480
    assert later.projected_end == T0 + timedelta(minutes=8)
    with pytest.raises(AgendaError):
        table.do(agenda.start_item, 2)


# --- extend ------------------------------------------------------------------------------------------


def test_extend_plainly_lengthens_the_item_and_leaves_the_buffer(table: Table) -> None:
    table.do(agenda.start_item, 2)
    state = table.do(agenda.extend, 5, "extend")
    assert state.current.planned_seconds == 35 * 60
    assert state.buffer_minutes_left == 10
    assert state.choices == (OverrunChoice(2, "extend", 5, None, T0),)


def test_extend_from_the_buffer_uses_it_up(table: Table) -> None:
    table.do(agenda.start_item, 2)
    state = table.do(agenda.extend, 4, "buffer")
    assert state.current.planned_minutes == 34
    assert state.buffer_minutes_left == 6
    state = table.do(agenda.extend, 6, "buffer")
    assert state.buffer_minutes_left == 0
    with refused(AgendaError, "Puffer reicht nicht"):
        table.do(agenda.extend, 1, "buffer")


def test_buffer_refusal_says_how_much_is_left(table: Table) -> None:
    table.do(agenda.start_item, 2)
    with pytest.raises(AgendaError) as caught:
        table.do(agenda.extend, 11, "buffer")
    assert "10 Minuten" in refusal(caught.value)


def test_extend_taking_from_a_later_item_moves_the_minutes(table: Table) -> None:
    table.do(agenda.start_item, 2)
    before = table.state().projected_end
    state = table.do(agenda.extend, 10, "take_from", from_item_id=4)
    assert state.current.planned_minutes == 40
    assert state.item(4).planned_minutes == 30
    assert state.buffer_minutes_left == 10
    assert state.projected_end == before  # the plan as a whole is unchanged
    assert state.choices[-1] == OverrunChoice(2, "take_from", 10, 4, T0)


def test_taking_more_than_a_later_item_has_is_refused(table: Table) -> None:
    table.do(agenda.start_item, 2)
    table.do(agenda.extend, 10, "take_from", from_item_id=5)
    assert table.state().item(5).planned_minutes == 5
    with refused(AgendaError, "nur 5 Minuten"):
        table.do(agenda.extend, 6, "take_from", from_item_id=5)
    state = table.do(agenda.extend, 5, "take_from", from_item_id=5)
    assert state.item(5).planned_seconds == 0


def test_taking_time_from_a_finished_or_the_current_item_is_refused(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.do(agenda.next_item)
    with pytest.raises(AgendaError):
        table.do(agenda.extend, 2, "take_from", from_item_id=1)
    with pytest.raises(AgendaError):
        table.do(agenda.extend, 2, "take_from", from_item_id=2)
    with pytest.raises(AgendaError):
        table.do(agenda.extend, 2, "take_from")
    with pytest.raises(AgendaError):
        table.do(agenda.extend, 2, "take_from", from_item_id=99)


def test_extend_refuses_nonsense(table: Table) -> None:
    with refused(AgendaError, "kein Tagesordnungspunkt"):
        table.do(agenda.extend, 5, "extend")
    table.do(agenda.start_item, 1)
    with pytest.raises(AgendaError):
        table.do(agenda.extend, 0, "extend")
    with pytest.raises(AgendaError):
        table.do(agenda.extend, -3, "extend")
    with pytest.raises(AgendaError):
        table.do(agenda.extend, 5, "borrow")
    assert table.events[-1].kind == "item_start"  # nothing was stored for the refusals


def test_extension_turns_an_overrun_back_to_normal(table: Table) -> None:
    table.do(agenda.start_item, 1)
    state = table.wait(minutes=11)
    assert state.current.phase == "overrun"
    state = table.do(agenda.extend, 5, "buffer")
    assert state.current.phase == "normal"
    assert format_countdown(state.current.remaining_seconds) == "04:00"


def test_choices_for_the_minutes_come_from_the_event_list(table: Table) -> None:
    table.do(agenda.start_item, 2)
    table.do(agenda.extend, 3, "buffer")
    table.wait(minutes=1)
    table.do(agenda.extend, 5, "take_from", from_item_id=4)
    table.do(agenda.extend, 2, "extend")
    expected = [
        (2, "buffer", 3, None),
        (2, "take_from", 5, 4),
        (2, "extend", 2, None),
    ]
    listed = [(c.item_id, c.choice, c.minutes, c.from_item_id) for c in agenda.overrun_choices(table.events)]
    assert listed == expected
    state = table.state()
    assert [(c.item_id, c.choice, c.minutes, c.from_item_id) for c in state.item(2).choices] == expected
    assert state.item(4).choices == ()


# --- skip, defer -------------------------------------------------------------------------------------


def test_skip_the_current_item_moves_on(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=2)
    state = table.do(agenda.skip)
    assert state.item(1).status == "skipped"
    assert state.item(1).elapsed_seconds == 120
    assert state.current_item_id == 2


def test_skip_a_pending_item_ahead_of_time(table: Table) -> None:
    table.do(agenda.start_item, 1)
    state = table.do(agenda.skip, 3)
    assert state.item(3).status == "skipped"
    assert state.current_item_id == 1
    state = table.do(agenda.next_item)
    assert state.current_item_id == 2
    state = table.do(agenda.next_item)
    assert state.current_item_id == 4


def test_defer_moves_an_item_to_the_next_meeting(table: Table) -> None:
    table.do(agenda.start_item, 4)
    table.wait(minutes=5)
    state = table.do(agenda.defer)
    assert state.item(4).status == "deferred"
    assert state.current_item_id == 5
    state = table.do(agenda.defer, 2)
    assert state.item(2).status == "deferred"
    assert [i.id for i in agenda.carry_over_items(state)] == [2, 4]


def test_after_the_meeting_untouched_items_are_carried_over_too(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.do(agenda.defer, 3)
    state = table.do(agenda.end_meeting)
    assert [i.id for i in agenda.carry_over_items(state)] == [2, 3, 4, 5]


def test_skip_and_defer_refuse_finished_items(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.do(agenda.next_item)
    with refused(AgendaError, "schon abgeschlossen"):
        table.do(agenda.skip, 1)
    table.do(agenda.defer, 3)
    with pytest.raises(AgendaError):
        table.do(agenda.defer, 3)


def test_skipped_items_free_their_time_in_the_projection(table: Table) -> None:
    table.do(agenda.start_item, 1)
    before = table.state().projected_end
    state = table.do(agenda.skip, 3)
    assert state.projected_end == before - timedelta(minutes=15)


# --- warning and overrun -----------------------------------------------------------------------------


def test_warning_uses_the_larger_threshold_of_minutes_and_percent(table: Table) -> None:
    # 40-minute item: 20 % is 8 minutes, larger than 2 minutes, so the warning starts 8 minutes before.
    table.do(agenda.start_item, 4)
    assert table.wait(minutes=31).current.phase == "normal"
    assert table.wait(minutes=1).current.phase == "warning"
    assert table.state().current.remaining_seconds == 8 * 60


def test_warning_for_a_short_item_uses_the_fixed_minutes(table: Table) -> None:
    # 10-minute item: 20 % is 2 minutes; 5-minute rule wins when configured.
    busy = Table(warning=WarningRule(minutes=5, percent=20))
    busy.do(agenda.start_item, 1)
    assert busy.wait(minutes=4, seconds=59).current.phase == "normal"
    assert busy.wait(seconds=1).current.phase == "warning"


def test_overrun_counts_up_with_a_plus(table: Table) -> None:
    table.do(agenda.start_item, 1)
    state = table.wait(minutes=10)
    assert state.current.phase == "warning"
    assert format_countdown(state.current.remaining_seconds) == "00:00"
    state = table.wait(minutes=3, seconds=12)
    assert state.current.phase == "overrun"
    assert state.current.remaining_seconds == -192
    assert format_countdown(state.current.remaining_seconds) == "+03:12"


def test_an_overrun_item_stays_marked_after_it_is_done(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=12)
    state = table.do(agenda.next_item)
    assert state.item(1).phase == "overrun"
    assert state.item(2).phase == "normal"


def test_pending_items_are_never_in_warning() -> None:
    tiny = Table(items=(AgendaItem(1, "Kurz", 1, position=1), AgendaItem(2, "Auch kurz", 1, position=2)))
    tiny.do(agenda.start_item, 1)
    assert tiny.state().item(2).phase == "normal"


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (725, "12:05"),
        (0, "00:00"),
        (59.2, "01:00"),  # a countdown never shows 00:00 while time is left
        (-0.5, "+00:00"),
        (-192, "+03:12"),
        (3723, "1:02:03"),
        (-3723, "+1:02:03"),
    ],
)
def test_format_countdown(seconds: float, shown: str) -> None:
    assert format_countdown(seconds) == shown


def test_format_duration_counts_down_to_whole_seconds() -> None:
    assert format_duration(192.9) == "03:12"
    assert format_duration(3723) == "1:02:03"


# --- projected end, planned vs actual, runtime offset ------------------------------------------------


def test_projected_end_follows_the_current_item(table: Table) -> None:
    table.do(agenda.start_item, 1)
    state = table.wait(minutes=4)
    # 6 minutes left of item 1, then 100 planned minutes: 14:04 + 106 min = 15:50.
    assert state.projected_end == T0 + timedelta(minutes=110)
    assert not state.projected_end_late


def test_projected_end_turns_late_when_overrun_eats_the_buffer(table: Table) -> None:
    table.do(agenda.start_item, 1)
    state = table.wait(minutes=20)  # 10 minutes over: exactly the buffer
    assert state.projected_end == T0 + timedelta(minutes=120)
    assert not state.projected_end_late
    state = table.wait(seconds=1)
    assert state.projected_end_late
    assert state.projected_end == T0 + timedelta(minutes=120, seconds=1)


def test_a_late_start_shows_in_the_projection_and_the_offset() -> None:
    late = Table()
    state = late.wait(minutes=15)
    assert state.projected_end == T0 + timedelta(minutes=125)
    assert state.projected_end_late
    assert state.runtime_offset_seconds == 15 * 60
    late.do(agenda.start_item, 1)
    state = late.wait(minutes=5)
    assert state.runtime_offset_seconds == 15 * 60


def test_projection_before_the_planned_start_counts_from_the_planned_start() -> None:
    early = Table()
    early.clock.set(T0 - timedelta(minutes=30))
    assert early.state().projected_end == T0 + timedelta(minutes=110)
    assert early.state().runtime_offset_seconds == 0


def test_planned_versus_actual_so_far(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=14)
    table.do(agenda.next_item)  # item 1: 10 planned, 14 actual
    table.wait(minutes=25)
    table.do(agenda.next_item)  # item 2: 30 planned, 25 actual
    state = table.wait(minutes=3)  # item 3 running: 15 planned, 3 so far
    assert state.planned_seconds_so_far == (10 + 30 + 15) * 60
    assert state.actual_seconds_so_far == (14 + 25 + 3) * 60
    # Behind by 4, ahead by 5 on the finished items; the current item is on time.
    assert state.runtime_offset_seconds == -60
    assert [(s.planned_minutes, s.elapsed_seconds // 60) for s in state.items[:2]] == [(10, 14), (30, 25)]


def test_pauses_and_gaps_between_items_put_the_meeting_behind(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=10)
    table.do(agenda.next_item)
    table.do(agenda.pause)
    state = table.wait(minutes=6)
    assert state.runtime_offset_seconds == 6 * 60
    assert state.projected_end == T0 + timedelta(minutes=116)


def test_current_item_overrun_counts_into_the_offset(table: Table) -> None:
    table.do(agenda.start_item, 1)
    assert table.wait(minutes=8).runtime_offset_seconds == 0
    assert table.wait(minutes=5).runtime_offset_seconds == 3 * 60


# --- restart: the state comes from the events alone --------------------------------------------------


def test_restart_recomputes_elapsed_time_from_the_events(table: Table) -> None:
    table.do(agenda.start_item, 1)
    table.wait(minutes=10)
    table.do(agenda.next_item)
    table.wait(minutes=3)
    stored = [TimerEvent.from_doc(e.to_doc()) for e in table.events]  # what the store keeps

    # The laptop crashes; the app comes back 7 minutes later with a fresh clock and the stored events.
    clock_after_restart = FakeClock(T0 + timedelta(minutes=20))
    state = compute_state(ITEMS, stored, clock_after_restart.now(), T0, 120)
    assert state.current_item_id == 2
    assert state.item(1).elapsed_seconds == 600
    assert state.item(2).elapsed_seconds == 10 * 60  # it kept running while the app was down
    assert state.item(2).remaining_seconds == 20 * 60


def test_restart_of_a_paused_item_does_not_count_the_downtime(table: Table) -> None:
    table.do(agenda.start_item, 2)
    table.wait(minutes=4)
    table.do(agenda.pause)
    state = compute_state(ITEMS, list(table.events), T0 + timedelta(hours=1), T0, 120)
    assert state.current.status == "paused"
    assert state.current.elapsed_seconds == 240


def test_events_for_deleted_items_are_ignored(table: Table) -> None:
    table.do(agenda.start_item, 3)
    table.wait(minutes=1)
    state = compute_state(ITEMS[:2], table.events, table.clock.now(), T0, 120)
    assert state.meeting_running
    assert state.current is None


def test_timer_event_round_trips_through_its_stored_form() -> None:
    event = TimerEvent("item_extend", T0, 2, minutes=5, choice="take_from", from_item_id=4)
    doc = event.to_doc()
    assert doc["at"] == "2026-11-27T14:00:00+01:00"
    assert TimerEvent.from_doc(doc) == event


# --- refusals -----------------------------------------------------------------------------------------


def test_refusals_carry_german_messages(table: Table) -> None:
    with refused(AgendaError, "kein Tagesordnungspunkt"):
        table.do(agenda.pause)
    with refused(AgendaError, "gibt es nicht"):
        table.do(agenda.start_item, 42)
    with refused(AgendaError, "keinen vorherigen"):
        table.do(agenda.previous_item)
    with refused(AgendaError, "noch nicht begonnen"):
        table.do(agenda.end_meeting)
    table.do(agenda.start_item, 1)
    with refused(AgendaError, "läuft bereits"):
        table.do(agenda.start_item, 1)
    with refused(AgendaError, "nicht pausiert"):
        table.do(agenda.resume)
    table.do(agenda.pause)
    with refused(AgendaError, "bereits pausiert"):
        table.do(agenda.pause)


def test_refusals_are_translated_to_english(table: Table) -> None:
    i18n.set_language("en")
    try:
        with pytest.raises(AgendaError) as caught:
            table.do(agenda.pause)
        assert refusal(caught.value) == "No agenda item is running."
    finally:
        i18n.set_language("de")


# --- property: elapsed time is the sum of the running intervals -------------------------------------


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["pause", "resume", "wait"]), st.integers(0, 900)), max_size=30))
def test_elapsed_is_the_sum_of_running_intervals(steps: list[tuple[str, int]]) -> None:
    table = Table()
    table.do(agenda.start_item, 2)
    running, expected = True, 0
    for action, seconds in steps:
        if action == "wait":
            table.wait(seconds=seconds)
            expected += seconds if running else 0
        elif action == "pause" and running:
            table.do(agenda.pause)
            running = False
        elif action == "resume" and not running:
            table.do(agenda.resume)
            running = True
    state = table.state()
    assert state.current.elapsed_seconds == expected
    assert state.current.remaining_seconds == 30 * 60 - expected
    # The same events replayed later give the same answer for a paused item, and more for a running one.
    later = compute_state(ITEMS, table.events, table.clock.now() + timedelta(minutes=1), T0, 120)
    assert later.current.elapsed_seconds == expected + (60 if running else 0)


def test_elapsed_time_is_real_time_across_the_dst_change() -> None:
    night = datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN)  # summer time; clocks go back at 3:00
    table = Table(start=night)
    table.do(agenda.start_item, 4)
    state = table.wait(minutes=45)
    assert state.current.elapsed_seconds == 45 * 60


def test_an_items_title_and_planned_minutes_follow_one_rule() -> None:
    assert agenda.item_title("  Begrüßung\x1b[31m  und Runde ") == "Begrüßung  und Runde"
    assert agenda.item_minutes(1, 360) == 1 and agenda.item_minutes(360, 360) == 360
    assert agenda.item_minutes(15.0, 360) == 15  # type: ignore[arg-type]  # a whole number typed as 15.0
    with pytest.raises(agenda.AgendaError) as refused:
        agenda.item_title(" \u202e ")
    assert refused.value.code == "item_title_missing"
    for minutes in (0, -5, 361, 2.5, True):
        with pytest.raises(agenda.AgendaError) as refused:
            agenda.item_minutes(minutes, 360)  # type: ignore[arg-type]
        assert (refused.value.code, refused.value.params) == ("item_minutes_out_of_range", {"maximum": 360})
