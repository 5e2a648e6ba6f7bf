"""Data protection commands: privacy show (right of access, as a letter), privacy forget, privacy purge."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, format_date, ngettext
from integra_tui.io.atomic import write_text_atomic
from integra_tui.io.exports.letter import letter_markdown, letter_text
from integra_tui.services import privacy
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import parse_date
from integra_tui.services.people import get_person, resolve_person

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``privacy show|forget|purge`` to the command line."""
    parser = sub.add_parser(
        "privacy", parents=[common], help=_("Datenschutz: Auskunft, Löschen einer Person, Löschen nach Datum")
    )
    actions = parser.add_subparsers(dest="privacy_command", metavar=_("BEFEHL"), required=True)
    show = actions.add_parser(
        "show",
        parents=[common],
        help=_("alles, was über eine Person gespeichert ist, als Brief zum Aushändigen (Auskunft, Art. 15 DSGVO)"),
    )
    show.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    show.add_argument(
        "--format",
        choices=("text", "md", "json"),
        default=None,
        help=_(
            "text (Brief, Standard), md (Brief als Markdown) oder json (alle gespeicherten Felder); sonst aus --out"
        ),
    )
    show.add_argument("--out", type=Path, default=None, help=_("in diese Datei schreiben statt auf den Bildschirm"))
    show.set_defaults(handler=_show)
    forget = actions.add_parser(
        "forget",
        parents=[common],
        help=_("die persönlichen Daten einer Person überall löschen; Zählungen bleiben anonym"),
    )
    forget.add_argument("person", metavar=_("PERSON"), help=_("Nummer oder Name der Person"))
    forget.add_argument("--yes", action="store_true", help=_("ohne Rückfrage löschen"))
    forget.set_defaults(handler=_forget)
    purge = actions.add_parser(
        "purge", parents=[common], help=_("alle löschen, die seit einem Datum nicht mehr da waren")
    )
    purge.add_argument(
        "--before", required=True, help=_("Datum (JJJJ-MM-TT oder TT.MM.JJJJ): wer seitdem nicht da war, wird gelöscht")
    )
    purge.add_argument("--yes", action="store_true", help=_("ohne Rückfrage löschen"))
    purge.set_defaults(handler=_purge)


def _confirm(question: str) -> bool:
    """Ask on the terminal; anything but yes (also no input at all) means no."""
    try:
        answer = input(question + " " + _("[j/N]") + " ")
    except EOFError:
        echo()
        return False
    return answer.strip().casefold() in ("j", "ja", "y", "yes")


def _show_format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    suffix = args.out.suffix.lower() if args.out is not None else ""
    return {".md": "md", ".markdown": "md", ".json": "json"}.get(suffix, "text")


def _show(args: argparse.Namespace, ctx: Context) -> int:
    person_id = _person_id(ctx, args.person)
    fmt = _show_format(args)
    if fmt == "json":
        text = json.dumps(privacy.personal_data(ctx, person_id), ensure_ascii=False, indent=2) + "\n"
    else:
        letter = privacy.access_letter(ctx, person_id)
        text = letter_markdown(letter) if fmt == "md" else letter_text(letter)
    if args.out is None:
        echo(text, end="")
        return 0
    try:
        write_text_atomic(args.out, text)
    except OSError as error:
        raise ServiceError(
            _("Die Datei {path} kann nicht geschrieben werden: {reason}").format(
                path=args.out, reason=error.strerror or error
            )
        ) from None
    echo(_("Auskunft nach {path} geschrieben.").format(path=args.out))
    return 0


def _person_id(ctx: Context, text: str) -> int:
    """A person's id from PERSON: by number also people already forgotten, by name only the others."""
    if text.strip().isdigit():
        return get_person(ctx, int(text)).id
    return resolve_person(ctx, text).id


