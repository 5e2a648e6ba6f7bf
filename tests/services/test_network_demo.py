"""The demo's quarter before: made once, through the real services, so a new user sees the follow-up at once."""

from __future__ import annotations

from integra_tui.records import captures
from integra_tui.services import contacts, moderation, needs, planning, questions, volunteers
from integra_tui.services.demo import DEMO_EARLIER_TITLE, earlier_demo_meeting, ensure_demo
from integra_tui.services.exports import minutes_doc
from integra_tui.services.meetings import list_meetings


def test_the_plain_demo_is_todays_meeting_only(ctx) -> None:
    ensure_demo(ctx)
    assert [m.title for m in list_meetings(ctx)] == ["INTEGRA-Netzwerktreffen (Demo)"]
    assert earlier_demo_meeting(ctx) is None


def test_the_demo_with_its_quarter_before_is_made_once(ctx) -> None:
    today, report = ensure_demo(ctx, earlier_quarter=True)
    earlier = earlier_demo_meeting(ctx)
    assert earlier is not None and earlier.title == DEMO_EARLIER_TITLE and earlier.status == "closed"
    assert (today.date - earlier.date).days == 91 and report.invited == 40
    before = {
        kind: len(captures.live(ctx.store, kinds=(kind,))) for kind in ("need", "offer", "question", "topic_wish")
    }
    assert before == {"need": 5, "offer": 3, "question": 4, "topic_wish": 3}
    again, _report = ensure_demo(ctx, earlier_quarter=True)
    assert again.id == today.id and len(list_meetings(ctx)) == 2
    assert {kind: len(captures.live(ctx.store, kinds=(kind,))) for kind in before} == before
    assert len(contacts.contact_list_doc(ctx).rows) == 3 and len(volunteers.rows(ctx)) == 2


def test_todays_demo_reviews_what_the_quarter_before_left(ctx) -> None:
    today, _report = ensure_demo(ctx, earlier_quarter=True)
    moderation.prepare_meeting(ctx, today.id)
    assert moderation.agenda_state(ctx, today.id).items[0].item.title == "Offene Punkte"
    review = moderation.open_items(ctx, today.id)
    assert [c.text for c in review.action_items] == ["Kita-Plätze für Kursteilnehmende anfragen"]
    assert {c.status for c in review.needs} == {"open", "in_progress"} and len(review.needs) == 3
    assert [c.text for c in review.questions] == [
        "Wie werden ausländische Berufsabschlüsse anerkannt?",
        "Sind Ehrenamtliche bei Begleitungen versichert?",
    ]
    statuses = {row.status for row in needs.board(ctx)}
    assert statuses == {"open", "in_progress", "met", "not_possible"}  # every status shows on the board
    assert any(row.offers for row in needs.board(ctx)) and any(row.actions for row in needs.board(ctx))
    assert len(questions.handout_doc(ctx).topics) == 2
    plan = planning.meeting_plan(ctx, today.id)
    assert plan.speaker is not None and plan.speaker.name == "Claudia Neumann" and plan.wish is not None
    [volunteer] = volunteers.waiting(ctx)
    assert volunteer.person.name == "Selin Çelik"
    minutes = minutes_doc(ctx, earlier_demo_meeting(ctx).id)
    assert minutes.present == 17 and [d.votes for i in minutes.items for d in i.decisions] == [(17, 0, 2)]
    assert needs.quarter_report(ctx)


def test_the_coordinators_follow_up_from_the_services_that_own_each_part(ctx) -> None:
    from integra_tui.services import followup

    ensure_demo(ctx, earlier_quarter=True)
    action_items = followup.action_items(ctx)
    open_needs = needs.board(ctx, open_only=True)
    open_questions = questions.question_rows(ctx, status="open")
    waiting, topic_wishes = volunteers.waiting(ctx), planning.topic_wishes(ctx, open_only=True)
    assert [i.capture.text for i in action_items] == ["Kita-Plätze für Kursteilnehmende anfragen"]
    assert [r.status for r in open_needs] == ["open", "in_progress", "in_progress"]
    assert len(open_questions) == 2 and [r.person.name for r in waiting] == ["Selin Çelik"]
    assert [r.wish.text for r in topic_wishes] == [
        "Wohnungssuche: Rechte und Wege",
        "Gesundheitsversorgung ohne Krankenversicherung",
    ]
