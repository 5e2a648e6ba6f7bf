"""Station names of served browsers: cleaned from the URL (``?station=Tür 2``) or handed out as "Browser 1", "Browser 2"."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from integra_tui.i18n import _

__all__ = ["BROWSER_COOKIE", "MAX_STATION_LENGTH", "BrowserNumbers", "browser_station", "clean_station_name"]

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
