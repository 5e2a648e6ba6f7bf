"""Between meetings: deferring an item to the next meeting, reopening it, and what opening a meeting adds first.

Deferring an item (decision, documented for the moderator in the screen's help): the item is marked
deferred and a copy is added to the next meeting's agenda, naming where it came from. When no later
meeting exists the moderator is told so and may create one a quarter later (13 weeks on: same
weekday, time, place and title); otherwise the item waits on the deferred list and the next meeting
opened (or created) picks it up (:func:`pick_up_deferred`; the rule is ``records.meetings.take_deferred``).

Open action items, needs and questions of earlier meetings appear on a meeting's agenda as its first
item, kind ``open_items`` (title "Offene Punkte"), added when the moderator first opens the meeting.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, timedelta

from integra_tui.domain import agenda as timer
from integra_tui.domain import meetings as order
from integra_tui.domain.agenda import AgendaState, TimerEvent, item_minutes, item_title
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import AgendaEntry, Meeting
from integra_tui.domain.speakers import SpeakerEntry
from integra_tui.io.agenda_import import MAX_ITEM_MINUTES
from integra_tui.records import agenda_items, timer_events
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import Context, get_meeting
from integra_tui.services.moderation.timer import run_timer_command
from integra_tui.services.moderation.view import DEFER_OVERRUN, agenda_state, open_items, speakers_state
from integra_tui.services.texts import refused

__all__ = [
    "OPEN_ITEMS_TITLE",
    "QUARTER_DAYS",
    "DeferResult",
    "defer_item",
    "deferral_target",
    "ensure_open_items_item",
    "pick_up_deferred",
    "prepare_meeting",
    "previous_item",
    "quarter_later",
]

OPEN_ITEMS_TITLE = "Offene Punkte"
"""The stored title of the first agenda item that reviews earlier meetings' open action items."""

QUARTER_DAYS = 91
"""A quarter later: 13 weeks, so the new meeting falls on the same weekday."""


@dataclass(frozen=True)
class DeferResult:
    """What happened to a deferred item: which meeting took it over, or that it waits on the deferred list."""

    item_id: int
    target: Meeting | None
    """The meeting whose agenda now carries the item; None while it waits for the next meeting."""
    created: bool = False
    """True when the target meeting was created for this (a quarter later)."""
    state: AgendaState | None = None
    waiting_speakers: tuple[SpeakerEntry, ...] = ()
    """Speakers still waiting on the deferred item: they stay there, visibly, until carried over
    (``services.moderation.speakers.carry_waiting_speakers``) or taken off."""


def quarter_later(meeting: Meeting) -> date:
    """The date a follow-up meeting is offered for: 13 weeks on, the same weekday."""
    return meeting.date + timedelta(days=QUARTER_DAYS)


def deferral_target(ctx: Context, meeting_id: int) -> Meeting | None:
    """The meeting a deferred item would go to now: the next one planned after this one, if any."""
    return meeting_records.next_after(ctx.store, get_meeting(ctx, meeting_id))


def defer_item(
    ctx: Context,
    meeting_id: int,
    item_id: int | None = None,
    *,
    overrun: bool = False,
    create_next: bool = False,
) -> DeferResult:
    """Defer the current item (or a pending one) to the next meeting's agenda.

    Without a later meeting, ``create_next`` creates one a quarter later; otherwise the item waits on
    the deferred list until the next meeting is opened (``pick_up_deferred``). ``overrun`` records
    that this was the moderator's choice for an overrun item (it appears in the minutes). The timer
    event, the marked item, the copy and a new meeting are stored in one transaction.
    """
    now = ctx.now()

    def command(state: AgendaState) -> list[TimerEvent]:
        events = timer.defer(state, now, item_id)
        if overrun:
            events = [dataclasses.replace(e, choice=DEFER_OVERRUN) if e.kind == timer.ITEM_DEFER else e for e in events]
        return events

    with ctx.transaction():
        meeting = get_meeting(ctx, meeting_id)
        before = agenda_state(ctx, meeting_id)
        deferred_id = item_id if item_id is not None else before.current_item_id
        state = run_timer_command(ctx, meeting_id, command)
        assert deferred_id is not None  # the command refused otherwise
        agenda_items.mark_deferred(ctx.store, deferred_id, ctx.now_iso())
        item = agenda_items.get(ctx.store, deferred_id)
        assert item is not None
        target = meeting_records.next_after(ctx.store, meeting)
        created = False
        if target is None and create_next:
            try:  # the same rules as services.meetings.add_meeting
                target = order.new_meeting(
                    meeting.title,
                    quarter_later(meeting),
                    meeting.start_time,
                    place=meeting.place,
                    planned_minutes=meeting.planned_minutes,
                )
            except DomainError as error:
                raise refused(error) from None
            meeting_records.add_planned(ctx.store, target)
            created = True  # a new meeting takes waiting deferred items itself (records.meetings.take_deferred)
        elif target is not None:
            agenda_items.carry(ctx.store, item, target.id)
        waiting = speakers_state(ctx, meeting_id, deferred_id).queue
        return DeferResult(deferred_id, target, created, state, waiting)


