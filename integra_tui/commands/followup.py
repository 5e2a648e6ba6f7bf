"""Follow-up commands: list open action items across meetings, change their status, a person's engagement."""

from __future__ import annotations

import argparse

from integra_tui.commands import echo
from integra_tui.domain.groups import canonical_group
from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import status_label
from integra_tui.services import followup
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import get_meeting, groups
from integra_tui.services.people import resolve_person
from integra_tui.services.texts import group_label, role_sentences

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``followup list|set|person`` to the command line."""
    parser = sub.add_parser("followup", parents=[common], help=_("offene Aufgaben über alle Treffen verfolgen"))
    actions = parser.add_subparsers(dest="followup_command", metavar=_("BEFEHL"), required=True)
    listing = actions.add_parser("list", parents=[common], help=_("offene Aufgaben aller Treffen, überfällige zuerst"))
    listing.add_argument("--owner", default="", help=_("nur Aufgaben dieser Person (Teil des Namens genügt)"))
    listing.add_argument("--group", default="", help=_("nur Aufgaben dieser Gruppe"))
    listing.add_argument(
        "--due",
        choices=followup.DUE_FILTERS,
        default="all",
        help=_("all, overdue (überfällig), today (heute), week (7 Tage), none (ohne Datum)"),
    )
    listing.add_argument("--every-status", action="store_true", help=_("auch erledigte und verworfene Aufgaben"))
    listing.set_defaults(handler=_list)
    change = actions.add_parser(
        "set", parents=[common], help=_("Status einer Aufgabe ändern (wird mit Datum festgehalten)")
    )
    change.add_argument("item", type=int, metavar=_("NR"), help=_("Nummer der Aufgabe"))
    change.add_argument(
        "status",
        type=_status_word,
        choices=tuple(followup.STATUS_WORDS),
        metavar=_("STATUS"),
        help=_("done oder erledigt; open oder offen (noch offen, mit Kommentar); dropped oder entfällt (verworfen)"),
    )
    change.add_argument("--comment", default="", help=_("Kommentar, z. B. warum die Aufgabe noch offen ist"))
    change.add_argument("--meeting", type=int, default=None, help=_("Treffen, in dem das besprochen wurde"))
    change.set_defaults(handler=_set)
    person = actions.add_parser("person", parents=[common], help=_("besuchte Treffen und Rollen einer Person"))
    person.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    person.set_defaults(handler=_person)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    group = ""
    if args.group:
        group = canonical_group(args.group, groups(ctx)) or ""
        if not group:
            raise ServiceError(_("Unbekannte Gruppe: {group}").format(group=args.group))
    items = followup.action_items(
        ctx, status=None if args.every_status else "open", owner=args.owner, group=group, due=args.due
    )
    if not items:
        echo(_("Keine Aufgaben gefunden."))
        return 0
    marks = {"overdue": "!", "today": "*", "later": " ", "none": " "}
    for item in items:
        capture = item.capture
        due = format_date(capture.due) if capture.due else "–"
        origin = format_date(item.meeting.date) if item.meeting else ""
        owner = capture.owner or _("(niemand)")
        extra = f" [{group_label(item.group)}]" if item.group else ""
        status = status_label(capture.status)
        line = f"{marks[item.due_state]}{capture.id:>5}  {due:>10}  {status:<9}  "
        line += f"{capture.text} – {owner}{extra} ({origin})"
        if item.comment:
            line += f" – {item.comment}"
        echo(line)
    echo(_("! = überfällig, * = heute fällig"))
    return 0


def _status_word(text: str) -> str:
    """A status as typed on the command line, case and spaces ignored ("Erledigt" is "erledigt")."""
    return " ".join(text.split()).casefold()


def _set(args: argparse.Namespace, ctx: Context) -> int:
    capture = followup.set_status(ctx, args.item, args.status, args.comment, args.meeting)
    origin = get_meeting(ctx, capture.meeting_id)
    echo(
        _("Aufgabe {id} („{text}“, aus dem Treffen vom {date}) ist jetzt: {status}.").format(
            id=capture.id, text=capture.text, date=format_date(origin.date), status=status_label(capture.status)
        )
    )
    return 0


def _person(args: argparse.Namespace, ctx: Context) -> int:
    person = resolve_person(ctx, args.person)
    engagement = followup.person_engagement(ctx, person.id)
    echo(
        _("{name} ({id}): {count} Treffen besucht").format(
            name=person.name, id=person.id, count=len(engagement.attended)
        )
    )
    for meeting, _check_in in engagement.attended:
        echo(f"  {format_date(meeting.date)}  {meeting.title}")
    roles = role_sentences(engagement)
    if roles:
        echo(_("Rollen:"))
        for role in roles:
            echo(f"  - {role}")
    return 0
