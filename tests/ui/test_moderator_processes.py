"""The real command line in a terminal: the moderator killed mid-item and restarted, the second screen following.

Each app runs as its own process (`integra-tui ... moderate` / `display`) in a pseudo-terminal, on a
clock fixed through the INTEGRA_FAKE_NOW test hook. The tests read what the app draws (escape
sequences stripped) and wait for a text to appear; the deadlines only stop a broken test, they
measure nothing.
"""

from __future__ import annotations

import codecs
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock, to_iso
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN)
DEADLINE = 60.0
"""Seconds after which a text that never appears fails the test."""

_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[PX^_][^\x1b]*\x1b\\|\x1b[@-Z\\-_]"
)


class Terminal:
    """One integra-tui process in a pseudo-terminal of a given size."""

    def __init__(self, args: list[str], now: datetime, size: tuple[int, int] = (100, 30)) -> None:
        master, slave = pty.openpty()
        columns, lines = size
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "INTEGRA_FAKE_NOW": to_iso(now), "INTEGRA_LANG": "de"}
        env.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "integra_tui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self.seen = ""
        """Everything drawn so far, escape sequences removed."""

    def wait_for(self, text: str) -> None:
        """Read what the app draws until ``text`` shows up (the deadline only guards against a hang)."""
        if not self._read_until(lambda: text in self.seen):
            raise AssertionError(f"{text!r} did not appear; the screen showed:\n{self.seen[-3000:]}")

    def _read_until(self, condition) -> bool:
        """Read what the app draws until ``condition()`` holds (True) or the process ended (False)."""
        import time

        end = time.monotonic() + DEADLINE
        while not condition():
            left = end - time.monotonic()
            if left <= 0 or self.process.poll() is not None:
                return False
            ready, _w, _x = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the process closed the terminal
                    chunk = b""
                self.seen += _ESCAPES.sub("", self.decoder.decode(chunk))
        return True

    def forget(self) -> None:
        """Start looking for texts only in what is drawn from now on."""
        self.seen = ""

    def press(self, keys: str) -> None:
        """Type into the app's terminal."""
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        """SIGKILL, as when the laptop's power fails or the app is killed."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=DEADLINE)
        os.close(self.master)

    def quit(self) -> None:
        """Leave with Ctrl+Q and wait for the process to end."""
        if self.process.poll() is None:
            self.forget()
            self.press("\x11")
            # During a running item the app asks first ("App beenden?"); a second Ctrl+Q answers it.
            if self._read_until(lambda: "App beenden?" in self.seen):
                self.press("\x11")
            try:
                self.process.wait(timeout=DEADLINE)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        os.close(self.master)


@pytest.fixture()
def store(tmp_path: Path):
    """A store with today's demo meeting (created at T0) and its id."""
    ctx = open_context(tmp_path / "store.json", clock=FakeClock(T0))
    meeting, _report = ensure_demo(ctx)
    yield ctx, meeting.id
    ctx.close()


def test_killed_during_an_item_the_restarted_moderator_shows_the_right_elapsed_time(store) -> None:
    ctx, meeting_id = store
    db = str(ctx.path)
    first = Terminal(["--db", db, "moderate", "--meeting", str(meeting_id)], now=T0)
    try:
        first.wait_for("Als Nächstes: Begrüßung")
        first.forget()
        first.press(" ")  # start the first item, as the moderator would
        first.wait_for("läuft · 00:00 von 10:00")  # drawn only after the start was stored
    finally:
        first.kill()

    ctx.store.refresh()
    assert [e.kind for e in mod.timer_events(ctx, meeting_id)] == ["meeting_start", "item_start"]

    later = T0 + timedelta(minutes=7, seconds=12)
    second = Terminal(["--db", db, "moderate", "--meeting", str(meeting_id)], now=later)
    try:
        second.wait_for("läuft · 07:12 von 10:00")
        second.wait_for("1/7 Begrüßung")
        second.forget()
        second.press("n")  # and the meeting carries on
        second.wait_for("2/7 Vorstellungsrunde")
    finally:
        second.quit()
    ctx.store.refresh()
    state = mod.agenda_state(ctx, meeting_id)
    assert state.items[0].status == "done"


def test_display_in_another_process_follows_the_moderator(store) -> None:
    ctx, meeting_id = store
    display = Terminal(["--db", str(ctx.path), "display", "--meeting", str(meeting_id)], now=T0 + timedelta(minutes=3))
    try:
        display.wait_for("Gleich: Begrüßung")
        display.forget()
        mod.next_item(ctx, meeting_id)  # the moderator starts the first item (in this process)
        display.wait_for("Vortrag · Katrin Vogel")
        item = mod.agenda_state(ctx, meeting_id).current_item_id
        display.forget()
        mod.add_speaker(ctx, meeting_id, item, "Gisela Hartmann")
        display.wait_for("Als Nächstes: Gisela Hartmann")
        display.forget()
        mod.next_item(ctx, meeting_id)
        display.wait_for("Vorstellungsrunde")
    finally:
        display.quit()
