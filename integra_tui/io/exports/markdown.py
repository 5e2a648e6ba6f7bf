"""Exports as Markdown: the minutes, action items, statistics, attendance confirmations, personal data.

Every text that came from a user is escaped, so a name with ``*`` or ``|`` prints as written and
cannot break a table or inject HTML when the Markdown is turned into HTML.

Names and owners in right-to-left scripts are wrapped in Unicode isolates (FSI … PDI,
``domain.names.isolate``), so several Arabic names in one line keep their order; the HTML export
turns the isolates into ``<bdi>``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from integra_tui.domain.names import isolate
from integra_tui.domain.text import clean_line
from integra_tui.i18n import _, format_date, format_datetime
from integra_tui.io.exports.documents import (
    ActionLine,
    Cell,
    EngagementDoc,
    ItemMinutes,
    MinutesDoc,
    Sheet,
    kind_label,
    kind_plural_label,
    status_label,
)
from integra_tui.io.exports.network_wording import capture_details, need_review_details, question_review_details
from integra_tui.io.exports.wording import (
    attendance_sentence,
    follow_up_details,
    item_status_text,
    item_time_text,
    meeting_line,
    speaking_rows,
)

__all__ = [
    "actions_markdown",
    "engagement_markdown",
    "md_escape",
    "md_table",
    "minutes_markdown",
    "personal_data_markdown",
    "sheet_markdown",
]

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=])")
_NUMBERED = re.compile(r"^(\s*\d+)([.)])")


_ISOLATED = re.compile("\u2068([^\u2066-\u2069]*)\u2069")
"""A name wrapped in FSI … PDI by ``domain.names.isolate``: the one bidi control an export keeps."""


def _clean_keeping_isolates(text: str) -> str:
    """``clean_line``, except that balanced FSI … PDI pairs (``domain.names.isolate``) stay around their text."""
    parts = _ISOLATED.split(text)  # outside, inside, outside, ...
    return "".join(
        clean_line(part) if i % 2 == 0 else f"\u2068{clean_line(part)}\u2069" for i, part in enumerate(parts)
    )


def md_escape(text: str) -> str:
    """``text`` as literal Markdown on one line: markup characters escaped, line breaks made spaces, no controls.

    The only bidi controls kept are the isolates ``domain.names.isolate`` puts around a right-to-left
    name (balanced FSI … PDI), so several Arabic names in one line keep their order.
    """
    text = " ".join(_clean_keeping_isolates(str(text)).split())
    text = _SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    # "1." would start a numbered list: escape the dot, not the digit (a backslash before a digit stays visible).
    return _NUMBERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _cell_text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return f"{value:.1f}"
    return md_escape(str(value))


def md_table(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """A Markdown (GFM) table; cells are escaped."""
    lines = ["| " + " | ".join(md_escape(h) for h in headers) + " |", "|" + "|".join(" --- " for _h in headers) + "|"]
    lines.extend("| " + " | ".join(_cell_text(v) for v in row) + " |" for row in rows)
    return "\n".join(lines)


def sheet_markdown(sheet: Sheet, heading: str | None = None) -> str:
    """A sheet as a Markdown document: a heading and one table."""
    title = heading if heading is not None else sheet.title
    body = md_table(sheet.headers, sheet.rows) if sheet.rows else _("*Keine Einträge.*")
    return f"# {md_escape(title)}\n\n{body}\n"


def _footer(created: datetime) -> str:
    return "\n---\n\n" + _("*Erstellt am {when} mit integra-tui.*").format(when=format_datetime(created)) + "\n"


def actions_markdown(lines: Sequence[ActionLine], title: str, created: datetime) -> str:
    """Action items, decisions and needs as Markdown, one table per kind."""
    out = [f"# {md_escape(title)}", ""]
    for kind in ("action", "decision", "need"):
        of_kind = [line for line in lines if line.kind == kind]
        out += [f"## {kind_plural_label(kind)} ({len(of_kind)})", ""]
        if not of_kind:
            out += [_("*Keine Einträge.*"), ""]
            continue
        if kind == "decision":
            headers = [_("Nr."), _("Beschluss"), _("Treffen"), _("Tagesordnungspunkt")]
            rows = [[line.id, line.text, line.meeting_date, line.agenda_item] for line in of_kind]
        else:
            headers = [
                _("Nr."),
                kind_label(kind),
                _("Treffen"),
                _("Tagesordnungspunkt"),
                _("Verantwortlich"),
                _("Gruppe"),
                _("Fällig"),
                _("Status"),
            ]
            rows = [
                [
                    line.id,
                    line.text,
                    line.meeting_date,
                    line.agenda_item,
                    line.owner,
                    line.group,
                    line.due,
                    status_label(line.status),
                ]
                for line in of_kind
            ]
        out += [md_table(headers, rows), ""]
    return "\n".join(out) + _footer(created)


def _item_block(item: ItemMinutes, heading: str) -> list[str]:
    out = [heading, ""]
    if item.number:
        out += ["*" + md_escape(f"{item_time_text(item)} – {item_status_text(item)}") + "*", ""]
    for choice in item.choices:
        out.append("- " + md_escape(choice))
    if item.choices:
        out.append("")
    for label, captured in (
        (_("Notizen"), item.notes),
        (_("Beschlüsse"), item.decisions),
        (_("Aufgaben"), item.actions),
        (_("Bedarfe"), item.needs),
        (_("Angebote"), item.offers),
        (_("Fragen"), item.questions),
        (_("Themenwünsche"), item.topic_wishes),
    ):
        if not captured:
            continue
        out += [f"**{label}**", ""]
        for line in captured:
            details = capture_details(dataclasses.replace(line, owner=isolate(line.owner)))
            out.append("- " + md_escape(line.text) + (f" – {md_escape(details)}" if details else ""))
        out.append("")
    return out


def minutes_markdown(doc: MinutesDoc) -> str:
    """The minutes (Protokoll) of a meeting as Markdown."""
    out = [f"# {_('Protokoll')}: {md_escape(doc.title)}", ""]
    facts = [f"**{_('Veranstaltung')}:** " + md_escape(meeting_line(doc.title, doc.date, doc.start_time, doc.place))]
    if doc.topic:
        facts.append(f"**{_('Thema')}:** " + md_escape(doc.topic))
    if doc.started_at is not None:
        end = doc.ended_at.strftime("%H:%M") if doc.ended_at else "…"
        facts.append(f"**{_('Beginn und Ende')}:** {doc.started_at.strftime('%H:%M')}–{end}")
    out += ["  \n".join(facts), ""]

    out += [f"## {_('Anwesenheit')}", "", md_escape(attendance_sentence(doc)), ""]
    if doc.groups:
        headers = [_("Gruppe"), _("Eingeladen"), _("davon anwesend"), _("ohne Einladung"), _("anwesend zusammen")]
        counts: list[list[Cell]] = [
            [g.group, g.invited, g.present - g.walk_ins, g.walk_ins, g.present] for g in doc.groups
        ]
        out += [md_table(headers, counts), ""]
    if doc.names is not None:
        out += [f"### {_('Anwesende')}", ""]
        for group, names in doc.names:
            out.append(f"- **{md_escape(group)}:** " + ", ".join(md_escape(isolate(name)) for name in names))
        out.append("")

    out += [f"## {_('Tagesordnung')}", ""]
    if not doc.items:
        out += [_("*Keine Tagesordnungspunkte.*"), ""]
    for item in doc.items:
        presenter = f" – {md_escape(isolate(item.presenter))}" if item.presenter else ""
        out += _item_block(item, f"### {_('TOP')} {item.number}: {md_escape(item.title)}{presenter}")
    if doc.other is not None:
        out += _item_block(doc.other, f"### {_('Sonstiges')}")

    out += [f"## {_('Redezeit nach Gruppen')}", ""]
    rows = speaking_rows(doc)
    out += [md_table([_("Gruppe"), _("Redezeit"), _("Anteil")], rows) if rows else _("*Keine Redezeiten erfasst.*"), ""]

    out += [f"## {_('Offene Punkte aus früheren Treffen')}", ""]
    if not doc.follow_ups:
        out += [_("*Keine offenen Punkte.*"), ""]
    for line in doc.follow_ups:
        shown = dataclasses.replace(line, owner=isolate(line.owner))
        out.append("- " + md_escape(line.text) + " – " + md_escape(follow_up_details(shown)))
    if doc.follow_ups:
        out.append("")
    if doc.open_needs:
        out += [f"## {_('Offene Bedarfe aus früheren Treffen')}", ""]
        out += ["- " + md_escape(line.text) + " – " + md_escape(need_review_details(line)) for line in doc.open_needs]
        out.append("")
    if doc.open_questions:
        out += [f"## {_('Offene Fragen aus früheren Treffen')}", ""]
        out += [
            "- " + md_escape(line.text) + " – " + md_escape(question_review_details(line))
            for line in doc.open_questions
        ]
        out.append("")
    return "\n".join(out) + _footer(doc.created_at)


def engagement_markdown(doc: EngagementDoc) -> str:
    """An attendance confirmation as Markdown."""
    out = [f"# {_('Teilnahmebestätigung')}", ""]
    who = md_escape(isolate(doc.name)) + (f" ({md_escape(doc.organisation)})" if doc.organisation else "")
    out += [
        _(
            "Hiermit wird bestätigt, dass {name} an den folgenden Treffen des INTEGRA-Netzwerks teilgenommen hat:"
        ).format(name=f"**{who}**"),
        "",
    ]
    if not doc.meetings:
        out.append(_("*Keine Teilnahme erfasst.*"))
    for on, title, place in doc.meetings:
        out.append(f"- {format_date(on)}: {md_escape(title)}" + (f", {md_escape(place)}" if place else ""))
    out.append("")
    if doc.roles:
        out += [f"## {_('Mitwirkung')}", ""]
        out += ["- " + md_escape(role) for role in doc.roles]
        out.append("")
    out += [_("Ausgestellt am {date}.").format(date=format_date(doc.issued))]
    if doc.issuer:
        out += ["", md_escape(doc.issuer)]
    return "\n".join(out) + "\n"


def _value_text(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return md_escape(str(value))


def personal_data_markdown(data: dict[str, Any], title: str, labels: dict[str, str] | None = None) -> str:
    """Everything stored about a person (right of access): one section per kind of record.

    ``labels`` names the stored fields for the reader; fields without a label show their stored name.
    """
    labels = labels or {}
    out = [f"# {md_escape(title)}", ""]
    for section, content in data.items():
        out += [f"## {md_escape(section)}", ""]
        records = content if isinstance(content, list) else [content]
        if not records:
            out += [_("*Keine Einträge.*"), ""]
            continue
        for record in records:
            if isinstance(record, dict):
                out += [
                    f"- **{md_escape(labels.get(str(key), str(key)))}:** {_value_text(value)}"
                    for key, value in record.items()
                ]
            else:
                out.append(f"- {_value_text(record)}")
            out.append("")
    return "\n".join(out)
