"""The store: TinyDB over the journaled storage, with the few operations the services need.

Services never import tinydb; they call :class:`Store`. Every write goes through
:class:`DurableTable`, which allocates ids and writes inside one locked transaction, so two
processes never hand out the same id and nothing another process wrote is overwritten.

A use case that changes several documents wraps them in ``with store.transaction():``: they become
durable together (one fsynced journal line) when the block ends, or not at all when it raises
(see :mod:`integra_tui.store.storage` for the design, the crash points tests use, and the close policy).
"""

from __future__ import annotations

import copy
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping

import msgspec
from tinydb import TinyDB
from tinydb.table import Table

from integra_tui.store.storage import JournaledStorage

__all__ = ["DurableTable", "Record", "Store", "default_store_path", "resolve_store_path"]

Record = dict[str, Any]
"""A stored document with its id under the key ``"id"``."""


def default_store_path() -> Path:
    """The store in the user's data folder (platformdirs), used when nothing else is given."""
    from platformdirs import user_data_dir  # imported only when needed: a start with --db does without it

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
    """A TinyDB table whose writes are journaled, locked and fsynced before they return.

    Every method behaves as on TinyDB's own JSONStorage (``tests/store/test_tinydb_compat.py``
    runs the same cases on both). Each write is one transaction; inside ``Store.transaction()``
    it joins that one and becomes durable with it.
    """

    def __init__(self, storage: JournaledStorage, name: str, **kwargs: Any) -> None:
        # The query cache cannot see other processes' writes: keep none.
        kwargs["cache_size"] = 0
        persist_empty = kwargs.pop("persist_empty", False)
        super().__init__(storage, name, **kwargs)
        self._journaled: JournaledStorage = storage
        if persist_empty:
            with self._journaled.transaction() as data:
                if name not in data:
                    self._journaled.commit([["table", name]])

    def _get_next_id(self) -> int:
        return int(self._journaled.allocate_id(self.name))

    def _read_table(self) -> dict[str, Mapping[str, Any]]:
        # A new dict of the same documents: safe to iterate while another thread writes. Documents
        # returned by TinyDB's reads share nested lists with the store: change them through update().
        snapshot: dict[str, Mapping[str, Any]] = self._journaled.table_snapshot(self.name)  # type: ignore[assignment]
        return snapshot

    def get(self, cond: Any = None, doc_id: int | None = None, doc_ids: list[int] | None = None) -> Any:
        if doc_id is not None and cond is None and doc_ids is None:  # one document: no table copy
            with self._journaled.reading():
                raw = self._journaled.document(self.name, str(doc_id))
                return None if raw is None else self.document_class(copy.deepcopy(raw), self.document_id_class(doc_id))
        return super().get(cond, doc_id, doc_ids)

    def _update_table(self, updater: Callable[[dict[int, Mapping[str, Any]]], None]) -> None:
        """TinyDB's generic write path (used by ``update_multiple``): works on a copy, journals the difference."""
        with self._journaled.transaction() as data:
            raw = data.get(self.name)
            table: dict[int, Mapping[str, Any]] = {
                self.document_id_class(k): copy.deepcopy(v) for k, v in (raw or {}).items()
            }
            updater(table)
            new = {str(k): v for k, v in table.items()}
            ops: list[list[Any]] = [] if raw is not None else [["table", self.name]]
            raw = raw or {}
            ops.extend(["del", self.name, doc_id] for doc_id in raw if doc_id not in new)
            ops.extend(["put", self.name, i, dict(d)] for i, d in new.items() if raw.get(i) != d)
            self._journaled.commit(ops)

    def insert(self, document: Mapping[str, Any]) -> int:
        return self.insert_multiple([document])[0]

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        with self._journaled.transaction() as data:
            ops: list[list[Any]] = []
            ids: list[int] = []
            taken = data.get(self.name, {})
            for document in documents:
                if not isinstance(document, Mapping):
                    raise ValueError("Document is not a Mapping")
                if isinstance(document, self.document_class):
                    doc_id = str(document.doc_id)
                    if doc_id in taken or any(op[2] == doc_id for op in ops):
                        raise ValueError(f"Document with ID {doc_id} already exists")
                else:
                    doc_id = self._journaled.allocate_id(self.name)
                ops.append(["put", self.name, doc_id, copy.deepcopy(dict(document))])
                ids.append(int(doc_id))
            self._journaled.commit(ops)
        return ids

    def update(
        self,
        fields: Mapping[str, Any] | Callable[[dict[str, Any]], None],
        cond: Any = None,
        doc_ids: Iterable[int] | None = None,
    ) -> list[int]:
        with self._journaled.transaction() as data:
            table = data.get(self.name, {})
            if doc_ids is not None:
                ids = [str(i) for i in doc_ids if str(i) in table]
            elif cond is not None:
                ids = [i for i, doc in table.items() if cond(doc)]
            else:
                ids = list(table)
            ops: list[list[Any]] = []
            for doc_id in ids:
                doc = copy.deepcopy(table[doc_id])
                if callable(fields):
                    fields(doc)
                else:
                    doc.update(copy.deepcopy(dict(fields)))
                ops.append(["put", self.name, doc_id, doc])
            self._journaled.commit(ops)
        return [int(i) for i in ids]

    def upsert(self, document: Mapping[str, Any], cond: Any = None) -> list[int]:
        with self._journaled.transaction():
            return super().upsert(document, cond)

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
        # As TinyDB's: the table stays (empty) and its ids start again at 1.
        with self._journaled.transaction():
            self._journaled.commit([["drop", self.name], ["table", self.name]])


