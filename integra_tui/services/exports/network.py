"""The network's memory in the funder's report: needs, offers, questions, volunteers, per quarter.

(The needs and questions of earlier meetings reviewed in a meeting are part of its minutes,
``services.exports.minutes_doc``.) The report folder (``integra-tui export report``) gets three
tables from :func:`network_report_parts`:

- ``Bedarfe_<Datum>.csv``: needs raised, in progress, met and not possible per topic and quarter
  (``records.captures.quarter_counts``, as ``services.needs.quarter_report``);
- ``Bedarfe_und_Angebote_<Datum>.csv``: every need with its status and its paired offers, together;
- ``Netzwerk_<Datum>.csv``: per quarter, offers, questions asked and answered, topic wishes, people
  who want to help (and how many were contacted) and consents to the contact list.

Counts only: no name of anyone who raised, asked or offered. Who takes care of a need stays in the
needs table, as the action items' owners stay in the action items' table.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Meeting
from integra_tui.domain.needs import marks_per_quarter, quarter_of, quarters_between
from integra_tui.i18n import _
from integra_tui.io.exports.documents import (
    Cell,
    Sheet,
    status_label,
)
from integra_tui.records import captures, contact_consents, topics
from integra_tui.records import volunteers as volunteer_records
from integra_tui.services.context import Context, list_meetings
from integra_tui.services.network_texts import pair_text, quarter_label, topic_label
from integra_tui.services.texts import check_range, group_label

__all__ = [
    "needs_offers_sheet",
    "needs_quarter_sheet",
    "network_quarter_sheet",
    "network_report_parts",
]


def needs_quarter_sheet(ctx: Context, date_from: date | None = None, date_to: date | None = None) -> Sheet:
    """Needs per topic and quarter: raised, in progress, met, not possible, still open (for the funder)."""
    check_range(date_from, date_to)
    counts = captures.quarter_counts(ctx.store, tz=ctx.tz, today=ctx.today(), date_from=date_from, date_to=date_to)
    headers = [
        _("Quartal"),
        _("Thema"),
        _("Neu erfasst"),
        _("In Arbeit (Ende des Quartals)"),
        _("Gedeckt"),
        _("Nicht möglich"),
        _("Offen (Ende des Quartals)"),
    ]
    rows: list[list[Cell]] = [
        [
            quarter_label(r.year, r.quarter),
            topic_label(r.topic),
            r.raised,
            r.in_progress,
            r.met,
            r.not_possible,
            r.open,
        ]
        for r in counts
    ]
    return Sheet(_("Bedarfe nach Thema und Quartal"), headers, rows)


def needs_offers_sheet(ctx: Context) -> Sheet:
    """Every need with its status and the offers paired with it, in one row (a pair exported together)."""
    headers = [
        _("Nr."),
        _("Thema"),
        _("Für"),
        _("Bedarf"),
        _("Erfasst am"),
        _("Wer kümmert sich"),
        _("Status"),
        _("Seit"),
        _("Kommentar"),
        _("Passende Angebote"),
        _("Aufgaben"),
    ]
    rows: list[list[Cell]] = []
    for row in captures.need_rows(ctx.store, {m.id: m for m in list_meetings(ctx)}, topics.listed(ctx.store)):
        need = row.need
        rows.append(
            [
                need.id,
                topic_label(need.topic) if need.topic else "",
                group_label(need.group) if need.group else "",
                need.text,
                row.meeting.date if row.meeting else None,
                need.owner,
                status_label(row.status),
                row.changed_at.astimezone(ctx.tz).date() if row.changed_at else None,
                row.comment,
                "; ".join(f"{o.id}: {pair_text(o)}" for o in row.offers),
                "; ".join(f"{a.id}: {a.text} ({status_label(a.status)})" for a in row.actions),
            ]
        )
    return Sheet(_("Bedarfe und Angebote"), headers, rows)


def network_quarter_sheet(ctx: Context, date_to: date | None = None) -> Sheet:
    """Per quarter: offers, questions asked and answered, topic wishes, who wants to help (contacted), consents."""
    headers = [
        _("Quartal"),
        _("Bedarfe erfasst"),
        _("Angebote erfasst"),
        _("Fragen gestellt"),
        _("Fragen beantwortet"),
        _("Themenwünsche"),
        _("Möchten sich engagieren"),
        _("Davon kontaktiert"),
        _("Einwilligungen in die Kontaktliste"),
    ]
    meetings = {m.id: m for m in list_meetings(ctx)}

    def day(value: str) -> date:
        return from_iso(value).astimezone(ctx.tz).date()

    counts: dict[tuple[int, int], list[int]] = {}

    def add(on: date | None, column: int) -> None:
        if on is None or (date_to is not None and on > date_to):
            return
        counts.setdefault(quarter_of(on), [0] * 8)[column] += 1

    columns = {captures.NEED: 0, captures.OFFER: 1, captures.QUESTION: 2, captures.TOPIC_WISH: 4}
    for capture in captures.live(ctx.store, kinds=tuple(columns)):
        meeting = meetings.get(capture.meeting_id)
        add(meeting.date if meeting else None, columns[capture.kind])
        if capture.kind == captures.QUESTION and capture.answered_at:
            add(day(capture.answered_at), 3)
    marked_per_quarter = marks_per_quarter(volunteer_records.marked_days(ctx.store, ctx.tz), date_to=date_to)
    for (year, quarter), (marked, contacted) in marked_per_quarter.items():
        row = counts.setdefault((year, quarter), [0] * 8)
        row[5] += marked
        row[6] += contacted
    for consent in contact_consents.every(ctx.store):
        add(day(consent.given_at) if consent.given_at else None, 7)
    if not counts:
        return Sheet(_("Netzwerk nach Quartal"), headers, [])
    first, last = min(counts), max(counts)
    quarters = quarters_between(date(first[0], first[1] * 3 - 2, 1), date(last[0], last[1] * 3 - 2, 1))
    rows: list[list[Cell]] = [[quarter_label(y, q), *counts.get((y, q), [0] * 8)] for y, q in quarters]
    return Sheet(_("Netzwerk nach Quartal"), headers, rows)


def network_report_parts(
    ctx: Context, meeting: Meeting, stamp: str, dialect: str = "de"
) -> list[tuple[str, str, Callable[[], bytes | str]]]:
    """The report folder's files of the network's memory: (label, file name, what writes it)."""
    from integra_tui.io.exports.csv_xlsx import csv_bytes, dialect_named

    try:
        chosen = dialect_named(dialect)
    except ValueError:
        chosen = dialect_named("de")
    return [
        (_("Bedarfe"), f"Bedarfe_{stamp}.csv", lambda: csv_bytes(needs_quarter_sheet(ctx, None, meeting.date), chosen)),
        (
            _("Bedarfe und Angebote"),
            f"Bedarfe_und_Angebote_{stamp}.csv",
            lambda: csv_bytes(needs_offers_sheet(ctx), chosen),
        ),
        (_("Netzwerk"), f"Netzwerk_{stamp}.csv", lambda: csv_bytes(network_quarter_sheet(ctx, meeting.date), chosen)),
    ]
