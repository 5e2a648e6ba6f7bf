"""Table ``captures``: what was agreed or noted in a meeting (action items, decisions, needs, notes,
offers, questions, topic wishes).

Stored fields (``domain.models.Capture``)::

    meeting_id      int
    kind            str          action | decision | need | note | offer | question | topic_wish
                                 (``domain.models.CAPTURE_KINDS``)
    text            str
    agenda_item_id  int | None   the agenda item it belongs to
    owner           str          "who" for an action item, "who takes care" of a need, who offers (free text)
    due             str | None   ISO date
    group           str          the group a need is for, an offer comes from, a question is asked by
                                 (or an action item's); never a person's name
    status          str          action item: open | done | dropped (``domain.models.ACTION_STATUSES``);
                                 need: open | in_progress | met | not_possible (``domain.needs.NEED_STATUSES``);
                                 question: open | answered (``domain.needs.QUESTION_STATUSES``); others "open"
    created_at      str          ISO 8601 with offset
    edited_at       str          when the text, owner, due date, group or topic was last changed (missing before)
    revision        int          how often it was changed (edits and status changes; missing before)
    removed_at      str          when it was removed ("" while it counts)
    history         list         every status change of an action item, need or question, oldest first:
                                 {at (ISO), status, comment, meeting_id (the meeting that decided it, or None)}

Stored only when set (older documents, and every action item, decision and note without them, do
not have them; a missing field reads as its default)::

    topic              str          need, offer, question, topic wish: one of the store's topics (``records.topics``)
    matched_ids        list[int]    need: the offers matched to it; offer: the needs it was matched to
    action_ids         list[int]    need: the action items made from it
    need_id            int          action item: the need it was made from
    answer             str          question: the answer
    answered_by        str          question: who answered (free text, as typed)
    answered_at        str          question: when (ISO 8601 with offset)
    answer_meeting_id  int          question: the meeting it was answered in (missing: between meetings)
    hands              int          topic wish: the show of hands (a count)
    votes              dict         decision: the show of hands, {yes, no, abstain} counts

The rules, stated once: a capture **counts** unless it was removed (removing never deletes); only
**action items**, **needs** and **questions** have a status, each from its own tuple
(:func:`statuses_of`); a status at a moment is replayed from the history (:func:`status_at`); a need
is **still open** while it is open or in progress (:func:`is_open_need`); a question is **answered**
once it has an answer (:func:`is_answered`); a capture's **revision** counts every change, also for
documents written before the count was kept (:func:`revision`), so a calendar entry made from it can
say it changed. What of earlier meetings **comes back** in a meeting's open-items review
(:func:`comes_back`, read by :func:`to_review`): what is **still open** (:func:`is_still_open`: an
action item open, a need open or in progress, a question not yet answered), and each of them also
when this meeting reviewed (answered) it. A new capture is checked by ``domain.captures.draft``
against the store's groups, topics and living people (:func:`known`) before it is stored
(:func:`add_new`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date, datetime, timezone, tzinfo
from typing import Any

from integra_tui.domain.agenda import TimerEvent
from integra_tui.domain.captures import Known, Labels, draft
from integra_tui.domain.clock import from_iso
from integra_tui.domain.meetings import earlier_than
from integra_tui.domain.models import ACTION_STATUSES, Capture, Meeting, from_doc
from integra_tui.domain.needs import (
    NEED_STATUSES,
    QUESTION_STATUSES,
    NeedFacts,
    NeedRow,
    QuarterCount,
    history_days,
    quarter_report,
)
from integra_tui.domain.needs import is_open_need as _open_status
from integra_tui.domain.speakers import SpeakerEvent
from integra_tui.records import groups, meetings, persons, speaker_events, timer_events, topics
from integra_tui.records.base import Store

__all__ = [
    "ACTION",
    "DECISION",
    "NEED",
    "OFFER",
    "QUESTION",
    "TABLE",
    "TOPIC_WISH",
    "add",
    "add_new",
    "came_back_at",
    "comes_back",
    "counting",
    "edit",
    "every",
    "from_stored",
    "get",
    "has_status",
    "is_answered",
    "is_live",
    "is_open_need",
    "is_still_open",
    "known",
    "last_recorded",
    "latest",
    "last_changed",
    "link_action",
    "link_to_need",
    "live",
    "match",
    "of_ids",
    "of_meeting",
    "record_answer",
    "record_status",
    "remove",
    "reviewed_in",
    "revision",
    "scrub",
    "set_hands",
    "set_owner",
    "set_topic",
    "set_votes",
    "status_at",
    "statuses_of",
    "stored_matching",
    "to_review",
    "unmatch",
    "was_open_at",
]

TABLE = "captures"

ACTION = "action"
"""The kind of capture that has a status (and an owner and a due date): an action item."""

DECISION = "decision"
"""A decision (Beschluss); it may carry a show of hands (``votes``)."""

NEED = "need"
"""A need (Bedarf): for a group, on a topic, with who takes care and a status of its own."""

OFFER = "offer"
"""An offer (Angebot): from a group, on a topic, matched to needs."""

QUESTION = "question"
"""A question (Frage): asked by a group, open until answered."""

TOPIC_WISH = "topic_wish"
"""A wish for the topic of a coming meeting, with a show of hands (``hands``)."""

_STATUSES = {ACTION: ACTION_STATUSES, NEED: NEED_STATUSES, QUESTION: QUESTION_STATUSES}


def is_live(capture: Capture | Mapping[str, Any]) -> bool:
    """The rule: a capture counts unless it was removed (a capture, or its stored document)."""
    removed = capture.get("removed_at") if isinstance(capture, Mapping) else capture.removed_at
    return not removed


def revision(capture: Capture) -> int:
    """The rule: how often a capture was changed, at least its status changes plus one for an edit before counting."""
    counted_before = len(capture.history or []) + (1 if capture.edited_at else 0)
    return max(capture.revision or 0, counted_before)


def last_changed(capture: Capture) -> str:
    """When the capture was last changed (created, edited, status changed), ISO 8601; "" if unknown."""
    moments = [capture.created_at, capture.edited_at] + [str(h.get("at") or "") for h in capture.history or []]
    known = [(from_iso(m), m) for m in moments if m]
    return max(known)[1] if known else ""


def has_status(capture: Capture) -> bool:
    """The rule: only action items have a status of open, done, dropped (``followup``'s status)."""
    return capture.kind == ACTION


def statuses_of(kind: str) -> tuple[str, ...]:
    """The rule: the statuses a capture of ``kind`` can have (action items, needs, questions); () for the others."""
    return _STATUSES.get(kind, ())


def is_open_need(capture: Capture) -> bool:
    """The rule: a need is still to be followed while it counts and is open or in progress."""
    return capture.kind == NEED and is_live(capture) and _open_status(capture.status)


def is_answered(capture: Capture) -> bool:
    """The rule: a question is answered once it has an answer (status "answered")."""
    return capture.kind == QUESTION and capture.status == "answered"


def is_still_open(capture: Capture) -> bool:
    """The rule: while it counts, an action item is still open while its status is open, a need while it is open or
    in progress, a question until it is answered (other kinds are never open)."""
    if not is_live(capture):
        return False
    if capture.kind == QUESTION:
        return not is_answered(capture)
    if capture.kind == NEED:
        return _open_status(capture.status)
    return capture.kind == ACTION and capture.status == "open"


def comes_back(capture: Capture, meeting_id: int) -> bool:
    """The rule: an earlier meeting's action item, need or question comes back in meeting ``meeting_id`` while it is
    still open (:func:`is_still_open`), or when that meeting reviewed it (a status change decided there; a
    question: answered there)."""
    if is_still_open(capture):
        return True
    if capture.kind == QUESTION:
        return capture.answer_meeting_id == meeting_id
    return reviewed_in(capture, meeting_id)


def reviewed_in(capture: Capture, meeting_id: int) -> bool:
    """Whether meeting ``meeting_id`` reviewed an action item or need: a status change of its history was decided
    there (a question's answer is not in its history: ``answer_meeting_id``)."""
    return any(h.get("meeting_id") == meeting_id for h in capture.history or [])


def was_open_at(capture: Capture, moment: datetime) -> bool:
    """Whether an action item or need was still open at ``moment``: its status then (:func:`status_at`) was open (a
    need's: open or in progress)."""
    status = status_at(capture.history or [], capture.status, moment)
    return _open_status(status) if capture.kind == NEED else status == "open"


def came_back_at(capture: Capture, meeting_id: int, start: datetime) -> bool:
    """The minutes' rule: an earlier meeting's action item, need or question came back in meeting ``meeting_id``
    (begun at ``start``) when it was still open as it began (:func:`was_open_at`; a question: not answered
    before), or when that meeting reviewed it (a question: answered there)."""
    if capture.kind == QUESTION:
        answered_at = changed_at({"at": capture.answered_at}) if capture.answered_at else None
        return answered_at is None or answered_at >= start or capture.answer_meeting_id == meeting_id
    return was_open_at(capture, start) or reviewed_in(capture, meeting_id)


def status_at(history: Sequence[Mapping[str, Any]], status: str, moment: datetime) -> str:
    """The status an action item had at ``moment``, replayed from its ``history``.

    Without a history the item has always had its stored ``status``; with one, it was open until
    the first change.
    """
    if not history:
        return status or "open"
    result = "open"
    for entry in history:
        try:
            if from_iso(entry["at"]) > moment:
                break
        except (KeyError, ValueError):
            continue
        result = entry.get("status", result)
    return result


def from_stored(doc: Mapping[str, Any]) -> Capture:
    """The capture a stored document describes."""
    return from_doc(Capture, doc)


def get(store: Store, capture_id: int) -> Capture | None:
    """The capture ``capture_id``, removed or not; None if there is none."""
    doc = store.get(TABLE, capture_id)
    return from_stored(doc) if doc is not None else None


def every(store: Store) -> list[Capture]:
    """Every capture of every meeting, removed ones too, in id order."""
    return [from_stored(doc) for doc in store.all(TABLE)]


def of_ids(store: Store, capture_ids: Iterable[int]) -> list[Capture]:
    """The captures with these ids (removed ones too), in the order asked; ids without one are left out."""
    found = (store.get(TABLE, capture_id) for capture_id in capture_ids)
    return [from_stored(doc) for doc in found if doc is not None]


def of_meeting(store: Store, meeting_id: int, *, include_removed: bool = False) -> list[Capture]:
    """What was captured in a meeting, oldest first (removed ones only when asked for)."""
    docs = sorted(store.find(TABLE, "meeting_id", meeting_id), key=lambda d: d["id"])
    return [from_stored(d) for d in docs if include_removed or is_live(d)]


def counting(store: Store, capture_id: int, kind: str | None = None) -> Capture | None:
    """The capture ``capture_id`` if it counts (and is of ``kind``, when given); None otherwise."""
    capture = get(store, capture_id)
    if capture is None or not is_live(capture) or (kind is not None and capture.kind != kind):
        return None
    return capture


def to_review(store: Store, kind: str, meeting: Meeting) -> list[Capture]:
    """The action items, needs or questions (``kind``) of meetings before ``meeting`` that count and come back in it
    (:func:`comes_back`), in id order."""
    earlier = {m.id for m in earlier_than(meetings.every(store), meeting)}
    found = [c for c in live(store, kinds=(kind,), meeting_ids=earlier) if comes_back(c, meeting.id)]
    return sorted(found, key=lambda c: c.id)


def live(
    store: Store, kinds: Collection[str] | None = None, meeting_ids: Collection[int] | None = None
) -> list[Capture]:
    """Captures that count, of ``kinds`` (all kinds when None) and ``meeting_ids`` (all meetings), in id order."""

    def wanted(doc: Mapping[str, Any]) -> bool:
        return (
            is_live(doc)
            and (kinds is None or doc.get("kind") in kinds)
            and (meeting_ids is None or doc.get("meeting_id") in meeting_ids)
        )

    return [from_stored(doc) for doc in store.search(TABLE, wanted)]


def add(store: Store, capture: Capture) -> Capture:
    """Store a new capture durably; returns it with its id (never-changed marks are left out, as before)."""
    doc = capture.to_doc()
    for unchanged in ("edited_at", "revision"):
        if not doc.get(unchanged):
            doc.pop(unchanged, None)
    capture.id = store.insert(TABLE, doc)
    return capture


def known(store: Store, labels: Labels) -> Known:
    """What a new or edited capture is checked against: the store's groups and topics (shown by ``labels``) and the
    names of its living people (``records.persons.search_living``)."""

    def names_like(folded: str) -> list[str]:
        return [person.name for person in persons.search_living(store, folded)]

    return Known(groups=groups.names(store), topics=topics.listed(store), names_like=names_like, labels=labels)


def add_new(store: Store, labels: Labels, meeting_id: int, kind: str, text: str, *, at: str, **fields: Any) -> Capture:
    """Check a new capture by ``domain.captures.draft`` (its ``fields``: agenda_item_id, owner, due, group, topic,
    hands, votes) against what the store knows (:func:`known`), and store it; returns it with its id.

    Refused with the domain's :class:`~integra_tui.domain.errors.DomainError` (nothing is stored then).
    """
    return add(store, draft(known(store, labels), meeting_id, kind, text, created_at=at, **fields))


def edit(store: Store, capture_id: int, *, text: str, owner: str, due: date | None, group: str, at: str) -> None:
    """Replace a capture's text, owner, due date and group (its revision counts one more)."""
    with store.transaction():
        current = get(store, capture_id)
        changes = {"text": text, "owner": owner, "due": due.isoformat() if due else None, "group": group}
        if current is not None and all(getattr(current, k) == (due if k == "due" else v) for k, v in changes.items()):
            return  # nothing changed: no new revision for a calendar to pick up
        next_revision = revision(current) + 1 if current is not None else 1
        store.update(TABLE, capture_id, {**changes, "edited_at": at, "revision": next_revision})


def remove(store: Store, capture_id: int, at: str) -> None:
    """Remove a capture: recorded with the time, never deleted."""
    store.update(TABLE, capture_id, {"removed_at": at})


def record_status(store: Store, capture: Capture, status: str, entry: Mapping[str, Any]) -> None:
    """Set an action item's status and add the change (``entry``: at, status, comment, meeting_id) to its history."""
    store.update(
        TABLE,
        capture.id,
        {"status": status, "history": [*(capture.history or []), dict(entry)], "revision": revision(capture) + 1},
    )


def set_topic(store: Store, capture_id: int, topic: str, at: str) -> None:
    """Set the topic of a need, offer, question or topic wish."""
    store.update(TABLE, capture_id, {"topic": topic, "edited_at": at})


def set_owner(store: Store, capture_id: int, owner: str, at: str) -> None:
    """Set who takes care of a need (or who offers, or an action item's owner)."""
    store.update(TABLE, capture_id, {"owner": owner, "edited_at": at})


def match(store: Store, need: Capture, offer: Capture) -> None:
    """Match a need and an offer: each names the other (call inside a transaction)."""
    if offer.id not in need.matched_ids:
        store.update(TABLE, need.id, {"matched_ids": [*need.matched_ids, offer.id]})
    if need.id not in offer.matched_ids:
        store.update(TABLE, offer.id, {"matched_ids": [*offer.matched_ids, need.id]})


def unmatch(store: Store, need: Capture, offer: Capture) -> None:
    """Take a match back on both sides (call inside a transaction)."""
    if offer.id in need.matched_ids:
        store.update(TABLE, need.id, {"matched_ids": [i for i in need.matched_ids if i != offer.id]})
    if need.id in offer.matched_ids:
        store.update(TABLE, offer.id, {"matched_ids": [i for i in offer.matched_ids if i != need.id]})


def link_action(store: Store, need: Capture, action_id: int) -> None:
    """Note on the need that action item ``action_id`` was made from it (the item names the need itself)."""
    if action_id not in need.action_ids:
        store.update(TABLE, need.id, {"action_ids": [*need.action_ids, action_id]})


def link_to_need(store: Store, action_id: int, need_id: int) -> None:
    """Note on action item ``action_id`` the need it was made from."""
    store.update(TABLE, action_id, {"need_id": need_id})


def record_answer(
    store: Store, question: Capture, *, answer: str, by: str, at: str, meeting_id: int | None, comment: str = ""
) -> None:
    """Record a question's answer (who, when, in which meeting); the change is added to its history."""
    entry = {"at": at, "status": "answered", "comment": comment, "meeting_id": meeting_id}
    fields: dict[str, Any] = {
        "answer": answer,
        "answered_by": by,
        "answered_at": at,
        "answer_meeting_id": meeting_id,
        "status": "answered",
        "history": [*(question.history or []), entry],
    }
    store.update(TABLE, question.id, fields)


def set_hands(store: Store, capture_id: int, hands: int | None) -> None:
    """Set a topic wish's show of hands (None: not counted)."""
    store.update(TABLE, capture_id, {"hands": hands})


def set_votes(store: Store, capture_id: int, votes: Mapping[str, int] | None) -> None:
    """Set a decision's show of hands ({yes, no, abstain}; None: no vote taken)."""
    store.update(TABLE, capture_id, {"votes": dict(votes) if votes is not None else None})


def stored_matching(store: Store, wanted: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
    """Captures (removed ones too) for which ``wanted(stored document)`` is true, as stored (right of access)."""
    return store.search(TABLE, wanted)


def scrub(
    store: Store,
    capture_id: int,
    *,
    owner: str | None = None,
    text: str | None = None,
    history: Iterable[Mapping[str, Any]] | None = None,
    answer: str | None = None,
    answered_by: str | None = None,
) -> None:
    """Replace a capture's owner, text, history comments, answer or who answered (forgetting a person);
    None leaves a field."""
    fields: dict[str, Any] = {}
    if owner is not None:
        fields["owner"] = owner
    if text is not None:
        fields["text"] = text
    if history is not None:
        fields["history"] = [dict(h) for h in history]
    if answer is not None:
        fields["answer"] = answer
    if answered_by is not None:
        fields["answered_by"] = answered_by
    if fields:
        store.update(TABLE, capture_id, fields)


# -- a capture's history read back: its comment, and where it stood at a meeting's end (the minutes, the reports) --

__all__ += ["answered_by", "changed_at", "history_by", "last_comment", "status_by"]


def last_comment(history: Iterable[Mapping[str, Any]]) -> str:
    """The rule: a capture's comment is the latest non-empty one of its status history ("" when none)."""
    comment = ""
    for entry in history:
        if entry.get("comment"):
            comment = str(entry["comment"])
    return comment


def changed_at(entry: Mapping[str, Any]) -> datetime:
    """When a history entry (or anything with an ISO ``at``) was made; an entry without a readable time sorts last."""
    try:
        return from_iso(entry["at"])
    except (KeyError, TypeError, ValueError):
        return datetime.max.replace(tzinfo=timezone.utc)


def history_by(capture: Capture, meeting_id: int, day_end: datetime) -> list[dict[str, Any]]:
    """The rule: the changes known at the end of a meeting are those decided in it and those made before ``day_end``."""
    return [h for h in capture.history or [] if h.get("meeting_id") == meeting_id or changed_at(h) < day_end]


def status_by(capture: Capture, meeting_id: int, day_end: datetime) -> str:
    """The status a capture had at the end of a meeting (:func:`history_by` replayed); open if nothing had changed."""
    known = history_by(capture, meeting_id, day_end)
    return status_at(known, capture.status, day_end) if known else "open"


def answered_by(question: Capture, meeting_id: int, day_end: datetime) -> bool:
    """The rule: a question was answered by the end of a meeting if it was answered in it or before ``day_end``."""
    if question.answer_meeting_id == meeting_id:
        return True
    return bool(question.answered_at) and changed_at({"at": question.answered_at}) < day_end


# -- needs as the board and the funder's count read them --------------------------------------

__all__ += ["need_facts", "need_quarter_counts", "need_rows", "quarter_counts"]


def _status_changed_at(need: Capture) -> datetime | None:
    history = need.history or []
    try:
        return from_iso(history[-1]["at"]) if history and history[-1].get("at") else None
    except ValueError:
        return None


def need_rows(store: Store, meetings: Mapping[int, Meeting], topic_order: Sequence[str]) -> list[NeedRow]:
    """Every need that counts with the offers and action items paired with it that count too, in the board's order:
    by status (open first), topic (in ``topic_order``), then the meeting it was raised in (oldest first)."""
    everything = {c.id: c for c in live(store, kinds=(NEED, OFFER, ACTION))}
    rows = [
        NeedRow(
            need=need,
            meeting=meetings.get(need.meeting_id),
            offers=tuple(everything[i] for i in need.matched_ids if i in everything),
            actions=tuple(everything[i] for i in need.action_ids if i in everything),
            changed_at=_status_changed_at(need),
            comment=last_comment(need.history or []),
        )
        for need in everything.values()
        if need.kind == NEED
    ]
    rank = {status: position for position, status in enumerate(NEED_STATUSES)}

    def key(row: NeedRow) -> tuple[int, int, str, date, int]:
        topic_rank = topic_order.index(row.need.topic) if row.need.topic in topic_order else len(topic_order)
        on = row.meeting.date if row.meeting else date.max
        return (rank.get(row.status, 9), topic_rank, row.need.topic, on, row.need.id)

    return sorted(rows, key=key)


def need_facts(store: Store, raised_on: Mapping[int, date], tz: tzinfo, today: date) -> list[NeedFacts]:
    """What the funder's count knows of each need that counts: the day it was raised (its meeting's, ``raised_on``;
    else the day it was captured, else ``today``), its topic, and its status changes by day (in ``tz``)."""

    def day(value: str) -> date:
        return from_iso(value).astimezone(tz).date()

    facts = []
    for need in live(store, kinds=(NEED,)):
        raised = raised_on.get(need.meeting_id) or (day(need.created_at) if need.created_at else today)
        facts.append(NeedFacts(raised, need.topic, history_days(need.history or [], day)))
    return facts


def need_quarter_counts(
    store: Store,
    meetings: Iterable[Meeting],
    topic_order: Sequence[str],
    *,
    tz: tzinfo,
    today: date,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[QuarterCount]:
    """The funder's count of the needs that count (``domain.needs.quarter_report`` of :func:`need_facts`), each
    raised on the day of its meeting (of ``meetings``)."""
    raised_on = {m.id: m.date for m in meetings}
    return quarter_report(need_facts(store, raised_on, tz, today), topic_order, date_from, date_to, today)


def quarter_counts(
    store: Store, *, tz: tzinfo, today: date, date_from: date | None = None, date_to: date | None = None
) -> list[QuarterCount]:
    """:func:`need_quarter_counts` of the store's meetings, in the order of its topic list (``records.topics``):
    the funder's count as the needs report and the network's export both show it."""
    return need_quarter_counts(
        store, meetings.every(store), topics.listed(store), tz=tz, today=today, date_from=date_from, date_to=date_to
    )


def latest(
    clock: Iterable[TimerEvent], speaking: Iterable[SpeakerEvent], captured: Iterable[Capture]
) -> datetime | None:
    """The time the last of a meeting's events was recorded: on its clock, on its speakers' list, or a capture."""
    times = [e.at for e in clock] + [e.at for e in speaking]
    times += [from_iso(c.created_at) for c in captured if c.created_at]
    return max(times, default=None)


def last_recorded(store: Store, meeting_id: int) -> datetime | None:
    """When anything was last recorded for the meeting (:func:`latest`; removed captures count: they were made then)."""
    return latest(
        timer_events.of_meeting(store, meeting_id),
        speaker_events.of_meeting(store, meeting_id),
        of_meeting(store, meeting_id, include_removed=True),
    )
