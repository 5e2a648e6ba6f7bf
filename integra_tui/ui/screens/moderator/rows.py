"""What the moderator's screen shows, as plain texts and row tuples: pure functions of what was read and ``now``.

No widget, no pilot: the screen puts these texts into its widgets (through ``literal()``) and fills its
tables with these rows; tests call them directly (tests/ui/moderator/test_rows.py). A row's first field
is its key (an item, an entry or a capture id); the screen redraws a table only when its rows changed.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime

from rich.cells import cell_len

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import AgendaState, ItemState, format_countdown, format_duration
from integra_tui.domain.models import Capture
from integra_tui.domain.speakers import SpeakersState
from integra_tui.i18n import _, format_date, format_time
from integra_tui.services import moderation
from integra_tui.services.followup import last_comment
from integra_tui.services.network_texts import need_status_label
from integra_tui.services.texts import group_label, weekday_date
from integra_tui.ui.labels import capture_kind_label, item_kind_label, item_title, status_icon
from integra_tui.ui.text import shown
from integra_tui.ui.widgets.table_cells import FitColumn, fit_columns, longest_texts

__all__ = [
    "OVERRUN_MINUTES",
    "AgendaRow",
    "BarTexts",
    "CaptureRow",
    "OpenRow",
    "QueueRow",
    "TimerTexts",
    "actual_text",
    "agenda_rows",
    "balance_text",
    "bar_texts",
    "capture_cell",
    "capture_details",
    "capture_rows",
    "capture_text",
    "captures_title",
    "cut",
    "current_speaker",
    "item_meta",
    "open_item_detail",
    "open_item_rows",
    "open_item_widths",
    "overrun_hint",
    "queue_rows",
    "speakers_title",
    "status_line",
    "timer_texts",
    "votes_text",
    "wrap",
]

OVERRUN_MINUTES = 5
"""Minutes the overrun choices (extend, take from a later item) grant at one key press."""

AgendaRow = tuple[int, str, str, str, str, bool]
"""An agenda row: item id, status icon, title (one line), plan ("10" or "10 + 5"), time spent, carried over."""
QueueRow = tuple[int, str, str, str]
"""A waiting speaker: entry id, position, name (with § for a point of order, ↺ if spoken already), group."""
CaptureRow = tuple[int, str, str, str]
"""A capture of the current item: capture id, kind, the entry in one line, and its end after the text (who, due,
votes: the part that must stay visible however the text is cut)."""
OpenRow = tuple[int, str, str, str, str, str]
"""An earlier entry under review: id (negative for a heading), entry, who, due, status, last comment."""


# -- the current item --------------------------------------------------------------------------


def status_line(item: ItemState) -> str:
    """How far the item is: "läuft · 07:12 von 25:00" and the like."""
    elapsed = format_duration(item.elapsed_seconds)
    planned = format_duration(item.planned_seconds)
    if item.status == timer.PAUSED:
        text = _("pausiert · {elapsed} von {planned}")
    elif item.phase == timer.OVERRUN:
        text = _("überzogen · {elapsed} von {planned}")
    else:
        text = _("läuft · {elapsed} von {planned}")
    text = text.format(elapsed=elapsed, planned=planned)
    extra = sum(c.minutes for c in item.choices)
    if extra:
        text += " " + _("(+{minutes} Min)").format(minutes=extra)
    return text


def item_meta(item: ItemState) -> str:
    """The line under an item's title: its kind, the presenter, "übernommen" when carried over."""
    parts = [item_kind_label(item.item.kind)]
    if item.item.presenter:
        parts.append(item.item.presenter)
    if item.item.carried_over_from is not None:
        parts.append(_("übernommen"))
    return " · ".join(parts)


def overrun_hint() -> str:
    """The overrun choices, shown while the current item runs past its time."""
    return _("x +{minutes} Min · t Zeit nehmen · d Rest vertagen").format(minutes=OVERRUN_MINUTES)


@dataclass(frozen=True)
class TimerTexts:
    """The timer pane's texts at one tick."""

    title: str
    meta: str
    countdown: str
    status: str
    buffer: str
    overrun: bool
    """The current item runs past its time (the overrun hint and keys are shown)."""


