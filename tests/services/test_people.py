"""People, invitees and meetings as the services see them: current meeting, search, re-issue, import."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.records import codes
from integra_tui.services import invitations, meetings, people
from integra_tui.services.context import ServiceError, open_context

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture()
def ctx(tmp_path: Path):
    context = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)))
    yield context
    context.close()


def test_a_new_store_has_the_networks_groups(ctx) -> None:
    assert meetings.groups(ctx) == [
        "Kommune",
        "Landkreis",
        "Hauptamtlich",
        "Ehrenamtlich",
        "Zugewandert",
        "Interessiert",
        "Referent/in",
    ]


def test_the_current_meeting_is_todays_else_the_next_else_the_latest(ctx) -> None:
    assert meetings.current_meeting(ctx) is None
    past = meetings.add_meeting(ctx, "Sommer", date(2026, 8, 27))
    assert meetings.current_meeting(ctx).id == past.id
    upcoming = meetings.add_meeting(ctx, "Winter", date(2027, 2, 25))
    meetings.add_meeting(ctx, "Frühling", date(2027, 5, 27))
    assert meetings.current_meeting(ctx).id == upcoming.id
    today = meetings.add_meeting(ctx, "Heute", date(2026, 11, 27), time(17, 0))
    assert meetings.current_meeting(ctx).id == today.id
    assert meetings.next_meeting_after(ctx, today).id == upcoming.id


def test_search_ignores_case_and_accents_but_keeps_other_scripts(ctx) -> None:
    for name in ("Jürgen Müller", "Ömer Şengül", "فاطمة الزهراء", "Олена Коваль"):
        people.add_person(ctx, Person(name=name))
    assert [p.name for p in people.find_people(ctx, "muller")] == ["Jürgen Müller"]
    assert [p.name for p in people.find_people(ctx, "sengul")] == ["Ömer Şengül"]
    assert [p.name for p in people.find_people(ctx, "فاطمة")] == ["فاطمة الزهراء"]
    assert [p.name for p in people.find_people(ctx, "олена")] == ["Олена Коваль"]


def test_person_by_id_or_unique_name(ctx) -> None:
    anna = people.add_person(ctx, Person(name="Anna Schmidt"))
    people.add_person(ctx, Person(name="Anna Schulz"))
    assert people.resolve_person(ctx, str(anna.id)).name == "Anna Schmidt"
    assert people.resolve_person(ctx, "anna schmidt").id == anna.id
    with pytest.raises(ServiceError, match="mehrere Personen"):
        people.resolve_person(ctx, "Anna")
    with pytest.raises(ServiceError, match="Niemand"):
        people.resolve_person(ctx, "Zoe")


def test_inviting_twice_keeps_the_code_and_reissue_replaces_it(ctx) -> None:
    meeting = meetings.add_meeting(ctx, "Winter", date(2027, 2, 25))
    person = people.add_person(ctx, Person(name="Anna"))
    first = people.invite(ctx, meeting.id, person.id)
    assert people.invite(ctx, meeting.id, person.id).code == first.code
    new_code = invitations.issue_code(ctx, first.id)
    assert new_code != first.code
    old = ctx.store.find_one(codes.TABLE, "code", first.code)
    assert old["status"] == "replaced" and old["replaced_by"] == new_code
    assert ctx.store.find_one(codes.TABLE, "code", new_code)["status"] == "active"
    assert people.count_invited(ctx, meeting.id) == 1


def test_import_keeps_names_byte_for_byte(ctx, tmp_path: Path) -> None:
    meeting = meetings.add_meeting(ctx, "Winter", date(2027, 2, 25))
    names = ["ሳምራዊት ተኽለ", "فاطمة الزهراء", "Олена Коваль", "Ömer Şengül"]
    sheet = tmp_path / "liste.csv"
    sheet.write_text("Name,Group\n" + "\n".join(f"{n},Zugewandert" for n in names) + "\n", encoding="utf-8")
    report = people.import_invitees(ctx, sheet, meeting.id)
    assert (report.added, report.invited, report.problems) == (4, 4, [])
    stored = sorted(p.name for _, p in people.invitees_of(ctx, meeting.id))
    assert sorted(stored) == sorted(names)
    assert all(s.encode() in [n.encode() for n in names] for s in stored)
