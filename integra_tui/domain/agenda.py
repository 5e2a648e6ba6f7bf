"""The agenda against the clock: items, timer events with wall-clock times, the state computed from them.

Nothing here counts in memory. Every command (start, pause, next, extend, ...) returns the new
``TimerEvent`` records for the caller to store, and ``compute_state`` replays the stored events
against ``now``. A restart after a crash therefore shows the right elapsed times: an item that was
running when the laptop froze has kept running in wall-clock terms.

Rules worth knowing:

- Warning phase: an item turns to "warning" when its remaining time is at or below the *larger* of
  ``WarningRule.minutes`` and ``WarningRule.percent`` of its planned time ("whichever comes first"
  while counting down); "overrun" once the remaining time is below zero.
- Starting an item while another one is current finishes the other one (``item_done``).
- ``next_item``, and ``skip``/``defer`` of the current item, start the following pending item.
- ``previous_item`` reopens the item finished most recently; the current item goes back to pending
  (its elapsed seconds stay recorded).
- Events are replayed in the order they were stored, not sorted by time, so a clock that was set
  back never reorders what the moderator did; negative intervals count as zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Mapping

from integra_tui.domain.clock import from_iso, to_iso
from integra_tui.domain.errors import DomainError
from integra_tui.domain.text import clean_line

__all__ = [
    "CHOICE_BUFFER",
    "CHOICE_EXTEND",
    "CHOICE_TAKE_FROM",
    "DEFERRED",
    "DEFER_OVERRUN",
    "DONE",
    "EXTEND_CHOICES",
    "ITEM_DEFER",
    "ITEM_DONE",
    "ITEM_EXTEND",
    "ITEM_KINDS",
    "ITEM_PAUSE",
    "ITEM_REOPEN",
    "ITEM_RESUME",
    "ITEM_SKIP",
    "ITEM_START",
    "ITEM_STATUSES",
    "MEETING_END",
    "MEETING_START",
    "NORMAL",
    "OVERRUN",
    "PAUSED",
    "PENDING",
    "PHASES",
    "RUNNING",
    "SKIPPED",
    "TIMER_EVENT_KINDS",
    "WARNING",
    "AGENDA_REFUSALS",
    "AgendaError",
    "AgendaItem",
    "AgendaState",
    "ItemState",
    "OverrunChoice",
    "TimerEvent",
    "WarningRule",
    "carry_over_items",
    "compute_state",
    "defer",
    "end_meeting",
    "extend",
    "format_countdown",
    "format_duration",
    "item_minutes",
    "item_title",
    "next_item",
    "overrun_choices",
    "pause",
    "phase_for",
    "previous_item",
    "resume",
    "skip",
    "start_item",
    "start_meeting",
    "time_decisions",
]

ITEM_KINDS = ("talk", "discussion", "break", "open_items")
"""What an agenda item is: a talk, a discussion, a break, or the round of open items."""

PENDING, RUNNING, PAUSED, DONE, SKIPPED, DEFERRED = "pending", "running", "paused", "done", "skipped", "deferred"
ITEM_STATUSES = (PENDING, RUNNING, PAUSED, DONE, SKIPPED, DEFERRED)
"""An item's status while the meeting runs."""

NORMAL, WARNING, OVERRUN = "normal", "warning", "overrun"
PHASES = (NORMAL, WARNING, OVERRUN)
"""How an item's countdown should look: normal, warning (time nearly up), overrun (time is up)."""

MEETING_START = "meeting_start"
MEETING_END = "meeting_end"
ITEM_START = "item_start"
ITEM_PAUSE = "item_pause"
ITEM_RESUME = "item_resume"
ITEM_DONE = "item_done"
ITEM_SKIP = "item_skip"
ITEM_DEFER = "item_defer"
ITEM_EXTEND = "item_extend"
ITEM_REOPEN = "item_reopen"
TIMER_EVENT_KINDS = (
    MEETING_START,
    MEETING_END,
    ITEM_START,
    ITEM_PAUSE,
    ITEM_RESUME,
    ITEM_DONE,
    ITEM_SKIP,
    ITEM_DEFER,
    ITEM_EXTEND,
    ITEM_REOPEN,
)
"""Every kind of timer event that may be stored."""

