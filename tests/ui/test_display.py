"""The second screen: what a projector shows while another instance moderates the same store."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Digits, Static

from integra_tui.domain.clock import FakeClock
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.display import DisplayScreen

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN)


@pytest.fixture()
def stores(tmp_path: Path):
    """The display's context and the moderator's context (another instance) on one store, same fake time."""
    clock = FakeClock(T0)
    display_ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(display_ctx)
    moderator_ctx = open_context(tmp_path / "store.json", clock=clock)
    return display_ctx, moderator_ctx, meeting.id, clock


def shown(app, selector: str) -> str:
    widget = app.screen.query_one(selector)
    return (
        widget.value
        if isinstance(widget, Digits)
        else str(widget.content)
        if isinstance(widget, Static)
        else str(widget.render())
    )


async def follow(app, pilot) -> None:
    """What the app's once-a-second poll does: notice the other instance's writes and redraw."""
    app.check_store()
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing
    await pilot.pause()
    while any(not worker.is_finished for worker in app.workers):  # the refresh, then the reload it starts
        assert time.monotonic() < deadline, "workers still running"
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_display_follows_the_moderator(stores, size) -> None:
    display_ctx, moderator_ctx, meeting_id, clock = stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DisplayScreen)
        assert shown(app, "#display-title") == "Gleich: Begrüßung"
        assert shown(app, "#display-countdown") == "10:00"
        assert shown(app, "#display-next").splitlines()[0] == "ca. 17:10  Vorstellungsrunde · 15 Min"

        mod.next_item(moderator_ctx, meeting_id)
        item = mod.agenda_state(moderator_ctx, meeting_id).current_item_id
        mod.add_speaker(moderator_ctx, meeting_id, item, "Gisela Hartmann")
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Begrüßung"
        assert shown(app, "#display-presenter") == "Vortrag · Katrin Vogel"
        assert shown(app, "#display-speaker") == ""
        assert shown(app, "#display-queue") == "Als Nächstes: Gisela Hartmann (Ehrenamtlich)"
        assert shown(app, "#display-next").splitlines()[0] == "ca. 17:08  Vorstellungsrunde · 15 Min"

        clock.advance(minutes=12)  # no store change: the countdown ticks from the stored events
        app.screen.tick()
        await pilot.pause()
        assert shown(app, "#display-countdown") == "+02:00"
        assert app.screen.query_one("#display-countdown").has_class("-overrun")
        assert app.screen.query_one("#display-countdown").region.right <= size[0]

        mod.next_speaker(moderator_ctx, meeting_id, item)
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Vorstellungsrunde"
        assert shown(app, "#display-speaker") == ""
        assert shown(app, "#display-countdown") == "15:00"
        for selector in ("#display-title", "#display-countdown", "#display-speaker", "#display-next"):
            region = app.screen.query_one(selector).region
            assert region.bottom <= size[1] and region.right <= size[0], selector


async def test_display_has_no_keys_that_change_the_meeting(stores) -> None:
    display_ctx, _moderator_ctx, meeting_id, _clock = stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("space", "n", "a", "v")
        await app.workers.wait_for_complete()
    assert mod.timer_events(display_ctx, meeting_id) == []
    assert mod.captures_of(display_ctx, meeting_id) == []
