"""Time source for the whole app: a Clock protocol, the system clock, a fake clock for tests, ISO helpers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

__all__ = [
    "DEFAULT_TZ",
    "Clock",
    "FakeClock",
    "SystemClock",
    "from_iso",
    "to_iso",
]

DEFAULT_TZ = "Europe/Berlin"
"""The zone the round table meets in; every timestamp the app makes is aware and in this zone."""


def _zone(tz: str | ZoneInfo) -> ZoneInfo:
    return tz if isinstance(tz, ZoneInfo) else ZoneInfo(tz)


@runtime_checkable
class Clock(Protocol):
    """Anything that can tell the current time."""

    def now(self) -> datetime:
        """The current time, timezone-aware, in the configured zone."""
        ...


class SystemClock:
    """The real wall clock in a given zone (default Europe/Berlin)."""

    def __init__(self, tz: str | ZoneInfo = DEFAULT_TZ) -> None:
        self.tz: ZoneInfo = _zone(tz)
        """The zone every ``now()`` is expressed in."""

    def now(self) -> datetime:
        """The current wall-clock time in ``tz``."""
        return datetime.now(self.tz)


class FakeClock:
    """A clock that only moves when told to: for tests and demos, never sleeps."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=ZoneInfo(DEFAULT_TZ))
        self._now = start

    def now(self) -> datetime:
        """The time the clock was set or advanced to."""
        return self._now

    def advance(self, seconds: float = 0, minutes: float = 0) -> datetime:
        """Move the clock forward (or back with negative values) in real time; returns the new time."""
        # Through UTC: adding to a ZoneInfo time moves the wall clock, which is off by an hour across DST.
        zone = self._now.tzinfo
        self._now = (self._now.astimezone(timezone.utc) + timedelta(seconds=seconds, minutes=minutes)).astimezone(zone)
        return self._now

    def set(self, dt: datetime) -> None:
        """Jump to ``dt`` (a naive value is taken to be in the current zone)."""
        if dt.tzinfo is None:
            dt = dt.replace(tzinfo=self._now.tzinfo)
        self._now = dt


def to_iso(dt: datetime) -> str:
    """ISO 8601 text with UTC offset, e.g. ``2026-11-27T14:05:00+01:00`` (microseconds kept if present)."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime: timestamps must carry a timezone")
    return dt.isoformat(timespec="microseconds" if dt.microsecond else "seconds")


def from_iso(s: str) -> datetime:
    """Parse what ``to_iso`` wrote; a value without offset is taken to be in Europe/Berlin."""
    dt = datetime.fromisoformat(s.strip())
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=ZoneInfo(DEFAULT_TZ))
    return dt
