"""Exports as PDF (fpdf2): the minutes, the attendance list with a signature column, attendance confirmations.

Names come in every script: the fonts are the bundled ones :mod:`integra_tui.io.fonts` finds
(Latin, Cyrillic, Greek, Arabic script, Hebrew, Ethiopic), and text shaping joins Arabic letters
and orders right-to-left text. A character no font has prints as a stand-in; pass a ``warnings``
list and it gets one :class:`~integra_tui.io.fonts.FontWarning` naming the rows (attendance list)
or pages where that happened. Bold text is drawn as the regular outline with a thin stroke: the
packaged fonts are variable fonts whose bold instance would cost seconds to build.
"""

from __future__ import annotations

import builtins
import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from integra_tui.i18n import _, format_date, format_datetime
from integra_tui.io.exports.documents import (
    AttendanceDoc,
    Cell,
    EngagementDoc,
    ItemMinutes,
    MinutesDoc,
)
from integra_tui.io.exports.wording import (
    action_details,
    attendance_sentence,
    follow_up_details,
    item_status_text,
    item_time_text,
    meeting_line,
    speaking_rows,
)
from integra_tui.io.fonts import Face, FontWarning, NoFontError, StandIns, add_pdf_fonts, font_stack, quiet_pdf_output

__all__ = [
    "PdfFontError",
    "attendance_pdf",
    "engagement_pdf",
    "minutes_pdf",
    "pdf_font_paths",
    "unicode_font_path",
]

BLANK_ATTENDANCE_ROWS = 5
"""Empty rows at the end of the attendance list, for people who came without being registered."""


class PdfFontError(Exception):
    """No font could be found to print the document; ``message`` says what to install."""


def pdf_font_paths(texts: Iterable[str]) -> list[Path]:
    """The fonts to print ``texts`` with, main font first (shared with the invitations)."""
    return [face.path for face in _faces(texts)]


def _faces(texts: Iterable[str]) -> list[Face]:
    try:
        return font_stack(texts)
    except NoFontError as error:
        raise PdfFontError(
            _("Keine Schrift für PDF-Dateien gefunden. Bitte installieren Sie integra-tui neu.")
        ) from error


def unicode_font_path() -> Path:
    """The main Unicode font PDFs are printed with."""
    return pdf_font_paths([])[0]


def _strings(value: Any) -> Iterator[str]:
    """Every text inside a document (dataclasses, lists, tuples), to choose fonts that cover them."""
    if isinstance(value, str):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


