"""The second screen: what a projector shows while another instance moderates the same store."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from support.pilot import shown
from textual.widgets import Static

from integra_tui.domain.clock import FakeClock
from integra_tui.services import moderation as mod
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.display import DisplayScreen

BERLIN = ZoneInfo("Europe/Berlin")
T0 = datetime(2026, 11, 27, 16, 58, tzinfo=BERLIN)


@pytest.fixture()
def stores(tmp_path: Path):
    """The display's context and the moderator's context (another instance) on one store, same fake time."""
    clock = FakeClock(T0)
    display_ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(display_ctx)
    moderator_ctx = open_context(tmp_path / "store.json", clock=clock)
    return display_ctx, moderator_ctx, meeting.id, clock


async def follow(app, pilot) -> None:
    """What the app's once-a-second poll does: notice the other instance's writes and redraw."""
    app.check_store()
    deadline = time.monotonic() + 60  # a guard against hanging, not a timing
    await pilot.pause()
    while any(not worker.is_finished for worker in app.workers):  # the refresh, then the reload it starts
        assert time.monotonic() < deadline, "workers still running"
        await app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 48)])
async def test_display_follows_the_moderator(stores, size) -> None:
    display_ctx, moderator_ctx, meeting_id, clock = stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DisplayScreen)
        assert shown(app, "#display-title") == "Gleich: Begrüßung"
        assert shown(app, "#display-countdown") == "10:00"
        assert shown(app, "#display-next").splitlines()[0] == "ca. 17:10  Vorstellungsrunde · 15 Min"

        mod.next_item(moderator_ctx, meeting_id)
        item = mod.agenda_state(moderator_ctx, meeting_id).current_item_id
        mod.add_speaker(moderator_ctx, meeting_id, item, "Gisela Hartmann")
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Begrüßung"
        assert shown(app, "#display-presenter") == "Vortrag · Katrin Vogel"
        assert shown(app, "#display-speaker") == ""
        assert shown(app, "#display-queue") == "Als Nächstes: Gisela Hartmann (Ehrenamtlich)"
        assert shown(app, "#display-next").splitlines()[0] == "ca. 17:08  Vorstellungsrunde · 15 Min"

        clock.advance(minutes=12)  # no store change: the countdown ticks from the stored events
        app.screen.tick()
        await pilot.pause()
        assert shown(app, "#display-countdown") == "+02:00"
        assert app.screen.query_one("#display-countdown").has_class("-overrun")
        assert app.screen.query_one("#display-countdown").region.right <= size[0]

        mod.next_speaker(moderator_ctx, meeting_id, item)
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Vorstellungsrunde"
        assert shown(app, "#display-speaker") == ""
        assert shown(app, "#display-countdown") == "15:00"
        for selector in ("#display-title", "#display-countdown", "#display-speaker", "#display-next"):
            region = app.screen.query_one(selector).region
            assert region.bottom <= size[1] and region.right <= size[0], selector


async def test_display_has_no_keys_that_change_the_meeting(stores) -> None:
    display_ctx, _moderator_ctx, meeting_id, _clock = stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("space", "n", "a", "v")
        await app.workers.wait_for_complete()
    assert mod.timer_events(display_ctx, meeting_id) == []
    assert mod.captures_of(display_ctx, meeting_id) == []


# -- issue 13 and 15 on the display ------------------------------------------------------------

SIZES = [(120, 36), (80, 24)]


@pytest.fixture()
def network_stores(tmp_path: Path):
    """As ``stores``, with the quarter before (open action items, needs with who takes care of them)."""
    clock = FakeClock(T0)
    display_ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(display_ctx, earlier_quarter=True)
    moderator_ctx = open_context(tmp_path / "store.json", clock=clock)
    mod.prepare_meeting(moderator_ctx, meeting.id)
    return display_ctx, moderator_ctx, meeting.id, clock


def drawn(app, selector: str) -> str:
    """What a widget draws in its place on the terminal (cut where it does not fit)."""
    from textual.geometry import Region

    widget = app.screen.query_one(selector)
    return "\n".join(strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size)))


def inside(app, selector: str, size: tuple[int, int]) -> bool:
    region = app.screen.query_one(selector).region
    return region.height > 0 and region.bottom <= size[1] - 1 and region.right <= size[0]  # above the footer


@pytest.mark.parametrize("size", SIZES)
async def test_the_speakers_countdown_the_next_speakers_and_the_stage_message(stores, size) -> None:
    display_ctx, moderator_ctx, meeting_id, clock = stores
    mod.set_speaking_time(moderator_ctx, meeting_id, "2")
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        assert "27.11.2026" in drawn(app, "#display-bar") and "INTEGRA" in drawn(app, "#display-bar")
        mod.next_item(moderator_ctx, meeting_id)
        item = mod.agenda_state(moderator_ctx, meeting_id).current_item_id
        for name in ("Gisela Hartmann", "Tesfay Haile", "Jürgen Müller", "Hanna Weiß", "Petra Schäfer"):
            mod.add_speaker(moderator_ctx, meeting_id, item, name)
        mod.next_speaker(moderator_ctx, meeting_id, item)
        await follow(app, pilot)
        assert shown(app, "#display-speaker") == "Es spricht: Gisela Hartmann (Ehrenamtlich) · noch 02:00"
        assert shown(app, "#display-queue") == (
            "Als Nächstes: Tesfay Haile (Referent/in), Jürgen Müller (Kommune), Hanna Weiß (Kommune) (+1 weitere)"
        )
        clock.advance(seconds=100)  # the speaker's clock runs at the display's tick, no store change
        app.screen.tick()
        await pilot.pause()
        assert shown(app, "#display-speaker").endswith("noch 00:20")
        assert app.screen.query_one("#display-speaker").has_class("-warning")
        clock.advance(seconds=30)
        app.screen.tick()
        await pilot.pause()
        assert shown(app, "#display-speaker").endswith("Redezeit um +00:10")
        assert app.screen.query_one("#display-speaker").has_class("-overrun")
        assert not app.screen.query_one("#display-stage").display  # no message: no empty band

        mod.send_stage_message(moderator_ctx, meeting_id, "Bitte zum Schluss kommen")
        await follow(app, pilot)
        assert "Bitte zum Schluss kommen" in drawn(app, "#display-stage")
        for selector in ("#display-stage", "#display-title", "#display-countdown", "#display-speaker"):
            assert inside(app, selector, size), selector
        mod.clear_stage_message(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert not app.screen.query_one("#display-stage").display


async def test_the_display_shows_the_open_items_while_they_are_reviewed(network_stores) -> None:
    display_ctx, moderator_ctx, meeting_id, _clock = network_stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await follow(app, pilot)
        assert shown(app, "#display-next-title") == "Danach"
        mod.next_item(moderator_ctx, meeting_id)  # "Offene Punkte" comes first
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Offene Punkte"
        assert shown(app, "#display-next-title") == "Offene Punkte aus früheren Treffen"
        assert "Kita-Plätze für Kursteilnehmende anfragen" in shown(app, "#display-next")
        assert shown(app, "#display-next").splitlines()[0].endswith("– offen")  # the action item, then the needs
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert shown(app, "#display-next-title") == "Danach"


@pytest.mark.parametrize("size", SIZES)
async def test_the_review_on_the_display_has_the_needs_and_questions_in_their_own_part(network_stores, size) -> None:
    """While "Offene Punkte" runs, the table sees the earlier meetings' open needs and open questions below the action
    items, each part under its heading, by group and topic: nobody's name who takes care of a need; what does not fit
    at 80x24 is counted (entries, not headings)."""
    from integra_tui.services import needs, questions

    display_ctx, moderator_ctx, meeting_id, _clock = network_stores
    open_needs = needs.open_needs_for(display_ctx, meeting_id)
    open_questions = questions.open_questions_for(display_ctx, meeting_id)
    assert len(open_needs) == 3 and len(open_questions) == 2
    carers = {need.owner for need in open_needs if need.owner} - {"Georg Lehmann (Jugendamt)"}  # he owns the item
    assert "Sabine Kröger" in carers
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        mod.next_item(moderator_ctx, meeting_id)  # "Offene Punkte"
        await follow(app, pilot)
        await pilot.pause()
        assert inside(app, "#display-next", size)
        text = drawn(app, "#display-next")
        lines = [line.strip() for line in shown(app, "#display-next").splitlines()]
        assert lines[0].startswith("Kita-Plätze für Kursteilnehmende anfragen") and lines[1] == "Bedarfe:"
        for name in carers:
            assert name not in text, name
        entries = [line for line in lines if line not in ("Bedarfe:", "Fragen:") and not line.startswith("… und ")]
        counted = [line for line in lines if line.startswith("… und ")]
        more = int(counted[0].split()[2]) if counted else 0
        assert len(entries) + more == 1 + len(open_needs) + len(open_questions)  # never silently dropped
        if size == (120, 36):
            assert more == 0 and "Fragen:" in lines
            assert "Wie werden ausländische Berufsabschlüsse anerkannt? · Zugewandert – offen" in lines
            assert "Mobilität · Zugewandert · Fahrradwerkstatt für Jugendliche – in Arbeit" in lines
        else:
            assert more > 0 and f"… und {more} weitere" in text


@pytest.mark.parametrize("size", SIZES)
async def test_b_shows_the_needs_board_without_any_name(network_stores, size) -> None:
    display_ctx, _moderator_ctx, meeting_id, _clock = network_stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        assert "b Bedarfe" in app.screen._compositor.render_strips()[-1].text  # the key is in the footer
        await pilot.press("b")
        await pilot.pause()
        assert shown(app, "#display-next-title") == (
            "Bedarfe im Netzwerk: offen, in Arbeit, in den letzten 3 Monaten gedeckt"
        )
        board = shown(app, "#display-next")
        assert "Zugewandert" in board and "offen" in board and "in Arbeit" in board
        names = [person["name"] for person in display_ctx.store.all("persons")]
        assert len(names) >= 40
        for name in names:
            assert name not in board, name
        assert inside(app, "#display-next", size)
        await pilot.press("b")
        await pilot.pause()
        assert shown(app, "#display-next-title") == "Danach"


@pytest.mark.parametrize("size", SIZES)
async def test_the_needs_board_says_how_many_more_there_are_when_they_do_not_fit(network_stores, size) -> None:
    """Eight needs on the board: at 120x36 all are on the screen; at 80x24 those that fit, then "… und N weitere",
    the count right, on the screen above the footer; a stage message takes room, and the count follows."""
    from integra_tui.services import needs
    from integra_tui.services.demo import earlier_demo_meeting

    display_ctx, moderator_ctx, meeting_id, _clock = network_stores
    earlier = earlier_demo_meeting(display_ctx).id
    for text in ("Deutschkurs am Abend", "Hilfe bei Formularen", "Hebamme mit Arabisch", "Platz im Sportverein"):
        needs.add_need(display_ctx, earlier, text, group="Zugewandert", topic="Sonstiges")
    total = len(needs.public_board(display_ctx))
    assert total >= 8
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        await pilot.press("b")
        await pilot.pause()

        def on_screen() -> tuple[int, int]:
            """(needs shown, needs counted as more) as the screen draws the board."""
            lines = [line.strip() for line in drawn(app, "#display-next").splitlines() if line.strip()]
            counted = [line for line in lines if line.startswith("… und ")]
            more = int(counted[0].split()[2]) if counted else 0
            return sum(1 for line in lines if " · " in line), more

        assert inside(app, "#display-next", size)
        shown_needs, more = on_screen()
        assert shown_needs + more == total  # never silently dropped
        if size == (120, 36):
            assert more == 0
        else:
            assert more > 0 and shown_needs >= 2
            assert f"… und {more} weitere" in shown(app, "#display-next")
        mod.send_stage_message(moderator_ctx, meeting_id, "Bitte zum Schluss kommen")
        await follow(app, pilot)
        await pilot.pause()
        assert inside(app, "#display-next", size)
        with_message, more_now = on_screen()
        assert with_message + more_now == total and more_now >= more


@pytest.mark.parametrize("size", SIZES)
async def test_the_demo_needs_board_shows_or_counts_every_need_as_the_meeting_runs(network_stores, size) -> None:
    """The demo's own needs (long lines that wrap at 80 columns): before the meeting, with the item's title in two
    more languages, while someone speaks and with a message to the stage, every need on the board is on the screen
    or counted ("… und N weitere"); the title says which needs the board holds, so the one closed as "nicht möglich"
    is not missed (the coordinator's board and ``needs list`` have it)."""
    from integra_tui.services import needs
    from integra_tui.services.agenda import set_title_translations

    display_ctx, moderator_ctx, meeting_id, _clock = network_stores
    board = needs.public_board(display_ctx)
    every = needs.board(display_ctx)
    assert len(every) == 5 and len(board) == 4  # the demo: one need was not possible
    assert {row.status for row in every} - {need.status for need in board} == {"not_possible"}
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        await pilot.press("b")
        await pilot.pause()

        def on_screen() -> tuple[int, int]:
            lines = [line.strip() for line in drawn(app, "#display-next").splitlines() if line.strip()]
            counted = [line for line in lines if line.startswith("… und ")]
            more = int(counted[0].split()[2]) if counted else 0
            starts = sum(1 for line in lines if line.split(" · ")[0] in {need.topic for need in board})
            return starts, more

        title = drawn(app, "#display-next-title").strip()
        assert "offen, in Arbeit" in title and "gedeckt" in title  # which needs the board holds

        first = mod.agenda_state(moderator_ctx, meeting_id).items[0].item.id
        set_title_translations(moderator_ctx, first, [("Arabisch", "الترحيب"), ("uk", "Привітання")])
        steps = [
            lambda: None,
            lambda: mod.next_item(moderator_ctx, meeting_id),  # "Offene Punkte" comes first
            lambda: mod.next_item(moderator_ctx, meeting_id),  # the welcome, with its translations
            lambda: [
                mod.add_speaker(
                    moderator_ctx, meeting_id, mod.agenda_state(moderator_ctx, meeting_id).current_item_id, n
                )
                for n in ("Gisela Hartmann", "Tesfay Haile", "Jürgen Müller")
            ],
            lambda: mod.next_speaker(
                moderator_ctx, meeting_id, mod.agenda_state(moderator_ctx, meeting_id).current_item_id
            ),
            lambda: mod.send_stage_message(moderator_ctx, meeting_id, "Bitte zum Schluss kommen, wir sind spät dran"),
        ]
        counted_once = False
        for step in steps:
            step()
            await follow(app, pilot)
            await pilot.pause()
            assert inside(app, "#display-next", size)
            shown_needs, more = on_screen()
            assert shown_needs + more == len(board), (shown_needs, more)  # never silently dropped
            counted_once = counted_once or more > 0
        assert counted_once == (size == (80, 24))  # at 120x36 all of them fit, at 80x24 some are counted


async def test_the_items_title_in_further_languages(stores) -> None:
    from integra_tui.services.agenda import set_title_translations

    display_ctx, moderator_ctx, meeting_id, _clock = stores
    first = mod.agenda_state(moderator_ctx, meeting_id).items[0].item.id
    set_title_translations(moderator_ctx, first, [("Arabisch", "الترحيب"), ("uk", "Привітання")])
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Gleich: Begrüßung"
        assert shown(app, "#display-translations").splitlines() == ["الترحيب", "Привітання"]
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Begrüßung"
        assert "Привітання" in drawn(app, "#display-translations")
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert shown(app, "#display-translations") == ""  # none entered for the next item


async def test_an_idle_tick_redraws_nothing(stores) -> None:
    display_ctx, moderator_ctx, meeting_id, clock = stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await follow(app, pilot)
        screen = app.screen
        before = screen.redraws
        screen.tick()
        screen.tick()
        assert screen.redraws == before  # nothing changed: nothing drawn
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        assert screen.redraws > before
        running = screen.redraws
        clock.advance(seconds=1)
        screen.tick()
        # A running item: the countdown and its status line, nothing else.
        assert screen.redraws - running == 2


async def test_a_second_of_a_running_item_lays_nothing_out(stores, monkeypatch) -> None:
    """The ticking countdown and status line take the place of the last second's: no layout of the screen."""
    display_ctx, moderator_ctx, meeting_id, clock = stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(80, 24)) as pilot:
        mod.next_item(moderator_ctx, meeting_id)
        await follow(app, pilot)
        screen = app.screen
        layouts: list[str] = []
        real_refresh = Static.refresh

        def refresh(widget, *args, layout: bool = False, **kwargs):
            if layout:
                layouts.append(widget.id or "")
            return real_refresh(widget, *args, layout=layout, **kwargs)

        monkeypatch.setattr(Static, "refresh", refresh)
        before = shown(app, "#display-status")
        clock.advance(seconds=1)
        screen.tick()
        await pilot.pause()
        assert shown(app, "#display-status") != before  # it ticked ...
        assert layouts == []  # ... in place
        clock.advance(minutes=20)  # into overtime: a longer text, laid out again
        screen.tick()
        await pilot.pause()
        assert shown(app, "#display-status").startswith("überzogen")
        assert "display-status" in layouts


