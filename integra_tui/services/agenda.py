"""Use cases for a meeting's agenda items: import a list, read them in order, add items."""

from __future__ import annotations

from pathlib import Path

from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import resolve_meeting

__all__ = ["AGENDA_ITEMS", "AgendaImportReport", "add_agenda_item", "agenda_docs", "import_agenda"]

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


def add_agenda_item(ctx: Context, meeting_id: int, title: str, minutes: int, presenter: str = "", kind: str = "discussion", carried_over_from: int | None = None, position: int | None = None) -> int:
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
            {"meeting_id": meeting_id, "title": title.strip(), "minutes": minutes, "presenter": presenter.strip(), "kind": kind, "position": position, "carried_over_from": carried_over_from},
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
