"""Papers people sign and hand on: the sign-in list, calendar entries that say they changed, HTML for A4, confirmations.

On the export scenario (two meetings really run, on 27.08. and 27.11.2026; the clock stands on 02.12.2026).
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pypdfium2 as pdfium
import pytest
from icalendar import Calendar

from integra_tui.cli import main
from integra_tui.records import settings
from integra_tui.services import followup, moderation
from integra_tui.services.context import ServiceError, open_context
from integra_tui.services.exports import ExportRequest, run_export, signin_sheet, signin_sheet_table
from integra_tui.services.meetings import add_meeting
from integra_tui.services.organiser import organiser, set_organiser
from integra_tui.services.people import invite

BERLIN = ZoneInfo("Europe/Berlin")


def _events(path: Path) -> dict[str, dict]:
    return {str(e["SUMMARY"]).split(" (")[0]: e for e in Calendar.from_ical(path.read_bytes()).walk("VEVENT")}


def _ics(scenario, tmp_path: Path, name: str) -> dict[str, dict]:
    result = run_export(
        scenario.ctx, ExportRequest(kind="actions", format="ics", meeting_id=scenario.second, out=tmp_path / name)
    )
    return _events(result.paths[0])


# -- the sign-in list ------------------------------------------------------------------------------


def test_the_signin_list_before_the_doors_open(scenario) -> None:
    ctx = scenario.ctx
    set_organiser(
        ctx,
        name="Mehrgenerationenhaus Lindenfeld",
        address="Marktstraße 5, 12345 Lindenfeld",
        contact="datenschutz@mgh-lindenfeld.de",
        signatory="Katrin Vogel, Koordination",
    )
    winter = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 25), time(17, 0), place="MGH", topic="Wohnen")
    for name in ("Олена Коваленко", "Jürgen Müller", "احمد رحیمی", "Gisela Hartmann"):
        invite(ctx, winter.id, scenario.people[name])
    sheet = signin_sheet(ctx, winter.id)
    assert not sheet.after and sheet.blank_rows == 10
    assert [r.last_name for r in sheet.rows] == ["Hartmann", "Müller", "Коваленко", "رحیمی"]  # by last name
    assert [r.number for r in sheet.rows] == [1, 2, 3, 4]
    mueller = sheet.rows[1]
    assert (mueller.first_name, mueller.group, mueller.organisation, mueller.checked_in_at) == (
        "Jürgen",
        "Kommune",
        "Stadtverwaltung Lindenfeld",
        None,
    )
    assert (sheet.date, sheet.start, sheet.end, sheet.place, sheet.topic) == (
        date(2027, 2, 25),
        time(17, 0),
        time(19, 0),
        "MGH",
        "Wohnen",
    )
    assert sheet.organiser.address == "Marktstraße 5, 12345 Lindenfeld"
    assert "Mehrgenerationenhaus Lindenfeld verarbeitet Ihren Namen" in sheet.privacy_note
    assert "datenschutz@mgh-lindenfeld.de" in sheet.privacy_note and "Art. 13 DSGVO" in sheet.privacy_note
    assert sheet.confirmation == "Die Richtigkeit der Angaben bestätigt: Katrin Vogel, Koordination"
    table = signin_sheet_table(sheet)
    assert table.headers == ["Nr.", "Nachname", "Vorname", "Gruppe", "Organisation", "Unterschrift"]
    assert len(table.rows) == 14 and table.rows[-1] == [14, "", "", "", "", ""]
    assert all(row[-1] == "" for row in table.rows)  # the signature cells stay empty


def test_the_signin_list_after_the_meeting_has_the_check_in_times_and_the_walk_ins(scenario) -> None:
    sheet = signin_sheet(scenario.ctx, scenario.second)
    assert sheet.after and sheet.blank_rows == 0
    invited = [r for r in sheet.rows if not r.walk_in]
    assert len(invited) == 7 and [r.name for r in sheet.rows if r.walk_in] == ["Emre Aksoy"]
    times = {r.name: r.checked_in_at for r in sheet.rows}
    assert times["Jürgen Müller"] == datetime(2026, 11, 27, 16, 43, tzinfo=BERLIN)
    assert times["Claudia Neumann"] is None  # invited, her check-in was undone: the line stays, without a time
    assert (sheet.start, sheet.end) == (time(17, 2), time(17, 59))  # as the meeting really ran
    table = signin_sheet_table(sheet)
    assert table.headers[-2:] == ["Check-in", "Unterschrift"]


def test_signin_export_writes_csv_for_the_meeting_ahead(scenario, tmp_path) -> None:
    result = run_export(scenario.ctx, ExportRequest(kind="signin", format="csv", folder=tmp_path))
    assert result.paths[0].name == "Teilnehmerliste_Unterschriften_2026-11-27.csv"  # no later meeting: the latest
    rows = list(csv.reader(io.StringIO(result.paths[0].read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nr.", "Nachname", "Vorname", "Gruppe", "Organisation", "Check-in", "Unterschrift"]
    assert "Teilnehmerliste " in result.summary and "mit Check-in-Zeiten" in result.summary


def test_the_organiser_is_kept_and_checked(scenario, tmp_path) -> None:
    ctx = scenario.ctx
    assert not organiser(ctx).is_set
    set_organiser(ctx, name="  MGH   Lindenfeld ")
    set_organiser(ctx, contact="0171 123")
    assert (organiser(ctx).name, organiser(ctx).contact) == ("MGH Lindenfeld", "0171 123")
    with pytest.raises(ServiceError, match="zu lang"):
        set_organiser(ctx, address="x" * 201)
    other = open_context(ctx.path)
    try:
        assert organiser(other).name == "MGH Lindenfeld"
    finally:
        other.close()


def _pdf_pages(path: Path) -> list[str]:
    document = pdfium.PdfDocument(path.read_bytes())
    return [document[i].get_textpage().get_text_range() for i in range(len(document))]


def _winter(scenario):
    """A meeting ahead, with the organiser set and five people invited (two in Arabic and Ethiopic script)."""
    ctx = scenario.ctx
    set_organiser(
        ctx,
        name="Mehrgenerationenhaus Lindenfeld",
        address="Marktstraße 5, 12345 Lindenfeld",
        contact="datenschutz@mgh-lindenfeld.de",
        signatory="Katrin Vogel, Koordination",
    )
    winter = add_meeting(ctx, "INTEGRA-Netzwerktreffen", date(2027, 2, 25), time(17, 0), place="MGH", topic="Wohnen")
    for name in ("Олена Коваленко", "Jürgen Müller", "احمد رحیمی", "Gisela Hartmann", "ሳምራዊት ተኽለ"):
        invite(ctx, winter.id, scenario.people[name])
    return winter


def test_the_signin_pdf_to_sign_before_the_doors_open(scenario, tmp_path) -> None:
    winter = _winter(scenario)
    result = run_export(scenario.ctx, ExportRequest(kind="signin", meeting_id=winter.id, folder=tmp_path))
    path = result.paths[0]
    assert path.name == "Teilnehmerliste_Unterschriften_2027-02-25.pdf" and result.warnings == []  # PDF by default
    document = pdfium.PdfDocument(path.read_bytes())
    width, height = document[0].get_size()
    assert width > height  # A4 landscape: room for a signature
    pages = _pdf_pages(path)
    text = "\n".join(pages)
    for expected in (
        "Teilnehmerliste zum Unterschreiben",
        "Veranstalter: Mehrgenerationenhaus Lindenfeld, Marktstraße 5, 12345 Lindenfeld",
        "Veranstaltung: INTEGRA-Netzwerktreffen",
        "Thema: Wohnen",
        "Datum: 25.02.2027",
        "Beginn und Ende: 17:00 Uhr bis 19:00 Uhr (geplant)",
        "Ort: MGH",
        "Art. 13 DSGVO",
        "Die Richtigkeit der Angaben bestätigt: Katrin Vogel, Koordination",
        "Unterschrift des Veranstalters",
        "Ohne Einladung gekommen (bitte eintragen)",
    ):
        assert expected in text, expected
    flat = " ".join(text.split())
    assert "Nr. Nachname Vorname Gruppe Organisation Unterschrift" in flat and "Check-in" not in flat
    # Alphabetical by last name, with group and organisation; every name printed, Ethiopic included.
    assert (
        flat.index("Hartmann Gisela Ehrenamtlich")
        < flat.index("Müller Jürgen Kommune Stadtverwaltung")
        < (flat.index("Коваленко Олена Zugewandert"))
    )
    assert "ተኽለ ሳምራዊት Zugewandert" in flat and "احمد" in flat
    # Ten blank rows numbered on for those who come without an invitation, and page x of y on every page.
    tokens = flat[flat.index("bitte eintragen") :].split()
    assert all(str(n) in tokens for n in range(6, 16)) and "16" not in tokens
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page


def test_the_signin_pdf_after_the_meeting_has_check_in_times_and_the_walk_ins(scenario, tmp_path) -> None:
    out = tmp_path / "nachher.pdf"
    run_export(scenario.ctx, ExportRequest(kind="signin", format="pdf", meeting_id=scenario.second, out=out))
    flat = " ".join(" ".join(_pdf_pages(out)).split())
    assert "Teilnehmerliste mit Check-in-Zeiten" in flat and "Beginn und Ende: 17:02 Uhr bis 17:59 Uhr" in flat
    assert "Nr. Nachname Vorname Gruppe Organisation Check-in Unterschrift" in flat
    assert "Müller Jürgen Kommune Stadtverwaltung Lindenfeld 16:43" in flat
    assert "Neumann Claudia Referent/in IHK Eichwald-Lindenfeld –" in flat  # invited, not there: no time
    # The walk-in comes after the invited, under a line of their own; no blank rows are asked for.
    assert flat.index("Ohne Einladung gekommen") < flat.index("Aksoy Emre") and "bitte eintragen" not in flat
    assert flat.index("Коваленко") < flat.index("Ohne Einladung gekommen")


def test_the_signin_xlsx_prints_like_the_form(scenario, tmp_path) -> None:
    winter = _winter(scenario)
    out = tmp_path / "liste.xlsx"
    db = str(scenario.ctx.path)
    scenario.ctx.close()
    assert (
        main(["export", "signin", "--meeting", str(winter.id), "--format", "xlsx", "--out", str(out), "--db", db]) == 0
    )
    sheet = openpyxl.load_workbook(out).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Nr.", "Nachname", "Vorname", "Gruppe", "Organisation", "Unterschrift"]
    assert rows[1][:5] == [1, "Hartmann", "Gisela", "Ehrenamtlich", "Besuchsdienst St. Marien"]
    assert rows[1][5] is None and [row[0] for row in rows[1:16]] == list(range(1, 16))  # 5 invited, 10 blank
    notes = [row[0] for row in rows[16:] if row[0]]
    assert "Veranstalter: Mehrgenerationenhaus Lindenfeld, Marktstraße 5, 12345 Lindenfeld" in notes[0]
    assert "Beginn und Ende: 17:00 Uhr bis 19:00 Uhr (geplant)" in notes[0] and "Thema: Wohnen" in notes[0]
    assert "Art. 13 DSGVO" in notes[1] and "Katrin Vogel, Koordination" in notes[2]
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.fitToWidth == 1
    assert sheet.oddFooter.right.text == "Seite &P von &N" and "25.02.2027" in sheet.oddHeader.left.text
    assert sheet.row_dimensions[2].height == 30  # room to sign


# -- the calendar ----------------------------------------------------------------------------------


def test_calendar_entries_say_when_an_item_changed(scenario, tmp_path) -> None:
    ctx = scenario.ctx
    first = _ics(scenario, tmp_path, "eins.ics")
    praktika = first["Praktikumsplätze sammeln"]
    assert int(praktika["SEQUENCE"]) == 0
    assert praktika["LAST-MODIFIED"].dt == datetime(2026, 11, 27, 16, 44, tzinfo=ZoneInfo("UTC"))
    # The owner changes the due date, and the next day marks it done.
    scenario.clock.set(datetime(2026, 12, 2, 11, 0, tzinfo=BERLIN))
    moderation.update_capture(
        ctx, scenario.captures["praktika"], text="Praktikumsplätze sammeln", owner="Олена Коваленко",
        due=date(2027, 1, 22),
    )  # fmt: skip
    second = _ics(scenario, tmp_path, "zwei.ics")["Praktikumsplätze sammeln"]
    assert int(second["SEQUENCE"]) == 1 and second["LAST-MODIFIED"].dt.hour == 10  # 11:00 in Berlin
    assert second["DTSTART"].dt == date(2027, 1, 22) and str(second["UID"]) == str(praktika["UID"])
    scenario.clock.set(datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN))
    followup.set_status(ctx, scenario.captures["praktika"], "done", "", scenario.second)
    done = _ics(scenario, tmp_path, "drei.ics")["Erledigt: Praktikumsplätze sammeln"]
    assert int(done["SEQUENCE"]) == 2 and str(done["STATUS"]) == "CONFIRMED"
    # Saving the form unchanged is no change a calendar has to pick up.
    moderation.update_capture(
        ctx, scenario.captures["praktika"], text="Praktikumsplätze sammeln", owner="Олена Коваленко",
        due=date(2027, 1, 22),
    )  # fmt: skip
    assert int(_ics(scenario, tmp_path, "vier.ics")["Erledigt: Praktikumsplätze sammeln"]["SEQUENCE"]) == 2


def test_calendar_uids_name_the_installation(scenario, tmp_path) -> None:
    uid = str(_ics(scenario, tmp_path, "a.ics")["Praktikumsplätze sammeln"]["UID"])
    store_id = settings.store_id(scenario.ctx.store)
    assert (
        len(store_id) == 16
        and uid == f"integra-action-{store_id}-{scenario.second}-{scenario.captures['praktika']}@integra-tui"
    )
    other = open_context(scenario.ctx.path)  # kept in the store: the same id in another process
    try:
        assert settings.store_id(other.store) == store_id
    finally:
        other.close()
    elsewhere = open_context(tmp_path / "anderes-haus.json")
    try:
        assert settings.store_id(elsewhere.store) != store_id
    finally:
        elsewhere.close()


# -- HTML, confirmations ---------------------------------------------------------------------------


def test_html_minutes_print_on_a4_and_arabic_names_keep_their_order(scenario, tmp_path) -> None:
    ctx = scenario.ctx
    from integra_tui.services.checkin import register_walk_in

    register_walk_in(ctx, scenario.second, "فاطمه حسینی", "Ehrenamtlich")
    page = (
        run_export(
            ctx,
            ExportRequest(kind="minutes", format="html", meeting_id=scenario.second, with_names=True, folder=tmp_path),
        )
        .paths[0]
        .read_text(encoding="utf-8")
    )
    assert "@page { size: A4;" in page
    assert "<strong>Ehrenamtlich:</strong> <bdi>احمد رحیمی</bdi>, <bdi>فاطمه حسینی</bdi></li>" in page
    assert "Gisela Hartmann" in page and "<bdi>Gisela" not in page  # left-to-right names need no isolate
    assert "\u2068" not in page and "\u2069" not in page
    markdown = (
        run_export(
            ctx,
            ExportRequest(kind="minutes", format="md", meeting_id=scenario.second, with_names=True, folder=tmp_path),
        )
        .paths[0]
        .read_text(encoding="utf-8")
    )
    assert "\u2068احمد رحیمی\u2069" in markdown


def test_an_engagement_confirmation_for_someone_never_checked_in_is_refused(scenario, tmp_path, capsys) -> None:
    ctx = scenario.ctx
    out = tmp_path / "out"
    with pytest.raises(ServiceError, match="Claudia Neumann war bei keinem Treffen eingecheckt"):
        run_export(ctx, ExportRequest(kind="engagement", format="md", person="Claudia Neumann", folder=out))
    assert not out.exists()
    db = str(ctx.path)
    ctx.close()
    assert main(["export", "engagement", "Claudia Neumann", "--format", "md", "--db", db]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Fehler: Claudia Neumann war bei keinem Treffen eingecheckt") and "Keine Teilnahme" not in err


def test_an_export_into_a_missing_folder_creates_it_private(scenario, tmp_path) -> None:
    """A folder the export creates holds names: only its owner may open it (0700), the file 0600."""
    folder = tmp_path / "neu" / "exporte"
    result = run_export(
        scenario.ctx, ExportRequest(kind="attendance", format="csv", meeting_id=scenario.second, folder=folder)
    )
    assert (folder.stat().st_mode & 0o777) == 0o700
    assert (folder.parent.stat().st_mode & 0o777) == 0o700
    assert all((path.stat().st_mode & 0o777) == 0o600 for path in result.paths)
