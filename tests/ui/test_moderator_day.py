"""The moderator's day as a volunteer meets it (issue 13, 15): names, confirmations, overrun keys, layout,
the due date understood, the open-items review, waiting speakers, new kinds, stage messages, Ctrl+Q."""

from __future__ import annotations

from datetime import date, time

import pytest
from textual.widgets import DataTable, Input, OptionList

from integra_tui.services import followup, needs, questions
from integra_tui.services import moderation as mod
from integra_tui.services.meetings import add_meeting
from integra_tui.ui.screens.agenda_editor import AgendaEditorScreen, AgendaItemForm
from integra_tui.ui.screens.capture_forms import (
    CaptureForm,
    CommentForm,
    KeepOpenForm,
    NeedReviewDialog,
    ReviewDialog,
    SpeakerForm,
    StageForm,
)
from integra_tui.ui.screens.moderator import ModeratorScreen
from integra_tui.ui.widgets.confirm import ChoiceDialog, ConfirmDialog

from .test_moderator import Meeting, keys, later, open_moderator, rows, settle, shown, type_text

SMALL, MEDIUM = (80, 24), (120, 36)


@pytest.fixture()
def meeting(tmp_path) -> Meeting:
    return Meeting(tmp_path)


def toasts(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


# -- names: what the screen suggests is what is saved --------------------------------------------


@pytest.mark.parametrize("size", [SMALL, MEDIUM])
async def test_speakers_enter_takes_the_single_match_or_saves_a_new_name(meeting: Meeting, size) -> None:
    meeting.check_in("Sabine Kröger")
    meeting.check_in("Werner Krüger")
    app = meeting.app()
    async with app.run_test(size=size) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "r")
        await type_text(app, pilot, "Sab")
        assert "Sabine Kröger" in shown(app, "#speaker-hint")
        await keys(app, pilot, "enter")  # the suggestion shown is what is saved, with her group
        await keys(app, pilot, "r")
        await type_text(app, pilot, "Zoltan")
        assert "neuer Name" in shown(app, "#speaker-hint")
        await keys(app, pilot, "enter")
        await keys(app, pilot, "r")
        await type_text(app, pilot, "Kr")  # Sabine Kröger and Werner Krüger
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, SpeakerForm)  # several: choose
        assert "bitte auswählen" in shown(app, "#form-error")
        matches = app.screen.query_one("#speaker-matches", OptionList)
        assert app.screen.focused is matches and matches.option_count == 2
        werner = next(i for i in range(2) if "Werner" in str(matches.get_option_at_index(i).prompt))
        await keys(app, pilot, *["down"] * werner, "enter")
        assert isinstance(app.screen, ModeratorScreen)
        assert rows(app, "#speaker-queue") == [
            ["1", "Sabine Kröger", "Kommune"],  # with her group
            ["2", "Zoltan", ""],
            ["3", "Werner Krüger", rows(app, "#speaker-queue")[2][2]],
        ]


async def test_owner_tab_takes_the_single_match_and_says_a_new_name(meeting: Meeting) -> None:
    meeting.check_in("Gisela Hartmann")
    app = meeting.app()
    async with app.run_test(size=MEDIUM) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "a")
        await type_text(app, pilot, "Flyer drucken")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "gis")
        await keys(app, pilot, "tab")  # Tab takes her, the task stays as typed
        assert app.screen.query_one("#capture-owner", Input).value == "Gisela Hartmann"
        assert app.screen.query_one("#capture-text", Input).value == "Flyer drucken"
        await type_text(app, pilot, "15.1.")
        assert shown(app, "#due-hint") == "→ Fr, 15.01.2027"  # what the parser understood, while typing
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ModeratorScreen)
        # At 120x36 the owner and the due date are shown in full.
        assert rows(app, "#captures")[0] == ["Aufgabe", "Flyer drucken · Gisela Hartmann · bis Fr, 15.01.2027"]
        await keys(app, pilot, "a")
        await type_text(app, pilot, "Raum")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "Frau Unbekannt")
        assert "neuer Name" in shown(app, "#owner-hint")
        await keys(app, pilot, "enter")
    assert [(c.text, c.owner) for c in mod.captures_of(meeting.ctx, meeting.id)] == [
        ("Flyer drucken", "Gisela Hartmann"),
        ("Raum", "Frau Unbekannt"),
    ]


