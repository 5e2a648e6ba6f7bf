"""QR codes for invitations: PNG and SVG files via segno, half-block text lines for the terminal.

Files always use ``segno.make_qr`` (never ``segno.make``, which picks a Micro QR for short content
that phone cameras and many scanners cannot read). A canonical invitation code is 20 upper-case
characters of the alphanumeric set, so it becomes QR version 1 at error level M.

The cards need one symbol per person, thousands at a time, and segno spends about 3 ms on each,
four fifths of it choosing the mask in pure Python. :func:`code_matrix` encodes exactly what
segno would (the same version, error level, mask and so the same modules, which the tests check
against segno code by code) for short alphanumeric content in version 1, in a tenth of the time:
the eight masks are scored on whole rows at once. Anything else goes to segno.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from integra_tui.domain.codes import parse_code

if TYPE_CHECKING:
    import segno

__all__ = [
    "QUIET_ZONE",
    "TERMINAL_COLOURS",
    "code_matrix",
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
    segno is imported here: a card worker, which encodes its symbols fast, starts without it.
    """
    import segno

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


Matrix = tuple[tuple[bool, ...], ...]
"""Rows of modules, True = dark, without quiet zone."""


def code_matrix(code: str) -> Matrix:
    """The modules of :func:`code_qr` for an invitation code: the same symbol, encoded fast (see above)."""
    parsed = parse_code(code)
    if not parsed.ok:
        raise ValueError("not a valid invitation code")
    fast = _version1_alphanumeric(parsed.code)
    if fast is not None:
        return fast
    return tuple(tuple(bool(module) for module in row) for row in code_qr(parsed.code).matrix)


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
    return [
        "".join(glyphs[(top, bottom)] for top, bottom in zip(rows[i], rows[i + 1], strict=True))
        for i in range(0, len(rows), 2)
    ]


# --- version 1, alphanumeric: what segno makes, made fast ------------------------------------------
#
# ISO/IEC 18004:2015: data encoding 7.4, Reed-Solomon 7.5, placement 7.7, masks and their
# evaluation 7.8, format information 7.9. The evaluation follows segno's ``mask_scores`` to the
# letter (format modules light while scoring, its reading of the N3 rule), so the chosen mask and
# with it every module are segno's.

_ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
_ALNUM_VALUE = {char: value for value, char in enumerate(_ALPHANUMERIC)}
_SIZE = 21
_FULL = (1 << _SIZE) - 1
# Version 1: (level, data codewords, error correction codewords, format bits), in segno's boosting order.
_LEVELS = (("M", 16, 10, 0b00), ("Q", 13, 13, 0b11), ("H", 9, 17, 0b10))
_RUNS = re.compile("0{5,}|1{5,}")


def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log = [0] * 512, [0] * 256
    value = 1
    for power in range(255):
        exp[power] = value
        log[value] = power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


_EXP, _LOG = _gf_tables()


@lru_cache(maxsize=None)
def _generator(degree: int) -> tuple[int, ...]:
    """Coefficients (highest first, leading 1 left out) of the Reed-Solomon generator polynomial."""
    poly = [1]
    for power in range(degree):
        poly = [a ^ (_EXP[_LOG[b] + power] if b else 0) for a, b in zip([*poly, 0], [0, *poly], strict=True)]
    return tuple(poly[1:])


def _error_words(data: list[int], degree: int) -> list[int]:
    generator = _generator(degree)
    remainder = [0] * degree
    for word in data:
        factor = word ^ remainder[0]
        remainder = remainder[1:] + [0]
        if factor:
            log_factor = _LOG[factor]
            remainder = [r ^ _EXP[log_factor + _LOG[g]] for r, g in zip(remainder, generator, strict=True)]
    return remainder


def _is_function(row: int, col: int) -> bool:
    """Finder patterns with separators, timing patterns, format areas and the dark module."""
    if (row < 9 and col < 9) or (row < 9 and col >= _SIZE - 8) or (row >= _SIZE - 8 and col < 9):
        return True
    return row == 6 or col == 6


def _pack(lines: Sequence[int]) -> int:
    """Rows then columns as one int, one 24-bit slot per line (the first line highest); see _penalty."""
    packed = 0
    for line in lines:
        packed = packed << _SLOT | line
    return packed


