"""A TinyDB storage that never loses a returned write: an fsynced journal, atomic compaction, a process lock.

Why a journal: TinyDB's own JSONStorage rewrites the whole file in place on every write. That costs
time in proportion to the store (43 ms per insert at 10,000 records, measured) and a crash in the
middle leaves a torn file. Here every write transaction is one line appended to ``<store>.journal``
and fsynced (a fraction of a millisecond at any store size); the line carries a CRC so a torn last
line (power loss during the append) is recognised and dropped, never half-applied. The journal is
folded back into the main JSON file ("compaction") when it grows large and on a clean close: the
new file is written to a temporary file in the same folder, fsynced, the old file is kept as
``<store>.bak`` (a hard link, no copy), and ``os.replace`` swaps the new one in, followed by an fsync
of the folder. After a clean exit only the plain TinyDB JSON file remains, so stock
``tinydb.TinyDB(path)`` reads everything.

Why a lock: two app instances (two terminals, or one process per browser tab when served) write to
the same store. Every read synchronises under a shared ``flock`` and every write transaction runs
under an exclusive one: re-read what other processes appended, allocate document ids, append,
fsync. Journal operations set or delete whole documents, so replaying a journal over a main file
that already holds some of its operations gives the same result (compaction may be interrupted at
any point without harm).
"""

from __future__ import annotations

import errno
import json
import os
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from tinydb.storages import Storage

from integra_tui.errors import IntegraError
from integra_tui.i18n import _

__all__ = [
    "JournaledStorage",
    "SCHEMA_VERSION",
    "StoreCorruptError",
    "StoreError",
    "StoreTooNewError",
]

SCHEMA_VERSION = 1
"""The store layout this version of the app writes; a store with a higher number is refused."""

META_TABLE = "meta"

try:  # POSIX advisory locks; msvcrt on Windows.
    import fcntl

    def _lock(fd: int, exclusive: bool) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int, exclusive: bool) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


_fdatasync = getattr(os, "fdatasync", os.fsync)


class StoreError(IntegraError):
    """A store problem with a message meant for the user (one of the app's ``IntegraError`` family)."""


class StoreCorruptError(StoreError):
    """The store file (or its journal) cannot be read; it is left untouched."""


class StoreTooNewError(StoreError):
    """The store was written by a newer version of the app."""


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _encode_line(ops: list[list[Any]]) -> bytes:
    body = json.dumps(ops, ensure_ascii=True, separators=(",", ":"))
    return b"%08x %s\n" % (zlib.crc32(body.encode("ascii")), body.encode("ascii"))


