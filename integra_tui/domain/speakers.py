"""The speakers' list per agenda item, replayed from stored events: queue, current speaker, balance by group.

Like the agenda timer, nothing is counted in memory: commands return ``SpeakerEvent`` records for
the caller to store and ``compute_speakers`` replays them against ``now``.

Order of the queue: points of order first (as in OpenSlides, they go ahead of every waiting regular
speaker), then, with ``first_time_priority`` on, people who have not yet spoken on this item ahead
of those who have; within each of those ranks, the order of adding. ``move_up`` swaps an entry with
the one shown before it, within its rank only (the priority rules win over a manual move).

Speaking time is summed per group, for the item and for the whole meeting; no per-person totals
are exposed. The time limit per speaker is typed in minutes (:func:`parse_speaking_time`).

Waiting speakers are never dropped silently when their item is closed or deferred: they stay on
that item's list (``SpeakersState.queue`` of that item, shown as left behind) until the moderator
carries them to another item (:func:`carry_waiting`) or takes them off.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping

from integra_tui.domain.agenda import NORMAL, WarningRule, phase_for
from integra_tui.domain.clock import from_iso, to_iso
from integra_tui.domain.errors import DomainError

__all__ = [
    "DEFAULT_SPEAKER_WARNING",
    "MAX_SPEAKING_MINUTES",
    "SPEAKER_EVENT_KINDS",
    "CurrentSpeech",
    "SpeakerEntry",
    "SPEAKER_REFUSALS",
    "SpeakerError",
    "SpeakerEvent",
    "SpeakersState",
    "add_speaker",
    "carry_waiting",
    "compute_speakers",
    "format_speaking_time",
    "move_up",
    "parse_speaking_time",
    "pause_speaker",
    "remove_speaker",
    "resume_speaker",
    "speaker_key",
    "start_speaker",
    "stop_speaker",
]

ADD, REMOVE, MOVE_UP, START, STOP, PAUSE, RESUME = "add", "remove", "move_up", "start", "stop", "pause", "resume"
SPEAKER_EVENT_KINDS = (ADD, REMOVE, MOVE_UP, START, STOP, PAUSE, RESUME)
"""Every kind of speakers' list event that may be stored."""

DEFAULT_SPEAKER_WARNING = WarningRule(minutes=0.5, percent=0)
"""A speaker's countdown turns to warning 30 seconds before the limit."""


class SpeakerError(DomainError):
    """A speakers' list command that is refused: ``code`` is one of ``SPEAKER_REFUSALS``.

    The words for the moderator are chosen in ``integra_tui.services.texts``.
    """


SPEAKER_REFUSALS = (
    "entry_not_waiting",
    "nobody_speaking",
    "name_missing",
    "already_waiting",
    "entry_first",
    "priority_wins",
    "queue_empty",
    "speech_paused",
    "speech_running",
    "speaking_time_unclear",
    "speaking_time_too_long",
    "same_item",
    "nobody_waiting",
)
"""Every ``SpeakerError.code``; ``already_waiting`` carries ``name``, ``speaking_time_unclear`` the ``text``
typed, ``speaking_time_too_long`` the ``text`` and the ``maximum`` minutes."""

MAX_SPEAKING_MINUTES = 30
"""A longer time per speaker is taken for a slip (often seconds typed as minutes: "120")."""


@dataclass(frozen=True)
class SpeakerEvent:
    """Something done to an item's speakers' list, at a wall-clock time."""

    kind: str
    at: datetime
    item_id: int
    entry_id: int
    name: str = ""
    group: str = ""
    person_id: int | None = None
    point_of_order: bool = False

    def to_doc(self) -> dict[str, Any]:
        """The stored form: JSON types only, the time as ISO 8601 with offset."""
        return {
            "kind": self.kind,
            "at": to_iso(self.at),
            "item_id": self.item_id,
            "entry_id": self.entry_id,
            "name": self.name,
            "group": self.group,
            "person_id": self.person_id,
            "point_of_order": self.point_of_order,
        }

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> SpeakerEvent:
        """Rebuild an event from its stored form."""
        return cls(
            kind=str(doc["kind"]),
            at=from_iso(str(doc["at"])),
            item_id=int(doc["item_id"]),
            entry_id=int(doc["entry_id"]),
            name=str(doc.get("name") or ""),
            group=str(doc.get("group") or ""),
            person_id=doc.get("person_id"),
            point_of_order=bool(doc.get("point_of_order", False)),
        )


