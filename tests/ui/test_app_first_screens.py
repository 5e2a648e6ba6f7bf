"""First screens that need a meeting look it up on the service thread and show a refusal instead of stopping."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import screen_text, settle

from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.meetings import add_meeting
from integra_tui.ui.app import MeetingOpener, make_app
from integra_tui.ui.screens.agenda_editor import AgendaEditorScreen

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture()
def ctx(tmp_path: Path):
    context = open_context(tmp_path / "store.json", clock=FakeClock(NOW))
    yield context
    context.close()


async def test_the_agenda_editor_opens_on_the_current_meeting_looked_up_off_the_loop(ctx) -> None:
    meeting = add_meeting(ctx, "Runder Tisch", date(2026, 11, 27))
    app = make_app(ctx, screen="agenda_editor")
    assert isinstance(app.options, dict)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, AgendaEditorScreen) and app.screen.meeting_id == meeting.id


async def test_the_agenda_editor_without_a_meeting_says_so_and_the_app_keeps_running(ctx) -> None:
    app = make_app(ctx, screen="agenda_editor")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, MeetingOpener)
        assert "Es gibt noch kein Treffen" in screen_text(app) and "Strg+Q" in screen_text(app)


async def test_the_agenda_editor_for_an_unknown_meeting_says_so(ctx) -> None:
    add_meeting(ctx, "Runder Tisch", date(2026, 11, 27))
    app = make_app(ctx, screen="agenda_editor", meeting_id=99)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.is_running and isinstance(app.screen, MeetingOpener)
        assert "kein Treffen mit der Nummer 99" in screen_text(app)


def test_building_the_first_screen_reads_nothing_from_the_store(ctx, monkeypatch) -> None:
    """The factory runs on the event loop: it only builds the screen, the lookup comes in on_mount."""

    def no_lookup(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise AssertionError("resolve_meeting called while building the first screen")

    for module in ("integra_tui.services.context", "integra_tui.services.meetings", "integra_tui.ui.app"):
        monkeypatch.setattr(f"{module}.resolve_meeting", no_lookup, raising=False)
    app = make_app(ctx, screen="agenda_editor")
    from integra_tui.ui.app import SCREEN_FACTORIES

    assert isinstance(SCREEN_FACTORIES["agenda_editor"](app, {}), MeetingOpener)
