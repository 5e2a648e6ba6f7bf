"""Check-in at the door: scanned codes, name search, walk-ins, overrides and undo, plus the door's live counts."""

from __future__ import annotations

import enum
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime

from integra_tui.domain.clock import from_iso
from integra_tui.domain.codes import CodeStatus, parse_code
from integra_tui.domain.groups import canonical_group
from integra_tui.domain.models import CheckIn, Code, Meeting, Person
from integra_tui.domain.names import fold
from integra_tui.domain.people import new_person
from integra_tui.i18n import _, format_date, format_time
from integra_tui.records import checkins, codes, groups, invitees, persons
from integra_tui.records import meetings as meeting_records
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, get_living_person
from integra_tui.services.texts import group_label

__all__ = [
    "DEFAULT_STATION",
    "DoorCounts",
    "DoorMatch",
    "GroupCount",
    "Outcome",
    "RecentCheckIn",
    "ScanResult",
    "admit_anyway",
    "check_in_code",
    "check_in_person",
    "door_counts",
    "find_for_door",
    "issue_card",
    "recent_check_ins",
    "register_walk_in",
    "undo_check_in",
    "walk_in_namesakes",
]


DEFAULT_STATION = "Eingang"
"""The station name recorded when none is given (stored as data, so not translated)."""


class Outcome(enum.Enum):
    """What the door tells the helper about one scan (or one search pick, walk-in, override)."""

    ACCEPTED = "accepted"
    """Checked in now; the record is durable."""
    DUPLICATE = "duplicate"
    """Already checked in earlier; nothing was written."""
    NOT_OURS = "not_ours"
    """Not one of our codes (another system's ticket, a URL, random typing)."""
    DAMAGED = "damaged"
    """Looks like ours but is misread: a wrong, missing or extra character (check character fails)."""
    REPLACED = "replaced"
    """An invitation code that a newer invitation replaced."""
    OTHER_MEETING = "other_meeting"
    """A valid invitation, for another meeting."""
    UNKNOWN = "unknown"
    """A well-formed code of ours that this store does not know."""

    @property
    def refused(self) -> bool:
        """True for every outcome that did not admit the person (neither accepted nor duplicate)."""
        return self not in (Outcome.ACCEPTED, Outcome.DUPLICATE)

    @property
    def exit_status(self) -> int:
        """The headless ``checkin`` command's exit status: 0 accepted, 3 already checked in, 4 refused."""
        if self is Outcome.ACCEPTED:
            return 0
        if self is Outcome.DUPLICATE:
            return 3
        return 4


@dataclass(frozen=True)
class ScanResult:
    """The outcome of one check-in attempt, with what the door may show about it.

    Only name, group and organisation of the person are shown anywhere; the rest of the record
    stays in the store.
    """

    outcome: Outcome
    code: str = ""
    """The canonical code that was scanned (the normalised symbols when DAMAGED, empty when NOT_OURS);
    for a walk-in, the personal card code issued for next time."""
    person: Person | None = None
    check_in: CheckIn | None = None
    """The new check-in when ACCEPTED, the first (still active) one when DUPLICATE."""
    other_meeting: Meeting | None = None
    """The meeting the invitation is for, when OTHER_MEETING."""

    @property
    def accepted(self) -> bool:
        """True when the person was checked in by this attempt."""
        return self.outcome is Outcome.ACCEPTED

    @property
    def first_at(self) -> datetime | None:
        """When the first check-in happened (DUPLICATE), or this one (ACCEPTED)."""
        return from_iso(self.check_in.at) if self.check_in and self.check_in.at else None

    @property
    def first_station(self) -> str:
        """Where the first check-in happened (DUPLICATE), or this one (ACCEPTED)."""
        return self.check_in.station if self.check_in else ""

    @property
    def other_meeting_date(self) -> date | None:
        """The date of the meeting an OTHER_MEETING invitation is for."""
        return self.other_meeting.date if self.other_meeting else None

    def first_check_in_text(self) -> str:
        """'um 17:03 Uhr an Eingang 2': when and where the first check-in was."""
        when = self.first_at
        if when is None:
            return ""
        if self.first_station:
            return _("um {time} Uhr an {station}").format(time=format_time(when), station=self.first_station)
        return _("um {time} Uhr").format(time=format_time(when))

    def reason(self) -> str:
        """One line for the helper (and the headless command) on what happened, in the active language."""
        name = self.person.name if self.person else ""
        group = group_label(self.person.group) if self.person and self.person.group else ""
        if self.outcome is Outcome.ACCEPTED:
            if group:
                return _("Willkommen, {name} ({group})! Eingecheckt.").format(name=name, group=group)
            return _("Willkommen, {name}! Eingecheckt.").format(name=name)
        if self.outcome is Outcome.DUPLICATE:
            return _("{name} ist schon eingecheckt ({when}).").format(name=name, when=self.first_check_in_text())
        if self.outcome is Outcome.NOT_OURS:
            return _("Das ist kein Code unserer Einladungen.")
        if self.outcome is Outcome.DAMAGED:
            return _("Der Code ist beschädigt oder unvollständig gelesen (das Prüfzeichen passt nicht).")
        if self.outcome is Outcome.REPLACED:
            return _("Diese Einladung wurde durch eine neuere ersetzt.")
        if self.outcome is Outcome.OTHER_MEETING:
            if self.other_meeting is not None:
                return _("Die Einladung gilt für ein anderes Treffen (am {date}).").format(
                    date=format_date(self.other_meeting.date)
                )
            return _("Die Einladung gilt für ein anderes Treffen.")
        return _("Diesen Code kennen wir nicht.")


