"""What the moderator's and the second screen show, read in one go: agenda, events, speakers, captures.

Besides the stored records, the view answers what the screens show per tick without reading the
store again: the agenda's plan column as planned and changed (:meth:`MeetingView.plan_texts`,
"1 + 5"), and the speakers still waiting on an item that was closed or deferred
(:meth:`MeetingView.left_waiting`), so nobody on a list is dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from integra_tui.domain import agenda as timer
from integra_tui.domain import speakers as speaking
from integra_tui.domain.agenda import AgendaItem, AgendaState, TimerEvent
from integra_tui.domain.meetings import read_at
from integra_tui.domain.models import Capture, Meeting, ModerationSettings, Person
from integra_tui.domain.names import fold
from integra_tui.domain.speakers import SpeakerEntry, SpeakerEvent, SpeakersState
from integra_tui.domain.stage import StageMessage
from integra_tui.records import (
    agenda_items,
    captures,
    checkins,
    invitees,
    persons,
    settings,
    speaker_events,
    timer_events,
)
from integra_tui.records import groups as group_records
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import Context, get_meeting
from integra_tui.services.moderation.settings import moderation_settings
from integra_tui.services.network_texts import TitleTranslation, shown_translations
from integra_tui.services.texts import group_label, no_such_entry

__all__ = [
    "DEFER_OVERRUN",
    "LeftWaiting",
    "MeetingView",
    "OpenItems",
    "agenda_state",
    "captures_of",
    "get_capture",
    "groups_present",
    "load_view",
    "open_action_items",
    "open_items",
    "overrun_decisions",
    "owner_suggestions",
    "speaker_events_of",
    "speaker_suggestions",
    "speakers_state",
    "speaking_time_by_group",
    "timer_events_of",
]

DEFER_OVERRUN = timer.DEFER_OVERRUN
"""``choice`` of an item_defer event when the rest of an overrun item was deferred."""


def timer_events_of(ctx: Context, meeting_id: int) -> list[TimerEvent]:
    """The meeting's timer events in the order they were stored."""
    return timer_events.of_meeting(ctx.store, meeting_id)


def speaker_events_of(ctx: Context, meeting_id: int) -> list[SpeakerEvent]:
    """The meeting's speakers' list events (all items) in the order they were stored."""
    return speaker_events.of_meeting(ctx.store, meeting_id)


def checked_in_people(ctx: Context, meeting_id: int) -> list[Person]:
    """The living people checked in at the meeting, in the order they arrived."""
    found = (persons.get_living(ctx.store, pid) for pid in checkins.present_ids(ctx.store, meeting_id))
    return [person for person in found if person is not None]


def invited_people(ctx: Context, meeting_id: int) -> list[Person]:
    """The living people with an invitation to the meeting (walk-ins too), sorted by name."""
    found = (persons.get_living(ctx.store, i.person_id) for i in invitees.of_meeting(ctx.store, meeting_id))
    return sorted((person for person in found if person is not None), key=lambda p: fold(p.name))


def groups_present(ctx: Context, meeting_id: int) -> list[str]:
    """Groups of the people checked in (before anyone is checked in: of the people invited), in the store's order."""
    people = checked_in_people(ctx, meeting_id) or invited_people(ctx, meeting_id)
    seen = {p.group for p in people if p.group}
    ordered = [g for g in group_records.names(ctx.store) if g in seen]
    return ordered + sorted(seen - set(ordered))


def speaker_suggestions(ctx: Context, meeting_id: int) -> list[Person]:
    """People to put on the speakers' list: those checked in first, then the other invitees."""
    present = checked_in_people(ctx, meeting_id)
    known = {p.id for p in present}
    return present + [p for p in invited_people(ctx, meeting_id) if p.id not in known]


def owner_suggestions(ctx: Context, meeting_id: int) -> list[str]:
    """What "who" completes from: attendees, then invitees, organisations and groups."""
    names = [p.name for p in speaker_suggestions(ctx, meeting_id)]
    organisations = sorted({p.organisation for p in invited_people(ctx, meeting_id) if p.organisation})
    labels = [group_label(g) for g in group_records.names(ctx.store)]
    return list(dict.fromkeys(names + organisations + labels))