def speaker_key(name: str, person_id: int | None) -> tuple[str, str]:
    """Who a speaker is, for "has spoken before": the person id if known, else the name (case-insensitive)."""
    if person_id is not None:
        return ("person", str(person_id))
    return ("name", " ".join(name.split()).casefold())


@dataclass(frozen=True)
class SpeakerEntry:
    """One request to speak on an item."""

    entry_id: int
    name: str
    group: str
    person_id: int | None
    point_of_order: bool
    added_at: datetime
    has_spoken: bool = False
    """Whether this person already spoke on this item (shown next to the name)."""

    @property
    def key(self) -> tuple[str, str]:
        """Who this is, see ``speaker_key``."""
        return speaker_key(self.name, self.person_id)


@dataclass(frozen=True)
class CurrentSpeech:
    """The person speaking now, with their own countdown when a time limit is set."""

    entry: SpeakerEntry
    started_at: datetime
    elapsed_seconds: float
    paused: bool
    time_limit_seconds: int | None
    remaining_seconds: float | None
    """Limit minus elapsed; None without a limit; negative once over."""
    phase: str


@dataclass(frozen=True)
class SpeakersState:
    """An item's speakers' list at ``now``, with the speaking balance by group."""

    item_id: int
    now: datetime
    queue: tuple[SpeakerEntry, ...]
    """Waiting speakers in the order they will be called."""
    current: CurrentSpeech | None
    spoken: tuple[str, ...]
    """Names of those who have spoken (or are speaking) on this item, in order of their first speech."""
    group_seconds_item: dict[str, float] = field(default_factory=dict)
    """Speaking seconds per group on this item; every present group is listed, with 0 if silent."""
    group_seconds_meeting: dict[str, float] = field(default_factory=dict)
    """Speaking seconds per group over the whole meeting."""
    groups_silent_item: tuple[str, ...] = ()
    """Groups present at the meeting that have not spoken on this item."""
    groups_silent_meeting: tuple[str, ...] = ()
    """Groups present at the meeting that have not spoken at all."""
    next_entry_id: int = 1
    """The id for the next entry added (unique across the meeting)."""
    first_time_priority: bool = False

    def entry(self, entry_id: int) -> SpeakerEntry | None:
        """A waiting entry by id, or None."""
        return next((e for e in self.queue if e.entry_id == entry_id), None)


@dataclass
class _ItemTrack:
    waiting: list[SpeakerEntry] = field(default_factory=list)
    current: SpeakerEntry | None = None
    started_at: datetime | None = None
    running_since: datetime | None = None
    elapsed: float = 0.0
    spoken_keys: set[tuple[str, str]] = field(default_factory=set)
    spoken_names: list[str] = field(default_factory=list)
    group_seconds: dict[str, float] = field(default_factory=dict)
    groups_heard: set[str] = field(default_factory=set)


def _seconds(start: datetime, end: datetime) -> float:
    return max(0.0, end.timestamp() - start.timestamp())


def _rank(entry: SpeakerEntry, spoken: set[tuple[str, str]], first_time_priority: bool) -> tuple[int, int]:
    repeat = 1 if first_time_priority and entry.key in spoken else 0
    return (0 if entry.point_of_order else 1, repeat)


def _ordered(track: _ItemTrack, first_time_priority: bool) -> list[SpeakerEntry]:
    return sorted(track.waiting, key=lambda e: _rank(e, track.spoken_keys, first_time_priority))


