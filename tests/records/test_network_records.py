"""The network's tables and the captures' new fields, on both stores: what counts, what holds, what waits."""

from __future__ import annotations

from integra_tui.domain.models import AgendaEntry, Capture, ContactConsent, MeetingPlan, VolunteerMark
from integra_tui.domain.needs import DEFAULT_TOPICS
from integra_tui.records import agenda_items, captures, contact_consents, meeting_plans, topics, volunteers

AT = "2026-11-27T18:00:00+01:00"


def _capture(store, kind: str, text: str, **fields) -> Capture:
    return captures.add(store, Capture(meeting_id=1, kind=kind, text=text, **fields))


def test_the_new_fields_are_stored_only_when_set(store) -> None:
    action = _capture(store, "action", "Flyer drucken", owner="Gisela")
    need = _capture(store, "need", "Fahrradwerkstatt", group="Zugewandert", topic="Mobilität")
    stored_action = store.get(captures.TABLE, action.id)
    assert set(stored_action) == {
        "id",
        "meeting_id",
        "kind",
        "text",
        "agenda_item_id",
        "owner",
        "due",
        "group",
        "status",
        "created_at",
        "removed_at",
        "history",
    }
    assert store.get(captures.TABLE, need.id)["topic"] == "Mobilität"
    assert captures.get(store, action.id).topic == "" and captures.get(store, action.id).matched_ids == []


def test_a_need_and_an_offer_name_each_other_when_matched(store) -> None:
    need = _capture(store, "need", "Begleitung", topic="Behörden")
    offer = _capture(store, "offer", "Begleitung dienstags", topic="Behörden")
    captures.match(store, need, offer)
    captures.match(store, captures.get(store, need.id), captures.get(store, offer.id))  # twice: still one link
    assert captures.get(store, need.id).matched_ids == [offer.id]
    assert captures.get(store, offer.id).matched_ids == [need.id]
    captures.unmatch(store, captures.get(store, need.id), captures.get(store, offer.id))
    assert captures.get(store, need.id).matched_ids == [] and captures.get(store, offer.id).matched_ids == []


def test_needs_and_questions_have_their_own_statuses(store) -> None:
    need = _capture(store, "need", "Kita", topic="Kinderbetreuung")
    question = _capture(store, "question", "Wer hilft?", group="Ehrenamtlich")
    assert captures.statuses_of("need") == ("open", "in_progress", "met", "not_possible")
    assert captures.statuses_of("question") == ("open", "answered") and captures.statuses_of("note") == ()
    assert captures.is_open_need(need) and not captures.has_status(need)
    captures.record_status(store, need, "met", {"at": AT, "status": "met", "comment": "", "meeting_id": None})
    assert not captures.is_open_need(captures.get(store, need.id))
    captures.record_answer(store, question, answer="Das Sozialamt", by="Ömer", at=AT, meeting_id=1)
    answered = captures.get(store, question.id)
    assert captures.is_answered(answered) and answered.answered_by == "Ömer" and answered.answer_meeting_id == 1
    assert [h["status"] for h in answered.history] == ["answered"]


def test_an_action_item_made_from_a_need_links_both_ways(store) -> None:
    need = _capture(store, "need", "Kita", topic="Kinderbetreuung")
    action = _capture(store, "action", "Kita anfragen", owner="Jugendamt")
    captures.link_to_need(store, action.id, need.id)
    captures.link_action(store, need, action.id)
    assert captures.get(store, action.id).need_id == need.id and captures.get(store, need.id).action_ids == [action.id]


def test_votes_hands_and_scrubbing_answers(store) -> None:
    decision = _capture(store, "decision", "Sprachcafé wöchentlich")
    wish = _capture(store, "topic_wish", "Wohnungssuche", hands=3)
    captures.set_votes(store, decision.id, {"yes": 12, "no": 2, "abstain": 1})
    captures.set_hands(store, wish.id, 0)
    assert captures.get(store, decision.id).votes == {"yes": 12, "no": 2, "abstain": 1}
    assert captures.get(store, wish.id).hands == 0
    captures.set_votes(store, decision.id, None)
    assert captures.get(store, decision.id).votes is None
    question = _capture(store, "question", "Versichert?")
    captures.record_answer(store, question, answer="Ja, sagt Anna Berg.", by="Anna Berg", at=AT, meeting_id=None)
    captures.scrub(store, question.id, answered_by="(gelöscht)", answer="Ja, sagt (gelöscht).")
    scrubbed = captures.get(store, question.id)
    assert (scrubbed.answered_by, scrubbed.answer) == ("(gelöscht)", "Ja, sagt (gelöscht).")


