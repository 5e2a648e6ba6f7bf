"""The speakers' list of the current item: add, give the floor, stop, remove, move up, stop the clock, carry over.

Nobody waiting is dropped silently when the item changes or is deferred (decision): the entries
stay visibly on the item they were added to (``MeetingView.left_waiting``, :func:`left_waiting`),
and the moderator is offered to carry them to the running item (:func:`carry_waiting_speakers`)
or takes them off one by one. A deferred item's waiting speakers are not moved to the next
meeting, months away; they stay on the deferred item in this meeting's record.
"""

from __future__ import annotations

from collections.abc import Callable

from integra_tui.domain import speakers as speaking
from integra_tui.domain.captures import resolve_group
from integra_tui.domain.names import fold
from integra_tui.domain.speakers import SpeakerError, SpeakerEvent, SpeakersState
from integra_tui.i18n import _, ngettext
from integra_tui.records import groups as group_records
from integra_tui.records import speaker_events
from integra_tui.services import typed
from integra_tui.services.context import Context, ServiceError
from integra_tui.services.moderation.view import (
    LeftWaiting,
    agenda_state,
    checked_in_people,
    load_view,
    speaker_suggestions,
    speakers_state,
)
from integra_tui.services.texts import group_label, refused

__all__ = [
    "add_speaker",
    "carry_waiting_speakers",
    "left_waiting",
    "left_waiting_text",
    "move_speaker_up",
    "next_speaker",
    "remove_speaker",
    "stop_speaker",
    "toggle_speaker_clock",
]


def _speaker_command(
    ctx: Context,
    meeting_id: int,
    item_id: int,
    command: Callable[[SpeakersState], list[SpeakerEvent]],
) -> SpeakersState:
    with ctx.transaction():
        state = speakers_state(ctx, meeting_id, item_id)
        try:
            events = command(state)
        except SpeakerError as error:
            raise refused(error) from None
        speaker_events.add(ctx.store, meeting_id, events)
        return speakers_state(ctx, meeting_id, item_id)


def add_speaker(
    ctx: Context,
    meeting_id: int,
    item_id: int,
    name: str,
    group: str = "",
    person_id: int | None = None,
    point_of_order: bool = False,
) -> SpeakersState:
    """Put someone on the item's list: a known person (found by exact name, those present first) or free text.

    A known person's group comes from their record unless ``group`` names one; a free-text name keeps
    the group given (or none).
    """
    name = typed.line(name)
    if person_id is None and name:
        # Those present first: an invitee who stayed at home does not make a name ambiguous.
        for candidates in (checked_in_people(ctx, meeting_id), speaker_suggestions(ctx, meeting_id)):
            matches = [p for p in candidates if fold(p.name) == fold(name)]
            if len(matches) == 1:
                person_id, name, group = matches[0].id, matches[0].name, group or matches[0].group
                break
            if matches:
                break
    group = resolve_group(group, group_records.names(ctx.store), group_label)
    return _speaker_command(
        ctx, meeting_id, item_id, lambda s: speaking.add_speaker(s, ctx.now(), name, group, person_id, point_of_order)
    )


def next_speaker(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """Give the floor to the next person on the list; with nobody waiting, end the current speech."""

    def command(state: SpeakersState) -> list[SpeakerEvent]:
        if not state.queue and state.current is not None:
            return speaking.stop_speaker(state, ctx.now())
        return speaking.start_speaker(state, ctx.now())

    return _speaker_command(ctx, meeting_id, item_id, command)


def stop_speaker(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """End the current speech."""
    return _speaker_command(ctx, meeting_id, item_id, lambda s: speaking.stop_speaker(s, ctx.now()))


def remove_speaker(ctx: Context, meeting_id: int, item_id: int, entry_id: int) -> SpeakersState:
    """Take someone off the list."""
    return _speaker_command(ctx, meeting_id, item_id, lambda s: speaking.remove_speaker(s, ctx.now(), entry_id))


def move_speaker_up(ctx: Context, meeting_id: int, item_id: int, entry_id: int) -> SpeakersState:
    """Move someone one place up (priority rules still win)."""
    return _speaker_command(ctx, meeting_id, item_id, lambda s: speaking.move_up(s, ctx.now(), entry_id))


def toggle_speaker_clock(ctx: Context, meeting_id: int, item_id: int) -> SpeakersState:
    """Stop or restart the current speaker's clock."""

    def command(state: SpeakersState) -> list[SpeakerEvent]:
        if state.current is not None and state.current.paused:
            return speaking.resume_speaker(state, ctx.now())
        return speaking.pause_speaker(state, ctx.now())

    return _speaker_command(ctx, meeting_id, item_id, command)


def left_waiting(ctx: Context, meeting_id: int) -> list[LeftWaiting]:
    """Items no longer running with speakers still waiting on them, in agenda order."""
    view = load_view(ctx, meeting_id, suggestions=False)
    return view.left_waiting(ctx.now())


def left_waiting_text(left: LeftWaiting) -> str:
    """What the moderator is told: "2 Wortmeldungen warten noch auf „Vortrag“ (vertagt)."."""
    status = {"done": _("beendet"), "skipped": _("übersprungen"), "deferred": _("vertagt")}.get(left.status, "")
    return ngettext(
        "{count} Wortmeldung wartet noch auf „{title}“ ({status}).",
        "{count} Wortmeldungen warten noch auf „{title}“ ({status}).",
        len(left.entries),
    ).format(count=len(left.entries), title=left.item.title, status=status)


def carry_waiting_speakers(
    ctx: Context,
    meeting_id: int,
    from_item_id: int,
    to_item_id: int | None = None,
    entry_ids: list[int] | None = None,
) -> SpeakersState:
    """Carry the speakers waiting on ``from_item_id`` (all, or ``entry_ids``) to ``to_item_id`` (default: running item).

    They keep their order, name, group and point of order, and join the end of the target's list;
    someone already waiting there is not added twice. Returns the target's list.
    """
    with ctx.transaction():
        if to_item_id is None:
            to_item_id = agenda_state(ctx, meeting_id).current_item_id
            if to_item_id is None:
                raise ServiceError(_("Gerade läuft kein Tagesordnungspunkt, der die Wortmeldungen übernehmen kann."))
        source = speakers_state(ctx, meeting_id, from_item_id)
        target = speakers_state(ctx, meeting_id, to_item_id)
        try:
            events = speaking.carry_waiting(source, target, ctx.now(), entry_ids)
        except SpeakerError as error:
            raise refused(error) from None
        speaker_events.add(ctx.store, meeting_id, events)
        return speakers_state(ctx, meeting_id, to_item_id)
