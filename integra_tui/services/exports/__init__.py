"""Exports after the meeting: action items, minutes, attendance list, statistics, the funder's report, confirmations.

Also the sign-in list (Teilnehmerliste to sign), printed before the doors open and again after the
meeting with check-in times (:func:`signin_sheet`).

One entry point, :func:`run_export`, serves the command line and the coordinator screen. Without a
meeting number, the exports that look back (actions, minutes, attendance, report) take the latest
meeting that has taken place (``services.context.resolve_held_meeting``), never one still ahead;
the sign-in list looks ahead (today's or the next meeting). Every summary names the meeting. Data is
collected here from the records (``integra_tui.records``) into the documents of ``io.exports.documents``;
the renderers in ``io.exports`` turn them into files. Every file is written to a temporary name and renamed, so an
export never leaves half a file over a good one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import AgendaItem, AgendaState, TimerEvent
from integra_tui.domain.attendance import GroupStats, RangeStats
from integra_tui.domain.clock import from_iso, to_iso
from integra_tui.domain.meetings import left_running, read_at
from integra_tui.domain.models import Capture, CheckIn, Meeting, Person
from integra_tui.domain.names import PeopleByName, fold
from integra_tui.domain.speakers import compute_speakers
from integra_tui.domain.text import clean_line, clean_text
from integra_tui.domain.votes import ShowOfHands
from integra_tui.i18n import _, format_date, ngettext
from integra_tui.io.exports.documents import (
    ActionLine,
    AttendanceDoc,
    AttendanceRow,
    Cell,
    EngagementDoc,
    FollowUpLine,
    GroupCount,
    ItemMinutes,
    MinutesDoc,
    NeedReviewLine,
    QuestionReviewLine,
    Sheet,
    kind_label,
    method_label,
    split_name,
    status_label,
)
from integra_tui.io.exports.signin import SignInRow, SignInSheet
from integra_tui.io.exports.wording import meeting_line, signin_facts
from integra_tui.io.files import ExportResult, csv_dialect, rendered_pdf, write_file
from integra_tui.io.fonts import FontWarning
from integra_tui.records import (
    agenda_items,
    attendance,
    captures,
    checkins,
    invitees,
    persons,
    settings,
    speaker_events,
    timer_events,
)
from integra_tui.records import groups as group_records
from integra_tui.records import meetings as meeting_records
from integra_tui.services.context import (
    Context,
    ServiceError,
    get_meeting,
    get_person,
    list_meetings,
    resolve_held_meeting,
    resolve_meeting,
    resolve_person,
)
from integra_tui.services.exports.network import network_report_parts
from integra_tui.services.network_texts import pair_text, topic_label
from integra_tui.services.texts import check_range, group_label, role_sentences, signin_privacy_note

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "KINDS",
    "write_file",
    "ExportRequest",
    "ExportResult",
    "Progress",
    "action_lines",
    "actions_sheet",
    "attendance_doc",
    "attendance_sheet",
    "default_out",
    "engagement_doc",
    "minutes_doc",
    "run_export",
    "signin_sheet",
    "signin_sheet_table",
    "stats_sheet",
]

KINDS = ("actions", "minutes", "attendance", "report", "stats", "engagement", "signin")
"""What can be exported."""

FORMATS: dict[str, tuple[str, ...]] = {
    "actions": ("csv", "xlsx", "md", "ics", "json"),
    "minutes": ("md", "html", "pdf"),
    "attendance": ("csv", "xlsx", "pdf"),
    "report": ("folder",),
    "stats": ("csv", "md", "xlsx"),
    "engagement": ("pdf", "md"),
    "signin": ("pdf", "xlsx", "csv"),
}
"""The formats of each kind of export."""

DEFAULT_FORMATS = {
    "actions": "csv",
    "minutes": "pdf",
    "attendance": "pdf",
    "report": "folder",
    "stats": "csv",
    "engagement": "pdf",
    "signin": "pdf",
}
"""The format used when neither ``--format`` nor the file name says one."""

Progress = Callable[[float, str], None]
"""Called with the share done (0 to 1) and what is being done, for a progress bar."""

_NO_GROUP = ""


@dataclass
class ExportRequest:
    """What to export, in which format, to where."""

    kind: str
    format: str = ""
    """Empty: taken from ``out``'s suffix, else the kind's default."""
    out: Path | None = None
    """The file (a folder for ``report``); None: a name in ``folder`` made from kind and date."""
    meeting_id: int | None = None
    """None: the latest meeting that has taken place (``signin``: today's or the next one)."""
    all_meetings: bool = False
    """``actions`` only: every meeting instead of one."""
    dialect: str = "de"
    with_names: bool = False
    date_from: date | None = None
    date_to: date | None = None
    person: str = ""
    """``engagement``: an id or a name that matches one person."""
    folder: Path | None = None
    """Where a file without ``out`` goes (the current folder when None)."""


# -- collecting --------------------------------------------------------------------------------


def _meeting_titles(ctx: Context) -> dict[int, Meeting]:
    return {m.id: m for m in list_meetings(ctx)}


def _to_line(
    capture: Capture, meetings: dict[int, Meeting], titles: dict[int, str], owners: PeopleByName | None = None
) -> ActionLine:
    """One capture as the exports list it; without a group of its own, an owner's known group is filled in."""
    meeting = meetings.get(capture.meeting_id)
    group = capture.group
    if not group and capture.owner and owners is not None:
        group = owners.group_of(capture.owner)
    line = ActionLine(
        id=capture.id,
        kind=capture.kind,
        text=capture.text,
        meeting_title=meeting.title if meeting else "",
        meeting_date=meeting.date if meeting else None,
        agenda_item=titles.get(capture.agenda_item_id, "") if capture.agenda_item_id is not None else "",
        owner=capture.owner,
        group=group_label(group) if group else "",
        due=capture.due,
        status=capture.status,
        comment=captures.last_comment(capture.history or []),
        meeting_id=capture.meeting_id,
        history=list(capture.history or []),
    )
    return _network_line(line, capture)


def _network_line(line: ActionLine, capture: Capture) -> ActionLine:
    """What needs, offers, questions, topic wishes and decisions carry besides (``services.exports.network``)."""
    line.topic = topic_label(capture.topic) if capture.topic else ""
    shown = ShowOfHands.from_doc(capture.votes)
    line.votes = (shown.yes, shown.no, shown.abstain) if shown is not None else None
    line.hands = capture.hands
    line.answer = capture.answer
    line.answered_by = capture.answered_by
    line.answered_on = from_iso(capture.answered_at).date() if capture.answered_at else None
    line.need_id = capture.need_id
    return line


def _with_matches(ctx: Context, lines: list[ActionLine]) -> list[ActionLine]:
    """Give need and offer lines their paired counterparts ("Gruppe: Text"), so a pair is shown together."""
    paired = {c.id: c for c in captures.live(ctx.store, kinds=(captures.NEED, captures.OFFER))}
    for line in lines:
        capture = paired.get(line.id)
        if capture is None:
            continue
        line.matched = [pair_text(paired[i]) for i in capture.matched_ids if i in paired]
    return lines


def action_lines(
    ctx: Context, meeting_id: int | None, kinds: tuple[str, ...] = ("action", "decision", "need")
) -> list[ActionLine]:
    """Action items, decisions and needs of one meeting (None: of all meetings), by meeting and id.

    An item without a group of its own shows its owner's group when the owner is a known person.
    """
    meetings = _meeting_titles(ctx)
    if meeting_id is None:
        found = captures.live(ctx.store, kinds=kinds)
        items = agenda_items.every(ctx.store)
    else:
        found = captures.live(ctx.store, kinds=kinds, meeting_ids=(meeting_id,))
        items = agenda_items.of_meeting(ctx.store, meeting_id, include_removed=True)
    titles = {item.id: item.title for item in items}  # removed items too: what was captured under them
    order = {m_id: position for position, m_id in enumerate(meetings)}
    owners = persons.by_name(ctx.store)
    lines = _with_matches(ctx, [_to_line(capture, meetings, titles, owners) for capture in found])
    return sorted(lines, key=lambda line: (order.get(line.meeting_id, -1), line.id))


def actions_sheet(lines: list[ActionLine]) -> Sheet:
    """Action items as a table: one row per item with meeting, agenda item, owner, due date, status."""
    headers = [
        _("Nr."),
        _("Art"),
        _("Text"),
        _("Treffen"),
        _("Datum des Treffens"),
        _("Tagesordnungspunkt"),
        _("Verantwortlich"),
        _("Gruppe"),
        _("Fällig"),
        _("Status"),
        _("Kommentar"),
    ]
    rows: list[list[Cell]] = [
        [
            line.id,
            kind_label(line.kind),
            line.text,
            line.meeting_title,
            line.meeting_date,
            line.agenda_item,
            line.owner,
            line.group,
            line.due,
            status_label(line.status) if line.kind != "decision" else "",
            line.comment,
        ]
        for line in lines
    ]
    return Sheet(_("Aufgaben"), headers, rows)


def _cleaned(value: Any) -> Any:
    """``value`` with every text in it cleaned of control characters (texts stored before input was cleaned)."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {key: _cleaned(item) for key, item in value.items()}
    return value


def _actions_json(lines: list[ActionLine], meeting: Meeting | None, exported_at: datetime) -> str:
    payload = {
        "exported_at": to_iso(exported_at),
        "meeting": None
        if meeting is None
        else {"id": meeting.id, "title": meeting.title, "date": meeting.date.isoformat(), "place": meeting.place},
        "items": [
            {
                "id": line.id,
                "kind": line.kind,
                "text": line.text,
                "meeting_id": line.meeting_id,
                "meeting_title": line.meeting_title,
                "meeting_date": line.meeting_date.isoformat() if line.meeting_date else None,
                "agenda_item": line.agenda_item,
                "owner": line.owner,
                "group": line.group,
                "due": line.due.isoformat() if line.due else None,
                "status": line.status if line.kind != "decision" else None,
                "history": line.history,
            }
            for line in lines
        ],
    }
    return json.dumps(_cleaned(payload), ensure_ascii=False, indent=2) + "\n"


def _first_check_ins(ctx: Context, meeting_id: int) -> dict[int, CheckIn]:
    first: dict[int, CheckIn] = {}
    for check_in in sorted(checkins.active_of_meeting(ctx.store, meeting_id), key=lambda c: (c.at, c.id)):
        first.setdefault(check_in.person_id, check_in)
    return first


def _people(ctx: Context, ids: Iterable[int]) -> dict[int, Person]:
    found = {}
    for person_id in ids:
        person = persons.get(ctx.store, person_id)
        if person is not None:
            found[person_id] = person
    return found


def _shown_name(person: Person) -> str:
    return _("(gelöscht)") if person.forgotten else person.name


def attendance_doc(ctx: Context, meeting_id: int) -> AttendanceDoc:
    """Who was present at a meeting, sorted by last name, with time and way of check-in."""
    meeting = get_meeting(ctx, meeting_id)
    first = _first_check_ins(ctx, meeting_id)
    people = _people(ctx, first)
    rows = []
    for person_id, check_in in first.items():
        person = people.get(person_id)
        if person is None:
            continue
        name = _shown_name(person)
        given, family = ("", name) if person.forgotten else split_name(person.name)
        rows.append(
            AttendanceRow(
                name=name,
                first_name=given,
                last_name=family,
                group=group_label(person.group) if person.group else "",
                organisation="" if person.forgotten else person.organisation,
                checked_in_at=from_iso(check_in.at).astimezone(ctx.tz) if check_in.at else None,
                method=check_in.method,
            )
        )
    rows.sort(key=lambda row: (row.name == _("(gelöscht)"), fold(row.last_name), fold(row.first_name)))
    return AttendanceDoc(
        meeting.title,
        meeting.date,
        meeting.start_time,
        meeting.place,
        rows,
        invitees.count_invited(ctx.store, meeting_id),
    )


def attendance_sheet(doc: AttendanceDoc) -> Sheet:
    """The attendance list as a table: name, group, organisation, time and way of check-in."""
    headers = [_("Nachname"), _("Vorname"), _("Gruppe"), _("Organisation"), _("Check-in"), _("Art des Check-ins")]
    rows: list[list[Cell]] = [
        [r.last_name, r.first_name, r.group, r.organisation, r.checked_in_at, method_label(r.method)] for r in doc.rows
    ]
    return Sheet(_("Teilnehmerliste"), headers, rows)


def _choice_sentence(choice: dict[str, Any], numbers: dict[int, tuple[int, str]], tz: tzinfo) -> str:
    at = choice["at"].astimezone(tz).strftime("%H:%M")
    minutes = choice.get("minutes", 0)
    kind = choice.get("choice")
    if kind == timer.CHOICE_BUFFER:
        text = _("{minutes} Min. mehr, aus dem Zeitpuffer des Treffens").format(minutes=minutes)
    elif kind == timer.CHOICE_TAKE_FROM and choice.get("from_item_id") in numbers:
        number, title = numbers[choice["from_item_id"]]
        text = _("{minutes} Min. mehr, genommen von TOP {number} „{title}“").format(
            minutes=minutes, number=number, title=title
        )
    elif kind == "defer":
        text = _("Rest des überzogenen Punktes auf das nächste Treffen vertagt")
    else:
        text = _("{minutes} Min. mehr; das Treffen dauert entsprechend länger").format(minutes=minutes)
    return _("Überziehung ({time} Uhr): {choice}").format(time=at, choice=text)


def _speaking_seconds(ctx: Context, meeting_id: int, present_groups: list[str], until: datetime) -> dict[str, float]:
    events = speaker_events.of_meeting(ctx.store, meeting_id)
    if not events:
        return {group: 0.0 for group in present_groups}
    state = compute_speakers(events, events[0].item_id, until, groups_present=present_groups)
    return dict(state.group_seconds_meeting)


def _meeting_bounds(meeting: Meeting, tz: tzinfo) -> tuple[datetime, datetime]:
    start = datetime.combine(meeting.date, meeting.start_time or time(0, 0), tzinfo=tz)
    day_end = datetime.combine(meeting.date + timedelta(days=1), time(0, 0), tzinfo=tz)
    return start, day_end


def _earlier(meeting: Meeting, meetings: dict[int, Meeting]) -> set[int]:
    """The meetings before ``meeting`` (``meetings`` in chronological order, as ``list_meetings`` gives them)."""
    position = {m_id: index for index, m_id in enumerate(meetings)}
    here = position[meeting.id]
    return {m_id for m_id, index in position.items() if index < here}


def _came_back(
    ctx: Context, kind: str, meeting: Meeting, meetings: dict[int, Meeting]
) -> list[tuple[Capture, Meeting]]:
    """The action items, needs or questions (``kind``) of earlier meetings that came back in ``meeting``
    (``records.captures.came_back_at``), each with the meeting it was captured in; by that meeting's date, then id.

    ``meetings`` in chronological order (as ``list_meetings`` gives them).
    """
    start, _day_end = _meeting_bounds(meeting, ctx.tz)
    earlier = captures.live(ctx.store, kinds=(kind,), meeting_ids=_earlier(meeting, meetings))
    found = [(c, meetings[c.meeting_id]) for c in earlier if captures.came_back_at(c, meeting.id, start)]
    return sorted(found, key=lambda pair: (pair[1].date or date.min, pair[0].id))


def _follow_ups(ctx: Context, meeting: Meeting, meetings: dict[int, Meeting]) -> list[FollowUpLine]:
    """Action items of earlier meetings that were open when ``meeting`` began, with their status after it."""
    _start, day_end = _meeting_bounds(meeting, ctx.tz)
    return [
        FollowUpLine(
            id=capture.id,
            text=capture.text,
            owner=capture.owner,
            due=capture.due,
            from_meeting=origin.title,
            from_date=origin.date,
            status=captures.status_by(capture, meeting.id, day_end),
            comment=captures.last_comment(captures.history_by(capture, meeting.id, day_end)),
        )
        for capture, origin in _came_back(ctx, captures.ACTION, meeting, meetings)
    ]


def _as_of_meeting(lines: list[ActionLine], captured: list[Capture], meeting: Meeting, day_end: datetime) -> None:
    """The minutes show a meeting's needs and questions as they stood at its end: a need's status then,
    a question's answer only if it was given by then (later changes are in the next meeting's minutes)."""
    for line, capture in zip(lines, captured, strict=True):
        if capture.kind == captures.NEED:
            line.status = captures.status_by(capture, meeting.id, day_end)
            line.comment = captures.last_comment(captures.history_by(capture, meeting.id, day_end))
        elif capture.kind == captures.QUESTION and capture.answered_at:
            if not captures.answered_by(capture, meeting.id, day_end):
                line.answer, line.answered_by, line.answered_on, line.status = "", "", None, "open"


def _need_reviews(ctx: Context, meeting: Meeting, meetings: dict[int, Meeting]) -> list[NeedReviewLine]:
    """Needs of earlier meetings still open when ``meeting`` began (or reviewed in it), with their status after it."""
    _start, day_end = _meeting_bounds(meeting, ctx.tz)
    live = {c.id: c for c in captures.live(ctx.store, kinds=(captures.NEED, captures.OFFER))}
    return [
        NeedReviewLine(
            id=need.id,
            text=need.text,
            group=group_label(need.group) if need.group else "",
            topic=topic_label(need.topic) if need.topic else "",
            owner=need.owner,
            from_meeting=origin.title,
            from_date=origin.date,
            status=captures.status_by(need, meeting.id, day_end),
            comment=captures.last_comment(captures.history_by(need, meeting.id, day_end)),
            matched=[pair_text(live[i]) for i in need.matched_ids if i in live],
        )
        for need, origin in _came_back(ctx, captures.NEED, meeting, meetings)
    ]


def _question_reviews(ctx: Context, meeting: Meeting, meetings: dict[int, Meeting]) -> list[QuestionReviewLine]:
    """Questions of earlier meetings open when ``meeting`` began (or answered in it), with any answer by its end."""
    _start, day_end = _meeting_bounds(meeting, ctx.tz)
    lines = []
    for question, origin in _came_back(ctx, captures.QUESTION, meeting, meetings):
        answered = captures.answered_by(question, meeting.id, day_end)
        lines.append(
            QuestionReviewLine(
                id=question.id,
                text=question.text,
                group=group_label(question.group) if question.group else "",
                topic=topic_label(question.topic) if question.topic else "",
                from_date=origin.date,
                answer=question.answer if answered else "",
                answered_by=question.answered_by if answered else "",
            )
        )
    return lines


def _replayed(
    ctx: Context, meeting: Meeting, items: list[AgendaItem]
) -> tuple[datetime, list[TimerEvent], AgendaState]:
    """The moment the papers read the agenda at, the meeting's stored timer events, and the state then: now; a
    meeting nobody ended (``domain.meetings.left_running``) as ended when the last thing was recorded for it, as
    the moderator ends it once it is opened again (``moderation.end_left_running``), so the minutes say neither
    "läuft" nor count the night."""
    stored = timer_events.of_meeting(ctx.store, meeting.id)
    now = read_at(meeting, ctx.now(), lambda: captures.last_recorded(ctx.store, meeting.id))
    state = timer.compute_state(items, stored, now, meeting.starts_at(ctx.tz), meeting.planned_minutes)
    if state.meeting_started_at is not None and state.meeting_ended_at is None and left_running(meeting, ctx.now()):
        ended = [*stored, *timer.end_meeting(state, now)]
        state = timer.compute_state(items, ended, now, meeting.starts_at(ctx.tz), meeting.planned_minutes)
    return now, stored, state


def minutes_doc(ctx: Context, meeting_id: int, with_names: bool = False) -> MinutesDoc:
    """The minutes of a meeting: attendance, agenda with planned and actual times, what was agreed."""
    meeting = get_meeting(ctx, meeting_id)
    meetings = _meeting_titles(ctx)
    on_agenda = agenda_items.of_meeting(ctx.store, meeting_id)
    items = [entry.item for entry in on_agenda]
    now, events, state = _replayed(ctx, meeting, items)
    until = state.meeting_ended_at or now

    # Attendance per group.
    first = _first_check_ins(ctx, meeting_id)
    people = _people(ctx, first)
    invited_ids = invitees.invited_ids(ctx.store, meeting_id)
    invited_people = _people(ctx, invited_ids - set(people))
    invited_people.update({pid: p for pid, p in people.items() if pid in invited_ids})
    order = group_records.names(ctx.store)
    seen = {p.group for p in list(people.values()) + list(invited_people.values())}
    ordered_groups = [g for g in order if g in seen] + sorted(g for g in seen if g not in order)
    counts = []
    for group in ordered_groups:
        present_n = sum(1 for p in people.values() if p.group == group)
        invited_n = sum(1 for pid in invited_ids if pid in invited_people and invited_people[pid].group == group)
        walk_ins_n = sum(1 for pid, p in people.items() if p.group == group and pid not in invited_ids)
        counts.append(GroupCount(group_label(group) if group else _("ohne Gruppe"), present_n, invited_n, walk_ins_n))
    names = None
    if with_names:
        names = []
        for group in ordered_groups:
            members = sorted((_shown_name(p) for p in people.values() if p.group == group), key=fold)
            if members:
                names.append((group_label(group) if group else _("ohne Gruppe"), members))

    # Agenda items with their captures.
    agreed = captures.of_meeting(ctx.store, meeting_id)
    titles = {entry.id: entry.title for entry in on_agenda}
    numbers = {s.id: (number, s.item.title) for number, s in enumerate(state.items, start=1)}
    choices_by_item: dict[int, list[str]] = {}
    for choice in timer.time_decisions(events):
        choices_by_item.setdefault(choice["item_id"], []).append(_choice_sentence(choice, numbers, ctx.tz))
    item_minutes = []
    for number, item_state in enumerate(state.items, start=1):
        item = item_state.item
        started = item_state.started_at is not None
        item_minutes.append(
            ItemMinutes(
                number=number,
                title=item.title,
                presenter=item.presenter,
                status=item_state.status,
                planned_minutes=item.minutes,
                granted_minutes=item_state.planned_minutes,
                actual_seconds=item_state.elapsed_seconds if started else None,
                choices=choices_by_item.get(item.id, []),
            )
        )
    by_id = {item.item.id: minutes for item, minutes in zip(state.items, item_minutes, strict=True)}
    other = ItemMinutes(0, _("Sonstiges"), "", "", 0, 0, None)
    meeting_lines = {m_id: m for m_id, m in meetings.items()}
    owners = persons.by_name(ctx.store)
    lines = _with_matches(ctx, [_to_line(capture, meeting_lines, titles, owners) for capture in agreed])
    _as_of_meeting(lines, agreed, meeting, _meeting_bounds(meeting, ctx.tz)[1])
    for capture, line in zip(agreed, lines, strict=True):
        target = by_id.get(capture.agenda_item_id, other) if capture.agenda_item_id is not None else other
        {
            "note": target.notes,
            "decision": target.decisions,
            "action": target.actions,
            "need": target.needs,
            "offer": target.offers,
            "question": target.questions,
            "topic_wish": target.topic_wishes,
        }.get(capture.kind, target.notes).append(line)
    has_other = any(
        (other.notes, other.decisions, other.actions, other.needs, other.offers, other.questions, other.topic_wishes)
    )

    # Speaking time per group, every group present listed (silent ones with 0).
    present_groups = [g for g in ordered_groups if any(p.group == g for p in people.values())]
    seconds = _speaking_seconds(ctx, meeting_id, present_groups, until)
    speaking_order = [g for g in ordered_groups if g in seconds] + sorted(g for g in seconds if g not in ordered_groups)
    speaking = [(group_label(g) if g else _("ohne Gruppe"), seconds[g]) for g in speaking_order]

    return MinutesDoc(
        title=meeting.title,
        date=meeting.date,
        start_time=meeting.start_time,
        place=meeting.place,
        topic=meeting.topic,
        started_at=state.meeting_started_at.astimezone(ctx.tz) if state.meeting_started_at else None,
        ended_at=state.meeting_ended_at.astimezone(ctx.tz) if state.meeting_ended_at else None,
        invited=invitees.count_invited(ctx.store, meeting_id),
        present=len(people),
        walk_ins=len(set(people) - invited_ids),
        groups=counts,
        names=names,
        items=item_minutes,
        other=other if has_other else None,
        speaking=speaking,
        follow_ups=_follow_ups(ctx, meeting, meetings),
        created_at=now,
        open_needs=_need_reviews(ctx, meeting, meetings),
        open_questions=_question_reviews(ctx, meeting, meetings),
    )


def stats_sheet(stats: RangeStats) -> Sheet:
    """Statistics as a table: per meeting a total row and one row per group, then the range's totals."""
    headers = [
        _("Datum"),
        _("Treffen"),
        _("Gruppe"),
        _("Eingeladen"),
        _("Anwesend"),
        _("Ohne Einladung"),
        _("Erstmals"),
        _("Wiederkehrend"),
        _("Verschiedene Personen"),
    ]
    everyone = _("alle")

    def row(on: date | str | None, title: str, counts: GroupStats, label: str) -> list[Cell]:
        return [
            on,
            title,
            label,
            counts.invited,
            counts.present,
            counts.walk_ins,
            counts.first_time,
            counts.returning,
            counts.distinct,
        ]

    rows = []
    for meeting_stats in stats.meetings:
        m = meeting_stats.meeting
        rows.append(row(m.date, m.title, meeting_stats.total, everyone))
        rows += [
            row(m.date, m.title, g, group_label(g.group) if g.group else _("ohne Gruppe"))
            for g in meeting_stats.by_group
        ]
    span = _range_text(stats)
    total_title = _("Gesamt ({count} Treffen)").format(count=len(stats.meetings))
    rows.append([span, total_title, everyone, *row(None, "", stats.total, "")[3:]])
    rows += [
        [span, total_title, group_label(g.group) if g.group else _("ohne Gruppe"), *row(None, "", g, "")[3:]]
        for g in stats.by_group
    ]
    return Sheet(_("Statistik"), headers, rows)


