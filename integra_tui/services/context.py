"""What every use case needs: the open store, the clock and the time zone, the error type for refusals,
and the reads nearly every use case starts with: the meeting (person, capture) it acts on, or its refusal.

Those reads live here, not in ``services/meetings.py`` or ``services/people.py``, so that a service can take
the meeting (looking ahead or back) or the person it is asked about without importing another service
(issue 12: "services import domain, records and io, never each other to read"). The records choose no
words (they import no ``i18n``), so the refusal ("Es gibt kein Treffen mit der Nummer 7.") is added here,
with the words of ``services.texts``.
``services.meetings`` and ``services.people`` still offer the same functions to the UI and the command line.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain import meetings as order
from integra_tui.domain.clock import DEFAULT_TZ, Clock, SystemClock, to_iso
from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.domain.models import Capture, Meeting, Person
from integra_tui.domain.names import fold
from integra_tui.errors import IntegraError, ServiceError
from integra_tui.i18n import _
from integra_tui.records import base, captures, groups, persons
from integra_tui.records import meetings as meeting_records
from integra_tui.records.base import Store
from integra_tui.services.texts import no_such_entry, no_such_meeting, no_such_person

__all__ = [
    "Context",
    "IntegraError",
    "ServiceError",
    "current_meeting",
    "get_counting_capture",
    "get_living_person",
    "get_meeting",
    "get_person",
    "latest_held_meeting",
    "list_meetings",
    "open_context",
    "resolve_held_meeting",
    "resolve_meeting",
    "resolve_person",
]


@dataclass
class Context:
    """The store, clock and zone shared by the UI's screens and the command line.

    The services hand ``store`` to ``integra_tui.records``; nothing else reaches into it.
    """

    store: Store
    clock: Clock
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))

    def now(self) -> datetime:
        """The current time in the meeting's zone."""
        return self.clock.now().astimezone(self.tz)

    def now_iso(self) -> str:
        """The current time as stored: ISO 8601 with offset."""
        return to_iso(self.now())

    def today(self) -> date:
        """Today's date in the meeting's zone."""
        return self.now().date()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing use case: every change inside the block is committed together, or none is."""
        with base.transaction(self.store):
            yield

    @property
    def generation(self) -> int:
        """Changes whenever the stored data changes (after :meth:`refresh` also for other processes' writes)."""
        return base.generation(self.store)

    def refresh(self) -> int:
        """Read what other processes wrote; returns the new :attr:`generation`."""
        return base.refresh(self.store)

    def may_have_changed(self) -> bool:
        """Whether :meth:`refresh` may find other processes' writes: two ``stat`` calls, no lock, no reading.

        Cheap enough for the UI's loop once a second; False means the files are as last read.
        """
        return base.may_have_changed(self.store)

    @property
    def path(self) -> Path:
        """The store file in use."""
        return base.store_path(self.store)

    @property
    def display_path(self) -> str:
        """The store file as the title shows it: the real file, and the link that led to it."""
        return base.display_path(self.store)

    def fold_on_close(self, policy: bool | None) -> None:
        """Whether :meth:`close` folds the journal in: always (True), never (False), when cheap or due (None)."""
        base.set_fold_on_close(self.store, policy)

    def close(self) -> None:
        """Close the store cleanly (folds its journal into the main file)."""
        base.close(self.store)


def open_context(
    db: str | os.PathLike[str] | None = None, clock: Clock | None = None, tz: str | None = None
) -> Context:
    """Open the store at ``db`` (or $INTEGRA_DB, or the user's data folder) with its defaults in place."""
    zone = ZoneInfo(tz or os.environ.get("INTEGRA_TZ") or DEFAULT_TZ)
    context = Context(store=base.open_store(db), clock=clock or SystemClock(zone), tz=zone)
    groups.ensure(context.store, DEFAULT_GROUPS)
    return context


# -- the meeting or person a use case acts on, or its refusal ------------------------------------


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
    """The meeting running or about to happen: running, else today's, else the next upcoming, else the latest.

    The default of the commands that look ahead; None in an empty store (``domain.meetings.current_meeting``).
    A meeting nobody ended is running only until 06:00 the day after (``domain.meetings.left_running``).
    """
    return order.current_meeting(list_meetings(ctx), ctx.now())


def _no_meeting_yet() -> ServiceError:
    return ServiceError(
        _("Es gibt noch kein Treffen. Legen Sie eines an: integra-tui meeting add … oder integra-tui demo")
    )


def resolve_meeting(ctx: Context, meeting_id: int | None) -> Meeting:
    """The meeting a command that looks ahead acts on: the given id, else :func:`current_meeting`."""
    if meeting_id is not None:
        return get_meeting(ctx, meeting_id)
    meeting = current_meeting(ctx)
    if meeting is None:
        raise _no_meeting_yet()
    return meeting


def latest_held_meeting(ctx: Context) -> Meeting | None:
    """The latest meeting that has taken place; None while none has (the default of commands that look back).

    Taken place: not in the future, and started or someone checked in (``records.meetings.has_taken_place``).
    """
    meetings = list_meetings(ctx)
    held = {m.id for m in meetings if meeting_records.has_taken_place(ctx.store, m, ctx.today())}
    return order.latest_held(meetings, held)


def resolve_held_meeting(ctx: Context, meeting_id: int | None) -> Meeting:
    """The meeting a command that looks back acts on: the given id, else :func:`latest_held_meeting`.

    Refused when no meeting has taken place yet: an export of a meeting still ahead would be empty.
    """
    if meeting_id is not None:
        return get_meeting(ctx, meeting_id)
    meeting = latest_held_meeting(ctx)
    if meeting is not None:
        return meeting
    if not list_meetings(ctx):
        raise _no_meeting_yet()
    raise ServiceError(
        _(
            "Noch hat kein Treffen stattgefunden (keines wurde begonnen, niemand ist eingecheckt). "
            "Bitte das Treffen mit --meeting NR angeben; die Nummern zeigt integra-tui meeting list."
        )
    )


def get_person(ctx: Context, person_id: int) -> Person:
    """The person with ``person_id`` (also one who was forgotten); refused when there is none."""
    person = persons.get(ctx.store, person_id)
    if person is None:
        raise no_such_person(person_id)
    return person


def get_living_person(ctx: Context, person_id: int) -> Person:
    """The person with ``person_id``; refused when there is none or they asked to be forgotten."""
    person = persons.get_living(ctx.store, person_id)
    if person is None:
        raise no_such_person(person_id)
    return person


def get_counting_capture(ctx: Context, capture_id: int, kind: str | None = None) -> Capture:
    """The capture ``capture_id`` if it counts (and is of ``kind``, when given); refused otherwise."""
    capture = captures.counting(ctx.store, capture_id, kind)
    if capture is None:
        raise no_such_entry()
    return capture


def resolve_person(ctx: Context, text: str) -> Person:
    """PERSON as the command line takes it: an id, or a name that matches exactly one person."""
    if text.strip().isdigit():
        return get_person(ctx, int(text))
    matches = persons.find_by_name(ctx.store, text)
    exact = [p for p in matches if fold(p.name) == fold(text)]
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ServiceError(_("Niemand heißt „{name}“.").format(name=text))
    names = ", ".join(f"{p.id}: {p.name}" for p in matches[:5])
    raise ServiceError(
        _("Der Name „{name}“ passt auf mehrere Personen ({names}); bitte die Nummer angeben.").format(
            name=text, names=names
        )
    )