CHOICE_EXTEND = "extend"
CHOICE_BUFFER = "buffer"
CHOICE_TAKE_FROM = "take_from"
EXTEND_CHOICES = (CHOICE_EXTEND, CHOICE_BUFFER, CHOICE_TAKE_FROM)
"""Where the minutes of an extension come from: nowhere (the meeting runs longer), the buffer, a later item."""


class AgendaError(DomainError):
    """A command the agenda refuses: ``code`` is one of ``AGENDA_REFUSALS``, ``params`` its values.

    The words for the moderator are chosen in ``integra_tui.services.texts``.
    """


AGENDA_REFUSALS = (
    "meeting_ended",
    "no_such_item",
    "no_current_item",
    "meeting_started",
    "meeting_not_started",
    "item_running",
    "item_paused",
    "item_not_paused",
    "no_next_item",
    "no_previous_item",
    "minutes_not_positive",
    "unknown_extend_choice",
    "buffer_too_small",
    "no_donor_given",
    "donor_not_pending",
    "donor_too_small",
    "item_closed",
    "no_donor",
    "item_title_missing",
    "item_minutes_out_of_range",
)
"""Every ``AgendaError.code``; ``buffer_too_small`` carries ``minutes`` (left), ``donor_too_small`` and
``no_donor`` carry ``minutes`` (the donor's planned minutes, the minutes asked for),
``item_minutes_out_of_range`` carries ``maximum``."""


def item_title(title: str) -> str:
    """An agenda item's title as kept: on one line, trimmed (inner spacing as typed); refused when empty."""
    title = clean_line(title).strip()
    if not title:
        raise AgendaError("item_title_missing")
    return title


def item_minutes(minutes: int, maximum: int) -> int:
    """Planned minutes as the agenda keeps them: a whole number from 1 to ``maximum``; refused otherwise.

    An item of 0 minutes would count down from nothing and overrun at once, so it is refused like a
    row of 0 minutes in an agenda import (whose ``MAX_ITEM_MINUTES`` is the usual ``maximum``).
    """
    if isinstance(minutes, bool) or int(minutes) != minutes or not 0 < minutes <= maximum:
        raise AgendaError("item_minutes_out_of_range", maximum=maximum)
    return int(minutes)


@dataclass(frozen=True)
class AgendaItem:
    """One point on the agenda with its planned minutes."""

    id: int
    title: str
    minutes: int
    presenter: str = ""
    kind: str = "discussion"
    position: int = 0
    carried_over_from: int | None = None
    """The id of the meeting this item was deferred from, if any."""


