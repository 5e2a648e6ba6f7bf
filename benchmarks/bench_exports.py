"""Benchmark: exports of one meeting with 10,000 captures, the renderers against their baselines.

Run: python benchmarks/bench_exports.py [--count 10000] [--previous REF] [--tiny]

Rows (issue 16), each with its goal and a baseline measured in the same run:
- minutes PDF with ``--count`` captures: < 2 s; baseline: the previous implementation (the package at git
  ``REF``, exported from the repository next to this file, run in an interpreter of its own);
- actions XLSX with ``--count`` rows: < 0.5 s; baselines: openpyxl's write-only mode (the previous
  writer) and openpyxl's normal mode.

"render" times the renderer alone on the same document; "export" times ``run_export`` end to end on a
throw-away store (reading the store, rendering, writing the file atomically), as the command line
runs it, for every format. Figures are noisy on a shared machine: compare the rows of one run.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.io.exports.documents import ActionLine, GroupCount, ItemMinutes, MinutesDoc, Sheet

ROOT = Path(__file__).resolve().parents[1]
PREVIOUS = "b1be62d"
"""The last commit before the rendering work of issue 16."""
BERLIN = ZoneInfo("Europe/Berlin")
OWNERS = ["Jürgen Müller", "Олена Коваленко", "احمد رحیمی", "ሳምራዊት ተኽለ", "Gisela Hartmann", "=Formel"]
KINDS = ["action", "action", "action", "decision", "need"]


def _lines(count: int) -> list[ActionLine]:
    lines = []
    for n in range(count):
        kind = KINDS[n % len(KINDS)]
        lines.append(
            ActionLine(
                id=n + 1,
                kind=kind,
                text=f"Aufgabe Nummer {n}: Raum klären, Flyer drucken; „Sprachcafé“",
                meeting_title="INTEGRA-Netzwerktreffen",
                meeting_date=date(2026, 11, 27),
                agenda_item=f"Punkt {n % 7 + 1}",
                owner=OWNERS[n % len(OWNERS)] if kind == "action" else "",
                due=date(2026, 12, 1) + timedelta(days=n % 90) if n % 3 == 0 else None,
                meeting_id=1,
            )
        )
    return lines


def _minutes_doc(count: int) -> MinutesDoc:
    """The minutes of one meeting with ``count`` captures over seven agenda items (as bench_store makes them)."""
    lines = _lines(count)
    items = []
    for number in range(1, 8):
        mine = [line for line in lines if (line.id - 1) % 7 == number - 1]
        items.append(
            ItemMinutes(
                number,
                f"Punkt {number}",
                "Gisela Hartmann",
                "done",
                10,
                10,
                600.0,
                decisions=[line for line in mine if line.kind == "decision"],
                actions=[line for line in mine if line.kind == "action"],
                needs=[line for line in mine if line.kind == "need"],
            )
        )
    return MinutesDoc(
        title="INTEGRA-Netzwerktreffen",
        date=date(2026, 11, 27),
        start_time=clock_time(18, 0),
        place="Mehrgenerationenhaus",
        topic="",
        started_at=datetime(2026, 11, 27, 18, 0, tzinfo=BERLIN),
        ended_at=datetime(2026, 11, 27, 20, 0, tzinfo=BERLIN),
        invited=40,
        present=30,
        walk_ins=2,
        groups=[GroupCount("Ehrenamt", 10, 12)],
        names=None,
        items=items,
        other=None,
        speaking=[("Ehrenamt", 600.0)],
        follow_ups=[],
        created_at=datetime(2026, 11, 27, 20, 0, tzinfo=BERLIN),
    )


def _actions_sheet(count: int) -> Sheet:
    headers = ["Nr.", "Art", "Text", "Treffen", "Datum des Treffens", "Tagesordnungspunkt", "Verantwortlich"]
    headers += ["Gruppe", "Fällig", "Status", "Kommentar"]
    rows: list[list] = [
        [line.id, line.kind, line.text, line.meeting_title, line.meeting_date, line.agenda_item, line.owner]
        + [line.group, line.due, "offen" if line.kind != "decision" else "", line.comment]
        for line in _lines(count)
    ]
    return Sheet("Aufgaben", headers, rows)


def _openpyxl(sheet: Sheet, write_only: bool) -> bytes:
    """The sheet through openpyxl, as the previous writer did it (write-only) or in its normal mode."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from integra_tui.io.exports.csv_xlsx import is_formula_like

    workbook = Workbook(write_only=write_only)
    worksheet = workbook.create_sheet(sheet.title) if write_only else workbook.active
    worksheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value):  # noqa: ANN001, ANN202
        if isinstance(value, str) and is_formula_like(value) or isinstance(value, (date, datetime)):
            made = WriteOnlyCell(worksheet, value=value) if write_only else value
            if write_only:
                if isinstance(value, str):
                    made.data_type, made.quotePrefix = "s", True
                else:
                    made.number_format = "DD.MM.YYYY"
            return made
        return value

    header = [WriteOnlyCell(worksheet, value=text) for text in sheet.headers] if write_only else list(sheet.headers)
    if write_only:
        for item in header:
            item.font = bold
    worksheet.append(header)
    for row in sheet.rows:
        worksheet.append([cell(value) for value in row])
    if not write_only:
        for item in worksheet[1]:
            item.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _job(config: dict) -> dict:
    """One renderer on one document in this interpreter: the best of ``repeat`` runs, after one warm-up."""
    count, what = config["count"], config["what"]
    if what == "minutes-pdf":
        from integra_tui.io.exports.pdf import minutes_pdf

        doc = _minutes_doc(count)
        minutes_pdf(_minutes_doc(8))  # imports, fonts

        def render() -> bytes:
            return minutes_pdf(doc)
    else:
        from integra_tui.io.exports.csv_xlsx import xlsx_bytes

        sheet = _actions_sheet(count)
        writers = {
            "xlsx": lambda: xlsx_bytes([sheet]),
            "xlsx-openpyxl-write-only": lambda: _openpyxl(sheet, True),
            "xlsx-openpyxl": lambda: _openpyxl(sheet, False),
        }
        render = writers[what]
        if what == "xlsx":
            xlsx_bytes([_actions_sheet(8)])
        else:
            _openpyxl(_actions_sheet(8), what == "xlsx-openpyxl-write-only")
    best, size = None, 0
    for _ in range(config.get("repeat", 1)):
        started = time.perf_counter()
        size = len(render())
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    return {"seconds": best, "bytes": size, "package": str(Path(sys.modules["integra_tui"].__file__).parent)}


