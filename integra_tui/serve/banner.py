"""What ``integra-tui serve`` prints at start: the address with the code, its QR code, the station hint."""

from __future__ import annotations

from integra_tui.i18n import _
from integra_tui.io.qr import qr_terminal_lines
from integra_tui.serve.access import format_access_code

__all__ = ["banner_lines", "screen_label"]

_DARK_ON_LIGHT = "\x1b[30;107m"
_RESET = "\x1b[0m"


def screen_label(screen: str) -> str:
    """The served screen in words."""
    return _("Tür (Check-in)") if screen == "door" else _("Anzeige (Tagesordnung)")


def banner_lines(*, url: str, code: str | None, screen: str, network: bool, colour: bool = False) -> list[str]:
    """The start message: ``url`` already carries the code; ``network`` is False for a loopback server.

    ``colour`` draws the QR code dark on light with ANSI colours (for a terminal with a dark
    background, where plain half blocks would show an inverted code many scanners cannot read).
    """
    lines = [_("INTEGRA im Browser: {screen}").format(screen=screen_label(screen)), ""]
    if not network:
        lines.append(_("Nur auf diesem Laptop erreichbar: {url}").format(url=url))
        if code is None:
            lines.append(_("Für Tablets und Handys im selben Netz: integra-tui serve --host 0.0.0.0"))
    else:
        lines.append(_("Für Tablets und Handys im selben Netz diese Adresse öffnen oder den QR-Code scannen:"))
        lines.append("  " + url)
        lines.append("")
        for row in qr_terminal_lines(url):
            lines.append(f"  {_DARK_ON_LIGHT}{row}{_RESET}" if colour else "  " + row)
        lines.append("")
    if code is not None:
        lines.append(
            _("Zugangscode: {code} (steckt schon in der Adresse; der Browser merkt ihn sich)").format(
                code=format_access_code(code)
            )
        )
    if screen == "door":
        lines.append(
            _(
                "Jeder Browser ist eine eigene Station: „Browser 1“, „Browser 2“ … Eigener Name: {separator}station=Tür%202 an die Adresse anhängen."
            ).format(separator="&" if "?" in url else "?")
        )
    lines.append(_("Beenden mit Strg+C."))
    return lines
