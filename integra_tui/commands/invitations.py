"""Commands for invitations: ``invitations make`` writes a meeting's files, ``reissue`` and ``card`` give new codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from integra_tui.commands import echo
from integra_tui.domain.codes import format_code
from integra_tui.i18n import _, format_date, ngettext
from integra_tui.services.context import Context
from integra_tui.services.invitations import issue_card, make_invitations, reissue_invitation, write_card
from integra_tui.services.people import resolve_person

if TYPE_CHECKING:
    from integra_tui.io.fonts import FontWarning

__all__ = ["register"]

_FORMATS = ("pdf", "png", "svg", "html")


def _file_options(parser: argparse.ArgumentParser, *, out_required: bool) -> None:
    parser.add_argument(
        "--out",
        type=Path,
        required=out_required,
        default=None,
        metavar=_("ORDNER"),
        help=_("Ordner für die Dateien (wird angelegt)"),
    )
    parser.add_argument(
        "--format",
        choices=_FORMATS,
        default="pdf",
        dest="fmt",
        help=_("pdf (Standard), png oder svg (eine Datei pro Person und eine Liste für den Serienbrief), html"),
    )
    parser.add_argument(
        "--per-page",
        type=int,
        choices=(1, 4),
        default=4,
        help=_("Einladungen pro Seite im PDF/HTML: 4 auf A4 (Standard) oder 1 auf A6"),
    )


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``invitations make``, ``invitations reissue`` and ``invitations card`` to the command line."""
    parser = sub.add_parser(
        "invitations",
        parents=[common],
        help=_("Einladungen mit QR-Code drucken, Codes neu ausstellen, persönliche Karten"),
    )
    commands = parser.add_subparsers(dest="invitations_command", metavar=_("BEFEHL"), required=True)

    make = commands.add_parser(
        "make",
        parents=[common],
        help=_("die Einladungen aller Eingeladenen eines Treffens schreiben (Codes bleiben gleich)"),
    )
    make.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige bzw. nächste)"),
    )
    _file_options(make, out_required=True)
    make.set_defaults(handler=_make)

    reissue = commands.add_parser(
        "reissue", parents=[common], help=_("einer Person einen neuen Code geben; der alte wird am Eingang abgelehnt")
    )
    reissue.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    reissue.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige bzw. nächste)"),
    )
    _file_options(reissue, out_required=False)
    reissue.set_defaults(handler=_reissue)

    card = commands.add_parser(
        "card",
        parents=[common],
        help=_("persönliche Karte: ein Code, der für jedes Treffen gilt (ausstellen oder mit --new ersetzen)"),
    )
    card.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    card.add_argument(
        "--new", action="store_true", help=_("einen neuen Kartencode ausstellen; der alte wird am Eingang abgelehnt")
    )
    _file_options(card, out_required=False)
    card.set_defaults(handler=_card)


def _warn(warnings: list[FontWarning]) -> None:
    """One line per file that printed stand-ins: where to look, never whose name it is (personal data)."""
    for warning in warnings:
        echo(warning, file=sys.stderr)


def _make(args: argparse.Namespace, ctx: Context) -> int:
    from integra_tui.io.invitations import CSV_NAME  # the card renderer (Pillow, fonts): only when writing

    run = make_invitations(ctx, args.meeting, args.out, args.fmt, args.per_page)
    if args.fmt in ("pdf", "html"):
        echo(
            ngettext(
                "{count} Einladung für „{title}“ am {date} geschrieben: {path}",
                "{count} Einladungen für „{title}“ am {date} geschrieben: {path}",
                run.count,
            ).format(count=run.count, title=run.meeting.title, date=format_date(run.meeting.date), path=run.files[0])
        )
    else:
        folder = run.files[-1].parent
        echo(
            ngettext(
                "{count} Einladung für „{title}“ am {date} geschrieben: {count} {kind}-Datei in {folder}, Liste für "
                "den Serienbrief: {csv}",
                "{count} Einladungen für „{title}“ am {date} geschrieben: {count} {kind}-Dateien in {folder}, Liste "
                "für den Serienbrief: {csv}",
                run.count,
            ).format(
                count=run.count,
                title=run.meeting.title,
                date=format_date(run.meeting.date),
                kind=args.fmt.upper(),
                folder=folder,
                csv=folder / CSV_NAME,
            )
        )
    _warn(run.warnings)
    return 0


def _reissue(args: argparse.Namespace, ctx: Context) -> int:
    person = resolve_person(ctx, args.person)
    done = reissue_invitation(ctx, person.id, args.meeting, args.out, args.fmt, args.per_page)
    echo(
        _("Neuer Code für {name} (Treffen vom {date}): {code}. Der alte Code wird am Eingang abgelehnt.").format(
            name=done.person.name, date=format_date(done.meeting.date), code=format_code(done.code)
        )
    )
    for path in done.files:
        echo(_("Geschrieben: {path}").format(path=path))
    _warn(done.warnings)
    return 0


def _card(args: argparse.Namespace, ctx: Context) -> int:
    person = resolve_person(ctx, args.person)
    if args.out is not None:
        done = write_card(ctx, person.id, args.out, new=args.new, fmt=args.fmt, per_page=args.per_page)
    else:
        done = issue_card(ctx, person.id, new=args.new)
    code = format_code(done.code)
    if not done.created:
        echo(
            _("{name} hat schon eine persönliche Karte: {code} (eine neue mit --new).").format(
                name=done.person.name, code=code
            )
        )
    elif done.old_code:
        echo(
            _("Neue persönliche Karte für {name}: {code}. Die alte Karte wird am Eingang abgelehnt.").format(
                name=done.person.name, code=code
            )
        )
    else:
        echo(
            _("Persönliche Karte für {name}: {code}. Sie gilt für jedes Treffen.").format(
                name=done.person.name, code=code
            )
        )
    for path in done.files:
        echo(_("Geschrieben: {path}").format(path=path))
    _warn(done.warnings)
    return 0
