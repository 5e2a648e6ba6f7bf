"""What the board and the funder's report read of the records, on both stores: needs with their pairs, the needs'
quarter count and the volunteers' marks by day (one rule each, for ``services.needs``, ``.volunteers`` and
``.exports.network`` alike)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from integra_tui.domain.models import Capture, Meeting, VolunteerMark
from integra_tui.domain.needs import DEFAULT_TOPICS
from integra_tui.records import captures, meetings, topics, volunteers

BERLIN = ZoneInfo("Europe/Berlin")
REMOVED = "2026-11-27T18:30:00+01:00"


def _capture(store, kind: str, text: str, meeting_id: int = 1, **fields) -> Capture:
    return captures.add(store, Capture(meeting_id=meeting_id, kind=kind, text=text, **fields))


def test_a_need_comes_with_its_pairs_and_items_that_count_in_the_boards_order(store) -> None:
    offer = _capture(store, "offer", "Begleitung dienstags", topic="Behörden")
    gone = _capture(store, "offer", "Begleitung freitags", topic="Behörden", removed_at=REMOVED)
    action = _capture(store, "action", "Termin machen")
    history = [{"at": "2026-11-28T10:00:00+01:00", "status": "in_progress", "comment": "läuft", "meeting_id": None}]
    started = _capture(
        store,
        "need",
        "Begleitung",
        topic="Behörden",
        status="in_progress",
        history=history,
        matched_ids=[offer.id, gone.id],
        action_ids=[action.id],
    )
    housing = _capture(store, "need", "Wohnung", meeting_id=2, topic="Wohnen")
    language = _capture(store, "need", "Kurs", meeting_id=2, topic="Sprache")
    _capture(store, "need", "entfernt", topic="Sprache", removed_at=REMOVED)
    meetings = {
        1: Meeting(id=1, title="Herbst", date=date(2026, 11, 27)),
        2: Meeting(id=2, title="Winter", date=date(2026, 12, 4)),
    }
    rows = captures.need_rows(store, meetings, DEFAULT_TOPICS)
    assert [r.id for r in rows] == [language.id, housing.id, started.id]  # open first, then by the topics' order
    last = rows[-1]
    assert [o.id for o in last.offers] == [offer.id] and [a.id for a in last.actions] == [action.id]
    assert last.comment == "läuft" and last.changed_at is not None and last.meeting.title == "Herbst"
    assert rows[0].changed_at is None and rows[0].comment == "" and rows[0].is_open


def test_the_needs_count_per_quarter_from_the_stored_needs(store) -> None:
    met = [{"at": "2026-10-02T10:00:00+02:00", "status": "met", "comment": "", "meeting_id": None}]
    _capture(store, "need", "Kurs", topic="Sprache", history=met, status="met")
    _capture(store, "need", "Wohnung", meeting_id=2, topic="Wohnen")
    _capture(store, "need", "entfernt", topic="Wohnen", removed_at=REMOVED)
    raised_on = {1: date(2026, 9, 10), 2: date(2026, 12, 4)}
    facts = captures.need_facts(store, raised_on, BERLIN, date(2026, 12, 10))
    assert sorted((f.raised_on, f.topic) for f in facts) == [
        (date(2026, 9, 10), "Sprache"),
        (date(2026, 12, 4), "Wohnen"),
    ]
    meetings = [
        Meeting(id=1, title="Herbst", date=date(2026, 9, 10)),
        Meeting(id=2, title="Winter", date=date(2026, 12, 4)),
    ]
    counts = captures.need_quarter_counts(store, meetings, DEFAULT_TOPICS, tz=BERLIN, today=date(2026, 12, 10))
    assert [(c.year, c.quarter, c.topic, c.raised, c.met, c.open) for c in counts] == [
        (2026, 3, "Sprache", 1, 0, 1),
        (2026, 4, "Sprache", 0, 1, 0),
        (2026, 4, "Wohnen", 1, 0, 1),
    ]
    assert (
        captures.need_quarter_counts(
            store, meetings, DEFAULT_TOPICS, tz=BERLIN, today=date(2026, 12, 10), date_from=date(2026, 10, 1)
        )[0].quarter
        == 4
    )


def test_the_stores_quarter_count_reads_its_meetings_and_its_topic_list(store) -> None:
    """What the needs report and the network's export show: the count of the stored meetings and topic list."""
    autumn = meetings.add(store, Meeting(title="Herbst", date=date(2026, 9, 10)))
    winter = meetings.add(store, Meeting(title="Winter", date=date(2026, 12, 4)))
    _capture(store, "need", "Kurs", meeting_id=autumn.id, topic="Sprache")
    _capture(store, "need", "Wohnung", meeting_id=winter.id, topic="Wohnen")
    _capture(store, "need", "Rad", meeting_id=winter.id, topic="Mobilität")
    topics.replace(store, ["Wohnen", "Sprache"])  # a topic off the list sorts after those on it
    today = date(2026, 12, 10)
    counts = captures.quarter_counts(store, tz=BERLIN, today=today)
    assert [(c.year, c.quarter, c.topic, c.raised) for c in counts if c.raised] == [
        (2026, 3, "Sprache", 1),
        (2026, 4, "Wohnen", 1),
        (2026, 4, "Mobilität", 1),
    ]
    expected = captures.need_quarter_counts(store, meetings.every(store), topics.listed(store), tz=BERLIN, today=today)
    assert counts == expected
    later = captures.quarter_counts(store, tz=BERLIN, today=today, date_from=date(2026, 10, 1))
    assert {c.quarter for c in later} == {4}


def test_volunteer_marks_by_day_leave_out_removed_ones(store) -> None:
    volunteers.add(store, VolunteerMark(person_id=1, marked_at="2026-09-30T23:30:00+00:00"))  # 1 October in Berlin
    contacted = volunteers.add(store, VolunteerMark(person_id=2, marked_at="2026-11-27T18:00:00+01:00"))
    volunteers.mark_contacted(store, contacted.id, at="2026-11-28T10:00:00+01:00", by="Gisela", note="")
    removed = volunteers.add(store, VolunteerMark(person_id=3, marked_at="2026-11-27T18:00:00+01:00"))
    volunteers.remove(store, removed.id, REMOVED)
    assert volunteers.marked_days(store, BERLIN) == [(date(2026, 10, 1), False), (date(2026, 11, 27), True)]
