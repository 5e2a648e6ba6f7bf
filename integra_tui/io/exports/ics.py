"""Action items with a due date as an iCalendar file that Thunderbird, Outlook and Google Calendar import.

Each item becomes an all-day VEVENT on its due date (``DTSTART;VALUE=DATE`` and the next day as
``DTEND``): the one shape all three import; VTODO is ignored by Google Calendar and by Outlook's
import. The UID is built from the item's id and meeting, so importing a newer export again updates
the entries instead of doubling them. Events are transparent (they do not block the day), and a
dropped item is marked cancelled.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import ActionLine, status_label

__all__ = ["PRODID", "action_items_ics", "action_uid"]

PRODID = "-//integra-tui//INTEGRA Netzwerktreffen//DE"
"""The product identifier written into every calendar."""


def action_uid(line: ActionLine) -> str:
    """The stable calendar UID of an action item."""
    return f"integra-action-{line.meeting_id}-{line.id}@integra-tui"


def _description(line: ActionLine) -> str:
    parts = []
    if line.owner:
        parts.append(_("Verantwortlich: {owner}").format(owner=line.owner))
    if line.group:
        parts.append(_("Gruppe: {group}").format(group=line.group))
    if line.meeting_title:
        when = format_date(line.meeting_date) if line.meeting_date else ""
        parts.append(_("Aus dem Treffen: {title} am {date}").format(title=line.meeting_title, date=when))
    if line.agenda_item:
        parts.append(_("Tagesordnungspunkt: {item}").format(item=line.agenda_item))
    parts.append(_("Status: {status}").format(status=status_label(line.status)))
    if line.comment:
        parts.append(_("Kommentar: {comment}").format(comment=line.comment))
    return "\n".join(parts)


def action_items_ics(lines: Iterable[ActionLine], calendar_name: str, stamp: datetime) -> bytes:
    """An .ics calendar with one all-day event per action item that has a due date."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", calendar_name)
    stamp_utc = stamp.astimezone(timezone.utc)
    for line in lines:
        if line.kind != "action" or line.due is None:
            continue
        event = Event()
        event.add("uid", action_uid(line))
        event.add("dtstamp", stamp_utc)
        event.add("dtstart", line.due)
        event.add("dtend", line.due + timedelta(days=1))
        summary = line.text if not line.owner else f"{line.text} ({line.owner})"
        if line.status == "done":
            summary = _("Erledigt: {text}").format(text=summary)
        event.add("summary", summary)
        event.add("description", _description(line))
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if line.status == "dropped" else "CONFIRMED")
        event.add("categories", ["INTEGRA"])
        calendar.add_component(event)
    return calendar.to_ical()
