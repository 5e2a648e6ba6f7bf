"""The rules the moderator's and the display's screens call: names, speaking time, plan, carried speakers, stage.

Each test goes through the services on a real store, as the screens will (the screens themselves
are wired by the UI's engineer).
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.services import agenda as agenda_service
from integra_tui.services import checkin
from integra_tui.services import moderation as mod
from integra_tui.services.context import Context, ServiceError, open_context
from integra_tui.services.meetings import add_meeting, groups, meeting_caption
from integra_tui.services.people import add_person, invite

BERLIN = ZoneInfo("Europe/Berlin")
START = datetime(2026, 12, 1, 17, 0, tzinfo=BERLIN)


@pytest.fixture()
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture()
def ctx(tmp_path: Path, clock: FakeClock):
    context = open_context(tmp_path / "store.json", clock=clock)
    yield context
    context.close()


@pytest.fixture()
def meeting_id(ctx: Context) -> int:
    meeting = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2026, 12, 1), time(17, 0), place="MGH")
    for title, minutes in (("Begrüßung", 1), ("Vortrag", 25), ("Austausch", 20)):
        agenda_service.add_agenda_item(ctx, meeting.id, title, minutes)
    return meeting.id


def _person(ctx: Context, meeting_id: int, name: str, group: str, present: bool = True) -> Person:
    person = add_person(ctx, Person(name=name, group=group))
    invite(ctx, meeting_id, person.id)
    if present:
        checkin.check_in_person(ctx, meeting_id, person.id, station="Eingang")
    return person


def _items(ctx: Context, meeting_id: int) -> list[int]:
    return [d["id"] for d in agenda_service.agenda_docs(ctx, meeting_id)]


# -- names ---------------------------------------------------------------------------------------


def test_a_typed_name_is_the_person_shown_a_choice_or_a_new_name(ctx, meeting_id) -> None:
    sabine = _person(ctx, meeting_id, "Sabine Kröger", "Ehrenamtlich")
    _person(ctx, meeting_id, "Sabrina Wolf", "Kommune", present=False)
    _person(ctx, meeting_id, "Samira Haddad", "Zugewandert")
    found = mod.resolve_name(ctx, meeting_id, "Sab")
    assert (found.kind, found.name, found.group, found.person_id) == (
        "person",
        "Sabine Kröger",
        "Ehrenamtlich",
        sabine.id,
    )
    assert mod.name_match_text(found) == "→ Sabine Kröger (Ehrenamtlich)"
    several = mod.resolve_name(ctx, meeting_id, "sa")
    assert several.kind == "choose" and [p.name for p in several.choices] == ["Sabine Kröger", "Samira Haddad"]
    assert mod.name_match_text(several) == "2 Personen passen – bitte auswählen."
    new = mod.resolve_name(ctx, meeting_id, "Frau Becker")
    assert new.kind == "new" and new.group == "" and new.person_id is None
    assert (
        mod.name_match_text(new) == "„Frau Becker“ ist niemand Bekanntes: wird als neuer Name ohne Gruppe gespeichert."
    )
    assert mod.resolve_name(ctx, meeting_id, "wolf").group == "Kommune"  # invited, not here: still found


def test_the_view_answers_like_the_store_and_suggests_the_same_people(ctx, meeting_id) -> None:
    _person(ctx, meeting_id, "Sabine Kröger", "Ehrenamtlich")
    _person(ctx, meeting_id, "Sabrina Wolf", "Kommune", present=False)
    view = mod.load_view(ctx, meeting_id)
    for typed in ("Sab", "sabr", "wolf", "x", ""):
        assert mod.match_in_view(view, typed) == mod.resolve_name(ctx, meeting_id, typed)
    assert [p.name for p in mod.name_suggestions(view, "sab")] == ["Sabine Kröger", "Sabrina Wolf"]


def test_the_view_offers_the_groups_present_first_then_the_stores_others_in_their_order(ctx, meeting_id) -> None:
    """What the moderator's forms offer, read with the view (off the loop), not by the screen from the store."""
    _person(ctx, meeting_id, "Sabine Kröger", "Ehrenamtlich")
    _person(ctx, meeting_id, "Sabrina Wolf", "Kommune", present=False)  # invited, not here
    stored = groups(ctx)
    assert "Ehrenamtlich" in stored and "Kommune" in stored
    view = mod.load_view(ctx, meeting_id)
    assert view.store_groups == tuple(stored)
    offered = view.groups_to_offer()
    assert offered[: len(view.groups_present)] == list(view.groups_present) and offered[0] == "Ehrenamtlich"
    assert offered[len(view.groups_present) :] == [g for g in stored if g not in view.groups_present]
    assert sorted(offered) == sorted(set(stored) | set(view.groups_present))  # each once
    assert mod.load_view(ctx, meeting_id, suggestions=False).store_groups == ()  # the display needs none


