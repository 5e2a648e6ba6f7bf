"""The network's documents as PDF (fpdf2): the handout of answers, the contact list, the speaker's invitation letter.

Built on the document of :mod:`integra_tui.io.exports.pdf` (page setup, header, footer, fonts and
blocks live there once): the bundled fonts :mod:`integra_tui.io.fonts` finds for the document's
texts (every script of the network's names), text shaping only on lines with right-to-left letters
or combining marks, a stand-in for a character no font has and one
:class:`~integra_tui.io.fonts.FontWarning` per file naming the rows (contact list) or pages where
that happened.
"""

from __future__ import annotations

from datetime import date

from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import Cell
from integra_tui.io.exports.network_documents import ContactListDoc, HandoutDoc, SpeakerLetterDoc
from integra_tui.io.exports.pdf import _Document, _strings
from integra_tui.io.exports.wording import meeting_line
from integra_tui.io.fonts import FontWarning

__all__ = ["contact_list_pdf", "handout_pdf", "speaker_letter_pdf"]


def _day(value: date | None) -> str:
    return format_date(value) if value is not None else ""


def handout_pdf(
    doc: HandoutDoc, warnings: list[FontWarning] | None = None, file_name: str = "Fragen_und_Antworten.pdf"
) -> bytes:
    """The handout "Fragen und Antworten aus dem Netzwerk": by topic, each question with its answer."""
    from integra_tui.io.exports.network_markdown import handout_period

    page = _Document(doc.title, doc.title, _strings(doc), doc.created_at)
    page.pdf.add_page()
    page.heading(doc.title)
    period = handout_period(doc)
    if period:
        page.paragraph(period, italic_grey=True)
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
                page.paragraph(source, size=8.5, italic_grey=True)
            page.pdf.ln(2)
    return page.finish(warnings, file_name)


def contact_list_pdf(
    doc: ContactListDoc, warnings: list[FontWarning] | None = None, file_name: str = "Kontaktliste.pdf"
) -> bytes:
    """The contact list: number, name, organisation, what they offer, how to reach them; stand-ins named by row."""
    page = _Document(doc.title, doc.title, _strings(doc), doc.created_at)
    page.pdf.add_page()
    page.heading(doc.title)
    page.paragraph(
        _("Alle hier Genannten haben eingewilligt, auf dieser Liste zu stehen. Bitte nur für das Netzwerk verwenden."),
        size=9,
        italic_grey=True,
    )
    if not doc.rows:
        page.paragraph(_("Noch niemand hat eingewilligt, auf der Kontaktliste zu stehen."))
    else:
        rows: list[list[Cell]] = [
            [number, row.name, row.organisation, row.offer, "\n".join(row.reach)]
            for number, row in enumerate(doc.rows, start=1)
        ]
        page.table(
            [_("Nr."), _("Name"), _("Organisation"), _("Bietet an"), _("Erreichbar über")],
            rows,
            (0.7, 3, 3, 3.6, 4.2),
            padding=1.6,
            numbered=True,
        )
    return page.finish(warnings, file_name)


def speaker_letter_pdf(
    doc: SpeakerLetterDoc, warnings: list[FontWarning] | None = None, file_name: str = "Einladung_Referent.pdf"
) -> bytes:
    """A speaker's invitation letter: date, place, topic, the audience to expect by group."""
    title = _("Einladung als Referent/in")
    page = _Document(title, "", _strings(doc), doc.created_at, footer=False)  # a letter: no footer line
    pdf = page.pdf
    pdf.add_page()
    if doc.sender:
        page.paragraph(doc.sender, size=9, italic_grey=True)
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
            [[a.group, a.count] for a in doc.audience],
            (4, 1.2),
            padding=1.6,
            size=10,
            align=("L", "R"),
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
