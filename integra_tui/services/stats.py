"""Attendance statistics per meeting and over a date range: what a funder's yearly report asks for.

Per meeting and per group: invited, present, walk-ins (present without an invitation), first-time
attendees (their first check-in at any meeting) and returning ones. Undone check-ins never count.
People who asked to be forgotten keep their anonymous check-ins and group, so the figures of past
meetings do not change when someone's personal data is removed.

Statistics over a range count only the meetings that have taken place
(``services.meetings.has_taken_place``): a meeting planned ahead, with its invitations, would
otherwise lower every attendance rate.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from integra_tui.domain.models import Meeting
from integra_tui.i18n import _
from integra_tui.records import checkins, invitees, persons
from integra_tui.records import groups as group_records
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import Context, ServiceError, list_meetings
from integra_tui.services.texts import no_such_meeting

__all__ = ["GroupStats", "MeetingStats", "RangeStats", "meeting_stats", "range_stats"]


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


class _Facts:
    """Everything the counts need, read once: check-ins, invitations, groups, first attendance."""

    def __init__(self, ctx: Context) -> None:
        self.meetings = list_meetings(ctx)
        self.order = {m.id: position for position, m in enumerate(self.meetings)}
        self.present: dict[int, set[int]] = defaultdict(set)
        for check_in in checkins.every_active(ctx.store):
            if check_in.meeting_id in self.order:
                self.present[check_in.meeting_id].add(check_in.person_id)
        self.invited: dict[int, set[int]] = defaultdict(set)
        for meeting in self.meetings:
            self.invited[meeting.id] = invitees.invited_ids(ctx.store, meeting.id)
        self.group_of = persons.group_by_id(ctx.store)
        # A person's first meeting: the earliest (by date, then id) at which they were checked in.
        self.first_meeting: dict[int, int] = {}
        for meeting in self.meetings:
            for person_id in self.present.get(meeting.id, ()):
                self.first_meeting.setdefault(person_id, meeting.id)
        known = group_records.names(ctx.store)
        seen = set(self.group_of.values())
        self.group_order = known + sorted(g for g in seen if g not in known and g) + ([""] if "" in seen else [])


def _count(facts: _Facts, meeting: Meeting, only_group: str | None) -> GroupStats:
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


def _meeting_stats(facts: _Facts, meeting: Meeting) -> MeetingStats:
    total = _count(facts, meeting, None)
    by_group = [_count(facts, meeting, group) for group in facts.group_order]
    return MeetingStats(meeting, total, [g for g in by_group if g.invited or g.present])


def meeting_stats(ctx: Context, meeting_id: int) -> MeetingStats:
    """The counts of one meeting."""
    facts = _Facts(ctx)
    meeting = next((m for m in facts.meetings if m.id == meeting_id), None)
    if meeting is None:
        raise no_such_meeting(meeting_id)
    return _meeting_stats(facts, meeting)


def _sum(facts: _Facts, meetings: list[Meeting], group: str | None) -> GroupStats:
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


def range_stats(ctx: Context, date_from: date | None = None, date_to: date | None = None) -> RangeStats:
    """Every meeting from ``date_from`` to ``date_to`` (both included; open ends allowed) with totals.

    Only meetings that have taken place count (``not_held`` says how many others lay in the range).
    In the totals, ``present`` counts attendances (one person at three meetings counts three
    times), ``distinct`` counts different people, ``first_time`` the people whose first meeting
    ever lies in the range, and ``returning`` the attendances of people who had come before.
    """
    if date_from and date_to and date_from > date_to:
        raise ServiceError(_("Der Zeitraum endet vor seinem Beginn."))
    facts = _Facts(ctx)
    in_range = [
        m
        for m in facts.meetings
        if (date_from is None or m.date >= date_from) and (date_to is None or m.date <= date_to)
    ]
    chosen = [m for m in in_range if meeting_records.has_taken_place(ctx.store, m, ctx.today())]
    by_group = [_sum(facts, chosen, group) for group in facts.group_order]
    return RangeStats(
        date_from=date_from,
        date_to=date_to,
        meetings=[_meeting_stats(facts, m) for m in chosen],
        total=_sum(facts, chosen, None),
        by_group=[g for g in by_group if g.invited or g.present],
        not_held=len(in_range) - len(chosen),
    )
