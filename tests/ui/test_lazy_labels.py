"""The keys' labels follow the language chosen after the screens were imported (German is the default)."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from pathlib import Path
from time import monotonic
from zoneinfo import ZoneInfo

import pytest
from textual.widgets import Footer

from integra_tui import i18n
from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app

# Imported here, at collection, while the language is still German: the labels must not be fixed now.
from integra_tui.ui.screens.door import DoorScreen
from integra_tui.ui.screens.moderator import ModeratorScreen
from integra_tui.ui.screens.walk_in import WalkInDialog

IMPORTED_IN = i18n.current_language()


@pytest.fixture()
def demo(tmp_path: Path):
    clock = FakeClock(datetime(2026, 11, 27, 16, 58, tzinfo=ZoneInfo("Europe/Berlin")))
    ctx = open_context(tmp_path / "store.json", clock=clock)
    meeting, _report = ensure_demo(ctx)
    yield ctx, meeting
    ctx.close()


@pytest.fixture()
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("de")


async def settle(app, pilot) -> None:
    deadline = monotonic() + 60  # a guard against hanging, not a timing
    await pilot.pause()
    while any(not worker.is_finished for worker in app.workers):
        assert monotonic() < deadline, "workers still running"
        await app.workers.wait_for_complete()
        await pilot.pause()


async def footer_text(app, pilot) -> str:
    """The footer's lines as the terminal shows them, once its keys are laid out."""
    deadline = monotonic() + 60  # the footer composes its keys after the screen: wait for them, no timing
    footer = app.screen.query_one(Footer)
    while not footer.query("FooterKey") or any(key.region.width == 0 for key in footer.query("FooterKey")):
        assert monotonic() < deadline, "footer keys never laid out"
        await pilot.pause()
    lines = [strip.text for strip in app.screen._compositor.render_strips()]
    return "\n".join(lines[footer.region.y : footer.region.bottom])


def test_the_screens_were_imported_in_german() -> None:
    assert IMPORTED_IN == "de"


async def test_the_moderator_labels_its_keys_in_english(demo, english) -> None:
    ctx, meeting = demo
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ModeratorScreen)
        text = await footer_text(app, pilot)
        for label in ("Next", "Speaker", "Note", "+1/+5 min", "Defer"):
            assert label in text, (label, text)
        for german in ("Weiter", "Redner", "Notiz", "+1/+5 Min", "Verschieben"):
            assert german not in text, (german, text)


async def test_the_door_and_the_walk_in_label_their_keys_in_english(demo, english) -> None:
    ctx, _meeting = demo
    app = make_app(ctx, screen="door", station="Eingang 1")
    async with app.run_test(size=(160, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, DoorScreen)
        text = await footer_text(app, pilot)
        assert "Search name" in text and "Without invitation" in text, text
        assert "Name suchen" not in text and "Ohne Einladung" not in text, text
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, WalkInDialog)
        text = await footer_text(app, pilot)
        assert "Check in" in text and "Cancel" in text, text
        assert "Einchecken" not in text and "Abbrechen" not in text, text


# The other way round, in a process of its own (a module is imported once per process): imported while
# English is set, shown after German is chosen. A label translated at import would stay English.
_IMPORTED_IN_ENGLISH = """
import asyncio
import sys
import subprocess
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

from integra_tui import i18n

i18n.set_language("en")
from integra_tui.domain.clock import FakeClock
from integra_tui.services.context import open_context
from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app
from integra_tui.ui.screens.moderator import ModeratorScreen

i18n.set_language("de")


async def main() -> None:
    clock = FakeClock(datetime(2026, 11, 27, 16, 58, tzinfo=ZoneInfo("Europe/Berlin")))
    ctx = open_context(sys.argv[1], clock=clock)
    meeting, _report = ensure_demo(ctx)
    app = make_app(ctx, screen="moderator", meeting_id=meeting.id)
    async with app.run_test(size=(200, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ModeratorScreen)
        for focus in ("#agenda", "#captures"):
            app.screen.query_one(focus).focus()
            while True:  # the footer lays its keys out after the focus moved (the test's timeout guards it)
                await pilot.pause()
                footer = app.screen.query_one("Footer")
                keys = list(footer.query("FooterKey"))
                if keys and all(key.region.width for key in keys):
                    break
            lines = [strip.text for strip in app.screen._compositor.render_strips()]
            print("\\n".join(lines[footer.region.y : footer.region.bottom]))
    ctx.close()


asyncio.run(main())
"""


def test_keys_imported_in_english_are_labelled_in_german_when_german_is_chosen(tmp_path: Path) -> None:
    script = tmp_path / "imported_in_english.py"
    script.write_text(_IMPORTED_IN_ENGLISH, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "store.json")], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout
    for label in ("Weiter", "Redner", "Notiz", "+1/+5 Min", "Verschieben", "Bearbeiten", "Entfernen"):
        assert label in text, (label, text)
    for english in ("Next", "Speaker", "Note", "+1/+5 min", "Defer", "Edit", "Remove"):
        assert english not in text, (english, text)
