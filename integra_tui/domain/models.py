"""The round table's records as plain dataclasses: meetings, people, invitees, check-ins, captures.

No I/O and no Textual here. Each record converts to and from the plain dict the store keeps
(``to_doc`` / ``from_doc``); dates are ISO strings there, timestamps ISO 8601 with offset.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from typing import Any, Mapping, TypeVar

__all__ = [
    "CHECKIN_METHODS",
    "CAPTURE_KINDS",
    "CheckIn",
    "Capture",
    "Invitee",
    "MEETING_STATUSES",
    "Meeting",
    "Person",
    "from_doc",
]

MEETING_STATUSES = ("planned", "running", "closed")
CHECKIN_METHODS = ("scan", "search", "walkin", "override", "camera", "cli")
CAPTURE_KINDS = ("action", "decision", "need", "note")

T = TypeVar("T")


def _parse(kind: Any, value: Any) -> Any:
    if value is None or value == "":
        return None if kind in ("date | None", "time | None", "datetime | None") else value
    if kind in ("date", "date | None"):
        return date.fromisoformat(value)
    if kind in ("time", "time | None"):
        return time.fromisoformat(value)
    if kind in ("datetime", "datetime | None"):
        return datetime.fromisoformat(value)
    return value


def _dump(value: Any) -> Any:
    if isinstance(value, (date, time, datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


class _Doc:
    """Conversion between a dataclass and the dict the store keeps."""

    def to_doc(self) -> dict[str, Any]:
        """The stored form: JSON types only, without the id (the store keeps it)."""
        return {k: _dump(v) for k, v in asdict(self).items() if k != "id"}  # type: ignore[call-overload]


def from_doc(cls: type[T], doc: Mapping[str, Any]) -> T:
    """Build a record of ``cls`` from a stored document (unknown keys are ignored)."""
    values = {}
    for f in fields(cls):  # type: ignore[arg-type]
        if f.name in doc:
            values[f.name] = _parse(f.type, doc[f.name])
    return cls(**values)


@dataclass
class Meeting(_Doc):
    """One round table: when and where, on which topic, and whether it is planned, running or closed."""

    title: str
    date: date
    start_time: time | None = None
    place: str = ""
    topic: str = ""
    status: str = "planned"
    planned_minutes: int = 120
    id: int = 0

    def starts_at(self, tz: Any) -> datetime:
        """The planned start as an aware datetime in ``tz`` (midnight without a start time)."""
        return datetime.combine(self.date, self.start_time or time(0, 0), tzinfo=tz)


@dataclass
class Person(_Doc):
    """Someone who comes to the round table; one record across meetings."""

    name: str
    group: str = ""
    organisation: str = ""
    email: str = ""
    phone: str = ""
    languages: list[str] = field(default_factory=list)
    consent_contact: bool = False
    consent_photo: bool = False
    card_code: str = ""
    created_at: str = ""
    forgotten: bool = False
    id: int = 0


@dataclass
class Invitee(_Doc):
    """A person invited to one meeting, with the invitation code that admits them.

    ``replaced_codes`` keeps earlier codes of this invitation, so a re-issued invitation's old code
    is refused with a reason instead of being unknown.
    """

    meeting_id: int
    person_id: int
    code: str = ""
    replaced_codes: list[str] = field(default_factory=list)
    invited_at: str = ""
    walk_in: bool = False
    id: int = 0


@dataclass
class CheckIn(_Doc):
    """Someone arrived at a meeting: when, at which station and how. Undo is recorded, not deleted."""

    meeting_id: int
    person_id: int
    at: str
    station: str = ""
    method: str = "scan"
    code: str = ""
    undone_at: str = ""
    undone_station: str = ""
    id: int = 0

    @property
    def active(self) -> bool:
        """True unless the check-in was undone."""
        return not self.undone_at


@dataclass
class Capture(_Doc):
    """Something agreed or noted during a meeting: an action item, a decision, a need or a note.

    ``history`` keeps every status change with its date ({at, status, comment, meeting_id}).
    """

    meeting_id: int
    kind: str
    text: str
    agenda_item_id: int | None = None
    owner: str = ""
    due: date | None = None
    group: str = ""
    status: str = "open"
    created_at: str = ""
    removed_at: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    id: int = 0