def timer_texts(state: AgendaState) -> TimerTexts:
    """Title, kind line, countdown, status and buffer of the current (or the next) item."""
    buffer_left = state.buffer_minutes_left
    buffer = (
        _("Puffer {minutes} Min").format(minutes=buffer_left)
        if buffer_left >= 0
        else _("kein Puffer ({minutes} Min zu viel geplant)").format(minutes=-buffer_left)
    )
    current = state.current
    if current is None:
        upcoming = next((s for s in state.items if s.status == timer.PENDING), None)
        if state.meeting_ended_at is not None:
            return TimerTexts(
                _("Das Treffen ist beendet."),
                "",
                format_duration(state.actual_seconds_so_far),
                _("Ende {time}").format(time=format_time(state.meeting_ended_at)),
                buffer,
                False,
            )
        if upcoming is not None:
            return TimerTexts(
                _("Als Nächstes: {title}").format(title=item_title(upcoming.item)),
                item_meta(upcoming),
                format_countdown(upcoming.planned_seconds),
                _("Leertaste startet den Punkt."),
                buffer,
                False,
            )
        return TimerTexts(
            _("Alle Punkte sind behandelt."), "", "--:--", _("Strg+E beendet das Treffen."), buffer, False
        )
    position = [s.id for s in state.items].index(current.id) + 1
    return TimerTexts(
        f"{position}/{len(state.items)} {item_title(current.item)}",
        item_meta(current),
        format_countdown(current.remaining_seconds),
        status_line(current),
        buffer,
        current.phase == timer.OVERRUN,
    )


@dataclass(frozen=True)
class BarTexts:
    """The meeting bar's texts at one tick (the caption comes from services.meetings)."""

    clock: str
    so_far: str
    projected: str
    late: bool
    """The projected end lies after the planned end."""


def bar_texts(state: AgendaState, now: datetime) -> BarTexts:
    """The clock, plan and time spent so far, and the projected end."""
    return BarTexts(
        _("Uhr {time}").format(time=now.strftime("%H:%M:%S")),
        _("Plan {planned} · Ist {actual}").format(
            planned=format_duration(state.planned_seconds_so_far), actual=format_duration(state.actual_seconds_so_far)
        ),
        _("Ende ca. {projected} (geplant {planned})").format(
            projected=format_time(state.projected_end.astimezone(now.tzinfo)),
            planned=format_time(state.planned_end.astimezone(now.tzinfo)),
        ),
        state.projected_end_late,
    )


# -- the agenda ----------------------------------------------------------------------------------


def actual_text(item: ItemState) -> str:
    """Time spent on an item ("" before it started)."""
    if item.started_at is None:
        return ""
    return format_duration(item.elapsed_seconds)


def agenda_rows(state: AgendaState) -> tuple[AgendaRow, ...]:
    """One row per agenda item, in the agenda's order."""
    return tuple(
        (
            s.id,
            status_icon(s.status),
            shown(item_title(s.item), one_line=True),
            s.plan_text,
            actual_text(s),
            s.item.carried_over_from is not None,
        )
        for s in state.items
    )


# -- the speakers' list ----------------------------------------------------------------------------


def speakers_title(view: moderation.MeetingView) -> str:
    """The speakers' pane title, which says when first-time speakers go first."""
    title = _("Redeliste")
    if view.settings.first_time_priority:
        title += " · " + _("Erstredner zuerst")
    return title


def current_speaker(speakers: SpeakersState | None) -> tuple[str, str | None]:
    """Who speaks and their clock ("▶ Name (Gruppe) 01:30 ‖"), and the phase to colour it by (None: no colour)."""
    if speakers is None:
        return _("Kein Punkt läuft."), None
    speech = speakers.current
    if speech is None:
        text = _("Niemand spricht.") if speakers.queue else _("Niemand spricht · r setzt jemanden auf die Liste")
        return text, None
    group = f" ({group_label(speech.entry.group)})" if speech.entry.group else ""
    clock = format_duration(speech.elapsed_seconds)
    if speech.remaining_seconds is not None:
        clock = format_countdown(speech.remaining_seconds)
    paused = " ‖" if speech.paused else ""
    phase = speech.phase if speech.remaining_seconds is not None else None
    return f"▶ {speech.entry.name}{group} {clock}{paused}", phase


