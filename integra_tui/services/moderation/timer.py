"""The agenda against the clock: start, pause, next, skip, extend and take time, each stored as timer events.

Every command replays the stored events, asks the domain (``domain.agenda``) for the new ones and
stores them in one transaction with what follows from them (the meeting's status, the end of a
speech on an item that was left).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from integra_tui.domain import agenda as timer
from integra_tui.domain import meetings as order
from integra_tui.domain import speakers as speaking
from integra_tui.domain.agenda import AgendaError, AgendaItem, AgendaState, TimerEvent
from integra_tui.records import captures, speaker_events, timer_events
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import Context, get_meeting
from integra_tui.services.moderation.view import agenda_state, speakers_state
from integra_tui.services.texts import refused

__all__ = [
    "end_left_running",
    "end_meeting",
    "extend_item",
    "next_item",
    "pause_item",
    "resume_item",
    "run_timer_command",
    "skip_item",
    "start_item",
    "start_meeting",
    "take_time",
    "toggle_item",
]


def _store_timer_events(ctx: Context, meeting_id: int, events: Iterable[TimerEvent]) -> None:
    events = list(events)
    timer_events.add(ctx.store, meeting_id, events)
    kinds = {event.kind for event in events}
    if timer.MEETING_START in kinds:
        meeting_records.set_status(ctx.store, meeting_id, "running")
    if timer.MEETING_END in kinds:
        meeting_records.set_status(ctx.store, meeting_id, "closed")


def run_timer_command(
    ctx: Context,
    meeting_id: int,
    command: Callable[[AgendaState], list[TimerEvent]],
) -> AgendaState:
    """Run a domain command on the current state and store its events, in one transaction."""
    with ctx.transaction():
        state = agenda_state(ctx, meeting_id)
        try:
            events = command(state)
        except AgendaError as error:
            raise refused(error) from None
        _store_timer_events(ctx, meeting_id, events)
        after = agenda_state(ctx, meeting_id)
        if state.current_item_id is not None and after.current_item_id != state.current_item_id:
            _end_speech(ctx, meeting_id, state.current_item_id)
        return after


def _end_speech(ctx: Context, meeting_id: int, item_id: int) -> None:
    """An item was closed or left: whoever was still speaking on it has finished."""
    speakers = speakers_state(ctx, meeting_id, item_id)
    if speakers.current is not None:
        speaker_events.add(ctx.store, meeting_id, speaking.stop_speaker(speakers, ctx.now()))


def start_meeting(ctx: Context, meeting_id: int) -> AgendaState:
    """Start the meeting's clock."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.start_meeting(s, ctx.now()))


def end_meeting(ctx: Context, meeting_id: int) -> AgendaState:
    """End the meeting; the current item is done and the meeting is marked closed."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.end_meeting(s, ctx.now()))


@dataclass(frozen=True)
class _StoppedClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


def end_left_running(ctx: Context, meeting_id: int) -> datetime | None:
    """End a meeting nobody ended, at its last recorded event; returns that time (None: it was not left running).

    Left running (``domain.meetings.left_running``): it still says running, but its day is over; the
    moderator closed the app while an item or the meeting ran. Ended at its last timer or speaker
    event, the item that ran counts until then, not for days, and whoever spoke has finished then.
    """
    with ctx.transaction():
        if not order.left_running(get_meeting(ctx, meeting_id), ctx.now()):
            return None
        at = captures.last_recorded(ctx.store, meeting_id)
        if at is None:
            return None
        then = replace(ctx, clock=_StoppedClock(at))
        state = run_timer_command(then, meeting_id, lambda s: [] if s.meeting_ended_at else timer.end_meeting(s, at))
        if state.meeting_ended_at is None:  # never started: nothing ran that could be ended
            return None
        return at


def start_item(ctx: Context, meeting_id: int, item_id: int) -> AgendaState:
    """Start a chosen item (the current one is done)."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.start_item(s, ctx.now(), item_id))


def pause_item(ctx: Context, meeting_id: int) -> AgendaState:
    """Pause the current item."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.pause(s, ctx.now()))


def resume_item(ctx: Context, meeting_id: int) -> AgendaState:
    """Resume the paused current item."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.resume(s, ctx.now()))


def toggle_item(ctx: Context, meeting_id: int) -> AgendaState:
    """The start/pause key: pause the running item, resume a paused one, or start the next pending item."""

    def command(state: AgendaState) -> list[TimerEvent]:
        current = state.current
        if current is None:
            return timer.next_item(state, ctx.now())
        if current.status == timer.PAUSED:
            return timer.resume(state, ctx.now())
        return timer.pause(state, ctx.now())

    return run_timer_command(ctx, meeting_id, command)


def next_item(ctx: Context, meeting_id: int) -> AgendaState:
    """The current item is done; the following pending item starts."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.next_item(s, ctx.now()))


def skip_item(ctx: Context, meeting_id: int, item_id: int | None = None) -> AgendaState:
    """Skip the current item (the next one starts) or a chosen pending item."""
    return run_timer_command(ctx, meeting_id, lambda s: timer.skip(s, ctx.now(), item_id))


def extend_item(ctx: Context, meeting_id: int, minutes: int) -> tuple[AgendaState, str]:
    """Give the current item more minutes: from the buffer while it lasts, else the meeting runs longer.

    Returns the new state and the choice made (``buffer`` or ``extend``), which is stored for the minutes.
    """
    chosen: list[str] = []

    def command(state: AgendaState) -> list[TimerEvent]:
        choice = timer.CHOICE_BUFFER if state.buffer_minutes_left >= minutes else timer.CHOICE_EXTEND
        chosen.append(choice)
        return timer.extend(state, ctx.now(), minutes, choice)

    state = run_timer_command(ctx, meeting_id, command)
    return state, chosen[-1]


def take_time(
    ctx: Context, meeting_id: int, minutes: int, from_item_id: int | None = None
) -> tuple[AgendaState, AgendaItem]:
    """Give the current item minutes taken from a later pending item (by default the next one that has them).

    The default donor is the first pending item after the current one with enough planned minutes,
    breaks last. Returns the new state and the item the time came from.
    """
    donors: list[AgendaItem] = []

    def command(state: AgendaState) -> list[TimerEvent]:
        donor_id = from_item_id if from_item_id is not None else _default_donor(state, minutes)
        if donor_id is None:
            raise AgendaError("no_donor", minutes=minutes)
        events = timer.extend(state, ctx.now(), minutes, timer.CHOICE_TAKE_FROM, donor_id)
        donors.append(state.item(donor_id).item)
        return events

    state = run_timer_command(ctx, meeting_id, command)
    return state, donors[-1]


def _default_donor(state: AgendaState, minutes: int) -> int | None:
    current = state.current
    if current is None:
        return None
    order = [s.id for s in state.items]
    position = order.index(current.id)
    later = [
        s
        for s in state.items
        if s.status == timer.PENDING and order.index(s.id) > position and s.planned_minutes >= minutes
    ]
    later.sort(key=lambda s: s.item.kind in ("break", "open_items"))  # stable: agenda order within each rank
    return later[0].id if later else None
