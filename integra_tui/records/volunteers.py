"""Table ``volunteer_marks``: attendees who want to help ("möchte sich engagieren"), one document per mark.

Stored fields (``domain.models.VolunteerMark``)::

    person_id     int
    meeting_id    int | None   the meeting they were marked at (None: afterwards)
    what          str          what they would like to do, in their words
    when          str          when they could ("dienstags nachmittags"), in their words
    marked_at     str          ISO 8601 with offset
    contacted_at  str          when someone contacted them ("" until then)
    contacted_by  str          who did (a person or organisation, as typed)
    note          str          what came of it
    removed_at    str          when the mark was taken back ("" while it counts)

The rules, stated once: a mark **counts** unless it was removed; it **waits** for a contact while
it counts and nobody has contacted the person yet (:func:`is_waiting`); the funder's count takes
every mark that counts on the day it was made, forgotten people's too (:func:`marked_days`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, tzinfo
from typing import Any

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import VolunteerMark, from_doc
from integra_tui.records.base import Store

__all__ = [
    "TABLE",
    "add",
    "counting",
    "from_stored",
    "get",
    "is_counting",
    "is_waiting",
    "mark_contacted",
    "marked_days",
    "of_person",
    "remove",
    "set_texts",
    "stored_matching",
    "stored_of_person",
]

TABLE = "volunteer_marks"


def is_counting(mark: VolunteerMark | Mapping[str, Any]) -> bool:
    """The rule: a mark counts unless it was removed."""
    removed = mark.get("removed_at") if isinstance(mark, Mapping) else mark.removed_at
    return not removed


def is_waiting(mark: VolunteerMark) -> bool:
    """The rule: a counting mark waits until someone contacted the person."""
    return is_counting(mark) and not mark.contacted_at


def from_stored(doc: Mapping[str, Any]) -> VolunteerMark:
    """The mark a stored document describes."""
    return from_doc(VolunteerMark, doc)


def add(store: Store, mark: VolunteerMark) -> VolunteerMark:
    """Store a new mark; returns it with its id."""
    mark.id = store.insert(TABLE, mark.to_doc())
    return mark


def get(store: Store, mark_id: int) -> VolunteerMark | None:
    """The mark ``mark_id`` (removed or not), or None."""
    doc = store.get(TABLE, mark_id)
    return from_stored(doc) if doc is not None else None


def counting(store: Store) -> list[VolunteerMark]:
    """Every mark that counts, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE) if is_counting(doc)]


def marked_days(store: Store, tz: tzinfo) -> list[tuple[date, bool]]:
    """Every mark that counts and has a time, as (the day it was made in ``tz``, whether the person was contacted)."""
    return [
        (from_iso(mark.marked_at).astimezone(tz).date(), bool(mark.contacted_at))
        for mark in counting(store)
        if mark.marked_at
    ]


def of_person(store: Store, person_id: int) -> list[VolunteerMark]:
    """A person's marks, oldest first, removed ones too."""
    return [from_stored(doc) for doc in sorted(store.find(TABLE, "person_id", person_id), key=lambda d: d["id"])]


def mark_contacted(store: Store, mark_id: int, *, at: str, by: str, note: str) -> None:
    """Record that someone contacted the person (who, when, what came of it)."""
    store.update(TABLE, mark_id, {"contacted_at": at, "contacted_by": by, "note": note})


def remove(store: Store, mark_id: int, at: str) -> None:
    """Take a mark back: recorded with the time, never deleted."""
    store.update(TABLE, mark_id, {"removed_at": at})


def stored_of_person(store: Store, person_id: int) -> list[dict[str, Any]]:
    """A person's marks as stored (right of access)."""
    return sorted(store.find(TABLE, "person_id", person_id), key=lambda d: d["id"])


def stored_matching(store: Store, wanted: Any) -> list[dict[str, Any]]:
    """Marks (removed ones too) for which ``wanted(stored document)`` is true, as stored."""
    return store.search(TABLE, wanted)


def set_texts(store: Store, mark_id: int, fields: Mapping[str, str]) -> None:
    """Replace texts of a mark: what, when, contacted_by, note (a new what and when; forgetting a person)."""
    allowed = {"what", "when", "contacted_by", "note"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not a text of a mark: {sorted(unknown)}")
    if fields:
        store.update(TABLE, mark_id, dict(fields))
