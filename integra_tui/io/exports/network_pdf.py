"""The network's documents as PDF (fpdf2): the handout of answers, the contact list, the speaker's invitation letter.

Fonts exactly as :mod:`integra_tui.io.exports.pdf` uses them: the bundled fonts
:mod:`integra_tui.io.fonts` finds for the document's texts (every script of the network's names),
text shaping only on lines with right-to-left letters or combining marks, a stand-in for a
character no font has and one :class:`~integra_tui.io.fonts.FontWarning` per file naming the rows
(contact list) or pages where that happened. Bold is the regular outline stroked, as there.
"""

from __future__ import annotations

import builtins
import dataclasses
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

from integra_tui.i18n import _, format_date, format_datetime
from integra_tui.io.exports.network_documents import ContactListDoc, HandoutDoc, SpeakerLetterDoc
from integra_tui.io.exports.pdf import PdfFontError, pdf_text
from integra_tui.io.exports.wording import meeting_line
from integra_tui.io.fonts import Face, FontWarning, NoFontError, StandIns, add_pdf_fonts, font_stack, quiet_pdf_output

__all__ = ["contact_list_pdf", "handout_pdf", "speaker_letter_pdf"]


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


def _needs_shaping(text: str) -> bool:
    """True for text with right-to-left letters or combining marks (Arabic, Hebrew, ...)."""
    for char in text:
        if ord(char) < 0x0590:
            continue
        if unicodedata.bidirectional(char) in ("R", "AL", "AN") or unicodedata.category(char) in ("Mn", "Mc"):
            return True
    return False


