"""Topic commands: topics list|wish|hands|plan|plans|letter, topics and speakers chosen together."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, format_date, ngettext
from integra_tui.io.exports.wording import minutes_text
from integra_tui.services import moderation, planning
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting
from integra_tui.services.network_texts import line_text, topic_label
from integra_tui.services.people import resolve_person

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``topics ...`` to the command line."""
    parser = sub.add_parser(
        "topics",
        parents=[common],
        help=_("Themenwünsche mit Handzeichen, die nächsten Treffen planen, Einladung an Referent/in"),
    )
    actions = parser.add_subparsers(dest="topics_command", metavar=_("BEFEHL"), required=True)

    listing = actions.add_parser("list", parents=[common], help=_("Themenwünsche, die meisten Handzeichen zuerst"))
    listing.add_argument("--open", action="store_true", help=_("nur noch nicht eingeplante"))
    listing.set_defaults(handler=_list)

    wish = actions.add_parser("wish", parents=[common], help=_("einen Themenwunsch mit Handzeichen erfassen"))
    wish.add_argument("text", metavar=_("TEXT"), help=_("das gewünschte Thema"))
    wish.add_argument("--hands", default=None, help=_("wie viele Hände sich gehoben haben"))
    wish.add_argument("--topic", default="", help=_("das Thema aus der Liste (z. B. Arbeit)"))
    wish.add_argument(
        "--meeting", type=int, default=None, help=_("Treffen, in dem es gewünscht wurde (sonst das aktuelle)")
    )
    wish.set_defaults(handler=_wish)

    hands = actions.add_parser("hands", parents=[common], help=_("die Handzeichen eines Themenwunsches ändern"))
    hands.add_argument("wish", type=int, metavar=_("NR"), help=_("Nummer des Themenwunsches"))
    hands.add_argument("hands", metavar=_("ANZAHL"), help=_("wie viele Hände sich gehoben haben"))
    hands.set_defaults(handler=_hands)

    plan = actions.add_parser("plan", parents=[common], help=_("ein kommendes Treffen planen: Thema und Referent/in"))
    plan.add_argument("--meeting", type=int, default=None, help=_("Nummer des Treffens (sonst das aktuelle)"))
    plan.add_argument("--topic", default=None, help=_("das Thema des Treffens"))
    plan.add_argument("--wish", type=int, default=None, help=_("Nummer des Themenwunsches, den das Treffen aufgreift"))
    speaker = plan.add_mutually_exclusive_group()
    speaker.add_argument(
        "--speaker", default=None, metavar=_("PERSON"), help=_("Nummer oder Name der Referentin/des Referenten")
    )
    speaker.add_argument(
        "--new-speaker", default=None, metavar=_("NAME"), help=_("eine neue Person als Referent/in anlegen")
    )
    speaker.add_argument("--no-speaker", action="store_true", help=_("keine Referentin und kein Referent"))
    plan.add_argument("--organisation", default="", help=_("bei --new-speaker: Organisation"))
    plan.add_argument("--email", default="", help=_("bei --new-speaker: E-Mail"))
    plan.add_argument("--phone", default="", help=_("bei --new-speaker: Telefon"))
    plan.add_argument("--minutes", type=int, default=None, help=_("Dauer des Beitrags in Minuten"))
    plan.add_argument("--note", default=None, help=_("ein Hinweis für die Einladung"))
    plan.set_defaults(handler=_plan)

    plans = actions.add_parser("plans", parents=[common], help=_("die Planung der kommenden Treffen"))
    plans.add_argument("--all", action="store_true", help=_("auch vergangene Treffen"))
    plans.set_defaults(handler=_plans)

    letter = actions.add_parser(
        "letter", parents=[common], help=_("Einladung an die Referentin/den Referenten als PDF")
    )
    letter.add_argument("--meeting", type=int, default=None, help=_("Nummer des Treffens (sonst das aktuelle)"))
    letter.add_argument("--out", type=Path, default=None, help=_("Zieldatei; sonst ein Name im aktuellen Ordner"))
    letter.add_argument(
        "--sender", default="", help=_("Absender, z. B. „Katrin Vogel, Mehrgenerationenhaus Lindenfeld“")
    )
    letter.set_defaults(handler=_letter)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rows = planning.topic_wishes(ctx, open_only=args.open)
    if not rows:
        echo(_("Keine Themenwünsche gefunden."))
        return 0
    for row in rows:
        wish = row.wish
        hands = (
            ngettext("{count} Hand", "{count} Hände", wish.hands).format(count=wish.hands)
            if wish.hands is not None
            else _("nicht gezählt")
        )
        topic = f" [{line_text(topic_label(wish.topic))}]" if wish.topic else ""
        line = f"{wish.id:>5}  {hands:<13}  {line_text(wish.text)}{topic}"
        if row.meeting:
            line += " " + _("(gewünscht am {date})").format(date=format_date(row.meeting.date))
        if row.planned_for:
            line += " – " + _("geplant für {date}").format(date=format_date(row.planned_for.date))
        echo(line)
    return 0


