"""Serve the door or the display to browsers on the local network: textual-serve behind the access code.

Each browser connection becomes its own app process (this same Python, ``-m integra_tui``, on the
same store file, passed explicitly); the store's cross-process lock keeps their writes apart and its
refresh shows them on every other screen. Connections pass
:class:`~integra_tui.serve.connections.ConnectionGuard` first (time limits, places per address, a
reserve for helpers with the code), requests :class:`~integra_tui.serve.access.Gate`: without the
code no page, no static file and no app process. Stations are listed in a
:class:`~integra_tui.serve.stations.StationBook`; idle ones are released, any one can be ended, and
replacing the code ends those that came with the old one.
"""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
import signal
import socket
import ssl
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from integra_tui.i18n import _, ngettext
from integra_tui.serve.access import (
    ACCESS_COOKIE,
    Access,
    Gate,
    host_header_is_loopback,
    new_access_code,
    normalise_code,
    origin_matches_host,
)
from integra_tui.serve.connections import ConnectionGuard, GuardedSite
from integra_tui.serve.limits import DEFAULT_KEEPALIVE_SECONDS, ConnectionLimits, default_limits
from integra_tui.serve.page import refusal_page, station_page
from integra_tui.serve.stations import (
    BROWSER_COOKIE,
    DEFAULT_STATIONS,
    BrowserNumbers,
    Station,
    StationBook,
    browser_station,
    clean_station_name,
    is_activity,
)

__all__ = [
    "COOKIE_MAX_AGE",
    "cookie_name",
    "SCREENS",
    "ServeOptions",
    "StationServer",
    "app_command",
    "lan_address",
    "open_file_limit",
    "public_host",
    "run_server",
    "serve_until_signal",
    "station_url",
]

log = logging.getLogger("integra_tui.serve")

SCREENS = ("door", "display")
"""Screens a browser can be given: the door (check-in) or the display (agenda, read only)."""

COOKIE_MAX_AGE = 24 * 60 * 60
"""How long a browser keeps the access code and its station number: one meeting day."""

STOP_SECONDS = 5.0
"""How long a station's app gets to quit by itself before it is killed."""

LINGER_SECONDS = 2.0
"""How long a request body nobody asked for is read before the connection is closed."""

_SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True)
class ServeOptions:
    """What each browser's app process opens."""

    store_path: Path
    """The store file, passed to every app process as ``--db`` (absolute)."""
    screen: str = "door"
    """``door`` or ``display``."""
    meeting_id: int | None = None
    """The meeting for door and display (None: the current one)."""
    language: str = "de"
    """UI language of the app processes."""
    python: str = sys.executable
    """The interpreter that runs the app processes: this same one."""


def cookie_name(base: str, request: web.Request) -> str:
    """The cookie ``base`` for the server this request reached: one per port.

    Browsers keep cookies per host, not per port; the door and the display served side by side
    from one laptop (two ports, two codes) must not overwrite each other's code.
    """
    return f"{base}_{request.url.port or 80}"


def app_command(options: ServeOptions, station: str | None = None) -> str:
    """The shell command that starts one browser's app (``exec``, so stopping it stops the app)."""
    argv = [options.python, "-m", "integra_tui", "--db", str(options.store_path), "--lang", options.language]
    if options.screen not in SCREENS:
        raise ValueError(f"not a served screen: {options.screen}")
    argv.append(options.screen)
    if options.meeting_id is not None:
        argv += ["--meeting", str(options.meeting_id)]
    if options.screen == "door" and station:
        argv += ["--station", station]
    return "exec " + shlex.join(argv)


def lan_address() -> str:
    """This laptop's address on the local network (best guess; 127.0.0.1 if there is no network).

    Connecting a UDP socket sends nothing; it only asks the system which interface it would use.
    """
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        address = probe.getsockname()[0]
    except OSError:
        address = ""
    finally:
        probe.close()
    if address and not address.startswith("127."):
        return address
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            candidate = str(info[4][0])
            if not candidate.startswith("127."):
                return candidate
    except OSError:
        pass
    return "127.0.0.1"


def public_host(bind_host: str) -> str:
    """The host name to put into the URL helpers open, for a server bound to ``bind_host``."""
    if bind_host in ("", "0.0.0.0", "::"):
        return lan_address()
    return f"[{bind_host}]" if ":" in bind_host and not bind_host.startswith("[") else bind_host


