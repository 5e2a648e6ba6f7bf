"""Table ``meeting_plans``: what the coordinator plans for a coming meeting (topic, speaker), one document per meeting.

Stored fields (``domain.models.MeetingPlan``)::

    meeting_id         int
    topic              str          the meeting's planned topic
    topic_wish_id      int | None   the topic wish it answers (a capture of kind topic_wish)
    speaker_person_id  int | None   the invited speaker (a person, usually of the group Referent/in)
    talk_minutes       int          how long the speaker's part is planned to be (0: not said)
    note               str          anything else for the invitation letter
    created_at         str          ISO 8601 with offset
    updated_at         str          when it was last changed

The rules, stated once: a meeting has at most one plan (:func:`of_meeting`); a topic wish is
**planned** once a plan names it (:func:`planned_wish_ids`). Forgetting the speaker leaves the plan
without a speaker.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integra_tui.domain.models import MeetingPlan, from_doc
from integra_tui.records.base import Store

__all__ = [
    "TABLE",
    "clear_speaker",
    "every",
    "from_stored",
    "of_meeting",
    "of_speaker",
    "planned_wish_ids",
    "save",
    "stored_of_speaker",
]

TABLE = "meeting_plans"


def from_stored(doc: Mapping[str, Any]) -> MeetingPlan:
    """The plan a stored document describes."""
    return from_doc(MeetingPlan, doc)


def of_meeting(store: Store, meeting_id: int) -> MeetingPlan | None:
    """The meeting's plan, or None."""
    docs = sorted(store.find(TABLE, "meeting_id", meeting_id), key=lambda d: d["id"])
    return from_stored(docs[0]) if docs else None


def every(store: Store) -> list[MeetingPlan]:
    """Every plan, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def save(store: Store, plan: MeetingPlan) -> MeetingPlan:
    """Store the meeting's plan, replacing the fields of an existing one; returns it with its id."""
    with store.transaction():
        existing = of_meeting(store, plan.meeting_id)
        if existing is None:
            plan.id = store.insert(TABLE, plan.to_doc())
        else:
            plan.id = existing.id
            doc = plan.to_doc()
            doc["created_at"] = existing.created_at or plan.created_at
            plan.created_at = doc["created_at"]
            store.update(TABLE, existing.id, doc)
    return plan


def planned_wish_ids(store: Store) -> set[int]:
    """The topic wishes a plan names."""
    return {int(doc["topic_wish_id"]) for doc in store.all(TABLE) if doc.get("topic_wish_id") is not None}


def of_speaker(store: Store, person_id: int) -> list[MeetingPlan]:
    """The plans naming the person as speaker."""
    return [from_stored(doc) for doc in store.find(TABLE, "speaker_person_id", person_id)]


def stored_of_speaker(store: Store, person_id: int) -> list[dict[str, Any]]:
    """The plans naming the person as speaker, as stored (right of access)."""
    return store.find(TABLE, "speaker_person_id", person_id)


def clear_speaker(store: Store, plan_id: int, at: str) -> None:
    """The plan no longer names a speaker (forgetting them)."""
    store.update(TABLE, plan_id, {"speaker_person_id": None, "updated_at": at})
