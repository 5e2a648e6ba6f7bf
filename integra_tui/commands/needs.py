"""Needs commands: needs list|add|set|match|action|offer|offers|topics|report, needs followed to the end."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.domain.due_dates import parse_due_date
from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import status_label
from integra_tui.io.files import ExportResult, write_file
from integra_tui.services import needs
from integra_tui.services import topics as topic_list
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.exports import network as network_report
from integra_tui.services.meetings import parse_date, resolve_meeting
from integra_tui.services.network_texts import line_text, need_status_label, pair_text, quarter_label, topic_label
from integra_tui.services.texts import due_hint, due_question, group_label

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``needs ...`` to the command line."""
    parser = sub.add_parser("needs", parents=[common], help=_("Bedarfe und Angebote verfolgen, bis sie gedeckt sind"))
    actions = parser.add_subparsers(dest="needs_command", metavar=_("BEFEHL"), required=True)

    listing = actions.add_parser(
        "list", parents=[common], help=_("Bedarfe mit Status, passenden Angeboten und Aufgaben")
    )
    listing.add_argument("--status", default="", help=_("nur dieser Status: offen, in Arbeit, gedeckt, nicht möglich"))
    listing.add_argument("--topic", default="", help=_("nur dieses Thema"))
    listing.add_argument("--open", action="store_true", help=_("nur offene und in Arbeit"))
    listing.set_defaults(handler=_list)

    add = actions.add_parser("add", parents=[common], help=_("einen Bedarf erfassen"))
    add.add_argument("text", metavar=_("TEXT"), help=_("was gebraucht wird"))
    _capture_options(add, _("für welche Gruppe (nie ein Name)"), _("wer kümmert sich (Person oder Organisation)"))
    add.set_defaults(handler=_add)

    offer = actions.add_parser("offer", parents=[common], help=_("ein Angebot erfassen"))
    offer.add_argument("text", metavar=_("TEXT"), help=_("was angeboten wird"))
    _capture_options(offer, _("von welcher Gruppe"), _("wer bietet es an (Person oder Organisation)"))
    offer.set_defaults(handler=_offer)

    offers = actions.add_parser("offers", parents=[common], help=_("Angebote mit den Bedarfen, zu denen sie passen"))
    offers.add_argument("--topic", default="", help=_("nur dieses Thema"))
    offers.set_defaults(handler=_offers)

    change = actions.add_parser(
        "set", parents=[common], help=_("Status, Thema oder wer sich kümmert ändern (wird mit Datum festgehalten)")
    )
    change.add_argument("need", type=int, metavar=_("NR"), help=_("Nummer des Bedarfs"))
    change.add_argument(
        "status",
        nargs="?",
        default="",
        metavar=_("STATUS"),
        help=_("offen, in Arbeit (oder in_progress), gedeckt (met), nicht möglich (not_possible)"),
    )
    change.add_argument("--comment", default="", help=_("Kommentar, z. B. was als Nächstes geschieht"))
    change.add_argument("--owner", default=None, help=_("wer kümmert sich (leer: niemand)"))
    change.add_argument("--topic", default=None, help=_("das Thema"))
    change.add_argument("--meeting", type=int, default=None, help=_("Treffen, in dem das besprochen wurde"))
    change.set_defaults(handler=_set)

    match = actions.add_parser("match", parents=[common], help=_("Bedarf und Angebot desselben Themas zusammenführen"))
    match.add_argument("need", type=int, metavar=_("BEDARF"), help=_("Nummer des Bedarfs"))
    match.add_argument("offer", type=int, nargs="?", default=None, metavar=_("ANGEBOT"), help=_("Nummer des Angebots"))
    match.add_argument("--undo", action="store_true", help=_("die Zusammenführung aufheben"))
    match.set_defaults(handler=_match)

    action = actions.add_parser(
        "action", parents=[common], help=_("aus einem Bedarf eine Aufgabe machen: Wer kümmert sich? Bis wann?")
    )
    action.add_argument("need", type=int, metavar=_("NR"), help=_("Nummer des Bedarfs"))
    action.add_argument("--owner", required=True, help=_("wer kümmert sich"))
    action.add_argument("--due", default=None, help=_("bis wann, z. B. 15.1., „in 2 Wochen“, „Ende Januar“"))
    action.add_argument("--text", default="", help=_("Text der Aufgabe (sonst der des Bedarfs)"))
    action.add_argument("--meeting", type=int, default=None, help=_("Treffen, in dem das vereinbart wurde"))
    action.set_defaults(handler=_action)

    topics = actions.add_parser("topics", parents=[common], help=_("die Liste der Themen zeigen oder ändern"))
    topics.add_argument("--add", default=None, metavar=_("THEMA"), help=_("ein Thema hinzufügen"))
    topics.add_argument("--remove", default=None, metavar=_("THEMA"), help=_("ein Thema entfernen"))
    topics.set_defaults(handler=_topics)

    report = actions.add_parser(
        "report", parents=[common], help=_("Bedarfe nach Thema und Quartal (neu, in Arbeit, gedeckt, nicht möglich)")
    )
    report.add_argument("--from", dest="date_from", default=None, help=_("erstes Datum (JJJJ-MM-TT oder TT.MM.JJJJ)"))
    report.add_argument("--to", dest="date_to", default=None, help=_("letztes Datum"))
    report.add_argument("--out", type=Path, default=None, help=_("als CSV in diese Datei schreiben"))
    report.add_argument("--pairs", action="store_true", help=_("stattdessen jeden Bedarf mit seinen Angeboten"))
    report.add_argument(
        "--dialect", default="de", choices=("de", "international"), help=_("CSV: de (Semikolon) oder international")
    )
    report.set_defaults(handler=_report)


