"""The coordinator between the meetings, as a coordinator drives it with the keyboard: the export tab on the meeting
that took place (Enter or Ctrl+E exports, also from a text field), the network's files, the needs board, questions,
volunteers and contacts, planning the next meeting with the speaker's letter. At 120x36 and 80x24."""

from __future__ import annotations

from datetime import date
from datetime import time as clock_time

import pytest
from support.pilot import settle as _settle
from support.pilot import until
from textual.widgets import DataTable, Input, Select, Static, TabbedContent
from textual.widgets._footer import FooterKey

from integra_tui.records import captures
from integra_tui.services import contacts, needs, planning, questions, volunteers
from integra_tui.services.demo import earlier_demo_meeting, ensure_demo
from integra_tui.services.meetings import add_meeting, list_meetings
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.coordinator import CoordinatorScreen
from integra_tui.ui.screens.coordinator_dialogs import ChoiceDialog, FieldsDialog

SIZES = [(120, 36), (80, 24)]


def _text(widget: Static) -> str:
    return str(widget.render())


def _footer(app) -> dict[str, str]:
    """What the footer shows: key → description."""
    return {key.key: key.description for key in app.screen.query(FooterKey)}


def _rows(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def _type(pilot, text: str) -> None:
    await pilot.press(*text)


@pytest.fixture()
def demo(ctx):
    """Today's demo meeting (not begun yet) with the quarter before: needs, offers, questions, volunteers, plans."""
    today, _report = ensure_demo(ctx, earlier_quarter=True)
    return today


# -- issue 13: the export tab ------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_day_after_a_deferral_the_export_is_of_the_meeting_that_took_place(scenario, tmp_path, size) -> None:
    """A deferral made the next meeting; the coordinator opens the screen on it the day after: the export tab is on
    the meeting that took place, says so (also at 80 columns), and Enter in the folder field exports its minutes."""
    future = add_meeting(scenario.ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 25), clock_time(17, 0))
    scenario.clock.set(scenario.clock.now().replace(day=3))  # 03.12.2026, the meetings of August and November held
    app = make_app(scenario.ctx, screen="coordinator", meeting_id=future.id)
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        await pilot.press("6")  # the export tab
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CoordinatorScreen)
        assert screen.query_one(TabbedContent).active == "tab-export"
        caption = _text(screen.query_one("#export-caption", Static))
        assert "27.11.2026" in caption and "25.02.2027" not in caption
        assert "27.11.2026" in screen.sub_title  # the header names it too
        folder = screen.query_one("#export-folder", Input)
        folder.focus()
        await pilot.press("ctrl+a", "ctrl+k")  # empty the field as a user would
        await _type(pilot, str(tmp_path / "out"))
        await pilot.pause()
        assert _footer(app).get("ctrl+e") == "Exportieren"  # shown while the text field has the focus
        await pilot.press("enter")
        await _settle(app, pilot)
        written = tmp_path / "out" / "Protokoll_2026-11-27.pdf"
        assert written.exists() and screen.last_export == [written]
        assert "27.11.2026" in _text(screen.query_one("#export-status", Static))


async def test_ctrl_e_exports_while_a_text_field_has_the_focus(scenario, tmp_path) -> None:
    app = make_app(scenario.ctx, screen="coordinator")
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        await pilot.press("6")
        screen = app.screen
        screen.query_one("#export-folder", Input).value = str(tmp_path / "out")
        screen.query_one("#export-kind", Select).value = "actions"
        await pilot.pause()
        screen.query_one("#export-person", Input).focus()
        await pilot.press("ctrl+e")
        await _settle(app, pilot)
        assert [p.name for p in screen.last_export] == ["Aufgaben_2026-11-27.csv"]


