"""Check-in service: every outcome of a scan, search picks, walk-ins, overrides, undo, counts and recent list."""

from __future__ import annotations

from datetime import date

import pytest

from integra_tui import i18n
from integra_tui.domain.codes import format_code, new_code, simulate_us_scanner_on_qwertz
from integra_tui.domain.models import Person
from integra_tui.records import checkins
from integra_tui.services import checkin
from integra_tui.services.checkin import Outcome
from integra_tui.services.context import ServiceError, open_context
from integra_tui.services.invitations import issue_code
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person, invite, invitees_of


def _invitee(ctx, meeting, name: str):
    return next((inv, person) for inv, person in invitees_of(ctx, meeting.id) if person.name == name)


def _active_check_ins(ctx, meeting_id: int) -> list[dict]:
    return [d for d in ctx.store.find("checkins", "meeting_id", meeting_id) if not d.get("undone_at")]


def test_an_invitation_code_checks_its_person_in_durably(ctx, meeting, tmp_path) -> None:
    invitee, person = _invitee(ctx, meeting, "Jürgen Müller")
    result = checkin.check_in_code(ctx, meeting.id, invitee.code, station="Eingang 1")
    assert result.outcome is Outcome.ACCEPTED
    assert result.person.name == "Jürgen Müller"
    assert "Jürgen Müller" in result.reason() and "Kommune" in result.reason()
    # What was reported as accepted is on disk: a second, fresh store on the file sees it.
    reopened = open_context(tmp_path / "store.json")
    try:
        stored = reopened.store.find("checkins", "person_id", person.id)
        assert [(d["meeting_id"], d["station"], d["method"], d["code"]) for d in stored] == [
            (meeting.id, "Eingang 1", "scan", invitee.code)
        ]
    finally:
        reopened.close()


def test_a_second_scan_reports_the_first_check_in_and_writes_nothing(ctx, meeting, clock) -> None:
    invitee, _person = _invitee(ctx, meeting, "Sabine Kröger")
    checkin.check_in_code(ctx, meeting.id, invitee.code, station="Eingang 1")
    clock.advance(minutes=7)
    again = checkin.check_in_code(ctx, meeting.id, invitee.code, station="Eingang 2")
    assert again.outcome is Outcome.DUPLICATE
    assert again.first_station == "Eingang 1"
    assert again.first_at.strftime("%H:%M") == "16:55"
    assert "16:55" in again.reason() and "Eingang 1" in again.reason()
    assert len(_active_check_ins(ctx, meeting.id)) == 1


def test_the_code_may_arrive_as_a_us_set_scanner_types_it_on_a_german_layout(ctx, meeting) -> None:
    invitee, _person = _invitee(ctx, meeting, "Ömer Şengül")
    printed = format_code(invitee.code).replace(" ", "-")
    typed = simulate_us_scanner_on_qwertz(printed, caps_lock=True)
    assert typed != printed  # hyphens became ß, letters the other case
    assert checkin.check_in_code(ctx, meeting.id, typed).outcome is Outcome.ACCEPTED


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("https://pretix.eu/order/ABC123/secret", Outcome.NOT_OURS),
        ("hello", Outcome.NOT_OURS),
        # A well-formed code nobody was given; drawn in the test, so every pytest-xdist worker collects the same ids.
        (None, Outcome.UNKNOWN),
    ],
)
def test_foreign_and_unknown_codes_are_refused(ctx, meeting, text, outcome) -> None:
    text = new_code() if text is None else text
    result = checkin.check_in_code(ctx, meeting.id, text)
    assert result.outcome is outcome
    assert result.outcome.refused and result.outcome.exit_status == 4
    assert result.person is None
    assert ctx.store.count("checkins") == 0


def test_a_damaged_code_is_refused_for_its_check_character(ctx, meeting) -> None:
    invitee, _person = _invitee(ctx, meeting, "Hanna Weiß")
    wrong = "0" if invitee.code[10] != "0" else "1"
    damaged = invitee.code[:10] + wrong + invitee.code[11:]
    result = checkin.check_in_code(ctx, meeting.id, damaged)
    assert result.outcome is Outcome.DAMAGED
    assert "Prüfzeichen" in result.reason()
    assert checkin.check_in_code(ctx, meeting.id, invitee.code[:-1]).outcome is Outcome.DAMAGED
    assert ctx.store.count("checkins") == 0


