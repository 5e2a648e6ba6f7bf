"""The moderator's screen with a fake clock: keys a moderator presses, what the screen and the store show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import keys, settle, shown
from textual.widgets import DataTable, Input, OptionList

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.models import Person
from integra_tui.records import timer_events
from integra_tui.services import agenda as agenda_service
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.meetings import add_meeting, get_meeting
from integra_tui.services.people import resolve_person
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.capture_forms import CaptureForm, DeferDialog, ReviewDialog, SpeakerForm, TakeTimeDialog
from integra_tui.ui.screens.moderator import KeyFooter, ModeratorScreen
from integra_tui.ui.widgets.confirm import ConfirmDialog

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 27)  # a Friday; the demo meeting starts at 17:00 and has 115 of 120 minutes planned
BEFORE_START = datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN)
NARROW, WIDE = (80, 24), (160, 48)


class Meeting:
    """The demo meeting in a fresh store, a fake clock, and the moderator's app on it."""

    def __init__(self, tmp_path: Path, start: datetime = BEFORE_START) -> None:
        self.clock = FakeClock(start)
        self.ctx = open_context(tmp_path / "store.json", clock=self.clock)
        self.meeting, _report = ensure_demo(self.ctx)
        self.id = self.meeting.id

    def app(self):
        return make_app(self.ctx, screen="moderator", meeting_id=self.id)

    def items(self) -> list[dict]:
        return agenda_service.agenda_docs(self.ctx, self.id)

    def state(self):
        return mod.agenda_state(self.ctx, self.id)

    def events(self) -> list[dict]:
        return sorted(self.ctx.store.find(timer_events.TABLE, "meeting_id", self.id), key=lambda d: d["id"])

    def check_in(self, name: str) -> Person:
        """Check in one of the demo invitees, the way the door would."""
        person = resolve_person(self.ctx, name)
        self.ctx.store.insert(
            "checkins", {"meeting_id": self.id, "person_id": person.id, "at": self.ctx.now_iso(), "method": "scan"}
        )
        return person


@pytest.fixture()
def meeting(tmp_path: Path) -> Meeting:
    return Meeting(tmp_path)


async def type_text(app, pilot, text: str) -> None:
    await pilot.press(*text)
    await settle(app, pilot)


async def later(app, pilot, meeting: Meeting, **delta: float) -> None:
    """Let time pass on the fake clock; the screen's once-a-second tick shows it."""
    meeting.clock.advance(**delta)
    app.screen.tick()
    await pilot.pause()


def rows(app, selector: str) -> list[list[str]]:
    table = app.screen.query_one(selector, DataTable)
    return [[" ".join(str(cell).split()) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def footer_keys(app) -> set[str]:
    return {key.key for key in app.screen.query_one(KeyFooter).query("FooterKey")}


async def open_moderator(app, pilot) -> None:
    await settle(app, pilot)
    assert isinstance(app.screen, ModeratorScreen)


# -- the agenda against the clock --------------------------------------------------------------


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_start_pause_resume_counts_down_from_stored_events(meeting: Meeting, size) -> None:
    app = meeting.app()
    async with app.run_test(size=size) as pilot:
        await open_moderator(app, pilot)
        assert shown(app, "#item-title") == "Als Nächstes: Begrüßung"
        assert shown(app, "#countdown") == "10:00"
        await keys(app, pilot, "space")
        assert shown(app, "#item-title") == "1/7 Begrüßung"
        await later(app, pilot, meeting, minutes=3)
        assert shown(app, "#countdown") == "07:00"
        assert shown(app, "#item-status") == "läuft · 03:00 von 10:00"
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=5)
        assert shown(app, "#countdown") == "07:00"  # paused: the clock stands
        assert app.screen.query_one("#countdown").has_class("-paused")
        assert shown(app, "#item-status").startswith("pausiert")
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=1)
        assert shown(app, "#countdown") == "06:00"
    assert [e["kind"] for e in meeting.events()] == ["meeting_start", "item_start", "item_pause", "item_resume"]
    assert meeting.events()[2]["at"] == "2026-11-27T17:01:00+01:00"