async def test_the_tabs_keys_show_only_on_their_tab(scenario) -> None:
    app = make_app(scenario.ctx, screen="coordinator")
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        footer = _footer(app)
        assert footer.get("d") == "Erledigt" and "s" not in footer and "ctrl+e" not in footer
        await pilot.press("2")
        await pilot.pause()
        footer = _footer(app)
        assert footer.get("s") == "Status" and footer.get("a") == "Aufgabe" and "d" not in footer
        await pilot.press("d")  # the follow-up's key does nothing here
        await _settle(app, pilot)
        assert scenario.ctx.store.get("captures", scenario.captures["formula"])["status"] == "open"


@pytest.mark.parametrize("size", SIZES)
async def test_the_network_files_and_the_signin_list(demo, ctx, tmp_path, size) -> None:
    """The new kinds are offered with the formats their services have; the sign-in list looks ahead (today's
    meeting), the minutes back (the meeting of the quarter before, as today's has not begun)."""
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        await pilot.press("6")
        screen = app.screen
        earlier = earlier_demo_meeting(ctx)
        assert screen.query_one("#export-meeting", Select).value == earlier.id
        screen.query_one("#export-folder", Input).value = str(tmp_path / "out")
        kinds = screen.query_one("#export-kind", Select)
        kinds.value = "signin"
        await pilot.pause()
        assert screen.query_one("#export-meeting", Select).value == demo.id  # printed before the doors open
        screen.query_one("#export-folder", Input).focus()
        await pilot.press("enter")
        await _settle(app, pilot)
        [signin] = screen.last_export
        assert signin.name.startswith("Teilnehmerliste_") and demo.date.isoformat() in signin.name
        for kind, first_file in (
            ("contacts", f"Kontaktliste_{ctx.today().isoformat()}.pdf"),  # the format chosen before (pdf) is kept
            ("handout", f"Fragen_und_Antworten_{ctx.today().isoformat()}.pdf"),
            ("needs", f"Bedarfe_{ctx.today().isoformat()}.csv"),
            ("speaker_letter", f"Einladung_Claudia_Neumann_{demo.date.isoformat()}.pdf"),
        ):
            kinds.value = kind
            await pilot.pause()
            await pilot.press("ctrl+e")
            await _settle(app, pilot)
            status = _text(screen.query_one("#export-status", Static))
            assert screen.last_export and screen.last_export[0].name == first_file, status
            assert screen.last_export[0].stat().st_size > 0
        assert _rows_of_csv(tmp_path / "out" / f"Bedarfe_und_Angebote_{ctx.today().isoformat()}.csv") == 6


def _rows_of_csv(path) -> int:
    return len(path.read_text(encoding="utf-8-sig").strip().splitlines())


# -- issue 15: the needs board -------------------------------------------------------------------


def _need_row(table: DataTable, need_id: int) -> int:
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)].index(str(need_id))


def _need_cell(table: DataTable, need_id: int, column: str) -> str | None:
    """The board's cell of a need in ``column`` (a key of NEED_COLUMNS), None when that column gave way to a narrow
    screen (then the detail under the board says it)."""
    if column not in table.columns:
        return None
    return str(table.get_cell(str(need_id), column))


