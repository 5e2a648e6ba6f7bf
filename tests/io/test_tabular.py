"""Reading the files coordinators actually have: German Excel CSV, UTF-8 CSV, tab files, .xlsx, and junk."""

from __future__ import annotations

import csv
import io
import random
import tempfile
import zipfile
from datetime import date, datetime, time
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integra_tui import i18n
from integra_tui.io.tabular import ImportFileError, ImportProblem, find_columns, header_key, read_table


def write(path: Path, text: str, encoding: str) -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def names(table, *headers: str) -> list[str]:
    return [" ".join(row.cells[h] for h in headers) for row in table.rows]


# --- CSV dialects -------------------------------------------------------------------------------


def test_german_excel_csv_in_cp1252_keeps_umlauts(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Einladungsliste.csv",
        "Vorname;Nachname;Gruppe;Organisation\r\n"
        "Jürgen;Müller;Kommune;Stadtverwaltung Lindenfeld\r\n"
        "Bärbel;Groß-Öhler;Ehrenamtlich;Café Übermorgen\r\n",
        "cp1252",
    )
    table = read_table(path)
    assert table.headers == ["Vorname", "Nachname", "Gruppe", "Organisation"]
    assert names(table, "Vorname", "Nachname") == ["Jürgen Müller", "Bärbel Groß-Öhler"]
    assert table.rows[1].cells["Organisation"] == "Café Übermorgen"
    assert [row.line for row in table.rows] == [2, 3]


def test_utf8_with_bom_has_no_bom_in_the_first_header(tmp_path: Path) -> None:
    path = write(tmp_path / "liste.csv", "Name;Gruppe\r\nÖmer Şengül;Kommune\r\n", "utf-8-sig")
    table = read_table(path)
    assert table.headers == ["Name", "Gruppe"]
    assert table.rows[0].cells == {"Name": "Ömer Şengül", "Gruppe": "Kommune"}


NAMES_IN_SCRIPTS = [
    "فاطمة الزهراء",  # Arabic
    "Олена Коваленко",  # Ukrainian
    "Дмитрий Смирнов",  # Russian
    "ሳምራዊት ተኽለ",  # Tigrinya (Ethiopic)
    "زهرا احمدی",  # Persian
    "Ömer Şengül",  # Turkish
    "Jürgen Müller",
]


@pytest.mark.parametrize("bom", [False, True])
def test_utf8_comma_file_keeps_every_script_byte_for_byte(tmp_path: Path, bom: bool) -> None:
    text = "Name,Group\n" + "".join(f"{name},Zugewandert\n" for name in NAMES_IN_SCRIPTS)
    path = write(tmp_path / "people.csv", text, "utf-8-sig" if bom else "utf-8")
    table = read_table(path)
    assert table.headers == ["Name", "Group"]
    read = [row.cells["Name"] for row in table.rows]
    assert [name.encode("utf-8") for name in read] == [name.encode("utf-8") for name in NAMES_IN_SCRIPTS]


def test_tab_separated_file(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.tsv", "Name\tE-Mail\tSprachen\nAnna Smirnova\ta@example.org\tRussisch, Deutsch\n", "utf-8"
    )
    table = read_table(path)
    assert table.headers == ["Name", "E-Mail", "Sprachen"]
    assert table.rows[0].cells["Sprachen"] == "Russisch, Deutsch"


def test_excel_unicode_text_utf16_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "unicode.txt", "\ufeffName\tGruppe\r\nሳምራዊት ተኽለ\tZugewandert\r\n", "utf-16-le")
    assert read_table(path).rows[0].cells["Name"] == "ሳምራዊት ተኽለ"


def test_comma_in_a_name_does_not_fool_the_separator_guess(tmp_path: Path) -> None:
    path = write(
        tmp_path / "liste.csv",
        "Name;Gruppe;Organisation\nMüller, Jürgen;Kommune;Stadt\nSchmidt, Anna;Landkreis;Kreis, Amt 3\n",
        "cp1252",
    )
    table = read_table(path)
    assert table.headers == ["Name", "Gruppe", "Organisation"]
    assert table.rows[0].cells["Name"] == "Müller, Jürgen"
    assert table.rows[1].cells["Organisation"] == "Kreis, Amt 3"


