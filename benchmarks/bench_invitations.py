"""Benchmark: invitations at district scale, against the one-process path, the other QR library and the previous code.

Run: python benchmarks/bench_invitations.py [--count 500] [--large 10000] [--previous REF] [--tiny]

Rows (issue 16), each with its goal:
- ``--count`` invitations as one PDF (four to an A4 page) plus one PNG per person: < 4 s, both cores used;
- ``--large`` invitations as one PDF: < 30 s.

Each configuration runs in a fresh interpreter of its own (``--job``), timed after a four-card warm-up
(imports, fonts): this version with one worker process per core, as it chooses on idle cores for this
many cards (``--count`` 500: the PDF in-process, the PNGs by one worker per core), in one process (``workers=1``),
this version with the qrcode library, and the previous implementation, the package as it was at git
``REF`` (default: the last commit before this work), exported from the repository next to this file.
CPU is the interpreter's own plus its workers', so "cores" says how many were busy on average.
Figures are noisy on a shared machine: compare the rows of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from datetime import time as clock_time
from pathlib import Path

from integra_tui.domain.codes import new_code
from integra_tui.io.invitations import InvitationCard, write_invitations

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = "b1be62d"
"""The last commit before the rendering work of issue 16 (sequential, segno, fpdf2's cell per line)."""

_NAMES = [
    "Jürgen Groß", "Анна Петрова", "Γιώργος Παπαδόπουλος", "محمد الأحمد", "Nguyễn Thị Hương",
    "Łukasz Żółć", "Ayşe Yılmaz", "Maria-Theresia von Hohenzollern", "Fatima Haidari", "Olena Kovalenko",
]  # fmt: skip


def _cards(count: int) -> list[InvitationCard]:
    rnd = random.Random(2026)
    return [
        InvitationCard(
            meeting_title="INTEGRA-Netzwerktreffen Herbst 2026",
            meeting_date=date(2026, 11, 27),
            start_time=clock_time(14, 0),
            place="Mehrgenerationenhaus, Lindenstraße 12, Saal 2",
            person_name=f"{_NAMES[number % len(_NAMES)]} {number}",
            code=new_code(rnd),
            person_id=number,
        )
        for number in range(1, count + 1)
    ]


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _job(config: dict) -> dict:
    """One configuration in this interpreter: seconds (wall and CPU) for each format asked."""
    options = {key: config[key] for key in ("workers", "qr_engine") if key in config}
    per_format = config.get("workers_by_format", {})
    cards = _cards(config["count"])
    result: dict = {"package": str(Path(sys.modules["integra_tui"].__file__).parent)}
    with tempfile.TemporaryDirectory() as folder:
        for fmt in config["formats"]:
            write_invitations(cards[:4], Path(folder) / f"warm-{fmt}", fmt)  # imports, fonts, caches
        for fmt in config["formats"]:
            wall, cpu = time.perf_counter(), _cpu()
            write_invitations(cards, Path(folder) / fmt, fmt, **{**options, **per_format.get(fmt, {})})
            result[fmt] = (time.perf_counter() - wall, _cpu() - cpu)
    return result


def _run(config: dict, pythonpath: Path | None = None) -> dict:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run(
        [sys.executable, __file__, "--job", json.dumps(config)], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
    return json.loads(done.stdout)


def _previous_tree(ref: str, folder: Path) -> Path | None:
    """The package as it was at ``ref``, exported into ``folder``; None without git or that commit."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "integra_tui"], capture_output=True, check=True, timeout=60
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return folder


def _row(label: str, result: dict | str, formats: list[str]) -> float | None:
    if isinstance(result, str):
        print(f"  {label:<38} not available: {result}")
        return None
    wall = sum(result[fmt][0] for fmt in formats)
    cpu = sum(result[fmt][1] for fmt in formats)
    parts = "  ".join(f"{fmt} {result[fmt][0]:6.2f} s" for fmt in formats)
    print(f"  {label:<38} {parts}  total {wall:6.2f} s   CPU {cpu:6.2f} s = {cpu / wall:3.1f} cores")
    return wall


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=500, help="invitations as PDF + PNG (default 500)")
    parser.add_argument("--large", type=int, default=10_000, help="invitations as one PDF (default 10000; 0 skips)")
    parser.add_argument("--previous", default=PREVIOUS, help="git ref of the previous implementation ('' skips)")
    parser.add_argument("--tiny", action="store_true", help="a quick run at tiny sizes (for the test)")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        print(json.dumps(_job(json.loads(args.job))))
        return
    if args.tiny:
        args.count, args.large = 12, 16
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"{cores} cores, load average {os.getloadavg()[0]:.2f} at the start")

    both = ["pdf", "png"]
    print(f"\n{args.count} invitations: one PDF (4 per A4 page) + one PNG per person   goal < 4 s, both cores used")
    workers = {"workers": cores} if cores and cores > 1 else {}
    label = f"this version, {cores} worker processes"
    ours = _row(label, _run({"count": args.count, "formats": both, **workers}), both)
    chosen = {"pdf": {"workers": 1}, "png": workers} if workers else {}
    idle = _row(
        f"PDF in one process, PNG {cores} workers",
        _run({"count": args.count, "formats": both, "workers_by_format": chosen}),
        both,
    )
    alone = _row("this version in one process", _run({"count": args.count, "formats": both, "workers": 1}), both)
    _row("this version, qrcode library", _run({"count": args.count, "formats": both, "qr_engine": "qrcode"}), both)
    before: float | None = None
    if args.previous:
        with tempfile.TemporaryDirectory() as folder:
            tree = _previous_tree(args.previous, Path(folder))
            if tree is None:
                _row(f"previous ({args.previous})", "git cannot export it here", both)
            else:
                try:
                    result = _run({"count": args.count, "formats": both}, tree)
                    if not result["package"].startswith(str(tree)):
                        raise RuntimeError("the exported package was not the one imported")
                    before = _row(f"previous ({args.previous})", result, both)
                except RuntimeError as error:
                    _row(f"previous ({args.previous})", str(error), both)
    if ours:
        ratios = [f"one process / this {alone / ours:.2f}" if alone else ""]
        if before:
            ratios.append(f"previous / this {before / ours:.2f}")
            if idle:
                ratios.append(f"previous / (PDF 1, PNG {cores}) {before / idle:.2f}")
        print("  ratio " + ", ".join(filter(None, ratios)))

    if args.large:
        print(f"\n{args.large} invitations: one PDF (4 per A4 page)   goal < 30 s")
        ours = _row(label, _run({"count": args.large, "formats": ["pdf"], **workers}), ["pdf"])
        alone = _row(
            "this version in one process", _run({"count": args.large, "formats": ["pdf"], "workers": 1}), ["pdf"]
        )
        if ours and alone:
            print(f"  ratio one process / this {alone / ours:.2f}")
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
