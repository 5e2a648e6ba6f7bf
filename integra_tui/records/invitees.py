"""Table ``invitees``: a person invited to one meeting, with the code that admits them.

Stored fields (``domain.models.Invitee``)::

    meeting_id      int
    person_id       int
    code            str         the invitation's current code (see ``records.codes``)
    replaced_codes  list[str]   earlier codes of this invitation (refused at the door as replaced)
    invited_at      str         ISO 8601 with offset
    walk_in         bool        True for someone who came without an invitation and was added at the door

The rules, stated once: the people **invited** to a meeting are its invitees without the walk-ins
(counts such as "12 of 30 invited" use them); every invitee, walk-ins included, may be checked in.
An invitation is one invitee and one active code of kind invitation, stored together (:func:`invite`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from integra_tui.domain.models import Invitee, Person, from_doc
from integra_tui.domain.names import fold
from integra_tui.records import codes, persons
from integra_tui.records.base import Store, plain_doc

__all__ = [
    "invite",
    "reissue",
    "with_people",
    "TABLE",
    "add",
    "add_many",
    "count_invited",
    "find",
    "from_stored",
    "get",
    "invited_ids",
    "is_invited",
    "of_meeting",
    "of_person",
    "person_ids",
    "set_code",
    "stored_of_person",
]

TABLE = "invitees"


def is_invited(invitee: Invitee | Mapping[str, Any]) -> bool:
    """The rule: an invitee counts as invited unless they came as a walk-in (an invitation, or its document)."""
    walk_in = invitee.get("walk_in") if isinstance(invitee, Mapping) else invitee.walk_in
    return not walk_in


def from_stored(doc: Mapping[str, Any]) -> Invitee:
    """The invitation a stored document describes."""
    return from_doc(Invitee, doc)


def get(store: Store, invitee_id: int) -> Invitee | None:
    """The invitation ``invitee_id``, or None."""
    doc = store.get(TABLE, invitee_id)
    return from_stored(doc) if doc is not None else None


def of_meeting(store: Store, meeting_id: int) -> list[Invitee]:
    """Every invitation to the meeting, walk-ins included, in id order."""
    return [from_stored(doc) for doc in store.find(TABLE, "meeting_id", meeting_id)]


def of_person(store: Store, person_id: int) -> list[Invitee]:
    """Every invitation of the person, in id order."""
    return [from_stored(doc) for doc in store.find(TABLE, "person_id", person_id)]


def with_people(store: Store, meeting_id: int) -> list[tuple[Invitee, Person]]:
    """The meeting's invitees (walk-ins too) with their people, sorted by name (case and accents ignored)."""
    pairs = []
    for invitee in of_meeting(store, meeting_id):
        person = persons.get(store, invitee.person_id)
        if person is not None:
            pairs.append((invitee, person))
    pairs.sort(key=lambda pair: fold(pair[1].name))
    return pairs


def find(store: Store, meeting_id: int, person_id: int) -> Invitee | None:
    """The person's invitation to the meeting, if there is one."""
    return next((i for i in of_person(store, person_id) if i.meeting_id == meeting_id), None)


def person_ids(store: Store, meeting_id: int) -> set[int]:
    """Everyone with an invitation to the meeting, walk-ins included."""
    return set(map(int, store.values_of(TABLE, "meeting_id", meeting_id, "person_id")))


def invited_ids(store: Store, meeting_id: int) -> set[int]:
    """The people invited to the meeting (walk-ins not counted; see the rule above).

    One field of each invitation, no copy of any: 100,000 invitations cost a set of numbers.
    """
    return set(map(int, store.values_of(TABLE, "meeting_id", meeting_id, "person_id", is_invited)))


def count_invited(store: Store, meeting_id: int) -> int:
    """How many invitations the meeting has, walk-ins not counted."""
    return len(store.values_of(TABLE, "meeting_id", meeting_id, "person_id", is_invited))


def invite(store: Store, meeting_id: int, person_id: int, at: str, *, walk_in: bool = False) -> Invitee:
    """Invite the person to the meeting with a new code; an existing invitation is returned unchanged.

    Call it inside the caller's transaction (the invitee and its code are written together).
    """
    existing = find(store, meeting_id, person_id)
    if existing is not None:
        return existing
    invitee = add(
        store,
        Invitee(
            meeting_id=meeting_id, person_id=person_id, code=codes.new_unique(store), invited_at=at, walk_in=walk_in
        ),
    )
    codes.add(store, codes.issued(invitee.code, meeting_id, person_id, invitee.id, at))
    return invitee


def reissue(store: Store, invitee: Invitee, at: str) -> str:
    """Give the invitation a new code; the old one is refused as replaced from then on. Returns the new code.

    Call it inside the caller's transaction (the invitee and both codes change together).
    """
    code = codes.new_unique(store)
    codes.replace(store, invitee.code, by=code, at=at)
    set_code(store, invitee.id, code, [*invitee.replaced_codes, invitee.code])
    codes.add(store, codes.issued(code, invitee.meeting_id, invitee.person_id, invitee.id, at))
    return code


def add(store: Store, invitee: Invitee) -> Invitee:
    """Store a new invitation; returns it with its id."""
    invitee.id = store.insert(TABLE, invitee.to_doc())
    return invitee


def add_many(store: Store, invitees: Sequence[Invitee]) -> list[int]:
    """Store new invitations in one write; returns their ids (and sets them on the records)."""
    if not invitees:
        return []
    ids = store.insert_many(TABLE, [plain_doc(invitee) for invitee in invitees])
    for invitee, invitee_id in zip(invitees, ids, strict=True):
        invitee.id = invitee_id
    return ids


def set_code(store: Store, invitee_id: int, code: str, replaced_codes: Sequence[str]) -> None:
    """Give the invitation its new code, keeping the earlier ones."""
    store.update(TABLE, invitee_id, {"code": code, "replaced_codes": list(replaced_codes)})


def stored_of_person(store: Store, person_id: int) -> list[dict[str, Any]]:
    """The person's invitations as stored, every field (for the right of access)."""
    return store.find(TABLE, "person_id", person_id)