def get_capture(ctx: Context, capture_id: int) -> Capture:
    """One capture (also a removed one); refused when there is none."""
    capture = captures.get(ctx.store, capture_id)
    if capture is None:
        raise no_such_entry()
    return capture


def captures_of(ctx: Context, meeting_id: int, include_removed: bool = False) -> list[Capture]:
    """What was captured in a meeting, oldest first (removed ones only when asked for)."""
    return captures.of_meeting(ctx.store, meeting_id, include_removed=include_removed)


def open_action_items(ctx: Context, meeting_id: int) -> list[Capture]:
    """Action items of earlier meetings to review in this one: still open, or reviewed in this meeting
    (``records.captures.comes_back``); by due date."""
    return sorted(_to_review(ctx, captures.ACTION, meeting_id), key=lambda c: (c.due is None, c.due or date.max, c.id))


def _to_review(ctx: Context, kind: str, meeting_id: int) -> list[Capture]:
    return captures.to_review(ctx.store, kind, get_meeting(ctx, meeting_id))


@dataclass(frozen=True)
class LeftWaiting:
    """Speakers still waiting on an item that is no longer running (done, skipped or deferred)."""

    item: AgendaItem
    status: str
    """The item's status: done, skipped or deferred (``domain.agenda``)."""
    entries: tuple[SpeakerEntry, ...]
    """The waiting entries, in the order they would have been called."""


_CLOSED = (timer.DONE, timer.SKIPPED, timer.DEFERRED)


@dataclass(frozen=True)
class OpenItems:
    """What a meeting reviews of earlier ones ("Offene Punkte"): action items; needs and questions in their own part."""

    action_items: tuple[Capture, ...] = ()
    """Action items still open, or reviewed in this meeting (``open_action_items``)."""
    needs: tuple[Capture, ...] = ()
    """Needs still open or in progress, or reviewed in this meeting (``records.captures.comes_back``)."""
    questions: tuple[Capture, ...] = ()
    """Questions still open, or answered in this meeting (``records.captures.comes_back``)."""

    @property
    def still_open(self) -> int:
        """How many of them are still open (what the review's planned time is counted from)."""
        return sum(1 for c in (*self.action_items, *self.needs, *self.questions) if captures.is_still_open(c))

    def __bool__(self) -> bool:
        return bool(self.action_items or self.needs or self.questions)