def test_the_topic_list_is_the_default_until_edited(store) -> None:
    assert topics.names(store, DEFAULT_TOPICS) == list(DEFAULT_TOPICS)
    assert store.count(topics.TABLE) == 0  # reading writes nothing
    topics.replace(store, ["Wohnen", "Arbeit"])
    assert topics.names(store, DEFAULT_TOPICS) == ["Wohnen", "Arbeit"]
    topics.replace(store, ["Arbeit"])
    assert topics.names(store, DEFAULT_TOPICS) == ["Arbeit"] and store.count(topics.TABLE) == 1


def test_a_consent_holds_until_withdrawn_and_the_latest_counts(store) -> None:
    first = contact_consents.add(store, ContactConsent(person_id=7, given_at=AT, offer="Beratung", channels=["email"]))
    other = contact_consents.add(store, ContactConsent(person_id=8, given_at=AT, reach_note="über das MGH"))
    assert [c.person_id for c in contact_consents.holding(store)] == [7, 8]
    contact_consents.withdraw(store, first.id, "2026-12-01T10:00:00+01:00")
    assert [c.person_id for c in contact_consents.holding(store)] == [8]
    again = contact_consents.add(store, ContactConsent(person_id=7, given_at="2026-12-02T10:00:00+01:00"))
    assert [c.id for c in contact_consents.holding(store)] == [other.id, again.id]
    assert [c.id for c in contact_consents.of_person(store, 7)] == [first.id, again.id]
    changed = contact_consents.scrub(store, contact_consents.latest_of_person(store, 8), AT)
    emptied = contact_consents.latest_of_person(store, 8)
    assert changed and emptied.reach_note == "" and emptied.withdrawn_at == AT and emptied.given_at == AT
    assert not contact_consents.scrub(store, emptied, AT)  # a second time changes nothing


def test_a_volunteer_waits_until_contacted(store) -> None:
    mark = volunteers.add(store, VolunteerMark(person_id=3, marked_at=AT, what="Hausaufgabenhilfe", when="montags"))
    gone = volunteers.add(store, VolunteerMark(person_id=4, marked_at=AT))
    assert volunteers.is_waiting(mark)
    volunteers.mark_contacted(store, mark.id, at=AT, by="Sabine", note="ab März")
    volunteers.remove(store, gone.id, AT)
    contacted = volunteers.get(store, mark.id)
    assert not volunteers.is_waiting(contacted) and volunteers.is_counting(contacted)
    assert [m.id for m in volunteers.counting(store)] == [mark.id]
    volunteers.set_texts(store, mark.id, {"what": "", "when": ""})
    assert (volunteers.get(store, mark.id).what, volunteers.get(store, mark.id).contacted_by) == ("", "Sabine")


def test_a_meeting_has_one_plan_and_it_plans_its_wish(store) -> None:
    first = meeting_plans.save(store, MeetingPlan(meeting_id=2, topic="Arbeit", topic_wish_id=9, created_at=AT))
    again = meeting_plans.save(store, MeetingPlan(meeting_id=2, topic="Arbeit", topic_wish_id=9, speaker_person_id=5))
    assert again.id == first.id and len(meeting_plans.every(store)) == 1
    assert (
        meeting_plans.of_meeting(store, 2).speaker_person_id == 5
        and meeting_plans.of_meeting(store, 2).created_at == AT
    )
    assert meeting_plans.planned_wish_ids(store) == {9}
    assert [p.id for p in meeting_plans.of_speaker(store, 5)] == [first.id]
    meeting_plans.clear_speaker(store, first.id, AT)
    assert meeting_plans.of_meeting(store, 2).speaker_person_id is None and meeting_plans.of_speaker(store, 5) == []


def test_agenda_titles_in_further_languages_are_kept_and_carried(store) -> None:
    plain = agenda_items.add(store, AgendaEntry(meeting_id=1, title="Pause", minutes=10))
    titled = agenda_items.add(
        store,
        AgendaEntry(meeting_id=1, title="Begrüßung", minutes=10, translations=[{"language": "ar", "title": "ترحيب"}]),
    )
    assert "translations" not in store.get(agenda_items.TABLE, plain)  # stored only when there are some
    assert agenda_items.get(store, titled).translations == [{"language": "ar", "title": "ترحيب"}]
    agenda_items.set_translations(store, titled, [{"language": "uk", "title": "Вітання"}])
    copy = agenda_items.carry(store, agenda_items.get(store, titled), 2)
    assert agenda_items.get(store, copy).translations == [{"language": "uk", "title": "Вітання"}]
