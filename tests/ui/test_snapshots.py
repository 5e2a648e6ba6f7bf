"""Snapshots of the screens people look at most: home with the demo meeting, the door after a scan (also
greeting in Arabic at 80 columns), and the display while someone speaks.

Review a changed snapshot by eye before accepting it: `python -m pytest tests/ui/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import fcntl
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app


@pytest.fixture()
def demo_ctx():
    # The store path is on screen, so it must be the same in every run and on every machine; the lock
    # keeps two test processes (pytest-xdist workers, two checkouts) from using the folder at once.
    folder = Path("/tmp/integra-tui-snapshot")
    with open("/tmp/integra-tui-snapshot.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        shutil.rmtree(folder, ignore_errors=True)
        ctx = open_context(
            folder / "store.json", clock=FakeClock(datetime(2026, 11, 27, 16, 45, tzinfo=ZoneInfo("Europe/Berlin")))
        )
        ensure_demo(ctx)
        try:
            yield ctx
        finally:
            ctx.close()
            shutil.rmtree(folder, ignore_errors=True)


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
