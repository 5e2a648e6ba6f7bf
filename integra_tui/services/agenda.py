"""Use cases for a meeting's agenda items: import a list, read them in order, add, edit, remove and reorder.

The items are kept in ``records.agenda_items`` (its description lists the stored fields). Removing
never deletes: the item is marked removed, so timer events and captures that name it still resolve
for the minutes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from integra_tui.domain.agenda import ITEM_KINDS, AgendaItem, item_minutes, item_title
from integra_tui.domain.errors import DomainError
from integra_tui.domain.languages import clean_title_translations
from integra_tui.domain.models import MAX_TITLE_TRANSLATIONS, AgendaEntry, Meeting
from integra_tui.i18n import _
from integra_tui.io.agenda_import import MAX_ITEM_MINUTES, parse_agenda
from integra_tui.io.tabular import ImportFileError, read_table
from integra_tui.records import agenda_items as items
from integra_tui.records import timer_events
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, resolve_meeting
from integra_tui.services.network_texts import TitleTranslation, refused, shown_translations
from integra_tui.services.texts import refused as refused_by_agenda

__all__ = [
    "AgendaImportReport",
    "TitleTranslation",
    "add_agenda_item",
    "agenda_docs",
    "agenda_entries",
    "agenda_items",
    "get_agenda_item",
    "import_agenda",
    "move_agenda_item",
    "remove_agenda_item",
    "set_title_translations",
    "title_translations",
    "update_agenda_item",
]


class AgendaImportReport:
    """What an agenda import did: items added, items already there, rows it could not use."""

    def __init__(self) -> None:
        self.meeting: Meeting | None = None
        """The meeting whose agenda was read into."""
        self.added = 0
        self.existing = 0
        self.problems: list[tuple[int, str]] = []


def agenda_entries(ctx: Context, meeting_id: int) -> list[AgendaEntry]:
    """The meeting's agenda items as kept, in their order (removed ones left out)."""
    return items.of_meeting(ctx.store, meeting_id)


def agenda_docs(ctx: Context, meeting_id: int) -> list[dict[str, Any]]:
    """The meeting's agenda items as plain dicts (with "id"), in their order (removed ones left out)."""
    return [dataclasses.asdict(entry) for entry in agenda_entries(ctx, meeting_id)]


def _checked(title: str | None, minutes: int | None) -> tuple[str | None, int | None]:
    """The title and planned minutes as the agenda keeps them (``domain.agenda.item_title``, ``item_minutes``).

    Refused without a title and for minutes outside 1 to MAX_ITEM_MINUTES: an item of 0 minutes would
    count down from nothing and overrun at once, so it is refused like a row of 0 minutes in an import.
    None leaves a field unchecked (an edit that does not change it).
    """
    try:
        return (
            item_title(title) if title is not None else None,
            item_minutes(minutes, MAX_ITEM_MINUTES) if minutes is not None else None,
        )
    except DomainError as error:
        raise refused_by_agenda(error) from None


def add_agenda_item(
    ctx: Context,
    meeting_id: int,
    title: str,
    minutes: int,
    presenter: str = "",
    kind: str = "discussion",
    carried_over_from: int | None = None,
    position: int | None = None,
    translations: Sequence[tuple[str, str]] = (),
) -> int:
    """Append an item to the agenda (or put it at ``position``); returns its id.

    Refused without a title, and for planned minutes outside 1 to ``MAX_ITEM_MINUTES`` (0 minutes included).
    ``translations``: the title in up to two further languages, (language as typed, title) pairs.
    """
    checked_title, checked_minutes = _checked(title, minutes)
    assert checked_title is not None and checked_minutes is not None
    presenter = typed.trimmed(presenter)
    cleaned = _clean_translations(translations)
    with ctx.transaction():
        entry = AgendaEntry(
            meeting_id=meeting_id,
            title=checked_title,
            minutes=checked_minutes,
            presenter=presenter,
            kind=kind,
            position=items.next_position(ctx.store, meeting_id) if position is None else position,
            carried_over_from=carried_over_from,
            translations=cleaned,
        )
        return items.add(ctx.store, entry)


def _clean_translations(pairs: Sequence[tuple[str, str]]) -> list[dict[str, str]]:
    try:
        typed_pairs = [(typed.line(str(language)), typed.line(str(title))) for language, title in pairs]
        return clean_title_translations(typed_pairs, MAX_TITLE_TRANSLATIONS)
    except DomainError as error:
        raise refused(error) from None


