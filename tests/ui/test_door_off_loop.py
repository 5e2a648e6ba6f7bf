"""The door never waits on the store: scans stored in order off the event loop, "Moment …" while one is stored,
and "Nicht gespeichert!" when another process holds the store's lock for long (then scanning again works).

The other process is real (``support.lock_holder``: a Python child holding the lock file's ``flock``); the
service thread is held with an event. Nothing sleeps: each step waits on a pipe, an event or a condition.
"""

from __future__ import annotations

import threading

import pytest
from support.lock_holder import LockHolder
from support.pilot import screen_text, settle, until

from integra_tui.services.context import open_context
from integra_tui.services.people import invitees_of
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.door import DoorScreen
from integra_tui.ui.widgets.result_panel import ResultPanel
from integra_tui.ui.widgets.scan_input import ScanInput

SIZE = (80, 24)
BOUND = "integra_tui.store.storage.JournaledStorage.lock_wait_seconds"


@pytest.fixture(autouse=True)
def quick_bells(monkeypatch):
    monkeypatch.setattr(DoorScreen, "bell_gap", 0.01)
    monkeypatch.setattr(DoorScreen, "count_delay", 0)


def _code_of(ctx, meeting, name: str) -> str:
    return next(inv.code for inv, person in invitees_of(ctx, meeting.id) if person.name == name)


def panel(app) -> ResultPanel:
    return app.screen.query_one(ResultPanel)


def stored_codes(path, meeting_id: int) -> list[str]:
    """The codes of the active check-ins on disk, read by a context of its own (as another station would)."""
    other = open_context(path)
    try:
        return [d["code"] for d in other.store.find("checkins", "meeting_id", meeting_id) if not d.get("undone_at")]
    finally:
        other.fold_on_close(False)  # leave the files as the app under test writes them
        other.close()


def record_outcomes(monkeypatch, path, meeting_id: int) -> list[tuple[str, str, bool]]:
    """(kind, name, whether its scan's check-in was on disk at that moment) for every outcome shown, in order."""
    shown: list[tuple[str, str, bool]] = []
    original = DoorScreen.show_result

    def show_result(screen, result) -> None:  # noqa: ANN001
        original(screen, result)
        name = result.person.name if result.person is not None else ""
        shown.append((result.outcome.value, name, result.code in stored_codes(path, meeting_id)))

    monkeypatch.setattr(DoorScreen, "show_result", show_result)
    return shown


async def test_scans_while_one_is_stored_are_answered_in_order_each_for_its_own_scan(
    ctx, meeting, monkeypatch, tmp_path
) -> None:
    first, second = _code_of(ctx, meeting, "Jürgen Müller"), _code_of(ctx, meeting, "Hanna Weiß")
    path = tmp_path / "store.json"
    shown = record_outcomes(monkeypatch, path, meeting.id)
    app = make_app(ctx, screen="door", station="Eingang 1")
    gate = threading.Event()
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        held = app.services.submit(lambda: gate.wait(60))  # the store is slow: the service thread is busy
        try:
            await pilot.press(*first, "enter")
            # The loop is free: the panel says the scan is being stored, and the next scan is typed meanwhile.
            await until(pilot, lambda: panel(app).kind == "pending")
            assert "Moment" in screen_text(app) and "Wird gespeichert" in screen_text(app)
            assert "Willkommen" not in screen_text(app)
            await pilot.press(*second, "enter")
            await until(pilot, lambda: app.screen.query_one(ScanInput).buffer == "")  # taken in, not lost
            assert shown == [] and stored_codes(path, meeting.id) == []  # nothing shown before it is stored
        finally:
            gate.set()
        assert held.result(60) is True
        await settle(app, pilot)
        assert panel(app).kind == "accepted" and "Hanna Weiß" in panel(app).text
    # Each outcome came for its own scan, in the order scanned, and only once that scan was on disk.
    assert shown == [
        ("accepted", "Jürgen Müller", True),
        ("accepted", "Hanna Weiß", True),
    ]
    assert stored_codes(path, meeting.id) == [first, second]


async def test_a_normal_scan_is_answered_without_the_waiting_state(ctx, meeting, monkeypatch) -> None:
    monkeypatch.setattr(DoorScreen, "pending_after", 3600)  # the waiting state would come only after this
    kinds: list[str] = []
    original = ResultPanel._set

    def recording(self, kind, *args):  # noqa: ANN001, ANN202
        kinds.append(kind)
        return original(self, kind, *args)

    monkeypatch.setattr(ResultPanel, "_set", recording)
    app = make_app(ctx, screen="door", station="Eingang 1")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press(*_code_of(ctx, meeting, "Jürgen Müller"), "enter")
        await settle(app, pilot)
        assert panel(app).kind == "accepted"
    assert "pending" not in kinds


