"""A meeting's moderation settings: when a countdown warns, first-time priority, speaking time per speaker."""

from __future__ import annotations

from typing import Any

from integra_tui.domain import speakers as speaking
from integra_tui.domain.models import ModerationSettings
from integra_tui.domain.speakers import SpeakerError
from integra_tui.i18n import _
from integra_tui.records import settings
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.texts import refused

__all__ = [
    "ModerationSettings",
    "moderation_settings",
    "parse_speaking_time",
    "set_speaking_time",
    "speaking_time_text",
    "update_settings",
]


def moderation_settings(ctx: Context, meeting_id: int) -> ModerationSettings:
    """The meeting's settings (defaults for what was never set)."""
    return settings.moderation(ctx.store, meeting_id)


def update_settings(ctx: Context, meeting_id: int, **changes: Any) -> ModerationSettings:
    """Change some of the meeting's settings; refused for values that make no sense."""
    unknown = set(changes) - settings.MODERATION_FIELDS
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    if "warning_minutes" in changes and not 0 <= float(changes["warning_minutes"]) <= 60:
        raise ServiceError(_("Die Warnzeit muss zwischen 0 und 60 Minuten liegen."))
    if "warning_percent" in changes and not 0 <= float(changes["warning_percent"]) <= 100:
        raise ServiceError(_("Der Warnanteil muss zwischen 0 und 100 Prozent liegen."))
    seconds = changes.get("speaker_seconds")
    if seconds is not None and int(seconds) <= 0:
        changes["speaker_seconds"] = None
    settings.update_moderation(ctx.store, meeting_id, changes)
    return moderation_settings(ctx, meeting_id)


def parse_speaking_time(text: str) -> int | None:
    """Speaking time per speaker typed in minutes ("2", "2:30", "2,5") as seconds; None for no limit.

    Refused with a message saying how to type it (``domain.speakers.parse_speaking_time``).
    """
    try:
        return speaking.parse_speaking_time(text)
    except SpeakerError as error:
        raise refused(error) from None


def set_speaking_time(ctx: Context, meeting_id: int, text: str) -> ModerationSettings:
    """Set the speaking time per speaker as typed in minutes ("" or "0": no limit)."""
    return update_settings(ctx, meeting_id, speaker_seconds=parse_speaking_time(text))


def speaking_time_text(current: ModerationSettings) -> str:
    """The speaking time as the settings form shows it, in minutes ("2", "2:30"; "" without a limit)."""
    return speaking.format_speaking_time(current.speaker_seconds)
