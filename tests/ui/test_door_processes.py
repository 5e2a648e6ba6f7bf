"""The door across processes: the headless checkin command, two stations on one store, and a kill mid-burst."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Digits

from integra_tui import i18n
from integra_tui.cli import main
from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.people import invitees_of
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.door import DoorScreen
from integra_tui.ui.widgets.scan_input import ScanInput

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def demo_store(tmp_path: Path) -> tuple[Path, int, list[str]]:
    """A closed store file with today's demo meeting: (path, meeting id, invitation codes)."""
    path = tmp_path / "store.json"
    ctx = open_context(path)
    meeting, _report = ensure_demo(ctx)
    codes = [invitee.code for invitee, _person in invitees_of(ctx, meeting.id)]
    ctx.close()
    return path, meeting.id, codes


@pytest.fixture()
def german():
    yield
    i18n.set_language("de")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("INTEGRA_LANG", None)
    return env


def _active(path: Path, meeting_id: int) -> list[dict]:
    ctx = open_context(path)
    try:
        return [d for d in ctx.store.find("checkins", "meeting_id", meeting_id) if not d.get("undone_at")]
    finally:
        ctx.close()


# -- the headless command ----------------------------------------------------------------------


def test_checkin_exits_0_accepted_3_already_4_refused_with_one_line(demo_store, capsys, german) -> None:
    path, meeting_id, codes = demo_store
    assert main(["--db", str(path), "checkin", codes[0], "--station", "Eingang 2"]) == 0
    out, err = capsys.readouterr()
    assert out.count("\n") == 1 and "Willkommen" in out and not err
    assert main(["--db", str(path), "checkin", codes[0], "--meeting", str(meeting_id)]) == 3
    out, err = capsys.readouterr()
    assert not out and err.count("\n") == 1 and "schon eingecheckt" in err and "Eingang 2" in err
    assert main(["--db", str(path), "checkin", "https://example.org/t/1"]) == 4
    out, err = capsys.readouterr()
    assert not out and "kein Code" in err
    assert main(["--db", str(path), "--lang", "en", "checkin", codes[0][:-1]]) == 4
    out, err = capsys.readouterr()
    assert "check character" in err
    assert main(["--db", str(path), "--lang", "en", "checkin", codes[1]]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Welcome")
    stored = _active(path, meeting_id)
    assert [(d["code"], d["method"]) for d in stored] == [(codes[0], "cli"), (codes[1], "cli")]


def test_checkin_as_a_separate_process(demo_store) -> None:
    path, meeting_id, codes = demo_store
    run = [sys.executable, "-m", "integra_tui", "--db", str(path), "checkin", codes[2]]
    first = subprocess.run(run, capture_output=True, text=True, env=_env(), timeout=60)
    second = subprocess.run(run, capture_output=True, text=True, env=_env(), timeout=60)
    assert (first.returncode, second.returncode) == (0, 3)
    assert "Willkommen" in first.stdout and "schon eingecheckt" in second.stderr
    assert len(_active(path, meeting_id)) == 1


# -- two stations on one store -------------------------------------------------------------------

SECOND_STATION = textwrap.dedent(
    """
    import sys, time
    from integra_tui.services.checkin import check_in_code, door_counts
    from integra_tui.services.context import open_context

    path, meeting_id, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    ctx = open_context(path)
    print("ready", flush=True)
    sys.stdin.readline()  # go
    for code in codes:
        print(code, check_in_code(ctx, meeting_id, code, station="Eingang 2").outcome.value, flush=True)
        time.sleep(0.2)  # people arrive one after another at this station too
    print("scanned", flush=True)
    sys.stdin.readline()  # count
    print("present", door_counts(ctx, meeting_id).present, flush=True)
    ctx.close()
    """
)


async def test_two_stations_on_one_store_agree_and_double_no_one(demo_store, monkeypatch) -> None:
    # Keys at about scanner speed (see scanner_speed in test_door.py).
    monkeypatch.setattr("textual._wait.SLEEP_GRANULARITY", 0.002)
    monkeypatch.setattr("textual._wait.SLEEP_IDLE", 0.0002)
    monkeypatch.setattr(DoorScreen, "count_delay", 0)
    path, meeting_id, codes = demo_store
    # Ten people are scanned at both stations, at about the same time (near the end of each list).
    here, there = codes[:25], codes[15:][::-1]
    other = subprocess.Popen(
        [sys.executable, "-c", SECOND_STATION, str(path), str(meeting_id), *there],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert other.stdout is not None and other.stdin is not None
    ctx = open_context(path, clock=FakeClock(datetime(2026, 11, 27, 16, 55, tzinfo=BERLIN)))
    app = make_app(ctx, screen="door", meeting_id=meeting_id, station="Eingang 1")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert other.stdout.readline().strip() == "ready"
            other.stdin.write("go\n")
            other.stdin.flush()
            await pilot.press(*[key for code in here for key in (*code, "enter")])
            lines = []
            while (line := other.stdout.readline().strip()) != "scanned":
                lines.append(line.split())
            app.check_store()  # the app's one-second poll, now: StoreChanged reaches the door
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            shown_here = str(app.screen.query_one("#present-digits", Digits).value)
            other.stdin.write("count\n")
            other.stdin.flush()
            counted_there = other.stdout.readline().split()
            assert isinstance(app.focused, ScanInput)
    finally:
        ctx.close()
        other.wait(timeout=30)
    assert counted_there == ["present", "40"]
    assert shown_here == "40"
    stored = _active(path, meeting_id)
    assert sorted(d["code"] for d in stored) == sorted(codes)  # everyone once: none doubled, none lost
    accepted_there = {code for code, outcome in lines if outcome == "accepted"}
    assert {d["code"] for d in stored if d["station"] == "Eingang 2"} == accepted_there
    assert {code for code, outcome in lines if outcome == "duplicate"} <= set(here)


# -- killed in the middle of a burst -----------------------------------------------------------

DRIVER = textwrap.dedent(
    """
    import asyncio, os, sys
    import textual._wait
    from integra_tui.services.context import open_context
    from integra_tui.ui.app import make_app
    from integra_tui.ui.screens.door import DoorScreen

    textual._wait.SLEEP_GRANULARITY, textual._wait.SLEEP_IDLE = 0.002, 0.0002  # scanner speed
    path, meeting_id, codes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    show_result = DoorScreen.show_result

    def show_and_report(self, result):
        show_result(self, result)
        if result.accepted:  # the panel says "Willkommen!" now: report it the same moment
            os.write(1, (result.code + "\\n").encode())

    DoorScreen.show_result = show_and_report

    async def run():
        app = make_app(open_context(path), screen="door", meeting_id=meeting_id, station="Eingang 1")
        async with app.run_test(size=(80, 24)) as pilot:
            os.write(1, b"ready\\n")
            await pilot.press(*[key for code in codes for key in (*code, "enter")])
            await pilot.pause()
        os.write(1, b"done\\n")

    asyncio.run(run())
    """
)


def test_every_scan_shown_as_accepted_survives_a_kill_mid_burst(demo_store) -> None:
    path, meeting_id, codes = demo_store
    driver = subprocess.Popen(
        [sys.executable, "-c", DRIVER, str(path), str(meeting_id), *codes],
        stdout=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert driver.stdout is not None
    try:
        assert driver.stdout.readline().strip() == "ready"
        shown = []
        while len(shown) < 12:
            line = driver.stdout.readline().strip()
            assert line and line != "done", "the burst ended before the kill"
            shown.append(line)
        driver.send_signal(signal.SIGKILL)
        shown.extend(line.strip() for line in driver.stdout if line.strip())  # written before the kill
    finally:
        driver.kill()
        driver.wait(timeout=30)
    assert driver.returncode == -signal.SIGKILL
    assert "done" not in shown and len(shown) < len(codes)
    stored = {d["code"] for d in _active(path, meeting_id)}
    assert set(shown) <= stored  # every code shown as accepted is in the store after the restart
    assert len(stored) - len(shown) <= 1  # at most the one being saved at the kill was not yet shown
