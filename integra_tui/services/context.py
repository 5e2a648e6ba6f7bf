"""What every use case needs: the open store, the clock and the time zone, plus the error type for refusals."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain.clock import DEFAULT_TZ, Clock, SystemClock, to_iso
from integra_tui.domain.groups import DEFAULT_GROUPS
from integra_tui.errors import IntegraError, ServiceError
from integra_tui.records import base, groups
from integra_tui.records.base import Store

__all__ = ["Context", "IntegraError", "ServiceError", "open_context"]


@dataclass
class Context:
    """The store, clock and zone shared by the UI's screens and the command line.

    The services hand ``store`` to ``integra_tui.records``; nothing else reaches into it.
    """

    store: Store
    clock: Clock
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))

    def now(self) -> datetime:
        """The current time in the meeting's zone."""
        return self.clock.now().astimezone(self.tz)

    def now_iso(self) -> str:
        """The current time as stored: ISO 8601 with offset."""
        return to_iso(self.now())

    def today(self) -> date:
        """Today's date in the meeting's zone."""
        return self.now().date()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One all-or-nothing use case: every change inside the block is committed together, or none is."""
        with base.transaction(self.store):
            yield

    @property
    def generation(self) -> int:
        """Changes whenever the stored data changes (after :meth:`refresh` also for other processes' writes)."""
        return base.generation(self.store)

    def refresh(self) -> int:
        """Read what other processes wrote; returns the new :attr:`generation`."""
        return base.refresh(self.store)

    def may_have_changed(self) -> bool:
        """Whether :meth:`refresh` may find other processes' writes: two ``stat`` calls, no lock, no reading.

        Cheap enough for the UI's loop once a second; False means the files are as last read.
        """
        return base.may_have_changed(self.store)

    @property
    def path(self) -> Path:
        """The store file in use."""
        return base.store_path(self.store)

    @property
    def display_path(self) -> str:
        """The store file as the title shows it: the real file, and the link that led to it."""
        return base.display_path(self.store)

    def fold_on_close(self, policy: bool | None) -> None:
        """Whether :meth:`close` folds the journal in: always (True), never (False), when cheap or due (None)."""
        base.set_fold_on_close(self.store, policy)

    def close(self) -> None:
        """Close the store cleanly (folds its journal into the main file)."""
        base.close(self.store)


def open_context(
    db: str | os.PathLike[str] | None = None, clock: Clock | None = None, tz: str | None = None
) -> Context:
    """Open the store at ``db`` (or $INTEGRA_DB, or the user's data folder) with its defaults in place."""
    zone = ZoneInfo(tz or os.environ.get("INTEGRA_TZ") or DEFAULT_TZ)
    context = Context(store=base.open_store(db), clock=clock or SystemClock(zone), tz=zone)
    groups.ensure(context.store, DEFAULT_GROUPS)
    return context