async def test_next_previous_extend_and_skip(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=WIDE) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "plus", "asterisk")
        assert "(+6 Min)" in shown(app, "#item-status")
        assert shown(app, "#countdown") == "16:00"
        assert shown(app, "#buffer") == "Puffer 4 Min"  # +1 from the demo's 5 minutes of buffer; +5 did not fit
        await keys(app, pilot, "n")
        assert shown(app, "#item-title") == "2/7 Vorstellungsrunde"
        await keys(app, pilot, "p")
        assert shown(app, "#item-title") == "1/7 Begrüßung"
        await keys(app, pilot, "s")  # the running item: asks first
        assert isinstance(app.screen, ConfirmDialog)
        await keys(app, pilot, "escape")  # changed their mind: nothing happened
        assert shown(app, "#item-title") == "1/7 Begrüßung"
        await keys(app, pilot, "s", "j")  # skips the running item; the next one starts
        assert shown(app, "#item-title") == "2/7 Vorstellungsrunde"
        assert rows(app, "#agenda")[0][0] == "–"
    choices = [(d["choice"], d["minutes"]) for d in mod.overrun_decisions(meeting.ctx, meeting.id)]
    assert choices == [("buffer", 1), ("extend", 5)]


async def test_skip_acts_on_the_highlighted_item(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "down", "down", "s")
        assert shown(app, "#item-title") == "1/7 Begrüßung"  # the running item goes on
        assert [r[0] for r in rows(app, "#agenda")][:3] == ["▶", "", "–"]


async def test_enter_starts_the_highlighted_item(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "down", "down", "enter")
        assert shown(app, "#item-title") == "3/7 Vortrag: Integration in den Arbeitsmarkt"
        assert "Claudia Neumann" in shown(app, "#item-meta")


async def test_defer_without_next_meeting_offers_a_quarter_later(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "v")
        assert isinstance(app.screen, ConfirmDialog)  # the running item: asks first
        await keys(app, pilot, "j")
        assert isinstance(app.screen, DeferDialog)
        assert "26.02.2027" in shown(app, "#dialog-message")
        await keys(app, pilot, "j")
        assert isinstance(app.screen, ModeratorScreen)
        assert shown(app, "#item-title") == "2/7 Vorstellungsrunde"
        assert rows(app, "#agenda")[0][0] == "→"
    later_meeting = mod.deferral_target(meeting.ctx, meeting.id)
    assert later_meeting.date == date(2027, 2, 26) and later_meeting.start_time == time(17, 0)
    carried = agenda_service.agenda_docs(meeting.ctx, later_meeting.id)
    assert [(d["title"], d["carried_over_from"]) for d in carried] == [("Begrüßung", meeting.id)]


async def test_defer_onto_the_deferred_list_and_to_an_existing_next_meeting(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "v", "j", "l")  # confirmed; no next meeting: keep it on the deferred list
        assert mod.deferral_target(meeting.ctx, meeting.id) is None
        next_one = add_meeting(meeting.ctx, "Runder Tisch", date(2027, 1, 22), time(17, 0))
        # Creating the next meeting picks up the item waiting on the deferred list.
        assert [d["title"] for d in agenda_service.agenda_docs(meeting.ctx, next_one.id)] == ["Begrüßung"]
        app.screen.reload()
        await settle(app, pilot)
        await keys(app, pilot, "v", "j")  # now there is one: straight there after the confirmation
        assert isinstance(app.screen, ModeratorScreen)
    assert [d["title"] for d in agenda_service.agenda_docs(meeting.ctx, next_one.id)] == [
        "Begrüßung",
        "Vorstellungsrunde",
    ]
    mod.prepare_meeting(meeting.ctx, next_one.id)  # opening it adds nothing twice
    assert [d["title"] for d in agenda_service.agenda_docs(meeting.ctx, next_one.id)] == [
        "Begrüßung",
        "Vorstellungsrunde",
    ]


# -- overrun --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_overrun_counts_up_in_red_with_the_three_choices(meeting: Meeting, size) -> None:
    app = meeting.app()
    async with app.run_test(size=size) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        assert not {"x", "t", "d"} & footer_keys(app)
        await later(app, pilot, meeting, minutes=8, seconds=30)
        assert app.screen.query_one("#countdown").has_class("-warning")  # 2 minutes left at most
        await later(app, pilot, meeting, minutes=4, seconds=42)
        assert shown(app, "#countdown") == "+03:12"
        assert app.screen.query_one("#countdown").has_class("-overrun")
        assert app.screen.query_one("#overrun-hint").display
        assert {"x", "t", "d"} <= footer_keys(app)
        assert shown(app, "#item-status") == "überzogen · 13:12 von 10:00"
        # Every key of the footer fits on the screen.
        for key in app.screen.query_one(KeyFooter).query("FooterKey"):
            assert key.region.right <= size[0] and key.region.bottom <= size[1]