def queue_rows(speakers: SpeakersState | None) -> tuple[QueueRow, ...]:
    """The waiting speakers, in the order they will speak."""
    if speakers is None:
        return ()
    return tuple(
        (
            e.entry_id,
            str(n),
            ("§ " if e.point_of_order else "") + e.name + (" ↺" if e.has_spoken else ""),
            group_label(e.group) if e.group else "",
        )
        for n, e in enumerate(speakers.queue, start=1)
    )


def balance_text(speakers: SpeakersState | None) -> str:
    """Speaking time per group, for the item and the meeting; ○: the group has not spoken on this item."""
    if speakers is None:
        return ""
    groups = list(dict.fromkeys([*speakers.group_seconds_meeting, *speakers.group_seconds_item]))
    if not groups:
        return ""
    lines = [_("Redezeit: Punkt · Treffen")]
    for group in groups:
        mark = "○" if group in speakers.groups_silent_item else "●"
        label = group_label(group) if group else _("ohne Gruppe")
        item = format_duration(speakers.group_seconds_item.get(group, 0.0))
        meeting = format_duration(speakers.group_seconds_meeting.get(group, 0.0))
        lines.append(f"{mark} {label[:14]:<14} {item:>5} · {meeting:>5}")
    return "\n".join(lines)


# -- captures ------------------------------------------------------------------------------------


def votes_text(votes: dict[str, int]) -> str:
    """A decision's show of hands in one line: "ja 12 · nein 2 · Enthaltung 1"."""
    return _("ja {yes} · nein {no} · Enthaltung {abstain}").format(
        yes=votes.get("yes", 0), no=votes.get("no", 0), abstain=votes.get("abstain", 0)
    )


def capture_text(capture: Capture) -> str:
    """A capture in one line: the text, then who (or the group) and the due date."""
    return " · ".join(p for p in (capture.text, capture_details(capture)) if p)


def capture_details(capture: Capture) -> str:
    """What follows a capture's text: who (or the group), the due date, the votes or hands ("" for a note)."""
    parts: list[str] = []
    who = capture.owner or (group_label(capture.group) if capture.group else "")
    if who:
        parts.append(who)
    if capture.due:
        parts.append(_("bis {date}").format(date=weekday_date(capture.due)))
    if capture.votes is not None:
        parts.append(votes_text(capture.votes))
    if capture.hands is not None:
        parts.append(_("{count} Hände").format(count=capture.hands))
    return " · ".join(parts)


def capture_cell(line: str, details: str, width: int) -> str:
    """A capture's cell: its line when it fits ``width``; else the text wrapped (at most two lines, cut with "…")
    and who, until when and the votes on a line of their own, so they always show and a name is never split."""
    if cell_len(line) <= width or not details:
        return wrap(line, width)
    text = line[: len(line) - len(details)].removesuffix(" · ")
    return wrap(text, width, lines=2) + "\n" + wrap("· " + details, width, lines=2)


def captures_title(state: AgendaState) -> str:
    """The captures pane's title: which item the entries belong to."""
    current = state.current
    if current is None:
        return _("Festgehalten (ohne Punkt)")
    return _("Festgehalten zu „{title}“").format(title=shown(item_title(current.item), one_line=True))


def capture_rows(view: moderation.MeetingView, item_id: int | None) -> tuple[CaptureRow, ...]:
    """What was captured for ``item_id`` (None: outside any item), oldest first."""
    return tuple(
        (
            c.id,
            capture_kind_label(c.kind),
            shown(capture_text(c), one_line=True),
            shown(capture_details(c), one_line=True),
        )
        for c in view.captures_for(item_id)
    )


