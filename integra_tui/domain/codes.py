"""Invitation codes: generate, check and read back codes that survive keyboard-wedge scanners.

A code is ``MG`` (marks it as ours), a version character (``1``), 16 random symbols (80 bits) and
one check symbol: 20 characters from a 32-symbol alphabet of digits and upper-case letters without
I, O, Y and Z. Those characters are typed identically by a scanner set to US layout on a German
QWERTZ laptop (only Y/Z swap, and they never occur), and they put a QR code into alphanumeric mode,
so a code fits QR version 1 at error level M.

The check symbol is computed in GF(32) (polynomial x^5 + x^2 + 1, primitive element a = 2): the sum
of a^k * value_k over all 20 positions k is zero. A single substitution at k changes the sum by
a^k * (v - v') != 0 and a swap of neighbours k, k+1 by a^k * (a + 1) * (v1 - v2) != 0, so every
single wrong character and every swap of two neighbouring characters is detected.
"""

from __future__ import annotations

import enum
import secrets
from dataclasses import dataclass
from typing import Protocol

__all__ = [
    "ALPHABET",
    "CODE_LENGTH",
    "PREFIX",
    "QWERTZ_FROM_US",
    "VERSION",
    "CodeStatus",
    "ParsedCode",
    "check_symbol",
    "format_code",
    "looks_complete",
    "new_code",
    "normalise",
    "parse_code",
    "simulate_us_scanner_on_qwertz",
]

ALPHABET = "0123456789ABCDEFGHJKLMNPQRSTUVWX"
"""The 32 symbols a code is made of: digits and A-X without I and O (no Y, no Z)."""

PREFIX = "MG"
"""Every code of ours starts with this."""

VERSION = "1"
"""The code layout written by :func:`new_code`; the character after the prefix."""

KNOWN_VERSIONS = frozenset({VERSION})

CODE_LENGTH = 20
"""Characters in a canonical code: prefix, version, 16 random symbols, check symbol."""

RANDOM_LENGTH = CODE_LENGTH - len(PREFIX) - len(VERSION) - 1

# How many symbols too many still count as one of ours, mistyped.
_LENGTH_SLACK = 4

_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}

# Look-alikes that are not in the alphabet but clearly mean a symbol that is.
_LOOKALIKES = {"O": "0", "o": "0", "I": "1", "i": "1"}

# GF(32) with the primitive polynomial x^5 + x^2 + 1: exp/log tables for multiplication.
_POLY = 0b100101
_EXP: list[int] = []
_element = 1
for _power in range(31):
    _EXP.append(_element)
    _element <<= 1
    if _element & 0b100000:
        _element ^= _POLY
_LOG = {value: power for power, value in enumerate(_EXP)}
assert len(_LOG) == 31, "x^5 + x^2 + 1 must be primitive"


def _gf_mul(left: int, right: int) -> int:
    if left == 0 or right == 0:
        return 0
    return _EXP[(_LOG[left] + _LOG[right]) % 31]


def _weighted_sum(symbols: str) -> int:
    """Sum of a^k * value_k over the positions k of ``symbols`` (addition in GF(32) is XOR)."""
    total = 0
    for position, symbol in enumerate(symbols):
        total ^= _gf_mul(_EXP[position % 31], _VALUE[symbol])
    return total


def check_symbol(body: str) -> str:
    """The check symbol for the first 19 characters of a code (makes the weighted sum zero)."""
    if len(body) != CODE_LENGTH - 1 or any(symbol not in _VALUE for symbol in body):
        raise ValueError("a code body is 19 symbols from the code alphabet")
    partial = _weighted_sum(body)
    # value * a^19 must equal the partial sum, so value = partial * a^(-19).
    return ALPHABET[_gf_mul(partial, _EXP[(31 - (CODE_LENGTH - 1)) % 31])]


class _Chooser(Protocol):
    def choice(self, seq: str) -> str: ...


