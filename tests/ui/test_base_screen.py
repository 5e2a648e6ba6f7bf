"""The screen base class: typed app and context, and service calls run off the loop, in order."""

from __future__ import annotations

import threading
from datetime import datetime
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.widgets import Static

from integra_tui.domain.clock import FakeClock
from integra_tui.errors import IntegraError, ServiceError
from integra_tui.services.context import open_context
from integra_tui.ui.app import SCREEN_FACTORIES, make_app
from integra_tui.ui.screens.base import IntegraScreen


class _Probe(IntegraScreen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.ran: list[tuple[int, str]] = []
        self.done: list[tuple[int, bool]] = []
        self.gate = threading.Event()

    def compose(self) -> ComposeResult:
        yield Static("probe", id="probe")

    def job(self, number: int):
        def call() -> int:
            if number == 0:
                self.gate.wait(10)  # the first call is slow: the later ones must still wait for it
            self.ran.append((number, threading.current_thread().name))
            return number

        return call


def _ctx(tmp_path):
    return open_context(
        tmp_path / "store.json", clock=FakeClock(datetime(2026, 12, 1, 18, tzinfo=ZoneInfo("Europe/Berlin")))
    )


async def test_service_calls_run_off_the_loop_in_the_order_asked(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(SCREEN_FACTORIES, "probe", lambda app, options: _Probe())
    ctx = _ctx(tmp_path)
    app = make_app(ctx, screen="probe")
    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, _Probe)
        assert screen.ctx is ctx
        for number in range(5):
            screen.call_service(
                screen.job(number),
                lambda result: screen.done.append((result, threading.current_thread() is threading.main_thread())),
            )
        screen.gate.set()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [number for number, _ in screen.ran] == [0, 1, 2, 3, 4]
        assert all(name.startswith("integra-service") for _, name in screen.ran)
        assert screen.done == [(n, True) for n in range(5)]
    ctx.close()


async def test_a_refusal_is_a_toast_and_the_next_call_still_runs(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(SCREEN_FACTORIES, "probe", lambda app, options: _Probe())
    ctx = _ctx(tmp_path)
    app = make_app(ctx, screen="probe")
    failed: list[str] = []

    def refuse() -> None:
        raise ServiceError("Das geht so nicht: [b]Gisela[/b]")

    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, _Probe)
        screen.call_service(refuse, failed=lambda error: failed.append(str(error)))
        screen.call_service(screen.job(1))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert [n.message for n in app._notifications] == ["Das geht so nicht: [b]Gisela[/b]"]
        assert failed == ["Das geht so nicht: [b]Gisela[/b]"]
        assert [number for number, _ in screen.ran] == [1]
    ctx.close()


async def test_a_call_queued_before_quitting_still_reaches_the_store(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(SCREEN_FACTORIES, "probe", lambda app, options: _Probe())
    ctx = _ctx(tmp_path)
    app = make_app(ctx, screen="probe")
    async with app.run_test():
        screen = app.screen
        assert isinstance(screen, _Probe)
        screen.call_service(screen.job(0))  # waits on the gate: still queued when the app exits
        screen.call_service(screen.job(1))
        threading.Timer(0, screen.gate.set).start()
        app.exit()
    assert [number for number, _ in screen.ran] == [0, 1]
    ctx.close()


async def test_a_form_says_a_refusal_itself_but_a_store_error_is_a_toast_all_the_same(tmp_path, monkeypatch) -> None:
    monkeypatch.setitem(SCREEN_FACTORIES, "probe", lambda app, options: _Probe())
    ctx = _ctx(tmp_path)
    app = make_app(ctx, screen="probe")
    said: list[str] = []

    def refuse() -> None:
        raise ServiceError("Bitte eine Gruppe wählen.")

    def break_down() -> None:
        raise IntegraError("Die Datei ist nicht lesbar.")  # as a StoreError is

    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, _Probe)
        screen.call_service(refuse, failed=lambda error: said.append(str(error)), toast=False)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert said == ["Bitte eine Gruppe wählen."] and [n.message for n in app._notifications] == []
        screen.call_service(break_down, failed=lambda error: said.append(str(error)), toast=False)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert said[-1] == "Die Datei ist nicht lesbar."
        assert [(n.message, n.severity) for n in app._notifications] == [("Die Datei ist nicht lesbar.", "error")]
    ctx.close()


async def test_a_result_that_comes_back_while_the_screen_is_removed_is_not_shown(tmp_path, monkeypatch) -> None:
    """A screen being removed (the app quitting, a dialog dismissed) loses its widgets before its workers: a result
    coming back in between is dropped, not shown in a widget that is gone (the door's recount stopped the app with
    NoMatches '#present-digits' when it came back during the shutdown)."""
    import asyncio
    from concurrent.futures import Future

    monkeypatch.setitem(SCREEN_FACTORIES, "probe", lambda app, options: _Probe())
    ctx = _ctx(tmp_path)
    app = make_app(ctx, screen="probe")
    shown: list[str] = []

    def show(result: int) -> None:
        shown.append(str(app.screen.query_one("#probe", Static).content))

    async with app.run_test() as pilot:
        screen = app.screen
        assert isinstance(screen, _Probe)
        came_back: Future[int] = Future()
        came_back.set_result(1)
        await screen._finish(came_back, show, None)  # the screen in place: the result is shown
        assert shown == ["probe"]
        screen._pruning = True  # what Textual marks while it removes the screen and its widgets
        again: Future[int] = Future()
        again.set_result(2)
        await asyncio.wait_for(screen._finish(again, show, None), 10)
        assert shown == ["probe"]  # dropped, no second look for a widget
        screen._pruning = False
        await pilot.pause()
    ctx.close()