async def test_overrun_extend_takes_the_buffer_then_lengthens_the_meeting(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=12)
        await keys(app, pilot, "x")
        assert shown(app, "#countdown") == "03:00"
        assert not app.screen.query_one("#countdown").has_class("-overrun")
        await later(app, pilot, meeting, minutes=4)
        await keys(app, pilot, "x")
    assert [(d["choice"], d["minutes"]) for d in mod.overrun_decisions(meeting.ctx, meeting.id)] == [
        ("buffer", 5),
        ("extend", 5),
    ]


async def test_overrun_take_time_from_a_later_item(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=11)
        await keys(app, pilot, "t")  # from the next item that has five minutes
        assert shown(app, "#countdown") == "04:00"
        assert rows(app, "#agenda")[1][1] == "15 − 5"  # Vorstellungsrunde: the plan and the change
        await later(app, pilot, meeting, minutes=5)
        await keys(app, pilot, "T")
        assert isinstance(app.screen, TakeTimeDialog)
        await keys(app, pilot, "down", "down", "down", "enter")  # the break
        assert isinstance(app.screen, ModeratorScreen)
        assert rows(app, "#agenda")[4][1] == "10 − 5"
    titles = {d["id"]: d["title"] for d in meeting.items()}
    taken = [(d["choice"], titles[d["from_item_id"]]) for d in mod.overrun_decisions(meeting.ctx, meeting.id)]
    assert taken == [("take_from", "Vorstellungsrunde"), ("take_from", "Pause")]


async def test_overrun_defer_rest_is_recorded_for_the_minutes(meeting: Meeting) -> None:
    next_one = add_meeting(meeting.ctx, "Runder Tisch", date(2027, 1, 22), time(17, 0))
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=10, seconds=1)
        await keys(app, pilot, "d")
        assert isinstance(app.screen, ConfirmDialog)
        await keys(app, pilot, "j")
        assert shown(app, "#item-title") == "2/7 Vorstellungsrunde"
    assert [d["choice"] for d in mod.overrun_decisions(meeting.ctx, meeting.id)] == ["defer"]
    assert [d["title"] for d in agenda_service.agenda_docs(meeting.ctx, next_one.id)] == ["Begrüßung"]


async def test_projected_end_is_red_once_it_passes_the_planned_end(tmp_path: Path) -> None:
    meeting = Meeting(tmp_path, start=datetime(2026, 11, 27, 17, 3, tzinfo=BERLIN))
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        assert shown(app, "#projected") == "Ende ca. 18:58 (geplant 19:00)"  # 17:03 + 115 minutes
        assert not app.screen.query_one("#projected").has_class("-late")
        await keys(app, pilot, "space")
        await later(app, pilot, meeting, minutes=15)  # five minutes over
        # 17:18 plus the 105 planned minutes still to come (the overrun item has nothing left).
        assert shown(app, "#projected") == "Ende ca. 19:03 (geplant 19:00)"
        assert app.screen.query_one("#projected").has_class("-late")
        assert shown(app, "#so-far") == "Plan 10:00 · Ist 15:00"


# -- the speakers' list ------------------------------------------------------------------------


async def test_speakers_list_with_first_time_priority_and_balance(meeting: Meeting) -> None:
    meeting.check_in("Ömer Şengül")  # Kommune
    meeting.check_in("Gisela Hartmann")  # Ehrenamtlich
    meeting.check_in("Анна Смирнова")  # Zugewandert
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "r")
        assert isinstance(app.screen, SpeakerForm)
        await type_text(app, pilot, "seng")
        assert app.screen.query_one("#speaker-matches", OptionList).option_count == 1
        await keys(app, pilot, "down", "enter")  # picked from those checked in
        await keys(app, pilot, "w")
        assert shown(app, "#current-speaker").startswith("▶ Ömer Şengül (Kommune)")
        await later(app, pilot, meeting, seconds=90)
        await keys(app, pilot, "r")
        await type_text(app, pilot, "ömer şengül")  # typed again: the same person, who has spoken
        await keys(app, pilot, "enter")
        await keys(app, pilot, "r")
        await type_text(app, pilot, "Gast")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "ehren")
        await keys(app, pilot, "enter")
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["Ömer Şengül ↺", "Gast"]
        await keys(app, pilot, "f")  # first-time priority on
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["Gast", "Ömer Şengül ↺"]
        assert "Erstredner zuerst" in app.screen.query_one("#speakers-pane").border_title
        balance = shown(app, "#balance")
        assert "● Kommune" in balance and "01:30" in balance
        assert "○ Zugewandert" in balance and "○ Ehrenamtlich" in balance
        await keys(app, pilot, "w")
        assert shown(app, "#current-speaker").startswith("▶ Gast (Ehrenamtlich)")
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["Ömer Şengül ↺"]