def test_a_replaced_invitation_is_refused_and_the_new_one_admits(ctx, meeting) -> None:
    invitee, person = _invitee(ctx, meeting, "Hanna Weiß")
    new = issue_code(ctx, invitee.id)
    old = checkin.check_in_code(ctx, meeting.id, invitee.code)
    assert old.outcome is Outcome.REPLACED
    assert old.person.name == "Hanna Weiß"
    assert ctx.store.count("checkins") == 0
    assert checkin.check_in_code(ctx, meeting.id, new).outcome is Outcome.ACCEPTED


def test_an_invitation_for_another_meeting_names_its_date_and_can_be_overridden(ctx, meeting) -> None:
    spring = add_meeting(ctx, "Frühjahrstreffen", date(2027, 3, 11))
    _invitee_here, person = _invitee(ctx, meeting, "Jürgen Müller")
    stranger = add_person(ctx, Person(name="Lina Hoffmann", group="Interessiert"))
    spring_invitation = invite(ctx, spring.id, stranger.id)
    refused = checkin.check_in_code(ctx, meeting.id, spring_invitation.code)
    assert refused.outcome is Outcome.OTHER_MEETING
    assert refused.other_meeting_date == date(2027, 3, 11)
    assert "11.03.2027" in refused.reason()
    assert ctx.store.count("checkins") == 0

    admitted = checkin.admit_anyway(ctx, meeting.id, spring_invitation.code, station="Eingang 1")
    assert admitted.outcome is Outcome.ACCEPTED
    stored = ctx.store.find("checkins", "person_id", stranger.id)
    assert [(d["meeting_id"], d["method"]) for d in stored] == [(meeting.id, "override")]
    # Invited to this meeting now, as a walk-in; the spring invitation stays as it was.
    here = [d for d in ctx.store.find("invitees", "person_id", stranger.id) if d["meeting_id"] == meeting.id]
    assert len(here) == 1 and here[0]["walk_in"] is True
    assert checkin.admit_anyway(ctx, meeting.id, spring_invitation.code).outcome is Outcome.DUPLICATE
    with pytest.raises(ServiceError):
        checkin.admit_anyway(ctx, meeting.id, new_code())
    del person


def test_a_search_pick_checks_in_invited_and_uninvited_people(ctx, meeting) -> None:
    _inv, invited_person = _invitee(ctx, meeting, "Jürgen Müller")
    outsider = add_person(ctx, Person(name="Peter Müllerschön", group="Ehrenamtlich"))
    assert checkin.check_in_person(ctx, meeting.id, invited_person.id, "Eingang 1").outcome is Outcome.ACCEPTED
    assert checkin.check_in_person(ctx, meeting.id, outsider.id, "Eingang 1").outcome is Outcome.ACCEPTED
    assert checkin.check_in_person(ctx, meeting.id, outsider.id, "Eingang 2").outcome is Outcome.DUPLICATE
    methods = sorted(d["method"] for d in _active_check_ins(ctx, meeting.id))
    assert methods == ["search", "search"]
    counts = checkin.door_counts(ctx, meeting.id)
    assert (counts.present, counts.invited, counts.walk_ins) == (2, 40, 1)


def test_search_ignores_case_and_accents_and_finds_only_this_meetings_people(ctx, meeting) -> None:
    counselling = add_meeting(ctx, "Beratung", date(2026, 5, 4))
    other = add_person(ctx, Person(name="Anton Müller", group="Zugewandert", email="anton@example.org"))
    invite(ctx, counselling.id, other.id)  # invited only to another meeting: the door never finds him
    found = checkin.find_for_door(ctx, meeting.id, "muller")
    assert [(m.person.name, m.invited) for m in found] == [("Jürgen Müller", True)]
    assert [m.person.name for m in checkin.find_for_door(ctx, meeting.id, "sengul")] == ["Ömer Şengül"]
    assert checkin.find_for_door(ctx, meeting.id, "  ") == []
    # Checked in today (here by his personal card), he is found, with name, group and organisation only.
    checkin.check_in_code(ctx, meeting.id, checkin.issue_card(ctx, other.id), station="Eingang 1")
    found = checkin.find_for_door(ctx, meeting.id, "muller")
    assert [m.person.name for m in found] == ["Anton Müller", "Jürgen Müller"]
    anton = found[0]
    assert anton.person.group == "Zugewandert" and anton.checked_in_at
    assert anton.person.email == "" and anton.person.card_code == ""


