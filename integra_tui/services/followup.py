"""Follow-up across meetings: open action items with their due dates, status changes with history, engagement.

The coordinator's follow-up tab reads each part from the service that owns it (action items here,
``needs.board``, ``questions.question_rows``, ``volunteers.waiting``, ``planning.topic_wishes``).

An action item's status changes are kept in its ``history`` ({at, status, comment, meeting_id}),
so the status an item had at any moment can be replayed (the minutes of a meeting show the status
as of that meeting's day).

One rule for every status change, wherever it is made (the moderator's review in "Offene Punkte",
the coordinator's screen, ``integra-tui followup set``), all through :func:`set_status`:

- only action items have a status, one of ``STATUSES`` (open, done, dropped); removed entries are
  refused like entries that do not exist;
- a comment is optional for every change, keeping an open item open too (the moderator asks for
  one and for a new due date, but a meeting does not stop for it); a new due date given with the
  change replaces the item's due date, in the same transaction.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from integra_tui.domain.attendance import Engagement
from integra_tui.domain.clock import from_iso
from integra_tui.domain.due_dates import DUE_LATER, DUE_OVERDUE, DUE_TODAY, due_status
from integra_tui.domain.models import ACTION_STATUSES, Capture, Meeting
from integra_tui.domain.names import PeopleByName, fold
from integra_tui.i18n import _
from integra_tui.records import agenda_items, attendance, captures, persons
from integra_tui.records.captures import last_comment
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError, get_counting_capture, get_person, list_meetings

__all__ = [
    "DUE_FILTERS",
    "DUE_NONE",
    "STATUSES",
    "Engagement",
    "FollowUpItem",
    "STATUS_WORDS",
    "action_items",
    "effective_group",
    "last_comment",
    "owners",
    "parse_status",
    "person_engagement",
    "set_status",
    "status_at",
]

STATUSES = ACTION_STATUSES
"""An action item is open, done or dropped (the one tuple of these statuses, ``domain.models``)."""

STATUS_WORDS = {
    "open": "open",
    "offen": "open",
    "done": "done",
    "erledigt": "done",
    "dropped": "dropped",
    "entfällt": "dropped",
    "entfaellt": "dropped",
    "verworfen": "dropped",
}
"""The words a status may be given in on the command line (stored are the English ones, ``STATUSES``)."""

DUE_NONE = "none"
"""The due state of an item without a due date."""

DUE_FILTERS = ("all", "overdue", "today", "week", "none")
"""How the follow-up list can be narrowed by due date: all, overdue, due today, due within 7 days, without date."""

_FOLLOWED_KINDS = ("action",)


@dataclass(frozen=True)
class FollowUpItem:
    """An action item as the follow-up list shows it."""

    capture: Capture
    meeting: Meeting | None
    agenda_item: str
    group: str
    """The item's group, or its owner's group when the item names none."""
    due_state: str
    """later, today, overdue (domain.due_dates) or none."""
    comment: str
    """The latest comment from the item's history."""
    changed_at: datetime | None
    """When its status was last changed."""

    @property
    def id(self) -> int:
        """The capture's id."""
        return self.capture.id


def status_at(capture: Capture | dict[str, Any], moment: datetime) -> str:
    """The status an action item had at ``moment``, replayed from its history (``records.captures.status_at``)."""
    if isinstance(capture, Capture):
        return captures.status_at(capture.history or [], capture.status, moment)
    return captures.status_at(capture.get("history") or [], capture.get("status", "open") or "open", moment)


def parse_status(text: str) -> str:
    """A status as typed (done/erledigt, open/offen, dropped/entfällt), as stored; refused otherwise."""
    status = STATUS_WORDS.get(" ".join(text.split()).casefold())
    if status is None:
        raise ServiceError(_("Unbekannter Status: {status}").format(status=text))
    return status


def _due_state(due: date | None, today: date) -> str:
    return DUE_NONE if due is None else due_status(due, today)


def effective_group(capture: Capture | dict[str, Any], people: PeopleByName) -> str:
    """The item's group, else the group of the person its owner names (``people.owner_group``'s rule)."""
    group = capture.group if isinstance(capture, Capture) else capture.get("group", "")
    if group:
        return str(group)
    owner = capture.owner if isinstance(capture, Capture) else capture.get("owner", "")
    return people.group_of(str(owner or ""))


