"""Names and notes that look like markup or terminal codes, on the screens people use: shown as typed, nothing breaks.

Each test reads what the terminal would show (the screen's composed lines, as the driver writes
them) and presses keys the way a helper or moderator would.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import screen_text, settle, until
from textual.strip import Strip

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.services import moderation
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.people import add_person, invite
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.door import DoorScreen
from integra_tui.ui.screens.door_dialogs import ConfirmDialog, PersonSearchDialog, UndoDialog
from integra_tui.ui.screens.walk_in import WalkInDialog
from integra_tui.ui.widgets.result_panel import ResultPanel

BERLIN = ZoneInfo("Europe/Berlin")
HOSTILE_WALK_IN = "x [/] [bold red]rot[/] [link=https://example.org]klick[/link]"
"""The walk-in of issue 10: a closing tag with nothing to close, a colour and a link."""


@pytest.fixture()
def ctx(tmp_path: Path):
    context = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)))
    yield context
    context.close()


@pytest.fixture()
def meeting(ctx):
    meeting, _report = ensure_demo(ctx)
    return meeting


def screen_strips(app) -> list[Strip]:
    """The lines of the terminal as the app draws them now (every widget and toast composed)."""
    return app.screen._compositor.render_strips()


def styles_of(app, text: str) -> list:
    """The styles of the screen segments that draw (part of) ``text``."""
    found = []
    for strip in screen_strips(app):
        for segment in strip:
            if segment.text.strip() and segment.text.strip() in text:
                found.append(segment.style)
    return found


# -- the door --------------------------------------------------------------------------------


async def test_a_walk_in_named_like_markup_is_found_by_f2_and_undone_by_f5(ctx, meeting, monkeypatch) -> None:
    monkeypatch.setattr(DoorScreen, "bell_gap", 0.01)
    app = make_app(ctx, screen="door", station="Eingang [1]")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, WalkInDialog)
        await pilot.press(*HOSTILE_WALK_IN)
        app.screen.query_one("#walkin-group").value = "Ehrenamtlich"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        assert app.screen.query_one(ResultPanel).kind == "accepted"
        await until(pilot, lambda: HOSTILE_WALK_IN in screen_text(app))  # in the panel and the last check-ins
        await until(pilot, lambda: "Eingang [1]" in screen_text(app))  # the station name in the header

        await pilot.press("f2", *"x [")
        await settle(app, pilot)
        assert isinstance(app.screen, PersonSearchDialog)
        assert [m.person.name for m in app.screen.matches] == [HOSTILE_WALK_IN]
        await until(pilot, lambda: HOSTILE_WALK_IN in screen_text(app))
        assert not any(style and style.link for style in styles_of(app, HOSTILE_WALK_IN))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.query_one(ResultPanel).kind == "duplicate"

        await pilot.press("f5")
        await settle(app, pilot)
        assert isinstance(app.screen, UndoDialog)
        await until(pilot, lambda: HOSTILE_WALK_IN in screen_text(app))
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await until(pilot, lambda: HOSTILE_WALK_IN in screen_text(app))
        await pilot.press("j")
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        await until(pilot, lambda: "Check-in zurückgenommen." in screen_text(app))  # the toast
    check_ins = ctx.store.find("checkins", "meeting_id", meeting.id)
    assert [bool(d.get("undone_at")) for d in check_ins] == [True]


# -- home ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [(80, 24), (160, 40)])
async def test_home_shows_invitees_named_like_markup_as_they_are(ctx, meeting, size) -> None:
    names = ["x [/]", "[bold red]rot[/]", "[link=https://example.org]klick[/link]", "[@click=app.quit]Q"]
    for name in names:
        invite(ctx, meeting.id, add_person(ctx, Person(name=name, group="Kommune", organisation="[i]Verein[/i]")).id)
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one("#invitees")
        keys = [row.key for row in table.ordered_rows]
        for name in names:  # the list is sorted by name; bring each row into view in turn
            row = next(index for index, key in enumerate(keys) if table.get_row(key)[0].plain == name)
            table.move_cursor(row=row)
            await until(pilot, lambda name=name: name in screen_text(app))  # scrolled into view
        assert not any(style and (style.link or style.meta.get("@click")) for style in styles_of(app, "klick Q"))
        red = [s for s in styles_of(app, "rot") if s and s.color and s.color.name == "red"]
        assert not red
        assert app.is_running  # the [@click] name did not quit the app


# -- the moderator ---------------------------------------------------------------------------


async def test_a_note_with_a_closing_tag_shows_and_the_screen_reopens(ctx, meeting) -> None:
    first = moderation.next_item(ctx, meeting.id).current
    for text in ("x [/]", "Budget [vorläufig] prüfen", "[bold red]rot[/]"):
        moderation.add_capture(ctx, meeting.id, "note", text, agenda_item_id=first.id)
    for _opening in range(2):
        app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
        async with app.run_test(size=(160, 40)) as pilot:
            await settle(app, pilot)
            for text in ("Budget [vorläufig] prüfen", "x [/]", "[bold red]rot[/]"):
                await until(pilot, lambda text=text, app=app: text in screen_text(app))


async def test_a_note_typed_with_brackets_is_stored_and_shown_as_typed(ctx, meeting) -> None:
    moderation.next_item(ctx, meeting.id)
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("o", *"Budget [vorläufig] prüfen", "enter")
        await settle(app, pilot)
        await until(pilot, lambda: "Budget [vorläufig] prüfen" in screen_text(app))
        await until(pilot, lambda: "Notiz gespeichert" in screen_text(app))
    assert [c["text"] for c in ctx.store.all("captures")] == ["Budget [vorläufig] prüfen"]
