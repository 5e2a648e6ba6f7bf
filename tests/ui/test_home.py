"""The home screen as a coordinator sees it: meetings, invitees, who is here, the store path, help."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from support.pilot import screen_text as _screen_text
from support.pilot import until
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown, Static

from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app

BERLIN = ZoneInfo("Europe/Berlin")


def _ctx(tmp_path: Path):
    return open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN)))


async def test_home_lists_the_demo_meeting_and_its_invitees(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    meeting, _ = ensure_demo(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        meetings = app.screen.query_one("#meetings", DataTable)
        assert meetings.row_count == 1
        assert "INTEGRA-Netzwerktreffen (Demo)" in str(meetings.get_row_at(0))
        invitees = app.screen.query_one("#invitees", DataTable)
        assert invitees.row_count == 40
        assert "(0 von 40 da)" in str(app.screen.query_one("#invitees-title", Static).content)
        assert str(tmp_path / "store.json") in str(app.screen.query_one("#store-path", Static).content)


def _check_in_elsewhere(ctx, other, meeting_id: int) -> dict:
    """Check the meeting's first invitee in through ``other``, a second instance on the same file (another
    station); returns that invitee's document."""
    first_invitee = ctx.store.find("invitees", "meeting_id", meeting_id)[0]
    other.store.insert(
        "checkins",
        {
            "meeting_id": meeting_id,
            "person_id": first_invitee["person_id"],
            "at": other.now_iso(),
            "station": "Tür 2",
            "method": "scan",
        },
    )
    return first_invitee


