"""Attendance statistics per meeting and over a date range: what a funder's yearly report asks for.

Per meeting and per group: invited, present, walk-ins (present without an invitation), first-time
attendees (their first check-in at any meeting) and returning ones. Undone check-ins never count.
People who asked to be forgotten keep their anonymous check-ins and group, so the figures of past
meetings do not change when someone's personal data is removed.

Statistics over a range count only the meetings that have taken place: a meeting planned ahead,
with its invitations, would otherwise lower every attendance rate. The facts are read by
``records.attendance`` and counted by ``domain.attendance`` (the export counts with the same rules).
"""

from __future__ import annotations

from datetime import date

from integra_tui.domain.attendance import GroupStats, MeetingStats, RangeStats
from integra_tui.domain.attendance import meeting_stats as count_meeting
from integra_tui.records import attendance
from integra_tui.services.context import Context, list_meetings
from integra_tui.services.texts import check_range, no_such_meeting

__all__ = ["GroupStats", "MeetingStats", "RangeStats", "meeting_stats", "range_stats"]


def meeting_stats(ctx: Context, meeting_id: int) -> MeetingStats:
    """The counts of one meeting."""
    meetings = list_meetings(ctx)
    meeting = next((m for m in meetings if m.id == meeting_id), None)
    if meeting is None:
        raise no_such_meeting(meeting_id)
    return count_meeting(attendance.facts(ctx.store, meetings), meeting)


def range_stats(ctx: Context, date_from: date | None = None, date_to: date | None = None) -> RangeStats:
    """Every meeting from ``date_from`` to ``date_to`` (both included; open ends allowed) with totals.

    Only meetings that have taken place count (``not_held`` says how many others lay in the range).
    In the totals, ``present`` counts attendances (one person at three meetings counts three
    times), ``distinct`` counts different people, ``first_time`` the people whose first meeting
    ever lies in the range, and ``returning`` the attendances of people who had come before.
    """
    check_range(date_from, date_to)
    return attendance.range_stats(ctx.store, list_meetings(ctx), ctx.today(), date_from, date_to)
