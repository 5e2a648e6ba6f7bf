"""Median cost of one durable small write (a check-in) at 100, 1,000 and 10,000 invitees plus 50,000 stored
records: our journaled storage against TinyDB's default JSONStorage, measured in the same run.

Run: python benchmarks/bench_store.py [--records 50000] [--writes 200]
The baseline does not even fsync (JSONStorage only flushes), so it is the kinder comparison.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import tinydb

from integra_tui.store.db import Store


def _seed_docs(invitees: int, records: int) -> dict[str, list[dict]]:
    persons = [
        {"name": f"Person {i}", "group": "Ehrenamtlich", "organisation": "Verein", "languages": ["de"]}
        for i in range(invitees)
    ]
    invitations = [
        {"meeting_id": 1, "person_id": i + 1, "code": f"MG1{i:016d}", "invited_at": "2026-11-27T17:00:00+01:00"}
        for i in range(invitees)
    ]
    history = [
        {
            "meeting_id": 0,
            "person_id": i % max(invitees, 1),
            "at": "2026-08-27T17:00:00+02:00",
            "station": "Tür 1",
            "method": "scan",
        }
        for i in range(records)
    ]
    return {"persons": persons, "invitees": invitations, "checkins": history}


def _median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_ours(folder: Path, seed: dict[str, list[dict]], writes: int) -> float:
    store = Store(folder / "ours.json")
    for table, docs in seed.items():
        store.table(table).insert_multiple(docs)
    store.compact()
    samples = []
    for n in range(writes):
        started = time.perf_counter()
        store.insert(
            "checkins",
            {
                "meeting_id": 1,
                "person_id": n + 1,
                "at": "2026-11-27T17:01:00+01:00",
                "station": "Tür 1",
                "method": "scan",
            },
        )
        samples.append(time.perf_counter() - started)
    store.close()
    return _median_ms(samples)


def bench_baseline(folder: Path, seed: dict[str, list[dict]], writes: int) -> float:
    db = tinydb.TinyDB(folder / "baseline.json")
    for table, docs in seed.items():
        db.table(table).insert_multiple(docs)
    checkins = db.table("checkins")
    samples = []
    for n in range(writes):
        started = time.perf_counter()
        checkins.insert(
            {
                "meeting_id": 1,
                "person_id": n + 1,
                "at": "2026-11-27T17:01:00+01:00",
                "station": "Tür 1",
                "method": "scan",
            }
        )
        samples.append(time.perf_counter() - started)
    db.close()
    return _median_ms(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--baseline-writes", type=int, default=20)
    args = parser.parse_args()
    print(
        f"durable small write, median of {args.writes} (ours) / {args.baseline_writes} (baseline) writes, {args.records} earlier records"
    )
    print(f"{'invitees':>9} {'ours ms':>9} {'tinydb ms':>10} {'ratio':>7}")
    for invitees in (100, 1_000, 10_000):
        seed = _seed_docs(invitees, args.records)
        with tempfile.TemporaryDirectory() as tmp:
            ours = bench_ours(Path(tmp), seed, args.writes)
            baseline = bench_baseline(Path(tmp), seed, args.baseline_writes)
        print(f"{invitees:>9} {ours:>9.3f} {baseline:>10.3f} {baseline / ours:>6.0f}x")


if __name__ == "__main__":
    main()