@pytest.mark.parametrize("size", SIZES)
async def test_the_needs_board_status_match_and_action_item(demo, ctx, size) -> None:
    bikes = needs.add_offer(
        ctx, earlier_demo_meeting(ctx).id, "Fahrradkurs für Jugendliche", group="Ehrenamtlich", topic="Mobilität"
    )
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#needs-table", DataTable)
        board = needs.board(ctx)
        statuses = {_need_cell(table, row.id, "status") for row in board}
        assert statuses == {"offen", "in Arbeit", "gedeckt", "nicht möglich"}
        groups = {_need_cell(table, row.id, "group") for row in board}
        assert groups <= {"Zugewandert", "Ehrenamtlich", "Hauptamtlich", "Interessiert", "–"} or groups == {None}
        target = next(r for r in board if r.status == "open")  # the Ausländerbehörde need
        table.move_cursor(row=_need_row(table, target.id))
        await pilot.pause()
        assert target.need.text in _text(screen.query_one("#needs-detail", Static))

        await pilot.press("s")  # status: in Arbeit, with a comment
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "tab")
        await _type(pilot, "Termin steht")
        await pilot.press("enter")
        await _settle(app, pilot)
        need = needs.get_need(ctx, target.id)
        assert need.status == "in_progress" and need.history[-1]["comment"] == "Termin steht"
        assert _need_cell(table, target.id, "status") == "in Arbeit"

        await pilot.press("m")  # no offer on the Behörden topic is left to pair: says so
        await until(pilot, lambda: any("Kein passendes Angebot" in str(n.message) for n in app._notifications))
        assert any("Zusammengeführt mit Angebot 7." in str(n.message) for n in app._notifications)  # it has that one
        assert not isinstance(app.screen, ChoiceDialog)
        mobility = next(r for r in board if r.need.topic == "Mobilität")
        table.move_cursor(row=_need_row(table, mobility.id))
        await pilot.press("m")  # pair it with the new offer of its topic
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("enter")
        await _settle(app, pilot)
        assert bikes.id in needs.get_need(ctx, mobility.id).matched_ids
        offers = _need_cell(table, mobility.id, "offers")
        assert str(bikes.id) in offers if offers is not None else f"Angebot {bikes.id}:" in _need_detail(screen)

        table.move_cursor(row=_need_row(table, target.id))
        await pilot.press("a")  # an action item: who takes care, by when
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await pilot.press("tab")
        await _type(pilot, "Marta Nowak")
        await pilot.press("tab")
        await _type(pilot, "15.1.2027")
        await pilot.pause()
        assert "15.01.2027" in _text(app.screen.query_one("#due-due", Static))  # what the parser understood
        await pilot.press("enter")
        await _settle(app, pilot)
        need = needs.get_need(ctx, target.id)
        [action_id] = need.action_ids
        action = captures.get(ctx.store, action_id)
        assert action.owner == "Marta Nowak" and action.due == date(2027, 1, 15) and action.need_id == target.id
        actions = _need_cell(table, target.id, "actions")
        assert str(action_id) in actions if actions is not None else f"Aufgabe {action_id}:" in _need_detail(screen)
        await pilot.press("1")  # it is on the follow-up list now
        await _settle(app, pilot)
        followup = screen.query_one("#followup-table", DataTable)
        assert str(action_id) in [row[0] for row in _rows(followup)]


def _need_detail(screen) -> str:
    return _text(screen.query_one("#needs-detail", Static))


def _screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.mark.parametrize("size", SIZES)
async def test_the_whole_of_a_need_is_shown_under_the_board(demo, ctx, size) -> None:
    """A need with two offers, two action items and a history: selected on the board, its detail shows the latest
    comment at once and, scrolled with the keys (Tab into it, End), the second action item; the board stays."""
    earlier = earlier_demo_meeting(ctx).id
    bikes = next(r for r in needs.board(ctx) if r.need.topic == "Mobilität")
    course = needs.add_offer(ctx, earlier, "Fahrradkurs samstags", group="Ehrenamtlich", topic="Mobilität")
    needs.match(ctx, bikes.id, course.id)
    needs.turn_into_action(ctx, bikes.id, earlier, "Sabine Kröger", text="Raum zusagen lassen")
    needs.turn_into_action(ctx, bikes.id, earlier, "Jonas Becker", text="Werkzeugspende abholen")
    needs.set_need_status(ctx, bikes.id, "in Arbeit", "Schlüssel liegt bereit")
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#needs-table", DataTable)
        while str(table.get_row_at(table.cursor_row)[0]) != str(bikes.id):
            await pilot.press("down")
        await _settle(app, pilot)
        shown = _screen_text(app)
        assert "Fahrradwerkstatt für Jugendliche" in shown and "Schlüssel liegt bereit" in shown  # the latest comment
        assert "Gespendete Fahrräder" in shown and "Fahrradkurs samstags" in shown  # both offers
        await pilot.press("tab", "end")  # into the detail, to its end (nothing moves when it all fits)
        await _settle(app, pilot)
        shown = _screen_text(app)
        assert "Raum zusagen lassen" in shown and "Werkzeugspende abholen" in shown  # both action items
        assert "Raum im Jugendzentrum angefragt" in _text(screen.query_one("#needs-detail", Static))  # the history
        board_rows = [line for line in shown.splitlines() if " offen " in line or " in Arbeit " in line]
        assert len(board_rows) >= 3  # the board keeps its rows


