"""Subcommands of the command line: each module here has ``register(subparsers, common)``.

A handler is set with ``parser.set_defaults(handler=fn)``; ``fn(args, ctx)`` returns the exit status.
``needs_store=False`` lets a command run without opening the store. Commands call the services
(``integra_tui.services``) and catch nothing but what the command line reports itself: every refusal
is an ``integra_tui.errors.IntegraError``, which ``integra_tui.cli.main`` prints as one line.

Test hook: when the environment variable ``INTEGRA_FAKE_NOW`` holds an ISO 8601 time (e.g.
``2026-12-02T09:00:00+01:00``), every command runs on a clock that stands still at that moment
instead of the system clock (:func:`apply_test_clock`, called by ``integra_tui.cli.main``). Tests
use it to run a command "the day after" or "a quarter later" in a real process; it is not meant for
meetings.

Commands print with :func:`echo`, never with ``print``: a line often holds a name, a title or a
comment, and no control character in it (an ESC, a bidi override) may reach the terminal.
"""

from __future__ import annotations

import os
import sys
from typing import Any, TextIO

from integra_tui.domain.clock import FakeClock, from_iso
from integra_tui.domain.text import clean_text
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError

__all__ = ["FAKE_NOW_ENV", "apply_test_clock", "echo", "run_tui"]

FAKE_NOW_ENV = "INTEGRA_FAKE_NOW"
"""Test hook: an ISO time every command's clock stands still at."""


def apply_test_clock(ctx: Context) -> None:
    """Put ``ctx`` on a clock standing still at ``$INTEGRA_FAKE_NOW`` when that is set (tests only)."""
    value = os.environ.get(FAKE_NOW_ENV, "").strip()
    if not value:
        return
    try:
        ctx.clock = FakeClock(from_iso(value).astimezone(ctx.tz))
    except ValueError:
        raise ServiceError(
            _("{name} ist keine gültige Zeitangabe: {value}").format(name=FAKE_NOW_ENV, value=value)
        ) from None


def run_tui(ctx: Context, **options: Any) -> int:
    """Open the Textual app on ``ctx`` (options pick the first screen); returns the exit status 0."""
    # Imported here, not at the top: Textual takes a moment to load, and headless commands never need it.
    from integra_tui.ui.app import make_app

    ctx.fold_on_close(True)  # the TUI's clean exit folds the journal into the main file
    make_app(ctx, **options).run()
    return 0


def echo(*parts: object, file: TextIO | None = None, end: str = "\n", flush: bool = False) -> None:
    """``print`` for the command line: the line without control characters (line breaks and tabs stay)."""
    print(clean_text(" ".join(str(part) for part in parts)), file=file or sys.stdout, end=end, flush=flush)