async def test_a_point_of_order_goes_ahead_of_everyone_waiting(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=WIDE) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        for name in ("Anna", "Bert"):
            await keys(app, pilot, "r")
            await type_text(app, pilot, name)
            await keys(app, pilot, "enter")
        await keys(app, pilot, "r")
        await type_text(app, pilot, "Cem")
        await keys(app, pilot, "ctrl+g", "enter")  # zur Geschäftsordnung
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["§ Cem", "Anna", "Bert"]
        await keys(app, pilot, "w")
        assert shown(app, "#current-speaker").startswith("▶ Cem")


async def test_speaker_queue_remove_and_move_up(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=WIDE) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        for name in ("Anna", "Bert", "Cem"):
            await keys(app, pilot, "r")
            await type_text(app, pilot, name)
            await keys(app, pilot, "enter")
        queue = app.screen.query_one("#speaker-queue", DataTable)
        queue.focus()
        await keys(app, pilot, "down", "down", "h")
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["Anna", "Cem", "Bert"]
        await keys(app, pilot, "delete")
        assert [r[1] for r in rows(app, "#speaker-queue")] == ["Anna", "Bert"]


async def test_speaker_time_limit_has_its_own_countdown(meeting: Meeting) -> None:
    mod.update_settings(meeting.ctx, meeting.id, speaker_seconds=120)
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "r")
        await type_text(app, pilot, "Anna")
        await keys(app, pilot, "enter", "w")
        await later(app, pilot, meeting, seconds=100)
        assert shown(app, "#current-speaker") == "▶ Anna 00:20"
        assert app.screen.query_one("#current-speaker").has_class("-warning")
        await later(app, pilot, meeting, seconds=30)
        assert shown(app, "#current-speaker") == "▶ Anna +00:10"
        assert app.screen.query_one("#current-speaker").has_class("-overrun")


# -- capturing what is agreed --------------------------------------------------------------


async def capture_action(app, pilot, text: str, owner: str, due: str) -> None:
    await keys(app, pilot, "a")
    assert isinstance(app.screen, CaptureForm)
    await type_text(app, pilot, text)
    await keys(app, pilot, "tab")
    await type_text(app, pilot, owner)
    await keys(app, pilot, "tab")
    await type_text(app, pilot, due)
    await keys(app, pilot, "enter")


DUE_PHRASES = [
    ("15.1.", date(2027, 1, 15)),
    ("15.01.2027", date(2027, 1, 15)),
    ("in 2 Wochen", date(2026, 12, 11)),
    ("nächstes Treffen", date(2027, 2, 19)),
    ("2027-03-01", date(2027, 3, 1)),
    ("", None),
]


async def test_action_items_with_german_due_dates(meeting: Meeting) -> None:
    add_meeting(meeting.ctx, "Runder Tisch", date(2027, 2, 19), time(17, 0))
    app = meeting.app()
    async with app.run_test(size=WIDE) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        for number, (typed, _due) in enumerate(DUE_PHRASES, start=1):
            await capture_action(app, pilot, f"A{number}", "Jo" if number == 1 else "", typed)
            assert isinstance(app.screen, ModeratorScreen), typed  # saved and closed; the meeting goes on
        # "Jo" is the one invitee it matches: saved as suggested, the due date with its weekday.
        assert rows(app, "#captures")[0] == ["Aufgabe", "A1 · Jonas Becker · bis Fr, 15.01.2027"]
    captures = mod.captures_of(meeting.ctx, meeting.id)
    assert [(c.text, c.due) for c in captures] == [
        (f"A{n}", due) for n, (_typed, due) in enumerate(DUE_PHRASES, start=1)
    ]
    assert {(c.kind, c.agenda_item_id) for c in captures} == {("action", meeting.items()[0]["id"])}
    assert captures[0].owner == "Jonas Becker"