@pytest.mark.parametrize("size", SIZES)
async def test_the_needs_board_fits_the_screen_with_who_takes_care_whole(demo, ctx, size) -> None:
    """At 120x36 and 80x24 the board's columns end inside the screen, "Wer kümmert sich" with them, and each owner
    stands there whole (the need's text is cut with "…" instead; the detail below has it whole); the offers too."""
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        await pilot.press("2")
        await _settle(app, pilot)
        table = app.screen.query_one("#needs-table", DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing out of sight to the right
        lines = _screen_text(app).splitlines()
        header = next(line for line in lines if line.lstrip().startswith("Nr.") and "Bedarf" in line)
        assert "Status" in header and "Wer kümmert sich" in header
        owners = [row.need.owner for row in needs.board(ctx) if row.need.owner]
        assert "Georg Lehmann (Jugendamt)" in owners
        for owner in owners:
            assert any(owner in line for line in lines), owner
        if size == (120, 36):
            assert "Thema" in header and "Für" in header and "Angebote" in header
        offers = app.screen.query_one("#offers-table", DataTable)
        assert offers.virtual_size.width <= offers.scrollable_content_region.width
        assert any("Angebot" in line and "Zu Bedarf" in line for line in lines)  # the offers' last column too


async def test_the_network_tabs_call_their_services_off_the_event_loop(demo, ctx, monkeypatch) -> None:
    """The status of a need, the offers that fit it, the known speakers and the consent given: each service call runs
    on the app's service thread, never on the event loop (a slow store would freeze the screen), and the screen
    then shows its result."""
    import threading

    loop_thread = threading.current_thread()
    threads: dict[str, threading.Thread] = {}

    def watched(module, name: str) -> None:
        real = getattr(module, name)

        def call(*args, **kwargs):
            threads[name] = threading.current_thread()
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, call)

    for module, name in (
        (needs, "set_need_status"),
        (needs, "match_suggestions"),
        (planning, "speaker_suggestions"),
        (contacts, "give_consent"),
    ):
        watched(module, name)
    add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 26), clock_time(17, 0))
    target = next(r for r in needs.board(ctx) if r.status == "open")
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        await pilot.press("2")
        await _settle(app, pilot)
        table = app.screen.query_one("#needs-table", DataTable)
        table.move_cursor(row=_need_row(table, target.id))
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        await pilot.press("down", "enter")  # in Arbeit
        await until(pilot, lambda: _need_cell(table, target.id, "status") == "in Arbeit")
        await pilot.press("m")
        await until(pilot, lambda: any("Kein passendes Angebot" in str(n.message) for n in app._notifications))
        await pilot.press("5")
        await _settle(app, pilot)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, FieldsDialog))
        await pilot.press("escape")
        await _settle(app, pilot)
        await pilot.press("4")
        await _settle(app, pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, FieldsDialog))
        await _type(pilot, "Selin Çelik")
        await pilot.press("tab", "tab")
        await _type(pilot, "email")
        await pilot.press("enter")
        await until(pilot, lambda: any("Selin Çelik steht jetzt" in str(n.message) for n in app._notifications))
    assert set(threads) == {"set_need_status", "match_suggestions", "speaker_suggestions", "give_consent"}
    for name, thread in threads.items():
        assert thread is not loop_thread, name


