"""Use cases for a meeting's agenda items: import a list, read them in order, add, edit, remove and reorder.

Table ``agenda_items``, one document per item::

    meeting_id         int   the meeting whose agenda holds the item
    title              str   as typed (the round of open action items is stored as "Offene Punkte")
    minutes            int   planned minutes
    presenter          str   who presents or leads it ("" if nobody in particular)
    kind               str   talk | discussion | break | open_items (see domain.agenda.ITEM_KINDS)
    position           int   sort key within the meeting (ties broken by id); may be 0 or negative
    carried_over_from  int | None  the meeting this item was deferred from
    carried_over_item_id int | None  the item on that meeting it continues (set by deferral)
    removed_at         str   ISO time the item was removed ("" or missing while it is on the agenda)
    deferred_at        str   ISO time it was deferred to the next meeting (set by services.moderation)
    carried_to         int | None  the meeting that took the deferred item over (None while it waits)

Removing never deletes: ``removed_at`` is set, so timer events and captures that name the item
still resolve for the minutes.
"""

from __future__ import annotations

from pathlib import Path

from integra_tui.domain.agenda import ITEM_KINDS, AgendaItem
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting

__all__ = [
    "AGENDA_ITEMS",
    "AgendaImportReport",
    "add_agenda_item",
    "agenda_docs",
    "agenda_items",
    "get_agenda_item",
    "import_agenda",
    "move_agenda_item",
    "remove_agenda_item",
    "update_agenda_item",
]

AGENDA_ITEMS = "agenda_items"


class AgendaImportReport:
    """What an agenda import did: items added, items already there, rows it could not use."""

    def __init__(self) -> None:
        self.added = 0
        self.existing = 0
        self.problems: list[tuple[int, str]] = []


def agenda_docs(ctx: Context, meeting_id: int) -> list[dict]:
    """The meeting's agenda items as stored, in their order (removed ones left out)."""
    docs = [d for d in ctx.store.find(AGENDA_ITEMS, "meeting_id", meeting_id) if not d.get("removed_at")]
    return sorted(docs, key=lambda d: (d.get("position", 0), d["id"]))


def add_agenda_item(
    ctx: Context,
    meeting_id: int,
    title: str,
    minutes: int,
    presenter: str = "",
    kind: str = "discussion",
    carried_over_from: int | None = None,
    position: int | None = None,
) -> int:
    """Append an item to the agenda (or put it at ``position``); returns its id."""
    if not title.strip():
        raise ServiceError(_("Ein Tagesordnungspunkt braucht einen Titel."))
    if minutes < 0:
        raise ServiceError(_("Die Minuten dürfen nicht negativ sein."))
    with ctx.store.transaction():
        items = agenda_docs(ctx, meeting_id)
        if position is None:
            position = (items[-1].get("position", 0) + 1) if items else 1
        return ctx.store.insert(
            AGENDA_ITEMS,
            {
                "meeting_id": meeting_id,
                "title": title.strip(),
                "minutes": minutes,
                "presenter": presenter.strip(),
                "kind": kind,
                "position": position,
                "carried_over_from": carried_over_from,
            },
        )


def import_agenda(ctx: Context, path: Path, meeting_id: int | None = None) -> AgendaImportReport:
    """Read an agenda CSV/XLSX into the meeting; an item with the same title is not added twice."""
    from integra_tui.io.agenda_import import parse_agenda
    from integra_tui.io.tabular import ImportFileError, read_table

    meeting = resolve_meeting(ctx, meeting_id)
    try:
        parsed = parse_agenda(read_table(Path(path)))
    except ImportFileError as error:
        raise ServiceError(str(error)) from None
    report = AgendaImportReport()
    report.problems = [(p.line, p.message) for p in parsed.problems]
    with ctx.store.transaction():
        titles = {d["title"].casefold() for d in agenda_docs(ctx, meeting.id)}
        for item in parsed.items:
            if item.title.casefold() in titles:
                report.existing += 1
                continue
            titles.add(item.title.casefold())
            add_agenda_item(ctx, meeting.id, item.title, item.minutes, item.presenter, item.kind)
            report.added += 1
    return report


def agenda_items(ctx: Context, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda as domain items, in order (removed ones left out)."""
    return [_to_item(d) for d in agenda_docs(ctx, meeting_id)]


def _to_item(doc: dict) -> AgendaItem:
    return AgendaItem(
        id=doc["id"],
        title=doc.get("title", ""),
        minutes=int(doc.get("minutes") or 0),
        presenter=doc.get("presenter") or "",
        kind=doc.get("kind") or "discussion",
        position=int(doc.get("position") or 0),
        carried_over_from=doc.get("carried_over_from"),
    )


def get_agenda_item(ctx: Context, item_id: int) -> dict:
    """One agenda item as stored; refused when there is none (or it was removed)."""
    doc = ctx.store.get(AGENDA_ITEMS, item_id)
    if doc is None or doc.get("removed_at"):
        raise ServiceError(_("Diesen Tagesordnungspunkt gibt es nicht."))
    return doc


def update_agenda_item(
    ctx: Context,
    item_id: int,
    *,
    title: str | None = None,
    minutes: int | None = None,
    presenter: str | None = None,
    kind: str | None = None,
) -> dict:
    """Change an item's title, minutes, presenter or kind (None leaves a field as it is); returns the item."""
    changes: dict = {}
    if title is not None:
        if not title.strip():
            raise ServiceError(_("Ein Tagesordnungspunkt braucht einen Titel."))
        changes["title"] = title.strip()
    if minutes is not None:
        if minutes < 0:
            raise ServiceError(_("Die Minuten dürfen nicht negativ sein."))
        changes["minutes"] = int(minutes)
    if presenter is not None:
        changes["presenter"] = presenter.strip()
    if kind is not None:
        if kind not in ITEM_KINDS:
            raise ServiceError(_("Unbekannte Art von Tagesordnungspunkt: {kind}").format(kind=kind))
        changes["kind"] = kind
    with ctx.store.transaction():
        get_agenda_item(ctx, item_id)
        if changes:
            ctx.store.update(AGENDA_ITEMS, item_id, changes)
        return get_agenda_item(ctx, item_id)


def remove_agenda_item(ctx: Context, item_id: int) -> None:
    """Take an item off the agenda (recorded as ``removed_at``); refused once the item has been started."""
    with ctx.store.transaction():
        get_agenda_item(ctx, item_id)
        if any(e.get("kind") == "item_start" for e in ctx.store.find("timer_events", "item_id", item_id)):
            raise ServiceError(_("Dieser Punkt wurde schon behandelt und bleibt für das Protokoll stehen."))
        ctx.store.update(AGENDA_ITEMS, item_id, {"removed_at": ctx.now_iso()})


def move_agenda_item(ctx: Context, item_id: int, offset: int) -> None:
    """Move an item ``offset`` places up (negative) or down (positive); the agenda is renumbered 1, 2, 3, ..."""
    with ctx.store.transaction():
        doc = get_agenda_item(ctx, item_id)
        items = agenda_docs(ctx, doc["meeting_id"])
        index = next(i for i, d in enumerate(items) if d["id"] == item_id)
        target = max(0, min(len(items) - 1, index + offset))
        if target == index:
            return
        items.insert(target, items.pop(index))
        for position, item in enumerate(items, start=1):
            if item.get("position") != position:
                ctx.store.update(AGENDA_ITEMS, item["id"], {"position": position})
