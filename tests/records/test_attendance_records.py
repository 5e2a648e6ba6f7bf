"""Attendance read across check-ins, invitations and people, on both stores, and counted by ``domain.attendance``.

Undone check-ins never count, walk-ins are present without an invitation, a person's first meeting
is the earliest they were checked in at, and a range counts only the meetings that took place.
"""

from __future__ import annotations

from datetime import date

from integra_tui.domain.models import CheckIn, Meeting, Person
from integra_tui.records import attendance, checkins, groups, invitees, meetings, persons

AT = "2026-11-27T18:00:00+01:00"


def _setup(store):
    groups.ensure(store, ["Ehrenamtlich", "Zugewandert"])
    autumn = meetings.add(store, Meeting(title="Herbst", date=date(2026, 10, 2)))
    winter = meetings.add(store, Meeting(title="Winter", date=date(2026, 12, 4)))
    ahead = meetings.add(store, Meeting(title="Frühling", date=date(2027, 3, 5)))
    anna = persons.add(store, Person(name="Anna", group="Ehrenamtlich"), "anna")
    ben = persons.add(store, Person(name="Ben", group="Zugewandert"), "ben")
    cem = persons.add(store, Person(name="Cem"), "cem")
    for meeting in (autumn, winter, ahead):
        invitees.invite(store, meeting.id, anna.id, AT)
    invitees.invite(store, winter.id, ben.id, AT)
    checkins.add(store, CheckIn(meeting_id=autumn.id, person_id=anna.id, at=AT))
    checkins.add(store, CheckIn(meeting_id=winter.id, person_id=anna.id, at=AT))
    checkins.add(store, CheckIn(meeting_id=winter.id, person_id=cem.id, at=AT))  # a walk-in
    undone = checkins.add(store, CheckIn(meeting_id=winter.id, person_id=ben.id, at=AT))
    checkins.undo(store, undone.id, AT, "Tür")
    return [autumn, winter, ahead], anna, ben, cem


def test_the_facts_leave_undone_check_ins_out_and_know_each_first_meeting(store) -> None:
    every, anna, ben, cem = _setup(store)
    autumn, winter, _ahead = every
    facts = attendance.facts(store, every)
    assert facts.present[winter.id] == {anna.id, cem.id} and facts.invited[winter.id] == {anna.id, ben.id}
    assert facts.first_meeting == {anna.id: autumn.id, cem.id: winter.id}
    assert list(facts.group_order) == ["Ehrenamtlich", "Zugewandert", ""]


def test_a_range_counts_only_the_meetings_that_took_place(store) -> None:
    every, _anna, _ben, _cem = _setup(store)
    stats = attendance.range_stats(store, every, date(2026, 12, 10), None, None)
    assert [m.meeting.title for m in stats.meetings] == ["Herbst", "Winter"] and stats.not_held == 1
    winter = stats.meetings[1].total
    assert (winter.invited, winter.present, winter.walk_ins, winter.first_time, winter.returning) == (2, 2, 1, 1, 1)
    assert (stats.total.present, stats.total.distinct, stats.total.first_time) == (3, 2, 2)
    assert [g.group for g in stats.by_group] == ["Ehrenamtlich", "Zugewandert", ""]
    only_winter = attendance.range_stats(store, every, date(2026, 12, 10), date(2026, 12, 1), date(2026, 12, 31))
    assert [m.meeting.title for m in only_winter.meetings] == ["Winter"] and only_winter.not_held == 0


def test_a_persons_engagement_attended_presented_owns_and_forgotten_keeps_only_the_check_ins(store) -> None:
    from integra_tui.domain.models import AgendaEntry, Capture
    from integra_tui.records import agenda_items, captures

    every, anna, _ben, cem = _setup(store)
    autumn, winter, _ahead = every
    agenda_items.add(store, AgendaEntry(meeting_id=winter.id, title="Vortrag Wohnen", presenter="Anna"))
    captures.add(store, Capture(meeting_id=autumn.id, kind="action", text="Flyer", owner="anna"))
    captures.add(store, Capture(meeting_id=autumn.id, kind="action", text="weg", owner="Anna", removed_at=AT))
    found = attendance.engagement(store, anna, every)
    assert [m.title for m, _check_in in found.attended] == ["Herbst", "Winter"]
    assert [(m.title, title) for m, title in found.presented] == [("Winter", "Vortrag Wohnen")]
    assert [c.text for c in found.owned] == ["Flyer"] and found.speeches == []
    forgotten = Person(name="(gelöscht)", forgotten=True, id=cem.id)
    kept = attendance.engagement(store, forgotten, every)
    assert [m.title for m, _check_in in kept.attended] == ["Winter"] and not kept.presented and not kept.owned