def compute_speakers(
    events: Iterable[SpeakerEvent],
    item_id: int,
    now: datetime,
    *,
    groups_present: Sequence[str] = (),
    first_time_priority: bool = False,
    time_limit_seconds: int | None = None,
    warning: WarningRule = DEFAULT_SPEAKER_WARNING,
) -> SpeakersState:
    """Replay the meeting's speaker events (all items, in stored order) and describe ``item_id`` at ``now``.

    ``groups_present`` are the groups of the people present (duplicates are fine); they decide which
    groups are reported as not having spoken yet.
    """
    tracks: dict[int, _ItemTrack] = {}
    meeting_seconds: dict[str, float] = {}
    meeting_heard: set[str] = set()
    max_entry_id = 0

    def track_of(key: int) -> _ItemTrack:
        return tracks.setdefault(key, _ItemTrack())

    def stop(track: _ItemTrack, at: datetime) -> None:
        speaker = track.current
        if speaker is None:
            return
        if track.running_since is not None:
            track.elapsed += _seconds(track.running_since, at)
        track.group_seconds[speaker.group] = track.group_seconds.get(speaker.group, 0.0) + track.elapsed
        meeting_seconds[speaker.group] = meeting_seconds.get(speaker.group, 0.0) + track.elapsed
        track.current, track.started_at, track.running_since, track.elapsed = None, None, None, 0.0

    for event in events:
        max_entry_id = max(max_entry_id, event.entry_id)
        track = track_of(event.item_id)
        waiting = next((e for e in track.waiting if e.entry_id == event.entry_id), None)
        if event.kind == ADD:
            if waiting is None:
                track.waiting.append(
                    SpeakerEntry(
                        event.entry_id, event.name, event.group, event.person_id, event.point_of_order, event.at
                    )
                )
        elif event.kind == REMOVE:
            if waiting is not None:
                track.waiting.remove(waiting)
        elif event.kind == MOVE_UP:
            if waiting is None:
                continue
            shown = _ordered(track, first_time_priority)
            position = shown.index(waiting)
            if position == 0:
                continue
            before = shown[position - 1]
            if _rank(before, track.spoken_keys, first_time_priority) != _rank(
                waiting, track.spoken_keys, first_time_priority
            ):
                continue
            i, j = track.waiting.index(before), track.waiting.index(waiting)
            track.waiting[i], track.waiting[j] = waiting, before
        elif event.kind == START:
            if waiting is None:
                continue
            stop(track, event.at)
            track.waiting.remove(waiting)
            track.current, track.started_at, track.running_since = waiting, event.at, event.at
            if waiting.key not in track.spoken_keys:
                track.spoken_keys.add(waiting.key)
                track.spoken_names.append(waiting.name)
            track.groups_heard.add(waiting.group)
            meeting_heard.add(waiting.group)
        elif event.kind == STOP:
            if track.current is not None and track.current.entry_id == event.entry_id:
                stop(track, event.at)
        elif event.kind == PAUSE:
            if (
                track.current is not None
                and track.current.entry_id == event.entry_id
                and track.running_since is not None
            ):
                track.elapsed += _seconds(track.running_since, event.at)
                track.running_since = None
        elif event.kind == RESUME:
            if track.current is not None and track.current.entry_id == event.entry_id and track.running_since is None:
                track.running_since = event.at

    # Speeches still going on count up to now, in every item's totals.
    item_seconds = {key: dict(t.group_seconds) for key, t in tracks.items()}
    live_elapsed: dict[int, float] = {}
    for key, t in tracks.items():
        if t.current is None:
            continue
        elapsed = t.elapsed + (_seconds(t.running_since, now) if t.running_since is not None else 0.0)
        live_elapsed[key] = elapsed
        group = t.current.group
        item_seconds[key][group] = item_seconds[key].get(group, 0.0) + elapsed
        meeting_seconds[group] = meeting_seconds.get(group, 0.0) + elapsed

    track = track_of(item_id)
    present = tuple(dict.fromkeys(groups_present))
    per_item = {group: 0.0 for group in present} | item_seconds.get(item_id, {})
    per_meeting = {group: 0.0 for group in present} | meeting_seconds

    queue = tuple(
        SpeakerEntry(e.entry_id, e.name, e.group, e.person_id, e.point_of_order, e.added_at, e.key in track.spoken_keys)
        for e in _ordered(track, first_time_priority)
    )
    current = None
    if track.current is not None and track.started_at is not None:
        elapsed = live_elapsed[item_id]
        remaining = None if time_limit_seconds is None else time_limit_seconds - elapsed
        current = CurrentSpeech(
            entry=track.current,
            started_at=track.started_at,
            elapsed_seconds=elapsed,
            paused=track.running_since is None,
            time_limit_seconds=time_limit_seconds,
            remaining_seconds=remaining,
            phase=NORMAL if remaining is None else phase_for(remaining, time_limit_seconds or 0, warning),
        )
    return SpeakersState(
        item_id=item_id,
        now=now,
        queue=queue,
        current=current,
        spoken=tuple(track.spoken_names),
        group_seconds_item=per_item,
        group_seconds_meeting=per_meeting,
        groups_silent_item=tuple(g for g in present if g not in track.groups_heard),
        groups_silent_meeting=tuple(g for g in present if g not in meeting_heard),
        next_entry_id=max_entry_id + 1,
        first_time_priority=first_time_priority,
    )