def test_the_matched_person_goes_on_the_list_with_group_so_first_time_priority_knows_her(ctx, meeting_id) -> None:
    _person(ctx, meeting_id, "Sabine Kröger", "Ehrenamtlich")
    item = _items(ctx, meeting_id)[0]
    mod.start_item(ctx, meeting_id, item)
    found = mod.resolve_name(ctx, meeting_id, "Sab")
    state = mod.add_speaker(ctx, meeting_id, item, found.name, found.group, found.person_id)
    entry = state.queue[0]
    assert (entry.name, entry.group, entry.person_id) == ("Sabine Kröger", "Ehrenamtlich", found.person_id)


# -- speaking time, planned minutes, the plan column ---------------------------------------------------


def test_speaking_time_is_set_in_minutes(ctx, meeting_id) -> None:
    assert mod.set_speaking_time(ctx, meeting_id, "2:30").speaker_seconds == 150
    assert mod.speaking_time_text(mod.moderation_settings(ctx, meeting_id)) == "2:30"
    assert mod.set_speaking_time(ctx, meeting_id, "2,5").speaker_seconds == 150
    assert mod.set_speaking_time(ctx, meeting_id, "").speaker_seconds is None
    with pytest.raises(ServiceError, match="länger als 30 Minuten"):
        mod.set_speaking_time(ctx, meeting_id, "120")
    assert mod.moderation_settings(ctx, meeting_id).speaker_seconds is None  # a refusal changes nothing


def test_an_agenda_item_of_zero_minutes_is_refused(ctx, meeting_id) -> None:
    with pytest.raises(ServiceError, match="zwischen 1 und 360 Minuten"):
        agenda_service.add_agenda_item(ctx, meeting_id, "Stille", 0)
    first = _items(ctx, meeting_id)[0]
    with pytest.raises(ServiceError, match="zwischen 1 und 360 Minuten"):
        agenda_service.update_agenda_item(ctx, first, minutes=0)
    assert agenda_service.get_agenda_item(ctx, first)["minutes"] == 1
    assert [d["title"] for d in agenda_service.agenda_docs(ctx, meeting_id)] == ["Begrüßung", "Vortrag", "Austausch"]


def test_the_plan_column_shows_the_plan_and_its_change(ctx, clock, meeting_id) -> None:
    welcome, talk, exchange = _items(ctx, meeting_id)
    mod.start_item(ctx, meeting_id, welcome)
    clock.advance(minutes=2)
    mod.extend_item(ctx, meeting_id, 5)
    mod.next_item(ctx, meeting_id)
    mod.take_time(ctx, meeting_id, 3, exchange)
    plan = mod.load_view(ctx, meeting_id).plan_texts(clock.now())
    assert plan == {welcome: "1 + 5", talk: "25 + 3", exchange: "20 − 3"}


# -- waiting speakers when the item changes or is deferred ----------------------------------------


