"""Needs, offers and questions followed across meetings: their statuses, topics, matching and the quarter counts.

A need (Bedarf) is raised for a group, on a topic, and someone at the table takes care of it; it is
open, in progress, met or not possible, each change kept with its date. An offer (Angebot) is
captured the same way and matched to needs of the same topic. A question (Frage) is open until it
is answered. Pure rules: the records keep them (``integra_tui.records.captures``), the services
word them (``integra_tui.services.needs``, ``...questions``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from integra_tui.domain.errors import DomainError
from integra_tui.domain.models import Capture, Meeting

__all__ = [
    "DEFAULT_TOPICS",
    "NEED_STATUSES",
    "OPEN_NEED_STATUSES",
    "OTHER_TOPIC",
    "QUESTION_STATUSES",
    "NeedFacts",
    "NeedRow",
    "QuarterCount",
    "check_match",
    "history_days",
    "is_open_need",
    "marks_per_quarter",
    "quarter_counts",
    "quarter_report",
    "quarter_of",
    "quarters_between",
]

DEFAULT_TOPICS: tuple[str, ...] = (
    "Sprache",
    "Arbeit",
    "Wohnen",
    "Behörden",
    "Kinderbetreuung",
    "Freizeit",
    "Gesundheit",
    "Mobilität",
    "Sonstiges",
)
"""The topics a new store starts with, in the German spelling that is stored; the list is editable."""

OTHER_TOPIC = "Sonstiges"
"""The topic for what fits no other."""

NEED_STATUSES: tuple[str, ...] = ("open", "in_progress", "met", "not_possible")
"""A need is open (offen), in progress (in Arbeit), met (gedeckt) or not possible (nicht möglich)."""

OPEN_NEED_STATUSES: tuple[str, ...] = ("open", "in_progress")
"""Needs with these statuses come back at the next meeting."""

QUESTION_STATUSES: tuple[str, ...] = ("open", "answered")
"""A question is open until it is answered."""


def is_open_need(status: str) -> bool:
    """The rule: a need is still to be followed while it is open or in progress."""
    return (status or "open") in OPEN_NEED_STATUSES


def check_match(need_topic: str, offer_topic: str) -> None:
    """Refuse matching a need and an offer unless both have the same topic.

    Codes: ``need_without_topic``, ``offer_without_topic``, ``topics_differ`` (params: need, offer).
    """
    if not need_topic:
        raise DomainError("need_without_topic")
    if not offer_topic:
        raise DomainError("offer_without_topic")
    if need_topic.casefold() != offer_topic.casefold():
        raise DomainError("topics_differ", need=need_topic, offer=offer_topic)


def quarter_of(on: date) -> tuple[int, int]:
    """(year, quarter 1-4) of a date."""
    return on.year, (on.month - 1) // 3 + 1


def quarters_between(first: date, last: date) -> list[tuple[int, int]]:
    """Every quarter from the one of ``first`` to the one of ``last``, both included, in order."""
    year, quarter = quarter_of(first)
    end = quarter_of(last)
    found = []
    while (year, quarter) <= end:
        found.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return found


@dataclass(frozen=True)
class NeedFacts:
    """What the quarter counts need to know of one need."""

    raised_on: date
    """The day of the meeting it was raised in."""
    topic: str
    history: tuple[tuple[date, str], ...] = ()
    """Every status change as (day, status), oldest first."""


@dataclass(frozen=True)
class QuarterCount:
    """One row of the funder's count: a quarter and a topic.

    ``raised``, ``met`` and ``not_possible`` count what happened in the quarter; ``in_progress`` and
    ``open`` count the needs raised so far that were in progress or still open at its end.
    """

    year: int
    quarter: int
    topic: str
    raised: int = 0
    in_progress: int = 0
    met: int = 0
    not_possible: int = 0
    open: int = 0


def _status_on(history: Sequence[tuple[date, str]], day: date) -> str:
    status = "open"
    for changed, new in history:
        if changed > day:
            break
        status = new
    return status


def _quarter_end(year: int, quarter: int) -> date:
    month = quarter * 3
    return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)


def quarter_counts(
    needs: Iterable[NeedFacts], quarters: Sequence[tuple[int, int]], topics: Sequence[str]
) -> list[QuarterCount]:
    """Per quarter and topic: needs raised, met and not possible in it; in progress and open at its end.

    Rows come in quarter order, topics in the order of ``topics`` (topics of needs not in it follow,
    sorted); a topic without any count in a quarter is left out. Needs without a topic count as
    ``OTHER_TOPIC``.
    """
    facts = list(needs)
    seen = {f.topic or OTHER_TOPIC for f in facts}
    order = [t for t in topics if t in seen] + sorted(seen - set(topics))
    rows = []
    for year, quarter in quarters:
        end = _quarter_end(year, quarter)  # the first day after the quarter
        for topic in order:
            counts = {"raised": 0, "in_progress": 0, "met": 0, "not_possible": 0, "open": 0}
            for need in facts:
                if (need.topic or OTHER_TOPIC) != topic or need.raised_on >= end:
                    continue
                if quarter_of(need.raised_on) == (year, quarter):
                    counts["raised"] += 1
                changes = [(d, s) for d, s in need.history if quarter_of(d) == (year, quarter)]
                reached = {s for _d, s in changes}
                for closed in ("met", "not_possible"):
                    # Reached in this quarter (a need met, reopened and met again in another quarter counts there too).
                    if closed in reached:
                        counts[closed] += 1
                at_end = _status_on(need.history, date.fromordinal(end.toordinal() - 1))
                if at_end in ("in_progress", "open"):
                    counts[at_end] += 1
            if any(counts.values()):
                rows.append(QuarterCount(year, quarter, topic, **counts))
    return rows


def history_days(history: Iterable[Mapping[str, Any]], to_day: Any) -> tuple[tuple[date, str], ...]:
    """A stored status history ({at, status, ...}) as (day, status) pairs; ``to_day`` turns an ISO time into a date."""
    pairs = []
    for entry in history:
        try:
            day = to_day(entry["at"])
        except (KeyError, ValueError, TypeError):
            continue
        if isinstance(day, datetime):
            day = day.date()
        pairs.append((day, str(entry.get("status") or "open")))
    return tuple(pairs)


def quarter_report(
    needs: Iterable[NeedFacts], topics: Sequence[str], date_from: date | None, date_to: date | None, today: date
) -> list[QuarterCount]:
    """The funder's count of needs (:func:`quarter_counts`) over its quarters: from the quarter of ``date_from``
    (else of the first need raised) to that of ``date_to`` (else of today, or of a need raised later); none
    without needs or when the range ends before it begins."""
    facts = list(needs)
    if not facts:
        return []
    first = date_from or min(f.raised_on for f in facts)
    last = date_to or max(today, max(f.raised_on for f in facts))
    if quarter_of(first) > quarter_of(last):
        return []
    return quarter_counts(facts, quarters_between(first, last), topics)


def marks_per_quarter(
    marked: Iterable[tuple[date, bool]], date_from: date | None = None, date_to: date | None = None
) -> dict[tuple[int, int], tuple[int, int]]:
    """Per quarter, in order: (marks made in it, of them contacted), of (day marked, contacted) pairs in the range.

    The funder's count of people who want to help (``records.volunteers.marked_days``): a mark counts
    in the quarter it was made in, and as contacted there too once someone contacted the person.
    """
    result: dict[tuple[int, int], tuple[int, int]] = {}
    for on, contacted in marked:
        if (date_from and on < date_from) or (date_to and on > date_to):
            continue
        count, reached = result.get(quarter_of(on), (0, 0))
        result[quarter_of(on)] = (count + 1, reached + (1 if contacted else 0))
    return dict(sorted(result.items()))


@dataclass(frozen=True)
class NeedRow:
    """A need as the coordinator's board, the command line and the funder's table show it, with its pairs and items."""

    need: Capture
    meeting: Meeting | None
    """The meeting it was raised in."""
    offers: tuple[Capture, ...]
    """The offers paired with it (removed ones left out)."""
    actions: tuple[Capture, ...]
    """The action items made from it (removed ones left out)."""
    changed_at: datetime | None
    """When its status last changed (None: never)."""
    comment: str
    """The latest comment of its history."""

    @property
    def id(self) -> int:
        """The need's id."""
        return self.need.id

    @property
    def status(self) -> str:
        """open, in_progress, met or not_possible."""
        return self.need.status or "open"

    @property
    def is_open(self) -> bool:
        """Open or in progress: still to be followed."""
        return is_open_need(self.status)
