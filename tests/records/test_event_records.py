"""Timer and speakers' list events: stored in order, read back as the domain's events, on both stores."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from integra_tui.domain import agenda as timer
from integra_tui.domain import speakers as speaking
from integra_tui.domain.agenda import TimerEvent
from integra_tui.domain.speakers import SpeakerEvent
from integra_tui.records import speaker_events, timer_events

T0 = datetime(2026, 11, 27, 17, 0, tzinfo=ZoneInfo("Europe/Berlin"))


def test_timer_events_round_trip_in_the_order_they_happened(store) -> None:
    events = [TimerEvent(timer.MEETING_START, T0), TimerEvent(timer.ITEM_START, T0, 4)]
    timer_events.add(store, 1, events)
    timer_events.add(store, 1, [TimerEvent(timer.ITEM_EXTEND, T0, 4, minutes=5, choice="buffer")])
    timer_events.add(store, 2, [])
    assert timer_events.of_meeting(store, 1) == [*events, TimerEvent(timer.ITEM_EXTEND, T0, 4, 5, "buffer")]
    assert timer_events.meeting_started(store, 1) and not timer_events.meeting_started(store, 2)
    assert timer_events.item_started(store, 4) and not timer_events.item_started(store, 5)


def test_a_persons_speaker_entries_by_id_or_by_name(store) -> None:
    add = speaking.ADD
    speaker_events.add(
        store,
        1,
        [
            SpeakerEvent(add, T0, 4, 1, "Jürgen Müller", "Kommune", person_id=7),
            SpeakerEvent(add, T0, 4, 2, "jurgen  muller", ""),  # typed as free text
            SpeakerEvent(add, T0, 4, 3, "Jürgen Müller", "", person_id=8),  # someone else of that name
            SpeakerEvent(speaking.START, T0, 4, 1),
            SpeakerEvent(speaking.START, T0, 4, 2),
        ],
    )
    assert len(speaker_events.of_meeting(store, 1)) == 5
    mine = speaker_events.stored_of_person(store, 7, "jurgen muller")
    assert sorted(d["entry_id"] for d in mine) == [1, 2]
    assert sorted(d["entry_id"] for d in speaker_events.stored_of_person(store, 7, "")) == [1]
    assert speaker_events.speeches_of(store, 7, "jurgen muller", {1}) == {1: 2}
    assert speaker_events.speeches_of(store, 7, "jurgen muller", {2}) == {}
    speaker_events.rename(store, [d["id"] for d in mine], "(gelöscht)")
    assert {e.name for e in speaker_events.of_meeting(store, 1) if e.kind == add} == {"(gelöscht)", "Jürgen Müller"}
