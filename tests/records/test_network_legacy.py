"""A store written before needs had topics and statuses: its need loads, counts and can be followed from now on."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain.clock import FakeClock
from integra_tui.records import captures
from integra_tui.services import moderation, needs
from integra_tui.services.context import open_context
from integra_tui.services.exports import minutes_doc

LEGACY = Path(__file__).with_name("data") / "store_v1.json"


def test_an_old_need_is_an_open_need_without_topic_that_counts(tmp_path) -> None:
    path = tmp_path / "store.json"
    shutil.copy(LEGACY, path)
    ctx = open_context(path, clock=FakeClock(datetime(2027, 2, 26, 16, 0, tzinfo=ZoneInfo("Europe/Berlin"))))
    try:
        [row] = needs.board(ctx)
        assert (row.need.text, row.status, row.need.topic, row.need.group) == (
            "Dolmetscher für Tigrinya",
            "open",
            "",
            "Zugewandert",
        )
        # It comes back at the next meeting (the winter meeting, 3) and counts for the funder.
        assert [c.text for c in needs.open_needs_for(ctx, 3)] == ["Dolmetscher für Tigrinya"]
        assert moderation.open_items(ctx, 3).still_open >= 1
        counts = [(c.year, c.quarter, c.topic, c.raised, c.open) for c in needs.quarter_report(ctx)]
        assert counts == [(2026, 4, "Sonstiges", 1, 1), (2027, 1, "Sonstiges", 0, 1)]  # raised, then still open
        assert [line.text for line in minutes_doc(ctx, 2).items[2].needs] == ["Dolmetscher für Tigrinya"]
        # Followed from now on: the new fields are added to it, the old ones stay as they were.
        needs.set_topic(ctx, row.id, "Sprache")
        needs.set_need_status(ctx, row.id, "in Arbeit", "Dolmetscherpool angefragt", 3)
        stored = next(d for d in captures.stored_matching(ctx.store, lambda d: d.get("kind") == "need"))
        before = next(
            c for c in json.loads(LEGACY.read_text(encoding="utf-8"))["captures"].values() if c["kind"] == "need"
        )
        assert {k: stored[k] for k in before if k not in ("status", "history")} == {
            k: v for k, v in before.items() if k not in ("status", "history")
        }
        assert stored["topic"] == "Sprache" and stored["status"] == "in_progress"
    finally:
        ctx.close()
