"""Contact commands: contacts consent|withdraw|list|volunteer|contacted|volunteers, contacts that last."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, format_date
from integra_tui.services import contacts, volunteers
from integra_tui.services.context import Context
from integra_tui.services.network_texts import line_text, volunteer_state_label
from integra_tui.services.people import resolve_person
from integra_tui.services.texts import group_label

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``contacts ...`` to the command line."""
    parser = sub.add_parser(
        "contacts",
        parents=[common],
        help=_("Kontaktliste des Netzwerks (mit Einwilligung) und wer sich engagieren möchte"),
    )
    actions = parser.add_subparsers(dest="contacts_command", metavar=_("BEFEHL"), required=True)

    consent = actions.add_parser(
        "consent", parents=[common], help=_("Einwilligung einer Person in die Kontaktliste festhalten (mit Datum)")
    )
    consent.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    consent.add_argument("--offer", default="", help=_("was die Person dem Netzwerk anbietet"))
    consent.add_argument("--reach", default="", help=_("wie erreichbar: email, telefon oder beides (email,telefon)"))
    consent.add_argument(
        "--note", default="", help=_("ein anderer Weg, in ihren Worten (z. B. „über das Integrationsbüro“)")
    )
    consent.add_argument("--meeting", type=int, default=None, help=_("Treffen, bei dem eingewilligt wurde"))
    consent.set_defaults(handler=_consent)

    withdraw = actions.add_parser("withdraw", parents=[common], help=_("die Einwilligung widerrufen (mit Datum)"))
    withdraw.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    withdraw.set_defaults(handler=_withdraw)

    listing = actions.add_parser(
        "list",
        parents=[common],
        help=_("die Kontaktliste: nur Personen mit Einwilligung (PDF, CSV oder auf dem Bildschirm)"),
    )
    listing.add_argument("--out", type=Path, default=None, help=_("in diese Datei schreiben (pdf, csv oder md)"))
    listing.add_argument("--format", default="", help=_("pdf, csv oder md (sonst aus der Endung von --out)"))
    listing.add_argument(
        "--dialect", default="de", choices=("de", "international"), help=_("CSV: de oder international")
    )
    listing.set_defaults(handler=_list)

    volunteer = actions.add_parser(
        "volunteer", parents=[common], help=_("vermerken: möchte sich engagieren (womit, wann)")
    )
    volunteer.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    volunteer.add_argument("--what", default="", help=_("womit, in ihren Worten"))
    volunteer.add_argument("--when", default="", help=_("wann, z. B. „dienstags nachmittags“"))
    volunteer.add_argument("--meeting", type=int, default=None, help=_("Treffen, bei dem es vermerkt wurde"))
    volunteer.set_defaults(handler=_volunteer)

    contacted = actions.add_parser("contacted", parents=[common], help=_("vermerken: jemand hat Kontakt aufgenommen"))
    contacted.add_argument("mark", type=int, metavar=_("NR"), help=_("Nummer des Vermerks (contacts volunteers)"))
    contacted.add_argument("--by", required=True, help=_("wer hat Kontakt aufgenommen"))
    contacted.add_argument("--note", default="", help=_("was daraus wurde"))
    contacted.set_defaults(handler=_contacted)

    listing_volunteers = actions.add_parser(
        "volunteers", parents=[common], help=_("wer sich engagieren möchte und noch nicht kontaktiert wurde")
    )
    listing_volunteers.add_argument("--all", action="store_true", help=_("auch die schon kontaktierten"))
    listing_volunteers.set_defaults(handler=_volunteers)


def _consent(args: argparse.Namespace, ctx: Context) -> int:
    person = resolve_person(ctx, args.person)
    consent = contacts.give_consent(
        ctx, person.id, offer=args.offer, channels=args.reach, reach_note=args.note, meeting_id=args.meeting
    )
    echo(line_text(person.name) + ": " + contacts.consent_sentence(ctx, consent))
    return 0


def _withdraw(args: argparse.Namespace, ctx: Context) -> int:
    person = resolve_person(ctx, args.person)
    consent = contacts.withdraw_consent(ctx, person.id)
    echo(line_text(person.name) + ": " + contacts.consent_sentence(ctx, consent))
    return 0


def _list(args: argparse.Namespace, ctx: Context) -> int:
    if args.out is not None or args.format:
        result = contacts.write_contact_list(ctx, args.out, args.format, dialect=args.dialect)
        echo(result.summary)
        for warning in result.warnings:
            echo(warning, file=sys.stderr)
        return 0
    doc = contacts.contact_list_doc(ctx)
    if not doc.rows:
        echo(_("Noch niemand hat eingewilligt, auf der Kontaktliste zu stehen."))
        return 0
    for row in doc.rows:
        who = line_text(row.name) + (f" ({line_text(row.organisation)})" if row.organisation else "")
        echo(who)
        if row.offer:
            echo("    " + _("bietet an: {offer}").format(offer=line_text(row.offer)))
        echo("    " + _("erreichbar über: {reach}").format(reach=line_text("; ".join(row.reach))))
    return 0


def _volunteer(args: argparse.Namespace, ctx: Context) -> int:
    person = resolve_person(ctx, args.person)
    mark = volunteers.mark_volunteer(ctx, person.id, what=args.what, when=args.when, meeting_id=args.meeting)
    echo(_("Vermerkt ({id}): {name} möchte sich engagieren.").format(id=mark.id, name=line_text(person.name)))
    return 0


def _contacted(args: argparse.Namespace, ctx: Context) -> int:
    mark = volunteers.mark_contacted(ctx, args.mark, args.by, args.note)
    echo(_("Vermerk {id}: kontaktiert von {by}.").format(id=mark.id, by=line_text(mark.contacted_by)))
    return 0


def _volunteers(args: argparse.Namespace, ctx: Context) -> int:
    rows = volunteers.rows(ctx, waiting_only=not args.all)
    if not rows:
        echo(_("Niemand wartet auf einen Anruf.") if not args.all else _("Noch niemand hat sich gemeldet."))
        return 0
    for row in rows:
        person = row.person
        since = format_date(row.marked_at.date()) if row.marked_at else ""
        who = line_text(person.name) + (f" [{group_label(person.group)}]" if person.group else "")
        line = f"{row.id:>5}  {volunteer_state_label(row.waiting):<23}  {who} ({since})"
        echo(line)
        details = ", ".join(
            part
            for part in (
                _("womit: {what}").format(what=line_text(row.mark.what)) if row.mark.what else "",
                _("wann: {when}").format(when=line_text(row.mark.when)) if row.mark.when else "",
            )
            if part
        )
        if details:
            echo("       " + details)
        if not row.waiting:
            note = f" – {line_text(row.mark.note)}" if row.mark.note else ""
            echo("       " + _("kontaktiert von {by}").format(by=line_text(row.mark.contacted_by)) + note)
    return 0
