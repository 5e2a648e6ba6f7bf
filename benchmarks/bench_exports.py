"""Time to export 10,000 action items in each format (csv both dialects, xlsx, md, ics, json), plus the minutes of that meeting.

Run: python benchmarks/bench_exports.py [N]. Builds a throw-away store with one meeting and N action
items (a third with a due date), then times ``run_export`` end to end: reading the store, rendering,
writing the file atomically.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Capture
from integra_tui.services.agenda import add_agenda_item
from integra_tui.services.context import open_context
from integra_tui.services.exports import ExportRequest, run_export
from integra_tui.services.meetings import add_meeting

OWNERS = ["Jürgen Müller", "Олена Коваленко", "احمد رحیمی", "ሳምራዊት ተኽለ", "Gisela Hartmann", "=Formel"]


def main(count: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        clock = FakeClock(datetime(2026, 11, 27, 20, 0, tzinfo=ZoneInfo("Europe/Berlin")))
        ctx = open_context(root / "store.json", clock=clock)
        meeting = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2026, 11, 27), place="Mehrgenerationenhaus")
        items = [add_agenda_item(ctx, meeting.id, f"Punkt {n}", 10) for n in range(1, 8)]
        kinds = ["action", "action", "action", "decision", "need"]
        docs = []
        for n in range(count):
            kind = kinds[n % len(kinds)]
            capture = Capture(
                meeting_id=meeting.id,
                kind=kind,
                text=f"Aufgabe Nummer {n}: Raum klären, Flyer drucken; „Sprachcafé“",
                agenda_item_id=items[n % len(items)],
                owner=OWNERS[n % len(OWNERS)] if kind == "action" else "",
                due=date(2026, 12, 1) + timedelta(days=n % 90) if n % 3 == 0 else None,
                created_at=ctx.now_iso(),
            )
            docs.append(capture.to_doc())
        ctx.store.table("captures").insert_multiple(docs)
        print(
            f"{count} captures ({sum(1 for d in docs if d['kind'] == 'action')} action items, "
            f"{sum(1 for d in docs if d['kind'] == 'action' and d['due'])} with a due date)"
        )
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
            print(f"{label:<28} {seconds:7.2f} s  {out.stat().st_size / 1024:9.0f} KiB")
        ctx.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
