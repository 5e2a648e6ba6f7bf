"""Every row of the district-scale table (issue 16), each with its goal and a baseline measured in the same run.

For each size (``--sizes``, default 10,000 and 100,000 people) a fresh store is made the way a
coordinator makes one (``integra-tui meeting add`` for today, ``integra-tui import invitees`` of a
generated CSV), then measured in child processes, so every figure and every peak RSS is that of one
real process (``os.wait4``'s rusage; ``resource.getrusage`` inside the app's children):

* ``import N rows``: the CLI import, wall time, CPU time and peak RSS; baseline: the previous
  implementation (``--previous``, a git ref, run from ``git archive`` of it) on the same file;
* ``one CLI checkin``: ``integra-tui checkin CODE`` on that store and on the demo store (40
  invitees), median of ``--repeat`` runs; baseline: stock TinyDB (open the same file with
  ``tinydb.TinyDB``, find the code with a query, insert the check-in, close);
* ``start to a usable door``: from spawning the process to the door screen mounted with its counts
  loaded (Textual's headless ``run_test``), at 40 invitees (demo) and at N, median of ``--repeat``
  starts; with the door's peak RSS; baseline: the previous implementation;
* ``start to a usable door in a terminal``: ``integra-tui --db STORE door`` in a pseudo-terminal of
  120x36, as a person starts it, from spawning the process to the counts drawn on the terminal (the
  words "von N eingeladen"), median of ``--repeat`` starts; this adds the command line and Textual's
  terminal driver (about a tenth of a second) to the headless row (Linux and macOS only);
* ``CPU while idle``: the moderator, display and door screens left alone for ``--idle`` seconds
  (default 60) headless, and the moderator and display again with the meeting's first item running
  (its countdowns tick every second); CPU time from ``resource.getrusage`` over that window, as % of one core;
* invitations and exports: ``bench_invitations.py`` and ``bench_exports.py`` (their own baselines).

Every child runs from bytecode kept in the run's folder (``PYTHONPYCACHEPREFIX``; the first start of each
tree compiles it, unmeasured), as an installed app does: a checkout run with ``PYTHONDONTWRITEBYTECODE=1``
compiles every module at every start (a quarter of a second, measured), which no user's start pays.

Figures depend on the machine and its load (printed at the end); ratios within one run are what
counts. On a machine shared with other work, the CPU times printed beside the wall times are the
steadier figure. Nothing here is asserted: ``tests/benchmarks/test_bench_all_runs.py`` runs ``--tiny``.

Run: ``python benchmarks/bench_all.py [--sizes 10000,100000] [--idle 60] [--repeat 3] [--previous REF]
[--no-exports]``; ``--tiny`` runs every row on a few dozen people in a minute.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = "156edc6"
"""main before this work: the baseline for the import, check-in and start rows."""

GROUPS = ["Kommune", "Landkreis", "Hauptamtlich", "Ehrenamtlich", "Zugewandert", "Interessiert"]

APP_CHILD = r"""
import time
started = time.perf_counter()
import asyncio, os, resource, sys
path, screen, idle = sys.argv[1], sys.argv[2], float(sys.argv[3])
from integra_tui.services.context import open_context
from integra_tui.services.meetings import resolve_meeting
from integra_tui.ui.app import make_app

