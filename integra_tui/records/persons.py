"""Table ``persons``: one document per person, across meetings.

Stored fields (``domain.models.Person`` plus three kept for the store's own use)::

    name             str    NFC-normalised, as typed; "(gelöscht)" once forgotten
    group            str    a group name (see ``records.groups``)
    organisation     str
    email            str
    phone            str
    languages        list[str]
    consent_contact  bool
    consent_photo    bool
    card_code        str    the person's personal card code ("" without a card; see ``records.codes``)
    created_at       str    ISO 8601 with offset
    forgotten        bool   True once the person asked to be forgotten
    forgotten_at     str    when that happened (missing before)
    key              str    what makes two rows the same person (``services.people.person_key``);
                            "forgotten:<id>" once forgotten, so nobody is matched to them again
    search           str    the folded name (``domain.names.fold``), what name search looks in

The rule, stated once: a person counts as **living** unless ``forgotten`` is true. A forgotten
person's record stays (anonymous, with their group) so that past counts stay true.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from integra_tui.domain.models import Person, from_doc
from integra_tui.domain.names import PeopleByName, fold
from integra_tui.records.base import Store, plain_doc

__all__ = [
    "FORGOTTEN_NAME",
    "TABLE",
    "add",
    "by_name",
    "add_many",
    "anonymise",
    "by_key",
    "every",
    "find_by_name",
    "from_stored",
    "get",
    "get_living",
    "group_by_id",
    "is_living",
    "living",
    "owner_group",
    "search_living",
    "set_card_code",
    "stored",
]

TABLE = "persons"

FORGOTTEN_NAME = "(gelöscht)"
"""What stands in the store where a forgotten person's name was (in every table)."""


def is_living(person: Person | Mapping[str, Any]) -> bool:
    """The rule: a person counts unless they asked to be forgotten (a person, or their stored document)."""
    forgotten = person.get("forgotten") if isinstance(person, Mapping) else person.forgotten
    return not forgotten


def from_stored(doc: Mapping[str, Any]) -> Person:
    """The person a stored document describes."""
    return from_doc(Person, doc)


def _to_stored(person: Person, key: str) -> dict[str, Any]:
    doc = person.to_doc()
    doc["key"] = key
    doc["search"] = fold(person.name)
    return doc


def get(store: Store, person_id: int | None) -> Person | None:
    """The person ``person_id``, forgotten or not; None if there is none."""
    doc = store.get(TABLE, person_id)
    return from_stored(doc) if doc is not None else None


def get_living(store: Store, person_id: int | None) -> Person | None:
    """The person ``person_id`` unless there is none or they were forgotten."""
    person = get(store, person_id)
    return person if person is not None and is_living(person) else None


def stored(store: Store, person_id: int) -> dict[str, Any] | None:
    """Every stored field of the person, as kept (for the right of access)."""
    return store.get(TABLE, person_id)


def add(store: Store, person: Person, key: str) -> Person:
    """Store a new person under ``key``; returns it with its id."""
    person.id = store.insert(TABLE, _to_stored(person, key))
    return person


def add_many(store: Store, people: Sequence[tuple[Person, str]]) -> list[int]:
    """Store new people (each with its key) in one write; returns their ids in order (and sets them)."""
    if not people:
        return []
    docs = []
    for person, key in people:
        doc = plain_doc(person)
        doc["key"] = key
        doc["search"] = fold(person.name)
        docs.append(doc)
    ids = store.insert_many(TABLE, docs)
    for (person, _key), person_id in zip(people, ids, strict=True):
        person.id = person_id
    return ids


def by_key(store: Store, key: str) -> Person | None:
    """The person stored under ``key`` (see the table's description), or None."""
    doc = store.find_one(TABLE, "key", key)
    return from_stored(doc) if doc is not None else None


def search_living(store: Store, folded_text: str) -> list[Person]:
    """Living people whose folded name contains ``folded_text`` (already folded), in id order."""
    found = store.search(TABLE, lambda d: is_living(d) and folded_text in d.get("search", ""))
    return [from_stored(doc) for doc in found]


def find_by_name(store: Store, text: str, limit: int = 50) -> list[Person]:
    """Living people whose name contains ``text``, ignoring case and accents ('muller' finds 'Müller').

    Names that start with ``text`` come first, then by folded name; at most ``limit``. Nothing for an
    empty ``text``.
    """
    needle = fold(text)
    if not needle:
        return []
    people = search_living(store, needle)
    people.sort(key=lambda p: (not fold(p.name).startswith(needle), fold(p.name)))
    return people[:limit]


def every(store: Store) -> list[Person]:
    """Everyone, forgotten people included, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def living(store: Store) -> list[Person]:
    """Everyone not forgotten, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE) if is_living(doc)]


def by_name(store: Store) -> PeopleByName:
    """The living people, to tell whom an owner field names (``domain.names.PeopleByName``)."""
    return PeopleByName(living(store))


def owner_group(store: Store, owner: str) -> str:
    """The group of the person an action item's owner names, where that is known ("" otherwise).

    The one rule for an owner's group: the action item's group when it is made, and the group the
    follow-up and the exports show for an item stored without one.
    """
    return by_name(store).group_of(owner)


def group_by_id(store: Store, person_ids: Sequence[int] | None = None) -> dict[int, str]:
    """The group of each person (of ``person_ids``, or of everyone), forgotten people included."""
    if person_ids is None:
        return {int(doc["id"]): str(doc.get("group", "")) for doc in store.all(TABLE)}
    return {person_id: str(group) for person_id, group in store.field_of(TABLE, person_ids, "group", "").items()}


def set_card_code(store: Store, person_id: int, code: str) -> None:
    """Record the person's personal card code."""
    store.update(TABLE, person_id, {"card_code": code})


def anonymise(store: Store, person_id: int, at: str) -> bool:
    """Forget the person's record: name, contact data and consents go; the group stays for the counts.

    Returns whether anything changed (a record already anonymised is left as it is, with the time it
    was first forgotten).
    """
    doc = store.get(TABLE, person_id)
    if doc is None:
        return False
    fields: dict[str, Any] = {
        "name": FORGOTTEN_NAME,
        "organisation": "",
        "email": "",
        "phone": "",
        "languages": [],
        "card_code": "",
        "consent_contact": False,
        "consent_photo": False,
        "key": f"forgotten:{person_id}",
        "search": "",
        "forgotten": True,
    }
    changed = {k: v for k, v in fields.items() if doc.get(k) != v}
    if not doc.get("forgotten_at"):
        changed["forgotten_at"] = at
    if changed:
        store.update(TABLE, person_id, changed)
    return bool(changed)
