"""The app's heartbeat: one timer a second for the store's poll and every screen's clock (idle CPU, issue 16)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import press, settle, shown, until
from textual.widgets import Digits

from integra_tui.domain.clock import FakeClock
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.capture_forms import SpeakerForm

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture()
def demo(tmp_path: Path):
    clock = FakeClock(datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN))
    ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(ctx)
    mod.next_item(ctx, meeting.id)  # the first item runs: its countdown changes every second
    yield ctx, clock, meeting
    ctx.close()


def _intervals(screen) -> list[str]:
    """The screen's own running interval timers (Textual's frame timer aside)."""
    return [timer.name for timer in list(screen._timers) if timer.name != "screen_update" and timer._task]


async def test_the_display_ticks_on_the_heartbeat_without_a_timer_of_its_own(demo) -> None:
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="display", meeting_id=meeting.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert shown(app, "#display-countdown") == "10:00"
        assert app._each_second == [screen.tick]
        assert _intervals(screen) == []
        clock.advance(minutes=12)  # nothing written: only the heartbeat can show the new time
        await until(pilot, lambda: shown(app, "#display-countdown") == "+02:00")
    assert app._each_second == []


async def test_the_moderator_keeps_ticking_under_a_form_and_stops_when_it_closes(demo) -> None:
    ctx, clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        moderator = app.screen
        assert app._each_second == [moderator.tick]
        assert _intervals(moderator) == []
        await press(app, pilot, "r")
        assert isinstance(app.screen, SpeakerForm)
        assert app._each_second == [moderator.tick]  # a form's own screen registers nothing
        clock.advance(minutes=3)
        await until(pilot, lambda: moderator.query_one("#countdown", Digits).value == "07:00")
    assert app._each_second == []