def station_url(host: str, port: int, code: str | None = None, station: str | None = None, tls: bool = False) -> str:
    """The URL a helper opens (with the code, so the browser can keep it in its cookie)."""
    query = {}
    if code:
        query["code"] = normalise_code(code)
    if station:
        query["station"] = station
    scheme, default_port = ("https", 443) if tls else ("http", 80)
    base = f"{scheme}://{host}" if port == default_port else f"{scheme}://{host}:{port}"
    return f"{base}/" + (f"?{urlencode(query, quote_via=quote)}" if query else "")


def open_file_limit() -> int:
    """The files this process may have open (the soft ``RLIMIT_NOFILE``; 1,024 where it cannot be read)."""
    try:
        import resource

        soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):  # pragma: no cover - Windows
        return 1024
    return soft if 0 < soft < 1 << 20 else 1 << 20


class _StationService(AppService):
    """textual-serve's app process, with the process at hand so a stuck one can be killed."""

    @property
    def process(self) -> asyncio.subprocess.Process | None:
        """The app process once started."""
        return self._process

    async def stop_within(self, seconds: float) -> None:
        """Ask the app to quit and let it close the store; kill it if it has not ended after that."""
        try:
            await asyncio.wait_for(self.stop(), seconds)
        except Exception:  # a dead pipe or a stuck app: it is dealt with below
            pass
        process = self._process
        if process is None or process.returncode is not None:
            return
        try:
            await asyncio.wait_for(process.wait(), seconds)
            return
        except asyncio.TimeoutError:
            pass
        try:
            process.kill()
        except ProcessLookupError:
            return
        try:
            await asyncio.wait_for(process.wait(), seconds)
        except asyncio.TimeoutError:
            log.error("station process %s did not end", process.pid)