async def test_unclear_due_date_is_asked_about_with_dates_to_pick(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        await capture_action(app, pilot, "Flyer", "", "nächste Woche")
        assert isinstance(app.screen, CaptureForm)  # not saved, not guessed
        assert "Welcher Tag der nächsten Woche?" in shown(app, "#due-question")
        candidates = app.screen.query_one("#due-candidates", OptionList)
        assert [str(candidates.get_option_at_index(i).prompt) for i in range(candidates.option_count)] == [
            "Mo, 30.11.2026",
            "Fr, 04.12.2026",
        ]
        assert mod.captures_of(meeting.ctx, meeting.id) == []
        await keys(app, pilot, "down", "enter")
        assert isinstance(app.screen, ModeratorScreen)
    assert [c.due for c in mod.captures_of(meeting.ctx, meeting.id)] == [date(2026, 12, 4)]


async def test_next_meeting_phrase_without_a_next_meeting_keeps_the_form_open(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await capture_action(app, pilot, "Flyer", "", "nächstes Treffen")
        assert isinstance(app.screen, CaptureForm)
        assert "noch nicht festgelegt" in shown(app, "#due-question")
        due = app.screen.query_one("#capture-due", Input)
        assert app.screen.focused is due
        due.value = ""
        await type_text(app, pilot, "31.12.")
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ModeratorScreen)
    assert [c.due for c in mod.captures_of(meeting.ctx, meeting.id)] == [date(2026, 12, 31)]


async def test_who_completes_from_attendees(meeting: Meeting) -> None:
    meeting.check_in("Ömer Şengül")
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "a")
        await type_text(app, pilot, "Dolmetscher")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "omer")
        await keys(app, pilot, "right")  # accept the completion
        assert app.screen.query_one("#capture-owner", Input).value == "Ömer Şengül"
        await keys(app, pilot, "enter")
    assert [c.owner for c in mod.captures_of(meeting.ctx, meeting.id)] == ["Ömer Şengül"]


async def test_decision_need_and_note_then_edit_and_remove(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=WIDE) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "e")
        await type_text(app, pilot, "Im Rathaus")
        await keys(app, pilot, "enter", "b")
        await type_text(app, pilot, "Kita")
        await keys(app, pilot, "tab")
        await type_text(app, pilot, "zug")
        await keys(app, pilot, "right", "enter", "o")
        await type_text(app, pilot, "Presse")
        await keys(app, pilot, "enter")
        assert [r[0] for r in rows(app, "#captures")] == ["Beschluss", "Bedarf", "Notiz"]
        assert rows(app, "#captures")[1][1] == "Kita · Zugewandert"
        captures = app.screen.query_one("#captures", DataTable)
        captures.focus()
        await keys(app, pilot, "enter")  # edit the decision
        assert isinstance(app.screen, CaptureForm)
        text = app.screen.query_one("#capture-text", Input)
        assert text.value == "Im Rathaus"
        text.value = "In der Stadtbücherei"
        await keys(app, pilot, "enter")
        await keys(app, pilot, "down", "down", "delete", "j")  # remove the note
        assert [r[1] for r in rows(app, "#captures")] == ["In der Stadtbücherei", "Kita · Zugewandert"]
    stored = mod.captures_of(meeting.ctx, meeting.id, include_removed=True)
    assert [(c.kind, c.group, bool(c.removed_at)) for c in stored] == [
        ("decision", "", False),
        ("need", "Zugewandert", False),
        ("note", "", True),
    ]


async def test_escape_closes_a_form_without_saving(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "o")
        await type_text(app, pilot, "Test")
        await keys(app, pilot, "escape")
        assert isinstance(app.screen, ModeratorScreen)
    assert mod.captures_of(meeting.ctx, meeting.id) == []


