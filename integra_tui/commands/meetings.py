"""Commands for meetings and the demo: meeting add, meeting list, demo."""

from __future__ import annotations

import argparse

from integra_tui.commands import echo, run_tui
from integra_tui.i18n import _, format_date
from integra_tui.services import meetings as meeting_service
from integra_tui.services.context import Context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.people import count_invited

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``meeting`` and ``demo`` to the command line."""
    meeting = sub.add_parser("meeting", parents=[common], help=_("Treffen anlegen und auflisten"))
    meeting_sub = meeting.add_subparsers(dest="meeting_command", metavar=_("BEFEHL"), required=True)
    add = meeting_sub.add_parser("add", parents=[common], help=_("ein Treffen anlegen; gibt seine Nummer aus"))
    add.add_argument("--title", required=True, help=_("Titel des Treffens"))
    add.add_argument("--date", required=True, help=_("Datum, JJJJ-MM-TT oder TT.MM.JJJJ"))
    add.add_argument("--time", default=None, help=_("Beginn, HH:MM"))
    add.add_argument("--place", default="", help=_("Ort"))
    add.add_argument("--topic", default="", help=_("Thema"))
    add.add_argument("--minutes", type=int, default=120, help=_("geplante Dauer in Minuten (Standard 120)"))
    add.set_defaults(handler=_add)
    listing = meeting_sub.add_parser(
        "list", parents=[common], help=_("alle Treffen mit Zahl der Eingeladenen und Anwesenden")
    )
    listing.set_defaults(handler=_list)

    demo = sub.add_parser("demo", parents=[common], help=_("das Demo-Treffen anlegen oder auffrischen und öffnen"))
    demo.add_argument("--no-open", action="store_true", help=_("nur anlegen, die Oberfläche nicht öffnen"))
    demo.add_argument(
        "--history",
        action="store_true",
        help=_("auch das Treffen des Vorquartals mit Bedarfen, Fragen und Themenwünschen (beim Öffnen immer)"),
    )
    demo.set_defaults(handler=_demo)


def _add(args: argparse.Namespace, ctx: Context) -> int:
    meeting = meeting_service.add_meeting(
        ctx,
        args.title,
        meeting_service.parse_date(args.date),
        meeting_service.parse_time(args.time) if args.time else None,
        place=args.place,
        topic=args.topic,
        planned_minutes=args.minutes,
    )
    echo(meeting.id)
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rows = meeting_service.summaries(ctx)
    if not rows:
        echo(_("Noch keine Treffen."))
        return 0
    for row in rows:
        m = row.meeting
        start = m.start_time.strftime("%H:%M") if m.start_time else "--:--"
        echo(
            _("{id:>3}  {date} {start}  {title}  ({invited} eingeladen, {present} anwesend)").format(
                id=m.id, date=format_date(m.date), start=start, title=m.title, invited=row.invited, present=row.present
            )
        )
    return 0


def _demo(args: argparse.Namespace, ctx: Context) -> int:
    # Opened, the demo brings the quarter before too, so a new user sees the follow-up at once;
    # --no-open (for scripts) keeps to today's meeting unless --history asks for it.
    meeting, report = ensure_demo(ctx, earlier_quarter=args.history or not args.no_open)
    echo(
        _("Demo-Treffen {id}: {title} am {date}, {invited} Eingeladene.").format(
            id=meeting.id, title=meeting.title, date=format_date(meeting.date), invited=count_invited(ctx, meeting.id)
        )
    )
    if args.no_open:
        return 0
    return run_tui(ctx, meeting_id=meeting.id)
