"""Command ``serve``: the door or the display in browsers on the local network, behind an access code."""

from __future__ import annotations

import argparse
import errno
import logging
import os
import socket
import stat
import sys
from pathlib import Path

from integra_tui.commands import echo
from integra_tui.i18n import _, current_language, format_date
from integra_tui.serve.access import (
    MIN_CUSTOM_CODE_LENGTH,
    Gate,
    code_required,
    custom_code,
    is_loopback_host,
    new_access_code,
)
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting

__all__ = ["CODE_ENVIRONMENT", "register"]

_SCREEN_CHOICES = ("door", "display")
"""The same as ``integra_tui.serve.server.SCREENS``, without importing textual-serve to build the parser."""

CODE_ENVIRONMENT = "INTEGRA_SERVE_CODE"
"""The environment variable a fixed access code may come from (not visible in ``ps`` as ``--code`` is)."""


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
        help=_("Adresse des Servers: localhost (Standard) nur für diesen Laptop; 0.0.0.0 für das lokale Netz"),
    )
    parser.add_argument("--port", type=int, default=8000, help=_("Port (Standard 8000; 0 wählt einen freien)"))
    parser.add_argument(
        "--screen",
        choices=_SCREEN_CHOICES,
        default="door",
        help=_("was die Browser zeigen: door (Check-in, Standard) oder display (Tagesordnung)"),
    )
    parser.add_argument(
        "--meeting", type=int, default=None, metavar="ID", help=_("Nummer des Treffens (sonst das aktuelle)")
    )
    codes = parser.add_mutually_exclusive_group()
    codes.add_argument(
        "--code",
        default=None,
        help=_(
            "fester Zugangscode (für alle Benutzer in der Prozessliste sichtbar; besser --code-file, "
            "INTEGRA_SERVE_CODE oder ohne Angabe: bei jedem Start ein neuer, zufälliger)"
        ),
    )
    codes.add_argument(
        "--code-file", default=None, metavar=_("DATEI"), help=_("den festen Zugangscode aus dieser Datei lesen")
    )
    codes.add_argument(
        "--no-code",
        action="store_true",
        help=_("ohne Zugangscode (nur mit --host localhost, und nur wenn niemand sonst diesen Laptop benutzt)"),
    )
    parser.add_argument(
        "--tls",
        action="store_true",
        help=_("verschlüsselt (HTTPS) mit eigenem Zertifikat; sein Fingerabdruck steht neben dem QR-Code"),
    )
    limits = parser.add_argument_group(_("Stationen und Verbindungen"))
    limits.add_argument(
        "--stations", type=int, default=None, metavar="N", help=_("höchstens so viele Stationen (Standard 16)")
    )
    limits.add_argument(
        "--idle-minutes",
        type=float,
        default=None,
        metavar=_("MIN"),
        help=_("eine Station ohne Tastendruck so lange wird getrennt (Standard: Tür 30, Anzeige 0 = nie)"),
    )
    limits.add_argument(
        "--max-connections",
        type=int,
        default=None,
        metavar="N",
        help=_("höchstens so viele offene Verbindungen (Standard: nach dem Limit offener Dateien)"),
    )
    limits.add_argument(
        "--reserve",
        type=int,
        default=None,
        metavar="N",
        help=_("so viele Verbindungen bleiben denen mit Zugangscode vorbehalten (Standard: ein Achtel)"),
    )
    limits.add_argument(
        "--per-address",
        type=int,
        default=None,
        metavar="N",
        help=_("höchstens so viele Verbindungen ohne Zugangscode je Adresse (Standard 16)"),
    )
    limits.add_argument(
        "--header-seconds",
        type=float,
        default=None,
        metavar=_("SEK"),
        help=_("so lange darf eine Anfrage ohne Zugangscode dauern, dann wird sie getrennt (Standard 10)"),
    )
    parser.set_defaults(handler=_serve)


def _read_code_file(path: str) -> str:
    try:
        info = os.stat(path)
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ServiceError(
            _("Die Datei mit dem Zugangscode lässt sich nicht lesen: {path} ({reason})").format(
                path=path, reason=reason
            )
        ) from error
    if stat.S_ISREG(info.st_mode) and info.st_mode & 0o077:
        echo(
            _("Hinweis: {path} ist auch für andere Benutzer lesbar (chmod 600 {path}).").format(path=path),
            file=sys.stderr,
        )
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def _chosen_code(args: argparse.Namespace) -> str | None:
    """The access code to start with, None for ``--no-code``; a generated one unless one was chosen."""
    from_environment = os.environ.pop(CODE_ENVIRONMENT, None)  # the station processes must not inherit it
    if args.no_code:
        if code_required(args.host, no_code=True):
            raise ServiceError(_("Ohne Zugangscode nur auf diesem Laptop: --no-code geht nur mit --host localhost."))
        return None
    if args.code is not None:
        chosen, source = args.code, "--code"
        echo(
            _(
                "Hinweis: --code steht in der Prozessliste (ps) für jeden Benutzer dieses Laptops lesbar. "
                "Besser: --code-file DATEI, {variable} oder der zufällige Code."
            ).format(variable=CODE_ENVIRONMENT),
            file=sys.stderr,
        )
    elif args.code_file is not None:
        chosen, source = _read_code_file(args.code_file), args.code_file
    elif from_environment is not None:
        chosen, source = from_environment, CODE_ENVIRONMENT
    else:
        return new_access_code()
    code = custom_code(chosen)
    if code is None:
        raise ServiceError(
            _("Der Zugangscode braucht mindestens {count} Zeichen ({source}).").format(
                count=MIN_CUSTOM_CODE_LENGTH, source=source
            )
        )
    return code


