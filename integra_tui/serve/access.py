"""Who may open a served station: the access code, its cookie, failure limits and origin checks (pure, no I/O).

Every served station asks for the code: in the URL (``?code=``, then kept in a cookie) or in the
cookie. Only on loopback, and only with ``--no-code`` given on purpose, is the server open: every
account on the laptop reaches a loopback port. Wrong codes count per remote address; after
:data:`MAX_FAILURES` within :data:`FAILURE_WINDOW_SECONDS` that address is refused outright, the
right code included, so guessing gains nothing. The code can be replaced while the server runs
(:meth:`Gate.rotate`); the old one is then refused as changed, not counted as a guess. Time is
passed in (seconds of a monotonic clock), which keeps this testable.
"""

from __future__ import annotations

import enum
import hmac
import ipaddress
import secrets
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

__all__ = [
    "ACCESS_COOKIE",
    "CODE_ALPHABET",
    "CODE_LENGTH",
    "FAILURE_WINDOW_SECONDS",
    "MAX_FAILURES",
    "MIN_CUSTOM_CODE_LENGTH",
    "RETIRED_CODES_KEPT",
    "Access",
    "FailureLimiter",
    "Gate",
    "code_required",
    "codes_match",
    "custom_code",
    "format_access_code",
    "host_header_is_loopback",
    "is_loopback_host",
    "new_access_code",
    "normalise_code",
    "origin_matches_host",
]

ACCESS_COOKIE = "integra_code"
"""The cookie that keeps the access code in a browser that came with ``?code=``."""

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWX"
"""Symbols of a generated code: no 0/O, 1/I/L, Y/Z (Y and Z swap on a German keyboard)."""

CODE_LENGTH = 10
"""Characters of a generated code: about 48 bits, against at most five guesses a minute."""

MIN_CUSTOM_CODE_LENGTH = 6
"""A code given with ``--code`` must have at least this many characters (after normalising)."""

MAX_FAILURES = 5
"""Wrong codes an address may send within the window before it is refused outright."""

FAILURE_WINDOW_SECONDS = 60.0
"""The sliding window over which wrong codes are counted."""

RETIRED_CODES_KEPT = 8
"""Replaced codes still recognised as "changed" (refused without counting as a guess)."""

_MAX_TRACKED_ADDRESSES = 4096


def new_access_code(length: int = CODE_LENGTH) -> str:
    """A fresh random access code from :data:`CODE_ALPHABET`."""
    return "".join(secrets.choice(CODE_ALPHABET) for _index in range(length))


def normalise_code(text: str) -> str:
    """The form codes are compared in: upper case, without spaces and hyphens (as people type them)."""
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")


def format_access_code(code: str) -> str:
    """The code in groups of five for reading aloud or typing by hand (``ABCDE-FGHJK``).

    A code given with ``--code`` whose length is not a multiple of five is shown as it is.
    """
    plain = normalise_code(code)
    if len(plain) % 5:
        return plain
    return "-".join(plain[i : i + 5] for i in range(0, len(plain), 5))


def codes_match(expected: str, presented: str | None) -> bool:
    """True if ``presented`` is the access code; compared in constant time."""
    if presented is None:
        return False
    return hmac.compare_digest(normalise_code(expected).encode("utf-8"), normalise_code(presented).encode("utf-8"))


def is_loopback_host(host: str) -> bool:
    """True for addresses only this computer reaches: ``localhost``, 127.0.0.0/8, ``::1``.

    Every other name or address, the wildcards ``0.0.0.0`` and ``::`` included, is not.
    """
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def code_required(host: str, no_code: bool = False) -> bool:
    """Whether the server on ``host`` asks for a code: always, unless ``--no-code`` on a loopback address."""
    return not (no_code and is_loopback_host(host))


def custom_code(text: str) -> str | None:
    """A code chosen by hand (``--code``, a file, the environment) in its compared form; None if too short."""
    code = normalise_code(text)
    return code if len(code) >= MIN_CUSTOM_CODE_LENGTH else None


def _split_host_port(host_header: str) -> str:
    """The host name of a ``Host`` header value (``[::1]:8000`` -> ``::1``)."""
    value = host_header.strip()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value[1:]
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def host_header_is_loopback(host_header: str | None) -> bool:
    """True if the browser addressed this server by a loopback name.

    An open (code-less) server checks this, so a web page whose name was re-pointed at 127.0.0.1
    (DNS rebinding) cannot drive the app through the visitor's browser.
    """
    return bool(host_header) and is_loopback_host(_split_host_port(host_header or ""))


