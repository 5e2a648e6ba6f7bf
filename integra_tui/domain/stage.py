"""A message the moderator sends to the stage (the display): "Bitte zum Schluss kommen", as Stagetimer and Ontime do."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime

__all__ = ["MAX_STAGE_MESSAGE", "StageMessage", "clean_stage_text"]

MAX_STAGE_MESSAGE = 140
"""The longest message the display shows (about two lines on a projector)."""


@dataclass(frozen=True)
class StageMessage:
    """What the display shows in large letters until the moderator clears or replaces it."""

    meeting_id: int
    text: str
    sent_at: datetime


def clean_stage_text(text: str) -> str:
    """The message as it is stored and shown: one line, no control characters, at most MAX_STAGE_MESSAGE long."""
    kept = "".join(" " if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)
    return " ".join(kept.split())[:MAX_STAGE_MESSAGE].strip()
