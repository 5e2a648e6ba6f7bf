"""Use cases for meetings: create, list, pick the current one, the editable group list and store defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.domain.models import Meeting, from_doc
from integra_tui.i18n import _
from integra_tui.services.context import Context, ServiceError

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
    "resolve_meeting",
    "set_meeting_status",
]

MEETINGS = "meetings"
GROUPS = "groups"


def ensure_defaults(ctx: Context) -> None:
    """Give a new store its editable group list (once; later edits are kept)."""
    if ctx.store.count(GROUPS):
        return
    with ctx.store.transaction():
        if ctx.store.count(GROUPS):
            return
        ctx.store.table(GROUPS).insert_multiple(
            {"name": name, "position": position} for position, name in enumerate(DEFAULT_GROUPS)
        )


def groups(ctx: Context) -> list[str]:
    """The group names of this store, in their order."""
    return [g["name"] for g in sorted(ctx.store.all(GROUPS), key=lambda g: g.get("position", 0))]


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
    """Create a planned meeting and return it with its id."""
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
    meeting.id = ctx.store.insert(MEETINGS, meeting.to_doc())
    # Items an earlier meeting deferred "to the next meeting" before this one existed land here now.
    from integra_tui.services.moderation import pick_up_deferred

    pick_up_deferred(ctx, meeting.id)
    return meeting


def get_meeting(ctx: Context, meeting_id: int) -> Meeting:
    """The meeting with ``meeting_id``; refused when there is none."""
    doc = ctx.store.get(MEETINGS, meeting_id)
    if doc is None:
        raise ServiceError(_("Es gibt kein Treffen mit der Nummer {id}.").format(id=meeting_id))
    return from_doc(Meeting, doc)


def list_meetings(ctx: Context) -> list[Meeting]:
    """All meetings, oldest first."""
    meetings = [from_doc(Meeting, doc) for doc in ctx.store.all(MEETINGS)]
    return sorted(meetings, key=lambda m: (m.date, m.start_time or time(0), m.id))


def current_meeting(ctx: Context) -> Meeting | None:
    """Today's meeting, else the next upcoming one, else the latest; None in an empty store."""
    meetings = list_meetings(ctx)
    if not meetings:
        return None
    today = ctx.today()
    todays = [m for m in meetings if m.date == today]
    if todays:
        running = [m for m in todays if m.status == "running"]
        return (running or todays)[-1]
    upcoming = [m for m in meetings if m.date > today]
    return upcoming[0] if upcoming else meetings[-1]


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
    later = [m for m in list_meetings(ctx) if (m.date, m.id) > (meeting.date, meeting.id) and m.id != meeting.id]
    return later[0] if later else None


def set_meeting_status(ctx: Context, meeting_id: int, status: str) -> None:
    """Mark a meeting planned, running or closed."""
    get_meeting(ctx, meeting_id)
    ctx.store.update(MEETINGS, meeting_id, {"status": status})


@dataclass(frozen=True)
class MeetingSummary:
    """A meeting with the counts the meeting list shows."""

    meeting: Meeting
    invited: int
    present: int


def summaries(ctx: Context) -> list[MeetingSummary]:
    """Every meeting with its invitee and check-in counts."""
    from integra_tui.services.people import count_invited, count_present

    return [MeetingSummary(m, count_invited(ctx, m.id), count_present(ctx, m.id)) for m in list_meetings(ctx)]
