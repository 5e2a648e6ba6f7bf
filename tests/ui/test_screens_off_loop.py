"""The coordinator's export tab and the moderator's forms never wait on the store: while another process holds the
store's lock, the export tab names the meeting chosen at once and the moderator's speaker form opens with the
store's groups; a reload that must wait says so (a toast), nothing freezes.

The other process is real (``support.lock_holder``); nothing sleeps: each step waits on a pipe or a condition.
The guard of tests/ui/conftest.py fails each test if a screen touched the store on the event loop meanwhile.
"""

from __future__ import annotations

import pytest
from support.lock_holder import LockHolder
from support.pilot import press, settle, until
from textual.widgets import Select, Static

from integra_tui.services.context import list_meetings
from integra_tui.services.meetings import groups
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.capture_forms import SpeakerForm

BOUND = "integra_tui.store.storage.JournaledStorage.lock_wait_seconds"
BUSY = "von einem anderen Programm belegt"


def _text(widget: Static) -> str:
    return str(widget.render())


def _toasts(app) -> list[str]:  # noqa: ANN001
    return [notification.message for notification in app._notifications]


@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
async def test_the_export_tab_names_the_meeting_chosen_while_another_process_holds_the_store(
    scenario, monkeypatch, size
) -> None:
    monkeypatch.setattr(BOUND, 0.3)  # the wait's bound, shortened for the test (the app waits 3 s)
    august, november = sorted(list_meetings(scenario.ctx), key=lambda m: m.date)
    app = make_app(scenario.ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "6")
        screen = app.screen
        chooser = screen.query_one("#export-meeting", Select)
        assert chooser.value == november.id and "27.11.2026" in _text(screen.query_one("#export-caption", Static))
        holder = LockHolder(scenario.ctx.path)
        try:
            chooser.value = august.id
            await pilot.pause()
            caption = _text(screen.query_one("#export-caption", Static))
            assert august.date.strftime("%d.%m.%Y") in caption and "27.11.2026" not in caption
            assert august.date.strftime("%d.%m.%Y") in screen.sub_title
            await pilot.press("f5")  # a reload has to wait for the store: it says so instead of freezing
            await until(pilot, lambda: any(BUSY in text for text in _toasts(app)))
            holder.release()
        finally:
            holder.stop()
        await press(app, pilot, "f5")
        assert august.date.strftime("%d.%m.%Y") in _text(screen.query_one("#export-caption", Static))


async def test_the_speaker_form_opens_with_the_stores_groups_while_another_process_holds_the_store(
    ctx, meeting, monkeypatch
) -> None:
    monkeypatch.setattr(BOUND, 0.3)
    stored = groups(ctx)
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(app, pilot, "space")  # the meeting starts: its first item takes speakers
        present = app.screen.view.groups_present
        holder = LockHolder(ctx.path)
        try:
            await pilot.press("r")  # the speakers' list: add a speaker
            await until(pilot, lambda: isinstance(app.screen, SpeakerForm))
            form = app.screen
            assert form.groups == [*present, *[g for g in stored if g not in present]]
            assert set(stored) <= set(form.groups)
            holder.release()
        finally:
            holder.stop()