def _range_text(stats: RangeStats) -> str:
    start = (
        format_date(stats.date_from)
        if stats.date_from
        else (format_date(stats.meetings[0].meeting.date) if stats.meetings else "…")
    )
    end = (
        format_date(stats.date_to)
        if stats.date_to
        else (format_date(stats.meetings[-1].meeting.date) if stats.meetings else "…")
    )
    return f"{start}–{end}"


def engagement_doc(ctx: Context, person_id: int) -> EngagementDoc:
    """An attendance confirmation for one person; refused for someone never checked in (there is nothing to confirm)."""
    engagement = attendance.engagement(ctx.store, get_person(ctx, person_id), list_meetings(ctx))
    person = engagement.person
    if person.forgotten:
        raise ServiceError(_("Die Daten dieser Person wurden gelöscht."))
    if not engagement.attended:
        raise ServiceError(
            _(
                "{name} war bei keinem Treffen eingecheckt; eine Teilnahmebestätigung gibt es nur für Treffen, "
                "bei denen die Person anwesend war."
            ).format(name=person.name)
        )
    return EngagementDoc(
        name=person.name,
        organisation=person.organisation,
        meetings=[(m.date, m.title, m.place) for m, _check_in in engagement.attended],
        roles=role_sentences(engagement),
        issued=ctx.today(),
    )