async def test_home_follows_check_ins_made_by_another_process(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    meeting, _ = ensure_demo(ctx)
    other = _ctx(tmp_path)  # a second instance on the same file, as another station would be
    app = make_app(ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        first_invitee = _check_in_elsewhere(ctx, other, meeting.id)
        # No app.check_store() here: the app's own poll must find the other process's check-in.
        await until(pilot, lambda: "(1 von 40 da)" in str(app.screen.query_one("#invitees-title", Static).content))
        assert "✔" in [
            str(cell) for cell in app.screen.query_one("#invitees", DataTable).get_row(str(first_invitee["id"]))
        ]
    other.close()


async def test_a_check_in_elsewhere_keeps_the_invitee_one_looks_at_in_view(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    meeting, _ = ensure_demo(ctx)
    other = _ctx(tmp_path)  # another station on the same file
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#invitees", DataTable)
        row = table.row_count - 3  # far below the first screenful
        key = table.ordered_rows[row].key
        name = str(table.get_row(key)[0])
        table.move_cursor(row=row)
        await until(pilot, lambda: name in _screen_text(app))
        _check_in_elsewhere(ctx, other, meeting.id)
        await until(pilot, lambda: "(1 von 40 da)" in str(app.screen.query_one("#invitees-title", Static).content))
        assert table.ordered_rows[table.cursor_row].key == key  # the reload kept the highlighted person
        await until(pilot, lambda: name in _screen_text(app))  # and in view
        assert table.scroll_y > 0
    other.close()


async def test_f1_explains_the_screen_in_german(tmp_path: Path) -> None:
    app = make_app(_ctx(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        help_text = app.screen.query_one(Markdown)
        assert "Startseite" in help_text.source
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query("#meetings")


async def test_an_empty_store_says_how_to_begin(tmp_path: Path) -> None:
    app = make_app(_ctx(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "integra-tui demo" in str(app.screen.query_one("#invitees-title", Static).content)


async def test_f1_in_a_dialog_explains_the_screen_beneath(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    ensure_demo(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.push_screen(ModalScreen())  # a dialog without help of its own
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert "Startseite" in app.screen.query_one(Markdown).source
        await pilot.press("f1")  # and F1 again closes it
        await pilot.pause()
        assert isinstance(app.screen, ModalScreen) and not app.screen.query(Markdown)


async def test_a_walk_in_is_here_but_not_counted_as_invited(tmp_path: Path) -> None:
    from integra_tui.services.checkin import register_walk_in

    ctx = _ctx(tmp_path)
    meeting, _report = ensure_demo(ctx)
    register_walk_in(ctx, meeting.id, "Amanuel Tesfamariam", "Zugewandert")
    app = make_app(ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "(1 von 40 da)" in str(app.screen.query_one("#invitees-title", Static).content)
        assert app.screen.query_one("#invitees", DataTable).row_count == 41


async def test_home_opened_on_the_later_of_two_meetings_stays_on_it(tmp_path: Path) -> None:
    """Refilling the meetings table highlights its first row on the way: that must not switch the meeting."""
    from datetime import date

    from integra_tui.domain.models import Person
    from integra_tui.services.meetings import add_meeting
    from integra_tui.services.people import add_person, invite

    ctx = _ctx(tmp_path)
    later = add_meeting(ctx, "Heute", date(2026, 11, 27))
    add_meeting(ctx, "Früher", date(2026, 9, 4))  # listed first: oldest first
    invite(ctx, later.id, add_person(ctx, Person(name="Anna Berg", group="Kommune")).id)
    for _opening in range(6):  # the old code switched in about every second opening
        app = make_app(ctx, meeting_id=later.id)
        async with app.run_test(size=(120, 36)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen.meeting_id == later.id
            assert [str(cell) for cell in app.screen.query_one("#invitees", DataTable).get_row_at(0)][0] == "Anna Berg"


async def test_the_title_bar_names_the_selected_meeting_at_120_and_80_columns(tmp_path: Path) -> None:
    from datetime import date

    from textual.widgets import DataTable as Table

    from integra_tui.services.meetings import add_meeting

    ctx = _ctx(tmp_path)
    meeting, _ = ensure_demo(ctx)
    add_meeting(ctx, "Sommerfest der Ehrenamtlichen", date(2027, 6, 18))
    for size in ((120, 36), (80, 24)):
        app = make_app(ctx, meeting_id=meeting.id)
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            header = _screen_text(app).splitlines()[0]
            assert "27.11.2026" in header and "INTEGRA" in header, header
            if size[0] >= 120:
                assert "INTEGRA-Netzwerktreffen (Demo) – Fr, 27.11.2026, 17:00 Uhr (heute)" in header
            table = app.screen.query_one("#meetings", Table)
            table.focus()
            await pilot.press("down")  # the other meeting: the bar follows
            await until(pilot, lambda app=app: "18.06.2027" in _screen_text(app).splitlines()[0])
            assert "Sommerfest" in _screen_text(app).splitlines()[0]


LONG_NAME = ("محمد عبدالله ተስፋይ ገብረ [/] " * 20)[:300]
"""A name of 300 characters: Arabic, Tigrinya and a closing tag with nothing to close, as a walk-in may type it."""


async def test_a_300_character_name_leaves_group_and_here_on_the_screen(tmp_path: Path) -> None:
    from integra_tui.services.checkin import register_walk_in

    ctx = _ctx(tmp_path)
    meeting, _ = ensure_demo(ctx)
    register_walk_in(ctx, meeting.id, LONG_NAME, "Zugewandert", organisation="Verein ተስፋ")
    for size in ((80, 24), (120, 36)):
        app = make_app(ctx, meeting_id=meeting.id)
        async with app.run_test(size=size) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            table = app.screen.query_one("#invitees", DataTable)
            row = next(i for i, r in enumerate(table.ordered_rows) if str(table.get_row(r.key)[0]) == LONG_NAME)
            table.move_cursor(row=row)  # the cell holds the name as typed, all 300 characters
            start = LONG_NAME[:12]
            await until(pilot, lambda app=app, start=start: start in _screen_text(app))
            line = next(line for line in _screen_text(app).splitlines() if start in line and "Zugewandert" in line)
            assert "✔" in line and "…" in line, (size, line)  # cut in its column; the group and "Da" on the screen
            assert "Gruppe" in _screen_text(app)
            detail = app.screen.query_one("#invitee-detail", Static)
            await until(pilot, lambda detail=detail: str(detail.content).startswith(LONG_NAME))  # the line below: whole


def test_invitee_columns_fit_the_table_whatever_the_name() -> None:
    from integra_tui.ui.screens.home import invitee_widths

    wanted = {"name": 300, "group": 12, "organisation": 40, "here": 2}
    for width in (40, 48, 72, 100):
        widths = invitee_widths(width, wanted)
        assert [key for key in wanted if key in widths] == list(widths)  # in their order; the organisation may go
        assert sum(widths.values()) + 2 * len(widths) + 2 <= width, (width, widths)  # padding and scrollbar
        assert widths["group"] >= 6 and widths["here"] == 2 and widths["name"] >= 6
    assert "organisation" not in invitee_widths(48, wanted)  # 80 columns: the name has the organisation's room
    demo = {"name": 21, "group": 12, "organisation": 40, "here": 2}
    assert invitee_widths(48, demo)["name"] == 21  # the demo's longest name whole at 80 columns
    assert invitee_widths(72, demo) == {"name": 21, "group": 12, "organisation": 27, "here": 2}  # 120 columns
    short = {"name": 14, "group": 12, "organisation": 10, "here": 2}
    assert invitee_widths(72, short) == short  # what fits keeps its own width