async def test_a_display_on_a_store_without_a_meeting_says_so(tmp_path: Path) -> None:
    ctx = open_context(tmp_path / "empty.json", clock=FakeClock(T0))
    app = make_app(ctx, screen="display")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, DisplayScreen)
        assert shown(app, "#display-title") == "Es gibt noch kein Treffen."
    ctx.close()


@pytest.mark.parametrize("size", SIZES)
async def test_a_quarter_later_a_meeting_never_held_is_not_coming_up(tmp_path: Path, size) -> None:
    clock = FakeClock(T0)
    ctx = open_context(tmp_path / "store.json", clock=clock)
    ensure_demo(ctx)
    clock.set(datetime(2027, 2, 26, 10, 0, tzinfo=BERLIN))
    app = make_app(ctx, screen="display")
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Kein Treffen geplant."
        assert shown(app, "#display-countdown") == "--:--"
        assert (shown(app, "#display-presenter"), shown(app, "#display-next")) == ("", "")
        assert "Ende ca." not in shown(app, "#display-bar")
    ctx.close()


async def test_the_day_after_a_meeting_nobody_ended_counts_no_time(stores) -> None:
    display_ctx, moderator_ctx, meeting_id, clock = stores
    mod.next_item(moderator_ctx, meeting_id)  # the moderator closed the app while the first item ran
    clock.set(datetime(2026, 11, 28, 10, 0, tzinfo=BERLIN))
    app = make_app(display_ctx, screen="display")
    async with app.run_test(size=(80, 24)) as pilot:
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Das Treffen vom 27.11.2026 wurde nicht beendet."
        assert shown(app, "#display-countdown") == "--:--"
        assert shown(app, "#display-status") == ""  # not "überzogen · 17:02:00 von 10:00"