def _run(config: dict, pythonpath: Path | None = None) -> dict | str:
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(pythonpath), *filter(None, [env.get("PYTHONPATH")])])
    done = subprocess.run(
        [sys.executable, __file__, "--job", json.dumps(config)], capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        return done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
    result = json.loads(done.stdout)
    if pythonpath is not None and not result["package"].startswith(str(pythonpath)):
        return "the exported package was not the one imported"
    return result


def _previous_tree(ref: str, folder: Path) -> Path | None:
    try:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", ref, "integra_tui"], capture_output=True, check=True, timeout=60
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return folder


def _row(label: str, result: dict | str) -> float | None:
    if isinstance(result, str):
        print(f"  {label:<36} not available: {result}")
        return None
    print(f"  {label:<36} {result['seconds']:7.2f} s  {result['bytes'] / 1024:8.0f} KiB")
    return result["seconds"]


def _end_to_end(count: int) -> None:
    from integra_tui.domain.clock import FakeClock
    from integra_tui.domain.models import Capture
    from integra_tui.services.agenda import add_agenda_item
    from integra_tui.services.context import open_context
    from integra_tui.services.exports import ExportRequest, run_export
    from integra_tui.services.meetings import add_meeting

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        clock = FakeClock(datetime(2026, 11, 27, 20, 0, tzinfo=BERLIN))
        ctx = open_context(root / "store.json", clock=clock)
        meeting = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2026, 11, 27), place="Mehrgenerationenhaus")
        items = [add_agenda_item(ctx, meeting.id, f"Punkt {n}", 10) for n in range(1, 8)]
        docs = []
        for n, line in enumerate(_lines(count)):
            capture = Capture(
                meeting_id=meeting.id,
                kind=line.kind,
                text=line.text,
                agenda_item_id=items[n % len(items)],
                owner=line.owner,
                due=line.due,
                created_at=ctx.now_iso(),
            )
            docs.append(capture.to_doc())
        ctx.store.table("captures").insert_multiple(docs)
        cases = [
            ("actions", "csv", "de"),
            ("actions", "csv", "international"),
            ("actions", "xlsx", "de"),
            ("actions", "md", "de"),
            ("actions", "ics", "de"),
            ("actions", "json", "de"),
            ("minutes", "md", "de"),
            ("minutes", "html", "de"),
            ("minutes", "pdf", "de"),
        ]
        for kind, fmt, dialect in cases:
            out = root / f"{kind}-{dialect}.{fmt}"
            start = time.perf_counter()
            run_export(ctx, ExportRequest(kind=kind, format=fmt, dialect=dialect, meeting_id=meeting.id, out=out))
            seconds = time.perf_counter() - start
            label = f"{kind} {fmt}" + (f" ({dialect})" if fmt == "csv" else "")
            print(f"  {label:<36} {seconds:7.2f} s  {out.stat().st_size / 1024:8.0f} KiB")
        ctx.close()


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", nargs="?", type=int, default=None, help=argparse.SUPPRESS)  # the old positional N
    parser.add_argument("--count", dest="count_option", type=int, default=10_000, help="captures (default 10000)")
    parser.add_argument("--previous", default=PREVIOUS, help="git ref of the previous implementation ('' skips)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each renderer; the best is reported")
    parser.add_argument("--tiny", action="store_true", help="a quick run at a tiny size (for the test)")
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.job:
        print(json.dumps(_job(json.loads(args.job))))
        return
    count = 40 if args.tiny else (args.count if args.count is not None else args.count_option)
    repeat = 1 if args.tiny else args.repeat
    print(f"load average {os.getloadavg()[0]:.2f} at the start; render: best of {repeat}")

    print(f"\nminutes PDF with {count} captures   goal < 2 s")
    ours = _row("render: this version", _run({"what": "minutes-pdf", "count": count, "repeat": repeat}))
    before = None
    if args.previous:
        with tempfile.TemporaryDirectory() as folder:
            tree = _previous_tree(args.previous, Path(folder))
            result = (
                "git cannot export it here" if tree is None else _run({"what": "minutes-pdf", "count": count}, tree)
            )
            before = _row(f"render: previous ({args.previous})", result)
    if ours and before:
        print(f"  ratio previous / this {before / ours:.2f}")

    print(f"\nactions XLSX with {count} rows   goal < 0.5 s")
    ours = _row("render: this version", _run({"what": "xlsx", "count": count, "repeat": repeat}))
    write_only = _row(
        "render: openpyxl write-only (previous)", _run({"what": "xlsx-openpyxl-write-only", "count": count})
    )
    normal = _row("render: openpyxl normal mode", _run({"what": "xlsx-openpyxl", "count": count}))
    if ours and write_only and normal:
        print(f"  ratio write-only / this {write_only / ours:.2f}, normal / this {normal / ours:.2f}")

    print(f"\nexport end to end (run_export: store, render, atomic write), {count} captures")
    _end_to_end(count)
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
