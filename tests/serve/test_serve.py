"""``integra-tui serve`` for real: a server process, browser stations over textual-serve's websocket, the store.

Each test starts the server on 127.0.0.1 (or 0.0.0.0, reached through 127.0.0.1) with ``--port 0``,
reads the port from the start message and stops the server (and its stations) when done.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import queue
import re
import signal
import socket
import ssl
import stat
import subprocess
import sys
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from integra_tui.domain.models import Person
from integra_tui.services.checkin import register_walk_in
from integra_tui.services.context import Context, open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, invite, invitees_of
from integra_tui.ui.app import make_app

START_SECONDS = 60
"""Upper bound for the server to print its address (a cold start imports a lot)."""

DEADLINE_SECONDS = 60
"""Upper bound for a station or the store to show what a test waits for."""

_ESCAPES = re.compile(r"\x1b\[[0-9;?<>=$]*[A-Za-z~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


@dataclass
class Served:
    """A running ``integra-tui serve`` process and what it printed."""

    process: subprocess.Popen[str]
    url: str
    port: int
    stdout: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    readers: list[threading.Thread] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        """The access code in the printed URL."""
        return parse_qs(urlsplit(self.url).query).get("code", [None])[0]

    @property
    def base(self) -> str:
        """The server's address through 127.0.0.1."""
        scheme = urlsplit(self.url).scheme
        return f"{scheme}://127.0.0.1:{self.port}"

    @property
    def fingerprint(self) -> str:
        """The TLS fingerprint the start message shows (four lines of eight pairs)."""
        parts = re.findall(r"(?<![0-9A-F:])([0-9A-F]{2}(?::[0-9A-F]{2}){7})(?![0-9A-F:])", "".join(self.stdout))
        assert len(parts) >= 4, "no fingerprint in the start message"
        return ":".join(parts[:4])

    def output(self) -> str:
        """Everything printed on stdout so far."""
        return "".join(self.stdout)

    def log(self) -> str:
        """Everything logged on stderr so far."""
        return "".join(self.stderr)

    def command(self, line: str) -> None:
        """Type ``line`` and Enter into the serving terminal."""
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def app_processes(self) -> list[int]:
        """The server's child processes: one app per connected station."""
        children = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                children.append(int(entry.name))
        return children


def _drain(stream, into: list[str], lines: queue.Queue[str] | None) -> None:
    for line in stream:
        into.append(line)
        if lines is not None:
            lines.put(line)


@pytest.fixture()
def serve(tmp_path: Path) -> Iterator:
    started: list[Served] = []

    def start(*args: str, env: dict[str, str] | None = None, open_files: int | None = None) -> Served:
        ctx = open_context(tmp_path / "store.json")
        try:
            ensure_demo(ctx)  # today's meeting with 40 invitees, as after `integra-tui demo`
        finally:
            ctx.close()
        environment = {**os.environ, **(env or {})}
        environment.pop("INTEGRA_LANG", None)
        environment.pop("INTEGRA_DB", None)
        command = [sys.executable, "-m", "integra_tui", "--db", str(tmp_path / "store.json"), "serve", "--port", "0"]
        command += args
        if open_files:  # the usual limit of open files, lowered (the shell execs: same process)
            command = ["sh", "-c", f'ulimit -n {open_files} && exec "$@"', "sh", *command]
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,  # the serving terminal's commands
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            start_new_session=True,  # its own process group: the finally below can stop every station too
        )
        served = Served(process, url="", port=0)
        started.append(served)
        lines: queue.Queue[str] = queue.Queue()
        served.readers = [
            threading.Thread(target=_drain, args=(process.stdout, served.stdout, lines), daemon=True),
            threading.Thread(target=_drain, args=(process.stderr, served.stderr, None), daemon=True),
        ]
        for reader in served.readers:
            reader.start()
        while True:
            try:
                line = lines.get(timeout=START_SECONDS)
            except queue.Empty:
                raise AssertionError("serve printed no address:\n" + "".join(served.stdout + served.stderr)) from None
            match = re.search(r"https?://\S+", line)
            if match and not served.url:
                served.url = match.group(0)
                served.port = int(urlsplit(served.url).port or 80)
            if line.startswith("Beenden mit Strg+C."):  # the last line of the start message
                assert served.url, "no address in the start message"
                return served

    yield start
    for served in started:
        group = served.process.pid
        try:
            served.process.send_signal(signal.SIGTERM)
            served.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        finally:
            try:
                os.killpg(group, signal.SIGKILL)  # whatever is left of this test's own process group
            except (ProcessLookupError, PermissionError):
                pass
            served.process.wait(timeout=10)


