"""Text typed at the keyboard or passed on the command line is stored without terminal controls or bidi overrides.

Every kind of entry a service takes from a person (a walk-in's name and organisation, a person added,
a meeting, an agenda item, a capture and its owner, a need and who takes care of it, a question and
its answer, a topic wish, a speaker's free name, a consent's words, a volunteer's what and when, a
station's name) gets an ESC sequence (a colour, a window title), a BEL and a right-to-left override
typed into it. What is stored is the text without them, every letter kept; and no string anywhere in
the store's file holds a control character.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.domain.text import has_controls
from integra_tui.services import checkin, contacts, followup, moderation, needs, planning, questions, volunteers
from integra_tui.services.agenda import add_agenda_item, get_agenda_item, update_agenda_item
from integra_tui.services.context import Context, open_context
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, get_person

BERLIN = ZoneInfo("Europe/Berlin")


def hostile(text: str) -> str:
    """``text`` with a colour, a window title (OSC), a BEL and a right-to-left override typed into it."""
    first, _, rest = text.partition(" ")
    return f"\x1b[31m{first}\x1b]0;pwned\x07\u202e {rest}\x07\x1b[0m"


@pytest.fixture()
def ctx(tmp_path: Path) -> Context:
    context = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 12, 10, 17, 0, tzinfo=BERLIN)))
    yield context
    context.close()


@pytest.fixture()
def meeting_id(ctx: Context) -> int:
    return add_meeting(ctx, "Netzwerktreffen", date(2026, 12, 10), time(17, 0)).id


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _store_is_clean(ctx: Context, tmp_path: Path) -> None:
    ctx.store.compact()
    data = json.loads((tmp_path / "store.json").read_text(encoding="utf-8"))
    dirty = [s for s in _strings(data) if has_controls(s)]
    assert dirty == []


def test_hostile_is_really_hostile() -> None:
    assert has_controls(hostile("Jürgen Müller"))  # the test below could not fail otherwise


def test_a_walk_in_and_a_person_added_are_stored_without_controls(
    ctx: Context, meeting_id: int, tmp_path: Path
) -> None:
    result = checkin.register_walk_in(
        ctx,
        meeting_id,
        hostile("Şengül Yılmaz"),
        "Zugewandert",
        organisation=hostile("Frauen café"),
        email="sengul@example.org\x1b[2J",
        station=hostile("Eingang links"),
    )
    assert result.accepted and result.person is not None and result.check_in is not None
    person = get_person(ctx, result.person.id)
    assert (person.name, person.organisation, person.email) == ("Şengül Yılmaz", "Frauen café", "sengul@example.org")
    assert result.check_in.station == "Eingang links"
    checkin.undo_check_in(ctx, result.check_in.id, station=hostile("Eingang rechts"))
    added = add_person(ctx, Person(name=hostile("Олена Коваленко"), group="Zugewandert", phone="0170\x07 123"))
    assert (get_person(ctx, added.id).name, get_person(ctx, added.id).phone) == ("Олена Коваленко", "0170 123")
    _store_is_clean(ctx, tmp_path)


def test_a_meeting_and_its_agenda_items_are_stored_without_controls(ctx: Context, tmp_path: Path) -> None:
    meeting = add_meeting(
        ctx, hostile("INTEGRA Netzwerktreffen"), date(2026, 12, 17), time(17, 0), place=hostile("Großer Saal")
    )
    assert (meeting.title, meeting.place) == ("INTEGRA Netzwerktreffen", "Großer Saal")
    item = add_agenda_item(ctx, meeting.id, hostile("Budget [vorläufig] prüfen"), 10, hostile("Gisela Hartmann"))
    stored = get_agenda_item(ctx, item)
    assert (stored["title"], stored["presenter"]) == ("Budget [vorläufig] prüfen", "Gisela Hartmann")
    update_agenda_item(
        ctx,
        item,
        title=hostile("Budget endgültig"),
        presenter=hostile("احمد رحیمی"),
        translations=[("englisch", hostile("Final budget"))],
    )
    stored = get_agenda_item(ctx, item)
    assert (stored["title"], stored["presenter"]) == ("Budget endgültig", "احمد رحیمی")
    assert [t["title"] for t in stored["translations"]] == ["Final budget"]
    _store_is_clean(ctx, tmp_path)


def test_captures_needs_questions_and_wishes_are_stored_without_controls(
    ctx: Context, meeting_id: int, tmp_path: Path
) -> None:
    action = moderation.add_capture(ctx, meeting_id, "action", hostile("Flyer drucken"), owner=hostile("Jürgen Müller"))
    assert (action.text, action.owner) == ("Flyer drucken", "Jürgen Müller")
    edited = moderation.update_capture(ctx, action.id, text=hostile("Flyer bestellen"))
    assert edited.text == "Flyer bestellen"
    followup.set_status(ctx, action.id, "done", hostile("erledigt am Montag"), meeting_id)
    need = needs.add_need(ctx, meeting_id, hostile("Übersetzung Tigrinya"), owner=hostile("ሳምራዊት ተኽለ"))
    assert (need.text, need.owner) == ("Übersetzung Tigrinya", "ሳምራዊት ተኽለ")
    assert needs.take_care(ctx, need.id, hostile("Gisela Hartmann")).owner == "Gisela Hartmann"
    question = questions.add_question(ctx, meeting_id, hostile("Wer zahlt den Bus?"))
    answered = questions.answer_question(ctx, question.id, hostile("Der Landkreis zahlt"), hostile("Claudia Neumann"))
    assert (question.text, answered.answer, answered.answered_by) == (
        "Wer zahlt den Bus?",
        "Der Landkreis zahlt",
        "Claudia Neumann",
    )
    wish = planning.add_topic_wish(ctx, meeting_id, hostile("Wohnen im Alter"))
    assert wish.text == "Wohnen im Alter"
    _store_is_clean(ctx, tmp_path)


def test_a_speakers_free_name_is_stored_without_controls(ctx: Context, meeting_id: int, tmp_path: Path) -> None:
    item = add_agenda_item(ctx, meeting_id, "Rückblick", 10)
    moderation.start_meeting(ctx, meeting_id)
    moderation.start_item(ctx, meeting_id, item)
    state = moderation.add_speaker(ctx, meeting_id, item, hostile("Frau Yılmaz"))
    assert [entry.name for entry in state.queue] == ["Frau Yılmaz"]
    _store_is_clean(ctx, tmp_path)


def test_a_consent_and_a_volunteer_mark_are_stored_without_controls(ctx: Context, tmp_path: Path) -> None:
    person = add_person(ctx, Person(name="Gisela Hartmann", group="Ehrenamtlich", email="gisela@example.org"))
    consent = contacts.give_consent(
        ctx, person.id, offer=hostile("Begleitung zu Ämtern"), channels="email", reach_note=hostile("abends gern")
    )
    assert (consent.offer, consent.reach_note) == ("Begleitung zu Ämtern", "abends gern")
    mark = volunteers.mark_volunteer(ctx, person.id, what=hostile("Fahrdienst übernehmen"), when=hostile("ab März"))
    assert (mark.what, mark.when) == ("Fahrdienst übernehmen", "ab März")
    contacted = volunteers.mark_contacted(ctx, mark.id, hostile("Katrin Vogel"), note=hostile("ruft zurück"))
    assert (contacted.contacted_by, contacted.note) == ("Katrin Vogel", "ruft zurück")
    _store_is_clean(ctx, tmp_path)
