"""A second process that holds a store's lock: a real ``flock`` from another Python, not a mock.

It takes the lock file's exclusive lock, says "held" on its stdout, and lets go when told on its stdin;
a test waits on that pipe, never for a time.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

__all__ = ["LockHolder"]

HOLDER = textwrap.dedent(
    """
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("held", flush=True)
    sys.stdin.readline()  # let go
    fcntl.flock(fd, fcntl.LOCK_UN)
    print("released", flush=True)
    """
)


class LockHolder:
    """Holds the lock of the store at ``store_path`` from another process until :meth:`release` (or :meth:`stop`)."""

    def __init__(self, store_path: Path) -> None:
        lock_path = store_path.with_name(store_path.name + ".lock")
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(lock_path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        """Let go of the lock and wait until the other process has."""
        assert self.process.stdout is not None and self.process.stdin is not None
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        assert self.process.stdout.readline().strip() == "released"
        assert self.process.wait(timeout=60) == 0

    def stop(self) -> None:
        """End the other process if it still runs (a test that failed half-way)."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