def _planned_end(meeting: Meeting) -> time | None:
    if meeting.start_time is None:
        return None
    start = datetime.combine(meeting.date, meeting.start_time)
    return (start + timedelta(minutes=meeting.planned_minutes)).time()


def signin_sheet(
    ctx: Context, meeting_id: int, *, after: bool | None = None, blank_rows: int | None = None
) -> SignInSheet:
    """The sign-in list of a meeting: to sign before the doors open, or with check-in times after the meeting.

    ``after`` None: with check-in times once the meeting has taken place. Before: the living invited
    (walk-ins not yet known) by last name, and ``blank_rows`` empty lines (default 10) for those who
    come without an invitation. After: the invited with their check-in time (empty when they did not
    come), then the walk-ins, and no blank lines unless asked for. Start and end are the planned ones
    before, the real ones after (as far as the meeting's clock was used).
    """
    meeting = get_meeting(ctx, meeting_id)
    if after is None:
        after = meeting_records.has_taken_place(ctx.store, meeting, ctx.today())
    first = _first_check_ins(ctx, meeting_id) if after else {}
    invited_ids = invitees.invited_ids(ctx.store, meeting_id)
    walk_in_ids = [pid for pid in first if pid not in invited_ids]
    people = _people(ctx, list(invited_ids) + walk_in_ids)

    def row(person_id: int, walk_in: bool) -> SignInRow | None:
        person = people.get(person_id)
        if person is None or (person.forgotten and person_id not in first):
            return None
        name = _shown_name(person)
        given, family = ("", name) if person.forgotten else split_name(person.name)
        check_in = first.get(person_id)
        return SignInRow(
            number=0,
            name=name,
            first_name=given,
            last_name=family,
            group=group_label(person.group) if person.group else "",
            organisation="" if person.forgotten else person.organisation,
            walk_in=walk_in,
            checked_in_at=from_iso(check_in.at).astimezone(ctx.tz) if check_in is not None and check_in.at else None,
        )

    def alphabetical(rows: Iterable[SignInRow | None]) -> list[SignInRow]:
        kept = [r for r in rows if r is not None]
        return sorted(kept, key=lambda r: (r.name == _("(gelöscht)"), fold(r.last_name), fold(r.first_name)))

    rows = alphabetical(row(pid, False) for pid in invited_ids)
    rows += alphabetical(row(pid, True) for pid in walk_in_ids)
    for number, entry in enumerate(rows, start=1):
        entry.number = number
    start, end = meeting.start_time, _planned_end(meeting)
    if after:
        _now, _events, state = _replayed(ctx, meeting, [])
        if state.meeting_started_at is not None:
            start = state.meeting_started_at.astimezone(ctx.tz).time().replace(second=0, microsecond=0)
        if state.meeting_ended_at is not None:
            end = state.meeting_ended_at.astimezone(ctx.tz).time().replace(second=0, microsecond=0)
    current = settings.organiser(ctx.store)
    signatory = current.signatory or current.name
    headers = [_("Nr."), _("Nachname"), _("Vorname"), _("Gruppe"), _("Organisation")]
    if after:
        headers.append(_("Check-in"))
    headers.append(_("Unterschrift"))
    return SignInSheet(
        meeting_title=meeting.title,
        topic=meeting.topic,
        date=meeting.date,
        start=start,
        end=end,
        place=meeting.place,
        organiser=current,
        after=after,
        rows=rows,
        blank_rows=(0 if after else 10) if blank_rows is None else max(0, blank_rows),
        privacy_note=signin_privacy_note(current),
        confirmation=(
            _("Die Richtigkeit der Angaben bestätigt: {who}").format(who=signatory)
            if signatory
            else _("Die Richtigkeit der Angaben bestätigt (Name, Unterschrift des Veranstalters):")
        ),
        created_at=ctx.now(),
        headers=headers,
    )


