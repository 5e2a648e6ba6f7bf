"""A meeting's moderation settings: when a countdown warns, first-time priority, speaking time per speaker."""

from __future__ import annotations

from typing import Any

from integra_tui.domain.models import ModerationSettings
from integra_tui.i18n import _
from integra_tui.records import settings
from integra_tui.services.context import Context, ServiceError

__all__ = ["ModerationSettings", "moderation_settings", "update_settings"]


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
