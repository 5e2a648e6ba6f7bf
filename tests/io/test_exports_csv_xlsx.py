"""CSV and XLSX exports: what German Excel and the csv module read back, and formulas that stay text."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from integra_tui.io.exports.csv_xlsx import GERMAN, INTERNATIONAL, csv_bytes, dialect_named, neutralise, xlsx_bytes
from integra_tui.io.exports.documents import Sheet

BERLIN = ZoneInfo("Europe/Berlin")

DANGEROUS = ['=HYPERLINK("http://evil","klick")', "+49 170 1234", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def _sheet() -> Sheet:
    return Sheet(
        "Aufgaben",
        ["Nr.", "Text", "Fällig", "Check-in", "Minuten"],
        [
            [1, "Raum klären; danach „Flyer“", date(2027, 1, 15), datetime(2026, 11, 27, 17, 5, tzinfo=BERLIN), 12.5],
            [2, "Zeile 1\nZeile 2", None, None, 3],
            *[[10 + i, text, None, None, None] for i, text in enumerate(DANGEROUS)],
        ],
    )


def test_german_csv_has_bom_semicolons_and_german_dates() -> None:
    data = csv_bytes(_sheet(), GERMAN)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nr.", "Text", "Fällig", "Check-in", "Minuten"]
    assert rows[1] == ["1", "Raum klären; danach „Flyer“", "15.01.2027", "27.11.2026 17:05", "12,5"]
    assert rows[2][1] == "Zeile 1\nZeile 2"  # a line break inside a cell stays in its cell
    assert len(rows) == 3 + len(DANGEROUS)


def test_international_csv_has_commas_iso_dates_and_no_bom() -> None:
    data = csv_bytes(_sheet(), INTERNATIONAL)
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter=","))
    assert rows[1] == ["1", "Raum klären; danach „Flyer“", "2027-01-15", "2026-11-27T17:05+01:00", "12.5"]


@pytest.mark.parametrize("dialect", [GERMAN, INTERNATIONAL])
def test_formula_like_cells_are_neutralised_in_csv(dialect) -> None:
    data = csv_bytes(_sheet(), dialect).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data), delimiter=dialect.delimiter))
    cells = [row[1] for row in rows[3:]]
    # A carriage return is written as the line break it means (a lone CR would overwrite a terminal line).
    assert cells == ["'" + text.replace("\r", "\n") for text in DANGEROUS]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_neutralise_leaves_ordinary_text_alone() -> None:
    assert neutralise("Jürgen Müller") == "Jürgen Müller"
    assert neutralise("a=b") == "a=b"
    assert neutralise("=1+1") == "'=1+1"


def test_xlsx_keeps_formula_like_text_as_text() -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes([_sheet()])))
    sheet = workbook["Aufgaben"]
    values = [sheet.cell(row=4 + i, column=2) for i in range(len(DANGEROUS))]
    for cell, text in zip(values, DANGEROUS):
        assert cell.data_type == "s", text  # a string, not a formula ("f")
        # Shown as written, no apostrophe (XML turns a carriage return into a line feed).
        assert cell.value.replace("\n", "\r") == text.replace("\n", "\r")
        assert cell.quotePrefix  # Excel keeps it text even when someone edits the cell


def test_xlsx_has_real_dates_numbers_and_a_bold_header() -> None:
    workbook = load_workbook(io.BytesIO(xlsx_bytes([_sheet(), Sheet("Aufgaben", ["x"], [["y"]])])))
    assert workbook.sheetnames == ["Aufgaben", "Aufgaben (2)"]
    sheet = workbook["Aufgaben"]
    assert sheet["A1"].font.bold and sheet["A1"].value == "Nr."
    assert sheet["C2"].value == datetime(2027, 1, 15)
    assert sheet["C2"].number_format == "DD.MM.YYYY"
    assert sheet["D2"].value == datetime(2026, 11, 27, 17, 5)
    assert sheet["E2"].value == 12.5 and sheet["A2"].value == 1
    assert sheet.freeze_panes == "A2"


def test_dialect_names() -> None:
    assert dialect_named("de") is GERMAN and dialect_named("international") is INTERNATIONAL
    with pytest.raises(ValueError):
        dialect_named("klingon")
