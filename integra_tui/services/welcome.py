"""Welcome in the attendee's language: the greetings the door's accepted panel shows for a person.

German first, then one greeting for each further language the person gave (``Person.languages``,
as typed: codes, German, English or native names); unknown languages are left out, so a person
whose languages are all unknown is greeted in German only. The table of greetings and the rules
of matching are ``integra_tui.domain.languages``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from integra_tui.domain.languages import LANGUAGES, find_language, greetings_for
from integra_tui.domain.models import Person
from integra_tui.services.network_texts import language_name

__all__ = ["ShownGreeting", "greetings_for_languages", "greetings_for_person", "known_languages", "title_language"]


@dataclass(frozen=True)
class ShownGreeting:
    """One greeting as the door shows it: the words, the languages' names in the UI's language, the direction."""

    text: str
    """The greeting in its own script, exactly as to be shown (e.g. "أهلاً وسهلاً")."""
    languages: str
    """The names of the languages that say it, in the UI's language ("Persisch, Dari")."""
    codes: tuple[str, ...]
    """Their codes ("fa", "prs")."""
    rtl: bool
    """Written right to left."""


def greetings_for_languages(values: Iterable[str]) -> list[ShownGreeting]:
    """The greetings for someone who speaks ``values``: German first, then one per further greeting."""
    return [
        ShownGreeting(
            text=greeting.text,
            languages=", ".join(language_name(language) for language in greeting.languages),
            codes=tuple(language.code for language in greeting.languages),
            rtl=greeting.rtl,
        )
        for greeting in greetings_for(values)
    ]


def greetings_for_person(person: Person | None) -> list[ShownGreeting]:
    """The greetings for a person checked in (German only for None or a person without known languages)."""
    return greetings_for_languages(person.languages if person is not None else [])


def known_languages() -> list[tuple[str, str]]:
    """(code, name in the UI's language) of every language with a greeting, German first (for pickers)."""
    return [(language.code, language_name(language)) for language in LANGUAGES]


def title_language(text: str) -> str | None:
    """The code of the language ``text`` names (for agenda titles in further languages), or None if unknown."""
    language = find_language(text)
    return language.code if language is not None else None
