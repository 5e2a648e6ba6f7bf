"""The moderator's use cases: the agenda against the clock, the speakers' list and captured agreements.

Everything is stored the moment it happens (durable before a call returns), and the state on
screen is replayed from it, so a crash or a second process never loses or disagrees about the
meeting. The tables and their stored fields are described in ``integra_tui.records``
(``timer_events``, ``speaker_events``, ``captures``, ``settings``, ``agenda_items``).

The package follows the moderator's work, one module each:

- ``settings``: when a countdown warns, first-time priority, speaking time per speaker.
- ``view``: what the moderator's and the second screen show, read in one go (``load_view``).
- ``timer``: the agenda against the clock (start, pause, next, skip, extend, take time).
- ``deferral``: deferring to the next meeting, reopening, "Offene Punkte" first on a new meeting.
- ``speakers``: the speakers' list of the current item.
- ``captures``: action items, decisions, needs, notes, offers, questions and topic wishes, shows of
  hands, and the review of earlier open items (action items, needs, questions: ``open_items``).

Every public name is importable from here (``from integra_tui.services import moderation``).
"""

from __future__ import annotations

from integra_tui.domain.models import ACTION_STATUSES
from integra_tui.services.meetings import groups, pick_up_deferred
from integra_tui.services.moderation.captures import (
    add_capture,
    answer_question,
    remove_capture,
    review_action_item,
    review_need,
    set_hands,
    set_show_of_hands,
    update_capture,
)
from integra_tui.services.moderation.deferral import (
    OPEN_ITEMS_TITLE,
    QUARTER_DAYS,
    DeferResult,
    defer_item,
    deferral_target,
    ensure_open_items_item,
    prepare_meeting,
    previous_item,
    quarter_later,
)
from integra_tui.services.moderation.settings import ModerationSettings, moderation_settings, update_settings
from integra_tui.services.moderation.speakers import (
    add_speaker,
    move_speaker_up,
    next_speaker,
    remove_speaker,
    stop_speaker,
    toggle_speaker_clock,
)
from integra_tui.services.moderation.timer import (
    end_meeting,
    extend_item,
    next_item,
    pause_item,
    resume_item,
    skip_item,
    start_item,
    start_meeting,
    take_time,
    toggle_item,
)
from integra_tui.services.moderation.view import (
    DEFER_OVERRUN,
    MeetingView,
    OpenItems,
    agenda_state,
    captures_of,
    get_capture,
    groups_present,
    load_view,
    open_action_items,
    open_items,
    overrun_decisions,
    owner_suggestions,
    speaker_suggestions,
    speakers_state,
    speaking_time_by_group,
)
from integra_tui.services.moderation.view import speaker_events_of as speaker_events
from integra_tui.services.moderation.view import timer_events_of as timer_events

CAPTURE_STATUSES = ACTION_STATUSES
"""An action item is open until it is marked done or dropped (the same tuple as ``followup.STATUSES``)."""

__all__ = [
    "CAPTURE_STATUSES",
    "DEFER_OVERRUN",
    "OPEN_ITEMS_TITLE",
    "QUARTER_DAYS",
    "DeferResult",
    "MeetingView",
    "ModerationSettings",
    "OpenItems",
    "add_capture",
    "add_speaker",
    "answer_question",
    "agenda_state",
    "captures_of",
    "defer_item",
    "deferral_target",
    "end_meeting",
    "ensure_open_items_item",
    "extend_item",
    "get_capture",
    "groups",
    "groups_present",
    "load_view",
    "move_speaker_up",
    "moderation_settings",
    "next_item",
    "next_speaker",
    "open_action_items",
    "open_items",
    "overrun_decisions",
    "owner_suggestions",
    "pause_item",
    "pick_up_deferred",
    "prepare_meeting",
    "previous_item",
    "quarter_later",
    "remove_capture",
    "remove_speaker",
    "resume_item",
    "review_action_item",
    "review_need",
    "set_hands",
    "set_show_of_hands",
    "skip_item",
    "speaker_events",
    "speaker_suggestions",
    "speakers_state",
    "speaking_time_by_group",
    "start_item",
    "start_meeting",
    "stop_speaker",
    "take_time",
    "timer_events",
    "toggle_item",
    "toggle_speaker_clock",
    "update_capture",
    "update_settings",
]