def open_items(ctx: Context, meeting_id: int) -> OpenItems:
    """The open-items review of a meeting: earlier action items, needs and questions, each in its own part."""
    return OpenItems(
        action_items=tuple(open_action_items(ctx, meeting_id)),
        needs=tuple(_to_review(ctx, captures.NEED, meeting_id)),
        questions=tuple(_to_review(ctx, captures.QUESTION, meeting_id)),
    )


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
    present_ids: tuple[int, ...] = ()
    """The ids of the people checked in (the first rank when a typed name is matched)."""
    stage: StageMessage | None = None
    """The message the moderator sent to the display, until cleared."""
    open_needs: tuple[Capture, ...] = ()
    """Earlier meetings' needs to review, their own part of "Offene Punkte" (``records.captures.to_review``)."""
    open_questions: tuple[Capture, ...] = ()
    """Earlier meetings' questions to take up (``records.captures.to_review``)."""
    title_translations: tuple[tuple[int, tuple[TitleTranslation, ...]], ...] = ()
    """Agenda items' titles in further languages, as (item id, titles) (for the display; see ``translations_for``)."""
    store_groups: tuple[str, ...] = ()
    """The store's group names in their order (the forms offer them after the groups present: ``groups_to_offer``)."""

    def agenda(self, now: datetime) -> AgendaState:
        """The agenda at ``now`` (a meeting nobody ended: at its last event, ``domain.meetings.read_at``)."""
        return timer.compute_state(
            self.items,
            self.events,
            read_at(self.meeting, now, lambda: captures.latest(self.events, self.speaker_events, self.captures)),
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

    def plan_texts(self, now: datetime) -> dict[int, str]:
        """The agenda's plan column per item: as planned and changed, "10", "1 + 5", "25 − 5"."""
        return {state.id: state.plan_text for state in self.agenda(now).items}

    def left_waiting(self, now: datetime) -> list[LeftWaiting]:
        """Items no longer running with speakers still waiting on them, in agenda order (to carry over or show)."""
        found = []
        for state in self.agenda(now).items:
            if state.status not in _CLOSED:
                continue
            queue = self.speakers(state.id, now).queue
            if queue:
                found.append(LeftWaiting(state.item, state.status, queue))
        return found

    def groups_to_offer(self) -> list[str]:
        """The groups a speaker or a capture may be given: those present first, then the store's others in order."""
        return [*self.groups_present, *(g for g in self.store_groups if g not in self.groups_present)]

    def translations_for(self, item_id: int) -> tuple[TitleTranslation, ...]:
        """An agenda item's title in up to two further languages (empty when none were entered)."""
        return next((titles for i, titles in self.title_translations if i == item_id), ())


def load_view(ctx: Context, meeting_id: int, *, suggestions: bool = True) -> MeetingView:
    """Read a meeting's agenda, events, captures and settings (``suggestions``: also the names to complete)."""
    meeting = get_meeting(ctx, meeting_id)
    people = speaker_suggestions(ctx, meeting_id) if suggestions else []
    entries = agenda_items.of_meeting(ctx.store, meeting_id)
    return MeetingView(
        meeting=meeting,
        items=tuple(entry.item for entry in entries),
        events=tuple(timer_events_of(ctx, meeting_id)),
        speaker_events=tuple(speaker_events_of(ctx, meeting_id)),
        captures=tuple(captures_of(ctx, meeting_id)),
        open_action_items=tuple(open_action_items(ctx, meeting_id)),
        settings=moderation_settings(ctx, meeting_id),
        groups_present=tuple(groups_present(ctx, meeting_id)),
        next_meeting=meeting_records.next_after(ctx.store, meeting),
        speaker_names=tuple(dict.fromkeys(p.name for p in people)),
        owner_names=tuple(owner_suggestions(ctx, meeting_id)) if suggestions else (),
        generation=ctx.generation,
        people=tuple(people),
        present_ids=tuple(checkins.present_ids(ctx.store, meeting_id)),
        stage=settings.stage_message(ctx.store, meeting_id),
        open_needs=tuple(captures.to_review(ctx.store, captures.NEED, meeting)),
        open_questions=tuple(captures.to_review(ctx.store, captures.QUESTION, meeting)),
        title_translations=tuple((i, tuple(t)) for i, t in shown_translations(entries).items()),
        store_groups=tuple(group_records.names(ctx.store)) if suggestions else (),
    )


def agenda_state(ctx: Context, meeting_id: int) -> AgendaState:
    """The meeting's agenda now, replayed from the stored events."""
    meeting = get_meeting(ctx, meeting_id)
    events = timer_events_of(ctx, meeting_id)
    now = read_at(meeting, ctx.now(), lambda: captures.last_recorded(ctx.store, meeting_id))
    return timer.compute_state(
        agenda_items.timer_items(ctx.store, meeting_id),
        events,
        now,
        meeting.starts_at(now.tzinfo),
        meeting.planned_minutes,
        moderation_settings(ctx, meeting_id).warning_rule,
    )


def speakers_state(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """An item's speakers' list now, replayed from the stored events."""
    settings = moderation_settings(ctx, meeting_id)
    return speaking.compute_speakers(
        speaker_events_of(ctx, meeting_id),
        item_id,
        ctx.now(),
        groups_present=groups_present(ctx, meeting_id),
        first_time_priority=settings.first_time_priority,
        time_limit_seconds=settings.speaker_seconds,
    )


def speaking_time_by_group(ctx: Context, meeting_id: int) -> dict[str, float]:
    """Speaking seconds per group over the whole meeting (for the minutes); groups present but silent show 0."""
    view = load_view(ctx, meeting_id, suggestions=False)
    item_id = view.items[0].id if view.items else 0
    return dict(view.speakers(item_id, ctx.now()).group_seconds_meeting)


def overrun_decisions(ctx: Context, meeting_id: int) -> list[dict[str, Any]]:
    """Every time-related choice for an item, for the minutes, in order (``domain.agenda.time_decisions``)."""
    return timer.time_decisions(timer_events_of(ctx, meeting_id))