def signin_sheet_table(doc: SignInSheet) -> Sheet:
    """The sign-in list as a table: one row per person, then the blank rows; the signature cells empty.

    For XLSX the sheet carries what the PDF prints around the list: the head (organiser, event, topic,
    date, times, place) and the data-protection note and confirmation under it, the meeting on every
    printed page, and rows high enough to sign in (CSV leaves these out).
    """
    rows: list[list[Cell]] = []
    for entry in doc.rows:
        cells: list[Cell] = [entry.number, entry.last_name, entry.first_name, entry.group, entry.organisation]
        if doc.after:
            cells.append(entry.checked_in_at)
        cells.append("")
        rows.append(cells)
    for number in range(len(doc.rows) + 1, len(doc.rows) + doc.blank_rows + 1):
        rows.append([number] + [""] * (len(doc.headers) - 1))
    notes = [
        "\n".join(signin_facts(doc)),
        doc.privacy_note,
        doc.confirmation + "\n\n" + _("Ort, Datum: ____________________    Unterschrift: ______________________"),
    ]
    header = _("Teilnehmerliste") + " – " + meeting_line(doc.meeting_title, doc.date, doc.start, doc.place)
    return Sheet(_("Teilnehmerliste"), list(doc.headers), rows, notes=notes, print_header=header, row_height=30)


