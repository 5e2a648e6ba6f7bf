"""What the coordinator's export tab offers: the kinds of ``services.exports`` and the network's files.

The kinds and formats of ``services.exports`` are taken as that module says they are (``KINDS``,
``FORMATS``: a format added there shows up here); the network's files (the questions handout, the
contact list, the speaker's letter of ``io.network_files``, and the needs tables of
``services.exports.network``) are added as kinds of their own. Which meeting a kind is for: the
kinds that look back (minutes, attendance, …) take the latest meeting that took place
(``services.meetings.latest_held_meeting``), those that look ahead (the sign-in list printed before
the doors open, the speaker's letter) today's or the next meeting; the network's lists none.
"""

from __future__ import annotations

from pathlib import Path

from integra_tui.i18n import _, ngettext
from integra_tui.io import network_files
from integra_tui.io.files import ExportResult, write_file
from integra_tui.services import contacts, exports, planning, questions
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.exports import ExportRequest, Progress
from integra_tui.services.exports import network as network_report
from integra_tui.services.meetings import current_meeting, get_meeting, latest_held_meeting

__all__ = [
    "LOOKS_AHEAD",
    "NETWORK_FORMATS",
    "WITHOUT_MEETING",
    "default_meeting_id",
    "formats_for",
    "kind_labels",
    "run_coordinator_export",
]

NETWORK_FORMATS: dict[str, tuple[str, ...]] = {
    "handout": network_files.HANDOUT_FORMATS,
    "contacts": network_files.CONTACT_FORMATS,
    "needs": ("csv", "xlsx"),
    "speaker_letter": ("pdf",),
}
"""The network's files and their formats (the first is the default)."""

LOOKS_AHEAD = frozenset({"signin", "speaker_letter"})
"""Kinds for a meeting still ahead (today's or the next one)."""

WITHOUT_MEETING = frozenset({"handout", "contacts", "needs", "stats"})
"""Kinds that are not about one meeting."""


def kind_labels() -> dict[str, str]:
    """Every kind the tab offers, with its label, in the order of the chooser."""
    labels = {
        "minutes": _("Protokoll"),
        "signin": _("Teilnehmerliste zum Unterschreiben"),
        "attendance": _("Anwesenheitsliste"),
        "actions": _("Aufgaben, Beschlüsse, Bedarfe"),
        "report": _("Bericht für den Förderer (Ordner)"),
        "stats": _("Statistik"),
        "engagement": _("Teilnahmebestätigung"),
        "needs": _("Bedarfe nach Thema und Quartal, mit Angeboten"),
        "handout": _("Fragen und Antworten (Handzettel)"),
        "contacts": _("Kontaktliste des Netzwerks"),
        "speaker_letter": _("Einladungsbrief an die Referentin / den Referenten"),
    }
    result = {kind: label for kind, label in labels.items() if kind in exports.KINDS or kind in NETWORK_FORMATS}
    for kind in exports.KINDS:
        result.setdefault(kind, kind)  # a kind added to services.exports later: offered under its own name
    return result


def formats_for(kind: str) -> tuple[str, ...]:
    """The formats of a kind, as the service that writes it says."""
    if kind in NETWORK_FORMATS:
        return NETWORK_FORMATS[kind]
    return tuple(exports.FORMATS.get(kind, ()))


def default_meeting_id(ctx: Context, kind: str) -> int | None:
    """The meeting a kind is for when the user chooses none (None: no such meeting, or the kind needs none)."""
    if kind in WITHOUT_MEETING:
        return None
    if kind in LOOKS_AHEAD:
        meeting = current_meeting(ctx)
    else:
        meeting = latest_held_meeting(ctx)
    return meeting.id if meeting is not None else None


def _needs_tables(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    from integra_tui.io.exports.csv_xlsx import csv_bytes, dialect_named, xlsx_bytes

    step(0.2, _("Bedarfe werden gezählt …"))
    sheets = [network_report.needs_quarter_sheet(ctx), network_report.needs_offers_sheet(ctx)]
    folder = request.folder or Path.cwd()
    day = ctx.today().isoformat()
    if fmt == "xlsx":
        targets = [(folder / f"Bedarfe_{day}.xlsx", xlsx_bytes(sheets))]
    else:
        dialect = dialect_named("international" if request.dialect == "international" else "de")
        targets = [
            (folder / f"Bedarfe_{day}.csv", csv_bytes(sheets[0], dialect)),
            (folder / f"Bedarfe_und_Angebote_{day}.csv", csv_bytes(sheets[1], dialect)),
        ]
    step(0.8, _("Datei wird gespeichert …"))
    paths = [write_file(path, data) for path, data in targets]  # a missing folder is made private (0700)
    count = len(sheets[1].rows)
    summary = ngettext(
        "{count} Bedarf nach Thema und Quartal, mit Angeboten: {paths}.",
        "{count} Bedarfe nach Thema und Quartal, mit Angeboten: {paths}.",
        count,
    ).format(count=count, paths=", ".join(str(p) for p in paths))
    return ExportResult(paths, summary)


def run_coordinator_export(ctx: Context, request: ExportRequest, progress: Progress | None = None) -> ExportResult:
    """Write what the export tab asks for; refused with a clear message (a ``ServiceError``) when it cannot be."""

    def step(share: float, label: str) -> None:
        if progress is not None:
            progress(share, label)

    kind = request.kind
    if kind not in NETWORK_FORMATS:
        return exports.run_export(ctx, request, progress)  # no meeting: the service's own default (it looks back)
    fmt = request.format or NETWORK_FORMATS[kind][0]
    if kind == "needs":
        result = _needs_tables(ctx, request, fmt, step)
    elif kind == "handout":
        step(0.3, _("Handzettel wird erstellt …"))
        result = questions.write_handout(ctx, fmt=fmt, folder=request.folder)
    elif kind == "contacts":
        step(0.3, _("Kontaktliste wird erstellt …"))
        result = contacts.write_contact_list(ctx, fmt=fmt, folder=request.folder, dialect=request.dialect)
    else:
        meeting_id = request.meeting_id if request.meeting_id is not None else default_meeting_id(ctx, kind)
        if meeting_id is None:
            raise ServiceError(_("Es gibt kein kommendes Treffen; bitte ein Treffen wählen."))
        get_meeting(ctx, meeting_id)
        step(0.3, _("Einladungsbrief wird erstellt …"))
        result = planning.write_speaker_letter(ctx, meeting_id, folder=request.folder)
    step(1.0, _("Fertig."))
    return result
