"""The sign-in list (Teilnehmerliste zum Unterschreiben): the document the services fill and the writers print.

Printed before the doors open, it lists the invited people alphabetically with group and
organisation, an empty signature cell each, and blank rows for those who come without an
invitation; printed after the meeting, the same list carries the check-in times, and the walk-ins
follow the invited. Its head and foot carry what funder forms ask for: organiser, place, date,
start and end, topic, the data-protection note and the organiser's confirmation.

Texts here are already what the reader sees; dates and times are values, formatted by each writer
(CSV here through ``services.exports.signin_sheet_table``; PDF and XLSX by their writers).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from integra_tui.domain.organiser import Organiser

__all__ = ["SignInRow", "SignInSheet"]


@dataclass
class SignInRow:
    """One line to sign: a person invited, or (after the meeting) someone who came without an invitation."""

    number: int
    """The line's number on the list, from 1 (blank rows continue the count)."""
    name: str
    first_name: str
    last_name: str
    group: str
    """The group's label, as the reader sees it."""
    organisation: str
    walk_in: bool = False
    """Came without an invitation (only after the meeting; before it, walk-ins sign the blank rows)."""
    checked_in_at: datetime | None = None
    """When they were checked in (after the meeting; None before it, or when they did not come)."""


@dataclass
class SignInSheet:
    """The sign-in list of one meeting, before (to sign) or after the meeting (with check-in times)."""

    meeting_title: str
    topic: str
    date: date
    start: time | None
    """Planned start before the meeting; the real start after it (when the clock was started)."""
    end: time | None
    """Planned end (start plus planned minutes) before the meeting; the real end after it."""
    place: str
    organiser: Organiser
    after: bool
    """True: printed after the meeting, with check-in times; False: printed to sign at the door."""
    rows: list[SignInRow]
    """The invited in alphabetical order (by last name), then, after the meeting, the walk-ins."""
    blank_rows: int
    """Empty lines to add for walk-ins, numbered on from the last row."""
    privacy_note: str
    """The data-protection note (Art. 13 DSGVO) printed under the list."""
    confirmation: str
    """The organiser's confirmation sentence, signed at the foot: "Die Richtigkeit der Angaben bestätigt: …"."""
    created_at: datetime
    headers: list[str] = field(default_factory=list)
    """The column headings, in order: Nr., Nachname, Vorname, Gruppe, Organisation, (Check-in,) Unterschrift."""
