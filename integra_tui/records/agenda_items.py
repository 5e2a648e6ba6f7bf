"""Table ``agenda_items``: a meeting's agenda, one document per item.

Stored fields (``domain.models.AgendaEntry``)::

    meeting_id            int          the meeting whose agenda holds the item
    title                 str          as typed (the round of open action items is "Offene Punkte")
    minutes               int          planned minutes
    presenter             str          who presents or leads it ("" if nobody in particular)
    kind                  str          talk | discussion | break | open_items (``domain.agenda.ITEM_KINDS``)
    position              int          sort key within the meeting (ties broken by id); may be 0 or negative
    carried_over_from     int | None   the meeting this item was deferred from
    carried_over_item_id  int | None   the item on that meeting it continues (set by deferral)
    removed_at            str          when the item was removed ("" or missing while it is on the agenda)
    deferred_at           str          when it was deferred to the next meeting ("" or missing otherwise)
    carried_to            int | None   the meeting that took the deferred item over (None while it waits)
    translations          list         the title in up to two further languages for the display:
                                       [{"language": code (``domain.languages``), "title": str}]
                                       (missing on items without; ``domain.models.MAX_TITLE_TRANSLATIONS``)

The rules, stated once: an item is **on the agenda** unless it was removed (removing never deletes,
so timer events and captures naming it still resolve for the minutes); a deferred item **waits**
for the next meeting while it is on the agenda, deferred and not yet carried to another meeting.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from integra_tui.domain.agenda import AgendaItem
from integra_tui.domain.models import AgendaEntry
from integra_tui.domain.names import names_presenter
from integra_tui.records.base import Store

__all__ = [
    "TABLE",
    "add",
    "carry",
    "clear_deferral",
    "copies_of",
    "edit",
    "every",
    "from_stored",
    "get",
    "get_on_agenda",
    "is_on_agenda",
    "is_waiting",
    "mark_deferred",
    "next_position",
    "of_meeting",
    "presented_by",
    "remove",
    "set_position",
    "set_presenter",
    "set_translations",
    "stored_presented_by",
    "timer_items",
    "waiting_from",
]

TABLE = "agenda_items"


def is_on_agenda(item: AgendaEntry | Mapping[str, Any]) -> bool:
    """The rule: an item is on its meeting's agenda unless it was removed (an item, or its document)."""
    removed = item.get("removed_at") if isinstance(item, Mapping) else item.removed_at
    return not removed


def is_waiting(item: AgendaEntry) -> bool:
    """The rule: a deferred item waits for the next meeting until a meeting has taken it over."""
    return bool(item.deferred_at) and item.carried_to is None and is_on_agenda(item)


def from_stored(doc: Mapping[str, Any]) -> AgendaEntry:
    """The item a stored document describes."""
    return AgendaEntry(
        meeting_id=int(doc.get("meeting_id") or 0),
        title=str(doc.get("title", "")),
        minutes=int(doc.get("minutes") or 0),
        presenter=str(doc.get("presenter") or ""),
        kind=str(doc.get("kind") or "discussion"),
        position=int(doc.get("position") or 0),
        carried_over_from=doc.get("carried_over_from"),
        carried_over_item_id=doc.get("carried_over_item_id"),
        removed_at=str(doc.get("removed_at") or ""),
        deferred_at=str(doc.get("deferred_at") or ""),
        carried_to=doc.get("carried_to"),
        id=int(doc["id"]),
        translations=[
            {"language": str(t.get("language") or ""), "title": str(t.get("title") or "")}
            for t in doc.get("translations") or []
            if isinstance(t, Mapping) and t.get("title")
        ],
    )


def _agenda_order(item: AgendaEntry) -> tuple[int, int]:
    return (item.position, item.id)


def get(store: Store, item_id: int) -> AgendaEntry | None:
    """The item ``item_id``, removed or not; None if there is none."""
    doc = store.get(TABLE, item_id)
    return from_stored(doc) if doc is not None else None


def get_on_agenda(store: Store, item_id: int) -> AgendaEntry | None:
    """The item ``item_id`` unless there is none or it was removed."""
    item = get(store, item_id)
    return item if item is not None and is_on_agenda(item) else None


def of_meeting(store: Store, meeting_id: int, *, include_removed: bool = False) -> list[AgendaEntry]:
    """The meeting's agenda in its order (removed items only when asked for)."""
    items = [from_stored(doc) for doc in store.find(TABLE, "meeting_id", meeting_id)]
    return sorted((i for i in items if include_removed or is_on_agenda(i)), key=_agenda_order)


