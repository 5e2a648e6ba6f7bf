"""The documents exports are made of: plain dataclasses the services fill and the renderers print.

Texts in these records are already what the reader sees (group labels translated, names as
stored); dates are ``date``/``datetime`` values, formatted by each renderer for its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Union

from integra_tui.i18n import _

__all__ = [
    "ActionLine",
    "AttendanceDoc",
    "AttendanceRow",
    "Cell",
    "EngagementDoc",
    "FollowUpLine",
    "GroupCount",
    "ItemMinutes",
    "MinutesDoc",
    "NeedReviewLine",
    "QuestionReviewLine",
    "Sheet",
    "kind_label",
    "kind_plural_label",
    "method_label",
    "split_name",
    "status_label",
]

Cell = Union[str, int, float, date, datetime, None]
"""One table cell: text, a number, a date or a timestamp, or empty."""


@dataclass
class Sheet:
    """A table for CSV or one XLSX worksheet: headers and rows of cells."""

    title: str
    headers: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Paragraphs printed under the table (XLSX: one row each across all columns, wrapped; CSV leaves them out)."""
    print_header: str = ""
    """The line printed at the top of every page (XLSX page header); "" for none."""
    row_height: float | None = None
    """Height of the table's rows in points (XLSX), e.g. room to sign; None: the spreadsheet's default."""


def kind_label(kind: str) -> str:
    """What a capture is, in the reader's language: Aufgabe, Beschluss, Bedarf, Notiz."""
    return {
        "action": _("Aufgabe"),
        "decision": _("Beschluss"),
        "need": _("Bedarf"),
        "note": _("Notiz"),
        "offer": _("Angebot"),
        "question": _("Frage"),
        "topic_wish": _("Themenwunsch"),
    }.get(kind, kind)


def kind_plural_label(kind: str) -> str:
    """The heading for a list of captures of one kind."""
    return {
        "action": _("Aufgaben"),
        "decision": _("Beschlüsse"),
        "need": _("Bedarfe"),
        "note": _("Notizen"),
        "offer": _("Angebote"),
        "question": _("Fragen"),
        "topic_wish": _("Themenwünsche"),
    }.get(kind, kind)


def status_label(status: str) -> str:
    """A status: an action item's (offen, erledigt, verworfen), a need's (in Arbeit, gedeckt, nicht möglich),
    a question's (beantwortet)."""
    return {
        "open": _("offen"),
        "done": _("erledigt"),
        "dropped": _("verworfen"),
        "in_progress": _("in Arbeit"),
        "met": _("gedeckt"),
        "not_possible": _("nicht möglich"),
        "answered": _("beantwortet"),
    }.get(status, status)


def method_label(method: str) -> str:
    """How someone was checked in: Scan, Suche, spontan, ..."""
    return {
        "scan": _("Scan"),
        "search": _("Suche"),
        "walkin": _("spontan"),
        "override": _("von Hand"),
        "camera": _("Kamera"),
        "cli": _("Kommandozeile"),
    }.get(method, method)


_PARTICLES = {
    "von",
    "van",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "du",
    "la",
    "le",
    "zu",
    "zum",
    "zur",
    "ten",
    "ter",
    "al",
    "el",
    "bin",
    "ibn",
}


def split_name(name: str) -> tuple[str, str]:
    """(first name, last name) of a name stored as 'Vorname Nachname'.

    The last word is the last name, together with lower-case particles before it
    ('Ludwig van der Berg' -> 'Ludwig', 'van der Berg'); a single word is a last name.
    """
    words = name.split()
    if not words:
        return "", ""
    if len(words) == 1:
        return "", words[0]
    cut = len(words) - 1
    while cut > 1 and words[cut - 1] in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


@dataclass
class ActionLine:
    """A captured action item, decision or need, as the exports list it."""

    id: int
    kind: str
    text: str
    meeting_title: str = ""
    meeting_date: date | None = None
    agenda_item: str = ""
    owner: str = ""
    group: str = ""
    due: date | None = None
    status: str = "open"
    comment: str = ""
    """The latest comment of the item's history."""
    meeting_id: int = 0
    history: list[dict] = field(default_factory=list)
    topic: str = ""
    """A need's, offer's, question's or topic wish's topic (its label)."""
    votes: tuple[int, int, int] | None = None
    """A decision's show of hands: (ja, nein, Enthaltung)."""
    hands: int | None = None
    """A topic wish's show of hands."""
    answer: str = ""
    """A question's answer ("" while open)."""
    answered_by: str = ""
    answered_on: date | None = None
    matched: list[str] = field(default_factory=list)
    """A need's paired offers, an offer's paired needs: "Gruppe: Text" each, shown and exported together."""
    need_id: int | None = None
    """An action item's need."""


