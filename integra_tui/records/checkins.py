"""Table ``checkins``: someone arrived at a meeting; an undo is recorded, never deleted.

Stored fields (``domain.models.CheckIn``)::

    meeting_id      int
    person_id       int
    at              str   ISO 8601 with offset
    station         str   where ("Eingang", "Tür 2", ...)
    method          str   scan | search | walkin | override | camera | cli (``domain.models.CHECKIN_METHODS``)
    code            str   the code scanned ("" without one)
    undone_at       str   when the check-in was taken back; "" (or missing) while it counts
    undone_station  str   where it was taken back

The rule, stated once: a check-in is **active** unless it was undone (``undone_at`` set). Only
active check-ins count: present, first-time, the door's "already here", last seen, minutes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integra_tui.domain.models import CheckIn, from_doc
from integra_tui.records.base import Store

__all__ = [
    "TABLE",
    "active_of_meeting",
    "active_of_person",
    "add",
    "count_present",
    "every_active",
    "first_active",
    "from_stored",
    "get",
    "is_active",
    "present_ids",
    "stored_of_person",
    "undo",
]

TABLE = "checkins"


def is_active(check_in: CheckIn | Mapping[str, Any]) -> bool:
    """The rule: a check-in counts unless it was undone (a check-in, or its stored document)."""
    undone = check_in.get("undone_at") if isinstance(check_in, Mapping) else check_in.undone_at
    return not undone


def from_stored(doc: Mapping[str, Any]) -> CheckIn:
    """The check-in a stored document describes."""
    return from_doc(CheckIn, doc)


def get(store: Store, check_in_id: int) -> CheckIn | None:
    """The check-in ``check_in_id``, undone or not; None if there is none."""
    doc = store.get(TABLE, check_in_id)
    return from_stored(doc) if doc is not None else None


def active_of_meeting(store: Store, meeting_id: int) -> list[CheckIn]:
    """The meeting's active check-ins, in the order they were made."""
    return [from_stored(doc) for doc in store.find(TABLE, "meeting_id", meeting_id) if is_active(doc)]


def active_of_person(store: Store, person_id: int) -> list[CheckIn]:
    """The person's active check-ins at every meeting, in the order they were made."""
    return [from_stored(doc) for doc in store.find(TABLE, "person_id", person_id) if is_active(doc)]


def first_active(store: Store, meeting_id: int, person_id: int) -> CheckIn | None:
    """The person's first active check-in at the meeting: they are here already."""
    for doc in store.find(TABLE, "person_id", person_id):
        if doc.get("meeting_id") == meeting_id and is_active(doc):
            return from_stored(doc)
    return None


def present_ids(store: Store, meeting_id: int) -> list[int]:
    """The different people checked in at the meeting, in the order they first arrived."""
    ids = (int(doc["person_id"]) for doc in store.find(TABLE, "meeting_id", meeting_id) if is_active(doc))
    return list(dict.fromkeys(ids))


def count_present(store: Store, meeting_id: int) -> int:
    """How many different people are checked in at the meeting."""
    return len(present_ids(store, meeting_id))


def every_active(store: Store) -> list[CheckIn]:
    """Every active check-in of every meeting, in the order they were made."""
    return [from_stored(doc) for doc in store.all(TABLE) if is_active(doc)]


def add(store: Store, check_in: CheckIn) -> CheckIn:
    """Store a check-in durably (the call returns once it is on disk); returns it with its id."""
    check_in.id = store.insert(TABLE, check_in.to_doc())
    return check_in


def undo(store: Store, check_in_id: int, at: str, station: str) -> None:
    """Take a check-in back: recorded with when and where, never deleted."""
    store.update(TABLE, check_in_id, {"undone_at": at, "undone_station": station})


def stored_of_person(store: Store, person_id: int) -> list[dict[str, Any]]:
    """The person's check-ins as stored, every field, undone ones too (for the right of access)."""
    return store.find(TABLE, "person_id", person_id)
