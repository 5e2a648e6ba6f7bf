"""Meetings: an item deferred before the next meeting existed lands on its agenda when it is created."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain.clock import FakeClock
from integra_tui.services import agenda, meetings, moderation
from integra_tui.services.context import open_context


def test_a_new_meeting_picks_up_items_deferred_to_it(tmp_path: Path) -> None:
    ctx = open_context(
        tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 17, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    )
    today = meetings.add_meeting(ctx, "Herbst", date(2026, 11, 27))
    item = agenda.add_agenda_item(ctx, today.id, "Bedarfe sammeln", 20)
    moderation.defer_item(ctx, today.id, item)
    assert [d["title"] for d in agenda.agenda_docs(ctx, today.id)] == ["Bedarfe sammeln"]
    winter = meetings.add_meeting(ctx, "Winter", date(2027, 2, 25))
    carried = agenda.agenda_docs(ctx, winter.id)
    assert [(d["title"], d["carried_over_from"]) for d in carried] == [("Bedarfe sammeln", today.id)]
    ctx.close()
