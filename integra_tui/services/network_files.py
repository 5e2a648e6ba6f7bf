"""Writing the network's documents: the handout of answers (md, pdf), the contact list (pdf, csv), the speaker's letter.

For the command line and the coordinator's screen alike. Each file is written to a temporary name
and renamed (never half a file over a good one), private to the user; a PDF that had to print a
stand-in for a character no font has says where, in :attr:`ExportResult.warnings`.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from integra_tui.i18n import _, ngettext
from integra_tui.io.fonts import FontWarning
from integra_tui.services import contacts, planning, questions
from integra_tui.services.context import Context, ServiceError, get_meeting
from integra_tui.services.exports import ExportResult, write_file

__all__ = [
    "CONTACT_FORMATS",
    "HANDOUT_FORMATS",
    "write_contact_list",
    "write_handout",
    "write_speaker_letter",
]

HANDOUT_FORMATS = ("pdf", "md")
"""The handout's formats (the first is the default)."""

CONTACT_FORMATS = ("pdf", "csv", "md")
"""The contact list's formats (the first is the default)."""


def _format(fmt: str, out: Path | None, formats: tuple[str, ...]) -> str:
    chosen = fmt.lower().lstrip(".")
    if not chosen and out is not None:
        suffix = out.suffix.lower().lstrip(".")
        chosen = {"markdown": "md"}.get(suffix, suffix)
        if chosen not in formats:
            chosen = ""
    chosen = chosen or formats[0]
    if chosen not in formats:
        raise ServiceError(
            _("Das Format {format} gibt es hier nicht; möglich: {formats}.").format(
                format=chosen, formats=", ".join(formats)
            )
        )
    return chosen


def _pdf_font_error(error: Exception) -> ServiceError:
    return ServiceError(str(error))


def write_handout(
    ctx: Context,
    out: Path | None = None,
    fmt: str = "",
    *,
    folder: Path | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    topic: str = "",
) -> ExportResult:
    """Write the handout "Fragen und Antworten aus dem Netzwerk" (pdf or md); without ``out``, a name in ``folder``."""
    from integra_tui.io.exports.network_markdown import handout_markdown
    from integra_tui.io.exports.network_pdf import handout_pdf
    from integra_tui.io.exports.pdf import PdfFontError

    chosen = _format(fmt, out, HANDOUT_FORMATS)
    doc = questions.handout_doc(ctx, date_from=date_from, date_to=date_to, topic=topic)
    path = out or (folder or Path.cwd()) / f"Fragen_und_Antworten_{ctx.today().isoformat()}.{chosen}"
    warnings: list[FontWarning] = []
    try:
        data = handout_markdown(doc) if chosen == "md" else handout_pdf(doc, warnings, path.name)
    except PdfFontError as error:
        raise _pdf_font_error(error) from None
    write_file(path, data)
    count = sum(len(t.entries) for t in doc.topics)
    summary = ngettext("{count} beantwortete Frage in {path}.", "{count} beantwortete Fragen in {path}.", count).format(
        count=count, path=path
    )
    return ExportResult([path], summary, warnings)


def write_contact_list(
    ctx: Context, out: Path | None = None, fmt: str = "", *, folder: Path | None = None, dialect: str = "de"
) -> ExportResult:
    """Write the network's contact list (pdf, csv or md): only people whose consent holds."""
    from integra_tui.io.exports.csv_xlsx import csv_bytes, dialect_named
    from integra_tui.io.exports.network_markdown import contact_list_markdown
    from integra_tui.io.exports.network_pdf import contact_list_pdf
    from integra_tui.io.exports.pdf import PdfFontError

    chosen = _format(fmt, out, CONTACT_FORMATS)
    doc = contacts.contact_list_doc(ctx)
    path = out or (folder or Path.cwd()) / f"Kontaktliste_{ctx.today().isoformat()}.{chosen}"
    warnings: list[FontWarning] = []
    try:
        if chosen == "csv":
            try:
                named = dialect_named(dialect)
            except ValueError:
                raise ServiceError(
                    _("Unbekannter CSV-Dialekt: {name} (möglich: de, international)").format(name=dialect)
                ) from None
            data: bytes | str = csv_bytes(contacts.contact_sheet(doc), named)
        elif chosen == "md":
            data = contact_list_markdown(doc)
        else:
            data = contact_list_pdf(doc, warnings, path.name)
    except PdfFontError as error:
        raise _pdf_font_error(error) from None
    write_file(path, data)
    summary = ngettext(
        "{count} Person auf der Kontaktliste {path}.", "{count} Personen auf der Kontaktliste {path}.", len(doc.rows)
    ).format(count=len(doc.rows), path=path)
    return ExportResult([path], summary, warnings)


def _slug(text: str) -> str:
    return re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_")[:40] or "Referent"


def write_speaker_letter(
    ctx: Context, meeting_id: int, out: Path | None = None, *, sender: str = "", folder: Path | None = None
) -> ExportResult:
    """Write the invitation letter (pdf) to the planned speaker of a meeting."""
    from integra_tui.io.exports.network_pdf import speaker_letter_pdf
    from integra_tui.io.exports.pdf import PdfFontError

    meeting = get_meeting(ctx, meeting_id)
    doc = planning.speaker_letter_doc(ctx, meeting_id, sender)
    path = out or (folder or Path.cwd()) / f"Einladung_{_slug(doc.speaker)}_{meeting.date.isoformat()}.pdf"
    warnings: list[FontWarning] = []
    try:
        data = speaker_letter_pdf(doc, warnings, path.name)
    except PdfFontError as error:
        raise _pdf_font_error(error) from None
    write_file(path, data)
    return ExportResult(
        [path], _("Einladung an {name} nach {path} geschrieben.").format(name=doc.speaker, path=path), warnings
    )
