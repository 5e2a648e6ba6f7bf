"""The served pages behind the gate, in-process: what a browser without, with a wrong or with the right code gets."""

from __future__ import annotations

import asyncio
import json
import logging
import shlex
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer

from integra_tui import i18n
from integra_tui.serve.access import ACCESS_COOKIE, FailureLimiter, Gate
from integra_tui.serve.server import (
    ServeOptions,
    StationServer,
    app_command,
    public_host,
    run_server,
    station_url,
)
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo

CODE = "ABCDE23456"


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
async def serve(tmp_path: Path):
    clients: list[TestClient] = []

    async def start(
        code: str | None = CODE, screen: str = "door", clock: Ticker | None = None
    ) -> tuple[StationServer, TestClient]:
        server = StationServer(
            ServeOptions(store_path=tmp_path / "store.json", screen=screen),
            Gate(code, FailureLimiter(max_failures=5, window_seconds=60)),
            host="127.0.0.1",
            port=0,
            clock=clock or Ticker(),
        )
        client = TestClient(TestServer(await server._make_app(), host="127.0.0.1"))
        await client.start_server()
        clients.append(client)
        return server, client

    yield start
    for client in clients:
        await client.close()


async def _refused_everywhere(client: TestClient, **request: object) -> None:
    for path in ("/", "/static/js/textual.js", "/static/css/xterm.css", "/download/abc", "/ws", "/ws/T%C3%BCr%202"):
        response = await client.get(path, allow_redirects=False, **request)  # type: ignore[arg-type]
        body = await response.text()
        assert response.status == 403, path
        assert "Kein Zugang" in body and "Zugangscode" in body
        assert "textual" not in body.lower() and "websocket" not in body.lower()
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await client.ws_connect("/ws?width=80&height=24", **request)  # type: ignore[arg-type]
    assert refused.value.status == 403


async def test_without_the_code_nothing_is_served_and_no_app_starts(serve) -> None:
    server, client = await serve()
    await _refused_everywhere(client)
    assert server.started_sessions == 0 and not server.stations


async def test_a_wrong_code_is_refused_and_logged_with_the_address_only(
    serve, caplog: pytest.LogCaptureFixture
) -> None:
    server, client = await serve()
    caplog.set_level(logging.INFO, logger="integra_tui.serve")
    response = await client.get("/?code=ABCDE23457&station=Frau%20M%C3%BCller", allow_redirects=False)
    assert response.status == 403
    assert server.started_sessions == 0
    assert (await client.get("/favicon.ico")).status == 404  # every browser asks; no refusal to log
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["Falscher Zugangscode von 127.0.0.1"]
    assert "ABCDE23457" not in caplog.text and "Müller" not in caplog.text