@dataclass
class NeedReviewLine:
    """A need from an earlier meeting reviewed in this one, with the status it has after it."""

    id: int
    text: str
    group: str
    topic: str
    owner: str
    from_meeting: str
    from_date: date | None
    status: str
    comment: str = ""
    matched: list[str] = field(default_factory=list)


@dataclass
class QuestionReviewLine:
    """A question from an earlier meeting taken up in this one: still open, or answered (here or before)."""

    id: int
    text: str
    group: str
    topic: str
    from_date: date | None
    answer: str = ""
    answered_by: str = ""


@dataclass
class GroupCount:
    """Attendance of one group: how many were invited and how many came."""

    group: str
    present: int
    invited: int
    walk_ins: int = 0
    """Of ``present``, those who came without an invitation (invited and present: ``present - walk_ins``)."""


@dataclass
class ItemMinutes:
    """One agenda item in the minutes: plan against reality and what was agreed."""

    number: int
    title: str
    presenter: str
    status: str
    """pending, done, skipped, deferred (as the agenda timer reports it)."""
    planned_minutes: int
    granted_minutes: int
    """Planned minutes with extensions, minus minutes given to other items."""
    actual_seconds: float | None
    """Time the item ran; None when it never started."""
    choices: list[str] = field(default_factory=list)
    """The overrun choices made on this item, one sentence each."""
    notes: list[ActionLine] = field(default_factory=list)
    decisions: list[ActionLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    needs: list[ActionLine] = field(default_factory=list)
    offers: list[ActionLine] = field(default_factory=list)
    questions: list[ActionLine] = field(default_factory=list)
    topic_wishes: list[ActionLine] = field(default_factory=list)


@dataclass
class FollowUpLine:
    """An open item from an earlier meeting with the status it has now."""

    id: int
    text: str
    owner: str
    due: date | None
    from_meeting: str
    from_date: date | None
    status: str
    comment: str = ""


@dataclass
class MinutesDoc:
    """The minutes (Protokoll) of one meeting."""

    title: str
    date: date
    start_time: time | None
    place: str
    topic: str
    started_at: datetime | None
    ended_at: datetime | None
    invited: int
    present: int
    walk_ins: int
    groups: list[GroupCount]
    names: list[tuple[str, list[str]]] | None
    """With ``--with-names``: (group label, names present) per group; otherwise None."""
    items: list[ItemMinutes]
    other: ItemMinutes | None
    """Captures not tied to an agenda item (shown as "Sonstiges"), or None."""
    speaking: list[tuple[str, float]]
    """(group label, seconds) for the whole meeting."""
    follow_ups: list[FollowUpLine]
    created_at: datetime
    open_needs: list[NeedReviewLine] = field(default_factory=list)
    """Needs of earlier meetings reviewed in this one ("Offene Bedarfe aus früheren Treffen")."""
    open_questions: list[QuestionReviewLine] = field(default_factory=list)
    """Questions of earlier meetings taken up in this one ("Offene Fragen aus früheren Treffen")."""


@dataclass
class AttendanceRow:
    """One person on the attendance list."""

    name: str
    first_name: str
    last_name: str
    group: str
    organisation: str
    checked_in_at: datetime | None
    method: str


@dataclass
class AttendanceDoc:
    """The attendance list (Teilnehmerliste) of one meeting."""

    title: str
    date: date
    start_time: time | None
    place: str
    rows: list[AttendanceRow]
    invited: int


@dataclass
class EngagementDoc:
    """An attendance confirmation for one person (proof of voluntary engagement)."""

    name: str
    organisation: str
    meetings: list[tuple[date, str, str]]
    """(date, title, place) of each meeting attended, oldest first."""
    roles: list[str]
    """Sentences on roles held: presenter, speaker, owner of action items."""
    issued: date
    issuer: str = ""
