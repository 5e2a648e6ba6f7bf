"""Question commands: questions list|add|answer|handout, questions answered and handed out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, format_date
from integra_tui.services import questions
from integra_tui.services.context import Context
from integra_tui.services.meetings import parse_date, resolve_meeting
from integra_tui.services.network_texts import line_text, topic_label
from integra_tui.services.texts import group_label

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``questions ...`` to the command line."""
    parser = sub.add_parser(
        "questions", parents=[common], help=_("Fragen aus dem Netzwerk beantworten und weitergeben")
    )
    actions = parser.add_subparsers(dest="questions_command", metavar=_("BEFEHL"), required=True)

    listing = actions.add_parser("list", parents=[common], help=_("Fragen, offene zuerst"))
    which = listing.add_mutually_exclusive_group()
    which.add_argument("--open", action="store_true", help=_("nur offene Fragen"))
    which.add_argument("--answered", action="store_true", help=_("nur beantwortete Fragen"))
    listing.add_argument("--topic", default="", help=_("nur dieses Thema"))
    listing.set_defaults(handler=_list)

    add = actions.add_parser("add", parents=[common], help=_("eine Frage erfassen (mit der Gruppe, nie mit Namen)"))
    add.add_argument("text", metavar=_("TEXT"), help=_("die Frage"))
    add.add_argument("--group", default="", help=_("welche Gruppe fragt"))
    add.add_argument("--topic", default="", help=_("das Thema"))
    add.add_argument("--meeting", type=int, default=None, help=_("Treffen, in dem gefragt wurde (sonst das aktuelle)"))
    add.set_defaults(handler=_add)

    answer = actions.add_parser("answer", parents=[common], help=_("eine Frage beantworten (mit Datum)"))
    answer.add_argument("question", type=int, metavar=_("NR"), help=_("Nummer der Frage"))
    answer.add_argument("answer", metavar=_("ANTWORT"), help=_("die Antwort"))
    answer.add_argument("--by", default="", help=_("wer hat geantwortet (Person oder Organisation)"))
    answer.add_argument(
        "--meeting", type=int, default=None, help=_("Treffen, in dem geantwortet wurde (sonst: danach)")
    )
    answer.set_defaults(handler=_answer)

    handout = actions.add_parser(
        "handout", parents=[common], help=_("„Fragen und Antworten aus dem Netzwerk“ als PDF oder Markdown")
    )
    handout.add_argument("--format", default="", help=_("pdf (Standard) oder md"))
    handout.add_argument("--out", type=Path, default=None, help=_("Zieldatei; sonst ein Name im aktuellen Ordner"))
    handout.add_argument("--from", dest="date_from", default=None, help=_("nur Fragen aus Treffen ab diesem Datum"))
    handout.add_argument("--to", dest="date_to", default=None, help=_("nur Fragen aus Treffen bis zu diesem Datum"))
    handout.add_argument("--topic", default="", help=_("nur dieses Thema"))
    handout.set_defaults(handler=_handout)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    status = "open" if args.open else "answered" if args.answered else None
    rows = questions.question_rows(ctx, status=status, topic=args.topic)
    if not rows:
        echo(_("Keine Fragen gefunden."))
        return 0
    for row in rows:
        question = row.question
        topic = topic_label(question.topic) if question.topic else "–"
        who = group_label(question.group) if question.group else _("(ohne Gruppe)")
        asked = format_date(row.meeting.date) if row.meeting else ""
        mark = _("beantwortet") if row.answered else _("offen")
        echo(
            f"{question.id:>5}  {mark:<11}  {line_text(topic):<15}  "
            f"{line_text(question.text)} ({line_text(who)}, {asked})"
        )
        if row.answered:
            by = f" – {line_text(question.answered_by)}" if question.answered_by else ""
            echo("       " + _("Antwort: {answer}").format(answer=line_text(question.answer)) + by)
    return 0


def _add(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    question = questions.add_question(ctx, meeting.id, args.text, group=args.group, topic=args.topic)
    echo(_("Frage {id} erfasst ({date}).").format(id=question.id, date=format_date(meeting.date)))
    return 0


def _answer(args: argparse.Namespace, ctx: Context) -> int:
    question = questions.answer_question(ctx, args.question, args.answer, args.by, args.meeting)
    echo(_("Frage {id} ist beantwortet.").format(id=question.id))
    return 0


def _handout(args: argparse.Namespace, ctx: Context) -> int:
    result = questions.write_handout(
        ctx,
        args.out,
        args.format,
        date_from=parse_date(args.date_from) if args.date_from else None,
        date_to=parse_date(args.date_to) if args.date_to else None,
        topic=args.topic,
    )
    echo(result.summary)
    for warning in result.warnings:
        echo(warning, file=sys.stderr)
    return 0
