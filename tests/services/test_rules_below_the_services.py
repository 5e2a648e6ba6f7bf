"""Adding a person, a meeting or an agenda item follows one rule, below the services (issue 12).

The coordinator, the door, the topic planning and the moderator's deferral all add through
``domain.people``, ``domain.meetings`` and ``domain.agenda`` with the records; the refusals keep
the words they always had, in German and English (``services.texts``).
"""

from __future__ import annotations

from datetime import date

import pytest

from integra_tui import i18n
from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Person
from integra_tui.errors import ServiceError
from integra_tui.records import persons
from integra_tui.services import (
    agenda,
    checkin,
    context,
    followup,
    invitations,
    meetings,
    moderation,
    needs,
    people,
    planning,
    privacy,
    questions,
)
from integra_tui.services.texts import refusal


@pytest.mark.parametrize(
    ("code", "german", "english"),
    [
        ("person_name_missing", "Eine Person braucht einen Namen.", "A person needs a name."),
        ("meeting_title_missing", "Ein Treffen braucht einen Titel.", "A meeting needs a title."),
        (
            "planned_minutes_not_positive",
            "Die geplante Dauer muss größer als null sein.",
            "The planned duration must be greater than zero.",
        ),
    ],
)
def test_the_new_refusals_keep_their_words(code: str, german: str, english: str) -> None:
    assert refusal(DomainError(code)) == german
    i18n.set_language("en")
    try:
        assert refusal(DomainError(code)) == english
    finally:
        i18n.set_language("de")


def test_the_services_refuse_with_the_words_they_always_had(ctx) -> None:
    with pytest.raises(ServiceError, match="^Eine Person braucht einen Namen.$"):
        people.add_person(ctx, Person(name=" \x1b[0m "))
    with pytest.raises(ServiceError, match="^Ein Treffen braucht einen Titel.$"):
        meetings.add_meeting(ctx, "  ", date(2026, 12, 1))
    with pytest.raises(ServiceError, match="^Die geplante Dauer muss größer als null sein.$"):
        meetings.add_meeting(ctx, "Runder Tisch", date(2026, 12, 1), planned_minutes=0)
    winter = meetings.add_meeting(ctx, "Winter", date(2027, 2, 26))
    with pytest.raises(ServiceError, match="^Ein Tagesordnungspunkt braucht einen Titel.$"):
        agenda.add_agenda_item(ctx, winter.id, " ", 10)
    with pytest.raises(ServiceError, match="^Ein Tagesordnungspunkt braucht zwischen 1 und 360 Minuten"):
        agenda.add_agenda_item(ctx, winter.id, "Runde", 0)
    item = agenda.add_agenda_item(ctx, winter.id, "Runde", 10)
    with pytest.raises(ServiceError, match="^Ein Tagesordnungspunkt braucht zwischen 1 und 360 Minuten"):
        agenda.update_agenda_item(ctx, item, minutes=361)
    with pytest.raises(ServiceError, match="^Ein Tagesordnungspunkt braucht einen Titel.$"):
        agenda.update_agenda_item(ctx, item, title="\t")
    assert agenda.update_agenda_item(ctx, item, presenter=" Anna ")["title"] == "Runde"  # unchanged title: no check


def test_a_walk_in_and_a_new_speaker_are_added_as_the_coordinator_adds_a_person(ctx) -> None:
    meeting = meetings.add_meeting(ctx, "Runder Tisch", date(2026, 11, 27))
    added = people.add_person(ctx, Person(name=" Jo\u0308rg Mu\u0308ller ", group="Kommune", email=" J@X.org "))
    walked = checkin.register_walk_in(ctx, meeting.id, "Jo\u0308rg Mu\u0308ller", "Kommune", email="J@X.org").person
    speaker = planning.plan_meeting(
        ctx, meeting.id, new_speaker=planning.NewSpeaker(name="Jörg  Müller", email="j@x.org")
    ).speaker
    assert walked is not None and speaker is not None
    # the same stored form and the same key for the same name and e-mail: the speaker is found, the walk-in is new
    assert speaker.id == added.id and walked.id != added.id
    for person in (added, walked):
        stored = persons.stored(ctx.store, person.id)
        assert (stored["name"], stored["email"], stored["key"]) == ("Jörg Müller", "J@X.org", "jörg müller\tj@x.org")
        assert stored["created_at"] == ctx.now_iso()


