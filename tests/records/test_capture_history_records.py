"""A capture's history read back (the minutes, the reports): its comment, its status and answer at a meeting's end.

On both stores: the history is stored, read back, and the rules of ``records.captures`` replay it.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from integra_tui.domain.models import Capture
from integra_tui.records import captures

BERLIN = ZoneInfo("Europe/Berlin")
DAY_END = datetime(2026, 12, 2, tzinfo=BERLIN)
"""The end of the day of meeting 2 (held on 1 December)."""


def _stored(store, kind: str, history: list[dict], **fields) -> Capture:
    capture = captures.add(store, Capture(meeting_id=1, kind=kind, text="Dolmetscher", history=history, **fields))
    return captures.get(store, capture.id)


def _entry(at: str, status: str, comment: str = "", meeting_id: int | None = None) -> dict:
    return {"at": at, "status": status, "comment": comment, "meeting_id": meeting_id}


def test_the_comment_is_the_latest_one_given(store) -> None:
    need = _stored(
        store,
        "need",
        [
            _entry("2026-11-20T10:00:00+01:00", "in_progress", "Frau A. fragt an"),
            _entry("2026-11-25T10:00:00+01:00", "in_progress", ""),
        ],
    )
    assert captures.last_comment(need.history) == "Frau A. fragt an"
    assert captures.last_comment([]) == ""


def test_the_status_at_a_meetings_end_counts_what_was_decided_in_it_or_before(store) -> None:
    later = _entry("2026-12-05T10:00:00+01:00", "met", "gedeckt")  # after the meeting: not in its minutes
    in_it = _entry("2026-12-01T19:00:00+01:00", "in_progress", "läuft", meeting_id=2)
    need = _stored(store, "need", [in_it, later], status="met")
    assert captures.history_by(need, 2, DAY_END) == [in_it]
    assert captures.status_by(need, 2, DAY_END) == "in_progress"
    assert captures.last_comment(captures.history_by(need, 2, DAY_END)) == "läuft"
    untouched = _stored(store, "need", [later], status="met")
    assert captures.history_by(untouched, 2, DAY_END) == [] and captures.status_by(untouched, 2, DAY_END) == "open"


def test_a_question_counts_as_answered_by_a_meetings_end_if_answered_in_it_or_before(store) -> None:
    before = _stored(store, "question", [], answered_at="2026-11-30T10:00:00+01:00", answer="Ja")
    after = _stored(store, "question", [], answered_at="2026-12-03T10:00:00+01:00", answer="Ja")
    in_it = _stored(store, "question", [], answered_at="2026-12-03T10:00:00+01:00", answer="Ja", answer_meeting_id=2)
    unanswered = _stored(store, "question", [])
    assert captures.answered_by(before, 2, DAY_END) and captures.answered_by(in_it, 2, DAY_END)
    assert not captures.answered_by(after, 2, DAY_END) and not captures.answered_by(unanswered, 2, DAY_END)


def test_an_entry_without_a_readable_time_sorts_last() -> None:
    assert captures.changed_at({"at": "kaputt"}) > captures.changed_at({"at": "2999-01-01T00:00:00+00:00"})
    assert captures.changed_at({}) == captures.changed_at({"at": "kaputt"})


START = datetime(2026, 12, 1, 18, 0, tzinfo=BERLIN)
"""When meeting 2 began."""


def test_an_item_came_back_in_a_meeting_when_open_as_it_began_or_reviewed_in_it(store) -> None:
    met_before = _entry("2026-11-25T10:00:00+01:00", "met", "gedeckt")
    met_in_it = _entry("2026-12-01T19:00:00+01:00", "met", "erledigt", meeting_id=2)
    done_before = _entry("2026-11-25T10:00:00+01:00", "done")
    in_progress = _entry("2026-11-25T10:00:00+01:00", "in_progress")
    need_met_before = _stored(store, "need", [met_before], status="met")
    need_met_in_it = _stored(store, "need", [met_in_it], status="met")
    need_in_progress = _stored(store, "need", [in_progress], status="in_progress")
    action_done_before = _stored(store, "action", [done_before], status="done")
    action_done_in_it = _stored(store, "action", [{**done_before, "meeting_id": 2}], status="done")
    action_open = _stored(store, "action", [], status="open")
    assert not captures.was_open_at(need_met_before, START) and captures.was_open_at(need_met_in_it, START)
    assert captures.was_open_at(need_in_progress, START)  # a need in progress is still open; an action is not
    assert not captures.was_open_at(action_done_before, START) and captures.was_open_at(action_open, START)
    assert captures.reviewed_in(need_met_in_it, 2) and not captures.reviewed_in(need_met_in_it, 3)
    assert captures.reviewed_in(action_done_in_it, 2) and not captures.reviewed_in(action_done_before, 2)
    came_back = [c.id for c in (need_met_before, need_in_progress, action_done_before, action_done_in_it, action_open)]
    assert [i for i in came_back if captures.came_back_at(captures.get(store, i), 2, START)] == [
        need_in_progress.id,
        action_done_in_it.id,
        action_open.id,
    ]
    assert captures.comes_back(action_done_in_it, 2) and not captures.comes_back(action_done_before, 2)


def test_a_question_came_back_in_a_meeting_unless_answered_before_it_began(store) -> None:
    open_one = _stored(store, "question", [])
    answered_before = _stored(store, "question", [], answered_at="2026-11-30T10:00:00+01:00", answer="Ja")
    answered_in_it = _stored(store, "question", [], answered_at="2026-12-01T19:00:00+01:00", answer="Ja")
    early_for_it = _stored(  # answered before it began, but recorded as this meeting's answer
        store, "question", [], answered_at="2026-12-01T17:00:00+01:00", answer="Ja", answer_meeting_id=2
    )
    back = [q for q in (open_one, answered_before, answered_in_it, early_for_it) if captures.came_back_at(q, 2, START)]
    assert back == [open_one, answered_in_it, early_for_it]
