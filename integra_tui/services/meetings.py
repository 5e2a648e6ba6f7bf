"""Use cases for meetings: create, list, pick the one a command acts on, the editable group list and store defaults.

Which meeting a command acts on without ``--meeting`` (the rules are in ``domain.meetings``):

- commands that look ahead (door, check-in, moderation, display, invitations, imports, serve) take
  :func:`resolve_meeting`: the running meeting, else today's, else the next upcoming, else the latest;
- commands that look back (exports, the report, statistics) take :func:`resolve_held_meeting`: the
  latest meeting that has taken place (started, or someone checked in), never one still ahead.

:func:`meeting_caption` says which meeting a screen or an output line is on.

A new meeting takes over the items earlier meetings deferred "to the next meeting" while none was
planned (``records.meetings.take_deferred``; deferring itself, and picking up the deferred items when a
meeting is opened, is ``services.moderation.deferral``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from integra_tui.domain import meetings as order
from integra_tui.domain.errors import DomainError
from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.domain.models import Meeting
from integra_tui.domain.names import shorten
from integra_tui.i18n import _, format_date
from integra_tui.records import checkins, invitees
from integra_tui.records import groups as group_records
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import (  # the reads every service shares; offered here to the UI and CLI too
    Context,
    ServiceError,
    current_meeting,
    get_meeting,
    latest_held_meeting,
    list_meetings,
    resolve_held_meeting,
    resolve_meeting,
)
from integra_tui.services.texts import refused, weekday_date

__all__ = [
    "MeetingCaption",
    "MeetingSummary",
    "add_meeting",
    "current_meeting",
    "has_taken_place",
    "latest_held_meeting",
    "meeting_caption",
    "ensure_defaults",
    "get_meeting",
    "groups",
    "list_meetings",
    "next_meeting_after",
    "parse_date",
    "parse_time",
    "resolve_held_meeting",
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
    """Create a planned meeting and return it with its id; it takes the waiting deferred items at once.

    The rules are below the services, so that deferring to a meeting a quarter later adds it the same
    way: a new meeting (``domain.meetings.new_meeting``), stored with the deferred items it takes over
    (``records.meetings.add_planned``).
    """
    try:
        meeting = order.new_meeting(title, on, start, place=place, topic=topic, planned_minutes=planned_minutes)
    except DomainError as error:
        raise refused(error) from None
    with ctx.transaction():  # the meeting and the deferred items it takes over: all or nothing
        return meeting_records.add_planned(ctx.store, meeting)


def has_taken_place(ctx: Context, meeting: Meeting) -> bool:
    """Whether the meeting has taken place: not in the future, and started or someone checked in."""
    return meeting_records.has_taken_place(ctx.store, meeting, ctx.today())


@dataclass(frozen=True)
class MeetingCaption:
    """Which meeting a screen or an output line is on, in a long and a short form."""

    meeting_id: int
    title: str
    date: date
    relative: str
    """ "heute", "gestern", "morgen", or "" for any other day."""
    long: str
    """ "INTEGRA-Netzwerktreffen – Di, 01.12.2026, 17:00 Uhr (heute)" """
    short: str
    """ "01.12.2026 INTEGRA-Netzwerk…": the date always whole, the title cut to fit ``width`` cells."""


def meeting_caption(ctx: Context, meeting: Meeting, width: int = 32) -> MeetingCaption:
    """Title and date of ``meeting`` for a screen's title bar; ``short`` fits ``width`` cells (80 columns: ~32)."""
    delta = (meeting.date - ctx.today()).days
    relative = {0: _("heute"), -1: _("gestern"), 1: _("morgen")}.get(delta, "")
    when = weekday_date(meeting.date)
    if meeting.start_time is not None:
        when = _("{date}, {time} Uhr").format(date=when, time=meeting.start_time.strftime("%H:%M"))
    long = f"{meeting.title} – {when}" + (f" ({relative})" if relative else "")
    day = format_date(meeting.date)
    title_room = max(0, width - len(day) - 1)
    short = f"{day} {shorten(meeting.title, title_room)}".rstrip() if title_room else day
    return MeetingCaption(meeting.id, meeting.title, meeting.date, relative, long, short)


def next_meeting_after(ctx: Context, meeting: Meeting) -> Meeting | None:
    """The first meeting planned after ``meeting``, if one exists."""
    return meeting_records.next_after(ctx.store, meeting)


def set_meeting_status(ctx: Context, meeting_id: int, status: str) -> None:
    """Mark a meeting planned, running or closed."""
    get_meeting(ctx, meeting_id)
    meeting_records.set_status(ctx.store, meeting_id, status)


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