async def test_a_meeting_on_a_later_day_shows_its_agenda_not_its_first_item_as_coming_up(stores) -> None:
    display_ctx, _moderator_ctx, meeting_id, clock = stores
    clock.set(datetime(2026, 11, 20, 10, 0, tzinfo=BERLIN))  # a week before
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=(120, 36)) as pilot:
        await follow(app, pilot)
        assert shown(app, "#display-title") == "Nächstes Treffen am 27.11.2026"
        assert shown(app, "#display-countdown") == "--:--"
        assert shown(app, "#display-next-title") == "Tagesordnung"
        first = mod.agenda_state(display_ctx, meeting_id).items[0].item.title
        assert first in shown(app, "#display-next").splitlines()[0]


@pytest.mark.parametrize("size", SIZES)
async def test_a_needs_status_is_never_broken_across_lines(network_stores, size) -> None:
    display_ctx, moderator_ctx, meeting_id, _clock = network_stores
    app = make_app(display_ctx, screen="display", meeting_id=meeting_id)
    async with app.run_test(size=size) as pilot:
        await follow(app, pilot)
        mod.next_item(moderator_ctx, meeting_id)  # "Offene Punkte"
        await follow(app, pilot)
        for board in (False, True):
            if board:
                await pilot.press("b")
                await pilot.pause()
            drawn_lines = [line.strip() for line in drawn(app, "#display-next").splitlines()]
            assert not [line for line in drawn_lines if line.endswith((" in", " bis", "–"))], drawn_lines
            assert not [line for line in drawn_lines if line.startswith(("Arbeit", "offen"))], drawn_lines
            on_screen = "\n".join(drawn_lines)
            assert on_screen.count("in Arbeit") >= 1 + board  # on the board also in its title's words


def test_a_kept_phrase_moves_to_the_next_line_whole() -> None:
    from integra_tui.ui.screens.display import WHOLE, _kept_lines

    text = f"Kinderbetreuung · Zugewandert · Kinderbetreuung während der Sprachkurse ·{WHOLE}in{WHOLE}Arbeit"
    assert _kept_lines(text, 76) == [
        "Kinderbetreuung · Zugewandert · Kinderbetreuung während der Sprachkurse",
        "· in Arbeit",
    ]
    assert _kept_lines(text, 200) == [text.replace(WHOLE, " ")]