async def test_an_edit_form_opens_with_the_cursor_at_the_end_nothing_selected(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=MEDIUM) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "o")
        await type_text(app, pilot, "Presse")
        await keys(app, pilot, "enter")
        app.screen.query_one("#captures", DataTable).focus()
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, CaptureForm)
        await type_text(app, pilot, "mitteilung")  # adds, never replaces
        assert app.screen.query_one("#capture-text", Input).value == "Pressemitteilung"
        await keys(app, pilot, "enter")
    assert [c.text for c in mod.captures_of(meeting.ctx, meeting.id)] == ["Pressemitteilung"]


# -- destructive keys, overrun keys ------------------------------------------------------------


async def test_the_running_item_asks_before_skip_defer_and_says_what_was_captured(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "o")
        await type_text(app, pilot, "Presse")
        await keys(app, pilot, "enter", "v")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Festgehalten: 1" in shown(app, "#dialog-message")
        await keys(app, pilot, "escape", "s", "escape")
        assert shown(app, "#item-title") == "1/7 Begrüßung"  # nothing happened
        assert "p" in {key.key for key in app.screen.query("FooterKey")}  # the undo is in the footer
        await keys(app, pilot, "s", "j")
        assert "p macht es rückgängig" in toasts(app)
        await keys(app, pilot, "p")
        assert shown(app, "#item-title") == "1/7 Begrüßung"


@pytest.mark.parametrize("key", ["x", "t", "T", "d"])
async def test_overrun_keys_before_an_overrun_say_why_nothing_happened(meeting: Meeting, key: str) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", key)
        assert isinstance(app.screen, ModeratorScreen)
        assert "noch nicht überzogen" in toasts(app)
    assert mod.overrun_decisions(meeting.ctx, meeting.id) == []


async def test_shift_t_confirms_like_t(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=11)
        await keys(app, pilot, "T", "enter")
        assert "Min von „Vorstellungsrunde“ genommen" in toasts(app)


async def test_the_focused_pane_is_highlighted(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=MEDIUM) as pilot:
        await open_moderator(app, pilot)
        agenda, speakers = app.screen.query_one("#agenda-pane"), app.screen.query_one("#speakers-pane")
        assert agenda.styles.border_top != speakers.styles.border_top
        app.screen.query_one("#speaker-queue").focus()
        await settle(app, pilot)
        assert agenda.styles.border_top != speakers.styles.border_top
        assert speakers.styles.border_top[1] != app.screen.query_one("#captures-pane").styles.border_top[1]


async def test_ctrl_q_asks_while_the_meeting_runs(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, ModeratorScreen) and app.is_running
        await keys(app, pilot, "ctrl+q", "j")
        assert not app.is_running


# -- layout and the caption ---------------------------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, MEDIUM])
async def test_caption_countdown_item_and_captures_stay_visible_with_a_form_open(meeting: Meeting, size) -> None:
    app = meeting.app()
    async with app.run_test(size=size) as pilot:
        await open_moderator(app, pilot)
        # The meeting is named in the bar at 120 columns, on the timer pane's frame below (the bar keeps
        # the clock, the times and the projected end whole).
        wide = size[0] >= 120
        timer_frame = app.screen.query_one("#timer-pane").border_title
        named = (
            shown(app, "#caption")
            if wide
            else (timer_frame.plain if hasattr(timer_frame, "plain") else str(timer_frame))
        )
        assert "27.11.2026" in named
        assert "Runder Tisch" in named or "INTEGRA" in named
        assert "Ende ca." in shown(app, "#projected")
        assert app.screen.query_one("#projected").region.right <= size[0]
        await keys(app, pilot, "space", "o")
        await type_text(app, pilot, "Presse")
        await keys(app, pilot, "enter")
        moderator = app.screen
        for selector in ("#caption" if wide else "#timer-pane", "#projected", "#countdown", "#item-title", "#captures"):
            region = moderator.query_one(selector).region
            assert region.width > 0 and region.height > 0 and region.bottom <= size[1], selector
        titles = [r[3] for r in rows(app, "#agenda")]
        assert any(len(t) > 12 and not t.endswith("…") for t in titles)  # titles not cut at 12 characters
        await keys(app, pilot, "r")  # the speaker form sits at the bottom; the countdown above stays in sight
        form = app.screen.query_one("Vertical")
        assert form.region.bottom == size[1]
        assert form.region.y >= moderator.query_one("#countdown").region.bottom or size == SMALL


