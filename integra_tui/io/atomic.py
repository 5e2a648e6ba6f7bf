"""Atomic file writes: a file appears under its name complete, or not at all.

The data goes to a hidden temporary file in the target folder (same file system), is flushed to
disk, and then renamed over the target with ``os.replace``. When anything fails, the temporary
file is removed and the target keeps its previous content.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = ["atomic_open", "temporary_name", "write_bytes_atomic", "write_text_atomic"]

TEMP_SUFFIX = ".part"


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


@contextlib.contextmanager
def atomic_open(target: Path | str, mode: str = "wb", **open_kwargs: Any) -> Iterator[IO[Any]]:
    """Open a temporary file to write ``target``; on a clean exit it replaces ``target``.

    ``mode`` is ``"wb"`` or ``"w"``; ``open_kwargs`` (encoding, newline) go to :func:`open`.
    """
    if mode not in ("w", "wb"):
        raise ValueError("atomic_open writes whole files: mode 'w' or 'wb'")
    target = Path(target)
    temporary = temporary_name(target)
    handle = open(temporary, mode.replace("w", "x"), **open_kwargs)  # noqa: SIM115
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


def write_bytes_atomic(target: Path | str, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically."""
    with atomic_open(target, "wb") as handle:
        handle.write(data)


def write_text_atomic(target: Path | str, text: str, *, encoding: str = "utf-8", newline: str = "") -> None:
    """Write ``text`` to ``target`` atomically (no newline translation unless ``newline`` says so)."""
    with atomic_open(target, "w", encoding=encoding, newline=newline) as handle:
        handle.write(text)
