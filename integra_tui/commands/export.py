"""The export command: action items, minutes, attendance list, statistics, the funder's report, confirmations.

Without ``--meeting`` the exports look back: the latest meeting that has taken place (started, or
someone checked in), never one still ahead; only ``signin``, the list to sign at the door, looks
ahead to today's or the next meeting. The line printed names the meeting exported.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.exports import FORMATS, KINDS, ExportRequest, run_export
from integra_tui.services.meetings import parse_date

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``export KIND`` to the command line."""
    formats = "; ".join(f"{kind}: {', '.join(FORMATS[kind])}" for kind in KINDS)
    parser = sub.add_parser(
        "export",
        parents=[common],
        help=_(
            "Aufgaben, Protokoll, Teilnehmerliste, Statistik, Bericht, Teilnahmebestätigung oder die Liste zum "
            "Unterschreiben exportieren"
        ),
        description=_("Formate je Art: {formats}").format(formats=formats),
    )
    parser.add_argument(
        "kind",
        choices=KINDS,
        metavar=_("ART"),
        help=_("actions, minutes, attendance, report, stats, engagement oder signin (Liste zum Unterschreiben)"),
    )
    parser.add_argument(
        "person", nargs="?", default="", metavar=_("PERSON"), help=_("nur bei engagement: Nummer oder Name der Person")
    )
    parser.add_argument(
        "--meeting",
        type=int,
        default=None,
        help=_("Nummer des Treffens (sonst das zuletzt stattgefundene; bei signin das heutige oder nächste)"),
    )
    parser.add_argument(
        "--all", action="store_true", dest="all_meetings", help=_("nur bei actions: alle Treffen statt eines")
    )
    parser.add_argument(
        "--format", default="", help=_("Dateiformat (sonst aus der Endung von --out, sonst der Standard der Art)")
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help=_("Zieldatei (bei report: Zielordner); sonst ein Name im aktuellen Ordner"),
    )
    parser.add_argument(
        "--dialect",
        default="de",
        choices=("de", "international"),
        help=_(
            "CSV: de = für deutsches Excel (Semikolon, TT.MM.JJJJ, UTF-8 mit BOM); international = Komma und ISO-Datum"
        ),
    )
    parser.add_argument(
        "--with-names", action="store_true", help=_("nur bei minutes und report: Namen der Anwesenden ins Protokoll")
    )
    parser.add_argument(
        "--from", dest="date_from", default=None, help=_("nur bei stats: erstes Datum (JJJJ-MM-TT oder TT.MM.JJJJ)")
    )
    parser.add_argument("--to", dest="date_to", default=None, help=_("nur bei stats: letztes Datum"))
    parser.set_defaults(handler=_export)


def _export(args: argparse.Namespace, ctx: Context) -> int:
    if args.kind == "engagement" and not args.person:
        raise ServiceError(_("Bitte eine Person angeben: integra-tui export engagement PERSON"))
    if args.kind != "engagement" and args.person:
        raise ServiceError(_("Eine Person wird nur bei engagement angegeben."))
    request = ExportRequest(
        kind=args.kind,
        format=args.format,
        out=args.out,
        meeting_id=args.meeting,
        all_meetings=args.all_meetings,
        dialect=args.dialect,
        with_names=args.with_names,
        date_from=parse_date(args.date_from) if args.date_from else None,
        date_to=parse_date(args.date_to) if args.date_to else None,
        person=args.person,
    )
    result = run_export(ctx, request)
    echo(result.summary)
    for warning in result.warnings:  # stand-ins printed for characters no font has: where to look
        echo(warning, file=sys.stderr)
    return 0
