"""Use cases for people and invitees: find, invite, import lists, and the invitation codes that admit them."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Invitee, Person
from integra_tui.domain.names import fold
from integra_tui.domain.people import new_person
from integra_tui.records import base, checkins, codes, invitees, persons
from integra_tui.records import groups as group_records
from integra_tui.services.context import Context, ServiceError, get_person, resolve_meeting, resolve_person
from integra_tui.services.texts import refused

if TYPE_CHECKING:
    from integra_tui.io.invitee_import import ImportedPerson

# The list import (CSV, XLSX) is imported where a list is read: the door and the CLI check-in start without it.

__all__ = [
    "ImportReport",
    "add_person",
    "count_invited",
    "count_present",
    "find_people",
    "fold",
    "get_person",
    "import_invitees",
    "invite",
    "invitees_of",
    "owner_group",
    "person_key",
    "present_person_ids",
    "resolve_person",
]


def person_key(name: str, email: str = "") -> str:
    """What makes two rows the same person: the import's rule (normalised name, plus the e-mail if any)."""
    from integra_tui.io.invitee_import import dedupe_key

    return dedupe_key(SimpleNamespace(name=name, email=email))


def add_person(ctx: Context, person: Person) -> Person:
    """Store a new person (the caller checked for duplicates) and return it with its id.

    The rule for a new person (the name cleaned and required, the other fields trimmed) is
    ``domain.people.new_person``; the door and the topic planning add people through it too.
    """
    try:
        new_person(person, ctx.now_iso())
    except DomainError as error:
        raise refused(error) from None
    return persons.add(ctx.store, person, person_key(person.name, person.email))


def find_people(ctx: Context, text: str, limit: int = 50) -> list[Person]:
    """People whose name contains ``text``, ignoring case and accents ('muller' finds 'Müller')."""
    return persons.find_by_name(ctx.store, text, limit)


def owner_group(ctx: Context, owner: str) -> str:
    """The group of the person an action item's owner names, where that is known ("" otherwise).

    The rule is ``records.persons.owner_group``.
    """
    return persons.owner_group(ctx.store, owner)


def invitees_of(ctx: Context, meeting_id: int) -> list[tuple[Invitee, Person]]:
    """The invitees of a meeting with their people, sorted by name."""
    return invitees.with_people(ctx.store, meeting_id)


def count_invited(ctx: Context, meeting_id: int) -> int:
    """How many people are invited to the meeting (walk-ins not counted)."""
    return invitees.count_invited(ctx.store, meeting_id)


def count_present(ctx: Context, meeting_id: int) -> int:
    """How many different people are checked in (undone check-ins do not count)."""
    return checkins.count_present(ctx.store, meeting_id)


def present_person_ids(ctx: Context, meeting_id: int) -> set[int]:
    """The people checked in at the meeting (undone check-ins do not count)."""
    return set(checkins.present_ids(ctx.store, meeting_id))


def _new_invitee(ctx: Context, meeting_id: int, person_id: int, walk_in: bool) -> Invitee:
    code = codes.new_unique(ctx.store)
    return Invitee(meeting_id=meeting_id, person_id=person_id, code=code, invited_at=ctx.now_iso(), walk_in=walk_in)


def invite(ctx: Context, meeting_id: int, person_id: int, walk_in: bool = False) -> Invitee:
    """Invite a person to a meeting with a new code; an existing invitation is returned unchanged."""
    with ctx.transaction():
        return invitees.invite(ctx.store, meeting_id, person_id, ctx.now_iso(), walk_in=walk_in)


@dataclass
class ImportReport:
    """What an import did, for the user: counts and the rows it could not use."""

    added: int = 0
    existing: int = 0
    invited: int = 0
    already_invited: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)


IMPORT_BATCH = 5000
"""Rows an import stores per transaction: a list up to this size is all or nothing; a longer one is
stored batch by batch, so memory stays bounded by the batch (a re-import after an interruption adds
nobody twice and completes the rest)."""


def import_invitees(ctx: Context, path: Path, meeting_id: int | None = None) -> ImportReport:
    """Read a CSV/XLSX list and invite everyone on it; re-importing the same file adds nobody twice.

    The whole file is read and checked first (nothing is stored when it cannot be read). Then what
    the list adds (people, invitations, codes) is stored in one transaction per :data:`IMPORT_BATCH`
    rows: a list up to that size all or nothing, a longer one batch by batch.
    """
    from integra_tui.io.invitee_import import parse_invitee_stream
    from integra_tui.io.tabular import ImportFileError, stream_table

    meeting = resolve_meeting(ctx, meeting_id)
    try:
        parsed = parse_invitee_stream(stream_table(Path(path)), group_records.names(ctx.store))
    except ImportFileError as error:
        raise ServiceError(str(error)) from None
    report = ImportReport(problems=[(p.line, p.message) for p in parsed.problems])
    rows = parsed.people
    with base.bulk(ctx.store):
        while rows:
            batch = rows[:IMPORT_BATCH]
            del rows[:IMPORT_BATCH]  # what is stored leaves memory
            _import_batch(ctx, meeting.id, batch, report)
    return report


def _import_batch(ctx: Context, meeting_id: int, rows: list[ImportedPerson], report: ImportReport) -> None:
    """Store one batch of an import in one transaction (see :func:`import_invitees`)."""
    now = ctx.now_iso()
    with ctx.transaction():
        new_people: list[tuple[Person, str]] = []
        person_ids: list[int | None] = []
        for row in rows:
            key = person_key(row.name, row.email)
            existing = persons.by_key(ctx.store, key)
            if existing is not None:
                report.existing += 1
                person_ids.append(existing.id)
                continue
            person = Person(
                name=unicodedata.normalize("NFC", row.name),
                group=row.group,
                organisation=row.organisation,
                email=row.email,
                phone=row.phone,
                languages=list(row.languages),
                created_at=now,
            )
            new_people.append((person, key))
            person_ids.append(None)
        new_ids = iter(persons.add_many(ctx.store, new_people))
        report.added += len(new_people)
        new_invitations = []
        chosen: set[int] = set()
        for person_id in person_ids:
            pid = person_id if person_id is not None else next(new_ids)
            if pid in chosen or (person_id is not None and invitees.find(ctx.store, meeting_id, pid) is not None):
                report.already_invited += 1
                continue
            chosen.add(pid)
            new_invitations.append(_new_invitee(ctx, meeting_id, pid, walk_in=False))
        invitees.add_many(ctx.store, new_invitations)
        codes.add_many(
            ctx.store, (codes.issued(i.code, meeting_id, i.person_id, i.id, ctx.now_iso()) for i in new_invitations)
        )
        report.invited += len(new_invitations)
