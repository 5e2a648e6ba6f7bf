"""The listening socket of a served station: every accepted connection passes :class:`ConnectionGuard` first.

aiohttp waits for a request's headers as long as the client likes and knows nothing of access codes.
Here each accepted connection is booked in a :class:`~integra_tui.serve.limits.ConnectionBook`
before aiohttp sees a byte of it: one that breaks a limit makes the oldest waiting connection give
way, one that has not brought a complete request in time is closed, and the server's middleware
tells the guard when a request has passed the access gate. With TLS the handshake happens here
too (``loop.start_tls``), so a connection that never finishes its handshake counts as waiting
like any other and cannot hold a place without the code.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from collections.abc import Callable, Collection
from typing import Any

from aiohttp import web

from integra_tui.i18n import _
from integra_tui.serve.limits import LISTEN_BACKLOG, ConnectionBook, ConnectionLimits

__all__ = ["ConnectionGuard", "GuardedSite"]

log = logging.getLogger("integra_tui.serve")

_REPORT_EVERY_SECONDS = 60.0
"""Closed connections of one address are reported at most this often (an attack must not flood the terminal)."""


class _Connection(asyncio.Protocol):
    """One accepted connection: booked with the guard, then handed to aiohttp's request handler."""

    def __init__(self, guard: ConnectionGuard, handler_factory: Callable[[], asyncio.Protocol]) -> None:
        self.guard = guard
        self.handler_factory = handler_factory
        self.address = "?"
        """The remote address (from the socket; no header can change it)."""
        self.raw: asyncio.Transport | None = None
        self.transport: asyncio.Transport | None = None
        """The transport aiohttp reads and writes (the TLS one with ``--tls``)."""
        self.handler: asyncio.Protocol | None = None
        self.ended = False
        self._early: list[bytes] = []
        """Bytes that arrived between the end of the TLS handshake and the handler taking over."""
        self._early_eof = False

    # -- asyncio's protocol ---------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.raw = transport
        peer = transport.get_extra_info("peername")
        self.address = str(peer[0]) if isinstance(peer, tuple) and peer else "?"
        if not self.guard._opened(self):
            self.ended = True
            transport.abort()
            return
        if self.guard.ssl_context is None:
            self._attach(transport)
        else:
            transport.pause_reading()  # nothing may arrive before the TLS layer takes over
            handshake = asyncio.ensure_future(self._handshake(transport))
            self.guard._handshakes.add(handshake)
            handshake.add_done_callback(self.guard._handshakes.discard)

    def data_received(self, data: bytes) -> None:
        if self.handler is not None:
            self.handler.data_received(data)
        else:  # the request right behind the TLS handshake: handed on once the handler is there
            self._early.append(data)

    def eof_received(self) -> bool | None:
        if self.handler is None:
            self._early_eof = True
            return True  # keep the transport open until the handler has seen what came before
        return self.handler.eof_received()

    def pause_writing(self) -> None:
        if self.handler is not None:
            self.handler.pause_writing()

    def resume_writing(self) -> None:
        if self.handler is not None:
            self.handler.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        self._ended()
        handler, self.handler = self.handler, None
        if handler is not None:
            handler.connection_lost(exc)

    # -- ours -----------------------------------------------------------------------------

    def close_now(self) -> None:
        """Close at once (a waiting connection giving way, or out of time)."""
        self._ended()
        transport = self.transport or self.raw
        if transport is not None:
            transport.abort()

    async def _handshake(self, raw: asyncio.Transport) -> None:
        loop = asyncio.get_running_loop()
        assert self.guard.ssl_context is not None
        try:
            secure = await loop.start_tls(
                raw,
                self,
                self.guard.ssl_context,
                server_side=True,
                # A backstop only: the guard's sweep closes a slow handshake at header_seconds, and says so.
                ssl_handshake_timeout=2 * self.guard.limits.header_seconds,
            )
        except asyncio.CancelledError:
            raw.abort()
            self._ended()
            raise
        except (OSError, ssl.SSLError, asyncio.TimeoutError, ConnectionError, RuntimeError):
            raw.abort()
            self._ended()
            return
        if secure is None or self.ended:
            if secure is not None:
                secure.abort()
            return
        self._attach(secure)

    def _attach(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        self.guard._by_transport[transport] = self
        self.handler = self.handler_factory()
        self.handler.connection_made(transport)
        early, self._early = self._early, []
        for data in early:
            self.handler.data_received(data)
        if self._early_eof and not self.handler.eof_received():
            transport.close()

    def _ended(self) -> None:
        if self.ended:
            return
        self.ended = True
        self.guard._closed(self)


class ConnectionGuard:
    """Holds every connection of one server to its :class:`~integra_tui.serve.limits.ConnectionLimits`."""

    def __init__(
        self, limits: ConnectionLimits, clock: Callable[[], float], ssl_context: ssl.SSLContext | None = None
    ) -> None:
        self.limits = limits
        self.book = ConnectionBook(limits)
        """Who is waiting, who has the code."""
        self.clock = clock
        self.ssl_context = ssl_context
        """The TLS context (``--tls``), or None for plain HTTP."""
        self.closed_for_limits = 0
        """Connections closed because they gave way or ran out of time (for tests and the log)."""
        self._open: set[_Connection] = set()
        self._by_transport: dict[asyncio.BaseTransport, _Connection] = {}
        self._handshakes: set[asyncio.Future[None]] = set()
        self._reported: dict[str, float] = {}

    @property
    def open_connections(self) -> int:
        """Connections accepted and not yet closed."""
        return len(self._open)

    def admit(self, request: web.BaseRequest, generation: int) -> None:
        """``request`` passed the gate with the code of ``generation``: its connection has the code."""
        connection = self._by_transport.get(request.transport) if request.transport is not None else None
        if connection is not None and not connection.ended:
            self.book.admit(connection, generation)

    def sweep(self) -> None:
        """Close the waiting connections that are out of time for a complete request."""
        for key in self.book.overdue(self.clock()):
            assert isinstance(key, _Connection)
            self._give_way(key, _("zu langsam"))

    def close_older_than(self, generation: int, spare: Collection[object] = ()) -> int:
        """Close the connections that came with a replaced code, but those on the ``spare`` transports.

        Returns how many were closed. (A station's websocket is spared: it is closed in order.)
        """
        closed = 0
        for key in self.book.older_than(generation):
            assert isinstance(key, _Connection)
            if key.transport is not None and key.transport in spare:
                continue
            key.close_now()
            closed += 1
        return closed

    def close_unattached(self) -> None:
        """Close the connections aiohttp does not know yet (still in their TLS handshake)."""
        for handshake in list(self._handshakes):
            handshake.cancel()
        for connection in list(self._open):
            if connection.handler is None:
                connection.close_now()

    def close_all(self) -> None:
        """Close everything still open (at the very end of shutdown)."""
        self.close_unattached()
        for connection in list(self._open):
            connection.close_now()

    def _opened(self, connection: _Connection) -> bool:
        opening = self.book.open(connection, connection.address, self.clock())
        for key in opening.evicted:
            assert isinstance(key, _Connection)
            self._give_way(key, _("zu viele"))
        if not opening.admitted:
            self._report(connection.address, _("kein Platz mehr"))
            self.closed_for_limits += 1
            return False
        self._open.add(connection)
        return True

    def _closed(self, connection: _Connection) -> None:
        self.book.close(connection)
        self._open.discard(connection)
        if connection.transport is not None:
            self._by_transport.pop(connection.transport, None)

    def _give_way(self, connection: _Connection, why: str) -> None:
        self.closed_for_limits += 1
        self._report(connection.address, why)
        connection.close_now()

    def _report(self, address: str, why: str) -> None:
        now = self.clock()
        last = self._reported.get(address)
        if last is not None and now - last < _REPORT_EVERY_SECONDS:
            return
        if len(self._reported) > 1024:
            self._reported.clear()
        self._reported[address] = now
        log.warning(
            _("Verbindungen ohne Zugangscode von {address} geschlossen ({why})").format(address=address, why=why)
        )


class GuardedSite(web.BaseSite):
    """aiohttp's TCP site with every accepted connection booked by a :class:`ConnectionGuard`."""

    def __init__(self, runner: web.BaseRunner, host: str, port: int, guard: ConnectionGuard) -> None:
        # A short queue: asyncio accepts a whole queue's worth at once, each an open file until booked.
        super().__init__(runner, backlog=LISTEN_BACKLOG)
        self._host = host
        self._port = port
        self._guard = guard

    @property
    def name(self) -> str:
        scheme = "https" if self._guard.ssl_context is not None else "http"
        return f"{scheme}://{self._host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        loop = asyncio.get_running_loop()
        handler_factory: Any = self._runner.server
        assert handler_factory is not None
        self._server = await loop.create_server(
            lambda: _Connection(self._guard, handler_factory),
            self._host,
            self._port,
            backlog=self._backlog,
            reuse_address=True,
        )

    async def stop(self) -> None:
        await super().stop()
        self._guard.close_unattached()  # the rest are aiohttp's: it closes them after the stations
