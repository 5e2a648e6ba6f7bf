"""The coordinator's screen as a user drives it: open items coloured by due date, status changes, exports, stats."""

from __future__ import annotations

import pytest
from rich.text import Text
from support.pilot import settle as _settle
from textual.widgets import Button, DataTable, Input, Select, Sparkline, Static, TabbedContent

from integra_tui.i18n import format_date
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.coordinator import CommentDialog, CoordinatorScreen, attendance_bars


def _screen(app) -> CoordinatorScreen:
    assert isinstance(app.screen, CoordinatorScreen)
    return app.screen


async def test_open_items_are_listed_overdue_first_in_red(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        table = app.screen.query_one("#followup-table", DataTable)
        ids = [table.get_row_at(i)[0] for i in range(table.row_count)]
        c = scenario.captures
        assert ids == [str(c["formula"]), str(c["flyer"]), str(c["praktika"]), str(c["nodue"])]
        due = table.get_row_at(0)[1]
        assert isinstance(due, Text) and str(due) == "01.12.2026" and "red" in str(due.style)
        assert "green" in str(table.get_row_at(1)[1].style)
        summary = app.screen.query_one("#followup-summary", Static)
        assert "4 Aufgaben, davon 1 überfällig." in str(summary.render())


async def test_marking_done_and_still_open_with_a_comment(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        table = app.screen.query_one("#followup-table", DataTable)
        table.focus()
        await pilot.press("d")  # the first row: "=1+1 prüfen"
        await _settle(app, pilot)
        assert scenario.ctx.store.get("captures", scenario.captures["formula"])["status"] == "done"
        assert table.row_count == 3
        table.move_cursor(row=0)  # now the flyer
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, CommentDialog)
        await pilot.press("enter")  # an empty comment is refused
        await pilot.pause()
        assert isinstance(app.screen, CommentDialog)
        await pilot.press(*"Angebot kommt")
        await pilot.press("enter")
        await _settle(app, pilot)
        history = scenario.ctx.store.get("captures", scenario.captures["flyer"])["history"]
        assert history[-1]["status"] == "open" and history[-1]["comment"] == "Angebot kommt"
        row = app.screen.query_one("#followup-table", DataTable).get_row_at(0)
        assert str(row[-1]) == "Angebot kommt"


async def test_filter_by_owner(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        app.screen.query_one("#filter-owner", Input).focus()
        await pilot.press(*"gisela")
        await _settle(app, pilot)
        table = app.screen.query_one("#followup-table", DataTable)
        assert [table.get_row_at(i)[0] for i in range(table.row_count)] == [str(scenario.captures["flyer"])]


async def test_export_runs_in_a_worker_and_reports_the_file(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        screen.query_one(TabbedContent).active = "tab-export"
        await pilot.pause()
        screen.query_one("#export-folder", Input).value = str(tmp_path / "exporte")
        screen.query_one("#export-kind", Select).value = "attendance"
        await pilot.pause()
        assert screen.query_one("#export-format", Select).value == "pdf"  # kept: the attendance list has a PDF too
        screen.query_one("#export-kind", Select).value = "actions"
        await pilot.pause()
        assert screen.query_one("#export-format", Select).value == "csv"  # action items have no PDF
        screen.query_one("#export-kind", Select).value = "attendance"
        await pilot.pause()
        screen.query_one("#export-format", Select).value = "pdf"
        await pilot.press("ctrl+e")
        await _settle(app, pilot)
        written = tmp_path / "exporte" / "Teilnehmerliste_2026-11-27.pdf"
        assert written.exists() and screen.last_export == [written]
        assert "6 Personen in der Teilnehmerliste" in str(screen.query_one("#export-status", Static).render())
        assert screen.query_one("#export-progress").percentage == 1.0
        assert not screen.query_one("#export-run", Button).disabled


async def test_an_export_with_names_no_font_has_shows_the_warning(scenario, tmp_path) -> None:
    from integra_tui.services.checkin import register_walk_in

    register_walk_in(scenario.ctx, scenario.second, "Anna 😀", "Interessiert")
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        screen.query_one(TabbedContent).active = "tab-export"
        await pilot.pause()
        screen.query_one("#export-folder", Input).value = str(tmp_path / "exporte")
        screen.query_one("#export-kind", Select).value = "attendance"
        await pilot.pause()
        screen.query_one("#export-format", Select).value = "pdf"
        await pilot.press("ctrl+e")
        await _settle(app, pilot)
        status = str(screen.query_one("#export-status", Static).render())
        assert "7 Personen in der Teilnehmerliste" in status
        assert "Warnung: Teilnehmerliste_2026-11-27.pdf, Zeile " in status and "[?]" in status
        assert "Anna" not in status
        assert any("Teilnehmerliste_2026-11-27.pdf, Zeile" in str(n.message) for n in app._notifications)


async def test_a_refused_export_says_why(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        screen.query_one(TabbedContent).active = "tab-export"
        screen.query_one("#export-kind", Select).value = "engagement"
        await pilot.pause()
        await pilot.press("ctrl+e")
        await _settle(app, pilot)
        assert "Bitte eine Person angeben" in str(screen.query_one("#export-status", Static).render())


async def test_statistics_table_and_chart(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        screen.query_one(TabbedContent).active = "tab-stats"
        await pilot.pause()
        table = screen.query_one("#stats-table", DataTable)
        assert [[str(cell) for cell in table.get_row_at(i)[:7]] for i in range(table.row_count)] == [
            ["27.08.2026", "INTEGRA-Netzwerktreffen", "4", "3", "0", "3", "0"],
            ["27.11.2026", "INTEGRA-Netzwerktreffen", "7", "6", "1", "4", "2"],
        ]
        assert list(screen.query_one("#stats-sparkline", Sparkline).data) == [3.0, 6.0]
        assert table.get_row_at(1)[7] == "████████"


async def test_person_tab_shows_meetings_and_roles(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        screen.query_one(TabbedContent).active = "tab-person"
        await pilot.pause()
        screen.query_one("#person-query", Input).focus()
        await pilot.press(*"Jürgen", "enter")
        await _settle(app, pilot)  # the look-up runs on the service thread
        text = str(screen.query_one("#person-result", Static).render())
        assert "Jürgen Müller: 2 Treffen besucht" in text and "1 Redebeitrag am 27.11.2026" in text
        assert not screen.query_one("#person-confirmation", Button).disabled


async def test_person_tab_says_in_the_tab_when_no_one_is_found(scenario, tmp_path) -> None:
    """The look-up runs on the service thread; its refusal stays in the tab (no toast) and the button is off."""
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        screen.query_one(TabbedContent).active = "tab-person"
        await pilot.pause()
        screen.query_one("#person-query", Input).focus()
        await pilot.press(*"Jürgen", "enter")
        await _settle(app, pilot)
        assert not screen.query_one("#person-confirmation", Button).disabled
        screen.query_one("#person-query", Input).value = ""
        await pilot.press(*"Niemand Sonst", "enter")
        await _settle(app, pilot)
        assert "Niemand heißt „Niemand Sonst“." in str(screen.query_one("#person-result", Static).render())
        assert screen.query_one("#person-confirmation", Button).disabled
        assert not app._notifications  # said in the tab only


async def test_a_refused_status_change_is_an_error_toast_and_changes_nothing(scenario, tmp_path) -> None:
    """The status change runs on the service thread; a refusal is the service's words in one error toast."""
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        flyer = scenario.captures["flyer"]
        before = scenario.ctx.store.get("captures", flyer)["history"]
        screen._set_status(999, "done", "")  # an entry that is not there (deleted by another station meanwhile)
        await _settle(app, pilot)
        notes = list(app._notifications)
        assert [(n.message, n.severity) for n in notes] == [("Diesen Eintrag gibt es nicht.", "error")]
        assert scenario.ctx.store.get("captures", flyer)["history"] == before


async def test_the_export_tab_starts_on_the_meeting_the_screen_was_opened_for(scenario, tmp_path) -> None:
    """The groups, the meetings and the default export meeting are read on the service thread at the start."""
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=scenario.second)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        assert screen.query_one("#export-meeting", Select).value == scenario.second
        assert screen._auto_meeting == scenario.second
        groups = [str(prompt) for prompt, _value in screen.query_one("#filter-group", Select)._options]
        assert "Landkreis" in groups


async def test_home_opens_the_coordinator_with_n(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx)
    async with app.run_test(size=(140, 40)) as pilot:
        await _settle(app, pilot)
        await pilot.press("n")
        await _settle(app, pilot)
        assert isinstance(app.screen, CoordinatorScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CoordinatorScreen)


def test_attendance_bars() -> None:
    assert attendance_bars([3, 6, 0], width=4) == ["██", "████", ""]
    assert attendance_bars([]) == []


def _screen_lines(app) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_the_open_items_are_readable_and_their_filters_one_row(ctx, size) -> None:
    """The day after, the coordinator opens the open items at 120x36 and 80x24: the filters are one row of whole
    words, each item's due date and status are whole, the task text gets the room that is left (at least 30 cells),
    nothing runs off to the right, and the line under the table has all of the selected item."""
    from integra_tui.services import followup
    from integra_tui.services.demo import ensure_demo

    ensure_demo(ctx, earlier_quarter=True)
    [item] = followup.action_items(ctx)
    followup.set_status(ctx, item.id, "open", "Träger fragt beim Kreis nach")
    app = make_app(ctx, screen="coordinator")
    width = size[0]
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        screen = _screen(app)
        filters = screen.query_one("#followup-filters")
        assert filters.region.height == 3  # one row of fields, nothing wrapped onto a second
        for field in filters.children:
            assert field.region.height == 3 and field.region.right <= width
        lines = _screen_lines(app)
        [filter_line] = [line for line in lines if "Alle Gruppen" in line]
        prompt = "Alle Fälligkeiten" if width >= 100 else "Fällig: alle"
        assert prompt in filter_line and "auch erledigte" in filter_line

        table = screen.query_one("#followup-table", DataTable)
        assert table.virtual_size.width <= table.size.width  # no column beyond the right edge
        capture = item.capture
        [row] = [line for line in lines if line.startswith(f" {capture.id} ")]
        assert format_date(capture.due) in row and " offen" in row
        assert capture.text[:30] in row  # the task text is readable, not squeezed to its header's width
        assert capture.owner[:12] in row
        if width >= 120:
            assert "Landkreis" in row and "Träger fragt" in row  # the owner's group, the latest comment
        detail = str(screen.query_one("#followup-detail", Static).render())
        assert capture.text in detail and "Gruppe: Landkreis" in detail and "Träger fragt beim Kreis nach" in detail


@pytest.mark.parametrize("width", [60, 80, 99, 100, 120, 140, 200])
def test_the_open_items_columns_fit_and_the_task_gets_the_rest(width) -> None:
    from integra_tui.ui.screens.coordinator_followup import TASK_MIN, followup_columns

    columns = dict(followup_columns(width))
    assert list(columns)[:3] == ["id", "due", "text"] and columns["due"] >= 10
    if width >= 80:
        assert sum(columns.values()) + 2 * len(columns) + 2 <= width  # cells, padding, scrollbar
        assert columns["text"] == max(columns.values())  # the task text is the widest column
    if width >= 120:
        assert columns["text"] >= TASK_MIN and "comment" in columns and "group" in columns
