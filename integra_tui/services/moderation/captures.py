"""What the moderator captures (action items, decisions, needs, notes, offers, questions, topic wishes), edits and
removes; shows of hands.

The review of earlier open items is made through the services that own each rule: an action
item's status through ``followup.set_status``, a need's through ``needs.set_need_status``, a
question's answer through ``questions.answer_question`` (the moderator's screen calls them).
"""

from __future__ import annotations

from datetime import date

from integra_tui.domain.captures import TOPIC_KINDS, checked_fields, resolve_topic
from integra_tui.domain.models import Capture
from integra_tui.domain.votes import ShowOfHands, parse_hands, parse_show_of_hands
from integra_tui.i18n import _
from integra_tui.records import captures
from integra_tui.services.context import Context, ServiceError, get_counting_capture, get_meeting
from integra_tui.services.moderation.view import get_capture
from integra_tui.services.network_texts import CAPTURE_LABELS, refusals

__all__ = [
    "add_capture",
    "remove_capture",
    "set_hands",
    "set_show_of_hands",
    "update_capture",
]


def add_capture(
    ctx: Context,
    meeting_id: int,
    kind: str,
    text: str,
    *,
    agenda_item_id: int | None = None,
    owner: str = "",
    due: date | None = None,
    group: str = "",
    topic: str = "",
    hands: int | str | None = None,
    votes: ShowOfHands | str | None = None,
) -> Capture:
    """Record an action item, decision, need, note, offer, question or topic wish durably; returns it with its id.

    ``topic`` files a need, offer, question or topic wish (a topic of the store, by name or a unique
    beginning); ``hands`` is a topic wish's show of hands (a count); ``votes`` a decision's
    (``ShowOfHands`` or typed as "12 2 1": ja, nein, Enthaltung).
    """
    shown = _votes(votes)
    get_meeting(ctx, meeting_id)
    with refusals():
        return captures.add_new(
            ctx.store,
            CAPTURE_LABELS,
            meeting_id,
            kind,
            text,
            at=ctx.now_iso(),
            agenda_item_id=agenda_item_id,
            owner=owner,
            due=due,
            group=group,
            topic=topic,
            hands=hands,
            votes=shown,
        )


def _votes(votes: ShowOfHands | str | None) -> ShowOfHands | None:
    if votes is None or isinstance(votes, ShowOfHands):
        return votes
    if not votes.strip():
        return None
    with refusals():
        return parse_show_of_hands(votes)


def set_show_of_hands(ctx: Context, capture_id: int, votes: ShowOfHands | str | None) -> Capture:
    """Record a decision's show of hands (ja, nein, Enthaltung; typed as "12 2 1"), or clear it with None or ""."""
    shown = _votes(votes)
    with ctx.transaction():
        capture = get_counting_capture(ctx, capture_id)
        if capture.kind != captures.DECISION:
            raise ServiceError(_("Ein Abstimmungsergebnis gehört zu einem Beschluss."))
        captures.set_votes(ctx.store, capture_id, shown.to_doc() if shown is not None else None)
        return get_capture(ctx, capture_id)


def set_hands(ctx: Context, capture_id: int, hands: int | str | None) -> Capture:
    """Record how many hands were raised for a topic wish (None or "" clears the count)."""
    with refusals():
        counted = None if hands is None or hands == "" else parse_hands(hands)
    with ctx.transaction():
        capture = get_counting_capture(ctx, capture_id)
        if capture.kind != captures.TOPIC_WISH:
            raise ServiceError(_("Handzeichen werden bei einem Themenwunsch gezählt."))
        captures.set_hands(ctx.store, capture_id, counted)
        return get_capture(ctx, capture_id)


def update_capture(
    ctx: Context,
    capture_id: int,
    *,
    text: str,
    owner: str = "",
    due: date | None = None,
    group: str = "",
    topic: str | None = None,
) -> Capture:
    """Replace a capture's text, owner, due date and group (what the edit form shows), and its topic unless None."""
    with ctx.transaction():
        capture = get_capture(ctx, capture_id)
        if not captures.is_live(capture):
            raise ServiceError(_("Dieser Eintrag wurde entfernt."))
        known = captures.known(ctx.store, CAPTURE_LABELS)
        with refusals():
            text, owner, group = checked_fields(known, capture.kind, text, owner, group)
            filed = topic is not None and capture.kind in TOPIC_KINDS
            new_topic = resolve_topic(topic or "", known.topics, known.labels.topic) if filed else None
        captures.edit(ctx.store, capture_id, text=text, owner=owner, due=due, group=group, at=ctx.now_iso())
        if new_topic is not None:
            captures.set_topic(ctx.store, capture_id, new_topic, ctx.now_iso())
        return get_capture(ctx, capture_id)


def remove_capture(ctx: Context, capture_id: int) -> Capture:
    """Remove a capture: recorded, never deleted."""
    with ctx.transaction():
        capture = get_capture(ctx, capture_id)
        if captures.is_live(capture):
            captures.remove(ctx.store, capture_id, ctx.now_iso())
        return get_capture(ctx, capture_id)
