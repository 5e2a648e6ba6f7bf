"""Commands for running a meeting: ``moderate`` (the moderator's screen) and ``display`` (the second screen).

Both look ahead: without ``--meeting`` they open the running meeting, else today's, else the next.
The test clock ``INTEGRA_FAKE_NOW`` (``integra_tui.commands.apply_test_clock``) lets tests kill and
restart the moderator "minutes later" without waiting.
"""

from __future__ import annotations

import argparse

from integra_tui.commands import FAKE_NOW_ENV, apply_test_clock, run_tui
from integra_tui.i18n import _
from integra_tui.services.context import Context
from integra_tui.services.meetings import resolve_meeting

__all__ = ["FAKE_NOW_ENV", "register"]


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
        help=_("Nummer des Treffens (sonst das laufende, das heutige oder das nächste)"),
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
        help=_("Nummer des Treffens (sonst das laufende, das heutige oder das nächste)"),
    )
    display.set_defaults(handler=_display)


def _open(args: argparse.Namespace, ctx: Context, screen: str) -> int:
    apply_test_clock(ctx)  # also done by cli.main; kept for callers of the handler alone
    meeting = resolve_meeting(ctx, args.meeting)
    return run_tui(ctx, screen=screen, meeting_id=meeting.id)


def _moderate(args: argparse.Namespace, ctx: Context) -> int:
    return _open(args, ctx, "moderator")


def _display(args: argparse.Namespace, ctx: Context) -> int:
    return _open(args, ctx, "display")
