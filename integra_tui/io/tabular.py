"""Reading a spreadsheet (CSV in the dialects Excel and other tools write, or .xlsx) into headers and rows.

Line numbers are the ones the user sees: for .xlsx the Excel row number; for CSV the physical line
in a text editor where the row starts (the header's line is 1 unless blank lines precede it). A
quoted cell that spans several lines moves the following rows' numbers on accordingly, exactly as
an editor counts them; Excel would show such a record as one row.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import string
import zipfile
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from pathlib import Path
from typing import NamedTuple

from integra_tui.domain.text import clean_text, has_controls
from integra_tui.i18n import _

__all__ = [
    "ImportFileError",
    "ImportProblem",
    "ONE_COLUMN_HEADERS",
    "Row",
    "StreamRow",
    "Table",
    "TableStream",
    "collapse_spaces",
    "control_characters_removed",
    "find_columns",
    "header_key",
    "read_table",
    "stream_table",
]

DELIMITERS = (";", ",", "\t")
"""Separators tried on CSV files, in order of preference when the evidence is equal."""

ONE_COLUMN_HEADERS: frozenset[str] = frozenset(
    {
        "name",
        "namen",
        "vollername",
        "vollständigername",
        "fullname",
        "teilnehmer",
        "teilnehmerin",
        "teilnehmende",
        "teilnehmerinnen",
        "person",
        "personen",
        "participant",
        "participants",
        "titel",
        "title",
        "thema",
        "themen",
        "topic",
        "tagesordnungspunkt",
        "top",
        "programmpunkt",
    }
)
"""Header keys (see ``header_key``) that make a file with a single column acceptable as a table.

A one-column file is otherwise indistinguishable from any text file, so only these list shapes
(a list of names, a list of agenda titles) count as tables.
"""

_MAX_HEADER_LENGTH = 200
_SNIFF_RECORDS = 50

# File signatures of things people pick by mistake; all get the same "not a table" message.
_NOT_A_TABLE_MAGIC = (
    b"%PDF",  # PDF
    b"\x89PNG",  # PNG
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",  # GIF
    b"\x1f\x8b",  # gzip
    b"%!PS",  # PostScript
    b"{\\rtf",  # Word's RTF
    b"7z\xbc\xaf",  # 7-Zip
    b"Rar!",  # RAR
)
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and every password-protected .xlsx
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r") | {"\x7f"}
_CONTROL_ALLOWANCE = 64
"""Control characters a text file may hold and still be read as a table (removed, and the lines reported);
beyond this, and beyond one in 200 characters, it is taken for a binary file."""


class ImportFileError(Exception):
    """The file cannot be read as a table at all; ``message`` says why, in the UI language, naming the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class ImportProblem:
    """Something wrong in one row: its line, and what is wrong ("kein Name – Zeile übersprungen.").

    ``message`` does not repeat the line; ``str(problem)`` gives the whole sentence with it.
    """

    line: int
    message: str

    def __str__(self) -> str:
        return _("Zeile {line}: {message}").format(line=self.line, message=self.message)


class Row(NamedTuple):
    """One data row: the line number the user sees, and the cell text under each header."""

    line: int
    cells: dict[str, str]


class StreamRow(NamedTuple):
    """One data row of a :class:`TableStream`: a :class:`Row` plus what ``read_table`` lists per table."""

    line: int
    cells: dict[str, str]
    overflow: bool
    """Text in cells to the right of the last header (see ``Table.overflow_lines``)."""
    control: bool
    """Control characters were removed from this row (see ``Table.control_lines``)."""


@dataclass
class TableStream:
    """A table whose rows are read one at a time (:meth:`rows`, once): memory stays bounded by the row.

    What :func:`read_table` checks before returning (an empty or unreadable file, a missing header)
    is checked here before the first row; a quote opened and never closed is only known at the end:
    iterating then raises ImportFileError, so a caller writes nothing before the last row is read.
    """

    name: str
    headers: list[str]
    header_line: int
    header_control: bool
    """Whether control characters were removed from the header line."""
    _rows: Iterator[StreamRow]

    def rows(self) -> Iterator[StreamRow]:
        """The data rows (blank ones left out), in file order."""
        return self._rows


