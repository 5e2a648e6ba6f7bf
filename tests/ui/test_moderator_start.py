"""The moderator opened without a meeting number: the current meeting is read on the service thread, then shown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from support.pilot import settle, shown
from textual.widgets import DataTable

from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
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
