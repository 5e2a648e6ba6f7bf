"""Commands for the door: ``door`` opens the check-in station, ``checkin CODE`` checks in headless, ``walkin``
takes in someone without an invitation."""

from __future__ import annotations

import argparse
import sys

from integra_tui.commands import echo, run_tui
from integra_tui.i18n import _, format_date
from integra_tui.services.checkin import DEFAULT_STATION, check_in_code, register_walk_in, walk_in_namesakes
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting
from integra_tui.services.texts import group_label

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``door`` and ``checkin`` to the command line."""
    door = sub.add_parser(
        "door", parents=[common], help=_("den Check-in am Eingang öffnen (Scanner, Kamera, Namenssuche)")
    )
    _meeting_option(door)
    door.add_argument("--station", default=None, metavar=_("NAME"), help=_("Name dieser Station, z. B. „Eingang 2“"))
    door.add_argument(
        "--camera",
        nargs="?",
        const="0",
        default=None,
        metavar=_("GERÄT"),
        help=_(
            "QR-Codes mit der Kamera lesen (Nummer der Kamera, Standard 0, oder eine Videodatei); braucht "
            "integra-tui[camera]"
        ),
    )
    door.set_defaults(handler=_door)

    checkin = sub.add_parser(
        "checkin",
        parents=[common],
        help=_("einen Code einchecken, ohne Oberfläche (Exit 0 angenommen, 3 schon da, 4 abgelehnt)"),
    )
    checkin.add_argument("code", metavar=_("CODE"), help=_("der gescannte oder getippte Code"))
    _meeting_option(checkin)
    checkin.add_argument("--station", default=None, metavar=_("NAME"), help=_("Name dieser Station"))
    checkin.set_defaults(handler=_checkin)

    walkin = sub.add_parser(
        "walkin",
        parents=[common],
        help=_("jemanden ohne Einladung aufnehmen und einchecken (Name und Gruppe; gibt die eigene Karte aus)"),
    )
    walkin.add_argument("name", metavar=_("NAME"), help=_("Vor- und Nachname"))
    walkin.add_argument("--group", required=True, metavar=_("GRUPPE"), help=_("die Gruppe der Person"))
    walkin.add_argument("--organisation", default="", metavar=_("TEXT"), help=_("Organisation (freiwillig)"))
    walkin.add_argument("--email", default="", metavar=_("ADRESSE"), help=_("E-Mail (freiwillig)"))
    walkin.add_argument("--phone", default="", metavar=_("NUMMER"), help=_("Telefon (freiwillig)"))
    same = walkin.add_mutually_exclusive_group()
    same.add_argument(
        "--same-as",
        type=int,
        default=None,
        metavar="ID",
        help=_("die Person ist die schon bekannte Person mit dieser Nummer (nur wenn sie es bestätigt hat)"),
    )
    same.add_argument(
        "--new",
        action="store_true",
        help=_("eine neue Person anlegen, auch wenn jemand mit demselben Namen bekannt ist"),
    )
    _meeting_option(walkin)
    walkin.add_argument("--station", default=None, metavar=_("NAME"), help=_("Name dieser Station"))
    walkin.set_defaults(handler=_walkin)


def _meeting_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige bzw. nächste)"),
    )


def _door(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)  # refuse before the screen opens
    if args.camera is not None:
        from integra_tui.io.camera import CameraUnavailable, load_cv2  # only with a camera: loads OpenCV

        try:
            load_cv2()
        except CameraUnavailable as error:
            echo(_("Fehler: {message}").format(message=error), file=sys.stderr)
            return 1
    return run_tui(ctx, screen="door", meeting_id=meeting.id, station=args.station, camera=args.camera)


def _checkin(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    result = check_in_code(ctx, meeting.id, args.code, (args.station or "").strip() or DEFAULT_STATION, method="cli")
    where = _("Treffen vom {date}").format(date=format_date(meeting.date))
    echo(f"{result.reason()} ({where})", file=sys.stdout if result.accepted else sys.stderr)
    return result.outcome.exit_status


def _walkin(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    if args.same_as is None and not args.new:
        # Never a silent merge: two people can share a name, so a known name needs the helper's answer.
        namesakes = walk_in_namesakes(ctx, args.name, args.group)
        if namesakes:
            who = "; ".join(
                _("Nr. {id}: {name} ({details})").format(
                    id=person.id,
                    name=person.name,
                    details=", ".join(p for p in (group_label(person.group), person.organisation) if p),
                )
                for person in namesakes
            )
            raise ServiceError(
                _(
                    "„{name}“ ist schon bekannt ({who}). Dieselbe Person: --same-as NUMMER; eine andere Person: --new."
                ).format(name=" ".join(args.name.split()), who=who)
            )
    result = register_walk_in(
        ctx,
        meeting.id,
        args.name,
        args.group,
        organisation=args.organisation,
        email=args.email,
        phone=args.phone,
        station=(args.station or "").strip() or DEFAULT_STATION,
        same_as=args.same_as,
    )
    where = _("Treffen vom {date}").format(date=format_date(meeting.date))
    echo(f"{result.reason()} ({where})", file=sys.stdout if result.accepted else sys.stderr)
    if result.accepted:
        echo(_("Eigener Code für das nächste Treffen: {code}").format(code=result.code))
    return result.outcome.exit_status
