"""The store at district scale: ours against stock TinyDB's JSONStorage, measured in the same run; prints figures.

For 10,000 and 100,000 people (each with an invitation, a code, and a check-in for every fifth:
about 320,000 documents at 100,000) the same TinyDB JSON file is opened by

* ``ours``: :class:`integra_tui.store.db.Store` (journaled storage, msgspec), and
* ``tinydb``: stock ``tinydb.TinyDB(path)`` with its default JSONStorage (which parses the file on
  every read and rewrites it whole on every write; it flushes but never fsyncs, the kinder baseline).

Each figure comes from a fresh child process, so peak RSS (``resource.getrusage``) is that of one
open store and nothing else:

* ``open``: from the import done to the first answer (``count`` / ``len`` of the persons table);
* ``peak RSS``: the child's peak resident memory after that open (the bare interpreter with the
  same imports is printed too, as ``python``);
* ``write``: one durable small write (a check-in), median of several;
* ``cli``: a whole single-record command in a new process: import, open, one check-in, close (ours
  with the CLI's close policy, which does not rewrite a big store for one record).

First, the JSON libraries on the largest main file (parse, write, and the memory a parse needs, each
in its own child process): why the store uses msgspec.

Run: ``python benchmarks/bench_store.py [--sizes 10000,100000] [--writes 30] [--baseline-writes 3]``;
``--tiny`` runs everything on a few dozen people in seconds (a test does, so the script never rots).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["build_tables", "main"]

GROUPS = ["Kommune", "Landkreis", "Hauptamtlich", "Ehrenamtlich", "Zugewandert", "Interessiert", "Referent/in"]

CHILD = r"""
import json, resource, statistics, sys, time
started = time.perf_counter()
kind, path, mode, writes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
checkin = {"meeting_id": 1, "person_id": 7, "at": "2026-11-27T17:01:00+01:00", "station": "Tür 1", "method": "scan"}
if kind == "ours":
    from integra_tui.store.db import Store
else:
    import tinydb
imported = time.perf_counter()
result = {}
if mode == "bare":
    pass
elif mode == "prime":  # opened once before, as every store in use has been (the lock file's record)
    Store(path).close(compact=False)
elif kind == "ours":
    store = Store(path)
    result["count"] = store.count("persons")
    opened = time.perf_counter()
    result["open"] = opened - imported
    result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if mode == "cli":
        store.insert("checkins", checkin)
        store.close(compact=None)
        result["cli"] = time.perf_counter() - started
    else:
        samples = []
        for n in range(writes):
            t = time.perf_counter()
            store.insert("checkins", dict(checkin, person_id=n))
            samples.append(time.perf_counter() - t)
        result["write"] = statistics.median(samples)
        store.close(compact=False)
else:
    db = tinydb.TinyDB(path, encoding="utf-8")
    result["count"] = len(db.table("persons"))
    opened = time.perf_counter()
    result["open"] = opened - imported
    result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if mode == "cli":
        db.table("checkins").insert(checkin)
        db.close()
        result["cli"] = time.perf_counter() - started
    else:
        samples = []
        for n in range(writes):
            t = time.perf_counter()
            db.table("checkins").insert(dict(checkin, person_id=n))
            samples.append(time.perf_counter() - t)
        result["write"] = statistics.median(samples)
        db.close()