def new_code(rng: _Chooser = secrets) -> str:
    """A fresh canonical code (20 characters, 80 random bits from ``rng``, default ``secrets``)."""
    if rng is secrets:  # the same 80 bits from one call instead of sixteen (an import issues 100,000 codes)
        bits = int.from_bytes(secrets.token_bytes(RANDOM_LENGTH * 5 // 8), "big")
        symbols = "".join(ALPHABET[(bits >> (5 * place)) & 31] for place in range(RANDOM_LENGTH))
    else:
        symbols = "".join(rng.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    body = PREFIX + VERSION + symbols
    return body + check_symbol(body)


def normalise(text: str) -> str:
    """``text`` reduced to code symbols: a-z upper-cased, O/I read as 0/1, everything else dropped.

    Only ASCII letters are upper-cased on purpose: ``"ß".upper()`` is ``"SS"``, and a ``ß`` is what
    a hyphen becomes on a German layout, not two letters.
    """
    kept = []
    for char in text:
        char = _LOOKALIKES.get(char, char)
        if "a" <= char <= "z":
            char = chr(ord(char) - 32)
        if char in _VALUE:
            kept.append(char)
    return "".join(kept)


class CodeStatus(enum.Enum):
    """What a scanned or typed text turned out to be."""

    OK = "ok"
    """One of our codes, complete and with a matching check symbol."""
    NOT_OURS = "not_ours"
    """Something else: another system's ticket, a URL, a JSON blob, random typing."""
    DAMAGED = "damaged"
    """Looks like one of ours, but a character is wrong, missing or too many."""


@dataclass(frozen=True)
class ParsedCode:
    """The outcome of :func:`parse_code`."""

    status: CodeStatus
    code: str
    """The canonical code when OK; the normalised symbols when DAMAGED; empty when NOT_OURS
    (another system's content may hold personal data and is not carried around)."""

    @property
    def ok(self) -> bool:
        """True for a complete, valid code of ours."""
        return self.status is CodeStatus.OK


def _distance_at_most_one(left: str, right: str) -> bool:
    """True when ``left`` and ``right`` differ by at most one edit (including a neighbour swap)."""
    if left == right:
        return True
    if len(left) == len(right):
        diffs = [i for i, (a, b) in enumerate(zip(left, right, strict=True)) if a != b]
        if len(diffs) == 1:
            return True
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and left[diffs[0]] == right[diffs[1]]
            and left[diffs[1]] == right[diffs[0]]
        )
    if abs(len(left) - len(right)) != 1:
        return False
    shorter, longer = (left, right) if len(left) < len(right) else (right, left)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _near_our_prefix(symbols: str) -> bool:
    """True for a code-length text whose start is one edit away from ``MG`` + a version."""
    if abs(len(symbols) - CODE_LENGTH) > 1:
        return False
    head_length = len(PREFIX) + len(VERSION)
    return any(
        _distance_at_most_one(symbols[:length], PREFIX + version)
        for version in KNOWN_VERSIONS
        for length in (head_length - 1, head_length, head_length + 1)
    )


def parse_code(text: str) -> ParsedCode:
    """Read a scanned or typed text as a code: OK, DAMAGED (ours, but wrong) or NOT_OURS.

    Case, spaces, hyphens and whatever a US-set scanner types on a German layout in their place
    (``ß``, ``Ö``, ...) do not matter; O and I count as 0 and 1.
    """
    symbols = normalise(text)
    # Far longer than a code is something else that happens to start like one (a pretix secret).
    ours = (
        symbols[: len(PREFIX)] == PREFIX
        and symbols[len(PREFIX) : len(PREFIX) + 1] in KNOWN_VERSIONS
        and len(symbols) <= CODE_LENGTH + _LENGTH_SLACK
    )
    if ours:
        if len(symbols) == CODE_LENGTH and _weighted_sum(symbols) == 0:
            return ParsedCode(CodeStatus.OK, symbols)
        return ParsedCode(CodeStatus.DAMAGED, symbols)
    if _near_our_prefix(symbols):
        return ParsedCode(CodeStatus.DAMAGED, symbols)
    return ParsedCode(CodeStatus.NOT_OURS, "")


def looks_complete(text: str) -> bool:
    """True when ``text`` already holds a full valid code (lets the door finish a scan without Enter)."""
    return parse_code(text).ok


def format_code(code: str) -> str:
    """The human-readable form of a code, in groups of four: ``MG1A BCDE FGHJ KLMN PQR7``."""
    parsed = parse_code(code)
    if not parsed.ok:
        raise ValueError("not a valid code")
    canonical = parsed.code
    return " ".join(canonical[i : i + 4] for i in range(0, CODE_LENGTH, 4))


# What a scanner set to US layout produces on a host set to German (QWERTZ): the scanner sends
# the key a US keyboard would use for each character; the German layout gives that key its own
# character. Dead keys (^ ´ `) are written as the accent itself, as they appear when followed by
# a character they cannot combine with.
QWERTZ_FROM_US: dict[str, str] = {
    "y": "z", "z": "y", "Y": "Z", "Z": "Y",
    "`": "^", "~": "°",
    "@": '"', "#": "§", "^": "&", "&": "/", "*": "(", "(": ")", ")": "=",
    "-": "ß", "_": "?", "=": "´", "+": "`",
    "[": "ü", "{": "Ü", "]": "+", "}": "*",
    "\\": "#", "|": "'",
    ";": "ö", ":": "Ö", "'": "ä", '"': "Ä",
    "<": ";", ">": ":", "/": "-", "?": "_",
}  # fmt: skip
"""US character -> what appears on a German layout when a US-set scanner 'types' it."""


def simulate_us_scanner_on_qwertz(text: str, *, caps_lock: bool = False) -> str:
    """What a US-set keyboard-wedge scanner types on a German layout (for tests and demos).

    With ``caps_lock`` the letters come out in the other case, as they do when Caps Lock is on.
    """
    typed = "".join(QWERTZ_FROM_US.get(char, char) for char in text)
    if caps_lock:
        # Caps Lock inverts letters (umlauts too) but not digits, punctuation or ß.
        typed = "".join(char.swapcase() if char.isalpha() and char != "ß" else char for char in typed)
    return typed
