"""Every screen's footer shows every key it lists, at 80 columns too: a key past the right edge is a key nobody finds.

Textual's one-line ``Footer`` laid the home screen's and the coordinator's keys out past the edge at 80 columns
("r Aktua…", each coordinator tab's last keys, Esc, ^q and F1); ``KeyFooter`` wraps them, and where even three
lines are too few it ends with "^p alle Tasten" (the command palette lists them all) and keeps F1 and ^q.
"""

from __future__ import annotations

import pytest
from support.pilot import press, screen_text, settle, until
from textual.widgets import Footer

from integra_tui.services.demo import ensure_demo
from integra_tui.ui.app import make_app

SIZES = [(120, 36), (80, 24)]


def _footer_problems(app, width: int) -> list[str]:
    """What a person would miss in the footer: keys drawn past the right edge or not drawn at all, F1 or ^q absent."""
    footer = app.screen.query_one(Footer)
    lines = screen_text(app).splitlines()[footer.region.y : footer.region.bottom]
    text = "\n".join(lines)
    problems = [f"missing {needed!r}" for needed in ("f1 Hilfe", "^q Beenden") if needed not in text]
    for key in footer.query("FooterKey"):
        label = f"{key.key_display} {key.description}".strip()
        if key.region.right > width or label not in text:
            problems.append(f"{label!r} not on the screen")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
async def test_every_key_of_the_home_screen_is_in_its_footer(ctx, size) -> None:
    ensure_demo(ctx)
    app = make_app(ctx)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        await until(pilot, lambda: len(app.screen.query("FooterKey")) > 0)
        assert _footer_problems(app, size[0]) == []


@pytest.mark.parametrize("size", SIZES, ids=["120x36", "80x24"])
async def test_every_key_of_each_coordinator_tab_is_in_its_footer(ctx, size) -> None:
    ensure_demo(ctx, earlier_quarter=True)
    app = make_app(ctx, screen="coordinator")
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        for tab in "12345678":
            await press(app, pilot, tab)
            await until(pilot, lambda: len(app.screen.query("FooterKey")) > 0)
            assert _footer_problems(app, size[0]) == [], tab
