"""Commands that read the coordinator's lists: import invitees, import agenda."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, format_date
from integra_tui.services.agenda import import_agenda
from integra_tui.services.context import Context
from integra_tui.services.meetings import resolve_meeting
from integra_tui.services.people import import_invitees

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``import invitees`` and ``import agenda`` to the command line."""
    parser = sub.add_parser("import", parents=[common], help=_("Eingeladene oder Tagesordnung aus CSV/Excel einlesen"))
    kinds = parser.add_subparsers(dest="import_kind", metavar=_("ART"), required=True)
    invitees = kinds.add_parser("invitees", parents=[common], help=_("Eingeladene aus CSV oder XLSX"))
    invitees.add_argument("file", type=Path, help=_("die Datei"))
    invitees.add_argument(
        "--meeting", type=int, default=None, help=_("Nummer des Treffens (sonst das heutige oder nächste)")
    )
    invitees.set_defaults(handler=_invitees)
    agenda = kinds.add_parser("agenda", parents=[common], help=_("Tagesordnung aus CSV oder XLSX"))
    agenda.add_argument("file", type=Path, help=_("die Datei"))
    agenda.add_argument(
        "--meeting", type=int, default=None, help=_("Nummer des Treffens (sonst das heutige oder nächste)")
    )
    agenda.set_defaults(handler=_agenda)


def _print_problems(problems: list[tuple[int, str]]) -> None:
    for line, message in problems:
        echo(_("Zeile {line}: {message}").format(line=line, message=message), file=sys.stderr)


def _invitees(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)  # looks ahead: today's or the next meeting
    report = import_invitees(ctx, args.file, meeting.id)
    echo(
        _(
            "Treffen vom {date} („{title}“): {added} neue Personen, {existing} schon bekannt; {invited} eingeladen, "
            "{already} waren schon eingeladen."
        ).format(
            date=format_date(meeting.date),
            title=meeting.title,
            added=report.added,
            existing=report.existing,
            invited=report.invited,
            already=report.already_invited,
        )
    )
    _print_problems(report.problems)
    return 0


def _agenda(args: argparse.Namespace, ctx: Context) -> int:
    report = import_agenda(ctx, args.file, args.meeting)
    meeting = report.meeting
    assert meeting is not None
    echo(
        _("Treffen vom {date} („{title}“): {added} Tagesordnungspunkte übernommen, {existing} waren schon da.").format(
            date=format_date(meeting.date), title=meeting.title, added=report.added, existing=report.existing
        )
    )
    _print_problems(report.problems)
    return 0
