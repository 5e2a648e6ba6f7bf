"""Imported lists and exported tables with control characters: removed, each line named in the report, formulas out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
from openpyxl import load_workbook

from integra_tui import i18n
from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.io.agenda_import import parse_agenda
from integra_tui.io.exports.csv_xlsx import GERMAN, csv_bytes, xlsx_bytes
from integra_tui.io.exports.documents import Sheet
from integra_tui.io.invitee_import import parse_invitees
from integra_tui.io.tabular import read_table

REMOVED = "Steuerzeichen entfernt (unsichtbare Zeichen, die die Anzeige stören) – bitte den Eintrag prüfen."


def _write(tmp_path: Path, text: str, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_invitee_list_with_escape_codes_and_overrides_is_read_and_each_line_is_named(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Name;Gruppe;Organisation\r\n"
        "Jürgen Müller;Kommune;Stadt\r\n"  # line 2: clean
        "\x1b[31mAnna Berg\x1b[0m;Kommune;Verein\x07\r\n"  # line 3: colour codes and a bell
        "Ömer Şengül;Zugewandert;Beratung\r\n"  # line 4: clean
        '\u202eנהכ לעי\u202c;Kommune;"\x1b]8;;https://evil.example\x1b\\Klick\x1b]8;;\x1b\\"\r\n',  # line 5: a link
    )
    result = parse_invitees(read_table(path), DEFAULT_GROUPS)
    assert [(p.name, p.organisation) for p in result.people] == [
        ("Jürgen Müller", "Stadt"),
        ("Anna Berg", "Verein"),
        ("Ömer Şengül", "Beratung"),
        ("נהכ לעי", "Klick"),
    ]
    assert [str(p) for p in result.problems] == [f"Zeile 3: {REMOVED}", f"Zeile 5: {REMOVED}"]


def test_a_small_list_with_a_few_control_characters_is_still_a_table(tmp_path: Path) -> None:
    path = _write(tmp_path, "Name\n\x1b[1mA\x1b[0m\x07\x08\n")
    table = read_table(path)
    assert table.rows[0].cells == {"Name": "A"} and table.control_lines == [2]


def test_control_characters_in_the_header_are_reported_on_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "\n\nName\x07;Gruppe\nAnna;Kommune\n")
    result = parse_invitees(read_table(path), DEFAULT_GROUPS)
    assert [p.name for p in result.people] == ["Anna"]
    assert [(p.line, p.message) for p in result.problems] == [(3, REMOVED)]


def test_an_xlsx_list_with_control_characters_is_cleaned_too(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Gruppe"])
    sheet.append(["Anna\u2066 Berg\u2069", "Kommune"])
    sheet.append(["Ole", "Landkreis"])
    path = tmp_path / "liste.xlsx"
    workbook.save(path)
    result = parse_invitees(read_table(path), DEFAULT_GROUPS)
    assert [p.name for p in result.people] == ["Anna Berg", "Ole"]
    assert [p.line for p in result.problems] == [2]


def test_agenda_with_control_characters_is_cleaned_and_the_line_reported_in_english(tmp_path: Path) -> None:
    path = _write(tmp_path, "Titel;Minuten;Referent/in\nBegrüßung;10;\x1b[1mKatrin\x1b[0m\nPause;15;\n")
    i18n.set_language("en")
    try:
        result = parse_agenda(read_table(path))
        reported = [str(p) for p in result.problems]
    finally:
        i18n.set_language("de")
    assert [(i.title, i.presenter) for i in result.items] == [("Begrüßung", "Katrin"), ("Pause", "")]
    assert reported == [
        "Line 2: control characters removed (invisible characters that disturb the display) – please check the entry."
    ]


def _sheet(texts: list[str]) -> Sheet:
    return Sheet("Aufgaben\x1b[31m", ["Nr.", "Text"], [[number, text] for number, text in enumerate(texts, start=1)])


HIDDEN = ["\x1b[31mrot\x1b[0m", '\x07=HYPERLINK("http://evil")', "\u202e=1+1", "Budget [vorläufig] prüfen"]


def test_csv_cells_hold_no_control_characters_and_hidden_formulas_are_still_neutralised() -> None:
    data = csv_bytes(_sheet(HIDDEN), GERMAN).decode("utf-8-sig")
    assert not any(ord(char) < 32 and char not in "\r\n" for char in data)
    rows = list(csv.reader(io.StringIO(data), delimiter=";"))
    assert [row[1] for row in rows[1:]] == ["rot", '\'=HYPERLINK("http://evil")', "'=1+1", "Budget [vorläufig] prüfen"]


def test_xlsx_cells_hold_no_control_characters_and_hidden_formulas_stay_text() -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes([_sheet(HIDDEN)])))
    sheet = workbook.worksheets[0]
    assert sheet.title == "Aufgaben"  # the sheet name is cleaned too
    cells = [sheet.cell(row=row, column=2) for row in range(2, 2 + len(HIDDEN))]
    assert [cell.value for cell in cells] == ["rot", '=HYPERLINK("http://evil")', "=1+1", "Budget [vorläufig] prüfen"]
    assert [cell.data_type for cell in cells] == ["s"] * 4  # strings, never formulas
    assert cells[1].quotePrefix and cells[2].quotePrefix
