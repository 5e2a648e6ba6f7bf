"""The network's memory on the command line, as a coordinator uses it: real processes on a real store file."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "INTEGRA_DB": str(db)}
    env.pop("INTEGRA_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "integra_tui", *args], capture_output=True, text=True, env=env, timeout=60
    )


def ok(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(db: Path, *args: str) -> str:
    result = run(db, *args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    return line


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A store with the demo and its quarter before (as `integra-tui demo` makes it when it opens)."""
    db = tmp_path_factory.mktemp("network") / "store.json"
    out = ok(db, "demo", "--no-open", "--history")
    assert "40 Eingeladene" in out
    return db


@pytest.fixture()
def db(demo: Path, tmp_path: Path) -> Path:
    """A copy of the demo store for one test."""
    copy = tmp_path / "store.json"
    copy.write_bytes(demo.read_bytes())
    return copy


def test_demo_with_history_is_made_once(db: Path) -> None:
    ok(db, "demo", "--no-open", "--history")
    listing = ok(db, "meeting", "list")
    assert listing.count("INTEGRA-Netzwerktreffen (Demo, voriges Quartal)") == 1


def test_needs_list_set_match_and_action(db: Path) -> None:
    listing = ok(db, "needs", "list")
    assert "Zugewandert: Begleitung zu Terminen bei der Ausländerbehörde" in listing
    assert "↔ Angebot 7: Ehrenamtlich: Begleitung zu Behördengängen, dienstags" in listing
    assert "→ Aufgabe 10: Kita-Plätze für Kursteilnehmende anfragen" in listing
    assert ok(db, "needs", "list", "--status", "gedeckt").count("\n") == 2  # the need and its comment
    assert "Bedarf 3 ist jetzt: gedeckt." in ok(db, "needs", "set", "3", "gedeckt", "--comment", "Begleitung läuft")
    assert "Bedarf 3 ist jetzt: in Arbeit." in ok(
        db, "--lang", "de", "needs", "set", "3", "in_progress", "--owner", "Jobcenter"
    )
    assert refused(db, "needs", "set", "3", "in Arbeit").startswith("Fehler: Der Bedarf ist schon „in Arbeit“")
    assert refused(db, "needs", "set", "3", "vielleicht").startswith("Fehler: Unbekannter Status für einen Bedarf")
    assert "Need 3 is now: in progress." in ok(db, "--lang", "en", "needs", "set", "3", "--topic", "Behörden")
    out = ok(
        db, "needs", "add", "Sprachkurs am Abend", "--group", "Zugewandert", "--topic", "Sprache", "--meeting", "1"
    )
    need = int(out.split()[1])
    assert "Angebote zum Thema dieses Bedarfs:" in ok(db, "needs", "match", str(need))
    assert "sind zusammengeführt" in ok(db, "needs", "match", str(need), "9")
    assert refused(db, "needs", "match", str(need), "7").startswith(
        "Fehler: Bedarf und Angebot haben verschiedene Themen"
    )
    assert "Aufgabe" in ok(db, "needs", "action", str(need), "--owner", "VHS", "--due", "15.01.2027")
    # The due date is typed as in the forms, and what was understood is said; unclear is asked, not guessed.
    assert "Fällig: " in ok(db, "needs", "action", str(need), "--owner", "VHS", "--due", "in 2 Wochen")
    assert "letzter Werktag im Januar" in ok(db, "needs", "action", str(need), "--owner", "VHS", "--due", "Ende Januar")
    assert refused(db, "needs", "action", str(need), "--owner", "VHS", "--due", "nächsten Freitag").startswith(
        "Fehler: Ist der "
    )
    assert "→ Aufgabe" in ok(db, "needs", "list", "--topic", "Sprache")


def test_needs_set_refused_changes_nothing_and_says_what_it_set(db: Path) -> None:
    """Exit 1 means nothing was changed: a status kept without a comment leaves the owner and topic typed with it
    as they were; done, it says who takes care now and the topic."""
    # Its topic's offer is paired with it already: said so, not "no offer"
    assert ok(db, "needs", "match", "3").strip() == (
        "Kein weiteres Angebot zum Thema dieses Bedarfs (zusammengeführt mit Angebot 7)."
    )
    before = ok(db, "needs", "list", "--status", "offen")
    assert "Behörden" in before and "kümmert sich: Marta Nowak" not in before
    assert refused(db, "needs", "set", "3", "offen", "--owner", "Marta Nowak", "--topic", "Arbeit").startswith(
        "Fehler: Der Bedarf ist schon „offen“"
    )
    assert ok(db, "needs", "list", "--status", "offen") == before
    out = ok(db, "needs", "set", "3", "--owner", "Marta Nowak", "--topic", "Arbeit")
    assert out.splitlines() == ["Bedarf 3 ist jetzt: offen.", "Kümmert sich: Marta Nowak", "Thema: Arbeit"]
    assert "Nobody takes care of it yet." in ok(db, "--lang", "en", "needs", "set", "3", "--owner", "")


