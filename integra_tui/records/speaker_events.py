"""Table ``speaker_events``: the speakers' lists of all items of a meeting, one document per event.

Stored fields (``domain.speakers.SpeakerEvent``), in document-id order::

    meeting_id      int
    kind            str          add | remove | move_up | start | stop | pause | resume
    at              str          ISO 8601 with offset
    item_id         int          the agenda item whose list it is
    entry_id        int          one request to speak; unique within the meeting
    name            str          who asked to speak (on add; "(gelöscht)" once forgotten)
    group           str          their group (on add)
    person_id       int | None   the person, when the name was picked from the people present or invited
    point_of_order  bool

The rule, stated once: an entry is **a person's** when it names their id, or, for an entry typed as
free text (no person id), when its name folds to theirs (``domain.names.fold``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from integra_tui.domain import speakers as speaking
from integra_tui.domain.names import fold
from integra_tui.domain.speakers import SpeakerEvent
from integra_tui.records.base import Store

__all__ = ["TABLE", "add", "is_persons", "of_meeting", "rename", "speeches_of", "stored_of_person"]

TABLE = "speaker_events"


def is_persons(doc: Mapping[str, Any], person_id: int, folded_name: str) -> bool:
    """The rule: whether a stored event's entry is the person's (by id, or by name for free text)."""
    if doc.get("person_id") == person_id:
        return True
    return bool(folded_name) and doc.get("person_id") is None and fold(doc.get("name") or "") == folded_name


def of_meeting(store: Store, meeting_id: int) -> list[SpeakerEvent]:
    """The meeting's events (all items) in the order they were stored."""
    docs = sorted(store.find(TABLE, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [SpeakerEvent.from_doc(doc) for doc in docs]


def add(store: Store, meeting_id: int, events: Iterable[SpeakerEvent]) -> None:
    """Store new events of the meeting, in order, in one write."""
    docs = [{**event.to_doc(), "meeting_id": meeting_id} for event in events]
    if docs:
        store.table(TABLE).insert_multiple(docs)


def stored_of_person(store: Store, person_id: int, folded_name: str) -> list[dict[str, Any]]:
    """The events whose entry is the person's (see the rule above), as stored (right of access)."""
    return store.search(TABLE, lambda d: is_persons(d, person_id, folded_name))


def rename(store: Store, event_ids: Iterable[int], name: str) -> None:
    """Put ``name`` where these events' name was (forgetting a person)."""
    for event_id in event_ids:
        store.update(TABLE, event_id, {"name": name})


def speeches_of(store: Store, person_id: int, folded_name: str, meeting_ids: Collection[int]) -> Counter[int]:
    """How often the person was given the floor, per meeting (of ``meeting_ids``)."""
    # A start event names only the entry; whose entry it is was said when the entry was added.
    mine: set[tuple[Any, Any]] = set()
    spoken: Counter[int] = Counter()
    docs = store.search(TABLE, lambda d: d.get("kind") in (speaking.ADD, speaking.START))
    for doc in sorted(docs, key=lambda d: d["id"]):
        key = (doc.get("meeting_id"), doc.get("entry_id"))
        if doc["kind"] == speaking.ADD:
            if is_persons(doc, person_id, folded_name):
                mine.add(key)
        elif key in mine and doc.get("meeting_id") in meeting_ids:
            spoken[int(doc["meeting_id"])] += 1
    return spoken