class StationServer(Server):
    """textual-serve's server with the access gate, connection limits, the station book and clean shutdown."""

    def __init__(
        self,
        options: ServeOptions,
        gate: Gate,
        *,
        host: str = "localhost",
        port: int = 8000,
        clock: Callable[[], float] = time.monotonic,
        max_sessions: int = DEFAULT_STATIONS,
        idle_seconds: float = 0.0,
        limits: ConnectionLimits | None = None,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        super().__init__(app_command(options), host=host, port=port, title="INTEGRA")
        self.options = options
        self.gate = gate
        self.clock = clock
        self.max_sessions = max_sessions
        """Stations served at the same time; one more is refused."""
        self.idle_seconds = idle_seconds
        """A station with no key pressed for this long is released (0: never)."""
        self.guard = ConnectionGuard(limits or default_limits(open_file_limit(), max_sessions), clock, ssl_context)
        """Every connection's limits: time for a request, places per address, the reserve for the code."""
        self.browser_numbers = BrowserNumbers()
        self.stations = StationBook()
        """The stations connected now, numbered as the serving terminal lists them."""
        self.started_sessions = 0
        """App processes started since the server began (refused requests never start one)."""
        self._live: dict[int, tuple[_StationService, web.WebSocketResponse, asyncio.BaseTransport | None]] = {}
        self._blocked_announced: dict[str, float] = {}

    @property
    def tls(self) -> bool:
        """True if the server speaks HTTPS (``--tls``)."""
        return self.guard.ssl_context is not None

    @property
    def housekeeping_seconds(self) -> float:
        """How often limits and idle times are checked: often enough for the shortest of them."""
        spans = [1.0, self.guard.limits.header_seconds / 4]
        if self.idle_seconds > 0:
            spans.append(self.idle_seconds / 4)
        return max(0.02, min(spans))

    # -- the aiohttp application -----------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._guard])
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws", self.handle_websocket, name="websocket"),
                web.get("/ws/{station}", self.handle_websocket, name="station_websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, name="static"),
            ]
        )
        app.on_shutdown.append(self._close_sessions)
        return app

    def _refuse(self, status: int, title: str, message: str, headers: dict[str, str] | None = None) -> web.Response:
        response = web.Response(
            status=status,
            text=refusal_page(title, message),
            content_type="text/html",
            headers={**_SECURITY_HEADERS, **(headers or {})},
        )
        response.force_close()  # a refused connection does not stay open for another try
        return response

    @web.middleware
    async def _guard(self, request: web.Request, handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        """Let a request through only with the access code (or on an open loopback server)."""
        if request.body_exists:  # no route takes a body: one is never waited for
            return self._refuse(413, _("Kein Zugang"), _("Diese Anfrage nimmt der Server nicht an."))
        if request.path == "/favicon.ico":  # asked for by every browser; not worth a refusal in the log
            response = web.Response(status=404, headers=dict(_SECURITY_HEADERS))
            response.force_close()
            return response
        address = request.remote or "?"
        host = request.headers.get("Host")
        if not self.gate.required and not host_header_is_loopback(host):
            log.warning(_("Abgewiesen (fremder Servername): {address}").format(address=address))
            return self._refuse(403, _("Kein Zugang"), _("Diese Station ist nur auf diesem Laptop erreichbar."))
        if not origin_matches_host(request.headers.get("Origin"), host):
            log.warning(_("Abgewiesen (Aufruf aus einer fremden Seite): {address}").format(address=address))
            return self._refuse(
                403, _("Kein Zugang"), _("Diese Station lässt sich nur direkt öffnen, nicht aus einer anderen Seite.")
            )
        now = self.clock()
        cookie_code = request.cookies.get(cookie_name(ACCESS_COOKIE, request))
        verdict = self.gate.check(address, request.query.get("code"), cookie_code, now)
        if verdict is Access.TOO_MANY:
            seconds = self.gate.limiter.retry_after(address, now)
            window = self.gate.limiter.window_seconds
            for known, announced in list(self._blocked_announced.items()):
                if now - announced >= window:
                    del self._blocked_announced[known]
            if address not in self._blocked_announced:  # once per block, not once per request
                self._blocked_announced[address] = now
                log.warning(
                    _("Zu viele falsche Zugangscodes von {address}; gesperrt für {seconds} s").format(
                        address=address, seconds=seconds
                    )
                )
            return self._refuse(
                429,
                _("Zu viele Versuche"),
                _("Zu viele falsche Zugangscodes. Bitte in {seconds} Sekunden erneut versuchen.").format(
                    seconds=seconds
                ),
                {"Retry-After": str(seconds)},
            )
        if not verdict.allowed:
            if verdict is Access.WRONG:
                log.warning(_("Falscher Zugangscode von {address}").format(address=address))
            elif verdict is Access.RETIRED:
                log.info(_("Alter Zugangscode abgewiesen: {address}").format(address=address))
            else:
                log.info(_("Ohne Zugangscode abgewiesen: {address}").format(address=address))
            if verdict is Access.RETIRED:
                message = _(
                    "Der Zugangscode wurde geändert. Bitte den neuen QR-Code scannen, den der Laptop am Eingang zeigt, "
                    "oder die dort angezeigte Adresse öffnen."
                )
            else:
                message = _(
                    "Diese Station braucht den Zugangscode. Bitte den QR-Code scannen, "
                    "den der Laptop am Eingang zeigt, oder die dort angezeigte Adresse öffnen."
                )
            response = self._refuse(403, _("Kein Zugang"), message)
            if cookie_code is not None:
                response.del_cookie(
                    cookie_name(ACCESS_COOKIE, request), path="/"
                )  # a stale code from an earlier session or an old code
            return response
        self.guard.admit(request, self.gate.generation)
        response = await handler(request)
        if verdict is Access.CODE_IN_URL and not response.prepared and self.gate.code is not None:
            response.set_cookie(
                cookie_name(ACCESS_COOKIE, request),
                normalise_code(self.gate.code),
                max_age=COOKIE_MAX_AGE,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=request.secure,
            )
        return response

    # -- the page ------------------------------------------------------------------------

    async def handle_index(self, request: web.Request) -> web.Response:  # type: ignore[override]
        """The station page; a code in the URL is moved into the cookie and out of the address bar."""
        if "code" in request.query:
            rest = [(key, value) for key, value in request.query.items() if key != "code"]
            location = "/" + (f"?{urlencode(rest, quote_via=quote)}" if rest else "")
            return web.Response(status=303, headers={**_SECURITY_HEADERS, "Location": location})
        number: int | None = None
        station: str | None = None
        if self.options.screen == "door":
            station = clean_station_name(request.query.get("station"))
            if station is None:
                number = self.browser_numbers.claim(request.cookies.get(cookie_name(BROWSER_COOKIE, request)))
                station = browser_station(number)
        websocket_path = "/ws" + (f"/{quote(station, safe='')}" if station else "")
        websocket_scheme = "wss" if request.secure else "ws"
        if self.options.screen == "door":
            title = _("INTEGRA – Tür: {station}").format(station=station)
        else:
            title = _("INTEGRA – Anzeige")
        font_size = request.query.get("fontsize", "16")
        page = station_page(
            title=title,
            heading=title,
            static_url="/static/",
            websocket_url=f"{websocket_scheme}://{request.host}{websocket_path}",
            font_size=int(font_size) if font_size.isdigit() and 6 <= int(font_size) <= 64 else 16,
            autofocus=self.options.screen == "door",
        )
        response = web.Response(text=page, content_type="text/html", headers=dict(_SECURITY_HEADERS))
        if number is not None:
            response.set_cookie(
                cookie_name(BROWSER_COOKIE, request),
                str(number),
                max_age=COOKIE_MAX_AGE,
                path="/",
                httponly=True,
                samesite="Strict",
                secure=request.secure,
            )
        return response

    # -- the station's app process ----------------------------------------------------------

    def _station_for(self, request: web.Request) -> str | None:
        if self.options.screen != "door":
            return None
        station = clean_station_name(request.match_info.get("station"))
        return station or browser_station(
            self.browser_numbers.claim(request.cookies.get(cookie_name(BROWSER_COOKIE, request)))
        )

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        """One browser connection: start its own app process and relay keys and screen updates."""
        if len(self.stations) >= self.max_sessions:
            return self._refuse(
                503,
                _("Zu viele Stationen"),
                _("Es sind schon zu viele Stationen verbunden. Bitte eine andere schließen."),
            )
        station = self._station_for(request)
        width = _to_int(request.query.get("width"), 80)
        height = _to_int(request.query.get("height"), 24)
        websocket = web.WebSocketResponse(heartbeat=15)
        await websocket.prepare(request)
        service = _StationService(
            app_command(self.options, station),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            # textual-serve types ``close`` as returning None; its own server passes this same method.
            close=websocket.close,  # type: ignore[arg-type]
            download_manager=self.download_manager,
            debug=self.debug,
        )
        address = request.remote or "?"
        label = station or _("Anzeige")
        record = self.stations.add(label, address, self.clock(), self.gate.generation)
        self._live[record.number] = (service, websocket, request.transport)
        self.started_sessions += 1
        log.info(
            _("Station {number} verbunden: {station} ({address})").format(
                number=record.number, station=label, address=address
            )
        )
        try:
            await service.start(width, height)
            await self._relay(websocket, service, record)
        except asyncio.CancelledError:
            await websocket.close()
            raise
        except Exception:  # one broken station must not take the server down
            log.exception("station %s failed", record.number)
        finally:
            await service.stop_within(STOP_SECONDS)
            self._live.pop(record.number, None)
            if self.stations.remove(record.number) is not None:
                log.info(_("Station {number} getrennt: {station}").format(number=record.number, station=label))
        return websocket

    async def _relay(self, websocket: web.WebSocketResponse, service: _StationService, record: Station) -> None:
        """Pass the browser's messages to the app; malformed ones are ignored."""
        async for message in websocket:
            if message.type != WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            if not isinstance(envelope, list) or not envelope:
                continue
            kind = envelope[0]
            data = envelope[1] if len(envelope) > 1 else None
            if kind == "stdin" and isinstance(data, str):
                if is_activity(data):
                    self.stations.key_pressed(record.number, self.clock())
                await service.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                width, height = _to_int(data.get("width"), 0), _to_int(data.get("height"), 0)
                if 0 < width <= 1000 and 0 < height <= 500:
                    await service.set_terminal_size(width, height)
            elif kind == "ping":
                await websocket.send_json(["pong", data])
            elif kind == "blur":
                await service.blur()
            elif kind == "focus":
                await service.focus()

    # -- what the serving terminal can do ---------------------------------------------------

    def end_station(self, number: int, why: str) -> Station | None:
        """End station ``number`` (its app quits, its browser sees the connection end); None if unknown.

        The station leaves the list at once; its app process is stopped in the background.
        """
        station = self.stations.remove(number)
        live = self._live.get(number)
        if station is None or live is None:
            return None
        _service, websocket, _transport = live
        log.info(
            _("Station {number} beendet ({why}): {station} ({address})").format(
                number=number, why=why, station=station.name, address=station.address
            )
        )
        task = asyncio.ensure_future(websocket.close(code=WSCloseCode.GOING_AWAY))
        task.add_done_callback(lambda done: done.exception() if not done.cancelled() else None)
        return station

    def rotate_code(self, new_code: str | None = None) -> str:
        """Replace the access code; stations and connections that came with the old one must log in again."""
        code = normalise_code(new_code or new_access_code())
        generation = self.gate.rotate(code)
        ended = [station.number for station in self.stations.older_than(generation)]
        closing = {self._live[number][2] for number in ended if number in self._live}
        for number in ended:
            self.end_station(number, _("Zugangscode geändert"))
        self.guard.close_older_than(generation, spare=closing)  # the stations close their websockets themselves
        log.info(
            ngettext(
                "Neuer Zugangscode; der alte gilt nicht mehr ({count} Station getrennt)",
                "Neuer Zugangscode; der alte gilt nicht mehr ({count} Stationen getrennt)",
                len(ended),
            ).format(count=len(ended))
        )
        return code

    def housekeeping(self) -> None:
        """Close connections out of time for their request; release stations idle too long."""
        self.guard.sweep()
        for station in self.stations.idle(self.clock(), self.idle_seconds):
            self.end_station(station.number, _("zu lange keine Taste gedrückt"))

    async def keep_house(self) -> None:
        """Run :meth:`housekeeping` every :attr:`housekeeping_seconds` until cancelled."""
        while True:
            await asyncio.sleep(self.housekeeping_seconds)
            try:
                self.housekeeping()
            except Exception:  # the server must go on serving
                log.exception("housekeeping failed")

    async def _close_sessions(self, app: web.Application) -> None:
        """On shutdown: let every station's app quit (killing stuck ones) and close the browsers."""
        sessions = list(self._live.values())
        await asyncio.gather(
            *(service.stop_within(STOP_SECONDS) for service, _socket, _transport in sessions), return_exceptions=True
        )
        for _service, websocket, _transport in sessions:
            await websocket.close()


def _to_int(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


async def run_server(
    server: StationServer,
    stop: asyncio.Event,
    on_ready: Callable[[int], None] = lambda port: None,
) -> None:
    """Serve until ``stop`` is set; ``on_ready(port)`` runs once the port is listening."""
    runner = web.AppRunner(
        await server._make_app(),
        access_log=None,
        handle_signals=False,
        shutdown_timeout=STOP_SECONDS,
        keepalive_timeout=DEFAULT_KEEPALIVE_SECONDS,
        lingering_time=LINGER_SECONDS,
    )
    await runner.setup()
    housekeeping: asyncio.Task[None] | None = None
    try:
        site = GuardedSite(runner, server.host, server.port, server.guard)
        await site.start()
        ports = [address[1] for address in runner.addresses if isinstance(address, tuple)]
        server.port = ports[0] if ports else server.port
        housekeeping = asyncio.create_task(server.keep_house())
        on_ready(server.port)
        await stop.wait()
    finally:
        if housekeeping is not None:
            housekeeping.cancel()
        await runner.cleanup()
        server.guard.close_all()


def serve_until_signal(
    server: StationServer,
    on_ready: Callable[[int], None],
    on_started: Callable[[asyncio.AbstractEventLoop, asyncio.Event], None] = lambda loop, stop: None,
) -> None:
    """Serve until Ctrl+C or SIGTERM, then stop every station cleanly.

    ``on_started(loop, stop)`` runs inside the event loop before serving starts (the serving
    terminal's commands hook in there; setting ``stop`` ends the server too).
    """

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.add_signal_handler(signum, stop.set)
            except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
                pass
        on_started(loop, stop)
        await run_server(server, stop, on_ready)

    asyncio.run(main())