@dataclass
class Table:
    """A table read from a file: its headers in order, and its non-empty rows."""

    name: str
    """The file name, for messages."""
    headers: list[str]
    rows: list[Row]
    header_line: int = 1
    """Where the headers were (later than 1 when blank lines precede them)."""
    overflow_lines: list[int] = field(default_factory=list)
    """Rows with text in cells to the right of the last header, usually a separator inside an unquoted
    value; those cells are not in ``Row.cells``, importers report these lines."""
    control_lines: list[int] = field(default_factory=list)
    """Lines (the header's too) whose cells held control characters or bidi overrides: they were removed
    (see ``domain.text.clean_text``), the rest of each cell is kept; importers report these lines."""


def control_characters_removed() -> str:
    """The problem report for a line whose control characters ``read_table`` removed (see ``Table.control_lines``)."""
    return _("Steuerzeichen entfernt (unsichtbare Zeichen, die die Anzeige stören) – bitte den Eintrag prüfen.")


def header_key(header: str) -> str:
    """A header's comparison form: case-folded, only letters and digits ('E-Mail ' -> 'email')."""
    return re.sub(r"[\W_]+", "", header.casefold())


def collapse_spaces(text: str) -> str:
    """``text`` trimmed, with every run of whitespace (tabs, line breaks, no-break spaces) made one space."""
    return " ".join(text.split())


def find_columns(headers: Iterable[str], aliases: Iterable[str]) -> list[str]:
    """The headers that mean one thing, best first: ordered by the alias they match, then left to right.

    ``aliases`` are header keys in order of preference. A header also matches with its bracketed
    part left out ('E-Mail (dienstlich)' matches 'email').
    """
    rank = {alias: position for position, alias in enumerate(aliases)}
    found: list[tuple[int, int, str]] = []
    for column, header in enumerate(headers):
        keys = (header_key(header), header_key(re.sub(r"\(.*?\)|\[.*?\]", "", header)))
        ranks = [rank[key] for key in keys if key in rank]
        if ranks:
            found.append((min(ranks), column, header))
    return [header for _rank, _column, header in sorted(found)]


def read_table(path: Path | str, *, one_column_headers: Collection[str] = ONE_COLUMN_HEADERS) -> Table:
    """Read ``path`` (CSV or .xlsx, recognised by content) into a Table, or raise ImportFileError.

    A file with a single column counts as a table only if its header key is in ``one_column_headers``.
    """
    stream = stream_table(path, one_column_headers=one_column_headers)
    rows: list[Row] = []
    overflow: list[int] = []
    controls: list[int] = [stream.header_line] if stream.header_control else []
    for row in stream.rows():
        rows.append(Row(row.line, row.cells))
        if row.overflow:
            overflow.append(row.line)
        if row.control:
            controls.append(row.line)
    return Table(
        name=stream.name,
        headers=stream.headers,
        rows=rows,
        header_line=stream.header_line,
        overflow_lines=overflow,
        control_lines=controls,
    )


def stream_table(path: Path | str, *, one_column_headers: Collection[str] = ONE_COLUMN_HEADERS) -> TableStream:
    """As :func:`read_table`, but the rows are read one by one (a list of 500,000 people needs no more memory)."""
    path = Path(path)
    name = path.name or str(path)
    data = _read_bytes(path)
    if not data.strip(b" \t\r\n\xef\xbb\xbf\x00\xfe\xff"):
        raise ImportFileError(_("Die Datei {name} ist leer.").format(name=name), path)
    records: Iterable[tuple[int, list[str]]]
    if data.startswith(_ZIP_MAGIC):
        records = _xlsx_records(data, name, path)
    elif data.startswith(_OLE_MAGIC):
        raise ImportFileError(
            _(
                "Die Datei {name} ist eine alte Excel-Datei (.xls) oder mit einem Passwort geschützt. "
                "Bitte in Excel ohne Passwort als .xlsx oder CSV speichern."
            ).format(name=name),
            path,
        )
    elif data.startswith(_NOT_A_TABLE_MAGIC):
        raise _not_a_table(name, path)
    else:
        text = _decode(data, name, path)
        del data
        records = _csv_records(text, name, path)
    return _stream_table(iter(records), name, path, one_column_headers)