def import_agenda(ctx: Context, path: Path, meeting_id: int | None = None) -> AgendaImportReport:
    """Read an agenda CSV/XLSX into the meeting (default: today's or the next); a title there is not added twice.

    Rows of 0 minutes are refused by the import itself (``io.agenda_import``), as by :func:`add_agenda_item`.
    """
    meeting = resolve_meeting(ctx, meeting_id)
    try:
        parsed = parse_agenda(read_table(Path(path)))
    except ImportFileError as error:
        raise ServiceError(str(error)) from None
    report = AgendaImportReport()
    report.meeting = meeting
    report.problems = [(p.line, p.message) for p in parsed.problems]
    with ctx.transaction():  # the whole list or nothing
        titles = {entry.title.casefold() for entry in agenda_entries(ctx, meeting.id)}
        for item in parsed.items:
            if item.title.casefold() in titles:
                report.existing += 1
                continue
            titles.add(item.title.casefold())
            add_agenda_item(
                ctx, meeting.id, item.title, item.minutes, item.presenter, item.kind, translations=item.translations
            )
            report.added += 1
    return report


def agenda_items(ctx: Context, meeting_id: int) -> list[AgendaItem]:
    """The meeting's agenda as domain items, in order (removed ones left out)."""
    return items.timer_items(ctx.store, meeting_id)


def _entry_on_agenda(ctx: Context, item_id: int) -> AgendaEntry:
    entry = items.get_on_agenda(ctx.store, item_id)
    if entry is None:
        raise ServiceError(_("Diesen Tagesordnungspunkt gibt es nicht."))
    return entry


def get_agenda_item(ctx: Context, item_id: int) -> dict[str, Any]:
    """One agenda item as a plain dict (with "id"); refused when there is none (or it was removed)."""
    return dataclasses.asdict(_entry_on_agenda(ctx, item_id))


def update_agenda_item(
    ctx: Context,
    item_id: int,
    *,
    title: str | None = None,
    minutes: int | None = None,
    presenter: str | None = None,
    kind: str | None = None,
    translations: Sequence[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Change an item's title, minutes, presenter, kind or titles in further languages (None leaves a field as
    it is); returns the item."""
    title, minutes = _checked(title, minutes)
    if presenter is not None:
        presenter = typed.trimmed(presenter)
    if kind is not None and kind not in ITEM_KINDS:
        raise ServiceError(_("Unbekannte Art von Tagesordnungspunkt: {kind}").format(kind=kind))
    cleaned = _clean_translations(translations) if translations is not None else None
    with ctx.transaction():
        _entry_on_agenda(ctx, item_id)
        items.edit(ctx.store, item_id, title=title, minutes=minutes, presenter=presenter, kind=kind)
        if cleaned is not None:
            items.set_translations(ctx.store, item_id, cleaned)
        return get_agenda_item(ctx, item_id)


def set_title_translations(ctx: Context, item_id: int, translations: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Replace an item's title in further languages (up to two (language, title) pairs; none clears them)."""
    return update_agenda_item(ctx, item_id, translations=translations)


def title_translations(ctx: Context, meeting_id: int) -> dict[int, list[TitleTranslation]]:
    """The titles in further languages of the meeting's agenda items, by item id (items without none left out)."""
    return shown_translations(agenda_entries(ctx, meeting_id))


def remove_agenda_item(ctx: Context, item_id: int) -> None:
    """Take an item off the agenda (recorded, never deleted); refused once the item has been started."""
    with ctx.transaction():
        _entry_on_agenda(ctx, item_id)
        if timer_events.item_started(ctx.store, item_id):
            raise ServiceError(_("Dieser Punkt wurde schon behandelt und bleibt für das Protokoll stehen."))
        items.remove(ctx.store, item_id, ctx.now_iso())


def move_agenda_item(ctx: Context, item_id: int, offset: int) -> None:
    """Move an item ``offset`` places up (negative) or down (positive); the agenda is renumbered 1, 2, 3, ..."""
    with ctx.transaction():
        entry = _entry_on_agenda(ctx, item_id)
        order = agenda_entries(ctx, entry.meeting_id)
        index = next(i for i, e in enumerate(order) if e.id == item_id)
        target = max(0, min(len(order) - 1, index + offset))
        if target == index:
            return
        order.insert(target, order.pop(index))
        for position, moved in enumerate(order, start=1):
            if moved.position != position:
                items.set_position(ctx.store, moved.id, position)