@dataclass(frozen=True)
class TimerEvent:
    """Something the moderator did, at a wall-clock time; the agenda's state is replayed from these."""

    kind: str
    at: datetime
    item_id: int | None = None
    minutes: int = 0
    choice: str = ""
    from_item_id: int | None = None

    def to_doc(self) -> dict[str, Any]:
        """The stored form: JSON types only, the time as ISO 8601 with offset."""
        return {
            "kind": self.kind,
            "at": to_iso(self.at),
            "item_id": self.item_id,
            "minutes": self.minutes,
            "choice": self.choice,
            "from_item_id": self.from_item_id,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> TimerEvent:
        """Rebuild an event from its stored form."""
        return cls(
            kind=str(doc["kind"]),
            at=from_iso(str(doc["at"])),
            item_id=doc.get("item_id"),
            minutes=int(doc.get("minutes") or 0),
            choice=str(doc.get("choice") or ""),
            from_item_id=doc.get("from_item_id"),
        )


@dataclass(frozen=True)
class WarningRule:
    """When an item's countdown turns to warning: the larger of a fixed time and a share of the plan."""

    minutes: float = 2
    percent: float = 20

    def threshold_seconds(self, planned_seconds: float) -> float:
        """Remaining seconds at or below which the warning phase starts."""
        return max(self.minutes * 60, planned_seconds * self.percent / 100)


@dataclass(frozen=True)
class OverrunChoice:
    """One extension of an item, for the minutes: how many minutes and where they came from."""

    item_id: int
    choice: str
    minutes: int
    from_item_id: int | None
    at: datetime


@dataclass(frozen=True)
class ItemState:
    """An item as the moderator sees it at ``now``."""

    item: AgendaItem
    status: str
    elapsed_seconds: float
    """Sum of the intervals in which the item was running."""
    planned_seconds: int
    """Planned minutes plus extensions minus minutes given to other items, in seconds."""
    remaining_seconds: float
    """Planned minus elapsed; negative once overrun."""
    phase: str
    started_at: datetime | None
    """When the item was first started."""
    ended_at: datetime | None
    """When the item was last finished (done, skipped, deferred); None while open."""
    running_since: datetime | None
    choices: tuple[OverrunChoice, ...] = ()
    """The extensions granted to this item, in order."""
    extra_minutes: int = 0
    """Minutes added to the plan by extensions (from nowhere, the buffer or a later item)."""
    given_minutes: int = 0
    """Minutes this item gave to other items (taken from it)."""

    @property
    def plan_text(self) -> str:
        """The plan as planned and changed: "10", "1 + 5" (extended), "25 − 5" (gave time), "10 + 5 − 3"."""
        text = str(self.item.minutes)
        if self.extra_minutes:
            text += f" + {self.extra_minutes}"
        if self.given_minutes:
            text += f" \u2212 {self.given_minutes}"
        return text

    @property
    def id(self) -> int:
        """The item's id."""
        return self.item.id

    @property
    def planned_minutes(self) -> int:
        """Planned minutes including extensions."""
        return self.planned_seconds // 60


@dataclass(frozen=True)
class AgendaState:
    """The whole agenda at ``now``, computed from items and timer events only."""

    now: datetime
    items: tuple[ItemState, ...]
    """All items in agenda order."""
    meeting_started_at: datetime | None
    meeting_ended_at: datetime | None
    current_item_id: int | None
    """The running or paused item, if any."""
    planned_start: datetime
    planned_end: datetime
    meeting_minutes_planned: int
    planned_seconds_so_far: int
    """Planned seconds of the items dealt with so far (finished and current)."""
    actual_seconds_so_far: float
    """Actual seconds of those same items."""
    runtime_offset_seconds: float
    """How far behind the plan the meeting is (negative: ahead); see ``compute_state``."""
    buffer_minutes_left: int
    projected_end: datetime
    projected_end_late: bool
    """True when the projected end passes the planned end."""
    finish_history: tuple[int, ...] = ()
    """Item ids in the order they were finished (done, skipped, deferred), latest last."""
    choices: tuple[OverrunChoice, ...] = ()
    """Every extension granted in this meeting, in the order granted (for the minutes)."""
    warning: WarningRule = field(default_factory=WarningRule)

    @property
    def meeting_running(self) -> bool:
        """Started and not yet ended."""
        return self.meeting_started_at is not None and self.meeting_ended_at is None

    @property
    def current(self) -> ItemState | None:
        """The running or paused item, if any."""
        return None if self.current_item_id is None else self.item(self.current_item_id)

    def item(self, item_id: int) -> ItemState:
        """The state of one item; KeyError if the agenda has no such item."""
        for candidate in self.items:
            if candidate.id == item_id:
                return candidate
        raise KeyError(item_id)

    def has_item(self, item_id: int) -> bool:
        """Whether the agenda has an item with this id."""
        return any(candidate.id == item_id for candidate in self.items)


def _seconds(start: datetime, end: datetime) -> float:
    # Via timestamps: subtracting two times in the same ZoneInfo would ignore a DST change.
    return max(0.0, end.timestamp() - start.timestamp())


@dataclass
class _Track:
    status: str = PENDING
    elapsed: float = 0.0
    running_since: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    extra_minutes: int = 0
    given_minutes: int = 0
    choices: list[OverrunChoice] = field(default_factory=list)


def phase_for(remaining_seconds: float, planned_seconds: float, rule: WarningRule) -> str:
    """The phase of a countdown: overrun below zero, warning at or below the rule's threshold."""
    if remaining_seconds < 0:
        return OVERRUN
    if remaining_seconds <= rule.threshold_seconds(planned_seconds):
        return WARNING
    return NORMAL


def compute_state(
    items: Sequence[AgendaItem],
    events: Iterable[TimerEvent],
    now: datetime,
    meeting_start_planned: datetime,
    meeting_minutes_planned: int,
    warning: WarningRule | None = None,
) -> AgendaState:
    """Replay ``events`` over ``items`` at ``now``.

    Meeting totals: ``planned_seconds_so_far``/``actual_seconds_so_far`` sum the items dealt with
    (done, current, and skipped or deferred after they had run). ``runtime_offset_seconds`` is the
    wall time since the planned start minus the planned time covered (done items count in full, the
    current and abandoned items up to their plan), so it includes a late start, pauses and gaps.
    ``buffer_minutes_left`` is the meeting's minutes minus the items' planned minutes minus
    extensions taken from the buffer. ``projected_end`` is now plus what remains of the current item
    (at least 0) plus the planned time of every pending item.
    """
    warning = warning or WarningRule()
    ordered = sorted(items, key=lambda item: (item.position, item.id))
    tracks: dict[int, _Track] = {item.id: _Track() for item in ordered}
    started_at: datetime | None = None
    ended_at: datetime | None = None
    current: int | None = None
    buffer_taken = 0
    history: list[int] = []
    all_choices: list[OverrunChoice] = []

    def stop_clock(at: datetime) -> None:
        if current is None:
            return
        track = tracks[current]
        if track.running_since is not None:
            track.elapsed += _seconds(track.running_since, at)
            track.running_since = None

    def finish(item_id: int, status: str, at: datetime) -> None:
        nonlocal current
        track = tracks[item_id]
        if item_id == current:
            stop_clock(at)
            current = None
        track.status = status
        if track.started_at is not None:
            track.ended_at = at
        if item_id in history:
            history.remove(item_id)
        history.append(item_id)

    def make_current(item_id: int, at: datetime) -> None:
        nonlocal current
        track = tracks[item_id]
        track.status = RUNNING
        track.running_since = at
        track.ended_at = None
        if track.started_at is None:
            track.started_at = at
        current = item_id

    for event in events:
        kind, at, item_id = event.kind, event.at, event.item_id
        if kind == MEETING_START:
            started_at = started_at or at
            continue
        if kind == MEETING_END:
            if current is not None:
                finish(current, DONE, at)
            ended_at = ended_at or at
            continue
        if item_id not in tracks:
            continue  # an item deleted after the fact: its events no longer matter
        track = tracks[item_id]
        if kind == ITEM_START:
            started_at = started_at or at
            if current == item_id:
                if track.status == PAUSED:
                    track.status = RUNNING
                    track.running_since = at
                continue
            if current is not None:
                finish(current, DONE, at)
            make_current(item_id, at)
        elif kind == ITEM_PAUSE:
            if current == item_id and track.status == RUNNING:
                stop_clock(at)
                track.status = PAUSED
        elif kind == ITEM_RESUME:
            if current == item_id and track.status == PAUSED:
                track.status = RUNNING
                track.running_since = at
        elif kind == ITEM_DONE:
            finish(item_id, DONE, at)
        elif kind == ITEM_SKIP:
            finish(item_id, SKIPPED, at)
        elif kind == ITEM_DEFER:
            finish(item_id, DEFERRED, at)
        elif kind == ITEM_EXTEND:
            minutes = max(0, event.minutes)
            track.extra_minutes += minutes
            if event.choice == CHOICE_BUFFER:
                buffer_taken += minutes
            elif event.choice == CHOICE_TAKE_FROM and event.from_item_id in tracks:
                tracks[event.from_item_id].given_minutes += minutes
            choice = OverrunChoice(item_id, event.choice, minutes, event.from_item_id, at)
            track.choices.append(choice)
            all_choices.append(choice)
        elif kind == ITEM_REOPEN:
            if current == item_id:
                continue
            if current is not None:
                stop_clock(at)
                tracks[current].status = PENDING
            if item_id in history:
                history.remove(item_id)
            make_current(item_id, at)

    reference = ended_at or now
    if current is not None and tracks[current].running_since is not None:
        live = tracks[current]
        live.elapsed += _seconds(live.running_since, reference)  # type: ignore[arg-type]

    item_states: list[ItemState] = []
    for item in ordered:
        track = tracks[item.id]
        planned = max(0, item.minutes + track.extra_minutes - track.given_minutes) * 60
        remaining = planned - track.elapsed
        if track.status in (RUNNING, PAUSED):
            phase = phase_for(remaining, planned, warning)
        elif track.status == DONE and remaining < 0:
            phase = OVERRUN
        else:
            phase = NORMAL
        item_states.append(
            ItemState(
                item=item,
                status=track.status,
                elapsed_seconds=track.elapsed,
                planned_seconds=planned,
                remaining_seconds=remaining,
                phase=phase,
                started_at=track.started_at,
                ended_at=track.ended_at,
                running_since=track.running_since if track.status == RUNNING else None,
                choices=tuple(track.choices),
                extra_minutes=track.extra_minutes,
                given_minutes=track.given_minutes,
            )
        )

    dealt_with = [
        s
        for s in item_states
        if s.status in (DONE, RUNNING, PAUSED) or (s.status in (SKIPPED, DEFERRED) and s.started_at is not None)
    ]
    planned_so_far = sum(s.planned_seconds for s in dealt_with)
    actual_so_far = sum(s.elapsed_seconds for s in dealt_with)
    if started_at is None:
        offset = _seconds(meeting_start_planned, reference)
    else:
        covered = sum(
            s.planned_seconds if s.status == DONE else min(s.elapsed_seconds, s.planned_seconds) for s in dealt_with
        )
        offset = (reference.timestamp() - meeting_start_planned.timestamp()) - covered

    buffer_left = meeting_minutes_planned - sum(item.minutes for item in ordered) - buffer_taken
    planned_end = meeting_start_planned + timedelta(minutes=meeting_minutes_planned)
    if ended_at is not None:
        projected = ended_at
    else:
        base = now if started_at is not None or now > meeting_start_planned else meeting_start_planned
        rest: float = sum(s.planned_seconds for s in item_states if s.status == PENDING)
        if current is not None:
            rest += max(0.0, next(s for s in item_states if s.id == current).remaining_seconds)
        projected = base + timedelta(seconds=rest)

    return AgendaState(
        now=now,
        items=tuple(item_states),
        meeting_started_at=started_at,
        meeting_ended_at=ended_at,
        current_item_id=current,
        planned_start=meeting_start_planned,
        planned_end=planned_end,
        meeting_minutes_planned=meeting_minutes_planned,
        planned_seconds_so_far=planned_so_far,
        actual_seconds_so_far=actual_so_far,
        runtime_offset_seconds=offset,
        buffer_minutes_left=buffer_left,
        projected_end=projected,
        projected_end_late=projected.timestamp() > planned_end.timestamp(),
        finish_history=tuple(history),
        choices=tuple(all_choices),
        warning=warning,
    )


def overrun_choices(events: Iterable[TimerEvent]) -> list[OverrunChoice]:
    """Every extension in the event list, in order: (item, choice, minutes, from item), for the minutes."""
    return [
        OverrunChoice(e.item_id, e.choice, e.minutes, e.from_item_id, e.at)
        for e in events
        if e.kind == ITEM_EXTEND and e.item_id is not None
    ]


DEFER_OVERRUN = "overrun"
"""``choice`` of an item_defer event when the rest of an overrun item was deferred (a plain deferral: "")."""


def time_decisions(events: Iterable[TimerEvent]) -> list[dict[str, Any]]:
    """Every time-related choice for an item, for the minutes, in order.

    Each is ``{"at": datetime, "item_id", "choice": "extend" | "buffer" | "take_from" | "defer",
    "minutes": int, "from_item_id": int | None}``; "defer" is the rest of an overrun item deferred.
    """
    decisions: list[dict[str, Any]] = []
    for event in events:
        if event.kind == ITEM_EXTEND:
            decisions.append(
                {
                    "at": event.at,
                    "item_id": event.item_id,
                    "choice": event.choice,
                    "minutes": event.minutes,
                    "from_item_id": event.from_item_id,
                }
            )
        elif event.kind == ITEM_DEFER and event.choice == DEFER_OVERRUN:
            decisions.append(
                {"at": event.at, "item_id": event.item_id, "choice": "defer", "minutes": 0, "from_item_id": None}
            )
    return decisions


def carry_over_items(state: AgendaState) -> tuple[AgendaItem, ...]:
    """Items for the next meeting: the deferred ones, and once the meeting has ended, the ones never dealt with."""
    ended = state.meeting_ended_at is not None
    return tuple(s.item for s in state.items if s.status == DEFERRED or (ended and s.status == PENDING))


# Commands: each checks the state and returns the new events for the caller to store.


def _require_open(state: AgendaState) -> None:
    if state.meeting_ended_at is not None:
        raise AgendaError("meeting_ended")


def _require_item(state: AgendaState, item_id: int) -> ItemState:
    if not state.has_item(item_id):
        raise AgendaError("no_such_item")
    return state.item(item_id)


def _require_current(state: AgendaState) -> ItemState:
    current = state.current
    if current is None:
        raise AgendaError("no_current_item")
    return current


def _following_pending(state: AgendaState, after: int | None) -> ItemState | None:
    """The first pending item after ``after`` in agenda order, else the first pending one before it."""
    pending = [s for s in state.items if s.status == PENDING and s.id != after]
    if not pending:
        return None
    if after is None:
        return pending[0]
    order = [s.id for s in state.items]
    position = order.index(after)
    later = [s for s in pending if order.index(s.id) > position]
    return later[0] if later else pending[0]


def _start_events(state: AgendaState, now: datetime, item_id: int) -> list[TimerEvent]:
    events = []
    if state.meeting_started_at is None:
        events.append(TimerEvent(MEETING_START, now))
    events.append(TimerEvent(ITEM_START, now, item_id))
    return events


def start_meeting(state: AgendaState, now: datetime) -> list[TimerEvent]:
    """Start the meeting's clock without starting an item."""
    _require_open(state)
    if state.meeting_started_at is not None:
        raise AgendaError("meeting_started")
    return [TimerEvent(MEETING_START, now)]


def end_meeting(state: AgendaState, now: datetime) -> list[TimerEvent]:
    """End the meeting; the current item, if any, is done."""
    _require_open(state)
    if state.meeting_started_at is None:
        raise AgendaError("meeting_not_started")
    events = []
    if state.current_item_id is not None:
        events.append(TimerEvent(ITEM_DONE, now, state.current_item_id))
    events.append(TimerEvent(MEETING_END, now))
    return events


def start_item(state: AgendaState, now: datetime, item_id: int) -> list[TimerEvent]:
    """Start an item (and the meeting, if needed); the item that was current is done."""
    _require_open(state)
    target = _require_item(state, item_id)
    if state.current_item_id == item_id:
        if target.status == PAUSED:
            return [TimerEvent(ITEM_RESUME, now, item_id)]
        raise AgendaError("item_running")
    events = []
    if state.current_item_id is not None:
        events.append(TimerEvent(ITEM_DONE, now, state.current_item_id))
    return events + _start_events(state, now, item_id)


def pause(state: AgendaState, now: datetime) -> list[TimerEvent]:
    """Pause the current item's clock."""
    _require_open(state)
    current = _require_current(state)
    if current.status == PAUSED:
        raise AgendaError("item_paused")
    return [TimerEvent(ITEM_PAUSE, now, current.id)]


def resume(state: AgendaState, now: datetime) -> list[TimerEvent]:
    """Let the paused current item's clock run again."""
    _require_open(state)
    current = _require_current(state)
    if current.status != PAUSED:
        raise AgendaError("item_not_paused")
    return [TimerEvent(ITEM_RESUME, now, current.id)]


def next_item(state: AgendaState, now: datetime) -> list[TimerEvent]:
    """Mark the current item done and start the following pending one."""
    _require_open(state)
    events = []
    if state.current_item_id is not None:
        events.append(TimerEvent(ITEM_DONE, now, state.current_item_id))
    following = _following_pending(state, state.current_item_id)
    if following is None:
        if not events:
            raise AgendaError("no_next_item")
        return events
    return events + _start_events(state, now, following.id)


def previous_item(state: AgendaState, now: datetime) -> list[TimerEvent]:
    """Go back to the item finished most recently; the current item returns to pending."""
    _require_open(state)
    for item_id in reversed(state.finish_history):
        candidate = state.item(item_id) if state.has_item(item_id) else None
        if (
            candidate is not None
            and item_id != state.current_item_id
            and candidate.status in (DONE, SKIPPED, DEFERRED)
            and candidate.started_at is not None
        ):
            return [TimerEvent(ITEM_REOPEN, now, item_id)]
    raise AgendaError("no_previous_item")


def extend(
    state: AgendaState,
    now: datetime,
    minutes: int,
    choice: str,
    from_item_id: int | None = None,
) -> list[TimerEvent]:
    """Give the current item more minutes: just extend, take them from the buffer, or from a later item."""
    _require_open(state)
    current = _require_current(state)
    if not isinstance(minutes, int) or minutes <= 0:
        raise AgendaError("minutes_not_positive")
    if choice not in EXTEND_CHOICES:
        raise AgendaError("unknown_extend_choice")
    if choice == CHOICE_BUFFER:
        if state.buffer_minutes_left < minutes:
            left = max(0, state.buffer_minutes_left)
            raise AgendaError("buffer_too_small", minutes=left)
        from_item_id = None
    elif choice == CHOICE_TAKE_FROM:
        if from_item_id is None:
            raise AgendaError("no_donor_given")
        donor = _require_item(state, from_item_id)
        if donor.id == current.id or donor.status != PENDING:
            raise AgendaError("donor_not_pending")
        if donor.planned_minutes < minutes:
            raise AgendaError("donor_too_small", minutes=donor.planned_minutes)
    else:
        from_item_id = None
    return [TimerEvent(ITEM_EXTEND, now, current.id, minutes=minutes, choice=choice, from_item_id=from_item_id)]


def _close_item(state: AgendaState, now: datetime, item_id: int | None, kind: str) -> list[TimerEvent]:
    _require_open(state)
    target = _require_current(state) if item_id is None else _require_item(state, item_id)
    if target.status not in (PENDING, RUNNING, PAUSED):
        raise AgendaError("item_closed")
    events = [TimerEvent(kind, now, target.id)]
    if target.id == state.current_item_id:
        following = _following_pending(state, target.id)
        if following is not None:
            events += _start_events(state, now, following.id)
    return events


def skip(state: AgendaState, now: datetime, item_id: int | None = None) -> list[TimerEvent]:
    """Skip the current item (then start the following one) or a given pending item."""
    return _close_item(state, now, item_id, ITEM_SKIP)


def defer(state: AgendaState, now: datetime, item_id: int | None = None) -> list[TimerEvent]:
    """Move the current item (then start the following one) or a given pending item to the next meeting."""
    return _close_item(state, now, item_id, ITEM_DEFER)


def format_countdown(seconds: float) -> str:
    """A countdown: "12:05" while time remains (rounded up), "+03:12" counting up once overrun; hours as "1:02:03"."""
    if seconds >= 0:
        total, sign = math.ceil(seconds), ""
    else:
        total, sign = math.floor(-seconds), "+"
    return sign + _clock_text(total)


def format_duration(seconds: float) -> str:
    """A duration counted up (rounded down): "03:12", "1:02:03"."""
    return _clock_text(math.floor(max(0.0, seconds)))


def _clock_text(total: int) -> str:
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
