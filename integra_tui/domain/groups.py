"""The groups invitees belong to (Kommune, Landkreis, ...): canonical names and spelling variants.

The labels shown for them (English in the English UI) are chosen in ``integra_tui.services.texts``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = [
    "DEFAULT_GROUPS",
    "canonical_group",
]

DEFAULT_GROUPS: tuple[str, ...] = (
    "Kommune",
    "Landkreis",
    "Hauptamtlich",
    "Ehrenamtlich",
    "Zugewandert",
    "Interessiert",
    "Referent/in",
)
"""The seven groups of the INTEGRA network, in the German spelling that is stored."""

# Spellings coordinators actually type, in German and English, keyed by the folded form (see _fold).
# Each maps to one of DEFAULT_GROUPS.
_ALIASES: dict[str, str] = {
    # Kommune
    "kommune": "Kommune",
    "kommunen": "Kommune",
    "stadt": "Kommune",
    "gemeinde": "Kommune",
    "stadtverwaltung": "Kommune",
    "municipality": "Kommune",
    "municipal": "Kommune",
    "city": "Kommune",
    "town": "Kommune",
    # Landkreis
    "landkreis": "Landkreis",
    "kreis": "Landkreis",
    "landratsamt": "Landkreis",
    "district": "Landkreis",
    "county": "Landkreis",
    # Hauptamtlich
    "hauptamtlich": "Hauptamtlich",
    "hauptamt": "Hauptamtlich",
    "hauptamtliche": "Hauptamtlich",
    "hauptamtlicher": "Hauptamtlich",
    "professional": "Hauptamtlich",
    "professionals": "Hauptamtlich",
    "professionalstaff": "Hauptamtlich",
    "staff": "Hauptamtlich",
    # Ehrenamtlich
    "ehrenamtlich": "Ehrenamtlich",
    "ehrenamt": "Ehrenamtlich",
    "ehrenamtliche": "Ehrenamtlich",
    "ehrenamtlicher": "Ehrenamtlich",
    "volunteer": "Ehrenamtlich",
    "volunteers": "Ehrenamtlich",
    # Zugewandert
    "zugewandert": "Zugewandert",
    "zugewanderte": "Zugewandert",
    "zugewanderter": "Zugewandert",
    "immigrant": "Zugewandert",
    "immigrants": "Zugewandert",
    "newcomer": "Zugewandert",
    "newcomers": "Zugewandert",
    "migrant": "Zugewandert",
    "migrants": "Zugewandert",
    # Interessiert
    "interessiert": "Interessiert",
    "interessierte": "Interessiert",
    "interessierter": "Interessiert",
    "interested": "Interessiert",
    "interestedresident": "Interessiert",
    "interestedresidents": "Interessiert",
    "resident": "Interessiert",
    "residents": "Interessiert",
    # Referent/in (Referent, Referentin, Referent*in, Referent:in, Referent(in) all fold alike)
    "referentin": "Referent/in",
    "referent": "Referent/in",
    "referentinnen": "Referent/in",
    "referenten": "Referent/in",
    "speaker": "Referent/in",
    "speakers": "Referent/in",
    "presenter": "Referent/in",
}


def _fold(text: str) -> str:
    """Case- and punctuation-insensitive form: 'Referent*in' and 'referent/in' both give 'referentin'."""
    return re.sub(r"[\W_]+", "", text.casefold())


def canonical_group(value: str, known_groups: Sequence[str] = DEFAULT_GROUPS) -> str | None:
    """The spelling from ``known_groups`` that ``value`` means, or None if it means none of them.

    Compares case-insensitively and ignores punctuation, and understands German and English variants
    of the default groups ('volunteer' -> 'Ehrenamtlich') as long as that group is among ``known_groups``.
    """
    folded = _fold(value)
    if not folded:
        return None
    by_fold = {_fold(group): group for group in known_groups}
    if folded in by_fold:
        return by_fold[folded]
    # The aliases include the English UI labels, so a list exported from the English UI reads back.
    default = _ALIASES.get(folded)
    if default is not None:
        return by_fold.get(_fold(default))
    return None
