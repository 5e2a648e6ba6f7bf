"""The documents of the network's memory: the handout of answers, the contact list, the speaker's invitation letter.

Plain dataclasses the services fill and the renderers (:mod:`.network_markdown`, :mod:`.network_pdf`)
print. As in :mod:`.documents`, texts are already what the reader sees (labels translated, names
as stored).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

__all__ = [
    "AudienceCount",
    "ContactListDoc",
    "ContactRow",
    "HandoutDoc",
    "HandoutEntry",
    "HandoutTopic",
    "SpeakerLetterDoc",
]


@dataclass
class HandoutEntry:
    """One answered question: what was asked (by which group, never by whom), the answer, who gave it and when."""

    question: str
    asked_by: str
    """The label of the group that asked ("" when none was noted)."""
    answer: str
    answered_by: str
    answered_on: date | None


@dataclass
class HandoutTopic:
    """The answered questions of one topic."""

    topic: str
    entries: list[HandoutEntry] = field(default_factory=list)


@dataclass
class HandoutDoc:
    """The handout "Fragen und Antworten aus dem Netzwerk"."""

    title: str
    topics: list[HandoutTopic]
    created_at: datetime
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class ContactRow:
    """One person on the contact list, as they agreed to appear."""

    name: str
    organisation: str
    offer: str
    reach: list[str]
    """How to reach them, in the form they chose (their e-mail address, phone number, a way in their words)."""
    consent_on: date | None = None


@dataclass
class ContactListDoc:
    """The network's contact list: only people whose consent holds."""

    title: str
    rows: list[ContactRow]
    created_at: datetime


@dataclass
class AudienceCount:
    """How many of one group are invited (the audience a speaker can expect)."""

    group: str
    count: int


@dataclass
class SpeakerLetterDoc:
    """A speaker's invitation letter for a planned meeting."""

    speaker: str
    organisation: str
    meeting_title: str
    meeting_date: date
    start_time: time | None
    place: str
    topic: str
    audience: list[AudienceCount]
    """The invitees by group, the speaker left out."""
    audience_total: int
    talk_minutes: int = 0
    note: str = ""
    sender: str = ""
    issued: date | None = None
    created_at: datetime | None = None