# -- scanning --------------------------------------------------------------------------------


def _record_check_in(
    ctx: Context, meeting_id: int, person: Person, station: str, method: str, code: str, ensure_invited: bool
) -> ScanResult:
    """Check ``person`` in unless they already are: read, decide and write in one transaction."""
    with ctx.transaction():
        first = checkins.first_active(ctx.store, meeting_id, person.id)
        if first is not None:
            return ScanResult(Outcome.DUPLICATE, code=code, person=person, check_in=first)
        if ensure_invited and invitees.find(ctx.store, meeting_id, person.id) is None:
            invitees.invite(ctx.store, meeting_id, person.id, ctx.now_iso(), walk_in=True)
        check_in = CheckIn(
            meeting_id=meeting_id,
            person_id=person.id,
            at=ctx.now_iso(),
            station=typed.trimmed(station),
            method=method,
            code=code,
        )
        # The write returns only once the record is on disk: only then may the door say "accepted".
        checkins.add(ctx.store, check_in)
    return ScanResult(Outcome.ACCEPTED, code=code, person=person, check_in=check_in)


def _look_up(ctx: Context, meeting_id: int, text: str) -> tuple[ScanResult, Code | None]:
    """What a scanned text is, before anything is written: a refusal, or the code record to act on."""
    parsed = parse_code(text)
    if parsed.status is CodeStatus.NOT_OURS:
        return ScanResult(Outcome.NOT_OURS), None
    if parsed.status is CodeStatus.DAMAGED:
        return ScanResult(Outcome.DAMAGED, code=parsed.code), None
    code = parsed.code
    record = codes.latest(ctx.store, code)
    if record is None:
        return ScanResult(Outcome.UNKNOWN, code=code), None
    person = persons.get_living(ctx.store, record.person_id)
    if person is None:
        return ScanResult(Outcome.UNKNOWN, code=code), None
    if record.status == codes.REPLACED:
        return ScanResult(Outcome.REPLACED, code=code, person=person), None
    if record.kind == codes.INVITATION and record.meeting_id != meeting_id:
        other = meeting_records.get(ctx.store, record.meeting_id) if record.meeting_id is not None else None
        if other is None:
            return ScanResult(Outcome.UNKNOWN, code=code), None
        return ScanResult(Outcome.OTHER_MEETING, code=code, person=person, other_meeting=other), None
    return ScanResult(Outcome.ACCEPTED, code=code, person=person), record


def check_in_code(ctx: Context, meeting_id: int, text: str, station: str = "", method: str = "scan") -> ScanResult:
    """Check in whoever ``text`` (a scanned or typed code) admits to the meeting.

    An invitation for this meeting checks its person in; a personal card code checks its person in
    and invites them as a walk-in when they were not invited. Everything else is refused with a
    reason. A second scan of someone already here writes nothing and reports the first check-in.
    """
    found, record = _look_up(ctx, meeting_id, text)
    if record is None:
        return found
    assert found.person is not None
    is_card = record.kind == codes.CARD  # a card admits to any meeting; invite its holder as needed
    return _record_check_in(ctx, meeting_id, found.person, station, method, found.code, ensure_invited=is_card)


def check_in_person(
    ctx: Context, meeting_id: int, person_id: int, station: str = "", method: str = "search"
) -> ScanResult:
    """Check a person in without a code (picked by name search); invites them as walk-in if needed."""
    person = get_living_person(ctx, person_id)
    return _record_check_in(ctx, meeting_id, person, station, method, "", ensure_invited=True)


