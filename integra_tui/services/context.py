"""What every use case needs: the open store, the clock and the time zone, plus the error type for refusals."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from integra_tui.domain.clock import DEFAULT_TZ, Clock, SystemClock, to_iso
from integra_tui.store.db import Store, resolve_store_path

__all__ = ["Context", "ServiceError", "open_context"]


class ServiceError(Exception):
    """A refused action, with a one-line message for the user in the active language."""


@dataclass
class Context:
    """The store, clock and zone shared by the UI's screens and the command line."""

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

    @property
    def path(self) -> Path:
        """The store file in use."""
        return self.store.path

    def close(self) -> None:
        """Close the store cleanly (folds its journal into the main file)."""
        self.store.close()


def open_context(
    db: str | os.PathLike[str] | None = None, clock: Clock | None = None, tz: str | None = None
) -> Context:
    """Open the store at ``db`` (or $INTEGRA_DB, or the user's data folder) with its defaults in place."""
    from integra_tui.services.meetings import ensure_defaults

    zone = ZoneInfo(tz or os.environ.get("INTEGRA_TZ") or DEFAULT_TZ)
    context = Context(store=Store(resolve_store_path(db)), clock=clock or SystemClock(zone), tz=zone)
    ensure_defaults(context)
    return context
