"""The moderator's message to the stage: sent, stored (so the display process sees it), cleared."""

from __future__ import annotations

from integra_tui.domain.stage import StageMessage, clean_stage_text
from integra_tui.i18n import _
from integra_tui.records import settings
from integra_tui.services.context import Context, ServiceError, get_meeting

__all__ = ["StageMessage", "clear_stage_message", "send_stage_message", "stage_message", "stage_presets"]


def stage_presets() -> list[str]:
    """Messages a moderator sends often, to pick instead of typing."""
    return [
        _("Bitte zum Schluss kommen"),
        _("Noch eine Minute"),
        _("Die Redezeit ist um"),
        _("Bitte ins Mikrofon sprechen"),
        _("Gleich geht es weiter"),
    ]


def send_stage_message(ctx: Context, meeting_id: int, text: str) -> StageMessage:
    """Show ``text`` on the meeting's display (one line, control characters removed) until cleared or replaced."""
    cleaned = clean_stage_text(text)
    if not cleaned:
        raise ServiceError(_("Bitte einen Text für die Anzeige eingeben."))
    with ctx.transaction():
        get_meeting(ctx, meeting_id)
        settings.set_stage_message(ctx.store, meeting_id, cleaned, ctx.now_iso())
    return StageMessage(meeting_id, cleaned, ctx.now())


def clear_stage_message(ctx: Context, meeting_id: int) -> None:
    """Take the message off the display."""
    with ctx.transaction():
        if settings.stage_message(ctx.store, meeting_id) is not None:
            settings.set_stage_message(ctx.store, meeting_id, "", ctx.now_iso())


def stage_message(ctx: Context, meeting_id: int) -> StageMessage | None:
    """The message the display shows now, if any."""
    return settings.stage_message(ctx.store, meeting_id)