# Commands: each checks the state and returns the new events for the caller to store.


def _require_waiting(state: SpeakersState, entry_id: int) -> SpeakerEntry:
    entry = state.entry(entry_id)
    if entry is None:
        raise SpeakerError("entry_not_waiting")
    return entry


def _require_current(state: SpeakersState) -> CurrentSpeech:
    if state.current is None:
        raise SpeakerError("nobody_speaking")
    return state.current


def add_speaker(
    state: SpeakersState,
    now: datetime,
    name: str,
    group: str,
    person_id: int | None = None,
    point_of_order: bool = False,
) -> list[SpeakerEvent]:
    """Put someone on the item's speakers' list."""
    name = " ".join(name.split())
    if not name:
        raise SpeakerError("name_missing")
    key = speaker_key(name, person_id)
    if any(e.key == key for e in state.queue):
        raise SpeakerError("already_waiting", name=name)
    return [SpeakerEvent(ADD, now, state.item_id, state.next_entry_id, name, group, person_id, point_of_order)]


def remove_speaker(state: SpeakersState, now: datetime, entry_id: int) -> list[SpeakerEvent]:
    """Take a waiting entry off the list."""
    _require_waiting(state, entry_id)
    return [SpeakerEvent(REMOVE, now, state.item_id, entry_id)]


def move_up(state: SpeakersState, now: datetime, entry_id: int) -> list[SpeakerEvent]:
    """Swap a waiting entry with the one before it (within its rank)."""
    entry = _require_waiting(state, entry_id)
    position = state.queue.index(entry)
    if position == 0:
        raise SpeakerError("entry_first")
    before = state.queue[position - 1]
    if before.point_of_order != entry.point_of_order or (
        state.first_time_priority and before.has_spoken != entry.has_spoken
    ):
        raise SpeakerError("priority_wins")
    return [SpeakerEvent(MOVE_UP, now, state.item_id, entry_id)]


def start_speaker(state: SpeakersState, now: datetime, entry_id: int | None = None) -> list[SpeakerEvent]:
    """Give the floor to the first waiting entry (or a chosen one); whoever was speaking stops."""
    if entry_id is None:
        if not state.queue:
            raise SpeakerError("queue_empty")
        entry_id = state.queue[0].entry_id
    _require_waiting(state, entry_id)
    events = []
    if state.current is not None:
        events.append(SpeakerEvent(STOP, now, state.item_id, state.current.entry.entry_id))
    events.append(SpeakerEvent(START, now, state.item_id, entry_id))
    return events


def stop_speaker(state: SpeakersState, now: datetime) -> list[SpeakerEvent]:
    """End the current speech."""
    current = _require_current(state)
    return [SpeakerEvent(STOP, now, state.item_id, current.entry.entry_id)]