def _forget_summary(report: privacy.ForgetReport) -> str:
    """What forgetting changed, in one sentence; the network's parts only when there were any."""
    text = _("{captures}, {speakers} und {items} angepasst, {codes} ungültig.").format(
        captures=ngettext("{count} Eintrag", "{count} Einträge", report.captures).format(count=report.captures),
        speakers=ngettext("{count} Wortmeldung", "{count} Wortmeldungen", report.speaker_events).format(
            count=report.speaker_events
        ),
        items=ngettext("{count} Tagesordnungspunkt", "{count} Tagesordnungspunkte", report.agenda_items).format(
            count=report.agenda_items
        ),
        codes=ngettext("{count} Code", "{count} Codes", report.codes).format(count=report.codes),
    )
    network = []
    if report.consents:
        network.append(_("Einwilligung in die Kontaktliste widerrufen und geleert"))
    if report.volunteer_marks:
        network.append(
            ngettext(
                "{count} Vermerk „möchte sich engagieren“ geleert",
                "{count} Vermerke „möchte sich engagieren“ geleert",
                report.volunteer_marks,
            ).format(count=report.volunteer_marks)
        )
    if report.plans:
        network.append(
            ngettext(
                "{count} geplanter Beitrag ohne Referent/in", "{count} geplante Beiträge ohne Referent/in", report.plans
            ).format(count=report.plans)
        )
    return text + (" " + "; ".join(network) + "." if network else "")


def _forget(args: argparse.Namespace, ctx: Context) -> int:
    try:
        person = get_person(ctx, _person_id(ctx, args.person))
    except ServiceError:
        # Nobody (living) has that name: perhaps a forget killed before it flushed the old copies
        # erased it. Flush them, so that the name is gone from the journal and the backup too.
        privacy.flush_old_copies(ctx)
        raise
    if person.forgotten:
        # Already marked forgotten: nothing new to decide. Run again, forgetting finishes what an
        # interrupted run left (and flushes old copies); it says what it did.
        report = privacy.forget_person(ctx, person.id)
        if report.changed:
            echo(
                _("Person {id} war schon als gelöscht markiert; jetzt nachgeholt: {done}").format(
                    id=person.id, done=_forget_summary(report)
                )
            )
        else:
            echo(
                _(
                    "Die Daten von Person {id} sind schon gelöscht; es war nichts mehr zu tun. "
                    "Alte Kopien (Journal, Sicherung) sind entfernt."
                ).format(id=person.id)
            )
        return 0
    echo(
        _(
            "Gelöscht werden Name, Kontaktdaten und Organisation von {name} (Nummer {id}) überall; "
            "Anwesenheiten bleiben anonym gezählt."
        ).format(name=person.name, id=person.id)
    )
    if not args.yes and not _confirm(_("Wirklich löschen?")):
        echo(_("Abgebrochen; nichts wurde gelöscht."))
        return 1
    report = privacy.forget_person(ctx, person.id)
    echo(_("Gelöscht: Person {id}; {done}").format(id=person.id, done=_forget_summary(report)))
    return 0


def _purge(args: argparse.Namespace, ctx: Context) -> int:
    before = parse_date(args.before)
    privacy.check_purge_date(ctx, before)
    candidates = privacy.purge_candidates(ctx, before)
    if not candidates:
        privacy.purge(ctx, before)  # finishes a purge killed before it flushed the old copies
        echo(
            _(
                "Alle Personen waren am {date} oder später da oder eingeladen; nichts zu löschen. "
                "Alte Kopien (Journal, Sicherung) sind entfernt."
            ).format(date=format_date(before))
        )
        return 0
    echo(
        _(
            "Diese {count} Personen waren seit dem {date} nicht mehr da; ihre Daten werden gelöscht "
            "(Anwesenheiten bleiben anonym gezählt):"
        ).format(count=len(candidates), date=format_date(before))
    )
    for candidate in candidates:
        seen = format_date(candidate.last_seen) if candidate.last_seen else "–"
        echo(_("  {id:>5}  {name}  (zuletzt {date})").format(id=candidate.person_id, name=candidate.name, date=seen))
    if not args.yes and not _confirm(_("Wirklich löschen?")):
        echo(_("Abgebrochen; nichts wurde gelöscht."))
        return 1
    report = privacy.purge(ctx, before)
    echo(_("{count} Personen gelöscht.").format(count=report.people))
    return 0
