"""A typed name on the speakers' list or in the owner field ("Wer?"): the person meant, a choice, or a new free name.

The rule is ``domain.names.match_name``: those present are asked first, then everyone invited; one
match is taken (with the person's group), several are offered to choose from, and a name nobody
matches is saved as typed, as a new free name, which the form says. What the form suggests while
typing (:func:`name_suggestions`) is the same list, so Enter or Tab save what was shown.

The screens can ask a loaded :class:`~integra_tui.services.moderation.view.MeetingView` (no
store read while typing: :func:`match_in_view`) or the store (:func:`resolve_name`).
"""

from __future__ import annotations

from integra_tui.domain.models import Person
from integra_tui.domain.names import NAME_CHOOSE, NAME_NEW, NAME_PERSON, NameMatch, match_name, name_candidates
from integra_tui.i18n import _, ngettext
from integra_tui.services.context import Context
from integra_tui.services.moderation.view import MeetingView, checked_in_people, invited_people
from integra_tui.services.texts import group_label

__all__ = ["NameMatch", "match_in_view", "name_match_text", "name_suggestions", "person_label", "resolve_name"]


def resolve_name(ctx: Context, meeting_id: int, typed: str) -> NameMatch:
    """What ``typed`` means among the meeting's people: checked in first, then invited (walk-ins too)."""
    return match_name(typed, checked_in_people(ctx, meeting_id), invited_people(ctx, meeting_id))


def _ranks(view: MeetingView) -> tuple[list[Person], list[Person]]:
    present = set(view.present_ids)
    return [p for p in view.people if p.id in present], [p for p in view.people if p.id not in present]


def match_in_view(view: MeetingView, typed: str) -> NameMatch:
    """:func:`resolve_name` on a loaded view: the same answer, without reading the store (for every key typed)."""
    return match_name(typed, *_ranks(view))


def name_suggestions(view: MeetingView, typed: str, limit: int = 6) -> list[Person]:
    """The people to show while typing, best first (those present before the others invited)."""
    present, others = _ranks(view)
    found = name_candidates(typed, present)
    return (found + [p for p in name_candidates(typed, others) if p not in found])[:limit]


def person_label(person: Person) -> str:
    """A person as a choice shows them: "Sabine Kröger (Ehrenamtlich)"."""
    return f"{person.name} ({group_label(person.group)})" if person.group else person.name


def name_match_text(match: NameMatch) -> str:
    """What the form says under the name: who will be saved, that there is a choice, or that the name is new."""
    if match.kind == NAME_PERSON and match.person is not None:
        return _("→ {person}").format(person=person_label(match.person))
    if match.kind == NAME_CHOOSE:
        return ngettext(
            "{count} Person passt – bitte auswählen.", "{count} Personen passen – bitte auswählen.", len(match.choices)
        ).format(count=len(match.choices))
    if match.kind == NAME_NEW:
        return _("„{name}“ ist niemand Bekanntes: wird als neuer Name ohne Gruppe gespeichert.").format(
            name=match.typed
        )
    return ""
