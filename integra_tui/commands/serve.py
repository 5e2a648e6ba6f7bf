"""Command ``serve``: the door or the display in browsers on the local network, behind an access code."""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, current_language
from integra_tui.serve.access import MIN_CUSTOM_CODE_LENGTH, Gate, is_loopback_host, new_access_code, normalise_code
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting

__all__ = ["register"]

_SCREEN_CHOICES = ("door", "display")
"""The same as ``integra_tui.serve.server.SCREENS``, without importing textual-serve to build the parser."""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``serve`` to the command line."""
    parser = sub.add_parser(
        "serve",
        parents=[common],
        help=_("Tür oder Anzeige in Browsern weiterer Geräte im lokalen Netz öffnen (mit Zugangscode)"),
    )
    parser.add_argument(
        "--host",
        default="localhost",
        help=_(
            "Adresse des Servers: localhost (Standard) nur für diesen Laptop; 0.0.0.0 für das lokale Netz, dann immer mit Zugangscode"
        ),
    )
    parser.add_argument("--port", type=int, default=8000, help=_("Port (Standard 8000; 0 wählt einen freien)"))
    parser.add_argument(
        "--screen",
        choices=_SCREEN_CHOICES,
        default="door",
        help=_("was die Browser zeigen: door (Check-in, Standard) oder display (Tagesordnung)"),
    )
    parser.add_argument(
        "--code", default=None, help=_("fester Zugangscode (sonst bei jedem Start ein neuer, zufälliger)")
    )
    parser.add_argument(
        "--meeting", type=int, default=None, metavar="ID", help=_("Nummer des Treffens (sonst das aktuelle)")
    )
    parser.set_defaults(handler=_serve)


def _serve(args: argparse.Namespace, ctx: Context) -> int:
    try:
        from integra_tui.serve.banner import banner_lines
        from integra_tui.serve.server import ServeOptions, StationServer, public_host, serve_until_signal, station_url
    except ImportError as error:
        raise ServiceError(
            _("Für den Browser-Zugang fehlt das Paket textual-serve: pip install 'integra-tui[serve]'")
        ) from error
    if not 0 <= args.port <= 65535:
        raise ServiceError(_("Ungültiger Port: {port}").format(port=args.port))
    if args.code is not None:
        code: str | None = normalise_code(args.code)
        if len(code or "") < MIN_CUSTOM_CODE_LENGTH:
            raise ServiceError(
                _("Der Zugangscode braucht mindestens {count} Zeichen.").format(count=MIN_CUSTOM_CODE_LENGTH)
            )
    else:
        code = None if is_loopback_host(args.host) else new_access_code()
    resolve_meeting(ctx, args.meeting)  # no meeting (or an unknown number): refused now, not in every browser
    gate = Gate(code)
    options = ServeOptions(
        store_path=Path(ctx.path).resolve(),
        screen=args.screen,
        meeting_id=args.meeting,
        language=current_language(),
    )
    server = StationServer(options, gate, host=args.host, port=args.port)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    network = not is_loopback_host(args.host)

    def ready(port: int) -> None:
        url = station_url(public_host(args.host), port, code)
        lines = banner_lines(url=url, code=code, screen=args.screen, network=network, colour=sys.stdout.isatty())
        print("\n".join(lines), flush=True)  # no user text; its colour codes are meant for the terminal

    try:
        serve_until_signal(server, ready)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServiceError(
                _(
                    "Port {port} ist schon belegt (läuft integra-tui serve schon?). Einen anderen wählen, z. B. --port {other}."
                ).format(port=args.port, other=args.port + 1)
            ) from error
        if error.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME):
            raise ServiceError(_("Die Adresse {host} gehört nicht zu diesem Laptop.").format(host=args.host)) from error
        raise ServiceError(
            _("Der Server konnte nicht starten ({host}, Port {port}): {reason}").format(
                host=args.host, port=args.port, reason=error.strerror or error
            )
        ) from error
    echo(_("Server beendet; alle Stationen sind geschlossen."), flush=True)
    return 0