async def test_the_right_code_in_the_url_becomes_a_cookie_and_leaves_the_address_bar(serve) -> None:
    server, client = await serve()
    response = await client.get("/?code=abcde-23456&station=T%C3%BCr%202", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/?station=T%C3%BCr%202"
    cookie = response.cookies[f"{ACCESS_COOKIE}_{client.port}"]
    assert cookie.value == CODE
    assert cookie["httponly"] is True and cookie["samesite"] == "Strict" and cookie["path"] == "/"
    page = await client.get(response.headers["Location"])
    html = await page.text()
    assert page.status == 200
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws/T%C3%BCr%202"' in html
    assert "<title>INTEGRA – Tür: Tür 2</title>" in html
    assert "fonts.googleapis.com" not in html  # nothing is fetched from the internet
    assert ".xterm-helper-textarea" in html  # the door is ready to scan without a click first
    assert page.headers["X-Frame-Options"] == "DENY"
    script = await client.get("/static/js/textual.js")
    assert script.status == 200 and "WebSocket" in await script.text()


async def test_browsers_without_a_station_name_are_numbered_and_keep_their_number(serve) -> None:
    server, first = await serve()
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as second:  # another tablet
        await first.get(f"/?code={CODE}")
        await second.get(first.make_url(f"/?code={CODE}"))
        page_one = await (await first.get("/")).text()
        page_two = await (await second.get(first.make_url("/"))).text()
        page_one_again = await (await first.get("/")).text()
    assert '/ws/Browser%201"' in page_one and "INTEGRA – Tür: Browser 1" in page_one
    assert '/ws/Browser%202"' in page_two
    assert '/ws/Browser%201"' in page_one_again


async def test_too_many_wrong_codes_lock_the_address_for_a_minute(serve, caplog: pytest.LogCaptureFixture) -> None:
    clock = Ticker()
    server, client = await serve(clock=clock)
    caplog.set_level(logging.INFO, logger="integra_tui.serve")
    for guess in range(5):
        clock.now += 1
        assert (await client.get(f"/?code=GUESS{guess}XXXX", allow_redirects=False)).status == 403
    blocked = await client.get(f"/?code={CODE}", allow_redirects=False)
    assert blocked.status == 429
    assert int(blocked.headers["Retry-After"]) == 56
    assert "Zu viele falsche Zugangscodes" in await blocked.text()
    assert (await client.get(f"/?code={CODE}", allow_redirects=False)).status == 429
    assert server.started_sessions == 0
    clock.now += 60
    assert (await client.get(f"/?code={CODE}", allow_redirects=False)).status == 303
    warnings = [record.getMessage() for record in caplog.records]
    assert warnings.count("Falscher Zugangscode von 127.0.0.1") == 5
    assert warnings.count("Zu viele falsche Zugangscodes von 127.0.0.1; gesperrt für 56 s") == 1
    assert "GUESS" not in caplog.text


async def test_a_stale_cookie_from_an_earlier_session_is_removed(serve) -> None:
    server, client = await serve()
    client.session.cookie_jar.update_cookies({f"{ACCESS_COOKIE}_{client.port}": "OLDCODE777"})
    response = await client.get("/")
    assert response.status == 403
    assert (
        f'integra_code_{client.port}=""' in response.headers["Set-Cookie"]
        and "Max-Age=0" in response.headers["Set-Cookie"]
    )
    assert (await client.get("/")).status == 403  # now simply without a code: not counted
    assert server.gate.limiter.retry_after("127.0.0.1", server.clock()) == 0


async def test_door_and_display_side_by_side_keep_their_own_codes(serve) -> None:
    door_server, door = await serve(code="DOORCODE1")
    display_server, display = await serve(code="SHOWCODE2", screen="display")
    shared = aiohttp.CookieJar(unsafe=True)  # one browser: cookies are per host, not per port
    async with aiohttp.ClientSession(cookie_jar=shared) as browser:
        assert (await browser.get(f"http://127.0.0.1:{door.port}/?code=DOORCODE1")).status == 200
        assert (await browser.get(f"http://127.0.0.1:{display.port}/?code=SHOWCODE2")).status == 200
        assert (await browser.get(f"http://127.0.0.1:{door.port}/")).status == 200
        assert (await browser.get(f"http://127.0.0.1:{display.port}/")).status == 200


async def test_open_loopback_server_needs_no_code_but_only_answers_to_loopback_names(serve) -> None:
    server, client = await serve(code=None)
    page = await client.get("/")
    assert page.status == 200 and "/ws/Browser%201" in await page.text()
    rebound = await client.get("/", headers={"Host": f"rebound.example.org:{client.port}"})
    assert rebound.status == 403
    with pytest.raises(aiohttp.WSServerHandshakeError) as foreign:
        await client.ws_connect("/ws", headers={"Origin": "http://evil.example.org"})
    assert foreign.value.status == 403
    assert server.started_sessions == 0


async def test_display_page_has_no_station_and_speaks_english(serve) -> None:
    server, client = await serve(screen="display")
    i18n.set_language("en")
    try:
        refused = await (await client.get("/")).text()
        await client.get(f"/?code={CODE}")
        page = await (await client.get("/")).text()
    finally:
        i18n.set_language("de")
    assert "needs the access code" in refused
    assert f'data-session-websocket-url="ws://127.0.0.1:{client.port}/ws"' in page
    assert "<title>INTEGRA – Display</title>" in page and 'lang="en"' in page
    assert ".xterm-helper-textarea" not in page  # no keyboard focus (and no phone keyboard) for the display


def test_app_command_passes_store_station_and_meeting_as_single_arguments(tmp_path: Path) -> None:
    options = ServeOptions(
        store_path=tmp_path / "mein Ordner" / "s.json",
        screen="door",
        meeting_id=3,
        language="en",
        python="/usr/bin/python3",
    )
    command = app_command(options, 'Tür 2"; rm -rf ~')
    assert command.startswith("exec ")
    assert shlex.split(command)[1:] == [
        "/usr/bin/python3",
        "-m",
        "integra_tui",
        "--db",
        str(tmp_path / "mein Ordner" / "s.json"),
        "--lang",
        "en",
        "door",
        "--meeting",
        "3",
        "--station",
        'Tür 2"; rm -rf ~',
    ]
    display = shlex.split(app_command(ServeOptions(store_path=Path("/x.json"), screen="display"), "ignored"))
    assert display[-1] == "display" and "--station" not in display
    with pytest.raises(ValueError):
        app_command(ServeOptions(store_path=Path("/x.json"), screen="coordinator"))


def test_urls_helpers_open() -> None:
    assert station_url("192.168.1.20", 8000, "abcde-23456") == "http://192.168.1.20:8000/?code=ABCDE23456"
    assert station_url("localhost", 8000) == "http://localhost:8000/"
    assert station_url("10.0.0.2", 80, CODE, "Tür 2") == "http://10.0.0.2/?code=ABCDE23456&station=T%C3%BCr%202"
    assert public_host("::1") == "[::1]"
    assert public_host("127.0.0.1") == "127.0.0.1"
    assert public_host("0.0.0.0") not in ("0.0.0.0", "")


async def test_refused_requests_close_their_connection_and_bodies_are_not_taken(serve) -> None:
    server, client = await serve()
    refused = await client.get("/")
    assert refused.status == 403 and refused.headers.get("Connection", "").lower() == "close"
    posted = await client.post(f"/?code={CODE}", data=b"x" * 1000)
    assert posted.status == 413 and server.started_sessions == 0


async def test_a_replaced_code_asks_to_scan_the_new_one(serve) -> None:
    server, client = await serve()
    assert (await client.get(f"/?code={CODE}")).status == 200
    server.rotate_code("FGHJK78923")
    refused = await client.get("/")
    assert refused.status == 403 and "Der Zugangscode wurde geändert" in await refused.text()
    assert server.gate.limiter.retry_after("127.0.0.1", server.clock()) == 0  # not counted as a guess
    assert (await client.get("/?code=fghjk-78923")).status == 200


async def test_keys_keep_a_station_and_a_quiet_one_is_released(tmp_path: Path) -> None:
    """A real server and station on loopback; the idle time is measured on a clock the test moves."""
    ctx = open_context(tmp_path / "store.json")
    ensure_demo(ctx)
    ctx.close()
    clock = Ticker()
    server = StationServer(
        ServeOptions(store_path=tmp_path / "store.json", screen="door"),
        Gate(CODE),
        host="127.0.0.1",
        port=0,
        clock=clock,
        idle_seconds=30 * 60,
    )
    stop = asyncio.Event()
    ready = asyncio.Event()
    serving = asyncio.create_task(run_server(server, stop, lambda port: ready.set()))
    try:
        await asyncio.wait_for(ready.wait(), 60)
        async with aiohttp.ClientSession() as browser:
            websocket = await browser.ws_connect(f"http://127.0.0.1:{server.port}/ws/Eingang?code={CODE}")
            [station] = server.stations.stations.values()
            clock.now += 29 * 60
            await websocket.send_str(json.dumps(["stdin", "\x1b[<35;10;5M"]))  # the pointer passing by: no key
            await websocket.send_str(json.dumps(["stdin", "x"]))
            await _until(lambda: station.keys == 1)
            clock.now += 29 * 60  # 58 minutes connected, 29 since the key
            server.housekeeping()
            assert list(server.stations.stations) == [station.number]
            clock.now += 60
            server.housekeeping()
            assert not server.stations.stations
            closed = await asyncio.wait_for(websocket.receive(), 60)
            while closed.type not in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                closed = await asyncio.wait_for(websocket.receive(), 60)
            await _until(lambda: not server._live)  # its app process stopped
    finally:
        stop.set()
        await asyncio.wait_for(serving, 60)


async def _until(condition) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), 60)
