"""The moderator's screen at work: what a tick redraws, and the forms at 80x24 with the countdown in sight."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

import pytest
from support.pilot import press, screen_text, settle
from textual.widgets import Digits, Static

from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.capture_forms import CaptureForm, SpeakerForm
from integra_tui.ui.screens.moderator import KeyFooter, ModeratorScreen

BERLIN = ZoneInfo("Europe/Berlin")
TABLES = ("#agenda", "#speaker-queue", "#captures", "#open-items")


@pytest.fixture()
def demo(tmp_path: Path):
    clock = FakeClock(datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN))  # a Friday, two minutes before the start
    ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(ctx)
    yield ctx, clock, meeting
    ctx.close()


async def test_a_paused_tick_redraws_only_the_clock_and_rebuilds_no_table(demo) -> None:
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ModeratorScreen)
        await press(app, pilot, "space")  # "Begrüßung" runs
        clock.advance(seconds=30)
        screen.tick()
        await press(app, pilot, "space")  # and is paused
        before = screen.redraws.copy()
        for _second in range(5):
            clock.advance(seconds=1)
            screen.tick()
            await pilot.pause()
        changed = screen.redraws - before
        assert changed == {"#clock": 5}  # the clock ticks on; the paused countdown, the tables and the rest stand
        assert screen.query_one("#countdown", Digits).value == "09:30"


async def test_a_running_tick_redraws_the_countdown_and_one_cell_not_the_tables(demo) -> None:
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await press(app, pilot, "space")
        before = screen.redraws.copy()
        for _second in range(3):
            clock.advance(seconds=1)
            screen.tick()
            await pilot.pause()
        changed = screen.redraws - before
        assert not any(table in changed for table in TABLES)
        assert changed["#countdown"] == 3 and changed["#item-status"] == 3 and changed["#agenda:actual"] == 3
        assert screen.query_one("#countdown", Digits).value == "09:57"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_action_form_leaves_the_countdown_in_sight_and_shows_which_friday(demo, size) -> None:
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space")
        clock.advance(minutes=3)
        app.screen.tick()
        await press(app, pilot, "a")
        assert isinstance(app.screen, CaptureForm)
        await pilot.press(*"Flyer drucken", "tab", *"Gisela", "tab", *"nächsten Freitag")
        await settle(app, pilot)
        text = screen_text(app)
        assert "1/7 Begrüßung" in text  # the moderator's current item, above the form
        digits = app.screen_stack[-2].query_one("#countdown", Digits)
        form = app.screen.query_one("Vertical")
        assert digits.region.bottom <= form.region.y  # the countdown's rows are not covered
        assert "→ Gisela Hartmann" in text  # what "Wer?" will save
        await pilot.press("enter")  # "nächsten Freitag" on a Friday: which one?
        await settle(app, pilot)
        assert isinstance(app.screen, CaptureForm)
        text = screen_text(app)
        question = str(app.screen.query_one("#due-question", Static).content)
        assert question and question.splitlines()[0] in text  # the question is on screen, not cut off
        assert "04.12.2026" in text and "1/7 Begrüßung" in text
        form = app.screen.query_one("Vertical")
        assert form.region.bottom <= size[1] and digits.region.bottom <= form.region.y


async def test_the_speaker_form_at_80x24_leaves_the_countdown_in_sight(demo) -> None:
    ctx, _clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space", "r")
        assert isinstance(app.screen, SpeakerForm)
        await pilot.press(*"Gis")
        await settle(app, pilot)
        text = screen_text(app)
        assert "1/7 Begrüßung" in text and "Gisela Hartmann" in text
        digits = app.screen_stack[-2].query_one("#countdown", Digits)
        assert digits.region.bottom <= app.screen.query_one("Vertical").region.y


async def test_at_80_columns_the_footer_cuts_no_key_silently(demo) -> None:
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space", "o", *"Presse", "enter")
        clock.advance(minutes=13)  # overrun: x, t and d join the footer
        app.screen.tick()
        await settle(app, pilot)
        app.screen.query_one("#captures").focus()  # and the captures' own keys
        await settle(app, pilot)
        deadline = monotonic() + 60  # the footer lays its keys out again after the focus moved; no timing
        while any(key.region.width == 0 for key in app.screen.query_one(KeyFooter).query("FooterKey")):
            assert monotonic() < deadline, "footer keys never laid out"
            await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        keys = list(footer.query("FooterKey"))
        for key in keys:
            assert key.region.right <= 80 and key.region.bottom <= 24, key.description
            assert key.region.width > 0, key.description
        shown_keys = {key.description for key in keys}
        wanted = {"Überzug: +5", "Zeit nehmen", "Rest vertagen", "Bearbeiten", "Entfernen", "Abstimmung"}
        if not wanted <= shown_keys:  # what does not fit is named: the palette has every key
            assert footer.cut
            more = footer.query_one(".more-keys")
            assert more.region.bottom <= 24 and more.region.right <= 80 and more.region.width > 0
            assert "^p alle Tasten" in screen_text(app)
        footer_lines = "\n".join(screen_text(app).splitlines()[footer.region.y : footer.region.bottom])
        assert "f1 Hilfe" in footer_lines and "^q Beenden" in footer_lines  # help and quit are never the ones cut


async def test_the_agenda_shows_the_time_spent_of_the_running_item_each_second(demo) -> None:
    """The time-spent cell is repainted alone (not the whole table): the terminal shows the new value at once,
    and the other rows as they were."""
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        await press(app, pilot, "space")  # "Begrüßung" runs
        table = screen.query_one("#agenda")

        def agenda_lines() -> list[str]:
            return [strip.text for strip in table.render_lines(table.region.reset_offset)]

        before = agenda_lines()
        for second in range(1, 4):
            clock.advance(seconds=1)
            screen.tick()
            await pilot.pause()
            lines = agenda_lines()
            running = next(line for line in lines if "Begrüßung" in line)
            assert f"00:0{second}" in running
            assert [line for line in lines if "Begrüßung" not in line] == [
                line for line in before if "Begrüßung" not in line
            ]
        await pilot.press("down")  # the cursor moves on: both rows drawn anew, the time spent still right
        await pilot.pause()
        assert "00:03" in next(line for line in agenda_lines() if "Begrüßung" in line)
        assert screen_text(app).count("00:03") >= 1
