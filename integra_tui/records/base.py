"""The open store as the records see it: opening it, one transaction, and what the app asks of the file.

The only door from the records to ``integra_tui.store``: the table modules beside this one take the
:class:`Store` as their first argument, and the services hold it in their context without reaching
into it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from integra_tui.store.db import Store, resolve_store_path

__all__ = [
    "Store",
    "close",
    "display_path",
    "erase_history",
    "generation",
    "open_store",
    "refresh",
    "resolve_store_path",
    "set_fold_on_close",
    "store_path",
    "transaction",
]


def open_store(path: str | os.PathLike[str] | None = None) -> Store:
    """Open the store at ``path`` (or $INTEGRA_DB, or the user's data folder; see ``resolve_store_path``)."""
    return Store(resolve_store_path(path))


@contextmanager
def transaction(store: Store) -> Iterator[None]:
    """One all-or-nothing change: read, decide and write without another process in between.

    Every write inside the block belongs to one transaction of the store; blocks nest (an inner one
    joins the outer).
    """
    with store.transaction():
        yield


def generation(store: Store) -> int:
    """A number that changes whenever the data changes (see :func:`refresh` for other processes' writes)."""
    return store.generation


def refresh(store: Store) -> int:
    """Read what other processes wrote; returns the new :func:`generation`."""
    return store.refresh()


def erase_history(store: Store) -> None:
    """Leave no older copy (journal, backup) of data that was just erased."""
    store.erase_history()


def store_path(store: Store) -> Path:
    """The store's file."""
    return store.path


def display_path(store: Store) -> str:
    """The store's file as the user should see it: the real file first, and the link that led to it."""
    return store.display_path


def set_fold_on_close(store: Store, policy: bool | None) -> None:
    """Whether :func:`close` folds the journal in: always (True), never (False), when cheap or due (None)."""
    store.close_policy = policy


def close(store: Store) -> None:
    """Close the store cleanly (folds its journal into the main file as :func:`set_fold_on_close` says)."""
    store.close()