# -- writing -----------------------------------------------------------------------------------


def _slug(text: str) -> str:
    cleaned = re.sub(r"[^\w\-]+", "_", text, flags=re.UNICODE).strip("_")
    return cleaned[:60] or "export"


_BASENAMES = {
    "actions": "Aufgaben",
    "minutes": "Protokoll",
    "attendance": "Teilnehmerliste",
    "report": "Bericht",
    "stats": "Statistik",
    "engagement": "Teilnahmebestaetigung",
    "signin": "Teilnehmerliste_Unterschriften",
}


def default_out(kind: str, fmt: str, label: str, folder: Path | None = None) -> Path:
    """A file name for an export: 'Protokoll_2026-11-27.pdf' in ``folder`` (the current folder)."""
    name = f"{_BASENAMES[kind]}_{_slug(label)}"
    name = name if fmt == "folder" else f"{name}.{fmt}"
    return (folder or Path.cwd()) / name


def _format_for(request: ExportRequest) -> str:
    kind = request.kind
    if kind not in KINDS:
        raise ServiceError(_("Unbekannte Art von Export: {kind}").format(kind=kind))
    fmt = request.format.lower().lstrip(".")
    if not fmt and request.out is not None and kind != "report":
        suffix = request.out.suffix.lower().lstrip(".")
        fmt = {"markdown": "md", "htm": "html", "ical": "ics"}.get(suffix, suffix)
        if fmt not in FORMATS[kind]:
            fmt = ""
    fmt = fmt or DEFAULT_FORMATS[kind]
    if fmt == "markdown":
        fmt = "md"
    if fmt not in FORMATS[kind]:
        raise ServiceError(
            _("Das Format {format} gibt es für {kind} nicht; möglich: {formats}.").format(
                format=fmt, kind=kind, formats=", ".join(FORMATS[kind])
            )
        )
    return fmt


