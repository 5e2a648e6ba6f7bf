"""Table ``captures``: what was agreed or noted in a meeting (action items, decisions, needs, notes).

Stored fields (``domain.models.Capture``)::

    meeting_id      int
    kind            str          action | decision | need | note (``domain.models.CAPTURE_KINDS``)
    text            str
    agenda_item_id  int | None   the agenda item it belongs to
    owner           str          "who" for an action item (free text)
    due             str | None   ISO date
    group           str          a need's group (or an action item's)
    status          str          open | done | dropped (``domain.models.ACTION_STATUSES``; action items)
    created_at      str          ISO 8601 with offset
    edited_at       str          when the text, owner, due date or group was last changed (missing before)
    revision        int          how often it was changed (edits and status changes; missing before)
    removed_at      str          when it was removed ("" while it counts)
    history         list         every status change of an action item, oldest first:
                                 {at (ISO), status, comment, meeting_id (the meeting that decided it, or None)}

The rules, stated once: a capture **counts** unless it was removed (removing never deletes); only
**action items** have a status; an action item's status at a moment is replayed from its history
(:func:`status_at`); its **revision** counts every change, also for documents written before the
count was kept (:func:`revision`), so a calendar entry made from it can say it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Capture, from_doc
from integra_tui.records.base import Store

__all__ = [
    "ACTION",
    "TABLE",
    "add",
    "edit",
    "every",
    "from_stored",
    "get",
    "has_status",
    "is_live",
    "last_changed",
    "live",
    "of_ids",
    "of_meeting",
    "record_status",
    "remove",
    "revision",
    "scrub",
    "status_at",
    "stored_matching",
]

TABLE = "captures"

ACTION = "action"
"""The kind of capture that has a status (and an owner and a due date): an action item."""


def is_live(capture: Capture | Mapping[str, Any]) -> bool:
    """The rule: a capture counts unless it was removed (a capture, or its stored document)."""
    removed = capture.get("removed_at") if isinstance(capture, Mapping) else capture.removed_at
    return not removed


def revision(capture: Capture) -> int:
    """The rule: how often a capture was changed, at least its status changes plus one for an edit before counting."""
    counted_before = len(capture.history or []) + (1 if capture.edited_at else 0)
    return max(capture.revision or 0, counted_before)


def last_changed(capture: Capture) -> str:
    """When the capture was last changed (created, edited, status changed), ISO 8601; "" if unknown."""
    moments = [capture.created_at, capture.edited_at] + [str(h.get("at") or "") for h in capture.history or []]
    known = [(from_iso(m), m) for m in moments if m]
    return max(known)[1] if known else ""


def has_status(capture: Capture) -> bool:
    """The rule: only action items have a status (open, done, dropped)."""
    return capture.kind == ACTION


def status_at(history: Sequence[Mapping[str, Any]], status: str, moment: datetime) -> str:
    """The status an action item had at ``moment``, replayed from its ``history``.

    Without a history the item has always had its stored ``status``; with one, it was open until
    the first change.
    """
    if not history:
        return status or "open"
    result = "open"
    for entry in history:
        try:
            if from_iso(entry["at"]) > moment:
                break
        except (KeyError, ValueError):
            continue
        result = entry.get("status", result)
    return result


def from_stored(doc: Mapping[str, Any]) -> Capture:
    """The capture a stored document describes."""
    return from_doc(Capture, doc)


def get(store: Store, capture_id: int) -> Capture | None:
    """The capture ``capture_id``, removed or not; None if there is none."""
    doc = store.get(TABLE, capture_id)
    return from_stored(doc) if doc is not None else None


def every(store: Store) -> list[Capture]:
    """Every capture of every meeting, removed ones too, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def of_ids(store: Store, capture_ids: Iterable[int]) -> list[Capture]:
    """The captures with these ids (removed ones too), in the order asked; ids without one are left out."""
    found = (store.get(TABLE, capture_id) for capture_id in capture_ids)
    return [from_stored(doc) for doc in found if doc is not None]


def of_meeting(store: Store, meeting_id: int, *, include_removed: bool = False) -> list[Capture]:
    """What was captured in a meeting, oldest first (removed ones only when asked for)."""
    docs = sorted(store.find(TABLE, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [from_stored(d) for d in docs if include_removed or is_live(d)]


def live(
    store: Store, kinds: Collection[str] | None = None, meeting_ids: Collection[int] | None = None
) -> list[Capture]:
    """Captures that count, of ``kinds`` (all kinds when None) and ``meeting_ids`` (all meetings), in id order."""

    def wanted(doc: Mapping[str, Any]) -> bool:
        return (
            is_live(doc)
            and (kinds is None or doc.get("kind") in kinds)
            and (meeting_ids is None or doc.get("meeting_id") in meeting_ids)
        )

    return [from_stored(doc) for doc in store.search(TABLE, wanted)]


def add(store: Store, capture: Capture) -> Capture:
    """Store a new capture durably; returns it with its id (never-changed marks are left out, as before)."""
    doc = capture.to_doc()
    for unchanged in ("edited_at", "revision"):
        if not doc.get(unchanged):
            doc.pop(unchanged, None)
    capture.id = store.insert(TABLE, doc)
    return capture


def edit(store: Store, capture_id: int, *, text: str, owner: str, due: date | None, group: str, at: str) -> None:
    """Replace a capture's text, owner, due date and group (its revision counts one more)."""
    with store.transaction():
        current = get(store, capture_id)
        changes = {"text": text, "owner": owner, "due": due.isoformat() if due else None, "group": group}
        if current is not None and all(getattr(current, k) == (due if k == "due" else v) for k, v in changes.items()):
            return  # nothing changed: no new revision for a calendar to pick up
        next_revision = revision(current) + 1 if current is not None else 1
        store.update(TABLE, capture_id, {**changes, "edited_at": at, "revision": next_revision})


def remove(store: Store, capture_id: int, at: str) -> None:
    """Remove a capture: recorded with the time, never deleted."""
    store.update(TABLE, capture_id, {"removed_at": at})


def record_status(store: Store, capture: Capture, status: str, entry: Mapping[str, Any]) -> None:
    """Set an action item's status and add the change (``entry``: at, status, comment, meeting_id) to its history."""
    store.update(
        TABLE,
        capture.id,
        {"status": status, "history": [*(capture.history or []), dict(entry)], "revision": revision(capture) + 1},
    )


def stored_matching(store: Store, wanted: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
    """Captures (removed ones too) for which ``wanted(stored document)`` is true, as stored (right of access)."""
    return store.search(TABLE, wanted)


def scrub(
    store: Store,
    capture_id: int,
    *,
    owner: str | None = None,
    text: str | None = None,
    history: Iterable[Mapping[str, Any]] | None = None,
) -> None:
    """Replace a capture's owner, text or history comments (forgetting a person); None leaves a field."""
    fields: dict[str, Any] = {}
    if owner is not None:
        fields["owner"] = owner
    if text is not None:
        fields["text"] = text
    if history is not None:
        fields["history"] = [dict(h) for h in history]
    if fields:
        store.update(TABLE, capture_id, fields)
