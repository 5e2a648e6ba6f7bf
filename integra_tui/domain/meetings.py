"""Which meeting is which: their order, the current one, the next one, the earlier ones.

Pure rules over :class:`~integra_tui.domain.models.Meeting` records; the services read the
meetings (``integra_tui.records.meetings``) and ask these.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, time

from integra_tui.domain.models import Meeting

__all__ = ["chronological", "current_meeting", "earlier_than", "next_after", "order_key"]


def order_key(meeting: Meeting) -> tuple[date, int]:
    """The order in which meetings follow each other: by date, then by when they were created (id)."""
    return (meeting.date, meeting.id)


def chronological(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Meetings oldest first: by date, start time, then id (the meeting list's order)."""
    return sorted(meetings, key=lambda m: (m.date, m.start_time or time(0), m.id))


def current_meeting(meetings: Sequence[Meeting], today: date) -> Meeting | None:
    """Today's meeting (a running one first), else the next upcoming one, else the latest; None if none.

    ``meetings`` in :func:`chronological` order.
    """
    if not meetings:
        return None
    todays = [m for m in meetings if m.date == today]
    if todays:
        running = [m for m in todays if m.status == "running"]
        return (running or todays)[-1]
    upcoming = [m for m in meetings if m.date > today]
    return upcoming[0] if upcoming else meetings[-1]


def next_after(meetings: Sequence[Meeting], meeting: Meeting) -> Meeting | None:
    """The first meeting after ``meeting`` (``meetings`` in :func:`chronological` order), if one exists."""
    later = [m for m in meetings if order_key(m) > order_key(meeting) and m.id != meeting.id]
    return later[0] if later else None


def earlier_than(meetings: Iterable[Meeting], meeting: Meeting) -> list[Meeting]:
    """The meetings before ``meeting`` in :func:`order_key` order (whose action items it reviews)."""
    return [m for m in meetings if order_key(m) < order_key(meeting)]
