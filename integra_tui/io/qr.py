"""QR codes for invitations: PNG and SVG files via segno, half-block text lines for the terminal.

Files always use ``segno.make_qr`` (never ``segno.make``, which picks a Micro QR for short content
that phone cameras and many scanners cannot read). A canonical invitation code is 20 upper-case
characters of the alphanumeric set, so it becomes QR version 1 at error level M.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import segno

from integra_tui.domain.codes import parse_code

__all__ = [
    "QUIET_ZONE",
    "TERMINAL_COLOURS",
    "code_qr",
    "make_qr",
    "qr_matrix",
    "qr_png_bytes",
    "qr_svg_text",
    "qr_terminal_lines",
    "svg_path_data",
]

QUIET_ZONE = 4
"""Light modules around the symbol, as the QR standard asks for."""

TERMINAL_COLOURS = ("black", "white")
"""(foreground, background) that :func:`qr_terminal_lines` assumes: the block characters draw the
dark modules, spaces show the light background. Show the lines dark-on-light, e.g. with the
Textual styles ``color: black; background: white;``: the other way round the code is inverted,
and many scanners do not read inverted codes."""


def make_qr(content: str, *, error: str = "m") -> segno.QRCode:
    """A standard QR code (never Micro QR) for ``content``, error level at least ``error``.

    ``boost_error`` raises the level when that fits into the same version, at no cost in size.
    """
    return segno.make_qr(content, error=error, boost_error=True)


def code_qr(code: str) -> segno.QRCode:
    """The QR code for an invitation code (in its canonical form): alphanumeric mode, version 1 or 2."""
    parsed = parse_code(code)
    if not parsed.ok:
        raise ValueError("not a valid invitation code")
    qr = make_qr(parsed.code)
    if qr.mode != "alphanumeric" or qr.version not in (1, 2):
        raise ValueError("an invitation code must fit QR version 1 or 2 in alphanumeric mode")
    return qr


def qr_matrix(content: str, *, engine: str = "segno") -> list[list[bool]]:
    """The modules of the QR code for ``content`` (True = dark), without quiet zone.

    ``engine`` is ``"segno"`` (the default everywhere) or ``"qrcode"``; the latter is there to
    compare the two libraries in benchmarks and to draw the terminal form.
    """
    if engine == "segno":
        return [[bool(module) for module in row] for row in make_qr(content).matrix]
    if engine == "qrcode":
        import qrcode
        from qrcode.constants import ERROR_CORRECT_M

        maker = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        maker.add_data(content)
        maker.make(fit=True)
        return [[bool(module) for module in row] for row in maker.get_matrix()]
    raise ValueError(f"unknown QR engine: {engine}")


def qr_png_bytes(content: str, *, scale: int = 10, border: int = QUIET_ZONE) -> bytes:
    """A black-on-white PNG of the QR code for ``content``; ``scale`` pixels per module."""
    buffer = io.BytesIO()
    make_qr(content).save(buffer, kind="png", scale=scale, border=border, dark="#000", light="#fff")
    return buffer.getvalue()


def qr_svg_text(
    content: str,
    *,
    scale: float = 1,
    border: int = QUIET_ZONE,
    unit: str | None = None,
    xmldecl: bool = True,
) -> str:
    """A standalone SVG document of the QR code for ``content`` with a white background.

    ``scale`` is the size of one module in ``unit`` (e.g. ``"mm"``; None means user units/pixels).
    """
    buffer = io.BytesIO()
    make_qr(content).save(
        buffer,
        kind="svg",
        scale=scale,
        border=border,
        unit=unit,
        xmldecl=xmldecl,
        dark="#000",
        light="#fff",
        title=None,
    )
    return buffer.getvalue().decode("utf-8")


def svg_path_data(matrix: Sequence[Sequence[bool]], *, offset: int = 0) -> str:
    """SVG path data filling the dark modules, one module = one user unit, shifted by ``offset``.

    Runs of dark modules in a row become one rectangle each, which keeps the path short.
    """
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        width = len(row)
        while x < width:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < width and row[x]:
                x += 1
            parts.append(f"M{start + offset} {y + offset}h{x - start}v1h-{x - start}z")
    return "".join(parts)


def qr_terminal_lines(content: str, *, border: int = QUIET_ZONE) -> list[str]:
    """The QR code for ``content`` as text lines of half blocks (``▀ ▄ █`` and space).

    Each line holds two module rows; each character is one module wide, so a terminal cell about
    twice as high as wide shows square modules. A quiet zone of ``border`` modules is included.
    The lines assume dark text on a light background (see :data:`TERMINAL_COLOURS`).
    """
    matrix = qr_matrix(content, engine="qrcode")
    size = len(matrix) + 2 * border
    light_row = [False] * size
    rows = [light_row] * border
    rows += [[False] * border + list(row) + [False] * border for row in matrix]
    rows += [light_row] * border
    if len(rows) % 2:
        rows.append(light_row)
    glyphs = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
    return ["".join(glyphs[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1])) for i in range(0, len(rows), 2)]