async def run():
    ctx = open_context(path)
    ctx.fold_on_close(False)
    meeting = resolve_meeting(ctx, None)
    app = make_app(ctx, screen=screen, meeting_id=meeting.id)
    result = {}
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        result["ready"] = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["cpu_ready"] = usage.ru_utime + usage.ru_stime
        result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print("ready", flush=True)
        if idle:
            before = resource.getrusage(resource.RUSAGE_SELF)
            clock = time.perf_counter()
            await asyncio.sleep(idle)
            after = resource.getrusage(resource.RUSAGE_SELF)
            cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
            result["idle_pct"] = 100 * cpu / (time.perf_counter() - clock)
        result["rss_kb"] = max(result["rss_kb"], resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    ctx.close()
    print(json.dumps(result), flush=True)

import json
asyncio.run(run())
"""

START_ITEM = r"""
import sys
from integra_tui.services import moderation
from integra_tui.services.context import open_context
from integra_tui.services.meetings import resolve_meeting
ctx = open_context(sys.argv[1])
meeting = resolve_meeting(ctx, None)
moderation.start_meeting(ctx, meeting.id)
moderation.next_item(ctx, meeting.id)
ctx.close()
"""

TINYDB_CHILD = r"""
import sys, tinydb
path, code = sys.argv[1], sys.argv[2]
db = tinydb.TinyDB(path, encoding="utf-8")
found = db.table("codes").search(tinydb.Query().code == code)
db.table("checkins").insert({"meeting_id": 1, "person_id": found[0]["person_id"], "code": code, "at": "now"})
db.close()
"""


# -- running children -----------------------------------------------------------------------------
BYTECODE: dict[str, str] = {}
"""``PYTHONPYCACHEPREFIX`` for every child: the app runs from bytecode, as an installed one does (pip compiles
it; an editable checkout under ``PYTHONDONTWRITEBYTECODE=1`` would compile every module at every start)."""


def _env(pythonpath: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("INTEGRA_FAKE_NOW", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(BYTECODE)
    env["INTEGRA_LANG"] = "de"
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _timed(args: list[str], pythonpath: Path | None = None) -> dict[str, float]:
    """Run ``args``; its wall time, CPU time and peak RSS (MB), from the kernel's rusage of that one child."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, env=_env(pythonpath), stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=pythonpath or ROOT
    )
    out, err = proc.communicate()
    wall = time.perf_counter() - started
    # communicate() reaped the child; its rusage is the newest RUSAGE_CHILDREN step.
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"{args[:4]} failed ({proc.returncode}): {err.decode(errors='replace')[-400:]}")
    return {"wall": wall, "out": out.decode(errors="replace")}  # type: ignore[dict-item]


def _wait4(args: list[str], pythonpath: Path | None = None) -> dict[str, float]:
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, env=_env(pythonpath), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=pythonpath or ROOT
    )
    assert proc.stderr is not None
    _pid, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"{args[:5]} failed ({proc.returncode}): {err[-400:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss": usage.ru_maxrss / 1024}


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "integra_tui", *args]


def _app(path: Path, screen: str, idle: float, pythonpath: Path | None = None) -> dict[str, float]:
    """Start the app headless on ``screen``; seconds from spawn to usable, peak RSS, idle CPU."""
    # stderr to a file and the rest of stdout read from the same buffered reader as the "ready" line:
    # communicate() reads the raw pipe and lost the result whenever it came in one read with "ready".
    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-c", APP_CHILD, str(path), screen, str(idle)],
            env=_env(pythonpath),
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            cwd=pythonpath or ROOT,
        )
        assert proc.stdout is not None
        line = proc.stdout.readline()
        ready = time.perf_counter() - started
        rest = proc.stdout.read()
        proc.wait()
        errors.seek(0)
        err = errors.read().decode(errors="replace")
    if line.strip() != "ready" or proc.returncode:
        raise RuntimeError(f"{screen} did not start: {err[-600:]}")
    result = json.loads(rest.strip().splitlines()[-1])
    result["spawn_to_ready"] = ready
    return result


TERMINAL_MARK = b"eingeladen"
"""What the door draws once its counts are loaded ("von 40 eingeladen"): it is usable from then on."""


def _terminal_start(path: Path, pythonpath: Path | None = None, timeout: float = 20.0) -> float | None:
    """Seconds from spawning ``integra-tui door`` in a pseudo-terminal (120x36) to its counts drawn, or None."""
    try:
        import fcntl
        import pty
        import struct
        import termios
    except ImportError:  # Windows: no pseudo-terminal
        return None
    env = _env(pythonpath)
    env["TERM"] = "xterm-256color"
    args = _cli("--db", str(path), "door")
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the app, in the terminal
        try:
            os.chdir(pythonpath or ROOT)
            os.execve(args[0], args, env)
        finally:
            os._exit(127)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 36, 120, 0, 0))
    seen, ready = b"", None
    try:
        while ready is None and time.perf_counter() - started < timeout:
            if not select.select([fd], [], [], 0.05)[0]:
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the app ended
                break
            seen = seen[-64:] + chunk
            if TERMINAL_MARK in seen:
                ready = time.perf_counter() - started
        os.kill(pid, signal.SIGTERM)  # ends the app as a closed window does
        drained = time.perf_counter()
        while time.perf_counter() - drained < 10:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    if not os.read(fd, 65536):
                        break
                except OSError:
                    break
            elif os.waitpid(pid, os.WNOHANG)[0]:
                pid = 0
                break
    finally:
        if pid:
            os.waitpid(pid, 0)
        os.close(fd)
    return ready


