"""Captures: removed ones do not count, only action items have a status, history replayed, on both stores."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.captures import Labels
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Capture, Meeting, Person
from integra_tui.domain.needs import DEFAULT_TOPICS
from integra_tui.records import captures, groups, meetings, persons, topics

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


# -- what counts, what comes back in a meeting's open-items review, what a new capture is checked against ---------


MEETINGS = (("A", 8), ("B", 9), ("C", 10))


def _meetings(store) -> tuple[int, int, int]:
    found = [
        meetings.add(store, Meeting(title=t, date=date(2026, m, 27))).id for t, m in (("A", 8), ("B", 9), ("C", 10))
    ]
    return found[0], found[1], found[2]


def _review(store, kind: str, meeting_id: int) -> list[str]:
    return [c.text for c in captures.to_review(store, kind, meetings.get(store, meeting_id))]


def test_a_capture_counts_while_it_is_not_removed_and_of_the_kind_asked(store) -> None:
    need = _capture(store, 1, "need", "Fahrrad")
    assert captures.counting(store, need.id) == need == captures.counting(store, need.id, "need")
    assert captures.counting(store, need.id, "offer") is None and captures.counting(store, need.id + 9) is None
    captures.remove(store, need.id, "2026-11-27T17:00:00+01:00")
    assert captures.counting(store, need.id) is None and captures.get(store, need.id) is not None


def test_what_comes_back_is_still_open_or_reviewed_in_this_meeting(store) -> None:
    first, second, third = _meetings(store)
    entry = {"at": "2026-09-27T18:00:00+02:00", "comment": "", "meeting_id": second}
    _capture(store, first, "action", "offen")
    done_here = _capture(store, first, "action", "hier erledigt")
    captures.record_status(store, done_here, "done", {**entry, "status": "done"})
    done_before = _capture(store, first, "action", "vorher erledigt")
    captures.record_status(store, done_before, "done", {**entry, "status": "done", "meeting_id": None})
    _capture(store, second, "action", "aus diesem Treffen")
    in_progress = _capture(store, first, "need", "in Arbeit")
    captures.record_status(store, in_progress, "in_progress", {**entry, "status": "in_progress", "meeting_id": None})
    met_here = _capture(store, first, "need", "hier gedeckt")
    captures.record_status(store, met_here, "met", {**entry, "status": "met"})
    met_before = _capture(store, first, "need", "vorher gedeckt")
    captures.record_status(store, met_before, "met", {**entry, "status": "met", "meeting_id": None})
    removed = _capture(store, first, "need", "entfernt")
    captures.remove(store, removed.id, "t")
    _capture(store, first, "question", "offen?")
    for text, meeting_id in (("hier beantwortet?", second), ("vorher beantwortet?", None)):
        question = _capture(store, first, "question", text)
        captures.record_answer(store, question, answer="Ja", by="", at="t", meeting_id=meeting_id)
    assert _review(store, "action", second) == ["offen", "hier erledigt"]
    assert _review(store, "need", second) == ["in Arbeit", "hier gedeckt"]
    assert _review(store, "question", second) == ["offen?", "hier beantwortet?"]
    assert _review(store, "action", third) == ["offen", "aus diesem Treffen"]  # reviewed in B: closed for C
    assert _review(store, "need", first) == [] and _review(store, "question", third) == ["offen?"]
    assert captures.comes_back(captures.get(store, met_here.id), second)
    assert not captures.comes_back(captures.get(store, met_here.id), third)
    still_open = [c.text for c in captures.every(store) if captures.is_still_open(c)]
    assert still_open == ["offen", "aus diesem Treffen", "in Arbeit", "offen?"]  # "entfernt" was removed
    assert not captures.is_still_open(_capture(store, first, "note", "Notiz"))


def test_a_new_capture_is_checked_against_the_stores_groups_topics_and_people(store) -> None:
    groups.ensure(store, ("Zugewandert", "Ehrenamtlich"))
    persons.add(store, Person(name="Gisela Hartmann"), "gisela hartmann")
    assert topics.listed(store) == list(DEFAULT_TOPICS)
    topics.replace(store, ["Wohnen", "Nachbarschaft"])
    known = captures.known(store, Labels(group=lambda g: {"Ehrenamtlich": "Volunteer"}.get(g, g)))
    assert (list(known.groups), list(known.topics)) == (["Zugewandert", "Ehrenamtlich"], ["Wohnen", "Nachbarschaft"])
    assert list(known.names_like("gisela")) == ["Gisela Hartmann"] and list(known.names_like("renate")) == []
    need = captures.add_new(store, known.labels, 1, "need", " Rad ", at="t", group="volu", topic="nachb")
    assert captures.get(store, need.id) == need and (need.text, need.group, need.topic) == (
        "Rad",
        "Ehrenamtlich",
        "Nachbarschaft",
    )
    for fields, code in (({"group": "gisela hartmann"}, "group_is_a_person"), ({"topic": "Sprache"}, "unknown_topic")):
        with pytest.raises(DomainError) as refused:
            captures.add_new(store, known.labels, 1, "question", "Wer?", at="t", **fields)
        assert refused.value.code == code
    assert len(captures.every(store)) == 1  # nothing stored when refused
