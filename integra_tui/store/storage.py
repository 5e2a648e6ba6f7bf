"""A TinyDB storage that never loses a returned write: an fsynced journal, atomic compaction, a process lock.

Why a journal: TinyDB's own JSONStorage rewrites the whole file in place on every write. That costs
time in proportion to the store (43 ms per insert at 10,000 records, measured) and a crash in the
middle leaves a torn file. Here every transaction is ONE line appended to ``<store>.journal`` and
fsynced (a fraction of a millisecond at any store size). The line carries a CRC32 of its body, so
a torn last line (power loss during the append: the line has no final newline) is recognised and
dropped, never half-applied. A complete line (it ends with a newline) whose CRC does not match, or
whose operations are malformed, is damage, not a torn write: the store is refused with a clear
message and every file is kept as it is.

Transactions are all-or-nothing. Inside :meth:`JournaledStorage.transaction` every write is applied
to the in-memory data at once (so reads inside the block see the block's own writes) and recorded
with what it replaced. When the outermost block exits normally, all its operations are written as
one journal line and fsynced: that is the moment the whole change becomes durable. When the block
raises, or the fsync fails (:class:`StoreError`), the recorded old values are put back and nothing
reaches the disk. A nested ``transaction()`` joins the outer one; when a nested block raises, only
its own writes are undone (a savepoint) and the exception goes on. Replay applies a line completely
or not at all: its operations are checked before the first one is applied. Document ids handed out
inside a rolled-back transaction may be skipped, never handed out twice: ids are allocated under the
exclusive lock from data synchronised with every other process.

Compaction folds the journal back into the main JSON file: the new file is written to a temporary
file in the same folder (created with ``O_EXCL``), fsynced, the old file is kept as ``<store>.bak``
(a hard link, no copy), and ``os.replace`` swaps the new one in, followed by an fsync of the folder
and the removal of the journal. Journal operations set or delete whole documents, so replaying a
journal over a main file that already holds some of its operations gives the same result (compaction
may be interrupted at any point without harm). It runs when the journal passes
:attr:`JournaledStorage.compact_after_bytes`, on :meth:`~JournaledStorage.compact`, and on close
according to the close policy (:meth:`JournaledStorage.close`): ``compact=True`` (the TUI's clean
exit) always folds the journal in, ``compact=None`` (a CLI command) only when rewriting is cheap or
the journal has grown large relative to the main file, ``compact=False`` never.

The main file is standard UTF-8 JSON in TinyDB's layout (``{table: {id: document}}``), written and
read with msgspec: on a 100,000-person file it parses about twice as fast as the standard library and
writes eight times as fast; orjson is as fast, but parses through an intermediate tree and needs a
fifth more memory at its peak (``benchmarks/bench_store.py`` prints the figures). At open only the
file's outline is parsed (each table kept as its bytes, a tenth of a full parse); a table is parsed when
first used, and one document of a table still unread is read from that table's outline alone, so a
command that checks one person in pays for the codes table, not for everyone's records (:class:`_Tables`).
The cyclic garbage collector is paused while a file or journal is parsed. Stock
``tinydb.TinyDB(path)`` reads the file (``encoding="utf-8"`` on Windows). After a folding close only
the plain TinyDB file remains.

Why a lock: two app instances (two terminals, or one process per browser tab when served) write to
the same store. Every read synchronises under a shared ``flock`` and every transaction runs under an
exclusive one: re-read what other processes appended, allocate document ids, append, fsync.
The wait for the lock is bounded (:attr:`JournaledStorage.lock_wait_seconds`): a process that holds
it for long (a second app in a long import, a stuck program) makes a read or a write give up with
:class:`StoreBusyError` and its message, never hang the screen that asked; nothing was written then.

Files that are not what they seem: a store path that is a symbolic link is resolved once at open;
journal, lock, backup and temporary files live beside the real file, and compaction replaces the
real file, never the link. Journal, lock and temporary files are opened with ``O_NOFOLLOW`` (temporary
files also ``O_EXCL``): a symbolic link planted at one of those names is refused, never followed.
Every compaction records what it wrote (inode, size, mtime, CRC32) in the lock file. When the main
file changes and matches neither that record nor the one a compaction is about to write, another
program wrote it: the app keeps both versions (the other program's in the main file, its own in
``<store>.app-<time>.json``), stops writing (:class:`StoreChangedOutsideError`) and says how to
decide (an open refuses too, until the copy is put in place or set aside). A main file changed while
no app ran and nothing waited in the journal is simply read. Documents, ids and indexes stay
compact in memory: an index maps a value to one id, and to a set only when several documents share it.

Stray copies: temporary files of processes that no longer run (``.<store>.<pid>.tmp`` and ``.bak``)
are removed on open; :meth:`~JournaledStorage.erase_history` folds the journal in, removes every such
file and makes the backup a copy of the new main file, so no older copy keeps erased data.

Crash points (tests only): set ``INTEGRA_TEST_CRASHPOINT`` in a child process's environment and the
storage stops that process with SIGKILL right after a durable step:

* ``N`` kills at the N-th step of any name (counting from 1), ``NAME:N`` at the N-th step called
  ``NAME`` (``NAME`` alone means ``NAME:1``), ``trace`` only reports every step and goes on.
* Before dying (and for every step under ``trace``) it writes ``crashpoint NAME N`` and a newline to
  stderr (N counts all steps), so the parent knows it got there.
* Steps: ``journal-fsync`` (a transaction's line is durable), ``journal-folder-fsync`` (a new journal's
  name is durable), ``record-fsync`` (the lock file names the main file about to be written),
  ``temp-fsync`` (the new main file is complete under its temporary name), ``backup-link`` and
  ``backup-replace`` (the previous main file is kept as ``.bak``), ``main-replace`` (the new main file
  is in place), ``folder-fsync`` (that rename is durable), ``journal-unlink`` (the folded journal is
  gone), ``stray-unlink`` (a stale temporary file is removed), ``app-copy-unlink`` (erasing removed
  the app's copy of a decided outside change).
* Code outside the store marks its own steps with :func:`crashpoint` (``crashpoint("forget-codes")``).
* Unset, it costs one comparison per step. ``tests/store/crashpoints.py`` runs a snippet in a child
  process and kills it at each step in turn.
"""

from __future__ import annotations

import copy
import errno
import gc
import json
import os
import re
import signal
import stat as stat_module
import sys
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import msgspec
from tinydb.storages import Storage

from integra_tui.errors import StoreBusyError, StoreError
from integra_tui.i18n import _

__all__ = [
    "CRASHPOINT_ENV",
    "JournaledStorage",
    "SCHEMA_VERSION",
    "StoreBusyError",
    "StoreChangedOutsideError",
    "StoreCorruptError",
    "StoreError",
    "StoreTooNewError",
    "crashpoint",
]

SCHEMA_VERSION = 1
"""The store layout this version of the app writes; a store with a higher number is refused."""

META_TABLE = "meta"

CRASHPOINT_ENV = "INTEGRA_TEST_CRASHPOINT"
"""The environment variable that arms the test-only crash points (see the module's description)."""

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_BINARY = getattr(os, "O_BINARY", 0)

try:  # POSIX advisory locks; msvcrt on Windows.
    import fcntl

    def _lock(fd: int, exclusive: bool) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)

    def _try_lock(fd: int, exclusive: bool) -> bool:
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:  # another process holds it
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

except ImportError:  # pragma: no cover - Windows
    import msvcrt

    def _lock(fd: int, exclusive: bool) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined, unused-ignore]  # Windows only

    def _try_lock(fd: int, exclusive: bool) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined, unused-ignore]  # Windows only
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined, unused-ignore]  # Windows only


_fdatasync = getattr(os, "fdatasync", os.fsync)


class StoreCorruptError(StoreError):
    """The store file (or its journal) cannot be read; it is left untouched."""


class StoreTooNewError(StoreError):
    """The store was written by a newer version of the app."""


class StoreChangedOutsideError(StoreError):
    """Another program wrote the main file; the app keeps both versions and writes nothing until the user decides."""


