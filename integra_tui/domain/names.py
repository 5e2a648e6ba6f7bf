"""How names are compared: folded for searching, and when a presenter field names a person."""

from __future__ import annotations

import unicodedata

__all__ = ["fold", "names_presenter"]


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