def test_deferring_with_no_next_meeting_creates_one_that_takes_the_waiting_items(ctx) -> None:
    autumn = meetings.add_meeting(ctx, "Runder Tisch", date(2026, 11, 27), place="Rathaus", planned_minutes=90)
    first = agenda.add_agenda_item(ctx, autumn.id, "Begrüßung", 5)
    talk = agenda.add_agenda_item(ctx, autumn.id, "Vortrag", 20)
    moderation.start_meeting(ctx, autumn.id)
    moderation.start_item(ctx, autumn.id, first)
    waits = moderation.defer_item(ctx, autumn.id, talk)
    assert waits.target is None and not waits.created  # no later meeting: it waits
    done = moderation.defer_item(ctx, autumn.id, first, create_next=True)
    assert done.created and done.target is not None
    winter = done.target
    assert (winter.title, winter.date, winter.place, winter.planned_minutes) == (
        "Runder Tisch",
        date(2027, 2, 26),
        "Rathaus",
        90,
    )
    assert [e.title for e in agenda.agenda_entries(ctx, winter.id)] == ["Begrüßung", "Vortrag"]  # in id order
    assert moderation.pick_up_deferred(ctx, winter.id) == 0  # taken once


def test_the_context_gives_a_living_person_or_the_refusal_every_service_used(ctx, meeting) -> None:
    """``context.get_living_person``: one read for the card, the door's check-in and the invitations."""
    anna = people.add_person(ctx, Person(name="Anna Beispiel", group="Landkreis"))
    gone = people.add_person(ctx, Person(name="Ben Vergessen", group="Landkreis"))
    privacy.forget_person(ctx, gone.id)
    assert context.get_living_person(ctx, anna.id).name == "Anna Beispiel"
    assert context.get_person(ctx, gone.id).forgotten  # get_person also gives a forgotten one
    for person_id in (gone.id, 999):
        with pytest.raises(ServiceError, match=f"^Es gibt keine Person mit der Nummer {person_id}.$"):
            context.get_living_person(ctx, person_id)
        with pytest.raises(ServiceError, match=f"^Es gibt keine Person mit der Nummer {person_id}.$"):
            checkin.issue_card(ctx, person_id)
        with pytest.raises(ServiceError, match=f"^Es gibt keine Person mit der Nummer {person_id}.$"):
            invitations.issue_card(ctx, person_id)
        with pytest.raises(ServiceError, match=f"^Es gibt keine Person mit der Nummer {person_id}.$"):
            checkin.check_in_person(ctx, meeting.id, person_id)
    assert checkin.issue_card(ctx, anna.id) == invitations.issue_card(ctx, anna.id).code  # one card code, kept


def test_the_context_gives_a_capture_that_counts_or_no_such_entry(ctx, meeting) -> None:
    """``context.get_counting_capture``: the getters of needs, offers, questions, topic wishes and statuses."""
    need = needs.add_need(ctx, meeting.id, "Dolmetscher", group="Landkreis")
    question = questions.add_question(ctx, meeting.id, "Wer zahlt?", group="Landkreis")
    removed = needs.add_need(ctx, meeting.id, "entfernt", group="Landkreis")
    moderation.remove_capture(ctx, removed.id)
    assert context.get_counting_capture(ctx, need.id).id == need.id
    assert context.get_counting_capture(ctx, need.id, "need").id == need.id
    refusals = [
        lambda: context.get_counting_capture(ctx, need.id, "question"),  # not of the kind asked for
        lambda: context.get_counting_capture(ctx, removed.id),  # removed
        lambda: context.get_counting_capture(ctx, 999),  # none
        lambda: needs.get_offer(ctx, need.id),
        lambda: questions.get_question(ctx, need.id),
        lambda: needs.get_need(ctx, question.id),
        lambda: moderation.set_hands(ctx, removed.id, 3),
        lambda: needs.set_topic(ctx, removed.id, "Wohnen"),
        lambda: planning.plan_meeting(ctx, meeting.id, wish_id=need.id),
        lambda: followup.set_status(ctx, removed.id, "done"),
    ]
    for refused in refusals:
        with pytest.raises(ServiceError, match="^Diesen Eintrag gibt es nicht.$"):
            refused()


def test_every_service_that_captures_refuses_the_meeting_first_then_the_text(ctx, meeting) -> None:
    """The capturing services each take the rules of captures (``records.captures.add_new``) after the meeting."""
    adders = [
        lambda mid, text: moderation.add_capture(ctx, mid, "note", text),
        lambda mid, text: needs.add_need(ctx, mid, text),
        lambda mid, text: needs.add_offer(ctx, mid, text),
        lambda mid, text: questions.add_question(ctx, mid, text),
        lambda mid, text: planning.add_topic_wish(ctx, mid, text, hands=3),
    ]
    for add in adders:
        with pytest.raises(ServiceError, match="^Es gibt kein Treffen mit der Nummer 999.$"):
            add(999, " ")  # the meeting is refused before the text
        with pytest.raises(ServiceError, match="^Bitte den Text eingeben.$"):
            add(meeting.id, " ")
    with pytest.raises(ServiceError, match="^Unbekannte Art von Eintrag: wish$"):
        moderation.add_capture(ctx, meeting.id, "wish", "Ausflug")
    with pytest.raises(ServiceError, match="^Unbekanntes Thema: Mond"):
        questions.add_question(ctx, meeting.id, "Wann?", topic="Mond")
