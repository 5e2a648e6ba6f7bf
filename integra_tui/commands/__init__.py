"""Subcommands of the command line: each module here has ``register(subparsers, common)``.

A handler is set with ``parser.set_defaults(handler=fn)``; ``fn(args, ctx)`` returns the exit status.
``needs_store=False`` lets a command run without opening the store.

Commands print with :func:`echo`, never with ``print``: a line often holds a name, a title or a
comment, and no control character in it (an ESC, a bidi override) may reach the terminal.
"""

from __future__ import annotations

import sys
from typing import TextIO

from integra_tui.domain.text import clean_text

__all__ = ["echo"]


def echo(*parts: object, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """``print`` for the command line: the line without control characters (line breaks and tabs stay)."""
    print(clean_text(" ".join(str(part) for part in parts)), file=file or sys.stdout, end=end, flush=flush)