def test_a_walk_in_needs_only_name_and_group_and_gets_a_card_for_next_time(ctx, meeting, clock) -> None:
    result = checkin.register_walk_in(ctx, meeting.id, "  Zofia   Nowak ", "ehrenamtlich", station="Eingang 1")
    assert result.outcome is Outcome.ACCEPTED
    assert result.person.name == "Zofia Nowak" and result.person.group == "Ehrenamtlich"
    invitee = [d for d in ctx.store.find("invitees", "person_id", result.person.id)]
    assert [(d["meeting_id"], d["walk_in"]) for d in invitee] == [(meeting.id, True)]
    assert [d["method"] for d in ctx.store.find("checkins", "person_id", result.person.id)] == ["walkin"]
    counts = checkin.door_counts(ctx, meeting.id)
    assert (counts.present, counts.invited, counts.walk_ins) == (1, 40, 1)

    # Next time the card code checks her into whichever meeting is on.
    winter = add_meeting(ctx, "Wintertreffen", date(2027, 2, 25))
    card = checkin.check_in_code(ctx, winter.id, result.code, station="Eingang 1")
    assert card.outcome is Outcome.ACCEPTED and card.person.id == result.person.id
    assert checkin.door_counts(ctx, winter.id).walk_ins == 1
    # The helper said it is her (same_as): she is here already, nothing new is written, the same card.
    again = checkin.register_walk_in(ctx, meeting.id, "zofia nowak", "Ehrenamtlich", same_as=result.person.id)
    assert again.outcome is Outcome.DUPLICATE and again.person.id == result.person.id
    assert again.code == result.code


def test_a_walk_in_with_a_known_name_is_a_new_person_unless_the_helper_says_it_is_them(ctx, meeting) -> None:
    # Two people can share a name: nobody becomes someone else's record just by their name.
    first = add_person(ctx, Person(name="Mohammed Ali", group="Zugewandert", organisation="Sprachcafé", phone="0170 1"))
    assert [
        (p.id, p.group, p.organisation, p.phone) for p in checkin.walk_in_namesakes(ctx, "mohammed  ali", "Kommune")
    ] == [
        (first.id, "Zugewandert", "Sprachcafé", "")  # enough to tell them apart, no contact data
    ]
    other = checkin.register_walk_in(ctx, meeting.id, "Mohammed Ali", "Ehrenamtlich", organisation="Tafel")
    assert other.accepted and other.person.id != first.id
    stored = ctx.store.get("persons", other.person.id)
    assert (stored["group"], stored["organisation"], stored["phone"]) == ("Ehrenamtlich", "Tafel", "")
    assert ctx.store.get("persons", first.id)["organisation"] == "Sprachcafé"  # untouched
    assert not [d for d in ctx.store.find("checkins", "person_id", first.id)]
    assert len(checkin.walk_in_namesakes(ctx, "Mohammed Ali", "Kommune")) == 2  # the next helper is asked about both

    # "Yes, this is that person": the stored person is checked in as they are; what was typed changes nothing.
    same = checkin.register_walk_in(ctx, meeting.id, "Mohammed Ali", "Kommune", organisation="X", same_as=first.id)
    assert same.accepted and same.person.id == first.id
    assert [d["method"] for d in ctx.store.find("checkins", "person_id", first.id)] == ["walkin"]
    assert (ctx.store.get("persons", first.id)["group"], ctx.store.get("persons", first.id)["organisation"]) == (
        "Zugewandert",
        "Sprachcafé",
    )
    assert ctx.store.count("persons") == 40 + 2


