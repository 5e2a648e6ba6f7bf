"""Table ``timer_events``: what the moderator did to the clock, one document per event.

Stored fields (``domain.agenda.TimerEvent``), in document-id order (the order they happened)::

    meeting_id    int
    kind          str          meeting_start | meeting_end | item_start | item_pause | item_resume |
                               item_done | item_skip | item_defer | item_extend | item_reopen
    at            str          wall-clock time, ISO 8601 with offset
    item_id       int | None   the agenda item (None for meeting_start and meeting_end)
    minutes       int          minutes granted (item_extend), else 0
    choice        str          item_extend: "extend" (the meeting runs longer), "buffer" (from the
                               meeting's planned buffer), "take_from" (from item ``from_item_id``);
                               item_defer: "overrun" when the rest of an overrun item was deferred,
                               "" for a plain deferral
    from_item_id  int | None   item_extend with take_from: the item that gave the minutes

Events are never changed or removed: the agenda's state is replayed from them
(``domain.agenda.compute_state``).
"""

from __future__ import annotations

from collections.abc import Iterable

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import TimerEvent
from integra_tui.records.base import Store

__all__ = ["TABLE", "add", "item_started", "meeting_started", "of_meeting"]

TABLE = "timer_events"


def of_meeting(store: Store, meeting_id: int) -> list[TimerEvent]:
    """The meeting's events in the order they were stored."""
    docs = sorted(store.find(TABLE, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [TimerEvent.from_doc(doc) for doc in docs]


def add(store: Store, meeting_id: int, events: Iterable[TimerEvent]) -> None:
    """Store new events of the meeting, in order, in one write."""
    docs = [{**event.to_doc(), "meeting_id": meeting_id} for event in events]
    if docs:
        store.table(TABLE).insert_multiple(docs)


def item_started(store: Store, item_id: int) -> bool:
    """Whether the item was ever started (then it stays in the minutes and cannot be removed)."""
    return any(doc.get("kind") == timer.ITEM_START for doc in store.find(TABLE, "item_id", item_id))


def meeting_started(store: Store, meeting_id: int) -> bool:
    """Whether the meeting's clock was ever started."""
    return any(doc.get("kind") == timer.MEETING_START for doc in store.find(TABLE, "meeting_id", meeting_id))
