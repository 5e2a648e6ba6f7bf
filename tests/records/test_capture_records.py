"""Captures: removed ones do not count, only action items have a status, history replayed, on both stores."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from integra_tui.domain.models import Capture
from integra_tui.records import captures

BERLIN = ZoneInfo("Europe/Berlin")


def _capture(store, meeting_id: int, kind: str, text: str, **fields) -> Capture:
    return captures.add(store, Capture(meeting_id=meeting_id, kind=kind, text=text, **fields))


def test_a_removed_capture_no_longer_counts(store) -> None:
    action = _capture(store, 1, "action", "Flyer drucken", due=date(2026, 12, 1), owner="Gisela")
    note = _capture(store, 1, "note", "Presse")
    _capture(store, 2, "action", "Raum anfragen")
    assert captures.get(store, action.id) == action and captures.is_live(action)
    captures.remove(store, note.id, "2026-11-27T17:00:00+01:00")
    assert not captures.is_live(captures.get(store, note.id))
    assert [c.id for c in captures.of_meeting(store, 1)] == [action.id]
    assert len(captures.of_meeting(store, 1, include_removed=True)) == 2
    assert [c.text for c in captures.live(store, kinds=("action",))] == ["Flyer drucken", "Raum anfragen"]
    assert [c.text for c in captures.live(store, meeting_ids={2})] == ["Raum anfragen"]
    assert len(captures.every(store)) == 3


def test_only_action_items_have_a_status_and_its_history_is_replayed(store) -> None:
    action = _capture(store, 1, "action", "Flyer drucken")
    assert captures.has_status(action) and not captures.has_status(_capture(store, 1, "decision", "Ja"))
    entry = {"at": "2026-12-01T10:00:00+01:00", "status": "done", "comment": "", "meeting_id": None}
    captures.record_status(store, action, "done", entry)
    done = captures.get(store, action.id)
    assert done.status == "done" and done.history == [entry]
    assert captures.status_at(done.history, done.status, datetime(2026, 11, 30, tzinfo=BERLIN)) == "open"
    assert captures.status_at(done.history, done.status, datetime(2026, 12, 2, tzinfo=BERLIN)) == "done"
    assert captures.status_at([], "dropped", datetime(2026, 12, 2, tzinfo=BERLIN)) == "dropped"


def test_edit_and_scrub_change_only_what_they_name(store) -> None:
    action = _capture(store, 1, "action", "Anna fragt nach", owner="Anna")
    captures.edit(store, action.id, text="Neu", owner="Ben", due=date(2027, 1, 8), group="Kommune", at="t")
    edited = captures.get(store, action.id)
    assert (edited.text, edited.owner, edited.due, edited.group) == ("Neu", "Ben", date(2027, 1, 8), "Kommune")
    captures.scrub(store, action.id, owner="(gelöscht)")
    assert captures.get(store, action.id).text == "Neu" and captures.get(store, action.id).owner == "(gelöscht)"
    assert [d["id"] for d in captures.stored_matching(store, lambda d: d.get("owner") == "(gelöscht)")] == [action.id]