class _Document:
    """An A4 page flow with a header line, page numbers and the few blocks our documents need."""

    def __init__(self, title: str, header_line: str, texts: Iterable[str], created: datetime | None) -> None:
        from fpdf import FPDF

        outer = self
        texts = list(texts) + [title, header_line]
        faces = _faces(texts)

        class _PDF(FPDF):
            def header(self) -> None:
                outer._page_header()

            def footer(self) -> None:
                outer._page_footer()

        pdf = _PDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_creator("integra-tui")
        pdf.set_title(title)
        pdf.set_lang("de")
        self.families = add_pdf_fonts(pdf, faces)
        self.stand_ins = StandIns(faces)
        """Where stand-ins were printed for characters no font has."""
        self.pdf = pdf
        self._shaping = False
        try:
            pdf.set_text_shaping(True)
            pdf.set_text_shaping(False)
            self._can_shape = True
        except Exception:  # uharfbuzz missing: right-to-left names print unshaped, everything else is fine
            self._can_shape = False
        self.title = title
        self.header_line = header_line
        self.created = created
        self.font(10)

    # -- page furniture --------------------------------------------------------------------------
    def _page_header(self) -> None:
        # Called in the middle of a page break: leave the shaping of the interrupted text as it was.
        before = self._shaping
        pdf = self.pdf
        self.font(8)
        header_line = self.printable(self.header_line)
        self.shape_for(header_line)
        pdf.set_text_color(110)
        pdf.cell(0, 5, header_line, new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(4)
        pdf.set_text_color(0)
        self.font(10)
        self._restore_shaping(before)

    def _page_footer(self) -> None:
        before = self._shaping
        pdf = self.pdf
        pdf.set_y(-13)
        self.font(8)
        self.shape_for("")
        pdf.set_text_color(110)
        left = (
            _("Erstellt am {when} mit integra-tui").format(when=format_datetime(self.created)) if self.created else ""
        )
        pdf.cell(pdf.epw / 2, 5, left)
        pdf.cell(pdf.epw / 2, 5, _("Seite {page} von {pages}").format(page=pdf.page_no(), pages="{nb}"), align="R")
        pdf.set_text_color(0)
        self._restore_shaping(before)

    def _restore_shaping(self, wanted: bool) -> None:
        if wanted != self._shaping:
            self.pdf.set_text_shaping(wanted)
            self._shaping = wanted

    def shape_for(self, *texts: str) -> None:
        """Shape text (join Arabic letters, order right-to-left runs) only where a line needs it.

        Shaping makes line breaking many times slower, so lines in Latin, Cyrillic or Ethiopic
        script are set without it.
        """
        wanted = self._can_shape and any(_needs_shaping(text) for text in texts)
        if wanted != self._shaping:
            self.pdf.set_text_shaping(wanted)
            self._shaping = wanted

    def printable(self, text: str, row: int | None = None) -> str:
        """``text`` with stand-ins for what no font has, noted for the warning by ``row`` or else the page."""
        if row is not None:
            return self.stand_ins.text(text, row=row)
        return self.stand_ins.text(text, page=max(1, self.pdf.page_no()))

    def warning(self, file_name: str) -> FontWarning | None:
        """The warning for this document saved as ``file_name``, or None when everything printed as it is."""
        return self.stand_ins.warning(file_name)

    # -- blocks ------------------------------------------------------------------------------------
    def font(self, size: float) -> None:
        """Switch to the main font at ``size`` points."""
        self.pdf.set_font(self.families[0], size=size)

    def bold(self, size: float, text: str, height: float, **cell: Any) -> None:
        """One line in bold (the outline stroked), then to the next line."""
        self.font(size)
        text = self.printable(text)
        self.shape_for(text)
        with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.018):
            self.pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT", align="L", **cell)

    def heading(self, text: str, level: int = 1) -> None:
        """A heading; level 1 is the document title."""
        size = {1: 17, 2: 13, 3: 11}[level]
        if level > 1:
            self.pdf.ln(3 if level == 2 else 1.5)
            # Keep a heading together with at least a few lines of what follows it.
            if self.pdf.get_y() + 25 > self.pdf.page_break_trigger:
                self.pdf.add_page()
        self.bold(size, text, size * 0.5)
        self.pdf.ln(1.5)
        self.font(10)

    def paragraph(self, text: str, size: float = 10, italic_grey: bool = False) -> None:
        """A wrapped paragraph."""
        self.font(size)
        if italic_grey:
            self.pdf.set_text_color(90)
        text = self.printable(text)
        self.shape_for(text)
        self.pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")
        self.pdf.set_text_color(0)
        self.pdf.ln(1)

    def bullets(self, lines: Sequence[str], size: float = 10) -> None:
        """A bulleted list with hanging indent."""
        pdf = self.pdf
        self.font(size)
        for line in lines:
            pdf.set_x(pdf.l_margin + 2)
            line = self.printable(line)
            self.shape_for(line)
            pdf.cell(4, size * 0.5, "•")
            pdf.multi_cell(pdf.epw - 6, size * 0.5, line, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[Cell]],
        widths: Sequence[float],
        padding: float = 1.2,
        size: float = 9,
        numbered: bool = False,
    ) -> None:
        """A table with a grey heading row that repeats on every page; ``padding`` above and below each line (mm).

        ``numbered``: each row's first cell is its number, which warnings about stand-ins name.
        """
        from fpdf.fonts import FontFace

        self.font(size)
        texts = [
            [
                self.printable(_pdf_text(value), row=values[0] if numbered and isinstance(values[0], int) else None)
                for value in values
            ]
            for values in rows
        ]
        self.shape_for(*headers, *(text for values in texts for text in values))
        heading = FontFace(emphasis=None, fill_color=(230, 230, 230))
        with self.pdf.table(
            col_widths=tuple(widths),
            width=self.pdf.epw,
            line_height=size * 0.45,
            padding=(padding, 1.2),
            v_align="MIDDLE",
            headings_style=heading,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            row = table.row()
            for header in headers:
                row.cell(self.printable(header))
            for values in texts:
                row = table.row()
                for text in values:
                    row.cell(text)
        self.pdf.ln(2)
        self.font(10)

    def bytes(self) -> bytes:
        """The finished PDF."""
        with quiet_pdf_output():
            return bytes(self.pdf.output())

    def finish(self, warnings: list[FontWarning] | None, file_name: str) -> builtins.bytes:
        """The finished PDF; a warning about stand-ins goes to ``warnings``."""
        data = self.bytes()
        warning = self.warning(file_name)
        if warnings is not None and warning is not None:
            warnings.append(warning)
        return data


def _needs_shaping(text: str) -> bool:
    """True for text with right-to-left letters or combining marks (Arabic, Hebrew, Indic scripts, ...)."""
    for char in text:
        if ord(char) < 0x0590:
            continue
        if unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char) in ("Mn", "Mc"):
            return True
    return False


