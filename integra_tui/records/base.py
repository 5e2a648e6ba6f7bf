"""The open store as the records see it: opening it, one transaction, and what the app asks of the file.

The only door from the records to ``integra_tui.store``: the table modules beside this one take the
:class:`Store` as their first argument, and the services hold it in their context without reaching
into it.
"""

from __future__ import annotations

import copy
import dataclasses
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from functools import cache
from pathlib import Path
from typing import Any

from integra_tui.store.db import Store, resolve_store_path

__all__ = [
    "Store",
    "bulk",
    "close",
    "display_path",
    "erase_history",
    "generation",
    "may_have_changed",
    "open_store",
    "plain_doc",
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


@contextmanager
def bulk(store: Store) -> Iterator[None]:
    """Many transactions in a row (an import in batches): each is durable at once, the file is rewritten once."""
    with store.bulk():
        yield


def generation(store: Store) -> int:
    """A number that changes whenever the data changes (see :func:`refresh` for other processes' writes)."""
    return store.generation


def refresh(store: Store) -> int:
    """Read what other processes wrote; returns the new :func:`generation`."""
    return store.refresh()


def may_have_changed(store: Store) -> bool:
    """Whether :func:`refresh` may find another process's writes (a cheap look at the files, no lock)."""
    return store.may_have_changed()


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


@cache
def _stored_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.name != "id")


def plain_doc(record: Any) -> dict[str, Any]:
    """``record.to_doc()`` (a domain dataclass's stored form) without ``dataclasses.asdict``'s deep walk.

    The same dict, built field by field: ten times faster, which counts when an import stores
    100,000 people, invitations and codes. Nested dataclasses fall back to ``to_doc()``.
    """
    doc: dict[str, Any] = {}
    for name in _stored_fields(type(record)):  # type: ignore[arg-type]  # a class is hashable; mypy's lru_cache stub disagrees
        value = getattr(record, name)
        if isinstance(value, (str, int, float, bool)) or value is None:
            pass
        elif isinstance(value, (list, tuple)):
            value = [copy.deepcopy(item) if isinstance(item, (list, dict, tuple)) else item for item in value]
            if any(dataclasses.is_dataclass(item) for item in value):
                return dict(record.to_doc())
        elif isinstance(value, (date, time, datetime)):
            value = value.isoformat()
        elif isinstance(value, dict):
            value = copy.deepcopy(value)
        else:
            return dict(record.to_doc())
        doc[name] = value
    return doc