def _order_key(item: FollowUpItem) -> tuple[bool, int, date, int]:
    rank = {DUE_OVERDUE: 0, DUE_TODAY: 1, DUE_LATER: 2, DUE_NONE: 3}[item.due_state]
    closed = item.capture.status != "open"
    return (closed, rank, item.capture.due or date.max, item.capture.id)


def action_items(
    ctx: Context,
    *,
    status: str | None = "open",
    owner: str = "",
    group: str = "",
    due: str = "all",
    meeting_id: int | None = None,
) -> list[FollowUpItem]:
    """Action items across all meetings, overdue first, then due today, later, without date.

    ``status`` None lists every status (closed ones last); ``owner`` matches part of the owner's
    name ignoring case and accents; ``group`` the item's group (or its owner's); ``due`` one of
    ``DUE_FILTERS``.
    """
    if due not in DUE_FILTERS:
        raise ServiceError(_("Unbekannter Filter für Fälligkeit: {due}").format(due=due))
    today = ctx.today()
    needle = fold(owner)
    meetings = {m.id: m for m in list_meetings(ctx)}
    titles = {item.id: item.title for item in agenda_items.every(ctx.store)}
    people = persons.by_name(ctx.store)
    found = []
    for capture in captures.live(ctx.store, kinds=_FOLLOWED_KINDS):
        if meeting_id is not None and capture.meeting_id != meeting_id:
            continue
        if status is not None and capture.status != status:
            continue
        if needle and needle not in fold(capture.owner):
            continue
        item_group = effective_group(capture, people)
        if group and item_group != group:
            continue
        state = _due_state(capture.due, today)
        if due == "overdue" and state != DUE_OVERDUE:
            continue
        if due == "today" and state != DUE_TODAY:
            continue
        if due == "week" and (capture.due is None or not today <= capture.due <= today + timedelta(days=7)):
            continue
        if due == "none" and capture.due is not None:
            continue
        history = capture.history or []
        changed = from_iso(history[-1]["at"]) if history and history[-1].get("at") else None
        found.append(
            FollowUpItem(
                capture=capture,
                meeting=meetings.get(capture.meeting_id),
                agenda_item=titles.get(capture.agenda_item_id, "") if capture.agenda_item_id is not None else "",
                group=item_group,
                due_state=state,
                comment=last_comment(history),
                changed_at=changed,
            )
        )
    return sorted(found, key=_order_key)


def owners(ctx: Context) -> list[str]:
    """Every owner named on an open action item, most frequent first (for the filter's suggestions)."""
    counts = Counter(c.owner for c in captures.live(ctx.store, kinds=_FOLLOWED_KINDS) if c.status == "open")
    counts.pop("", None)
    return [name for name, _count in counts.most_common()]


def set_status(
    ctx: Context,
    capture_id: int,
    status: str,
    comment: str = "",
    meeting_id: int | None = None,
    *,
    due: date | None = None,
) -> Capture:
    """Mark an action item done, still open (optionally with a comment) or dropped; the change is kept with its date.

    The one status setter (see the module's description for its rule). ``status`` may be given in
    any of ``STATUS_WORDS``; ``meeting_id`` is the meeting in which the change was decided, if any;
    ``due`` a new due date (kept in the history entry as ``due``).
    """
    status = parse_status(status)
    comment = typed.line(comment)
    with ctx.transaction():
        capture = get_counting_capture(ctx, capture_id)
        if capture.kind == captures.NEED:
            raise ServiceError(_("Den Status eines Bedarfs ändern Sie unter Bedarfe (integra-tui needs set)."))
        if not captures.has_status(capture):
            raise ServiceError(_("Nur Aufgaben haben einen Status."))
        entry: dict[str, Any] = {"at": ctx.now_iso(), "status": status, "comment": comment, "meeting_id": meeting_id}
        if due is not None and due != capture.due:
            entry["due"] = due.isoformat()
            captures.edit(
                ctx.store,
                capture_id,
                text=capture.text,
                owner=capture.owner,
                due=due,
                group=capture.group,
                at=ctx.now_iso(),
            )
            capture = captures.get(ctx.store, capture_id) or capture
        captures.record_status(ctx.store, capture, status, entry)
        updated = captures.get(ctx.store, capture_id)
        assert updated is not None
        return updated


def person_engagement(ctx: Context, person_id: int) -> Engagement:
    """Meetings a person attended and the roles they held (presenter, speaker, owner of action items).

    Read by ``records.attendance.engagement``; its roles in words: ``services.texts.role_sentences``.
    """
    return attendance.engagement(ctx.store, get_person(ctx, person_id), list_meetings(ctx))
