"""Which meeting a screen is on, as its title bar says it: the long form where it fits, the short one at 80 columns."""

from __future__ import annotations

from integra_tui.domain.models import Meeting
from integra_tui.services.context import Context
from integra_tui.services.meetings import meeting_caption

__all__ = ["HEADER_CHROME", "caption_text"]

HEADER_CHROME = 22
"""Cells of a Textual ``Header`` that are not title text: the icon on the left, the clock space on the right,
and the " — " between title and sub-title."""


def caption_text(ctx: Context, meeting: Meeting, room: int) -> str:
    """Title and date of ``meeting`` in at most ``room`` cells: "Titel – Di, 01.12.2026, 17:00 Uhr (heute)",
    or "01.12.2026 Titel…" when that is too long (the date always whole)."""
    room = max(10, room)
    caption = meeting_caption(ctx, meeting, room)
    return caption.long if len(caption.long) <= room else caption.short