def test_needs_report_and_offers(db: Path, tmp_path: Path) -> None:
    out = ok(db, "needs", "report")
    assert "3. Quartal" in out and "Wohnen: 1 neu, 0 in Arbeit, 0 gedeckt, 1 nicht möglich, 0 offen" in out
    ok(db, "needs", "report", "--out", str(tmp_path / "bedarfe.csv"))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "bedarfe.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert {"Quartal", "Thema", "Neu erfasst", "Gedeckt", "Nicht möglich"} <= set(rows[0])
    offers = ok(db, "needs", "offers")
    assert "↔ Bedarf 2: Zugewandert: Fahrradwerkstatt für Jugendliche" in offers
    assert "Angebot" in ok(db, "needs", "offer", "Werkzeug leihen", "--group", "Interessiert", "--topic", "Mobilität")
    topics = ok(db, "--lang", "en", "needs", "topics", "--add", "Nachbarschaft")
    assert topics.splitlines()[-2:] == ["Nachbarschaft", "Other"] and "Housing" in topics
    ok(db, "--lang", "en", "needs", "report", "--out", str(tmp_path / "needs.csv"))
    header = (tmp_path / "needs.csv").read_bytes().decode("utf-8-sig").splitlines()[0]
    assert header.split(";")[:3] == ["Quarter", "Topic", "New"]  # a column's name, as every other one


def test_questions_answer_and_handout(db: Path, tmp_path: Path) -> None:
    listing = ok(db, "questions", "list", "--open")
    assert "Wie werden ausländische Berufsabschlüsse anerkannt? (Zugewandert, " in listing
    assert "Frage 13 ist beantwortet." in ok(
        db,
        "questions",
        "answer",
        "13",
        "Über die IHK-Anerkennungsberatung.",
        "--by",
        "Claudia Neumann",
        "--meeting",
        "1",
    )
    assert "offen" not in ok(db, "questions", "list", "--answered").split("beantwortet")[0]
    out = ok(db, "questions", "handout", "--out", str(tmp_path / "fragen.md"))
    assert out.strip() == f"3 beantwortete Fragen in {tmp_path / 'fragen.md'}."
    text = (tmp_path / "fragen.md").read_text(encoding="utf-8")
    assert text.startswith("# Fragen und Antworten aus dem Netzwerk") and "## Arbeit" in text
    assert "(gefragt von: Zugewandert)" in text
    ok(db, "questions", "handout", "--out", str(tmp_path / "fragen.pdf"))
    assert (tmp_path / "fragen.pdf").read_bytes().startswith(b"%PDF")
    assert "Question" in ok(db, "--lang", "en", "questions", "add", "Wo gibt es Hilfe?", "--group", "volunteers")


def test_topics_wish_plan_and_letter(db: Path, tmp_path: Path) -> None:
    listing = ok(db, "topics", "list")
    assert listing.splitlines()[0].split()[1:3] == ["15", "Hände"] and "geplant für" in listing
    wish = int(ok(db, "topics", "wish", "Freizeit für Familien", "--hands", "7", "--meeting", "1").split()[1])
    assert "3 Hände" in ok(db, "topics", "hands", str(wish), "3")
    assert refused(db, "topics", "hands", str(wish), "viele").startswith("Fehler: „viele“ nicht verstanden")
    ok(db, "meeting", "add", "--title", "Frühjahr", "--date", "2027-03-02", "--place", "MGH")
    out = ok(
        db,
        "topics",
        "plan",
        "--meeting",
        "3",
        "--wish",
        str(wish),
        "--new-speaker",
        "Dr. Selma Yılmaz",
        "--organisation",
        "Gesundheitsamt",
        "--minutes",
        "20",
    )
    assert "Thema: Freizeit für Familien" in out and "Referent/in: Dr. Selma Yılmaz (Gesundheitsamt), 20 Min." in out
    assert "Dr. Selma Yılmaz" in ok(db, "topics", "plans")
    letter = ok(
        db, "topics", "letter", "--meeting", "3", "--out", str(tmp_path / "brief.pdf"), "--sender", "Katrin Vogel"
    )
    assert "Einladung an Dr. Selma Yılmaz" in letter and (tmp_path / "brief.pdf").read_bytes().startswith(b"%PDF")
    ok(db, "meeting", "add", "--title", "Sommer", "--date", "2027-06-02")
    assert refused(db, "topics", "letter", "--meeting", "4").startswith("Fehler: Für dieses Treffen ist noch keine")


def test_decisions_votes(db: Path) -> None:
    assert "Abstimmung: ja 17, nein 0, Enthaltung 2" in ok(db, "decisions", "list", "--meeting", "2")
    assert "Beschluss 1: Abstimmung: ja 12, nein 3, Enthaltung 4." in ok(db, "decisions", "votes", "1", "12", "3", "4")
    assert "ohne Abstimmungsergebnis" in ok(db, "decisions", "votes", "1")
    assert refused(db, "decisions", "votes", "2", "1", "1", "1").startswith("Fehler: Ein Abstimmungsergebnis gehört")


