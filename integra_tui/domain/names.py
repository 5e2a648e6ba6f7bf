"""How names are compared, matched and shown: folded for searching, typed names matched to people, bidi isolation.

- :func:`fold`: the case- and accent-free form search compares.
- :func:`match_name`: what a typed name means among a meeting's people (one person, a choice, or a
  new free name), the rule the speakers' list and the owner field ("Wer?") follow.
- :class:`PeopleByName`: whom a free-text field (an action item's owner) names, the one rule for "the
  owner's group where it is known".
- :func:`isolate`: a name wrapped in Unicode isolates when it holds right-to-left letters, so several
  Arabic names in one line keep their order.
- :func:`cell_width`, :func:`shorten`: how wide a text is on a terminal, and a text cut to a width.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from integra_tui.domain.models import Person

__all__ = [
    "FSI",
    "NAME_CHOOSE",
    "NAME_EMPTY",
    "NAME_NEW",
    "NAME_PERSON",
    "PDI",
    "NameMatch",
    "PeopleByName",
    "cell_width",
    "fold",
    "has_rtl",
    "isolate",
    "match_name",
    "name_candidates",
    "names_presenter",
    "shorten",
]

FSI = "\u2068"
"""FIRST STRONG ISOLATE: the text up to :data:`PDI` takes its direction from its first letter, on its own."""
PDI = "\u2069"
"""POP DIRECTIONAL ISOLATE: ends what :data:`FSI` began."""


def fold(text: str) -> str:
    """Case- and accent-free form for searching: 'Şengül' and 'sengul' fold alike; other scripts stay."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("ß", "ss").split())


def names_presenter(presenter: str, folded_name: str) -> bool:
    """Whether an agenda item's presenter field names the person whose folded name is ``folded_name``.

    The field names them when it is the name alone, or the name followed by " (" or ","
    ("Claudia Neumann (IHK)", "Claudia Neumann, IHK").
    """
    folded = fold(presenter)
    return bool(folded_name) and (
        folded == folded_name or folded.startswith(folded_name + " (") or folded.startswith(folded_name + ",")
    )


class PeopleByName:
    """People by folded name, to tell whom a free-text field names (an action item's owner, as typed).

    The field names a person when it is their name alone, or their name followed by " (" or ","
    ("Georg Lehmann (Jugendamt)", "Georg Lehmann, Jugendamt"), as :func:`names_presenter` reads a
    presenter; a name two people share names nobody (which of them is not known).
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self._by_name: dict[str, Person | None] = {}
        for person in people:
            key = fold(person.name)
            if key:
                self._by_name[key] = None if key in self._by_name else person

    def named(self, text: str) -> Person | None:
        """The one person ``text`` names (see the class), None when it names nobody known."""
        folded = fold(text)
        if not folded:
            return None
        if folded in self._by_name:
            return self._by_name[folded]
        for mark in (" (", ","):
            head = folded.split(mark, 1)[0].strip()
            if head != folded and head in self._by_name:
                return self._by_name[head]
        return None

    def group_of(self, text: str) -> str:
        """The group of the person ``text`` names ("" when it names nobody known, or they have none)."""
        person = self.named(text)
        return person.group if person is not None else ""


# -- a typed name and the meeting's people ------------------------------------------------------

NAME_EMPTY, NAME_PERSON, NAME_CHOOSE, NAME_NEW = "empty", "person", "choose", "new"


@dataclass(frozen=True)
class NameMatch:
    """What a typed name means among the people offered.

    ``kind``: ``person`` (one person matches: take them, with their group), ``choose`` (several
    match: ``choices`` to pick from, the best first), ``new`` (nobody matches: the text is saved as
    a new free name, and the form says so), ``empty`` (nothing typed).
    """

    typed: str
    """The text as typed, spaces collapsed."""
    kind: str
    person: Person | None = None
    choices: tuple[Person, ...] = ()

    @property
    def name(self) -> str:
        """The name to save: the person's when one matched, else the text as typed."""
        return self.person.name if self.person is not None else self.typed

    @property
    def group(self) -> str:
        """The matched person's group ("" for a free name)."""
        return self.person.group if self.person is not None else ""

    @property
    def person_id(self) -> int | None:
        """The matched person's id (None for a free name)."""
        return self.person.id if self.person is not None else None


