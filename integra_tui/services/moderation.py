"""The moderator's use cases: the agenda against the clock, the speakers' list and captured agreements.

Everything is stored as records the moment it happens (fsynced before a call returns), and the
state on screen is replayed from them, so a crash or a second process never loses or disagrees
about the meeting. The exports (minutes, follow-up) read these tables; keep them stable.

Table ``timer_events`` -- one document per thing the moderator did to the clock, in document-id
order (the order they happened)::

    meeting_id    int
    kind          str   meeting_start | meeting_end | item_start | item_pause | item_resume |
                        item_done | item_skip | item_defer | item_extend | item_reopen
    at            str   wall-clock time, ISO 8601 with offset
    item_id       int | None   the agenda item (None for meeting_start/meeting_end)
    minutes       int   minutes granted (item_extend), else 0
    choice        str   item_extend: "extend" (the meeting runs longer), "buffer" (from the meeting's
                        planned buffer), "take_from" (from item ``from_item_id``);
                        item_defer: "overrun" when the moderator deferred the rest of an overrun
                        item, "" for a plain deferral
    from_item_id  int | None   item_extend with take_from: the item that gave the minutes

Table ``speaker_events`` -- the speakers' lists of all items of a meeting, in document-id order::

    meeting_id, kind (add | remove | move_up | start | stop | pause | resume), at (ISO), item_id,
    entry_id (one request to speak; unique within the meeting), name, group, person_id (int | None),
    point_of_order (bool)

Table ``captures`` -- what was agreed or noted (``domain.models.Capture``)::

    meeting_id, kind (action | decision | need | note), text, agenda_item_id (int | None),
    owner ("who" for an action item; free text), due (ISO date or None), group (a need's group),
    status (open | done | dropped), created_at (ISO), removed_at (ISO, "" while not removed),
    history: list of {at (ISO), status, comment, meeting_id} -- every review of an action item,
    e.g. marked done in a later meeting's "Offene Punkte"

Table ``settings`` -- per meeting, one document ``{"scope": "moderation", "meeting_id": int,
"warning_minutes": float, "warning_percent": float, "first_time_priority": bool,
"speaker_seconds": int | None}``; missing values take the defaults of ``ModerationSettings``.

Deferring an item to the next meeting (decision, documented for the moderator in the screen's help):
the item gets ``deferred_at`` and a copy is added to the next meeting's agenda with
``carried_over_from`` (the meeting) and ``carried_over_item_id`` (the item). When no later meeting
exists the moderator is told so and may create one a quarter later (13 weeks on: same weekday, time,
place and title); otherwise the item waits on the deferred list (``carried_to`` None) and the next
meeting opened in the moderator's screen or the agenda editor picks it up (``pick_up_deferred``).

Open action items of earlier meetings appear on a meeting's agenda as its first item, kind
``open_items`` (title "Offene Punkte"), added when the moderator first opens the meeting.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from integra_tui.domain import agenda as timer
from integra_tui.domain import speakers as speaking
from integra_tui.domain.agenda import AgendaError, AgendaItem, AgendaState, TimerEvent, WarningRule
from integra_tui.domain.groups import canonical_group
from integra_tui.domain.models import CAPTURE_KINDS, Capture, Meeting, Person, from_doc
from integra_tui.domain.speakers import SpeakerError, SpeakerEvent, SpeakersState
from integra_tui.i18n import _, ngettext
from integra_tui.services.agenda import AGENDA_ITEMS, add_agenda_item, agenda_docs, agenda_items
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import (
    add_meeting,
    get_meeting,
    groups,
    list_meetings,
    next_meeting_after,
    set_meeting_status,
)

__all__ = [
    "CAPTURES",
    "CAPTURE_STATUSES",
    "DEFER_OVERRUN",
    "OPEN_ITEMS_TITLE",
    "QUARTER_DAYS",
    "SETTINGS",
    "SETTINGS_SCOPE",
    "SPEAKER_EVENTS",
    "TIMER_EVENTS",
    "DeferResult",
    "MeetingView",
    "ModerationSettings",
    "add_capture",
    "add_speaker",
    "agenda_state",
    "captures_of",
    "defer_item",
    "deferral_target",
    "end_meeting",
    "ensure_open_items_item",
    "extend_item",
    "get_capture",
    "groups_present",
    "load_view",
    "move_speaker_up",
    "moderation_settings",
    "next_item",
    "next_speaker",
    "open_action_items",
    "overrun_decisions",
    "owner_suggestions",
    "pause_item",
    "pick_up_deferred",
    "prepare_meeting",
    "previous_item",
    "quarter_later",
    "remove_capture",
    "remove_speaker",
    "resume_item",
    "review_action_item",
    "skip_item",
    "speaker_events",
    "speaker_suggestions",
    "speakers_state",
    "speaking_time_by_group",
    "start_item",
    "start_meeting",
    "stop_speaker",
    "take_time",
    "timer_events",
    "toggle_item",
    "toggle_speaker_clock",
    "update_capture",
    "update_settings",
]

TIMER_EVENTS = "timer_events"
SPEAKER_EVENTS = "speaker_events"
CAPTURES = "captures"
SETTINGS = "settings"
SETTINGS_SCOPE = "moderation"

CAPTURE_STATUSES = ("open", "done", "dropped")
"""An action item is open until it is marked done or dropped."""

DEFER_OVERRUN = "overrun"
"""``choice`` of an item_defer event when the rest of an overrun item was deferred."""

OPEN_ITEMS_TITLE = "Offene Punkte"
"""The stored title of the first agenda item that reviews earlier meetings' open action items."""

