"""The settings command: the organiser printed on the sign-in list and the right-of-access letter."""

from __future__ import annotations

import argparse

from integra_tui.commands import echo
from integra_tui.i18n import _
from integra_tui.services import organiser as organiser_service
from integra_tui.services.context import Context

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``settings show`` and ``settings organiser`` to the command line."""
    parser = sub.add_parser(
        "settings", parents=[common], help=_("Einstellungen: der Veranstalter für Teilnehmerliste und Auskunft")
    )
    actions = parser.add_subparsers(dest="settings_command", metavar=_("BEFEHL"), required=True)
    show = actions.add_parser("show", parents=[common], help=_("die Einstellungen zeigen"))
    show.set_defaults(handler=_show)
    organiser = actions.add_parser(
        "organiser",
        parents=[common],
        help=_("den Veranstalter festlegen (steht auf der Teilnehmerliste und im Auskunftsbrief)"),
    )
    organiser.add_argument("--name", default=None, help=_("Veranstalter, z. B. „Mehrgenerationenhaus Lindenfeld“"))
    organiser.add_argument("--address", default=None, help=_("Anschrift in einer Zeile"))
    organiser.add_argument("--contact", default=None, help=_("Kontakt für Datenschutzfragen (Telefon oder E-Mail)"))
    organiser.add_argument(
        "--signatory", default=None, help=_("wer die Teilnehmerliste bestätigt, z. B. „Katrin Vogel, Koordination“")
    )
    organiser.set_defaults(handler=_organiser)


def _print_organiser(ctx: Context) -> None:
    current = organiser_service.organiser(ctx)
    labels = organiser_service.organiser_labels()
    for field in organiser_service.ORGANISER_FIELDS:
        echo(f"{labels[field]}: {getattr(current, field) or '–'}")


def _show(args: argparse.Namespace, ctx: Context) -> int:
    _print_organiser(ctx)
    return 0


def _organiser(args: argparse.Namespace, ctx: Context) -> int:
    changes = {
        field: getattr(args, field) for field in organiser_service.ORGANISER_FIELDS if getattr(args, field) is not None
    }
    if changes:
        organiser_service.set_organiser(ctx, **changes)
        echo(_("Gespeichert."))
    _print_organiser(ctx)
    return 0