# -- the open-items review -----------------------------------------------------------------------


async def test_keeping_an_item_open_takes_an_optional_comment_and_a_new_due_date(tmp_path) -> None:
    meeting = Meeting(tmp_path)
    earlier = add_meeting(meeting.ctx, "Runder Tisch", date(2026, 9, 4), time(17, 0))
    flyer = mod.add_capture(meeting.ctx, earlier.id, "action", "Flyer drucken", owner="Gisela", due=date(2026, 10, 1))
    followup.set_status(meeting.ctx, flyer.id, "open", "Druckerei angefragt")
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        app.screen.query_one("#open-items", DataTable).focus()
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ReviewDialog)
        assert shown(app, "#dialog-message").startswith("Flyer drucken")
        assert "Zuletzt: Druckerei angefragt" in shown(app, "#dialog-message")
        await keys(app, pilot, "o")
        assert isinstance(app.screen, KeepOpenForm)
        await keys(app, pilot, "tab")  # no comment: optional
        await type_text(app, pilot, "15.1.")
        assert shown(app, "#due-hint") == "→ Fr, 15.01.2027"
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ModeratorScreen)
    kept = mod.get_capture(meeting.ctx, flyer.id)
    assert kept.status == "open" and kept.due == date(2027, 1, 15)
    assert kept.history[-1]["meeting_id"] == meeting.id and kept.history[-1]["comment"] == ""


async def test_needs_and_questions_have_their_own_parts_in_the_review(tmp_path) -> None:
    meeting = Meeting(tmp_path)
    earlier = add_meeting(meeting.ctx, "Runder Tisch", date(2026, 9, 4), time(17, 0))
    bikes = needs.add_need(meeting.ctx, earlier.id, "Fahrradwerkstatt", group="Zugewandert")
    asked = mod.add_capture(meeting.ctx, earlier.id, "question", "Wo gibt es Sprachkurse?", group="Zugewandert")
    app = meeting.app()
    async with app.run_test(size=MEDIUM) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        table_rows = rows(app, "#open-items")
        assert ["Bedarfe", "", "", ""] in table_rows and ["Fragen", "", "", ""] in table_rows
        table = app.screen.query_one("#open-items", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(str(bikes.id)))
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, NeedReviewDialog)
        await keys(app, pilot, "a")  # turn it into an action item
        assert isinstance(app.screen, CommentForm)
        await type_text(app, pilot, "Georg Lehmann")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "15.1.")
        await keys(app, pilot, "enter")
        table = app.screen.query_one("#open-items", DataTable)
        table.move_cursor(row=table.get_row_index(str(asked.id)))
        table.focus()
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, CommentForm)
        await type_text(app, pilot, "VHS, dienstags")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "Renate Köhler")
        await keys(app, pilot, "enter")
    need = needs.get_need(meeting.ctx, bikes.id)
    assert need.status == "in_progress"
    actions = [c for c in mod.captures_of(meeting.ctx, meeting.id) if c.kind == "action"]
    assert [(a.text, a.owner, a.due) for a in actions] == [("Fahrradwerkstatt", "Georg Lehmann", date(2027, 1, 15))]
    answered = questions.get_question(meeting.ctx, asked.id)
    assert (answered.answer, answered.answered_by) == ("VHS, dienstags", "Renate Köhler")


# -- waiting speakers, speaking time, the stage ------------------------------------------------


async def test_waiting_speakers_are_offered_to_the_next_item(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        for name in ("Zoltan", "Quentin"):
            await keys(app, pilot, "r")
            await type_text(app, pilot, name)
            await keys(app, pilot, "enter")
        await keys(app, pilot, "n")
        assert isinstance(app.screen, ChoiceDialog)
        assert "2 Wortmeldungen warten noch" in shown(app, "#dialog-message")
        await keys(app, pilot, "j")
        assert shown(app, "#item-title") == "2/7 Vorstellungsrunde"
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["Zoltan", "Quentin"]


async def test_speaking_time_is_set_in_minutes(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "f3")
        field = app.screen.query_one("#speaker-seconds", Input)
        field.focus()
        await type_text(app, pilot, "2:30")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ModeratorScreen)
    assert mod.moderation_settings(meeting.ctx, meeting.id).speaker_seconds == 150