def _pdf_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    return str(value)


def _item_section(document: _Document, item: ItemMinutes, heading: str) -> None:
    document.heading(heading, 3)
    if item.number:
        document.paragraph(f"{item_time_text(item)} – {item_status_text(item)}", size=9, italic_grey=True)
    if item.choices:
        document.bullets(item.choices, size=9)
    for label, captured in (
        (_("Notizen"), item.notes),
        (_("Beschlüsse"), item.decisions),
        (_("Aufgaben"), item.actions),
        (_("Bedarfe"), item.needs),
    ):
        if not captured:
            continue
        document.bold(10, label, 5.5)
        lines = []
        for line in captured:
            details = action_details(line, with_status=line.kind in ("action", "need")) if line.kind != "note" else ""
            lines.append(line.text + (f" – {details}" if details else ""))
        document.bullets(lines)


def minutes_pdf(doc: MinutesDoc, warnings: list[FontWarning] | None = None, file_name: str = "Protokoll.pdf") -> bytes:
    """The minutes of a meeting as PDF; ``warnings`` gets the pages with stand-ins (as ``file_name``)."""
    header = _("Protokoll") + " – " + meeting_line(doc.title, doc.date, doc.start_time, doc.place)
    document = _Document(_("Protokoll: {title}").format(title=doc.title), header, _strings(doc), doc.created_at)
    pdf = document.pdf
    pdf.add_page()
    document.heading(_("Protokoll: {title}").format(title=doc.title))
    facts = [_("Datum: {date}").format(date=meeting_line("", doc.date, doc.start_time, doc.place).lstrip(", "))]
    if doc.topic:
        facts.append(_("Thema: {topic}").format(topic=doc.topic))
    if doc.started_at is not None:
        end = doc.ended_at.strftime("%H:%M") if doc.ended_at else "…"
        facts.append(_("Beginn und Ende: {start}–{end}").format(start=doc.started_at.strftime("%H:%M"), end=end))
    document.paragraph("\n".join(facts))

    document.heading(_("Anwesenheit"), 2)
    document.paragraph(attendance_sentence(doc))
    if doc.groups:
        document.table(
            [_("Gruppe"), _("Anwesend"), _("Eingeladen")],
            [[g.group, g.present, g.invited] for g in doc.groups],
            (3, 1, 1),
        )
    if doc.names is not None:
        document.heading(_("Anwesende"), 3)
        document.bullets([f"{group}: {', '.join(names)}" for group, names in doc.names])

    document.heading(_("Tagesordnung"), 2)
    if not doc.items:
        document.paragraph(_("Keine Tagesordnungspunkte."))
    for item in doc.items:
        presenter = f" – {item.presenter}" if item.presenter else ""
        _item_section(document, item, f"{_('TOP')} {item.number}: {item.title}{presenter}")
    if doc.other is not None:
        _item_section(document, doc.other, _("Sonstiges"))

    document.heading(_("Redezeit nach Gruppen"), 2)
    rows = speaking_rows(doc)
    if rows:
        document.table([_("Gruppe"), _("Redezeit"), _("Anteil")], rows, (3, 1.5, 1))
    else:
        document.paragraph(_("Keine Redezeiten erfasst."))

    document.heading(_("Offene Punkte aus früheren Treffen"), 2)
    if doc.follow_ups:
        document.bullets([f"{line.text} – {follow_up_details(line)}" for line in doc.follow_ups])
    else:
        document.paragraph(_("Keine offenen Punkte."))
    return document.finish(warnings, file_name)


