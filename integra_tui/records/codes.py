"""Table ``codes``: every code ever issued, invitation or personal card, and whether it still admits.

Stored fields (``domain.models.Code``)::

    code         str         canonical code (``domain.codes``); unique in the store
    kind         str         invitation | card
    meeting_id   int | None  the meeting an invitation is for (None for a card)
    person_id    int
    invitee_id   int | None  the invitation (None for a card)
    status       str         active | replaced | revoked
    issued_at    str         ISO 8601 with offset
    replaced_at  str         when a newer code took over (only on replaced codes)
    replaced_by  str         that newer code (only on replaced codes)
    revoked_at   str         when the person was forgotten (only on revoked codes)

The rules, stated once: a code admits only while its status is **active**; a re-issue marks the old
code **replaced** (the door says so), forgetting a person **revokes** all of their codes. A person's
**card** is their active code of kind card, made once and kept (:func:`issue_card`). A new code is one
this store never issued (:func:`new_unique`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from integra_tui.domain.codes import new_code
from integra_tui.domain.models import Code, Person
from integra_tui.records import persons
from integra_tui.records.base import Store

__all__ = [
    "ACTIVE",
    "CARD",
    "INVITATION",
    "REPLACED",
    "REVOKED",
    "TABLE",
    "add",
    "add_many",
    "by_code",
    "from_stored",
    "is_active",
    "is_active_card",
    "is_taken",
    "issue_card",
    "issued",
    "latest",
    "new_unique",
    "replace",
    "revoke_of_person",
    "stored_of_person",
]

TABLE = "codes"

ACTIVE, REPLACED, REVOKED = "active", "replaced", "revoked"
INVITATION, CARD = "invitation", "card"


def is_active(code: Code) -> bool:
    """The rule: a code admits only while it is active (neither replaced nor revoked)."""
    return code.status == ACTIVE


def from_stored(doc: Mapping[str, Any]) -> Code:
    """The code a stored document describes."""
    return Code(
        code=str(doc.get("code", "")),
        person_id=int(doc.get("person_id") or 0),
        kind=str(doc.get("kind") or INVITATION),
        meeting_id=doc.get("meeting_id"),
        invitee_id=doc.get("invitee_id"),
        status=str(doc.get("status") or ACTIVE),
        issued_at=str(doc.get("issued_at") or ""),
        replaced_at=str(doc.get("replaced_at") or ""),
        replaced_by=str(doc.get("replaced_by") or ""),
        revoked_at=str(doc.get("revoked_at") or ""),
        id=int(doc.get("id") or 0),
    )


def _to_stored(code: Code) -> dict[str, Any]:
    # Only the fields a newly issued code has; the others are added when they happen.
    return {
        "code": code.code,
        "kind": code.kind,
        "meeting_id": code.meeting_id,
        "person_id": code.person_id,
        "invitee_id": code.invitee_id,
        "status": code.status,
        "issued_at": code.issued_at,
    }


def by_code(store: Store, code: str) -> list[Code]:
    """Every record of ``code`` (normally one), oldest first."""
    return [from_stored(doc) for doc in store.find(TABLE, "code", code)]


def latest(store: Store, code: str) -> Code | None:
    """The newest record of ``code``, or None for a code this store never issued."""
    found = by_code(store, code)
    return found[-1] if found else None


def is_taken(store: Store, code: str) -> bool:
    """Whether this store ever issued ``code`` (a new code must be one it never did)."""
    return store.find_one(TABLE, "code", code) is not None


def is_active_card(store: Store, code: str) -> bool:
    """Whether ``code`` is an active personal card code."""
    return bool(code) and any(c.kind == CARD and is_active(c) for c in by_code(store, code))


def new_unique(store: Store) -> str:
    """A fresh code that no invitation or card in this store has used."""
    while True:
        code = new_code()
        if not is_taken(store, code):
            return code


def issued(
    code: str, meeting_id: int | None, person_id: int, invitee_id: int | None, at: str, kind: str = INVITATION
) -> Code:
    """The record of a newly issued invitation (or, with kind card, personal card) code, not yet stored."""
    return Code(
        code=code,
        kind=kind,
        meeting_id=meeting_id,
        person_id=person_id,
        invitee_id=invitee_id,
        status=ACTIVE,
        issued_at=at,
    )


def issue_card(store: Store, person: Person, at: str, *, new: bool = False) -> tuple[str, str]:
    """The person's card code and the card code it replaced ("" when none): made once and kept.

    ``new`` replaces an active card (the old code is refused from then on). The card is a code of kind
    card without a meeting, and the person's ``card_code``. Call it inside the caller's transaction.
    """
    current = person.card_code
    if is_active_card(store, current) and not new:
        return current, ""
    code = new_unique(store)
    old_code = ""
    if is_active_card(store, current):
        old_code = current
        replace(store, current, by=code, at=at)
    add(store, issued(code, None, person.id, None, at, kind=CARD))
    persons.set_card_code(store, person.id, code)
    return code, old_code


def add(store: Store, code: Code) -> Code:
    """Store a newly issued code; returns it with its id."""
    code.id = store.insert(TABLE, _to_stored(code))
    return code


def add_many(store: Store, codes: Iterable[Code]) -> list[int]:
    """Store newly issued codes in one write; returns their ids."""
    docs = [_to_stored(code) for code in codes]
    return store.insert_many(TABLE, docs) if docs else []


def replace(store: Store, code: str, by: str, at: str) -> None:
    """Mark ``code`` replaced by the newer code ``by`` (the door refuses it as replaced from now on)."""
    for record in by_code(store, code):
        store.update(TABLE, record.id, {"status": REPLACED, "replaced_at": at, "replaced_by": by})


def revoke_of_person(store: Store, person_id: int, at: str) -> int:
    """Revoke every code of the person that is not revoked yet; returns how many."""
    count = 0
    for doc in store.find(TABLE, "person_id", person_id):
        if doc.get("status") != REVOKED:
            store.update(TABLE, doc["id"], {"status": REVOKED, "revoked_at": at})
            count += 1
    return count


def stored_of_person(store: Store, person_id: int) -> list[dict[str, Any]]:
    """The person's codes as stored, every field (for the right of access)."""
    return store.find(TABLE, "person_id", person_id)