def name_candidates(typed: str, people: Iterable[Person]) -> list[Person]:
    """The people a typed name may mean, best first: the same name; names starting with it; every word a word's start.

    "sab" finds "Sabine Kröger" (the name starts with it), "krö" and "sab krö" find her too (each
    typed word begins a word of the name); "bin" does not (it begins no word). Case and accents
    are ignored (:func:`fold`); other scripts match as typed. Within a rank, the order given.
    """
    needle = fold(typed)
    if not needle:
        return []
    typed_words = needle.split()
    exact: list[Person] = []
    starts: list[Person] = []
    words: list[Person] = []
    for person in people:
        folded = fold(person.name)
        if not folded:
            continue
        if folded == needle:
            exact.append(person)
        elif folded.startswith(needle):
            starts.append(person)
        elif _words_start(typed_words, folded.split()):
            words.append(person)
    return exact + starts + words


def _words_start(typed_words: Sequence[str], name_words: Sequence[str]) -> bool:
    """Whether each typed word begins a different word of the name (in any order)."""
    free = list(name_words)
    for word in typed_words:
        found = next((i for i, candidate in enumerate(free) if candidate.startswith(word)), None)
        if found is None:
            return False
        free.pop(found)
    return True


def match_name(typed: str, *groups_of_people: Iterable[Person]) -> NameMatch:
    """What ``typed`` means among the people offered, in the ranks given (e.g. those present, then the invited).

    The first rank with a match decides: one person there is the match (an invitee at home does not
    make a name typed for someone present ambiguous); several are a choice, unless exactly one of
    them has the very name typed. A name nobody matches is a new free name.
    """
    shown = " ".join(typed.split())
    if not shown:
        return NameMatch(shown, NAME_EMPTY)
    seen: set[int] = set()
    for people in groups_of_people:
        rank = [p for p in people if p.id not in seen]
        seen.update(p.id for p in rank)
        found = name_candidates(shown, rank)
        if not found:
            continue
        exact = [p for p in found if fold(p.name) == fold(shown)]
        if len(exact) == 1:
            return NameMatch(shown, NAME_PERSON, exact[0])
        if len(found) == 1:
            return NameMatch(shown, NAME_PERSON, found[0])
        return NameMatch(shown, NAME_CHOOSE, choices=tuple(exact or found))
    return NameMatch(shown, NAME_NEW)


# -- showing names ------------------------------------------------------------------------------

_RTL = ("R", "AL")


def has_rtl(text: str) -> bool:
    """Whether the text holds a right-to-left letter (Arabic, Persian, Hebrew, ...)."""
    return any(unicodedata.bidirectional(ch) in _RTL for ch in text)


def isolate(text: str) -> str:
    """``text`` between :data:`FSI` and :data:`PDI` when it holds right-to-left letters, else unchanged.

    Two Arabic names side by side in a German line ("احمد رحیمی, فاطمه") would otherwise run together
    as one right-to-left stretch and swap places; isolated, each keeps its own place.
    """
    if not text or not has_rtl(text) or (text.startswith(FSI) and text.endswith(PDI)):
        return text
    return f"{FSI}{text}{PDI}"


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: wide (CJK) characters two, combining marks and controls none."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Cf", "Cc", "Mn", "Me"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def shorten(text: str, width: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``width`` terminal cells, ending in ``ellipsis`` when something was cut."""
    text = " ".join(text.split())
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    out = []
    used = 0
    for ch in text:
        step = cell_width(ch)
        if used + step > room:
            break
        out.append(ch)
        used += step
    return "".join(out).rstrip() + ellipsis
