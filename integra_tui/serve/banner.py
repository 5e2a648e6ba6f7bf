"""What ``integra-tui serve`` prints: the address with the code, its QR code, the TLS fingerprint, the station hint."""

from __future__ import annotations

from integra_tui.i18n import _
from integra_tui.io.qr import qr_terminal_lines
from integra_tui.serve.access import format_access_code
from integra_tui.serve.tls import fingerprint_lines

__all__ = ["access_lines", "banner_lines", "commands_hint", "screen_label"]

_DARK_ON_LIGHT = "\x1b[30;107m"
_RESET = "\x1b[0m"
_GAP = "   "


def screen_label(screen: str) -> str:
    """The served screen in words."""
    return _("Tür (Check-in)") if screen == "door" else _("Anzeige (Tagesordnung)")


def commands_hint() -> str:
    """The one line on what can be typed into the serving terminal."""
    return _("Befehle hier: l Stationen zeigen · e NUMMER Station beenden · c neuer Zugangscode · h Hilfe")


def _fingerprint_text(fingerprint: str) -> list[str]:
    return [
        _("TLS-Fingerabdruck (SHA-256):"),
        *fingerprint_lines(fingerprint),
        "",
        _("Beim ersten Mal warnt der Browser."),
        _("Zeigt er diesen Abdruck:"),
        _("trotzdem öffnen."),
    ]


def access_lines(
    *, url: str, code: str | None, network: bool, colour: bool = False, fingerprint: str | None = None
) -> list[str]:
    """How to reach the server: the URL (with the code), for the network its QR code, the code, the fingerprint.

    ``fingerprint`` (with ``--tls``) is printed beside the QR code, so a helper can compare it with
    the browser's; ``colour`` draws the QR code dark on light with ANSI colours (for a terminal with
    a dark background, where plain half blocks would show an inverted code many scanners cannot read).
    """
    lines: list[str] = []
    side = _fingerprint_text(fingerprint) if fingerprint else []
    if not network:
        lines.append(_("Nur auf diesem Laptop erreichbar: {url}").format(url=url))
        if code is None:
            lines.append(_("Ohne Zugangscode: jedes Benutzerkonto dieses Laptops erreicht die Station."))
        if side:
            lines += ["", *("  " + text if text else "" for text in side)]
    else:
        lines.append(_("Für Tablets und Handys im selben Netz diese Adresse öffnen oder den QR-Code scannen:"))
        lines.append("  " + url)
        lines.append("")
        rows = qr_terminal_lines(url)
        top = max(0, (len(rows) - len(side)) // 2)
        for index, row in enumerate(rows):
            drawn = f"  {_DARK_ON_LIGHT}{row}{_RESET}" if colour else "  " + row
            beside = side[index - top] if 0 <= index - top < len(side) else ""
            lines.append(drawn + _GAP + beside if beside else drawn)
        lines.append("")
    if code is not None:
        lines.append(
            _("Zugangscode: {code} (steckt schon in der Adresse; der Browser merkt ihn sich)").format(
                code=format_access_code(code)
            )
        )
    return lines


def banner_lines(
    *,
    url: str,
    code: str | None,
    screen: str,
    network: bool,
    colour: bool = False,
    fingerprint: str | None = None,
) -> list[str]:
    """The start message: ``url`` already carries the code; ``network`` is False for a loopback server."""
    lines = [_("INTEGRA im Browser: {screen}").format(screen=screen_label(screen)), ""]
    lines += access_lines(url=url, code=code, network=network, colour=colour, fingerprint=fingerprint)
    if not network:
        lines.append(_("Für Tablets und Handys im selben Netz: integra-tui serve --host 0.0.0.0"))
    if screen == "door":
        lines.append(
            _(
                "Jeder Browser ist eine eigene Station: „Browser 1“, „Browser 2“ … "
                "Eigener Name: {separator}station=Tür%202 an die Adresse anhängen."
            ).format(separator="&" if "?" in url else "?")
        )
    lines.append(commands_hint())
    lines.append(_("Beenden mit Strg+C."))
    return lines