def test_semicolon_inside_a_value_of_a_comma_file(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", 'Name,Sprachen\nAli Demir,"Türkisch; Deutsch"\nEva Ost,Deutsch\n', "utf-8")
    table = read_table(path)
    assert table.rows[0].cells == {"Name": "Ali Demir", "Sprachen": "Türkisch; Deutsch"}


def test_excel_sep_line_is_honoured_and_counted(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", "sep=,\nName,Gruppe\nEva Ost,Kommune\n", "utf-8")
    table = read_table(path)
    assert table.headers == ["Name", "Gruppe"]
    assert table.header_line == 2
    assert table.rows[0].line == 3


def test_cells_are_stripped_and_empty_rows_skipped_with_line_numbers_kept(tmp_path: Path) -> None:
    text = (
        "\n"  # 1: blank before the header
        " Name ; Gruppe \n"  # 2
        "  Eva Ost  ;\tKommune \n"  # 3
        "\n"  # 4
        " ; \n"  # 5: only empty cells
        '"Anna\nMaria Berg";Landkreis\n'  # 6-7: a quoted cell over two lines
        "Ole Nord;Interessiert\n"  # 8
    )
    table = read_table(write(tmp_path / "l.csv", text, "utf-8"))
    assert table.header_line == 2
    assert table.headers == ["Name", "Gruppe"]
    assert [row.line for row in table.rows] == [3, 6, 8]
    assert table.rows[0].cells == {"Name": "Eva Ost", "Gruppe": "Kommune"}
    assert table.rows[1].cells["Name"] == "Anna\nMaria Berg"


def test_old_mac_line_endings(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "l.csv", "Name;Gruppe\rEva;Kommune\rOle;Landkreis\r", "cp1252"))
    assert [(row.line, row.cells["Name"]) for row in table.rows] == [(2, "Eva"), (3, "Ole")]


def test_cells_beyond_the_last_header_are_reported_as_overflow(tmp_path: Path) -> None:
    text = "Name,Gruppe\nEva Ost,Kommune\nMüller, Jürgen,Kommune\n"
    table = read_table(write(tmp_path / "l.csv", text, "utf-8"))
    assert table.overflow_lines == [3]
    assert table.rows[1].cells == {"Name": "Müller", "Gruppe": "Jürgen"}


def test_trailing_empty_columns_from_excel_are_dropped_but_unnamed_data_is_kept(tmp_path: Path) -> None:
    text = "Name;;Gruppe;;\nEva;;Kommune;;\nOle;x;Landkreis;;\n"
    table = read_table(write(tmp_path / "l.csv", text, "utf-8"))
    assert table.headers == ["Name", "Spalte B", "Gruppe"]
    assert table.rows[1].cells["Spalte B"] == "x"
    assert table.overflow_lines == []


def test_duplicate_headers_are_told_apart(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "l.csv", "Name;Telefon;Telefon\nEva;1;2\n", "utf-8"))
    assert table.headers == ["Name", "Telefon", "Telefon (2)"]
    assert table.rows[0].cells["Telefon (2)"] == "2"


def test_a_single_name_column_is_a_table(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "namen.csv", "Name\nEva Ost\nOle Nord\n", "utf-8"))
    assert table.headers == ["Name"]
    assert [row.cells["Name"] for row in table.rows] == ["Eva Ost", "Ole Nord"]


def test_header_only_file_has_no_rows(tmp_path: Path) -> None:
    table = read_table(write(tmp_path / "leer.csv", "Name;Gruppe\r\n;\r\n", "utf-8"))
    assert table.rows == []


