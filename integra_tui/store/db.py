"""The store: TinyDB over the journaled storage, with the few operations the services need.

Services never import tinydb; they call :class:`Store`. Every write goes through
:class:`DurableTable`, which allocates ids and writes inside one locked transaction, so two
processes never hand out the same id and nothing another process wrote is overwritten.
"""

from __future__ import annotations

import copy
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

from platformdirs import user_data_dir
from tinydb import TinyDB
from tinydb.table import Document, Table

from integra_tui.store.storage import JournaledStorage

__all__ = ["DurableTable", "Record", "Store", "default_store_path", "resolve_store_path"]

Record = dict[str, Any]
"""A stored document with its id under the key ``"id"``."""


def default_store_path() -> Path:
    """The store in the user's data folder (platformdirs), used when nothing else is given."""
    return Path(user_data_dir("integra-tui", appauthor=False)) / "integra.json"


def resolve_store_path(cli_path: str | os.PathLike[str] | None = None) -> Path:
    """``--db PATH``, else ``$INTEGRA_DB``, else the user's data folder."""
    if cli_path:
        return Path(cli_path).expanduser()
    env = os.environ.get("INTEGRA_DB")
    if env:
        return Path(env).expanduser()
    return default_store_path()


class DurableTable(Table):
    """A TinyDB table whose writes are journaled, locked and fsynced before they return."""

    def __init__(self, storage: JournaledStorage, name: str, **kwargs: Any) -> None:
        # The query cache cannot see other processes' writes: keep none.
        kwargs["cache_size"] = 0
        super().__init__(storage, name, **kwargs)
        self._journaled: JournaledStorage = storage

    def _get_next_id(self) -> int:
        return int(self._journaled.allocate_id(self.name))

    def _update_table(self, updater: Callable[[dict[int, Mapping]], None]) -> None:
        raise NotImplementedError("DurableTable writes through its own methods")

    def insert(self, document: Mapping) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping]) -> list[int]:
        with self._journaled.transaction():
            ops, ids = [], []
            for document in documents:
                doc_id = self._journaled.allocate_id(self.name)
                ops.append(["put", self.name, doc_id, copy.deepcopy(dict(document))])
                ids.append(int(doc_id))
            self._journaled.commit(ops)
        return ids

    def update(
        self, fields: Mapping | Callable[[dict], None], cond: Any = None, doc_ids: Iterable[int] | None = None
    ) -> list[int]:
        with self._journaled.transaction() as data:
            table = data.get(self.name, {})
            if doc_ids is not None:
                ids = [str(i) for i in doc_ids if str(i) in table]
            elif cond is not None:
                ids = [i for i, doc in table.items() if cond(doc)]
            else:
                ids = list(table)
            ops = []
            for doc_id in ids:
                doc = copy.deepcopy(table[doc_id])
                if callable(fields):
                    fields(doc)
                else:
                    doc.update(copy.deepcopy(dict(fields)))
                ops.append(["put", self.name, doc_id, doc])
            self._journaled.commit(ops)
        return [int(i) for i in ids]

    def upsert(self, document: Mapping, cond: Any = None) -> list[int]:
        with self._journaled.transaction():
            if isinstance(document, Document) and cond is None:
                doc_ids = [document.doc_id] if self.contains(doc_id=document.doc_id) else []
                if doc_ids:
                    return self.update(document, doc_ids=doc_ids)
                self._journaled.commit([["put", self.name, str(document.doc_id), dict(document)]])
                return [document.doc_id]
            updated = self.update(document, cond=cond) if cond is not None else []
            return updated or [self.insert(document)]

    def remove(self, cond: Any = None, doc_ids: Iterable[int] | None = None) -> list[int]:
        with self._journaled.transaction() as data:
            table = data.get(self.name, {})
            if doc_ids is not None:
                ids = [str(i) for i in doc_ids if str(i) in table]
            elif cond is not None:
                ids = [i for i, doc in table.items() if cond(doc)]
            else:
                raise RuntimeError("Use truncate() to remove all documents")
            self._journaled.commit([["del", self.name, doc_id] for doc_id in ids])
        return [int(i) for i in ids]

    def truncate(self) -> None:
        with self._journaled.transaction():
            self._journaled.commit([["drop", self.name]])