def origin_matches_host(origin: str | None, host_header: str | None) -> bool:
    """True if a browser's ``Origin`` is this server itself (or there is no Origin: not a browser page).

    Websockets are not covered by the browser's same-origin rules, so without this check any web
    page could open a station on a server the visitor's browser can reach.
    """
    if origin is None:
        return True
    if not host_header:
        return False
    try:
        netloc = urlsplit(origin).netloc
    except ValueError:
        return False
    return bool(netloc) and netloc.lower() == host_header.strip().lower()


class Access(enum.Enum):
    """The verdict on one request."""

    OPEN = "open"
    """No code needed (loopback without ``--code``)."""
    CODE_IN_URL = "code_in_url"
    """The right code came in the URL: let in, and keep it in the cookie."""
    CODE_IN_COOKIE = "code_in_cookie"
    """The right code came in the cookie."""
    MISSING = "missing"
    """No code at all: refused, not counted as a failure."""
    RETIRED = "retired"
    """A code that was replaced while the server ran: refused (log in again), not counted as a failure."""
    WRONG = "wrong"
    """A wrong code: refused and counted."""
    TOO_MANY = "too_many"
    """Too many wrong codes from this address lately: refused without looking at the code."""

    @property
    def allowed(self) -> bool:
        """True if the request may go on."""
        return self in (Access.OPEN, Access.CODE_IN_URL, Access.CODE_IN_COOKIE)


@dataclass
class FailureLimiter:
    """Counts wrong codes per remote address over a sliding window."""

    max_failures: int = MAX_FAILURES
    """Failures allowed within the window; one more and the address is refused."""
    window_seconds: float = FAILURE_WINDOW_SECONDS
    """How far back failures count."""
    _failures: dict[str, deque[float]] = field(default_factory=dict, repr=False)

    def _recent(self, address: str, now: float) -> deque[float]:
        times = self._failures.get(address)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_seconds:
            times.popleft()
        if not times:
            del self._failures[address]
        return times

    def blocked(self, address: str, now: float) -> bool:
        """True if ``address`` has used up its failures for now."""
        return len(self._recent(address, now)) >= self.max_failures

    def retry_after(self, address: str, now: float) -> int:
        """Whole seconds until ``address`` may try again (0 if it may now)."""
        times = self._recent(address, now)
        if len(times) < self.max_failures:
            return 0
        oldest_that_counts = times[len(times) - self.max_failures]
        return max(1, int(oldest_that_counts + self.window_seconds - now + 0.999))

    def record(self, address: str, now: float) -> None:
        """Count one wrong code from ``address`` at ``now``."""
        if address not in self._failures and len(self._failures) >= _MAX_TRACKED_ADDRESSES:
            for known in list(self._failures):
                self._recent(known, now)
            while len(self._failures) >= _MAX_TRACKED_ADDRESSES:
                del self._failures[next(iter(self._failures))]
        self._failures.setdefault(address, deque()).append(now)


@dataclass
class Gate:
    """The access decision of one server: its code (None = open), the codes it replaced, its failure counts."""

    code: str | None
    """The access code in its compared form, or None when no code is needed (``--no-code``, loopback only)."""
    limiter: FailureLimiter = field(default_factory=FailureLimiter)
    """Wrong-code counts per address."""
    generation: int = 1
    """Counts the codes this server has had: 1 for the first, one more with each :meth:`rotate`."""
    retired: list[str] = field(default_factory=list)
    """The codes replaced lately, newest last (at most :data:`RETIRED_CODES_KEPT`)."""

    def __post_init__(self) -> None:
        if self.code is not None:
            self.code = normalise_code(self.code)

    @property
    def required(self) -> bool:
        """True if requests must bring the code."""
        return self.code is not None

    def rotate(self, new_code: str) -> int:
        """Replace the code: from now on only ``new_code`` admits. Returns the new generation."""
        if self.code is None:
            raise ValueError("an open server has no code to replace")
        self.retired = [*self.retired, self.code][-RETIRED_CODES_KEPT:]
        self.code = normalise_code(new_code)
        self.generation += 1
        return self.generation

    def check(self, address: str, url_code: str | None, cookie_code: str | None, now: float) -> Access:
        """Judge one request from ``address`` carrying these codes; counts a wrong one."""
        if self.code is None:
            return Access.OPEN
        if self.limiter.blocked(address, now):
            return Access.TOO_MANY
        if codes_match(self.code, url_code):
            return Access.CODE_IN_URL
        if codes_match(self.code, cookie_code):
            return Access.CODE_IN_COOKIE
        presented = [code for code in (url_code, cookie_code) if code is not None]
        if not presented:
            return Access.MISSING
        if all(any(codes_match(old, code) for old in self.retired) for code in presented):
            return Access.RETIRED
        self.limiter.record(address, now)
        return Access.WRONG