async def test_a_need_kept_at_its_status_without_a_comment_says_why(demo, ctx) -> None:
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        await pilot.press("2")
        await pilot.pause()
        table = app.screen.query_one("#needs-table", DataTable)
        target = next(r for r in needs.board(ctx) if r.status == "open")
        table.move_cursor(row=_need_row(table, target.id))
        await pilot.press("s", "enter")  # "offen" again, no comment
        await _settle(app, pilot)
        assert needs.get_need(ctx, target.id).status == "open"
        assert any("bitte einen Kommentar" in str(n.message) for n in app._notifications)


# -- questions, volunteers, contacts -------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_answering_a_question(demo, ctx, size) -> None:
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        table = app.screen.query_one("#questions-table", DataTable)
        open_rows = questions.question_rows(ctx, status="open")
        assert [row[0] for row in _rows(table)] == [str(r.id) for r in open_rows]
        names = {p.name for p in _demo_people(ctx)}
        assert not any(cell in names for row in _rows(table) for cell in row[:5])  # asked by a group, never a name
        first = open_rows[0]
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        await _type(pilot, "Über die IQ-Beratungsstelle")
        await pilot.press("tab")
        await _type(pilot, "Marta Nowak")
        await pilot.press("enter")
        await _settle(app, pilot)
        question = questions.get_question(ctx, first.id)
        assert question.answer == "Über die IQ-Beratungsstelle" and question.answered_by == "Marta Nowak"
        assert str(first.id) not in [row[0] for row in _rows(table)]  # no longer among the open ones


def _demo_people(ctx):
    from integra_tui.services.people import find_people

    return find_people(ctx, "", limit=500)


async def test_volunteers_contacted_and_consent_given_and_withdrawn(demo, ctx) -> None:
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        await pilot.press("4")
        await pilot.pause()
        screen = app.screen
        helpers = screen.query_one("#volunteers-table", DataTable)
        assert _rows(helpers)[0][:2] == ["Selin Çelik", "noch nicht"]
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("enter")  # nobody named: refused in the dialog
        await pilot.pause()
        assert isinstance(app.screen, FieldsDialog)
        assert "Wer hat Kontakt aufgenommen?" in _text(app.screen.query_one("#dialog-error", Static))
        await _type(pilot, "Katrin Vogel")
        await pilot.press("tab")
        await _type(pilot, "kommt montags")
        await pilot.press("enter")
        await _settle(app, pilot)
        assert not volunteers.waiting(ctx)
        assert any(row[0] == "Selin Çelik" and "Katrin Vogel" in row[1] for row in _rows(helpers))

        listed = screen.query_one("#contacts-table", DataTable)
        before = len(contacts.contact_list_doc(ctx).rows)
        assert listed.row_count == before
        await pilot.press("e")
        await pilot.pause()
        await _type(pilot, "Jonas Becker")
        await pilot.press("tab")
        await _type(pilot, "Praktikumsplätze")
        await pilot.press("tab", "tab")
        await _type(pilot, "über das Mehrgenerationenhaus")
        await pilot.press("enter")
        await _settle(app, pilot)
        assert len(contacts.contact_list_doc(ctx).rows) == before + 1
        assert "Jonas Becker" in [row[0] for row in _rows(listed)]
        listed.focus()
        listed.move_cursor(row=[row[0] for row in _rows(listed)].index("Jonas Becker"))
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("up", "enter")  # "Ja, zurückziehen"
        await _settle(app, pilot)
        assert len(contacts.contact_list_doc(ctx).rows) == before
        assert "Jonas Becker" not in [row[0] for row in _rows(listed)]