def test_waiting_speakers_stay_visible_when_the_item_changes_and_can_be_carried_over(ctx, clock, meeting_id) -> None:
    sabine = _person(ctx, meeting_id, "Sabine Kröger", "Ehrenamtlich")
    welcome, talk, _exchange = _items(ctx, meeting_id)
    mod.start_item(ctx, meeting_id, welcome)
    mod.add_speaker(ctx, meeting_id, welcome, sabine.name, person_id=sabine.id)
    mod.add_speaker(ctx, meeting_id, welcome, "Herr Yilmaz", "Interessiert")
    mod.next_item(ctx, meeting_id)  # the talk starts; two people were still waiting on the welcome
    left = mod.left_waiting(ctx, meeting_id)
    assert [(entry.item.id, [e.name for e in entry.entries]) for entry in left] == [
        (welcome, ["Sabine Kröger", "Herr Yilmaz"])
    ]
    assert mod.left_waiting_text(left[0]) == "2 Wortmeldungen warten noch auf „Begrüßung“ (beendet)."
    state = mod.carry_waiting_speakers(ctx, meeting_id, welcome)
    assert state.item_id == talk and [e.name for e in state.queue] == ["Sabine Kröger", "Herr Yilmaz"]
    assert state.queue[0].person_id == sabine.id and state.queue[1].group == "Interessiert"
    assert mod.left_waiting(ctx, meeting_id) == []


def test_a_deferred_item_keeps_its_waiting_speakers_and_says_so(ctx, meeting_id) -> None:
    welcome, talk, _exchange = _items(ctx, meeting_id)
    mod.start_item(ctx, meeting_id, talk)
    mod.add_speaker(ctx, meeting_id, talk, "Herr Yilmaz", "Interessiert")
    result = mod.defer_item(ctx, meeting_id, create_next=True)
    assert [e.name for e in result.waiting_speakers] == ["Herr Yilmaz"]
    left = mod.left_waiting(ctx, meeting_id)
    assert [(entry.item.id, entry.status) for entry in left] == [(talk, "deferred")]
    assert "(vertagt)" in mod.left_waiting_text(left[0])
    with pytest.raises(ServiceError, match="schon auf diesem Punkt"):
        mod.carry_waiting_speakers(ctx, meeting_id, talk, talk)


def test_carrying_without_a_running_item_is_refused(ctx, meeting_id) -> None:
    welcome = _items(ctx, meeting_id)[0]
    with pytest.raises(ServiceError, match="Gerade läuft kein Tagesordnungspunkt"):
        mod.carry_waiting_speakers(ctx, meeting_id, welcome)


# -- the stage message and the display -----------------------------------------------------------


def test_a_stage_message_is_stored_for_the_display_process(ctx, clock, tmp_path, meeting_id) -> None:
    sent = mod.send_stage_message(ctx, meeting_id, "  Bitte zum\nSchluss kommen\x1b[31m ")
    assert sent.text == "Bitte zum Schluss kommen [31m"  # one line, no terminal control
    display = open_context(tmp_path / "store.json", clock=FakeClock(clock.now()))  # another process
    try:
        assert mod.load_view(display, meeting_id, suggestions=False).stage.text == "Bitte zum Schluss kommen [31m"
        mod.clear_stage_message(ctx, meeting_id)
        display.refresh()
        assert mod.load_view(display, meeting_id, suggestions=False).stage is None
    finally:
        display.close()
    with pytest.raises(ServiceError, match="Bitte einen Text"):
        mod.send_stage_message(ctx, meeting_id, " \n ")
    assert "Bitte zum Schluss kommen" in mod.stage_presets()