# -- crash points (tests only) -------------------------------------------------------------------
class _CrashPoints:
    """Counts durable steps and kills the process at the one named in ``INTEGRA_TEST_CRASHPOINT``."""

    def __init__(self, spec: str) -> None:
        self.trace = spec.strip() == "trace"
        self.name: str | None = None
        self.target = 0
        if not self.trace:
            name, _sep, number = spec.strip().rpartition(":")
            if not name and not number.isdigit():
                name, number = number, "1"
            self.name = name or None
            self.target = int(number)
        self.count = 0
        self.per_name: dict[str, int] = {}

    def __call__(self, name: str) -> None:
        self.count += 1
        seen = self.per_name[name] = self.per_name.get(name, 0) + 1
        if self.trace:
            hit = False
        elif self.name is None:
            hit = self.count == self.target
        else:
            hit = name == self.name and seen == self.target
        if self.trace or hit:
            os.write(2, f"crashpoint {name} {self.count}\n".encode("ascii"))
        if hit:
            if hasattr(signal, "SIGKILL"):
                os.kill(os.getpid(), signal.SIGKILL)
            os._exit(137)  # pragma: no cover - platforms without SIGKILL


_crash: _CrashPoints | None = _CrashPoints(os.environ[CRASHPOINT_ENV]) if os.environ.get(CRASHPOINT_ENV) else None


def crashpoint(name: str) -> None:
    """Mark a durable step called ``name``: a test may kill the process right here (see the module's description)."""
    if _crash is not None:
        _crash(name)


# -- small helpers ----------------------------------------------------------------------------------
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


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder()


