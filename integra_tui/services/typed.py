"""Text a person typed (or a command line passed), made safe before a service stores it.

Names, organisations, notes, captures, agenda titles, answers, comments: control characters, escape
sequences and bidi overrides are taken out (``domain.text.clean_line``), every letter and mark stays.
:func:`line` also makes runs of whitespace one space (the services' habit for names and short texts);
:func:`trimmed` only trims the ends (titles keep their inner spacing as typed).
"""

from __future__ import annotations

from integra_tui.domain.text import clean_line, one_line

__all__ = ["line", "trimmed"]


def line(text: str) -> str:
    """``text`` on one line, without control characters or bidi overrides, single spaces, trimmed."""
    return one_line(text)


def trimmed(text: str) -> str:
    """``text`` on one line, without control characters or bidi overrides, trimmed at both ends."""
    return clean_line(text).strip()
