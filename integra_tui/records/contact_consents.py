"""Table ``contact_consents``: people's consent to appear on the network's contact list, one document per consent.

Stored fields (``domain.models.ContactConsent``)::

    person_id     int
    given_at      str          ISO 8601 with offset: when the consent was given
    meeting_id    int | None   the meeting it was given at (None: afterwards)
    offer         str          what the person offers the network, in their words
    channels      list[str]    how to reach them, as they chose: "email", "phone" (their stored address and number)
    reach_note    str          how to reach them otherwise, in their words ("über das Integrationsbüro")
    withdrawn_at  str          when it was withdrawn ("" while it holds)

The rule, stated once: a consent **holds** until it is withdrawn; a person is on the contact list
while their latest consent holds (:func:`holding`). Withdrawing never deletes (the dates stay, for
the right of access); forgetting the person empties the texts and withdraws it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from integra_tui.domain.models import ContactConsent, from_doc
from integra_tui.records.base import Store

__all__ = [
    "TABLE",
    "add",
    "every",
    "from_stored",
    "holding",
    "holds",
    "latest_of_person",
    "of_person",
    "scrub",
    "stored_of_person",
    "withdraw",
]

TABLE = "contact_consents"


def holds(consent: ContactConsent | Mapping[str, Any]) -> bool:
    """The rule: a consent holds until it is withdrawn (a consent, or its stored document)."""
    withdrawn = consent.get("withdrawn_at") if isinstance(consent, Mapping) else consent.withdrawn_at
    return not withdrawn


def from_stored(doc: Mapping[str, Any]) -> ContactConsent:
    """The consent a stored document describes."""
    return from_doc(ContactConsent, doc)


def add(store: Store, consent: ContactConsent) -> ContactConsent:
    """Store a new consent; returns it with its id."""
    consent.id = store.insert(TABLE, consent.to_doc())
    return consent


def every(store: Store) -> list[ContactConsent]:
    """Every consent, withdrawn ones too, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def of_person(store: Store, person_id: int) -> list[ContactConsent]:
    """A person's consents, oldest first, withdrawn ones too."""
    return [from_stored(doc) for doc in sorted(store.find(TABLE, "person_id", person_id), key=lambda d: d["id"])]


def latest_of_person(store: Store, person_id: int) -> ContactConsent | None:
    """The person's latest consent (holding or withdrawn), or None if they never gave one."""
    found = of_person(store, person_id)
    return found[-1] if found else None


def holding(store: Store) -> list[ContactConsent]:
    """The consent that puts each person on the contact list: their latest, if it holds; in id order."""
    latest: dict[int, ContactConsent] = {}
    for consent in every(store):
        latest[consent.person_id] = consent
    return sorted((c for c in latest.values() if holds(c)), key=lambda c: c.id)


def withdraw(store: Store, consent_id: int, at: str) -> None:
    """Withdraw a consent: recorded with the time, never deleted."""
    store.update(TABLE, consent_id, {"withdrawn_at": at})


def stored_of_person(store: Store, person_id: int) -> list[dict[str, Any]]:
    """A person's consents as stored (right of access)."""
    return sorted(store.find(TABLE, "person_id", person_id), key=lambda d: d["id"])


def scrub(store: Store, consent: ContactConsent, at: str) -> bool:
    """Forgetting the person: the texts and channels go, the consent is withdrawn (dates stay); whether it changed."""
    fields: dict[str, Any] = {"offer": "", "channels": [], "reach_note": ""}
    if not consent.withdrawn_at:
        fields["withdrawn_at"] = at
    doc = consent.to_doc()
    changed = {k: v for k, v in fields.items() if doc.get(k) != v}
    if changed:
        store.update(TABLE, consent.id, changed)
    return bool(changed)
