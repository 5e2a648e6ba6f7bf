"""Attendance counted per meeting and over a range: invited, present, walk-ins, first-time and returning attendees.

One person's part across meetings (:class:`Engagement`: attended, presented, spoke, owns action
items) is read by ``records.attendance.engagement`` for the attendance confirmation.

Pure counting over :class:`AttendanceFacts` (who was present and invited at which meeting, each
person's group and first meeting), which ``records.attendance`` reads from the check-ins, the
invitations and the people. The statistics of ``services.stats``, the export and the funder's
report count with these rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from integra_tui.domain.models import Capture, CheckIn, Meeting, Person

__all__ = ["AttendanceFacts", "Engagement", "GroupStats", "MeetingStats", "RangeStats", "meeting_stats", "range_stats"]


@dataclass
class GroupStats:
    """The counts of one group (or of everyone, with group "")."""

    group: str
    invited: int = 0
    present: int = 0
    walk_ins: int = 0
    first_time: int = 0
    returning: int = 0
    distinct: int = 0
    """Different people present (equal to ``present`` for one meeting)."""


@dataclass
class MeetingStats:
    """One meeting's counts, in total and per group."""

    meeting: Meeting
    total: GroupStats
    by_group: list[GroupStats] = field(default_factory=list)


@dataclass
class RangeStats:
    """Every meeting in a date range, plus the totals over the range."""

    date_from: date | None
    date_to: date | None
    meetings: list[MeetingStats]
    total: GroupStats
    by_group: list[GroupStats]
    not_held: int = 0
    """Meetings in the range left out because they have not taken place (planned ahead, or never held)."""


@dataclass(frozen=True)
class AttendanceFacts:
    """What the counts need to know, read once."""

    meetings: Sequence[Meeting]
    """Every meeting, oldest first."""
    present: Mapping[int, set[int]]
    """Per meeting, the people with an active check-in."""
    invited: Mapping[int, set[int]]
    """Per meeting, the people invited."""
    group_of: Mapping[int, str]
    """Each person's group (forgotten people keep theirs)."""
    first_meeting: Mapping[int, int]
    """Each person's first meeting: the earliest (by date, then id) they were checked in at."""
    group_order: Sequence[str]
    """The groups in the order they are listed: the store's, then others by name, then "" (no group)."""


def _count(facts: AttendanceFacts, meeting: Meeting, only_group: str | None) -> GroupStats:
    def keep(person_id: int) -> bool:
        return only_group is None or facts.group_of.get(person_id, "") == only_group

    present = {p for p in facts.present.get(meeting.id, set()) if keep(p)}
    invited = {p for p in facts.invited.get(meeting.id, set()) if keep(p)}
    first = {p for p in present if facts.first_meeting.get(p) == meeting.id}
    return GroupStats(
        group=only_group or "",
        invited=len(invited),
        present=len(present),
        walk_ins=len(present - invited),
        first_time=len(first),
        returning=len(present) - len(first),
        distinct=len(present),
    )


def meeting_stats(facts: AttendanceFacts, meeting: Meeting) -> MeetingStats:
    """One meeting's counts, in total and per group (groups with nobody invited or present left out)."""
    total = _count(facts, meeting, None)
    by_group = [_count(facts, meeting, group) for group in facts.group_order]
    return MeetingStats(meeting, total, [g for g in by_group if g.invited or g.present])


def _sum(facts: AttendanceFacts, meetings: Sequence[Meeting], group: str | None) -> GroupStats:
    total = GroupStats(group=group or "")
    people: set[int] = set()
    for meeting in meetings:
        counts = _count(facts, meeting, group)
        total.invited += counts.invited
        total.present += counts.present
        total.walk_ins += counts.walk_ins
        total.first_time += counts.first_time
        total.returning += counts.returning
        people |= {
            p for p in facts.present.get(meeting.id, set()) if group is None or facts.group_of.get(p, "") == group
        }
    total.distinct = len(people)
    return total


def range_stats(
    facts: AttendanceFacts, held: Sequence[Meeting], not_held: int, date_from: date | None, date_to: date | None
) -> RangeStats:
    """The meetings ``held`` in a range with their totals (``not_held``: how many others lay in the range).

    In the totals, ``present`` counts attendances (one person at three meetings counts three
    times), ``distinct`` counts different people, ``first_time`` the people whose first meeting
    ever lies in the range, and ``returning`` the attendances of people who had come before.
    """
    by_group = [_sum(facts, held, group) for group in facts.group_order]
    return RangeStats(
        date_from=date_from,
        date_to=date_to,
        meetings=[meeting_stats(facts, m) for m in held],
        total=_sum(facts, held, None),
        by_group=[g for g in by_group if g.invited or g.present],
        not_held=not_held,
    )


@dataclass
class Engagement:
    """What a person did across meetings: attended, presented, spoke, owns action items."""

    person: Person
    attended: list[tuple[Meeting, CheckIn]] = field(default_factory=list)
    """Meetings the person was checked in at, oldest first, with the first check-in."""
    presented: list[tuple[Meeting, str]] = field(default_factory=list)
    """(meeting, agenda item title) where the person was the presenter."""
    speeches: list[tuple[Meeting, int]] = field(default_factory=list)
    """(meeting, number of times the person spoke)."""
    owned: list[Capture] = field(default_factory=list)
    """Action items the person is named owner of."""
