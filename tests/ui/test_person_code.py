"""A person's code on screen: the QR code a phone or scanner reads off the laptop is the person's current code."""

from __future__ import annotations

import importlib.util
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from support.pilot import settle as _settle
from textual.app import App
from textual.widgets import DataTable, Static

from integra_tui.domain.clock import FakeClock
from integra_tui.domain.codes import format_code, new_code
from integra_tui.services import invitations, people
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.home import HomeScreen
from integra_tui.ui.screens.person_code import PersonCodeScreen
from integra_tui.ui.widgets.qr_view import QRView

BERLIN = ZoneInfo("Europe/Berlin")


def _qr_view_helpers():  # noqa: ANN202
    """screen_to_image and decode from test_qr_view.py (tests are imported by path, not as a package)."""
    spec = importlib.util.spec_from_file_location(
        "_person_code_qr_helpers", Path(__file__).with_name("test_qr_view.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.screen_to_image, module.decode


screen_to_image, decode = _qr_view_helpers()


def _ctx(tmp_path: Path):
    return open_context(tmp_path / "store.json", clock=FakeClock(datetime(2026, 11, 27, 16, 0, tzinfo=BERLIN)))


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_q_on_home_shows_the_highlighted_invitees_code_and_escape_closes_it(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    meeting, _report = ensure_demo(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        table = app.screen.query_one("#invitees", DataTable)
        table.focus()
        await pilot.press("down", "down")
        invitee_id = int(table.ordered_rows[table.cursor_row].key.value)
        invitee = ctx.store.get("invitees", invitee_id)
        person = people.get_person(ctx, invitee["person_id"])

        await pilot.press("q")
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PersonCodeScreen)
        assert _text(screen, "#person-code-name") == person.name
        assert _text(screen, "#person-code-code") == format_code(invitee["code"])
        assert meeting.title in _text(screen, "#person-code-caption")
        assert decode(screen_to_image(screen.query_one(QRView))) == [invitee["code"]]

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_the_shown_code_follows_a_reissue_made_elsewhere(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    meeting, _report = ensure_demo(ctx)
    invitee, person = people.invitees_of(ctx, meeting.id)[0]
    other = _ctx(tmp_path)  # the command line on the same store, in another process
    app = make_app(ctx)
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        app.push_screen(PersonCodeScreen.for_invitee(invitee.id))
        await _settle(app, pilot)
        assert _text(app.screen, "#person-code-code") == format_code(invitee.code)

        renewed = invitations.reissue_invitation(other, person.id, meeting.id).code
        app.check_store()
        await _settle(app, pilot)
        assert _text(app.screen, "#person-code-code") == format_code(renewed)
        assert decode(screen_to_image(app.screen.query_one(QRView))) == [renewed]
    other.close()


async def test_a_given_name_and_code_are_shown_as_they_are_for_a_walk_in(tmp_path: Path) -> None:
    card_code = new_code()

    class Door(App[None]):
        def on_mount(self) -> None:
            self.push_screen(PersonCodeScreen("Ömer Şengül", card_code, "Persönliche Karte"))

    app = Door()
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert _text(screen, "#person-code-name") == "Ömer Şengül"
        assert _text(screen, "#person-code-code") == format_code(card_code)
        view = screen.query_one(QRView)
        assert view.outer_size == (29, 15)  # QR version 1 with its quiet zone fits a small terminal
        assert decode(screen_to_image(view)) == [card_code]


async def test_q_without_invitees_opens_nothing(tmp_path: Path) -> None:
    app = make_app(_ctx(tmp_path))
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "Bitte zuerst ein Treffen mit Eingeladenen wählen." in [str(n.message) for n in app._notifications]


async def test_the_code_says_which_meeting_it_is_for_at_80_columns(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    meeting, _report = ensure_demo(ctx)
    app = make_app(ctx)
    async with app.run_test(size=(80, 24)) as pilot:
        await _settle(app, pilot)
        app.screen.query_one("#invitees", DataTable).focus()
        await pilot.press("q")
        await _settle(app, pilot)
        assert isinstance(app.screen, PersonCodeScreen)
        drawn = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        assert meeting.title in " ".join(drawn.split()) and "27.11.2026" in drawn