def _undo_deferral(ctx: Context, item_id: int) -> None:
    """A deferred item was reopened: its copy leaves the next meeting's agenda (unless already started there)."""
    item = agenda_items.get(ctx.store, item_id)
    if item is None or not item.deferred_at:
        return
    if item.carried_to is not None:
        for copy in agenda_items.copies_of(ctx.store, item_id):
            if (
                copy.meeting_id == item.carried_to
                and agenda_items.is_on_agenda(copy)
                and not timer_events.item_started(ctx.store, copy.id)
            ):
                agenda_items.remove(ctx.store, copy.id, ctx.now_iso())
    agenda_items.clear_deferral(ctx.store, item_id)


def previous_item(ctx: Context, meeting_id: int) -> AgendaState:
    """Back to the item finished last; a deferred item that is reopened leaves the next meeting's agenda."""
    with ctx.transaction():
        state = run_timer_command(ctx, meeting_id, lambda s: timer.previous_item(s, ctx.now()))
        if state.current_item_id is not None:
            _undo_deferral(ctx, state.current_item_id)
        return state


def ensure_open_items_item(ctx: Context, meeting_id: int) -> int | None:
    """Put "Offene Punkte" first on the agenda when earlier meetings left open action items, needs or questions;
    returns its id.

    Added once: an item the moderator removed is not added again, and nothing is added to a meeting
    that has already started. Planned time: 2 minutes per open item, at least 5 and at most 15.
    """
    with ctx.transaction():
        existing = [
            i for i in agenda_items.of_meeting(ctx.store, meeting_id, include_removed=True) if i.kind == "open_items"
        ]
        if existing:
            on_agenda = sorted((i for i in existing if agenda_items.is_on_agenda(i)), key=lambda i: i.id)
            return on_agenda[0].id if on_agenda else None
        if timer_events.meeting_started(ctx.store, meeting_id):
            return None
        count = open_items(ctx, meeting_id).still_open
        if not count:
            return None
        positions = [i.position for i in agenda_items.of_meeting(ctx.store, meeting_id)]
        first = min(positions) - 1 if positions else 1
        minutes = min(15, max(5, 2 * count))
        entry = AgendaEntry(  # within the rules of every item (1 to MAX_ITEM_MINUTES), so never refused
            meeting_id=meeting_id,
            title=item_title(OPEN_ITEMS_TITLE),
            minutes=item_minutes(minutes, MAX_ITEM_MINUTES),
            kind="open_items",
            position=first,
        )
        return agenda_items.add(ctx.store, entry)


def pick_up_deferred(ctx: Context, meeting_id: int) -> int:
    """Put items waiting on the deferred list (from earlier meetings) on this meeting's agenda; returns how many."""
    with ctx.transaction():
        return meeting_records.take_deferred(ctx.store, get_meeting(ctx, meeting_id))


def prepare_meeting(ctx: Context, meeting_id: int) -> None:
    """What opening a meeting for moderation does first: pick up deferred items, add "Offene Punkte"."""
    with ctx.transaction():
        pick_up_deferred(ctx, meeting_id)
        ensure_open_items_item(ctx, meeting_id)