async def test_a_lock_held_by_another_process_says_not_saved_and_a_later_scan_works(
    ctx, meeting, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(BOUND, 0.3)  # the wait's bound, shortened for the test (the app waits 3 s)
    path = tmp_path / "store.json"
    jurgen, hanna = _code_of(ctx, meeting, "Jürgen Müller"), _code_of(ctx, meeting, "Hanna Weiß")
    app = make_app(ctx, screen="door", station="Eingang 1")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        toasts: list[str] = []
        original_notify = app.notify

        def notify(message: str, **kwargs) -> None:  # noqa: ANN003
            toasts.append(message)
            original_notify(message, **kwargs)

        app.notify = notify  # type: ignore[method-assign]
        holder = LockHolder(path)  # a second program holds the store
        try:
            await pilot.press(*jurgen, "enter")
            await until(pilot, lambda: panel(app).kind == "error")
            await settle(app, pilot)
            text = panel(app).text
            assert "Nicht gespeichert!" in text and "von einem anderen Programm belegt" in text
            # Said once, on the panel: a toast repeating it covered the panel's advice for 10 s.
            assert not [t for t in toasts if "belegt" in t]
            assert "Willkommen" not in screen_text(app)
            drawn = screen_text(app)
            assert "Nicht gespeichert!" in drawn
            holder.release()
        finally:
            holder.stop()
        assert stored_codes(path, meeting.id) == []  # the refused scan was not recorded
        # The lock is free again: the same scan and the next one are checked in.
        await pilot.press(*jurgen, "enter")
        await settle(app, pilot)
        assert panel(app).kind == "accepted" and "Jürgen Müller" in panel(app).text
        await pilot.press(*hanna, "enter")
        await settle(app, pilot)
        assert panel(app).kind == "accepted" and "Hanna Weiß" in panel(app).text
    assert stored_codes(path, meeting.id) == [jurgen, hanna]


async def test_while_another_process_holds_the_lock_the_door_says_moment_and_keeps_taking_scans(
    ctx, meeting, monkeypatch, tmp_path
) -> None:
    """Held shorter than the bound: the door shows it is storing, takes the next scan, and both get in."""
    monkeypatch.setattr(BOUND, 60.0)  # longer than the test holds the lock
    path = tmp_path / "store.json"
    first, second = _code_of(ctx, meeting, "Jürgen Müller"), _code_of(ctx, meeting, "Hanna Weiß")
    shown = record_outcomes(monkeypatch, path, meeting.id)
    app = make_app(ctx, screen="door", station="Eingang 1")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        holder = LockHolder(path)
        try:
            await pilot.press(*first, "enter")
            await until(pilot, lambda: panel(app).kind == "pending")
            assert "Moment" in screen_text(app)
            await pilot.press(*second, "enter")  # the loop is not blocked: the next scan is taken in
            await until(pilot, lambda: app.screen.query_one(ScanInput).buffer == "")
            assert shown == []
            holder.release()
        finally:
            holder.stop()
        await until(pilot, lambda: len(shown) == 2)
        await settle(app, pilot)
    assert shown == [("accepted", "Jürgen Müller", True), ("accepted", "Hanna Weiß", True)]
    assert stored_codes(path, meeting.id) == [first, second]


async def test_the_door_in_english_says_the_store_is_busy(ctx, meeting, monkeypatch, tmp_path) -> None:
    from integra_tui import i18n

    monkeypatch.setattr(BOUND, 0.3)
    path = tmp_path / "store.json"
    code = _code_of(ctx, meeting, "Jürgen Müller")
    app = make_app(ctx, screen="door", station="Eingang 1")
    i18n.set_language("en")
    try:
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            holder = LockHolder(path)
            try:
                await pilot.press(*code, "enter")
                await until(pilot, lambda: panel(app).kind == "error")
                assert "Not saved!" in panel(app).text and "in use by another program" in panel(app).text
            finally:
                holder.stop()
    finally:
        i18n.set_language("de")


async def test_a_door_opened_while_the_store_is_busy_says_so_and_opens_with_the_next_scan(
    ctx, meeting, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(BOUND, 0.3)
    path = tmp_path / "store.json"
    code = _code_of(ctx, meeting, "Jürgen Müller")
    app = make_app(ctx, screen="door", station="Eingang 1")
    holder = LockHolder(path)  # held before the door looks its meeting up
    try:
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, lambda: panel(app).kind == "error")
            assert "Kein Treffen" in panel(app).text and "von einem anderen Programm belegt" in panel(app).text
            holder.release()
            await pilot.press(*code, "enter")  # the meeting is looked up again, then this scan checked in
            await settle(app, pilot)
            assert panel(app).kind == "accepted" and "Jürgen Müller" in panel(app).text
            assert "27.11.2026" in app.screen.sub_title
    finally:
        holder.stop()
    assert stored_codes(path, meeting.id) == [code]


async def test_the_apps_look_for_news_passes_a_busy_store_by_without_a_toast_and_looks_again(
    ctx, meeting, monkeypatch, tmp_path
) -> None:
    monkeypatch.setattr(BOUND, 0.3)
    path = tmp_path / "store.json"
    other = open_context(path)  # another station checks someone in: the files change
    from integra_tui.services.checkin import check_in_code

    aylin = _code_of(other, meeting, "Aylin Doğan")
    app = make_app(ctx, screen="door", station="Eingang 1")
    said: list[str] = []
    original_notify = app.notify

    def notify(message: str, **kwargs) -> None:  # noqa: ANN003
        said.append(message)
        original_notify(message, **kwargs)

    app.notify = notify  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        check_in_code(other, meeting.id, aylin, station="Eingang 2")
        holder = LockHolder(path)  # ... and then a program holds the store
        try:
            app.check_store()  # what the one-second poll does when the files changed
            await settle(app, pilot)
            assert app.is_running and said == []
            holder.release()
        finally:
            holder.stop()
        app.check_store()  # the next poll
        await settle(app, pilot)
        await until(pilot, lambda: "Aylin Doğan" in str(app.screen.query_one("#door-recent").content))
    other.close()