def test_a_walk_in_as_someone_unknown_or_forgotten_is_refused(ctx, meeting) -> None:
    from integra_tui.services.privacy import forget_person

    gone = add_person(ctx, Person(name="Lena Vogt", group="Ehrenamtlich"))
    forget_person(ctx, gone.id)
    assert checkin.walk_in_namesakes(ctx, "Lena Vogt", "Ehrenamtlich") == []
    for person_id in (gone.id, 9999):
        with pytest.raises(ServiceError):
            checkin.register_walk_in(ctx, meeting.id, "Lena Vogt", "Ehrenamtlich", same_as=person_id)
    assert ctx.store.count("checkins") == 0


@pytest.mark.parametrize(("name", "group"), [("", "Kommune"), ("Zofia Nowak", ""), ("Zofia Nowak", "Astronauten")])
def test_namesakes_are_looked_up_only_once_name_and_group_are_right(ctx, meeting, name, group) -> None:
    with pytest.raises(ServiceError):
        checkin.walk_in_namesakes(ctx, name, group)


@pytest.mark.parametrize(("name", "group"), [("", "Kommune"), ("Zofia Nowak", ""), ("Zofia Nowak", "Astronauten")])
def test_a_walk_in_without_name_or_known_group_is_refused(ctx, meeting, name, group) -> None:
    with pytest.raises(ServiceError):
        checkin.register_walk_in(ctx, meeting.id, name, group)
    assert ctx.store.count("checkins") == 0


def test_undo_is_recorded_and_the_person_can_check_in_again(ctx, meeting, clock) -> None:
    invitee, person = _invitee(ctx, meeting, "Jürgen Müller")
    first = checkin.check_in_code(ctx, meeting.id, invitee.code, station="Eingang 1")
    clock.advance(minutes=1)
    undone = checkin.undo_check_in(ctx, first.check_in.id, station="Eingang 2")
    assert undone.undone_station == "Eingang 2" and not checkins.is_active(undone)
    stored = ctx.store.get("checkins", first.check_in.id)
    assert stored["undone_at"] and stored["undone_station"] == "Eingang 2"
    assert checkin.door_counts(ctx, meeting.id).present == 0
    assert checkin.recent_check_ins(ctx, meeting.id) == []
    with pytest.raises(ServiceError):
        checkin.undo_check_in(ctx, first.check_in.id)
    assert checkin.check_in_code(ctx, meeting.id, invitee.code).outcome is Outcome.ACCEPTED
    assert len(ctx.store.find("checkins", "person_id", person.id)) == 2


def test_counts_per_group_and_recent_check_ins_newest_first(ctx, meeting, clock) -> None:
    pairs = invitees_of(ctx, meeting.id)
    expected_invited: dict[str, int] = {}
    for _inv, person in pairs:
        expected_invited[person.group] = expected_invited.get(person.group, 0) + 1
    chosen = [pair for pair in pairs if pair[1].group == "Kommune"][:2] + [
        pair for pair in pairs if pair[1].group == "Zugewandert"
    ][:1]
    for invitee, _person in chosen:
        checkin.check_in_code(ctx, meeting.id, invitee.code, station="Eingang 1")
        clock.advance(seconds=30)
    counts = checkin.door_counts(ctx, meeting.id)
    assert (counts.present, counts.invited, counts.walk_ins) == (3, 40, 0)
    per_group = {g.group: (g.present, g.invited) for g in counts.per_group}
    assert per_group["Kommune"] == (2, expected_invited["Kommune"])
    assert per_group["Zugewandert"] == (1, expected_invited["Zugewandert"])
    assert sum(g.invited for g in counts.per_group) == 40
    recent = checkin.recent_check_ins(ctx, meeting.id, 2)
    assert [r.name for r in recent] == [chosen[2][1].name, chosen[1][1].name]


def test_the_reasons_come_in_english_too(ctx, meeting) -> None:
    invitee, _person = _invitee(ctx, meeting, "Jürgen Müller")
    i18n.set_language("en")
    try:
        assert "Welcome" in checkin.check_in_code(ctx, meeting.id, invitee.code).reason()
        assert "already checked in" in checkin.check_in_code(ctx, meeting.id, invitee.code).reason()
        assert "not one of our" in checkin.check_in_code(ctx, meeting.id, "hello").reason()
    finally:
        i18n.set_language("de")
