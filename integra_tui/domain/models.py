"""The round table's records as plain dataclasses: meetings, people, invitees, codes, check-ins, captures.

No I/O and no Textual here. Each record converts to and from the plain dict the store keeps
(``to_doc`` / ``from_doc``); dates are ISO strings there, timestamps ISO 8601 with offset.
Which table holds them, and which of them still count (a check-in not undone, a capture not
removed, ...), is said once per table in ``integra_tui.records``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from typing import Any, Mapping, TypeVar

from integra_tui.domain.agenda import AgendaItem, WarningRule

__all__ = [
    "ACTION_STATUSES",
    "CHECKIN_METHODS",
    "CAPTURE_KINDS",
    "CODE_KINDS",
    "CODE_STATUSES",
    "CONTACT_CHANNELS",
    "ContactConsent",
    "MeetingPlan",
    "VolunteerMark",
    "MAX_TITLE_TRANSLATIONS",
    "AgendaEntry",
    "CheckIn",
    "Capture",
    "Code",
    "Invitee",
    "MEETING_STATUSES",
    "Meeting",
    "ModerationSettings",
    "Person",
    "from_doc",
]

MEETING_STATUSES = ("planned", "running", "closed")
CHECKIN_METHODS = ("scan", "search", "walkin", "override", "camera", "cli")
CAPTURE_KINDS = ("action", "decision", "need", "note", "offer", "question", "topic_wish")
"""What a meeting captures: action items, decisions, needs, notes, offers, questions and topic wishes."""

ACTION_STATUSES = ("open", "done", "dropped")
"""An action item is open until it is marked done or dropped (the one tuple of these statuses)."""

MAX_TITLE_TRANSLATIONS = 2
"""An agenda item's title can be shown in up to this many languages besides German."""

CODE_KINDS = ("invitation", "card")
"""An invitation code admits to one meeting; a personal card code to every meeting."""

CODE_STATUSES = ("active", "replaced", "revoked")
"""A code works while active; a re-issue replaces it, forgetting its person revokes it."""

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
    """When the check-in was taken back ("" while it counts; see ``integra_tui.records.checkins``)."""
    undone_station: str = ""
    id: int = 0


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
    edited_at: str = ""
    """When the text, owner, due date or group was last changed ("" if never)."""
    revision: int = 0
    """How often it was changed (edits and status changes; see ``records.captures.revision``)."""
    id: int = 0
    # What needs, offers, questions, topic wishes and decisions carry besides (stored only when set,
    # so the documents of the other kinds stay as they always were; see ``records.captures``).
    topic: str = ""
    """A need's, offer's, question's or topic wish's topic (one of the store's topics, ``records.topics``)."""
    matched_ids: list[int] = field(default_factory=list)
    """A need's matched offers, an offer's matched needs (kept on both sides)."""
    action_ids: list[int] = field(default_factory=list)
    """The action items a need was turned into."""
    need_id: int | None = None
    """The need an action item was made from."""
    answer: str = ""
    """A question's answer."""
    answered_by: str = ""
    """Who answered it (a person or organisation at the table, as typed)."""
    answered_at: str = ""
    """When it was answered (ISO 8601 with offset)."""
    answer_meeting_id: int | None = None
    """The meeting it was answered in (None: between meetings)."""
    hands: int | None = None
    """A topic wish's show of hands (a count, no names)."""
    votes: dict[str, int] | None = None
    """A decision's show of hands: {yes, no, abstain} counts (``domain.votes.ShowOfHands``)."""

    def to_doc(self) -> dict[str, Any]:
        """The stored form; the fields of the later kinds only when they are set."""
        doc = super().to_doc()
        for name in _CAPTURE_EXTRAS:
            if doc.get(name) in (None, "", []):
                doc.pop(name, None)
        return doc


_CAPTURE_EXTRAS = (
    "topic",
    "matched_ids",
    "action_ids",
    "need_id",
    "answer",
    "answered_by",
    "answered_at",
    "answer_meeting_id",
    "hands",
    "votes",
)