def _terminal_row(
    what: str, path: Path, goal: float | None, repeat: int, previous: Path | None = None, old_path: Path | None = None
) -> None:
    runs = [t for t in (_terminal_start(path) for _ in range(max(1, repeat))) if t is not None]
    if not runs:
        row(what, "(no pseudo-terminal here)", "", None)
        return
    base = ""
    if previous is not None and old_path is not None:
        old = [t for t in (_terminal_start(old_path, previous) for _ in range(max(1, repeat))) if t is not None]
        base = f"previous {statistics.median(old):.2f} s" if old else ""
    figure = statistics.median(runs)
    row(
        what,
        f"{figure:5.2f} s (median of {len(runs)})",
        f"< {goal} s" if goal else "(no goal at this size)",
        figure < goal if goal else None,
        base,
    )


def _starts(path: Path, repeat: int, pythonpath: Path | None = None) -> dict[str, float]:
    """The door started headless ``repeat`` times: the median start and CPU, the highest peak RSS."""
    runs = [_app(path, "door", 0, pythonpath) for _ in range(max(1, repeat))]
    return {
        "spawn_to_ready": statistics.median(r["spawn_to_ready"] for r in runs),
        "cpu_ready": statistics.median(r["cpu_ready"] for r in runs),
        "rss_kb": max(r["rss_kb"] for r in runs),
    }


def _previous_tree(ref: str, folder: Path) -> Path | None:
    if not ref:
        return None
    tree = folder / "previous"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, "integra_tui", "data"], capture_output=True)
    if archive.returncode:
        print(f"(no baseline: git archive {ref} failed)")
        return None
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


