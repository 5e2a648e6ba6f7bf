"""``integra-tui serve`` for real: a server process, browser stations over textual-serve's websocket, the store.

Each test starts the server on 127.0.0.1 (or 0.0.0.0, reached through 127.0.0.1) with ``--port 0``,
reads the port from the start message and stops the server (and its stations) when done.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from integra_tui.services.context import Context, open_context
from integra_tui.services.demo import ensure_demo
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
        return f"http://127.0.0.1:{self.port}"

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

    def start(*args: str) -> Served:
        ctx = open_context(tmp_path / "store.json")
        try:
            ensure_demo(ctx)  # today's meeting with 40 invitees, as after `integra-tui demo`
        finally:
            ctx.close()
        env = {**os.environ}
        env.pop("INTEGRA_LANG", None)
        env.pop("INTEGRA_DB", None)
        process = subprocess.Popen(
            [sys.executable, "-m", "integra_tui", "--db", str(tmp_path / "store.json"), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
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
            match = re.search(r"http://\S+", line)
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

    def screen_text(self) -> str:
        """Everything the app drew so far, without escape sequences."""
        return _ESCAPES.sub("", self.received.decode("utf-8", "replace"))

    async def wait_for(self, text: str) -> None:
        """Wait until the app has drawn ``text`` (bounded)."""

        async def seen() -> None:
            while text not in self.screen_text():
                if self._reader.done():
                    raise AssertionError(f"station closed before showing {text!r}")
                self._arrived.clear()
                await self._arrived.wait()

        await asyncio.wait_for(seen(), DEADLINE_SECONDS)

    async def type(self, text: str) -> None:
        """Keystrokes as the browser sends them: one stdin message per key (a scanner types the same way)."""
        for key in text:
            await self.websocket.send_str(json.dumps(["stdin", key]))

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
                            lambda: (
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
    assert short.stderr.strip() == "Fehler: Der Zugangscode braucht mindestens 6 Zeichen."
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
        second.stderr.strip()
        == f"Fehler: Port {served.port} ist schon belegt (läuft integra-tui serve schon?). Einen anderen wählen, z. B. --port {served.port + 1}."
    )


async def test_stopping_the_server_ends_every_station(serve) -> None:
    served = serve("--host", "127.0.0.1")
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
