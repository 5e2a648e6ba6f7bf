"""Served browser stations: their names (from the URL or "Browser 1", "Browser 2"), and the book of those connected.

The book numbers every station connected since the server started, remembers its address and when
a key was last pressed there, and says which ones have been idle too long or came with a code that
has been replaced since (pure; time is passed in, seconds of a monotonic clock).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from integra_tui.i18n import _

__all__ = [
    "BROWSER_COOKIE",
    "DEFAULT_IDLE_MINUTES",
    "DEFAULT_STATIONS",
    "MAX_STATION_LENGTH",
    "BrowserNumbers",
    "Station",
    "StationBook",
    "browser_station",
    "clean_station_name",
    "is_activity",
]

DEFAULT_STATIONS = 16
"""Stations (browser connections, each its own app process of about 50 MB) served at the same time."""

DEFAULT_IDLE_MINUTES = 30.0
"""A door station with no key pressed for this long is released (its browser can connect again)."""

BROWSER_COOKIE = "integra_browser"
"""The cookie that keeps a browser's automatic number, so a reload stays "Browser 2"."""

MAX_STATION_LENGTH = 40
"""Longest station name kept; longer ones are cut."""


def clean_station_name(text: str | None) -> str | None:
    """A station name as typed into a URL, made safe to show and store; None if nothing is left.

    Unicode is normalised (NFC), control characters dropped, runs of white space become one
    space, slashes become hyphens (a name travels as one path segment of the websocket URL).
    """
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    kept = []
    for ch in text:
        if ch in "/\\":
            kept.append("-")
        elif ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch)[0] != "C":
            kept.append(ch)
    name = " ".join("".join(kept).split())[:MAX_STATION_LENGTH].strip()
    return name or None


def browser_station(number: int) -> str:
    """The automatic name of the ``number``-th browser station."""
    return _("Browser {number}").format(number=number)


@dataclass
class BrowserNumbers:
    """Hands out browser numbers 1, 2, 3, ... and honours the number a browser already carries."""

    last: int = 0
    """The highest number handed out or seen so far."""

    def claim(self, remembered: str | None = None) -> int:
        """The browser's number: the one from its cookie if valid, else the next free one."""
        if remembered is not None and remembered.isdigit() and 0 < len(remembered) <= 4:
            number = int(remembered)
            if number > 0:
                self.last = max(self.last, number)
                return number
        self.last += 1
        return self.last


@dataclass
class Station:
    """One connected browser station."""

    number: int
    """Its number in the serving terminal's list (counted since the server started, never reused)."""
    name: str
    """The station name recorded with check-ins (door), or the screen's name (display)."""
    address: str
    """The browser's address, as the socket says."""
    connected_at: float
    """When it connected."""
    last_key_at: float
    """When a key was last pressed there (its connection time until the first key)."""
    generation: int = 1
    """The generation of the access code it came with (see ``Gate.generation``)."""
    keys: int = 0
    """Keys pressed there so far."""


@dataclass
class StationBook:
    """The stations connected now."""

    stations: dict[int, Station] = field(default_factory=dict)
    """Connected stations by number, oldest first."""
    last_number: int = 0
    """The number handed out last."""

    def __len__(self) -> int:
        return len(self.stations)

    def add(self, name: str, address: str, now: float, generation: int = 1) -> Station:
        """A station connected: give it the next number."""
        self.last_number += 1
        station = Station(self.last_number, name, address, now, now, generation)
        self.stations[station.number] = station
        return station

    def key_pressed(self, number: int, now: float) -> None:
        """A key (or a scan) arrived from station ``number``."""
        station = self.stations.get(number)
        if station is not None:
            station.last_key_at = max(station.last_key_at, now)
            station.keys += 1

    def remove(self, number: int) -> Station | None:
        """Station ``number`` is gone; returns it (None if it was not here)."""
        return self.stations.pop(number, None)

    def idle(self, now: float, idle_seconds: float) -> list[Station]:
        """Stations with no key pressed for ``idle_seconds`` (none if ``idle_seconds`` is 0: never released)."""
        if idle_seconds <= 0:
            return []
        return [station for station in self.stations.values() if now - station.last_key_at >= idle_seconds]

    def older_than(self, generation: int) -> list[Station]:
        """Stations that came with a code replaced since."""
        return [station for station in self.stations.values() if station.generation < generation]


_MOUSE_REPORT = re.compile(r"\x1b\[<(\d+);\d+;\d+[Mm]")


def is_activity(keys: str) -> bool:
    """True if what a browser typed counts as someone using the station.

    The pointer merely passing over the page (mouse motion without a button) does not; keys,
    clicks, drags and the wheel do.
    """
    rest = keys
    for report in _MOUSE_REPORT.finditer(keys):
        button = int(report.group(1))
        if not (button & 32 and button & 3 == 3):
            return True
        rest = rest.replace(report.group(0), "", 1)
    return bool(rest)
