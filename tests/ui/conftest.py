"""The UI never reads or writes the store on its event loop: a guard around every UI test.

Every read and every change of the store takes the store's lock (``JournaledStorage._locked``: shared to
read, exclusive to write), and the lock can be held by another process for seconds (an import, another
window: then ``StoreBusyError`` after ``lock_wait_seconds``). A screen that reads on the event loop freezes
the app for that long; the one ordered way is ``IntegraScreen.call_service`` (the app's service thread).

The guard (autouse, for every test below ``tests/ui``) looks at each lock taken while an app runs. It counts
one when all of these hold:

- the lock is taken on the thread that runs the event loop (the main thread, with its loop running): the
  service thread and thread workers run no loop here;
- an ``IntegraApp`` is running (from its Load event until it stopped): making the app is not counted;
- the nearest frame of the stack that is either UI code (``integra_tui/ui/``) or test code (``tests/``)
  is UI code: a test that calls a service itself, or a test's stand-in that a screen calls (a recorder
  reading the store as another station would), is not counted; UI code a test calls is;
- no frame of a first screen's factory (``SCREEN_FACTORIES``) is on the stack: what the app does to
  open its first screen is allowed to read (none of them does today).

A counted access fails the test, naming the UI function (the nearest UI frame) and the stack below it.
``ON_THE_LOOP_TO_GO`` would list the places not moved yet; it is empty, and may only stay so.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import traceback
import weakref
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import CodeType, FrameType
from typing import Any

import pytest

import integra_tui
from integra_tui.store.storage import JournaledStorage
from integra_tui.ui.app import SCREEN_FACTORIES, IntegraApp

UI_FOLDER = str(Path(integra_tui.__file__).resolve().parent / "ui")
TESTS_FOLDER = str(Path(__file__).resolve().parent.parent)
PACKAGE_ROOT = Path(integra_tui.__file__).resolve().parent.parent

ON_THE_LOOP_TO_GO: frozenset[str] = frozenset()
"""UI functions (``integra_tui/ui/...py:Qualified.name``) still allowed to touch the store on the event loop.
Empty: every screen goes through ``call_service``. Keep it so (tests/ui/test_loop_guard.py checks it)."""


def _in(filename: str, folder: str) -> bool:
    return filename == folder or filename.startswith(folder + "/")


def _factory_codes() -> set[CodeType]:
    return {factory.__code__ for factory in SCREEN_FACTORIES.values() if hasattr(factory, "__code__")}


def ui_site_on_the_loop(frame: FrameType | None, apps: Iterable[IntegraApp]) -> str | None:
    """The UI function that touches the store on the event loop from ``frame`` outwards, or None (see the module)."""
    if threading.current_thread() is not threading.main_thread() or asyncio._get_running_loop() is None:
        return None
    if not any(app.is_running for app in apps):
        return None
    site: str | None = None
    factories = _factory_codes()
    while frame is not None:
        code = frame.f_code
        filename = code.co_filename
        if site is None:
            if _in(filename, TESTS_FOLDER):
                return None  # test code touches the store (or a test's stand-in that UI code called)
            if _in(filename, UI_FOLDER):
                site = f"{Path(filename).relative_to(PACKAGE_ROOT).as_posix()}:{code.co_qualname}"
        elif code in factories:
            return None  # opening the app's first screen
        frame = frame.f_back
    return site


class LoopGuard:
    """What the guard found in one test: each UI function once, with the first stack that showed it."""

    def __init__(self) -> None:
        self.found: dict[str, str] = {}
        """Each UI function that touched the store on the loop, with the stack of its first time."""
        self.allowed: set[str] = set()
        """The places of ``ON_THE_LOOP_TO_GO`` seen."""
        self.apps: weakref.WeakSet[IntegraApp] = weakref.WeakSet()
        """The apps made in this test."""

    def look(self, frame: FrameType | None) -> None:
        site = ui_site_on_the_loop(frame, self.apps)
        if site is None:
            return
        if site in ON_THE_LOOP_TO_GO:
            self.allowed.add(site)
        elif site not in self.found:
            self.found[site] = "".join(traceback.format_stack(frame, limit=12))

    def report(self) -> str:
        return "\n".join(
            f"The store was touched on the event loop by {site} (use IntegraScreen.call_service):\n{stack}"
            for site, stack in self.found.items()
        )


GUARD = pytest.StashKey[LoopGuard]()


@pytest.fixture(autouse=True)
def store_off_the_loop(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> LoopGuard:
    """The guard of this test (see the module); the test fails when it found something (``pytest_runtest_call``)."""
    guard = request.node.stash[GUARD] = LoopGuard()
    locked, made = JournaledStorage._locked, IntegraApp.__init__

    def guarded_lock(self: JournaledStorage, exclusive: bool) -> Any:
        guard.look(sys._getframe(1))
        return locked(self, exclusive)

    def remembered_app(self: IntegraApp, *args: Any, **kwargs: Any) -> None:
        made(self, *args, **kwargs)
        guard.apps.add(self)

    monkeypatch.setattr(JournaledStorage, "_locked", guarded_lock)
    monkeypatch.setattr(IntegraApp, "__init__", remembered_app)
    return guard


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A test whose guard found the store touched on the loop fails (in its call, not in a teardown)."""
    result = yield
    guard = item.stash.get(GUARD, None)
    if guard is not None and guard.found:
        pytest.fail(guard.report(), pytrace=False)
    return result
