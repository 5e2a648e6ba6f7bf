"""The walk-in form at the door: its reads and its save run on the service thread, and it says what it refuses."""

from __future__ import annotations

import threading

import pytest
from support.pilot import settle
from textual.widgets import Select, Static

from integra_tui.services.checkin import recent_check_ins
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.door import DoorScreen
from integra_tui.ui.screens.walk_in import WalkInDialog


@pytest.fixture(autouse=True)
def quick_bells(monkeypatch):
    monkeypatch.setattr(DoorScreen, "bell_gap", 0.01)


async def _open_form(app, pilot) -> WalkInDialog:
    await settle(app, pilot)
    await pilot.press("f3")
    await settle(app, pilot)
    assert isinstance(app.screen, WalkInDialog)
    return app.screen


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])
async def test_a_refusal_is_said_in_the_form_once_not_in_a_toast_too(ctx, meeting, size) -> None:
    app = make_app(ctx, screen="door", station="Eingang 1")
    async with app.run_test(size=size, notifications=True) as pilot:
        form = await _open_form(app, pilot)
        await pilot.press(*"Zofia Nowak", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # no group: said in the form, nothing stored
        assert "Gruppe" in str(form.query_one("#walkin-error", Static).content)
        assert [n.message for n in app._notifications] == []
        assert not form.saving and recent_check_ins(ctx, meeting.id) == []


async def test_the_groups_are_offered_and_a_second_ctrl_s_during_the_save_adds_no_second_person(ctx, meeting) -> None:
    app = make_app(ctx, screen="door", station="Eingang 1")
    async with app.run_test(size=(120, 36)) as pilot:
        form = await _open_form(app, pilot)
        group = form.query_one("#walkin-group", Select)
        assert "Ehrenamtlich" in [value for _label, value in group._options]  # read on the service thread
        await pilot.press(*"Zofia Nowak")
        group.value = "Ehrenamtlich"
        busy = threading.Event()
        app.services.submit(lambda: busy.wait(30))  # the service thread is busy (a slow disk)
        await pilot.press("ctrl+s", "ctrl+s", "enter")  # impatient: keys while the save waits its turn
        assert form.saving and form.query_one("#walkin-save").disabled
        busy.set()
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
    assert [r.name for r in recent_check_ins(ctx, meeting.id)] == ["Zofia Nowak"]
