"""Exports of a meeting that was really run: every file parsed back and its numbers checked against the store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from icalendar import Calendar
from openpyxl import load_workbook

from integra_tui.cli import main
from integra_tui.services.context import ServiceError
from integra_tui.services.exports import ExportRequest, run_export


def _export(scenario, tmp_path: Path, kind: str, fmt: str, **options) -> Path:
    result = run_export(
        scenario.ctx,
        ExportRequest(
            kind=kind,
            format=fmt,
            meeting_id=options.pop("meeting_id", scenario.second),
            folder=tmp_path / "out",
            **options,
        ),
    )
    assert len(result.paths) == 1
    return result.paths[0]


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(path.read_bytes())
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def _active_captures(scenario, kinds) -> list[dict]:
    return [
        d
        for d in scenario.ctx.store.find("captures", "meeting_id", scenario.second)
        if d["kind"] in kinds and not d.get("removed_at")
    ]


@pytest.mark.parametrize("dialect", ["de", "international"])
def test_actions_csv_lists_every_action_decision_and_need_of_the_meeting(scenario, tmp_path, dialect) -> None:
    path = _export(scenario, tmp_path, "actions", "csv", dialect=dialect)
    assert path.name == "Aufgaben_2026-11-27.csv"
    encoding, delimiter = ("utf-8-sig", ";") if dialect == "de" else ("utf-8", ",")
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode(encoding)), delimiter=delimiter))
    stored = _active_captures(scenario, ("action", "decision", "need"))
    assert sorted(int(r["Nr."]) for r in rows) == sorted(d["id"] for d in stored)
    praktika = next(r for r in rows if r["Text"] == "Praktikumsplätze sammeln")
    assert praktika["Verantwortlich"] == "Олена Коваленко"
    assert praktika["Fällig"] == ("15.01.2027" if dialect == "de" else "2027-01-15")
    assert (
        praktika["Tagesordnungspunkt"] == "Vortrag: Integration in den Arbeitsmarkt" and praktika["Status"] == "offen"
    )
    formula = next(r for r in rows if "1+1" in r["Text"])
    assert formula["Text"] == "'=1+1 prüfen" and formula["Verantwortlich"] == "'@team"


def test_actions_xlsx_keeps_the_formula_text_as_text(scenario, tmp_path) -> None:
    path = _export(scenario, tmp_path, "actions", "xlsx")
    sheet = load_workbook(path)["Aufgaben"]
    texts = {sheet.cell(row=r, column=3).value: sheet.cell(row=r, column=3) for r in range(2, sheet.max_row + 1)}
    assert texts["=1+1 prüfen"].data_type == "s"
    assert sheet.max_row - 1 == len(_active_captures(scenario, ("action", "decision", "need")))


def test_actions_ics_has_one_event_per_action_item_with_a_due_date(scenario, tmp_path) -> None:
    path = _export(scenario, tmp_path, "actions", "ics")
    events = list(Calendar.from_ical(path.read_bytes()).walk("VEVENT"))
    due = [d for d in _active_captures(scenario, ("action",)) if d.get("due")]
    assert sorted(e["DTSTART"].dt.isoformat() for e in events) == sorted(d["due"] for d in due)
    again = Calendar.from_ical(_export(scenario, tmp_path, "actions", "ics").read_bytes())
    assert {str(e["UID"]) for e in again.walk("VEVENT")} == {str(e["UID"]) for e in events}


def test_actions_json_and_md_carry_the_same_items(scenario, tmp_path) -> None:
    data = json.loads(_export(scenario, tmp_path, "actions", "json").read_text(encoding="utf-8"))
    assert data["meeting"]["date"] == "2026-11-27"
    assert {item["kind"] for item in data["items"]} == {"action", "decision", "need"}
    assert len(data["items"]) == len(_active_captures(scenario, ("action", "decision", "need")))
    markdown = _export(scenario, tmp_path, "actions", "md").read_text(encoding="utf-8")
    assert "## Aufgaben (3)" in markdown and "## Beschlüsse (1)" in markdown and "## Bedarfe (1)" in markdown


def test_actions_of_all_meetings(scenario, tmp_path) -> None:
    result = run_export(scenario.ctx, ExportRequest(kind="actions", format="json", all_meetings=True, folder=tmp_path))
    items = json.loads(result.paths[0].read_text(encoding="utf-8"))["items"]
    assert {item["meeting_id"] for item in items} == {scenario.first, scenario.second}


def test_minutes_markdown_matches_the_meeting(scenario, tmp_path) -> None:
    text = _export(scenario, tmp_path, "minutes", "md").read_text(encoding="utf-8")
    assert "5 von 7 Eingeladenen anwesend, dazu 1 ohne Einladung; insgesamt 6 Personen." in text
    # Per group: invited, of them present, walk-ins, present in all.
    assert "| Gruppe | Eingeladen | davon anwesend | ohne Einladung | anwesend zusammen |" in text
    assert "| Zugewandert | 2 | 2 | 0 | 2 |" in text and "| Referent/in | 1 | 0 | 0 | 0 |" in text
    assert "| Interessiert | 1 | 1 | 1 | 2 |" in text  # Emre Aksoy came without an invitation
    assert "### TOP 1: Begrüßung – Katrin Vogel" in text
    assert "geplant 10 Min. (mit Änderungen 13 Min.), tatsächlich 13:00 Min." in text
    assert "3 Min. mehr, aus dem Zeitpuffer des Treffens" in text
    assert "5 Min. mehr, genommen von TOP 3 „Austausch im Ehrenamt“" in text
    assert "geplant 20 Min. (mit Änderungen 15 Min.), tatsächlich 15:00 Min." in text
    assert "nicht begonnen – übersprungen" in text
    assert "| Kommune | 4:00 Min. | 44 % |" in text and "| Zugewandert | 3:00 Min. | 33 % |" in text
    assert (
        "Raum für das Sprachcafé klären – aus dem Treffen vom 27.08.2026" in text
        and "jetzt: erledigt (Raum 2 ab Januar)" in text
    )
    assert "jetzt: offen (Druckerei angefragt)" in text
    assert "Protokoll verschicken" not in text  # done before this meeting: not an open item any more
    assert "Jürgen Müller" not in text.split("## Tagesordnung")[0]  # no names without --with-names
    with_names = _export(scenario, tmp_path, "minutes", "md", with_names=True).read_text(encoding="utf-8")
    assert "- **Zugewandert:** Олена Коваленко, ሳምራዊት ተኽለ" in with_names


def test_minutes_html_and_pdf(scenario, tmp_path) -> None:
    page = _export(scenario, tmp_path, "minutes", "html").read_text(encoding="utf-8")
    assert "<h2>Redezeit nach Gruppen</h2>" in page and "Sprachcafé ab Januar monatlich" in page
    text = _pdf_text(_export(scenario, tmp_path, "minutes", "pdf"))
    assert (
        "Protokoll: INTEGRA-Netzwerktreffen" in text
        and "Praktikumsplätze sammeln" in text
        and "Олена Коваленко" in text
    )


def test_attendance_csv_lists_who_came_how_and_when(scenario, tmp_path) -> None:
    path = _export(scenario, tmp_path, "attendance", "csv")
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    present = {
        d["person_id"]
        for d in scenario.ctx.store.find("checkins", "meeting_id", scenario.second)
        if not d.get("undone_at")
    }
    assert len(rows) == len(present) == 6
    mueller = next(r for r in rows if r["Nachname"] == "Müller")
    assert (mueller["Vorname"], mueller["Gruppe"], mueller["Check-in"], mueller["Art des Check-ins"]) == (
        "Jürgen",
        "Kommune",
        "27.11.2026 16:43",
        "Scan",
    )
    assert next(r for r in rows if r["Nachname"] == "Aksoy")["Art des Check-ins"] == "spontan"
    assert next(r for r in rows if r["Nachname"] == "Коваленко")["Art des Check-ins"] == "Suche"
    assert not any(r["Nachname"] == "Neumann" for r in rows)  # her check-in was undone


def test_attendance_xlsx_and_pdf(scenario, tmp_path) -> None:
    sheet = load_workbook(_export(scenario, tmp_path, "attendance", "xlsx"))["Teilnehmerliste"]
    assert sheet.max_row == 7
    text = _pdf_text(_export(scenario, tmp_path, "attendance", "pdf"))
    assert (
        "Unterschrift" in text
        and "Müller" in text
        and "ተኽለ" in text
        and "Ort: Mehrgenerationenhaus, Großer Saal" in text
    )


def test_stats_csv_and_md(scenario, tmp_path) -> None:
    result = run_export(
        scenario.ctx, ExportRequest(kind="stats", format="csv", folder=tmp_path, dialect="international")
    )
    rows = list(csv.DictReader(io.StringIO(result.paths[0].read_text(encoding="utf-8"))))
    second = next(r for r in rows if r["Datum"] == "2026-11-27" and r["Gruppe"] == "alle")
    assert (
        second["Eingeladen"],
        second["Anwesend"],
        second["Ohne Einladung"],
        second["Erstmals"],
        second["Wiederkehrend"],
    ) == ("7", "6", "1", "4", "2")
    total = next(r for r in rows if r["Treffen"].startswith("Gesamt") and r["Gruppe"] == "alle")
    assert (total["Anwesend"], total["Verschiedene Personen"], total["Erstmals"]) == ("9", "7", "7")
    markdown = (
        run_export(scenario.ctx, ExportRequest(kind="stats", format="md", folder=tmp_path))
        .paths[0]
        .read_text(encoding="utf-8")
    )
    assert "| 27.11.2026 | INTEGRA-Netzwerktreffen | alle | 7 | 6 | 1 | 4 | 2 | 6 |" in markdown


def test_report_folder_has_the_eight_files_for_the_funder(scenario, tmp_path) -> None:
    result = run_export(
        scenario.ctx, ExportRequest(kind="report", meeting_id=scenario.second, out=tmp_path / "Bericht")
    )
    names = sorted(p.name for p in (tmp_path / "Bericht").iterdir())
    assert names == [
        "Aufgaben_2026-11-27.csv",
        "Aufgaben_2026-11-27.ics",
        "Bedarfe_2026-11-27.csv",
        "Bedarfe_und_Angebote_2026-11-27.csv",
        "Netzwerk_2026-11-27.csv",
        "Protokoll_2026-11-27.pdf",
        "Statistik_2026-11-27.csv",
        "Teilnehmerliste_2026-11-27.pdf",
    ]
    assert len(result.paths) == 8
    assert "Teilnehmerliste" in _pdf_text(tmp_path / "Bericht" / "Teilnehmerliste_2026-11-27.pdf")
    stats = list(
        csv.DictReader(
            io.StringIO((tmp_path / "Bericht" / "Statistik_2026-11-27.csv").read_bytes().decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert {r["Datum"] for r in stats if not r["Treffen"].startswith("Gesamt")} == {"27.11.2026"}


def test_engagement_confirmation(scenario, tmp_path) -> None:
    result = run_export(scenario.ctx, ExportRequest(kind="engagement", format="pdf", person="Олена", folder=tmp_path))
    text = _pdf_text(result.paths[0])
    assert (
        "Олена Коваленко" in text
        and "27.08.2026" in text
        and "27.11.2026" in text
        and "Verantwortlich für 1 Aufgabe" in text
    )
    markdown = run_export(
        scenario.ctx,
        ExportRequest(kind="engagement", format="md", person=str(scenario.people["Jürgen Müller"]), folder=tmp_path),
    )
    assert "1 Redebeitrag am 27.11.2026" in markdown.paths[0].read_text(encoding="utf-8")


def test_format_from_the_file_name_and_refusals(scenario, tmp_path) -> None:
    result = run_export(
        scenario.ctx, ExportRequest(kind="minutes", out=tmp_path / "p.html", meeting_id=scenario.second)
    )
    assert result.paths[0].read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    with pytest.raises(ServiceError, match="Das Format docx gibt es für minutes nicht"):
        run_export(scenario.ctx, ExportRequest(kind="minutes", format="docx"))
    with pytest.raises(ServiceError, match="Person"):
        run_export(scenario.ctx, ExportRequest(kind="engagement", format="pdf"))


def test_a_failing_export_leaves_the_good_file_alone(scenario, tmp_path, monkeypatch) -> None:
    target = tmp_path / "Protokoll.pdf"
    run_export(scenario.ctx, ExportRequest(kind="minutes", format="pdf", out=target, meeting_id=scenario.second))
    good = target.read_bytes()

    class Broken(Exception):
        pass

    import integra_tui.io.atomic as atomic

    real_replace = atomic.os.replace

    def fail(*args, **kwargs):
        raise Broken("disk full")

    monkeypatch.setattr(atomic.os, "replace", fail)
    with pytest.raises(Broken):
        run_export(
            scenario.ctx,
            ExportRequest(kind="minutes", format="pdf", out=target, meeting_id=scenario.second, with_names=True),
        )
    monkeypatch.setattr(atomic.os, "replace", real_replace)
    assert target.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_progress_is_reported_up_to_done(scenario, tmp_path) -> None:
    seen: list[float] = []
    run_export(
        scenario.ctx,
        ExportRequest(kind="report", meeting_id=scenario.second, out=tmp_path / "r"),
        lambda share, label: seen.append(share),
    )
    assert seen == sorted(seen) and seen[-1] == 1.0 and len(seen) >= 5


def test_command_line_export(scenario, tmp_path, capsys) -> None:
    db = str(scenario.ctx.path)
    scenario.ctx.close()
    out = tmp_path / "a.csv"
    assert (
        main(
            [
                "export",
                "actions",
                "--meeting",
                str(scenario.second),
                "--format",
                "csv",
                "--dialect",
                "international",
                "--out",
                str(out),
                "--db",
                db,
            ]
        )
        == 0
    )
    assert "3 Aufgaben (und 2 weitere Einträge)" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("Nr.,Art,Text")
    assert main(["export", "engagement", "--db", db]) == 1
    assert "Bitte eine Person angeben" in capsys.readouterr().err
    assert (
        main(
            [
                "export",
                "stats",
                "--from",
                "01.01.2026",
                "--to",
                "2026-12-31",
                "--out",
                str(tmp_path / "s.md"),
                "--db",
                db,
            ]
        )
        == 0
    )
    assert "Statistik über 2 Treffen" in capsys.readouterr().out


def test_json_calendar_and_pdf_hold_no_control_characters_of_texts_stored_before_input_was_cleaned(
    scenario, tmp_path
) -> None:
    """An old store (or another program) holds an action item with ESC, BEL and an OSC link in text and owner."""
    from datetime import date

    from integra_tui.domain.text import has_controls
    from integra_tui.services import moderation

    moderation.add_capture(
        scenario.ctx, scenario.second, "action", "Flyer \x1b[31mdrucken\x07 \u202eheute",
        owner="Olena \x1b]8;;http://x\x07Kowalenko", due=date(2026, 12, 15),
    )  # fmt: skip
    stored = json.loads(_export(scenario, tmp_path, "actions", "json").read_text("utf-8"))
    [item] = [i for i in stored["items"] if i["text"].startswith("Flyer")]
    assert (item["text"], item["owner"]) == ("Flyer drucken heute", "Olena Kowalenko")
    assert not has_controls(json.dumps(stored, ensure_ascii=False))
    calendar = _export(scenario, tmp_path, "actions", "ics").read_bytes().decode("utf-8")
    assert not has_controls(calendar)
    [event] = [e for e in Calendar.from_ical(calendar).walk("VEVENT") if str(e["SUMMARY"]).startswith("Flyer")]
    assert str(event["SUMMARY"]) == "Flyer drucken heute (Olena Kowalenko)"
    text = _pdf_text(_export(scenario, tmp_path, "minutes", "pdf"))
    assert "Flyer drucken heute – Verantwortlich: Olena Kowalenko" in " ".join(text.split())
    assert not has_controls(text.replace("\r", ""))
