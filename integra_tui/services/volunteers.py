"""Volunteer recruitment: attendees who want to help ("möchte sich engagieren"), followed until someone contacted them.

A mark (``records.volunteers``) is made at check-in or afterwards, with what the person would like
to do and when they could; it appears in the coordinator's follow-up (:func:`waiting`) until
someone contacted them (:func:`mark_contacted`: who, what came of it), and every mark is counted in
the funder's report (:func:`counts`). People who were forgotten never appear in the follow-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from integra_tui.domain.clock import from_iso
from integra_tui.domain.models import Meeting, Person, VolunteerMark
from integra_tui.domain.needs import marks_per_quarter
from integra_tui.i18n import _
from integra_tui.records import persons, volunteers
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, get_meeting, get_person, list_meetings

__all__ = [
    "VolunteerRow",
    "counts",
    "get_mark",
    "mark_contacted",
    "mark_volunteer",
    "marks_of",
    "remove_mark",
    "rows",
    "waiting",
]


def mark_volunteer(
    ctx: Context, person_id: int, *, what: str = "", when: str = "", meeting_id: int | None = None
) -> VolunteerMark:
    """Mark that the person wants to help (with what and when, in their words); at ``meeting_id`` when at check-in.

    A person already waiting for a contact is not marked twice: their mark gets the new what and when.
    """
    what, when = typed.line(what), typed.line(when)
    with ctx.transaction():
        person = get_person(ctx, person_id)
        if not persons.is_living(person):
            raise ServiceError(_("Die Daten dieser Person wurden gelöscht."))
        if meeting_id is not None:
            get_meeting(ctx, meeting_id)
        for mark in volunteers.of_person(ctx.store, person_id):
            if volunteers.is_waiting(mark):
                volunteers.set_texts(ctx.store, mark.id, {"what": what or mark.what, "when": when or mark.when})
                updated = volunteers.get(ctx.store, mark.id)
                assert updated is not None
                return updated
        mark = VolunteerMark(person_id=person_id, marked_at=ctx.now_iso(), meeting_id=meeting_id, what=what, when=when)
        return volunteers.add(ctx.store, mark)


def get_mark(ctx: Context, mark_id: int) -> VolunteerMark:
    """A mark that counts; refused otherwise."""
    mark = volunteers.get(ctx.store, mark_id)
    if mark is None or not volunteers.is_counting(mark):
        raise ServiceError(_("Diesen Eintrag gibt es nicht."))
    return mark


def mark_contacted(ctx: Context, mark_id: int, contacted_by: str, note: str = "") -> VolunteerMark:
    """Record that someone (``contacted_by``: a person or organisation) contacted the volunteer, and what came of it."""
    contacted_by = typed.line(contacted_by)
    if not contacted_by:
        raise ServiceError(_("Wer hat Kontakt aufgenommen? Bitte einen Namen oder eine Organisation angeben."))
    with ctx.transaction():
        get_mark(ctx, mark_id)
        volunteers.mark_contacted(ctx.store, mark_id, at=ctx.now_iso(), by=contacted_by, note=typed.line(note))
        return get_mark(ctx, mark_id)


def remove_mark(ctx: Context, mark_id: int) -> VolunteerMark:
    """Take a mark back (made by mistake, or the person no longer wants it): recorded, never deleted."""
    with ctx.transaction():
        get_mark(ctx, mark_id)
        volunteers.remove(ctx.store, mark_id, ctx.now_iso())
        mark = volunteers.get(ctx.store, mark_id)
        assert mark is not None
        return mark


def marks_of(ctx: Context, person_id: int) -> list[VolunteerMark]:
    """A person's marks that count, oldest first."""
    return [m for m in volunteers.of_person(ctx.store, person_id) if volunteers.is_counting(m)]


@dataclass(frozen=True)
class VolunteerRow:
    """A mark with its person and meeting, as the follow-up shows it."""

    mark: VolunteerMark
    person: Person
    meeting: Meeting | None
    marked_at: datetime | None

    @property
    def id(self) -> int:
        """The mark's id."""
        return self.mark.id

    @property
    def waiting(self) -> bool:
        """Nobody has contacted them yet."""
        return volunteers.is_waiting(self.mark)


def rows(ctx: Context, *, waiting_only: bool = False) -> list[VolunteerRow]:
    """Marks of living people, waiting ones first, oldest first within."""
    meetings = {m.id: m for m in list_meetings(ctx)}
    found = []
    for mark in volunteers.counting(ctx.store):
        person = persons.get_living(ctx.store, mark.person_id)
        if person is None or (waiting_only and not volunteers.is_waiting(mark)):
            continue
        at = from_iso(mark.marked_at).astimezone(ctx.tz) if mark.marked_at else None
        found.append(VolunteerRow(mark, person, meetings.get(mark.meeting_id) if mark.meeting_id else None, at))
    return sorted(found, key=lambda r: (not r.waiting, r.mark.marked_at, r.id))


def waiting(ctx: Context) -> list[VolunteerRow]:
    """Who wants to help and was not contacted yet: the coordinator's follow-up, oldest first."""
    return rows(ctx, waiting_only=True)


def counts(
    ctx: Context, date_from: date | None = None, date_to: date | None = None
) -> dict[tuple[int, int], tuple[int, int]]:
    """Per quarter: (people marked as wanting to help, of them contacted), forgotten people included (anonymous)."""
    return marks_per_quarter(volunteers.marked_days(ctx.store, ctx.tz), date_from, date_to)