def _dumps(value: Any) -> bytes:
    """Standard JSON as UTF-8 bytes (msgspec; the standard library for what msgspec refuses, e.g. lone surrogates)."""
    try:
        return _encoder.encode(value)
    except (TypeError, ValueError, msgspec.EncodeError):
        return json.dumps(value, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _loads(raw: bytes) -> Any:
    """Parse JSON (msgspec; the standard library for what only it accepts: NaN, 1e400, lone surrogates)."""
    try:
        return _decoder.decode(raw)
    except msgspec.DecodeError:
        return json.loads(raw)


_tables_decoder = msgspec.json.Decoder(dict[str, msgspec.Raw])
_docs_decoder = _tables_decoder  # a table's outline: each document as its bytes

_SMALL_TABLE_BYTES = 1 << 20
"""Tables up to this size are copied out of the file's buffer at open: the buffer goes once the big ones are parsed."""


_PICKS_BEFORE_PARSE = 4
"""Lookups of one unread table answered from its bytes; the next one parses it (a long-running app then indexes it)."""

_PLAIN = frozenset(range(0x20, 0x7F)) - {ord('"'), ord("\\"), ord("/")}
"""ASCII bytes JSON writes only as themselves, unless it escapes them as ``\\uXXXX`` (see :meth:`_Tables.pick_ids`)."""

_WHITESPACE = b" \t\r\n"
_raw_decoder = msgspec.json.Decoder(msgspec.Raw)  # validates a value and skips it, building nothing


class _Tables(dict):  # type: ignore[type-arg]
    """The store's tables, each parsed from the main file the first time it is used.

    At open only the outline is read (which table's JSON lies where: a tenth of a full parse);
    a table still unread is held as its exact bytes (``msgspec.Raw``) and parsed by the first
    ``get``/``[]``/``items`` that reaches it. A compaction writes unread tables back byte for byte.
    A command that checks one person in never parses the agenda, the minutes or the history.
    The storage's lock is held by every caller, so a table is parsed once.

    A big table still unread answers its first few lookups from the file's bytes (:meth:`pick_ids`,
    :meth:`one`): the value is searched for in the table's bytes, and each place found is checked to
    be a field of a document of that table (the document is parsed alone, and whether its start lies
    at the table's own level is checked by letting msgspec validate the JSON before or after it). One
    check-in on 100,000 people then parses two documents, not the codes and persons tables.
    """

    __slots__ = ("_parse", "_outlines", "_file", "_spans", "_plain", "_picks", "_picked")

    def __init__(self, tables: dict[str, Any], parse: Any, file: bytes | None = None, plain: bool = False) -> None:
        super().__init__(tables)
        self._parse = parse
        self._outlines: dict[str, dict[str, msgspec.Raw]] = {}
        self._file = file
        """The main file's bytes while a big table is unread (its ``Raw`` is a view of them anyway)."""
        self._spans: dict[str, tuple[int, int]] = _spans(file, tables) if file is not None else {}
        """Where each big unread table lies in :attr:`_file`."""
        self._plain = plain
        """Whether the app wrote the file (msgspec, or ``json`` for lone surrogates): plain ASCII is never escaped."""
        self._picks: dict[str, int] = {}
        self._picked: dict[str, dict[str, Any]] = {}

    def one(self, name: str, doc_id: str) -> Any:
        """The document ``doc_id`` of table ``name`` or None; an unread table stays unread (one person, not 100,000)."""
        value = dict.get(self, name, _MISSING)
        if value is _MISSING:
            return None
        if type(value) is not msgspec.Raw:
            return value.get(doc_id)
        picked = self._picked.get(name)
        if picked is not None and doc_id in picked:
            return picked[doc_id]
        outline = self._outlines.get(name)
        if outline is None and self._may_pick(name):
            found = self._pick_doc(name, doc_id)
            if found is not _MISSING:
                return found
        try:
            if outline is None:  # while the table is unread its bytes are those of the file: the outline holds
                outline = self._outlines[name] = _docs_decoder.decode(value)
            raw = outline.get(doc_id)
            return None if raw is None else _decoder.decode(raw)
        except msgspec.DecodeError:  # what only the standard library reads: the whole table
            return self[name].get(doc_id)

    def pick_ids(self, name: str, field: str, value: Any) -> list[str] | None:
        """Ids of the documents of the big unread table ``name`` whose ``field`` is the text ``value``, or None.

        None means "ask the parsed table": the table is read, small, asked too often, or the value is
        not plain ASCII (a text of letters, digits and punctuation other than quote, backslash and
        slash is written by JSON as itself or with ``\\u`` escapes: when the app wrote the file, or
        the table holds no ``\\u``, every document holding it holds these bytes).
        """
        span = self._spans.get(name)
        if span is None or not isinstance(value, str) or not value or not self._may_pick(name):
            return None
        if not all(ord(char) in _PLAIN for char in value):
            return None
        file = self._file
        assert file is not None
        start, end = span
        if not self._plain and file.find(b"\\u", start, end) >= 0:
            return None
        needle = b'"' + value.encode("ascii") + b'"'
        found: list[str] = []
        at = file.find(needle, start, end)
        while at >= 0:
            located = self._document_around(name, at)
            if located is None:
                return None
            doc_id, doc, doc_end = located
            if doc_id and isinstance(doc, dict) and doc.get(field) == value and doc_id not in found:
                found.append(doc_id)
                self._picked.setdefault(name, {})[doc_id] = doc  # what the caller reads next
            at = file.find(needle, max(doc_end, at + len(needle)) if doc_id else at + len(needle), end)
        return found

    def field_values(self, name: str, field: str) -> dict[str, Any] | None:
        """``field`` of every document of the unread table ``name`` (``msgspec.UNSET`` where missing), or None.

        msgspec reads the table's bytes into one small object per document holding that field alone:
        the groups of 100,000 people cost a tenth of parsing them, and the table stays unread. None
        when the table is parsed already (ask its documents) or is not a table of objects.
        """
        value = dict.get(self, name, _MISSING)
        if type(value) is not msgspec.Raw:
            return None
        pick = msgspec.defstruct("Pick", [("value", Any, msgspec.UNSET)], rename={"value": field})
        try:
            with _no_gc():
                found: dict[str, Any] = msgspec.json.Decoder(dict[str, pick]).decode(value)  # type: ignore[valid-type]
        except msgspec.DecodeError:
            return None
        return {doc_id: one.value for doc_id, one in found.items()}

    def _may_pick(self, name: str) -> bool:
        if name not in self._spans:
            return False
        count = self._picks[name] = self._picks.get(name, 0) + 1
        return count <= _PICKS_BEFORE_PARSE

    def _pick_doc(self, name: str, doc_id: str) -> Any:
        """The document ``doc_id`` read alone from the file, None when the table has none, _MISSING when unsure."""
        if not doc_id or not all(ord(char) in _PLAIN for char in doc_id):
            return _MISSING
        file = self._file
        assert file is not None
        start, end = self._spans[name]
        if not self._plain and file.find(b"\\u", start, end) >= 0:
            return _MISSING
        needle = b'"' + doc_id.encode("ascii") + b'"'
        at = file.find(needle, start, end)
        while at >= 0:
            key_start = _skip_back(file, at)
            value_start = _after_colon(file, at + len(needle), end)
            if file[key_start : key_start + 1] in (b"{", b",") and value_start is not None:
                if file[value_start : value_start + 1] == b"{" and self._top_level(name, key_start):
                    doc, _doc_end = _one_value(file, value_start, end)
                    if doc is _MISSING:
                        return _MISSING
                    self._picked.setdefault(name, {})[doc_id] = doc
                    return doc
            at = file.find(needle, at + 1, end)
        self._picked.setdefault(name, {})[doc_id] = None
        return None

    def _document_around(self, name: str, at: int) -> tuple[str, Any, int] | None:
        """The document of table ``name`` whose bytes hold position ``at``: (id, document, end), ("", None, at) when
        ``at`` lies in none (a key of the table), None when unsure."""
        file = self._file
        assert file is not None
        start, end = self._spans[name]
        lowest = at
        while True:
            key = _key_before(file, start, lowest)
            if key is None:
                return ("", None, at) if _is_key(file, at, end) else None
            key_start, doc_id, value_start = key
            if self._top_level(name, key_start):
                doc, doc_end = _one_value(file, value_start, end)
                if doc is _MISSING:
                    return None
                if doc_end <= at:  # the place found lies after this document: a key of the table, or unsure
                    return ("", None, at) if _is_key(file, at, end) else None
                return (doc_id, doc, doc_end)
            lowest = key_start

    def _top_level(self, name: str, key_start: int) -> bool:
        """Whether the ``{`` or ``,`` at ``key_start`` opens a member of the table itself, not of a nested object.

        The JSON before it closed with ``}`` (or the JSON after it opened with ``{``) is valid exactly
        then; msgspec checks the shorter side.
        """
        file = self._file
        assert file is not None
        start, end = self._spans[name]
        if file[key_start : key_start + 1] == b"{":
            return key_start == start
        try:
            if key_start - start < end - key_start:
                _raw_decoder.decode(b"".join((memoryview(file)[start:key_start], b"}")))
            else:
                _raw_decoder.decode(b"".join((b"{", memoryview(file)[key_start + 1 : end])))
        except msgspec.DecodeError:
            return False
        return True

    def _real(self, name: str, value: Any) -> Any:
        if type(value) is msgspec.Raw:
            value = self._parse(name, value)
            dict.__setitem__(self, name, value)
            self._outlines.pop(name, None)
            self._forget_bytes(name)
        return value

    def _forget_bytes(self, name: str) -> None:
        self._picked.pop(name, None)
        if self._spans.pop(name, None) is not None and not self._spans:
            self._file = None

    def __setitem__(self, name: str, value: Any) -> None:
        self._outlines.pop(name, None)
        self._forget_bytes(name)
        dict.__setitem__(self, name, value)

    def __getitem__(self, name: str) -> Any:
        return self._real(name, dict.__getitem__(self, name))

    def get(self, name: str, default: Any = None) -> Any:
        value = dict.get(self, name, _MISSING)
        return default if value is _MISSING else self._real(name, value)

    def setdefault(self, name: str, default: Any = None) -> Any:
        if name in self:
            return self[name]
        self[name] = default
        return default

    def pop(self, name: str, *default: Any) -> Any:
        if name in self:
            self[name]  # parsed first: whoever pops a table gets its documents
        self._forget_bytes(name)
        return dict.pop(self, name, *default)

    def items(self) -> list[tuple[str, Any]]:  # type: ignore[override]
        return [(name, self[name]) for name in list(self)]

    def values(self) -> list[Any]:  # type: ignore[override]
        return [self[name] for name in list(self)]

    def unread(self) -> list[str]:
        """The tables not parsed yet (for tests and benchmarks)."""
        return [name for name, value in dict.items(self) if type(value) is msgspec.Raw]


def _spans(file: bytes, tables: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """Where each big unread table of ``tables`` (the outline of ``file``, in file order) lies in ``file``.

    Walks the file's top level: ``{``, then per table its key, ``:`` and as many bytes as its outline
    holds. Anything unexpected (an escaped table name, bytes that differ) gives no spans at all.
    """
    spans: dict[str, tuple[int, int]] = {}
    size = len(file)
    at = _skip(file, 0, size)
    if file[at : at + 1] != b"{":
        return {}
    at += 1
    for name, table in tables.items():
        at = _skip(file, at, size)
        if file[at : at + 1] == b",":
            at = _skip(file, at + 1, size)
        key = b'"' + name.encode("utf-8") + b'"'
        if type(table) is not msgspec.Raw or "\\" in name or '"' in name or not file.startswith(key, at):
            return {}
        value_start = _after_colon(file, at + len(key), size)
        length, edge = len(table), min(16, len(table))
        if value_start is None or file[value_start : value_start + edge] != bytes(memoryview(table)[:edge]):
            return {}
        if file[value_start + length - edge : value_start + length] != bytes(memoryview(table)[length - edge :]):
            return {}
        if length > _SMALL_TABLE_BYTES:
            spans[name] = (value_start, value_start + length)
        at = value_start + length
    return spans


def _skip(file: bytes, at: int, end: int) -> int:
    while at < end and file[at] in _WHITESPACE:
        at += 1
    return at


def _skip_back(file: bytes, at: int) -> int:
    """The position of the last byte before ``at`` that is not whitespace (-1 when none)."""
    at -= 1
    while at >= 0 and file[at] in _WHITESPACE:
        at -= 1
    return at


def _is_key(file: bytes, at: int, end: int) -> bool:
    """Whether the string starting at ``at`` is a key: a ``:`` follows its closing quote."""
    close = file.find(b'"', at + 1, end)
    return close >= 0 and _after_colon(file, close + 1, end) is not None


def _after_colon(file: bytes, at: int, end: int) -> int | None:
    """Where the value begins after a key ending before ``at``, or None when no ``:`` follows."""
    at = _skip(file, at, end)
    if file[at : at + 1] != b":":
        return None
    return _skip(file, at + 1, end)


_KEY_BEFORE = re.compile(rb'[{,]\s*"([^"\\]*)"\s*:\s*\{')


def _key_before(file: bytes, start: int, at: int) -> tuple[int, str, int] | None:
    """The last ``{``/``,`` + key + ``:{`` that begins before ``at`` in ``file[start:]``: (its start, key, where
    its object begins), or None. Each such match is structure, never text: inside a JSON string a quote
    is escaped, and a closing quote is never followed by a letter or digit of a key."""
    window = 512
    while True:
        low = max(start, at - window)
        last = None
        for match in _KEY_BEFORE.finditer(file, low, at):
            last = match
        if last is not None:
            return (last.start(), last.group(1).decode("utf-8", "replace"), last.end() - 1)
        if low == start:
            return None
        window *= 8


def _one_value(file: bytes, value_start: int, end: int) -> tuple[Any, int]:
    """The JSON object starting at ``value_start`` and where it ends: the one prefix ending in ``}`` that parses.

    (_MISSING, value_start) when none parses within a few hundred tries (then the table is parsed instead).
    """
    view = memoryview(file)
    close = file.find(b"}", value_start, end)
    for _try in range(512):
        if close < 0:
            break
        try:
            return _decoder.decode(view[value_start : close + 1]), close + 1
        except msgspec.DecodeError:
            close = file.find(b"}", close + 1, end)
    return _MISSING, value_start


_MISSING = object()


@contextmanager
def _no_gc() -> Iterator[None]:
    """Parsing creates hundreds of thousands of objects: without this the cyclic GC runs again and again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _encode_line(ops: list[list[Any]]) -> bytes:
    body = _dumps(ops)
    return b"%08x %s\n" % (zlib.crc32(body), body)


_KINDS = {"put": 4, "del": 3, "drop": 2, "table": 2}


def _valid_ops(ops: Any) -> bool:
    """Whether ``ops`` is a list of well-formed operations (checked before any is applied)."""
    if not isinstance(ops, list):
        return False
    for op in ops:
        if not isinstance(op, list) or not op or _KINDS.get(op[0]) != len(op) or not isinstance(op[1], str):
            return False
        if op[0] in ("put", "del") and not isinstance(op[2], str):
            return False
        if op[0] == "put" and not isinstance(op[3], dict):
            return False
    return True


def _decode_line(line: bytes) -> list[list[Any]] | None:
    """The operations of one complete journal line, or None when the line is damaged."""
    if len(line) < 10 or line[8:9] != b" ":
        return None
    body = line[9:].rstrip(b"\n")
    try:
        if int(line[:8], 16) != zlib.crc32(body):
            return None
        ops = _loads(body)
    except ValueError:
        return None
    return ops if _valid_ops(ops) else None


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but belongs to someone else (EPERM)
        return True
    return True


Signature = tuple[int, int, int]
"""A file's (inode, size, mtime in ns): changes whenever anything writes the file."""


def _signature(st: os.stat_result) -> Signature:
    return (st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass
class _Transaction:
    """The open outermost transaction: operations to write and how to undo them in memory."""

    ops: list[list[Any]] = field(default_factory=list)
    undo: list[tuple[Any, ...]] = field(default_factory=list)
    compact: bool = False
    erase: bool = False


class JournaledStorage(Storage):
    """TinyDB storage: main JSON file plus fsynced journal, cross-process lock, atomic compaction.

    Use it through :class:`integra_tui.store.db.Store`, whose table class sends every write through
    :meth:`transaction` and :meth:`commit`; TinyDB's generic :meth:`write` is supported too (it works
    out what changed and journals that) but is slow and only meant for tools.
    """

    compact_after_bytes = 8 * 1024 * 1024
    """Fold the journal into the main file when it grows past this size (checked after each transaction)."""

    fold_small_store_bytes = 1024 * 1024
    """Close policy ``compact=None``: a main file up to this size is always rewritten (it costs milliseconds)."""

    fold_journal_ratio = 0.25
    """Close policy ``compact=None``: a bigger store is rewritten when the journal reaches this part of it."""

    lock_wait_seconds: float | None = 3.0
    """How long a read or a transaction waits for the lock another process (or another thread here) holds
    before it gives up with :class:`StoreBusyError`; None waits without a bound (the lock's old behaviour).

    Three seconds: a check-in waits behind another station's or a command's writes (milliseconds each)
    and still answers before the next person steps up; a lock held longer is a long import, an export
    or a stuck program, which the helper is told about instead of facing a frozen screen. The command
    line waits the same and says the same on stderr (exit status 1): run the command again."""

    def __init__(self, path: str | os.PathLike[str], create: bool = True) -> None:
        self.given_path = Path(path)
        """The path as the caller named it (may be a symbolic link)."""
        self.path = self._resolve(self.given_path, create)
        """The real main file: a symbolic link is resolved once, here."""
        self.journal_path = self.path.with_name(self.path.name + ".journal")
        self.lock_path = self.path.with_name(self.path.name + ".lock")
        self.backup_path = self.path.with_name(self.path.name + ".bak")
        self.outside_change: str | None = None
        """Set (to the message shown) when another program wrote the main file: no more writes until resolved."""
        self._data: dict[str, dict[str, dict[str, Any]]] = _Tables({}, self._parse_table)
        self._max_id: dict[str, int] = {}
        self._indexes: dict[tuple[str, str], dict[Any, Any]] = {}
        self._main_sig: Signature | None = None
        self._journal_ino: int | None = None
        self._journal_offset = 0
        self._generation = 0
        self._thread_lock = threading.RLock()
        self._depth = 0
        self._exclusive = False
        self._tx: _Transaction | None = None
        self._closed = False
        self._opening = True
        self._bulk = 0

        folder = self.path.parent
        if not folder.exists():
            if not create:
                raise StoreError(_("Die Datenbank {path} gibt es nicht.").format(path=self.given_path))
            folder.mkdir(parents=True, mode=0o700, exist_ok=True)
        self._lock_fd = self._open_private(self.lock_path, os.O_RDWR | os.O_CREAT)
        try:
            with self._locked(exclusive=True):
                if not self.path.exists():
                    if not create:
                        raise StoreError(_("Die Datenbank {path} gibt es nicht.").format(path=self.given_path))
                    self._write_main({META_TABLE: {"1": {"schema_version": SCHEMA_VERSION}}})
                    self._main_sig = None
                self._remove_stray_files(only_dead=True)
                self._tighten_permissions()
                self._sync()
                self._check_schema()
                self._opening = False
        except BaseException:
            os.close(self._lock_fd)
            raise

    def _resolve(self, path: Path, create: bool) -> Path:
        """The real file behind ``path``; a link to a folder that is not there is refused (a stick not plugged in)."""
        real = Path(os.path.realpath(path))
        if real != path.absolute() and path.is_symlink() and not real.parent.is_dir():
            raise StoreError(
                _(
                    "Die Datenbank {path} ist ein Verweis auf {target}, aber den Ordner {folder} gibt es nicht "
                    "(ist der USB-Stick oder das Netzlaufwerk verbunden?). Es wurde nichts angelegt."
                ).format(path=path, target=real, folder=real.parent)
            )
        return real

    def _open_private(self, path: Path, flags: int) -> int:
        """Open one of the store's own files, never through a symbolic link; 0600 when created."""
        try:
            return os.open(path, flags | _O_NOFOLLOW | _O_BINARY, 0o600)
        except OSError as error:
            if error.errno == errno.ELOOP or (error.errno == errno.EEXIST and path.is_symlink()):
                raise StoreError(self._symlink_message(path)) from None
            raise StoreError(
                _("Die Datenbank {path} kann nicht geöffnet werden: {reason}").format(path=path, reason=error.strerror)
            ) from None

    def _symlink_message(self, path: Path) -> str:
        return _(
            "{path} ist ein symbolischer Verweis. Die App folgt ihm nicht, damit keine fremde Datei verändert "
            "wird, und hat nichts geschrieben. Entfernen Sie den Verweis (die Datei, auf die er zeigt, bleibt "
            "unverändert) und starten Sie die App neu."
        ).format(path=path)

    # -- locking ---------------------------------------------------------------------------
    @contextmanager
    def _locked(self, exclusive: bool) -> Iterator[None]:
        wait = self.lock_wait_seconds
        deadline = None if wait is None else time.monotonic() + wait
        # Another thread of this process holding the store (the app's refresh waiting for the same lock)
        # counts against the same bound: the caller waits at most ``wait`` in all.
        if not self._thread_lock.acquire(timeout=-1 if wait is None else wait):
            raise StoreBusyError(self._busy_message())
        try:
            if self._depth == 0:
                self._acquire(exclusive, deadline)
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
        finally:
            self._thread_lock.release()

    def _acquire(self, exclusive: bool, deadline: float | None) -> None:
        """Take the process lock, waiting for another process until ``deadline`` (None: for as long as it takes)."""
        if deadline is None:
            _lock(self._lock_fd, exclusive)
            return
        pause = 0.0005
        while not _try_lock(self._lock_fd, exclusive):
            left = deadline - time.monotonic()
            if left <= 0:
                raise StoreBusyError(self._busy_message())
            # Short pauses first (another station's write takes about a millisecond), then at most 20 ms.
            time.sleep(min(pause, left))
            pause = min(pause * 2, 0.02)

    def _busy_message(self) -> str:
        return _(
            "Der Speicher ist gerade von einem anderen Programm belegt (einem zweiten Fenster der App, einem "
            "Import oder einer Ausgabe). Es wurde nichts gespeichert. Bitte gleich noch einmal versuchen."
        )

    @contextmanager
    def transaction(self) -> Iterator[dict[str, dict[str, dict[str, Any]]]]:
        """An all-or-nothing change under the exclusive lock (see the module's description).

        Yields the synchronised data. :meth:`commit` inside the block stages operations (applied in
        memory at once); the outermost block writes them as one fsynced journal line when it exits
        normally and undoes them when it raises. A failed fsync raises :class:`StoreError` with
        memory as before the block.
        """
        self._ensure_open()
        with self._locked(exclusive=True):
            outer = self._tx
            if outer is not None:  # a nested block joins the outer transaction, with a savepoint
                mark, max_ids = len(outer.undo), dict(self._max_id)
                ops_mark = len(outer.ops)
                try:
                    yield self._data
                except BaseException:
                    self._undo(outer, mark, max_ids)
                    del outer.ops[ops_mark:]
                    raise
                return
            self._sync()
            tx = self._tx = _Transaction()
            max_ids = dict(self._max_id)
            try:
                try:
                    yield self._data
                    self._write_line(tx.ops)
                except BaseException:
                    self._undo(tx, 0, max_ids)
                    raise
            finally:
                self._tx = None
            if tx.ops:
                self._generation += 1
            if tx.erase:
                self.erase_history()
            elif tx.compact:
                self.compact()
            elif self._journal_offset > self.compact_after_bytes and not self._bulk:
                self._compact_quietly()

    def _compact_quietly(self) -> None:
        try:
            self.compact()
        except StoreError:
            pass  # the transactions are safe in the journal; folding them in is tried again later

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many transactions in a row (an import in batches): fold the journal in once at the end, not every 8 MB.

        Each transaction inside is as durable as ever (its journal line is fsynced); only the rewrite
        of the main file waits, because rewriting a 60 MB store after every 8 MB of journal makes an
        import's cost grow with the square of its size.
        """
        self._bulk += 1
        try:
            yield
        finally:
            self._bulk -= 1
        if not self._bulk and not self._closed and self._journal_offset > self.compact_after_bytes:
            self._compact_quietly()

    # -- reading ---------------------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[dict[str, dict[str, dict[str, Any]]]]:
        """The synchronised data, held still (no thread or process changes it) inside the block."""
        self._ensure_open()
        with self._locked(exclusive=False):
            self._sync()
            yield self._data

    def read(self) -> dict[str, dict[str, dict[str, Any]]]:
        """All tables as a copy the caller may change (TinyDB's read; slow at scale, for tools).

        The store's own tables read through :meth:`table_snapshot` without copying documents.
        """
        with self.reading() as data:
            copied: dict[str, dict[str, dict[str, Any]]] = _loads(_dumps(data))  # several times faster than deepcopy
            return copied

    def document(self, name: str, doc_id: str) -> dict[str, Any] | None:
        """One document as stored (shared: do not change it), or None; call inside :meth:`reading`."""
        return self._data.one(name, doc_id)  # type: ignore[attr-defined, no-any-return]

    def table_snapshot(self, name: str) -> dict[str, dict[str, Any]]:
        """The documents of one table as they are now (a new dict; the documents themselves are shared)."""
        with self.reading() as data:
            return dict(data.get(name, {}))

    @property
    def generation(self) -> int:
        """A number that changes whenever the data changes (after a :meth:`refresh`)."""
        return self._generation

    def refresh(self) -> int:
        """Pick up what other processes wrote; returns :attr:`generation`.

        The app asks once a second: when the main file and the journal are as last read (inode, size,
        modification time; the journal's inode and size), nothing was written since and nothing is
        read or locked, two ``stat`` calls in all. Anything else (a grown journal, a torn tail, a new
        main file) synchronises under the lock as every read does.
        """
        with self._thread_lock:
            if self._unchanged_on_disk():
                return self._generation
        with self.reading():
            pass
        return self._generation

    def may_have_changed(self) -> bool:
        """Whether :meth:`refresh` may find something new: a peek that takes no lock and reads no file.

        Two ``stat`` calls, the same look :meth:`refresh` takes first, made without waiting for a write
        under way in this process (its own writes change :attr:`generation`, which the caller compares).
        True also when the look cannot be made (a missing file, an error): :meth:`refresh` then says
        what is wrong. False while a transaction of this process is open (nobody else can write then)
        or after an outside change (no refresh reads one), and once the store is closed.
        """
        if self._closed or self._tx is not None or self.outside_change is not None:
            return False
        try:
            return not self._unchanged_on_disk()
        except OSError:
            return True

    def _unchanged_on_disk(self) -> bool:
        if self._closed or self._tx is not None or self.outside_change is not None or self._main_sig is None:
            return False
        main = self._stat(self.path)
        if main is None or _signature(main) != self._main_sig:
            return False
        try:
            journal = os.lstat(self.journal_path)
        except FileNotFoundError:
            return self._journal_ino is None
        return journal.st_ino == self._journal_ino and journal.st_size == self._journal_offset

    def _stat(self, path: Path) -> os.stat_result | None:
        try:
            return os.stat(path)
        except FileNotFoundError:
            return None

    def _journal_stat(self) -> os.stat_result | None:
        try:
            st = os.lstat(self.journal_path)
        except FileNotFoundError:
            return None
        if stat_module.S_ISLNK(st.st_mode):
            raise StoreError(self._symlink_message(self.journal_path))
        return st

    def _sync(self) -> None:
        """Bring the in-memory data up to date with the files (caller holds the lock).

        Inside a transaction the data is already synchronised (the exclusive lock keeps other
        processes out) and holds the block's own writes; after an outside change memory keeps the
        app's version.
        """
        if self._tx is not None or self.outside_change is not None:
            return
        main = self._stat(self.path)
        if main is None:
            raise StoreCorruptError(
                _("Die Datenbank {path} ist verschwunden. Stellen Sie sie aus {backup} wieder her.").format(
                    path=self.path, backup=self.backup_path
                )
            )
        sig = _signature(main)
        if sig != self._main_sig:
            self._load_main(sig)
            if self.outside_change is not None:
                return
            self._journal_ino, self._journal_offset = None, 0
        journal = self._journal_stat()
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

    def _load_main(self, sig: Signature) -> None:
        try:
            fd = os.open(self.path, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY)
            with open(fd, "rb") as handle:
                raw = handle.read()
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise StoreError(self._symlink_message(self.path)) from None
            raise StoreError(
                _("Die Datenbank {path} kann nicht gelesen werden: {reason}").format(
                    path=self.path, reason=error.strerror
                )
            ) from None
        record = self._read_record()
        own = False  # the app wrote these bytes (msgspec): see _Tables.pick_ids
        if record is None:
            if self._opening:  # the first open by this version: what is there is the store
                try:
                    self._write_record({"main": self._describe(sig, raw)})
                except OSError:  # a read-only lock file: no record, no guard, nothing else lost
                    pass
        else:
            own = self._written_by_app(record, sig, raw)
            if not own and self._outside_change(sig, raw, record):
                return
        data: Any = None
        try:
            with _no_gc():
                data = _tables_decoder.decode(raw) if raw.strip() else None  # the outline: tables as bytes
        except msgspec.DecodeError:  # NaN and the like: the standard library reads it, all at once
            try:
                with _no_gc():
                    data = _loads(raw)
            except (ValueError, UnicodeDecodeError):
                data = None
        if not isinstance(data, dict) or not all(
            isinstance(t, dict) or (type(t) is msgspec.Raw and bytes(memoryview(t)[:1]) == b"{") for t in data.values()
        ):
            raise StoreCorruptError(self._corrupt_message())
        big = False
        for name, table in data.items():
            if type(table) is msgspec.Raw:
                if len(table) <= _SMALL_TABLE_BYTES:
                    data[name] = table.copy()  # out of the file's buffer
                else:
                    big = True
        self._data = _Tables(data, self._parse_table, file=raw if big else None, plain=own)
        del raw
        self._max_id = {name: _highest_id(table) for name, table in data.items() if isinstance(table, dict)}
        self._indexes.clear()
        self._main_sig = sig
        self._generation += 1

    def _parse_table(self, name: str, raw: msgspec.Raw) -> dict[str, Any]:
        """Parse one table of the main file, the first time it is used (see :class:`_Tables`)."""
        try:
            with _no_gc():
                try:
                    table = _decoder.decode(raw)
                except msgspec.DecodeError:
                    table = json.loads(bytes(raw))
        except (ValueError, UnicodeDecodeError):
            table = None
        if not isinstance(table, dict):
            raise StoreCorruptError(self._corrupt_message())
        self._max_id[name] = max(self._max_id.get(name, 0), _highest_id(table))
        return table

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

    def _journal_damaged(self, number: int) -> StoreCorruptError:
        return StoreCorruptError(
            _(
                "Das Journal {journal} der Datenbank {path} ist in Zeile {line} beschädigt; es wurde nichts "
                "verändert und nichts gelöscht. Beenden Sie alle Fenster der App und heben Sie beide Dateien auf. "
                "Wer auf die Änderungen seit dem letzten sauberen Beenden verzichten kann, benennt {journal} um; "
                "dann öffnet die App den Stand von {path}."
            ).format(journal=self.journal_path, path=self.path, line=number)
        )

    def _replay_journal(self) -> None:
        try:
            fd = os.open(self.journal_path, os.O_RDONLY | _O_NOFOLLOW | _O_BINARY)
        except FileNotFoundError:
            self._journal_ino, self._journal_offset = None, 0
            return
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise StoreError(self._symlink_message(self.journal_path)) from None
            raise
        with open(fd, "rb") as handle:
            before = handle.read(self._journal_offset)
            chunk = handle.read()
        first_line = before.count(b"\n") + 1
        offset = self._journal_offset
        lines = chunk.split(b"\n")
        lines.pop()  # bytes after the last newline: an append in progress or torn; never applied
        changed = False
        with _no_gc():
            for number, line in enumerate(lines, start=first_line):
                ops = _decode_line(line + b"\n")
                if ops is None:
                    raise self._journal_damaged(number)
                for op in ops:
                    self._apply(op, None)
                changed = True
                offset += len(line) + 1
        self._journal_offset = offset
        if changed:
            self._generation += 1

    # -- the outside-change guard -----------------------------------------------------------
    def _read_record(self) -> dict[str, Any] | None:
        """What the app last wrote as the main file (kept in the lock file), or None."""
        try:
            raw = os.pread(self._lock_fd, 65536, 0)
            record = json.loads(raw) if raw.strip() else None
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and isinstance(record.get("main"), dict) else None

    def _write_record(self, record: dict[str, Any], durable: bool = True) -> None:
        """Replace the lock file's record in one write; a reader in between sees the old or the new one."""
        payload = json.dumps(record).encode("ascii")
        size = os.fstat(self._lock_fd).st_size
        os.pwrite(self._lock_fd, payload.ljust(size), 0)  # JSON allows the trailing spaces
        if size > len(payload):
            os.ftruncate(self._lock_fd, len(payload))
        if durable:
            _fdatasync(self._lock_fd)

    @staticmethod
    def _describe(sig: Signature, raw: bytes) -> dict[str, Any]:
        return {"sig": list(sig), "size": len(raw), "crc": zlib.crc32(raw)}

    @staticmethod
    def _same_bytes(entry: Any, raw: bytes) -> bool:
        return isinstance(entry, dict) and entry.get("size") == len(raw) and entry.get("crc") == zlib.crc32(raw)

    def _written_by_app(self, record: dict[str, Any], sig: Signature, raw: bytes) -> bool:
        known = [entry for entry in (record.get("main"), record.get("next")) if isinstance(entry, dict)]
        if any(entry.get("sig") == list(sig) for entry in known):
            return True
        # Same bytes under a new signature: copied back, touched, or a file system that rounds times.
        return any(self._same_bytes(entry, raw) for entry in known)

    def _outside_change(self, sig: Signature, raw: bytes, record: dict[str, Any]) -> bool:
        """Another program wrote the main file. Returns True when the app must stop writing.

        At open: the file is adopted when nothing of the app's waits in the journal and no earlier
        incident is undecided, or when it is the app's own copy put back; otherwise the open is
        refused. While running: memory (the app's version) is saved beside the file, and writing stops.
        """
        journal = self._journal_stat()
        pending = journal is not None and journal.st_size > 0
        incident = record.get("outside") if isinstance(record.get("outside"), dict) else None
        copy_path: Path | None = None
        if incident is not None and incident.get("copy"):
            candidate = self.path.with_name(str(incident["copy"]))
            copy_path = candidate if candidate.exists() else None
        if self._opening:
            restored = incident is not None and self._same_bytes(incident, raw)
            if restored or (not pending and copy_path is None):
                # The journal, if any, was folded into the restored copy already: replaying it is harmless.
                try:
                    self._write_record({"main": self._describe(sig, raw)})
                except OSError:
                    pass
                return False
        else:
            # Memory holds the app's version: what it read from the main file plus the journal.
            try:
                if journal is not None and journal.st_size > self._journal_offset:
                    if journal.st_ino != self._journal_ino:
                        self._journal_offset = 0
                    self._replay_journal()
                copy_path, payload = self._write_app_copy()
                # The incident names the other program's file (sig) and the app's copy (its size and CRC).
                record["outside"] = {**self._describe(sig, payload), "sig": list(sig), "copy": copy_path.name}
                self._write_record(record)
            except (OSError, StoreError):
                copy_path = None
        if copy_path is not None:
            message = _(
                "Die Datei {path} wurde von einem anderen Programm geändert, während die App lief. Damit nichts "
                "verloren geht, speichert die App nichts mehr, bis Sie entschieden haben. Beide Stände sind "
                "erhalten: {path} enthält den Stand des anderen Programms, {copy} den Stand der App. Beenden Sie "
                "alle Fenster der App. Um den Stand der App zu behalten, kopieren Sie {copy} nach {path}. Um den "
                "Stand des anderen Programms zu behalten, legen Sie {copy} und {journal} (falls vorhanden) "
                "beiseite. Starten Sie danach die App neu."
            ).format(path=self.path, copy=copy_path, journal=self.journal_path)
        else:
            message = _(
                "Die Datei {path} wurde außerhalb der App geändert, während Änderungen der App noch in {journal} "
                "standen. Damit nichts verloren geht, schreibt die App nichts, bis Sie entschieden haben. Beide "
                "Stände sind erhalten: {path} enthält den Stand des anderen Programms, {journal} die Änderungen "
                "der App seit dem letzten Einarbeiten ({backup} ist die Fassung davor). Um den Stand in {path} zu "
                "behalten, beenden Sie alle Fenster der App, legen {journal} beiseite und starten die App neu."
            ).format(path=self.path, journal=self.journal_path, backup=self.backup_path)
        self.outside_change = message
        if self._opening:
            raise StoreChangedOutsideError(message)
        return True

    def _write_app_copy(self) -> tuple[Path, bytes]:
        """Save the app's version (memory) beside the main file, privately, under a name not yet used."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        payload = _dumps(self._data)
        for attempt in range(100):
            suffix = f"-{attempt}" if attempt else ""
            target = self.path.with_name(f"{self.path.name}.app-{stamp}{suffix}.json")
            try:
                fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o600)
            except FileExistsError:
                continue
            try:
                self._write_all(fd, payload)
                os.fsync(fd)
            finally:
                os.close(fd)
            _fsync_dir(self.path.parent)
            return target, payload
        raise StoreError(self._not_saved_message(OSError(errno.EEXIST, os.strerror(errno.EEXIST))))

    def _refuse_if_changed_outside(self) -> None:
        if self.outside_change is not None:
            raise StoreChangedOutsideError(self.outside_change)

    # -- writing ---------------------------------------------------------------------------
    def allocate_id(self, table: str) -> str:
        """A fresh document id for ``table`` (call inside :meth:`transaction`)."""
        assert self._depth and self._exclusive, "allocate_id needs the transaction lock"
        self._data.get(table)  # parsed first: its highest id is known then
        next_id = self._max_id.get(table, 0) + 1
        self._max_id[table] = next_id
        return str(next_id)

    def commit(self, ops: list[list[Any]]) -> None:
        """Stage ``ops`` in the open transaction and apply them in memory; inside :meth:`transaction`.

        Operations: ``["put", table, doc_id, document]``, ``["del", table, doc_id]``,
        ``["drop", table]``, ``["table", table]`` (create it empty if missing). They become durable,
        together with everything else in the transaction, when the outermost block exits.
        """
        assert self._depth and self._exclusive and self._tx is not None, "commit needs the transaction"
        if not ops:
            return
        self._refuse_if_changed_outside()
        if not _valid_ops(ops):
            raise ValueError(f"malformed store operations: {ops!r:.200}")
        tx = self._tx
        for op in ops:
            self._apply(op, tx.undo)
        tx.ops.extend(ops)

    def _write_line(self, ops: list[list[Any]]) -> None:
        """Append ``ops`` as one journal line and fsync it; on any failure the line is taken back."""
        if not ops:
            return
        line = _encode_line(ops)
        fd = None
        try:
            fd = os.open(self.journal_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND | _O_NOFOLLOW | _O_BINARY, 0o600)
            size = os.fstat(fd).st_size
            if size != self._journal_offset:
                # What lies past the last good line is a torn write of a crashed process.
                os.ftruncate(fd, self._journal_offset)
            written = os.write(fd, line)
            if written != len(line):  # disk full mid-write
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            _fdatasync(fd)
            st = os.fstat(fd)
        except BaseException as error:
            # Not durable, so not acknowledged: take the line back, so no reader ever applies it.
            if fd is not None:
                try:
                    os.ftruncate(fd, self._journal_offset)
                except OSError:
                    pass
                os.close(fd)
            if isinstance(error, OSError):
                if error.errno == errno.ELOOP:
                    raise StoreError(self._symlink_message(self.journal_path)) from None
                raise StoreError(self._not_saved_message(error)) from None
            raise
        os.close(fd)
        crashpoint("journal-fsync")
        if self._journal_ino != st.st_ino:
            _fsync_dir(self.path.parent)  # the journal file itself is new: make its name durable
            crashpoint("journal-folder-fsync")
            self._journal_ino = st.st_ino
        self._journal_offset += len(line)

    def _not_saved_message(self, error: OSError) -> str:
        return _(
            "Nicht gespeichert: {reason} ({path}). Bitte Speicherplatz und Schreibrechte prüfen; "
            "alles bisher Gespeicherte bleibt erhalten."
        ).format(reason=error.strerror or error, path=self.journal_path)

    def _apply(self, op: list[Any], undo: list[tuple[Any, ...]] | None) -> None:
        kind, table = op[0], op[1]
        if kind == "put":
            doc_id, doc = op[2], op[3]
            docs = self._data.get(table)
            created = docs is None
            if docs is None:
                docs = self._data[table] = {}
            old = docs.get(doc_id)
            docs[doc_id] = doc
            if undo is not None:
                undo.append(("doc", table, doc_id, old, created))
            if doc_id.isdigit() and int(doc_id) > self._max_id.get(table, 0):
                self._max_id[table] = int(doc_id)
            self._reindex(table, doc_id, old, doc)
        elif kind == "del":
            docs = self._data.get(table, {})
            old = docs.pop(op[2], None)
            if old is not None:
                if undo is not None:
                    undo.append(("doc", table, op[2], old, False))
                self._reindex(table, op[2], old, None)
        elif kind == "drop":
            old_table = self._data.pop(table, None)
            if undo is not None and old_table is not None:
                undo.append(("table", table, old_table))
            self._max_id.pop(table, None)  # as TinyDB's truncate: ids start again at 1
            self._drop_indexes(table)
        elif kind == "table":
            if table not in self._data:
                self._data[table] = {}
                if undo is not None:
                    undo.append(("new", table))

    def _undo(self, tx: _Transaction, mark: int, max_ids: dict[str, int]) -> None:
        """Put memory back as it was when ``tx.undo`` had ``mark`` entries; ids handed out stay used."""
        while len(tx.undo) > mark:
            entry = tx.undo.pop()
            if entry[0] == "doc":
                _kind, table, doc_id, old, created = entry
                docs = self._data.setdefault(table, {})
                current = docs.get(doc_id)
                if old is None:
                    docs.pop(doc_id, None)
                else:
                    docs[doc_id] = old
                self._reindex(table, doc_id, current, old)
                if created and not docs:
                    self._data.pop(table, None)
            elif entry[0] == "table":
                self._data[entry[1]] = entry[2]
                self._drop_indexes(entry[1])
            elif entry[0] == "new":
                if not self._data.get(entry[1]):
                    self._data.pop(entry[1], None)
        for table, highest in max_ids.items():
            self._max_id[table] = max(highest, self._max_id.get(table, 0))

    def write(self, data: dict[str, dict[str, dict[str, Any]]]) -> None:
        """TinyDB's generic write: make the store hold exactly ``data`` (journals only what differs; for tools)."""
        self._ensure_open()
        with self.transaction() as current:
            ops: list[list[Any]] = [["drop", name] for name in list(current) if name not in data]
            for name, table in data.items():
                old = current.get(name)
                if old is None:
                    ops.append(["table", name])
                    old = {}
                new = {str(doc_id): doc for doc_id, doc in table.items()}
                ops.extend(["del", name, doc_id] for doc_id in old if doc_id not in new)
                for doc_id, doc in new.items():
                    before = old.get(doc_id)
                    if before is None or (before is not doc and before != doc):
                        ops.append(["put", name, doc_id, copy.deepcopy(dict(doc))])
            self.commit(ops)

    # -- indexes ---------------------------------------------------------------------------
    # An index maps a field's value to the one id holding it (a str), or to a set when several do:
    # most indexed fields (codes, person ids of invitations) are nearly unique, and a set per value
    # would cost 200 bytes each.
    def lookup(self, table: str, field: str, value: Any) -> list[str]:
        """Ids of the documents in ``table`` whose ``field`` equals ``value`` (a kept index)."""
        with self.reading():
            return self._lookup(table, field, value)

    def _lookup(self, table: str, field: str, value: Any, ordered: bool = True) -> list[str]:
        """The ids (in id order, or as the index holds them when not ``ordered``); call inside :meth:`reading`."""
        index = self._indexes.get((table, field))
        if index is None:
            picked = self._data.pick_ids(table, field, value)  # type: ignore[attr-defined]
            if picked is not None:  # a big table still unread: found in its bytes
                return sorted(picked, key=_id_order)
            index = {}
            for doc_id, doc in self._data.get(table, {}).items():
                _index_add(index, doc.get(field), doc_id)
            self._indexes[(table, field)] = index
        if not _hashable(value):
            return []
        found = index.get(value)
        if found is None:
            return []
        if isinstance(found, str):
            return [found]
        return sorted(found, key=_id_order) if ordered else list(found)

    def _reindex(self, table: str, doc_id: str, old: dict[str, Any] | None, new: dict[str, Any] | None) -> None:
        if not self._indexes:
            return
        for (name, field_name), index in self._indexes.items():
            if name != table:
                continue
            if old is not None:
                _index_remove(index, old.get(field_name), doc_id)
            if new is not None:
                _index_add(index, new.get(field_name), doc_id)

    def _drop_indexes(self, table: str) -> None:
        for key in [k for k in self._indexes if k[0] == table]:
            del self._indexes[key]

    # -- compaction and files --------------------------------------------------------------
    def compact(self) -> None:
        """Fold the journal into the main file atomically, keeping the previous file as backup.

        Inside a transaction this waits until the transaction is written.
        """
        self._ensure_open()
        with self._locked(exclusive=True):
            if self._tx is not None:
                self._tx.compact = True
                return
            self._sync()
            self._refuse_if_changed_outside()
            if self._journal_stat() is None:
                return
            self._fold()

    def _fold(self) -> None:
        try:
            self._write_main(self._data)
        except OSError as error:  # the journal still holds everything; folding it in waits
            raise StoreError(self._not_saved_message(error)) from None
        try:
            os.unlink(self.journal_path)
        except FileNotFoundError:
            pass
        crashpoint("journal-unlink")
        _fsync_dir(self.path.parent)
        self._journal_ino, self._journal_offset = None, 0

    def erase_history(self) -> None:
        """Fold the journal in and leave no older copy (journal, backup, temporary file) holding erased data.

        Afterwards the folder holds the main file and a backup with the same content; every
        temporary file of the store is gone. Inside a transaction this waits until it is written.
        """
        self._ensure_open()
        with self._locked(exclusive=True):
            if self._tx is not None:
                self._tx.erase = True
                return
            self._sync()
            self._refuse_if_changed_outside()
            if self._journal_stat() is not None:
                self._fold()
            # Under the exclusive lock no live instance is writing one: every temporary file is stray.
            self._remove_stray_files(only_dead=False)
            self._remove_decided_app_copies()
            try:
                self._link_backup()
            except OSError:  # no hard links here: drop the backup rather than keep erased data in it
                self.backup_path.unlink(missing_ok=True)
            _fsync_dir(self.path.parent)
            crashpoint("folder-fsync")

    def _temporary(self, suffix: str) -> Path:
        return self.path.with_name(f".{self.path.name}.{os.getpid()}.{suffix}")

    def _clear_own_temporary(self, path: Path) -> None:
        """Remove a stale file under our own temporary name; refuse anything that is not a plain file."""
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            return
        if not stat_module.S_ISREG(st.st_mode):
            raise StoreError(self._symlink_message(path))
        path.unlink()

    def _write_main(self, data: dict[str, Any]) -> None:
        """Write ``data`` as the main file: temp file, fsync, record, keep backup, replace, fsync folder."""
        tmp = self._temporary("tmp")
        payload = _dumps(data)
        self._clear_own_temporary(tmp)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_BINARY, 0o600)
        except FileExistsError:  # planted between the check and the open
            raise StoreError(self._symlink_message(tmp)) from None
        try:
            self._write_all(fd, payload)
            os.fsync(fd)
            st = os.fstat(fd)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        os.close(fd)
        crashpoint("temp-fsync")
        new = {"sig": list(_signature(st)), "size": len(payload), "crc": zlib.crc32(payload)}
        # The record names the file in place now and the one about to replace it: a kill between the
        # two steps leaves a main file the record still knows.
        current = self._stat(self.path)
        known = self._read_record() or {}
        entries = [e for e in (known.get("main"), known.get("next")) if isinstance(e, dict)]
        main = None
        if current is not None:
            sig = list(_signature(current))
            main = next((e for e in entries if e.get("sig") == sig), {"sig": sig})
        try:
            self._write_record({"main": main, "next": new} if main else {"main": new})
            crashpoint("record-fsync")
            if self.path.exists():
                try:
                    self._link_backup()
                except OSError:  # filesystems without hard links: keep no backup rather than fail
                    self._temporary("bak").unlink(missing_ok=True)
            os.replace(tmp, self.path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        crashpoint("main-replace")
        _fsync_dir(self.path.parent)
        crashpoint("folder-fsync")
        self._write_record({"main": new}, durable=False)  # "next" already names this file
        self._main_sig = _signature(st)

    def _link_backup(self) -> None:
        backup_tmp = self._temporary("bak")
        self._clear_own_temporary(backup_tmp)
        os.link(self.path, backup_tmp)
        crashpoint("backup-link")
        try:
            os.replace(backup_tmp, self.backup_path)
        except OSError:
            backup_tmp.unlink(missing_ok=True)
            raise
        crashpoint("backup-replace")

    @staticmethod
    def _write_all(fd: int, payload: bytes) -> None:
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view) :]

    def _stray_files(self) -> Iterator[tuple[Path, int]]:
        pattern = re.compile(r"\." + re.escape(self.path.name) + r"\.(\d+)\.(?:tmp|bak)")
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if found and entry.is_file(follow_symlinks=False):
                yield Path(entry.path), int(found.group(1))

    def _remove_stray_files(self, only_dead: bool) -> None:
        """Temporary copies left by killed processes hold a full copy of the data: remove them."""
        removed = False
        for path, pid in self._stray_files():
            if only_dead and _pid_alive(pid) and pid != os.getpid():
                continue
            try:
                path.unlink()
            except OSError:
                continue
            removed = True
            crashpoint("stray-unlink")
        if removed:
            _fsync_dir(self.path.parent)

    def _remove_decided_app_copies(self) -> None:
        """Remove the app's copies saved at an outside change the user has decided (the record no longer
        names them): each holds a full copy of the data. The copy of an undecided incident stays."""
        record = self._read_record() or {}
        incident = record.get("outside")
        keep = str(incident.get("copy") or "") if isinstance(incident, dict) else ""
        pattern = re.compile(re.escape(self.path.name) + r"\.app-[0-9-]+\.json")
        try:
            entries = list(os.scandir(self.path.parent))
        except OSError:
            return
        for entry in entries:
            if pattern.fullmatch(entry.name) and entry.name != keep and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                crashpoint("app-copy-unlink")

    def _tighten_permissions(self) -> None:
        for path in (self.path, self.journal_path, self.lock_path, self.backup_path):
            try:
                fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
            except OSError:  # missing, or a link: never follow it
                continue
            try:
                st = os.fstat(fd)
                if stat_module.S_ISREG(st.st_mode) and st.st_mode & 0o077 and hasattr(os, "fchmod"):
                    os.fchmod(fd, 0o600)
            except OSError:
                pass
            finally:
                os.close(fd)

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

    def journal_is_large(self) -> bool:
        """Whether the close policy ``compact=None`` folds the journal in now (see :meth:`close`)."""
        journal = self._journal_stat()
        if journal is None or journal.st_size == 0:
            return False
        main = self._stat(self.path)
        main_size = main.st_size if main is not None else 0
        return main_size <= self.fold_small_store_bytes or journal.st_size >= self.fold_journal_ratio * main_size

    def close(self, compact: bool | None = True) -> None:
        """Release the store; what happens to the journal is the close policy.

        ``compact=True`` (the default; the TUI's clean exit): fold the journal into the main file,
        which is then a plain TinyDB file. ``compact=None`` (a CLI command): fold it in only when the
        main file is small (:attr:`fold_small_store_bytes`) or the journal has grown to
        :attr:`fold_journal_ratio` of it, so one check-in on a big store costs no rewrite.
        ``compact=False``: leave the journal (the next open replays it). After another program
        changed the main file nothing is folded in.
        """
        if self._closed:
            return
        try:
            if self.outside_change is None and compact is not False:
                with self._locked(exclusive=True):
                    self._sync()
                    if self.outside_change is None and (compact or self.journal_is_large()):
                        self.compact()
        finally:
            self._closed = True
            os.close(self._lock_fd)


def _hashable(value: Any) -> bool:
    return value is None or isinstance(value, (str, int, float, bool))


def _index_add(index: dict[Any, Any], key: Any, doc_id: str) -> None:
    if not _hashable(key):
        return
    found = index.get(key)
    if found is None:
        index[key] = doc_id
    elif isinstance(found, str):
        if found != doc_id:
            index[key] = {found, doc_id}
    else:
        found.add(doc_id)


def _index_remove(index: dict[Any, Any], key: Any, doc_id: str) -> None:
    if not _hashable(key):
        return
    found = index.get(key)
    if found is None:
        return
    if isinstance(found, str):
        if found == doc_id:
            del index[key]
        return
    found.discard(doc_id)
    if len(found) == 1:
        index[key] = next(iter(found))
    elif not found:
        del index[key]


def _highest_id(table: dict[str, Any]) -> int:
    """The highest numeric document id of a table (0 when it has none)."""
    try:
        return max(map(int, table), default=0)  # TinyDB's ids are all numbers: the fast way
    except ValueError:
        return max((int(k) for k in table if k.isdigit()), default=0)


def _id_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (0, doc_id)


if sys.platform == "win32":  # pragma: no cover - no pread/pwrite there
    JournaledStorage._read_record = lambda self: None  # type: ignore[method-assign]
    JournaledStorage._write_record = lambda self, record, durable: None  # type: ignore[method-assign]
