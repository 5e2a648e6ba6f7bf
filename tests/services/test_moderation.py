"""The moderator's use cases on a real store: timer events, deferral, speakers, captures, settings."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.agenda import (
    CHOICE_BUFFER,
    CHOICE_EXTEND,
    CHOICE_TAKE_FROM,
    DEFERRED,
    OVERRUN,
    PAUSED,
    RUNNING,
    SKIPPED,
)
from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.records import captures, timer_events
from integra_tui.services import agenda as agenda_service
from integra_tui.services import followup
from integra_tui.services import moderation as mod
from integra_tui.services.context import Context, ServiceError, open_context
from integra_tui.services.meetings import add_meeting, get_meeting, list_meetings
from integra_tui.services.people import add_person, invite

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 11, 27, 17, 0, tzinfo=BERLIN)


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture()
def ctx(tmp_path: Path, clock: FakeClock) -> Context:
    return open_context(tmp_path / "store.json", clock=clock)


def _meeting(ctx: Context, on: date = date(2026, 11, 27), minutes: int = 120) -> int:
    meeting = add_meeting(ctx, "Runder Tisch", on, time(17, 0), place="MGH", planned_minutes=minutes)
    # 10 + 25 + 20 + 15 = 70 planned minutes: 50 minutes of buffer in a 120-minute meeting.
    for title, mins, kind in (
        ("Begrüßung", 10, "talk"),
        ("Vortrag", 25, "talk"),
        ("Austausch", 20, "discussion"),
        ("Pause", 15, "break"),
    ):
        agenda_service.add_agenda_item(ctx, meeting.id, title, mins, kind=kind)
    return meeting.id


def _ids(ctx: Context, meeting_id: int) -> list[int]:
    return [d["id"] for d in agenda_service.agenda_docs(ctx, meeting_id)]


def test_timer_survives_a_new_process_with_the_right_elapsed_time(ctx, clock, tmp_path) -> None:
    meeting_id = _meeting(ctx)
    mod.toggle_item(ctx, meeting_id)  # space: starts the first item
    clock.advance(minutes=4)
    mod.pause_item(ctx, meeting_id)
    clock.advance(minutes=10)  # paused time does not count
    mod.resume_item(ctx, meeting_id)
    clock.advance(minutes=3, seconds=12)
    # Another process opening the same file at the same moment sees the same state.
    other = open_context(tmp_path / "store.json", clock=FakeClock(clock.now()))
    state = mod.agenda_state(other, meeting_id)
    assert state.current.status == RUNNING
    assert state.current.elapsed_seconds == 7 * 60 + 12
    assert get_meeting(other, meeting_id).status == "running"
    stored = ctx.store.find(timer_events.TABLE, "meeting_id", meeting_id)
    assert [d["kind"] for d in sorted(stored, key=lambda d: d["id"])] == [
        "meeting_start",
        "item_start",
        "item_pause",
        "item_resume",
    ]
    assert stored[0]["at"] == "2026-11-27T17:00:00+01:00"


def test_toggle_pauses_and_resumes(ctx) -> None:
    meeting_id = _meeting(ctx)
    mod.toggle_item(ctx, meeting_id)
    assert mod.toggle_item(ctx, meeting_id).current.status == PAUSED
    assert mod.toggle_item(ctx, meeting_id).current.status == RUNNING


def test_extension_comes_from_the_buffer_until_it_is_used_up(ctx) -> None:
    meeting_id = _meeting(ctx, minutes=80)  # 10 minutes of buffer
    mod.next_item(ctx, meeting_id)
    state, choice = mod.extend_item(ctx, meeting_id, 5)
    assert choice == CHOICE_BUFFER and state.buffer_minutes_left == 5
    state, choice = mod.extend_item(ctx, meeting_id, 5)
    assert choice == CHOICE_BUFFER and state.buffer_minutes_left == 0
    state, choice = mod.extend_item(ctx, meeting_id, 1)
    assert choice == CHOICE_EXTEND
    assert state.current.planned_seconds == (10 + 11) * 60


def test_take_time_picks_the_next_item_that_has_it_and_breaks_last(ctx) -> None:
    meeting_id = _meeting(ctx)
    first, talk, discussion, pause = _ids(ctx, meeting_id)
    mod.next_item(ctx, meeting_id)
    state, donor = mod.take_time(ctx, meeting_id, 5)
    assert donor.id == talk
    assert state.item(talk).planned_minutes == 20
    assert state.item(first).planned_minutes == 15
    state, donor = mod.take_time(ctx, meeting_id, 5, from_item_id=pause)
    assert donor.id == pause and state.item(pause).planned_minutes == 10
    with pytest.raises(ServiceError, match="30 Minuten"):
        mod.take_time(ctx, meeting_id, 30)
    decisions = mod.overrun_decisions(ctx, meeting_id)
    assert [(d["choice"], d["from_item_id"]) for d in decisions] == [
        (CHOICE_TAKE_FROM, talk),
        (CHOICE_TAKE_FROM, pause),
    ]


def test_refused_commands_raise_service_errors_in_german(ctx) -> None:
    meeting_id = _meeting(ctx)
    with pytest.raises(ServiceError, match="kein Tagesordnungspunkt"):
        mod.pause_item(ctx, meeting_id)
    with pytest.raises(ServiceError, match="keinen vorherigen"):
        mod.previous_item(ctx, meeting_id)


def test_deferral_goes_to_the_next_meeting_marked_as_carried_over(ctx) -> None:
    meeting_id = _meeting(ctx)
    later = add_meeting(ctx, "Runder Tisch", date(2027, 2, 26), time(17, 0))
    first, talk, *_ = _ids(ctx, meeting_id)
    mod.next_item(ctx, meeting_id)
    mod.next_item(ctx, meeting_id)
    result = mod.defer_item(ctx, meeting_id)
    assert result.target.id == later.id and not result.created
    assert result.state.item(talk).status == DEFERRED
    assert result.state.current.item.title == "Austausch"  # the meeting goes on
    carried = agenda_service.agenda_docs(ctx, later.id)
    assert [(d["title"], d["minutes"], d["carried_over_from"]) for d in carried] == [("Vortrag", 25, meeting_id)]


def test_deferral_without_a_next_meeting_can_create_one_a_quarter_later(ctx) -> None:
    meeting_id = _meeting(ctx)
    assert mod.deferral_target(ctx, meeting_id) is None
    mod.next_item(ctx, meeting_id)
    result = mod.defer_item(ctx, meeting_id, overrun=True, create_next=True)
    assert result.created
    assert result.target.date == date(2027, 2, 26)  # 13 weeks on, also a Friday
    assert result.target.start_time == time(17, 0) and result.target.place == "MGH"
    assert [d["title"] for d in agenda_service.agenda_docs(ctx, result.target.id)] == ["Begrüßung"]
    assert [d["choice"] for d in mod.overrun_decisions(ctx, meeting_id)] == ["defer"]


def test_deferred_list_is_picked_up_by_the_next_meeting_opened(ctx) -> None:
    meeting_id = _meeting(ctx)
    first, talk, discussion, pause = _ids(ctx, meeting_id)
    result = mod.defer_item(ctx, meeting_id, discussion)  # a pending item, no next meeting yet
    assert result.target is None
    assert mod.pick_up_deferred(ctx, meeting_id) == 0  # not into its own meeting
    later = add_meeting(ctx, "Runder Tisch", date(2027, 1, 15), time(17, 0))
    mod.prepare_meeting(ctx, later.id)
    mod.prepare_meeting(ctx, later.id)  # opening twice adds it once
    carried = agenda_service.agenda_docs(ctx, later.id)
    assert [(d["title"], d["carried_over_from"]) for d in carried] == [("Austausch", meeting_id)]


def test_reopening_a_deferred_item_takes_it_off_the_next_agenda(ctx) -> None:
    meeting_id = _meeting(ctx)
    later = add_meeting(ctx, "Runder Tisch", date(2027, 2, 26), time(17, 0))
    mod.next_item(ctx, meeting_id)
    mod.defer_item(ctx, meeting_id)
    assert len(agenda_service.agenda_docs(ctx, later.id)) == 1
    state = mod.previous_item(ctx, meeting_id)
    assert state.current.item.title == "Begrüßung"
    assert agenda_service.agenda_docs(ctx, later.id) == []


def test_skip_and_projected_end(ctx, clock) -> None:
    meeting_id = _meeting(ctx)
    mod.next_item(ctx, meeting_id)
    clock.advance(minutes=12)
    state = mod.skip_item(ctx, meeting_id)
    assert state.items[0].status == SKIPPED
    # Now 17:12; the talk (25), the discussion (20) and the break (15) remain: 18:12.
    assert state.projected_end == START + timedelta(minutes=72)
    assert not state.projected_end_late


def test_overrun_phase_uses_the_meeting_settings(ctx, clock) -> None:
    meeting_id = _meeting(ctx)
    mod.update_settings(ctx, meeting_id, warning_minutes=5, warning_percent=0)
    mod.next_item(ctx, meeting_id)
    clock.advance(minutes=5, seconds=1)
    assert mod.agenda_state(ctx, meeting_id).current.phase == "warning"
    clock.advance(minutes=5)
    assert mod.agenda_state(ctx, meeting_id).current.phase == OVERRUN


def test_settings_are_kept_per_meeting_and_checked(ctx) -> None:
    meeting_id = _meeting(ctx)
    other = _meeting(ctx, on=date(2027, 1, 1))
    mod.update_settings(ctx, meeting_id, first_time_priority=True, speaker_seconds=90)
    assert mod.moderation_settings(ctx, meeting_id).first_time_priority
    assert mod.moderation_settings(ctx, meeting_id).speaker_seconds == 90
    assert not mod.moderation_settings(ctx, other).first_time_priority
    with pytest.raises(ServiceError):
        mod.update_settings(ctx, meeting_id, warning_percent=150)
    assert mod.update_settings(ctx, meeting_id, speaker_seconds=0).speaker_seconds is None


def _attendee(ctx: Context, meeting_id: int, name: str, group: str) -> Person:
    person = add_person(ctx, Person(name=name, group=group, organisation="Stadt"))
    invite(ctx, meeting_id, person.id)
    ctx.store.insert(
        "checkins", {"meeting_id": meeting_id, "person_id": person.id, "at": ctx.now_iso(), "method": "scan"}
    )
    return person


def test_speakers_first_time_priority_and_balance_by_group(ctx, clock) -> None:
    meeting_id = _meeting(ctx)
    _attendee(ctx, meeting_id, "Ömer Şengül", "Kommune")
    _attendee(ctx, meeting_id, "Gisela Hartmann", "Ehrenamtlich")
    _attendee(ctx, meeting_id, "Lena Kraus", "Zugewandert")
    item = mod.next_item(ctx, meeting_id).current_item_id
    mod.update_settings(ctx, meeting_id, first_time_priority=True)
    state = mod.add_speaker(ctx, meeting_id, item, "ömer şengül")  # found among those checked in
    assert state.queue[0].name == "Ömer Şengül" and state.queue[0].group == "Kommune"
    mod.next_speaker(ctx, meeting_id, item)
    clock.advance(seconds=90)
    mod.add_speaker(ctx, meeting_id, item, "Ömer Şengül")  # wants to speak again
    state = mod.add_speaker(ctx, meeting_id, item, "Gisela Hartmann")
    assert [e.name for e in state.queue] == ["Gisela Hartmann", "Ömer Şengül"]
    state = mod.next_speaker(ctx, meeting_id, item)
    assert state.current.entry.name == "Gisela Hartmann"
    clock.advance(seconds=30)
    state = mod.speakers_state(ctx, meeting_id, item)
    assert state.group_seconds_item["Kommune"] == 90 and state.group_seconds_item["Ehrenamtlich"] == 30
    assert state.groups_silent_item == ("Zugewandert",)
    assert mod.speaking_time_by_group(ctx, meeting_id)["Zugewandert"] == 0


def test_a_name_is_linked_to_the_person_present_even_if_an_absent_invitee_shares_it(ctx) -> None:
    meeting_id = _meeting(ctx)
    present = _attendee(ctx, meeting_id, "Anna Schmidt", "Kommune")
    absent = add_person(ctx, Person(name="Anna Schmidt", group="Landkreis"))
    invite(ctx, meeting_id, absent.id)
    item = mod.next_item(ctx, meeting_id).current_item_id
    state = mod.add_speaker(ctx, meeting_id, item, "anna schmidt")
    assert (state.queue[0].person_id, state.queue[0].group) == (present.id, "Kommune")


def test_closing_an_item_ends_the_speech_still_going_on(ctx, clock) -> None:
    meeting_id = _meeting(ctx)
    item = mod.next_item(ctx, meeting_id).current_item_id
    mod.add_speaker(ctx, meeting_id, item, "Gast", group="Kommune")
    mod.next_speaker(ctx, meeting_id, item)
    clock.advance(seconds=40)
    mod.next_item(ctx, meeting_id)  # forgot to press w: the speech still ends with the item
    clock.advance(minutes=10)
    assert mod.speakers_state(ctx, meeting_id, item).current is None
    assert mod.speaking_time_by_group(ctx, meeting_id)["Kommune"] == 40


def test_free_text_speaker_keeps_the_group_given(ctx) -> None:
    meeting_id = _meeting(ctx)
    item = mod.next_item(ctx, meeting_id).current_item_id
    state = mod.add_speaker(ctx, meeting_id, item, "Gast aus Kassel", group="volunteers")
    assert state.queue[0].group == "Ehrenamtlich" and state.queue[0].person_id is None
    state = mod.add_speaker(ctx, meeting_id, item, "Gast aus Fulda", group="zugew")  # a unique beginning
    assert state.queue[1].group == "Zugewandert"
    state = mod.add_speaker(ctx, meeting_id, item, "Gast aus Gießen", group="Nachbarschaft")  # kept as typed
    assert state.queue[2].group == "Nachbarschaft"
    with pytest.raises(ServiceError, match="schon auf der Redeliste"):
        mod.add_speaker(ctx, meeting_id, item, "gast aus kassel")


def test_captures_are_stored_edited_and_removed_with_a_record(ctx, clock) -> None:
    meeting_id = _meeting(ctx)
    item = mod.next_item(ctx, meeting_id).current_item_id
    action = mod.add_capture(
        ctx, meeting_id, "action", "Raum  buchen", agenda_item_id=item, owner="Jürgen Müller", due=date(2027, 1, 15)
    )
    need = mod.add_capture(ctx, meeting_id, "need", "Dolmetscher Arabisch", agenda_item_id=item, group="immigrants")
    assert need.group == "Zugewandert"
    stored = ctx.store.get(captures.TABLE, action.id)
    assert stored["text"] == "Raum buchen" and stored["due"] == "2027-01-15" and stored["status"] == "open"
    mod.update_capture(ctx, action.id, text="Großen Saal buchen", owner="Sabine Kröger", due=None)
    clock.advance(minutes=1)
    mod.remove_capture(ctx, need.id)
    assert [c.text for c in mod.captures_of(ctx, meeting_id)] == ["Großen Saal buchen"]
    removed = ctx.store.get(captures.TABLE, need.id)
    assert removed["removed_at"] == "2026-11-27T17:01:00+01:00"
    with pytest.raises(ServiceError):
        mod.add_capture(ctx, meeting_id, "decision", "   ")


def test_open_action_items_become_the_first_agenda_item_and_are_reviewed(ctx, clock) -> None:
    earlier = _meeting(ctx, on=date(2026, 9, 4))
    open_one = mod.add_capture(ctx, earlier, "action", "Flyer drucken", owner="Gisela", due=date(2026, 10, 1))
    mod.add_capture(ctx, earlier, "action", "Schon erledigt")
    done_before = mod.captures_of(ctx, earlier)[-1]
    followup.set_status(ctx, done_before.id, "done", "", earlier)
    mod.add_capture(ctx, earlier, "decision", "Keine Aufgabe")
    meeting_id = _meeting(ctx)
    mod.prepare_meeting(ctx, meeting_id)
    mod.prepare_meeting(ctx, meeting_id)
    docs = agenda_service.agenda_docs(ctx, meeting_id)
    assert docs[0]["kind"] == "open_items" and docs[0]["title"] == "Offene Punkte" and docs[0]["minutes"] == 5
    assert sum(1 for d in docs if d["kind"] == "open_items") == 1
    assert [c.text for c in mod.open_action_items(ctx, meeting_id)] == ["Flyer drucken"]
    reviewed = followup.set_status(ctx, open_one.id, "done", "erledigt im Oktober", meeting_id)
    assert reviewed.status == "done"
    assert reviewed.history[-1] == {
        "at": "2026-11-27T17:00:00+01:00",
        "status": "done",
        "comment": "erledigt im Oktober",
        "meeting_id": meeting_id,
    }
    # Reviewed in this meeting: still listed here (with its new status), gone from later meetings.
    assert [c.status for c in mod.open_action_items(ctx, meeting_id)] == ["done"]
    later = add_meeting(ctx, "Runder Tisch", date(2027, 2, 26))
    assert mod.open_action_items(ctx, later.id) == []


def test_removed_open_items_item_is_not_added_again(ctx) -> None:
    earlier = _meeting(ctx, on=date(2026, 9, 4))
    mod.add_capture(ctx, earlier, "action", "Flyer drucken")
    meeting_id = _meeting(ctx)
    item_id = mod.ensure_open_items_item(ctx, meeting_id)
    agenda_service.remove_agenda_item(ctx, item_id)
    assert mod.ensure_open_items_item(ctx, meeting_id) is None
    assert all(d["kind"] != "open_items" for d in agenda_service.agenda_docs(ctx, meeting_id))


def test_owner_suggestions_hold_attendees_organisations_and_groups(ctx) -> None:
    meeting_id = _meeting(ctx)
    _attendee(ctx, meeting_id, "Ömer Şengül", "Kommune")
    names = mod.owner_suggestions(ctx, meeting_id)
    assert names[0] == "Ömer Şengül"
    assert "Stadt" in names and "Ehrenamtlich" in names


def test_agenda_edit_remove_and_reorder(ctx) -> None:
    meeting_id = _meeting(ctx)
    first, talk, discussion, pause = _ids(ctx, meeting_id)
    agenda_service.update_agenda_item(ctx, talk, title="Vortrag: Arbeitsmarkt", minutes=30, presenter="Frau Neumann")
    agenda_service.move_agenda_item(ctx, pause, -2)
    assert _ids(ctx, meeting_id) == [first, pause, talk, discussion]
    agenda_service.move_agenda_item(ctx, first, -1)  # already first: nothing moves
    assert _ids(ctx, meeting_id) == [first, pause, talk, discussion]
    agenda_service.remove_agenda_item(ctx, discussion)
    assert [d["title"] for d in agenda_service.agenda_docs(ctx, meeting_id)] == [
        "Begrüßung",
        "Pause",
        "Vortrag: Arbeitsmarkt",
    ]
    assert ctx.store.get("agenda_items", discussion)["removed_at"]
    mod.next_item(ctx, meeting_id)
    with pytest.raises(ServiceError, match="Protokoll"):
        agenda_service.remove_agenda_item(ctx, first)
    with pytest.raises(ServiceError):
        agenda_service.update_agenda_item(ctx, talk, kind="party")
    assert [m.id for m in list_meetings(ctx)] == [meeting_id]
