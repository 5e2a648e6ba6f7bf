"""Which meeting is which: their order, the current one, the latest that took place, the next, the earlier ones.

Pure rules over :class:`~integra_tui.domain.models.Meeting` records; the services read the
meetings (``integra_tui.records.meetings``) and the facts about them (started, check-ins) and ask
these. Two defaults, for the two kinds of command:

- Looking ahead (door, moderation, display, invitations, imports): :func:`current_meeting`, the
  meeting that is running or about to happen.
- Looking back (exports, the report, statistics): :func:`latest_held`, the latest meeting that has
  taken place. The day after a meeting, a deferral may already have created the next one three
  months ahead; an export must not pick that empty meeting.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime, time, timedelta

from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Meeting
from integra_tui.domain.text import clean_line

__all__ = [
    "chronological",
    "current_meeting",
    "earlier_than",
    "has_taken_place",
    "latest_held",
    "left_running",
    "new_meeting",
    "next_after",
    "order_key",
    "over",
    "read_at",
]

NIGHT_ENDS = time(6, 0)
"""A meeting may run past midnight, not past the next morning: at 06:00 the day after, its day is over."""


def new_meeting(
    title: str,
    on: date,
    start: time | None = None,
    *,
    place: str = "",
    topic: str = "",
    planned_minutes: int = 120,
) -> Meeting:
    """A planned meeting, not yet stored: title, place and topic on one line and trimmed.

    Refused without a title (``meeting_title_missing``) and for a planned length of zero minutes or
    less (``planned_minutes_not_positive``).
    """
    title, place, topic = (clean_line(text).strip() for text in (title, place, topic))
    if not title:
        raise DomainError("meeting_title_missing")
    if planned_minutes <= 0:
        raise DomainError("planned_minutes_not_positive")
    return Meeting(title=title, date=on, start_time=start, place=place, topic=topic, planned_minutes=planned_minutes)


def order_key(meeting: Meeting) -> tuple[date, int]:
    """The order in which meetings follow each other: by date, then by when they were created (id)."""
    return (meeting.date, meeting.id)


def chronological(meetings: Iterable[Meeting]) -> list[Meeting]:
    """Meetings oldest first: by date, start time, then id (the meeting list's order)."""
    return sorted(meetings, key=lambda m: (m.date, m.start_time or time(0), m.id))


def has_taken_place(meeting: Meeting, today: date, *, started: bool, check_ins: int) -> bool:
    """Whether a meeting has taken place: it is not in the future, and it was started or someone checked in.

    ``started``: its clock was ever started (or its status says running or closed); ``check_ins``:
    how many people are checked in (undone check-ins do not count).
    """
    if meeting.date > today:
        return False
    return started or meeting.status in ("running", "closed") or check_ins > 0


def over(meeting: Meeting, now: date | datetime) -> bool:
    """Whether the meeting's day (and the night after it) is over at ``now``.

    Over from 06:00 on the day after (:data:`NIGHT_ENDS`): until then a meeting may still run past
    midnight. Given only a date (no time), the day after still counts as its night.
    """
    today = now.date() if isinstance(now, datetime) else now
    days = (today - meeting.date).days
    if days <= 0:
        return False
    if days >= 2:
        return True
    return isinstance(now, datetime) and now.time() >= NIGHT_ENDS


def left_running(meeting: Meeting, now: date | datetime) -> bool:
    """A meeting nobody ended: it still says running, but its day is over (:func:`over`).

    The moderator closed the app while an item or the meeting ran. It must not count time for days nor
    stand in the way of the next meeting: it is no longer running for :func:`current_meeting`, and the
    moderator ends it at its last recorded event.
    """
    return meeting.status == "running" and over(meeting, now)


def read_at(meeting: Meeting, now: datetime, last_recorded: Callable[[], datetime | None]) -> datetime:
    """The moment a meeting's agenda is replayed at: ``now``, but for a meeting nobody ended
    (:func:`left_running`) the time anything was last recorded for it (``last_recorded()``, asked only then).

    Until the moderator opens it again and it is ended there, the item that ran when the app was closed
    does not run on for days: the display, the minutes and the sign-in list show the times it had.
    """
    if not left_running(meeting, now):
        return now
    last = last_recorded()
    return now if last is None else min(now, last)


def current_meeting(meetings: Sequence[Meeting], now: date | datetime) -> Meeting | None:
    """The meeting that is running or about to happen (the default of the commands that look ahead).

    In this order: today's running meeting; yesterday's meeting still running (it went past
    midnight, until 06:00: :func:`left_running`); today's meeting (the last created of several); the
    next upcoming one; else the latest. None if there are no meetings. ``meetings`` in
    :func:`chronological` order; ``now`` the current time (a date alone: the whole night counts).
    """
    if not meetings:
        return None
    today = now.date() if isinstance(now, datetime) else now
    todays = [m for m in meetings if m.date == today]
    running = [m for m in todays if m.status == "running"]
    if running:
        return running[-1]
    overnight = [
        m
        for m in meetings
        if m.date == today - timedelta(days=1) and m.status == "running" and not left_running(m, now)
    ]
    if overnight:
        return overnight[-1]
    if todays:
        return todays[-1]
    upcoming = [m for m in meetings if m.date > today]
    return upcoming[0] if upcoming else meetings[-1]


def latest_held(meetings: Sequence[Meeting], held: Collection[int]) -> Meeting | None:
    """The latest meeting that has taken place (the default of the commands that look back); None if none has.

    ``meetings`` in :func:`chronological` order; ``held`` the ids of those that have taken place
    (see :func:`has_taken_place`).
    """
    taken_place = [m for m in meetings if m.id in held]
    return taken_place[-1] if taken_place else None


def next_after(meetings: Sequence[Meeting], meeting: Meeting) -> Meeting | None:
    """The first meeting after ``meeting`` (``meetings`` in :func:`chronological` order), if one exists."""
    later = [m for m in meetings if order_key(m) > order_key(meeting) and m.id != meeting.id]
    return later[0] if later else None


def earlier_than(meetings: Iterable[Meeting], meeting: Meeting) -> list[Meeting]:
    """The meetings before ``meeting`` in :func:`order_key` order (whose action items it reviews)."""
    return [m for m in meetings if order_key(m) < order_key(meeting)]
