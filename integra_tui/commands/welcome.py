"""The welcome command: the greetings the door shows a person, in the languages they gave."""

from __future__ import annotations

import argparse

from integra_tui.commands import echo
from integra_tui.i18n import _
from integra_tui.services import welcome
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.network_texts import line_text
from integra_tui.services.people import resolve_person

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``welcome`` to the command line."""
    parser = sub.add_parser(
        "welcome", parents=[common], help=_("die Begrüßung in den Sprachen einer Person zeigen (wie an der Tür)")
    )
    parser.add_argument("person", nargs="?", default="", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    parser.add_argument("--languages", default="", help=_("statt einer Person: Sprachen, z. B. „ar, Ukrainisch“"))
    parser.add_argument("--list", action="store_true", help=_("alle Sprachen mit Begrüßung zeigen"))
    parser.set_defaults(handler=_welcome)


def _welcome(args: argparse.Namespace, ctx: Context) -> int:
    if args.list:
        for code, name in welcome.known_languages():
            greeting = welcome.greetings_for_languages([code])[-1]
            echo(f"{code:<4} {name:<28} {greeting.text}")
        return 0
    if args.person and args.languages:
        raise ServiceError(_("Bitte entweder eine Person oder --languages angeben."))
    if args.person:
        greetings = welcome.greetings_for_person(resolve_person(ctx, args.person))
    elif args.languages:
        greetings = welcome.greetings_for_languages([args.languages])
    else:
        raise ServiceError(_("Bitte eine Person oder --languages angeben."))
    for greeting in greetings:
        echo(f"{line_text(greeting.text)}  ({greeting.languages})")
    return 0
