"""Attendance counted as a pure rule: walk-ins, first-time and returning attendees, per group and over a range."""

from __future__ import annotations

from datetime import date

from integra_tui.domain.attendance import AttendanceFacts, meeting_stats, range_stats
from integra_tui.domain.models import Meeting

FIRST, SECOND = (
    Meeting(title="Herbst", date=date(2026, 10, 2), id=1),
    Meeting(title="Winter", date=date(2026, 12, 4), id=2),
)
FACTS = AttendanceFacts(
    meetings=[FIRST, SECOND],
    present={1: {10, 11}, 2: {10, 12}},
    invited={1: {10}, 2: {10, 11}},
    group_of={10: "Ehrenamtlich", 11: "Zugewandert", 12: "Zugewandert"},
    first_meeting={10: 1, 11: 1, 12: 2},
    group_order=["Ehrenamtlich", "Zugewandert", "Kommune"],
)


def test_one_meeting_in_total_and_per_group() -> None:
    stats = meeting_stats(FACTS, SECOND)
    t = stats.total
    assert (t.invited, t.present, t.walk_ins, t.first_time, t.returning) == (2, 2, 1, 1, 1)
    assert [(g.group, g.invited, g.present) for g in stats.by_group] == [("Ehrenamtlich", 1, 1), ("Zugewandert", 1, 1)]


def test_a_range_sums_attendances_and_counts_people_once() -> None:
    stats = range_stats(FACTS, [FIRST, SECOND], 1, None, None)
    assert (stats.total.present, stats.total.distinct, stats.total.first_time, stats.not_held) == (4, 3, 3, 1)
    assert [(g.group, g.distinct) for g in stats.by_group] == [("Ehrenamtlich", 1), ("Zugewandert", 2)]