QUARTER_DAYS = 91
"""A quarter later: 13 weeks, so the new meeting falls on the same weekday."""


# -- settings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationSettings:
    """A meeting's moderation settings: when a countdown warns, first-time priority, speaking time."""

    warning_minutes: float = 2
    """The item countdown warns at this many minutes left ..."""
    warning_percent: float = 20
    """... or at this share of the planned time left, whichever comes first."""
    first_time_priority: bool = False
    """People who have not spoken on the item yet go before those who have."""
    speaker_seconds: int | None = None
    """Speaking time per speaker, with its own countdown; None for no limit."""

    @property
    def warning_rule(self) -> WarningRule:
        """The rule the agenda timer applies."""
        return WarningRule(minutes=self.warning_minutes, percent=self.warning_percent)


def _settings_doc(ctx: Context, meeting_id: int) -> dict | None:
    for doc in ctx.store.find(SETTINGS, "meeting_id", meeting_id):
        if doc.get("scope") == SETTINGS_SCOPE:
            return doc
    return None


def moderation_settings(ctx: Context, meeting_id: int) -> ModerationSettings:
    """The meeting's settings (defaults for what was never set)."""
    doc = _settings_doc(ctx, meeting_id) or {}
    names = {f.name for f in dataclasses.fields(ModerationSettings)}
    return ModerationSettings(**{k: v for k, v in doc.items() if k in names})


def update_settings(ctx: Context, meeting_id: int, **changes: Any) -> ModerationSettings:
    """Change some of the meeting's settings; refused for values that make no sense."""
    names = {f.name for f in dataclasses.fields(ModerationSettings)}
    unknown = set(changes) - names
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    if "warning_minutes" in changes and not 0 <= float(changes["warning_minutes"]) <= 60:
        raise ServiceError(_("Die Warnzeit muss zwischen 0 und 60 Minuten liegen."))
    if "warning_percent" in changes and not 0 <= float(changes["warning_percent"]) <= 100:
        raise ServiceError(_("Der Warnanteil muss zwischen 0 und 100 Prozent liegen."))
    seconds = changes.get("speaker_seconds")
    if seconds is not None and int(seconds) <= 0:
        changes["speaker_seconds"] = None
    with ctx.store.transaction():
        doc = _settings_doc(ctx, meeting_id)
        if doc is None:
            ctx.store.insert(SETTINGS, {"scope": SETTINGS_SCOPE, "meeting_id": meeting_id, **changes})
        else:
            ctx.store.update(SETTINGS, doc["id"], changes)
    return moderation_settings(ctx, meeting_id)


# -- reading -----------------------------------------------------------------------------


