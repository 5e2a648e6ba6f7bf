"""Records of people, invitations and codes: conversion both ways and each "still valid" rule, on both stores."""

from __future__ import annotations

from integra_tui.domain.models import Code, Invitee, Person
from integra_tui.records import codes, invitees, persons


def _person(store, name: str, key: str | None = None, **fields) -> Person:
    return persons.add(store, Person(name=name, **fields), key or name.casefold())


def test_a_person_is_stored_with_key_and_folded_name_and_read_back(store) -> None:
    anna = _person(store, "Şengül Müller", "k1", group="Kommune", languages=["tr", "de"])
    assert anna.id > 0
    stored = persons.stored(store, anna.id)
    assert stored["key"] == "k1" and stored["search"] == "sengul muller" and stored["languages"] == ["tr", "de"]
    assert persons.get(store, anna.id) == anna
    assert persons.by_key(store, "k1") == anna
    assert [p.name for p in persons.search_living(store, "muller")] == ["Şengül Müller"]


def test_forgotten_people_do_not_count_as_living(store) -> None:
    anna, ben = _person(store, "Anna"), _person(store, "Ben", group="Ehrenamtlich")
    assert persons.anonymise(store, ben.id, "2026-11-27T17:00:00+01:00")
    gone = persons.get(store, ben.id)
    assert gone.forgotten and gone.name == persons.FORGOTTEN_NAME and gone.group == "Ehrenamtlich"
    assert not persons.is_living(gone) and persons.is_living(anna)
    assert persons.get_living(store, ben.id) is None and persons.get_living(store, anna.id) == anna
    assert [p.id for p in persons.living(store)] == [anna.id]
    assert [p.id for p in persons.every(store)] == [anna.id, ben.id]
    assert persons.search_living(store, "ben") == [] and persons.search_living(store, "gel") == []
    assert persons.group_by_id(store) == {anna.id: "", ben.id: "Ehrenamtlich"}


def test_anonymising_twice_changes_nothing_and_keeps_the_first_time(store) -> None:
    ben = _person(store, "Ben")
    assert persons.anonymise(store, ben.id, "2026-11-27T17:00:00+01:00")
    assert not persons.anonymise(store, ben.id, "2027-01-01T10:00:00+01:00")
    assert persons.stored(store, ben.id)["forgotten_at"] == "2026-11-27T17:00:00+01:00"
    assert not persons.anonymise(store, 999, "2027-01-01T10:00:00+01:00")


def test_walk_ins_are_invitees_but_not_invited(store) -> None:
    anna, ben = _person(store, "Anna"), _person(store, "Ben")
    invited = invitees.add(store, Invitee(meeting_id=1, person_id=anna.id, code="A"))
    walk_in = invitees.add(store, Invitee(meeting_id=1, person_id=ben.id, code="B", walk_in=True))
    invitees.add(store, Invitee(meeting_id=2, person_id=anna.id, code="C"))
    assert invitees.is_invited(invited) and not invitees.is_invited(walk_in)
    assert invitees.invited_ids(store, 1) == {anna.id}
    assert invitees.person_ids(store, 1) == {anna.id, ben.id}
    assert invitees.count_invited(store, 1) == 1
    assert invitees.find(store, 2, anna.id).code == "C" and invitees.find(store, 2, ben.id) is None
    assert [i.meeting_id for i in invitees.of_person(store, anna.id)] == [1, 2]
    invitees.set_code(store, invited.id, "A2", ["A"])
    assert invitees.get(store, invited.id).replaced_codes == ["A"]


def test_many_invitations_are_stored_in_one_call_with_their_ids(store) -> None:
    new = [Invitee(meeting_id=1, person_id=n, code=f"C{n}") for n in (1, 2, 3)]
    ids = invitees.add_many(store, new)
    assert ids == [i.id for i in new] and len(set(ids)) == 3
    assert invitees.add_many(store, []) == []


def test_a_code_admits_only_while_active(store) -> None:
    first = codes.add(store, Code(code="AAAA", person_id=1, meeting_id=1, invitee_id=1, issued_at="t0"))
    card = codes.add(store, Code(code="CARD", person_id=1, kind=codes.CARD, issued_at="t0"))
    assert codes.is_active(first) and codes.is_taken(store, "AAAA") and not codes.is_taken(store, "NONE")
    assert codes.is_active_card(store, "CARD") and not codes.is_active_card(store, "AAAA")
    assert not codes.is_active_card(store, "")
    codes.replace(store, "AAAA", by="BBBB", at="t1")
    replaced = codes.latest(store, "AAAA")
    assert replaced.status == codes.REPLACED and replaced.replaced_by == "BBBB" and not codes.is_active(replaced)
    assert codes.revoke_of_person(store, 1, "t2") == 2
    assert codes.revoke_of_person(store, 1, "t3") == 0
    assert not codes.is_active_card(store, card.code)
    assert {d["status"] for d in codes.stored_of_person(store, 1)} == {codes.REVOKED}


def test_a_new_code_is_stored_with_the_fields_it_always_had(store) -> None:
    code = codes.add(store, Code(code="AAAA", person_id=7, meeting_id=3, invitee_id=9, issued_at="t0"))
    stored = codes.stored_of_person(store, 7)[0]
    assert stored == {
        "code": "AAAA",
        "kind": "invitation",
        "meeting_id": 3,
        "person_id": 7,
        "invitee_id": 9,
        "status": "active",
        "issued_at": "t0",
        "id": code.id,
    }
    assert codes.add_many(store, []) == []


def test_people_are_found_by_name_beginnings_first_without_the_forgotten(store) -> None:
    _person(store, "Anna Müller"), _person(store, "Jürgen Muller")
    mia = _person(store, "Mia Alt")
    persons.anonymise(store, _person(store, "Müller Gone").id, "t")
    assert [p.name for p in persons.find_by_name(store, "muller")] == ["Anna Müller", "Jürgen Muller"]
    assert [p.name for p in persons.find_by_name(store, "MI")] == ["Mia Alt"]
    assert [p.name for p in persons.find_by_name(store, "m")] == ["Mia Alt", "Anna Müller", "Jürgen Muller"]
    assert len(persons.find_by_name(store, "m", limit=1)) == 1 and persons.find_by_name(store, "  ") == []
    assert mia.id
