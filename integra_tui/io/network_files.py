"""The network's documents as files: the handout of answers, the contact list, the speaker's letter.

The services build each document (``services.questions.handout_doc``, ``services.contacts.contact_list_doc``,
``services.planning.speaker_letter_doc``) and write it through the function here, which names the
file (in ``folder`` when no ``out`` is given), renders it in the chosen format and writes it through
:func:`integra_tui.io.files.write_file` (never half a file over a good one, private to the user); a
PDF that had to print a stand-in for a character no font has says where, in ``ExportResult.warnings``.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from integra_tui.i18n import _, ngettext
from integra_tui.io.exports.documents import Sheet
from integra_tui.io.exports.network_documents import ContactListDoc, HandoutDoc, SpeakerLetterDoc
from integra_tui.io.files import ExportResult, chosen_format, csv_dialect, rendered_pdf, write_file
from integra_tui.io.fonts import FontWarning

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


def write_handout(doc: HandoutDoc, out: Path | None, fmt: str, *, folder: Path | None, day: date) -> ExportResult:
    """Write the handout (pdf or md, ``fmt`` as :func:`chosen_format` takes it); without ``out``, a name of ``day``."""
    from integra_tui.io.exports.network_markdown import handout_markdown
    from integra_tui.io.exports.network_pdf import handout_pdf

    chosen = chosen_format(fmt, out, HANDOUT_FORMATS)
    path = out or (folder or Path.cwd()) / f"Fragen_und_Antworten_{day.isoformat()}.{chosen}"
    warnings: list[FontWarning] = []
    data = handout_markdown(doc) if chosen == "md" else rendered_pdf(lambda: handout_pdf(doc, warnings, path.name))
    write_file(path, data)
    count = sum(len(t.entries) for t in doc.topics)
    summary = ngettext("{count} beantwortete Frage in {path}.", "{count} beantwortete Fragen in {path}.", count).format(
        count=count, path=path
    )
    return ExportResult([path], summary, warnings)


def write_contact_list(
    doc: ContactListDoc, sheet: Sheet, out: Path | None, fmt: str, *, folder: Path | None, day: date, dialect: str
) -> ExportResult:
    """Write the contact list (pdf, md, or ``sheet`` as csv in ``dialect``); without ``out``, a name of ``day``."""
    from integra_tui.io.exports.csv_xlsx import csv_bytes
    from integra_tui.io.exports.network_markdown import contact_list_markdown
    from integra_tui.io.exports.network_pdf import contact_list_pdf

    chosen = chosen_format(fmt, out, CONTACT_FORMATS)
    path = out or (folder or Path.cwd()) / f"Kontaktliste_{day.isoformat()}.{chosen}"
    warnings: list[FontWarning] = []
    if chosen == "csv":
        data: bytes | str = csv_bytes(sheet, csv_dialect(dialect))
    elif chosen == "md":
        data = contact_list_markdown(doc)
    else:
        data = rendered_pdf(lambda: contact_list_pdf(doc, warnings, path.name))
    write_file(path, data)
    summary = ngettext(
        "{count} Person auf der Kontaktliste {path}.", "{count} Personen auf der Kontaktliste {path}.", len(doc.rows)
    ).format(count=len(doc.rows), path=path)
    return ExportResult([path], summary, warnings)


def _slug(text: str) -> str:
    return re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_")[:40] or "Referent"


def write_speaker_letter(doc: SpeakerLetterDoc, out: Path | None, *, folder: Path | None) -> ExportResult:
    """Write the invitation letter (pdf); without ``out``, a name of the speaker and the meeting's day."""
    from integra_tui.io.exports.network_pdf import speaker_letter_pdf

    path = out or (folder or Path.cwd()) / f"Einladung_{_slug(doc.speaker)}_{doc.meeting_date.isoformat()}.pdf"
    warnings: list[FontWarning] = []
    data = rendered_pdf(lambda: speaker_letter_pdf(doc, warnings, path.name))
    write_file(path, data)
    return ExportResult(
        [path], _("Einladung an {name} nach {path} geschrieben.").format(name=doc.speaker, path=path), warnings
    )
