"""How many connections a served station takes, and which ones give way (pure, no I/O).

A connection is *waiting* from the moment it is accepted until one of its requests has passed the
access gate; then it *has the code*. Waiting connections are held to three limits, so that nobody
without the code can use up the server's open files and lock out the helpers:

- each must bring a complete request within :attr:`ConnectionLimits.header_seconds`, else it is
  closed (a half-open request is never waited for longer);
- from one address at most :attr:`ConnectionLimits.per_address` wait at the same time;
- all together they never take more than ``capacity - reserve`` places: the last
  :attr:`ConnectionLimits.reserve` places belong to connections that have the code.

A new connection is always let in while places are left for it. When it would break a limit,
the oldest waiting connection gives way: of its own address if that address is at its limit,
otherwise of the address with the most waiting connections. So a helper's fresh connection gets
its chance even while someone holds every place a waiting connection may take, and connections
that have the code are never closed to make room. Time is passed in (seconds of a monotonic clock).
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_HEADER_SECONDS",
    "DEFAULT_KEEPALIVE_SECONDS",
    "DEFAULT_PER_ADDRESS",
    "LISTEN_BACKLOG",
    "ConnectionBook",
    "ConnectionLimits",
    "Opening",
    "default_limits",
]

DEFAULT_HEADER_SECONDS = 10.0
"""Time a connection without the code has to send one complete request (headers; no route takes a body)."""

DEFAULT_KEEPALIVE_SECONDS = 15.0
"""How long an idle connection that has the code is kept open for its browser's next request."""

DEFAULT_PER_ADDRESS = 16
"""Connections without the code from one address at a time (a browser opens about six at once)."""

LISTEN_BACKLOG = 16
"""Connections the system queues for accepting; asyncio also accepts this many at a time before any is booked."""

_FILES_IN_FLIGHT = 2 * LISTEN_BACKLOG
"""Open files accepted connections may hold before the guard has looked at them (up to two batches)."""

_FILES_PER_STATION = 4
"""Open files the server needs per station besides its connection: the app process's three pipes, one spare."""

_FILES_BESIDES = 48
"""Open files the server needs besides connections and stations: listening sockets, the store, the terminal."""


@dataclass(frozen=True)
class ConnectionLimits:
    """The numbers the server holds connections to."""

    capacity: int
    """Open connections at most, of every kind (kept below the process's open-file limit)."""
    reserve: int
    """Of these, the places only connections that have the code may take."""
    per_address: int = DEFAULT_PER_ADDRESS
    """Connections without the code from one remote address at the same time."""
    header_seconds: float = DEFAULT_HEADER_SECONDS
    """Time a connection without the code has to bring a complete request."""

    def __post_init__(self) -> None:
        if self.capacity < 2:
            raise ValueError("capacity must be at least 2")
        if not 1 <= self.reserve < self.capacity:
            raise ValueError("reserve must be at least 1 and below the capacity")
        if self.per_address < 1:
            raise ValueError("per_address must be at least 1")
        if self.header_seconds <= 0:
            raise ValueError("header_seconds must be positive")

    @property
    def waiting(self) -> int:
        """Places connections without the code may take together."""
        return self.capacity - self.reserve


def default_limits(open_files: int, stations: int) -> ConnectionLimits:
    """Limits that keep the server below ``open_files`` (the soft ``RLIMIT_NOFILE``) with ``stations`` running.

    At the usual 1,024 files and 16 stations: 880 connections, 110 of them kept for the code.
    """
    capacity = max(8, open_files - _FILES_BESIDES - _FILES_IN_FLIGHT - _FILES_PER_STATION * stations)
    return ConnectionLimits(capacity=capacity, reserve=max(2, capacity // 8))


@dataclass(frozen=True)
class Opening:
    """The verdict on a new connection."""

    admitted: bool
    """True if it may stay (it waits for its first request now)."""
    evicted: tuple[Hashable, ...] = ()
    """Waiting connections to close so that it fits, oldest first."""


@dataclass
class _Waiting:
    address: str
    since: float


@dataclass
class ConnectionBook:
    """Every open connection of one server: the waiting ones with their address and start, and those with the code."""

    limits: ConnectionLimits
    """The numbers to hold to."""
    _waiting: dict[Hashable, _Waiting] = field(default_factory=dict, repr=False)
    _per_address: dict[str, int] = field(default_factory=dict, repr=False)
    _with_code: dict[Hashable, int] = field(default_factory=dict, repr=False)

    @property
    def waiting(self) -> int:
        """Open connections without the code."""
        return len(self._waiting)

    @property
    def with_code(self) -> int:
        """Open connections that have the code."""
        return len(self._with_code)

    def waiting_from(self, address: str) -> int:
        """Open connections without the code from ``address``."""
        return self._per_address.get(address, 0)

    def is_waiting(self, key: Hashable) -> bool:
        """True if ``key`` is open and has not brought the code yet."""
        return key in self._waiting

    def open(self, key: Hashable, address: str, now: float) -> Opening:
        """A connection from ``address`` was accepted at ``now``: let it wait, making room if need be."""
        if key in self._waiting or key in self._with_code:
            return Opening(True)
        if len(self._with_code) >= self.limits.capacity:
            return Opening(False)
        evicted: list[Hashable] = []
        if self.waiting_from(address) >= self.limits.per_address:
            evicted.append(self._oldest_of(address))
            self.close(evicted[-1])
        while self._waiting and (
            len(self._waiting) >= self.limits.waiting
            or len(self._waiting) + len(self._with_code) >= self.limits.capacity
        ):
            evicted.append(self._oldest_of(self._most_crowded()))
            self.close(evicted[-1])
        self._waiting[key] = _Waiting(address, now)
        self._per_address[address] = self._per_address.get(address, 0) + 1
        return Opening(True, tuple(evicted))

    def admit(self, key: Hashable, generation: int = 1) -> None:
        """A request on ``key`` passed the gate with the code of ``generation``: it has the code now."""
        if key in self._waiting:
            self._forget_waiting(key)
            self._with_code[key] = generation
        elif key in self._with_code:
            self._with_code[key] = max(self._with_code[key], generation)

    def close(self, key: Hashable) -> None:
        """The connection ``key`` ended (or is being closed); forgetting an unknown one is fine."""
        if key in self._waiting:
            self._forget_waiting(key)
        self._with_code.pop(key, None)

    def overdue(self, now: float) -> list[Hashable]:
        """Waiting connections that have had their time for a complete request, oldest first."""
        deadline = now - self.limits.header_seconds
        return [key for key, entry in self._waiting.items() if entry.since <= deadline]

    def older_than(self, generation: int) -> list[Hashable]:
        """Connections that brought a code older than ``generation`` (it was replaced since)."""
        return [key for key, known in self._with_code.items() if known < generation]

    def _forget_waiting(self, key: Hashable) -> None:
        entry = self._waiting.pop(key)
        left = self._per_address[entry.address] - 1
        if left:
            self._per_address[entry.address] = left
        else:
            del self._per_address[entry.address]

    def _oldest_of(self, address: str) -> Hashable:
        return next(key for key, entry in self._waiting.items() if entry.address == address)

    def _most_crowded(self) -> str:
        # max() keeps the first of equals: among addresses as crowded, the one waiting longest.
        first_seen = dict.fromkeys(entry.address for entry in self._waiting.values())
        return max(first_seen, key=lambda address: self._per_address[address])
