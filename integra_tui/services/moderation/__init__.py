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
  hands (the review of earlier open items, ``open_items``, is made through ``followup.set_status``,
  ``needs.set_need_status`` and ``questions.answer_question``).
- ``names``: what a typed name means (one person, a choice, a new free name) for speakers and owners.
- ``stage``: the moderator's message to the display.
- ``display``: what the display shows at a tick (countdowns, next speakers, open items, stage message).

Every public name is importable from here (``from integra_tui.services import moderation``).
"""

from __future__ import annotations

from integra_tui.domain.models import ACTION_STATUSES
from integra_tui.services.moderation.captures import (
    add_capture,
    remove_capture,
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
    pick_up_deferred,
    prepare_meeting,
    previous_item,
    quarter_later,
)
from integra_tui.services.moderation.display import DisplayReviewItem, DisplaySpeaker, DisplayState, display_state
from integra_tui.services.moderation.names import (
    NameMatch,
    match_in_view,
    name_match_text,
    name_suggestions,
    person_label,
    resolve_name,
)
from integra_tui.services.moderation.settings import (
    ModerationSettings,
    moderation_settings,
    parse_speaking_time,
    set_speaking_time,
    speaking_time_text,
    update_settings,
)
from integra_tui.services.moderation.speakers import (
    add_speaker,
    carry_waiting_speakers,
    left_waiting,
    left_waiting_text,
    move_speaker_up,
    next_speaker,
    remove_speaker,
    stop_speaker,
    toggle_speaker_clock,
)
from integra_tui.services.moderation.stage import (
    StageMessage,
    clear_stage_message,
    send_stage_message,
    stage_message,
    stage_presets,
)
from integra_tui.services.moderation.timer import (
    end_left_running,
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
    LeftWaiting,
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
    "DisplayReviewItem",
    "DisplaySpeaker",
    "DisplayState",
    "LeftWaiting",
    "MeetingView",
    "ModerationSettings",
    "NameMatch",
    "OpenItems",
    "StageMessage",
    "add_capture",
    "add_speaker",
    "agenda_state",
    "captures_of",
    "carry_waiting_speakers",
    "clear_stage_message",
    "defer_item",
    "deferral_target",
    "display_state",
    "end_left_running",
    "end_meeting",
    "ensure_open_items_item",
    "extend_item",
    "get_capture",
    "groups_present",
    "left_waiting",
    "left_waiting_text",
    "load_view",
    "match_in_view",
    "move_speaker_up",
    "moderation_settings",
    "name_match_text",
    "name_suggestions",
    "next_item",
    "next_speaker",
    "open_action_items",
    "open_items",
    "overrun_decisions",
    "owner_suggestions",
    "parse_speaking_time",
    "pause_item",
    "person_label",
    "pick_up_deferred",
    "prepare_meeting",
    "previous_item",
    "quarter_later",
    "remove_capture",
    "remove_speaker",
    "resolve_name",
    "resume_item",
    "send_stage_message",
    "set_hands",
    "set_show_of_hands",
    "set_speaking_time",
    "skip_item",
    "speaker_events",
    "speaker_suggestions",
    "speakers_state",
    "speaking_time_by_group",
    "speaking_time_text",
    "stage_message",
    "stage_presets",
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
