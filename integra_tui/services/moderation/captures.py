"""What the moderator captures (action items, decisions, needs, notes), edits and removes; the review of open items."""

from __future__ import annotations

from datetime import date

from integra_tui.domain.models import CAPTURE_KINDS, Capture
from integra_tui.i18n import _
from integra_tui.records import captures
from integra_tui.records import groups as group_records
from integra_tui.services import followup
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import get_meeting
from integra_tui.services.moderation.view import get_capture, resolve_group

__all__ = ["add_capture", "remove_capture", "review_action_item", "update_capture"]


def _clean_capture_fields(
    kind: str, text: str, owner: str, group: str, known_groups: list[str]
) -> tuple[str, str, str]:
    if kind not in CAPTURE_KINDS:
        raise ServiceError(_("Unbekannte Art von Eintrag: {kind}").format(kind=kind))
    text = " ".join(text.split())
    if not text:
        raise ServiceError(_("Bitte den Text eingeben."))
    return text, " ".join(owner.split()), resolve_group(group, known_groups)


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
) -> Capture:
    """Record an action item, decision, need or note durably; returns it with its id."""
    text, owner, group = _clean_capture_fields(kind, text, owner, group, group_records.names(ctx.store))
    get_meeting(ctx, meeting_id)
    capture = Capture(
        meeting_id=meeting_id,
        kind=kind,
        text=text,
        agenda_item_id=agenda_item_id,
        owner=owner,
        due=due,
        group=group,
        created_at=ctx.now_iso(),
    )
    return captures.add(ctx.store, capture)


def update_capture(
    ctx: Context,
    capture_id: int,
    *,
    text: str,
    owner: str = "",
    due: date | None = None,
    group: str = "",
) -> Capture:
    """Replace a capture's text, owner, due date and group (what the edit form shows)."""
    with ctx.transaction():
        capture = get_capture(ctx, capture_id)
        if not captures.is_live(capture):
            raise ServiceError(_("Dieser Eintrag wurde entfernt."))
        text, owner, group = _clean_capture_fields(capture.kind, text, owner, group, group_records.names(ctx.store))
        captures.edit(ctx.store, capture_id, text=text, owner=owner, due=due, group=group, at=ctx.now_iso())
        return get_capture(ctx, capture_id)


def remove_capture(ctx: Context, capture_id: int) -> Capture:
    """Remove a capture: recorded, never deleted."""
    with ctx.transaction():
        capture = get_capture(ctx, capture_id)
        if captures.is_live(capture):
            captures.remove(ctx.store, capture_id, ctx.now_iso())
        return get_capture(ctx, capture_id)


def review_action_item(ctx: Context, capture_id: int, status: str, meeting_id: int, comment: str = "") -> Capture:
    """Mark an earlier action item done, still open, or dropped in this meeting (added to its history).

    The same rule as every status change (``services.followup.set_status``): keeping an open item
    open needs a comment, removed entries are refused.
    """
    return followup.set_status(ctx, capture_id, status, comment, meeting_id)