# Text a file may carry unchanged: the reader removes bidi embeddings, overrides and isolates and the other format
# controls that hide or reorder text (domain.text.clean_text), on purpose; those are tested on their own.
REMOVED_FORMAT_CONTROLS = "\ufeff" + "".join(
    chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x2070), *range(0xFFF9, 0xFFFC)]
)
ALPHABET = st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters=REMOVED_FORMAT_CONTROLS)
GERMAN = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzABCXYZäöüÄÖÜßé -'.,;\"()"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(st.text(ALPHABET, min_size=1, max_size=30), st.text(ALPHABET, max_size=12)).filter(
            lambda r: r[0].strip()
        ),
        min_size=1,
        max_size=8,
    ),
    delimiter=st.sampled_from([";", ",", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig"]),
)
def test_any_unicode_text_survives_every_dialect(rows, delimiter: str, encoding: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Name", "Gruppe"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "t.csv", buffer.getvalue(), encoding)
        table = read_table(path)
    assert [(row.cells["Name"], row.cells["Gruppe"]) for row in table.rows] == [
        (name.strip(), group.strip()) for name, group in rows
    ]


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(st.text(GERMAN, min_size=1, max_size=20).filter(str.strip), min_size=1, max_size=6),
    delimiter=st.sampled_from([";", ",", "\t"]),
)
def test_any_german_text_survives_cp1252(rows, delimiter: str) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Name", "Gruppe"])
    writer.writerows([name, "Kommune"] for name in rows)
    with tempfile.TemporaryDirectory() as folder:
        table = read_table(write(Path(folder) / "t.csv", buffer.getvalue(), "cp1252"))
    assert [row.cells["Name"] for row in table.rows] == [name.strip() for name in rows]


# --- xlsx ---------------------------------------------------------------------------------------


def test_xlsx_first_sheet_with_excel_row_numbers_and_typed_cells(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Einladung"
    sheet.append(["First name", "Last name", "Phone", "Since", "Duration", "Score"])
    sheet.append(["Олена", "Коваленко", 15155501234, date(2026, 11, 27), time(1, 30), 2.5])
    sheet.append([])  # row 3 empty
    sheet.append(["  Jürgen ", "Müller", None, datetime(2026, 1, 5, 14, 30), time(0, 15), 3.0])
    workbook.create_sheet("Notizen").append(["not", "read"])
    path = tmp_path / "liste.xlsx"
    workbook.save(path)

    table = read_table(path)
    assert table.headers == ["First name", "Last name", "Phone", "Since", "Duration", "Score"]
    assert [row.line for row in table.rows] == [2, 4]
    first, second = (row.cells for row in table.rows)
    assert first == {
        "First name": "Олена",
        "Last name": "Коваленко",
        "Phone": "15155501234",
        "Since": "27.11.2026",
        "Duration": "1:30",
        "Score": "2.5",
    }
    assert second["First name"] == "Jürgen"
    assert second["Since"] == "05.01.2026 14:30"
    assert second["Duration"] == "0:15"
    assert second["Score"] == "3"
    assert second["Phone"] == ""


def test_xlsx_is_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Name", "Gruppe"])
    workbook.active.append(["ሳምራዊት ተኽለ", "Zugewandert"])
    path = tmp_path / "liste.csv"
    workbook.save(path)
    assert read_table(path).rows[0].cells["Name"] == "ሳምራዊት ተኽለ"


# --- files that are not tables ------------------------------------------------------------------


def _zip_not_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hallo")
    return buffer.getvalue()


NOT_TABLES = {
    "Einladung.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    "foto.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00",
    "rauschen.csv": random.Random(7).randbytes(3000),
    "archiv.xlsx": _zip_not_xlsx(),
    "brief.txt": "Liebe Kolleginnen und Kollegen\nanbei die Liste\nViele Grüße\n".encode(),
    "bild.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)),
}


@pytest.mark.parametrize("file_name", sorted(NOT_TABLES))
def test_files_that_are_not_tables_get_one_clear_message_naming_them(tmp_path: Path, file_name: str) -> None:
    path = tmp_path / file_name
    path.write_bytes(NOT_TABLES[file_name])
    with pytest.raises(ImportFileError) as raised:
        read_table(path)
    assert raised.value.message == f"Die Datei {file_name} ist keine Tabelle (CSV oder Excel)."
    assert str(raised.value) == raised.value.message


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n", b"\xef\xbb\xbf", b";;;\r\n;;\r\n"])
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "leer.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match="Die Datei leer.csv ist leer"):
        read_table(path)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "gibtsnicht.csv"
    with pytest.raises(ImportFileError, match="gibtsnicht.csv wurde nicht gefunden"):
        read_table(path)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="ist ein Ordner"):
        read_table(tmp_path)


def test_old_xls_or_password_protected_file_says_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "alt.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(ImportFileError, match=r"alt.xls ist eine alte Excel-Datei.*als \.xlsx oder CSV speichern"):
        read_table(path)


def test_libreoffice_file_says_what_to_do(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<x/>")
    path = tmp_path / "liste.ods"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ImportFileError, match=r"liste.ods ist eine LibreOffice-Tabelle"):
        read_table(path)


def test_unknown_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "komisch.csv"
    path.write_bytes(b"Name;Gruppe\r\nA\x81b;Kommune\r\n")  # 0x81 is neither UTF-8 nor cp1252
    with pytest.raises(ImportFileError, match="Zeichenkodierung der Datei komisch.csv"):
        read_table(path)


def test_unclosed_quote_is_reported_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "l.csv", 'Name;Gruppe\nEva;Kommune\n"Ole;Landkreis\nAnna;Kommune\n', "utf-8")
    with pytest.raises(ImportFileError, match="l.csv wird in Zeile 3 ein Anführungszeichen geöffnet"):
        read_table(path)


def test_message_in_english(tmp_path: Path) -> None:
    path = tmp_path / "foto.png"
    path.write_bytes(NOT_TABLES["foto.png"])
    i18n.set_language("en")
    try:
        with pytest.raises(ImportFileError) as raised:
            read_table(path)
    finally:
        i18n.set_language("de")
    assert raised.value.message == "The file foto.png is not a table (CSV or Excel)."


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_no_bytes_whatsoever_raise_anything_but_import_file_error(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.csv"
        path.write_bytes(data)
        try:
            read_table(path)
        except ImportFileError as error:
            assert "x.csv" in error.message


# --- helpers used by the importers --------------------------------------------------------------


def test_header_key_ignores_case_spaces_and_punctuation() -> None:
    assert header_key(" E-Mail ") == header_key("email") == header_key("E_Mail") == "email"
    assert header_key("Referent(in)") == header_key("Referent/in") == header_key("Referent*in") == "referentin"


def test_find_columns_orders_by_preference_then_position() -> None:
    headers = ["Handy", "Telefon (dienstlich)", "Name"]
    assert find_columns(headers, ("telefon", "handy")) == ["Telefon (dienstlich)", "Handy"]
    assert find_columns(headers, ("email",)) == []


def test_problem_prints_with_its_line() -> None:
    assert str(ImportProblem(7, "kein Name – Zeile übersprungen.")) == "Zeile 7: kein Name – Zeile übersprungen."
