"""Follow-up across meetings: open action items with their due dates, status changes with history, engagement per person.

An action item's status changes are kept in its ``history`` ({at, status, comment, meeting_id}),
the same records the moderator's review in "Offene Punkte" writes, so the status an item had at
any moment can be replayed (the minutes of a meeting show the status as of that meeting's day).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from integra_tui.domain.clock import from_iso
from integra_tui.domain.due_dates import DUE_LATER, DUE_OVERDUE, DUE_TODAY, due_status
from integra_tui.domain.models import Capture, CheckIn, Meeting, Person, from_doc
from integra_tui.i18n import _, format_date, ngettext
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.meetings import list_meetings

__all__ = [
    "CAPTURES",
    "DUE_FILTERS",
    "DUE_NONE",
    "STATUSES",
    "Engagement",
    "FollowUpItem",
    "action_items",
    "effective_group",
    "last_comment",
    "owners",
    "person_engagement",
    "set_status",
    "status_at",
]

CAPTURES = "captures"
CHECKINS = "checkins"
PERSONS = "persons"
AGENDA_ITEMS = "agenda_items"
SPEAKER_EVENTS = "speaker_events"

STATUSES = ("open", "done", "dropped")
"""An action item is open, done or dropped."""

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


def last_comment(history: Iterable[dict]) -> str:
    """The most recent non-empty comment of a status history."""
    comment = ""
    for entry in history:
        if entry.get("comment"):
            comment = entry["comment"]
    return comment


def status_at(doc: dict, moment: datetime) -> str:
    """The status an action item had at ``moment``, replayed from its history."""
    history = doc.get("history") or []
    if not history:
        return doc.get("status", "open") or "open"
    status = "open"
    for entry in history:
        try:
            if from_iso(entry["at"]) > moment:
                break
        except (KeyError, ValueError):
            continue
        status = entry.get("status", status)
    return status


def _due_state(due: date | None, today: date) -> str:
    return DUE_NONE if due is None else due_status(due, today)


def _folded_people(ctx: Context) -> dict[str, dict]:
    from integra_tui.services.people import fold

    people: dict[str, dict] = {}
    for doc in ctx.store.all(PERSONS):
        if not doc.get("forgotten"):
            people.setdefault(fold(doc.get("name", "")), doc)
    return people


def effective_group(capture: Capture | dict, people_by_name: dict[str, dict]) -> str:
    """The item's group, else the group of the person its owner names (exactly, ignoring case and accents)."""
    from integra_tui.services.people import fold

    group = capture.group if isinstance(capture, Capture) else capture.get("group", "")
    if group:
        return group
    owner = capture.owner if isinstance(capture, Capture) else capture.get("owner", "")
    person = people_by_name.get(fold(owner)) if owner else None
    return person.get("group", "") if person else ""


def _order_key(item: FollowUpItem) -> tuple:
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
    from integra_tui.services.people import fold

    if due not in DUE_FILTERS:
        raise ServiceError(_("Unbekannter Filter für Fälligkeit: {due}").format(due=due))
    today = ctx.today()
    needle = fold(owner)
    meetings = {m.id: m for m in list_meetings(ctx)}
    titles = {d["id"]: d.get("title", "") for d in ctx.store.all(AGENDA_ITEMS)}
    people = _folded_people(ctx)
    found = []
    for doc in ctx.store.search(CAPTURES, lambda d: d.get("kind") in _FOLLOWED_KINDS and not d.get("removed_at")):
        capture = from_doc(Capture, doc)
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
    counts = Counter(
        d.get("owner", "")
        for d in ctx.store.search(
            CAPTURES,
            lambda d: (
                d.get("kind") in _FOLLOWED_KINDS and not d.get("removed_at") and d.get("status", "open") == "open"
            ),
        )
    )
    counts.pop("", None)
    return [name for name, _count in counts.most_common()]


def set_status(ctx: Context, capture_id: int, status: str, comment: str = "", meeting_id: int | None = None) -> Capture:
    """Mark an action item done, still open (with a comment) or dropped; the change is kept with its date.

    ``meeting_id`` is the meeting in which the change was decided, if any.
    """
    if status not in STATUSES:
        raise ServiceError(_("Unbekannter Status: {status}").format(status=status))
    comment = " ".join(comment.split())
    with ctx.store.transaction():
        doc = ctx.store.get(CAPTURES, capture_id)
        if doc is None or doc.get("removed_at"):
            raise ServiceError(_("Diesen Eintrag gibt es nicht."))
        if doc.get("kind") not in _FOLLOWED_KINDS:
            raise ServiceError(_("Nur Aufgaben haben einen Status."))
        if status == "open" and doc.get("status", "open") == "open" and not comment:
            raise ServiceError(_("Bitte einen Kommentar angeben, warum die Aufgabe noch offen ist."))
        entry = {"at": ctx.now_iso(), "status": status, "comment": comment, "meeting_id": meeting_id}
        ctx.store.update(CAPTURES, capture_id, {"status": status, "history": [*(doc.get("history") or []), entry]})
        return from_doc(Capture, ctx.store.get(CAPTURES, capture_id))


