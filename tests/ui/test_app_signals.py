"""Closing the terminal window or shutting down ends the app cleanly: the store is one plain TinyDB file."""

from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tinydb

from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX signals and a pseudo-terminal")


def _run_until_drawn(store: Path) -> tuple[subprocess.Popen[bytes], int]:
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "INTEGRA_LANG": "de"}
    process = subprocess.Popen(
        [sys.executable, "-m", "integra_tui", "--db", str(store)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
        close_fds=True,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing
    while b"Eingeladene" not in seen and time.monotonic() < deadline:
        ready, _w, _x = select.select([master], [], [], 1)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    assert b"Eingeladene" in seen, "the home screen never appeared"
    return process, master


def _drain_until_exit(process: subprocess.Popen[bytes], master: int) -> None:
    """Keep reading the terminal (a full pty buffer would block the app's last writes) until it ends."""
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing
    while process.poll() is None and time.monotonic() < deadline:
        ready, _w, _x = select.select([master], [], [], 0.2)
        if ready:
            try:
                os.read(master, 65536)
            except OSError:
                pass
    process.wait(timeout=60)


@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGHUP"])
def test_a_signal_closes_the_store_cleanly(tmp_path: Path, signal_name: str) -> None:
    store = tmp_path / "store.json"
    ctx = open_context(store)
    ensure_demo(ctx)
    ctx.close()
    process, master = _run_until_drawn(store)
    # Another process writes while the app is open: it lands in the journal, not yet in the main file.
    writer = open_context(store)
    writer.store.insert(
        "checkins", {"meeting_id": 1, "person_id": 1, "at": writer.now_iso(), "station": "Tür 2", "method": "cli"}
    )
    os.close(writer.store._storage._lock_fd)  # the writer vanishes without folding its journal in
    assert (tmp_path / "store.json.journal").exists()
    os.kill(process.pid, getattr(signal, signal_name))
    _drain_until_exit(process, master)
    assert process.returncode == 0
    os.close(master)
    assert not (tmp_path / "store.json.journal").exists()
    with tinydb.TinyDB(store) as stock:
        assert [c["station"] for c in stock.table("checkins").all()] == ["Tür 2"]
