"""What the display (projector, second terminal) shows, computed from a loaded view at each tick.

As OpenSlides' projector and Stagetimer do: the running item and its countdown, the speaker's own
countdown and the next speakers, the open items while they are reviewed, and the moderator's
message to the stage. :func:`display_state` reads nothing from the store: the display loads a
:class:`~integra_tui.services.moderation.view.MeetingView` when the store changes and asks this
once a second.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from integra_tui.domain import agenda as timer
from integra_tui.domain.agenda import format_countdown, format_duration
from integra_tui.i18n import format_date
from integra_tui.services.moderation.view import MeetingView
from integra_tui.services.texts import group_label

__all__ = ["DisplayReviewItem", "DisplaySpeaker", "DisplayState", "display_state"]


@dataclass(frozen=True)
class DisplaySpeaker:
    """Who speaks now, with their own countdown (or the time spoken, without a limit)."""

    name: str
    group: str
    """The group's label ("" for someone without a group)."""
    clock: str
    """ "01:45" left, "+00:10" over the limit; "02:03" spoken without a limit."""
    phase: str
    """normal, warning or overrun (``domain.agenda.PHASES``)."""
    paused: bool
    limited: bool
    """Whether a speaking time is set (then ``clock`` counts down)."""


@dataclass(frozen=True)
class DisplayReviewItem:
    """An open action item of an earlier meeting, while "Offene Punkte" is reviewed."""

    text: str
    owner: str
    due: str
    """The due date ("" without one)."""
    due_date: date | None
    status: str
    """open, done or dropped (as reviewed in this meeting)."""


@dataclass(frozen=True)
class DisplayState:
    """The display at one moment."""

    meeting_title: str
    meeting_date: date
    running: bool
    """The meeting has started and not ended."""
    ended: bool
    item_title: str
    """The running item ("" between items)."""
    item_clock: str
    """Its countdown ("12:05", "+03:12" once over); "" between items."""
    item_phase: str
    item_paused: bool
    speaker: DisplaySpeaker | None
    next_speakers: tuple[str, ...]
    """The next names on the list, in the order they will speak (with their group in brackets)."""
    waiting_count: int
    """Everyone waiting on the running item's list (``next_speakers`` shows the first few)."""
    review: tuple[DisplayReviewItem, ...]
    """While the running item is "Offene Punkte": the action items reviewed, first due first; else empty."""
    stage_message: str
    """The moderator's message to the stage ("" when none)."""


def _with_group(name: str, group: str) -> str:
    return f"{name} ({group_label(group)})" if group else name


def display_state(view: MeetingView, now: datetime, next_count: int = 3) -> DisplayState:
    """What the display shows at ``now`` (``next_count`` next speakers)."""
    state = view.agenda(now)
    current = state.current
    speaker = None
    next_speakers: tuple[str, ...] = ()
    waiting = 0
    review: tuple[DisplayReviewItem, ...] = ()
    if current is not None:
        speakers = view.speakers(current.id, now)
        if speakers.current is not None:
            speech = speakers.current
            limited = speech.remaining_seconds is not None
            speaker = DisplaySpeaker(
                name=speech.entry.name,
                group=group_label(speech.entry.group) if speech.entry.group else "",
                clock=format_countdown(speech.remaining_seconds)
                if speech.remaining_seconds is not None
                else format_duration(speech.elapsed_seconds),
                phase=speech.phase,
                paused=speech.paused,
                limited=limited,
            )
        next_speakers = tuple(_with_group(e.name, e.group) for e in speakers.queue[:next_count])
        waiting = len(speakers.queue)
        if current.item.kind == "open_items":
            review = tuple(
                DisplayReviewItem(
                    text=c.text,
                    owner=c.owner,
                    due=format_date(c.due) if c.due else "",
                    due_date=c.due,
                    status=c.status,
                )
                for c in view.open_action_items
            )
    return DisplayState(
        meeting_title=view.meeting.title,
        meeting_date=view.meeting.date,
        running=state.meeting_running,
        ended=state.meeting_ended_at is not None,
        item_title=current.item.title if current is not None else "",
        item_clock=format_countdown(current.remaining_seconds) if current is not None else "",
        item_phase=current.phase if current is not None else timer.NORMAL,
        item_paused=current is not None and current.status == timer.PAUSED,
        speaker=speaker,
        next_speakers=next_speakers,
        waiting_count=waiting,
        review=review,
        stage_message=view.stage.text if view.stage is not None else "",
    )
