"""Contacts that last (consent with dates, withdrawable; the list holds only consenting people), volunteers followed
until contacted, greetings in the person's languages, and privacy: show lists it all, forget removes it all."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.domain.models import Person
from integra_tui.io.exports.markdown import personal_data_markdown
from integra_tui.records import captures, contact_consents, persons
from integra_tui.services import contacts, needs, planning, privacy, questions, volunteers, welcome
from integra_tui.services.context import ServiceError
from integra_tui.services.meetings import add_meeting
from integra_tui.services.people import add_person

BERLIN = ZoneInfo("Europe/Berlin")


def _folder_text(ctx) -> str:
    """Every file in the store's folder (main, journal, backup), as text."""
    texts = []
    for file in Path(ctx.path).parent.iterdir():
        if file.is_file():
            raw = file.read_bytes()
            try:
                texts.append(raw.decode("ascii").encode().decode("unicode_escape"))
            except UnicodeDecodeError:
                texts.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_consent_is_kept_with_its_date_and_can_be_withdrawn(scenario) -> None:
    ctx, gisela = scenario.ctx, scenario.people["Gisela Hartmann"]
    with pytest.raises(ServiceError, match="wie die Person erreichbar"):
        contacts.give_consent(ctx, gisela, offer="Begleitung")
    with pytest.raises(ServiceError, match="keine Telefonnummer"):
        contacts.give_consent(ctx, gisela, channels="telefon")
    with pytest.raises(ServiceError, match="Unbekannter Weg"):
        contacts.give_consent(ctx, gisela, channels="Brieftaube")
    consent = contacts.give_consent(ctx, gisela, offer="Begleitung", channels="E-Mail", meeting_id=scenario.second)
    assert (consent.given_at, consent.channels, consent.meeting_id) == (
        "2026-12-02T10:00:00+01:00",
        ["email"],
        scenario.second,
    )
    assert contacts.consent_of(ctx, gisela).holds
    assert contacts.consent_sentence(ctx, consent) == (
        "Einwilligung in die Kontaktliste am 02.12.2026 erteilt; sie gilt, bis sie widerrufen wird."
    )
    scenario.clock.set(datetime(2027, 1, 10, 9, 0, tzinfo=BERLIN))
    withdrawn = contacts.withdraw_consent(ctx, gisela)
    assert not contacts.consent_of(ctx, gisela).holds
    assert contacts.consent_sentence(ctx, withdrawn) == (
        "Einwilligung in die Kontaktliste am 02.12.2026 erteilt, am 10.01.2027 widerrufen."
    )
    with pytest.raises(ServiceError, match="nicht auf der Kontaktliste"):
        contacts.withdraw_consent(ctx, gisela)
    # Privacy show lists it, with both dates in plain words.
    shown = privacy.personal_data(ctx, gisela)["contact_list_consents"]
    assert [c["summary"] for c in shown] == [
        "Einwilligung in die Kontaktliste am 02.12.2026 erteilt, am 10.01.2027 widerrufen."
    ]
    titles = privacy.section_titles()
    text = personal_data_markdown(
        {titles[k]: v for k, v in privacy.personal_data(ctx, gisela).items()}, "Auskunft", privacy.field_labels()
    )
    assert "## Einwilligungen in die Kontaktliste des Netzwerks" in text and "am 10.01.2027 widerrufen" in text


