"""Sentences and short texts shared by the Markdown, HTML and PDF exports, so they all say the same."""

from __future__ import annotations

import math
from datetime import date, time

from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import ActionLine, FollowUpLine, ItemMinutes, MinutesDoc, status_label
from integra_tui.io.exports.signin import SignInSheet

__all__ = [
    "action_details",
    "attendance_sentence",
    "duration_text",
    "follow_up_details",
    "item_status_text",
    "item_time_text",
    "meeting_line",
    "minutes_text",
    "signin_facts",
    "speaking_rows",
]


def minutes_text(minutes: int) -> str:
    """'25 Min.'"""
    return _("{minutes} Min.").format(minutes=minutes)


def duration_text(seconds: float) -> str:
    """A measured duration: '27:30 Min.' (minutes:seconds), '1:02:03 Std.' past an hour."""
    total = math.floor(max(0.0, seconds))
    hours, rest = divmod(total, 3600)
    mins, secs = divmod(rest, 60)
    if hours:
        return _("{clock} Std.").format(clock=f"{hours}:{mins:02d}:{secs:02d}")
    return _("{clock} Min.").format(clock=f"{mins}:{secs:02d}")


def meeting_line(title: str, on: date, start: time | None, place: str) -> str:
    """'INTEGRA-Netzwerktreffen, 27.11.2026, 17:00 Uhr, Mehrgenerationenhaus'"""
    parts = [title, format_date(on)]
    if start is not None:
        parts.append(_("{time} Uhr").format(time=start.strftime("%H:%M")))
    if place:
        parts.append(place)
    return ", ".join(parts)


def attendance_sentence(doc: MinutesDoc) -> str:
    """'31 von 40 Eingeladenen anwesend, dazu 2 spontan Gekommene.'"""
    invited_present = doc.present - doc.walk_ins
    text = _("{present} von {invited} Eingeladenen anwesend").format(present=invited_present, invited=doc.invited)
    if doc.walk_ins:
        text += _(", dazu {count} ohne Einladung").format(count=doc.walk_ins)
    return text + _("; insgesamt {total} Personen.").format(total=doc.present)


def item_status_text(item: ItemMinutes) -> str:
    """What happened to an agenda item: behandelt, übersprungen, vertagt, nicht behandelt."""
    return {
        "done": _("behandelt"),
        "running": _("läuft"),
        "paused": _("unterbrochen"),
        "skipped": _("übersprungen"),
        "deferred": _("vertagt"),
        "pending": _("nicht behandelt"),
    }.get(item.status, item.status)


def item_time_text(item: ItemMinutes) -> str:
    """'geplant 25 Min., tatsächlich 27:30 Min.' (with the granted time when it was extended)."""
    text = _("geplant {planned}").format(planned=minutes_text(item.planned_minutes))
    if item.granted_minutes != item.planned_minutes:
        text += _(" (mit Änderungen {granted})").format(granted=minutes_text(item.granted_minutes))
    if item.actual_seconds is None:
        return text + _(", nicht begonnen")
    return text + _(", tatsächlich {actual}").format(actual=duration_text(item.actual_seconds))


def action_details(line: ActionLine, with_status: bool = True) -> str:
    """'Verantwortlich: Jürgen Müller, fällig 15.01.2027, offen' (only the parts that are set)."""
    parts = []
    if line.owner:
        parts.append(_("Verantwortlich: {owner}").format(owner=line.owner))
    if line.group:
        parts.append(_("Gruppe: {group}").format(group=line.group))
    if line.due is not None:
        parts.append(_("fällig {date}").format(date=format_date(line.due)))
    if with_status:
        parts.append(status_label(line.status))
    return ", ".join(parts)


def follow_up_details(line: FollowUpLine) -> str:
    """'aus dem Treffen vom 28.08.2026; Verantwortlich: ...; jetzt: erledigt (Kommentar)'"""
    parts = []
    if line.from_date is not None:
        parts.append(_("aus dem Treffen vom {date}").format(date=format_date(line.from_date)))
    if line.owner:
        parts.append(_("Verantwortlich: {owner}").format(owner=line.owner))
    if line.due is not None:
        parts.append(_("fällig {date}").format(date=format_date(line.due)))
    status = _("jetzt: {status}").format(status=status_label(line.status))
    if line.comment:
        status += f" ({line.comment})"
    parts.append(status)
    return "; ".join(parts)


def speaking_rows(doc: MinutesDoc) -> list[tuple[str, str, str]]:
    """(group, duration, share in percent) for each group with speaking time, and groups that were silent."""
    total = sum(seconds for _group, seconds in doc.speaking)
    rows = []
    for group, seconds in doc.speaking:
        share = f"{round(100 * seconds / total)} %" if total else "–"
        rows.append((group, duration_text(seconds), share))
    return rows


def _clock(value: time | None) -> str:
    return _("{time} Uhr").format(time=value.strftime("%H:%M")) if value is not None else "–"


def signin_facts(doc: SignInSheet) -> list[str]:
    """The head of the sign-in list, as funder forms ask: organiser, event, topic, date, start and end, place."""
    who = ", ".join(part for part in (doc.organiser.name, doc.organiser.address) if part)
    times = _("{start} bis {end}").format(start=_clock(doc.start), end=_clock(doc.end))
    if not doc.after:
        times += " " + _("(geplant)")
    return [
        _("Veranstalter: {organiser}").format(organiser=who or "–"),
        _("Veranstaltung: {title}").format(title=doc.meeting_title),
        _("Thema: {topic}").format(topic=doc.topic or "–"),
        _("Datum: {date}").format(date=format_date(doc.date)),
        _("Beginn und Ende: {times}").format(times=times),
        _("Ort: {place}").format(place=doc.place or "–"),
    ]