@dataclass
class Code(_Doc):
    """A code that admits someone: an invitation to one meeting, or a personal card for every meeting.

    ``status`` is active, replaced (a newer code of the same invitation or card took over; see
    ``replaced_by``) or revoked (its person was forgotten).
    """

    code: str
    person_id: int
    kind: str = "invitation"
    meeting_id: int | None = None
    invitee_id: int | None = None
    status: str = "active"
    issued_at: str = ""
    replaced_at: str = ""
    replaced_by: str = ""
    revoked_at: str = ""
    id: int = 0


@dataclass
class ContactConsent(_Doc):
    """A person's consent to appear on the network's contact list, with what they offer and how to reach them.

    ``channels`` are the ways they chose ("email", "phone": their stored address and number);
    ``reach_note`` any other way, in their words. Withdrawing is recorded (``withdrawn_at``).
    """

    person_id: int
    given_at: str
    meeting_id: int | None = None
    offer: str = ""
    channels: list[str] = field(default_factory=list)
    reach_note: str = ""
    withdrawn_at: str = ""
    id: int = 0


CONTACT_CHANNELS = ("email", "phone")
"""How a person on the contact list may choose to be reached: their e-mail address, their phone number."""


@dataclass
class VolunteerMark(_Doc):
    """Someone who wants to help ("möchte sich engagieren"): with what and when, until someone contacted them."""

    person_id: int
    marked_at: str
    meeting_id: int | None = None
    what: str = ""
    when: str = ""
    contacted_at: str = ""
    contacted_by: str = ""
    note: str = ""
    removed_at: str = ""
    id: int = 0


@dataclass
class MeetingPlan(_Doc):
    """What the coordinator plans for a coming meeting: its topic (perhaps a topic wish) and the invited speaker."""

    meeting_id: int
    topic: str = ""
    topic_wish_id: int | None = None
    speaker_person_id: int | None = None
    talk_minutes: int = 0
    note: str = ""
    created_at: str = ""
    updated_at: str = ""
    id: int = 0


@dataclass
class AgendaEntry:
    """An agenda item as kept for a meeting: the item itself plus what happened to it between meetings.

    ``removed_at`` is set when the item was taken off the agenda (never deleted, so timer events and
    captures naming it still resolve); ``deferred_at`` when it was deferred to the next meeting,
    ``carried_to`` the meeting that took it over (None while it waits); a copy on the next meeting
    names its origin in ``carried_over_from`` (the meeting) and ``carried_over_item_id`` (the item).
    ``translations`` holds the title in up to two further languages (``MAX_TITLE_TRANSLATIONS``).
    """

    meeting_id: int
    title: str
    minutes: int = 0
    presenter: str = ""
    kind: str = "discussion"
    position: int = 0
    carried_over_from: int | None = None
    carried_over_item_id: int | None = None
    removed_at: str = ""
    deferred_at: str = ""
    carried_to: int | None = None
    id: int = 0
    translations: list[dict[str, str]] = field(default_factory=list)
    """The title in up to two further languages for the display: [{"language": code, "title": text}]."""

    @property
    def item(self) -> AgendaItem:
        """The item as the agenda timer sees it."""
        return AgendaItem(
            id=self.id,
            title=self.title,
            minutes=self.minutes,
            presenter=self.presenter,
            kind=self.kind,
            position=self.position,
            carried_over_from=self.carried_over_from,
        )


@dataclass(frozen=True)
class ModerationSettings:
    """A meeting's moderation settings: when a countdown warns, first-time priority, speaking time."""

    warning_minutes: float = 2
    """The item countdown warns at this many minutes left ..."""
    warning_percent: float = 20
    """... or at this share of the planned time left, whichever comes first."""
    first_time_priority: bool = False
    """People who have not spoken on the item yet go before those who have."""
    speaker_seconds: int | None = None
    """Speaking time per speaker, with its own countdown; None for no limit."""

    @property
    def warning_rule(self) -> WarningRule:
        """The rule the agenda timer applies."""
        return WarningRule(minutes=self.warning_minutes, percent=self.warning_percent)