def timer_items(store: Store, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda as the timer sees it (``AgendaEntry.item``), in its order, removed items left out."""
    return [entry.item for entry in of_meeting(store, meeting_id)]


def every(store: Store) -> list[AgendaEntry]:
    """Every item of every meeting, removed ones too, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def next_position(store: Store, meeting_id: int) -> int:
    """The position after the last item on the meeting's agenda (1 on an empty agenda)."""
    items = of_meeting(store, meeting_id)
    return items[-1].position + 1 if items else 1


def add(store: Store, item: AgendaEntry) -> int:
    """Store a new item (its title, minutes, presenter, kind, position, origin and translations); returns its id."""
    doc: dict[str, Any] = {
        "meeting_id": item.meeting_id,
        "title": item.title,
        "minutes": item.minutes,
        "presenter": item.presenter,
        "kind": item.kind,
        "position": item.position,
        "carried_over_from": item.carried_over_from,
    }
    if item.translations:
        doc["translations"] = [dict(t) for t in item.translations]
    item.id = store.insert(TABLE, doc)
    return item.id


def edit(
    store: Store,
    item_id: int,
    *,
    title: str | None = None,
    minutes: int | None = None,
    presenter: str | None = None,
    kind: str | None = None,
) -> None:
    """Change an item's title, minutes, presenter or kind (None leaves a field as it is)."""
    changes = {
        name: value
        for name, value in (("title", title), ("minutes", minutes), ("presenter", presenter), ("kind", kind))
        if value is not None
    }
    if changes:
        store.update(TABLE, item_id, changes)


def set_position(store: Store, item_id: int, position: int) -> None:
    """Move an item to ``position`` in its meeting's order."""
    store.update(TABLE, item_id, {"position": position})


def set_presenter(store: Store, item_id: int, presenter: str) -> None:
    """Replace the item's presenter field."""
    store.update(TABLE, item_id, {"presenter": presenter})


def set_translations(store: Store, item_id: int, translations: list[dict[str, str]]) -> None:
    """Replace the item's title in further languages ([{"language", "title"}], at most two; [] for none)."""
    store.update(TABLE, item_id, {"translations": [dict(t) for t in translations]})


def remove(store: Store, item_id: int, at: str) -> None:
    """Take an item off the agenda: recorded with the time, never deleted."""
    store.update(TABLE, item_id, {"removed_at": at})


def mark_deferred(store: Store, item_id: int, at: str) -> None:
    """Record that the item was deferred to the next meeting; it waits until a meeting takes it over."""
    store.update(TABLE, item_id, {"deferred_at": at, "carried_to": None})


def clear_deferral(store: Store, item_id: int) -> None:
    """The item is no longer deferred (it was reopened)."""
    store.update(TABLE, item_id, {"deferred_at": "", "carried_to": None})


def carry(store: Store, item: AgendaEntry, target_meeting_id: int) -> int:
    """Put a copy of the deferred ``item`` last on the target meeting's agenda; returns the copy's id.

    The copy names its origin (``carried_over_from``, ``carried_over_item_id``) and the original the
    meeting that took it over (``carried_to``). Call inside a transaction.
    """
    copy = AgendaEntry(
        meeting_id=target_meeting_id,
        title=item.title,
        minutes=item.minutes,
        presenter=item.presenter,
        kind=item.kind,
        position=next_position(store, target_meeting_id),
        carried_over_from=item.meeting_id,
        translations=[dict(t) for t in item.translations],
    )
    copy_id = add(store, copy)
    store.update(TABLE, copy_id, {"carried_over_item_id": item.id})
    store.update(TABLE, item.id, {"carried_to": target_meeting_id})
    return copy_id


def copies_of(store: Store, item_id: int) -> list[AgendaEntry]:
    """The copies that continue ``item_id`` on later meetings (see :func:`carry`)."""
    return [from_stored(doc) for doc in store.find(TABLE, "carried_over_item_id", item_id)]


def waiting_from(store: Store, meeting_ids: Collection[int]) -> list[AgendaEntry]:
    """Items of the meetings ``meeting_ids`` that wait on the deferred list (:func:`is_waiting`), in id order."""
    found = store.search(TABLE, lambda d: bool(d.get("deferred_at")) and d.get("meeting_id") in meeting_ids)
    return [item for item in map(from_stored, found) if is_waiting(item)]


def presented_by(store: Store, folded_name: str, meeting_ids: Collection[int] | None = None) -> list[AgendaEntry]:
    """Items on the agenda whose presenter field names the person (``domain.names.names_presenter``)."""
    return [
        item
        for item in every(store)
        if is_on_agenda(item)
        and (meeting_ids is None or item.meeting_id in meeting_ids)
        and names_presenter(item.presenter, folded_name)
    ]


def stored_presented_by(store: Store, folded_name: str) -> list[dict[str, Any]]:
    """Every item (removed ones too) whose presenter field names the person, as stored (right of access)."""
    return store.search(TABLE, lambda d: names_presenter(d.get("presenter") or "", folded_name))
