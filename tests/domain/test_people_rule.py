"""A new person as the store takes them (``domain.people.new_person``): the one rule the coordinator, the door
and the topic planning add people by."""

from __future__ import annotations

import pytest

from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Person
from integra_tui.domain.people import new_person


def test_a_new_person_is_cleaned_and_dated() -> None:
    typed = Person(
        name="  Jo\u0308rg\x1b[31m  Müller ",  # decomposed ö, an escape sequence, spaces around
        group=" Kommune ",
        organisation="\tVerein ",
        email=" jorg@example.org ",
        phone=" 0170\x07 123 ",
        languages=[" tr ", "", "  ", "de"],
    )
    person = new_person(typed, "2026-11-27T17:00:00+01:00")
    assert person is typed  # changed in place, as the callers hand it on
    assert person.name == "Jörg  Müller"  # NFC, controls out, inner spacing as typed
    assert (person.group, person.organisation, person.email, person.phone) == (
        "Kommune",
        "Verein",
        "jorg@example.org",
        "0170 123",
    )
    assert person.languages == ["tr", "de"]
    assert person.created_at == "2026-11-27T17:00:00+01:00"
    assert new_person(Person(name="A", created_at="earlier"), "now").created_at == "earlier"


@pytest.mark.parametrize("name", ["", "   ", "\x1b[0m", "\u202e "])
def test_a_new_person_needs_a_name(name: str) -> None:
    with pytest.raises(DomainError) as refused:
        new_person(Person(name=name), "now")
    assert refused.value.code == "person_name_missing"