def _table_bytes(sheet: Sheet, fmt: str, request: ExportRequest) -> bytes:
    from integra_tui.io.exports.csv_xlsx import csv_bytes, xlsx_bytes

    if fmt == "csv":
        return csv_bytes(sheet, csv_dialect(request.dialect))
    return xlsx_bytes([sheet])


def _export_actions(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    from integra_tui.io.exports.markdown import actions_markdown

    meeting = None if request.all_meetings else resolve_held_meeting(ctx, request.meeting_id)
    step(0.1, _("Aufgaben werden gesammelt …"))
    lines = action_lines(ctx, None if meeting is None else meeting.id)
    label = meeting.date.isoformat() if meeting else _("alle")
    out = request.out or default_out("actions", fmt, label, request.folder)
    step(0.5, _("Datei wird erstellt …"))
    title = (
        _("Absprachen: {title} am {date}").format(title=meeting.title, date=format_date(meeting.date))
        if meeting
        else _("Absprachen aller Treffen")
    )
    if fmt in ("csv", "xlsx"):
        data: bytes | str = _table_bytes(actions_sheet(lines), fmt, request)
    elif fmt == "md":
        data = actions_markdown(lines, title, ctx.now())
    elif fmt == "ics":
        data = _actions_ics(ctx, lines)
    else:
        data = _actions_json(lines, meeting, ctx.now())
    step(0.9, _("Datei wird gespeichert …"))
    write_file(out, data)
    count = sum(1 for line in lines if line.kind == "action")
    if fmt == "ics":
        count = sum(1 for line in lines if line.kind == "action" and line.due is not None)
        summary = ngettext(
            "{count} Aufgabe mit Fälligkeit {source} nach {path} geschrieben.",
            "{count} Aufgaben mit Fälligkeit {source} nach {path} geschrieben.",
            count,
        )
    else:
        summary = ngettext(
            "{count} Aufgabe (und {other} weitere Einträge) {source} nach {path} geschrieben.",
            "{count} Aufgaben (und {other} weitere Einträge) {source} nach {path} geschrieben.",
            count,
        )
    source = _("aller Treffen") if meeting is None else _of_meeting(meeting)
    return ExportResult([out], summary.format(count=count, other=len(lines) - count, source=source, path=out))


def _minutes_bytes(
    ctx: Context,
    meeting: Meeting,
    fmt: str,
    with_names: bool,
    warnings: list[FontWarning] | None = None,
    file_name: str = "",
) -> bytes | str:
    from integra_tui.io.exports.html import markdown_to_html
    from integra_tui.io.exports.markdown import minutes_markdown
    from integra_tui.io.exports.pdf import minutes_pdf

    doc = minutes_doc(ctx, meeting.id, with_names)
    if fmt == "md":
        return minutes_markdown(doc)
    if fmt == "html":
        return markdown_to_html(minutes_markdown(doc), _("Protokoll: {title}").format(title=meeting.title))
    return rendered_pdf(lambda: minutes_pdf(doc, warnings, file_name or "Protokoll.pdf"))


def _of_meeting(meeting: Meeting) -> str:
    """ "des Treffens vom 01.12.2026 („INTEGRA-Netzwerktreffen“)": which meeting an output line is about."""
    return _("des Treffens vom {date} („{title}“)").format(
        date=format_date(meeting.date), title=clean_line(meeting.title)
    )


def _export_minutes(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    meeting = resolve_held_meeting(ctx, request.meeting_id)
    out = request.out or default_out("minutes", fmt, meeting.date.isoformat(), request.folder)
    step(0.2, _("Protokoll wird erstellt …"))
    warnings: list[FontWarning] = []
    data = _minutes_bytes(ctx, meeting, fmt, request.with_names, warnings, out.name)
    step(0.9, _("Datei wird gespeichert …"))
    write_file(out, data)
    return ExportResult(
        [out],
        _("Protokoll {meeting} nach {path} geschrieben.").format(meeting=_of_meeting(meeting), path=out),
        warnings,
    )


def _attendance_bytes(
    ctx: Context,
    meeting: Meeting,
    fmt: str,
    request: ExportRequest,
    warnings: list[FontWarning] | None = None,
    file_name: str = "",
) -> tuple[bytes, int]:
    from integra_tui.io.exports.pdf import attendance_pdf

    doc = attendance_doc(ctx, meeting.id)
    if fmt == "pdf":
        return rendered_pdf(lambda: attendance_pdf(doc, ctx.now(), warnings, file_name or "Teilnehmerliste.pdf")), len(
            doc.rows
        )
    return _table_bytes(attendance_sheet(doc), fmt, request), len(doc.rows)


def _export_attendance(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    meeting = resolve_held_meeting(ctx, request.meeting_id)
    out = request.out or default_out("attendance", fmt, meeting.date.isoformat(), request.folder)
    step(0.2, _("Teilnehmerliste wird erstellt …"))
    warnings: list[FontWarning] = []
    data, count = _attendance_bytes(ctx, meeting, fmt, request, warnings, out.name)
    step(0.9, _("Datei wird gespeichert …"))
    write_file(out, data)
    return ExportResult(
        [out],
        ngettext(
            "{count} Person in der Teilnehmerliste {meeting}: {path}.",
            "{count} Personen in der Teilnehmerliste {meeting}: {path}.",
            count,
        ).format(count=count, meeting=_of_meeting(meeting), path=out),
        warnings,
    )


def _held_on(ctx: Context, day: date) -> RangeStats:
    """The statistics of the meetings held on ``day`` (the report's)."""
    return attendance.range_stats(ctx.store, list_meetings(ctx), ctx.today(), day, day)


def _stats_bytes(stats: RangeStats, fmt: str, request: ExportRequest, title: str) -> bytes | str:
    from integra_tui.io.exports.markdown import sheet_markdown

    sheet = stats_sheet(stats)
    if fmt == "md":
        return sheet_markdown(sheet, title)
    return _table_bytes(sheet, fmt, request)


def _export_stats(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    date_from, date_to = request.date_from, request.date_to
    if date_from is None and date_to is None and request.meeting_id is not None:
        meeting = get_meeting(ctx, request.meeting_id)
        date_from = date_to = meeting.date
    step(0.2, _("Statistik wird berechnet …"))
    check_range(date_from, date_to)
    stats = attendance.range_stats(ctx.store, list_meetings(ctx), ctx.today(), date_from, date_to)
    first = date_from or (stats.meetings[0].meeting.date if stats.meetings else ctx.today())
    last = date_to or (stats.meetings[-1].meeting.date if stats.meetings else first)
    label = f"{first.isoformat()}_{last.isoformat()}"
    out = request.out or default_out("stats", fmt, label, request.folder)
    title = _("Statistik {range}").format(range=_range_text(stats))
    data = _stats_bytes(stats, fmt, request, title)
    step(0.9, _("Datei wird gespeichert …"))
    write_file(out, data)
    summary = ngettext(
        "Statistik über {count} Treffen ({range}) nach {path} geschrieben.",
        "Statistik über {count} Treffen ({range}) nach {path} geschrieben.",
        len(stats.meetings),
    ).format(count=len(stats.meetings), range=_range_text(stats), path=out)
    if stats.not_held:
        summary += " " + ngettext(
            "{count} Treffen, das noch nicht stattgefunden hat, ist nicht mitgezählt.",
            "{count} Treffen, die noch nicht stattgefunden haben, sind nicht mitgezählt.",
            stats.not_held,
        ).format(count=stats.not_held)
    return ExportResult([out], summary)


def _export_engagement(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    from integra_tui.io.exports.markdown import engagement_markdown
    from integra_tui.io.exports.pdf import engagement_pdf

    if not request.person.strip():
        raise ServiceError(_("Bitte eine Person angeben (Nummer oder Name)."))
    person = resolve_person(ctx, request.person)
    step(0.2, _("Bestätigung wird erstellt …"))
    doc = engagement_doc(ctx, person.id)
    out = request.out or default_out("engagement", fmt, str(person.id), request.folder)
    warnings: list[FontWarning] = []
    data = (
        engagement_markdown(doc)
        if fmt == "md"
        else rendered_pdf(lambda: engagement_pdf(doc, ctx.now(), warnings, out.name))
    )
    step(0.9, _("Datei wird gespeichert …"))
    write_file(out, data)
    last = format_date(doc.meetings[-1][0])
    return ExportResult(
        [out],
        ngettext(
            "Teilnahmebestätigung über {count} Treffen (zuletzt am {date}) nach {path} geschrieben.",
            "Teilnahmebestätigung über {count} Treffen (zuletzt am {date}) nach {path} geschrieben.",
            len(doc.meetings),
        ).format(path=out, count=len(doc.meetings), date=last),
        warnings,
    )


def _export_signin(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    meeting = resolve_meeting(ctx, request.meeting_id)  # printed before the doors open: today's or the next
    step(0.2, _("Teilnehmerliste wird erstellt …"))
    doc = signin_sheet(ctx, meeting.id)
    out = request.out or default_out("signin", fmt, meeting.date.isoformat(), request.folder)
    warnings: list[FontWarning] = []
    if fmt == "pdf":
        from integra_tui.io.exports.pdf import signin_pdf

        data = rendered_pdf(lambda: signin_pdf(doc, warnings, out.name))
    else:
        data = _table_bytes(signin_sheet_table(doc), fmt, request)
    step(0.9, _("Datei wird gespeichert …"))
    write_file(out, data)
    if doc.after:
        summary = ngettext(
            "Teilnehmerliste {meeting} mit Check-in-Zeiten: {count} Person, nach {path} geschrieben.",
            "Teilnehmerliste {meeting} mit Check-in-Zeiten: {count} Personen, nach {path} geschrieben.",
            len(doc.rows),
        )
    else:
        summary = ngettext(
            "Teilnehmerliste zum Unterschreiben {meeting}: {count} Eingeladene und {blank} leere Zeilen, "
            "nach {path} geschrieben.",
            "Teilnehmerliste zum Unterschreiben {meeting}: {count} Eingeladene und {blank} leere Zeilen, "
            "nach {path} geschrieben.",
            len(doc.rows),
        )
    text = summary.format(meeting=_of_meeting(meeting), count=len(doc.rows), blank=doc.blank_rows, path=out)
    return ExportResult([out], text, warnings)


def _actions_ics(ctx: Context, lines: list[ActionLine]) -> bytes:
    """The calendar of action items: UIDs of this installation, SEQUENCE and LAST-MODIFIED from each item's changes."""
    from integra_tui.io.exports.ics import ItemVersion, action_items_ics

    versions = {}
    for capture in captures.of_ids(ctx.store, [line.id for line in lines]):
        versions[capture.id] = ItemVersion(
            sequence=captures.revision(capture), last_modified=captures.last_changed(capture)
        )
    return action_items_ics(lines, _("INTEGRA – Aufgaben"), ctx.now(), settings.store_id(ctx.store), versions)


def _export_report(ctx: Context, request: ExportRequest, fmt: str, step: Progress) -> ExportResult:
    meeting = resolve_held_meeting(ctx, request.meeting_id)
    stamp = meeting.date.isoformat()
    folder = request.out or default_out("report", "folder", stamp, request.folder)
    if folder.exists() and not folder.is_dir():
        raise ServiceError(_("{path} ist eine Datei; für den Bericht wird ein Ordner gebraucht.").format(path=folder))
    csv_request = ExportRequest(kind="actions", dialect=request.dialect)
    warnings: list[FontWarning] = []
    minutes_name, attendance_name = f"Protokoll_{stamp}.pdf", f"Teilnehmerliste_{stamp}.pdf"
    steps: list[tuple[str, str, Callable[[], bytes | str]]] = [
        (
            _("Protokoll"),
            minutes_name,
            lambda: _minutes_bytes(ctx, meeting, "pdf", request.with_names, warnings, minutes_name),
        ),
        (
            _("Teilnehmerliste"),
            attendance_name,
            lambda: _attendance_bytes(ctx, meeting, "pdf", request, warnings, attendance_name)[0],
        ),
        (
            _("Statistik"),
            f"Statistik_{stamp}.csv",
            lambda: _stats_bytes(_held_on(ctx, meeting.date), "csv", csv_request, ""),
        ),
        (
            _("Aufgaben"),
            f"Aufgaben_{stamp}.csv",
            lambda: _table_bytes(actions_sheet(action_lines(ctx, meeting.id)), "csv", csv_request),
        ),
        (
            _("Kalender"),
            f"Aufgaben_{stamp}.ics",
            lambda: _actions_ics(ctx, action_lines(ctx, meeting.id, ("action",))),
        ),
    ]
    steps += network_report_parts(ctx, meeting, stamp, request.dialect)  # needs, volunteers, questions per quarter
    paths = []
    for index, (label, name, render) in enumerate(steps):
        step(index / len(steps), _("{part} wird erstellt …").format(part=label))
        paths.append(write_file(folder / name, render()))
    return ExportResult(
        paths,
        ngettext(
            "Bericht {meeting}: {count} Datei im Ordner {path}.",
            "Bericht {meeting}: {count} Dateien im Ordner {path}.",
            len(paths),
        ).format(meeting=_of_meeting(meeting), count=len(paths), path=folder),
        warnings,
    )


_EXPORTERS = {
    "actions": _export_actions,
    "minutes": _export_minutes,
    "attendance": _export_attendance,
    "report": _export_report,
    "stats": _export_stats,
    "engagement": _export_engagement,
    "signin": _export_signin,
}


def run_export(ctx: Context, request: ExportRequest, progress: Progress | None = None) -> ExportResult:
    """Do one export as requested; refused with a clear message when it cannot be done.

    ``progress`` is told how far along the export is (for the screen's progress bar).
    """
    fmt = _format_for(request)

    def step(share: float, label: str) -> None:
        if progress is not None:
            progress(share, label)

    result = _EXPORTERS[request.kind](ctx, request, fmt, step)
    step(1.0, _("Fertig."))
    return result
