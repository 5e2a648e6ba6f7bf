"""DSGVO: right of access, forgetting a person everywhere with counts kept, purging those not seen for long."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from integra_tui.cli import main
from integra_tui.io.exports.letter import letter_markdown, letter_text
from integra_tui.records import codes, persons
from integra_tui.services import checkin, moderation, privacy
from integra_tui.services.checkin import Outcome
from integra_tui.services.context import ServiceError, open_context
from integra_tui.services.exports import minutes_doc
from integra_tui.services.organiser import set_organiser
from integra_tui.services.stats import range_stats


def _store_text(scenario) -> str:
    """Everything on disk (main file, journal, backup), with JSON's \\u escapes turned back into characters."""
    path = Path(scenario.ctx.path)
    texts = []
    for file in path.parent.glob(path.name + "*"):
        raw = file.read_bytes()
        try:
            texts.append(raw.decode("ascii").encode().decode("unicode_escape"))
        except UnicodeDecodeError:
            texts.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def test_show_lists_everything_stored_about_a_person(scenario) -> None:
    data = privacy.personal_data(scenario.ctx, scenario.people["Jürgen Müller"])
    assert data["person"]["email"] == "p0@example.org"
    assert {i["meeting_id"] for i in data["invitations"]} == {scenario.first, scenario.second}
    assert len(data["check_ins"]) == 2 and len(data["codes"]) == 2
    assert {c["text"] for c in data["action_items"]} == {"Raum für das Sprachcafé klären", "Einladungsliste erweitern"}
    assert data["speaker_entries"] and all(e["meeting"].startswith("2026-11-27") for e in data["speaker_entries"])
    neumann = privacy.personal_data(scenario.ctx, scenario.people["Claudia Neumann"])
    assert [i["title"] for i in neumann["presented_items"]] == ["Vortrag: Integration in den Arbeitsmarkt"]


def test_forget_removes_the_personal_data_everywhere_and_keeps_the_counts(scenario) -> None:
    ctx = scenario.ctx
    person_id = scenario.people["Jürgen Müller"]
    stats_before = range_stats(ctx)
    minutes_before = minutes_doc(ctx, scenario.second)
    invitation = next(
        d for d in ctx.store.find("invitees", "person_id", person_id) if d["meeting_id"] == scenario.second
    )
    assert "Jürgen" in _store_text(scenario)  # the check below can see a name where there is one
    report = privacy.forget_person(ctx, person_id)
    assert report.people == 1 and report.codes == 2 and report.captures == 2 and report.speaker_events == 1
    on_disk = _store_text(scenario)
    for personal in ("Jürgen", "Müller", "p0@example.org", "mueller", "Stadtverwaltung Lindenfeld"):
        assert personal not in on_disk, personal
    person = ctx.store.get("persons", person_id)
    assert person["name"] == "(gelöscht)" and person["forgotten"] and person["group"] == "Kommune"
    owners = {d["text"]: d["owner"] for d in ctx.store.all("captures")}
    assert owners["Raum für das Sprachcafé klären"] == "(gelöscht)"
    # Statistics and the minutes' counts do not change.
    assert range_stats(ctx).total == stats_before.total
    after = minutes_doc(ctx, scenario.second, with_names=True)
    assert (after.present, after.invited, after.groups) == (
        minutes_before.present,
        minutes_before.invited,
        minutes_before.groups,
    )
    assert after.speaking == minutes_before.speaking
    assert "(gelöscht)" in dict(after.names)["Kommune"]
    # The invitation no longer admits anyone.
    assert checkin.check_in_code(ctx, scenario.second, invitation["code"]).outcome is Outcome.UNKNOWN
    # Forgetting twice changes nothing.
    assert privacy.forget_person(ctx, person_id).people == 0


def test_forget_replaces_the_name_in_texts_and_presenters(scenario) -> None:
    ctx = scenario.ctx
    moderation.add_capture(ctx, scenario.second, "note", "Claudia Neumann schickt die Folien")
    privacy.forget_person(ctx, scenario.people["Claudia Neumann"])
    texts = [d["text"] for d in ctx.store.all("captures")]
    assert "(gelöscht) schickt die Folien" in texts
    presenters = [d["presenter"] for d in ctx.store.find("agenda_items", "meeting_id", scenario.second)]
    assert "(gelöscht) (IHK Eichwald-Lindenfeld)" in presenters


def test_purge_forgets_only_those_not_seen_since_the_date(scenario) -> None:
    ctx = scenario.ctx
    # Everyone here was created in August 2026; all but the walk-in were invited to the November meeting.
    assert privacy.purge_candidates(ctx, date(2026, 11, 27)) == []
    candidates = privacy.purge_candidates(ctx, date(2026, 11, 28))
    assert len(candidates) == len(scenario.people)
    scenario.clock.set(scenario.clock.now().replace(year=2028))
    report = privacy.purge(ctx, date(2026, 11, 28))
    assert report.people == len(scenario.people)
    assert all(d["forgotten"] for d in ctx.store.all("persons"))
    assert range_stats(ctx).total.present == 9


