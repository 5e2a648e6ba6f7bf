"""Attendance statistics: per meeting and per group, first-time versus returning, totals over a date range."""

from __future__ import annotations

from datetime import date

import pytest

from integra_tui.services.context import ServiceError
from integra_tui.services.stats import meeting_stats, range_stats


def _group(stats, name):
    return next(g for g in stats.by_group if g.group == name)


def test_one_meeting_in_total_and_per_group(scenario) -> None:
    stats = meeting_stats(scenario.ctx, scenario.second)
    total = stats.total
    assert (total.invited, total.present, total.walk_ins, total.first_time, total.returning) == (7, 6, 1, 4, 2)
    # Counted against the store: active check-ins only, the undone one left out.
    active = {
        d["person_id"]
        for d in scenario.ctx.store.find("checkins", "meeting_id", scenario.second)
        if not d.get("undone_at")
    }
    assert total.present == len(active)
    interested = _group(stats, "Interessiert")
    assert (interested.invited, interested.present, interested.walk_ins, interested.first_time) == (1, 2, 1, 2)
    zugewandert = _group(stats, "Zugewandert")
    assert (zugewandert.present, zugewandert.first_time, zugewandert.returning) == (2, 1, 1)
    speakers = _group(stats, "Referent/in")
    assert (speakers.invited, speakers.present) == (1, 0)
    assert [g.group for g in stats.by_group] == [
        "Kommune",
        "Ehrenamtlich",
        "Zugewandert",
        "Interessiert",
        "Referent/in",
    ]


def test_the_first_meeting_makes_everyone_first_time(scenario) -> None:
    total = meeting_stats(scenario.ctx, scenario.first).total
    assert (total.invited, total.present, total.first_time, total.returning) == (4, 3, 3, 0)


def test_range_totals_count_attendances_and_different_people(scenario) -> None:
    whole = range_stats(scenario.ctx)
    assert [m.meeting.id for m in whole.meetings] == [scenario.first, scenario.second]
    assert (whole.total.present, whole.total.distinct, whole.total.first_time, whole.total.returning) == (9, 7, 7, 2)
    assert whole.total.present == whole.total.first_time + whole.total.returning
    later = range_stats(scenario.ctx, date(2026, 9, 1), date(2026, 12, 31))
    assert [m.meeting.id for m in later.meetings] == [scenario.second]
    # Returning attendees were first seen before the range: first-time counts only those new in it.
    assert (later.total.present, later.total.first_time, later.total.returning) == (6, 4, 2)
    assert range_stats(scenario.ctx, date(2027, 1, 1), None).meetings == []
    with pytest.raises(ServiceError):
        range_stats(scenario.ctx, date(2027, 1, 1), date(2026, 1, 1))


def test_an_undone_check_in_is_not_a_first_visit(scenario) -> None:
    stats = meeting_stats(scenario.ctx, scenario.second)
    assert _group(stats, "Referent/in").first_time == 0
