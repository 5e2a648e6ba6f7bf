"""The records' tests run every case twice: on a store in memory and on the journaled store on disk.

As TinyDB's own tests run on both of its storages (``@pytest.fixture(params=["memory", "json"])``),
the memory variant is TinyDB's ``MemoryStorage`` behind the same public API as
``integra_tui.store.db.Store`` (only the records' calls: get, all, find, find_one, values_of, search, count,
insert, update, remove, table, transaction, generation, refresh, compact, erase_history, close).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from integra_tui.store.db import Store


def _hashable(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


class MemoryStore:
    """``Store``'s public API over TinyDB's MemoryStorage: the same answers, nothing on disk."""

    def __init__(self) -> None:
        self.path = Path("memory.json")
        self._db = TinyDB(storage=MemoryStorage)
        self._lock = threading.RLock()
        self._generation = 0

    def table(self, name: str) -> Table:
        table = self._db.table(name, cache_size=0)
        store = self

        class Counting:  # insert_multiple through the table, counted as a change like Store's
            def insert_multiple(self, documents: Any) -> list[int]:
                store._generation += 1
                return table.insert_multiple([dict(d) for d in documents])

            def __getattr__(self, attr: str) -> Any:
                return getattr(table, attr)

        return Counting()  # type: ignore[return-value]

    def _records(self, name: str) -> list[dict[str, Any]]:
        docs = self._db.table(name, cache_size=0).all()
        return [{**dict(doc), "id": doc.doc_id} for doc in sorted(docs, key=lambda d: d.doc_id)]

    def get(self, table: str, doc_id: int | None) -> dict[str, Any] | None:
        if doc_id is None:
            return None
        doc = self._db.table(table, cache_size=0).get(doc_id=doc_id)
        return {**dict(doc), "id": doc.doc_id} if doc is not None else None

    def all(self, table: str) -> list[dict[str, Any]]:
        return self._records(table)

    def find(self, table: str, field: str, value: Any) -> list[dict[str, Any]]:
        return [r for r in self._records(table) if _hashable(r.get(field)) and r.get(field) == value]

    def find_one(self, table: str, field: str, value: Any) -> dict[str, Any] | None:
        found = self.find(table, field, value)
        return found[0] if found else None

    def search(self, table: str, predicate: Callable[[Mapping[str, Any]], bool]) -> list[dict[str, Any]]:
        return [r for r in self._records(table) if predicate({k: v for k, v in r.items() if k != "id"})]

    def count(self, table: str) -> int:
        return len(self._db.table(table, cache_size=0))

    def insert(self, table: str, doc: Mapping[str, Any]) -> int:
        self._generation += 1
        return self._db.table(table, cache_size=0).insert({k: v for k, v in doc.items() if k != "id"})

    def field_of(self, table: str, doc_ids: Any, field: str, default: Any = None) -> dict[int, Any]:
        found = {}
        for doc_id in doc_ids:
            doc = self.get(table, doc_id)
            found[doc_id] = default if doc is None else doc.get(field, default)
        return found

    def values_of(
        self, table: str, field: str, value: Any, wanted: str, keep: Callable[[Mapping[str, Any]], bool] | None = None
    ) -> list[Any]:
        found = self.find(table, field, value)
        return [r.get(wanted) for r in found if keep is None or keep({k: v for k, v in r.items() if k != "id"})]

    def insert_many(self, table: str, docs: list[dict[str, Any]]) -> list[int]:
        self._generation += 1
        return self._db.table(table, cache_size=0).insert_multiple(
            [{k: v for k, v in d.items() if k != "id"} for d in docs]
        )

    def update(self, table: str, doc_id: int, fields: Mapping[str, Any]) -> None:
        self._generation += 1
        self._db.table(table, cache_size=0).update({k: v for k, v in fields.items() if k != "id"}, doc_ids=[doc_id])

    def remove(self, table: str, doc_id: int) -> None:
        self._generation += 1
        self._db.table(table, cache_size=0).remove(doc_ids=[doc_id])

    @contextmanager
    def transaction(self) -> Iterator[MemoryStore]:
        with self._lock:
            yield self

    @property
    def generation(self) -> int:
        return self._generation

    def refresh(self) -> int:
        return self._generation

    def compact(self) -> None:
        pass

    def erase_history(self) -> None:
        pass

    def close(self) -> None:
        self._db.close()


@pytest.fixture(params=["memory", "journaled"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store: TinyDB's MemoryStorage behind the Store API, then the journaled store in tmp_path."""
    opened: Any = MemoryStore() if request.param == "memory" else Store(tmp_path / "store.json")
    yield opened
    opened.close()
