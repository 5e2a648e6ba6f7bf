"""Use cases for meetings: create, list, pick the current one, the editable group list and store defaults.

A new meeting takes over the items earlier meetings deferred "to the next meeting" while none was
planned (:func:`pick_up_deferred`; deferring itself is ``services.moderation.deferral``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from integra_tui.domain import meetings as order
from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.domain.models import Meeting
from integra_tui.i18n import _
from integra_tui.records import agenda_items, checkins, invitees
from integra_tui.records import groups as group_records
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.texts import no_such_meeting

__all__ = [
    "MeetingSummary",
    "add_meeting",
    "current_meeting",
    "ensure_defaults",
    "get_meeting",
    "groups",
    "list_meetings",
    "next_meeting_after",
    "parse_date",
    "parse_time",
    "pick_up_deferred",
    "resolve_meeting",
    "set_meeting_status",
    "summaries",
]


def ensure_defaults(ctx: Context) -> None:
    """Give a new store its editable group list (once; later edits are kept)."""
    group_records.ensure(ctx.store, DEFAULT_GROUPS)


def groups(ctx: Context) -> list[str]:
    """The group names of this store, in their order."""
    return group_records.names(ctx.store)


def parse_date(text: str) -> date:
    """A date typed as YYYY-MM-DD or the German TT.MM.JJJJ; refused with a clear message otherwise."""
    text = text.strip()
    try:
        if "." in text:
            day, month, year = (int(part) for part in text.split(".")[:3])
            return date(year if year > 99 else 2000 + year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise ServiceError(
            _("Unbekanntes Datum: {text} (erwartet z. B. 2026-11-27 oder 27.11.2026)").format(text=text)
        ) from None


def parse_time(text: str) -> time:
    """A clock time typed as HH:MM."""
    try:
        return time.fromisoformat(text.strip().zfill(5))
    except ValueError:
        raise ServiceError(_("Unbekannte Uhrzeit: {text} (erwartet z. B. 17:00)").format(text=text)) from None


def add_meeting(
    ctx: Context,
    title: str,
    on: date,
    start: time | None = None,
    place: str = "",
    topic: str = "",
    planned_minutes: int = 120,
) -> Meeting:
    """Create a planned meeting and return it with its id; it takes the waiting deferred items at once."""
    if not title.strip():
        raise ServiceError(_("Ein Treffen braucht einen Titel."))
    if planned_minutes <= 0:
        raise ServiceError(_("Die geplante Dauer muss größer als null sein."))
    meeting = Meeting(
        title=title.strip(),
        date=on,
        start_time=start,
        place=place.strip(),
        topic=topic.strip(),
        planned_minutes=planned_minutes,
    )
    with ctx.transaction():  # the meeting and the deferred items it takes over: all or nothing
        meeting_records.add(ctx.store, meeting)
        pick_up_deferred(ctx, meeting.id)
    return meeting


def get_meeting(ctx: Context, meeting_id: int) -> Meeting:
    """The meeting with ``meeting_id``; refused when there is none."""
    meeting = meeting_records.get(ctx.store, meeting_id)
    if meeting is None:
        raise no_such_meeting(meeting_id)
    return meeting


def list_meetings(ctx: Context) -> list[Meeting]:
    """All meetings, oldest first."""
    return order.chronological(meeting_records.every(ctx.store))


def current_meeting(ctx: Context) -> Meeting | None:
    """Today's meeting, else the next upcoming one, else the latest; None in an empty store."""
    return order.current_meeting(list_meetings(ctx), ctx.today())


def resolve_meeting(ctx: Context, meeting_id: int | None) -> Meeting:
    """The meeting a command acts on: the given id, else the current meeting."""
    if meeting_id is not None:
        return get_meeting(ctx, meeting_id)
    meeting = current_meeting(ctx)
    if meeting is None:
        raise ServiceError(
            _("Es gibt noch kein Treffen. Legen Sie eines an: integra-tui meeting add … oder integra-tui demo")
        )
    return meeting


def next_meeting_after(ctx: Context, meeting: Meeting) -> Meeting | None:
    """The first meeting planned after ``meeting``, if one exists."""
    return order.next_after(list_meetings(ctx), meeting)


def set_meeting_status(ctx: Context, meeting_id: int, status: str) -> None:
    """Mark a meeting planned, running or closed."""
    get_meeting(ctx, meeting_id)
    meeting_records.set_status(ctx.store, meeting_id, status)


def pick_up_deferred(ctx: Context, meeting_id: int) -> int:
    """Put items waiting on the deferred list (from earlier meetings) on this meeting's agenda; returns how many."""
    with ctx.transaction():
        meeting = get_meeting(ctx, meeting_id)
        earlier = {m.id for m in order.earlier_than(list_meetings(ctx), meeting)}
        waiting = agenda_items.waiting_from(ctx.store, earlier)
        for item in waiting:
            agenda_items.carry(ctx.store, item, meeting.id)
        return len(waiting)


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting with the counts the meeting list shows."""

    meeting: Meeting
    invited: int
    present: int


def summaries(ctx: Context) -> list[MeetingSummary]:
    """Every meeting with its invitee and check-in counts."""
    return [
        MeetingSummary(m, invitees.count_invited(ctx.store, m.id), checkins.count_present(ctx.store, m.id))
        for m in list_meetings(ctx)
    ]