def _decode_line(line: bytes) -> list[list[Any]] | None:
    """The operations of one journal line, or None when the line is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:].rstrip(b"\n")
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        ops = json.loads(body)
    except ValueError:
        return None
    return ops if isinstance(ops, list) else None


class JournaledStorage(Storage):
    """TinyDB storage: main JSON file plus fsynced journal, cross-process lock, atomic compaction.

    Use it through :class:`integra_tui.store.db.Store`, whose table class sends every write through
    :meth:`transaction` and :meth:`commit`; TinyDB's generic :meth:`write` is supported too (it
    rewrites the whole file) but is slow and only meant for tools.
    """

    compact_after_bytes = 8 * 1024 * 1024
    """Fold the journal into the main file when it grows past this size."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.path = Path(path)
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self._data: dict[str, dict[str, dict[str, Any]]] = {}
        self._max_id: dict[str, int] = {}
        self._indexes: dict[tuple[str, str], dict[Any, set[str]]] = {}
        self._main_sig: tuple[int, int, int] | None = None
        self._journal_ino: int | None = None
        self._journal_offset = 0
        self._generation = 0
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._exclusive = False
        self._closed = False

        folder = self.path.parent
        if not folder.exists():
            if not create:
                raise StoreError(_("Die Datenbank {path} gibt es nicht.").format(path=self.path))
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        try:
            self._lock_fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as error:
            raise StoreError(
                _("Die Datenbank {path} kann nicht geöffnet werden: {reason}").format(
                    path=self.path, reason=error.strerror
                )
            ) from None
        try:
            with self._locked(exclusive=True):
                if not self.path.exists():
                    if not create:
                        raise StoreError(_("Die Datenbank {path} gibt es nicht.").format(path=self.path))
                    self._write_main({META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}})
                    self._main_sig = None
                self._tighten_permissions()
                self._sync()
                self._check_schema()
        except BaseException:
            os.close(self._lock_fd)
            raise

    # -- locking ---------------------------------------------------------------------------
    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        with self._thread_lock:
            if self._depth == 0:
                _lock(self._lock_fd, exclusive)
                self._exclusive = exclusive
            elif exclusive and not self._exclusive:
                raise RuntimeError("cannot upgrade a shared store lock to an exclusive one")
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    _unlock(self._lock_fd)

    @contextmanager
    def transaction(self) -> Iterator[dict[str, dict[str, dict[str, Any]]]]:
        """Hold the exclusive lock with the data synchronised; :meth:`commit` inside it."""
        with self._locked(exclusive=True):
            self._sync()
            yield self._data

    # -- reading ---------------------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[dict[str, dict[str, dict[str, Any]]]]:
        """The synchronised data, held still (no thread or process changes it) inside the block."""
        self._ensure_open()
        with self._locked(exclusive=False):
            self._sync()
            yield self._data

    def read(self) -> dict[str, dict[str, dict[str, Any]]]:
        """All tables, up to date with what every process has committed (TinyDB's read)."""
        self._ensure_open()
        with self._locked(exclusive=False):
            self._sync()
        return self._data

    @property
    def generation(self) -> int:
        """A number that changes whenever the data changes (after a :meth:`refresh`)."""
        return self._generation

    def refresh(self) -> int:
        """Pick up what other processes wrote; returns :attr:`generation`."""
        self.read()
        return self._generation

    def _stat(self, path: Path) -> os.stat_result | None:
        try:
            return os.stat(path)
        except FileNotFoundError:
            return None

    def _sync(self) -> None:
        """Bring the in-memory data up to date with the files (caller holds the lock)."""
        main = self._stat(self.path)
        if main is None:
            raise StoreCorruptError(
                _("Die Datenbank {path} ist verschwunden. Stellen Sie sie aus {backup} wieder her.").format(
                    path=self.path, backup=self.backup_path
                )
            )
        sig = (main.st_ino, main.st_size, main.st_mtime_ns)
        journal = self._stat(self.journal_path)
        if sig != self._main_sig:
            self._load_main(sig)
            self._journal_ino, self._journal_offset = None, 0
        if journal is None:
            self._journal_ino, self._journal_offset = None, 0
            return
        if journal.st_ino != self._journal_ino:
            self._journal_ino, self._journal_offset = journal.st_ino, 0
        if journal.st_size > self._journal_offset:
            self._replay_journal()
        elif journal.st_size < self._journal_offset:
            # Another process dropped a torn tail we had never applied, nothing else.
            self._journal_offset = journal.st_size

    def _load_main(self, sig: tuple[int, int, int]) -> None:
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read()
            data = json.loads(raw) if raw.strip() else None
        except (ValueError, UnicodeDecodeError):
            data = None
        except OSError as error:
            raise StoreError(
                _("Die Datenbank {path} kann nicht gelesen werden: {reason}").format(
                    path=self.path, reason=error.strerror
                )
            ) from None
        if not isinstance(data, dict) or not all(isinstance(t, dict) for t in data.values()):
            raise StoreCorruptError(self._corrupt_message())
        self._data = data
        self._max_id = {name: max((int(k) for k in table if k.isdigit()), default=0) for name, table in data.items()}
        self._indexes.clear()
        self._main_sig = sig
        self._generation += 1

    def _corrupt_message(self) -> str:
        if self.backup_path.exists():
            return _(
                "Die Datenbank {path} ist beschädigt und wurde nicht verändert. "
                "Die letzte gute Sicherung ist {backup}: beenden Sie alle Fenster der App, "
                "legen Sie die beschädigte Datei beiseite und kopieren Sie die Sicherung an ihre Stelle."
            ).format(path=self.path, backup=self.backup_path)
        return _(
            "Die Datenbank {path} ist beschädigt und wurde nicht verändert. "
            "Es gibt keine Sicherung; legen Sie die Datei beiseite oder wählen Sie mit --db eine andere."
        ).format(path=self.path)

    def _replay_journal(self) -> None:
        with open(self.journal_path, "rb") as handle:
            handle.seek(self._journal_offset)
            chunk = handle.read()
        offset = self._journal_offset
        lines = chunk.split(b"\n")
        tail = lines.pop()  # bytes after the last newline: an append in progress or torn
        changed = False
        for number, line in enumerate(lines):
            ops = _decode_line(line + b"\n")
            if ops is None:
                if any(_decode_line(rest + b"\n") is not None for rest in lines[number + 1 :]):
                    raise StoreCorruptError(self._corrupt_message())
                break  # a torn last line: the write never returned, drop it
            for op in ops:
                self._apply(op)
            changed = True
            offset += len(line) + 1
        del tail
        self._journal_offset = offset
        if changed:
            self._generation += 1

    # -- writing ---------------------------------------------------------------------------
    def allocate_id(self, table: str) -> str:
        """A fresh document id for ``table`` (call inside :meth:`transaction`)."""
        assert self._depth and self._exclusive, "allocate_id needs the transaction lock"
        next_id = self._max_id.get(table, 0) + 1
        self._max_id[table] = next_id
        return str(next_id)

    def commit(self, ops: list[list[Any]]) -> None:
        """Make ``ops`` durable (one fsynced journal line) and apply them; inside :meth:`transaction`.

        Operations: ``["put", table, doc_id, document]``, ``["del", table, doc_id]``,
        ``["drop", table]``. When this returns, the change survives a crash or power loss.
        """
        assert self._depth and self._exclusive, "commit needs the transaction lock"
        if not ops:
            return
        line = _encode_line(ops)
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        except OSError as error:
            raise StoreError(self._not_saved_message(error)) from None
        try:
            size = os.fstat(fd).st_size
            if size != self._journal_offset:
                # What lies past the last good line is a torn write of a crashed process.
                os.ftruncate(fd, self._journal_offset)
            written = os.write(fd, line)
            if written != len(line):  # disk full mid-write
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            _fdatasync(fd)
            stat = os.fstat(fd)
        except OSError as error:
            # Not durable, so not acknowledged: take the line back, so no reader ever applies it.
            try:
                os.ftruncate(fd, self._journal_offset)
            except OSError:
                pass
            raise StoreError(self._not_saved_message(error)) from None
        finally:
            os.close(fd)
        if self._journal_ino != stat.st_ino:
            _fsync_dir(self.path.parent)  # the journal file itself is new: make its name durable
            self._journal_ino = stat.st_ino
        self._journal_offset += len(line)
        for op in ops:
            self._apply(op)
        self._generation += 1
        if self._journal_offset > self.compact_after_bytes:
            try:
                self.compact()
            except StoreError:
                pass  # the write above is safe in the journal; folding it in is tried again later

    def _not_saved_message(self, error: OSError) -> str:
        return _(
            "Nicht gespeichert: {reason} ({path}). Bitte Speicherplatz und Schreibrechte prüfen; "
            "alles bisher Gespeicherte bleibt erhalten."
        ).format(reason=error.strerror or error, path=self.journal_path)

    def _apply(self, op: list[Any]) -> None:
        kind, table = op[0], op[1]
        if kind == "put":
            doc_id, doc = op[2], op[3]
            docs = self._data.setdefault(table, {})
            old = docs.get(doc_id)
            docs[doc_id] = doc
            if doc_id.isdigit() and int(doc_id) > self._max_id.get(table, 0):
                self._max_id[table] = int(doc_id)
            self._reindex(table, doc_id, old, doc)
        elif kind == "del":
            docs = self._data.get(table, {})
            old = docs.pop(op[2], None)
            if old is not None:
                self._reindex(table, op[2], old, None)
        elif kind == "drop":
            self._data.pop(table, None)
            for key in [k for k in self._indexes if k[0] == table]:
                del self._indexes[key]
        else:
            raise StoreCorruptError(self._corrupt_message())

    def write(self, data: dict[str, dict[str, dict[str, Any]]]) -> None:
        """TinyDB's generic write: replace everything (slow, whole file; for tools only)."""
        self._ensure_open()
        with self.transaction():
            ops: list[list[Any]] = [["drop", name] for name in list(self._data)]
            for name, table in data.items():
                for doc_id, doc in table.items():
                    ops.append(["put", name, str(doc_id), doc])
            self._data = {}
            self._indexes.clear()
            self.commit(ops)
            self.compact()

    # -- indexes ---------------------------------------------------------------------------
    def lookup(self, table: str, field: str, value: Any) -> list[str]:
        """Ids of the documents in ``table`` whose ``field`` equals ``value`` (a kept index)."""
        with self.reading():
            return self._lookup(table, field, value)

    def _lookup(self, table: str, field: str, value: Any) -> list[str]:
        index = self._indexes.get((table, field))
        if index is None:
            index = {}
            for doc_id, doc in self._data.get(table, {}).items():
                key = doc.get(field)
                if _hashable(key):
                    index.setdefault(key, set()).add(doc_id)
            self._indexes[(table, field)] = index
        return sorted(index.get(value, ()), key=_id_order)

    def _reindex(self, table: str, doc_id: str, old: dict | None, new: dict | None) -> None:
        for (name, field), index in self._indexes.items():
            if name != table:
                continue
            if old is not None and _hashable(old.get(field)):
                bucket = index.get(old.get(field))
                if bucket is not None:
                    bucket.discard(doc_id)
                    if not bucket:
                        del index[old.get(field)]
            if new is not None and _hashable(new.get(field)):
                index.setdefault(new.get(field), set()).add(doc_id)

    # -- compaction and files --------------------------------------------------------------
    def compact(self) -> None:
        """Fold the journal into the main file atomically, keeping the previous file as backup."""
        self._ensure_open()
        with self._locked(exclusive=True):
            self._sync()
            if self._stat(self.journal_path) is None:
                return
            try:
                self._write_main(self._data)
            except OSError as error:  # the journal still holds everything; folding it in waits
                raise StoreError(self._not_saved_message(error)) from None
            try:
                os.unlink(self.journal_path)
            except FileNotFoundError:
                pass
            _fsync_dir(self.path.parent)
            self._journal_ino, self._journal_offset = None, 0
            main = os.stat(self.path)
            self._main_sig = (main.st_ino, main.st_size, main.st_mtime_ns)

    def erase_history(self) -> None:
        """Compact, then make the backup a copy of the new main file: no older file keeps erased data."""
        self._ensure_open()
        with self._locked(exclusive=True):
            self.compact()
            backup_tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.bak")
            backup_tmp.unlink(missing_ok=True)
            try:
                os.link(self.path, backup_tmp)
                os.replace(backup_tmp, self.backup_path)
            except OSError:  # no hard links here: drop the backup rather than keep erased data in it
                backup_tmp.unlink(missing_ok=True)
                self.backup_path.unlink(missing_ok=True)
            _fsync_dir(self.path.parent)

    def _write_main(self, data: dict[str, Any]) -> None:
        """Write ``data`` as the main file: temp file, fsync, keep backup, replace, fsync folder."""
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        payload = json.dumps(data, ensure_ascii=True, separators=(",", ":")).encode("ascii")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        os.close(fd)
        if self.path.exists():
            backup_tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.bak")
            backup_tmp.unlink(missing_ok=True)
            try:
                os.link(self.path, backup_tmp)
                os.replace(backup_tmp, self.backup_path)
            except OSError:  # filesystems without hard links: keep no backup rather than fail
                backup_tmp.unlink(missing_ok=True)
        os.replace(tmp, self.path)
        _fsync_dir(self.path.parent)

    def _tighten_permissions(self) -> None:
        for path in (self.path, self.journal_path, self.lock_path, self.backup_path):
            try:
                if path.stat().st_mode & 0o077:
                    os.chmod(path, 0o600)
            except OSError:
                pass

    def _check_schema(self) -> None:
        meta = self._data.get(META_TABLE, {}).get("1", {})
        version = meta.get("schema_version", SCHEMA_VERSION) if isinstance(meta, dict) else SCHEMA_VERSION
        if not isinstance(version, int) or version > SCHEMA_VERSION:
            raise StoreTooNewError(
                _(
                    "Die Datenbank {path} stammt von einer neueren Version der App (Format {found}, "
                    "diese Version kennt {known}). Bitte aktualisieren Sie integra-tui."
                ).format(path=self.path, found=version, known=SCHEMA_VERSION)
            )

    def _ensure_open(self) -> None:
        if self._closed:
            raise StoreError(_("Die Datenbank ist bereits geschlossen."))

    def close(self) -> None:
        """Fold the journal into the main file and release the lock file (a clean exit)."""
        if self._closed:
            return
        try:
            self.compact()
        finally:
            self._closed = True
            os.close(self._lock_fd)


def _hashable(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _id_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (0, doc_id)
