"""Table ``settings``: settings of one meeting (by scope) and of the whole store, one document each.

Stored fields, per scope::

    scope                str           what the document is for (below)
    meeting_id           int | None    the meeting, for per-meeting scopes; missing for the store's own

    scope "moderation" (per meeting)
    warning_minutes      float         the item countdown warns at this many minutes left ...
    warning_percent      float         ... or at this share of the planned time, whichever comes first
    first_time_priority  bool          people who have not spoken on the item yet go first
    speaker_seconds      int | None    speaking time per speaker; None for no limit

    scope "stage" (per meeting)
    text                 str           the message the display shows ("" once cleared)
    sent_at              str           ISO 8601 with offset, when it was sent or cleared

    scope "store" (one document)
    store_id             str           random, made once: tells this installation's calendar entries apart

    scope "organiser" (one document; ``domain.organiser.Organiser``)
    name, address, contact, signatory  str

A missing value takes its default (``domain.models.ModerationSettings``, an empty organiser). (The
store's own table ``meta``, holding the format version, belongs to ``integra_tui.store``.)
"""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping
from typing import Any

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import ModerationSettings
from integra_tui.domain.organiser import ORGANISER_FIELDS, Organiser
from integra_tui.domain.stage import StageMessage
from integra_tui.records.base import Store

__all__ = [
    "MODERATION_FIELDS",
    "MODERATION_SCOPE",
    "ORGANISER_SCOPE",
    "STAGE_SCOPE",
    "STORE_SCOPE",
    "TABLE",
    "moderation",
    "organiser",
    "set_stage_message",
    "stage_message",
    "store_id",
    "update_moderation",
    "update_organiser",
]

TABLE = "settings"

MODERATION_SCOPE = "moderation"
STAGE_SCOPE = "stage"
STORE_SCOPE = "store"
ORGANISER_SCOPE = "organiser"

MODERATION_FIELDS = frozenset(f.name for f in dataclasses.fields(ModerationSettings))
"""The names a moderation settings document may hold besides scope and meeting."""


def _meeting_doc(store: Store, meeting_id: int, scope: str) -> dict[str, Any] | None:
    for doc in store.find(TABLE, "meeting_id", meeting_id):
        if doc.get("scope") == scope:
            return doc
    return None


def _store_doc(store: Store, scope: str) -> dict[str, Any] | None:
    for doc in store.find(TABLE, "scope", scope):
        if doc.get("meeting_id") is None:
            return doc
    return None


def moderation(store: Store, meeting_id: int) -> ModerationSettings:
    """The meeting's moderation settings (defaults for what was never set)."""
    doc = _meeting_doc(store, meeting_id, MODERATION_SCOPE) or {}
    return ModerationSettings(**{k: v for k, v in doc.items() if k in MODERATION_FIELDS})


def update_moderation(store: Store, meeting_id: int, changes: Mapping[str, Any]) -> None:
    """Store changed moderation settings of the meeting (names from :data:`MODERATION_FIELDS`)."""
    unknown = set(changes) - MODERATION_FIELDS
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    with store.transaction():
        doc = _meeting_doc(store, meeting_id, MODERATION_SCOPE)
        if doc is None:
            store.insert(TABLE, {"scope": MODERATION_SCOPE, "meeting_id": meeting_id, **changes})
        else:
            store.update(TABLE, doc["id"], dict(changes))


def stage_message(store: Store, meeting_id: int) -> StageMessage | None:
    """The message the meeting's display shows now; None when none was sent or it was cleared."""
    doc = _meeting_doc(store, meeting_id, STAGE_SCOPE)
    if doc is None or not doc.get("text"):
        return None
    return StageMessage(meeting_id, str(doc["text"]), from_iso(str(doc["sent_at"])))


def set_stage_message(store: Store, meeting_id: int, text: str, at: str) -> None:
    """Store the meeting's stage message (``text`` "" clears it); ``at`` ISO 8601, when it was sent."""
    with store.transaction():
        doc = _meeting_doc(store, meeting_id, STAGE_SCOPE)
        if doc is None:
            store.insert(TABLE, {"scope": STAGE_SCOPE, "meeting_id": meeting_id, "text": text, "sent_at": at})
        else:
            store.update(TABLE, doc["id"], {"text": text, "sent_at": at})


def store_id(store: Store) -> str:
    """This store's random id, made (and stored) the first time it is asked for, then kept."""
    doc = _store_doc(store, STORE_SCOPE)
    if doc is not None and doc.get("store_id"):
        return str(doc["store_id"])
    with store.transaction():
        doc = _store_doc(store, STORE_SCOPE)  # another process may have made it meanwhile
        if doc is not None and doc.get("store_id"):
            return str(doc["store_id"])
        made = secrets.token_hex(8)
        store.insert(TABLE, {"scope": STORE_SCOPE, "store_id": made})
        return made


def organiser(store: Store) -> Organiser:
    """The organiser as set (empty fields for what was never set)."""
    doc = _store_doc(store, ORGANISER_SCOPE) or {}
    return Organiser(**{k: str(doc.get(k) or "") for k in ORGANISER_FIELDS})


def update_organiser(store: Store, changes: Mapping[str, str]) -> None:
    """Store changed organiser fields (names from ``domain.organiser.ORGANISER_FIELDS``)."""
    unknown = set(changes) - set(ORGANISER_FIELDS)
    if unknown:
        raise ValueError(f"unknown organiser fields: {sorted(unknown)}")
    with store.transaction():
        doc = _store_doc(store, ORGANISER_SCOPE)
        if doc is None:
            store.insert(TABLE, {"scope": ORGANISER_SCOPE, **changes})
        else:
            store.update(TABLE, doc["id"], dict(changes))