def test_command_line_privacy(scenario, tmp_path, capsys, monkeypatch) -> None:
    monkeypatch.setenv("INTEGRA_FAKE_NOW", "2026-12-02T10:00:00+01:00")
    db = str(scenario.ctx.path)
    scenario.ctx.close()
    assert main(["privacy", "show", "Олена", "--format", "json", "--db", db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["person"]["name"] == "Олена Коваленко"
    assert main(["privacy", "show", "Олена", "--out", str(tmp_path / "auskunft.md"), "--db", db]) == 0
    assert "- E-Mail: p1@example.org" in (tmp_path / "auskunft.md").read_text(encoding="utf-8")
    assert "Auskunft nach" in capsys.readouterr().out
    # Forget asks first; "n" keeps everything.
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    assert main(["privacy", "forget", "Олена", "--db", db]) == 1
    assert "nichts wurde gelöscht" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt="": "j")
    assert main(["privacy", "forget", "Олена", "--db", db]) == 0
    assert "Gelöscht: Person" in capsys.readouterr().out

    # Purge prints its plan and asks; without an answer (no terminal) nothing happens.
    def no_answer(prompt=""):
        raise EOFError

    monkeypatch.setattr("builtins.input", no_answer)
    assert main(["privacy", "purge", "--before", "2026-12-01", "--db", db]) == 1
    out = capsys.readouterr().out
    assert "waren seit dem 01.12.2026 nicht mehr da" in out and "Jürgen Müller" in out
    assert main(["privacy", "purge", "--before", "2026-12-01", "--yes", "--db", db]) == 0
    assert "Personen gelöscht" in capsys.readouterr().out


def test_a_purge_date_in_the_future_is_refused_and_forgets_nobody(scenario, capsys, monkeypatch) -> None:
    ctx = scenario.ctx
    scenario.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    with pytest.raises(ServiceError, match=r"Der 03\.12\.2026 liegt in der Zukunft.*bis heute \(02\.12\.2026\)"):
        privacy.purge(ctx, date(2026, 12, 3))
    with pytest.raises(ServiceError, match="in der Zukunft"):
        privacy.purge_candidates(ctx, date(2027, 3, 1))
    assert privacy.purge_candidates(ctx, date(2026, 12, 2))  # today itself is allowed
    monkeypatch.setenv("INTEGRA_FAKE_NOW", "2026-12-02T10:00:00+01:00")
    db = str(ctx.path)
    ctx.close()
    assert main(["privacy", "purge", "--before", "2027-03-01", "--yes", "--db", db]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("Fehler: Der 01.03.2027 liegt in der Zukunft.") and "Traceback" not in captured.err
    check = open_context(db)
    try:
        assert not any(p.forgotten for p in persons.living(check.store)) and persons.living(check.store)
    finally:
        check.close()


_INTERNAL_WORDS = (
    "person_id", "meeting_id", "invitee", "consent_", "walk_in", "created_at", "Nummer", "scan", "search",
    "active", "replaced", "revoked", "open", "done", "True", "False", "None", "{", "}", "\\", "**", "http",
)  # fmt: skip


def test_privacy_show_is_a_letter_with_plain_sentences_and_german_dates(scenario, tmp_path, capsys) -> None:
    ctx = scenario.ctx
    scenario.clock.set(datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    ctx.store.update("persons", scenario.people["Jürgen Müller"], {"email": "j_mueller@example.org", "phone": "0171 1"})
    set_organiser(ctx, name="Mehrgenerationenhaus Lindenfeld", contact="datenschutz@mgh-lindenfeld.de")
    letter = privacy.access_letter(ctx, scenario.people["Jürgen Müller"])
    text = letter_text(letter)
    for word in _INTERNAL_WORDS:
        assert word not in text, word
    assert "Guten Tag Jürgen Müller," in text and "Stand: 02.12.2026" in text
    assert "seit dem 27.08.2026" in text and "E-Mail: j_mueller@example.org" in text
    assert "Treffen am 27.11.2026 (INTEGRA-Netzwerktreffen): angekommen 27.11.2026 um 16:43 Uhr (Eingang 1, Scan)" in (
        " ".join(text.split())
    )
    assert "„Raum für das Sprachcafé klären“, aus dem Treffen am 27.08.2026 (INTEGRA-Netzwerktreffen)" in " ".join(
        text.split()
    )
    assert "Wozu:" in text and "Art. 15 DSGVO" in text and "datenschutz@mgh-lindenfeld.de" in text
    markdown = letter_markdown(letter)
    assert "- E-Mail: j_mueller@example.org" in markdown  # no escape where none is needed
    assert "\\" not in markdown and "**" not in markdown
    # Someone already forgotten gets no letter: nothing personal is left to tell.
    privacy.forget_person(ctx, scenario.people["Claudia Neumann"])
    with pytest.raises(ServiceError, match="gelöscht"):
        privacy.access_letter(ctx, scenario.people["Claudia Neumann"])


def _folder_text(scenario) -> str:
    """Every file in the store's folder (main, journal, backup, temp files), as text."""
    texts = []
    for file in Path(scenario.ctx.path).parent.iterdir():
        if file.is_file():
            raw = file.read_bytes()
            try:
                texts.append(raw.decode("ascii").encode().decode("unicode_escape"))
            except UnicodeDecodeError:
                texts.append(raw.decode("utf-8", errors="replace"))
    return "\n".join(texts)


def _half_forgotten(scenario) -> tuple[int, str]:
    """What an interrupted forget of the earlier app left: the person's record anonymised, nothing else.

    Their codes still admit, a note and the speakers' list still name them.
    """
    ctx = scenario.ctx
    person_id = scenario.people["Jürgen Müller"]
    moderation.add_capture(ctx, scenario.second, "note", "Jürgen Müller berichtet vom Asylverfahren")
    code = next(d["code"] for d in codes.stored_of_person(ctx.store, person_id) if d["status"] == codes.ACTIVE)
    persons.anonymise(ctx.store, person_id, ctx.now_iso())
    return person_id, code


def test_forgetting_again_finishes_an_interrupted_forget(scenario) -> None:
    ctx = scenario.ctx
    person_id, code = _half_forgotten(scenario)
    assert "Asylverfahren" in _folder_text(scenario) and "Jürgen Müller" in _folder_text(scenario)
    report = privacy.forget_person(ctx, person_id)
    assert report.already_forgotten == 1 and report.people == 0 and report.changed
    assert report.codes == 2 and report.speaker_events == 1 and report.captures >= 3
    on_disk = _folder_text(scenario)
    for personal in ("Jürgen", "Müller", "mueller"):
        assert personal not in on_disk, personal
    assert "(gelöscht) berichtet vom Asylverfahren" in on_disk
    assert checkin.check_in_code(ctx, scenario.second, code).outcome is Outcome.UNKNOWN
    again = privacy.forget_person(ctx, person_id)
    assert not again.changed and again.already_forgotten == 1


def test_forgetting_finishes_when_only_the_persons_record_was_left(scenario) -> None:
    """The new order: a forget cut short before its last step left only the person's own record."""
    ctx = scenario.ctx
    person_id = scenario.people["Олена Коваленко"]
    codes.revoke_of_person(ctx.store, person_id, ctx.now_iso())
    report = privacy.forget_person(ctx, person_id)
    assert report.people == 1 and report.codes == 0 and report.already_forgotten == 0
    assert persons.get(ctx.store, person_id).forgotten and "Олена" not in _folder_text(scenario)


def test_command_line_finishes_and_says_what_it_did(scenario, capsys) -> None:
    person_id, _code = _half_forgotten(scenario)
    db = str(scenario.ctx.path)
    scenario.ctx.close()
    assert main(["privacy", "forget", str(person_id), "--db", db]) == 0  # no question: it was decided before
    out = capsys.readouterr().out
    assert "schon als gelöscht markiert; jetzt nachgeholt" in out and "2 Codes ungültig" in out
    assert main(["privacy", "forget", str(person_id), "--db", db]) == 0
    assert "es war nichts mehr zu tun" in capsys.readouterr().out


def test_what_forgetting_did_is_said_in_singular_and_plural_in_both_languages() -> None:
    """One entry is "1 Eintrag", not "1 Einträge": the sentence a coordinator reads after ``privacy forget``."""
    from integra_tui import i18n
    from integra_tui.commands.privacy import _forget_summary

    one = privacy.ForgetReport(captures=1, speaker_events=1, agenda_items=1, codes=1, volunteer_marks=1, plans=1)
    two = privacy.ForgetReport(captures=2, speaker_events=0, agenda_items=2, codes=2, volunteer_marks=2, plans=2)
    assert _forget_summary(one) == (
        "1 Eintrag, 1 Wortmeldung und 1 Tagesordnungspunkt angepasst, 1 Code ungültig. "
        "1 Vermerk „möchte sich engagieren“ geleert; 1 geplanter Beitrag ohne Referent/in."
    )
    assert _forget_summary(two).startswith(
        "2 Einträge, 0 Wortmeldungen und 2 Tagesordnungspunkte angepasst, 2 Codes ungültig. 2 Vermerke"
    )
    i18n.set_language("en")
    try:
        assert _forget_summary(one) == (
            "1 entry, 1 request to speak and 1 agenda item changed, 1 code invalidated. "
            "1 “would like to volunteer” mark emptied; 1 planned talk without speaker."
        )
        assert _forget_summary(two).startswith("2 entries, 0 requests to speak and 2 agenda items changed, 2 codes")
    finally:
        i18n.set_language("de")
