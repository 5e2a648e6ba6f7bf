"""The stored format did not change: a store written before the records layer loads, and the same use cases
write the same documents as before.

``data/store_v1.json`` was written by the app as it was before ``integra_tui.records`` existed
(commit 9bf9aab): the export scenario of ``tests/services/export_scenario.py`` plus a forgotten
person, a settings change and a later meeting (see :func:`_more_history`).
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

from integra_tui.records import (
    agenda_items,
    captures,
    checkins,
    codes,
    groups,
    invitees,
    meetings,
    persons,
    settings,
    speaker_events,
    timer_events,
)
from integra_tui.services import moderation, privacy
from integra_tui.services.context import open_context
from integra_tui.services.exports import minutes_doc
from integra_tui.services.meetings import add_meeting
from integra_tui.services.stats import range_stats

LEGACY = Path(__file__).with_name("data") / "store_v1.json"

_CODE = re.compile(r'"[0-9A-Z]{20}"')


def _more_history(scenario) -> None:
    """What data/store_v1.json holds beyond the export scenario."""
    ctx = scenario.ctx
    privacy.forget_person(ctx, scenario.people["ሳምራዊት ተኽለ"])
    moderation.update_settings(ctx, scenario.second, warning_minutes=3)
    add_meeting(ctx, "Winter", date(2027, 2, 26))


ADDED_SINCE = {"captures": ("revision",)}
"""Fields written since data/store_v1.json, on purpose: a capture counts its changes (for calendar SEQUENCE)."""


def _without_codes(table: dict, name: str = "") -> str:
    """A table as text with every code replaced (codes are random; everything else is fixed by the fake clock)."""
    added = ADDED_SINCE.get(name, ())
    table = {key: {k: v for k, v in doc.items() if k not in added} for key, doc in table.items()}
    return _CODE.sub('"CODE"', json.dumps(table, sort_keys=True, ensure_ascii=False))


def test_the_same_use_cases_write_the_same_documents_as_before(scenario) -> None:
    _more_history(scenario)
    scenario.ctx.close()
    now = json.loads(Path(scenario.ctx.path).read_text(encoding="utf-8"))
    before = json.loads(LEGACY.read_text(encoding="utf-8"))
    assert sorted(now) == sorted(before)
    for table in before:
        assert _without_codes(now[table], table) == _without_codes(before[table]), table


def test_a_store_written_before_the_records_layer_loads_unchanged(tmp_path) -> None:
    raw = json.loads(LEGACY.read_text(encoding="utf-8"))
    path = tmp_path / "store.json"
    shutil.copy(LEGACY, path)
    ctx = open_context(path)
    try:
        store = ctx.store
        assert [m.title for m in meetings.every(store)] == [m["title"] for m in raw["meetings"].values()]
        assert len(persons.every(store)) == 8 and len(persons.living(store)) == 7
        assert groups.names(store)[0] == "Kommune"
        assert len(invitees.of_meeting(store, 2)) == 8 and invitees.count_invited(store, 2) == 7
        assert all(codes.latest(store, i.code) is not None for i in invitees.of_meeting(store, 2))
        undone = [int(k) for k, c in raw["checkins"].items() if c.get("undone_at")]
        assert undone and not any(checkins.is_active(checkins.get(store, i)) for i in undone)
        present = {c["person_id"] for c in raw["checkins"].values() if c["meeting_id"] == 2 and not c.get("undone_at")}
        assert set(checkins.present_ids(store, 2)) == present
        assert [i.title for i in agenda_items.of_meeting(store, 2)][0] == "Begrüßung"
        assert timer_events.meeting_started(store, 2) and speaker_events.of_meeting(store, 2)
        assert {c.kind for c in captures.of_meeting(store, 2)} == {"action", "decision", "need", "note"}
        assert settings.moderation(store, 2).warning_minutes == 3
        # The use cases read it as they read their own.
        minutes = minutes_doc(ctx, 2, with_names=True)
        assert minutes.present == len(present) and minutes.invited == 7 and minutes.items
        assert range_stats(ctx).total.present == 9
        view = moderation.load_view(ctx, 2)
        assert view.items and view.events and view.captures
        assert privacy.personal_data(ctx, 1)["person"]["name"] == "Jürgen Müller"
    finally:
        ctx.close()