def test_the_contact_list_holds_only_consenting_people_as_they_chose(scenario, tmp_path) -> None:
    ctx = scenario.ctx
    with_phone = add_person(
        ctx, Person(name="Renate Köhler", organisation="MGH", email="r@example.org", phone="0151 1")
    )
    contacts.give_consent(
        ctx, with_phone.id, offer="Hausaufgabenhilfe", channels=["phone"], reach_note="montags im MGH"
    )
    contacts.give_consent(ctx, scenario.people["احمد رحیمی"], offer="Dari und Persisch", channels="email")
    contacts.give_consent(ctx, scenario.people["Gisela Hartmann"], channels="email")
    contacts.withdraw_consent(ctx, scenario.people["Gisela Hartmann"])
    doc = contacts.contact_list_doc(ctx)
    assert [(r.name, r.organisation, r.offer, r.reach) for r in doc.rows] == [
        ("Renate Köhler", "MGH", "Hausaufgabenhilfe", ["0151 1", "montags im MGH"]),  # not her e-mail: not chosen
        ("احمد رحیمی", "Sprachcafé", "Dari und Persisch", ["p3@example.org"]),
    ]
    written = contacts.write_contact_list(ctx, tmp_path / "kontakte.csv")
    rows = list(csv.reader(io.StringIO(written.paths[0].read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Name", "Organisation", "Bietet an", "Erreichbar über"] and len(rows) == 3
    assert "Gisela" not in written.paths[0].read_text(encoding="utf-8-sig")
    pdf = contacts.write_contact_list(ctx, tmp_path / "kontakte.pdf")
    assert pdf.paths[0].read_bytes().startswith(b"%PDF") and pdf.warnings == []
    assert pdf.summary == f"2 Personen auf der Kontaktliste {tmp_path / 'kontakte.pdf'}."


def test_a_volunteer_is_followed_until_someone_contacted_them(scenario) -> None:
    ctx, emre = scenario.ctx, scenario.people["Emre Aksoy"]
    mark = volunteers.mark_volunteer(
        ctx, emre, what="Fahrräder reparieren", when="samstags", meeting_id=scenario.second
    )
    again = volunteers.mark_volunteer(ctx, emre, when="sonntags")  # still waiting: the same mark, updated
    assert again.id == mark.id and (again.what, again.when) == ("Fahrräder reparieren", "sonntags")
    assert [r.person.name for r in volunteers.waiting(ctx)] == ["Emre Aksoy"]
    with pytest.raises(ServiceError, match="Wer hat Kontakt"):
        volunteers.mark_contacted(ctx, mark.id, " ")
    volunteers.mark_contacted(ctx, mark.id, "Jürgen Müller", "ab Januar in der Werkstatt")
    assert volunteers.waiting(ctx) == [] and [r.waiting for r in volunteers.rows(ctx)] == [False]
    assert volunteers.counts(ctx) == {(2026, 4): (1, 1)}
    later = volunteers.mark_volunteer(ctx, emre, what="Übersetzen")
    assert later.id != mark.id and volunteers.counts(ctx) == {(2026, 4): (2, 1)}
    volunteers.remove_mark(ctx, later.id)
    assert volunteers.counts(ctx) == {(2026, 4): (1, 1)}


def test_greetings_for_a_person_in_the_languages_they_gave(scenario) -> None:
    person = add_person(scenario.ctx, Person(name="Olena", languages=["Ukrainisch", "Russisch", "Deutsch"]))
    assert [g.text for g in welcome.greetings_for_person(person)] == [
        "Herzlich willkommen",
        "Ласкаво просимо",
        "Добро пожаловать",
    ]
    assert [g.text for g in welcome.greetings_for_person(None)] == ["Herzlich willkommen"]
    shown = welcome.greetings_for_languages(["fa", "Dari"])
    assert (shown[1].text, shown[1].languages, shown[1].rtl) == ("خوش آمدید", "Persisch, Dari", True)


def _everything_about_juergen(scenario):
    """Jürgen Müller everywhere the network's memory can name him."""
    ctx, juergen = scenario.ctx, scenario.people["Jürgen Müller"]
    need = needs.add_need(ctx, scenario.second, "Räume für Sprachkurse", topic="Sprache", owner="Jürgen Müller")
    question = questions.add_question(ctx, scenario.second, "Wer zahlt die Fahrkarten?", group="Zugewandert")
    questions.answer_question(ctx, question.id, "Laut Jürgen Müller das Jobcenter.", "Jürgen Müller", scenario.second)
    contacts.give_consent(ctx, juergen, offer="Beratung im Rathaus", channels="email")
    mark = volunteers.mark_volunteer(ctx, juergen, what="Fahrdienst", when="freitags")
    other = volunteers.mark_volunteer(ctx, scenario.people["Emre Aksoy"], what="Übersetzen")
    volunteers.mark_contacted(ctx, other.id, "Jürgen Müller", "passt")
    winter = add_meeting(ctx, "Winter", date(2027, 2, 26))
    planning.plan_meeting(ctx, winter.id, topic="Wohnen", speaker_id=juergen)
    return need, question, mark, other, winter


def test_show_lists_the_persons_part_in_the_networks_memory(scenario) -> None:
    _need, question, mark, _other, winter = _everything_about_juergen(scenario)
    data = privacy.personal_data(scenario.ctx, scenario.people["Jürgen Müller"])
    assert [d["id"] for d in data["volunteering"]] == [mark.id]
    assert [d["id"] for d in data["answered_questions"]] == [question.id]
    assert [d["meeting_id"] for d in data["planned_talks"]] == [winter.id]
    assert data["contact_list_consents"][0]["offer"] == "Beratung im Rathaus"
    assert "Räume für Sprachkurse" in {d["text"] for d in data["action_items"]}  # the need he takes care of
    letter = privacy.access_letter(scenario.ctx, scenario.people["Jürgen Müller"])
    owned = next(
        section for section in letter.sections if section.heading == "Aufgaben, für die Sie verantwortlich sind"
    )
    assert any(line.startswith("Bedarf: „Räume für Sprachkurse“") for line in owned.lines)  # a need, not a task


def test_forget_removes_the_person_from_all_of_it_in_one_go(scenario) -> None:
    ctx, juergen = scenario.ctx, scenario.people["Jürgen Müller"]
    need, question, mark, other, winter = _everything_about_juergen(scenario)
    assert "Jürgen" in _folder_text(ctx)
    report = privacy.forget_person(ctx, juergen)
    assert (report.consents, report.volunteer_marks, report.plans) == (1, 2, 1)
    for personal in ("Jürgen", "Müller", "Beratung im Rathaus", "Fahrdienst", "freitags"):
        assert personal not in _folder_text(ctx), personal
    assert captures.get(ctx.store, need.id).owner == "(gelöscht)"  # who takes care
    answered = captures.get(ctx.store, question.id)
    assert (answered.answered_by, answered.answer) == ("(gelöscht)", "Laut (gelöscht) das Jobcenter.")
    assert not contact_consents.holding(ctx.store) and contacts.contact_list_doc(ctx).rows == []
    assert volunteers.counts(ctx) == {(2026, 4): (2, 1)}  # the counts stay
    assert volunteers.get_mark(ctx, other.id).contacted_by == "(gelöscht)" and volunteers.waiting(ctx) == []
    assert planning.meeting_plan(ctx, winter.id).speaker is None
    again = privacy.forget_person(ctx, juergen)
    assert not again.changed


def test_forget_finds_the_name_where_it_was_typed_with_the_organisation(scenario) -> None:
    """Who takes care, who answered, who contacted a volunteer are typed by hand, often with more than the name
    ("Jürgen Müller (Sozialamt)", as the demo has them): show lists them, forget erases the name and keeps the rest."""
    ctx, juergen = scenario.ctx, scenario.people["Jürgen Müller"]
    need = needs.add_need(
        ctx, scenario.second, "Räume für Sprachkurse", topic="Sprache", owner="Jürgen Müller (Rathaus)"
    )
    question = questions.add_question(ctx, scenario.second, "Wer zahlt die Fahrkarten?", group="Zugewandert")
    questions.answer_question(ctx, question.id, "Das Jobcenter.", "Jürgen Müller (Sozialamt)", scenario.second)
    other = volunteers.mark_volunteer(ctx, scenario.people["Emre Aksoy"], what="Übersetzen")
    volunteers.mark_contacted(ctx, other.id, "Jürgen Müller, Stadtverwaltung", "passt")
    data = privacy.personal_data(ctx, juergen)
    assert "Räume für Sprachkurse" in {d["text"] for d in data["action_items"]}
    assert [d["id"] for d in data["answered_questions"]] == [question.id]
    assert data["contacted_volunteers"] == [
        {"id": other.id, "contacted_by": "Jürgen Müller, Stadtverwaltung", "contacted_at": ctx.now_iso()}
    ]  # who and when, nothing of the person contacted
    letter = privacy.access_letter(ctx, juergen)
    titles = [section.heading for section in letter.sections]
    assert "Kontakt mit Menschen, die sich engagieren möchten" in titles
    answered = next(section for section in letter.sections if section.heading == "Fragen, die Sie beantwortet haben")
    assert "dort steht Ihr Name bei Ihrer Antwort" in answered.purpose  # as the handout prints it
    assert "Emre" not in repr(letter) and "Übersetzen" not in repr(letter)
    privacy.forget_person(ctx, juergen)
    for personal in ("Jürgen", "Müller"):
        assert personal not in _folder_text(ctx), personal
    assert captures.get(ctx.store, need.id).owner == "(gelöscht) (Rathaus)"
    assert captures.get(ctx.store, question.id).answered_by == "(gelöscht) (Sozialamt)"
    assert volunteers.get_mark(ctx, other.id).contacted_by == "(gelöscht), Stadtverwaltung"
    assert not privacy.forget_person(ctx, juergen).changed


def test_forgetting_again_finishes_an_interrupted_forget_in_the_network(scenario) -> None:
    """An older run left the person's record anonymised and nothing else: the next run finishes it."""
    ctx, juergen = scenario.ctx, scenario.people["Jürgen Müller"]
    _everything_about_juergen(scenario)
    persons.anonymise(ctx.store, juergen, ctx.now_iso())
    report = privacy.forget_person(ctx, juergen)
    assert report.already_forgotten == 1 and report.changed and report.consents == 1 and report.plans == 1
    for personal in ("Beratung im Rathaus", "Fahrdienst", "freitags"):
        assert personal not in _folder_text(ctx), personal
    assert not privacy.forget_person(ctx, juergen).changed


def test_forget_is_one_transaction_with_the_networks_parts(scenario) -> None:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("network_tx", Path(__file__).with_name("test_transactions.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules["network_tx"] = module
    spec.loader.exec_module(module)
    _everything_about_juergen(scenario)
    recording = module.RecordingStore(scenario.ctx.store)
    scenario.ctx.store = recording
    try:
        blocks = recording.blocks_of_the_last(
            lambda: privacy.forget_person(scenario.ctx, scenario.people["Jürgen Müller"])
        )
        assert len(blocks) == 1 and None not in blocks
        tables = {table for _b, _what, table in recording.writes}
        assert {"contact_consents", "volunteer_marks", "meeting_plans", "captures", "persons"} <= tables
    finally:
        scenario.ctx.store = recording._store