# -- planning --------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_planning_the_next_meeting_with_a_new_speaker_and_the_letter(demo, ctx, tmp_path, size) -> None:
    nxt = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 26), clock_time(17, 0))
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        app.screen.query_one("#export-folder", Input).value = str(tmp_path / "out")
        await pilot.press("5")
        await pilot.pause()
        plans = app.screen.query_one("#plans-table", DataTable)
        assert [row[0] for row in _rows(plans)] == ["27.11.2026", "26.02.2027"]
        plans.move_cursor(row=1)
        await pilot.press("t")
        await until(pilot, lambda: isinstance(app.screen, FieldsDialog))  # it opens once the speakers are read
        await _type(pilot, "Wohnungssuche")
        await pilot.press("tab")
        await _type(pilot, "Dana Roth")
        await pilot.press("tab")
        await _type(pilot, "Mieterverein")
        await pilot.press("enter")
        await _settle(app, pilot)
        view = planning.meeting_plan(ctx, nxt.id)
        assert view.plan.topic == "Wohnungssuche" and view.speaker is not None
        assert view.speaker.name == "Dana Roth" and view.speaker.group == planning.SPEAKER_GROUP
        assert _rows(plans)[1][2:4] == ["Wohnungssuche", "Dana Roth"]
        await pilot.press("l")
        await _settle(app, pilot)
        letter = tmp_path / "out" / "Einladung_Dana_Roth_2027-02-26.pdf"
        assert letter.exists() and "Dana Roth" in _text(app.screen.query_one("#plans-status", Static))


@pytest.mark.parametrize("size", SIZES)
async def test_every_table_between_the_meetings_fits_the_screen(demo, ctx, size) -> None:
    """Questions, volunteers, the contact list, the coming meetings and the topic wishes: at 120x36 and 80x24 no column
    is out of sight to the right, and what each is for stands there whole (how a contact wants to be reached, who
    speaks, whether a volunteer was contacted)."""
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await _settle(app, pilot)
        for tab, tables in (
            ("3", ("#questions-table",)),
            ("4", ("#volunteers-table", "#contacts-table")),
            ("5", ("#plans-table", "#wishes-table")),
        ):
            await pilot.press(tab)
            await _settle(app, pilot)
            for selector in tables:
                table = app.screen.query_one(selector, DataTable)
                assert table.row_count > 0, selector
                assert table.virtual_size.width <= table.scrollable_content_region.width, (selector, size)
            lines = _screen_text(app).splitlines()
            if tab == "4":
                assert any("Erreichbar über" in line for line in lines)
                for _person, consent in contacts.consenting(ctx):
                    assert any(consent.channels and ("E-Mail" in line or "Telefon" in line) for line in lines)
                assert any("noch nicht" in line for line in lines) and any(
                    "Kontakt aufgenommen" in line for line in lines
                )
            if tab == "5":
                speaker = next(view.speaker.name for view in planning_views(ctx) if view.speaker)
                assert any("Referent/in" in line for line in lines) and any(speaker in line for line in lines)
                assert any("geplant für" in line for line in lines)


def planning_views(ctx):
    return [planning.meeting_plan(ctx, m.id) for m in list_meetings(ctx) if m.date >= ctx.today()]


@pytest.mark.parametrize("width", range(60, 201, 7))
def test_the_needs_boards_columns_fit_every_width(width) -> None:
    from integra_tui.ui.screens.coordinator_followup import NEED_TEXT_MIN, needs_columns

    cells = {
        "id": ["12"],
        "status": ["in Arbeit"],
        "topic": ["Kinderbetreuung"],
        "group": ["Zugewandert"],
        "text": ["Begleitung zu Terminen bei der Ausländerbehörde"],
        "owner": ["Georg Lehmann (Jugendamt)"],
        "offers": ["7, 8"],
        "actions": ["10"],
        "comment": ["Raum im Jugendzentrum angefragt"],
        "status_words": ["offen", "in Arbeit", "gedeckt", "nicht möglich"],
    }
    columns = dict(needs_columns(width, cells))
    assert sum(columns.values()) + 2 * len(columns) + 2 <= width  # cells, their padding, the scrollbar
    assert {"id", "status", "text", "owner"} <= set(columns)
    assert columns["status"] >= len("nicht möglich")
    if width >= 80:
        assert columns["text"] >= NEED_TEXT_MIN
        assert columns["owner"] >= len("Georg Lehmann (Jugendamt)")