def _capture_options(parser: argparse.ArgumentParser, group_help: str, owner_help: str) -> None:
    parser.add_argument("--group", default="", help=group_help)
    parser.add_argument("--topic", default="", help=_("das Thema (z. B. Sprache, Arbeit, Wohnen, Behörden)"))
    parser.add_argument("--owner", default="", help=owner_help)
    parser.add_argument(
        "--meeting", type=int, default=None, help=_("Treffen, in dem es erfasst wurde (sonst das aktuelle)")
    )


def _who(group: str) -> str:
    return group_label(group) if group else _("(ohne Gruppe)")


def _print_need(row: needs.NeedRow) -> None:
    need = row.need
    since = (
        format_date(row.changed_at.date()) if row.changed_at else (format_date(row.meeting.date) if row.meeting else "")
    )
    topic = topic_label(need.topic) if need.topic else "–"
    line = f"{need.id:>5}  {need_status_label(row.status):<13}  {line_text(topic):<15}  "
    line += f"{line_text(_who(need.group))}: {line_text(need.text)}"
    if need.owner:
        line += " – " + _("kümmert sich: {owner}").format(owner=line_text(need.owner))
    if since:
        line += f" ({since})"
    echo(line)
    if row.comment:
        echo("       " + _("Kommentar: {comment}").format(comment=line_text(row.comment)))
    for offer in row.offers:
        echo("       " + _("↔ Angebot {id}: {text}").format(id=offer.id, text=line_text(pair_text(offer))))
    for item in row.actions:
        due = format_date(item.due) if item.due else "–"
        echo(
            "       "
            + _("→ Aufgabe {id}: {text} ({owner}, fällig {due}, {status})").format(
                id=item.id,
                text=line_text(item.text),
                owner=line_text(item.owner),
                due=due,
                status=status_label(item.status),
            )
        )


def _list(args: argparse.Namespace, ctx: Context) -> int:
    rows = needs.board(ctx, status=args.status or None, topic=args.topic, open_only=args.open)
    if not rows:
        echo(_("Keine Bedarfe gefunden."))
        return 0
    for row in rows:
        _print_need(row)
    return 0


