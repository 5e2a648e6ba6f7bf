"""Commands for running a meeting: ``moderate`` (the moderator's screen) and ``display`` (the second screen).

Test hook: when the environment variable ``INTEGRA_FAKE_NOW`` holds an ISO 8601 time
(e.g. ``2026-11-27T17:07:12+01:00``), these two commands run on a clock that stands still at that
moment instead of the system clock. Tests use it to kill and restart the moderator "minutes later"
without waiting; it is not meant for meetings.
"""

from __future__ import annotations

import argparse
import os

from integra_tui.commands import run_tui
from integra_tui.domain.clock import FakeClock, from_iso
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting

__all__ = ["FAKE_NOW_ENV", "register"]

FAKE_NOW_ENV = "INTEGRA_FAKE_NOW"
"""Test hook: an ISO time the moderator's and the display's clock stands still at."""


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``moderate`` and ``display`` to the command line."""
    moderate = sub.add_parser(
        "moderate", parents=[common], help=_("die Moderation öffnen: Tagesordnung, Redeliste, Absprachen")
    )
    moderate.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige oder nächste)"),
    )
    moderate.set_defaults(handler=_moderate)
    display = sub.add_parser(
        "display", parents=[common], help=_("die Anzeige für Beamer oder zweites Terminal öffnen (nur lesen)")
    )
    display.add_argument(
        "--meeting",
        type=int,
        default=None,
        metavar="ID",
        help=_("Nummer des Treffens (sonst das heutige oder nächste)"),
    )
    display.set_defaults(handler=_display)


def _apply_fake_now(ctx: Context) -> None:
    value = os.environ.get(FAKE_NOW_ENV, "").strip()
    if not value:
        return
    try:
        ctx.clock = FakeClock(from_iso(value).astimezone(ctx.tz))
    except ValueError:
        raise ServiceError(
            _("{name} ist keine gültige Zeitangabe: {value}").format(name=FAKE_NOW_ENV, value=value)
        ) from None


def _open(args: argparse.Namespace, ctx: Context, screen: str) -> int:
    _apply_fake_now(ctx)
    meeting = resolve_meeting(ctx, args.meeting)
    return run_tui(ctx, screen=screen, meeting_id=meeting.id)


def _moderate(args: argparse.Namespace, ctx: Context) -> int:
    return _open(args, ctx, "moderator")


def _display(args: argparse.Namespace, ctx: Context) -> int:
    return _open(args, ctx, "display")