def test_the_display_shows_the_speakers_countdown_the_next_speakers_and_the_message(ctx, clock, meeting_id) -> None:
    for name in ("Sabine Kröger", "Jürgen Müller", "Олена Коваленко", "احمد رحیمی"):
        _person(ctx, meeting_id, name, "Ehrenamtlich")
    mod.set_speaking_time(ctx, meeting_id, "2")
    talk = _items(ctx, meeting_id)[1]
    mod.start_item(ctx, meeting_id, talk)
    for name in ("Sabine Kröger", "Jürgen Müller", "Олена Коваленко", "احمد رحیمی"):
        match = mod.resolve_name(ctx, meeting_id, name)
        mod.add_speaker(ctx, meeting_id, talk, match.name, match.group, match.person_id)
    mod.next_speaker(ctx, meeting_id, talk)
    clock.advance(seconds=75)
    mod.send_stage_message(ctx, meeting_id, "Bitte zum Schluss kommen")
    shown = mod.display_state(mod.load_view(ctx, meeting_id, suggestions=False), clock.now())
    assert shown.item_title == "Vortrag" and shown.item_clock == "23:45"
    assert shown.speaker is not None and (shown.speaker.name, shown.speaker.clock) == ("Sabine Kröger", "00:45")
    assert shown.speaker.phase == "normal" and shown.speaker.limited
    assert shown.next_speakers == (
        "Jürgen Müller (Ehrenamtlich)",
        "Олена Коваленко (Ehrenamtlich)",
        "احمد رحیمی (Ehrenamtlich)",
    )
    assert shown.waiting_count == 3 and shown.stage_message == "Bitte zum Schluss kommen"
    clock.advance(seconds=60)
    later = mod.display_state(mod.load_view(ctx, meeting_id, suggestions=False), clock.now())
    assert later.speaker.clock == "+00:15" and later.speaker.phase == "overrun"


def test_the_display_lists_the_open_items_while_they_are_reviewed(ctx, clock, tmp_path) -> None:
    earlier = add_meeting(ctx, "Herbst", date(2026, 9, 1), time(17, 0))
    item = agenda_service.add_agenda_item(ctx, earlier.id, "Rückblick", 30)
    clock.set(datetime(2026, 9, 1, 17, 0, tzinfo=BERLIN))
    mod.start_item(ctx, earlier.id, item)
    mod.add_capture(ctx, earlier.id, "action", "Flyer drucken", owner="Sabine Kröger", due=date(2026, 11, 30))
    mod.end_meeting(ctx, earlier.id)
    clock.set(START)
    now = add_meeting(ctx, "Winter", date(2026, 12, 1), time(17, 0))
    agenda_service.add_agenda_item(ctx, now.id, "Austausch", 20)
    mod.prepare_meeting(ctx, now.id)  # "Offene Punkte" comes first
    mod.next_item(ctx, now.id)
    shown = mod.display_state(mod.load_view(ctx, now.id, suggestions=False), clock.now())
    assert shown.item_title == "Offene Punkte"
    assert [(r.text, r.owner, r.due, r.status) for r in shown.review] == [
        ("Flyer drucken", "Sabine Kröger", "30.11.2026", "open")
    ]
    mod.next_item(ctx, now.id)
    assert mod.display_state(mod.load_view(ctx, now.id, suggestions=False), clock.now()).review == ()


# -- which meeting a screen is on -----------------------------------------------------------------


def test_the_screen_says_which_meeting_it_is_on_in_long_and_short_form(ctx, clock) -> None:
    meeting = add_meeting(ctx, "INTEGRA-Netzwerktreffen im Mehrgenerationenhaus", date(2026, 12, 1), time(17, 0))
    caption = meeting_caption(ctx, meeting)
    assert caption.long == "INTEGRA-Netzwerktreffen im Mehrgenerationenhaus – Di, 01.12.2026, 17:00 Uhr (heute)"
    assert caption.short == "01.12.2026 INTEGRA-Netzwerktref…" and len(caption.short) <= 32
    clock.set(datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN))
    assert meeting_caption(ctx, meeting, width=20).short == "01.12.2026 INTEGRA-…"
    assert meeting_caption(ctx, meeting).relative == "gestern"