class _StoreTinyDB(TinyDB):
    table_class = DurableTable


class Store:
    """One open store file. Thread-safe; safe with other processes on the same file."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.path = Path(path)
        self._db = _StoreTinyDB(self.path, storage=JournaledStorage, create=create)
        self._storage: JournaledStorage = self._db.storage  # type: ignore[assignment]

    # -- reading ---------------------------------------------------------------------------
    def table(self, name: str) -> DurableTable:
        """The TinyDB table ``name`` (for TinyDB queries where they help)."""
        return self._db.table(name)  # type: ignore[return-value]

    def get(self, table: str, doc_id: int | None) -> Record | None:
        """The document ``doc_id`` of ``table`` as a record, or None."""
        if doc_id is None:
            return None
        with self._storage.reading() as data:
            doc = data.get(table, {}).get(str(doc_id))
            return _record(str(doc_id), doc) if doc is not None else None

    def all(self, table: str) -> list[Record]:
        """Every document of ``table``, in id order."""
        with self._storage.reading() as data:
            docs = data.get(table, {})
            return [_record(i, d) for i, d in sorted(docs.items(), key=lambda kv: _order(kv[0]))]

    def find(self, table: str, field: str, value: Any) -> list[Record]:
        """Documents whose ``field`` equals ``value``, through a kept index (fast at any size)."""
        with self._storage.reading() as data:
            docs = data.get(table, {})
            return [_record(i, docs[i]) for i in self._storage._lookup(table, field, value) if i in docs]

    def find_one(self, table: str, field: str, value: Any) -> Record | None:
        """The first document whose ``field`` equals ``value``, or None."""
        found = self.find(table, field, value)
        return found[0] if found else None

    def search(self, table: str, predicate: Callable[[Mapping[str, Any]], bool]) -> list[Record]:
        """Documents for which ``predicate`` is true (a full scan)."""
        with self._storage.reading() as data:
            docs = data.get(table, {})
            return [_record(i, d) for i, d in sorted(docs.items(), key=lambda kv: _order(kv[0])) if predicate(d)]

    def count(self, table: str) -> int:
        """How many documents ``table`` holds."""
        with self._storage.reading() as data:
            return len(data.get(table, {}))

    @property
    def generation(self) -> int:
        """Changes whenever the data changes, in this process or (after :meth:`refresh`) another."""
        return self._storage.generation

    def refresh(self) -> int:
        """Read what other processes wrote; returns the new :attr:`generation`."""
        return self._storage.refresh()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Hold the store's exclusive lock: read, decide and write without another process between."""
        with self._storage.transaction():
            yield self

    def insert(self, table: str, doc: Mapping[str, Any]) -> int:
        """Store a new document durably; returns its id."""
        return self.table(table).insert({k: v for k, v in doc.items() if k != "id"})

    def update(self, table: str, doc_id: int, fields: Mapping[str, Any]) -> None:
        """Change fields of one document durably."""
        self.table(table).update({k: v for k, v in fields.items() if k != "id"}, doc_ids=[doc_id])

    def remove(self, table: str, doc_id: int) -> None:
        """Delete one document durably (services prefer recording a removal over deleting)."""
        self.table(table).remove(doc_ids=[doc_id])

    def compact(self) -> None:
        """Fold the journal into the main file now."""
        self._storage.compact()

    def erase_history(self) -> None:
        """Fold the journal in and leave no older copy (journal or backup) holding erased data."""
        self._storage.erase_history()

    def close(self) -> None:
        """Compact and close; afterwards the file is a plain TinyDB JSON file."""
        self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _record(doc_id: str, doc: Mapping[str, Any]) -> Record:
    # Two levels deep is as deep as our documents go; a full deepcopy would cost ten times more.
    record = {k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in doc.items()}
    record["id"] = int(doc_id) if doc_id.isdigit() else doc_id
    return record


def _order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (0, doc_id)