def open_item_rows(view: moderation.MeetingView, meeting_id: int | None) -> tuple[OpenRow, ...]:
    """The open-items review as rows (id, entry, who, due, status): action items, then needs, then questions,
    each part under a heading row (a negative id). ✓ marks what was reviewed in this meeting."""

    def reviewed(capture: Capture) -> str:
        return " ✓" if any(h.get("meeting_id") == meeting_id for h in capture.history or []) else ""

    def comment(capture: Capture) -> str:
        return shown(last_comment(capture.history or []), one_line=True)

    labels = {"open": _("offen"), "done": _("erledigt"), "dropped": _("entfällt")}
    rows: list[OpenRow] = []
    if view.open_action_items:
        rows.append((-1, _("Aufgaben"), "", "", "", ""))
        rows.extend(
            (
                c.id,
                c.text,
                c.owner,
                format_date(c.due) if c.due else "",
                labels.get(c.status or "open", c.status or "") + reviewed(c),
                comment(c),
            )
            for c in view.open_action_items
        )
    if view.open_needs:
        rows.append((-2, _("Bedarfe"), "", "", "", ""))
        rows.extend(
            (
                c.id,
                c.text,
                " · ".join(p for p in (group_label(c.group) if c.group else "", c.owner) if p),
                "",
                need_status_label(c.status or "open") + reviewed(c),
                comment(c),
            )
            for c in view.open_needs
        )
    if view.open_questions:
        rows.append((-3, _("Fragen"), "", "", "", ""))
        rows.extend(
            (
                c.id,
                c.text,
                group_label(c.group) if c.group else "",
                "",
                (_("beantwortet") if c.answer else _("offen")) + reviewed(c),
                shown(c.answer or "", one_line=True) or comment(c),
            )
            for c in view.open_questions
        )
    return tuple(rows)


def open_item_widths(open_rows: tuple[OpenRow, ...], width: int, padding: int = 1) -> tuple[tuple[str, int], ...]:
    """The review's columns and their widths in a table ``width`` cells wide: the entry first and widest (it
    wraps), who (cut beyond 16 cells, 14 without comments), due, status, and the last comment (it wraps; up to
    two fifths of the room, and what the entry leaves) where the entry and it have 40 cells between them (else
    the line under the table has it)."""
    if width <= 0:
        return ()
    labels = {
        "text": _("Eintrag"),
        "owner": _("Wer"),
        "due": _("Fällig"),
        "status": _("Status"),
        "comment": _("Zuletzt"),
    }
    entries = [r for r in open_rows if r[0] >= 0]  # not the headings
    cells = {key: [str(r[index]) for r in entries] for index, key in enumerate(labels, start=1)}
    longest = longest_texts(labels, cells)
    fixed = [FitColumn("due"), FitColumn("status")]
    if any(r[5] for r in entries):
        columns = [
            FitColumn("text", flexible=_ENTRY_AND_COMMENT, most=longest["text"]),
            FitColumn("owner", most=16),
            *fixed,
            FitColumn("comment", most=longest["comment"], share=(2, 5), gives_way=1),
        ]
        fitted = fit_columns(width, columns, longest, padding=2 * padding)
        if any(key == "comment" for key, _width in fitted):
            return tuple(fitted)
    columns = [FitColumn("text", flexible=1), FitColumn("owner", most=14), *fixed]
    return tuple(fit_columns(width, columns, longest, padding=2 * padding))


_ENTRY_AND_COMMENT = 40  # the fewest cells the entry and the comment share before the comment gives way


def open_item_detail(capture: Capture) -> str:
    """The highlighted entry of the review in full, under its table: who, until when, the last comment (or the
    answer); what a narrow column cuts is read here."""
    parts = []
    who = " · ".join(p for p in (capture.owner, group_label(capture.group) if capture.group else "") if p)
    if who:
        parts.append(_("wer: {owner}").format(owner=who))
    if capture.due:
        parts.append(_("fällig {date}").format(date=weekday_date(capture.due)))
    comment = last_comment(capture.history or [])
    if capture.kind == "question" and capture.answer:
        parts.append(_("Antwort: {answer}").format(answer=capture.answer))
    elif comment:
        parts.append(_("zuletzt: {comment}").format(comment=comment))
    if not parts:
        parts.append(_("ohne Verantwortliche, ohne Fälligkeit, noch kein Kommentar"))
    return shown(" · ".join(parts), one_line=True)


# -- fitting text into cells -----------------------------------------------------------------------


def wrap(text: str, width: int, lines: int = 3) -> str:
    """Wrap onto at most ``lines`` lines of ``width`` cells (the last one cut with an ellipsis)."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [cut(" ".join(wrapped[lines - 1 :]), width)]
    return "\n".join(wrapped)


def cut(text: str, width: int) -> str:
    """Shorten to ``width`` cells with an ellipsis (tables would otherwise scroll sideways)."""
    return text if cell_len(text) <= width else text[: max(1, width - 1)] + "…"
