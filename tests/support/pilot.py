"""Driving a Textual app under ``run_test`` the way a person does, and reading the terminal as a person reads it.

Nothing here waits a fixed time: ``settle`` waits for the app's workers and messages, ``until`` polls a
condition the app reaches by itself. Their time bounds only guard against a hanging test; on a busy
machine a worker or timer may finish late, never wrongly.
"""

from __future__ import annotations

import time
from typing import Callable

from textual.widgets import Digits, Static

GUARD = 60.0
"""Seconds after which a wait counts as hanging (a guard, not a timing)."""


async def settle(app, pilot) -> None:
    """Let messages and workers finish, and the workers and messages they start in turn (a reload after a
    store change starts one more worker); no fixed number of rounds, no fixed time."""
    deadline = time.monotonic() + GUARD
    await pilot.pause()
    while any(not worker.is_finished for worker in app.workers):
        assert time.monotonic() < deadline, "workers still running"
        await app.workers.wait_for_complete()
        await pilot.pause()


async def until(pilot, condition: Callable[[], bool], timeout: float = GUARD) -> None:
    """Wait for something the app does by itself (a timer, a poll, a reload, a redraw), not for a fixed time."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        await pilot.pause(0.02)


async def press(app, pilot, *keys: str) -> None:
    """Press ``keys`` one after the other, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await settle(app, pilot)


keys = press
"""The same as ``press`` (the name some test files use)."""


def screen_text(app) -> str:
    """Every line the terminal shows now, as a person reads it (every widget, dialog and toast composed)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def shown(app, selector: str) -> str:
    """The text the widget at ``selector`` shows: a Digits' value, a Static's content, else what it renders."""
    widget = app.screen.query_one(selector)
    if isinstance(widget, Digits):
        return widget.value
    if isinstance(widget, Static):
        return str(widget.content)
    return str(widget.render())
