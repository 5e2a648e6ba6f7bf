"""Tables as CSV (German Excel or international dialect) and XLSX, safe against formula injection.

German Excel opens a CSV on a double click correctly only when it is UTF-8 *with* BOM, separated by
semicolons, with dates as TT.MM.JJJJ and decimal commas: that is the default dialect. The
international dialect writes commas, ISO dates and decimal points, UTF-8 without BOM.

A text cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return would be run as a
formula by spreadsheet programs (CSV injection, OWASP). In CSV such a cell gets a leading
apostrophe; in XLSX it is stored as text with Excel's "quote prefix", so it shows unchanged and
stays text even when someone edits the cell.

No cell carries control characters or bidi overrides (``domain.text.clean_text``): they are taken out
first, so a formula hidden behind an ESC or a BEL is still caught by the guard, and no ESC reaches
a terminal that ``cat``s the file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from integra_tui.domain.text import clean_line, clean_text
from integra_tui.io.exports.documents import Cell, Sheet

__all__ = [
    "DIALECTS",
    "GERMAN",
    "INTERNATIONAL",
    "CsvDialect",
    "csv_bytes",
    "dialect_named",
    "format_cell",
    "is_formula_like",
    "neutralise",
    "xlsx_bytes",
]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet treat a cell as a formula."""


@dataclass(frozen=True)
class CsvDialect:
    """How a CSV file is written: separator, byte order mark, date and number style."""

    name: str
    delimiter: str
    bom: bool
    date_format: str
    decimal: str

    def format_datetime(self, value: datetime) -> str:
        """A timestamp as this dialect writes it."""
        if self.name == "de":
            return value.strftime("%d.%m.%Y %H:%M")
        return value.isoformat(timespec="minutes")


GERMAN = CsvDialect("de", ";", True, "%d.%m.%Y", ",")
"""What German Excel reads on a double click: UTF-8 with BOM, ``;``, TT.MM.JJJJ, decimal comma."""
INTERNATIONAL = CsvDialect("international", ",", False, "%Y-%m-%d", ".")
"""Comma separated, ISO dates (JJJJ-MM-TT), decimal point, UTF-8 without BOM."""
DIALECTS = {"de": GERMAN, "international": INTERNATIONAL}
"""The dialects by the name ``--dialect`` takes."""


def dialect_named(name: str) -> CsvDialect:
    """The dialect called ``name`` ('de'/'german' or 'international'); ValueError otherwise."""
    key = {"german": "de", "deutsch": "de", "intl": "international", "iso": "international"}.get(
        name.lower(), name.lower()
    )
    if key not in DIALECTS:
        raise ValueError(name)
    return DIALECTS[key]


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would read ``text`` as a formula."""
    return text.startswith(FORMULA_STARTS)


def _cleaned(text: str) -> tuple[str, bool]:
    """(``text`` without control characters, whether a spreadsheet would take it or the cleaned text for a formula)."""
    cleaned = clean_text(text)
    return cleaned, is_formula_like(text) or is_formula_like(cleaned)


def neutralise(text: str) -> str:
    """``text`` made safe for a CSV cell: control characters out, a leading apostrophe before a formula-like start."""
    cleaned, formula = _cleaned(text)
    return "'" + cleaned if formula else cleaned


def format_cell(value: Cell, dialect: CsvDialect) -> str:
    """One cell as CSV text in ``dialect`` (texts neutralised, dates and numbers localised)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime):
        return dialect.format_datetime(value)
    if isinstance(value, date):
        return value.strftime(dialect.date_format)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.1f}" if value != int(value) else str(int(value))
        return text.replace(".", dialect.decimal)
    return neutralise(str(value))


def csv_bytes(sheet: Sheet, dialect: CsvDialect = GERMAN) -> bytes:
    """The sheet as a CSV file's bytes in ``dialect`` (CRLF line ends, as Excel writes them)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=dialect.delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(header) for header in sheet.headers])
    writer.writerows([format_cell(value, dialect) for value in row] for row in sheet.rows)
    return buffer.getvalue().encode("utf-8-sig" if dialect.bom else "utf-8")


def _sheet_title(title: str, taken: set[str]) -> str:
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in clean_line(title)).strip() or "Tabelle"
    cleaned = cleaned[:31]
    candidate, number = cleaned, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


def _width(value: Cell) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return max((len(line) for line in str(value).splitlines()), default=0)


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """The sheets as an .xlsx workbook's bytes: bold frozen header, real dates, texts kept as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    bold = Font(bold=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_title(sheet.title, taken))
        widths = [_width(header) for header in sheet.headers]
        for row in sheet.rows[:2000]:  # enough rows to size the columns; more only costs time
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], _width(value))
        for index, width in enumerate(widths, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
        worksheet.freeze_panes = "A2"

        def text_cell(text: str, header: bool = False) -> WriteOnlyCell:
            # XLSX is XML, which cannot hold control characters other than tab and line breaks at all.
            text, formula = _cleaned(text)
            cell = WriteOnlyCell(worksheet, value=text)
            if formula:
                cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
                cell.quotePrefix = True
            if header:
                cell.font = bold
            return cell

        worksheet.append([text_cell(header, header=True) for header in sheet.headers])
        for row in sheet.rows:
            worksheet.append(list(_xlsx_row(row, worksheet, text_cell)))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_row(row: Iterable[Cell], worksheet, text_cell) -> Iterable[object]:  # noqa: ANN001
    from openpyxl.cell import WriteOnlyCell

    for value in row:
        if value is None:
            yield None
        elif isinstance(value, datetime):
            cell = WriteOnlyCell(worksheet, value=value.replace(tzinfo=None))
            cell.number_format = "DD.MM.YYYY HH:MM"
            yield cell
        elif isinstance(value, date):
            cell = WriteOnlyCell(worksheet, value=value)
            cell.number_format = "DD.MM.YYYY"
            yield cell
        elif isinstance(value, (int, float)):
            yield value
        else:
            text, formula = _cleaned(str(value))
            yield text_cell(str(value)) if formula else text