# -- data -------------------------------------------------------------------------------------------
def write_csv(path: Path, people: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Vorname", "Nachname", "Gruppe", "Organisation", "E-Mail", "Telefon", "Sprachen"])
        for n in range(people):
            writer.writerow(
                [
                    f"Vorname{n}",
                    f"Müller-Łukasz {n}",
                    GROUPS[n % len(GROUPS)],
                    f"Verein {n % 300}",
                    f"p{n}@example.de",
                    "0821 1234",
                    "Deutsch, Arabisch",
                ]
            )


def new_store(path: Path, pythonpath: Path | None = None) -> None:
    args = _cli("--db", str(path), "meeting", "add", "--title", "Runder Tisch", "--date", date.today().isoformat())
    args += ["--time", "23:59"]
    _timed(args, pythonpath)


def codes_of(path: Path, count: int) -> list[str]:
    """Some invitation codes of the store, read in a child: the parent stays small, because a child's
    peak RSS (ru_maxrss) starts from its parent's at fork on Linux."""
    code = (
        "import json, sys\n"
        "data = json.loads(open(sys.argv[1], 'rb').read())\n"
        "codes = [doc['code'] for doc in data.get('codes', {}).values()]\n"
        "step = max(1, len(codes) // (int(sys.argv[2]) + 1))\n"
        "print(' '.join(codes[step::step][: int(sys.argv[2])]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path), str(count)], capture_output=True, text=True)
    return out.stdout.split()


# -- rows -------------------------------------------------------------------------------------------
def _mb(value: float) -> str:
    return f"{value:6.0f} MB"


def row(what: str, figure: str, goal: str, met: bool | None, baseline: str = "") -> None:
    verdict = "" if met is None else ("met" if met else "NOT met")
    print(f"  {what:<50} {figure:<28} goal {goal:<26} {verdict:<8} {baseline}")


def bench_size(people: int, folder: Path, previous: Path | None, repeat: int, demo: Path) -> None:
    print(f"\n{people} people")
    csv_path = folder / f"people{people}.csv"
    write_csv(csv_path, people)
    store = folder / f"store{people}.json"
    new_store(store)
    ours = _wait4(_cli("--db", str(store), "import", "invitees", str(csv_path)))
    base = ""
    if previous is not None:
        old_store = folder / f"previous{people}.json"
        new_store(old_store, previous)
        old = _wait4(_cli("--db", str(old_store), "import", "invitees", str(csv_path)), previous)
        base = f"previous {old['wall']:.1f} s, {old['rss']:.0f} MB: x{old['wall'] / ours['wall']:.1f} faster"
    row(
        f"import {people} rows",
        f"{ours['wall']:5.1f} s ({ours['cpu']:.1f} s CPU) {_mb(ours['rss'])}",
        "< 30 s, < 600 MB (at 100,000)",
        ours["wall"] < 30 * people / 100_000 and ours["rss"] < 600 if people >= 10_000 else None,
        base,
    )

    codes = codes_of(store, 2 * repeat + 1)
    demo_codes = codes_of(demo, 2 * repeat + 1)
    ours_runs = [_wait4(_cli("--db", str(store), "checkin", code)) for code in codes[:repeat]]
    demo_runs = [_wait4(_cli("--db", str(demo), "checkin", code)) for code in demo_codes[:repeat]]
    tiny_copy = folder / f"tinydb{people}.json"
    shutil.copy(store, tiny_copy)
    stock = [_wait4([sys.executable, "-c", TINYDB_CHILD, str(tiny_copy), code]) for code in codes[repeat : 2 * repeat]]
    big = statistics.median(r["wall"] for r in ours_runs)
    small = statistics.median(r["wall"] for r in demo_runs)
    big_cpu = statistics.median(r["cpu"] for r in ours_runs)
    small_cpu = statistics.median(r["cpu"] for r in demo_runs)
    stock_wall = statistics.median(r["wall"] for r in stock)
    row(
        f"one CLI checkin on the {people} store",
        f"{big:5.2f} s ({big_cpu:.2f} s CPU) {max(r['rss'] for r in ours_runs):.0f} MB",
        "< 1 s and < 1.5x demo's",
        big < 1 and big < 1.5 * small,
        f"demo store {small:.2f} s ({small_cpu:.2f} s CPU; x{big / small:.2f} wall, x{big_cpu / small_cpu:.2f} CPU); "
        f"stock TinyDB {stock_wall:.2f} s "
        f"{max(r['rss'] for r in stock):.0f} MB" + _previous_checkin(folder, people, previous, repeat),
    )

    door = _starts(store, repeat)
    base = ""
    if previous is not None:
        old_door = _starts(folder / f"previous{people}.json", repeat, previous)
        base = (
            f"previous {old_door['spawn_to_ready']:.2f} s ({old_door['cpu_ready']:.2f} s CPU), "
            f"{old_door['rss_kb'] / 1024:.0f} MB"
        )
    goal_s = 0.8 if people <= 10_000 else None
    row(
        f"start to a usable door, {people} invitees",
        f"{door['spawn_to_ready']:5.2f} s ({door['cpu_ready']:.2f} s CPU)",
        "< 0.8 s (at 10,000)" if goal_s else "(no goal at this size)",
        door["spawn_to_ready"] < goal_s if goal_s else None,
        base,
    )
    _terminal_row(
        f"terminal start to a usable door, {people} invitees",
        store,
        goal_s,
        repeat,
        previous,
        folder / f"previous{people}.json" if previous is not None else None,
    )
    rss = door["rss_kb"] / 1024
    limit = 80 if people <= 10_000 else 250
    row(f"peak memory, door at {people} invitees", _mb(rss), f"< {limit} MB", rss < limit)


def _previous_checkin(folder: Path, people: int, previous: Path | None, repeat: int) -> str:
    """The previous implementation's CLI check-in on its own store of the same people (its codes differ)."""
    old_store = folder / f"previous{people}.json"
    if previous is None or not old_store.exists():
        return ""
    runs = [_wait4(_cli("--db", str(old_store), "checkin", code), previous) for code in codes_of(old_store, repeat)]
    if not runs:
        return ""
    wall = statistics.median(r["wall"] for r in runs)
    return f"; previous {wall:.2f} s ({statistics.median(r['cpu'] for r in runs):.2f} s CPU)"


def bench_demo(folder: Path, previous: Path | None, idle: float, repeat: int = 3) -> Path:
    demo = folder / "demo.json"
    _timed(_cli("--db", str(demo), "demo", "--no-open"))
    print("\ndemo store (40 invitees)")
    _app(demo, "door", 0)  # the first start compiles the bytecode (see BYTECODE)
    door = _starts(demo, repeat)
    base = ""
    if previous is not None:
        old_demo = folder / "previous-demo.json"
        _timed(_cli("--db", str(old_demo), "demo", "--no-open"), previous)
        _app(old_demo, "door", 0, previous)
        old = _starts(old_demo, repeat, previous)
        base = f"previous {old['spawn_to_ready']:.2f} s ({old['cpu_ready']:.2f} s CPU)"
    row(
        "start to a usable door, 40 invitees",
        f"{door['spawn_to_ready']:5.2f} s ({door['cpu_ready']:.2f} s CPU)",
        "< 0.6 s",
        door["spawn_to_ready"] < 0.6,
        base,
    )
    terminal_demo = folder / "terminal-demo.json"
    shutil.copy(demo, terminal_demo)
    _terminal_row(
        "terminal start to a usable door, 40 invitees",
        terminal_demo,
        0.6,
        repeat,
        previous,
        folder / "previous-demo.json" if previous is not None else None,
    )
    procs = {}
    for screen in ("moderator", "display", "door"):
        copy = folder / f"idle-{screen}.json"
        shutil.copy(demo, copy)
        procs[screen] = (screen, copy)
    # The meeting under way: its first item runs, so the countdowns tick every second.
    running = folder / "running.json"
    shutil.copy(demo, running)
    subprocess.run([sys.executable, "-c", START_ITEM, str(running)], env=_env(), check=True, cwd=ROOT)
    for screen in ("moderator", "display"):
        copy = folder / f"idle-{screen}-running.json"
        shutil.copy(running, copy)
        procs[f"{screen}, an item running"] = (screen, copy)
    # getrusage(RUSAGE_SELF) counts one process: the screens idle side by side, in one window.
    results = {}
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(len(procs)) as pool:
        futures = {name: pool.submit(_app, path, screen, idle) for name, (screen, path) in procs.items()}
        for name, future in futures.items():
            results[name] = future.result()
    for name in procs:
        pct = results[name]["idle_pct"]
        row(f"CPU while idle ({idle:.0f} s), {name}", f"{pct:5.2f} % of one core", "< 0.5 %", pct < 0.5)
    return demo


def bench_exports(tiny: bool) -> None:
    print("\ninvitations (benchmarks/bench_invitations.py; goals: 500 PDF + PNG < 4 s, 10,000 one PDF < 30 s)")
    args = ["--tiny"] if tiny else ["--count", "500", "--large", "10000"]
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_invitations.py"), *args], check=False)
    print("\nexports (benchmarks/bench_exports.py; goals: minutes PDF 10,000 captures < 2 s, actions xlsx < 0.5 s)")
    args = ["--tiny"] if tiny else ["--count", "10000"]
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_exports.py"), *args], check=False)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="numbers of people, comma-separated")
    parser.add_argument("--idle", type=float, default=60.0, help="seconds each screen is left idle")
    parser.add_argument("--repeat", type=int, default=3, help="CLI check-ins per store (median)")
    parser.add_argument("--previous", default=PREVIOUS, help="git ref of the previous implementation ('' skips)")
    parser.add_argument("--no-exports", action="store_true", help="skip the invitation and export rows")
    parser.add_argument("--dir", default=None, help="folder for the files (default: a temporary folder)")
    parser.add_argument("--tiny", action="store_true", help="every row on a few dozen people (for the test)")
    args = parser.parse_args(argv)
    sizes = [30, 60] if args.tiny else [int(s) for s in args.sizes.split(",") if s]
    idle = 1.0 if args.tiny else args.idle
    repeat = 1 if args.tiny else args.repeat
    print(f"integra-tui at district scale, sizes {sizes}; machine: {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory(dir=args.dir) as name:
        folder = Path(name)
        BYTECODE["PYTHONPYCACHEPREFIX"] = str(folder / "bytecode")
        previous = None if args.tiny else _previous_tree(args.previous, folder)
        demo = bench_demo(folder, previous, idle, repeat)
        for people in sizes:
            bench_size(people, folder, previous, repeat, demo)
    if not args.no_exports:
        bench_exports(args.tiny)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
