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
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone

from integra_tui.domain.text import clean_line, clean_text
from integra_tui.i18n import _
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
    """The sheets as an .xlsx workbook's bytes: bold frozen header, real dates, texts kept as text.

    The package is written here, part by part, as openpyxl's write-only mode lays it out (inline
    strings, one style per kind of cell): openpyxl spends about 0.1 ms on every cell even in write-only mode, which
    made 10,000 rows take a second; the same workbook is written here in a fraction of that.
    """
    taken: set[str] = set()
    titles: list[str] = []
    cleaned_texts: dict[str, tuple[str, bool]] = {}  # for this workbook only
    parts: dict[str, str] = {}
    print_titles: list[str] = []  # the header row repeated on every printed page, per sheet
    for number, sheet in enumerate(sheets, start=1):
        titles.append(_sheet_title(sheet.title, taken))
        widths = [_width(header) for header in sheet.headers]
        for row in sheet.rows[:2000]:  # enough rows to size the columns; more only costs time
            for index, value in enumerate(row[: len(widths)]):
                widths[index] = max(widths[index], _width(value))
        columns = max([len(sheet.headers), *(len(row) for row in sheet.rows)], default=0)
        letters = [_column_letter(index) for index in range(1, columns + 1)]
        body = [
            '<row r="1">',
            *(
                _xlsx_text(f"{letter}1", header, cleaned_texts, header=True)
                for letter, header in zip(letters, sheet.headers, strict=False)
            ),
            "</row>",
        ]
        height = f' ht="{sheet.row_height:g}" customHeight="1"' if sheet.row_height else ""
        for row_number, row in enumerate(sheet.rows, start=2):
            body.append(f'<row r="{row_number}"{height}>')
            body.extend(_xlsx_row(row, row_number, letters, cleaned_texts))
            body.append("</row>")
        column_widths = [min(60, max(8, width + 2)) for width in widths]
        cols = "".join(
            f'<col min="{index}" max="{index}" width="{width}" customWidth="1"/>'
            for index, width in enumerate(column_widths, start=1)
        )
        notes, merged = _notes(sheet, letters, column_widths, cleaned_texts)
        body += notes
        last_row = len(sheet.rows) + 1 + (len(sheet.notes) + 1 if sheet.notes else 0)
        last = f"{letters[-1]}{last_row}" if letters else "A1"
        landscape = sum(column_widths) > _PORTRAIT_WIDTH
        parts[f"xl/worksheets/sheet{number}.xml"] = (
            f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{last}"/>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            '<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
            f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>{''.join(body)}</sheetData>"
            f"{merged}"
            '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
            f'<pageSetup paperSize="9" orientation="{"landscape" if landscape else "portrait"}" '
            'fitToWidth="1" fitToHeight="0"/>'
            f"{_header_footer(sheet.print_header, cleaned_texts)}</worksheet>"
        )
        if letters:
            print_titles.append(
                f'<definedName name="_xlnm.Print_Titles" localSheetId="{number - 1}">'
                f"{_xml_text(_quoted_sheet(titles[-1]))}!$1:$1</definedName>"
            )
    count = len(titles)
    parts["xl/styles.xml"] = _XLSX_STYLES
    defined_names = f"<definedNames>{''.join(print_titles)}</definedNames>" if print_titles else ""
    sheet_list = "".join(
        f'<sheet name="{_xml_text(title)}" sheetId="{number}" r:id="rId{number}"/>'
        for number, title in enumerate(titles, start=1)
    )
    parts["xl/workbook.xml"] = (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><workbookPr/>'
        f'<bookViews><workbookView activeTab="0"/></bookViews><sheets>{sheet_list}</sheets>'
        f"{defined_names}</workbook>"
    )
    relations = "".join(
        f'<Relationship Id="rId{number}" Type="{_REL}/worksheet" Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, count + 1)
    )
    parts["xl/_rels/workbook.xml.rels"] = (
        f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">{relations}'
        f'<Relationship Id="rId{count + 1}" Type="{_REL}/styles" Target="styles.xml"/></Relationships>'
    )
    created = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    parts["docProps/core.xml"] = (
        f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>integra-tui</dc:creator>'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created></cp:coreProperties>'
    )
    parts["docProps/app.xml"] = (
        f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>integra-tui</Application></Properties>"
    )
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{_SHEET_TYPE}"/>'
        for number in range(1, count + 1)
    )
    content_types = (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_OFFICE}.spreadsheetml.sheet.main+xml"/>{overrides}'
        f'<Override PartName="/xl/styles.xml" ContentType="{_OFFICE}.spreadsheetml.styles+xml"/>'
        '<Override PartName="/docProps/core.xml" '
        'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        f'<Override PartName="/docProps/app.xml" ContentType="{_OFFICE}.extended-properties+xml"/></Types>'
    )
    package_relations = (
        f'{_XML}<Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
        'core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{_REL}/extended-properties" Target="docProps/app.xml"/></Relationships>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", content_types)
        package.writestr("_rels/.rels", package_relations)
        for name, text in parts.items():
            package.writestr(name, text)
    return buffer.getvalue()


_PORTRAIT_WIDTH = 100
"""Column widths (in characters) that still print legibly on a portrait A4 page fitted to its width."""


def _quoted_sheet(title: str) -> str:
    """A sheet's name as a formula names it: 'Teilnehmerliste' (quotes doubled inside)."""
    return "'" + title.replace("'", "''") + "'"


def _notes(
    sheet: Sheet, letters: Sequence[str], widths: Sequence[float], cleaned_texts: dict[str, tuple[str, bool]]
) -> tuple[list[str], str]:
    """The rows of the notes under the table (after one empty row), each merged across the columns and wrapped.

    Returns the rows' XML and the ``<mergeCells>`` element ("" without notes).
    """
    if not sheet.notes or not letters:
        return [], ""
    first = len(sheet.rows) + 3
    characters = max(20.0, sum(widths) * 1.1)  # what fits on one line of the merged cell, roughly
    rows, merges = [], []
    for row_number, note in enumerate(sheet.notes, start=first):
        lines = sum(max(1, -(-len(part) // int(characters))) for part in (note.splitlines() or [""]))
        rows.append(f'<row r="{row_number}" ht="{15 * lines}" customHeight="1">')
        rows.append(_xlsx_text(f"A{row_number}", note, cleaned_texts, keep_lines=True))
        rows.append("</row>")
        if len(letters) > 1:
            merges.append(f'<mergeCell ref="A{row_number}:{letters[-1]}{row_number}"/>')
    merged = f'<mergeCells count="{len(merges)}">{"".join(merges)}</mergeCells>' if merges else ""
    return rows, merged


def _header_footer(header: str, cleaned_texts: dict[str, tuple[str, bool]]) -> str:
    """The page header (the sheet's ``print_header``) and "Seite x von y" at the foot of every printed page."""
    footer = "&amp;R" + _xml_text(_("Seite {page} von {pages}").format(page="&P", pages="&N"))
    head = ""
    if header:
        cleaned = _cleaned(header)[0].replace("&", "&&")
        head = f"<oddHeader>&amp;L{_xml_text(cleaned[:250])}</oddHeader>"  # Excel allows 255 characters
    return f"<headerFooter>{head}<oddFooter>{footer}</oddFooter></headerFooter>"


def _xlsx_row(
    row: Iterable[Cell], row_number: int, letters: Sequence[str], cleaned_texts: dict[str, tuple[str, bool]]
) -> Iterable[str]:
    """The cells of one row as worksheet XML; an empty cell is left out, as openpyxl leaves it out."""
    for letter, value in zip(letters, row, strict=False):
        if value is None:
            continue
        ref = f"{letter}{row_number}"
        if isinstance(value, str):
            yield _xlsx_text(ref, value, cleaned_texts)
        elif isinstance(value, bool):
            yield f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
        elif isinstance(value, int):
            yield f'<c r="{ref}"><v>{value}</v></c>'
        elif isinstance(value, float):
            yield f'<c r="{ref}"><v>{value!r}</v></c>'
        elif isinstance(value, datetime):
            yield f'<c r="{ref}" s="{_STYLE_DATETIME}"><v>{_excel_serial(value.replace(tzinfo=None))}</v></c>'
        elif isinstance(value, date):
            yield f'<c r="{ref}" s="{_STYLE_DATE}"><v>{_excel_serial(value)}</v></c>'
        else:
            yield _xlsx_text(ref, str(value), cleaned_texts)


def _xlsx_text(
    ref: str, text: str, cleaned_texts: dict[str, tuple[str, bool]], header: bool = False, keep_lines: bool = False
) -> str:
    """A text cell, inline as openpyxl writes it; formula-like text stays text with Excel's quote prefix.

    ``keep_lines``: line breaks stay (a note under the table), each line cleaned on its own.
    """
    known: tuple[str, bool] | None
    if keep_lines:
        parts = [_cleaned(line) for line in text.splitlines()]
        known = ("\n".join(part for part, _formula in parts), any(formula for _part, formula in parts[:1]))
    else:
        known = cleaned_texts.get(text)
        if known is None:  # the same few texts fill most cells (kinds, states, titles): each is cleaned once
            known = cleaned_texts[text] = _cleaned(text)
    cleaned, formula = known
    style = (_STYLE_BOLD if header else 0) + (_STYLE_QUOTED if formula else 0)
    space = ' xml:space="preserve"' if cleaned != cleaned.strip() else ""
    styled = f' s="{style}"' if style else ""
    if not cleaned:
        return f'<c r="{ref}"{styled} t="inlineStr"/>'  # an empty cell (what openpyxl writes for "")
    return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{_xml_text(cleaned)}</t></is></c>'


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


_EXCEL_EPOCH = datetime(1899, 12, 30)


def _excel_serial(value: date) -> int | float:
    """Days since Excel's epoch, as openpyxl counts them (its 1900 leap-year bug included)."""
    moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
    days = (moment - _EXCEL_EPOCH).days
    if 0 < days <= 60:
        days -= 1
    seconds = moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 10**6
    return days + seconds / 86400 if seconds else days


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_SHEET_TYPE = f"{_OFFICE}.spreadsheetml.worksheet+xml"
_STYLE_BOLD, _STYLE_QUOTED, _STYLE_DATE, _STYLE_DATETIME = 1, 2, 4, 5
_WRAP = 'applyAlignment="1"><alignment vertical="top" wrapText="1"/>'
_XLSX_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="DD.MM.YYYY"/>'
    '<numFmt numFmtId="165" formatCode="DD.MM.YYYY HH:MM"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6">'
    # Texts wrap within their column (a long organisation or comment prints in full, not cut at the edge).
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" {_WRAP}</xf>'  # 0: text, numbers
    f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" {_WRAP}</xf>'  # 1: header
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" {_WRAP}</xf>'  # 2: formula-like
    f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1" {_WRAP}</xf>'  # 3
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'  # 4: date
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'  # 5: timestamp
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)