def attendance_pdf(
    doc: AttendanceDoc,
    created: datetime | None = None,
    warnings: list[FontWarning] | None = None,
    file_name: str = "Teilnehmerliste.pdf",
) -> bytes:
    """The attendance list as funders ask for it: first name, last name, organisation, signature.

    ``warnings`` gets the rows (by their "Nr.") and pages with stand-ins, as ``file_name``.
    """
    line = meeting_line(doc.title, doc.date, doc.start_time, doc.place)
    document = _Document(_("Teilnehmerliste"), _("Teilnehmerliste") + " – " + line, _strings(doc), created)
    pdf = document.pdf
    pdf.add_page()
    document.heading(_("Teilnehmerliste"))
    document.paragraph(
        "\n".join(
            [
                _("Veranstaltung: {title}").format(title=doc.title),
                _("Datum: {date}").format(date=meeting_line("", doc.date, doc.start_time, "").lstrip(", ")),
                _("Ort: {place}").format(place=doc.place or "–"),
            ]
        )
    )
    rows: list[list[Cell]] = [
        [index, row.first_name, row.last_name, row.organisation, ""] for index, row in enumerate(doc.rows, start=1)
    ]
    rows += [[len(doc.rows) + extra, "", "", "", ""] for extra in range(1, BLANK_ATTENDANCE_ROWS + 1)]
    document.table(
        [_("Nr."), _("Vorname"), _("Nachname"), _("Organisation"), _("Unterschrift")],
        rows,
        (0.7, 2.6, 2.6, 4.2, 3.6),
        padding=2.6,
        size=9.5,
        numbered=True,
    )
    return document.finish(warnings, file_name)


def engagement_pdf(
    doc: EngagementDoc,
    created: datetime | None = None,
    warnings: list[FontWarning] | None = None,
    file_name: str = "Teilnahmebestaetigung.pdf",
) -> bytes:
    """An attendance confirmation (proof of voluntary engagement) as PDF; ``warnings`` as for the minutes."""
    document = _Document(
        _("Teilnahmebestätigung"), _("Teilnahmebestätigung") + " – " + doc.name, _strings(doc), created
    )
    pdf = document.pdf
    pdf.add_page()
    document.heading(_("Teilnahmebestätigung"))
    pdf.ln(4)
    who = doc.name + (f" ({doc.organisation})" if doc.organisation else "")
    document.paragraph(
        _(
            "Hiermit wird bestätigt, dass {name} an den folgenden Treffen des INTEGRA-Netzwerks teilgenommen hat:"
        ).format(name=who),
        size=11,
    )
    if doc.meetings:
        document.bullets(
            [f"{format_date(on)}: {title}" + (f", {place}" if place else "") for on, title, place in doc.meetings],
            size=11,
        )
    else:
        document.paragraph(_("Keine Teilnahme erfasst."), size=11)
    if doc.roles:
        document.heading(_("Mitwirkung"), 2)
        document.bullets(doc.roles, size=11)
    pdf.ln(6)
    document.paragraph(_("Ausgestellt am {date}.").format(date=format_date(doc.issued)), size=11)
    if doc.issuer:
        document.paragraph(doc.issuer, size=11)
    pdf.ln(18)
    y = pdf.get_y()
    pdf.line(pdf.l_margin, y, pdf.l_margin + 70, y)
    pdf.line(pdf.w - pdf.r_margin - 70, y, pdf.w - pdf.r_margin, y)
    document.font(8)
    pdf.set_xy(pdf.l_margin, y + 1)
    pdf.cell(70, 4, _("Ort, Datum"))
    pdf.set_xy(pdf.w - pdf.r_margin - 70, y + 1)
    pdf.cell(70, 4, _("Unterschrift, Stempel"))
    return document.finish(warnings, file_name)
