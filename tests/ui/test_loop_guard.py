"""The guard of tests/ui/conftest.py catches the store touched on the event loop by UI code, and only that.

A screen whose service calls ran on the loop (``call_service`` made synchronous: what the guard is there to
stop coming back) is caught, naming the UI function; the same screen as it is, a test calling a service itself
while the app runs, and UI code called before the app runs are not; a test with a finding fails.
"""

from __future__ import annotations

import sys

import pytest
from support.pilot import settle

from integra_tui.services.context import list_meetings
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.base import IntegraScreen
from integra_tui.ui.screens.coordinator import _export_default

SIZE = (80, 24)


def _conftest(guard):  # noqa: ANN001, ANN202
    return sys.modules[type(guard).__module__]


async def test_a_screen_whose_service_calls_run_on_the_loop_is_caught(ctx, meeting, monkeypatch, store_off_the_loop):
    def on_the_loop(self, call, done=None, *, failed=None, toast=True):  # noqa: ANN001, ANN202, ARG001
        result = call()  # the call that should have gone to the service thread
        if done is not None:
            done(result)

    monkeypatch.setattr(IntegraScreen, "call_service", on_the_loop)
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
    found, report = dict(store_off_the_loop.found), store_off_the_loop.report()
    store_off_the_loop.found.clear()  # caught: this test itself passes
    assert "integra_tui/ui/screens/coordinator.py:CoordinatorScreen.on_mount.<locals>.read_start" in found
    assert "integra_tui/ui/screens/coordinator.py:CoordinatorScreen.load.<locals>.read_all" in found
    assert "use IntegraScreen.call_service" in report and "read_start" in found[next(iter(found))] + report


async def test_ui_code_called_on_the_loop_while_the_app_runs_is_caught(ctx, meeting, store_off_the_loop):
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert store_off_the_loop.found == {}  # the screen as it is: every read on the service thread
        _export_default(app.ctx, "minutes", None)  # the screen's helper for the service thread, called here
    found = list(store_off_the_loop.found)
    store_off_the_loop.found.clear()
    assert found == ["integra_tui/ui/screens/coordinator_exports.py:default_meeting_id"]  # the nearest UI frame


async def test_tests_and_what_comes_before_the_app_runs_are_not_counted(ctx, meeting, store_off_the_loop):
    _export_default(ctx, "minutes", None)  # UI code on the loop, but no app runs yet
    app = make_app(ctx, screen="coordinator")
    _export_default(ctx, "minutes", None)  # made, not running
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        assert [m.id for m in list_meetings(ctx)] == [meeting.id]  # the test reads the store itself
        await pilot.press("6")
        await settle(app, pilot)
    assert store_off_the_loop.found == {}


def test_a_finding_fails_the_test_in_its_call(request, store_off_the_loop) -> None:
    hook = _conftest(store_off_the_loop).pytest_runtest_call(request.node)
    next(hook)
    store_off_the_loop.found["integra_tui/ui/screens/example.py:Example.on_mount"] = "  the stack\n"
    with pytest.raises(pytest.fail.Exception, match="Example.on_mount"):
        hook.send(None)
    store_off_the_loop.found.clear()


def test_no_screen_is_left_touching_the_store_on_the_loop(store_off_the_loop) -> None:
    """The allowlist of places not moved yet is empty, and may only stay so (a new one goes through call_service)."""
    assert _conftest(store_off_the_loop).ON_THE_LOOP_TO_GO == frozenset()
