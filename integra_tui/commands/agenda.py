"""Agenda commands: agenda list, agenda titles (an item's title in up to two further languages for the display)."""

from __future__ import annotations

import argparse

from integra_tui.commands import echo
from integra_tui.i18n import _
from integra_tui.io.exports.wording import minutes_text
from integra_tui.services import agenda
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting
from integra_tui.services.network_texts import line_text

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``agenda list|titles`` to the command line."""
    parser = sub.add_parser("agenda", parents=[common], help=_("die Tagesordnung zeigen; Titel in weiteren Sprachen"))
    actions = parser.add_subparsers(dest="agenda_command", metavar=_("BEFEHL"), required=True)
    listing = actions.add_parser("list", parents=[common], help=_("die Tagesordnung mit Nummern und Übersetzungen"))
    listing.add_argument("--meeting", type=int, default=None, help=_("Nummer des Treffens (sonst das aktuelle)"))
    listing.set_defaults(handler=_list)
    titles = actions.add_parser(
        "titles", parents=[common], help=_("den Titel eines Punktes in bis zu zwei weiteren Sprachen festlegen")
    )
    titles.add_argument("item", type=int, metavar=_("NR"), help=_("Nummer des Tagesordnungspunktes"))
    titles.add_argument(
        "titles",
        nargs="*",
        metavar=_("SPRACHE=TITEL"),
        help=_('z. B. ar="مرحبا" uk="Вітання" (nichts: die Übersetzungen löschen)'),
    )
    titles.set_defaults(handler=_titles)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    translations = agenda.title_translations(ctx, meeting.id)
    entries = agenda.agenda_entries(ctx, meeting.id)
    if not entries:
        echo(_("Keine Tagesordnungspunkte."))
        return 0
    for entry in entries:
        echo(f"{entry.id:>5}  {minutes_text(entry.minutes):>9}  {line_text(entry.title)}")
        for translation in translations.get(entry.id, []):
            echo(f"                 {translation.language}: {line_text(translation.title)}")
    return 0


def _titles(args: argparse.Namespace, ctx: Context) -> int:
    pairs = []
    for text in args.titles:
        language, sep, title = text.partition("=")
        if not sep:
            raise ServiceError(_('Bitte als SPRACHE=TITEL angeben, z. B. ar="…": {text}').format(text=text))
        pairs.append((language.strip(), title))
    item = agenda.set_title_translations(ctx, args.item, pairs)
    if item["translations"]:
        shown = ", ".join(f"{t['language']}: {line_text(t['title'])}" for t in item["translations"])
        echo(_("Titel in weiteren Sprachen: {titles}").format(titles=shown))
    else:
        echo(_("Der Punkt hat keine Titel in weiteren Sprachen."))
    return 0