async def test_open_action_items_are_reviewed_in_the_first_item(tmp_path: Path) -> None:
    meeting = Meeting(tmp_path)
    earlier = add_meeting(meeting.ctx, "Runder Tisch", date(2026, 9, 4), time(17, 0))
    flyer = mod.add_capture(meeting.ctx, earlier.id, "action", "Flyer drucken", owner="Gisela", due=date(2026, 10, 1))
    mod.add_capture(meeting.ctx, earlier.id, "action", "Raum anfragen", owner="Jürgen")
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        assert rows(app, "#agenda")[0][3] == "Offene Punkte"
        await keys(app, pilot, "space")
        assert shown(app, "#item-title") == "1/8 Offene Punkte"
        assert app.screen.query_one("#open-items").display
        assert rows(app, "#open-items") == [
            ["Aufgaben", "", "", ""],
            ["Flyer drucken", "Gisela", "01.10.2026", "offen"],  # the task first
            ["Raum anfragen", "Jürgen", "", "offen"],
        ]
        app.screen.query_one("#open-items", DataTable).focus()
        await keys(app, pilot, "enter")
        assert isinstance(app.screen, ReviewDialog)
        assert shown(app, "#dialog-message").startswith("Flyer drucken")
        await keys(app, pilot, "e")
        assert rows(app, "#open-items")[1][3] == "erledigt ✓"
    reviewed = mod.get_capture(meeting.ctx, flyer.id)
    assert reviewed.status == "done"
    assert reviewed.history == [
        {"at": "2026-11-27T16:58:00+01:00", "status": "done", "comment": "", "meeting_id": meeting.id}
    ]


# -- layout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [NARROW, WIDE])
async def test_every_part_is_on_screen(meeting: Meeting, size) -> None:
    app = meeting.app()
    async with app.run_test(size=size) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space")
        width, height = size
        for selector in (
            "#meeting-bar",
            "#countdown",
            "#item-status",
            "#agenda",
            "#speaker-queue",
            "#balance",
            "#captures",
        ):
            region = app.screen.query_one(selector).region
            assert region.width > 0 and region.height > 0, selector
            assert region.right <= width and region.bottom <= height, selector
        agenda = app.screen.query_one("#agenda", DataTable)
        assert agenda.region.height >= (5 if size == NARROW else 20)
        assert agenda.virtual_size.width <= agenda.scrollable_content_region.width  # no sideways scrolling
        labels = {key.description for key in app.screen.query_one(KeyFooter).query("FooterKey")}
        assert {
            "Start/Pause",
            "Weiter",
            "Aufgabe",
            "Beschluss",
            "Bedarf",
            "Notiz",
            "Redner",
            "Nächste/r",
            "Auslassen",
            "Verschieben",
        } <= labels
        for key in app.screen.query_one(KeyFooter).query("FooterKey"):
            assert key.region.right <= width and key.region.bottom <= height, key.description


async def test_opened_from_home_and_escape_goes_back(meeting: Meeting) -> None:
    app = make_app(meeting.ctx)
    async with app.run_test(size=NARROW) as pilot:
        await settle(app, pilot)
        await keys(app, pilot, "m")
        assert isinstance(app.screen, ModeratorScreen)
        assert app.screen.meeting_id == meeting.id
        await keys(app, pilot, "escape")
        assert not isinstance(app.screen, ModeratorScreen)


async def test_another_process_changes_show_up(meeting: Meeting, tmp_path: Path) -> None:
    other = open_context(tmp_path / "store.json", clock=FakeClock(BEFORE_START + timedelta(minutes=2)))
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        mod.next_item(other, meeting.id)
        mod.add_capture(other, meeting.id, "note", "vom zweiten Laptop", agenda_item_id=meeting.items()[0]["id"])
        app.check_store()
        await settle(app, pilot)
        assert shown(app, "#item-title") == "1/7 Begrüßung"
        assert rows(app, "#captures")[0][1] == "vom zweiten Laptop"


async def test_end_meeting_asks_first_then_stops_the_clock(meeting: Meeting) -> None:
    app = meeting.app()
    async with app.run_test(size=NARROW) as pilot:
        await open_moderator(app, pilot)
        await keys(app, pilot, "space", "ctrl+e", "escape")  # changed their mind
        assert shown(app, "#item-title") == "1/7 Begrüßung"
        await later(app, pilot, meeting, minutes=4)
        await keys(app, pilot, "ctrl+e", "j")
        assert shown(app, "#item-title") == "Das Treffen ist beendet."
        await later(app, pilot, meeting, minutes=30)
        assert shown(app, "#countdown") == "04:00"  # the time spent on items; the clock stands
    assert get_meeting(meeting.ctx, meeting.id).status == "closed"