def _add(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    need = needs.add_need(ctx, meeting.id, args.text, group=args.group, topic=args.topic, owner=args.owner)
    echo(_("Bedarf {id} erfasst ({date}).").format(id=need.id, date=format_date(meeting.date)))
    return 0


def _offer(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    offer = needs.add_offer(ctx, meeting.id, args.text, group=args.group, topic=args.topic, owner=args.owner)
    echo(_("Angebot {id} erfasst ({date}).").format(id=offer.id, date=format_date(meeting.date)))
    suggestions = needs.need_suggestions(ctx, offer.id)
    if suggestions:
        echo(_("Passt vielleicht zu:"))
        for need in suggestions:
            echo(f"  {need.id:>5}  {line_text(pair_text(need))}")
    return 0


def _offers(args: argparse.Namespace, ctx: Context) -> int:
    rows = needs.offers(ctx, topic=args.topic)
    if not rows:
        echo(_("Keine Angebote gefunden."))
        return 0
    for row in rows:
        offer = row.offer
        topic = topic_label(offer.topic) if offer.topic else "–"
        line = f"{offer.id:>5}  {line_text(topic):<15}  {line_text(pair_text(offer))}"
        if offer.owner:
            line += f" – {line_text(offer.owner)}"
        echo(line)
        for need in row.needs:
            echo("       " + _("↔ Bedarf {id}: {text}").format(id=need.id, text=line_text(pair_text(need))))
    return 0


def _set(args: argparse.Namespace, ctx: Context) -> int:
    if not args.status and args.owner is None and args.topic is None:
        raise ServiceError(_("Bitte einen Status, --owner oder --topic angeben."))
    with ctx.transaction():  # refused (a status kept without a comment): nothing of it is changed
        need = needs.get_need(ctx, args.need)
        if args.topic is not None:
            need = needs.set_topic(ctx, args.need, args.topic)
        if args.owner is not None:
            need = needs.take_care(ctx, args.need, args.owner)
        if args.status:
            need = needs.set_need_status(ctx, args.need, args.status, args.comment, args.meeting)
    echo(_("Bedarf {id} ist jetzt: {status}.").format(id=need.id, status=need_status_label(need.status or "open")))
    if args.owner is not None:
        echo(
            _("Kümmert sich: {owner}").format(owner=line_text(need.owner))
            if need.owner
            else _("Noch kümmert sich niemand.")
        )
    if args.topic is not None:
        echo(_("Thema: {topic}").format(topic=topic_label(need.topic)))
    return 0


def _match(args: argparse.Namespace, ctx: Context) -> int:
    if args.offer is None:
        if args.undo:
            raise ServiceError(_("Bitte das Angebot angeben, dessen Zusammenführung aufgehoben wird."))
        suggestions = needs.match_suggestions(ctx, args.need)
        if not suggestions:
            paired = needs.get_need(ctx, args.need).matched_ids
            if paired:  # the offers of its topic are paired with it already
                ids = ", ".join(str(i) for i in paired)
                echo(
                    _("Kein weiteres Angebot zum Thema dieses Bedarfs (zusammengeführt mit Angebot {ids}).").format(
                        ids=ids
                    )
                )
            else:
                echo(_("Kein Angebot zum Thema dieses Bedarfs."))
            return 0
        echo(_("Angebote zum Thema dieses Bedarfs:"))
        for offer in suggestions:
            echo(f"  {offer.id:>5}  {line_text(pair_text(offer))}")
        return 0
    if args.undo:
        needs.unmatch(ctx, args.need, args.offer)
        echo(
            _("Bedarf {need} und Angebot {offer} sind nicht mehr zusammengeführt.").format(
                need=args.need, offer=args.offer
            )
        )
        return 0
    needs.match(ctx, args.need, args.offer)
    echo(_("Bedarf {need} und Angebot {offer} sind zusammengeführt.").format(need=args.need, offer=args.offer))
    return 0


def _action(args: argparse.Namespace, ctx: Context) -> int:
    need = needs.get_need(ctx, args.need)
    meeting_id = resolve_meeting(ctx, args.meeting).id if args.meeting is not None else need.meeting_id
    due = _due(ctx, args.due) if args.due else None
    item = needs.turn_into_action(ctx, args.need, meeting_id, args.owner, due, args.text)
    echo(_("Aufgabe {id} angelegt (aus Bedarf {need}).").format(id=item.id, need=args.need))
    if due is not None:
        echo(_("Fällig: {due}").format(due=due_hint(parse_due_date(args.due, ctx.today())).removeprefix("→ ")))
    return 0


def _due(ctx: Context, text: str) -> date:
    """A due date as the forms take it ("15.1.", "Ende Januar", "in 2 Wochen"); unclear: refused with the question."""
    result = parse_due_date(text, ctx.today())
    if result.unclear or result.due is None:
        raise ServiceError(due_question(result))
    return result.due


def _topics(args: argparse.Namespace, ctx: Context) -> int:
    if args.add:
        topic_list.add_topic(ctx, args.add)
    if args.remove:
        topic_list.remove_topic(ctx, args.remove)
    for topic in topic_list.topics(ctx):
        echo(line_text(topic_label(topic)))
    return 0


def _report(args: argparse.Namespace, ctx: Context) -> int:
    date_from = parse_date(args.date_from) if args.date_from else None
    date_to = parse_date(args.date_to) if args.date_to else None
    sheet = (
        network_report.needs_offers_sheet(ctx)
        if args.pairs
        else network_report.needs_quarter_sheet(ctx, date_from, date_to)
    )
    if args.out is not None:
        from integra_tui.io.exports.csv_xlsx import csv_bytes, dialect_named

        _write(args.out, csv_bytes(sheet, dialect_named(args.dialect)))
        echo(_("{count} Zeilen nach {path} geschrieben.").format(count=len(sheet.rows), path=args.out))
        return 0
    if not sheet.rows:
        echo(_("Keine Bedarfe gefunden."))
        return 0
    if args.pairs:
        for row in needs.board(ctx):
            _print_need(row)
        return 0
    quarter = ""
    for count in needs.quarter_report(ctx, date_from, date_to):
        label = quarter_label(count.year, count.quarter)
        if label != quarter:
            echo(label)
            quarter = label
        echo(
            "  "
            + _(
                "{topic}: {raised} neu, {in_progress} in Arbeit, {met} gedeckt, "
                "{not_possible} nicht möglich, {open} offen"
            ).format(
                topic=line_text(topic_label(count.topic)),
                raised=count.raised,
                in_progress=count.in_progress,
                met=count.met,
                not_possible=count.not_possible,
                open=count.open,
            )
        )
    return 0


def _write(path: Path, data: bytes) -> ExportResult:
    return ExportResult([write_file(path, data)])  # a missing folder is made (private)
