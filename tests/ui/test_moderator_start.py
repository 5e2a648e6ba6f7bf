"""The moderator opened without a meeting number: the current meeting is read on the service thread, then shown."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from support.pilot import settle, shown
from textual.widgets import DataTable

from integra_tui.domain.clock import FakeClock
from integra_tui.services import moderation
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.meetings import add_meeting
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.moderator import ModeratorScreen

BEFORE_START = datetime(2026, 11, 27, 16, 58, tzinfo=ZoneInfo("Europe/Berlin"))


async def test_without_a_number_the_moderator_takes_the_current_meeting(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "store.json", clock=FakeClock(BEFORE_START))
    meeting, _report = ensure_demo(ctx)
    app = make_app(ctx, screen="moderator")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ModeratorScreen)
        assert screen.meeting_id == meeting.id
        assert screen.query_one("#agenda", DataTable).row_count > 0


async def test_without_any_meeting_the_moderator_says_how_to_make_one(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "store.json", clock=FakeClock(BEFORE_START))
    app = make_app(ctx, screen="moderator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ModeratorScreen) and app.screen.meeting_id is None
        assert shown(app, "#item-title").startswith("Es gibt noch kein Treffen. Legen Sie eines an")


DAY_AFTER = datetime(2026, 11, 28, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def _left_running(tmp_path: Path) -> tuple[int, FakeClock]:
    """The demo meeting of 27.11. with its first item running at 17:05 when the moderator closed the app."""
    clock = FakeClock(BEFORE_START)
    ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(ctx)
    clock.advance(minutes=7)
    moderation.next_item(ctx, meeting.id)
    ctx.close()
    clock.set(DAY_AFTER)
    return meeting.id, clock


async def test_the_day_after_a_meeting_nobody_ended_counts_as_ended_at_its_last_event(tmp_path: Path) -> None:
    meeting_id, clock = _left_running(tmp_path)
    ctx = open_context(tmp_path / "store.json", clock=clock)
    app = make_app(ctx, screen="moderator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ModeratorScreen) and screen.meeting_id == meeting_id
        assert screen.state is not None and screen.state.meeting_ended_at == BEFORE_START + timedelta(minutes=7)
        assert screen.state.current is None  # no item counts on through the night
        assert shown(app, "#item-title") == "Das Treffen ist beendet."
        notices = [n.message for n in app._notifications]
        assert any("wurde nicht beendet" in n and "27.11.2026 um 17:05" in n for n in notices), notices


async def test_a_meeting_nobody_ended_does_not_keep_the_moderator_from_todays(tmp_path: Path) -> None:
    left_id, clock = _left_running(tmp_path)
    ctx = open_context(tmp_path / "store.json", clock=clock)
    today = add_meeting(ctx, "Sondertreffen", DAY_AFTER.date(), time(17, 0))
    app = make_app(ctx, screen="moderator")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ModeratorScreen) and app.screen.meeting_id == today.id != left_id