@dataclass
class Engagement:
    """What a person did across meetings: attended, presented, spoke, owns action items."""

    person: Person
    attended: list[tuple[Meeting, CheckIn]] = field(default_factory=list)
    """Meetings the person was checked in at, oldest first, with the first check-in."""
    presented: list[tuple[Meeting, str]] = field(default_factory=list)
    """(meeting, agenda item title) where the person was the presenter."""
    speeches: list[tuple[Meeting, int]] = field(default_factory=list)
    """(meeting, number of times the person spoke)."""
    owned: list[Capture] = field(default_factory=list)
    """Action items the person is named owner of."""

    def role_sentences(self) -> list[str]:
        """The roles as sentences for a confirmation: presenter, speaker, owner of action items."""
        sentences = []
        for meeting, title in self.presented:
            sentences.append(
                _("Referent/in zum Tagesordnungspunkt „{title}“ am {date}").format(
                    title=title, date=format_date(meeting.date)
                )
            )
        for meeting, count in self.speeches:
            sentences.append(
                ngettext("{count} Redebeitrag am {date}", "{count} Redebeiträge am {date}", count).format(
                    count=count, date=format_date(meeting.date)
                )
            )
        if self.owned:
            done = sum(1 for c in self.owned if c.status == "done")
            sentences.append(
                ngettext(
                    "Verantwortlich für {count} Aufgabe ({done} erledigt)",
                    "Verantwortlich für {count} Aufgaben ({done} erledigt)",
                    len(self.owned),
                ).format(count=len(self.owned), done=done)
            )
        return sentences


def person_engagement(ctx: Context, person_id: int) -> Engagement:
    """Meetings a person attended and the roles they held (presenter, speaker, owner of action items)."""
    from integra_tui.services.people import fold, get_person

    person = get_person(ctx, person_id)
    meetings = {m.id: m for m in list_meetings(ctx)}
    order = {m.id: position for position, m in enumerate(meetings.values())}
    engagement = Engagement(person=person)
    first: dict[int, CheckIn] = {}
    for doc in sorted(ctx.store.find(CHECKINS, "person_id", person_id), key=lambda d: d.get("at", "")):
        if doc.get("undone_at") or doc.get("meeting_id") not in meetings:
            continue
        first.setdefault(doc["meeting_id"], from_doc(CheckIn, doc))
    engagement.attended = [
        (meetings[mid], check_in) for mid, check_in in sorted(first.items(), key=lambda kv: order[kv[0]])
    ]
    if person.forgotten:
        return engagement
    name = fold(person.name)
    for doc in ctx.store.all(AGENDA_ITEMS):
        presenter = fold(doc.get("presenter") or "")
        if doc.get("removed_at") or doc.get("meeting_id") not in meetings or not presenter:
            continue
        if presenter == name or presenter.startswith(name + " (") or presenter.startswith(name + ","):
            engagement.presented.append((meetings[doc["meeting_id"]], doc.get("title", "")))
    engagement.presented.sort(key=lambda pair: order[pair[0].id])
    # A START event names only the entry; who it is was said when the entry was added.
    mine: set[tuple[int, int]] = set()
    spoken: Counter[int] = Counter()
    for doc in sorted(
        ctx.store.search(SPEAKER_EVENTS, lambda d: d.get("kind") in ("add", "start")), key=lambda d: d["id"]
    ):
        key = (doc.get("meeting_id"), doc.get("entry_id"))
        if doc["kind"] == "add":
            if doc.get("person_id") == person_id or (
                doc.get("person_id") is None and fold(doc.get("name") or "") == name
            ):
                mine.add(key)
        elif key in mine and doc.get("meeting_id") in meetings:
            spoken[doc["meeting_id"]] += 1
    engagement.speeches = [(meetings[mid], count) for mid, count in sorted(spoken.items(), key=lambda kv: order[kv[0]])]
    engagement.owned = [
        from_doc(Capture, d)
        for d in ctx.store.search(
            CAPTURES,
            lambda d: d.get("kind") == "action" and not d.get("removed_at") and fold(d.get("owner") or "") == name,
        )
    ]
    return engagement