def _transposed(rows: Sequence[int]) -> list[int]:
    return [
        sum(1 << (_SIZE - 1 - row) for row in range(_SIZE) if rows[row] >> (_SIZE - 1 - col) & 1)
        for col in range(_SIZE)
    ]


@lru_cache(maxsize=1)
def _layout() -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Where the data bits go (in order), the function patterns as rows and columns, each mask packed.

    A row is an int whose bit ``20 - col`` is the module in column ``col``; a column likewise.
    """
    places = []
    col = _SIZE - 1
    upward = True
    while col > 0:
        if col == 6:
            col -= 1
        rows = range(_SIZE - 1, -1, -1) if upward else range(_SIZE)
        for row in rows:
            for c in (col, col - 1):
                if not _is_function(row, c):
                    places.append((row, c))
        upward = not upward
        col -= 2
    function = [0] * _SIZE
    for row in range(_SIZE):
        for c in range(_SIZE):
            dark = False
            if row < 7 and c < 7 or row < 7 and c >= _SIZE - 7 or row >= _SIZE - 7 and c < 7:
                r, cc = row % (_SIZE - 7) if row >= 7 else row, c % (_SIZE - 7) if c >= 7 else c
                dark = max(abs(r - 3), abs(cc - 3)) != 2
            elif row == 6 and 8 <= c < _SIZE - 8 or c == 6 and 8 <= row < _SIZE - 8:
                dark = (row + c) % 2 == 0
            if dark:
                function[row] |= 1 << (_SIZE - 1 - c)
    conditions = (
        lambda i, j: (i + j) % 2 == 0,
        lambda i, j: i % 2 == 0,
        lambda i, j: j % 3 == 0,
        lambda i, j: (i + j) % 3 == 0,
        lambda i, j: (i // 2 + j // 3) % 2 == 0,
        lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
        lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
        lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
    )
    masks = []
    for condition in conditions:
        rows_of_mask = [
            sum(1 << (_SIZE - 1 - j) for j in range(_SIZE) if not _is_function(i, j) and condition(i, j))
            for i in range(_SIZE)
        ]
        masks.append(_pack(rows_of_mask + _transposed(rows_of_mask)))
    return tuple(places), tuple(function), tuple(_transposed(function)), tuple(masks)


def _format_bits(level_bits: int, mask: int) -> int:
    data = (level_bits << 3) | mask
    remainder = data << 10
    for shift in range(4, -1, -1):
        if remainder & (1 << (shift + 10)):
            remainder ^= 0x537 << shift
    return ((data << 10) | remainder) ^ 0x5412


_SLOT = 24  # bits per line in a packed symbol: 3 light padding bits, then the 21 modules
_LINES = 2 * _SIZE


def _slots(bits: int, lines: range = range(_LINES)) -> int:
    """``bits`` (a mask of positions within one line's slot) repeated in the slots of ``lines``."""
    return sum(bits << (_SLOT * (_LINES - 1 - line)) for line in lines)


_FIVE_START = _slots((1 << (_SIZE - 4)) - 1)  # where five modules in a line begin
_PAIR_START = _slots((1 << (_SIZE - 1)) - 1, range(1, _SIZE))  # a 2x2 block's corner, rows 1-20
_ROW_BITS = _slots(_FULL, range(_SIZE))


def _penalty(packed: int) -> int:
    """segno's score (N1 to N4) of a masked symbol, packed by :func:`_pack` (rows, then columns)."""
    # N1: each run of five or more alike in a line scores its length - 2: one point per place five
    # alike begin, plus two per run.
    alike = ~(packed ^ (packed >> 1))
    five = alike & (alike >> 1) & (alike >> 2) & (alike >> 3) & _FIVE_START
    score = five.bit_count() + 2 * (five & ~(five >> 1)).bit_count()
    # N2: three points per 2x2 block alike (a row's slot against the next row's).
    below = packed >> _SLOT
    block = ~(packed ^ below) & alike & ~(below ^ (below >> 1)) & _PAIR_START
    score += 3 * block.bit_count()
    # N3, as segno reads it: 1:1:3:1:1 at either end of the line or with four light modules on one side.
    text = format(packed, f"0{_SLOT * _LINES}b")
    index = text.find("1011101")
    while index != -1:
        start = index - (index % _SLOT) + (_SLOT - _SIZE)
        position = index - start
        if (
            position in (0, _SIZE - 7)
            or "1" not in text[start + max(position - 4, 0) : index]
            or "1" not in text[index + 7 : min(index + 11, start + _SIZE)]
        ):
            score += 40
            index = text.find("1011101", index + 7)
        else:
            index = text.find("1011101", index + 4)
    dark = (packed & _ROW_BITS).bit_count()  # N4
    return score + 10 * int(abs(dark / (_SIZE * _SIZE) * 100 - 50) / 5)


def _version1_alphanumeric(content: str) -> Matrix | None:
    """The version 1 symbol segno makes for ``content``, or None when segno would choose otherwise."""
    if not content or content.isdigit() or any(char not in _ALNUM_VALUE for char in content):
        return None
    length = len(content)
    bit_length = 4 + 9 + 11 * (length // 2) + 6 * (length % 2)
    fitting = [level for level in _LEVELS if level[1] * 8 >= bit_length]
    if not fitting or fitting[0][0] != "M":
        return None  # longer than version 1 at M holds: segno picks a larger version
    _name, data_words, error_count, level_bits = fitting[-1]  # boosted as far as it still fits
    capacity = data_words * 8
    bits = 0b0010 << 9 | length
    used = 13
    for start in range(0, length - 1, 2):
        bits = bits << 11 | (_ALNUM_VALUE[content[start]] * 45 + _ALNUM_VALUE[content[start + 1]])
        used += 11
    if length % 2:
        bits = bits << 6 | _ALNUM_VALUE[content[-1]]
        used += 6
    terminator = min(4, capacity - used)
    bits <<= terminator
    used += terminator
    padding = 8 - used % 8  # as segno pads: a whole zero byte when the bits end on a byte boundary
    bits <<= padding
    used += padding
    data = list(bits.to_bytes(used // 8, "big"))
    data += [0xEC, 0x11] * ((data_words - len(data)) // 2 + 1)
    data = data[:data_words]
    words = data + _error_words(data, error_count)

    _places, function, function_columns, masks = _layout()
    packed = _pack(function + function_columns)
    for position, word in enumerate(words):
        packed |= _codeword_modules(position, word)
    scores = [_penalty(packed ^ mask) for mask in masks]
    best_mask = scores.index(min(scores))  # the first of the lowest, as segno takes it
    final = (packed ^ masks[best_mask]) >> (_SLOT * _SIZE) | _format_modules(level_bits, best_mask)
    text = format(final, f"0{_SLOT * _SIZE}b")
    return tuple(
        tuple(map("1".__eq__, text[start : start + _SIZE])) for start in range(_SLOT - _SIZE, len(text), _SLOT)
    )


@lru_cache(maxsize=None)
def _codeword_modules(position: int, word: int) -> int:
    """The dark modules (packed rows and columns) of codeword ``word`` at ``position`` in the sequence."""
    places = _layout()[0]
    rows, columns = [0] * _SIZE, [0] * _SIZE
    for bit in range(8):
        if word >> (7 - bit) & 1:
            row, col = places[position * 8 + bit]
            rows[row] |= 1 << (_SIZE - 1 - col)
            columns[col] |= 1 << (_SIZE - 1 - row)
    return _pack(rows + columns)


@lru_cache(maxsize=None)
def _format_modules(level_bits: int, mask: int) -> int:
    """The dark modules of the format information and the dark module, as packed rows only."""
    info = _format_bits(level_bits, mask)
    places = [(i, 8) for i in range(6)] + [(7, 8), (8, 8), (8, 7)] + [(8, 14 - i) for i in range(9, 15)]
    second = [(8, _SIZE - 1 - i) for i in range(8)] + [(_SIZE - 15 + i, 8) for i in range(8, 15)]
    rows = [0] * _SIZE
    for bit, (row, col) in [*enumerate(places), *enumerate(second)]:
        if info >> bit & 1:
            rows[row] |= 1 << (_SIZE - 1 - col)
    rows[_SIZE - 8] |= 1 << (_SIZE - 1 - 8)  # the dark module
    return _pack(rows)
