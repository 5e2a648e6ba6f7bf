"""The serving terminal's commands: list the stations, end one, replace the access code (one line each, Enter).

``l`` (or just Enter) lists the stations with number, name, address, how long connected and since
when no key was pressed; ``e 2`` ends station 2; ``c`` makes a new access code, shows its URL and
QR code, and ends the stations that came with the old one; ``h`` shows the commands; ``q`` stops
the server like Ctrl+C. The letters are the same in German and English.

Parsing and the listing are plain functions; :class:`Console` reads the terminal in a thread of
its own (raw reads, so a blocked read never holds up the end of the process) and acts in the
event loop.
"""

from __future__ import annotations

import asyncio
import os
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from integra_tui.i18n import _
from integra_tui.serve.stations import Station

if TYPE_CHECKING:
    from integra_tui.serve.server import StationServer

__all__ = ["Command", "Console", "duration_text", "help_lines", "parse_command", "station_lines"]


@dataclass(frozen=True)
class Command:
    """One line typed into the serving terminal."""

    verb: str
    """``list``, ``end``, ``code``, ``help``, ``quit``, or ``unknown``."""
    number: int | None = None
    """The station number of ``end``; None if none (or no valid one) was typed."""
    text: str = ""
    """The line as typed (for the message on an unknown command)."""


_VERBS = {"": "list", "l": "list", "e": "end", "c": "code", "h": "help", "?": "help", "q": "quit"}


def parse_command(line: str) -> Command:
    """What a typed line asks for: ``l``, ``e 2`` (also ``e2``), ``c``, ``h``/``?``, ``q``; case and spaces ignored."""
    text = line.strip()
    lowered = text.lower()
    if lowered[:1] == "e" and lowered[1:].strip().isdigit():
        return Command("end", int(lowered[1:].strip()), text)
    head, _sep, rest = lowered.partition(" ")
    verb = _VERBS.get(head, "unknown")
    if verb == "end":
        return Command("end", None, text)
    if verb != "unknown" and rest.strip():
        return Command("unknown", None, text)
    return Command(verb, None, text)


def help_lines() -> list[str]:
    """What each command does."""
    return [
        _("Befehle (jeweils mit Enter):"),
        _("  l        die verbundenen Stationen zeigen (auch nur Enter)"),
        _("  e 2      Station 2 beenden; ihr Browser kann sich wieder verbinden"),
        _("  c        neuer Zugangscode; alle Stationen müssen sich mit dem neuen anmelden"),
        _("  h        diese Hilfe"),
        _("  q        den Server beenden (wie Strg+C)"),
        _("Eine Station gehört nicht dazu? Erst c (neuer Code), dann ist sie getrennt und bleibt draußen."),
    ]


def duration_text(seconds: float) -> str:
    """A span as people read it: ``40 s``, ``12 Min``, ``2 h 05 Min``."""
    seconds = max(0, int(seconds))
    if seconds < 60:
        return _("{seconds} s").format(seconds=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return _("{minutes} Min").format(minutes=minutes)
    return _("{hours} h {minutes:02d} Min").format(hours=minutes // 60, minutes=minutes % 60)


def station_lines(stations: list[Station], now: float, max_stations: int, idle_seconds: float) -> list[str]:
    """The listing ``l`` prints: a heading, then one line per station (oldest first)."""
    if idle_seconds > 0:
        heading = _("Stationen: {count} von höchstens {max} (getrennt nach {idle} ohne Tastendruck)").format(
            count=len(stations), max=max_stations, idle=duration_text(idle_seconds)
        )
    else:
        heading = _("Stationen: {count} von höchstens {max}").format(count=len(stations), max=max_stations)
    if not stations:
        return [heading, _("  Keine Station verbunden.")]
    lines = [heading]
    width = max(len(station.name) for station in stations)
    for station in stations:
        if station.keys:
            last = _("letzte Taste vor {span}").format(span=duration_text(now - station.last_key_at))
        else:
            last = _("noch keine Taste")
        since = _("seit {span}").format(span=duration_text(now - station.connected_at))
        lines.append(f"  {station.number:>3}  {station.name:<{width}}  {station.address:<15}  {since}, {last}")
    return lines


class Console:
    """Reads commands from the serving terminal and carries them out on the server."""

    def __init__(
        self,
        server: StationServer,
        show_access: Callable[[str], None],
        write: Callable[[str], None] = lambda text: print(text, flush=True),
        fd: int = 0,
    ) -> None:
        """Act on ``server``; ``show_access(code)`` prints the URL and QR code after the code was replaced."""
        self.server = server
        self.show_access = show_access
        self.write = write
        self.fd = fd
        self._stop: asyncio.Event | None = None

    def start(self, loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
        """Begin reading the terminal; ``q`` sets ``stop``. Nothing happens without a terminal (or pipe)."""
        self._stop = stop
        thread = threading.Thread(target=self._read, args=(loop,), name="serve-console", daemon=True)
        thread.start()

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        pending = b""
        while True:
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                return
            if not chunk:
                return
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                text = line.decode("utf-8", "replace").rstrip("\r")
                try:
                    loop.call_soon_threadsafe(self.handle, text)
                except RuntimeError:  # the loop has closed: the server is ending
                    return

    def handle(self, line: str) -> None:
        """Carry out one typed line (in the event loop)."""
        command = parse_command(line)
        server = self.server
        if command.verb == "list":
            stations = list(server.stations.stations.values())
            lines = station_lines(stations, server.clock(), server.max_sessions, server.idle_seconds)
            self.write("\n".join(lines))
        elif command.verb == "end":
            if command.number is None:
                self.write(_("Welche Station? Zum Beispiel: e 2 (die Nummern zeigt l)"))
            elif server.end_station(command.number, _("im Terminal")) is None:
                self.write(
                    _("Station {number} ist nicht verbunden (die Nummern zeigt l).").format(number=command.number)
                )
            else:
                self.write(_("Station {number} beendet.").format(number=command.number))
        elif command.verb == "code":
            if not server.gate.required:
                self.write(_("Dieser Server läuft ohne Zugangscode (--no-code); es gibt keinen zu ersetzen."))
                return
            code = server.rotate_code()
            self.write(_("Neuer Zugangscode. Der alte gilt nicht mehr; Stationen mit dem alten sind getrennt."))
            self.show_access(code)
        elif command.verb == "help":
            self.write("\n".join(help_lines()))
        elif command.verb == "quit":
            if self._stop is not None:
                self._stop.set()
        else:
            shown = "".join(ch for ch in command.text if unicodedata.category(ch)[0] != "C")
            self.write(_("Unbekannter Befehl „{text}“. h zeigt die Befehle.").format(text=shown))
