"""Commands for the door: ``door`` opens the check-in station, ``checkin CODE`` checks in headless."""

from __future__ import annotations

import argparse
import sys

from integra_tui.commands import echo, run_tui
from integra_tui.i18n import _, format_date
from integra_tui.services.checkin import DEFAULT_STATION, check_in_code
from integra_tui.services.context import Context
from integra_tui.services.meetings import resolve_meeting

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``door`` and ``checkin`` to the command line."""
    door = sub.add_parser(
        "door", parents=[common], help=_("den Check-in am Eingang öffnen (Scanner, Kamera, Namenssuche)")
    )
    door.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige bzw. nächste)"),
    )
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
    checkin.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige bzw. nächste)"),
    )
    checkin.add_argument("--station", default=None, metavar=_("NAME"), help=_("Name dieser Station"))
    checkin.set_defaults(handler=_checkin)


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