if mode == "bare":
    result["rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps(result))
"""


def build_tables(people: int) -> dict[str, dict[str, dict]]:
    """A store in TinyDB's layout: persons, one invitation and one code each, a check-in for every fifth."""
    persons, invitees, codes, checkins = {}, {}, {}, {}
    for n in range(1, people + 1):
        name = f"Person {n:06d} Müller"
        persons[str(n)] = {
            "name": name,
            "group": GROUPS[n % len(GROUPS)],
            "organisation": f"Verein {n % 300}",
            "email": f"p{n}@example.de",
            "phone": "",
            "languages": ["Deutsch"],
            "search": name.lower(),
            "key": name.lower(),
            "created_at": "2025-01-01T17:00:00+01:00",
        }
        code = f"MG1{n:016X}"
        invitees[str(n)] = {"meeting_id": 1, "person_id": n, "code": code, "walk_in": False}
        codes[str(n)] = {
            "code": code,
            "kind": "invitation",
            "meeting_id": 1,
            "person_id": n,
            "invitee_id": n,
            "status": "active",
        }
        if n % 5 == 0:
            checkins[str(len(checkins) + 1)] = {
                "meeting_id": 1,
                "person_id": n,
                "at": "2026-11-27T17:00:00+01:00",
                "station": "Eingang",
                "method": "scan",
                "code": code,
                "undone_at": "",
                "undone_station": "",
            }
    return {
        "meta": {"1": {"schema_version": 1}},
        "persons": persons,
        "invitees": invitees,
        "codes": codes,
        "checkins": checkins,
    }


JSON_CHILD = r"""
import gc, json, resource, sys, time
library, path, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
if library == "json":
    parse, write = json.loads, lambda v: json.dumps(v, ensure_ascii=False).encode()
elif library == "orjson":
    import orjson
    parse, write = orjson.loads, orjson.dumps
else:
    import msgspec
    parse, write = msgspec.json.decode, msgspec.json.encode
raw = open(path, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
times = {"parse": [], "write": []}
for _ in range(repeat):
    gc.collect(); gc.disable()
    t = time.perf_counter(); value = parse(raw); times["parse"].append(time.perf_counter() - t)
    t = time.perf_counter(); write(value); times["write"].append(time.perf_counter() - t)
    gc.enable()
    if not _:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # the first parse's extra memory
    del value
print(json.dumps({"parse": min(times["parse"]), "write": min(times["write"]), "peak_kb": peak}))
"""


def bench_json_libraries(path: Path, repeat: int) -> None:
    """Parse and write the same main file with the standard library, msgspec and (if installed) orjson."""
    import importlib.util

    libraries = [("json", "json (standard library)"), ("msgspec", "msgspec (the store's)")]
    if importlib.util.find_spec("orjson"):
        libraries.append(("orjson", "orjson"))
    print(f"JSON libraries on a {path.stat().st_size / 1e6:.1f} MB main file (best of {repeat}, GC paused)")
    print(f"{'library':<26} {'parse ms':>9} {'write ms':>9} {'parse peak MB':>14} {'parse vs json':>14}")
    base = None
    for library, label in libraries:
        result = subprocess.run(
            [sys.executable, "-c", JSON_CHILD, library, str(path), str(repeat)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(result.stdout)
        base = base or figures["parse"]
        print(
            f"{label:<26} {figures['parse'] * 1000:>9.1f} {figures['write'] * 1000:>9.1f} "
            f"{figures['peak_kb'] / 1024:>14.1f} {base / figures['parse']:>13.1f}x"
        )
    print("(parse peak: memory the parse needs beyond the file's bytes, i.e. the objects plus any scratch)")
    print(flush=True)


def _child(kind: str, path: Path, mode: str, writes: int = 0) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(path), mode, str(writes)], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def _self(*args: str) -> None:
    """Run a step of this script in a child process, so this one stays small (children inherit its peak RSS)."""
    subprocess.run([sys.executable, __file__, *args], check=True)


def write_store(people: int, path: Path) -> None:
    """The store file for ``people`` (run in a child process: ``--build N PATH``); its document count beside it."""
    tables = build_tables(people)
    path.write_bytes(json.dumps(tables, ensure_ascii=False).encode("utf-8"))
    path.with_name(path.name + ".count").write_text(str(sum(len(t) for t in tables.values())))


def bench_size(people: int, writes: int, baseline_writes: int, folder: Path) -> None:
    seed = folder / f"seed-{people}.json"
    _self("--build", str(people), str(seed))
    documents = int(seed.with_name(seed.name + ".count").read_text())
    size = seed.stat().st_size
    figures: dict[str, dict[str, float]] = {}
    for kind in ("ours", "tinydb"):
        path = folder / f"{kind}-{people}.json"
        shutil.copyfile(seed, path)
        if kind == "ours":
            _child(kind, path, "prime")
        opened = _child(kind, path, "write", writes if kind == "ours" else baseline_writes)
        for extra in path.parent.glob(path.name + ".*"):
            extra.unlink()
        shutil.copyfile(seed, path)  # the CLI run starts from the same file, without a journal
        if kind == "ours":
            _child(kind, path, "prime")
        cli = _child(kind, path, "cli")
        bare = _child(kind, path, "bare")
        figures[kind] = {**opened, "cli": cli["cli"], "bare_kb": bare["rss_kb"]}
    ours, base = figures["ours"], figures["tinydb"]
    print(f"{people:,} people: {documents:,} documents, main file {size / 1e6:.1f} MB")
    print(f"{'':<22} {'ours':>10} {'tinydb':>10} {'ratio':>8}")
    rows = [
        ("open (ms)", ours["open"] * 1000, base["open"] * 1000),
        ("peak RSS (MB)", ours["rss_kb"] / 1024, base["rss_kb"] / 1024),
        ("  python alone (MB)", ours["bare_kb"] / 1024, base["bare_kb"] / 1024),
        ("one write (ms)", ours["write"] * 1000, base["write"] * 1000),
        ("cli open+write+close", ours["cli"] * 1000, base["cli"] * 1000),
    ]
    for label, mine, theirs in rows:
        print(f"{label:<22} {mine:>10.1f} {theirs:>10.1f} {theirs / mine if mine else 0:>7.1f}x")
    print(
        f"(medians of {writes} writes (ours, fsynced) and {baseline_writes} (tinydb, not fsynced); "
        "cli in ms including imports; ratio = tinydb / ours)"
    )
    print(flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="numbers of people, comma-separated")
    parser.add_argument("--writes", type=int, default=30)
    parser.add_argument("--baseline-writes", type=int, default=3)
    parser.add_argument("--tiny", action="store_true", help="a few dozen people: checks the script runs")
    parser.add_argument("--build", nargs=2, metavar=("PEOPLE", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--json", nargs=2, metavar=("PATH", "REPEAT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        return write_store(int(args.build[0]), Path(args.build[1]))
    if args.json:
        return bench_json_libraries(Path(args.json[0]), int(args.json[1]))
    sizes = [int(s) for s in args.sizes.split(",")]
    writes, baseline_writes, repeat = args.writes, args.baseline_writes, 3
    if args.tiny:
        sizes, writes, baseline_writes, repeat = [20, 60], 3, 2, 1
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        largest = folder / "largest.json"
        _self("--build", str(max(sizes)), str(largest))
        _self("--json", str(largest), str(repeat))
        largest.unlink()
        for people in sizes:
            bench_size(people, writes, baseline_writes, folder)


if __name__ == "__main__":
    main()
