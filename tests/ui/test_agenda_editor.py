"""The agenda editor: add, edit, remove, reorder and import agenda items with keys."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import keys, screen_text, settle, until
from textual.widgets import DataTable, Input, Static

from integra_tui.domain.clock import FakeClock
from integra_tui.services import agenda as agenda_service
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.meetings import add_meeting
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.agenda_editor import AgendaEditorScreen, AgendaItemForm
from integra_tui.ui.screens.moderator import ModeratorScreen

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN)


@pytest.fixture()
def ctx(tmp_path: Path):
    return open_context(tmp_path / "store.json", clock=FakeClock(NOW))


@pytest.fixture()
def meeting_id(ctx) -> int:
    meeting = add_meeting(ctx, "Runder Tisch", date(2026, 11, 27), time(17, 0), planned_minutes=90)
    for title, minutes in (("Begrüßung", 10), ("Bericht", 30), ("Austausch", 20)):
        agenda_service.add_agenda_item(ctx, meeting.id, title, minutes)
    return meeting.id


def titles(app) -> list[str]:
    table = app.screen.query_one("#editor-items", DataTable)
    return [str(table.get_row_at(i)[1]) for i in range(table.row_count)]


def stored(ctx, meeting_id: int) -> list[tuple[str, int, str, str]]:
    return [
        (d["title"], d["minutes"], d.get("presenter", ""), d["kind"])
        for d in agenda_service.agenda_docs(ctx, meeting_id)
    ]


async def test_add_edit_remove_and_reorder_with_keys(ctx, meeting_id) -> None:
    app = make_app(ctx, screen="agenda_editor", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaEditorScreen)
        assert titles(app) == ["Begrüßung", "Bericht", "Austausch"]
        assert "Puffer 30 Min" in str(app.screen.query_one("#editor-summary", Static).content)

        await keys(app, pilot, "a")
        assert isinstance(app.screen, AgendaItemForm)
        await pilot.press(*"Pause", "tab", "end", "backspace", "backspace", *"15", "tab", *"alle")
        await keys(app, pilot, "tab", "enter", "down", "enter")  # kind: from "discussion" one down, a break
        await keys(app, pilot, "shift+tab", "enter")  # back in a field: Enter saves
        assert isinstance(app.screen, AgendaEditorScreen)
        assert titles(app)[-1] == "Pause"
        assert stored(ctx, meeting_id)[-1] == ("Pause", 15, "alle", "break")
        assert "Puffer 15 Min" in str(app.screen.query_one("#editor-summary", Static).content)

        await keys(app, pilot, "ctrl+up", "k")  # the new item, still highlighted, moves up twice
        assert titles(app) == ["Begrüßung", "Pause", "Bericht", "Austausch"]

        await keys(app, pilot, "enter")
        form_title = app.screen.query_one("#item-title-input", Input)
        assert form_title.value == "Pause"
        form_title.value = "Kaffeepause"
        await keys(app, pilot, "enter")
        assert titles(app)[1] == "Kaffeepause"

        await keys(app, pilot, "j")  # one place down again
        assert titles(app) == ["Begrüßung", "Bericht", "Kaffeepause", "Austausch"]
        await keys(app, pilot, "down", "delete", "j")  # the cursor to the last item, remove it, yes
        assert titles(app) == ["Begrüßung", "Bericht", "Kaffeepause"]
    assert [t for t, *_rest in stored(ctx, meeting_id)] == ["Begrüßung", "Bericht", "Kaffeepause"]


async def test_an_item_already_dealt_with_is_not_removed(ctx, meeting_id) -> None:
    mod.next_item(ctx, meeting_id)
    app = make_app(ctx, screen="agenda_editor", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "delete", "j")
        assert titles(app) == ["Begrüßung", "Bericht", "Austausch"]
    assert len(stored(ctx, meeting_id)) == 3


async def test_import_from_a_csv_file(ctx, meeting_id, tmp_path: Path) -> None:
    agenda_csv = tmp_path / "agenda.csv"
    agenda_csv.write_text(
        "Titel;Minuten;Referent(in);Art\nBericht;30;;Vortrag\nSprachkurse;25;Frau Yılmaz;Diskussion\n", encoding="utf-8"
    )
    app = make_app(ctx, screen="agenda_editor", meeting_id=meeting_id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "i")
        app.screen.query_one("#import-path", Input).value = str(agenda_csv)
        await keys(app, pilot, "enter")
        await settle(app, pilot)
        assert titles(app) == ["Begrüßung", "Bericht", "Austausch", "Sprachkurse"]
    assert stored(ctx, meeting_id)[-1] == ("Sprachkurse", 25, "Frau Yılmaz", "discussion")


async def test_deferred_items_waiting_are_picked_up_and_marked(ctx, meeting_id) -> None:
    mod.defer_item(ctx, meeting_id, agenda_service.agenda_docs(ctx, meeting_id)[2]["id"])  # no next meeting yet
    later = add_meeting(ctx, "Runder Tisch", date(2027, 2, 26), time(17, 0))
    app = make_app(ctx, screen="agenda_editor", meeting_id=later.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert titles(app) == ["↪ Austausch"]


async def test_opened_from_the_moderator_with_f2_and_back_with_escape(ctx, meeting_id) -> None:
    app = make_app(ctx, screen="moderator", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "f2")
        assert isinstance(app.screen, AgendaEditorScreen)
        await keys(app, pilot, "a")
        await pilot.press(*"Neu")
        await keys(app, pilot, "enter")
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, ModeratorScreen)
        await settle(app, pilot)
        table = app.screen.query_one("#agenda", DataTable)
        assert str(table.get_row_at(table.row_count - 1)[3]) == "Neu"


async def test_at_80_columns_every_key_of_the_editor_is_in_the_footer(ctx, meeting_id) -> None:
    app = make_app(ctx, screen="agenda_editor", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaEditorScreen)

        def footer() -> str:
            return "\n".join(screen_text(app).splitlines()[app.screen.query_one("KeyFooter").region.y :])

        await until(pilot, lambda: "f1 Hilfe" in footer())
        text = footer()
        for key in ("a Neu", "del Entfernen", "i Einlesen", "^q Beenden", "f1 Hilfe"):
            assert key in text or "^p alle Tasten" in text, (key, text)
        assert "^q Beenden" in text and "f1 Hilfe" in text


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_an_items_title_in_further_languages_is_entered_in_its_form(ctx, meeting_id, size) -> None:
    """The coordinator enters the title in up to two further languages in the item's form (the display shows them);
    the form shows them again, says how to write them when a part has no "=", and an empty field clears them."""

    app = make_app(ctx, screen="agenda_editor", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "enter")  # the first item, "Begrüßung"
        assert isinstance(app.screen, AgendaItemForm)
        field = app.screen.query_one("#item-translations", Input)
        assert field.region.bottom <= size[1] and field.region.right <= size[0]  # the form fits the screen
        field.focus()
        await pilot.press(*"Arabisch")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, AgendaItemForm)  # no "=": said how, nothing saved
        assert "Sprache=Titel" in screen_text(app)
        field.value = "Arabisch=الترحيب; uk=Привітання"
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, AgendaEditorScreen)
        first = agenda_service.agenda_docs(ctx, meeting_id)[0]
        assert first["translations"] == [
            {"language": "ar", "title": "الترحيب"},
            {"language": "uk", "title": "Привітання"},
        ]
        assert first["title"] == "Begrüßung"
        await keys(app, pilot, "enter")
        field = app.screen.query_one("#item-translations", Input)
        assert field.value == "ar=الترحيب; uk=Привітання"
        field.value = ""
        await keys(app, pilot, "enter")
        assert agenda_service.agenda_docs(ctx, meeting_id)[0]["translations"] == []
