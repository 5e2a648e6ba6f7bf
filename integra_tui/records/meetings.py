"""Table ``meetings``: one document per round table.

Stored fields (``domain.models.Meeting``)::

    title            str
    date             str          ISO date, e.g. "2026-11-27"
    start_time       str | None   "17:00:00" (``time.isoformat()``), None without a start time
    place            str
    topic            str
    status           str          planned | running | closed (``domain.models.MEETING_STATUSES``)
    planned_minutes  int
    demo             bool         only on the built-in demo meeting (missing elsewhere)

Which meeting is current, next or earlier is decided in ``integra_tui.domain.meetings``.

The rule, stated once: a meeting **takes the deferred items** that earlier meetings left waiting
(``records.agenda_items.is_waiting``) when it is added and when it is opened for moderation
(:func:`take_deferred`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from integra_tui.domain import meetings as order
from integra_tui.domain.models import Meeting, from_doc
from integra_tui.records import agenda_items, checkins, timer_events
from integra_tui.records.base import Store

__all__ = [
    "TABLE",
    "add",
    "add_planned",
    "demo_meetings",
    "every",
    "from_stored",
    "get",
    "has_taken_place",
    "mark_demo",
    "next_after",
    "set_date",
    "set_status",
    "take_deferred",
]

TABLE = "meetings"


def from_stored(doc: Mapping[str, Any]) -> Meeting:
    """The meeting a stored document describes."""
    return from_doc(Meeting, doc)


def get(store: Store, meeting_id: int | None) -> Meeting | None:
    """The meeting ``meeting_id``, or None."""
    doc = store.get(TABLE, meeting_id)
    return from_stored(doc) if doc is not None else None


def every(store: Store) -> list[Meeting]:
    """All meetings, in the order they were created (``domain.meetings.chronological`` sorts by date)."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def next_after(store: Store, meeting: Meeting) -> Meeting | None:
    """The first meeting planned after ``meeting``, if one exists."""
    return order.next_after(order.chronological(every(store)), meeting)


def has_taken_place(store: Store, meeting: Meeting, today: date) -> bool:
    """Whether the meeting has taken place by ``today``: not in the future, and started or someone checked in."""
    return order.has_taken_place(
        meeting,
        today,
        started=timer_events.meeting_started(store, meeting.id),
        check_ins=checkins.count_present(store, meeting.id),
    )


def add(store: Store, meeting: Meeting) -> Meeting:
    """Store a new meeting; returns it with its id."""
    meeting.id = store.insert(TABLE, meeting.to_doc())
    return meeting


def take_deferred(store: Store, meeting: Meeting) -> int:
    """Put the items earlier meetings left waiting on the deferred list on this meeting's agenda; returns how many.

    Earlier: before ``meeting`` in ``domain.meetings.order_key`` order. Call inside a transaction.
    """
    earlier = {m.id for m in order.earlier_than(every(store), meeting)}
    waiting = agenda_items.waiting_from(store, earlier)
    for item in waiting:
        agenda_items.carry(store, item, meeting.id)
    return len(waiting)


def add_planned(store: Store, meeting: Meeting) -> Meeting:
    """Store a new meeting (``domain.meetings.new_meeting``) and let it take the waiting deferred items.

    Returns it with its id. Call inside a transaction (the meeting and the items it takes: all or nothing).
    """
    add(store, meeting)
    take_deferred(store, meeting)
    return meeting


def set_status(store: Store, meeting_id: int, status: str) -> None:
    """Mark a meeting planned, running or closed."""
    store.update(TABLE, meeting_id, {"status": status})


def set_date(store: Store, meeting_id: int, on: date) -> None:
    """Move a meeting to another day."""
    store.update(TABLE, meeting_id, {"date": on.isoformat()})


def demo_meetings(store: Store) -> list[Meeting]:
    """The built-in demo meetings (normally one), oldest first."""
    return [from_stored(doc) for doc in store.find(TABLE, "demo", True)]


def mark_demo(store: Store, meeting_id: int) -> None:
    """Mark a meeting as the built-in demo (``integra-tui demo`` refreshes it instead of adding another)."""
    store.update(TABLE, meeting_id, {"demo": True})
