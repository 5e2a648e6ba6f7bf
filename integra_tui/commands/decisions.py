"""Decision commands: decisions list|votes, a decision (Beschluss) with its show of hands."""

from __future__ import annotations

import argparse

from integra_tui.commands import echo
from integra_tui.domain.votes import ShowOfHands
from integra_tui.i18n import _, format_date
from integra_tui.io.exports.network_wording import votes_text
from integra_tui.services import moderation
from integra_tui.services.context import Context
from integra_tui.services.meetings import resolve_meeting
from integra_tui.services.network_texts import line_text

__all__ = ["register"]


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Add ``decisions list|votes`` to the command line."""
    parser = sub.add_parser("decisions", parents=[common], help=_("Beschlüsse eines Treffens und ihre Abstimmung"))
    actions = parser.add_subparsers(dest="decisions_command", metavar=_("BEFEHL"), required=True)
    listing = actions.add_parser("list", parents=[common], help=_("die Beschlüsse eines Treffens"))
    listing.add_argument("--meeting", type=int, default=None, help=_("Nummer des Treffens (sonst das aktuelle)"))
    listing.set_defaults(handler=_list)
    votes = actions.add_parser(
        "votes", parents=[common], help=_("das Abstimmungsergebnis eines Beschlusses festhalten: ja nein Enthaltung")
    )
    votes.add_argument("decision", type=int, metavar=_("NR"), help=_("Nummer des Beschlusses"))
    votes.add_argument(
        "counts", nargs="*", metavar=_("ZAHL"), help=_("ja, nein, Enthaltung, z. B. 12 2 1 (nichts: löschen)")
    )
    votes.set_defaults(handler=_votes)


def _list(args: argparse.Namespace, ctx: Context) -> int:
    meeting = resolve_meeting(ctx, args.meeting)
    decisions = [c for c in moderation.captures_of(ctx, meeting.id) if c.kind == "decision"]
    if not decisions:
        echo(_("Keine Beschlüsse am {date}.").format(date=format_date(meeting.date)))
        return 0
    for decision in decisions:
        line = f"{decision.id:>5}  {line_text(decision.text)}"
        shown = ShowOfHands.from_doc(decision.votes)
        if shown is not None:
            line += f" ({votes_text((shown.yes, shown.no, shown.abstain))})"
        echo(line)
    return 0


def _votes(args: argparse.Namespace, ctx: Context) -> int:
    decision = moderation.set_show_of_hands(ctx, args.decision, " ".join(args.counts))
    if decision.votes:
        shown = (decision.votes["yes"], decision.votes["no"], decision.votes["abstain"])
        echo(_("Beschluss {id}: {votes}.").format(id=decision.id, votes=votes_text(shown)))
    else:
        echo(_("Beschluss {id}: ohne Abstimmungsergebnis.").format(id=decision.id))
    return 0
