"""Table ``settings``: settings that belong to one meeting, one document per meeting and scope.

Stored fields::

    scope                str           what they are for; "moderation" is the only scope so far
    meeting_id           int
    warning_minutes      float         (moderation) the item countdown warns at this many minutes left ...
    warning_percent      float         ... or at this share of the planned time, whichever comes first
    first_time_priority  bool          people who have not spoken on the item yet go first
    speaker_seconds      int | None    speaking time per speaker; None for no limit

A missing value takes the default of ``domain.models.ModerationSettings``. (The store's own table
``meta``, holding the format version, belongs to ``integra_tui.store``.)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from integra_tui.domain.models import ModerationSettings
from integra_tui.records.base import Store

__all__ = ["MODERATION_SCOPE", "MODERATION_FIELDS", "TABLE", "moderation", "update_moderation"]

TABLE = "settings"

MODERATION_SCOPE = "moderation"

MODERATION_FIELDS = frozenset(f.name for f in dataclasses.fields(ModerationSettings))
"""The names a moderation settings document may hold besides scope and meeting."""


def _moderation_doc(store: Store, meeting_id: int) -> dict[str, Any] | None:
    for doc in store.find(TABLE, "meeting_id", meeting_id):
        if doc.get("scope") == MODERATION_SCOPE:
            return doc
    return None


def moderation(store: Store, meeting_id: int) -> ModerationSettings:
    """The meeting's moderation settings (defaults for what was never set)."""
    doc = _moderation_doc(store, meeting_id) or {}
    return ModerationSettings(**{k: v for k, v in doc.items() if k in MODERATION_FIELDS})


def update_moderation(store: Store, meeting_id: int, changes: Mapping[str, Any]) -> None:
    """Store changed moderation settings of the meeting (names from :data:`MODERATION_FIELDS`)."""
    unknown = set(changes) - MODERATION_FIELDS
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    with store.transaction():
        doc = _moderation_doc(store, meeting_id)
        if doc is None:
            store.insert(TABLE, {"scope": MODERATION_SCOPE, "meeting_id": meeting_id, **changes})
        else:
            store.update(TABLE, doc["id"], dict(changes))