class _StoreTinyDB(TinyDB):
    table_class = DurableTable  # type: ignore[assignment]  # TinyDB's hook for the table class; ours is one


class Store:
    """One open store file. Thread-safe; safe with other processes on the same file."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.path = Path(path)
        """The path as given (``--db``, ``$INTEGRA_DB``, the data folder); may be a symbolic link."""
        self._db = _StoreTinyDB(self.path, storage=JournaledStorage, create=create)
        self._storage: JournaledStorage = self._db.storage  # type: ignore[assignment]
        self.real_path: Path = self._storage.path
        """The file actually read and written: :attr:`path` with symbolic links resolved once, at open."""

    @property
    def display_path(self) -> str:
        """The store file for a title bar: the path, or the real file first and then the link that led to it."""
        if self.real_path == self.path.absolute():
            return str(self.path)
        return f"{self.real_path} ← {self.path}"

    @property
    def outside_change(self) -> str | None:
        """Why the store writes nothing (another program changed its file), or None when all is well."""
        return self._storage.outside_change

    # -- reading ---------------------------------------------------------------------------
    def table(self, name: str) -> DurableTable:
        """The TinyDB table ``name`` (for TinyDB queries where they help)."""
        return self._db.table(name)  # type: ignore[return-value]

    def get(self, table: str, doc_id: int | None) -> Record | None:
        """The document ``doc_id`` of ``table`` as a record, or None."""
        if doc_id is None:
            return None
        with self._storage.reading():
            doc = self._storage.document(table, str(doc_id))
            return _record(str(doc_id), doc) if doc is not None else None

    def field_of(self, table: str, doc_ids: Iterable[int], field: str, default: Any = None) -> dict[int, Any]:
        """One field of each document ``doc_ids`` (``default`` where it or the document is missing), under one lock.

        What a count by group needs of 100,000 people: no copy of each record, one synchronisation.
        """
        storage = self._storage
        with storage.reading() as data:
            ids = doc_ids if isinstance(doc_ids, (list, tuple, set, frozenset)) else list(doc_ids)
            found: dict[int, Any] = {}
            values = data.field_values(table, field) if len(ids) > _FEW else None  # type: ignore[attr-defined]
            if values is not None:  # a table still unread: that field of each document, from its bytes
                for doc_id in ids:
                    value = values.get(str(doc_id), _UNSET)
                    found[doc_id] = default if value is _UNSET else value
                return found
            for doc_id in ids:
                doc = storage.document(table, str(doc_id))
                found[doc_id] = default if doc is None else doc.get(field, default)
            return found

    def values_of(
        self,
        table: str,
        field: str,
        value: Any,
        wanted: str,
        keep: Callable[[Mapping[str, Any]], bool] | None = None,
    ) -> list[Any]:
        """Field ``wanted`` of each document whose ``field`` equals ``value`` (and that ``keep`` accepts).

        In no particular order, without copying a document: the person ids of 100,000 invitations.
        """
        storage = self._storage
        with storage.reading() as data:
            ids = storage._lookup(table, field, value, ordered=False)
            docs = data.get(table) or {} if len(ids) > _FEW else None
            found = []
            for doc_id in ids:
                doc = docs.get(doc_id) if docs is not None else storage.document(table, doc_id)
                if doc is not None and (keep is None or keep(doc)):
                    found.append(doc.get(wanted))
            return found

    def all(self, table: str) -> list[Record]:
        """Every document of ``table``, in id order."""
        with self._storage.reading() as data:
            docs = data.get(table, {})
            return [_record(i, d) for i, d in sorted(docs.items(), key=lambda kv: _order(kv[0]))]

    def find(self, table: str, field: str, value: Any) -> list[Record]:
        """Documents whose ``field`` equals ``value``, through a kept index (fast at any size)."""
        storage = self._storage
        with storage.reading() as data:
            ids = storage._lookup(table, field, value)
            docs = data.get(table) or {} if len(ids) > _FEW else None  # a few stay unread (see storage._Tables)
            found = []
            for doc_id in ids:
                doc = docs.get(doc_id) if docs is not None else storage.document(table, doc_id)
                if doc is not None:
                    found.append(_record(doc_id, doc))
            return found

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

    def may_have_changed(self) -> bool:
        """Whether another process may have written since the last read (two ``stat`` calls, no lock)."""
        return self._storage.may_have_changed()

    # -- writing ---------------------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """All or nothing: every write in the block becomes durable together, as one journal line.

        The block holds the store's exclusive lock (read, decide and write with no other process
        between) and reads its own writes. When it exits normally the writes are fsynced as one
        line; when it raises, none is written and memory is as before (ids handed out inside may be
        skipped later). A failed fsync raises :class:`StoreError`, again with nothing changed. A
        nested ``transaction()`` joins the outer one; if the nested block raises, only its own writes
        are undone. ``compact()`` and ``erase_history()`` called inside run when the outermost
        block has been written.
        """
        with self._storage.transaction():
            yield self

    @contextmanager
    def bulk(self) -> Iterator["Store"]:
        """Many transactions in a row (an import in batches): the journal is folded in once, at the end."""
        with self._storage.bulk():
            yield self

    def insert(self, table: str, doc: Mapping[str, Any]) -> int:
        """Store a new document durably; returns its id."""
        return self.table(table).insert({k: v for k, v in doc.items() if k != "id"})

    def insert_many(self, table: str, docs: list[dict[str, Any]]) -> list[int]:
        """Store new documents durably in one transaction (joining an open one); returns their ids in order.

        The store keeps ``docs`` themselves, without copying them (an import hands over 100,000 at a
        time): the caller must not change them afterwards. A key ``"id"`` is not stored.
        """
        storage = self._storage
        with storage.transaction():
            ops: list[list[Any]] = []
            for doc in docs:
                if not isinstance(doc, dict):
                    raise ValueError("Document is not a dict")
                doc.pop("id", None)
                ops.append(["put", table, storage.allocate_id(table), doc])
            storage.commit(ops)
        return [int(op[2]) for op in ops]

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

    close_policy: bool | None = True
    """What :meth:`close` does with the journal when not told: ``True`` fold it in (the TUI's clean exit),
    ``None`` only when cheap or due (CLI commands set this), ``False`` leave it."""

    def close(self, compact: bool | None | str = "policy") -> None:
        """Close the store; ``compact`` (default: :attr:`close_policy`) says what happens to the journal.

        ``True``: fold the journal in; afterwards the file is a plain TinyDB JSON file. ``None``: fold it
        in only when the store is small or the journal has grown large against it (so one check-in on
        a big store costs no rewrite; see :meth:`JournaledStorage.close`). ``False``: leave the
        journal for the next open.
        """
        try:
            self._storage.close(compact=self.close_policy if compact == "policy" else compact)  # type: ignore[arg-type]
        finally:
            self._db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_FEW = 64
"""Up to this many documents are read one by one; more from their parsed table."""

_UNSET: Any = msgspec.UNSET


def _record(doc_id: str, doc: Mapping[str, Any]) -> Record:
    # Two levels deep is as deep as our documents go; a full deepcopy would cost ten times more.
    record = {k: (v.copy() if isinstance(v, (list, dict)) else v) for k, v in doc.items()}
    record["id"] = int(doc_id) if doc_id.isdigit() else doc_id
    return record


def _order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (0, doc_id)
