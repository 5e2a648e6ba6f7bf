"""A long list read row by row and stored batch by batch: the same people, problems and lines as a short one."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.domain.models import Code, Invitee, Person
from integra_tui.io.invitee_import import parse_invitee_stream, parse_invitees
from integra_tui.io.tabular import ImportFileError, read_table, stream_table
from integra_tui.records.base import plain_doc
from integra_tui.services import people
from integra_tui.services.context import open_context
from integra_tui.services.meetings import add_meeting

BERLIN = ZoneInfo("Europe/Berlin")

MESSY = (
    "Vorname;Nachname;Gruppe;E-Mail;Telefon\n"
    "Jürgen;Müller;Kommune;j@example.de;\n"
    ";;;;\n"
    "Vorname;Nachname;Gruppe;E-Mail;Telefon\n"
    "Amal;Had\x1b[31mdad;Wolke 7;keine-mail;1,23E+10\n"
    ";;Kommune;;\n"
    "Jürgen;Müller;Kommune;j@example.de;0151\n"
    "Ben;Kaya;Kommune;b@example.de;;zu viel\n"
)


def test_the_stream_reads_what_the_table_reads(tmp_path: Path) -> None:
    path = tmp_path / "liste.csv"
    path.write_text(MESSY, encoding="utf-8")
    whole = parse_invitees(read_table(path), DEFAULT_GROUPS)
    streamed = parse_invitee_stream(stream_table(path), DEFAULT_GROUPS)
    assert streamed.people == whole.people
    assert streamed.problems == whole.problems
    lines = {p.line for p in streamed.problems}
    assert {4, 5, 6, 7, 8} <= lines  # repeated header, controls/group/mail/phone, no name, duplicate, overflow


def test_a_file_with_headers_only_is_refused_by_the_stream_too(tmp_path: Path) -> None:
    path = tmp_path / "leer.csv"
    path.write_text("Vorname;Nachname\n;;\n", encoding="utf-8")
    with pytest.raises(ImportFileError):
        parse_invitee_stream(stream_table(path), DEFAULT_GROUPS)


def test_an_unclosed_quote_is_refused_before_anything_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "kaputt.csv"
    path.write_text('Name;Gruppe\nJürgen Müller;Kommune\n"Amal Haddad;Kommune\nBen Kaya;Kommune\n', encoding="utf-8")
    ctx = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 9, tzinfo=BERLIN)))
    try:
        meeting = add_meeting(ctx, "Runder Tisch", date(2026, 11, 27))
        with pytest.raises(people.ServiceError):
            people.import_invitees(ctx, path, meeting.id)
        assert people.count_invited(ctx, meeting.id) == 0
    finally:
        ctx.close()


def test_a_list_longer_than_a_batch_is_stored_once_and_re_imported_adds_nobody(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(people, "IMPORT_BATCH", 7)
    path = tmp_path / "liste.csv"
    rows = [f"Person {n};Kommune;p{n}@example.de" for n in range(30)]
    rows.insert(20, "Person 3;Kommune;p3@example.de")  # the same person again, in a later batch
    path.write_text("Name;Gruppe;E-Mail\n" + "\n".join(rows) + "\n", encoding="utf-8")
    ctx = open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 9, tzinfo=BERLIN)))
    try:
        meeting = add_meeting(ctx, "Runder Tisch", date(2026, 11, 27))
        first = people.import_invitees(ctx, path, meeting.id)
        assert (first.added, first.invited) == (30, 30)
        assert first.problems and first.problems[0][0] == 22  # the repeat, by its line
        again = people.import_invitees(ctx, path, meeting.id)
        assert (again.added, again.existing, again.invited, again.already_invited) == (0, 30, 0, 30)
        assert people.count_invited(ctx, meeting.id) == 30
        codes = {invitee.code for invitee, _person in people.invitees_of(ctx, meeting.id)}
        assert len(codes) == 30
    finally:
        ctx.close()
    stored = json.loads((tmp_path / "store.json").read_text(encoding="utf-8"))  # folded in: plain TinyDB JSON
    assert len(stored["persons"]) == 30 and len(stored["codes"]) == 30


def test_plain_doc_is_the_stored_form() -> None:
    person = Person(name="Amal Haddad", group="Zugewandert", languages=["Arabisch", "Deutsch"], id=4)
    invitee = Invitee(meeting_id=1, person_id=4, code="MG1X", replaced_codes=["MG1A"], id=9)
    code = Code(code="MG1X", person_id=4, meeting_id=1, invitee_id=9, id=2)
    for record in (person, invitee, code):
        doc = plain_doc(record)
        assert doc == record.to_doc()
    doc = plain_doc(person)
    doc["languages"].append("Englisch")
    assert person.languages == ["Arabisch", "Deutsch"]  # a copy, as to_doc gives