async def test_a_stage_message_is_sent_and_cleared(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "m")
        assert isinstance(app.screen, StageForm)
        await keys(app, pilot, "down", "enter")  # the first preset
        assert mod.stage_message(meeting.ctx, meeting.id).text == "Bitte zum Schluss kommen"
        await keys(app, pilot, "m", "ctrl+l")
    assert mod.stage_message(meeting.ctx, meeting.id) is None


# -- issue 15: the new kinds in a few keys ---------------------------------------------------------


async def test_offer_question_topic_wish_and_a_decision_with_its_show_of_hands(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=MEDIUM) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "e")
        await type_text(app, pilot, "Treffen im Rathaus")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "12 2 1")
        await keys(app, pilot, "enter", "g")
        await type_text(app, pilot, "Begleitung zu Behörden")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "Ehrenamtlich")
        await keys(app, pilot, "enter", "c")
        await type_text(app, pilot, "Wo gibt es Sprachkurse?")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "Zugewandert")
        await keys(app, pilot, "enter", "k")
        await type_text(app, pilot, "Wohnen")
        await keys(app, pilot, "tab", "tab")
        await type_text(app, pilot, "9")
        await keys(app, pilot, "enter")
        assert [r[0] for r in rows(app, "#captures")] == ["Beschluss", "Angebot", "Frage", "Themenwunsch"]
        assert "ja 12 · nein 2 · Enthaltung 1" in rows(app, "#captures")[0][1]
        assert "9 Hände" in rows(app, "#captures")[3][1]
        table = app.screen.query_one("#captures", DataTable)
        table.focus()
        await keys(app, pilot, "z")  # the decision's show of hands again
        await type_text(app, pilot, "13 1 1")
        await keys(app, pilot, "enter")
        await keys(app, pilot, "down", "down", "down", "z")  # the topic wish's hands, counted later
        await type_text(app, pilot, "11")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ModeratorScreen)
        assert "ja 13 · nein 1 · Enthaltung 1" in rows(app, "#captures")[0][1]
        assert "11 Hände" in rows(app, "#captures")[3][1]
    kinds = [(c.kind, c.group, c.votes, c.hands) for c in mod.captures_of(meeting.ctx, meeting.id)]
    assert kinds == [
        ("decision", "", {"yes": 13, "no": 1, "abstain": 1}, None),
        ("offer", "Ehrenamtlich", None, None),
        ("question", "Zugewandert", None, None),
        ("topic_wish", "", None, 11),
    ]


async def test_a_mistyped_show_of_hands_keeps_the_form_open_with_what_was_typed(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "e")
        await type_text(app, pilot, "Sommerfest im Hof")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "viele")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, CaptureForm)  # not closed: the decision would be lost with its text
        assert "nicht verstanden" in shown(app, "#form-error")
        assert app.screen.query_one("#capture-text", Input).value == "Sommerfest im Hof"
        assert mod.captures_of(meeting.ctx, meeting.id) == []
        await keys(app, pilot, *["backspace"] * 5)
        await type_text(app, pilot, "8 0 2")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ModeratorScreen)
        table = app.screen.query_one("#captures", DataTable)
        table.focus()
        await keys(app, pilot, "z")
        await type_text(app, pilot, "alle")
        await keys(app, pilot, "enter")
        assert "nicht verstanden" in shown(app, "#form-error")  # the count form stays open too
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, ModeratorScreen)
    assert [(c.text, c.votes) for c in mod.captures_of(meeting.ctx, meeting.id)] == [
        ("Sommerfest im Hof", {"yes": 8, "no": 0, "abstain": 2})
    ]


# -- the agenda editor -----------------------------------------------------------------------------


async def test_the_agenda_editor_refuses_an_item_of_zero_minutes(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=SMALL) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "f2")
        assert isinstance(app.screen, AgendaEditorScreen)
        await keys(app, pilot, "a")
        assert isinstance(app.screen, AgendaItemForm)
        await type_text(app, pilot, "Kurz")
        app.screen.query_one("#item-minutes", Input).value = "0"
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, AgendaItemForm)
        assert "0 Minuten" in shown(app, "#form-error")