def pause_speaker(state: SpeakersState, now: datetime) -> list[SpeakerEvent]:
    """Stop the current speaker's clock (e.g. for a question from the floor)."""
    current = _require_current(state)
    if current.paused:
        raise SpeakerError("speech_paused")
    return [SpeakerEvent(PAUSE, now, state.item_id, current.entry.entry_id)]


def carry_waiting(
    source: SpeakersState, target: SpeakersState, now: datetime, entry_ids: Sequence[int] | None = None
) -> list[SpeakerEvent]:
    """Move waiting speakers from one item's list to another's, in their order (all, or those of ``entry_ids``).

    Each leaves the source list and is added to the target's end with a new entry, keeping name,
    group, person and point of order; someone already waiting on the target is only taken off the
    source. ``target`` must be computed from the same events as ``source`` (for the next entry id).
    """
    if source.item_id == target.item_id:
        raise SpeakerError("same_item")
    moving = [e for e in source.queue if entry_ids is None or e.entry_id in entry_ids]
    if not moving:
        raise SpeakerError("nobody_waiting")
    waiting_there = {e.key for e in target.queue}
    next_id = max(source.next_entry_id, target.next_entry_id)
    events = []
    for entry in moving:
        events.append(SpeakerEvent(REMOVE, now, source.item_id, entry.entry_id))
        if entry.key in waiting_there:
            continue
        waiting_there.add(entry.key)
        events.append(
            SpeakerEvent(
                ADD, now, target.item_id, next_id, entry.name, entry.group, entry.person_id, entry.point_of_order
            )
        )
        next_id += 1
    return events


_NO_LIMIT = {"", "0", "-", "–", "kein", "keine", "ohne", "nein", "none", "no", "off", "aus", "unbegrenzt"}
_SECONDS_UNIT = r"(?:s|sek|sec|sekunden|seconds|secs)"
_MINUTES_UNIT = r"(?:m|min|mins|minute|minuten|minutes)"


def parse_speaking_time(text: str) -> int | None:
    """Speaking time per speaker typed in minutes, as seconds; None for no limit.

    "2" is two minutes (120 s), "2:30" and "2,5" two and a half, "0,5" half a minute; "90 s" is
    seconds when said so; "2 min" minutes. Empty, "0" or "kein" mean no limit. Refused
    (``SpeakerError``) when not understood or longer than :data:`MAX_SPEAKING_MINUTES`.
    """
    shown = " ".join(text.split())
    value = shown.casefold().rstrip(".")
    if value in _NO_LIMIT:
        return None
    value = value.replace(" ", "")
    seconds: float | None = None
    if match := re.fullmatch(rf"(\d+)(?:[.,](\d+))?{_MINUTES_UNIT}?", value):
        seconds = float(f"{match[1]}.{match[2] or 0}") * 60
    elif match := re.fullmatch(rf"(\d+):([0-5]\d){_MINUTES_UNIT}?", value):
        seconds = int(match[1]) * 60 + int(match[2])
    elif match := re.fullmatch(rf"(\d+){_SECONDS_UNIT}", value):
        seconds = int(match[1])
    if seconds is None:
        raise SpeakerError("speaking_time_unclear", text=shown)
    whole = round(seconds)
    if whole == 0:
        return None
    if whole > MAX_SPEAKING_MINUTES * 60:
        raise SpeakerError("speaking_time_too_long", text=shown, maximum=MAX_SPEAKING_MINUTES)
    return whole


def format_speaking_time(seconds: int | None) -> str:
    """Seconds as the speaking-time field shows them, in minutes: 120 -> "2", 150 -> "2:30"; None -> ""."""
    if not seconds:
        return ""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}" if rest else str(minutes)


def resume_speaker(state: SpeakersState, now: datetime) -> list[SpeakerEvent]:
    """Let the current speaker's clock run again."""
    current = _require_current(state)
    if not current.paused:
        raise SpeakerError("speech_running")
    return [SpeakerEvent(RESUME, now, state.item_id, current.entry.entry_id)]
