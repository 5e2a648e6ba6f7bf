"""Snapshots of the screens people look at most: home with the demo meeting, the door after a scan (also
greeting in Arabic at 80 columns), the display while someone speaks, and the moderator with an item overrun.

Review a changed snapshot by eye before accepting it: `python -m pytest tests/ui/test_snapshots.py --snapshot-update`.
Every snapshot is taken with the cursor not blinking (``no_blink``), and one at a time on this machine
(``demo_ctx`` holds a lock: the store's path is on screen, so every snapshot uses the same one, also
when pytest-xdist runs two tests at once).
"""

from __future__ import annotations

import fcntl
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Input

from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app

FOLDER = Path("/tmp/integra-tui-snapshot")
"""The store's folder: its path is on screen, so it must be the same in every run and on every machine."""
LOCK = Path("/tmp/integra-tui-snapshot.lock")
"""Held while a snapshot uses FOLDER: two xdist workers (or two checkouts) take their snapshots in turn."""


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs show a steady cursor: a blink caught half-way would make a snapshot differ from run to run."""
    original = Input.__init__

    def steady(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", steady)


@pytest.fixture()
def demo_ctx():
    with LOCK.open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            shutil.rmtree(FOLDER, ignore_errors=True)
            ctx = open_context(
                FOLDER / "store.json",
                clock=FakeClock(datetime(2026, 11, 27, 16, 45, tzinfo=ZoneInfo("Europe/Berlin"))),
            )
            ensure_demo(ctx)
            yield ctx
            ctx.close()
            shutil.rmtree(FOLDER, ignore_errors=True)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _settle():
    async def run_before(pilot) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run_before


def test_home_screen(snap_compare, demo_ctx) -> None:
    assert snap_compare(make_app(demo_ctx), terminal_size=(120, 34), run_before=_settle())


def test_door_after_a_scan(snap_compare, demo_ctx) -> None:
    invitee = sorted(demo_ctx.store.all("invitees"), key=lambda d: d["id"])[0]

    async def run_before(pilot) -> None:
        await _settle()(pilot)
        await pilot.press(*invitee["code"], "enter")
        await _settle()(pilot)

    assert snap_compare(make_app(demo_ctx, screen="door"), terminal_size=(120, 34), run_before=run_before)


def test_door_greets_in_arabic_at_80_columns(snap_compare, demo_ctx) -> None:
    person = next(d for d in demo_ctx.store.all("persons") if d["name"] == "مريم حداد")
    invitee = next(d for d in demo_ctx.store.all("invitees") if d["person_id"] == person["id"])

    async def run_before(pilot) -> None:
        await _settle()(pilot)
        await pilot.press(*invitee["code"], "enter")
        await _settle()(pilot)

    assert snap_compare(make_app(demo_ctx, screen="door"), terminal_size=(80, 24), run_before=run_before)


def test_display_while_someone_speaks_with_a_stage_message(snap_compare, demo_ctx) -> None:
    from integra_tui.services import moderation as mod

    meeting_id = demo_ctx.store.all("meetings")[0]["id"]
    mod.set_speaking_time(demo_ctx, meeting_id, "2")
    mod.next_item(demo_ctx, meeting_id)
    item = mod.agenda_state(demo_ctx, meeting_id).current_item_id
    for name in ("Gisela Hartmann", "Tesfay Haile", "Jürgen Müller"):
        mod.add_speaker(demo_ctx, meeting_id, item, name)
    mod.next_speaker(demo_ctx, meeting_id, item)
    mod.send_stage_message(demo_ctx, meeting_id, "Bitte zum Schluss kommen")
    app = make_app(demo_ctx, screen="display", meeting_id=meeting_id)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settle())


def test_moderator_with_an_item_overrun_offers_its_choices(snap_compare, demo_ctx) -> None:
    from integra_tui.services import moderation as mod

    meeting_id = demo_ctx.store.all("meetings")[0]["id"]
    state = mod.next_item(demo_ctx, meeting_id)  # "Begrüßung", 10 minutes
    item = state.current_item_id
    mod.add_capture(demo_ctx, meeting_id, "note", "Presse ist da", agenda_item_id=item)
    mod.add_speaker(demo_ctx, meeting_id, item, "Gisela Hartmann")
    demo_ctx.clock.advance(minutes=13)  # three minutes past its time: the overrun hint and x/t/T/d
    app = make_app(demo_ctx, screen="moderator", meeting_id=meeting_id)

    async def run_before(pilot) -> None:
        await _settle()(pilot)
        assert "x +5 Min" in str(pilot.app.screen.query_one("#overrun-hint").content)

    assert snap_compare(app, terminal_size=(120, 36), run_before=run_before)