def _wish(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    wish = planning.add_topic_wish(ctx, meeting.id, args.text, hands=args.hands, topic=args.topic)
    echo(_("Themenwunsch {id} erfasst ({date}).").format(id=wish.id, date=format_date(meeting.date)))
    return 0


def _hands(args: argparse.Namespace, ctx: Context) -> int:
    wish = moderation.set_hands(ctx, args.wish, args.hands)
    count = wish.hands or 0
    echo(
        ngettext("Themenwunsch {id}: {count} Hand.", "Themenwunsch {id}: {count} Hände.", count).format(
            id=wish.id, count=count
        )
    )
    return 0


def _plan(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    if not args.new_speaker and (args.organisation or args.email or args.phone):
        raise ServiceError(_("--organisation, --email und --phone gehören zu --new-speaker."))
    view = planning.plan_meeting(
        ctx,
        meeting.id,
        topic=args.topic,
        wish_id=args.wish,
        speaker_id=resolve_person(ctx, args.speaker).id if args.speaker else None,
        new_speaker=planning.NewSpeaker(args.new_speaker, args.organisation, args.email, args.phone)
        if args.new_speaker
        else None,
        talk_minutes=args.minutes,
        note=args.note,
        no_speaker=args.no_speaker,
    )
    _print_plan(view)
    return 0


def _print_plan(view: planning.PlanView) -> None:
    meeting = view.meeting
    echo(f"{meeting.id:>3}  {format_date(meeting.date)}  {line_text(meeting.title)}")
    echo("     " + _("Thema: {topic}").format(topic=line_text(view.plan.topic or meeting.topic or "–")))
    if view.speaker is not None:
        who = view.speaker.name + (f" ({view.speaker.organisation})" if view.speaker.organisation else "")
        minutes = f", {minutes_text(view.plan.talk_minutes)}" if view.plan.talk_minutes else ""
        echo("     " + _("Referent/in: {who}").format(who=line_text(who)) + minutes)
    else:
        echo("     " + _("Referent/in: noch offen"))


def _plans(args: argparse.Namespace, ctx: Context) -> int:
    views = planning.plans(ctx, upcoming_only=not args.all)
    if not views:
        echo(_("Noch keine Treffen geplant."))
        return 0
    for view in views:
        _print_plan(view)
        audience = planning.expected_audience(ctx, view.meeting.id, view.speaker.id if view.speaker else None)
        if audience:
            counts = ", ".join(f"{a.group} {a.count}" for a in audience)
            echo("     " + _("Eingeladen: {counts}").format(counts=counts))
    return 0


def _letter(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    result = planning.write_speaker_letter(ctx, meeting.id, args.out, sender=args.sender)
    echo(result.summary)
    for warning in result.warnings:
        echo(warning, file=sys.stderr)
    return 0
