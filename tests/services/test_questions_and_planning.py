"""Questions answered (at the table or later) and handed out without who asked; topic wishes with a show of hands;
a decision's vote; the next meeting planned with its speaker and the letter inviting them."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest

from integra_tui.domain.models import Person
from integra_tui.io.exports.network_markdown import handout_markdown
from integra_tui.services import moderation, planning, questions
from integra_tui.services.context import ServiceError
from integra_tui.services.exports import minutes_doc
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, invite

BERLIN = ZoneInfo("Europe/Berlin")


def _pdf_text(path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


@pytest.fixture()
def asked(scenario):
    ctx = scenario.ctx
    scenario.clock.set(datetime(2026, 8, 27, 18, 0, tzinfo=BERLIN))
    return {
        "wohngeld": questions.add_question(
            ctx, scenario.first, "Wer hilft beim Wohngeld-Antrag?", group="ehrenamt", topic="Behörden"
        ),
        "kurs": questions.add_question(
            ctx, scenario.first, "Gibt es Kurse mit Kinderbetreuung?", group="Zugewandert", topic="Sprache"
        ),
        "beruf": questions.add_question(
            ctx, scenario.first, "Wie werden Abschlüsse anerkannt?", group="Zugewandert", topic="Arbeit"
        ),
    }


def test_a_question_is_answered_at_the_table_or_later(scenario, asked) -> None:
    ctx = scenario.ctx
    at_table = questions.answer_question(
        ctx, asked["wohngeld"].id, "Das Sozialamt, dienstags.", "Jürgen Müller", scenario.first
    )
    assert (
        at_table.status,
        at_table.answer,
        at_table.answered_by,
        at_table.answered_at,
        at_table.answer_meeting_id,
    ) == (
        "answered",
        "Das Sozialamt, dienstags.",
        "Jürgen Müller",
        "2026-08-27T18:00:00+02:00",
        scenario.first,
    )
    scenario.clock.set(datetime(2026, 10, 5, 9, 0, tzinfo=BERLIN))
    later = questions.answer_question(ctx, asked["kurs"].id, "Ja, bei der VHS.", "Volkshochschule")
    assert later.answer_meeting_id is None and later.answered_at == "2026-10-05T09:00:00+02:00"
    with pytest.raises(ServiceError, match="Antwort"):
        questions.answer_question(ctx, asked["beruf"].id, "  ")
    assert [r.id for r in questions.question_rows(ctx, status="open")] == [asked["beruf"].id]


def test_open_questions_come_back_at_the_next_meeting(scenario, asked) -> None:
    ctx = scenario.ctx
    questions.answer_question(ctx, asked["wohngeld"].id, "Sozialamt", "", scenario.first)  # answered there
    assert {c.id for c in questions.open_questions_for(ctx, scenario.second)} == {asked["kurs"].id, asked["beruf"].id}
    questions.answer_question(ctx, asked["kurs"].id, "VHS", "Petra", scenario.second)
    review = moderation.open_items(ctx, scenario.second)
    assert [c.id for c in review.questions] == [asked["kurs"].id, asked["beruf"].id]  # the one answered here stays
    minutes = minutes_doc(ctx, scenario.second)
    assert [(q.text, q.answer) for q in minutes.open_questions] == [
        ("Gibt es Kurse mit Kinderbetreuung?", "VHS"),
        ("Wie werden Abschlüsse anerkannt?", ""),
    ]


def test_the_handout_is_by_topic_with_answers_and_no_names_of_who_asked(scenario, asked, tmp_path) -> None:
    ctx = scenario.ctx
    questions.answer_question(ctx, asked["wohngeld"].id, "Das Sozialamt hilft.", "Ömer Şengül (Sozialamt)")
    questions.answer_question(ctx, asked["kurs"].id, "Ja: ab März bei der VHS.", "احمد رحیمی")
    doc = questions.handout_doc(ctx)
    assert [t.topic for t in doc.topics] == ["Sprache", "Behörden"]  # the store's order of topics
    assert [(e.question, e.asked_by, e.answer) for e in doc.topics[1].entries] == [
        ("Wer hilft beim Wohngeld-Antrag?", "Ehrenamtlich", "Das Sozialamt hilft.")
    ]
    markdown = handout_markdown(doc)
    assert markdown.startswith("# Fragen und Antworten aus dem Netzwerk")
    assert "Wie werden Abschlüsse anerkannt?" not in markdown  # open: not in the handout
    result = questions.write_handout(ctx, tmp_path / "fragen.pdf")
    text = _pdf_text(result.paths[0])
    assert "Fragen und Antworten aus dem Netzwerk" in text and "Ja: ab März bei der VHS." in text
    assert result.summary == f"2 beantwortete Fragen in {tmp_path / 'fragen.pdf'}." and result.warnings == []
    assert questions.handout_doc(ctx, topic="Sprache").topics[0].topic == "Sprache"
    assert questions.handout_doc(ctx, date_from=date(2026, 9, 1)).topics == []


def test_a_decision_carries_its_show_of_hands_into_the_minutes(scenario) -> None:
    ctx = scenario.ctx
    decision = scenario.captures["decision"]
    assert moderation.set_show_of_hands(ctx, decision, "12 2 1").votes == {"yes": 12, "no": 2, "abstain": 1}
    [line] = [d for item in minutes_doc(ctx, scenario.second).items for d in item.decisions]
    assert line.votes == (12, 2, 1)
    with pytest.raises(ServiceError, match="nicht verstanden"):
        moderation.set_show_of_hands(ctx, decision, "zwölf")
    with pytest.raises(ServiceError, match="Beschluss"):
        moderation.set_show_of_hands(ctx, scenario.captures["note"], "1 2 3")
    assert moderation.set_show_of_hands(ctx, decision, "").votes is None
    added = moderation.add_capture(ctx, scenario.second, "decision", "Raum 2 ab Januar", votes="9/0/3")
    assert added.votes == {"yes": 9, "no": 0, "abstain": 3}


def test_topic_wishes_are_counted_and_the_most_wanted_come_first(scenario) -> None:
    ctx = scenario.ctx
    housing = planning.add_topic_wish(ctx, scenario.second, "Wohnungssuche", hands="11", topic="Wohnen")
    work = planning.add_topic_wish(ctx, scenario.second, "Anerkennung von Abschlüssen", hands=15)
    uncounted = moderation.add_capture(ctx, scenario.second, "topic_wish", "Gesundheit")
    assert [r.id for r in planning.topic_wishes(ctx)] == [work.id, housing.id, uncounted.id]
    assert moderation.set_hands(ctx, uncounted.id, "20").hands == 20
    with pytest.raises(ServiceError):
        moderation.set_hands(ctx, uncounted.id, "-2")
    assert planning.topic_wishes(ctx)[0].id == uncounted.id


def test_the_next_meeting_is_planned_with_its_speaker_and_the_letter_counts_the_audience(scenario, tmp_path) -> None:
    ctx = scenario.ctx
    winter = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 26), time(17, 0), place="MGH, Großer Saal")
    for name in ("Jürgen Müller", "Олена Коваленко", "Gisela Hartmann"):
        invite(ctx, winter.id, scenario.people[name])
    wish = planning.add_topic_wish(ctx, scenario.second, "Anerkennung von Berufsabschlüssen", hands=15, topic="Arbeit")
    with pytest.raises(ServiceError, match="noch keine Referentin"):
        planning.speaker_letter_doc(ctx, winter.id)
    view = planning.plan_meeting(
        ctx, winter.id, wish_id=wish.id, speaker_id=scenario.people["Claudia Neumann"], talk_minutes=30
    )
    assert (view.plan.topic, view.speaker.name, view.wish.id) == (
        "Anerkennung von Berufsabschlüssen",
        "Claudia Neumann",
        wish.id,
    )
    assert (
        planning.topic_wishes(ctx, open_only=True) == [] and planning.topic_wishes(ctx)[0].planned_for.id == winter.id
    )
    assert [p.name for p in planning.speaker_suggestions(ctx)] == ["Claudia Neumann"]
    doc = planning.speaker_letter_doc(ctx, winter.id, sender="Katrin Vogel, MGH")
    # The speaker is invited too, and not counted among the audience.
    assert [(a.group, a.count) for a in doc.audience] == [("Kommune", 1), ("Ehrenamtlich", 1), ("Zugewandert", 1)]
    assert (doc.audience_total, doc.talk_minutes, doc.place, doc.topic) == (
        3,
        30,
        "MGH, Großer Saal",
        "Anerkennung von Berufsabschlüssen",
    )
    path = planning.write_speaker_letter(ctx, winter.id, tmp_path / "brief.pdf", sender="Katrin Vogel, MGH").paths[0]
    text = _pdf_text(path)
    assert "Guten Tag Claudia Neumann" in text and "26.02.2027" in text and "Zugewandert" in text


def test_a_letter_without_a_sender_is_signed_by_the_organiser(scenario, tmp_path) -> None:
    from integra_tui.services.organiser import set_organiser

    ctx = scenario.ctx
    winter = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 26), time(17, 0))
    planning.plan_meeting(ctx, winter.id, speaker_id=scenario.people["Claudia Neumann"], topic="Arbeit")
    set_organiser(ctx, name="Mehrgenerationenhaus Lindenfeld", signatory="Katrin Vogel, Koordination")
    assert planning.speaker_letter_doc(ctx, winter.id).sender == (
        "Katrin Vogel, Koordination, Mehrgenerationenhaus Lindenfeld"
    )
    assert planning.speaker_letter_doc(ctx, winter.id, sender="Jonas, MGH").sender == "Jonas, MGH"  # named: as typed
    path = planning.write_speaker_letter(ctx, winter.id, tmp_path / "brief.pdf").paths[0]
    assert "Katrin Vogel, Koordination" in _pdf_text(path)


def test_a_new_speaker_is_added_as_referent_and_found_again(scenario) -> None:
    ctx = scenario.ctx
    winter = add_meeting(ctx, "Winter", date(2027, 2, 26))
    view = planning.plan_meeting(
        ctx,
        winter.id,
        topic="Gesundheit",
        new_speaker=planning.NewSpeaker("Dr. Selma Yılmaz", "Gesundheitsamt", "s@example.org"),
    )
    assert (view.speaker.group, view.speaker.organisation) == ("Referent/in", "Gesundheitsamt")
    again = planning.plan_meeting(
        ctx, winter.id, new_speaker=planning.NewSpeaker("Dr. Selma Yılmaz", email="s@example.org")
    )
    assert again.speaker.id == view.speaker.id and again.plan.topic == "Gesundheit"  # unchanged fields stay
    assert planning.plan_meeting(ctx, winter.id, no_speaker=True).speaker is None
    other = add_person(ctx, Person(name="Kein Referent", group="Kommune"))
    assert planning.plan_meeting(ctx, winter.id, speaker_id=other.id).speaker.id == other.id
