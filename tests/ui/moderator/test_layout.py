"""The moderator's panes as the moderator reads them at 120x36 and 80x24: whole agenda titles, captures with who
and until when, the open-items review with its text first and the last comment, the countdown always in sight."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import press, screen_text, settle, until
from textual.widgets import DataTable

from integra_tui.domain.clock import FakeClock
from integra_tui.services import followup
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.services.meetings import add_meeting
from integra_tui.ui.app import make_app

BERLIN = ZoneInfo("Europe/Berlin")
SIZES = [(120, 36), (80, 24)]
TASK = "Kita-Plätze für Kursteilnehmende beim Jugendamt anfragen und die Antwort in die Runde geben"
OWNER = "Georg Lehmann (Jugendamt)"
COMMENT = "Anfrage läuft seit Oktober"


@pytest.fixture()
def demo(tmp_path: Path):
    clock = FakeClock(datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN))
    ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(ctx)
    yield ctx, clock, meeting
    ctx.close()


def pane_text(app, selector: str) -> str:
    """What the terminal shows inside the widget at ``selector`` (its region of the screen)."""
    region = app.screen.query_one(selector).region
    lines = screen_text(app).splitlines()[region.y : region.bottom]
    return "\n".join(line[region.x : region.right] for line in lines)


def words_shown(text: str, shown: str) -> bool:
    return all(word in shown for word in text.split())


def in_sight(app, selector: str) -> bool:
    region = app.screen.query_one(selector).region
    return region.width > 0 and region.height > 0 and app.screen.region.contains_region(region)


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
async def test_the_open_items_review_shows_the_task_whole_who_due_and_the_last_comment(demo, size) -> None:
    ctx, _clock, meeting = demo
    earlier = add_meeting(ctx, "Runder Tisch", date(2026, 9, 4), time(17, 0))
    task = mod.add_capture(ctx, earlier.id, "action", TASK, owner=OWNER, due=date(2026, 10, 14))
    followup.set_status(ctx, task.id, "open", COMMENT)
    mod.add_capture(ctx, earlier.id, "action", "Raum buchen", owner="Gisela Hartmann")
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space")  # "Offene Punkte" runs
        table = app.screen.query_one("#open-items", DataTable)
        await until(pilot, lambda: table.row_count == 3)
        cells = [str(cell) for cell in table.get_row(str(task.id))]
        assert cells[:4] == [TASK, OWNER, "14.10.2026", "offen"]  # each cell as typed; its column may cut it
        # The task first and whole, wrapped onto lines of its column (once the review's layout is in place).
        await until(pilot, lambda: words_shown(TASK, pane_text(app, "#open-items")))
        shown = pane_text(app, "#open-items")
        assert "14.10.2026" in shown and "Georg Lehmann" in shown and "Raum buchen" in shown
        if size[0] >= 120:  # every entry's last comment in a column of its own
            assert cells[4] == COMMENT and words_shown(COMMENT, shown), shown
        detail = " ".join(pane_text(app, "#open-detail").split())  # the highlighted entry in full, under the table
        assert f"wer: {OWNER}" in detail and "fällig Mi, 14.10.2026" in detail and f"zuletzt: {COMMENT}" in detail
        for selector in ("#countdown", "#item-title", "#open-detail"):
            assert in_sight(app, selector), selector


@pytest.mark.parametrize("size", [(120, 36), (160, 48)], ids=["120x36", "160x48"])
async def test_from_120_columns_the_agenda_titles_are_whole(demo, size) -> None:
    ctx, _clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space")
        await until(pilot, lambda: "Vortrag: Integration in den Arbeitsmarkt" in pane_text(app, "#agenda"))
        shown = pane_text(app, "#agenda")
        for title in ("Absprachen und nächster Termin", "Austausch im Ehrenamt", "Vorstellungsrunde"):
            assert title in shown, shown
        assert in_sight(app, "#speakers-pane") and in_sight(app, "#captures-pane")


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
async def test_captures_show_who_and_until_when_and_the_last_ones_stay_in_sight(demo, size) -> None:
    ctx, _clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space", "a", *"Flyer für das Sommerfest drucken und in allen Einrichtungen verteilen")
        await press(app, pilot, "tab", *"Sabine Kröger", "tab", *"15.1.", "enter")
        await until(pilot, lambda: "Sabine Kröger" in pane_text(app, "#captures"))
        shown = " ".join(pane_text(app, "#captures").split())
        assert "· Sabine Kröger · bis Fr, 15.01.2027" in shown, shown  # on a line of their own
        for number in range(1, 6):
            await press(app, pilot, "o", *f"Notiz Nummer {number}", "enter")
        await until(pilot, lambda: "Notiz Nummer 5" in pane_text(app, "#captures"))  # the newest, in sight
        assert "1/7 Begrüßung" in pane_text(app, "#item-title")
        for selector in ("#countdown", "#item-title", "#captures"):
            assert in_sight(app, selector), selector


async def test_a_tab_in_a_burst_of_keys_moves_to_the_owner_before_the_next_keys(demo) -> None:
    """A terminal hands a fast typist's keys over in one burst: the Tab moves on before "Sab" is typed, so the owner
    is not appended to the task (the keys are posted as the driver posts them, none waits for the one before)."""
    from textual import events

    from integra_tui.ui.screens.capture_forms import CaptureForm

    ctx, _clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space", "a")
        assert isinstance(app.screen, CaptureForm)
        for key in [*"Flyer", "tab", *"Sab"]:
            app.post_message(events.Key(key, "\t" if key == "tab" else key))
        await until(pilot, lambda: app.screen.query_one("#capture-owner").value == "Sab")
        assert app.screen.query_one("#capture-text").value == "Flyer"


FIELDS = {
    "a": [("#capture-text", "Raum buchen"), ("#capture-owner", "محمد ሰላም"), ("#capture-due", "15.1.")],
    "e": [("#capture-text", "Ja zum Sommerfest"), ("#capture-votes", "12 2 1")],
    "b": [("#capture-text", "Dolmetscher"), ("#capture-group", "Zugewandert")],
    "c": [("#capture-text", "Wo ist der Kurs?"), ("#capture-group", "Ehrenamtlich")],
}


@pytest.mark.parametrize("key", list(FIELDS), ids=["action", "decision", "need", "question"])
async def test_at_80x24_every_field_of_a_capture_form_shows_what_is_typed_on_a_line_of_its_own(demo, key) -> None:
    """Each field marked by its bar and the text typed in it, the form across the whole width below the countdown:
    no border of the panes under it frames its lines (they looked like empty boxes), the countdown stays in sight."""
    from integra_tui.ui.screens.capture_forms import CaptureForm

    ctx, _clock, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await press(app, pilot, "space", key)
        assert isinstance(app.screen, CaptureForm)
        for index, (selector, text) in enumerate(FIELDS[key]):
            if index:
                await press(app, pilot, "tab")
            await press(app, pilot, *text)
            field = app.screen.query_one(selector)
            line = screen_text(app).splitlines()[field.region.y]
            assert line.startswith(" ▌" + text), (selector, line)
        frame = app.screen.query_one("Vertical").region
        lines = screen_text(app).splitlines()
        assert frame.width == 80 and frame.bottom == 24
        assert not any(line[:1] in "│╭╰" for line in lines[frame.y : frame.bottom]), "\n".join(lines)
        countdown = app.screen_stack[-2].query_one("#countdown").region
        assert countdown.bottom <= frame.y  # the time left stays in sight above the form