_CONTROL = re.compile(
    r"\x1b\[([0-9;?<>=$]*)([A-Za-z~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)


def _replay(output: str, width: int = 200, height: int = 60) -> list[list[str]]:
    """The screen after ``output``: enough of a terminal for Textual, which places every run with a cursor move."""
    rows = [[" "] * width for _row in range(height)]
    row = column = 0
    position = 0
    for control in _CONTROL.finditer(output + "\x1b[0m"):
        for ch in output[position : control.start()]:
            if ch == "\r":
                column = 0
            elif ch == "\n":
                row = min(row + 1, height - 1)
            elif ch >= " " and column < width:
                rows[row][column] = ch
                column += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        position = control.end()
        if control.group(2) == "H":
            parts = (control.group(1) or "1;1").split(";")
            row = min(max(int(parts[0] or 1), 1), height) - 1
            column = min(max(int(parts[1] or 1) if len(parts) > 1 else 1, 1), width) - 1
    return rows


class Station:
    """A browser station, spoken to the way textual-serve's page does: JSON text frames in, terminal bytes out."""

    def __init__(self, websocket: aiohttp.ClientWebSocketResponse) -> None:
        self.websocket = websocket
        self.received = bytearray()
        self._arrived = asyncio.Event()
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for message in self.websocket:
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data
                self._arrived.set()
        self._arrived.set()

    def screen(self) -> str:
        """What the browser's terminal shows now, line by line (cursor moves replayed, colours ignored)."""
        return "\n".join("".join(row).rstrip() for row in _replay(self.received.decode("utf-8", "replace")))

    async def wait_for_screen(self, text: str) -> str:
        """Wait until the terminal shows ``text`` (bounded); returns the screen then."""

        async def seen() -> str:
            while text not in (shown := self.screen()):
                if self._reader.done():
                    raise AssertionError(f"station closed before showing {text!r}")
                self._arrived.clear()
                await self._arrived.wait()
            return shown

        return await asyncio.wait_for(seen(), DEADLINE_SECONDS)

    def screen_text(self, since: int = 0) -> str:
        """Everything the app drew so far (or after byte ``since``), without escape sequences."""
        return _ESCAPES.sub("", self.received[since:].decode("utf-8", "replace"))

    @property
    def mark(self) -> int:
        """Where the drawing stands now: pass to :meth:`wait_for` to look only at what comes after."""
        return len(self.received)

    async def wait_for(self, text: str, since: int = 0) -> None:
        """Wait until the app has drawn ``text`` (after byte ``since``; bounded)."""

        async def seen() -> None:
            while text not in self.screen_text(since):
                if self._reader.done():
                    raise AssertionError(f"station closed before showing {text!r}")
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(seen(), DEADLINE_SECONDS)

    async def wait_closed(self) -> None:
        """Wait until the server has closed this station's connection (bounded)."""
        await asyncio.wait_for(asyncio.shield(self._reader), DEADLINE_SECONDS)

    @property
    def closed(self) -> bool:
        """True once the connection has ended."""
        return self._reader.done()

    async def type(self, text: str) -> None:
        """Keystrokes as the browser sends them: one stdin message per key (a scanner types the same way)."""
        for key in text:
            await self.websocket.send_str(json.dumps(["stdin", key]))

    async def press(self, sequence: str) -> None:
        """One key that the terminal sends as an escape sequence (F2 is ``\\x1bOQ``, Escape ``\\x1b``)."""
        await self.websocket.send_str(json.dumps(["stdin", sequence]))

    async def close(self) -> None:
        await self.websocket.close()
        self._reader.cancel()


def _demo_codes(ctx: Context) -> tuple[int, dict[str, int]]:
    meeting, _report = ensure_demo(ctx)
    codes = {
        doc["code"]: doc["person_id"]
        for doc in ctx.store.find("codes", "meeting_id", meeting.id)
        if doc.get("status") == "active" and doc.get("kind", "invitation") == "invitation"
    }
    return meeting.id, codes


async def _wait_until(condition, what: str) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(poll(), DEADLINE_SECONDS)
    except asyncio.TimeoutError:
        raise AssertionError(f"never happened: {what}") from None


def _active_check_ins(ctx: Context, meeting_id: int) -> list[dict]:
    ctx.store.refresh()
    return [doc for doc in ctx.store.find("checkins", "meeting_id", meeting_id) if not doc.get("undone_at")]


async def test_two_browser_stations_check_in_different_people_into_the_same_store(serve, tmp_path: Path) -> None:
    laptop = open_context(tmp_path / "store.json")
    meeting_id, codes = _demo_codes(laptop)
    served = serve("--host", "127.0.0.1", "--code", "geheim-77")
    assert served.url == f"http://127.0.0.1:{served.port}/?code=GEHEIM77"
    code_list = sorted(codes)
    door_two_codes, browser_codes = code_list[0:4], code_list[4:8]

    # the laptop's own screen, on the same store, while the browsers check people in
    app = make_app(laptop, screen="home", meeting_id=meeting_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        async with (
            aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as browser,
            aiohttp.ClientSession() as scripted,
        ):
            # a browser as a helper's tablet uses it: the URL with the code, then the page's own websocket
            page = await browser.get(f"{served.base}/?code=GEHEIM77")
            html = await page.text()
            assert page.status == 200 and str(page.url) == f"{served.base}/"  # the code left the address bar
            websocket_url = re.search(r'data-session-websocket-url="([^"]+)"', html).group(1)
            assert websocket_url == f"ws://127.0.0.1:{served.port}/ws/Browser%201"
            tablet = Station(await browser.ws_connect(websocket_url + "?width=120&height=36"))
            # a client naming its station in the URL and bringing the code itself
            door_two = Station(
                await scripted.ws_connect(f"{served.base}/ws/T%C3%BCr%202?code=GEHEIM77&width=120&height=36")
            )
            try:
                await asyncio.gather(tablet.wait_for("Beenden"), door_two.wait_for("Beenden"))
                assert len(served.app_processes()) == 2

                async def scan_all(station: Station, station_codes: list[str]) -> None:
                    for number, code in enumerate(station_codes, start=1):
                        await station.type(code + "\r")
                        await _wait_until(
                            lambda number=number: (
                                sum(doc["code"] in station_codes for doc in _active_check_ins(laptop, meeting_id))
                                >= number
                            ),
                            f"check-in of scan {number}",
                        )

                await asyncio.gather(scan_all(tablet, browser_codes), scan_all(door_two, door_two_codes))
            finally:
                await tablet.close()
                await door_two.close()

        check_ins = _active_check_ins(laptop, meeting_id)
        assert sorted((doc["person_id"], doc["station"]) for doc in check_ins) == sorted(
            [(codes[code], "Browser 1") for code in browser_codes] + [(codes[code], "Tür 2") for code in door_two_codes]
        )
        # the laptop's screen shows them by itself (the store's cross-process refresh, no key pressed)
        title = app.screen.query_one("#invitees-title")
        await _wait_until(lambda: "8 von 40 da" in str(title.render()), "the laptop's screen showing 8 present")
    laptop.close()


async def test_on_all_interfaces_the_code_is_always_asked_for_and_nothing_starts_without_it(serve) -> None:
    served = serve("--host", "0.0.0.0")
    code = served.code
    assert code and len(code) == 10
    assert "Zugangscode:" in "".join(served.stdout) and "█" in "".join(served.stdout)  # the QR code to scan
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        for query in ("", "?code=", "?code=AAAAAAAAAA"):
            for path in ("/", "/static/js/textual.js"):
                response = await client.get(f"{served.base}{path}{query}", allow_redirects=False)
                assert response.status == 403
                assert "textual" not in (await response.text()).lower()
        with pytest.raises(aiohttp.WSServerHandshakeError) as missing:
            await client.ws_connect(f"{served.base}/ws?width=80&height=24")
        assert missing.value.status == 403
        assert served.app_processes() == []
        # the fifth wrong code from this address; then it is locked out, the right code included
        with pytest.raises(aiohttp.WSServerHandshakeError) as wrong:
            await client.ws_connect(f"{served.base}/ws?code=BBBBBBBBBB")
        assert wrong.value.status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as locked:
            await client.ws_connect(f"{served.base}/ws?code={code}")
        assert locked.value.status == 429
        assert served.app_processes() == []
    await _wait_until(
        lambda: "".join(served.stderr).count("Falscher Zugangscode von 127.0.0.1") == 5, "five logged failures"
    )
    log = "".join(served.stderr)
    assert "AAAAAAAAAA" not in log and "BBBBBBBBBB" not in log and code not in log


async def test_the_right_code_on_all_interfaces_opens_the_display(serve) -> None:
    served = serve("--host", "0.0.0.0", "--screen", "display", "--meeting", "1")
    async with aiohttp.ClientSession() as client:
        station = Station(await client.ws_connect(f"{served.base}/ws?code={served.code.lower()}&width=100&height=30"))
        try:
            await station.wait_for("INTEGRA-Netzwerktreffen (Demo)")
            assert len(served.app_processes()) == 1
        finally:
            await station.close()


def test_refusals_at_start(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ}
        env.pop("INTEGRA_LANG", None)
        command = [sys.executable, "-m", "integra_tui", "--db", str(tmp_path / "s.json"), "serve", *args]
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)

    short = run("--code", "abc")
    assert short.returncode == 1
    assert short.stderr.strip().splitlines()[-1] == "Fehler: Der Zugangscode braucht mindestens 6 Zeichen (--code)."
    open_network = run("--host", "0.0.0.0", "--no-code")
    assert open_network.returncode == 1
    assert open_network.stderr.strip() == (
        "Fehler: Ohne Zugangscode nur auf diesem Laptop: --no-code geht nur mit --host localhost."
    )
    assert run("--no-code", "--code", "geheim-77").returncode == 2  # one source of the code at most
    too_much = run("--max-connections", "8", "--reserve", "8")
    assert too_much.returncode == 1
    assert too_much.stderr.strip() == "Fehler: --reserve muss kleiner sein als --max-connections."
    no_meeting = run("--host", "0.0.0.0")
    assert no_meeting.returncode == 1
    assert no_meeting.stderr.startswith("Fehler: Es gibt noch kein Treffen.")
    unknown = run("--meeting", "99", "--screen", "display")
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert run("--screen", "kitchen").returncode == 2


def test_a_busy_port_is_named_in_plain_words(serve, tmp_path: Path) -> None:
    served = serve("--host", "127.0.0.1")
    env = {**os.environ}
    env.pop("INTEGRA_LANG", None)
    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "integra_tui",
            "--db",
            str(tmp_path / "store.json"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(served.port),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert second.returncode == 1
    assert (
        second.stderr.strip() == f"Fehler: Port {served.port} ist schon belegt (läuft integra-tui serve schon?). "
        f"Einen anderen wählen, z. B. --port {served.port + 1}."
    )


async def test_stopping_the_server_ends_every_station(serve) -> None:
    served = serve("--host", "127.0.0.1", "--no-code")
    async with aiohttp.ClientSession() as client:
        station = Station(await client.ws_connect(f"{served.base}/ws/Eingang?width=100&height=30"))
        await station.wait_for("Beenden")
        [app_pid] = served.app_processes()
        served.process.send_signal(signal.SIGTERM)
        status = await asyncio.wait_for(asyncio.to_thread(served.process.wait), DEADLINE_SECONDS)
        await asyncio.wait_for(station._reader, DEADLINE_SECONDS)  # the browser sees the connection end
    for reader in served.readers:
        reader.join(DEADLINE_SECONDS)  # everything the server printed has been read
    assert status == 0
    assert not Path(f"/proc/{app_pid}").exists()
    assert "Server beendet; alle Stationen sind geschlossen." in "".join(served.stdout)


# -- least privilege ----------------------------------------------------------------------------

F2, F3, ESCAPE, CTRL_P = "\x1bOQ", "\x1bOR", "\x1b", "\x10"


async def test_a_door_browser_finds_only_this_meetings_invitees_and_who_is_here(serve, tmp_path: Path) -> None:
    laptop = open_context(tmp_path / "store.json")
    meeting, _report = ensure_demo(laptop)
    counselling = add_meeting(laptop, "Beratung", meeting.date)
    hamid = add_person(laptop, Person(name="Hamid Rahimi", group="Zugewandert", email="hamid@example.org"))
    invite(laptop, counselling.id, hamid.id)  # invited to the counselling meeting only
    add_person(laptop, Person(name="Anton Müller", group="Interessiert"))  # known from long ago, invited nowhere
    register_walk_in(laptop, meeting.id, "Lena Vogt", "Ehrenamtlich", email="lena@example.org", station="Eingang")
    laptop.close()
    served = serve("--host", "127.0.0.1")
    async with aiohttp.ClientSession() as client:
        door = Station(await client.ws_connect(f"{served.base}/ws/Eingang?code={served.code}&width=120&height=36"))
        try:
            await door.wait_for("Beenden")

            async def search(text: str, expect: str) -> str:
                await door.press(F2)
                await door.wait_for_screen("Person suchen")
                await door.type(text)
                shown = await door.wait_for_screen(expect)
                await door.press(ESCAPE)
                await door.wait_for_screen("Bitte Einladung scannen")
                return shown

            for hidden in ("rahimi", "hamid"):  # invited to another meeting only
                assert "Hamid" not in await search(hidden, "Niemand gefunden. F3 nimmt eine neue Person auf.")
            müller = await search("muller", "Jürgen Müller · Kommune")
            assert "Anton" not in müller  # known, but neither invited nor here
            vogt = await search("vogt", "Lena Vogt · Ehrenamtlich · schon da seit")  # a walk-in, here today
            assert "lena@" not in vogt and "example.org" not in vogt
            everything = door.screen_text()
            for hidden in ("Hamid", "Rahimi", "Anton", "example.org", "Beratung"):
                assert hidden not in everything
        finally:
            await door.close()


async def test_the_served_display_shows_what_the_projector_shows_and_nothing_else(serve, tmp_path: Path) -> None:
    laptop = open_context(tmp_path / "store.json")
    meeting, _report = ensure_demo(laptop)
    names = {person.name for _invitee, person in invitees_of(laptop, meeting.id)}
    emails = {person.email for _invitee, person in invitees_of(laptop, meeting.id) if person.email}
    laptop.close()
    presenters = {"Katrin Vogel", "Claudia Neumann", "Gisela Hartmann", "Sabine Kröger"}  # on the agenda
    served = serve("--host", "127.0.0.1", "--screen", "display")
    async with aiohttp.ClientSession() as client:
        display = Station(await client.ws_connect(f"{served.base}/ws?code={served.code}&width=120&height=36"))
        try:
            await display.wait_for("INTEGRA-Netzwerktreffen (Demo)")
            mark = display.mark
            await display.press(CTRL_P)
            await display.wait_for("Design wechseln", mark)
            palette = display.screen_text(mark)
            assert "Hilfe" in palette and "Beenden" in palette
            assert "suchen" not in palette and "Einladung" not in palette  # no door, no other screen
            for key in (ESCAPE, F2, F3, "\t", "\r", ESCAPE, "x"):
                await display.press(key)
            mark = display.mark
            await display.press("\x1bOP")  # F1: the display's own help, then back
            await display.wait_for("Zweiter Bildschirm", mark)
            await display.press("\x1bOP")
            everything = display.screen_text()
            assert [name for name in names - presenters if name in everything] == []
            assert [email for email in emails if email in everything] == []
            assert "Zugewandert" not in everything and "Kommune" not in everything
        finally:
            await display.close()


# -- the code -------------------------------------------------------------------------------------


async def test_on_loopback_a_code_is_needed_unless_no_code_is_given(serve) -> None:
    served = serve("--host", "127.0.0.1")
    assert served.code and len(served.code) == 10  # generated
    async with aiohttp.ClientSession() as client:
        assert (await client.get(f"{served.base}/", allow_redirects=False)).status == 403
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await client.ws_connect(f"{served.base}/ws/Eingang")
        assert refused.value.status == 403
    open_one = serve("--host", "127.0.0.1", "--no-code")
    assert open_one.code is None
    assert "Ohne Zugangscode: jedes Benutzerkonto dieses Laptops erreicht die Station." in open_one.output()
    async with aiohttp.ClientSession() as client:
        assert (await client.get(f"{open_one.base}/")).status == 200


async def test_the_code_comes_from_the_environment_or_a_file_and_stays_out_of_the_stations(
    serve, tmp_path: Path
) -> None:
    served = serve("--host", "127.0.0.1", env={"INTEGRA_SERVE_CODE": "geheim-77"})
    assert served.code == "GEHEIM77"
    command_line = Path(f"/proc/{served.process.pid}/cmdline").read_text()
    assert "GEHEIM77" not in command_line.upper().replace("-", "")  # nothing for ps to show
    async with aiohttp.ClientSession() as client:
        door = Station(await client.ws_connect(f"{served.base}/ws/Eingang?code=GEHEIM77&width=100&height=30"))
        try:
            await door.wait_for("Beenden")
            [app] = served.app_processes()
            environment = Path(f"/proc/{app}/environ").read_bytes().split(b"\0")
            assert not [entry for entry in environment if entry.startswith(b"INTEGRA_SERVE_CODE=")]
        finally:
            await door.close()
    code_file = tmp_path / "code.txt"
    code_file.write_text("\n  tuer-zwei-2026 \n")
    code_file.chmod(0o644)
    from_file = serve("--host", "127.0.0.1", "--code-file", str(code_file))
    assert from_file.code == "TUERZWEI2026"
    await _wait_until(lambda: "ist auch für andere Benutzer lesbar" in from_file.log(), "a warning on the file's mode")
    in_ps = serve("--host", "127.0.0.1", "--code", "geheim-88")
    await _wait_until(lambda: "Prozessliste (ps)" in in_ps.log(), "a warning that --code shows in ps")


async def test_a_new_code_ends_the_stations_and_the_old_code_opens_nothing(serve) -> None:
    served = serve("--host", "0.0.0.0")
    old = served.code
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as tablet:
        page = await tablet.get(f"{served.base}/?code={old}")
        assert page.status == 200
        websocket_url = re.search(r'data-session-websocket-url="([^"]+)"', await page.text()).group(1)
        door = Station(await tablet.ws_connect(websocket_url + "?width=100&height=30"))
        await door.wait_for("Beenden")
        served.command("c")
        await _wait_until(lambda: "Neuer Zugangscode. Der alte gilt nicht mehr" in served.output(), "a new code")
        await door.wait_closed()  # the station that came with the old code is cut off
        await _wait_until(lambda: served.output().count("?code=") >= 2, "the new URL")
        new = parse_qs(urlsplit(re.findall(r"https?://\S+", served.output())[-1]).query)["code"][0]
        assert new != old and f"Zugangscode: {new[:5]}-{new[5:]}" in served.output()
        refused = await tablet.get(f"{served.base}/")  # its cookie holds the old code
        assert refused.status == 403 and "Der Zugangscode wurde geändert" in await refused.text()
        await _wait_until(lambda: not served.app_processes(), "the old station's app ending")
        for _attempt in range(6):  # the old code is refused as changed, never counted as a guess
            assert (await tablet.get(f"{served.base}/?code={old}", allow_redirects=False)).status == 403
        assert (await tablet.get(f"{served.base}/?code={new}")).status == 200
        door = Station(await tablet.ws_connect(websocket_url + "?width=100&height=30"))
        try:
            await door.wait_for("Beenden")
        finally:
            await door.close()
    assert "Falscher Zugangscode" not in served.log()


# -- nobody can block the helpers --------------------------------------------------------------


def _half_open(port: int, source: str, tls: bool = False) -> socket.socket:
    """A connection that sends the start of a request and then nothing (or, for TLS, not even a hello)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=DEADLINE_SECONDS, source_address=(source, 0))
    if not tls:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow")
    return sock


def _still_open(sock: socket.socket) -> bool:
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False


async def test_held_half_open_connections_do_not_lock_out_a_helper_with_the_code(serve, tmp_path: Path) -> None:
    """130 held requests without the code at a limit of 96 open files: the old server had none left for a helper."""
    served = serve(
        "--host", "0.0.0.0", "--stations", "2", "--max-connections", "8", "--reserve", "2", "--per-address", "4",
        "--header-seconds", "600", open_files=96,
    )  # fmt: skip
    laptop = open_context(tmp_path / "store.json")
    meeting_id, codes = _demo_codes(laptop)
    held: list[socket.socket] = []
    try:
        for number in range(130):  # from four addresses of this laptop, as a local account or a LAN guest could
            held.append(_half_open(served.port, f"127.0.0.{[1, 3, 4, 5][number % 4]}"))
        await _wait_until(lambda: sum(map(_still_open, held)) <= 6, "at most capacity minus reserve held")
        helper = aiohttp.TCPConnector(local_addr=("127.0.0.2", 0))
        async with aiohttp.ClientSession(connector=helper, cookie_jar=aiohttp.CookieJar(unsafe=True)) as tablet:
            page = await tablet.get(f"{served.base}/?code={served.code}")
            assert page.status == 200
            for path in ("/static/js/textual.js", "/static/css/xterm.css"):
                assert (await tablet.get(f"{served.base}{path}")).status == 200
            websocket_url = re.search(r'data-session-websocket-url="([^"]+)"', await page.text()).group(1)
            door = Station(await tablet.ws_connect(websocket_url + "?width=100&height=30"))
            try:
                await door.wait_for("Beenden")
                for number in range(40):  # they go on: the helper's station is never what gives way
                    held.append(_half_open(served.port, f"127.0.0.{[1, 3, 4, 5][number % 4]}"))
                await _wait_until(lambda: sum(map(_still_open, held)) <= 6, "still at most six held")
                first, second = sorted(codes)[:2]
                for code in (first, second):
                    await door.type(code + "\r")
                await _wait_until(lambda: len(_active_check_ins(laptop, meeting_id)) == 2, "both check-ins stored")
                assert not door.closed
            finally:
                await door.close()
    finally:
        for sock in held:
            sock.close()
        laptop.close()
    assert "Verbindungen ohne Zugangscode von 127.0.0.1 geschlossen (zu viele)" in served.log()
    assert "Too many open files" not in served.log()  # the old server's end: no file left to accept the helper


@pytest.mark.parametrize("tls", [False, True], ids=["http", "tls"])
async def test_a_request_that_never_completes_is_cut_off(serve, tls: bool) -> None:
    served = serve("--host", "127.0.0.1", "--header-seconds", "0.5", *(["--tls"] if tls else []))
    held = [_half_open(served.port, "127.0.0.1", tls=tls) for _number in range(3)]
    try:
        await _wait_until(lambda: not any(map(_still_open, held)), "the server closing every held connection")
    finally:
        for sock in held:
            sock.close()
    await _wait_until(lambda: "(zu langsam)" in served.log(), "the cut logged")


# -- stations: the list, ending one, idle ones -------------------------------------------------


async def test_the_serving_terminal_lists_the_stations_and_ends_one(serve) -> None:
    served = serve("--host", "127.0.0.1")
    async with aiohttp.ClientSession() as client:
        entrance = Station(await client.ws_connect(f"{served.base}/ws/Eingang?code={served.code}&width=100&height=30"))
        side = Station(await client.ws_connect(f"{served.base}/ws/T%C3%BCr%202?code={served.code}&width=100&height=30"))
        try:
            await asyncio.gather(entrance.wait_for("Beenden"), side.wait_for("Beenden"))
            await entrance.type("x")

            def listing_after_the_key() -> bool:
                # The key reaches the server on its own way: list again until a listing shows it.
                last = served.output().rsplit("Stationen: 2 von höchstens 16", 1)
                if len(last) == 2 and len(last[1].splitlines()) >= 3 and "letzte Taste vor" in last[1]:
                    return True
                served.command("l")
                return False

            await _wait_until(listing_after_the_key, "a listing that shows the key pressed at the entrance")
            listing = served.output().rsplit("Stationen: 2 von höchstens 16", 1)[1].splitlines()[1:3]
            numbers = {line.split()[1]: int(line.split()[0]) for line in listing}
            assert set(numbers) == {"Eingang", "Tür"} and all("127.0.0.1" in line for line in listing)
            assert "seit " in listing[0] and ("letzte Taste vor" in "".join(listing))
            served.command(f"e {numbers['Tür']}")
            await side.wait_closed()
            await _wait_until(lambda: len(served.app_processes()) == 1, "the ended station's app gone")
            assert not entrance.closed
            served.command("e 99")
            await _wait_until(lambda: "Station 99 ist nicht verbunden" in served.output(), "a plain answer")
            served.command("l")
            await _wait_until(lambda: "Stationen: 1 von höchstens 16" in served.output(), "the shorter listing")
        finally:
            await entrance.close()
            await side.close()
    assert f"Station {numbers['Tür']} beendet (im Terminal): Tür 2 (127.0.0.1)" in served.log()


async def test_an_idle_station_is_released(serve) -> None:
    served = serve("--host", "127.0.0.1", "--idle-minutes", "0.01")  # released after 0.6 s without a key
    async with aiohttp.ClientSession() as client:
        door = Station(await client.ws_connect(f"{served.base}/ws/Eingang?code={served.code}&width=100&height=30"))
        await door.wait_closed()
    await _wait_until(lambda: "beendet (zu lange keine Taste gedrückt): Eingang" in served.log(), "the release logged")
    await _wait_until(lambda: not served.app_processes(), "its app process gone")


# -- TLS ------------------------------------------------------------------------------------------


async def test_tls_serves_a_page_a_client_checking_the_printed_fingerprint_accepts(serve, tmp_path: Path) -> None:
    served = serve("--host", "127.0.0.1", "--tls")
    assert served.url.startswith("https://")
    printed = served.fingerprint
    assert "TLS-Fingerabdruck (SHA-256):" in served.output()
    for name in ("serve-cert.pem", "serve-key.pem"):  # next to the store, private
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600

    # a client that trusts nothing but the fingerprint it was shown
    def fetch_checking_the_fingerprint() -> bytes:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # no authority vouches; the fingerprint does
        with socket.create_connection(("127.0.0.1", served.port), timeout=DEADLINE_SECONDS) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                seen = hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest().upper()
                if ":".join(seen[i : i + 2] for i in range(0, 64, 2)) != printed:
                    raise AssertionError("not the printed certificate")
                tls.sendall(f"GET /?code={served.code} HTTP/1.1\r\nHost: localhost:{served.port}\r\n\r\n".encode())
                return tls.recv(4096)

    answer = await asyncio.to_thread(fetch_checking_the_fingerprint)
    assert answer.startswith(b"HTTP/1.1 303") and b"Secure" in answer and b"HttpOnly" in answer

    pinned = aiohttp.Fingerprint(bytes.fromhex(printed.replace(":", "")))
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as tablet:
        page = await tablet.get(f"{served.base}/?code={served.code}", ssl=pinned)
        html = await page.text()
        assert page.status == 200
        websocket_url = re.search(r'data-session-websocket-url="([^"]+)"', html).group(1)
        assert websocket_url.startswith("wss://")
        door = Station(await tablet.ws_connect(websocket_url + "?width=100&height=30", ssl=pinned))
        try:
            await door.wait_for("Beenden")
        finally:
            await door.close()
        wrong = aiohttp.Fingerprint(bytes(32))
        with pytest.raises(aiohttp.ServerFingerprintMismatch):
            await tablet.get(f"{served.base}/", ssl=wrong)
    # made once: the next start shows the same fingerprint, so helpers who compared it need not again
    again = serve("--host", "127.0.0.1", "--tls")
    assert again.fingerprint == printed
