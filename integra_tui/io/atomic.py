"""Atomic, private file writes: a file appears under its name complete, or not at all, readable only by its owner.

The data goes to a hidden temporary file in the target folder (same file system), is flushed to
disk, and then renamed over the target with ``os.replace``. When anything fails, the temporary
file is removed and the target keeps its previous content.

Exports hold personal data (names, sometimes refugee status): files are created 0600 and missing
folders 0700, like the store itself, unless the caller asks for another ``file_mode`` /
``folder_mode`` (the mode is set exactly, whatever the umask). The temporary file is created with
``O_EXCL | O_NOFOLLOW``, so a file or link planted under its name is never written through.

Many files at once (:func:`write_files_atomic`, a card per person) keep the same promise for each
file, but are flushed to disk together: a flush waits for the file system's journal, one after
the other that was two thirds of the time of 500 PNG cards; flushed side by side the journal
commits them in a few turns.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

__all__ = [
    "FILE_MODE",
    "FOLDER_MODE",
    "atomic_open",
    "temporary_name",
    "write_bytes_atomic",
    "write_files_atomic",
    "write_text_atomic",
]

TEMP_SUFFIX = ".part"

FILE_MODE = 0o600
"""Exported files: readable and writable by their owner only."""

FOLDER_MODE = 0o700
"""Folders created for exports: their owner's only."""


def temporary_name(target: Path) -> Path:
    """A fresh hidden name next to ``target`` for writing it (``.<name>.<random>.part``)."""
    return target.with_name(f".{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if os.name != "posix":
        return
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _make_folders(folder: Path, folder_mode: int) -> None:
    """Create ``folder`` and its missing parents, each with ``folder_mode``."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, folder_mode)
        except FileExistsError:
            continue
        os.chmod(path, folder_mode)  # exactly the mode asked for, whatever the umask


@contextlib.contextmanager
def atomic_open(
    target: Path | str,
    mode: str = "wb",
    *,
    file_mode: int = FILE_MODE,
    folder_mode: int = FOLDER_MODE,
    **open_kwargs: Any,
) -> Iterator[IO[Any]]:
    """Open a temporary file to write ``target``; on a clean exit it replaces ``target``.

    ``mode`` is ``"wb"`` or ``"w"``; ``open_kwargs`` (encoding, newline) go to :func:`open`. The file
    gets ``file_mode`` (0600: only its owner reads it); missing folders are created with ``folder_mode``.
    """
    if mode not in ("w", "wb"):
        raise ValueError("atomic_open writes whole files: mode 'w' or 'wb'")
    target = Path(target)
    _make_folders(target.parent, folder_mode)
    temporary = temporary_name(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(temporary, flags, file_mode)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, file_mode)  # exactly the mode asked for, whatever the umask
        handle = open(fd, mode, **open_kwargs)  # noqa: SIM115
    except BaseException:
        os.close(fd)
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _sync_folder(target.parent)


def write_bytes_atomic(
    target: Path | str, data: bytes, *, file_mode: int = FILE_MODE, folder_mode: int = FOLDER_MODE
) -> None:
    """Write ``data`` to ``target`` atomically (0600 unless ``file_mode`` says otherwise)."""
    with atomic_open(target, "wb", file_mode=file_mode, folder_mode=folder_mode) as handle:
        handle.write(data)


_PARALLEL_FLUSHES = 8
"""Flushes under way at once in :func:`write_files_atomic` (the journal commits them together)."""
_OPEN_FILES = 64
"""Files written and open, waiting for their flush, at most."""


def _flush_and_close(fd: int) -> None:
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_files_atomic(
    files: Iterable[tuple[Path, bytes]], *, file_mode: int = FILE_MODE, folder_mode: int = FOLDER_MODE
) -> None:
    """Write each ``(target, data)`` atomically, as :func:`write_bytes_atomic` does, flushing them side by side.

    Every file is written to its temporary name and flushed to disk while the next one is made
    (``files`` may be a generator that renders them); once all are on disk they are renamed in order
    and each folder is synced once. When making, writing or flushing one fails, the files before it
    are there, that one and those after it keep what they had, and no temporary file is left.
    """
    from concurrent.futures import Future, ThreadPoolExecutor

    written: list[tuple[Path, Path, Future[None]]] = []
    failure: BaseException | None = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    with ThreadPoolExecutor(_PARALLEL_FLUSHES, thread_name_prefix="flush") as pool:
        try:
            for target, data in files:
                _make_folders(target.parent, folder_mode)
                temporary = temporary_name(target)
                fd = os.open(temporary, flags, file_mode)
                try:
                    if hasattr(os, "fchmod"):
                        os.fchmod(fd, file_mode)  # exactly the mode asked for, whatever the umask
                    view = memoryview(data)
                    while view:
                        view = view[os.write(fd, view) :]
                except BaseException:
                    os.close(fd)
                    with contextlib.suppress(OSError):
                        temporary.unlink()
                    raise
                written.append((temporary, target, pool.submit(_flush_and_close, fd)))
                if len(written) > _OPEN_FILES:  # a bounded number of files open while they wait
                    written[-_OPEN_FILES - 1][2].exception()
        except BaseException as error:
            failure = error
        # Leaving the pool waits for every flush: each descriptor is closed before its file is renamed.
    # Every file in ``written`` was made before any failure of making one; in order up to a failed flush.
    folders: dict[Path, None] = {}
    broken: BaseException | None = None
    for temporary, target, flush in written:
        if broken is None:
            broken = flush.exception()
        if broken is None:
            try:
                os.replace(temporary, target)
                folders[target.parent] = None
                continue
            except OSError as error:
                broken = error
        with contextlib.suppress(OSError):
            temporary.unlink()
    for folder in folders:
        _sync_folder(folder)
    if failure is not None:  # what stopped the making (an interrupt, too) comes first
        raise failure
    if broken is not None:
        raise broken


def write_text_atomic(
    target: Path | str,
    text: str,
    *,
    encoding: str = "utf-8",
    newline: str = "",
    file_mode: int = FILE_MODE,
    folder_mode: int = FOLDER_MODE,
) -> None:
    """Write ``text`` to ``target`` atomically (no newline translation unless ``newline`` says so; 0600)."""
    with atomic_open(
        target, "w", encoding=encoding, newline=newline, file_mode=file_mode, folder_mode=folder_mode
    ) as handle:
        handle.write(text)
