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
    for cell, text in zip(values, DANGEROUS, strict=True):
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


def test_xlsx_package_reads_back_cell_for_cell() -> None:
    """Every kind of cell, as openpyxl reads it; every part of the package is well-formed XML that is listed."""
    import xml.etree.ElementTree as ElementTree
    import zipfile

    rows = [
        ["  vorn und hinten  ", 1.5, True, datetime(2026, 11, 27, 17, 5, tzinfo=BERLIN), "a\x01b\x1fc"],
        ["<&>\"'", -3, False, date(1900, 2, 1), "x" * 200],
        [None, None, None, None, None, "eine Spalte mehr"],
        ["", 0, 10**12, date(2027, 1, 15), "Zeile 1\nZeile 2"],
    ]
    sheets = [Sheet("Aufgaben: [alle]/2026", ["=Kopf", "Zahl", "Wahr", "Zeit", "Text"], rows), Sheet("x", ["y"], [])]
    data = xlsx_bytes(sheets)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        listed = package.read("[Content_Types].xml").decode()
        for name in names:
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(package.read(name))  # well-formed
            if name.startswith("xl/") and name.endswith(".xml"):
                assert f'PartName="/{name}"' in listed, name
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Aufgaben   alle  2026", "x"]
    sheet = workbook.worksheets[0]
    assert sheet["A1"].value == "=Kopf" and sheet["A1"].data_type == "s" and sheet["A1"].quotePrefix
    assert sheet["A1"].font.bold and sheet["B1"].font.bold and not sheet["A2"].font.bold
    assert [cell.value for cell in sheet[2]] == [
        "  vorn und hinten  ",
        1.5,
        True,
        datetime(2026, 11, 27, 17, 5),
        "abc",  # characters XML cannot hold are left out
        None,
    ]
    assert sheet["D2"].number_format == "DD.MM.YYYY HH:MM" and sheet["D3"].number_format == "DD.MM.YYYY"
    assert sheet["A3"].value == "<&>\"'" and sheet["B3"].value == -3 and sheet["C3"].value is False
    assert sheet["D3"].value == datetime(1900, 2, 1)  # before Excel's invented 29 February 1900
    assert sheet["F4"].value == "eine Spalte mehr" and sheet["A4"].value is None
    assert sheet["A5"].value is None and sheet["C5"].value == 10**12 and sheet["E5"].value == "Zeile 1\nZeile 2"
    assert sheet.freeze_panes == "A2"
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths == {"A": 21, "B": 8, "C": 15, "D": 18, "E": 60}
    assert workbook.worksheets[1]["A1"].value == "y" and workbook.worksheets[1].max_row == 1