def test_contacts_consent_list_withdraw_and_volunteers(db: Path, tmp_path: Path) -> None:
    out = ok(
        db, "contacts", "consent", "Claudia Neumann", "--offer", "Anerkennungsberatung", "--reach", "email,telefon"
    )
    assert out.startswith("Claudia Neumann: Einwilligung in die Kontaktliste am ")
    listing = ok(db, "contacts", "list")
    assert "Claudia Neumann (IHK Eichwald-Lindenfeld)" in listing and "c.neumann@example.de; 0151 5550138" in listing
    ok(db, "contacts", "list", "--out", str(tmp_path / "kontakte.csv"))
    assert "Claudia Neumann" in (tmp_path / "kontakte.csv").read_text(encoding="utf-8-sig")
    assert "widerrufen" in ok(db, "contacts", "withdraw", "Claudia Neumann")
    assert "Claudia" not in ok(db, "contacts", "list")
    assert refused(db, "contacts", "withdraw", "Claudia Neumann").startswith("Fehler: Diese Person steht nicht")
    shown = json.loads(ok(db, "privacy", "show", "Claudia Neumann", "--format", "json"))
    assert "widerrufen" in shown["contact_list_consents"][0]["summary"]
    waiting = ok(db, "contacts", "volunteers")
    assert "Selin Çelik [Interessiert]" in waiting and "Werner" not in waiting
    assert "kontaktiert von Sabine Kröger" in ok(db, "contacts", "contacted", "1", "--by", "Sabine Kröger")
    assert ok(db, "contacts", "volunteers").strip() == "Niemand wartet auf einen Anruf."
    assert "möchte sich engagieren" in ok(db, "contacts", "volunteer", "Jonas Becker", "--what", "Gartenarbeit")


def test_forget_takes_a_person_out_of_the_networks_memory(db: Path) -> None:
    ok(db, "privacy", "forget", "Sabine Kröger", "--yes")
    assert "Sabine" not in ok(db, "contacts", "list") and "Sabine" not in ok(db, "needs", "list")
    assert "Sabine" not in ok(db, "contacts", "volunteers", "--all")


def test_welcome_and_agenda_titles(db: Path) -> None:
    assert ok(db, "welcome", "Олена Коваленко").splitlines() == [
        "Herzlich willkommen  (Deutsch)",
        "Ласкаво просимо  (Ukrainisch)",
        "Добро пожаловать  (Russisch)",
    ]
    assert ok(db, "--lang", "en", "welcome", "--languages", "Tigrinya, xx").splitlines() == [
        "Herzlich willkommen  (German)",
        "እንቋዕ ብደሓን መጻእኩም  (Tigrinya)",
    ]
    out = ok(db, "agenda", "titles", "1", "ar=مرحباً بكم", "uk=Вітання")
    assert out.strip() == "Titel in weiteren Sprachen: ar: مرحباً بكم, uk: Вітання"
    assert "ar: مرحباً بكم" in ok(db, "agenda", "list", "--meeting", "1")
    assert refused(db, "agenda", "titles", "1", "de=Begrüßung").startswith("Fehler: Der deutsche Titel")
    assert run(db, "needs", "frobnicate").returncode == 2


def test_a_walk_in_with_a_known_name_is_refused_until_the_helper_says_who_it_is(tmp_path: Path) -> None:
    """``walkin``: a known name is never silently someone else's record (two people can share a name)."""
    from datetime import date

    from integra_tui.domain.models import Person
    from integra_tui.services.context import open_context
    from integra_tui.services.meetings import add_meeting
    from integra_tui.services.people import add_person

    db = tmp_path / "store.json"
    ctx = open_context(db)
    meeting = add_meeting(ctx, "Netzwerktreffen", date(2026, 12, 1))
    known = add_person(ctx, Person(name="Mohammed Ali", group="Zugewandert", organisation="Sprachcafé", phone="0170 1"))
    ctx.close()
    where = ("--meeting", str(meeting.id))

    line = refused(db, "walkin", "mohammed ali", "--group", "Ehrenamtlich", *where)
    assert f"Nr. {known.id}: Mohammed Ali (Zugewandert, Sprachcafé)" in line
    assert "--same-as" in line and "--new" in line and "0170" not in line
    new = ok(db, "walkin", "Mohammed Ali", "--group", "Ehrenamtlich", "--organisation", "Tafel", "--new", *where)
    assert "Mohammed Ali (Ehrenamtlich)" in new and "01.12.2026" in new
    ok(db, "walkin", "Mohammed Ali", "--group", "Ehrenamtlich", "--same-as", str(known.id), *where)

    ctx = open_context(db)
    try:
        people = sorted((p["id"], p["group"], p["organisation"]) for p in ctx.store.all("persons"))
        assert people == [(known.id, "Zugewandert", "Sprachcafé"), (known.id + 1, "Ehrenamtlich", "Tafel")]
        checked_in = sorted(d["person_id"] for d in ctx.store.find("checkins", "meeting_id", meeting.id))
        assert checked_in == [known.id, known.id + 1]
    finally:
        ctx.close()
