"""The organiser as the papers name it (sign-in list, right-of-access letter): read, set, and the notes built on it.

Kept once per store (``records.settings``, scope "organiser"); set from the command line with
``integra-tui settings organiser --name … --address … --contact … --signatory …``.
"""

from __future__ import annotations

from integra_tui.domain.organiser import ORGANISER_FIELDS, Organiser
from integra_tui.i18n import _
from integra_tui.records import settings
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.texts import signin_privacy_note  # the words of the note: offered here too

__all__ = ["ORGANISER_FIELDS", "Organiser", "organiser", "organiser_labels", "set_organiser", "signin_privacy_note"]

_MAX_LENGTH = 200


def organiser(ctx: Context) -> Organiser:
    """The organiser as set (empty fields for what was never set)."""
    return settings.organiser(ctx.store)


def organiser_labels() -> dict[str, str]:
    """The organiser's fields as the reader sees them."""
    return {
        "name": _("Veranstalter"),
        "address": _("Anschrift"),
        "contact": _("Kontakt für Datenschutzfragen"),
        "signatory": _("Unterschrift für den Veranstalter"),
    }


def set_organiser(ctx: Context, **changes: str) -> Organiser:
    """Change some of the organiser's fields (one line each; "" empties a field); returns the organiser."""
    unknown = set(changes) - set(ORGANISER_FIELDS)
    if unknown:
        raise ValueError(f"unknown organiser fields: {sorted(unknown)}")
    cleaned = {}
    for key, value in changes.items():
        text = typed.line(str(value))
        if len(text) > _MAX_LENGTH:
            raise ServiceError(
                _("{field} ist zu lang (höchstens {maximum} Zeichen).").format(
                    field=organiser_labels()[key], maximum=_MAX_LENGTH
                )
            )
        cleaned[key] = text
    if cleaned:
        settings.update_organiser(ctx.store, cleaned)
    return organiser(ctx)