def admit_anyway(ctx: Context, meeting_id: int, text: str, station: str = "") -> ScanResult:
    """Admit the holder of an invitation for another meeting to this one (recorded as method "override")."""
    found, _record = _look_up(ctx, meeting_id, text)
    if found.outcome is not Outcome.OTHER_MEETING or found.person is None:
        raise ServiceError(_("Nur eine Einladung für ein anderes Treffen kann so zugelassen werden."))
    return _record_check_in(ctx, meeting_id, found.person, station, "override", found.code, ensure_invited=True)


# -- walk-ins and personal cards ---------------------------------------------------------------


def issue_card(ctx: Context, person_id: int) -> str:
    """The person's own code for every meeting (a "card" code); made once and kept (``records.codes``)."""
    with ctx.transaction():
        person = get_living_person(ctx, person_id)
        code, _replaced = codes.issue_card(ctx.store, person, ctx.now_iso())
    return code


def register_walk_in(
    ctx: Context,
    meeting_id: int,
    name: str,
    group: str,
    organisation: str = "",
    email: str = "",
    phone: str = "",
    consent_contact: bool = False,
    consent_photo: bool = False,
    station: str = "",
    same_as: int | None = None,
) -> ScanResult:
    """Take in someone who came without an invitation: invite as walk-in, check in, give them a card code.

    Only name and group are required. A walk-in is always a new person unless ``same_as`` names the
    person they are (the helper asked, see :func:`walk_in_namesakes`): two people can share a name,
    and checking a stranger in as someone else would mix their records. With ``same_as`` the stored
    person is checked in as they are, as a pick in the door's name search would (what was typed does
    not change their record). The result's ``code`` is the person's card code for next time. Person,
    invitation, check-in and card are stored in one transaction: all of them or none.
    """
    name, canonical = _walk_in_name_and_group(ctx, name, group)
    organisation, email, phone = typed.trimmed(organisation), typed.trimmed(email), typed.trimmed(phone)
    with ctx.transaction():
        if same_as is not None:
            person = get_living_person(ctx, same_as)
        else:
            from integra_tui.io.invitee_import import dedupe_key  # the list import: loaded for a walk-in only

            person = new_person(  # the rule for every new person; the name was checked above, so no refusal
                Person(
                    name=name,
                    group=canonical,
                    organisation=organisation,
                    email=email,
                    phone=phone,
                    consent_contact=consent_contact,
                    consent_photo=consent_photo,
                ),
                ctx.now_iso(),
            )
            persons.add(ctx.store, person, dedupe_key(person))
        invitees.invite(ctx.store, meeting_id, person.id, ctx.now_iso(), walk_in=True)
        result = _record_check_in(ctx, meeting_id, person, station, "walkin", "", ensure_invited=False)
        card = issue_card(ctx, person.id)
    return ScanResult(result.outcome, code=card, person=person, check_in=result.check_in)


def walk_in_namesakes(ctx: Context, name: str, group: str) -> list[Person]:
    """The living people called ``name`` (case and accents ignored), to ask "is this them?" before a walk-in.

    Refuses what :func:`register_walk_in` refuses (no name, no known group), so a form asks its question
    only once the fields are right. Each person carries id, name, group and organisation only: what the
    helper needs to tell two namesakes apart, no contact data.
    """
    name, _group = _walk_in_name_and_group(ctx, name, group)
    folded = fold(name)
    found = persons.search_living(ctx.store, folded)
    return [_door_view(person) for person in found if fold(person.name) == folded]


def _walk_in_name_and_group(ctx: Context, name: str, group: str) -> tuple[str, str]:
    """The walk-in's name (one line, NFC) and canonical group; refused when either is missing."""
    name = unicodedata.normalize("NFC", typed.line(name))
    if not name:
        raise ServiceError(_("Bitte den Namen eingeben."))
    canonical = canonical_group(group, groups.names(ctx.store)) if group.strip() else None
    if canonical is None:
        raise ServiceError(_("Bitte eine Gruppe wählen."))
    return name, canonical


def _door_view(person: Person) -> Person:
    """What the door may show of a person: name, group and organisation (no contact data)."""
    return Person(id=person.id, name=person.name, group=person.group, organisation=person.organisation)


# -- undo ----------------------------------------------------------------------------------------


def undo_check_in(ctx: Context, checkin_id: int, station: str = "") -> CheckIn:
    """Take back a mistaken check-in: recorded (when and where), never deleted."""
    with ctx.transaction():
        check_in = checkins.get(ctx.store, checkin_id)
        if check_in is None:
            raise ServiceError(_("Diesen Check-in gibt es nicht."))
        if not checkins.is_active(check_in):
            raise ServiceError(_("Dieser Check-in wurde schon rückgängig gemacht."))
        check_in.undone_at, check_in.undone_station = ctx.now_iso(), typed.trimmed(station)
        checkins.undo(ctx.store, checkin_id, check_in.undone_at, check_in.undone_station)
    return check_in


