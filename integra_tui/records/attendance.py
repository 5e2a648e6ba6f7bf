"""Attendance read across the check-ins, the invitations and the people (no table of its own).

What the attendance statistics count (``domain.attendance``), read once: the people with an active
check-in at each meeting (undone check-ins never count, ``records.checkins``), those invited
(``records.invitees``), each person's group (forgotten people keep theirs and their anonymous
check-ins, so the figures of past meetings do not change) and each person's first meeting.

The rule of a range, stated once (:func:`range_stats`): only meetings that have taken place count
(``records.meetings.has_taken_place``); a meeting planned ahead, with its invitations, would
otherwise lower every attendance rate.

A person's engagement (:func:`engagement`) is what an attendance confirmation says: the meetings
they were checked in at, and while their data is kept, the agenda items they presented, how often
they spoke and the action items they own (a forgotten person keeps only the anonymous check-ins).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from integra_tui.domain.attendance import AttendanceFacts, Engagement, RangeStats
from integra_tui.domain.attendance import range_stats as count_range
from integra_tui.domain.models import CheckIn, Meeting, Person
from integra_tui.domain.names import fold
from integra_tui.records import agenda_items, captures, checkins, groups, invitees, meetings, persons, speaker_events
from integra_tui.records.base import Store

__all__ = ["engagement", "facts", "range_stats"]


def facts(store: Store, every_meeting: Sequence[Meeting]) -> AttendanceFacts:
    """The facts the counts need, of ``every_meeting`` (oldest first, as ``services.context.list_meetings``)."""
    order = {m.id for m in every_meeting}
    present: dict[int, set[int]] = defaultdict(set)
    for check_in in checkins.every_active(store):
        if check_in.meeting_id in order:
            present[check_in.meeting_id].add(check_in.person_id)
    invited = {meeting.id: invitees.invited_ids(store, meeting.id) for meeting in every_meeting}
    group_of = persons.group_by_id(store)
    first_meeting: dict[int, int] = {}
    for meeting in every_meeting:
        for person_id in present.get(meeting.id, ()):
            first_meeting.setdefault(person_id, meeting.id)
    known = groups.names(store)
    seen = set(group_of.values())
    group_order = known + sorted(g for g in seen if g not in known and g) + ([""] if "" in seen else [])
    return AttendanceFacts(every_meeting, present, invited, group_of, first_meeting, group_order)


def range_stats(
    store: Store, every_meeting: Sequence[Meeting], today: date, date_from: date | None, date_to: date | None
) -> RangeStats:
    """Every meeting from ``date_from`` to ``date_to`` (both included; open ends allowed) that has taken place by
    ``today``, counted (``domain.attendance.range_stats``; ``not_held`` says how many others lay in the range)."""
    read = facts(store, every_meeting)
    in_range = [
        m
        for m in every_meeting
        if (date_from is None or m.date >= date_from) and (date_to is None or m.date <= date_to)
    ]
    held = [m for m in in_range if meetings.has_taken_place(store, m, today)]
    return count_range(read, held, len(in_range) - len(held), date_from, date_to)


def engagement(store: Store, person: Person, every_meeting: Sequence[Meeting]) -> Engagement:
    """The meetings ``person`` attended (of ``every_meeting``, oldest first) and the roles they held there."""
    meetings_by_id = {m.id: m for m in every_meeting}
    order = {m.id: position for position, m in enumerate(every_meeting)}
    found = Engagement(person=person)
    first: dict[int, CheckIn] = {}
    for check_in in sorted(checkins.active_of_person(store, person.id), key=lambda c: c.at):
        if check_in.meeting_id in meetings_by_id:
            first.setdefault(check_in.meeting_id, check_in)
    found.attended = [
        (meetings_by_id[mid], check_in) for mid, check_in in sorted(first.items(), key=lambda kv: order[kv[0]])
    ]
    if not persons.is_living(person):
        return found
    name = fold(person.name)
    for item in agenda_items.presented_by(store, name, meetings_by_id):
        found.presented.append((meetings_by_id[item.meeting_id], item.title))
    found.presented.sort(key=lambda pair: order[pair[0].id])
    spoken = speaker_events.speeches_of(store, person.id, name, meetings_by_id)
    found.speeches = [
        (meetings_by_id[mid], count) for mid, count in sorted(spoken.items(), key=lambda kv: order[kv[0]])
    ]
    found.owned = [c for c in captures.live(store, kinds=(captures.ACTION,)) if fold(c.owner) == name]
    return found
