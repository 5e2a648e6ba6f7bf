"""Action items with a due date as an iCalendar file that Thunderbird, Outlook and Google Calendar import.

Each item becomes an all-day VEVENT on its due date (``DTSTART;VALUE=DATE`` and the next day as
``DTEND``): the one shape all three import; VTODO is ignored by Google Calendar and by Outlook's
import. Events are transparent (they do not block the day).

Importing a newer export again updates the entries instead of doubling them, and the calendar can
tell that an entry changed:

- The UID names the installation (a random store id, made once and kept in the store), the meeting
  and the item, so two houses' calendars never collide and one item keeps its UID.
- ``SEQUENCE`` counts the item's changes (edits and status changes) and ``LAST-MODIFIED`` says
  when the last one was made; a calendar takes an entry with a higher sequence as the newer one.
- A dropped item is ``STATUS:CANCELLED``. A done item stays in the file, titled "Erledigt: …" with
  its sequence raised, so that an entry imported earlier is updated rather than left standing as
  if still open. It is not marked ``STATUS:COMPLETED``: RFC 5545 allows COMPLETED only on VTODO,
  and a VEVENT with it is refused or ignored by the calendars above (decision).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from integra_tui.domain.clock import from_iso
from integra_tui.domain.text import clean_line, clean_text
from integra_tui.i18n import _, format_date
from integra_tui.io.exports.documents import ActionLine, status_label

__all__ = ["PRODID", "ItemVersion", "action_items_ics", "action_uid"]

PRODID = "-//integra-tui//INTEGRA Netzwerktreffen//DE"
"""The product identifier written into every calendar."""


@dataclass(frozen=True)
class ItemVersion:
    """How often an item changed and when last: its calendar entry's SEQUENCE and LAST-MODIFIED."""

    sequence: int = 0
    last_modified: str = ""
    """ISO 8601 with offset ("" when unknown: LAST-MODIFIED is then left out)."""


def action_uid(line: ActionLine, store_id: str = "") -> str:
    """The stable calendar UID of an action item: the installation, the meeting and the item."""
    installation = f"{store_id}-" if store_id else ""
    return f"integra-action-{installation}{line.meeting_id}-{line.id}@integra-tui"


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


def action_items_ics(
    lines: Iterable[ActionLine],
    calendar_name: str,
    stamp: datetime,
    store_id: str = "",
    versions: Mapping[int, ItemVersion] | None = None,
) -> bytes:
    """An .ics calendar with one all-day event per action item that has a due date.

    ``store_id`` goes into every UID; ``versions`` (by item id) give SEQUENCE and LAST-MODIFIED.
    """
    from icalendar import Calendar, Event

    versions = versions or {}
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
        version = versions.get(line.id, ItemVersion())
        event = Event()
        event.add("uid", action_uid(line, store_id))
        event.add("dtstamp", stamp_utc)
        event.add("sequence", version.sequence)
        if version.last_modified:
            event.add("last-modified", from_iso(version.last_modified).astimezone(timezone.utc))
        event.add("dtstart", line.due)
        event.add("dtend", line.due + timedelta(days=1))
        # Texts stored before control characters were cleaned on input lose them here too.
        text, owner = clean_line(line.text), clean_line(line.owner)
        summary = text if not owner else f"{text} ({owner})"
        if line.status == "done":
            summary = _("Erledigt: {text}").format(text=summary)
        event.add("summary", summary)
        event.add("description", clean_text(_description(line)))
        event.add("transp", "TRANSPARENT")
        event.add("status", "CANCELLED" if line.status == "dropped" else "CONFIRMED")
        event.add("categories", ["INTEGRA"])
        calendar.add_component(event)
    return calendar.to_ical()