# -- what the door shows beside the panel --------------------------------------------------------


@dataclass(frozen=True)
class GroupCount:
    """Present and invited people of one group."""

    group: str
    present: int
    invited: int


@dataclass(frozen=True)
class DoorCounts:
    """The live counts beside the door's result panel."""

    present: int
    """Different people checked in (walk-ins included; undone check-ins not)."""
    invited: int
    """People invited (walk-ins not counted)."""
    walk_ins: int
    """People present who came without an invitation."""
    per_group: list[GroupCount] = field(default_factory=list)
    """Every group with invitees or people present, in the store's group order."""


def door_counts(ctx: Context, meeting_id: int, group_cache: dict[int, str] | None = None) -> DoorCounts:
    """Present, invited, walk-ins and the same per group, for one meeting.

    ``group_cache`` (person id -> group), kept by a caller that recounts often, saves looking up
    every person again on a long list.
    """
    invited_ids = invitees.invited_ids(ctx.store, meeting_id)
    present_ids = set(checkins.present_ids(ctx.store, meeting_id))
    cache = group_cache if group_cache is not None else {}
    cache.update(persons.group_by_id(ctx.store, sorted((invited_ids | present_ids) - cache.keys())))
    present_per: dict[str, int] = {}
    invited_per: dict[str, int] = {}
    for pid in present_ids:
        present_per[cache[pid]] = present_per.get(cache[pid], 0) + 1
    for pid in invited_ids:
        invited_per[cache[pid]] = invited_per.get(cache[pid], 0) + 1
    order = groups.names(ctx.store)
    names = [g for g in order if g in present_per or g in invited_per]
    names += sorted(g for g in set(present_per) | set(invited_per) if g not in order)
    return DoorCounts(
        present=len(present_ids),
        invited=len(invited_ids),
        walk_ins=len(present_ids - invited_ids),
        per_group=[GroupCount(g, present_per.get(g, 0), invited_per.get(g, 0)) for g in names],
    )


@dataclass(frozen=True)
class RecentCheckIn:
    """One of the last check-ins, as the door lists it (and offers it for undo)."""

    check_in: CheckIn
    name: str
    group: str


def recent_check_ins(ctx: Context, meeting_id: int, n: int = 10) -> list[RecentCheckIn]:
    """The last ``n`` active check-ins of the meeting, newest first."""
    active = checkins.active_of_meeting(ctx.store, meeting_id)
    recent = []
    for check_in in reversed(active[-n:] if n > 0 else []):
        person = persons.get(ctx.store, check_in.person_id)
        name, group = (person.name, person.group) if person is not None else ("?", "")
        recent.append(RecentCheckIn(check_in, name, group))
    return recent


@dataclass(frozen=True)
class DoorMatch:
    """A person found by name at the door: invited to this meeting or not, and here already or not."""

    person: Person
    invited: bool
    checked_in_at: str = ""
    """When the person was checked in at this meeting (ISO), empty when not yet."""


def find_for_door(ctx: Context, meeting_id: int, text: str, limit: int = 30) -> list[DoorMatch]:
    """This meeting's people whose name contains ``text`` (case and accents ignored), invitees first.

    The door sees only whom it needs: the meeting's invitees and whoever is checked in to it
    already (walk-ins). Nobody else in the store is found, and each match carries the person's
    name, group and organisation only (no contact data, nothing of other meetings).
    """
    needle = fold(text)
    if not needle:
        return []
    invited = invitees.person_ids(ctx.store, meeting_id)
    arrived: dict[int, str] = {}
    for check_in in checkins.active_of_meeting(ctx.store, meeting_id):
        arrived.setdefault(check_in.person_id, check_in.at)
    matches = []
    for person_id in invited | arrived.keys():
        person = persons.get_living(ctx.store, person_id)
        if person is None or needle not in fold(person.name):
            continue
        shown = Person(id=person_id, name=person.name, group=person.group, organisation=person.organisation)
        matches.append(DoorMatch(shown, person_id in invited, arrived.get(person_id, "")))
    # Invitees first; within each part names starting with the text, then alphabetically.
    matches.sort(
        key=lambda m: (not m.invited, not fold(m.person.name).startswith(needle), fold(m.person.name), m.person.id)
    )
    return matches[:limit]