class _Page:
    """An A4 page flow with a header line, page numbers and the blocks these documents need."""

    def __init__(
        self, title: str, header_line: str, texts: Iterable[str], created: datetime | None, footer: bool = True
    ) -> None:
        from fpdf import FPDF

        outer = self
        try:
            faces: list[Face] = font_stack(list(texts) + [title, header_line])
        except NoFontError as error:
            raise PdfFontError(
                _("Keine Schrift für PDF-Dateien gefunden. Bitte installieren Sie integra-tui neu.")
            ) from error

        class _PDF(FPDF):
            def header(self) -> None:
                outer._header()

            def footer(self) -> None:
                outer._footer()

        pdf = _PDF(orientation="P", unit="mm", format="A4")
        pdf.set_margins(20, 16, 20)
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_creator("integra-tui")
        pdf.set_title(title)
        pdf.set_lang("de")
        self.families = add_pdf_fonts(pdf, faces)
        self.stand_ins = StandIns(faces)
        self.pdf = pdf
        self._shaping = False
        try:
            pdf.set_text_shaping(True)
            pdf.set_text_shaping(False)
            self._can_shape = True
        except Exception:  # uharfbuzz missing: right-to-left text prints unshaped, everything else is fine
            self._can_shape = False
        self.header_line = header_line
        self.created = created
        self.with_footer = footer
        self.font(10)

    def _header(self) -> None:
        if not self.header_line:
            return
        before = self._shaping
        pdf = self.pdf
        self.font(8)
        line = self.printable(self.header_line)
        self.shape_for(line)
        pdf.set_text_color(110)
        # A long title wraps onto further lines instead of running off the paper's edge.
        pdf.set_y(pdf.get_y() + 0.5)
        pdf.multi_cell(pdf.epw, 4, line, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(pdf.get_y() + 0.5)
        pdf.set_draw_color(180)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
        pdf.ln(4)
        pdf.set_text_color(0)
        self.font(10)
        self._restore(before)

    def _footer(self) -> None:
        if not self.with_footer:
            return
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
        self._restore(before)

    def _restore(self, wanted: bool) -> None:
        if wanted != self._shaping:
            self.pdf.set_text_shaping(wanted)
            self._shaping = wanted

    def shape_for(self, *texts: str) -> None:
        """Shape text only where a line needs it (shaping makes line breaking many times slower)."""
        wanted = self._can_shape and any(_needs_shaping(text) for text in texts)
        self._restore(wanted)

    def printable(self, text: str, row: int | None = None) -> str:
        """``text`` with stand-ins for what no font has, noted by ``row`` or else the page; no control characters."""
        text = pdf_text(text)
        if row is not None:
            return self.stand_ins.text(text, row=row)
        return self.stand_ins.text(text, page=max(1, self.pdf.page_no()))

    def font(self, size: float) -> None:
        """The main font at ``size`` points."""
        self.pdf.set_font(self.families[0], size=size)

    def bold(self, size: float, text: str, height: float | None = None) -> None:
        """A line (or wrapped lines) in bold: the outline stroked."""
        self.font(size)
        text = self.printable(text)
        self.shape_for(text)
        with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.018):
            self.pdf.multi_cell(0, height or size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align="L")

    def heading(self, text: str, level: int = 1) -> None:
        """A heading; level 1 is the document's title."""
        size = {1: 17, 2: 13, 3: 11}[level]
        if level > 1:
            self.pdf.ln(3 if level == 2 else 1.5)
            if self.pdf.get_y() + 25 > self.pdf.page_break_trigger:
                self.pdf.add_page()
        self.bold(size, text, size * 0.5)
        self.pdf.ln(1.5)
        self.font(10)

    def paragraph(self, text: str, size: float = 10, grey: bool = False, align: str = "L") -> None:
        """A wrapped paragraph."""
        self.font(size)
        if grey:
            self.pdf.set_text_color(90)
        text = self.printable(text)
        self.shape_for(text)
        self.pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT", align=align)
        self.pdf.set_text_color(0)
        self.pdf.ln(1)

    def labelled(self, label: str, text: str, size: float = 10) -> None:
        """'Frage: …' with the label in bold and the text wrapped after it."""
        self.font(size)
        label = self.printable(label)
        text = self.printable(text)
        self.shape_for(label, text)
        with self.pdf.local_context(text_mode="FILL_STROKE", line_width=size * 0.018):
            self.pdf.write(size * 0.5, label + " ")
        self.pdf.write(size * 0.5, text)
        self.pdf.ln(size * 0.5)
        self.pdf.ln(0.5)

    def table(
        self,
        headers: Sequence[str],
        rows: Iterable[Sequence[str]],
        widths: Sequence[float],
        size: float = 9,
        numbered: bool = False,
    ) -> None:
        """A table with a grey heading row repeated on every page; ``numbered``: the first cell numbers the row."""
        from fpdf.fonts import FontFace

        self.font(size)
        texts = [
            [
                self.printable(value, row=int(values[0]) if numbered and values[0].isdigit() else None)
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
            padding=(1.6, 1.2),
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

    def finish(self, warnings: list[FontWarning] | None, file_name: str) -> builtins.bytes:
        """The finished PDF; a warning about stand-ins goes to ``warnings``."""
        with quiet_pdf_output():
            data = bytes(self.pdf.output())
        warning = self.stand_ins.warning(file_name)
        if warnings is not None and warning is not None:
            warnings.append(warning)
        return data


def _day(value: date | None) -> str:
    return format_date(value) if value is not None else ""


def handout_pdf(
    doc: HandoutDoc, warnings: list[FontWarning] | None = None, file_name: str = "Fragen_und_Antworten.pdf"
) -> bytes:
    """The handout "Fragen und Antworten aus dem Netzwerk": by topic, each question with its answer."""
    from integra_tui.io.exports.network_markdown import handout_period

    page = _Page(doc.title, doc.title, _strings(doc), doc.created_at)
    page.pdf.add_page()
    page.heading(doc.title)
    period = handout_period(doc)
    if period:
        page.paragraph(period, grey=True)
    if not doc.topics:
        page.paragraph(_("Noch keine beantworteten Fragen."))
    for topic in doc.topics:
        page.heading(topic.topic, 2)
        for entry in topic.entries:
            question = entry.question + (
                f" ({_('gefragt von: {group}').format(group=entry.asked_by)})" if entry.asked_by else ""
            )
            page.labelled(_("Frage:"), question)
            page.labelled(_("Antwort:"), entry.answer)
            source = ", ".join(
                part
                for part in (
                    _("Antwort von {who}").format(who=entry.answered_by) if entry.answered_by else "",
                    _day(entry.answered_on),
                )
                if part
            )
            if source:
                page.paragraph(source, size=8.5, grey=True)
            page.pdf.ln(2)
    return page.finish(warnings, file_name)


def contact_list_pdf(
    doc: ContactListDoc, warnings: list[FontWarning] | None = None, file_name: str = "Kontaktliste.pdf"
) -> bytes:
    """The contact list: number, name, organisation, what they offer, how to reach them; stand-ins named by row."""
    page = _Page(doc.title, doc.title, _strings(doc), doc.created_at)
    page.pdf.add_page()
    page.heading(doc.title)
    page.paragraph(
        _("Alle hier Genannten haben eingewilligt, auf dieser Liste zu stehen. Bitte nur für das Netzwerk verwenden."),
        size=9,
        grey=True,
    )
    if not doc.rows:
        page.paragraph(_("Noch niemand hat eingewilligt, auf der Kontaktliste zu stehen."))
    else:
        rows = [
            [str(number), row.name, row.organisation, row.offer, "\n".join(row.reach)]
            for number, row in enumerate(doc.rows, start=1)
        ]
        page.table(
            [_("Nr."), _("Name"), _("Organisation"), _("Bietet an"), _("Erreichbar über")],
            rows,
            (0.7, 3, 3, 3.6, 4.2),
            numbered=True,
        )
    return page.finish(warnings, file_name)


def speaker_letter_pdf(
    doc: SpeakerLetterDoc, warnings: list[FontWarning] | None = None, file_name: str = "Einladung_Referent.pdf"
) -> bytes:
    """A speaker's invitation letter: date, place, topic, the audience to expect by group."""
    title = _("Einladung als Referent/in")
    page = _Page(title, "", _strings(doc), doc.created_at, footer=False)  # a letter: no footer line
    pdf = page.pdf
    pdf.add_page()
    if doc.sender:
        page.paragraph(doc.sender, size=9, grey=True)
    if doc.issued is not None:
        page.paragraph(format_date(doc.issued), size=10, align="R")
    pdf.ln(4)
    recipient = doc.speaker + (f"\n{doc.organisation}" if doc.organisation else "")
    page.paragraph(recipient, size=11)
    pdf.ln(8)
    subject = _("Einladung als Referent/in: {topic}").format(topic=doc.topic) if doc.topic else title
    page.bold(12, subject)
    pdf.ln(4)
    page.paragraph(_("Guten Tag {name},").format(name=doc.speaker), size=11)
    page.paragraph(
        _(
            "wir laden Sie herzlich ein, beim nächsten Treffen unseres Netzwerks "
            "als Referentin oder Referent zu sprechen."
        ),
        size=11,
    )
    facts = [
        (_("Treffen:"), doc.meeting_title),
        (_("Datum:"), meeting_line("", doc.meeting_date, doc.start_time, "").lstrip(", ")),
        (_("Ort:"), doc.place or "–"),
    ]
    if doc.topic:
        facts.append((_("Thema:"), doc.topic))
    if doc.talk_minutes:
        facts.append((_("Ihr Beitrag:"), _("etwa {minutes} Minuten").format(minutes=doc.talk_minutes)))
    pdf.ln(2)
    for label, text in facts:
        page.labelled(label, text, size=11)
    pdf.ln(3)
    if doc.audience_total:
        page.paragraph(
            _("Eingeladen sind {count} Personen aus dem Netzwerk, nach Gruppen:").format(count=doc.audience_total),
            size=11,
        )
        page.table(
            [_("Gruppe"), _("Eingeladen")],
            [[a.group, str(a.count)] for a in doc.audience],
            (4, 1.2),
            size=10,
        )
    else:
        page.paragraph(_("Die Einladungen an das Netzwerk gehen in den nächsten Tagen hinaus."), size=11)
    if doc.note:
        page.paragraph(doc.note, size=11)
    page.paragraph(
        _("Bitte geben Sie uns kurz Bescheid, ob Sie zusagen können. Wir freuen uns auf Sie!"),
        size=11,
    )
    pdf.ln(4)
    page.paragraph(_("Mit freundlichen Grüßen"), size=11)
    if doc.sender:
        pdf.ln(6)
        page.paragraph(doc.sender, size=11)
    return page.finish(warnings, file_name)