def timer_events(ctx: Context, meeting_id: int) -> list[TimerEvent]:
    """The meeting's timer events in the order they were stored."""
    docs = sorted(ctx.store.find(TIMER_EVENTS, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [TimerEvent.from_doc(d) for d in docs]


def speaker_events(ctx: Context, meeting_id: int) -> list[SpeakerEvent]:
    """The meeting's speakers' list events (all items) in the order they were stored."""
    docs = sorted(ctx.store.find(SPEAKER_EVENTS, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [SpeakerEvent.from_doc(d) for d in docs]


def _checked_in_people(ctx: Context, meeting_id: int) -> list[Person]:
    from integra_tui.services.people import CHECKINS, PERSONS

    ids = dict.fromkeys(
        d["person_id"] for d in ctx.store.find(CHECKINS, "meeting_id", meeting_id) if not d.get("undone_at")
    )
    people = []
    for person_id in ids:
        doc = ctx.store.get(PERSONS, person_id)
        if doc is not None and not doc.get("forgotten"):
            people.append(from_doc(Person, doc))
    return people


def _invited_people(ctx: Context, meeting_id: int) -> list[Person]:
    from integra_tui.services.people import invitees_of

    return [person for _invitee, person in invitees_of(ctx, meeting_id) if not person.forgotten]


def groups_present(ctx: Context, meeting_id: int) -> list[str]:
    """Groups of the people checked in (before anyone is checked in: of the people invited), in the store's order."""
    people = _checked_in_people(ctx, meeting_id) or _invited_people(ctx, meeting_id)
    seen = {p.group for p in people if p.group}
    ordered = [g for g in groups(ctx) if g in seen]
    return ordered + sorted(seen - set(ordered))


def speaker_suggestions(ctx: Context, meeting_id: int) -> list[Person]:
    """People to put on the speakers' list: those checked in first, then the other invitees."""
    present = _checked_in_people(ctx, meeting_id)
    known = {p.id for p in present}
    return present + [p for p in _invited_people(ctx, meeting_id) if p.id not in known]


def owner_suggestions(ctx: Context, meeting_id: int) -> list[str]:
    """What "who" completes from: attendees, then invitees, organisations and groups."""
    from integra_tui.domain.groups import group_label

    names = [p.name for p in speaker_suggestions(ctx, meeting_id)]
    organisations = sorted({p.organisation for p in _invited_people(ctx, meeting_id) if p.organisation})
    return list(dict.fromkeys(names + organisations + [group_label(g) for g in groups(ctx)]))


def _meeting_order(meeting: Meeting) -> tuple[date, int]:
    return (meeting.date, meeting.id)


def _earlier_meeting_ids(ctx: Context, meeting: Meeting) -> set[int]:
    return {m.id for m in list_meetings(ctx) if _meeting_order(m) < _meeting_order(meeting)}


def _capture(doc: dict) -> Capture:
    return from_doc(Capture, doc)


def get_capture(ctx: Context, capture_id: int) -> Capture:
    """One capture; refused when there is none."""
    doc = ctx.store.get(CAPTURES, capture_id)
    if doc is None:
        raise ServiceError(_("Diesen Eintrag gibt es nicht."))
    return _capture(doc)


def captures_of(ctx: Context, meeting_id: int, include_removed: bool = False) -> list[Capture]:
    """What was captured in a meeting, oldest first (removed ones only when asked for)."""
    docs = sorted(ctx.store.find(CAPTURES, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [_capture(d) for d in docs if include_removed or not d.get("removed_at")]


def open_action_items(ctx: Context, meeting_id: int) -> list[Capture]:
    """Action items of earlier meetings to review in this one: still open, or reviewed in this meeting."""
    meeting = get_meeting(ctx, meeting_id)
    earlier = _earlier_meeting_ids(ctx, meeting)
    found = ctx.store.search(
        CAPTURES,
        lambda d: (
            d.get("kind") == "action"
            and d.get("meeting_id") in earlier
            and not d.get("removed_at")
            and (
                d.get("status", "open") == "open"
                or any(h.get("meeting_id") == meeting_id for h in d.get("history") or [])
            )
        ),
    )
    items = [_capture(d) for d in found]
    return sorted(items, key=lambda c: (c.due is None, c.due or date.max, c.id))


@dataclass(frozen=True)
class MeetingView:
    """Everything the moderator's and the second screen show, read in one go; states are computed per tick."""

    meeting: Meeting
    items: tuple[AgendaItem, ...]
    events: tuple[TimerEvent, ...]
    speaker_events: tuple[SpeakerEvent, ...]
    captures: tuple[Capture, ...]
    """This meeting's captures, removed ones left out."""
    open_action_items: tuple[Capture, ...]
    """Earlier meetings' action items to review (see ``open_action_items``)."""
    settings: ModerationSettings
    groups_present: tuple[str, ...]
    next_meeting: Meeting | None
    speaker_names: tuple[str, ...] = ()
    """Names to complete on the speakers' list: checked in first, then invited."""
    owner_names: tuple[str, ...] = ()
    """Names to complete for "who": attendees, organisations, groups."""
    generation: int = 0
    """The store's generation this view was read at."""
    people: tuple[Person, ...] = ()
    """The people to suggest for the speakers' list: checked in first, then invited."""

    def agenda(self, now: datetime) -> AgendaState:
        """The agenda at ``now``."""
        return timer.compute_state(
            self.items,
            self.events,
            now,
            self.meeting.starts_at(now.tzinfo),
            self.meeting.planned_minutes,
            self.settings.warning_rule,
        )

    def speakers(self, item_id: int, now: datetime) -> SpeakersState:
        """An item's speakers' list at ``now``."""
        return speaking.compute_speakers(
            self.speaker_events,
            item_id,
            now,
            groups_present=self.groups_present,
            first_time_priority=self.settings.first_time_priority,
            time_limit_seconds=self.settings.speaker_seconds,
        )

    def captures_for(self, item_id: int | None) -> list[Capture]:
        """Captures linked to an agenda item, oldest first."""
        return [c for c in self.captures if c.agenda_item_id == item_id]

    def item(self, item_id: int) -> AgendaItem | None:
        """An agenda item by id."""
        return next((i for i in self.items if i.id == item_id), None)


def load_view(ctx: Context, meeting_id: int, *, suggestions: bool = True) -> MeetingView:
    """Read a meeting's agenda, events, captures and settings (``suggestions``: also the names to complete)."""
    meeting = get_meeting(ctx, meeting_id)
    people = speaker_suggestions(ctx, meeting_id) if suggestions else []
    return MeetingView(
        meeting=meeting,
        items=tuple(agenda_items(ctx, meeting_id)),
        events=tuple(timer_events(ctx, meeting_id)),
        speaker_events=tuple(speaker_events(ctx, meeting_id)),
        captures=tuple(captures_of(ctx, meeting_id)),
        open_action_items=tuple(open_action_items(ctx, meeting_id)),
        settings=moderation_settings(ctx, meeting_id),
        groups_present=tuple(groups_present(ctx, meeting_id)),
        next_meeting=next_meeting_after(ctx, meeting),
        speaker_names=tuple(dict.fromkeys(p.name for p in people)),
        owner_names=tuple(owner_suggestions(ctx, meeting_id)) if suggestions else (),
        generation=ctx.store.generation,
        people=tuple(people),
    )


def agenda_state(ctx: Context, meeting_id: int) -> AgendaState:
    """The meeting's agenda now, replayed from the stored events."""
    meeting = get_meeting(ctx, meeting_id)
    now = ctx.now()
    return timer.compute_state(
        agenda_items(ctx, meeting_id),
        timer_events(ctx, meeting_id),
        now,
        meeting.starts_at(now.tzinfo),
        meeting.planned_minutes,
        moderation_settings(ctx, meeting_id).warning_rule,
    )


def speakers_state(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """An item's speakers' list now, replayed from the stored events."""
    settings = moderation_settings(ctx, meeting_id)
    return speaking.compute_speakers(
        speaker_events(ctx, meeting_id),
        item_id,
        ctx.now(),
        groups_present=groups_present(ctx, meeting_id),
        first_time_priority=settings.first_time_priority,
        time_limit_seconds=settings.speaker_seconds,
    )


# -- the agenda timer --------------------------------------------------------------------


def _store_timer_events(ctx: Context, meeting_id: int, events: Iterable[TimerEvent]) -> None:
    docs = [{**event.to_doc(), "meeting_id": meeting_id} for event in events]
    if docs:
        ctx.store.table(TIMER_EVENTS).insert_multiple(docs)
    kinds = {d["kind"] for d in docs}
    if timer.MEETING_START in kinds:
        set_meeting_status(ctx, meeting_id, "running")
    if timer.MEETING_END in kinds:
        set_meeting_status(ctx, meeting_id, "closed")


def _timer_command(
    ctx: Context,
    meeting_id: int,
    command: Callable[[AgendaState], list[TimerEvent]],
) -> AgendaState:
    """Run a domain command on the current state and store its events, without another process between."""
    with ctx.store.transaction():
        state = agenda_state(ctx, meeting_id)
        try:
            events = command(state)
        except AgendaError as error:
            raise ServiceError(error.message) from None
        _store_timer_events(ctx, meeting_id, events)
        after = agenda_state(ctx, meeting_id)
        if state.current_item_id is not None and after.current_item_id != state.current_item_id:
            _end_speech(ctx, meeting_id, state.current_item_id)
        return after


def _end_speech(ctx: Context, meeting_id: int, item_id: int) -> None:
    """An item was closed or left: whoever was still speaking on it has finished."""
    speakers = speakers_state(ctx, meeting_id, item_id)
    if speakers.current is not None:
        events = speaking.stop_speaker(speakers, ctx.now())
        ctx.store.table(SPEAKER_EVENTS).insert_multiple([{**e.to_doc(), "meeting_id": meeting_id} for e in events])


def start_meeting(ctx: Context, meeting_id: int) -> AgendaState:
    """Start the meeting's clock."""
    return _timer_command(ctx, meeting_id, lambda s: timer.start_meeting(s, ctx.now()))


def end_meeting(ctx: Context, meeting_id: int) -> AgendaState:
    """End the meeting; the current item is done and the meeting is marked closed."""
    return _timer_command(ctx, meeting_id, lambda s: timer.end_meeting(s, ctx.now()))


def start_item(ctx: Context, meeting_id: int, item_id: int) -> AgendaState:
    """Start a chosen item (the current one is done)."""
    return _timer_command(ctx, meeting_id, lambda s: timer.start_item(s, ctx.now(), item_id))


def pause_item(ctx: Context, meeting_id: int) -> AgendaState:
    """Pause the current item."""
    return _timer_command(ctx, meeting_id, lambda s: timer.pause(s, ctx.now()))


def resume_item(ctx: Context, meeting_id: int) -> AgendaState:
    """Resume the paused current item."""
    return _timer_command(ctx, meeting_id, lambda s: timer.resume(s, ctx.now()))


def toggle_item(ctx: Context, meeting_id: int) -> AgendaState:
    """The start/pause key: pause the running item, resume a paused one, or start the next pending item."""

    def command(state: AgendaState) -> list[TimerEvent]:
        current = state.current
        if current is None:
            return timer.next_item(state, ctx.now())
        if current.status == timer.PAUSED:
            return timer.resume(state, ctx.now())
        return timer.pause(state, ctx.now())

    return _timer_command(ctx, meeting_id, command)


def next_item(ctx: Context, meeting_id: int) -> AgendaState:
    """The current item is done; the following pending item starts."""
    return _timer_command(ctx, meeting_id, lambda s: timer.next_item(s, ctx.now()))


def previous_item(ctx: Context, meeting_id: int) -> AgendaState:
    """Back to the item finished last; a deferred item that is reopened leaves the next meeting's agenda."""
    with ctx.store.transaction():
        state = _timer_command(ctx, meeting_id, lambda s: timer.previous_item(s, ctx.now()))
        if state.current_item_id is not None:
            _undo_deferral(ctx, state.current_item_id)
        return state


def skip_item(ctx: Context, meeting_id: int, item_id: int | None = None) -> AgendaState:
    """Skip the current item (the next one starts) or a chosen pending item."""
    return _timer_command(ctx, meeting_id, lambda s: timer.skip(s, ctx.now(), item_id))


def extend_item(ctx: Context, meeting_id: int, minutes: int) -> tuple[AgendaState, str]:
    """Give the current item more minutes: from the buffer while it lasts, else the meeting runs longer.

    Returns the new state and the choice made (``buffer`` or ``extend``), which is stored for the minutes.
    """
    chosen: list[str] = []

    def command(state: AgendaState) -> list[TimerEvent]:
        choice = timer.CHOICE_BUFFER if state.buffer_minutes_left >= minutes else timer.CHOICE_EXTEND
        chosen.append(choice)
        return timer.extend(state, ctx.now(), minutes, choice)

    state = _timer_command(ctx, meeting_id, command)
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
            raise AgendaError(
                ngettext(
                    "Kein späterer Punkt hat noch {minutes} Minute übrig.",
                    "Kein späterer Punkt hat noch {minutes} Minuten übrig.",
                    minutes,
                ).format(minutes=minutes)
            )
        events = timer.extend(state, ctx.now(), minutes, timer.CHOICE_TAKE_FROM, donor_id)
        donors.append(state.item(donor_id).item)
        return events

    state = _timer_command(ctx, meeting_id, command)
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


# -- deferring to the next meeting -------------------------------------------------------


@dataclass(frozen=True)
class DeferResult:
    """What happened to a deferred item: which meeting took it over, or that it waits on the deferred list."""

    item_id: int
    target: Meeting | None
    """The meeting whose agenda now carries the item; None while it waits for the next meeting."""
    created: bool = False
    """True when the target meeting was created for this (a quarter later)."""
    state: AgendaState | None = None


def quarter_later(meeting: Meeting) -> date:
    """The date a follow-up meeting is offered for: 13 weeks on, the same weekday."""
    return meeting.date + timedelta(days=QUARTER_DAYS)


def deferral_target(ctx: Context, meeting_id: int) -> Meeting | None:
    """The meeting a deferred item would go to now: the next one planned after this one, if any."""
    return next_meeting_after(ctx, get_meeting(ctx, meeting_id))


def _carry(ctx: Context, item_doc: dict, origin: Meeting, target: Meeting) -> int:
    copy_id = add_agenda_item(
        ctx,
        target.id,
        item_doc["title"],
        int(item_doc.get("minutes") or 0),
        item_doc.get("presenter") or "",
        item_doc.get("kind") or "discussion",
        carried_over_from=origin.id,
    )
    ctx.store.update(AGENDA_ITEMS, copy_id, {"carried_over_item_id": item_doc["id"]})
    ctx.store.update(AGENDA_ITEMS, item_doc["id"], {"carried_to": target.id})
    return copy_id


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
    that this was the moderator's choice for an overrun item (it appears in the minutes).
    """
    now = ctx.now()

    def command(state: AgendaState) -> list[TimerEvent]:
        events = timer.defer(state, now, item_id)
        if overrun:
            events = [dataclasses.replace(e, choice=DEFER_OVERRUN) if e.kind == timer.ITEM_DEFER else e for e in events]
        return events

    with ctx.store.transaction():
        meeting = get_meeting(ctx, meeting_id)
        before = agenda_state(ctx, meeting_id)
        deferred_id = item_id if item_id is not None else before.current_item_id
        state = _timer_command(ctx, meeting_id, command)
        assert deferred_id is not None  # the command refused otherwise
        doc = ctx.store.get(AGENDA_ITEMS, deferred_id)
        assert doc is not None
        ctx.store.update(AGENDA_ITEMS, deferred_id, {"deferred_at": ctx.now_iso(), "carried_to": None})
        target = next_meeting_after(ctx, meeting)
        created = False
        if target is None and create_next:
            target = add_meeting(
                ctx,
                meeting.title,
                quarter_later(meeting),
                meeting.start_time,
                place=meeting.place,
                planned_minutes=meeting.planned_minutes,
            )
            created = True  # a new meeting takes waiting deferred items itself (pick_up_deferred)
        elif target is not None:
            _carry(ctx, doc, meeting, target)
        return DeferResult(deferred_id, target, created, state)


def _undo_deferral(ctx: Context, item_id: int) -> None:
    doc = ctx.store.get(AGENDA_ITEMS, item_id)
    if doc is None or not doc.get("deferred_at"):
        return
    target = doc.get("carried_to")
    if target is not None:
        for copy in ctx.store.find(AGENDA_ITEMS, "carried_over_item_id", item_id):
            started = any(
                e.get("kind") == timer.ITEM_START for e in ctx.store.find(TIMER_EVENTS, "item_id", copy["id"])
            )
            if copy.get("meeting_id") == target and not copy.get("removed_at") and not started:
                ctx.store.update(AGENDA_ITEMS, copy["id"], {"removed_at": ctx.now_iso()})
    ctx.store.update(AGENDA_ITEMS, item_id, {"deferred_at": "", "carried_to": None})


def pick_up_deferred(ctx: Context, meeting_id: int) -> int:
    """Put items waiting on the deferred list (from earlier meetings) on this meeting's agenda; returns how many."""
    with ctx.store.transaction():
        meeting = get_meeting(ctx, meeting_id)
        earlier = {m.id: m for m in list_meetings(ctx) if _meeting_order(m) < _meeting_order(meeting)}
        waiting = ctx.store.search(
            AGENDA_ITEMS,
            lambda d: (
                bool(d.get("deferred_at"))
                and d.get("carried_to") is None
                and not d.get("removed_at")
                and d.get("meeting_id") in earlier
            ),
        )
        for doc in waiting:
            _carry(ctx, doc, earlier[doc["meeting_id"]], meeting)
        return len(waiting)


def ensure_open_items_item(ctx: Context, meeting_id: int) -> int | None:
    """Put "Offene Punkte" first on the agenda when earlier meetings left open action items; returns its id.

    Added once: an item the moderator removed is not added again, and nothing is added to a meeting
    that has already started. Planned time: 2 minutes per open item, at least 5 and at most 15.
    """
    with ctx.store.transaction():
        existing = [d for d in ctx.store.find(AGENDA_ITEMS, "meeting_id", meeting_id) if d.get("kind") == "open_items"]
        if existing:
            live = [d for d in existing if not d.get("removed_at")]
            return live[0]["id"] if live else None
        if any(e.kind == timer.MEETING_START for e in timer_events(ctx, meeting_id)):
            return None
        count = sum(1 for c in open_action_items(ctx, meeting_id) if c.status == "open")
        if not count:
            return None
        positions = [int(d.get("position") or 0) for d in agenda_docs(ctx, meeting_id)]
        first = min(positions) - 1 if positions else 1
        minutes = min(15, max(5, 2 * count))
        return add_agenda_item(ctx, meeting_id, OPEN_ITEMS_TITLE, minutes, "", "open_items", position=first)


def prepare_meeting(ctx: Context, meeting_id: int) -> None:
    """What opening a meeting for moderation does first: pick up deferred items, add "Offene Punkte"."""
    pick_up_deferred(ctx, meeting_id)
    ensure_open_items_item(ctx, meeting_id)


# -- the speakers' list ------------------------------------------------------------------


def _speaker_command(
    ctx: Context,
    meeting_id: int,
    item_id: int,
    command: Callable[[SpeakersState], list[SpeakerEvent]],
) -> SpeakersState:
    with ctx.store.transaction():
        state = speakers_state(ctx, meeting_id, item_id)
        try:
            events = command(state)
        except SpeakerError as error:
            raise ServiceError(error.message) from None
        docs = [{**e.to_doc(), "meeting_id": meeting_id} for e in events]
        if docs:
            ctx.store.table(SPEAKER_EVENTS).insert_multiple(docs)
        return speakers_state(ctx, meeting_id, item_id)


def add_speaker(
    ctx: Context,
    meeting_id: int,
    item_id: int,
    name: str,
    group: str = "",
    person_id: int | None = None,
    point_of_order: bool = False,
) -> SpeakersState:
    """Put someone on the item's list: a known person (found by exact name, those present first) or free text.

    A known person's group comes from their record unless ``group`` names one; a free-text name keeps
    the group given (or none).
    """
    from integra_tui.services.people import fold

    if person_id is None and name.strip():
        # Those present first: an invitee who stayed at home does not make a name ambiguous.
        for candidates in (_checked_in_people(ctx, meeting_id), speaker_suggestions(ctx, meeting_id)):
            matches = [p for p in candidates if fold(p.name) == fold(name)]
            if len(matches) == 1:
                person_id, name, group = matches[0].id, matches[0].name, group or matches[0].group
                break
            if matches:
                break
    group = _resolve_group(group, groups(ctx))
    return _speaker_command(
        ctx, meeting_id, item_id, lambda s: speaking.add_speaker(s, ctx.now(), name, group, person_id, point_of_order)
    )


def next_speaker(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """Give the floor to the next person on the list; with nobody waiting, end the current speech."""

    def command(state: SpeakersState) -> list[SpeakerEvent]:
        if not state.queue and state.current is not None:
            return speaking.stop_speaker(state, ctx.now())
        return speaking.start_speaker(state, ctx.now())

    return _speaker_command(ctx, meeting_id, item_id, command)


def stop_speaker(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """End the current speech."""
    return _speaker_command(ctx, meeting_id, item_id, lambda s: speaking.stop_speaker(s, ctx.now()))


def remove_speaker(ctx: Context, meeting_id: int, item_id: int, entry_id: int) -> SpeakersState:
    """Take someone off the list."""
    return _speaker_command(ctx, meeting_id, item_id, lambda s: speaking.remove_speaker(s, ctx.now(), entry_id))


def move_speaker_up(ctx: Context, meeting_id: int, item_id: int, entry_id: int) -> SpeakersState:
    """Move someone one place up (priority rules still win)."""
    return _speaker_command(ctx, meeting_id, item_id, lambda s: speaking.move_up(s, ctx.now(), entry_id))


def toggle_speaker_clock(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """Stop or restart the current speaker's clock."""

    def command(state: SpeakersState) -> list[SpeakerEvent]:
        if state.current is not None and state.current.paused:
            return speaking.resume_speaker(state, ctx.now())
        return speaking.pause_speaker(state, ctx.now())

    return _speaker_command(ctx, meeting_id, item_id, command)


def speaking_time_by_group(ctx: Context, meeting_id: int) -> dict[str, float]:
    """Speaking seconds per group over the whole meeting (for the minutes); groups present but silent show 0."""
    view = load_view(ctx, meeting_id, suggestions=False)
    item_id = view.items[0].id if view.items else 0
    return dict(view.speakers(item_id, ctx.now()).group_seconds_meeting)


def overrun_decisions(ctx: Context, meeting_id: int) -> list[dict[str, Any]]:
    """Every time-related choice for an item, for the minutes, in order.

    Each is ``{"at": datetime, "item_id", "choice": "extend" | "buffer" | "take_from" | "defer",
    "minutes": int, "from_item_id": int | None}``; "defer" is the rest of an overrun item deferred.
    """
    decisions = []
    for event in timer_events(ctx, meeting_id):
        if event.kind == timer.ITEM_EXTEND:
            decisions.append(
                {
                    "at": event.at,
                    "item_id": event.item_id,
                    "choice": event.choice,
                    "minutes": event.minutes,
                    "from_item_id": event.from_item_id,
                }
            )
        elif event.kind == timer.ITEM_DEFER and event.choice == DEFER_OVERRUN:
            decisions.append(
                {"at": event.at, "item_id": event.item_id, "choice": "defer", "minutes": 0, "from_item_id": None}
            )
    return decisions


# -- captures ----------------------------------------------------------------------------


def _resolve_group(text: str, known_groups: list[str]) -> str:
    """A typed group: a known group by any spelling or a unique beginning ("ehren"), else the text as typed."""
    from integra_tui.domain.groups import group_label
    from integra_tui.services.people import fold

    text = " ".join(text.split())
    if not text:
        return ""
    found = canonical_group(text, known_groups)
    if found:
        return found
    starts = [g for g in known_groups if fold(g).startswith(fold(text)) or fold(group_label(g)).startswith(fold(text))]
    return starts[0] if len(starts) == 1 else text


def _clean_capture_fields(
    kind: str, text: str, owner: str, group: str, known_groups: list[str]
) -> tuple[str, str, str]:
    if kind not in CAPTURE_KINDS:
        raise ServiceError(_("Unbekannte Art von Eintrag: {kind}").format(kind=kind))
    text = " ".join(text.split())
    if not text:
        raise ServiceError(_("Bitte den Text eingeben."))
    return text, " ".join(owner.split()), _resolve_group(group, known_groups)


def add_capture(
    ctx: Context,
    meeting_id: int,
    kind: str,
    text: str,
    *,
    agenda_item_id: int | None = None,
    owner: str = "",
    due: date | None = None,
    group: str = "",
) -> Capture:
    """Record an action item, decision, need or note durably; returns it with its id."""
    text, owner, group = _clean_capture_fields(kind, text, owner, group, groups(ctx))
    get_meeting(ctx, meeting_id)
    capture = Capture(
        meeting_id=meeting_id,
        kind=kind,
        text=text,
        agenda_item_id=agenda_item_id,
        owner=owner,
        due=due,
        group=group,
        created_at=ctx.now_iso(),
    )
    capture.id = ctx.store.insert(CAPTURES, capture.to_doc())
    return capture


def update_capture(
    ctx: Context,
    capture_id: int,
    *,
    text: str,
    owner: str = "",
    due: date | None = None,
    group: str = "",
) -> Capture:
    """Replace a capture's text, owner, due date and group (what the edit form shows)."""
    with ctx.store.transaction():
        capture = get_capture(ctx, capture_id)
        if capture.removed_at:
            raise ServiceError(_("Dieser Eintrag wurde entfernt."))
        text, owner, group = _clean_capture_fields(capture.kind, text, owner, group, groups(ctx))
        ctx.store.update(
            CAPTURES,
            capture_id,
            {
                "text": text,
                "owner": owner,
                "due": due.isoformat() if due else None,
                "group": group,
                "edited_at": ctx.now_iso(),
            },
        )
        return get_capture(ctx, capture_id)


def remove_capture(ctx: Context, capture_id: int) -> Capture:
    """Remove a capture: recorded with ``removed_at``, never deleted."""
    with ctx.store.transaction():
        capture = get_capture(ctx, capture_id)
        if not capture.removed_at:
            ctx.store.update(CAPTURES, capture_id, {"removed_at": ctx.now_iso()})
        return get_capture(ctx, capture_id)


def review_action_item(ctx: Context, capture_id: int, status: str, meeting_id: int, comment: str = "") -> Capture:
    """Mark an earlier action item done, still open, or dropped in this meeting (added to its history)."""
    if status not in CAPTURE_STATUSES:
        raise ServiceError(_("Unbekannter Status: {status}").format(status=status))
    with ctx.store.transaction():
        capture = get_capture(ctx, capture_id)
        if capture.kind != "action":
            raise ServiceError(_("Nur Aufgaben haben einen Status."))
        entry = {"at": ctx.now_iso(), "status": status, "comment": comment.strip(), "meeting_id": meeting_id}
        ctx.store.update(CAPTURES, capture_id, {"status": status, "history": [*capture.history, entry]})
        return get_capture(ctx, capture_id)