def _positive(value: float | None, option: str, minimum: float = 1) -> None:
    if value is not None and value < minimum:
        raise ServiceError(_("{option} braucht eine Zahl ab {minimum}.").format(option=option, minimum=f"{minimum:g}"))


def _serve(args: argparse.Namespace, ctx: Context) -> int:
    try:
        from integra_tui.serve.banner import access_lines, banner_lines
        from integra_tui.serve.console import Console
        from integra_tui.serve.limits import ConnectionLimits, default_limits
        from integra_tui.serve.server import (
            ServeOptions,
            StationServer,
            lan_address,
            open_file_limit,
            public_host,
            serve_until_signal,
            station_url,
        )
        from integra_tui.serve.stations import DEFAULT_IDLE_MINUTES, DEFAULT_STATIONS
    except ImportError as error:
        raise ServiceError(
            _("Für den Browser-Zugang fehlt das Paket textual-serve: pip install 'integra-tui[serve]'")
        ) from error
    if not 0 <= args.port <= 65535:
        raise ServiceError(_("Ungültiger Port: {port}").format(port=args.port))
    code = _chosen_code(args)
    _positive(args.stations, "--stations")
    _positive(args.idle_minutes, "--idle-minutes", 0)
    _positive(args.max_connections, "--max-connections", 8)
    _positive(args.reserve, "--reserve")
    _positive(args.per_address, "--per-address")
    _positive(args.header_seconds, "--header-seconds", 0.1)
    stations = args.stations or DEFAULT_STATIONS
    defaults = default_limits(open_file_limit(), stations)
    capacity = args.max_connections or defaults.capacity
    try:
        limits = ConnectionLimits(
            capacity=capacity,
            reserve=args.reserve if args.reserve is not None else max(2, capacity // 8),
            per_address=args.per_address or defaults.per_address,
            header_seconds=args.header_seconds or defaults.header_seconds,
        )
    except ValueError as error:
        raise ServiceError(_("--reserve muss kleiner sein als --max-connections.")) from error
    meeting = resolve_meeting(ctx, args.meeting)  # no meeting (or an unknown number): refused now, not in every browser
    if args.idle_minutes is not None:
        idle_minutes = args.idle_minutes
    else:
        idle_minutes = DEFAULT_IDLE_MINUTES if args.screen == "door" else 0.0
    ssl_context = None
    fingerprint: str | None = None
    if args.tls:
        fingerprint, ssl_context = _certificate(Path(ctx.path).resolve().parent, args.host, lan_address())
    gate = Gate(code)
    options = ServeOptions(
        store_path=Path(ctx.path).resolve(),
        screen=args.screen,
        meeting_id=args.meeting,
        language=current_language(),
    )
    server = StationServer(
        options,
        gate,
        host=args.host,
        port=args.port,
        max_sessions=stations,
        idle_seconds=idle_minutes * 60,
        limits=limits,
        ssl_context=ssl_context,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s", datefmt="%H:%M:%S", stream=sys.stderr)
    network = not is_loopback_host(args.host)
    colour = sys.stdout.isatty()

    def url_for(current: str | None) -> str:
        return station_url(public_host(args.host), server.port, current, tls=args.tls)

    def ready(port: int) -> None:
        echo(
            _("Treffen vom {date} („{title}“)").format(date=format_date(meeting.date), title=meeting.title), flush=True
        )
        lines = banner_lines(
            url=url_for(code), code=code, screen=args.screen, network=network, colour=colour, fingerprint=fingerprint
        )
        print("\n".join(lines), flush=True)

    def show_access(new_code: str) -> None:
        lines = access_lines(
            url=url_for(new_code), code=new_code, network=network, colour=colour, fingerprint=fingerprint
        )
        print("\n".join(lines), flush=True)

    console = Console(server, show_access)
    try:
        serve_until_signal(server, ready, console.start)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise ServiceError(
                _(
                    "Port {port} ist schon belegt (läuft integra-tui serve schon?). "
                    "Einen anderen wählen, z. B. --port {other}."
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


def _certificate(folder: Path, host: str, lan: str):  # type: ignore[no-untyped-def]
    """(fingerprint, TLS context) of the server's certificate in ``folder``, made now if need be."""
    try:
        from integra_tui.serve.tls import ensure_certificate, server_context
    except ImportError as error:
        raise ServiceError(_("Für --tls fehlt das Paket cryptography: pip install 'integra-tui[serve]'")) from error
    names = ["localhost", "127.0.0.1", "::1", socket.gethostname(), socket.gethostname() + ".local", lan]
    if host not in ("", "0.0.0.0", "::"):
        names.append(host)
    try:
        certificate = ensure_certificate(folder, names)
        context = server_context(certificate)
    except (OSError, ValueError) as error:
        raise ServiceError(
            _("Das TLS-Zertifikat in {folder} lässt sich nicht anlegen oder lesen: {reason}").format(
                folder=folder, reason=getattr(error, "strerror", None) or error
            )
        ) from error
    if certificate.created:
        echo(_("Neues TLS-Zertifikat angelegt: {path}").format(path=certificate.cert_path), file=sys.stderr)
    return certificate.fingerprint, context
