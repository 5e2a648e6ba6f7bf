"""A new person as the store takes them: the name cleaned and required, the other fields trimmed.

The one rule for adding a person, whoever adds them (a list import aside, which checks its own rows):
the coordinator (``services.people.add_person``), the door for a walk-in (``services.checkin``) and
the topic planning for a new speaker (``services.planning``). Pure: a refusal is a
:class:`~integra_tui.domain.errors.DomainError` (``person_name_missing``); the words are chosen in
``services.texts``.
"""

from __future__ import annotations

import unicodedata

from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Person
from integra_tui.domain.text import clean_line

__all__ = ["new_person"]


def _trimmed(text: str) -> str:
    return clean_line(text).strip()


def new_person(person: Person, at: str) -> Person:
    """``person`` made ready to store (changed in place and returned); refused without a name.

    The name on one line, NFC-normalised and trimmed; group, organisation, e-mail and phone trimmed;
    languages trimmed, empty ones dropped; ``created_at`` is ``at`` unless already set.
    """
    person.name = unicodedata.normalize("NFC", _trimmed(person.name))
    if not person.name:
        raise DomainError("person_name_missing")
    person.group, person.organisation = _trimmed(person.group), _trimmed(person.organisation)
    person.email, person.phone = _trimmed(person.email), _trimmed(person.phone)
    person.languages = [word for word in map(_trimmed, person.languages) if word]
    person.created_at = person.created_at or at
    return person