def _not_a_table(name: str, path: Path) -> ImportFileError:
    return ImportFileError(_("Die Datei {name} ist keine Tabelle (CSV oder Excel).").format(name=name), path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFileError(_("Die Datei {name} wurde nicht gefunden.").format(name=str(path)), path) from None
    except IsADirectoryError:
        raise ImportFileError(_("{name} ist ein Ordner, keine Datei.").format(name=str(path)), path) from None
    except PermissionError:
        raise ImportFileError(
            _(
                "Die Datei {name} kann nicht gelesen werden: "
                "Ist sie noch in Excel geöffnet oder fehlt die Berechtigung?"
            ).format(name=path.name),
            path,
        ) from None
    except OSError:
        raise ImportFileError(_("Die Datei {name} kann nicht gelesen werden.").format(name=path.name), path) from None


def _decode(data: bytes, name: str, path: Path) -> str:
    """BOM -> its encoding; else strict UTF-8; else cp1252 (German Excel's 'CSV (Trennzeichen-getrennt)')."""
    if data.startswith(codecs.BOM_UTF8):
        encodings: Iterable[str] = ("utf-8-sig",)
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)  # Excel's "Unicode-Text (*.txt)": tab separated
    elif b"\x00" in data:
        raise _not_a_table(name, path)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        sample = text[:65536]
        if sum(1 for char in sample if char in _CONTROL) > max(len(sample) // 200, _CONTROL_ALLOWANCE):
            raise _not_a_table(name, path)
        return text
    if sum(1 for byte in data[:65536] if byte < 32 and byte not in b"\t\n\r") > 0:
        raise _not_a_table(name, path)
    raise ImportFileError(
        _(
            "Die Zeichenkodierung der Datei {name} ist unbekannt. "
            "Bitte in Excel als „CSV UTF-8 (durch Trennzeichen getrennt)“ speichern."
        ).format(name=name),
        path,
    )


def _csv_records(text: str, name: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first physical line, raw cells) for every CSV record, blank ones included, read as they are needed."""
    first_line_offset = 0
    delimiter = None
    first = re.match(r"\A[\"']?sep=(.)[\"']?[ \t]*(\r\n|\r|\n|\Z)", text, re.IGNORECASE)
    if first:  # Excel's own hint line "sep=;"
        delimiter = first.group(1)
        text = text[first.end() :]
        first_line_offset = 1
    if delimiter is None:
        delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    end = 0
    last: tuple[int, list[str]] | None = None
    try:
        for cells in reader:
            last = (end + 1 + first_line_offset, cells)
            yield last
            end = reader.line_num
    except csv.Error:
        raise ImportFileError(
            _("Die Datei {name} ist ab Zeile {line} nicht lesbar.").format(name=name, line=end + 1 + first_line_offset),
            path,
        ) from None
    if last is not None:
        # An opening quote that is never closed swallows the rest of the file into one cell.
        start, cells = last
        if any("\n" in cell or "\r" in cell for cell in cells):
            lines = io.StringIO(text, newline="").readlines()
            tail = "".join(lines[start - 1 - first_line_offset :])
            if not _parses_strictly(tail, delimiter):
                raise ImportFileError(
                    _(
                        "In der Datei {name} wird in Zeile {line} ein Anführungszeichen geöffnet, "
                        "aber nicht geschlossen."
                    ).format(name=name, line=start),
                    path,
                )


def _parses_strictly(text: str, delimiter: str) -> bool:
    try:
        list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error:
        return False
    return True


def _sniff_delimiter(text: str) -> str:
    """The separator that splits the header into most columns while the rows agree with it.

    Judged on the header and the first rows together, so a comma inside a name in a semicolon file
    (or a semicolon inside a value in a comma file) does not mislead it.
    """
    sample = text[:65536]
    cut = sample.rfind("\n") if len(text) > len(sample) else -1
    if cut > 0:
        sample = sample[:cut]
    best: tuple[tuple[bool, float, int, int], str] | None = None
    for preference, delimiter in enumerate(DELIMITERS):
        try:
            records = list(islice(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter), _SNIFF_RECORDS))
        except csv.Error:
            continue
        # A line of nothing but separators (";;;") is an empty Excel row, whichever separator is tried.
        filled = [cells for cells in records if any(cell.strip(" \t;,") for cell in cells)]
        if not filled:
            continue
        width = len(filled[0])
        rows = filled[1:]
        agreeing = sum(1 for cells in rows if len(cells) == width) / len(rows) if rows else 1.0
        score = (width > 1, agreeing, width, -preference)
        if best is None or score > best[0]:
            best = (score, delimiter)
    return best[1] if best else DELIMITERS[0]


def _xlsx_records(data: bytes, name: str, path: Path) -> list[tuple[int, list[str]]]:
    """(Excel row number, cell texts) for every row of the first worksheet."""
    import openpyxl  # imported here: only .xlsx files need it, and it is slow to import

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a zip that is not a workbook
        if _is_opendocument(data):
            raise ImportFileError(
                _("Die Datei {name} ist eine LibreOffice-Tabelle (.ods). Bitte als .xlsx oder CSV speichern.").format(
                    name=name
                ),
                path,
            ) from None
        raise _not_a_table(name, path) from None
    try:
        if not workbook.worksheets:
            raise _not_a_table(name, path)
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some tools write a wrong size; read every row there is
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)
        ]
    except ImportFileError:
        raise
    except Exception:
        raise _not_a_table(name, path) from None
    finally:
        workbook.close()


def _is_opendocument(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    except Exception:
        return False


def _cell_text(value: object) -> str:
    """An Excel cell value as the text a user would expect to see."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAHR" if value else "FALSCH"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        # Durations typed as 0:15 or 1:30 arrive as times of day.
        return f"{value.hour}:{value.minute:02d}" + (f":{value.second:02d}" if value.second else "")
    if isinstance(value, timedelta):
        minutes, seconds = divmod(int(value.total_seconds()), 60)
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
    return str(value)


def _column_letter(index: int) -> str:
    """Excel's letter for a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = string.ascii_uppercase[rest] + letters
    return letters


def _clean_cells(cells: list[str]) -> tuple[list[str], bool]:
    """The cells trimmed, control characters removed; and whether any were (on a row with text)."""
    cells = [cell.strip().replace("\ufeff", "") for cell in cells]
    if any(has_controls(cell) for cell in cells):
        cells = [clean_text(cell).strip() for cell in cells]
        return cells, any(cells)
    return cells, False


def _stream_table(
    records: Iterator[tuple[int, list[str]]], name: str, path: Path, one_column_headers: Collection[str]
) -> TableStream:
    filled = ((line, *_clean_cells(cells)) for line, cells in records)
    filled = ((line, cells, control) for line, cells, control in filled if any(cells))
    first = next(filled, None)
    if first is None:
        raise ImportFileError(_("Die Datei {name} ist leer.").format(name=name), path)
    header_line, header_cells, header_control = first
    if any(len(cell) > _MAX_HEADER_LENGTH for cell in header_cells):
        raise _not_a_table(name, path)
    data_rows: Iterable[tuple[int, list[str], bool]] = filled
    if not all(header_cells):
        # An unnamed column counts when some row holds data in it: only known after every row (rare).
        data_rows = list(filled)

    # Columns: every header, plus unnamed columns that hold data (named by their Excel letter).
    columns: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for index, header in enumerate(header_cells):
        if not header:
            if not any(index < len(cells) and cells[index] for _line, cells, _control in data_rows):
                continue
            header = _("Spalte {letter}").format(letter=_column_letter(index))
        count = seen.get(header.casefold(), 0) + 1
        seen[header.casefold()] = count
        columns.append((index, header if count == 1 else f"{header} ({count})"))

    if len(columns) < 2 and not (columns and header_key(columns[0][1]) in one_column_headers):
        raise _not_a_table(name, path)

    width = len(header_cells)

    def rows() -> Iterator[StreamRow]:
        for line, cells, control in data_rows:
            size = len(cells)
            yield StreamRow(
                line,
                {header: cells[index] if index < size else "" for index, header in columns},
                any(cells[width:]),
                control,
            )

    return TableStream(
        name=name,
        headers=[header for _index, header in columns],
        header_line=header_line,
        header_control=header_control,
        _rows=rows(),
    )
